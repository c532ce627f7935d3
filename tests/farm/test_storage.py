"""The farm's content-addressed storage against a real S3-compatible server (moto, on
127.0.0.1, authentication on) and the file:// backend."""

from __future__ import annotations

import hashlib
import logging
import os
import urllib.request
from pathlib import Path

import pytest
from farm_helpers import MotoS3, StorageCase, free_port

from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.farm.storage import (
    CorruptObjectError,
    StorageAuthError,
    StorageError,
    StorageNotFoundError,
    open_storage,
    sha256_file,
)
from shortvid_desktop.jobs import Cancelled, CancelToken


def write_bytes(path: Path, size: int, seed: int = 1) -> Path:
    """``size`` bytes of a fixed pseudo-random pattern (not compressible, reproducible)."""
    block = hashlib.sha256(str(seed).encode()).digest() * 2048  # 64 KiB
    with open(path, "wb") as fh:
        left = size
        i = 0
        while left > 0:
            piece = hashlib.sha256(block + i.to_bytes(4, "big")).digest() + block[32:]
            fh.write(piece[:left])
            left -= len(piece[:left])
            i += 1
    return path


def corrupt(case: StorageCase, s3: MotoS3 | None, digest: str) -> None:
    where = case.raw_path(digest)
    if case.kind == "file":
        assert isinstance(where, Path)
        data = bytearray(where.read_bytes())
        data[len(data) // 2] ^= 0xFF
        where.write_bytes(bytes(data))
        return
    import boto3

    assert s3 is not None
    bucket, key = where  # type: ignore[misc]
    boto3.client(
        "s3",
        endpoint_url=s3.endpoint,
        region_name="us-east-1",
        aws_access_key_id=s3.access_key_id,
        aws_secret_access_key=s3.secret_access_key,
    ).put_object(Bucket=bucket, Key=key, Body=b"not the bytes that were uploaded")


def test_put_once_second_put_uploads_nothing(farm_storage: StorageCase, tmp_path: Path) -> None:
    src = write_bytes(tmp_path / "a.bin", 200_000)
    store = farm_storage.open()
    digest = store.put_file(src)
    assert digest == hashlib.sha256(src.read_bytes()).hexdigest()
    assert store.uploads == 1 and store.has(digest)

    again = farm_storage.open()  # another client (another machine) sees it too
    seen: list[tuple[int, int]] = []
    assert again.put_file(src, progress=lambda d, t: seen.append((d, t))) == digest
    assert again.uploads == 0
    assert seen == [(200_000, 200_000)]  # done at once
    if farm_storage.kind == "s3":
        assert again.requests == 2  # the bucket check and one HEAD, no PUT
    assert not again.has("0" * 64)


def test_multipart_upload_reports_progress_and_downloads_verified(
    farm_storage: StorageCase, tmp_path: Path
) -> None:
    size = 9 * 1024 * 1024 + 12_345  # over the 8 MiB multipart threshold
    src = write_bytes(tmp_path / "big.bin", size, seed=2)
    store = farm_storage.open()
    seen: list[tuple[int, int]] = []
    digest = store.put_file(src, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (size, size)
    assert all(t == size for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    if farm_storage.kind == "s3":
        head = store._client.head_object(  # type: ignore[attr-defined]
            Bucket=store.bucket,  # type: ignore[attr-defined]
            Key=f"jobs/objects/{digest[:2]}/{digest}",
        )
        assert head["ETag"].strip('"').endswith("-2")  # two parts

    got: list[tuple[int, int]] = []
    out = farm_storage.open().get_file(
        digest, tmp_path / "out" / "big.bin", progress=lambda d, t: got.append((d, t))
    )
    assert got[-1] == (size, size)
    assert sha256_file(out) == digest
    assert sorted(p.name for p in out.parent.iterdir()) == ["big.bin"]  # no temp left


def test_corrupt_object_is_an_error_naming_the_digest(
    farm_storage: StorageCase, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    src = write_bytes(tmp_path / "c.bin", 50_000, seed=3)
    store = farm_storage.open()
    digest = store.put_file(src)
    s3 = request.getfixturevalue("moto_s3") if farm_storage.kind == "s3" else None
    corrupt(farm_storage, s3, digest)
    dest = tmp_path / "got" / "c.bin"
    with pytest.raises(CorruptObjectError) as info:
        store.get_file(digest, dest)
    assert digest in str(info.value) and "corrupt" in str(info.value)
    assert not dest.exists()
    assert not any(dest.parent.iterdir())  # the partial download was removed


def test_presigned_link_downloads_the_bytes(
    farm_storage_presignable: StorageCase, tmp_path: Path
) -> None:
    farm_storage = farm_storage_presignable
    src = write_bytes(tmp_path / "v.mp4", 30_000, seed=4)
    store = farm_storage.open()
    digest = store.put_file(src)
    link = store.presign(digest, expires_s=600, filename="my video.mp4")
    assert link.startswith("file://" if farm_storage.kind == "file" else "http://127.0.0.1:")
    with urllib.request.urlopen(link, timeout=10) as resp:
        assert resp.read() == src.read_bytes()
    with pytest.raises(StorageNotFoundError):
        store.presign("1" * 64, expires_s=600)


def test_results_are_pointers_by_key(farm_storage: StorageCase, tmp_path: Path) -> None:
    store = farm_storage.open()
    key = "ab" * 32
    assert store.get_result(key) is None
    store.put_result(key, "c" * 64)
    assert farm_storage.open().get_result(key) == "c" * 64
    with pytest.raises(BadInputError):
        store.put_result("../../etc/passwd", "c" * 64)
    with pytest.raises(BadInputError):
        store.get_file("../x", tmp_path / "x")


def test_cancel_stops_an_upload_between_parts(farm_storage: StorageCase, tmp_path: Path) -> None:
    src = write_bytes(tmp_path / "big.bin", 17 * 1024 * 1024, seed=5)
    store = farm_storage.open()
    cancel = CancelToken()

    def progress(done: int, total: int) -> None:
        if done > 0:
            cancel.cancel()

    digest = sha256_file(src)
    with pytest.raises(Cancelled):
        store.put_file(src, digest=digest, progress=progress, cancel=cancel)
    assert not farm_storage.open().has(digest)


def test_wrong_secret_fails_fast_with_a_clear_message(
    moto_s3: MotoS3, caplog: pytest.LogCaptureFixture
) -> None:
    bucket = moto_s3.new_bucket()
    wrong = "Wr0ngSecretValue/ForThisKey+123456"
    caplog.set_level(logging.DEBUG)
    store = open_storage(
        f"s3://{bucket}/x",
        endpoint_url=moto_s3.endpoint,
        access_key_id=moto_s3.access_key_id,
        secret_access_key=wrong,
    )
    with pytest.raises(StorageAuthError) as info:
        store.has("a" * 64)
    text = str(info.value)
    assert f"s3://{bucket}/x" in text and "refused the credentials" in text
    assert "shortvid keys set s3" in text
    assert store.requests == 1  # no retry loop
    assert wrong not in text and wrong not in caplog.text
    assert moto_s3.secret_access_key not in caplog.text


def test_unknown_access_key_fails_fast(moto_s3: MotoS3, tmp_path: Path) -> None:
    bucket = moto_s3.new_bucket()
    store = open_storage(
        f"s3://{bucket}",
        endpoint_url=moto_s3.endpoint,
        access_key_id="AKIANOSUCHKEY0000000",
        secret_access_key="whatever-secret-0000",
    )
    with pytest.raises(StorageAuthError, match="refused the credentials"):
        store.put_file(write_bytes(tmp_path / "a.bin", 10))
    assert store.requests == 1


def test_missing_bucket_and_unreachable_endpoint(moto_s3: MotoS3) -> None:
    store = open_storage(
        "s3://no-such-bucket-here",
        endpoint_url=moto_s3.endpoint,
        access_key_id=moto_s3.access_key_id,
        secret_access_key=moto_s3.secret_access_key,
    )
    with pytest.raises(StorageNotFoundError, match="bucket no-such-bucket-here does not exist"):
        store.has("a" * 64)

    port = free_port()  # nothing listens there
    dead = open_storage(
        "s3://some-bucket",
        endpoint_url=f"http://127.0.0.1:{port}",
        access_key_id=moto_s3.access_key_id,
        secret_access_key=moto_s3.secret_access_key,
        retries=2,
        connect_timeout=2,
    )
    with pytest.raises(StorageError) as info:
        dead.has("a" * 64)
    assert f"http://127.0.0.1:{port}" in str(info.value) and "cannot be reached" in str(info.value)
    assert dead.requests <= 2 * 3  # our 2 attempts x botocore's 3, then it stops
    assert moto_s3.secret_access_key not in str(info.value)


def test_credentials_from_the_standard_environment(
    moto_s3: MotoS3, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bucket = moto_s3.new_bucket()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", moto_s3.access_key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", moto_s3.secret_access_key)
    monkeypatch.setenv("SHORTVID_S3_ENDPOINT", moto_s3.endpoint)
    store = open_storage(f"s3://{bucket}/w")
    digest = store.put_file(write_bytes(tmp_path / "e.bin", 1000))
    assert store.has(digest)
    # explicit arguments win over the environment
    wrong = open_storage(
        f"s3://{bucket}/w",
        access_key_id=moto_s3.access_key_id,
        secret_access_key="explicit-but-wrong-000",
    )
    with pytest.raises(StorageAuthError):
        wrong.has(digest)


@pytest.mark.parametrize(
    "url, words",
    [
        ("s3://AKIA123:secret@bucket/x", "credentials"),
        ("s3://bucket/x?secret=1", "credentials"),
        ("ftp://host/x", "Unknown storage"),
        ("file://relative/folder", "mounted share"),
        ("s3://Bad_Bucket/x", "not an S3 bucket name"),
    ],
)
def test_unusable_urls_are_refused_plainly(url: str, words: str) -> None:
    with pytest.raises(BadInputError, match=words) as info:
        open_storage(url, endpoint_url="http://127.0.0.1:1")
    assert "secret" not in str(info.value).replace("credentials", "")


def test_missing_share_folder(tmp_path: Path) -> None:
    with pytest.raises(StorageNotFoundError, match="not mounted"):
        open_storage((tmp_path / "nope").as_uri())


def test_file_storage_writes_are_atomic(tmp_path: Path) -> None:
    root = tmp_path / "share"
    root.mkdir()
    store = open_storage(root.as_uri())
    src = write_bytes(tmp_path / "a.bin", 3 * 1024 * 1024 + 1, seed=7)
    seen: list[str] = []

    def look(done: int, total: int) -> None:  # while writing: nothing under the final name
        seen.extend(p.name for p in (root / "objects").rglob("*") if p.is_file())

    digest = store.put_file(src, progress=look)
    assert seen and all(name.startswith(".") and "partial" in name for name in seen)
    assert [p.name for p in (root / "objects" / digest[:2]).iterdir()] == [digest]
    assert os.path.getsize(root / "objects" / digest[:2] / digest) == src.stat().st_size


def test_a_share_gone_for_a_moment_is_storage_trouble_not_a_missing_object(
    tmp_path: Path,
) -> None:
    """file://: a share that is not mounted for a moment (its folder gone) fails downloads and
    uploads with a StorageError the farm's tasks retry (with backoff), not "no such object"
    (which they do not retry); once it is back, the same calls work."""
    from shortvid_desktop.farm.storage import StorageError
    from shortvid_desktop.farm.tasks import _is_storage_trouble

    root = tmp_path / "share"
    root.mkdir()
    store = open_storage(root.as_uri())
    src = write_bytes(tmp_path / "a.bin", 200_000, seed=3)
    digest = store.put_file(src)
    away = tmp_path / "unmounted"
    root.rename(away)
    try:
        for call in (
            lambda: store.get_file(digest, tmp_path / "got.bin"),
            lambda: store.put_file(write_bytes(tmp_path / "b.bin", 1000, seed=4)),
            lambda: store.put_result("ab" * 16, digest),
        ):
            with pytest.raises(StorageError, match="mounted|storage") as err:
                call()
            assert not isinstance(err.value, StorageNotFoundError)
            assert _is_storage_trouble(err.value)
        assert not root.exists()  # nothing was made where the share belongs
    finally:
        away.rename(root)
    got = store.get_file(digest, tmp_path / "got.bin")
    assert got.read_bytes() == src.read_bytes()
    with pytest.raises(StorageNotFoundError):  # a really missing object stays that
        store.get_file("0" * 64, tmp_path / "none.bin")
