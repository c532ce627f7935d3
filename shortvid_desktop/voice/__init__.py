"""Voices: offline text-to-speech engines behind one protocol, word timings and a cache.

    from shortvid_desktop.voice import best_offline_voice, get_engine, synthesize_cached
    engine_name, voice = best_offline_voice("en")
    result = synthesize_cached(get_engine(engine_name), "Hello there.", voice)
    result.audio_path, result.duration_us, result.words

Engines: ``piper`` (natural US English, real word timings) and ``espeak`` (espeak-ng: Mandarin and
100+ languages, robotic, estimated timings) offline; ``edge`` (edge-tts: natural online voices,
real word timings from WordBoundary events) and ``openai`` (OpenAI TTS, estimated timings) online.
``VoiceChain`` falls back from one engine to the next in the user's order and says why;
``preview_voice`` speaks a short cached sample. Text is cleaned for speech (markdown, emoji and
URLs removed) before any engine sees it.
"""

from __future__ import annotations

from ..core.text import clean_for_speech, strip_markdown
from .base import SpeechResult, VoiceEngine, VoiceInfo
from .cache import cache_key, clear_cache, synthesize_cached
from .chain import ChainResult, VoiceChain
from .edge_engine import EdgeEngine
from .espeak_engine import EspeakEngine
from .openai_engine import OpenAITTSEngine
from .piper_engine import PiperEngine
from .preview import preview_voice, sample_text
from .registry import (
    all_engines,
    best_offline_voice,
    default_voice,
    doctor_info,
    engines,
    get_engine,
    is_online,
    parse_voice_spec,
    register_engine,
)
from .timing import estimate_word_timings, split_words, words_to_text

__all__ = [
    "ChainResult",
    "EdgeEngine",
    "EspeakEngine",
    "OpenAITTSEngine",
    "PiperEngine",
    "SpeechResult",
    "VoiceEngine",
    "VoiceInfo",
    "all_engines",
    "VoiceChain",
    "best_offline_voice",
    "cache_key",
    "clean_for_speech",
    "clear_cache",
    "default_voice",
    "doctor_info",
    "engines",
    "estimate_word_timings",
    "get_engine",
    "is_online",
    "parse_voice_spec",
    "preview_voice",
    "register_engine",
    "sample_text",
    "split_words",
    "strip_markdown",
    "synthesize_cached",
    "words_to_text",
]
