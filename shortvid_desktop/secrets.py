"""API keys live in the OS keyring (one entry per provider), never in files the app writes."""

from __future__ import annotations

SERVICE = "ShortVid Desktop"


def backend_info() -> dict[str, object]:
    """Which keyring backend is active and whether it can store secrets."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        usable = not isinstance(backend, fail.Keyring)
        priority = getattr(backend, "priority", None)
        return {"backend": name, "usable": usable, "priority": priority}
    except Exception as exc:  # noqa: BLE001 - reported, never fatal
        return {"backend": None, "usable": False, "error": str(exc)}
