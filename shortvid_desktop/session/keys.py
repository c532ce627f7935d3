"""API keys for the window and the CLI: kept in the OS keyring (``secrets``), never in files the
app writes, never shown again once stored; and the redaction that keeps them out of messages."""

from __future__ import annotations

from ..core.errors import BadInputError
from ..net import check_provider_name
from ..secrets import (
    backend_info,
    delete_key,
    get_key,
    install_log_redaction,
    list_keys,
    redact,
    remember_secret,
    set_key,
)
from .settings import Store

S3_KEY = "s3"  # the farm storage's access key id and secret, one keyring entry "ID:SECRET"


def provider_names() -> list[str]:
    """The AI providers (presets first, then the user's own) and the stock-footage services
    whose keys the keyring can hold (pexels, pixabay)."""
    from ..net import provider_names as names
    from ..stock.providers import KEY_ENV

    with Store() as store:
        found = names(store)
    extra = [*KEY_ENV, S3_KEY]
    return found + [name for name in extra if name not in found]


def set_s3_credentials(access_key_id: str, secret: str, *, file_store: bool = False) -> str:
    """Keep the farm storage's S3 access key id and secret in the keyring (one entry); returns
    where ("keyring" or "file")."""
    key_id, secret = (access_key_id or "").strip(), (secret or "").strip()
    if not key_id or not secret:
        raise BadInputError("Give both the S3 access key id and its secret")
    if ":" in key_id or any(c.isspace() for c in key_id):
        raise BadInputError("An S3 access key id has no spaces or ':'; check what was pasted")
    remember_secret(secret)
    remember_secret(key_id)
    return set_key(S3_KEY, f"{key_id}:{secret}", file_store=file_store)


def s3_credentials() -> tuple[str, str] | None:
    """(access key id, secret) from the keyring, or None (then the AWS_* variables count)."""
    value = get_key(S3_KEY)
    if not value or ":" not in value:
        return None
    key_id, secret = value.split(":", 1)
    remember_secret(key_id)
    remember_secret(secret)
    return key_id, secret


__all__ = [
    "backend_info",
    "check_provider_name",
    "delete_key",
    "install_log_redaction",
    "list_keys",
    "provider_names",
    "redact",
    "S3_KEY",
    "s3_credentials",
    "set_key",
    "set_s3_credentials",
]
