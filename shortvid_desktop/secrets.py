"""API keys live in the OS keyring (one entry per provider), never in files the app writes.

- Service name ``"ShortVid Desktop"``, user name = the provider (``openai``, ``deepseek``, ...).
- Only a real OS keyring is used on its own accord (Secret Service/GNOME Keyring, KWallet, macOS
  Keychain, Windows Credential Manager). keyring's plain-text file backend (keyrings.alt) is
  never picked silently: it counts only when the user configured it explicitly (keyringrc,
  ``PYTHON_KEYRING_BACKEND`` or ``keyring.set_keyring``).
- With no usable keyring, storing a key raises KeyringUnavailableError saying so plainly; the
  user may then opt in to a plain-text file (``set_key(..., file_store=True)``, CLI
  ``shortvid keys set PROVIDER --file-store``), with a warning every time it is used.
- ``redact`` scrubs every key this process has seen (and key-shaped strings) from a message;
  ``install_log_redaction`` applies it to every log record.
- For headless use the ``openai`` provider also reads ``OPENAI_API_KEY`` when nothing is stored.
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .core.errors import BadInputError, ShortVidError

SERVICE = "ShortVid Desktop"
ENV_KEYS = {"openai": "OPENAI_API_KEY"}
FILE_STORE_WARNING = (
    "WARNING: API keys in this file are stored in PLAIN TEXT, readable by anyone who can read "
    "your files. You chose this because no OS keyring was available. Delete this file and use "
    "the OS keyring when you can."
)
_NAME = re.compile(r"^[a-z0-9_.-]{1,64}$")
_INSECURE = {
    ("keyrings.alt.file", "PlaintextKeyring"),
    ("keyring.backends.fail", "Keyring"),
    ("keyring.backends.null", "Keyring"),
}
_UNUSABLE = {("keyring.backends.fail", "Keyring"), ("keyring.backends.null", "Keyring")}

log = logging.getLogger(__name__)


class SecretStoreError(ShortVidError):
    """The keyring (or the opt-in file store) failed; the message never holds the key."""


class KeyringUnavailableError(SecretStoreError):
    """No usable OS keyring here; the message says so and offers the opt-in file store."""


# --------------------------------------------------------------------------- redaction
_known: set[str] = set()
_known_lock = threading.Lock()
_PATTERNS = (
    re.compile(r"\b(sk-[A-Za-z0-9_\-]{8,})"),
    re.compile(r"(?i)(bearer\s+)([A-Za-z0-9_\-\.=:+/]{8,})"),
    re.compile(
        r"(?i)((?:api[_-]?key|access[_-]?token|authorization)[\"']?\s*[:=]\s*[\"']?)"
        r"(?!bearer\s)([^\s\"',;&]{6,})"
    ),
)
REDACTED = "[redacted]"


def remember_secret(value: str | None) -> None:
    """Make ``redact`` scrub this value from now on (every key read or stored is remembered)."""
    if value and len(value) >= 6:
        with _known_lock:
            _known.add(value)


def redact(text: object, extra: Iterable[str | None] = ()) -> str:
    """``text`` with every known key, ``extra`` value and key-shaped string replaced."""
    out = str(text)
    with _known_lock:
        values = set(_known)
    values.update(v for v in extra if v and len(v) >= 6)
    for value in sorted(values, key=len, reverse=True):
        if value in out:
            out = out.replace(value, REDACTED)
    out = _PATTERNS[0].sub(REDACTED, out)
    out = _PATTERNS[1].sub(lambda m: m.group(1) + REDACTED, out)
    out = _PATTERNS[2].sub(lambda m: m.group(1) + REDACTED, out)
    return out


_factory_installed = False


def install_log_redaction() -> None:
    """Redact every log record's message (all loggers, including the SDKs'). Idempotent."""
    global _factory_installed
    if _factory_installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string stays as it is
            return record
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return record

    logging.setLogRecordFactory(factory)
    _factory_installed = True


# --------------------------------------------------------------------------- backends
def _ident(backend: object) -> tuple[str, str]:
    return type(backend).__module__, type(backend).__name__


def _label(backend: object) -> str:
    module, name = _ident(backend)
    return f"{module}.{name}"


def _explicit(backend: object) -> bool:
    """True when the user (or a test) chose this backend rather than keyring's own pick."""
    from keyring import backend as kb

    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    try:
        return not any(backend is b for b in kb.get_all_keyring())
    except Exception:  # noqa: BLE001 - cannot tell: treat as keyring's own pick
        return False


def _select() -> tuple[Any | None, str]:
    """(the backend to use, why) - None when no usable keyring exists."""
    try:
        import keyring
    except ImportError:
        return None, "the keyring package is not installed"
    current = keyring.get_keyring()
    explicit = _explicit(current)
    chained = getattr(current, "backends", None)
    if type(current).__name__ == "ChainerBackend" and chained is not None:
        secure = [b for b in chained if _ident(b) not in _INSECURE]
        if secure:
            return secure[0], ""
        return None, "only a plain-text file keyring is installed (keyrings.alt)"
    if _ident(current) in _UNUSABLE:
        return None, "keyring found no OS keyring (no Secret Service / KWallet session?)"
    if _ident(current) in _INSECURE and not explicit:
        return None, "keyring fell back to a plain-text file (keyrings.alt), which we do not use"
    return current, ""


def backend_info() -> dict[str, object]:
    """Which keyring backend is active, whether it can store secrets, and the file store."""
    try:
        import keyring

        current = keyring.get_keyring()
        chosen, reason = _select()
        info: dict[str, object] = {
            "backend": _label(chosen) if chosen is not None else _label(current),
            "usable": chosen is not None,
            "priority": getattr(chosen or current, "priority", None),
            "plain_text": chosen is not None and _ident(chosen) in _INSECURE,
            "file_store": str(file_store_path()) if file_store_enabled() else None,
        }
        if reason:
            info["reason"] = reason
        return info
    except Exception as exc:  # noqa: BLE001 - reported, never fatal
        return {"backend": None, "usable": False, "error": redact(exc)}


def _unavailable_message(reason: str) -> str:
    return (
        f"No usable OS keyring: {reason}. ShortVid keeps API keys only in the OS keyring "
        "(GNOME Keyring/KWallet through Secret Service, macOS Keychain, Windows Credential "
        "Manager). Start or unlock one, or opt in to a PLAIN-TEXT key file in your user data "
        "folder with `shortvid keys set PROVIDER --file-store` (anyone who can read your files "
        "can read it)."
    )


def check_name(provider: str) -> str:
    name = (provider or "").strip().lower()
    if not _NAME.match(name):
        raise BadInputError(f"Bad provider name {provider!r}: use letters, digits, '-', '_' or '.'")
    return name


# --------------------------------------------------------------------------- file store
def file_store_path() -> Path:
    from . import paths

    return paths.user_data_dir() / "secrets" / "api-keys.json"


def file_store_enabled() -> bool:
    """True once the user opted in to the plain-text file store (the file exists)."""
    return file_store_path().is_file()


def _read_file_store() -> dict[str, str]:
    path = file_store_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise SecretStoreError(
            f"The key file {path} cannot be read: {type(exc).__name__}"
        ) from None
    keys = data.get("keys", {}) if isinstance(data, dict) else {}
    return {str(k): str(v) for k, v in keys.items()}


def _write_file_store(keys: Mapping[str, str]) -> None:
    path = file_store_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(path.parent, stat.S_IRWXU)
    except OSError:
        pass
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"warning": FILE_STORE_WARNING, "keys": dict(keys)}, fh, indent=2)
    os.replace(tmp, path)


# --------------------------------------------------------------------------- API
def set_key(provider: str, value: str, *, file_store: bool = False) -> str:
    """Store a provider's key; returns where ("keyring" or "file").

    Uses the OS keyring. Without one, raises KeyringUnavailableError unless ``file_store`` is
    true (the user's explicit opt-in to a plain-text file; a warning is logged).
    """
    name = check_name(provider)
    value = (value or "").strip()
    if not value:
        raise SecretStoreError("The key is empty: nothing was stored")
    if any(c in value for c in "\r\n\x00"):
        raise SecretStoreError("The key contains line breaks; paste it on one line")
    remember_secret(value)
    backend, reason = _select()
    if backend is not None and not file_store:
        try:
            backend.set_password(SERVICE, name, value)
        except Exception as exc:  # noqa: BLE001 - keyring errors vary by backend
            raise SecretStoreError(
                f"The keyring ({_label(backend)}) refused to store the key for {name}: "
                f"{redact(exc, [value])}"
            ) from None
        return "keyring"
    if not file_store:
        raise KeyringUnavailableError(_unavailable_message(reason))
    log.warning(
        "storing the %s key in a PLAIN-TEXT file (%s) as you asked", name, file_store_path()
    )
    keys = _read_file_store()
    keys[name] = value
    _write_file_store(keys)
    return "file"


def _keyring_get(name: str) -> str | None:
    backend, _reason = _select()
    if backend is None:
        return None
    try:
        value = backend.get_password(SERVICE, name)
    except Exception as exc:  # noqa: BLE001 - a locked or broken keyring reads as no key
        log.warning("the keyring could not be read for %s: %s", name, redact(exc))
        return None
    return value or None


def get_key(provider: str, *, env: Mapping[str, str] | None = None) -> str | None:
    """The stored key: keyring, then the opt-in file store, then (``openai`` only) the
    ``OPENAI_API_KEY`` environment variable. None when there is none."""
    name = check_name(provider)
    value = _keyring_get(name)
    if value is None and file_store_enabled():
        value = _read_file_store().get(name) or None
    if value is None:
        env = os.environ if env is None else env
        var = ENV_KEYS.get(name)
        value = (env.get(var) or None) if var else None
    remember_secret(value)
    return value


def key_source(provider: str, *, env: Mapping[str, str] | None = None) -> str | None:
    """Where a provider's key comes from: "keyring", "file", "env" or None."""
    name = check_name(provider)
    if _keyring_get(name) is not None:
        return "keyring"
    if file_store_enabled() and _read_file_store().get(name):
        return "file"
    env = os.environ if env is None else env
    var = ENV_KEYS.get(name)
    if var and env.get(var):
        return "env"
    return None


def delete_key(provider: str) -> list[str]:
    """Remove a provider's key from the keyring and the file store; returns where it was."""
    name = check_name(provider)
    removed: list[str] = []
    backend, _reason = _select()
    if backend is not None:
        try:
            if backend.get_password(SERVICE, name) is not None:
                backend.delete_password(SERVICE, name)
                removed.append("keyring")
        except Exception as exc:  # noqa: BLE001 - keyring errors vary by backend
            raise SecretStoreError(
                f"The keyring refused to delete the key for {name}: {redact(exc)}"
            ) from None
    if file_store_enabled():
        keys = _read_file_store()
        if keys.pop(name, None) is not None:
            _write_file_store(keys)
            removed.append("file")
    return removed


def list_keys(
    providers: Iterable[str], *, env: Mapping[str, str] | None = None
) -> dict[str, str | None]:
    """Provider -> where its key is ("keyring", "file", "env") or None. Never the keys."""
    return {check_name(p): key_source(p, env=env) for p in providers}


__all__ = [
    "ENV_KEYS",
    "SERVICE",
    "KeyringUnavailableError",
    "SecretStoreError",
    "backend_info",
    "delete_key",
    "file_store_enabled",
    "file_store_path",
    "get_key",
    "install_log_redaction",
    "key_source",
    "list_keys",
    "redact",
    "remember_secret",
    "set_key",
]
