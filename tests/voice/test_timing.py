from __future__ import annotations

import pytest
from voice_helpers import assert_timings_valid

from shortvid_desktop.voice.timing import (
    english_syllables,
    estimate_word_timings,
    split_words,
    words_to_text,
)

CASES = [
    ("Hello world, this is a test.", "en", ["Hello", "world", "this", "is", "a", "test"]),
    (
        'Mr. Smith paid $3.50 in the U.S.! "Really?" Yes—really...',
        "en",
        ["Mr.", "Smith", "paid", "$3.50", "in", "the", "U.S.", "Really", "Yes", "really"],
    ),
    ("It's 50% off, e.g. today.", "en-US", ["It's", "50%", "off", "e.g.", "today"]),
    (
        "今天天气很好，我们去公园散步吧。",
        "zh",
        ["今天天气", "很", "好", "我们", "去", "公园", "散步", "吧"],
    ),
    ("他说：“人工智能很重要。”", "zh-CN", ["他", "说", "人工智能", "很", "重要"]),
    ("2024年，AI芯片涨了3.5%！", "zh", ["2024", "年", "AI", "芯片", "涨", "了", "3.5%"]),
]


@pytest.mark.parametrize(("text", "lang", "words"), CASES)
def test_estimate_properties(text: str, lang: str, words: list[str]) -> None:
    duration = 3_217_001
    timings = estimate_word_timings(text, duration, lang)
    assert [w.word for w in timings] == words  # caption order, edge punctuation stripped
    assert all(w.estimated for w in timings)
    assert_timings_valid(timings, duration)
    assert timings[0].start_us == 0
    assert timings[-1].end_us == duration
    assert all(w.end_us > w.start_us for w in timings)


def test_punctuation_adds_a_pause() -> None:
    timings = estimate_word_timings("One, two three", 3_000_000, "en")
    one, two, three = timings
    assert two.start_us > one.end_us  # the comma is a gap
    assert three.start_us == two.end_us  # no punctuation, no gap


def test_weights_follow_length() -> None:
    en = {
        w.word: w.end_us - w.start_us for w in estimate_word_timings("a extraordinary", 10**6, "en")
    }
    assert en["extraordinary"] > 3 * en["a"]
    zh = {w.word: w.end_us - w.start_us for w in estimate_word_timings("人工智能好", 10**6, "zh")}
    assert zh["人工智能"] == pytest.approx(4 * zh["好"], rel=0.01)


def test_empty_and_zero_duration() -> None:
    assert estimate_word_timings("", 1_000_000, "en") == []
    assert estimate_word_timings(" ... !!", 1_000_000, "en") == []
    timings = estimate_word_timings("two words", 0, "en")
    assert [(w.start_us, w.end_us) for w in timings] == [(0, 0), (0, 0)]


def test_speech_bounds_and_pauses_pin_clauses() -> None:
    # Speech from 0.1 s to 2.9 s with a silence at 1.0-1.4 s: the comma boundary lands on it.
    text = "One two, three four five six seven"
    timings = estimate_word_timings(
        text, 3_000_000, "en", speech=(100_000, 2_900_000), pauses=[(1_000_000, 1_400_000)]
    )
    assert_timings_valid(timings, 3_000_000)
    by = {w.word: w for w in timings}
    assert by["One"].start_us == 100_000
    assert by["two"].end_us == 1_000_000
    assert by["three"].start_us == 1_400_000
    assert by["seven"].end_us == 2_900_000


def test_pause_far_from_any_boundary_is_ignored() -> None:
    timings = estimate_word_timings(
        "One two three four, five", 5_000_000, "en", pauses=[(200_000, 400_000)]
    )
    plain = estimate_word_timings("One two three four, five", 5_000_000, "en")
    assert timings == plain


def test_split_words_pause_weights() -> None:
    tokens = split_words("Stop. Go, now", "en")
    assert [t.word for t in tokens] == ["Stop", "Go", "now"]
    assert tokens[0].pause_after > tokens[1].pause_after > tokens[2].pause_after == 0
    assert tokens[0].trailing == "." and tokens[1].trailing == ","


def test_english_syllables() -> None:
    assert english_syllables("cat") == 1
    assert english_syllables("table") == 2
    assert english_syllables("make") == 1
    assert english_syllables("AI") == 2  # spelled out
    assert english_syllables("2024") > english_syllables("7")


def test_words_to_text() -> None:
    assert words_to_text(["Hello", "world"], "en") == "Hello world"
    assert words_to_text(["我们", "用", "AI", "Pro", "做", "视频"], "zh") == "我们用AI Pro做视频"
    timings = estimate_word_timings("今天天气很好", 1_000_000, "zh")
    assert words_to_text(timings, "zh") == "今天天气很好"
