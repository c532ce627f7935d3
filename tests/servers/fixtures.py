"""pytest fixtures for the local servers and an isolated keyring (import them into a conftest).

from servers.fixtures import *  # noqa: F403  (in tests/ai/conftest.py, tests/voice/...)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from shortvid_desktop import net
from shortvid_desktop.media.ffmpeg import run_ffmpeg

from .edge_server import EdgeServer
from .openai_server import OpenAIServer

TEST_KEY = "sk-test-Zq8vK2mW9xR4tL7pN3bH6jF1"


def _speech_like(out: Path, codec_args: list[str]) -> bytes:
    """1.6 s of tone bursts with pauses between them, like words and phrases."""
    expr = "if(lt(mod(t\\,0.5)\\,0.35)*gte(t\\,0.05)\\,0.4*sin(2*PI*180*t)\\,0)"
    run_ffmpeg(["-f", "lavfi", "-i", f"aevalsrc={expr}:s=24000:d=1.6", *codec_args, str(out)])
    return out.read_bytes()


@pytest.fixture(scope="session")
def _openai_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenAIServer]:
    work = tmp_path_factory.mktemp("openai-audio")
    audio = {
        "mp3": _speech_like(work / "a.mp3", ["-c:a", "libmp3lame", "-b:a", "48k"]),
        "wav": _speech_like(work / "a.wav", ["-c:a", "pcm_s16le"]),
    }
    server = OpenAIServer(audio).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _edge_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EdgeServer]:
    server = EdgeServer(tmp_path_factory.mktemp("edge-audio")).start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _hermetic_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No proxy for 127.0.0.1, no inherited provider settings, fresh rate limiters."""
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "PYTHON_KEYRING_BACKEND"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    net.reset_limiters()
    yield
    net.reset_limiters()


@pytest.fixture(autouse=True)
def keyring_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A real keyring backend (keyrings.alt's file backend) in a folder outside SHORTVID_HOME,
    chosen explicitly with keyring.set_keyring (so the app accepts it)."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    previous = keyring.get_keyring()
    backend = PlaintextKeyring()
    path = tmp_path_factory.mktemp("keyring") / "keyring_pass.cfg"
    backend.file_path = str(path)
    keyring.set_keyring(backend)
    yield path
    keyring.set_keyring(previous)


@pytest.fixture
def openai_server(_openai_server: OpenAIServer) -> Iterator[OpenAIServer]:
    _openai_server.reset()
    yield _openai_server
    _openai_server.reset()  # releases any request still hanging ("slow")


@pytest.fixture
def openai_env(openai_server: OpenAIServer, monkeypatch: pytest.MonkeyPatch) -> OpenAIServer:
    """The ``openai`` provider pointed at the local server through the standard variables."""
    monkeypatch.setenv("OPENAI_BASE_URL", openai_server.url)
    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    monkeypatch.setenv("OPENAI_MODEL", "gpt-test")
    return openai_server


@pytest.fixture
def edge_server(_edge_server: EdgeServer, monkeypatch: pytest.MonkeyPatch) -> EdgeServer:
    """edge-tts pointed at the local server by patching its endpoint constants (tests only)."""
    import edge_tts.communicate
    import edge_tts.voices

    _edge_server.reset()
    monkeypatch.setattr(edge_tts.communicate, "WSS_URL", _edge_server.wss_url)
    monkeypatch.setattr(edge_tts.voices, "VOICE_LIST", _edge_server.voices_url)
    return _edge_server


@pytest.fixture
def memory_store() -> net.MemoryStore:
    return net.MemoryStore({net.SETTING_RATE_LIMITS: {"*": 0}})


@pytest.fixture
def fast_context(memory_store: net.MemoryStore) -> net.NetContext:
    """Short timeouts and retries that keep the tests quick."""
    return net.NetContext(store=memory_store, timeout_s=10, max_retries=2)


__all__ = [
    "TEST_KEY",
    "_edge_server",
    "_hermetic_network",
    "_openai_server",
    "edge_server",
    "fast_context",
    "keyring_file",
    "memory_store",
    "openai_env",
    "openai_server",
]
