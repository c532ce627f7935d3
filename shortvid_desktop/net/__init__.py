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

Modules: ``settings`` (setting keys, store protocol, ``MemoryStore``), ``errors``, ``providers``,
``usage``, ``ratelimit``, ``proxy``, ``retry``, ``cancel``, ``context`` (``NetContext``) and
``openai_sdk``. Import from ``shortvid_desktop.net``; the names below are its public surface.
"""

from __future__ import annotations

from .cancel import run_async, run_cancellable
from .context import NetContext
from .errors import (
    BudgetExceededError,
    MissingKeyError,
    NetError,
    ProviderAuthError,
    ProviderRequestError,
    ProviderUnavailableError,
)
from .openai_sdk import (
    describe_deadline,
    describe_not_json,
    describe_openai_error,
    openai_client,
)
from .providers import (
    JSON_MODES,
    PRESETS,
    Endpoint,
    JsonMode,
    ProviderPreset,
    check_provider_name,
    default_provider,
    provider_names,
    provider_settings,
    resolve_provider,
)
from .proxy import check_proxy, is_loopback, resolve_proxy, system_proxy
from .ratelimit import DEFAULT_RATE_LIMITS, RateLimiter, limiter, reset_limiters
from .retry import TransientError, backoff_s, retry_after_s, retrying
from .settings import (
    DEFAULT_CONNECT_TIMEOUT_S,
    DEFAULT_DEADLINE_S,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT_S,
    MAX_RETRY_AFTER_S,
    SETTING_BUDGETS,
    SETTING_DEADLINE,
    SETTING_PRICES,
    SETTING_PROVIDER,
    SETTING_PROVIDERS,
    SETTING_PROXY,
    SETTING_RATE_LIMITS,
    SETTING_RETRIES,
    SETTING_TIMEOUT,
    MemoryStore,
    SettingsStore,
    Unit,
    UsageStore,
    current_month,
)
from .usage import DEFAULT_PRICES, Accounting, estimate_tokens

__all__ = [
    "Accounting",
    "BudgetExceededError",
    "DEFAULT_CONNECT_TIMEOUT_S",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_PRICES",
    "DEFAULT_RATE_LIMITS",
    "DEFAULT_DEADLINE_S",
    "DEFAULT_TIMEOUT_S",
    "Endpoint",
    "JSON_MODES",
    "JsonMode",
    "MAX_RETRY_AFTER_S",
    "MemoryStore",
    "MissingKeyError",
    "NetContext",
    "NetError",
    "PRESETS",
    "ProviderAuthError",
    "ProviderPreset",
    "ProviderRequestError",
    "ProviderUnavailableError",
    "RateLimiter",
    "SETTING_BUDGETS",
    "SETTING_PRICES",
    "SETTING_PROVIDER",
    "SETTING_PROVIDERS",
    "SETTING_PROXY",
    "SETTING_RATE_LIMITS",
    "SETTING_RETRIES",
    "SETTING_DEADLINE",
    "SETTING_TIMEOUT",
    "SettingsStore",
    "TransientError",
    "Unit",
    "UsageStore",
    "backoff_s",
    "check_provider_name",
    "check_proxy",
    "current_month",
    "default_provider",
    "describe_deadline",
    "describe_not_json",
    "describe_openai_error",
    "estimate_tokens",
    "is_loopback",
    "limiter",
    "openai_client",
    "provider_names",
    "provider_settings",
    "reset_limiters",
    "resolve_provider",
    "resolve_proxy",
    "retry_after_s",
    "retrying",
    "run_async",
    "run_cancellable",
    "system_proxy",
]
