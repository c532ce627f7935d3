"""API keys through the real Secret Service (GNOME Keyring), as on a Linux desktop.

Needs a D-Bus session with an unlocked gnome-keyring; `.ci/run` provides one:

    dbus-run-session -- sh -c 'printf %s "$KEYRING_PW" | gnome-keyring-daemon --unlock \
        --components=secrets >/dev/null && python -m pytest -m secret_service tests/ai'

Skipped (with the reason) anywhere else.
"""

from __future__ import annotations

import os
import uuid

import keyring
import pytest

from shortvid_desktop import secrets


def _secret_service():
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        pytest.skip(
            "no D-Bus session (DBUS_SESSION_BUS_ADDRESS is unset): run under dbus-run-session "
            "with gnome-keyring-daemon --unlock"
        )
    try:
        from keyring.backends import SecretService

        backend = SecretService.Keyring()
        if backend.priority <= 0:
            raise RuntimeError(f"priority {backend.priority}")
        collection = backend.get_preferred_collection()
        if collection.is_locked():
            raise RuntimeError("the default collection is locked")
    except Exception as exc:  # noqa: BLE001 - any failure means: no usable Secret Service
        pytest.skip(f"no usable Secret Service backend: {type(exc).__name__}: {exc}")
    return backend


@pytest.mark.secret_service
def test_keys_round_trip_through_the_secret_service() -> None:
    backend = _secret_service()
    keyring.core.init_backend()  # keyring's own choice on this machine, as the app sees it
    info = secrets.backend_info()
    assert info["usable"] and "SecretService" in str(info["backend"]), info
    provider = f"ci-{uuid.uuid4().hex[:8]}"
    value = f"sk-secret-service-{uuid.uuid4().hex}"
    try:
        assert secrets.set_key(provider, value) == "keyring"
        assert backend.get_password(secrets.SERVICE, provider) == value  # really in GNOME Keyring
        assert secrets.get_key(provider) == value
        assert secrets.key_source(provider) == "keyring"
        assert secrets.delete_key(provider) == ["keyring"]
        assert backend.get_password(secrets.SERVICE, provider) is None
    finally:
        try:
            backend.delete_password(secrets.SERVICE, provider)
        except Exception:  # noqa: BLE001 - already gone
            pass
