"""Every wait is bounded by a total deadline, and an answer that is not the API's says what it is.

Found by a tester: an LLM endpoint that streams keep-alives forever hung the command forever (the
timeout was per read), one that accepts and never answers cost ~4 minutes (4 tries x 60 s) before
the offline fallback, and an HTML sign-in page from a proxy was reported as an empty answer.
The deadline is read from the settings in the database, as the app reads it.
"""

from __future__ import annotations

import pytest
from servers.fixtures import TEST_KEY

from shortvid_desktop import net
from shortvid_desktop.ai import client_for
from shortvid_desktop.ai.generate import script_from_topic
from shortvid_desktop.store import Store

MESSAGES = [{"role": "user", "content": "Say hello."}]


@pytest.fixture
def store(openai_server):
    """The real settings database: provider, key and a 1.5 s deadline, as Settings stores them."""
    from shortvid_desktop.secrets import set_key

    set_key("openai", TEST_KEY)  # into the keyring, as `shortvid keys set` and Settings do
    with Store() as db:
        db.set_setting(net.SETTING_DEADLINE, 1.5)
        db.set_setting(net.SETTING_RATE_LIMITS, {"*": 0})
        db.set_setting(
            net.SETTING_PROVIDERS,
            {"openai": {"base_url": openai_server.url, "model": "gpt-test"}},
        )
        yield db


def test_the_default_deadline_is_30_seconds_and_bounds_each_read() -> None:
    ctx = net.NetContext(store=net.MemoryStore())
    assert ctx.deadline() == 30.0
    assert ctx.timeout() <= ctx.deadline()


@pytest.mark.parametrize("stream", [True, False])
def test_keep_alives_forever_end_at_the_deadline(openai_server, store, stream: bool) -> None:
    openai_server.fail_next("chat", "keepalive")
    ctx = net.NetContext(store=store)
    with pytest.raises(net.ProviderUnavailableError) as caught:
        client_for("openai", ctx).chat(MESSAGES, stream=stream)
    message = str(caught.value)
    assert "did not finish within 1.5 s" in message
    assert openai_server.url in message and "net.deadline_s" in message


@pytest.mark.parametrize("stream", [True, False])
def test_a_server_that_never_answers_ends_at_the_deadline_not_after_retries(
    openai_server, store, stream: bool
) -> None:
    openai_server.fail_next("chat", "slow", "slow", "slow", "slow")
    ctx = net.NetContext(store=store)  # per read 60 s and 3 retries by default
    with pytest.raises(net.ProviderUnavailableError, match=r"within 1\.5 s"):
        client_for("openai", ctx).chat(MESSAGES, stream=stream)
    assert len(openai_server.calls("chat")) == 1  # given up in the first try's wait


def test_a_hung_provider_falls_back_to_the_offline_script_and_says_why(
    openai_server, store
) -> None:
    openai_server.fail_next("chat", "keepalive")
    result = script_from_topic(
        "Three tips for better sleep", "openai", context=net.NetContext(store=store)
    )
    assert result.offline and result.script.scenes
    notice = " ".join(result.notices)
    assert "openai" in notice and openai_server.url in notice and "1.5 s" in notice


@pytest.mark.parametrize("stream", [True, False])
def test_an_html_sign_in_page_is_named_as_such(openai_server, store, stream: bool) -> None:
    openai_server.fail_next("chat", "html")
    ctx = net.NetContext(store=store)
    with pytest.raises(net.ProviderRequestError) as caught:
        client_for("openai", ctx).chat(MESSAGES, stream=stream)
    message = str(caught.value)
    assert "HTML page titled 'Sign in to Guest Wi-Fi'" in message
    assert "proxy" in message and openai_server.url in message


def test_a_voice_service_that_hangs_is_given_up_at_the_deadline(
    edge_server, store, tmp_path
) -> None:
    from shortvid_desktop.core.errors import VoiceError
    from shortvid_desktop.voice.edge_engine import EdgeEngine

    edge_server.fail_next("hang", "hang", "hang", "hang")
    ctx = net.NetContext(store=store)  # 3 retries by default: 4 tries without a deadline
    with pytest.raises(VoiceError, match="deadline"):
        EdgeEngine(ctx).synthesize("Hello there.", "en-US-AriaNeural", out_path=tmp_path / "a")
    assert edge_server.handshakes <= 2  # the deadline, not the retry count, ended it


def test_openai_tts_that_never_answers_ends_at_the_deadline(openai_server, store, tmp_path) -> None:
    from shortvid_desktop.core.errors import VoiceError
    from shortvid_desktop.voice.openai_engine import OpenAITTSEngine

    openai_server.fail_next("speech", "slow", "slow", "slow", "slow")
    engine = OpenAITTSEngine(net.NetContext(store=store))
    with pytest.raises(VoiceError, match=r"did not finish within 2\.1 s"):
        engine.synthesize("Hello there.", "alloy", out_path=tmp_path / "a.wav")
    assert len(openai_server.calls("speech")) <= 2  # not 4 tries of 60 s each
