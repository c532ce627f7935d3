"""LLM providers: the presets, the user's own endpoints, and which one is the default.

Every provider speaks the OpenAI protocol (``ai.client.LLMClient``); a provider is a base URL,
a model and (usually) an API key kept in the OS keyring. Presets: OpenAI, DeepSeek, Qwen
(DashScope compatible mode), Moonshot, Ollama, LM Studio; ``custom`` (or any new name) is an
endpoint the user describes. Settings (never keys): ``ai.provider`` = the default provider name,
``ai.providers`` = ``{name: {"base_url", "model", "json_mode", "preset", "tts_model"}}``.
"""

from __future__ import annotations

from typing import Any, Protocol

from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.net import (
    JSON_MODES,
    PRESETS,
    SETTING_PROVIDER,
    SETTING_PROVIDERS,
    Endpoint,
    ProviderPreset,
    SettingsStore,
    check_provider_name,
    default_provider,
    provider_names,
    provider_settings,
    resolve_provider,
)


class WritableSettings(SettingsStore, Protocol):
    def set_setting(self, key: str, value: Any) -> None: ...


def provider_table(store: SettingsStore | None = None) -> list[dict[str, Any]]:
    """One row per known provider: name, label, base_url, model, json_mode, needs_key, key
    (where it is stored: keyring/file/env/None - never the key), default (bool), notes."""
    from shortvid_desktop import secrets

    default = default_provider(store)
    rows = []
    for name in provider_names(store):
        try:
            ep = resolve_provider(name, store, require_key=False)
            row: dict[str, Any] = {
                "name": name,
                "label": ep.label,
                "base_url": ep.base_url,
                "model": ep.model,
                "json_mode": ep.json_mode,
                "needs_key": ep.needs_key,
            }
        except BadInputError as exc:  # a custom preset without a URL yet
            preset = PRESETS.get(name, PRESETS["custom"])
            row = {
                "name": name,
                "label": preset.label,
                "base_url": "",
                "model": "",
                "json_mode": preset.json_mode,
                "needs_key": preset.needs_key,
                "problem": str(exc),
            }
        try:
            row["key"] = secrets.key_source(name)
        except Exception:  # noqa: BLE001 - a broken keyring shows as "unknown"
            row["key"] = "unknown"
        row["default"] = name == default
        row["notes"] = PRESETS[name].notes if name in PRESETS else ""
        rows.append(row)
    return rows


def configure_provider(
    store: WritableSettings,
    name: str,
    *,
    base_url: str | None = None,
    model: str | None = None,
    json_mode: str | None = None,
    preset: str | None = None,
    tts_model: str | None = None,
) -> dict[str, Any]:
    """Save a provider's base URL/model/JSON mode (a new name makes a custom provider)."""
    name = check_provider_name(name)
    if json_mode is not None and json_mode not in JSON_MODES:
        raise BadInputError(f"json_mode must be one of {', '.join(JSON_MODES)}; got {json_mode!r}")
    if preset is not None and preset not in PRESETS:
        raise BadInputError(f"Unknown preset {preset!r} (presets: {', '.join(PRESETS)})")
    if base_url is not None and base_url and not base_url.startswith(("http://", "https://")):
        raise BadInputError("The base URL must start with http:// or https://")
    table = dict(provider_settings(store))
    entry = dict(table.get(name, {}))
    for key, value in (
        ("base_url", base_url),
        ("model", model),
        ("json_mode", json_mode),
        ("preset", preset),
        ("tts_model", tts_model),
    ):
        if value is not None:
            if value == "":
                entry.pop(key, None)
            else:
                entry[key] = value.rstrip("/") if key == "base_url" else value
    if name not in PRESETS and not entry.get("preset"):
        entry["preset"] = "custom"
    table[name] = entry
    store.set_setting(SETTING_PROVIDERS, table)
    return entry


def use_provider(store: WritableSettings, name: str | None) -> None:
    """Make ``name`` the default provider (None or "" = none: the offline helper)."""
    if not name or name in ("offline", "none"):
        store.set_setting(SETTING_PROVIDER, "")
        return
    name = check_provider_name(name)
    if name not in provider_names(store):
        raise BadInputError(
            f"Unknown AI provider {name!r}: add it first with "
            f"`shortvid providers set {name} --base-url URL --model MODEL`"
        )
    store.set_setting(SETTING_PROVIDER, name)


__all__ = [
    "PRESETS",
    "Endpoint",
    "ProviderPreset",
    "configure_provider",
    "default_provider",
    "provider_names",
    "provider_table",
    "resolve_provider",
    "use_provider",
]
