"""Share an export: put the MP4 in the configured storage and hand back a link that expires.

Also the desktop's way to open the farm's storage: the URL from the argument or the setting
``farm.storage_url``, the endpoint and region from ``farm.s3_endpoint``/``farm.s3_region`` (else
``SHORTVID_S3_ENDPOINT``/``AWS_*``), the access key id and secret from the keyring entry ``s3``
(``shortvid keys set s3``; else the standard ``AWS_*`` variables). Nothing of the credentials
reaches a link's text other than the signature S3 puts in a presigned URL.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.errors import BadInputError
from ..farm.storage import Storage, open_storage
from ..jobs import CancelToken, Progress
from .keys import s3_credentials
from .settings import (
    SETTING_FARM_S3_ENDPOINT,
    SETTING_FARM_S3_REGION,
    SETTING_FARM_STORAGE,
    get_value,
)

DEFAULT_EXPIRES_S = 7 * 24 * 3600  # S3's longest presigned link
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_expiry(text: str | int) -> int:
    """``"90s"``, ``"30m"``, ``"12h"``, ``"7d"``, ``"1w"`` or seconds -> seconds (1 s to 7 d)."""
    if isinstance(text, int):
        seconds = text
    else:
        m = re.fullmatch(r"\s*(\d{1,9})\s*([smhdw]?)\s*", str(text).lower())
        if not m:
            raise BadInputError(
                f"--expires {text!r}: give a length like 30m, 12h or 7d (or seconds)"
            )
        seconds = int(m.group(1)) * _UNITS[m.group(2) or "s"]
    if not 1 <= seconds <= DEFAULT_EXPIRES_S:
        raise BadInputError(
            f"--expires {text!r}: a link can last from 1 second to 7 days (S3's limit)"
        )
    return seconds


def storage_url(url: str | None = None) -> str:
    """``url``, else the setting; BadInputError saying how to set one when neither is there."""
    chosen = (url or "").strip() or str(get_value(SETTING_FARM_STORAGE, "") or "").strip()
    if not chosen:
        raise BadInputError(
            "No storage is configured: pass --storage s3://bucket/prefix (or file:///folder), "
            f"or set {SETTING_FARM_STORAGE} in Settings."
        )
    return chosen


def open_configured_storage(url: str | None = None) -> Storage:
    """The farm's storage with the desktop's settings and keyring (explicit beats settings,
    settings beat the environment)."""
    chosen = storage_url(url)
    if not chosen.startswith("s3:"):
        return open_storage(chosen)
    endpoint = str(get_value(SETTING_FARM_S3_ENDPOINT, "") or "").strip() or None
    region = str(get_value(SETTING_FARM_S3_REGION, "") or "").strip() or None
    creds = s3_credentials()
    key_id, secret = creds if creds else (None, None)
    return open_storage(
        chosen,
        endpoint_url=endpoint,
        region=region,
        access_key_id=key_id,
        secret_access_key=secret,
    )


def upload_export(
    mp4_path: str | Path,
    storage_url: str | None = None,
    expires_s: int | str = DEFAULT_EXPIRES_S,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> str:
    """Put ``mp4_path`` in the storage (once: content-addressed) and return a link to it that
    lasts ``expires_s`` (a presigned S3 URL; for file:// storage a file:// URL)."""
    path = Path(mp4_path)
    if not path.is_file():
        raise BadInputError(f"{path}: no such file to share (export the video first)")
    seconds = parse_expiry(expires_s)
    store = open_configured_storage(storage_url)

    def sent(done: int, total: int) -> None:
        if progress is not None:
            progress(done / total if total else 1.0, f"Uploading {path.name}")

    digest = store.put_file(path, progress=sent, cancel=cancel)
    return store.presign(digest, seconds, filename=path.name)


__all__ = [
    "DEFAULT_EXPIRES_S",
    "open_configured_storage",
    "parse_expiry",
    "storage_url",
    "upload_export",
]
