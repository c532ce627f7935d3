"""Content-addressed storage for the farm: ``s3://bucket/prefix`` (any S3-compatible endpoint,
through boto3) or ``file:///shared/folder``.

Interface shared by the farm's tasks (farm/tasks.py) and the desktop side (session/farm.py).
Objects are named by the sha256 of their bytes (``objects/ab/abcdef...``), uploaded once, and
verified on download; results are small pointers keyed by the hash of a task's inputs
(``results/<input hash>`` -> the output's sha256), which makes tasks idempotent.

Credentials: ``open_storage`` takes them as arguments (the desktop's session passes what the
settings and the keyring hold); without them boto3's standard chain is used (the ``AWS_*``
environment variables on workers). The endpoint comes from the argument, else
``SHORTVID_S3_ENDPOINT``, else ``AWS_ENDPOINT_URL``. Credentials never appear in ``url``, in
messages or in logs (``secrets.redact`` knows them from the moment they are used).

boto3 is imported only when an ``s3://`` storage is opened, so the app works without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import random
import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from ..core.errors import BadInputError, ShortVidError
from ..jobs import Cancelled, CancelToken
from ..secrets import redact, remember_secret

ProgressFn = Callable[[int, int], None]  # bytes done, bytes total

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
MULTIPART_THRESHOLD = 8 * 1024 * 1024  # files above this go up in parts ...
MULTIPART_CHUNK = 8 * 1024 * 1024  # ... of this size
DEFAULT_DEADLINE_S = 3600.0  # one operation (a transfer with its retries) ends by then
DEFAULT_CONNECT_TIMEOUT_S = 10.0
DEFAULT_READ_TIMEOUT_S = 60.0
DEFAULT_RETRIES = 4  # our own attempts on connection errors (botocore retries throttling too)
ENV_ENDPOINT = "SHORTVID_S3_ENDPOINT"

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_RESULT_KEY = re.compile(r"^[0-9a-f]{16,128}$")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$")


class StorageError(ShortVidError):
    """The storage failed (unreachable, refused, missing); the message names its URL."""


class StorageAuthError(StorageError):
    """The storage refused the credentials (retrying cannot help)."""


class StorageNotFoundError(StorageError):
    """A bucket, folder or object that is not there."""


class CorruptObjectError(StorageError):
    """An object whose bytes do not hash to its name."""


# --------------------------------------------------------------------------- helpers
def check_digest(digest: str, what: str = "object") -> str:
    """``digest`` if it is a lower-case sha256 in hex; BadInputError naming it otherwise."""
    if not isinstance(digest, str) or not _SHA256.match(digest):
        raise BadInputError(f"Not a sha256 {what} name: {str(digest)[:80]!r}")
    return digest


def check_result_key(key: str) -> str:
    if not isinstance(key, str) or not _RESULT_KEY.match(key):
        raise BadInputError(f"Not a result key (16-128 hex digits): {str(key)[:80]!r}")
    return key


def sha256_file(
    path: str | os.PathLike[str],
    on_chunk: Callable[[int], None] | None = None,
    cancel: CancelToken | None = None,
) -> str:
    """The sha256 of a file's bytes (the farm's object names; assets carry BLAKE2b)."""
    h = hashlib.sha256()
    done = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            if cancel is not None:
                cancel.raise_if_cancelled()
            h.update(chunk)
            done += len(chunk)
            if on_chunk is not None:
                on_chunk(done)
    return h.hexdigest()


def public_url(url: str) -> str:
    """``url`` without user info, query or fragment: what may be printed."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "<unreadable URL>"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def object_key(digest: str) -> str:
    return f"objects/{digest[:2]}/{digest}"


def _temp_beside(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.partial-{os.getpid()}-{random.randrange(1 << 30):x}")


class _Meter:
    """Progress in bytes (thread-safe: boto3 reports from its transfer threads) that also
    stops a transfer on cancel or at the deadline, between parts/chunks."""

    def __init__(
        self,
        total: int,
        progress: ProgressFn | None,
        cancel: CancelToken | None,
        deadline: float,
        what: str,
    ) -> None:
        self.total = total
        self.done = 0
        self.progress = progress
        self.cancel = cancel
        self.deadline = deadline
        self.what = what
        self._lock = threading.Lock()

    def add(self, n: int) -> None:
        with self._lock:
            self.done += n
            done = self.done
        if self.cancel is not None and self.cancel.cancelled:
            raise Cancelled()
        if time.monotonic() > self.deadline:
            raise StorageError(f"{self.what} did not finish in time (the deadline passed)")
        if self.progress is not None:
            self.progress(min(done, self.total), self.total)

    def reset(self) -> None:
        with self._lock:
            self.done = 0


# --------------------------------------------------------------------------- protocol
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


# --------------------------------------------------------------------------- file://
class FileStorage:
    """A folder (local or a mounted share): ``objects/ab/<sha256>``, ``results/<key>``.
    Every write goes to a temp file in the target's folder, then ``os.replace`` (atomic on one
    file system, so readers on other machines never see half an object)."""

    def __init__(self, root: str | Path, url: str = "") -> None:
        self.root = Path(root)
        self.url = url or self.root.as_uri()
        self.uploads = 0  # objects actually written (tests, statistics)
        if not self.root.is_dir():
            raise StorageNotFoundError(
                f"The storage folder {self.root} does not exist (or is not mounted): create it "
                "or mount the share, then try again."
            )

    def _path(self, digest: str) -> Path:
        check_digest(digest)
        return self.root / "objects" / digest[:2] / digest

    def _check_root(self) -> None:
        """StorageError (worth trying again: a share comes back) when the folder is gone."""
        if not self.root.is_dir():
            raise StorageError(
                f"The storage folder {self.root} is not there now (is the share mounted?)"
            )

    def has(self, digest: str) -> bool:
        return self._path(digest).is_file()

    def _copy(
        self,
        src: Path,
        dest: Path,
        expect: str | None,
        progress: ProgressFn | None,
        cancel: CancelToken | None,
        what: str,
    ) -> str:
        total = src.stat().st_size
        meter = _Meter(total, progress, cancel, time.monotonic() + DEFAULT_DEADLINE_S, what)
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = _temp_beside(dest)
        h = hashlib.sha256()
        try:
            with open(src, "rb") as fin, open(tmp, "wb") as fout:
                while chunk := fin.read(CHUNK):
                    h.update(chunk)
                    fout.write(chunk)
                    meter.add(len(chunk))
                fout.flush()
                os.fsync(fout.fileno())
            got = h.hexdigest()
            if expect is not None and got != expect:
                raise CorruptObjectError(
                    f"The object {expect} in {self.url} is corrupt: its bytes hash to {got}. "
                    "Delete it from the storage and upload the file again."
                    if what.startswith("download")
                    else f"{src} changed while it was uploaded (sha256 {got}, expected "
                    f"{expect}); try again."
                )
            os.replace(tmp, dest)
            if progress is not None and total == 0:
                progress(0, 0)
            return got
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()

    def put_file(
        self,
        path: str | Path,
        digest: str | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> str:
        src = Path(path)
        digest = check_digest(digest) if digest else sha256_file(src, cancel=cancel)
        target = self._path(digest)
        self._check_root()  # not a new objects/ folder inside an unmounted share's mount point
        if target.is_file():
            if progress is not None:
                size = target.stat().st_size
                progress(size, size)
            return digest
        try:
            self._copy(src, target, digest, progress, cancel, f"uploading {src.name}")
        except OSError as exc:
            raise StorageError(
                f"Could not write to the storage {self.url}: {exc.strerror or exc}"
            ) from None
        self.uploads += 1
        return digest

    def get_file(
        self,
        digest: str,
        dest: str | Path,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> Path:
        src = self._path(digest)
        if not src.is_file():
            self._check_root()
            raise StorageNotFoundError(f"The object {digest} is not in the storage {self.url}")
        dest = Path(dest)
        try:
            self._copy(src, dest, digest, progress, cancel, f"downloading {digest}")
        except OSError as exc:  # the share went away mid-copy, an I/O error
            raise StorageError(
                f"Could not read the object {digest} from the storage {self.url}: "
                f"{exc.strerror or exc}"
            ) from None
        return dest

    def put_result(self, key: str, digest: str) -> None:
        check_result_key(key)
        check_digest(digest)
        target = self.root / "results" / key
        try:
            self._check_root()
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = _temp_beside(target)
            tmp.write_text(digest, encoding="ascii")
            os.replace(tmp, target)
        except OSError as exc:
            raise StorageError(
                f"Could not write to the storage {self.url}: {exc.strerror or exc}"
            ) from None

    def get_result(self, key: str) -> str | None:
        check_result_key(key)
        try:
            text = (self.root / "results" / key).read_text(encoding="ascii").strip()
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        return text if _SHA256.match(text) else None

    def presign(self, digest: str, expires_s: int, filename: str = "") -> str:
        path = self._path(digest)
        if not path.is_file():
            raise StorageNotFoundError(f"The object {digest} is not in the storage {self.url}")
        return path.resolve().as_uri()


# --------------------------------------------------------------------------- s3://
_AUTH_CODES = {
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "InvalidClientTokenId",
    "InvalidToken",
    "ExpiredToken",
    "AccessDenied",
    "AllAccessDisabled",
    "403",
    "Forbidden",
}
_MISSING_BUCKET = {"NoSuchBucket"}
_TRANSIENT_CODES = {"500", "502", "503", "504", "InternalError", "SlowDown", "ServiceUnavailable"}


def _addressing_style(endpoint: str | None) -> str:
    """Path-style for custom endpoints (MinIO, moto, LAN servers) except Aliyun OSS, which
    only serves virtual-hosted style; AWS itself picks."""
    if not endpoint:
        return "auto"
    host = urllib.parse.urlsplit(endpoint).hostname or ""
    return "virtual" if host.endswith("aliyuncs.com") else "path"


class S3Storage:
    """``s3://bucket/prefix`` on AWS or any S3-compatible endpoint."""

    def __init__(
        self,
        url: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        session_token: str | None = None,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT_S,
        read_timeout: float = DEFAULT_READ_TIMEOUT_S,
        retries: int = DEFAULT_RETRIES,
        deadline_s: float = DEFAULT_DEADLINE_S,
        multipart_threshold: int = MULTIPART_THRESHOLD,
        multipart_chunk: int = MULTIPART_CHUNK,
        env: Mapping[str, str] | None = None,
    ) -> None:
        try:
            import boto3
            from boto3.s3.transfer import TransferConfig
            from botocore.config import Config
        except ImportError:
            raise StorageError(
                "S3 storage needs boto3, which is not installed here: "
                'pip install "shortvid-desktop[farm]" (or use a file:// storage).'
            ) from None
        env = os.environ if env is None else env
        parts = urllib.parse.urlsplit(url)
        self.bucket = parts.hostname or parts.netloc.rsplit("@", 1)[-1]
        self.prefix = parts.path.strip("/")
        self.url = public_url(url)
        if not _BUCKET.match(self.bucket or ""):
            raise BadInputError(
                f"{self.url}: {self.bucket!r} is not an S3 bucket name (3-63 lower-case "
                "letters, digits, '.' or '-')"
            )
        self.endpoint_url = (
            endpoint_url or env.get(ENV_ENDPOINT) or env.get("AWS_ENDPOINT_URL") or None
        )
        if self.endpoint_url:
            self.endpoint_url = self.endpoint_url.rstrip("/")
            ep = urllib.parse.urlsplit(self.endpoint_url)
            if ep.scheme not in ("http", "https") or not ep.hostname:
                raise BadInputError(
                    f"The S3 endpoint {public_url(self.endpoint_url)!r} is not an http(s) URL "
                    f"(setting farm.s3_endpoint or {ENV_ENDPOINT})"
                )
            if ep.username or ep.password:
                raise BadInputError(
                    "Put S3 credentials in the keyring (shortvid keys set s3) or AWS_* "
                    "variables, not in the endpoint URL"
                )
        self.where = (
            f"{self.url} ({public_url(self.endpoint_url)})" if self.endpoint_url else self.url
        )
        if bool(access_key_id) != bool(secret_access_key):
            raise BadInputError(
                f"{self.url}: give both the S3 access key id and its secret (or neither, to use "
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
            )
        region = region or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1"
        for value in (access_key_id, secret_access_key, session_token):
            remember_secret(value)
        self._secrets = [access_key_id, secret_access_key, session_token]
        self.retries = max(1, retries)
        self.deadline_s = deadline_s
        self.requests = 0  # HTTP requests sent (tests: "no retry loop", "no second upload")
        self.uploads = 0  # objects actually uploaded
        self._bucket_checked = False
        self._lock = threading.Lock()
        config = Config(
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retries={"total_max_attempts": 3, "mode": "standard"},
            signature_version="s3v4",
            s3={"addressing_style": _addressing_style(self.endpoint_url)},
            max_pool_connections=16,
        )
        session = boto3.session.Session(
            aws_access_key_id=access_key_id or None,
            aws_secret_access_key=secret_access_key or None,
            aws_session_token=session_token or None,
            region_name=region,
        )
        creds = session.get_credentials()
        if creds is not None:
            frozen = creds.get_frozen_credentials()
            remember_secret(frozen.secret_key)
            remember_secret(frozen.token)
            self._secrets += [frozen.access_key, frozen.secret_key, frozen.token]
        self._client = session.client("s3", endpoint_url=self.endpoint_url, config=config)
        self._client.meta.events.register("before-send.s3.*", self._count)
        self._transfer = TransferConfig(
            multipart_threshold=multipart_threshold,
            multipart_chunksize=multipart_chunk,
            max_concurrency=4,
            use_threads=True,
        )

    def _count(self, **_: Any) -> None:
        with self._lock:
            self.requests += 1

    # ------------------------------------------------------------------ errors
    def _clean(self, text: object) -> str:
        return redact(text, self._secrets)

    def _explain(self, exc: BaseException, what: str) -> StorageError:
        """A plain-words StorageError for a botocore/s3transfer failure (never a key in it)."""
        from botocore.exceptions import (
            ClientError,
            HTTPClientError,
            NoCredentialsError,
            PartialCredentialsError,
        )
        from botocore.exceptions import (
            ConnectionError as BotoConnectionError,
        )

        inner = exc
        # s3transfer wraps a ClientError of a part in S3UploadFailedError / its own errors
        while not isinstance(inner, ClientError) and inner.__cause__ is not None:
            inner = inner.__cause__
        if isinstance(exc, NoCredentialsError | PartialCredentialsError):
            return StorageAuthError(
                f"No credentials for the storage at {self.where}: set them with `shortvid keys "
                "set s3` (desktop) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (workers)."
            )
        if isinstance(inner, ClientError):
            err = inner.response.get("Error", {})
            code = str(err.get("Code", ""))
            status = inner.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if code in _AUTH_CODES or status == 403:
                return StorageAuthError(
                    f"The storage at {self.where} refused the credentials ({code or status}) "
                    f"while {what}: check the access key id and secret (`shortvid keys set s3`, "
                    "or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY on workers), the region, and "
                    f"that they may use the bucket {self.bucket}."
                )
            if code in _MISSING_BUCKET:
                return StorageNotFoundError(
                    f"The bucket {self.bucket} does not exist at {self.where}: create it, or "
                    "check the storage URL and endpoint."
                )
            message = self._clean(err.get("Message", "") or code)
            return StorageError(f"The storage at {self.where} failed while {what}: {message}")
        if isinstance(exc, BotoConnectionError | HTTPClientError):
            return StorageError(
                f"The storage endpoint {public_url(self.endpoint_url or 'AWS S3')} cannot be "
                f"reached ({type(exc).__name__}) while {what}: check the endpoint URL, the "
                "network and that the server runs."
            )
        return StorageError(f"The storage at {self.where} failed while {what}: {self._clean(exc)}")

    @staticmethod
    def _transient(exc: BaseException) -> bool:
        from botocore.exceptions import ClientError, HTTPClientError
        from botocore.exceptions import ConnectionError as BotoConnectionError

        # refused, reset or timed out (HTTPClientError: the connection closed mid-request)
        if isinstance(exc, BotoConnectionError | HTTPClientError):
            return True
        inner: BaseException | None = exc
        while inner is not None and not isinstance(inner, ClientError):
            inner = inner.__cause__
        if isinstance(inner, ClientError):
            return str(inner.response.get("Error", {}).get("Code", "")) in _TRANSIENT_CODES
        return False

    def _call(
        self,
        what: str,
        fn: Callable[[], Any],
        cancel: CancelToken | None = None,
        deadline: float | None = None,
        on_retry: Callable[[], None] | None = None,
    ) -> Any:
        """``fn()`` with retries and backoff on connection errors and 5xx, within a deadline;
        credential and missing-bucket errors at once."""
        deadline = deadline or time.monotonic() + self.deadline_s
        attempt = 0
        while True:
            attempt += 1
            if cancel is not None:
                cancel.raise_if_cancelled()
            try:
                return fn()
            except (Cancelled, StorageError):
                raise
            except Exception as exc:  # noqa: BLE001 - botocore/s3transfer errors, explained
                err = self._explain(exc, what)
                inner: BaseException | None = exc
                while inner is not None:  # a cancel or deadline raised from our callback
                    if isinstance(inner, Cancelled | StorageError):
                        raise inner from None
                    inner = inner.__cause__ or inner.__context__
                if isinstance(err, StorageAuthError | StorageNotFoundError):
                    raise err from None
                if not self._transient(exc) or attempt >= self.retries:
                    raise err from None
                wait = min(8.0, 0.5 * 2 ** (attempt - 1)) * (0.5 + random.random() / 2)
                if time.monotonic() + wait > deadline:
                    raise err from None
                log.warning("%s; retrying in %.1f s", err, wait)
                if cancel is not None:
                    if cancel.wait(wait):
                        raise Cancelled() from None
                else:
                    time.sleep(wait)
                if on_retry is not None:
                    on_retry()

    def _key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def check(self) -> None:
        """Reach the bucket once (head_bucket): clear errors for wrong credentials, a missing
        bucket or an unreachable endpoint before any transfer."""
        if self._bucket_checked:
            return

        def head() -> None:
            from botocore.exceptions import ClientError

            try:
                self._client.head_bucket(Bucket=self.bucket)
            except ClientError as exc:
                status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
                if status == 404:
                    raise StorageNotFoundError(
                        f"The bucket {self.bucket} does not exist at {self.where}: create it, "
                        "or check the storage URL and endpoint."
                    ) from None
                raise

        self._call("opening the bucket", head)
        self._bucket_checked = True

    def _head(self, digest: str) -> dict[str, Any] | None:
        from botocore.exceptions import ClientError

        key = self._key(object_key(check_digest(digest)))

        def head() -> dict[str, Any] | None:
            try:
                return self._client.head_object(Bucket=self.bucket, Key=key)
            except ClientError as exc:
                status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
                if status == 404:
                    return None
                raise

        self.check()
        return self._call(f"looking for {digest}", head)

    def has(self, digest: str) -> bool:
        return self._head(digest) is not None

    def put_file(
        self,
        path: str | Path,
        digest: str | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> str:
        src = Path(path)
        digest = check_digest(digest) if digest else sha256_file(src, cancel=cancel)
        total = src.stat().st_size
        found = self._head(digest)
        if found is not None:
            if progress is not None:
                progress(total, total)
            return digest
        deadline = time.monotonic() + self.deadline_s
        what = f"uploading {src.name} (object {digest})"
        meter = _Meter(total, progress, cancel, deadline, what)
        key = self._key(object_key(digest))

        def upload() -> None:
            self._client.upload_file(
                str(src),
                self.bucket,
                key,
                ExtraArgs={"Metadata": {"sha256": digest}},
                Callback=meter.add,
                Config=self._transfer,
            )

        self._call(what, upload, cancel, deadline, on_retry=meter.reset)
        if progress is not None and total == 0:
            progress(0, 0)
        self.uploads += 1
        return digest

    def get_file(
        self,
        digest: str,
        dest: str | Path,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> Path:
        found = self._head(digest)
        if found is None:
            raise StorageNotFoundError(f"The object {digest} is not in the storage {self.where}")
        total = int(found.get("ContentLength", 0))
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.deadline_s
        meter = _Meter(total, progress, cancel, deadline, f"downloading {digest}")
        tmp = _temp_beside(dest)
        key = self._key(object_key(digest))
        try:
            self._call(
                f"downloading {digest}",
                lambda: self._client.download_file(
                    self.bucket, key, str(tmp), Callback=meter.add, Config=self._transfer
                ),
                cancel,
                deadline,
                on_retry=meter.reset,
            )
            got = sha256_file(tmp, cancel=cancel)
            if got != digest:
                raise CorruptObjectError(
                    f"The object {digest} in {self.where} is corrupt: its bytes hash to {got}. "
                    "Delete it from the storage and upload the file again."
                )
            os.replace(tmp, dest)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return dest

    def put_result(self, key: str, digest: str) -> None:
        check_result_key(key)
        check_digest(digest)
        self.check()
        self._call(
            "recording a result",
            lambda: self._client.put_object(
                Bucket=self.bucket, Key=self._key(f"results/{key}"), Body=digest.encode()
            ),
        )

    def get_result(self, key: str) -> str | None:
        from botocore.exceptions import ClientError

        check_result_key(key)
        self.check()

        def get() -> str | None:
            try:
                body = self._client.get_object(Bucket=self.bucket, Key=self._key(f"results/{key}"))
            except ClientError as exc:
                if str(exc.response.get("Error", {}).get("Code")) in ("NoSuchKey", "404"):
                    return None
                raise
            return body["Body"].read(200).decode("ascii", "replace").strip()

        text = self._call("reading a result", get)
        return text if text and _SHA256.match(text) else None

    def presign(self, digest: str, expires_s: int, filename: str = "") -> str:
        if not self.has(digest):
            raise StorageNotFoundError(f"The object {digest} is not in the storage {self.where}")
        expires_s = int(expires_s)
        if not 1 <= expires_s <= 7 * 24 * 3600:
            raise BadInputError("A link can last from 1 second to 7 days (S3's limit)")
        params: dict[str, Any] = {"Bucket": self.bucket, "Key": self._key(object_key(digest))}
        if filename:
            safe = re.sub(r"[^A-Za-z0-9._ -]", "_", filename)[:120] or "video.mp4"
            params["ResponseContentDisposition"] = f'attachment; filename="{safe}"'
        return self._client.generate_presigned_url("get_object", Params=params, ExpiresIn=expires_s)

    # ------------------------------------------------------------------ tests/tools
    def delete_object(self, digest: str) -> None:
        self._client.delete_object(Bucket=self.bucket, Key=self._key(object_key(digest)))


def open_storage(
    url: str,
    *,
    endpoint_url: str | None = None,
    region: str | None = None,
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> Storage:
    """The storage named by ``url``; credentials come from settings/keyring or the standard
    AWS variables, never from the URL in logs. BadInputError for an unusable URL.

    ``file:///abs/folder`` -> FileStorage; ``s3://bucket[/prefix]`` -> S3Storage (explicit
    arguments first, then ``SHORTVID_S3_ENDPOINT``/``AWS_*`` from ``env`` or the environment).
    ``options`` go to S3Storage (timeouts, retries, deadline, multipart sizes).
    """
    text = (url or "").strip()
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:
        raise BadInputError(
            "The storage URL cannot be read: use s3://bucket/prefix or file:///folder"
        ) from None
    if parts.username or parts.password or parts.query:
        raise BadInputError(
            f"The storage URL {public_url(text)} carries credentials or options: put S3 keys "
            "in the keyring (shortvid keys set s3) or AWS_* variables, the endpoint in "
            "settings (farm.s3_endpoint) or SHORTVID_S3_ENDPOINT."
        )
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise BadInputError(
                f"{text}: a file:// storage names a folder on this machine or a mounted share "
                "(file:///mnt/share/shortvid)"
            )
        folder = urllib.parse.unquote(parts.path)
        if not folder or not os.path.isabs(folder):
            raise BadInputError(f"{text}: give an absolute folder, e.g. file:///srv/shortvid")
        return FileStorage(folder, url=text)
    if parts.scheme == "s3":
        return S3Storage(
            text,
            endpoint_url=endpoint_url,
            region=region,
            access_key_id=access_key_id,
            secret_access_key=secret_access_key,
            env=env,
            **options,
        )
    raise BadInputError(
        f"Unknown storage {public_url(text)!r}: use s3://bucket/prefix (AWS, MinIO, Aliyun OSS "
        "S3-compatible mode) or file:///shared/folder"
    )


__all__ = [
    "ENV_ENDPOINT",
    "CorruptObjectError",
    "FileStorage",
    "ProgressFn",
    "S3Storage",
    "Storage",
    "StorageAuthError",
    "StorageError",
    "StorageNotFoundError",
    "check_digest",
    "check_result_key",
    "object_key",
    "open_storage",
    "public_url",
    "sha256_file",
]
