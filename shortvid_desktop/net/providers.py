"""The OpenAI-compatible services ShortVid knows, and how a name becomes an ``Endpoint``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from ..core.errors import BadInputError, ShortVidError
from .errors import MissingKeyError
from .proxy import is_loopback
from .settings import SETTING_PROVIDER, SETTING_PROVIDERS, SettingsStore, read_setting

JsonMode = Literal["json_schema", "json_object", "none"]
JSON_MODES: tuple[str, ...] = ("json_schema", "json_object", "none")


@dataclass(frozen=True)
class ProviderPreset:
    name: str
    label: str
    base_url: str
    model: str
    json_mode: JsonMode = "json_object"
    needs_key: bool = True
    tts_model: str = ""  # "" = this provider offers no speech endpoint we know of
    notes: str = ""


PRESETS: dict[str, ProviderPreset] = {
    p.name: p
    for p in (
        ProviderPreset(
            "openai",
            "OpenAI",
            "https://api.openai.com/v1",
            "gpt-4o-mini",
            "json_schema",
            tts_model="gpt-4o-mini-tts",
        ),
        ProviderPreset("deepseek", "DeepSeek", "https://api.deepseek.com/v1", "deepseek-chat"),
        ProviderPreset(
            "qwen",
            "Qwen (DashScope, OpenAI-compatible mode)",
            "https://dashscope.aliyuncs.com/compatible-mode/v1",
            "qwen-plus",
            notes="outside mainland China use https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
        ),
        ProviderPreset(
            "moonshot", "Moonshot (Kimi)", "https://api.moonshot.cn/v1", "moonshot-v1-8k"
        ),
        ProviderPreset(
            "ollama",
            "Ollama (local)",
            "http://localhost:11434/v1",
            "qwen2.5:7b",
            needs_key=False,
            notes="pull the model first: ollama pull qwen2.5:7b",
        ),
        ProviderPreset(
            "lmstudio",
            "LM Studio (local)",
            "http://localhost:1234/v1",
            "",
            "json_schema",
            needs_key=False,
            notes="uses the model loaded in LM Studio when none is set",
        ),
        ProviderPreset(
            "custom",
            "Custom OpenAI-compatible endpoint",
            "",
            "",
            needs_key=False,
            notes="set base_url and model: shortvid providers set NAME --base-url URL --model M",
        ),
    )
}
_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_-.")


def check_provider_name(name: str) -> str:
    """A provider name as stored: lower-case letters, digits, ``_-.``; 1-64 characters."""
    norm = (name or "").strip().lower()
    if not norm or len(norm) > 64 or not set(norm) <= _NAME_CHARS:
        raise BadInputError(
            f"Bad provider name {name!r}: use letters, digits, '-', '_' or '.' (e.g. deepseek)"
        )
    return norm


@dataclass
class Endpoint:
    """A resolved provider: where to call, which model, and the key (never printed)."""

    name: str
    label: str
    base_url: str
    model: str
    json_mode: JsonMode
    needs_key: bool
    api_key: str = field(default="", repr=False)
    key_source: str = ""  # "keyring", "file", "env" or ""
    tts_model: str = ""

    @property
    def local(self) -> bool:
        return is_loopback(urlsplit(self.base_url).hostname or "")


def provider_settings(store: SettingsStore | None) -> dict[str, dict[str, Any]]:
    raw = read_setting(store, SETTING_PROVIDERS, {})
    return {str(k): dict(v) for k, v in raw.items() if isinstance(v, dict)} if raw else {}


def provider_names(store: SettingsStore | None = None) -> list[str]:
    """Presets and the user's own providers, presets first."""
    names = list(PRESETS)
    names += sorted(n for n in provider_settings(store) if n not in PRESETS)
    return names


def default_provider(
    store: SettingsStore | None = None, env: Mapping[str, str] | None = None
) -> str | None:
    """The provider to use when none is named: setting ``ai.provider``, else ``openai`` when
    ``OPENAI_API_KEY`` is set or a key for it is stored, else None (the offline helper)."""
    env = os.environ if env is None else env
    chosen = read_setting(store, SETTING_PROVIDER, "")
    if chosen:
        return str(chosen)
    if env.get("OPENAI_API_KEY") or env.get("OPENAI_BASE_URL"):
        return "openai"
    from .. import secrets

    try:
        if secrets.key_source("openai", env=env) is not None:
            return "openai"
    except ShortVidError:
        pass
    return None


def resolve_provider(
    name: str,
    store: SettingsStore | None = None,
    *,
    model: str | None = None,
    base_url: str | None = None,
    env: Mapping[str, str] | None = None,
    require_key: bool = True,
) -> Endpoint:
    """The endpoint for a provider name. Order for each field: the argument, the setting
    (``ai.providers.NAME``), the environment (``openai`` only), the preset.

    Raises BadInputError for an unknown name or a custom provider without base URL/model, and
    MissingKeyError when the provider needs a key and none is stored (unless ``require_key`` is
    false).
    """
    from .. import secrets

    env = os.environ if env is None else env
    name = check_provider_name(name)
    conf = provider_settings(store).get(name, {})
    preset_name = str(conf.get("preset") or name)
    preset = PRESETS.get(preset_name)
    if preset is None:
        if not conf:
            known = ", ".join(provider_names(store))
            raise BadInputError(
                f"Unknown AI provider {name!r} (known: {known}). Add your own with "
                f"`shortvid providers set {name} --base-url URL --model MODEL`."
            )
        preset = PRESETS["custom"]
    is_openai = name == "openai"
    url = (
        base_url
        or conf.get("base_url")
        or (env.get("OPENAI_BASE_URL") if is_openai else None)
        or preset.base_url
    )
    mdl = model or conf.get("model") or (env.get("OPENAI_MODEL") if is_openai else None)
    mdl = mdl or preset.model
    json_mode = conf.get("json_mode") or preset.json_mode
    if json_mode not in JSON_MODES:
        json_mode = "json_object"
    needs_key = bool(conf.get("needs_key", preset.needs_key))
    if not url:
        raise BadInputError(
            f"The provider {name!r} has no base URL: "
            f"`shortvid providers set {name} --base-url URL --model MODEL`"
        )
    if not str(url).startswith(("http://", "https://")):
        raise BadInputError(f"The base URL of {name!r} must start with http:// or https://")
    key = secrets.get_key(name, env=env if is_openai else {})
    source = secrets.key_source(name, env=env if is_openai else {}) if key else ""
    if needs_key and not key and require_key:
        hint = " (or set OPENAI_API_KEY)" if is_openai else ""
        raise MissingKeyError(
            f"No API key for {name}: store one with `shortvid keys set {name}`{hint}.",
            provider=name,
        )
    return Endpoint(
        name=name,
        label=str(conf.get("label") or (preset.label if preset.name != "custom" else name)),
        base_url=str(url).rstrip("/"),
        model=str(mdl or ""),
        json_mode=json_mode,  # type: ignore[arg-type]
        needs_key=needs_key,
        api_key=key or "",
        key_source=source or "",
        tts_model=str(conf.get("tts_model") or preset.tts_model),
    )
