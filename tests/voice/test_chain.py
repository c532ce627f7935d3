"""The user-ordered fallback chain: which engine spoke which scene, and why."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from shortvid_desktop import net
from shortvid_desktop.core.errors import BadInputError, VoiceError
from shortvid_desktop.core.model import WordTiming
from shortvid_desktop.jobs import CancelToken
from shortvid_desktop.voice import SpeechResult, VoiceInfo
from shortvid_desktop.voice.chain import DEFAULT_ORDER, SETTING_CHAIN, VoiceChain, check_order
from shortvid_desktop.voice.registry import get_engine


class FakeEngine:
    """Writes a short tone; fails when told to; counts calls."""

    def __init__(self, name: str, fail: str = "", available: bool = True) -> None:
        self.name = name
        self.fail = fail
        self._available = available
        self.calls: list[str] = []

    def available(self) -> bool:
        return self._available

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("v1", "Voice", "en-US", engine=self.name)]

    def default_voice(self, language: str) -> str:
        return "v1"

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
        self.calls.append(text)
        if self.fail == "voice":
            raise VoiceError(f"{self.name} is down")
        if self.fail == "crash":
            raise KeyError("library changed")
        samples = (np.sin(np.arange(4000) * 0.3) * 8000).astype("<i2")
        with wave.open(str(out_path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(8000)
            w.writeframes(samples.tobytes())
        return SpeechResult(
            out_path, 500_000, [WordTiming("x", 0, 400_000)], False, self.name, voice
        )


def _lookup(*engines: FakeEngine):
    table = {e.name: e for e in engines}

    def get(name: str):
        if name not in table:
            raise VoiceError(f"Unknown voice engine {name!r}")
        return table[name]

    return get


def test_edge_403_falls_back_to_openai_and_says_why(edge_server, openai_env, memory_store) -> None:
    edge_server.fail_next("403", "403")
    chain = VoiceChain(DEFAULT_ORDER, context=net.NetContext(store=memory_store, max_retries=1))
    first = chain.speak("First scene text.", "en", ("edge", "en-US-AriaNeural"), label="Scene 1")
    assert (first.engine, first.voice, first.fell_back) == ("openai", "alloy", True)
    (notice,) = first.notices
    assert notice.startswith(
        "Scene 1: spoken by openai:alloy instead of edge:en-US-AriaNeural. "
        "edge:en-US-AriaNeural failed: edge-tts was refused (403 Forbidden)"
    )
    second = chain.speak("Second scene text.", "en", ("edge", "en-US-AriaNeural"), label="Scene 2")
    assert second.engine == "openai" and "not tried again" in second.notices[0]
    assert edge_server.handshakes == 2  # edge-tts's own single retry, then never again
    assert [r["provider"] for r in memory_store.usage] == ["openai", "openai"]


def test_without_a_key_openai_is_skipped_and_the_offline_voice_speaks(
    edge_server, memory_store
) -> None:
    edge_server.fail_next("403", "403")
    chain = VoiceChain(DEFAULT_ORDER, context=net.NetContext(store=memory_store))
    spoke = chain.speak("Offline saves the day.", "en", ("edge", "en-US-AriaNeural"), label="S1")
    assert spoke.spec == "piper:en_US-joe-medium" and spoke.result.engine == "piper"
    assert "openai skipped: no OpenAI key: `shortvid keys set openai`" in spoke.notices[0]


def test_the_users_order_is_followed() -> None:
    chain = VoiceChain(["openai", "edge", "offline"])
    assert chain.candidates("en") == [("openai", ""), ("edge", ""), ("piper", "en_US-joe-medium")]
    assert chain.candidates("en", ("edge", "en-US-GuyNeural")) == [
        ("edge", "en-US-GuyNeural"),
        ("openai", ""),
        ("piper", "en_US-joe-medium"),
    ]
    a, b, c = FakeEngine("a", fail="voice"), FakeEngine("b", fail="crash"), FakeEngine("c")
    chain = VoiceChain(["a", "b", "c"], engine_lookup=_lookup(a, b, c))
    spoke = chain.speak("Hello.", "en", label="Scene 3")
    assert spoke.engine == "c" and (len(a.calls), len(b.calls), len(c.calls)) == (1, 1, 1)
    assert "a:v1 failed: a is down; b:v1 failed: KeyError" in spoke.notices[0]


def test_nothing_works_lists_every_reason() -> None:
    a = FakeEngine("a", fail="voice")
    b = FakeEngine("b", available=False)
    chain = VoiceChain(["a", "b", "zzz"], engine_lookup=_lookup(a, b))
    with pytest.raises(VoiceError) as info:
        chain.speak("Hello.", "en", label="Scene 1")
    message = str(info.value)
    assert message.startswith("Scene 1: no voice engine could speak it")
    assert "a:v1 failed: a is down" in message and "b:v1 skipped: not available here" in message
    assert "zzz skipped: Unknown voice engine 'zzz'" in message


def test_a_failed_engine_still_serves_its_cache(edge_server, fast_context) -> None:
    chain = VoiceChain(["edge", "offline"], context=fast_context)
    chain.speak("Already spoken.", "en", ("edge", "en-US-AriaNeural"))
    edge_server.fail_next("403", "403")
    fallback = chain.speak("New words.", "en", ("edge", "en-US-AriaNeural"))
    assert fallback.engine == "piper"
    cached = chain.speak("Already spoken.", "en", ("edge", "en-US-AriaNeural"))
    assert cached.engine == "edge" and cached.from_cache and not cached.notices
    assert edge_server.handshakes == 3


def test_bad_text_is_not_a_fallback_case() -> None:
    chain = VoiceChain(["offline"])
    with pytest.raises(BadInputError):
        chain.speak("🎉 **", "en")


def test_chain_setting() -> None:
    assert check_order("Edge, openai,,edge ,offline") == ["edge", "openai", "offline"]
    with pytest.raises(BadInputError):
        check_order(" , ")
    with pytest.raises(BadInputError):
        check_order(["ed ge"])
    store = net.MemoryStore({SETTING_CHAIN: ["openai", "offline"]})
    chain = VoiceChain.from_settings(store, "pr_1")
    assert chain.order == ["openai", "offline"] and chain.context.project_id == "pr_1"
    assert VoiceChain.from_settings(net.MemoryStore({SETTING_CHAIN: 5})).order == list(
        DEFAULT_ORDER
    )
    bound = chain.engine("edge")
    assert bound is not get_engine("edge") and bound.context is chain.context
