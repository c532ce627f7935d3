"""Content-addressed storage for the farm: ``s3://bucket/prefix`` (any S3-compatible endpoint,
through boto3) or ``file:///shared/folder``.

Interface shared by the farm's tasks (farm/tasks.py) and the desktop side (session/farm.py).
Objects are named by the sha256 of their bytes (``objects/ab/abcdef...``), uploaded once, and
verified on download; results are small pointers keyed by the hash of a task's inputs
(``results/<input hash>`` -> the output's sha256), which makes tasks idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from ..jobs import CancelToken

ProgressFn = Callable[[int, int], None]  # bytes done, bytes total


class Storage(Protocol):
    url: str  # as given, without credentials

    def has(self, digest: str) -> bool: ...

    def put_file(
        self,
        path: str | Path,
        digest: str | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> str:
        """Upload ``path`` unless an object of its sha256 is there already; return the sha256."""
        ...

    def get_file(
        self,
        digest: str,
        dest: str | Path,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> Path:
        """Download the object ``digest`` to ``dest`` atomically (temp + rename), verified."""
        ...

    def put_result(self, key: str, digest: str) -> None:
        """Record that the task with input hash ``key`` produced the object ``digest``."""
        ...

    def get_result(self, key: str) -> str | None: ...

    def presign(self, digest: str, expires_s: int, filename: str = "") -> str:
        """A link to download the object (s3: a presigned URL; file: a file:// URL)."""
        ...


def open_storage(url: str) -> Storage:
    """The storage named by ``url``; credentials come from settings/keyring or the standard
    AWS variables, never from the URL in logs. BadInputError for an unusable URL."""
    raise NotImplementedError  # filled in by the storage work
