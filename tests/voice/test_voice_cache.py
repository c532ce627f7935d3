from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from shortvid_desktop import paths
from shortvid_desktop.core.errors import BadInputError, VoiceError
from shortvid_desktop.core.model import WordTiming
from shortvid_desktop.jobs import CancelToken
from shortvid_desktop.voice import SpeechResult, VoiceInfo, synthesize_cached
from shortvid_desktop.voice.base import VoiceEngine
from shortvid_desktop.voice.cache import cache_key, clear_cache, lookup


class CountingEngine:
    """A fake engine: writes a short tone and counts calls."""

    name = "counting"

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[str, str, float, int]] = []
        self.fail = fail

    def available(self) -> bool:
        return True

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("v1", "Voice One", "en-US", engine=self.name)]

    def synthesize(
        self,
        text: str,
        voice: str,
        rate: float = 1.0,
        pitch: int = 0,
        *,
        out_path: Path,
        cancel: CancelToken | None = None,
    ) -> SpeechResult:
        self.calls.append((text, voice, rate, pitch))
        if self.fail:
            raise VoiceError("boom")
        rate_hz = 8000
        samples = (np.sin(np.arange(rate_hz // 2) * 0.3) * 8000).astype("<i2")
        with wave.open(str(out_path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate_hz)
            w.writeframes(samples.tobytes())
        words = [
            WordTiming(t, i * 100_000, i * 100_000 + 90_000, True)
            for i, t in enumerate(text.split())
        ]
        return SpeechResult(out_path, 500_000, words, True, self.name, voice)


def test_fake_engine_satisfies_the_protocol() -> None:
    assert isinstance(CountingEngine(), VoiceEngine)


def test_miss_then_hit_does_not_call_the_engine() -> None:
    engine = CountingEngine()
    first = synthesize_cached(engine, "Hello cached world.", "v1")
    assert len(engine.calls) == 1
    assert first.audio_path.is_file()
    assert first.audio_path.is_relative_to(paths.cache_dir("voice"))
    assert first.audio_path.with_suffix(".json").is_file()

    second = synthesize_cached(engine, "Hello cached world.", "v1")
    assert len(engine.calls) == 1  # a hit
    assert second.audio_path == first.audio_path
    assert second.words == first.words
    assert (second.duration_us, second.engine, second.voice) == (500_000, "counting", "v1")
    assert lookup("counting", "v1", 1.0, 0, "Hello cached world.") == second


def test_markdown_variants_share_an_entry_and_the_engine_gets_clean_text() -> None:
    engine = CountingEngine()
    synthesize_cached(engine, "**Hello** world 🎉", "v1")
    synthesize_cached(engine, "Hello world", "v1")
    assert [c[0] for c in engine.calls] == ["Hello world."]


@pytest.mark.parametrize(
    "change", [{"voice": "v2"}, {"rate": 1.25}, {"pitch": 10}, {"text": "Other words."}]
)
def test_each_key_part_matters(change: dict) -> None:
    engine = CountingEngine()
    base = {"text": "Some words.", "voice": "v1", "rate": 1.0, "pitch": 0}
    synthesize_cached(engine, **base)
    synthesize_cached(engine, **{**base, **change})
    assert len(engine.calls) == 2


def test_key_includes_the_engine() -> None:
    assert cache_key("a", "v", 1.0, 0, "x") != cache_key("b", "v", 1.0, 0, "x")
    assert cache_key("a", "v", 1.0, 0, "x") == cache_key("a", "v", 1.00001, 0, "x")


def test_a_damaged_entry_is_rebuilt() -> None:
    engine = CountingEngine()
    first = synthesize_cached(engine, "Fix me.", "v1")
    first.audio_path.with_suffix(".json").write_text("{not json", "utf-8")
    again = synthesize_cached(engine, "Fix me.", "v1")
    assert len(engine.calls) == 2 and again.audio_path.is_file()


def test_failure_leaves_no_entry_and_no_temp_files() -> None:
    engine = CountingEngine(fail=True)
    with pytest.raises(VoiceError):
        synthesize_cached(engine, "Will fail.", "v1")
    assert [p for p in paths.cache_dir("voice").rglob("*") if p.is_file()] == []
    assert lookup("counting", "v1", 1.0, 0, "Will fail.") is None


def test_empty_text_is_refused_before_the_engine() -> None:
    engine = CountingEngine()
    with pytest.raises(BadInputError):
        synthesize_cached(engine, "  ** 🎉 ", "v1")
    assert engine.calls == []


def test_clear_cache() -> None:
    engine = CountingEngine()
    synthesize_cached(engine, "One.", "v1")
    synthesize_cached(engine, "Two.", "v1")
    assert clear_cache() == 4
    synthesize_cached(engine, "One.", "v1")
    assert len(engine.calls) == 3
