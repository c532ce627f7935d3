"""Rate limits: one token bucket per provider per process (setting ``net.rate_limits``)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ..jobs import Cancelled, CancelToken

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
