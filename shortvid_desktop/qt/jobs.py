"""Running session jobs on the QThreadPool with progress and cancel, never blocking the GUI."""

from __future__ import annotations

import functools
import gc
import os
import sys
import threading
import traceback
import warnings
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

from ..core.errors import BadInputError, ShortVidError
from ..core.serial import ValidationError
from ..jobs import Cancelled, CancelToken, Progress, ProgressReport
from ..session.crash import write_crash_report

# Pool threads run a step below the window's thread: on a busy machine (an export's ffmpeg
# windows on every core) the GUI thread then gets a core the moment it wakes, and with it the
# interpreter lock sooner. Threads a job starts inherit it (Linux: nice is per thread).
BACKGROUND_NICENESS = 5


def _background_priority() -> None:
    if not sys.platform.startswith("linux"):
        return
    tid = threading.get_native_id()
    try:
        current = os.getpriority(os.PRIO_PROCESS, tid)
        if current < BACKGROUND_NICENESS:
            os.setpriority(os.PRIO_PROCESS, tid, BACKGROUND_NICENESS)
    except OSError:
        pass  # not allowed: the job runs at normal priority


_COLLECTOR_HOLDS: set[int] = set()
_COLLECTOR_LOCK = threading.Lock()


def hold_collector(owner: object, on: bool) -> None:
    """No automatic garbage-collector passes while ``owner`` plays or exports (``on``), the
    collector back when the last of them stops, or when an owner that is a QObject is
    destroyed holding it. A pass walks every object the project and its views made, on
    whichever thread allocates, and stopped the event loop 50-150 ms in the middle of playback
    (seen with ``gc.callbacks``, benchmarks/ui_bench.py --part play); reference counting still
    frees everything at once, and cycles wait until the end (few are made). Any thread."""
    key = id(owner)
    with _COLLECTOR_LOCK:
        if on:
            if isinstance(owner, QObject) and not owner.property("shortvid_collector_watch"):
                owner.setProperty("shortvid_collector_watch", True)  # (connected once)
                owner.destroyed.connect(functools.partial(_release_collector, key))
            _COLLECTOR_HOLDS.add(key)
            gc.disable()
            return
    _release_collector(key)


def _release_collector(key: int, *_args: object) -> None:
    with _COLLECTOR_LOCK:
        if key in _COLLECTOR_HOLDS:
            _COLLECTOR_HOLDS.discard(key)
            if not _COLLECTOR_HOLDS:
                gc.enable()


class JobSignals(QObject):
    """A job's signals, emitted on the thread this object lives in (the GUI's).

    The pool thread only ``post``s: the outcome crosses to the GUI thread as one queued call,
    and ``_deliver`` emits the public signals there unless the window let go of the job in the
    meantime (``detached``, set by ``JobRunner`` as it goes away). Emitted straight from the pool
    thread, a result that was already on its way when the window closed still reached the
    deleted runner and panels ("Signal source has been deleted")."""

    progress = Signal(float, str, object)  # fraction, message, eta seconds or None
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()  # after any of the three above
    _posted = Signal(str, object)  # (kind, args) from the pool thread

    def __init__(self) -> None:
        super().__init__()
        self.detached = False
        self._posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def post(self, kind: str, args: tuple) -> None:
        """From any thread: emit ``kind`` ("progress", or an outcome then "finished") with
        ``args`` on this object's thread."""
        self._posted.emit(kind, args)

    def _deliver(self, kind: str, args: object) -> None:
        if self.detached:
            return
        if kind == "progress":
            self.progress.emit(*args)  # type: ignore[misc]
            return
        getattr(self, kind).emit(*args)  # type: ignore[misc]
        if not self.detached:
            self.finished.emit()


class QtJob(QRunnable):
    """Runs ``fn(progress, cancel)`` on a pool thread; results arrive as queued signals.

    ``quiet`` jobs (autosaves, thumbnails, preview frames) are not counted in the status bar.
    """

    def __init__(
        self, title: str, fn: Callable[[Progress, CancelToken], Any], *, quiet: bool = False
    ) -> None:
        super().__init__()
        self.title = title
        self.fn = fn
        self.quiet = quiet
        # no collector passes while it runs (an export: see hold_collector); held by the job
        # itself, so a window closed mid-way (its signals cut) still gives it back
        self.holds_collector = False
        self.cancel_token = CancelToken()
        self.signals = JobSignals()
        self.done = False
        self.fraction = 0.0
        self.message = ""
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self.cancel_token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.cancel_token.cancelled

    def _report(self, report: ProgressReport) -> None:
        self.fraction, self.message = report.fraction, report.message
        try:
            self.signals.post("progress", (report.fraction, report.message, report.eta_s))
        except RuntimeError:  # the window is gone; the job finishes quietly
            pass

    def run(self) -> None:  # on a pool thread
        _background_priority()
        if self.holds_collector:
            hold_collector(self, True)
        try:
            self.cancel_token.raise_if_cancelled()
            result = self.fn(Progress(self._report), self.cancel_token)
        except Cancelled:
            outcome: tuple[str, tuple[Any, ...]] = ("cancelled", ())
        except (BadInputError, ValidationError, ShortVidError) as exc:
            outcome = ("failed", (str(exc),))
        except Exception as exc:  # noqa: BLE001 - shown to the user, never crashes the app
            traceback.print_exc()
            report = write_crash_report(exc)  # a bug: the details for a bug report
            where = f" (details in {report})" if report is not None else ""
            outcome = ("failed", (f"{type(exc).__name__}: {exc}{where}",))
        else:
            outcome = ("succeeded", (result,))
        finally:
            if self.holds_collector:
                hold_collector(self, False)
        self.done = True
        try:
            self.signals.post(*outcome)
        except RuntimeError:  # the window that wanted the result is gone (closed): drop it
            pass


class JobRunner(QObject):
    """Keeps the running jobs alive and tells the window how many there are."""

    running_changed = Signal(int)  # jobs the user sees (not quiet ones)
    job_started = Signal(object)  # QtJob
    job_progress = Signal(object)  # QtJob

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self.jobs: list[QtJob] = []
        # every job whose last signal is not delivered yet; cut when we go away, so a result
        # arriving after the window closed never reaches a deleted panel
        self._registry: list[QtJob] = []
        self.destroyed.connect(functools.partial(_detach_all, self._registry))

    def start(self, job: QtJob) -> QtJob:
        self.jobs.append(job)
        self._registry.append(job)
        job.signals.finished.connect(lambda j=job: self._on_job_finished(j))
        job.signals.progress.connect(lambda *_a, j=job: self.job_progress.emit(j))
        self.job_started.emit(job)
        self.running_changed.emit(len(self.visible_jobs()))
        self.pool.start(job)
        return job

    def run(
        self,
        title: str,
        fn: Callable[[Progress, CancelToken], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        *,
        quiet: bool = False,
        on_cancel: Callable[[], None] | None = None,
    ) -> QtJob:
        """Start ``fn`` as a job and call back on the GUI thread."""
        job = QtJob(title, fn, quiet=quiet)
        if on_done is not None:
            job.signals.succeeded.connect(on_done)
        if on_error is not None:
            job.signals.failed.connect(on_error)
        if on_cancel is not None:
            job.signals.cancelled.connect(on_cancel)
        return self.start(job)

    def visible_jobs(self) -> list[QtJob]:
        return [j for j in self.jobs if not j.quiet and not j.done]

    def _on_job_finished(self, job: QtJob) -> None:
        if job in self._registry:
            self._registry.remove(job)
        self.jobs = [j for j in self.jobs if not j.done]
        self.running_changed.emit(len(self.visible_jobs()))

    def cancel_all(self) -> None:
        for job in list(self.jobs):
            job.cancel()

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for the pool (shutdown only; never while the window is in use)."""
        return self.pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Cancel every job and cut its signals (the window is going away)."""
        for job in list(self.jobs):
            job.cancel()
        _detach_all(self._registry)
        self.jobs = []


def _detach_all(jobs: list[QtJob]) -> None:
    for job in list(jobs):
        job.cancel()
        job.signals.detached = True  # (a result already posted is dropped on arrival)
        for sig in (
            job.signals.progress,
            job.signals.succeeded,
            job.signals.failed,
            job.signals.cancelled,
            job.signals.finished,
        ):
            with warnings.catch_warnings():  # "nothing connected" is fine here
                warnings.simplefilter("ignore", RuntimeWarning)
                try:
                    sig.disconnect()
                except (RuntimeError, TypeError):
                    pass
    jobs.clear()
