"""OpenAI TTS through the local OpenAI-protocol server: audio, estimated timings, failures."""

from __future__ import annotations

import pytest
from servers.fixtures import TEST_KEY
from voice_helpers import assert_timings_valid, read_wav

from shortvid_desktop import net
from shortvid_desktop.core.errors import VoiceError
from shortvid_desktop.voice import synthesize_cached
from shortvid_desktop.voice.openai_engine import OpenAITTSEngine


def test_speech_with_estimated_timings_and_a_usage_row(openai_env, fast_context, tmp_path) -> None:
    engine = OpenAITTSEngine(fast_context)
    text = "Hello from the **paid** voice, with a pause. And more words."
    result = engine.synthesize(text, "nova", rate=1.5, out_path=tmp_path / "o.wav")
    (call,) = openai_env.calls("speech")
    body = call["body"]
    assert body["voice"] == "nova" and body["speed"] == 1.5 and body["model"] == "gpt-4o-mini-tts"
    assert body["input"] == "Hello from the paid voice, with a pause. And more words."
    assert body["response_format"] == "mp3" and call["authorization"] == f"Bearer {TEST_KEY}"
    assert result.engine == "openai" and result.voice == "nova"
    assert result.words_estimated and all(w.estimated for w in result.words)
    assert [w.word for w in result.words][:3] == ["Hello", "from", "the"]
    assert_timings_valid(result.words, result.duration_us)
    samples, rate, width, channels = read_wav(result.audio_path)
    assert (width, channels) == (2, 1) and len(samples) > rate  # over a second of audio
    (row,) = fast_context.store.usage
    assert row["provider"] == "openai" and row["model"] == "gpt-4o-mini-tts:nova"
    assert row["unit"] == "chars" and row["units_in"] == len(body["input"])
    assert row["cost_usd"] == pytest.approx(len(body["input"]) * 15 / 1e6)


def test_wav_format_setting(openai_env, memory_store, tmp_path) -> None:
    memory_store.settings["voice.openai.format"] = "wav"
    memory_store.settings["voice.openai.model"] = "tts-1"
    ctx = net.NetContext(store=memory_store, timeout_s=10, max_retries=0)
    result = OpenAITTSEngine(ctx).synthesize("Wave file please.", "alloy", out_path=tmp_path / "w")
    body = openai_env.calls("speech")[0]["body"]
    assert body["response_format"] == "wav" and body["model"] == "tts-1"
    assert result.duration_us > 1_000_000


def test_cache_hit_skips_the_network(openai_env, fast_context) -> None:
    engine = OpenAITTSEngine(fast_context)
    synthesize_cached(engine, "Say it once.", "alloy")
    synthesize_cached(engine, "Say it once.", "alloy")
    assert len(openai_env.calls("speech")) == 1 and len(fast_context.store.usage) == 1


def test_bad_key_is_a_voice_error_without_the_key(openai_env, fast_context, tmp_path) -> None:
    openai_env.api_key = "sk-the-right-one-0000000000"
    with pytest.raises(VoiceError, match="refused the API key") as info:
        OpenAITTSEngine(fast_context).synthesize("Hi.", "alloy", out_path=tmp_path / "x")
    assert TEST_KEY not in str(info.value)


def test_budget_refuses_before_sending(openai_env, fast_context, memory_store, tmp_path) -> None:
    memory_store.settings[net.SETTING_BUDGETS] = {"openai": 0.0}
    with pytest.raises(VoiceError, match="Refused before sending"):
        OpenAITTSEngine(fast_context).synthesize("Hi there.", "alloy", out_path=tmp_path / "x")
    assert openai_env.calls("speech") == []


def test_without_a_key_it_is_unavailable_and_says_why(fast_context) -> None:
    engine = OpenAITTSEngine(fast_context)
    assert not engine.available()
    assert "shortvid keys set openai" in engine.unavailable_reason()
    assert {v.id for v in engine.voices()} >= {"alloy", "nova", "shimmer"}
    assert engine.default_voice("zh") == "alloy"


def test_5xx_is_retried(openai_env, fast_context, tmp_path) -> None:
    openai_env.fail_next("speech", "500")
    OpenAITTSEngine(fast_context).synthesize("Retry me.", "alloy", out_path=tmp_path / "r")
    assert len(openai_env.calls("speech")) == 2
