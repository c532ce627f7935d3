from __future__ import annotations

import shutil

import pytest

from shortvid_desktop.core.errors import BadInputError, VoiceError
from shortvid_desktop.voice import (
    best_offline_voice,
    doctor_info,
    engines,
    get_engine,
    parse_voice_spec,
)
from shortvid_desktop.voice.espeak_engine import EspeakEngine
from shortvid_desktop.voice.piper_engine import PiperEngine

has_espeak = shutil.which("espeak-ng") is not None
needs_espeak = pytest.mark.skipif(not has_espeak, reason="espeak-ng is not installed")


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [
        ("piper:en_US-joe-medium", ("piper", "en_US-joe-medium")),
        ("espeak:cmn", ("espeak", "cmn")),
        (" Espeak : cmn ", ("espeak", "cmn")),
        ("espeak", ("espeak", "")),
        ("edge:zh-CN-XiaoxiaoNeural", ("edge", "zh-CN-XiaoxiaoNeural")),
    ],
)
def test_parse_voice_spec(spec: str, parsed: tuple[str, str]) -> None:
    assert parse_voice_spec(spec) == parsed


@pytest.mark.parametrize("spec", ["", "  ", ":cmn"])
def test_parse_voice_spec_rejects(spec: str) -> None:
    with pytest.raises(BadInputError):
        parse_voice_spec(spec)


@pytest.mark.parametrize("lang", ["en", "en-US", "en_GB", "EN"])
def test_english_gets_piper_joe(lang: str) -> None:
    assert best_offline_voice(lang) == ("piper", "en_US-joe-medium")


@needs_espeak
@pytest.mark.parametrize("lang", ["zh", "zh-CN", "zh_Hans", "cmn"])
def test_chinese_gets_espeak_mandarin(lang: str) -> None:
    expected = EspeakEngine().mandarin_voice()
    assert expected in ("cmn", "cmn-latn-pinyin")
    assert best_offline_voice(lang) == ("espeak", expected)


@needs_espeak
def test_other_languages_get_espeak() -> None:
    assert best_offline_voice("de") == ("espeak", "de")
    assert best_offline_voice("zh-HK") == ("espeak", "yue")


def test_no_voice_names_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(VoiceError, match="'xx-YY'"):
        best_offline_voice("xx-YY")
    monkeypatch.setattr(EspeakEngine, "available", lambda self: False)
    with pytest.raises(VoiceError, match="'zh'.*espeak-ng"):
        best_offline_voice("zh")


def test_english_falls_back_to_espeak_without_piper(monkeypatch: pytest.MonkeyPatch) -> None:
    if not has_espeak:
        pytest.skip("espeak-ng is not installed")
    monkeypatch.setattr(PiperEngine, "available", lambda self: False)
    assert best_offline_voice("en-US") == ("espeak", "en-us")


def test_engines_and_get_engine() -> None:
    names = [e.name for e in engines()]
    assert "piper" in names
    assert ("espeak" in names) == has_espeak
    assert get_engine("piper").name == "piper"
    with pytest.raises(VoiceError, match="Unknown voice engine 'nope'"):
        get_engine("nope")


def test_get_engine_explains_a_missing_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EspeakEngine, "available", lambda self: False)
    with pytest.raises(VoiceError, match="apt install espeak-ng"):
        get_engine("espeak")


def test_doctor_info() -> None:
    rows = {r["engine"]: r for r in doctor_info()}
    assert set(rows) >= {"piper", "espeak"}
    for row in rows.values():
        assert set(row) >= {"engine", "available", "voices", "quality"}
    assert rows["piper"]["available"] and "en_US-joe-medium" in rows["piper"]["voices"]
    assert "robotic but intelligible" in rows["espeak"]["quality"]
    assert "edge-tts" in rows["espeak"]["quality"]
    if has_espeak:
        assert "cmn" in rows["espeak"]["voices"]
    else:
        assert not rows["espeak"]["available"] and "espeak-ng" in rows["espeak"]["detail"]


def test_chinese_gets_cmn_where_espeak_reads_it_right(monkeypatch: pytest.MonkeyPatch) -> None:
    if not has_espeak:
        pytest.skip("espeak-ng is not installed")
    monkeypatch.setattr(EspeakEngine, "cmn_reads_pinyin_as_english", lambda self: False)
    assert best_offline_voice("zh-CN") == ("espeak", "cmn")
