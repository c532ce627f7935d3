"""API keys for the window and the CLI: kept in the OS keyring (``secrets``), never in files the
app writes, never shown again once stored; and the redaction that keeps them out of messages."""

from __future__ import annotations

from ..net import check_provider_name
from ..secrets import (
    backend_info,
    delete_key,
    install_log_redaction,
    list_keys,
    redact,
    set_key,
)
from .settings import Store


def provider_names() -> list[str]:
    """The preset providers and the user's own, presets first."""
    from ..net import provider_names as names

    with Store() as store:
        return names(store)


__all__ = [
    "backend_info",
    "check_provider_name",
    "delete_key",
    "install_log_redaction",
    "list_keys",
    "provider_names",
    "redact",
    "set_key",
]
