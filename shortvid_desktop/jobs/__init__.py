"""Long work as jobs: ``run(progress, cancel)``, with progress reports and cooperative cancel.

Standard library only. The window runs jobs on a QThreadPool (qt/jobs.py adapts them), the CLI runs
them in the foreground with a terminal progress bar; a job never knows which.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

T = TypeVar("T")


class Cancelled(Exception):
    """Raised inside a job when its CancelToken was set."""


class CancelToken:
    """Thread-safe cancel flag. ``on_cancel`` callbacks run once, on the cancelling thread."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._callbacks: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks = list(self._callbacks)
        for cb in callbacks:
            try:
                cb()
            except Exception:  # noqa: BLE001 - a failing callback must not stop the others
                pass

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Register ``callback``; returns a function that unregisters it."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                registered = True
            else:
                registered = False
        if not registered:
            callback()

        def remove() -> None:
            with self._lock:
                if callback in self._callbacks:
                    self._callbacks.remove(callback)

        return remove

    def wait(self, timeout: float) -> bool:
        return self._event.wait(timeout)


@dataclass(frozen=True)
class ProgressReport:
    fraction: float  # 0..1, or -1 when unknown
    message: str = ""
    eta_s: float | None = None


ProgressCallback = Callable[[ProgressReport], None]


class Progress:
    """What a job calls to report progress; computes an ETA from the fraction and elapsed time."""

    def __init__(self, callback: ProgressCallback | None = None) -> None:
        self._callback = callback
        self._start = time.monotonic()
        self.last = ProgressReport(0.0)

    def __call__(self, fraction: float, message: str = "") -> None:
        fraction = -1.0 if fraction < 0 else min(1.0, fraction)
        eta = None
        elapsed = time.monotonic() - self._start
        if 0.02 < fraction < 1.0 and elapsed > 0.5:
            eta = elapsed * (1.0 - fraction) / fraction
        self.last = ProgressReport(fraction, message or self.last.message, eta)
        if self._callback is not None:
            self._callback(self.last)

    def sub(self, start: float, end: float) -> Progress:
        """A Progress that maps 0..1 onto ``start..end`` of this one."""
        parent = self

        def forward(report: ProgressReport) -> None:
            f = report.fraction
            parent(start + (end - start) * f if f >= 0 else -1, report.message)

        return Progress(forward)


class Job(Protocol[T]):
    title: str

    def run(self, progress: Progress, cancel: CancelToken) -> T: ...


class FunctionJob:
    """Wrap ``fn(progress, cancel)`` as a Job."""

    def __init__(self, title: str, fn: Callable[[Progress, CancelToken], T]) -> None:
        self.title = title
        self._fn = fn

    def run(self, progress: Progress, cancel: CancelToken) -> T:
        return self._fn(progress, cancel)


def retry(
    fn: Callable[[], T],
    *,
    attempts: int = 4,
    base_delay: float = 0.5,
    max_delay: float = 8.0,
    retry_on: Callable[[BaseException], bool] = lambda exc: True,
    cancel: CancelToken | None = None,
    sleep: Callable[[float], None] | None = None,
) -> T:
    """Call ``fn`` until it succeeds; exponential backoff with full jitter between tries."""
    import random

    for attempt in range(attempts):
        if cancel is not None:
            cancel.raise_if_cancelled()
        try:
            return fn()
        except Cancelled:
            raise
        except BaseException as exc:
            if attempt == attempts - 1 or not retry_on(exc):
                raise
            delay = random.uniform(0, min(max_delay, base_delay * 2**attempt))
            if sleep is not None:
                sleep(delay)
            elif cancel is not None:
                if cancel.wait(delay):
                    raise Cancelled() from exc
            else:
                time.sleep(delay)
    raise AssertionError("unreachable")


__all__ = [
    "CancelToken",
    "Cancelled",
    "FunctionJob",
    "Job",
    "Progress",
    "ProgressReport",
    "retry",
]
