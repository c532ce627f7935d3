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
    """The AI providers (presets first, then the user's own) and the stock-footage services
    whose keys the keyring can hold (pexels, pixabay)."""
    from ..net import provider_names as names
    from ..stock.providers import KEY_ENV

    with Store() as store:
        found = names(store)
    return found + [name for name in KEY_ENV if name not in found]


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
