"""API keys: the OS keyring through a real backend, the opt-in file store, redaction."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from servers.fixtures import _hermetic_network, keyring_file  # noqa: F401 - autouse fixtures

from shortvid_desktop import net, secrets
from shortvid_desktop.core.errors import BadInputError

KEY = "sk-proj-AbCdEf0123456789GhIjKl"


def test_set_get_delete_list_through_the_keyring(request, shortvid_home: Path) -> None:
    keyring_path: Path = request.getfixturevalue("keyring_file")
    assert secrets.get_key("deepseek") is None
    assert secrets.set_key("DeepSeek", KEY) == "keyring"
    assert secrets.get_key("deepseek") == KEY
    assert secrets.key_source("deepseek") == "keyring"
    assert keyring.get_password(secrets.SERVICE, "deepseek") == KEY  # one entry per provider
    assert "deepseek" in keyring_path.read_text(encoding="utf-8")  # the backend's own file
    assert not any(KEY.encode() in p.read_bytes() for p in shortvid_home.rglob("*") if p.is_file())
    assert secrets.list_keys(["openai", "deepseek"]) == {"openai": None, "deepseek": "keyring"}
    assert secrets.delete_key("deepseek") == ["keyring"]
    assert secrets.get_key("deepseek") is None and secrets.delete_key("deepseek") == []
    info = secrets.backend_info()
    assert info["usable"] and info["backend"].endswith("PlaintextKeyring")


def test_no_usable_backend_is_said_plainly() -> None:
    keyring.set_keyring(fail.Keyring())
    info = secrets.backend_info()
    assert info["usable"] is False and "no OS keyring" in info["reason"]
    with pytest.raises(secrets.KeyringUnavailableError) as exc:
        secrets.set_key("openai", KEY)
    message = str(exc.value)
    assert "No usable OS keyring" in message and "--file-store" in message and KEY not in message
    assert secrets.get_key("openai") is None  # reading never fails
    assert not secrets.file_store_enabled()  # and nothing was written anywhere


def test_keyrings_own_plain_text_pick_is_never_used_silently() -> None:
    from keyring import backend as kb
    from keyrings.alt.file import PlaintextKeyring

    implicit = next((b for b in kb.get_all_keyring() if isinstance(b, PlaintextKeyring)), None)
    if implicit is None:
        pytest.skip("keyrings.alt's plain-text backend is not among keyring's candidates here")
    keyring.set_keyring(implicit)  # what keyring picks by itself when nothing better exists
    assert secrets.backend_info()["usable"] is False
    with pytest.raises(secrets.KeyringUnavailableError, match="plain-text file"):
        secrets.set_key("openai", KEY)


def test_the_opt_in_file_store_warns_and_is_private(caplog) -> None:
    keyring.set_keyring(fail.Keyring())
    with caplog.at_level(logging.WARNING):
        assert secrets.set_key("openai", KEY, file_store=True) == "file"
    assert "PLAIN-TEXT" in caplog.text and KEY not in caplog.text
    path = secrets.file_store_path()
    assert secrets.file_store_enabled() and "PLAIN TEXT" in path.read_text(encoding="utf-8")
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secrets.get_key("openai") == KEY and secrets.key_source("openai") == "file"
    assert secrets.backend_info()["file_store"] == str(path)
    assert secrets.delete_key("openai") == ["file"] and secrets.get_key("openai") is None


def test_openai_honours_the_environment_when_nothing_is_stored(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env-123456789")
    assert secrets.get_key("openai") == "sk-from-env-123456789"
    assert secrets.key_source("openai") == "env"
    assert secrets.get_key("deepseek") is None  # only the openai provider reads the variable
    secrets.set_key("openai", KEY)
    assert secrets.get_key("openai") == KEY  # a stored key wins


def test_bad_values_and_names() -> None:
    with pytest.raises(BadInputError):
        secrets.set_key("bad name!", KEY)
    with pytest.raises(secrets.SecretStoreError, match="empty"):
        secrets.set_key("openai", "  ")
    with pytest.raises(secrets.SecretStoreError, match="line breaks"):
        secrets.set_key("openai", "abc\ndef")


def test_redact_scrubs_keys_from_any_message() -> None:
    secrets.remember_secret("plainsecretvalue42")
    text = (
        "failed with plainsecretvalue42 and sk-abcdefghijklmnop1234, header "
        "Authorization: Bearer abc.def.ghi-123456 and api_key=xyz987654321"
    )
    out = secrets.redact(text, extra=["extra-token-5555"])
    for leaked in (
        "plainsecretvalue42",
        "sk-abcdefghijklmnop1234",
        "abc.def.ghi-123456",
        "xyz987654321",
    ):
        assert leaked not in out
    assert out.count("[redacted]") == 4 and out.startswith("failed with [redacted]")
    assert secrets.redact("extra-token-5555 seen", extra=["extra-token-5555"]) == "[redacted] seen"


def test_log_records_are_redacted(caplog) -> None:
    secrets.install_log_redaction()
    secrets.set_key("openai", KEY)
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("openai._base_client").debug("Request options: %s", {"key": KEY})
    assert KEY not in caplog.text and "[redacted]" in caplog.text


def test_settings_refuse_secret_looking_names() -> None:
    from shortvid_desktop.store import Store
    from shortvid_desktop.store.errors import StoreError

    with Store() as store, pytest.raises(StoreError, match="keyring"):
        store.set_setting("ai.openai.api_key", KEY)


def test_provider_resolution_reads_the_keyring_first(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-key-0000000000")
    secrets.set_key("openai", KEY)
    endpoint = net.resolve_provider("openai")
    assert endpoint.api_key == KEY and endpoint.key_source == "keyring"
    assert KEY not in repr(endpoint)
