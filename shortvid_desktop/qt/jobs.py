"""Running session jobs on the QThreadPool with progress and cancel, never blocking the GUI."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..core.errors import BadInputError, ShortVidError
from ..core.serial import ValidationError
from ..jobs import Cancelled, CancelToken, Progress, ProgressReport


class JobSignals(QObject):
    progress = Signal(float, str, object)  # fraction, message, eta seconds or None
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()  # after any of the three above


class QtJob(QRunnable):
    """Runs ``fn(progress, cancel)`` on a pool thread; results arrive as queued signals."""

    def __init__(self, title: str, fn: Callable[[Progress, CancelToken], Any]) -> None:
        super().__init__()
        self.title = title
        self.fn = fn
        self.cancel_token = CancelToken()
        self.signals = JobSignals()
        self.done = False
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def _report(self, report: ProgressReport) -> None:
        self.signals.progress.emit(report.fraction, report.message, report.eta_s)

    def run(self) -> None:  # on a pool thread
        try:
            result = self.fn(Progress(self._report), self.cancel_token)
        except Cancelled:
            self.signals.cancelled.emit()
        except (BadInputError, ValidationError, ShortVidError) as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the user, never crashes the app
            traceback.print_exc()
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.signals.succeeded.emit(result)
        self.done = True
        self.signals.finished.emit()


class JobRunner(QObject):
    """Keeps the running jobs alive and tells the window how many there are."""

    running_changed = Signal(int)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self.jobs: list[QtJob] = []

    def start(self, job: QtJob) -> QtJob:
        self.jobs.append(job)
        job.signals.finished.connect(self._on_job_finished)  # a bound slot dies with us
        self.running_changed.emit(len(self.jobs))
        self.pool.start(job)
        return job

    def _on_job_finished(self) -> None:
        self.jobs = [j for j in self.jobs if not j.done]
        self.running_changed.emit(len(self.jobs))

    def cancel_all(self) -> None:
        for job in list(self.jobs):
            job.cancel()

    def shutdown(self) -> None:
        """Cancel every job and cut its signals (the window is going away)."""
        for job in list(self.jobs):
            job.cancel()
            for sig in (
                job.signals.progress,
                job.signals.succeeded,
                job.signals.failed,
                job.signals.cancelled,
            ):
                try:
                    sig.disconnect()
                except (RuntimeError, TypeError):
                    pass
