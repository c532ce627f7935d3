"""The rules every external call follows: timeouts, retries, rate limits, proxies, usage, budgets.

Shared by ``ai`` (LLM providers) and ``voice`` (edge-tts, OpenAI TTS), which must not import each
other, so it sits beside them and imports neither (nor ``store``: the caller hands in a store-like
object, see ``UsageStore``; ``store.Store`` fits it).

- **Providers.** ``PRESETS`` are the OpenAI-compatible services ShortVid knows (OpenAI, DeepSeek,
  Qwen/DashScope compatible mode, Moonshot, Ollama, LM Studio) plus ``custom``;
  ``resolve_provider`` turns a name into an ``Endpoint`` (base URL, model, API key from the
  keyring). Settings ``ai.providers`` override presets and add custom providers; the ``openai``
  provider also honours ``OPENAI_API_KEY`` / ``OPENAI_BASE_URL`` / ``OPENAI_MODEL`` when nothing is
  stored.
- **Timeouts and retries.** ``NetContext`` carries the timeout (setting ``net.timeout_s``) and the
  retry count; OpenAI-compatible calls use the SDK's own retry (exponential backoff with jitter,
  honouring ``Retry-After``), others use ``retrying`` (tenacity: the same policy, cancellable).
- **Rate limits.** One token bucket per provider per process (setting ``net.rate_limits``, calls
  per minute; 0 = unlimited).
- **Proxies.** An explicit proxy (setting ``net.proxy``: ``http://host:port``; ``direct`` = none)
  wins; otherwise the system proxy (environment variables, and the OS settings on Windows/macOS)
  is used, except for loopback hosts (a local Ollama is never sent through a proxy).
- **Usage and budgets.** ``Accounting`` prices a call from an editable table (setting
  ``usage.prices`` over ``DEFAULT_PRICES``), refuses it *before it is sent* when it would take a
  provider past its monthly budget (setting ``usage.budgets``), and writes one ledger row per call.
- **Cancel.** ``run_cancellable`` and ``run_async`` run a blocking or asyncio call so that a
  CancelToken stops the wait at once (and closes the connection).
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import math
import os
import queue
import random
import threading
import time
import urllib.request
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, Protocol, TypeVar
from urllib.parse import urlsplit

from .core.errors import BadInputError, ShortVidError
from .jobs import Cancelled, CancelToken

T = TypeVar("T")

DEFAULT_TIMEOUT_S = 60.0
DEFAULT_CONNECT_TIMEOUT_S = 10.0
DEFAULT_MAX_RETRIES = 3
MAX_RETRY_AFTER_S = 60.0

SETTING_PROXY = "net.proxy"
SETTING_TIMEOUT = "net.timeout_s"
SETTING_RETRIES = "net.max_retries"
SETTING_RATE_LIMITS = "net.rate_limits"
SETTING_PRICES = "usage.prices"
SETTING_BUDGETS = "usage.budgets"
SETTING_PROVIDER = "ai.provider"
SETTING_PROVIDERS = "ai.providers"

Unit = Literal["tokens", "chars"]


# --------------------------------------------------------------------------- errors
class NetError(ShortVidError):
    """An external service failed. The message names the service and says what to do."""

    def __init__(self, message: str, *, provider: str = "") -> None:
        self.provider = provider
        super().__init__(message)


class BudgetExceededError(NetError):
    """A call was refused before it was sent: it would take a provider past its monthly budget."""

    def __init__(self, provider: str, budget: float, spent: float, estimate: float) -> None:
        self.budget, self.spent, self.estimate = budget, spent, estimate
        super().__init__(
            f"Refused before sending: this {provider} call (about ${estimate:.4f}) would take "
            f"{provider} past its monthly budget of ${budget:.2f} (${spent:.4f} spent this "
            f"month). Raise it with `shortvid usage --budget {provider} USD`, wait for next "
            "month, or pick another provider.",
            provider=provider,
        )


class MissingKeyError(NetError):
    """A provider needs an API key and none is stored."""


# --------------------------------------------------------------------------- store protocol
class SettingsStore(Protocol):
    def get_setting(self, key: str, default: Any = None) -> Any: ...


class UsageStore(SettingsStore, Protocol):
    """What the network layer needs from the app's database (``store.Store`` fits)."""

    def add_usage(
        self,
        provider: str,
        model: str,
        units_in: int,
        units_out: int,
        unit: Unit,
        cost_usd: float,
        project_id: str = "",
    ) -> None: ...

    def month_cost(self, provider: str, month: str) -> float: ...


def current_month() -> str:
    """This month in UTC as ``YYYY-MM`` (the ledger counts months in UTC)."""
    return datetime.now(UTC).strftime("%Y-%m")


class MemoryStore:
    """Settings and a usage ledger in memory (no database): library use and tests."""

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        self.settings: dict[str, Any] = dict(settings or {})
        self.usage: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def get_setting(self, key: str, default: Any = None) -> Any:
        return self.settings.get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self.settings[key] = value

    def add_usage(
        self,
        provider: str,
        model: str,
        units_in: int,
        units_out: int,
        unit: Unit,
        cost_usd: float,
        project_id: str = "",
    ) -> None:
        with self._lock:
            self.usage.append(
                {
                    "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                    "provider": provider,
                    "model": model,
                    "units_in": int(units_in),
                    "units_out": int(units_out),
                    "unit": unit,
                    "cost_usd": float(cost_usd),
                    "project_id": project_id,
                }
            )

    def month_cost(self, provider: str, month: str) -> float:
        with self._lock:
            return sum(
                r["cost_usd"]
                for r in self.usage
                if r["provider"] == provider and r["time"].startswith(month)
            )


# --------------------------------------------------------------------------- providers
JsonMode = Literal["json_schema", "json_object", "none"]
JSON_MODES: tuple[str, ...] = ("json_schema", "json_object", "none")


@dataclass(frozen=True)
class ProviderPreset:
    name: str
    label: str
    base_url: str
    model: str
    json_mode: JsonMode = "json_object"
    needs_key: bool = True
    tts_model: str = ""  # "" = this provider offers no speech endpoint we know of
    notes: str = ""


PRESETS: dict[str, ProviderPreset] = {
    p.name: p
    for p in (
        ProviderPreset(
            "openai",
            "OpenAI",
            "https://api.openai.com/v1",
            "gpt-4o-mini",
            "json_schema",
            tts_model="gpt-4o-mini-tts",
        ),
        ProviderPreset("deepseek", "DeepSeek", "https://api.deepseek.com/v1", "deepseek-chat"),
        ProviderPreset(
            "qwen",
            "Qwen (DashScope, OpenAI-compatible mode)",
            "https://dashscope.aliyuncs.com/compatible-mode/v1",
            "qwen-plus",
            notes="outside mainland China use https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
        ),
        ProviderPreset(
            "moonshot", "Moonshot (Kimi)", "https://api.moonshot.cn/v1", "moonshot-v1-8k"
        ),
        ProviderPreset(
            "ollama",
            "Ollama (local)",
            "http://localhost:11434/v1",
            "qwen2.5:7b",
            needs_key=False,
            notes="pull the model first: ollama pull qwen2.5:7b",
        ),
        ProviderPreset(
            "lmstudio",
            "LM Studio (local)",
            "http://localhost:1234/v1",
            "",
            "json_schema",
            needs_key=False,
            notes="uses the model loaded in LM Studio when none is set",
        ),
        ProviderPreset(
            "custom",
            "Custom OpenAI-compatible endpoint",
            "",
            "",
            needs_key=False,
            notes="set base_url and model: shortvid providers set NAME --base-url URL --model M",
        ),
    )
}
ENV_KEYS = {"openai": "OPENAI_API_KEY"}
_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_-.")


def check_provider_name(name: str) -> str:
    """A provider name as stored: lower-case letters, digits, ``_-.``; 1-64 characters."""
    norm = (name or "").strip().lower()
    if not norm or len(norm) > 64 or not set(norm) <= _NAME_CHARS:
        raise BadInputError(
            f"Bad provider name {name!r}: use letters, digits, '-', '_' or '.' (e.g. deepseek)"
        )
    return norm


@dataclass
class Endpoint:
    """A resolved provider: where to call, which model, and the key (never printed)."""

    name: str
    label: str
    base_url: str
    model: str
    json_mode: JsonMode
    needs_key: bool
    api_key: str = field(default="", repr=False)
    key_source: str = ""  # "keyring", "file", "env" or ""
    tts_model: str = ""

    @property
    def local(self) -> bool:
        return is_loopback(urlsplit(self.base_url).hostname or "")


def provider_settings(store: SettingsStore | None) -> dict[str, dict[str, Any]]:
    raw = _setting(store, SETTING_PROVIDERS, {})
    return {str(k): dict(v) for k, v in raw.items() if isinstance(v, dict)} if raw else {}


def provider_names(store: SettingsStore | None = None) -> list[str]:
    """Presets and the user's own providers, presets first."""
    names = list(PRESETS)
    names += sorted(n for n in provider_settings(store) if n not in PRESETS)
    return names


def default_provider(
    store: SettingsStore | None = None, env: Mapping[str, str] | None = None
) -> str | None:
    """The provider to use when none is named: setting ``ai.provider``, else ``openai`` when
    ``OPENAI_API_KEY`` is set or a key for it is stored, else None (the offline helper)."""
    env = os.environ if env is None else env
    chosen = _setting(store, SETTING_PROVIDER, "")
    if chosen:
        return str(chosen)
    if env.get("OPENAI_API_KEY") or env.get("OPENAI_BASE_URL"):
        return "openai"
    from . import secrets

    try:
        if secrets.key_source("openai", env=env) is not None:
            return "openai"
    except ShortVidError:
        pass
    return None


def resolve_provider(
    name: str,
    store: SettingsStore | None = None,
    *,
    model: str | None = None,
    base_url: str | None = None,
    env: Mapping[str, str] | None = None,
    require_key: bool = True,
) -> Endpoint:
    """The endpoint for a provider name. Order for each field: the argument, the setting
    (``ai.providers.NAME``), the environment (``openai`` only), the preset.

    Raises BadInputError for an unknown name or a custom provider without base URL/model, and
    MissingKeyError when the provider needs a key and none is stored (unless ``require_key`` is
    false).
    """
    from . import secrets

    env = os.environ if env is None else env
    name = check_provider_name(name)
    conf = provider_settings(store).get(name, {})
    preset_name = str(conf.get("preset") or name)
    preset = PRESETS.get(preset_name)
    if preset is None:
        if not conf:
            known = ", ".join(provider_names(store))
            raise BadInputError(
                f"Unknown AI provider {name!r} (known: {known}). Add your own with "
                f"`shortvid providers set {name} --base-url URL --model MODEL`."
            )
        preset = PRESETS["custom"]
    is_openai = name == "openai"
    url = (
        base_url
        or conf.get("base_url")
        or (env.get("OPENAI_BASE_URL") if is_openai else None)
        or preset.base_url
    )
    mdl = model or conf.get("model") or (env.get("OPENAI_MODEL") if is_openai else None)
    mdl = mdl or preset.model
    json_mode = conf.get("json_mode") or preset.json_mode
    if json_mode not in JSON_MODES:
        json_mode = "json_object"
    needs_key = bool(conf.get("needs_key", preset.needs_key))
    if not url:
        raise BadInputError(
            f"The provider {name!r} has no base URL: "
            f"`shortvid providers set {name} --base-url URL --model MODEL`"
        )
    if not str(url).startswith(("http://", "https://")):
        raise BadInputError(f"The base URL of {name!r} must start with http:// or https://")
    key = secrets.get_key(name, env=env if is_openai else {})
    source = secrets.key_source(name, env=env if is_openai else {}) if key else ""
    if needs_key and not key and require_key:
        hint = " (or set OPENAI_API_KEY)" if is_openai else ""
        raise MissingKeyError(
            f"No API key for {name}: store one with `shortvid keys set {name}`{hint}.",
            provider=name,
        )
    return Endpoint(
        name=name,
        label=str(conf.get("label") or (preset.label if preset.name != "custom" else name)),
        base_url=str(url).rstrip("/"),
        model=str(mdl or ""),
        json_mode=json_mode,  # type: ignore[arg-type]
        needs_key=needs_key,
        api_key=key or "",
        key_source=source or "",
        tts_model=str(conf.get("tts_model") or preset.tts_model),
    )


# --------------------------------------------------------------------------- prices, budgets
# USD per million units (tokens in / tokens out; characters for speech). Rough list prices to
# estimate spending; edit them with `shortvid usage --price PROVIDER MODEL IN OUT` ("*" = any
# model of that provider).
DEFAULT_PRICES: dict[str, dict[str, tuple[float, float]]] = {
    "openai": {
        "gpt-4o-mini": (0.15, 0.60),
        "gpt-4o": (2.50, 10.00),
        "gpt-4.1-mini": (0.40, 1.60),
        "gpt-4.1": (2.00, 8.00),
        "tts-1": (15.00, 0.0),
        "tts-1-hd": (30.00, 0.0),
        "gpt-4o-mini-tts": (15.00, 0.0),
        "*": (2.50, 10.00),
    },
    "deepseek": {"*": (0.28, 1.10)},
    "qwen": {"qwen-turbo": (0.05, 0.20), "qwen-max": (1.60, 6.40), "*": (0.40, 1.20)},
    "moonshot": {"*": (1.70, 1.70)},
    "ollama": {"*": (0.0, 0.0)},
    "lmstudio": {"*": (0.0, 0.0)},
    "edge": {"*": (0.0, 0.0)},
}


def _price_pair(value: Any) -> tuple[float, float] | None:
    try:
        if isinstance(value, int | float):
            return float(value), 0.0
        if isinstance(value, list | tuple) and 1 <= len(value) <= 2:
            pair = [float(v) for v in value]
            return pair[0], pair[1] if len(pair) > 1 else 0.0
        if isinstance(value, dict):
            return float(value.get("in", 0.0)), float(value.get("out", 0.0))
    except (TypeError, ValueError):
        return None
    return None


class Accounting:
    """Prices, budgets and the usage ledger for one project's calls."""

    def __init__(self, store: UsageStore | None = None, project_id: str = "") -> None:
        self.store = store
        self.project_id = project_id

    def prices(self) -> dict[str, dict[str, tuple[float, float]]]:
        table = {p: dict(models) for p, models in DEFAULT_PRICES.items()}
        custom = _setting(self.store, SETTING_PRICES, {}) or {}
        for provider, models in custom.items() if isinstance(custom, dict) else ():
            if not isinstance(models, dict):
                continue
            for model, value in models.items():
                pair = _price_pair(value)
                if pair is not None:
                    table.setdefault(str(provider), {})[str(model)] = pair
        return table

    def price(self, provider: str, model: str) -> tuple[float, float] | None:
        """(in, out) USD per million units; None when nothing is known for the provider."""
        models = self.prices().get(provider)
        if not models:
            return None
        base = model.split(":", 1)[0]
        return models.get(model) or models.get(base) or models.get("*")

    def cost(self, provider: str, model: str, units_in: int, units_out: int) -> float:
        price = self.price(provider, model)
        if price is None:
            return 0.0
        return (units_in * price[0] + units_out * price[1]) / 1_000_000

    def budget(self, provider: str) -> float | None:
        budgets = _setting(self.store, SETTING_BUDGETS, {}) or {}
        value = budgets.get(provider) if isinstance(budgets, dict) else None
        try:
            return None if value is None else float(value)
        except (TypeError, ValueError):
            return None

    def spent(self, provider: str, month: str | None = None) -> float:
        if self.store is None:
            return 0.0
        return float(self.store.month_cost(provider, month or current_month()))

    def check(self, provider: str, model: str, units_in: int, units_out: int) -> float:
        """The estimated cost; raises BudgetExceededError (nothing sent) when it would take the
        provider past its monthly budget."""
        estimate = self.cost(provider, model, units_in, units_out)
        budget = self.budget(provider)
        if budget is not None:
            spent = self.spent(provider)
            if spent + estimate > budget + 1e-12:
                raise BudgetExceededError(provider, budget, spent, estimate)
        return estimate

    def record(self, provider: str, model: str, units_in: int, units_out: int, unit: Unit) -> float:
        """Write one ledger row; returns its cost. A ledger failure never fails the call."""
        cost = self.cost(provider, model, units_in, units_out)
        if self.store is not None:
            try:
                self.store.add_usage(
                    provider, model, int(units_in), int(units_out), unit, cost, self.project_id
                )
            except Exception:
                import logging

                logging.getLogger(__name__).warning("could not write a usage row", exc_info=True)
        return cost


def estimate_tokens(text: str) -> int:
    """A rough token count: one per CJK character, one per four other characters."""
    cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")
    return cjk + math.ceil((len(text) - cjk) / 4)


# --------------------------------------------------------------------------- rate limits
DEFAULT_RATE_LIMITS: dict[str, float] = {
    "openai": 60,
    "deepseek": 60,
    "qwen": 60,
    "moonshot": 30,
    "edge": 60,
    "ollama": 0,
    "lmstudio": 0,
    "*": 60,
}


class RateLimiter:
    """A token bucket: ``per_minute`` calls a minute, bursts of up to ``burst``. 0 = unlimited."""

    def __init__(
        self,
        per_minute: float,
        burst: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self.configure(per_minute, burst)
        self._tokens = float(self.burst)
        self._stamp = clock()

    def configure(self, per_minute: float, burst: int | None = None) -> None:
        self.per_minute = max(0.0, float(per_minute))
        self.burst = max(1, int(burst if burst is not None else min(10, self.per_minute or 1)))

    def _take(self) -> float:
        """Take a token now (returns 0) or say how long to wait for one."""
        with self._lock:
            if self.per_minute <= 0:
                return 0.0
            now = self._clock()
            rate = self.per_minute / 60.0
            self._tokens = min(float(self.burst), self._tokens + (now - self._stamp) * rate)
            self._stamp = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return 0.0
            return (1.0 - self._tokens) / rate

    def acquire(
        self,
        cancel: CancelToken | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> float:
        """Wait for a slot (cancellable); returns the seconds waited."""
        waited = 0.0
        while True:
            delay = self._take()
            if delay <= 0:
                return waited
            waited += delay
            if sleep is not None:
                sleep(delay)
            elif cancel is not None:
                if cancel.wait(delay):
                    raise Cancelled()
            else:
                time.sleep(delay)


_limiters: dict[str, RateLimiter] = {}
_limiters_lock = threading.Lock()


def limiter(provider: str, per_minute: float | None = None) -> RateLimiter:
    """The process-wide limiter of a provider (reconfigured when ``per_minute`` changes)."""
    rate = DEFAULT_RATE_LIMITS.get(provider, DEFAULT_RATE_LIMITS["*"])
    if per_minute is not None:
        rate = per_minute
    with _limiters_lock:
        lim = _limiters.get(provider)
        if lim is None:
            lim = _limiters[provider] = RateLimiter(rate)
        elif lim.per_minute != rate:
            lim.configure(rate)
        return lim


def reset_limiters() -> None:
    with _limiters_lock:
        _limiters.clear()


# --------------------------------------------------------------------------- proxies
def is_loopback(host: str) -> bool:
    host = (host or "").strip("[]").lower()
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_PROXY_SCHEMES = {"ws": "http", "wss": "https", "http": "http", "https": "https"}


def system_proxy(url: str) -> str | None:
    """The proxy the system would use for ``url`` (environment variables; the OS settings on
    Windows and macOS), or None for a direct connection. Loopback hosts always go direct."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if is_loopback(host):
        return None
    proxies = urllib.request.getproxies()
    scheme = _PROXY_SCHEMES.get(parts.scheme, parts.scheme)
    proxy = proxies.get(scheme) or proxies.get("all")
    if not proxy:
        return None
    try:
        if urllib.request.proxy_bypass(host):
            return None
    except OSError:
        pass
    return proxy if "://" in proxy else f"http://{proxy}"


def check_proxy(value: str) -> str:
    """A proxy setting as stored: "" (system), "direct" (none) or a proxy URL."""
    v = (value or "").strip()
    if v.lower() in ("", "system"):
        return ""
    if v.lower() in ("direct", "none", "off"):
        return "direct"
    parts = urlsplit(v if "://" in v else f"http://{v}")
    if parts.scheme not in ("http", "https", "socks5", "socks5h") or not parts.hostname:
        raise BadInputError(
            f"Bad proxy {value!r}: write http://host:port (socks5://host:port works for AI "
            "providers only), 'direct' for none, or '' for the system proxy"
        )
    return parts.geturl()


def resolve_proxy(url: str, explicit: str | None = None) -> str | None:
    """The proxy for ``url``: the explicit setting, else the system's; None = direct."""
    host = urlsplit(url).hostname or ""
    if is_loopback(host):
        return None
    setting = check_proxy(explicit or "")
    if setting == "direct":
        return None
    if setting:
        return setting
    return system_proxy(url)


# --------------------------------------------------------------------------- retries
def retry_after_s(headers: Mapping[str, str] | None) -> float | None:
    """Seconds a server asked us to wait (``retry-after-ms``, ``Retry-After`` seconds or date)."""
    if not headers:
        return None
    lower = {str(k).lower(): str(v) for k, v in headers.items()}
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = lower.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) / divisor)
        except ValueError:
            pass
    value = lower.get("retry-after")
    if value:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    return None


def backoff_s(
    attempt: int,
    *,
    base: float = 0.5,
    cap: float = 8.0,
    retry_after: float | None = None,
    rng: Callable[[], float] = random.random,
) -> float:
    """The wait before retry number ``attempt`` (0-based): what the server asked for (at most a
    minute), else exponential backoff with full jitter."""
    if retry_after is not None:
        return min(max(0.0, retry_after), MAX_RETRY_AFTER_S)
    return rng() * min(cap, base * 2**attempt)


class TransientError(Exception):
    """A failure worth retrying; ``retry_after`` is what the server asked for (seconds)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


def retrying(
    fn: Callable[[], T],
    *,
    attempts: int = DEFAULT_MAX_RETRIES + 1,
    is_transient: Callable[[BaseException], bool] = lambda exc: isinstance(exc, TransientError),
    cancel: CancelToken | None = None,
    base: float = 0.5,
    cap: float = 8.0,
    sleep: Callable[[float], None] | None = None,
) -> T:
    """Call ``fn`` with tenacity: retry transient failures with exponential backoff and jitter
    (or the server's ``retry_after``), up to ``attempts`` tries; the wait is cancellable."""
    import tenacity

    def wait(state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        return backoff_s(
            state.attempt_number - 1,
            base=base,
            cap=cap,
            retry_after=getattr(exc, "retry_after", None),
        )

    def do_sleep(seconds: float) -> None:
        if sleep is not None:
            sleep(seconds)
        elif cancel is not None:
            if cancel.wait(seconds):
                raise Cancelled()
        elif seconds > 0:
            time.sleep(seconds)

    def transient(exc: BaseException) -> bool:
        return not isinstance(exc, Cancelled) and is_transient(exc)

    def before(_state: tenacity.RetryCallState) -> None:
        if cancel is not None:
            cancel.raise_if_cancelled()

    retryer = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(max(1, attempts)),
        wait=wait,
        retry=tenacity.retry_if_exception(transient),
        sleep=do_sleep,
        before=before,
        reraise=True,
    )
    return retryer(fn)


# --------------------------------------------------------------------------- cancel
_DONE = object()


def run_cancellable(
    fn: Callable[[], T],
    cancel: CancelToken | None,
    *,
    on_cancel: Callable[[], None] | None = None,
    events: Callable[[Callable[[Any], None]], T] | None = None,
) -> T:
    """Run the blocking ``fn`` on a helper thread and wait for it, or for ``cancel``.

    On cancel, ``on_cancel`` runs (close the connection) and Cancelled is raised at once; the
    helper thread ends when its call fails. Without a token ``fn`` runs right here.
    """
    if cancel is None:
        return fn()
    cancel.raise_if_cancelled()
    box: queue.Queue[tuple[str, Any]] = queue.Queue()

    def work() -> None:
        try:
            box.put(("ok", fn()))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            box.put(("error", exc))

    remove = cancel.on_cancel(lambda: box.put(("cancel", None)))
    thread = threading.Thread(target=work, name="shortvid-net", daemon=True)
    thread.start()
    try:
        kind, value = box.get()
    finally:
        remove()
    if kind == "cancel":
        if on_cancel is not None:
            try:
                on_cancel()
            except Exception:  # noqa: BLE001 - closing is best effort
                pass
        raise Cancelled()
    if kind == "error":
        raise value
    return value


def run_async(
    make: Callable[[], Awaitable[T]],
    cancel: CancelToken | None = None,
    timeout: float | None = None,
) -> T:
    """Run a coroutine on its own event loop in a helper thread; cancellable; overall timeout.

    Raises TimeoutError after ``timeout`` seconds, Cancelled when ``cancel`` is set (the task is
    cancelled, so its connections close).
    """
    if cancel is not None:
        cancel.raise_if_cancelled()
    box: queue.Queue[tuple[str, Any]] = queue.Queue()
    holder: dict[str, Any] = {}
    started = threading.Event()

    async def main() -> T:
        holder["loop"] = asyncio.get_running_loop()
        holder["task"] = asyncio.current_task()
        started.set()
        if timeout is None:
            return await make()
        return await asyncio.wait_for(make(), timeout)

    def work() -> None:
        try:
            box.put(("ok", asyncio.run(main())))
        except asyncio.CancelledError:
            box.put(("cancelled", None))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            box.put(("error", exc))
        finally:
            started.set()

    def on_cancel() -> None:
        started.wait()
        loop, task = holder.get("loop"), holder.get("task")
        if loop is not None and task is not None:
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # loop already closed: the work is done
                pass

    remove = cancel.on_cancel(on_cancel) if cancel is not None else None
    thread = threading.Thread(target=work, name="shortvid-async", daemon=True)
    thread.start()
    try:
        kind, value = box.get()
    finally:
        if remove is not None:
            remove()
    if kind == "cancelled" or (cancel is not None and cancel.cancelled):
        raise Cancelled()
    if kind == "error":
        if isinstance(value, asyncio.TimeoutError):
            raise TimeoutError(f"no answer within {timeout:g} s") from value
        raise value
    return value


# --------------------------------------------------------------------------- context
def _setting(store: SettingsStore | None, key: str, default: Any) -> Any:
    if store is None:
        return default
    try:
        value = store.get_setting(key, default)
    except Exception:  # noqa: BLE001 - an unreadable setting means the default
        return default
    return default if value is None else value


@dataclass
class NetContext:
    """Everything an external call needs besides its arguments.

    ``store`` supplies settings and takes the usage rows (``store.Store`` or ``MemoryStore``);
    ``project_id`` goes into each row. ``timeout_s``/``proxy``/``max_retries`` override the
    settings (tests, one-off CLI options).
    """

    store: UsageStore | None = None
    project_id: str = ""
    timeout_s: float | None = None
    proxy: str | None = None
    max_retries: int | None = None
    env: Mapping[str, str] | None = None

    def setting(self, key: str, default: Any = None) -> Any:
        return _setting(self.store, key, default)

    @property
    def accounting(self) -> Accounting:
        return Accounting(self.store, self.project_id)

    def timeout(self) -> float:
        value = self.timeout_s
        if value is None:
            try:
                value = float(self.setting(SETTING_TIMEOUT, DEFAULT_TIMEOUT_S))
            except (TypeError, ValueError):
                value = DEFAULT_TIMEOUT_S
        return max(0.05, float(value))

    def connect_timeout(self) -> float:
        return min(DEFAULT_CONNECT_TIMEOUT_S, self.timeout())

    def retries(self) -> int:
        value = self.max_retries
        if value is None:
            try:
                value = int(self.setting(SETTING_RETRIES, DEFAULT_MAX_RETRIES))
            except (TypeError, ValueError):
                value = DEFAULT_MAX_RETRIES
        return max(0, int(value))

    def proxy_for(self, url: str) -> str | None:
        explicit = self.proxy if self.proxy is not None else self.setting(SETTING_PROXY, "")
        return resolve_proxy(url, str(explicit or ""))

    def limiter(self, provider: str) -> RateLimiter:
        limits = self.setting(SETTING_RATE_LIMITS, {}) or {}
        rate = limits.get(provider, limits.get("*")) if isinstance(limits, dict) else None
        try:
            return limiter(provider, None if rate is None else float(rate))
        except (TypeError, ValueError):
            return limiter(provider)

    def resolve(
        self,
        provider: str,
        *,
        model: str | None = None,
        base_url: str | None = None,
        require_key: bool = True,
    ) -> Endpoint:
        return resolve_provider(
            provider,
            self.store,
            model=model,
            base_url=base_url,
            env=self.env,
            require_key=require_key,
        )


# --------------------------------------------------------------------------- OpenAI SDK
def openai_client(endpoint: Endpoint, context: NetContext) -> Any:
    """An ``openai.OpenAI`` client for an endpoint: timeout, the SDK's own retries (exponential
    backoff with jitter, honouring Retry-After) and the proxy from the context."""
    import openai

    proxy = context.proxy_for(endpoint.base_url)
    http = openai.DefaultHttpxClient(
        proxy=proxy,
        trust_env=not endpoint.local,
        timeout=openai.Timeout(context.timeout(), connect=context.connect_timeout()),
    )
    return openai.OpenAI(
        api_key=endpoint.api_key or "not-needed",
        base_url=endpoint.base_url,
        timeout=openai.Timeout(context.timeout(), connect=context.connect_timeout()),
        max_retries=context.retries(),
        http_client=http,
    )


def describe_openai_error(exc: BaseException, endpoint: Endpoint, timeout: float) -> NetError:
    """A NetError for an SDK exception: says what happened and what to do; key redacted."""
    import openai

    from .secrets import redact

    name = endpoint.name
    where = f"{name} ({endpoint.base_url})"
    status = getattr(exc, "status_code", None)
    detail = redact(_error_detail(exc), extra=[endpoint.api_key])
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        msg = (
            f"{where} refused the API key ({status}): {detail}. Store a valid key with "
            f"`shortvid keys set {name}`."
        )
        return ProviderAuthError(msg, provider=name)
    if isinstance(exc, openai.RateLimitError):
        msg = f"{where} is rate limiting us (429) and kept doing so after retries: {detail}"
        return ProviderUnavailableError(msg, provider=name)
    if isinstance(exc, openai.APITimeoutError):
        msg = f"{where} did not answer within {timeout:g} s (after retries)"
        return ProviderUnavailableError(msg, provider=name)
    if isinstance(exc, openai.APIConnectionError):
        msg = f"cannot reach {where}: {detail}. Check the network or the proxy setting."
        return ProviderUnavailableError(msg, provider=name)
    if isinstance(exc, openai.NotFoundError):
        msg = f"{where} answered 404: {detail}. Check the base URL and the model name."
        return ProviderRequestError(msg, provider=name, status=404)
    if isinstance(exc, openai.APIStatusError):
        if status is not None and status >= 500:
            msg = f"{where} failed with {status} (after retries): {detail}"
            return ProviderUnavailableError(msg, provider=name)
        msg = f"{where} refused the request ({status}): {detail}"
        return ProviderRequestError(msg, provider=name, status=status)
    return ProviderUnavailableError(f"{where} failed: {detail}", provider=name)


def _error_detail(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])[:300]
        if isinstance(err, str):
            return err[:300]
    text = str(exc) or type(exc).__name__
    return text[:300]


class ProviderAuthError(NetError):
    """The provider refused the key (401/403)."""


class ProviderUnavailableError(NetError):
    """The provider could not be reached or kept failing (connection, timeout, 429, 5xx)."""


class ProviderRequestError(NetError):
    """The provider refused the request itself (4xx other than auth and rate limits)."""

    def __init__(self, message: str, *, provider: str = "", status: int | None = None) -> None:
        self.status = status
        super().__init__(message, provider=provider)


__all__ = [
    "DEFAULT_PRICES",
    "PRESETS",
    "Accounting",
    "BudgetExceededError",
    "Endpoint",
    "MemoryStore",
    "MissingKeyError",
    "NetContext",
    "NetError",
    "ProviderAuthError",
    "ProviderPreset",
    "ProviderRequestError",
    "ProviderUnavailableError",
    "RateLimiter",
    "TransientError",
    "UsageStore",
    "backoff_s",
    "check_provider_name",
    "check_proxy",
    "current_month",
    "default_provider",
    "describe_openai_error",
    "estimate_tokens",
    "is_loopback",
    "limiter",
    "openai_client",
    "provider_names",
    "reset_limiters",
    "resolve_provider",
    "resolve_proxy",
    "retry_after_s",
    "retrying",
    "run_async",
    "run_cancellable",
    "system_proxy",
]
