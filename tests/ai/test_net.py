"""The rules for every external call: providers, prices/budgets, rate limits, proxies, retries."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from shortvid_desktop import net, secrets
from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.jobs import Cancelled, CancelToken


# --------------------------------------------------------------------------- providers
def test_presets_cover_the_known_providers() -> None:
    assert set(net.PRESETS) >= {"openai", "deepseek", "qwen", "moonshot", "ollama", "lmstudio"}
    qwen = net.resolve_provider("qwen", require_key=False)
    assert qwen.base_url == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    ollama = net.resolve_provider("ollama")
    assert ollama.local and not ollama.needs_key and ollama.json_mode == "json_object"


def test_openai_reads_the_standard_environment_when_nothing_is_stored(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1/")
    monkeypatch.setenv("OPENAI_MODEL", "gpt-env")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-0000000000")
    ep = net.resolve_provider("openai")
    assert (ep.base_url, ep.model, ep.api_key, ep.key_source) == (
        "http://127.0.0.1:9/v1",
        "gpt-env",
        "sk-env-0000000000",
        "env",
    )
    store = net.MemoryStore(
        {net.SETTING_PROVIDERS: {"openai": {"base_url": "https://proxy.example/v1", "model": "m"}}}
    )
    stored = net.resolve_provider("openai", store)
    assert (stored.base_url, stored.model) == ("https://proxy.example/v1", "m")  # settings win
    assert net.resolve_provider("openai", store, model="arg").model == "arg"  # arguments win
    secrets.set_key("openai", "sk-stored-0000000000")
    assert net.resolve_provider("openai").key_source == "keyring"
    assert (
        net.resolve_provider(
            "deepseek", env={"OPENAI_API_KEY": "x" * 10}, require_key=False
        ).api_key
        == ""
    )


def test_custom_providers_and_errors() -> None:
    with pytest.raises(BadInputError, match="Unknown AI provider 'mine'"):
        net.resolve_provider("mine")
    store = net.MemoryStore({net.SETTING_PROVIDERS: {"mine": {"preset": "custom"}}})
    with pytest.raises(BadInputError, match="no base URL"):
        net.resolve_provider("mine", store)
    store.settings[net.SETTING_PROVIDERS]["mine"] = {"base_url": "ftp://x", "model": "m"}
    with pytest.raises(BadInputError, match="http:// or https://"):
        net.resolve_provider("mine", store)
    store.settings[net.SETTING_PROVIDERS]["mine"] = {
        "base_url": "https://llm.example/v1",
        "model": "m",
    }
    ep = net.resolve_provider("mine", store)
    assert ep.label == "mine" and not ep.needs_key and "mine" in net.provider_names(store)
    with pytest.raises(net.MissingKeyError, match="shortvid keys set deepseek"):
        net.resolve_provider("deepseek")
    with pytest.raises(BadInputError, match="Bad provider name"):
        net.resolve_provider("no spaces please")


def test_default_provider(monkeypatch) -> None:
    assert net.default_provider() is None
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-0000000000")
    assert net.default_provider() == "openai"
    store = net.MemoryStore({net.SETTING_PROVIDER: "ollama"})
    assert net.default_provider(store) == "ollama"
    monkeypatch.delenv("OPENAI_API_KEY")
    secrets.set_key("openai", "sk-stored-0000000000")
    assert net.default_provider() == "openai"


# --------------------------------------------------------------------------- money
def test_prices_budgets_and_the_ledger() -> None:
    store = net.MemoryStore(
        {
            net.SETTING_PRICES: {"openai": {"gpt-4o-mini": [1.0, 2.0]}, "mine": {"*": 3}},
            net.SETTING_BUDGETS: {"openai": 0.5},
        }
    )
    acct = net.Accounting(store, "pr_x")
    assert acct.price("openai", "gpt-4o-mini") == (1.0, 2.0)  # edited
    assert acct.price("openai", "gpt-4o") == (2.5, 10.0)  # default kept
    assert acct.price("openai", "tts-1:alloy") == (15.0, 0.0)
    assert acct.price("mine", "x") == (3.0, 0.0) and acct.price("unknown", "x") is None
    assert acct.cost("openai", "gpt-4o-mini", 1_000_000, 500_000) == pytest.approx(2.0)
    assert acct.record("openai", "gpt-4o-mini", 100_000, 100_000, "tokens") == pytest.approx(0.3)
    assert store.usage[0]["project_id"] == "pr_x"
    assert acct.spent("openai") == pytest.approx(0.3)
    assert acct.check("openai", "gpt-4o-mini", 100_000, 0) == pytest.approx(0.1)
    with pytest.raises(net.BudgetExceededError) as info:
        acct.check("openai", "gpt-4o-mini", 100_000, 100_000)
    assert (info.value.budget, info.value.estimate) == (0.5, pytest.approx(0.3))
    assert acct.check("ollama", "llama", 10**9, 10**9) == 0.0  # no budget, free


def test_token_estimate() -> None:
    assert net.estimate_tokens("abcd" * 10) == 10
    assert net.estimate_tokens("你好世界") == 4


# --------------------------------------------------------------------------- rate limits
def test_rate_limiter_bursts_then_spaces_calls() -> None:
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    lim = net.RateLimiter(60, burst=2, clock=lambda: now[0])
    assert [lim.acquire(sleep=sleep) for _ in range(2)] == [0.0, 0.0]
    assert lim.acquire(sleep=sleep) == pytest.approx(1.0)  # 60/min: one a second
    now[0] += 10
    assert lim.acquire(sleep=sleep) == 0.0  # refilled (up to the burst)
    assert net.RateLimiter(0).acquire(sleep=sleep) == 0.0  # unlimited


def test_rate_limiter_wait_is_cancellable() -> None:
    lim = net.RateLimiter(1, burst=1)
    lim.acquire()
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        lim.acquire(cancel)


def test_limiters_are_per_provider_and_follow_the_settings() -> None:
    ctx = net.NetContext(store=net.MemoryStore({net.SETTING_RATE_LIMITS: {"edge": 0, "*": 5}}))
    assert ctx.limiter("edge").per_minute == 0
    assert ctx.limiter("openai").per_minute == 5
    assert net.limiter("openai") is ctx.limiter("openai")


# --------------------------------------------------------------------------- proxies
def test_proxy_resolution(monkeypatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://corp:3128")
    monkeypatch.setenv("https_proxy", "http://corp:3128")
    monkeypatch.setenv("NO_PROXY", "internal.example")
    monkeypatch.setenv("no_proxy", "internal.example")
    assert net.resolve_proxy("https://api.openai.com/v1") == "http://corp:3128"
    assert net.resolve_proxy("wss://speech.platform.bing.com/x") == "http://corp:3128"
    assert net.resolve_proxy("https://internal.example/v1") is None
    assert net.resolve_proxy("http://localhost:11434/v1") is None  # loopback: always direct
    assert net.resolve_proxy("http://127.0.0.1:1234/v1", "http://p:1") is None
    assert net.resolve_proxy("https://api.openai.com/v1", "http://mine:8080") == "http://mine:8080"
    assert net.resolve_proxy("https://api.openai.com/v1", "direct") is None
    assert net.check_proxy("mine:8080") == "http://mine:8080"
    with pytest.raises(BadInputError, match="Bad proxy"):
        net.check_proxy("gopher://x")


# --------------------------------------------------------------------------- retries
def test_retry_after_parsing() -> None:
    assert net.retry_after_s({"Retry-After": "3"}) == 3.0
    assert net.retry_after_s({"retry-after-ms": "250", "Retry-After": "3"}) == 0.25
    when = datetime.now(UTC) + timedelta(seconds=30)
    assert 25 < net.retry_after_s({"Retry-After": format_datetime(when, usegmt=True)}) <= 30
    assert net.retry_after_s({"Retry-After": "soon"}) is None and net.retry_after_s({}) is None


def test_backoff_is_exponential_with_jitter_or_what_the_server_asked() -> None:
    assert net.backoff_s(0, rng=lambda: 1.0) == 0.5
    assert net.backoff_s(3, rng=lambda: 1.0) == 4.0
    assert net.backoff_s(10, rng=lambda: 1.0) == 8.0  # capped
    assert net.backoff_s(2, rng=lambda: 0.0) == 0.0  # full jitter
    assert net.backoff_s(1, retry_after=2.5) == 2.5 and net.backoff_s(1, retry_after=900) == 60


def test_retrying_retries_transient_failures_only() -> None:
    waits: list[float] = []
    calls = {"n": 0}

    def flaky() -> str:
        calls["n"] += 1
        if calls["n"] < 3:
            raise net.TransientError("busy", retry_after=0.25)
        return "ok"

    assert net.retrying(flaky, attempts=4, sleep=waits.append) == "ok"
    assert waits == [0.25, 0.25]

    def broken() -> str:
        raise ValueError("permanent")

    with pytest.raises(ValueError):
        net.retrying(broken, attempts=4, sleep=waits.append)
    assert len(waits) == 2

    def always() -> str:
        raise net.TransientError("busy")

    with pytest.raises(net.TransientError):
        net.retrying(always, attempts=3, sleep=waits.append)
    assert len(waits) == 4


def test_retrying_wait_is_cancellable() -> None:
    cancel = CancelToken()

    def fail_and_cancel() -> str:
        cancel.cancel()
        raise net.TransientError("busy", retry_after=30)

    with pytest.raises(Cancelled):
        net.retrying(fail_and_cancel, attempts=3, cancel=cancel)


def test_run_async_cancel_and_timeout() -> None:
    cancel = CancelToken()

    async def forever() -> None:
        cancel.cancel()
        await asyncio.Event().wait()

    with pytest.raises(Cancelled):
        net.run_async(forever, cancel)

    async def slow() -> None:
        await asyncio.Event().wait()

    with pytest.raises(TimeoutError, match="0.05 s"):
        net.run_async(slow, None, timeout=0.05)

    async def fine() -> int:
        return 7

    assert net.run_async(fine, CancelToken()) == 7


def test_run_cancellable() -> None:
    cancel = CancelToken()
    closed = threading.Event()

    def block() -> None:
        cancel.cancel()
        closed.wait()  # like a socket read that ends when the connection is closed

    with pytest.raises(Cancelled):
        net.run_cancellable(block, cancel, on_cancel=closed.set)
    assert closed.is_set()
    assert net.run_cancellable(lambda: 3, CancelToken()) == 3
    with pytest.raises(KeyError):
        net.run_cancellable(lambda: {}["x"], CancelToken())
