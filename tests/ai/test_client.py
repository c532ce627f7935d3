"""The OpenAI-compatible client against a real local server: streaming, JSON modes, failures."""

from __future__ import annotations

import json

import pytest
from servers.fixtures import TEST_KEY

from shortvid_desktop import net
from shortvid_desktop.ai.client import LLMClient, client_for
from shortvid_desktop.jobs import Cancelled, CancelToken

MESSAGES = [{"role": "user", "content": "Topic: tea\nLength: 10 seconds, 2 scenes"}]


def test_streamed_chat_reports_text_as_it_comes_and_writes_a_usage_row(
    openai_env, fast_context, memory_store
) -> None:
    seen: list[str] = []
    client = client_for("openai", fast_context)
    result = client.chat(MESSAGES, on_text=seen.append)
    assert json.loads(result.text)["scenes"]
    assert len(seen) > 3 and seen[-1] == result.text
    assert all(len(a) < len(b) for a, b in zip(seen, seen[1:], strict=False))
    (request,) = openai_env.calls("chat")
    body = request["body"]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["response_format"] == {"type": "json_object"}  # no schema given: JSON object
    assert request["authorization"] == f"Bearer {TEST_KEY}"
    assert (result.tokens_in, result.tokens_out, result.usage_estimated) == (100, 50, False)
    (row,) = memory_store.usage
    assert row["provider"] == "openai" and row["model"] == "gpt-test"
    assert (row["units_in"], row["units_out"], row["unit"]) == (100, 50, "tokens")
    assert row["cost_usd"] == pytest.approx((100 * 2.5 + 50 * 10) / 1e6)  # "*" price for openai


def test_json_schema_mode_is_used_where_the_provider_supports_it(openai_env, fast_context) -> None:
    schema = {"name": "x", "schema": {"type": "object"}}
    client_for("openai", fast_context).chat(MESSAGES, schema=schema)
    assert openai_env.calls("chat")[0]["body"]["response_format"] == {
        "type": "json_schema",
        "json_schema": schema,
    }


def test_json_object_mode_for_providers_without_schemas(
    openai_server, fast_context, memory_store
) -> None:
    memory_store.settings[net.SETTING_PROVIDERS] = {
        "deepseek": {"base_url": openai_server.url, "model": "gpt-test"}
    }
    net_key = "sk-deepseek-test-1234567890"
    from shortvid_desktop import secrets

    secrets.set_key("deepseek", net_key)
    client_for("deepseek", fast_context).chat(MESSAGES, schema={"name": "x", "schema": {}})
    (request,) = openai_server.calls("chat")
    assert request["body"]["response_format"] == {"type": "json_object"}
    assert request["authorization"] == f"Bearer {net_key}"


def test_a_refused_response_format_is_dropped_step_by_step(openai_env, fast_context) -> None:
    openai_env.fail_next("chat", "reject_format", "reject_format")
    client = client_for("openai", fast_context)
    result = client.chat(MESSAGES, schema={"name": "x", "schema": {}}, stream=False)
    formats = [c["body"].get("response_format", {}).get("type") for c in openai_env.calls("chat")]
    assert formats == ["json_schema", "json_object", None]
    assert result.json_mode == "none" and json.loads(result.text)
    client.chat(MESSAGES, stream=False)  # remembered for the client's life
    assert "response_format" not in openai_env.calls("chat")[-1]["body"]


def test_plain_answer_without_usage_is_estimated(openai_env, fast_context, memory_store) -> None:
    openai_env.report_usage = False
    result = client_for("openai", fast_context).chat(MESSAGES, stream=False)
    assert result.usage_estimated and result.tokens_in > 0 and result.tokens_out > 0
    assert memory_store.usage[0]["units_out"] == result.tokens_out


def test_429_with_retry_after_is_retried_by_the_sdk(openai_env, fast_context) -> None:
    openai_env.fail_next("chat", "429", "429")
    result = client_for("openai", fast_context).chat(MESSAGES)
    assert json.loads(result.text) and len(openai_env.calls("chat")) == 3


def test_500_is_retried_then_reported(openai_env, fast_context, memory_store) -> None:
    openai_env.fail_next("chat", "500", "500", "500")
    with pytest.raises(net.ProviderUnavailableError, match="500") as info:
        client_for("openai", fast_context).chat(MESSAGES)
    assert len(openai_env.calls("chat")) == 3  # 1 + 2 retries
    assert "openai" in str(info.value) and memory_store.usage == []


def test_401_names_the_fix_and_never_shows_the_key(openai_env, fast_context) -> None:
    openai_env.api_key = "sk-the-right-one-0000000000"
    with pytest.raises(net.ProviderAuthError) as info:
        client_for("openai", fast_context).chat(MESSAGES)
    message = str(info.value)
    assert "401" in message and "shortvid keys set openai" in message
    assert TEST_KEY not in message and "[redacted]" in message  # the server echoed the key
    assert len(openai_env.calls("chat")) == 1  # auth errors are not retried


def test_a_slow_answer_hits_the_timeout(openai_env, memory_store) -> None:
    openai_env.fail_next("chat", "slow")
    ctx = net.NetContext(store=memory_store, timeout_s=0.3, max_retries=0)
    with pytest.raises(net.ProviderUnavailableError, match=r"did not answer within 0\.3 s"):
        client_for("openai", ctx).chat(MESSAGES, stream=False)


@pytest.mark.parametrize("stream", [True, False])
def test_cancel_stops_a_hanging_call_at_once(openai_env, fast_context, stream: bool) -> None:
    cancel = CancelToken()
    openai_env.fail_next("chat", "slow")
    openai_env.on_request = lambda endpoint: cancel.cancel()
    with pytest.raises(Cancelled):
        client_for("openai", fast_context).chat(MESSAGES, stream=stream, cancel=cancel)


def test_models_and_test_connection(openai_env, fast_context) -> None:
    client = client_for("openai", fast_context)
    assert client.list_models() == ["gpt-other", "gpt-test"]
    report = client.test_connection()
    assert report.ok and "2 models" in report.message
    other = client_for("openai", fast_context, model="gpt-missing").test_connection()
    assert other.ok and "not in this endpoint's list" in other.message
    openai_env.api_key = "sk-another-key-000000000"
    bad = client.test_connection()
    assert not bad.ok and "refused the API key" in bad.message and TEST_KEY not in bad.message


def test_local_server_without_a_model_uses_the_first_it_offers(
    openai_server, fast_context, memory_store
) -> None:
    memory_store.settings[net.SETTING_PROVIDERS] = {"lmstudio": {"base_url": openai_server.url}}
    client = client_for("lmstudio", fast_context)  # no key needed for a local server
    assert client.endpoint.local and not client.endpoint.needs_key
    result = client.chat(MESSAGES)
    assert result.model == "gpt-other"
    assert openai_server.calls("chat")[0]["body"]["model"] == "gpt-other"
    assert memory_store.usage[0]["cost_usd"] == 0.0  # local models cost nothing


def test_budget_refuses_a_call_before_it_is_sent(openai_env, fast_context, memory_store) -> None:
    memory_store.settings[net.SETTING_BUDGETS] = {"openai": 0.01}
    memory_store.add_usage("openai", "gpt-test", 0, 0, "tokens", 0.0099)
    with pytest.raises(net.BudgetExceededError, match="monthly budget of \\$0.01") as info:
        client_for("openai", fast_context).chat(MESSAGES, max_tokens=1000)
    assert "shortvid usage --budget openai" in str(info.value)
    assert openai_env.calls("chat") == []  # nothing was sent
    memory_store.settings[net.SETTING_BUDGETS] = {"openai": 5}
    client_for("openai", fast_context).chat(MESSAGES, max_tokens=1000)
    assert len(openai_env.calls("chat")) == 1


def test_an_explicit_proxy_carries_the_call(openai_server, memory_store, monkeypatch) -> None:
    """The local server doubles as an HTTP proxy: the request arrives in absolute form for a
    host that does not exist, so it can only have come through the proxy."""
    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    proxy = openai_server.url.removesuffix("/v1")
    ctx = net.NetContext(store=memory_store, timeout_s=5, max_retries=0, proxy=proxy)
    client = client_for("openai", ctx, base_url="http://api.shortvid-test.invalid/v1")
    assert client.list_models() == ["gpt-other", "gpt-test"]
    assert openai_server.requests[-1]["url"] == "http://api.shortvid-test.invalid/v1/models"


def test_the_client_never_repr_shows_the_key(openai_env, fast_context) -> None:
    client = client_for("openai", fast_context)
    assert TEST_KEY not in repr(client.endpoint)
    assert isinstance(client, LLMClient)
