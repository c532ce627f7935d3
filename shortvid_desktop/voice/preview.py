"""Voice preview: a short sample sentence in the voice's language, spoken once and cached.

``preview_voice("edge", "zh-CN-XiaoxiaoNeural")`` returns a SpeechResult whose WAV the window
plays; a second preview of the same voice (and rate/pitch) comes from the speech cache without
touching the network.
"""

from __future__ import annotations

from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.jobs import CancelToken
from shortvid_desktop.net import NetContext

from ..core.text import is_chinese_language
from .base import SpeechResult, VoiceEngine
from .cache import synthesize_cached
from .registry import default_voice, get_engine

SAMPLES: dict[str, str] = {
    "en": "Hi! This is how I will sound in your video.",
    "zh": "你好！这就是我在你的视频里的声音。",
    "ja": "こんにちは。これがあなたの動画での私の声です。",
    "ko": "안녕하세요! 영상에서 제 목소리는 이렇게 들려요.",
    "es": "¡Hola! Así sonaré en tu vídeo.",
    "fr": "Bonjour ! Voici ma voix dans votre vidéo.",
    "de": "Hallo! So klinge ich in deinem Video.",
    "pt": "Olá! É assim que vou soar no seu vídeo.",
    "it": "Ciao! Ecco come suonerò nel tuo video.",
    "ru": "Привет! Так я буду звучать в вашем видео.",
}


def sample_text(language: str) -> str:
    """The preview sentence for a language (English when there is none for it)."""
    lang = (language or "en").lower().replace("_", "-")
    if is_chinese_language(lang):
        return SAMPLES["zh"]
    return SAMPLES.get(lang.split("-")[0], SAMPLES["en"])


def _voice_language(engine: VoiceEngine, voice: str) -> str:
    cached = getattr(engine, "cached_voices", None)
    infos = cached() if callable(cached) else engine.voices()
    for info in infos:
        if info.id == voice and info.language not in ("", "mul"):
            return info.language
    parts = voice.split("-")  # edge-style ids carry the locale: zh-CN-XiaoxiaoNeural
    if len(parts) >= 3 and len(parts[0]) in (2, 3):
        return f"{parts[0]}-{parts[1]}"
    return "en"


def preview_voice(
    engine_name: str,
    voice: str = "",
    *,
    language: str | None = None,
    text: str | None = None,
    rate: float = 1.0,
    pitch: int = 0,
    context: NetContext | None = None,
    cancel: CancelToken | None = None,
) -> SpeechResult:
    """Speak the sample sentence (or ``text``) with one voice, through the speech cache."""
    engine = get_engine(engine_name)
    bind = getattr(engine, "with_context", None)
    if callable(bind) and context is not None:
        engine = bind(context)
    if not voice:
        voice = default_voice(engine, language or "en")
    lang = language or _voice_language(engine, voice)
    sample = text if text is not None else sample_text(lang)
    if not sample.strip():
        raise BadInputError("The preview text is empty")
    return synthesize_cached(engine, sample, voice, rate, pitch, cancel=cancel)


__all__ = ["SAMPLES", "preview_voice", "sample_text"]
