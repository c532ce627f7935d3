"""Voice engines for ``shortvid voices``: the engines and their voices as rows, the fallback
order, and a spoken sample. Online engines get the app's settings (proxy, timeouts, keys,
usage ledger) like every other external call."""

from __future__ import annotations

from typing import Any

from ..core.errors import BadInputError
from ..jobs import CancelToken
from ..net import NetContext
from ..store import Store
from ..voice.base import SpeechResult
from ..voice.chain import SETTING_CHAIN, check_order
from ..voice.registry import all_engines, is_online, parse_voice_spec


def engine_names() -> list[str]:
    """Every voice engine ShortVid knows, available here or not."""
    return [e.name for e in all_engines()]


def set_chain(order: str | list[str]) -> list[str]:
    """Store the fallback order of the voice engines (checked); returns it."""
    checked = check_order(order)
    with Store() as store:
        store.set_setting(SETTING_CHAIN, checked)
    return checked


def _lang_matches(voice_language: str, wanted: str) -> bool:
    v = voice_language.lower().replace("_", "-")
    w = wanted.lower().replace("_", "-")
    if v == "mul":
        return True
    return v == w or v.split("-")[0] == w.split("-")[0]


def voice_rows(
    engine: str | None = None, language: str | None = None, refresh: bool = False
) -> list[dict[str, Any]]:
    """One row per voice (engine, available, voice spec, name, language, gender, quality) and one
    ``{"engine", "available": False}`` row per engine that cannot speak here. ``refresh``
    downloads the online engines' lists again."""
    wanted = engine.lower() if engine else None
    known = engine_names()
    if wanted and wanted not in known:
        raise BadInputError(f"Unknown voice engine {engine!r} (known: {', '.join(known)})")
    rows: list[dict[str, Any]] = []
    with Store() as store:
        ctx = NetContext(store=store)
        for found in all_engines():
            if wanted and found.name != wanted:
                continue
            bind = getattr(found, "with_context", None)
            found = bind(ctx) if callable(bind) else found
            if not found.available():
                rows.append({"engine": found.name, "available": False})
                continue
            listing = found.voices
            infos = listing(refresh=True) if refresh and is_online(found) else listing()
            for info in infos:
                if language and not _lang_matches(info.language, language):
                    continue
                rows.append(
                    {
                        "engine": found.name,
                        "available": True,
                        "voice": info.spec,
                        "name": info.name,
                        "language": info.language,
                        "gender": info.gender,
                        "quality": info.quality,
                    }
                )
    return rows


def speak_sample(
    spec: str,
    *,
    language: str | None = None,
    text: str | None = None,
    cancel: CancelToken | None = None,
) -> SpeechResult:
    """Speak the sample sentence (or ``text``) with the voice ``engine:voice``."""
    from ..voice.preview import preview_voice

    engine, voice = parse_voice_spec(spec)
    with Store() as store:
        return preview_voice(
            engine,
            voice,
            language=language,
            text=text,
            context=NetContext(store=store),
            cancel=cancel,
        )


__all__ = ["engine_names", "set_chain", "speak_sample", "voice_rows"]
