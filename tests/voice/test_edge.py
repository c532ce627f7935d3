"""edge-tts through a real local websocket server speaking its protocol."""

from __future__ import annotations

import json
import os
import time

import pytest
from voice_helpers import assert_timings_valid, read_wav, rms_db

from shortvid_desktop import net, paths
from shortvid_desktop.core.errors import VoiceError
from shortvid_desktop.jobs import Cancelled, CancelToken
from shortvid_desktop.voice import synthesize_cached
from shortvid_desktop.voice.edge_engine import (
    VOICE_LIST_MAX_AGE_S,
    EdgeEngine,
    _voice_list_path,
)


def test_word_boundaries_become_real_word_timings(edge_server, fast_context, tmp_path) -> None:
    engine = EdgeEngine(fast_context, volume=-10)
    text = "Hello there, this is **edge** speaking 🚀."
    result = engine.synthesize(
        text, "en-US-AriaNeural", rate=1.25, pitch=10, out_path=tmp_path / "e.wav"
    )
    (req,) = edge_server.requests
    assert (
        req["word_boundary"] and '"outputFormat":"audio-24khz-48kbitrate-mono-mp3"' in req["config"]
    )
    assert req["voice"] == "Microsoft Server Speech Text to Speech Voice (en-US, AriaNeural)"
    assert (req["rate"], req["pitch"], req["volume"]) == ("+25%", "+20Hz", "-10%")
    assert req["text"] == "Hello there, this is edge speaking."  # markdown/emoji never sent
    assert result.engine == "edge" and result.voice == "en-US-AriaNeural"
    assert not result.words_estimated and not any(w.estimated for w in result.words)
    assert [w.word for w in result.words] == ["Hello", "there", "this", "is", "edge", "speaking"]
    assert_timings_valid(result.words, result.duration_us)
    samples, rate, width, channels = read_wav(result.audio_path)
    assert (rate, width, channels) == (24000, 2, 1)
    assert abs(len(samples) * 1_000_000 // rate - result.duration_us) <= 50
    # the server's tones sit exactly where its WordBoundary events say: check in the audio
    for w in result.words:
        inside = samples[
            w.start_us * rate // 1_000_000 + 1200 : w.end_us * rate // 1_000_000 - 1200
        ]
        assert rms_db(inside) > -20, w
    for a, b in zip(result.words, result.words[1:], strict=False):
        gap = samples[a.end_us * rate // 1_000_000 + 300 : b.start_us * rate // 1_000_000 - 300]
        assert rms_db(gap) < -40, (a, b)
    assert result.words[0].start_us == 50_000  # 100 ms lead trimmed to the 50 ms margin
    (row,) = fast_context.store.usage
    assert (row["provider"], row["model"], row["unit"]) == ("edge", "en-US-AriaNeural", "chars")
    assert row["units_in"] == len("Hello there, this is edge speaking.") and row["cost_usd"] == 0


def test_chinese_words_from_boundaries(edge_server, fast_context, tmp_path) -> None:
    result = EdgeEngine(fast_context).synthesize(
        "人工智能改变世界。", "zh-CN-XiaoxiaoNeural", out_path=tmp_path / "zh.wav"
    )
    assert [w.word for w in result.words] == ["人工", "智能", "改变", "世界"]
    assert not result.words_estimated


def test_cache_hit_skips_the_network(edge_server, fast_context) -> None:
    engine = EdgeEngine(fast_context)
    first = synthesize_cached(engine, "Cached words here.", "en-US-AriaNeural")
    second = synthesize_cached(engine, "Cached  **words** here.", "en-US-AriaNeural")
    assert edge_server.handshakes == 1
    assert second.audio_path == first.audio_path and second.words == first.words
    synthesize_cached(EdgeEngine(fast_context, volume=20), "Cached words here.", "en-US-AriaNeural")
    assert edge_server.handshakes == 2  # the volume is part of the cache key


def test_403_is_reported_not_retried(edge_server, fast_context, tmp_path) -> None:
    edge_server.fail_next("403", "403")
    with pytest.raises(VoiceError, match="(?i)403 Forbidden.*update edge-tts"):
        EdgeEngine(fast_context).synthesize(
            "Hi there.", "en-US-AriaNeural", out_path=tmp_path / "x"
        )
    assert edge_server.handshakes == 2  # edge-tts itself retries once after a clock fix
    assert fast_context.store.usage == []


def test_a_stream_closed_midway_is_retried(edge_server, fast_context, tmp_path) -> None:
    edge_server.fail_next("close_mid")
    result = EdgeEngine(fast_context).synthesize(
        "One two three four five six seven eight.", "en-US-AriaNeural", out_path=tmp_path / "a"
    )
    assert edge_server.handshakes == 2 and len(result.words) == 8


def test_a_stream_that_keeps_closing_fails_after_the_retries(
    edge_server, fast_context, tmp_path
) -> None:
    edge_server.fail_next("close_mid", "close_mid", "close_mid")
    with pytest.raises(VoiceError, match="closed before the service finished"):
        EdgeEngine(fast_context).synthesize("One two.", "en-US-AriaNeural", out_path=tmp_path / "a")
    assert edge_server.handshakes == 3  # max_retries=2


def test_no_audio_is_reported(edge_server, fast_context, tmp_path) -> None:
    edge_server.fail_next("no_audio")
    with pytest.raises(VoiceError, match="no audio"):
        EdgeEngine(fast_context).synthesize("Hello.", "en-US-AriaNeural", out_path=tmp_path / "a")
    assert edge_server.handshakes == 1


def test_server_errors_at_the_handshake_are_retried(edge_server, fast_context, tmp_path) -> None:
    edge_server.fail_next("500", "429")
    result = EdgeEngine(fast_context).synthesize(
        "Hello.", "en-US-AriaNeural", out_path=tmp_path / "a"
    )
    assert edge_server.handshakes == 3 and [w.word for w in result.words] == ["Hello"]


def test_cancel_stops_a_hanging_stream(edge_server, fast_context, tmp_path) -> None:
    cancel = CancelToken()
    edge_server.fail_next("hang")
    edge_server.on_ssml = cancel.cancel
    with pytest.raises(Cancelled):
        EdgeEngine(fast_context).synthesize(
            "Hello.", "en-US-AriaNeural", out_path=tmp_path / "a", cancel=cancel
        )
    with pytest.raises(Cancelled):  # and a cancelled token stops the next call before it starts
        EdgeEngine(fast_context).synthesize(
            "Hello.", "en-US-AriaNeural", out_path=tmp_path / "b", cancel=cancel
        )
    assert edge_server.handshakes == 1


def test_a_stream_past_the_timeout_fails(edge_server, memory_store, tmp_path) -> None:
    edge_server.fail_next("hang")
    ctx = net.NetContext(store=memory_store, timeout_s=0.3, max_retries=0)
    with pytest.raises(VoiceError, match="no answer in time"):
        EdgeEngine(ctx).synthesize("Hello.", "en-US-AriaNeural", out_path=tmp_path / "a")


def test_an_explicit_proxy_carries_the_websocket(
    edge_server, memory_store, tmp_path, monkeypatch
) -> None:
    import edge_tts.communicate

    port = edge_server.thread.port
    far = edge_server.wss_url.replace(f"127.0.0.1:{port}", "speech.shortvid-test.invalid")
    monkeypatch.setattr(edge_tts.communicate, "WSS_URL", far)
    ctx = net.NetContext(
        store=memory_store, timeout_s=5, max_retries=0, proxy=f"http://127.0.0.1:{port}"
    )
    result = EdgeEngine(ctx).synthesize("Via proxy.", "en-US-AriaNeural", out_path=tmp_path / "p")
    assert [w.word for w in result.words] == ["Via", "proxy"]
    assert edge_server.requests[0]["url"].startswith("http://speech.shortvid-test.invalid/")


def test_a_socks_proxy_is_refused_clearly(edge_server, memory_store, tmp_path, monkeypatch) -> None:
    import edge_tts.communicate

    ctx = net.NetContext(store=memory_store, proxy="socks5://127.0.0.1:1080")
    far = edge_server.wss_url.replace("127.0.0.1", "example.invalid")
    monkeypatch.setattr(edge_tts.communicate, "WSS_URL", far)
    with pytest.raises(VoiceError, match="HTTP proxy"):
        EdgeEngine(ctx).synthesize("Hi.", "en-US-AriaNeural", out_path=tmp_path / "s")


# --------------------------------------------------------------------------- voice list
def test_voice_list_is_cached_on_disk_and_refreshed_weekly(edge_server, fast_context) -> None:
    engine = EdgeEngine(fast_context)
    first = engine.voices()
    assert edge_server.voice_list_calls == 1
    assert {"en-US-AriaNeural", "zh-CN-XiaoxiaoNeural", "sw-KE-ZuriNeural"} <= {v.id for v in first}
    zh = next(v for v in first if v.id == "zh-CN-XiaoxiaoNeural")
    assert (zh.language, zh.gender, zh.engine) == ("zh-CN", "female", "edge")
    assert engine.voices() == first and edge_server.voice_list_calls == 1  # from the disk
    path = _voice_list_path()
    assert path.parent == paths.cache_dir("voices")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["fetched"] = time.time() - VOICE_LIST_MAX_AGE_S - 60
    path.write_text(json.dumps(data), encoding="utf-8")
    engine.voices()
    assert edge_server.voice_list_calls == 2  # older than a week: downloaded again
    engine.voices(refresh=True)
    assert edge_server.voice_list_calls == 3


def test_voice_list_download_failure_keeps_the_old_list(edge_server, fast_context) -> None:
    engine = EdgeEngine(fast_context)
    assert {v.id for v in engine.cached_voices()} >= {"en-US-AriaNeural"}  # built in, no network
    assert edge_server.voice_list_calls == 0
    edge_server.voice_plan.extend(["403", "403"])
    builtin = engine.voices()  # no cache yet and the download fails: the built-in list
    assert "zh-CN-XiaoxiaoNeural" in {v.id for v in builtin}
    engine.voices()
    stale = engine.voices(refresh=True)
    edge_server.voice_plan.extend(["500", "500", "500"])
    assert engine.voices(refresh=True) == stale
    assert os.path.exists(_voice_list_path())


@pytest.mark.parametrize(
    ("lang", "voice"),
    [
        ("en", "en-US-AriaNeural"),
        ("zh-CN", "zh-CN-XiaoxiaoNeural"),
        ("zh-TW", "zh-TW-HsiaoChenNeural"),
        ("de", "de-DE-KatjaNeural"),
    ],
)
def test_default_voices(lang: str, voice: str) -> None:
    assert EdgeEngine().default_voice(lang) == voice


def test_unknown_language_has_no_default() -> None:
    with pytest.raises(VoiceError, match="'xx'"):
        EdgeEngine().default_voice("xx")


def test_engine_reports_itself() -> None:
    engine = EdgeEngine()
    assert engine.available() and engine.online and engine.cache_id == "edge"
    assert EdgeEngine(volume=5).cache_id == "edge@vol+5"
    from shortvid_desktop.voice.base import VoiceEngine

    assert isinstance(engine, VoiceEngine)
