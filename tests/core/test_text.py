from __future__ import annotations

import pytest

from shortvid_desktop.core.text import (
    clean_for_speech,
    detect_language,
    is_chinese_language,
    strip_emoji,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Title\n\nBody text here.", "Title. Body text here."),
        ("**Bold** and *italic* 🎉!", "Bold and italic!"),
        ("- one\n- two\n- three", "one. two. three."),
        ("Read [the docs](https://example.com) now.", "Read the docs now."),
        ("Visit https://example.com/page today.", "Visit today."),
        ("# 标题\n今天天气很好 😀\n我们去公园", "标题。今天天气很好。我们去公园。"),
        ("Line one that is long enough to wrap\nonto the next line.", None),
        ("", ""),
        ("🎉🎉 ✨", ""),
    ],
)
def test_clean_for_speech(text: str, expected: str | None) -> None:
    out = clean_for_speech(text)
    if expected is None:  # a hard-wrapped line is joined, not ended with a stop
        assert out == "Line one that is long enough to wrap onto the next line."
    else:
        assert out == expected
    assert "\n" not in out


def test_clean_for_speech_keeps_sentence_punctuation() -> None:
    text = "Really? Yes! Wait, what; fine: ok. 真的吗？是的！"
    assert clean_for_speech(text) == text


def test_strip_emoji_keeps_ordinary_symbols() -> None:
    assert strip_emoji("Price © 2024 → up 👍🏽 😀 ✨") == "Price © 2024 → up   "
    assert strip_emoji("家庭👨‍👩‍👧") == "家庭"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Hello world", "en"),
        ("今天天气很好", "zh"),
        ("我买了 iPhone 和 MacBook", "zh"),
        ("The word 你好 means hello", "en"),
        ("", "en"),
        ("12345", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("code", ["zh", "zh-CN", "zh_Hans", "cmn", "yue", "ZH-tw"])
def test_is_chinese_language(code: str) -> None:
    assert is_chinese_language(code)


@pytest.mark.parametrize("code", ["en", "en-US", "de", "ja", ""])
def test_is_not_chinese_language(code: str) -> None:
    assert not is_chinese_language(code)


@pytest.mark.parametrize(
    "text",
    [
        "# T\n- a\n- b",
        "Hi 👋 [x](http://y) **z**",
        "今天\n天气",
        "One.\nTwo",
        "a\n\n\nb c d e f g\nh",
    ],
)
def test_clean_for_speech_is_idempotent(text: str) -> None:
    once = clean_for_speech(text)
    assert clean_for_speech(once) == once
