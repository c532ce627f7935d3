"""Non-modal messages: a bar under the toolbar (with optional buttons), a message log, and the
status-bar job indicator (running jobs, progress, Cancel)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QWidget,
)

from .jobs import JobRunner, QtJob
from .progress_text import progress_text


class NoticeBar(QWidget):
    """One message at a time; errors in red; buttons run a callback and close the bar."""

    closed = Signal()
    shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.label = QLabel("", self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.dismiss)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 2, 4, 2)
        self._layout.addWidget(self.label, 1)
        self._buttons: list[QPushButton] = []
        self._layout.addWidget(self.close_button)
        self.level = "info"
        self.setVisible(False)

    def show_message(
        self,
        text: str,
        level: str = "info",
        buttons: list[tuple[str, Callable[[], None]]] | None = None,
    ) -> None:
        for b in self._buttons:
            self._layout.removeWidget(b)
            b.deleteLater()
        self._buttons = []
        self.level = level
        self.setProperty("level", level)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(text)
        for label, fn in buttons or []:
            b = QPushButton(label, self)
            b.clicked.connect(lambda _=False, f=fn: (self.dismiss(), f()))
            self._layout.insertWidget(self._layout.count() - 1, b)
            self._buttons.append(b)
        self.setVisible(True)
        self.shown.emit()

    def buttons(self) -> list[QPushButton]:
        return list(self._buttons)

    def dismiss(self) -> None:
        self.setVisible(False)
        self.closed.emit()


class MessageLog(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setMaximumBlockCount(1000)

    def add(self, text: str) -> None:
        self.appendPlainText(f"{datetime.now():%H:%M:%S}  {text}")


class JobsIndicator(QWidget):
    """Status bar: how many jobs run, the first one's progress, and Cancel."""

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.label = QLabel("", self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(140)
        self.bar.setTextVisible(False)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel_first)
        h = QHBoxLayout(self)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.label)
        h.addWidget(self.bar)
        h.addWidget(self.cancel_button)
        runner.running_changed.connect(self._refresh)
        runner.job_progress.connect(self._on_job_progress)
        self._refresh()

    def _first(self) -> QtJob | None:
        jobs = self.runner.visible_jobs()
        return jobs[0] if jobs else None

    def _refresh(self, *_args: object) -> None:
        jobs = self.runner.visible_jobs()
        if self.isVisible() != bool(jobs):
            self.setVisible(bool(jobs))
        if not jobs:
            return
        first = jobs[0]
        more = self.tr(" (+{0} more)").format(len(jobs) - 1) if len(jobs) > 1 else ""
        msg = f" — {progress_text(first.message)}" if first.message else ""
        text = f"{first.title}{msg}{more}"
        if text != self.label.text():
            self.label.setText(text)
        top = 0 if first.fraction < 0 else 1000
        if self.bar.maximum() != top:  # a range change restyles the bar: only when needed
            self.bar.setRange(0, top)
        value = int(max(0.0, first.fraction) * 1000)
        if self.bar.value() != value:
            self.bar.setValue(value)

    def _on_job_progress(self, job: QtJob) -> None:
        if job is self._first():
            self._refresh()

    def _cancel_first(self) -> None:
        job = self._first()
        if job is not None:
            job.cancel()
