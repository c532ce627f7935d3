"""Real espeak-ng synthesis (Mandarin). Skipped where the espeak-ng program is missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from voice_helpers import assert_timings_valid, read_wav, rms_db

from shortvid_desktop.core.errors import BadInputError, VoiceError
from shortvid_desktop.jobs import Cancelled, CancelToken
from shortvid_desktop.voice.espeak_engine import EspeakEngine
from shortvid_desktop.voice.timing import split_words

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng is not installed (apt install espeak-ng): it is the offline Chinese voice",
)
ZH = "今天天气很好，我们去公园散步吧。人工智能正在改变世界！"


@pytest.fixture(scope="module")
def engine() -> EspeakEngine:
    return EspeakEngine()


@pytest.fixture(scope="module")
def spoken(engine: EspeakEngine, tmp_path_factory: pytest.TempPathFactory):
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt install espeak-ng)")
    return engine.synthesize(ZH, "", out_path=tmp_path_factory.mktemp("es") / "zh.wav")


@needs_espeak
def test_voices_include_mandarin(engine: EspeakEngine) -> None:
    by_id = {v.id: v for v in engine.voices()}
    assert by_id["cmn"].language == by_id["cmn-latn-pinyin"].language == "zh-CN"
    assert "robotic" in by_id[engine.mandarin_voice()].quality
    assert by_id["en-us"].language == "en-US"
    assert not any(v.id.startswith("mb-") for v in by_id.values())


@needs_espeak
def test_the_mandarin_voice_reads_characters_as_mandarin(engine: EspeakEngine) -> None:
    # espeak-ng 1.51's "cmn" says "好" as English "h a o three"; the voice we use must not.
    voice = engine.mandarin_voice()
    out = subprocess.run(
        ["espeak-ng", "-v", voice, "-q", "-x", "今天天气很好"], capture_output=True, text=True
    ).stdout
    assert out.strip() and "(en)" not in out


@needs_espeak
def test_broken_cmn_is_spoken_with_the_pinyin_voice(engine: EspeakEngine, tmp_path: Path) -> None:
    result = engine.synthesize("你好。", "cmn", out_path=tmp_path / "n.wav")
    assert result.voice == engine.mandarin_voice()


@needs_espeak
def test_chinese_synthesis(spoken) -> None:
    samples, rate, width, channels = read_wav(spoken.audio_path)
    assert (width, channels) == (2, 1) and rate > 0
    assert spoken.duration_us == round(len(samples) * 1_000_000 / rate)
    assert spoken.duration_us > 2_000_000
    assert spoken.engine == "espeak" and spoken.voice in ("cmn", "cmn-latn-pinyin")
    assert [w.word for w in spoken.words] == [t.word for t in split_words(ZH, "zh")]
    assert spoken.words_estimated and all(w.estimated for w in spoken.words)
    assert_timings_valid(spoken.words, spoken.duration_us)
    assert spoken.words[0].start_us < 100_000  # silence trimmed to a small margin
    assert spoken.duration_us - spoken.words[-1].end_us < 250_000


@needs_espeak
def test_clause_boundaries_sit_on_the_pauses(spoken) -> None:
    samples, rate, _, _ = read_wav(spoken.audio_path)
    words = {w.word: w for w in spoken.words}
    for before, after in (("好", "我们"), ("吧", "人工智能")):
        gap = samples[
            words[before].end_us * rate // 1_000_000 : words[after].start_us * rate // 1_000_000
        ]
        assert len(gap) > rate // 20, (before, after)  # a real gap of 50 ms or more
        assert rms_db(gap) < -45, (before, after)  # and it is silent


@needs_espeak
def test_rate_and_pitch(engine: EspeakEngine, spoken, tmp_path: Path) -> None:
    fast = engine.synthesize(ZH, "", rate=2.0, pitch=20, out_path=tmp_path / "fast.wav")
    assert fast.duration_us < 0.75 * spoken.duration_us


@needs_espeak
def test_english_voice(engine: EspeakEngine, tmp_path: Path) -> None:
    result = engine.synthesize("**Hello** world, again.", "en-us", out_path=tmp_path / "en.wav")
    assert [w.word for w in result.words] == ["Hello", "world", "again"]
    assert_timings_valid(result.words, result.duration_us)


@needs_espeak
def test_errors(engine: EspeakEngine, tmp_path: Path) -> None:
    with pytest.raises(VoiceError, match="no voice"):
        engine.synthesize("你好", "klingon-x", out_path=tmp_path / "x.wav")
    with pytest.raises(BadInputError):
        engine.synthesize("🎉 ** ", "cmn", out_path=tmp_path / "x.wav")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        engine.synthesize("你好", "cmn", out_path=tmp_path / "x.wav", cancel=token)
    assert not list(tmp_path.iterdir())  # no temp files left behind


def test_unavailable_without_the_program(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    engine = EspeakEngine()
    assert not engine.available()
    assert engine.voices() == []
    with pytest.raises(VoiceError, match="espeak-ng is not installed"):
        engine.synthesize("你好", "cmn", out_path=tmp_path / "x.wav")
