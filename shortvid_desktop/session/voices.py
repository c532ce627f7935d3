"""Voices for the window's voice pickers (no Qt): what can speak here, by language, and previews.

``list_voices(online=False)`` never touches the network: the offline engines' voices plus the
online engines' cached lists (edge-tts keeps its last downloaded list on disk, else a short
built-in one). ``list_voices(online=True)`` downloads the edge-tts list again (in a job, never on
the GUI thread); when that fails (offline, 403) the cached list is used and a note says why. A
spec is "engine:voice" as a Project stores it; "" means the default (the project's voice, or the
best offline voice for the language).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import BadInputError
from ..jobs import Cancelled, CancelToken, Progress
from ..voice.base import VoiceInfo
from ..voice.registry import all_engines, best_offline_voice, is_online, parse_voice_spec

MULTILINGUAL = "mul"


@dataclass
class VoiceListing:
    """The voices a picker offers and notes for the user (an engine missing, a failed list)."""

    voices: list[VoiceInfo] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    online: bool = False  # True when the online lists were asked for (maybe downloaded)


def base_language(language: str) -> str:
    """ "zh-CN" -> "zh", "en_US" -> "en", "cmn" -> "zh" (espeak's Mandarin), "" -> ""."""
    base = language.strip().lower().replace("_", "-").split("-")[0]
    return {"cmn": "zh", "yue": "zh"}.get(base, base)


def list_voices(
    online: bool = False, cancel: CancelToken | None = None, context: object = None
) -> VoiceListing:
    """Every voice of the engines available here; offline engines first, then online ones.
    Downloading the online lists uses the app's settings (proxy, timeouts) unless ``context``
    is given."""
    if online and context is None:
        from ..net import NetContext
        from ..store import Store

        try:
            store = Store()
        except Exception:  # noqa: BLE001 - without the database: default settings
            return list_voices(online, cancel, NetContext())
        with store:
            return list_voices(online, cancel, NetContext(store=store))
    out = VoiceListing(online=online)
    engines = sorted(all_engines(), key=lambda e: (is_online(e), e.name))
    for engine in engines:
        if cancel is not None:
            cancel.raise_if_cancelled()
        bind = getattr(engine, "with_context", None)
        if callable(bind) and context is not None:
            engine = bind(context)
        try:
            if not engine.available():
                continue
            cached = getattr(engine, "cached_voices", None)
            fetch = getattr(engine, "fetch_voices", None)
            if is_online(engine) and callable(cached):
                if online and callable(fetch):
                    try:
                        fetch(cancel)  # downloads and caches the list
                    except Cancelled:
                        raise
                    except Exception as exc:  # noqa: BLE001 - offline, 403: the cached list
                        out.notes.append(
                            f"{engine.name}: the voice list could not be downloaded ({exc}); "
                            "showing the voices known from before."
                        )
                infos = cached()
            else:
                infos = engine.voices()
        except Cancelled:
            raise
        except Exception as exc:  # noqa: BLE001 - one engine's trouble never hides the others
            out.notes.append(f"{engine.name}: {exc}")
            continue
        out.voices += [
            v if v.engine else VoiceInfo(v.id, v.name, v.language, v.gender, engine.name, v.quality)
            for v in infos
        ]
    return out


def voice_languages(voices: list[VoiceInfo]) -> list[str]:
    """The base languages of ``voices`` ("en", "zh", ...), sorted; multilingual ones left out."""
    langs = {base_language(v.language) for v in voices}
    langs.discard(MULTILINGUAL)
    langs.discard("")
    return sorted(langs)


def filter_voices(voices: list[VoiceInfo], language: str) -> list[VoiceInfo]:
    """The voices that speak ``language`` (its base language; "" = all). Multilingual voices
    (OpenAI) speak every language."""
    base = base_language(language)
    if not base:
        return list(voices)
    return [
        v
        for v in voices
        if base_language(v.language) == base or base_language(v.language) == MULTILINGUAL
    ]


def preview_job(spec: str, language: str) -> Callable[[Progress, CancelToken], Path]:
    """A job speaking the sample sentence with the voice ``spec`` (through the speech cache;
    an online voice uses the network, so run it on a worker thread). Returns the WAV path."""
    spec = spec.strip()
    if spec:
        engine_name, voice = parse_voice_spec(spec)
    else:
        engine_name, voice = "", ""
    lang = language or "en"

    def run(progress: Progress, cancel: CancelToken) -> Path:
        from ..voice.preview import preview_voice

        name, chosen = engine_name, voice
        if not name:
            name, chosen = best_offline_voice(lang)
        progress(0.1, "Speaking a sample")
        store = None
        try:
            from ..net import NetContext
            from ..store import Store

            try:
                store = Store()
            except Exception:  # noqa: BLE001 - without the database: default settings
                store = None
            context = NetContext(store=store) if store is not None else NetContext()
            result = preview_voice(
                name,
                chosen,
                language=lang if not chosen else None,
                context=context,
                cancel=cancel,
            )
        finally:
            if store is not None:
                store.close()
        if not Path(result.audio_path).is_file():
            raise BadInputError(f"The voice {name}:{chosen} wrote no audio.")
        progress(1.0, "Done")
        return Path(result.audio_path)

    return run


__all__ = [
    "MULTILINGUAL",
    "VoiceInfo",
    "VoiceListing",
    "base_language",
    "filter_voices",
    "list_voices",
    "preview_job",
    "voice_languages",
]
