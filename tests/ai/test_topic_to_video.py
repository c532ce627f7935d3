"""End to end through the local protocol servers: a topic becomes a structured script, voiced by
edge-tts with real word timings, laid out and exported; unplugged, everything falls back offline
with notices; and no API key ends up in any file the app writes."""

from __future__ import annotations

import socket
from pathlib import Path

import av
import pytest
from servers.fixtures import TEST_KEY

from shortvid_desktop import net, secrets
from shortvid_desktop.ai.generate import script_from_topic
from shortvid_desktop.edits import TemplatePropertyCommand
from shortvid_desktop.session import Session
from shortvid_desktop.store import Store
from shortvid_desktop.voice.chain import SETTING_CHAIN


def _tiny(session: Session) -> None:
    with session.stack.transaction("Tiny canvas"):
        for path, value in (("width", 180), ("height", 320), ("fps", 15), ("quality", "draft")):
            session.stack.push(TemplatePropertyCommand(path, value))


def _dead_url() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/v1"


def _files_containing(root: Path, needle: str) -> list[Path]:
    import base64

    forms = [needle.encode(), base64.b64encode(needle.encode())]
    return [p for p in root.rglob("*") if p.is_file() and any(f in p.read_bytes() for f in forms)]


def test_topic_to_voiced_captioned_mp4(openai_env, edge_server, media, tmp_path) -> None:
    with Store() as store:
        ctx = net.NetContext(store=store, timeout_s=10, max_retries=1)
        result = script_from_topic("Why cats purr", "openai", "en", 12, context=ctx)
    assert not result.offline and len(result.script.scenes) == 2
    session = Session.new()
    _tiny(session)
    session.project.voice = "edge:en-US-AriaNeural"
    session.set_script(result.script)
    session.import_media([media.image("e2e.png")])
    report = session.build_timeline()
    assert report.notices == []
    assert set(report.voices.values()) == {"edge:en-US-AriaNeural"}
    voice = session.project.timeline.track("voice")
    assert voice is not None and len(voice.clips) == 2
    for clip, scene in zip(voice.sorted_clips(), session.project.script.scenes, strict=True):
        assert clip.words and not any(w.estimated for w in clip.words)  # edge's own timings
        assert [w.word for w in clip.words][:3] == scene.narration.split()[:3]
    assert len(edge_server.requests) == 2
    with Store() as store:
        rows = {(r["provider"], r["unit"]): r for r in store.usage_totals(net.current_month())}
    assert rows[("openai", "tokens")]["calls"] == 1
    assert rows[("edge", "chars")]["calls"] == 2
    out = tmp_path / "topic.mp4"
    session.export(out, subtitles=True)
    with av.open(str(out)) as container:
        assert container.streams.video and container.streams.audio
        seconds = float(container.duration) / av.time_base
    assert abs(seconds - session.project.timeline.duration_us / 1e6) < 0.2
    srt = out.with_suffix(".srt").read_text(encoding="utf-8")
    assert "Point 1" in srt


def test_unplugged_everything_falls_back_offline_with_notices(
    openai_env, edge_server, monkeypatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", _dead_url())
    with Store() as store:
        store.set_setting(SETTING_CHAIN, ["edge", "offline"])
        ctx = net.NetContext(store=store, timeout_s=5, max_retries=0)
        result = script_from_topic("Why cats purr", None, "en", 20, context=ctx)
    assert result.offline and "openai could not be used" in result.notices[0]
    assert "template" in result.notices[0]
    edge_server.fail_next("403", "403")
    session = Session.new()
    session.project.voice = "edge:en-US-AriaNeural"
    session.set_script(result.script)
    report = session.build_timeline()
    assert set(report.voices.values()) == {"piper:en_US-joe-medium"}
    assert report.notices[0].startswith("Scene 1: spoken by piper:en_US-joe-medium instead of ")
    assert "403" in report.notices[0] and "not tried again" in report.notices[1]
    assert edge_server.handshakes == 2


def test_no_key_in_any_file_the_app_writes(
    openai_server, edge_server, shortvid_home: Path, tmp_path: Path, caplog, monkeypatch
) -> None:
    """A key from the keyring is used for a script and a paid voice; afterwards no file under
    SHORTVID_HOME, no project JSON and no log line contains it (plain or base64)."""
    import logging

    secrets.install_log_redaction()
    caplog.set_level(logging.DEBUG)
    openai_server.api_key = TEST_KEY
    with Store() as store:
        store.set_setting(
            net.SETTING_PROVIDERS, {"openai": {"base_url": openai_server.url, "model": "gpt-test"}}
        )
        store.set_setting(SETTING_CHAIN, ["openai", "offline"])
    secrets.set_key("openai", TEST_KEY)
    with Store() as store:
        result = script_from_topic(
            "Keys stay secret", None, "en", 12, context=net.NetContext(store=store)
        )
    assert not result.offline and result.provider == "openai"
    session = Session.new()
    session.project.voice = "openai:nova"
    session.set_script(result.script)
    report = session.build_timeline()
    assert set(report.voices.values()) == {"openai:nova"}
    project_file = tmp_path / "project.json"
    session.save_file(project_file)
    session.save_to_store("test")
    openai_server.api_key = "sk-some-other-key-000000"
    with Store() as store, pytest.raises(net.ProviderAuthError):  # the error echoes our key
        script_from_topic(
            "x", "openai", context=net.NetContext(store=store, max_retries=0), fallback=False
        )
    logging.getLogger("shortvid_desktop").error("call failed with %s", TEST_KEY)
    assert openai_server.calls("speech") and openai_server.calls("chat")
    assert _files_containing(shortvid_home, TEST_KEY) == []
    assert _files_containing(tmp_path, TEST_KEY) == []
    assert TEST_KEY not in caplog.text
    assert secrets.get_key("openai") == TEST_KEY  # it is still in the keyring, and only there
