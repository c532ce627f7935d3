"""Projects: recent files, autosave (a few seconds after the last edit, and whenever a job
starts) and crash recovery. "Unsaved" is the undo stack's clean marker."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from ..edits import ChangeEvent
from ..session import Session
from ..session.autosave import (
    RecoverableProject,
    autosave_job,
    discard,
    idle_seconds,
    recover,
    recoverable,
)
from .jobs import JobRunner, QtJob
from .state import ui_settings
from .undo import UndoBridge

MAX_RECENT = 10


def recent_files() -> list[str]:
    value = ui_settings().value("recent/files", [])
    if isinstance(value, str):
        value = [value] if value else []
    return [str(v) for v in (value or []) if v]


def remember_recent(path: str) -> list[str]:
    p = os.path.abspath(path)
    files = [p] + [f for f in recent_files() if f != p]
    files = files[:MAX_RECENT]
    s = ui_settings()
    s.setValue("recent/files", files)
    s.sync()
    return files


class Autosaver(QObject):
    """Writes a revision to the store after ``idle_ms`` without edits, and when a job starts."""

    saved = Signal(int)  # revision id
    failed = Signal(str)

    def __init__(
        self,
        session_getter: Callable[[], Session],
        bridge: UndoBridge,
        runner: JobRunner,
        parent: QObject | None = None,
        idle_ms: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session_getter
        self.runner = runner
        self.dirty = False
        self.enabled = True
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(idle_ms if idle_ms is not None else int(idle_seconds() * 1000))
        self.timer.timeout.connect(lambda: self.save_now("autosave"))
        self._job: QtJob | None = None
        self._job_save_pending = False
        bridge.changed.connect(self._on_bridge_changed)
        runner.job_started.connect(self._on_job_started)

    def _on_bridge_changed(self, event: ChangeEvent) -> None:
        if event.kind in ("push", "undo", "redo"):
            self.dirty = True
            self.timer.start()

    def _on_job_started(self, job: QtJob) -> None:
        if not job.quiet and self.dirty and not self._job_save_pending:
            # in the next turn of the event loop, so starting a job stays quick
            self._job_save_pending = True
            QTimer.singleShot(0, self._save_for_job)

    def _save_for_job(self) -> None:
        self._job_save_pending = False
        self.save_now("job")

    def save_now(self, reason: str = "autosave") -> QtJob | None:
        """Snapshot the project now (the copy is made here; the write runs on the pool)."""
        self.timer.stop()
        if not self.enabled or not self.dirty:
            return None
        self.dirty = False
        fn = autosave_job(self.session().project, reason)
        self._job = self.runner.run(
            self.tr("Autosave"),
            fn,
            lambda row: self.saved.emit(row.id),
            self._on_failed,
            quiet=True,
        )
        return self._job

    def _on_failed(self, message: str) -> None:
        self.dirty = True
        self.failed.emit(message)


class RecoveryOffer(QObject):
    """After a crash: the newest unsaved revision of each project, offered back."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[RecoverableProject] = []

    def check(self, exclude: set[str] | None = None) -> list[RecoverableProject]:
        skip = exclude or set()
        self.items = [r for r in recoverable() if r.project_id not in skip]
        return self.items

    @staticmethod
    def recover(item: RecoverableProject) -> Session:
        return recover(item)

    @staticmethod
    def discard(item: RecoverableProject) -> int:
        return discard(item)
