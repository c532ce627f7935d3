"""Real servers for the farm tests, started on 127.0.0.1 by the tests themselves.

- ``moto_s3_server`` (session): moto's standalone S3-compatible server on a random free port,
  with authentication ON (``INITIAL_NO_AUTH_ACTION_COUNT``): the first three calls create an IAM
  user, its access key and an allow-s3 policy; from then on every request is signed and checked,
  so wrong credentials get the real 403 / InvalidAccessKeyId.
- ``farm_storage`` (parametrized ``file`` / ``s3``): a fresh storage per test, a new folder or a
  new bucket, for tests that must hold for both backends.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from farm_helpers import MotoS3, StorageCase, free_port, wait_until_answers

pytest.importorskip("boto3")
pytest.importorskip("moto")


def start_moto_server(log: Path, auth: bool) -> Iterator[MotoS3]:
    """moto's standalone server on a free port of 127.0.0.1 until the generator is closed.
    With ``auth`` every request after the three that create the IAM user, its key and its
    policy is signed and checked (moto then cannot serve presigned links: it reads only the
    Authorization header); without, any credentials pass."""
    import boto3

    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    exe = Path(sys.executable).with_name("moto_server")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "moto.server"]
    env = dict(os.environ)
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        env.pop(var, None)
    if auth:
        env["INITIAL_NO_AUTH_ACTION_COUNT"] = "3"
    else:
        env.pop("INITIAL_NO_AUTH_ACTION_COUNT", None)
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [*cmd, "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        wait_until_answers(f"{endpoint}/moto-api/", proc)
        iam = boto3.client(
            "iam",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="bootstrap",
            aws_secret_access_key="bootstrap",
        )
        iam.create_user(UserName="farm")
        key = iam.create_access_key(UserName="farm")["AccessKey"]
        policy = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
        }
        iam.put_user_policy(UserName="farm", PolicyName="s3", PolicyDocument=json.dumps(policy))
        yield MotoS3(endpoint, key["AccessKeyId"], key["SecretAccessKey"], itertools.count(1))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def moto_s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoS3]:
    """moto with authentication on (wrong credentials get the real 403/InvalidAccessKeyId)."""
    yield from start_moto_server(tmp_path_factory.mktemp("moto") / "moto.log", auth=True)


@pytest.fixture(scope="session")
def moto_s3_server_open(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoS3]:
    """moto without authentication: for presigned links, which moto's auth mode cannot serve."""
    yield from start_moto_server(tmp_path_factory.mktemp("moto") / "moto-open.log", auth=False)


def _clean_aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_ENDPOINT_URL",
        "SHORTVID_S3_ENDPOINT",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)


@pytest.fixture
def moto_s3_open(moto_s3_server_open: MotoS3, monkeypatch: pytest.MonkeyPatch) -> MotoS3:
    _clean_aws_env(monkeypatch)
    return moto_s3_server_open


@pytest.fixture
def moto_s3(moto_s3_server: MotoS3, monkeypatch: pytest.MonkeyPatch) -> MotoS3:
    """The session's moto server (auth on), with no AWS_* variables of the machine leaking in."""
    _clean_aws_env(monkeypatch)
    return moto_s3_server


def storage_case(kind: str, tmp_path: Path, s3: MotoS3 | None) -> StorageCase:
    from shortvid_desktop.farm.storage import object_key, open_storage

    if kind == "file":
        root = tmp_path / "share"
        root.mkdir()
        url = root.as_uri()
        return StorageCase(
            "file", url, lambda **kw: open_storage(url), lambda d: root / object_key(d)
        )
    assert s3 is not None
    bucket = s3.new_bucket()
    url = f"s3://{bucket}/jobs"

    def make(**kw: object) -> object:
        args = {
            "endpoint_url": s3.endpoint,
            "access_key_id": s3.access_key_id,
            "secret_access_key": s3.secret_access_key,
            "retries": 2,
            "connect_timeout": 5,
            "read_timeout": 20,
        }
        args.update(kw)
        return open_storage(url, **args)

    return StorageCase("s3", url, make, lambda d: (bucket, f"jobs/{object_key(d)}"))


@pytest.fixture(params=["file", "s3"])
def farm_storage(request: pytest.FixtureRequest, tmp_path: Path) -> StorageCase:
    """A fresh storage: a folder (file://) or a new bucket on moto with auth on (s3://)."""
    s3 = request.getfixturevalue("moto_s3") if request.param == "s3" else None
    return storage_case(request.param, tmp_path, s3)


@pytest.fixture(params=["file", "s3"])
def farm_storage_presignable(request: pytest.FixtureRequest, tmp_path: Path) -> StorageCase:
    """Like farm_storage, but s3:// on moto without auth, which can serve presigned links."""
    s3 = request.getfixturevalue("moto_s3_open") if request.param == "s3" else None
    return storage_case(request.param, tmp_path, s3)
