"""Retries: ``Retry-After``, exponential backoff with jitter, and a cancellable tenacity loop."""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TypeVar

from ..jobs import Cancelled, CancelToken
from .settings import DEFAULT_MAX_RETRIES, MAX_RETRY_AFTER_S

T = TypeVar("T")


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
    deadline: float | None = None,
) -> T:
    """Call ``fn`` with tenacity: retry transient failures with exponential backoff and jitter
    (or the server's ``retry_after``), up to ``attempts`` tries, and none that would start (after
    its wait) past ``deadline`` seconds from now; the wait is cancellable."""
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

    stop = tenacity.stop_after_attempt(max(1, attempts))
    if deadline is not None:
        stop = stop | tenacity.stop_before_delay(deadline)
    retryer = tenacity.Retrying(
        stop=stop,
        wait=wait,
        retry=tenacity.retry_if_exception(transient),
        sleep=do_sleep,
        before=before,
        reraise=True,
    )
    return retryer(fn)
