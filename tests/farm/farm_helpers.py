"""Helpers of the farm tests (the fixtures are in conftest.py)."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_answers(url: str, proc: subprocess.Popen[bytes], deadline_s: float = 30) -> None:
    """Poll ``url`` until it answers (any HTTP status), the process dies, or the deadline."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode} before answering")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {deadline_s:.0f} s")


@dataclass
class MotoS3:
    endpoint: str
    access_key_id: str
    secret_access_key: str
    _names: Iterator[int]

    def new_bucket(self) -> str:
        import boto3

        name = f"farm-test-{next(self._names)}"
        boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=self.access_key_id,
            aws_secret_access_key=self.secret_access_key,
        ).create_bucket(Bucket=name)
        return name


@dataclass
class StorageCase:
    """One storage to test and how to make it again (a second client of the same place)."""

    kind: str  # "file" or "s3"
    url: str
    open: Callable[..., object]  # open(**overrides) -> a new Storage of the same place
    raw_path: Callable[[str], object]  # where object bytes live (for corrupting them)
