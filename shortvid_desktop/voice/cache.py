"""Speech cache: one WAV + JSON sidecar per (engine, voice, rate, pitch, text).

The engine part is the engine's ``cache_id`` when it has one (e.g. edge-tts with a volume, OpenAI
TTS with its model), else its name.

Entries live in ``paths.cache_dir("voice")`` under the sha256 of the key. The WAV is written
first and the JSON last (both by rename), so an entry with a JSON sidecar is complete; a hit never
calls the engine. The text is cleaned for speech before hashing, so the same words with different
markdown share an entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from pathlib import Path
from typing import Any

from shortvid_desktop import paths
from shortvid_desktop.core.model import WordTiming
from shortvid_desktop.jobs import CancelToken

from ..core.text import clean_for_speech
from .base import SpeechResult, VoiceEngine, speakable_text

CACHE_VERSION = 1


def cache_key(engine: str, voice: str, rate: float, pitch: int, text: str) -> str:
    payload = json.dumps(
        [CACHE_VERSION, engine, voice, round(float(rate), 4), int(pitch), text],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def engine_cache_id(engine: VoiceEngine) -> str:
    """What the cache keys an engine on: its ``cache_id`` when it has one, else its name."""
    return str(getattr(engine, "cache_id", "") or engine.name)


def _entry(key: str) -> tuple[Path, Path]:
    folder = paths.cache_dir("voice", key[:2])
    return folder / f"{key}.wav", folder / f"{key}.json"


def _result_to_json(result: SpeechResult) -> dict[str, Any]:
    return {
        "version": CACHE_VERSION,
        "duration_us": result.duration_us,
        "words": [[w.word, w.start_us, w.end_us, w.estimated] for w in result.words],
        "words_estimated": result.words_estimated,
        "engine": result.engine,
        "voice": result.voice,
    }


def _load(key: str) -> SpeechResult | None:
    wav_path, json_path = _entry(key)
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
        if data.get("version") != CACHE_VERSION or wav_path.stat().st_size <= 44:
            return None
        words = [WordTiming(str(w), int(s), int(e), bool(est)) for w, s, e, est in data["words"]]
        return SpeechResult(
            audio_path=wav_path,
            duration_us=int(data["duration_us"]),
            words=words,
            words_estimated=bool(data["words_estimated"]),
            engine=str(data["engine"]),
            voice=str(data["voice"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def lookup(
    engine: str | VoiceEngine, voice: str, rate: float, pitch: int, text: str
) -> SpeechResult | None:
    """The cached result for exactly this request, or None (an engine or its cache id)."""
    name = engine if isinstance(engine, str) else engine_cache_id(engine)
    return _load(cache_key(name, voice, rate, pitch, clean_for_speech(text)))


def synthesize_cached(
    engine: VoiceEngine,
    text: str,
    voice: str,
    rate: float = 1.0,
    pitch: int = 0,
    cancel: CancelToken | None = None,
) -> SpeechResult:
    """``engine.synthesize`` through the cache; the WAV stays in the cache (do not delete it)."""
    spoken = speakable_text(text)
    key = cache_key(engine_cache_id(engine), voice, rate, pitch, spoken)
    hit = _load(key)
    if hit is not None:
        return hit
    wav_path, json_path = _entry(key)
    tmp = wav_path.with_name(f".{key}.{uuid.uuid4().hex[:8]}.wav")
    try:
        result = engine.synthesize(spoken, voice, rate, pitch, out_path=tmp, cancel=cancel)
        produced = Path(result.audio_path)
        os.replace(produced, wav_path)
        result.audio_path = wav_path
        tmp_json = json_path.with_name(f".{key}.{uuid.uuid4().hex[:8]}.json")
        tmp_json.write_text(json.dumps(_result_to_json(result), ensure_ascii=False), "utf-8")
        os.replace(tmp_json, json_path)
    finally:
        tmp.unlink(missing_ok=True)
    return result


def clear_cache() -> int:
    """Delete every cached voice file; returns how many files went."""
    removed = 0
    for path in paths.cache_dir("voice").rglob("*"):
        if path.is_file():
            path.unlink(missing_ok=True)
            removed += 1
    return removed


__all__ = ["cache_key", "clear_cache", "engine_cache_id", "lookup", "synthesize_cached"]
