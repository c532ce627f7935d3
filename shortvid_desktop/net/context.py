"""``NetContext``: everything an external call needs besides its arguments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .providers import Endpoint, resolve_provider
from .proxy import resolve_proxy
from .ratelimit import RateLimiter, limiter
from .settings import (
    DEFAULT_CONNECT_TIMEOUT_S,
    DEFAULT_DEADLINE_S,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT_S,
    SETTING_DEADLINE,
    SETTING_PROXY,
    SETTING_RATE_LIMITS,
    SETTING_RETRIES,
    SETTING_TIMEOUT,
    UsageStore,
    read_setting,
)
from .usage import Accounting


@dataclass
class NetContext:
    """Everything an external call needs besides its arguments.

    ``store`` supplies settings and takes the usage rows (``store.Store`` or ``MemoryStore``);
    ``project_id`` goes into each row. ``timeout_s``/``deadline_s``/``proxy``/``max_retries``
    override the settings (tests, one-off CLI options). ``timeout()`` bounds one read;
    ``deadline()`` bounds a whole call, its retries and a stream included.
    """

    store: UsageStore | None = None
    project_id: str = ""
    timeout_s: float | None = None
    proxy: str | None = None
    max_retries: int | None = None
    env: Mapping[str, str] | None = None
    deadline_s: float | None = None

    def setting(self, key: str, default: Any = None) -> Any:
        return read_setting(self.store, key, default)

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
        return max(0.05, min(float(value), self.deadline()))

    def deadline(self) -> float:
        """The total time one call may take (setting ``net.deadline_s``, default 30 s)."""
        value = self.deadline_s
        if value is None:
            try:
                value = float(self.setting(SETTING_DEADLINE, DEFAULT_DEADLINE_S))
            except (TypeError, ValueError):
                value = DEFAULT_DEADLINE_S
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

    def ready(self, provider: str) -> bool:
        """True when ``provider`` resolves and has the key it needs (no network is used)."""
        try:
            ep = self.resolve(provider, require_key=False)
        except Exception:  # noqa: BLE001 - any configuration problem means "not ready"
            return False
        return bool(ep.api_key) or not ep.needs_key

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
