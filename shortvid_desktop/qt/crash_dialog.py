"""What the window does with an error nobody expected: a crash report in the data folder, and a
dialog that says so in one sentence, with the details behind "Copy details" (for a bug report).
The window stays open: the project is autosaved, and most such errors end only the one action.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..session.crash import crash_details, write_crash_report


class CrashDialog(QDialog):
    def __init__(self, summary: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(self.tr("Unexpected problem"))
        self.details = details
        layout = QVBoxLayout(self)
        label = QLabel(summary)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(label)
        text = QPlainTextEdit(details)
        text.setReadOnly(True)
        text.setObjectName("crashDetails")
        text.setMinimumSize(520, 220)
        layout.addWidget(text)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.accept)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(self.tr("Copied"))


class _Relay(QObject):
    """Carries an error from any thread to the GUI thread (queued signal)."""

    raised = Signal(object)


class CrashHandler(QObject):
    """``sys.excepthook`` and ``threading.excepthook`` for the window's process."""

    def __init__(self, parent_window: QWidget | None = None) -> None:
        super().__init__(QApplication.instance())
        self.window = parent_window
        self.dialogs: list[CrashDialog] = []
        self._relay = _Relay()
        self._relay.raised.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def _hook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous[0](kind, exc, tb)
            return
        exc.__traceback__ = tb
        self._relay.raised.emit(exc)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        args.exc_value.__traceback__ = args.exc_traceback
        self._relay.raised.emit(args.exc_value)

    def _show(self, exc: BaseException) -> None:
        try:
            report = write_crash_report(exc)
            details = crash_details(exc)
            summary = self.tr(
                "ShortVid hit an unexpected problem ({0}) and stopped what it was doing. Your "
                "project is saved automatically; you can go on working."
            ).format(type(exc).__name__)
            if report is not None:
                # the space between sentences is the language's own (none in Chinese)
                summary += self.tr(" The details are in {0}.").format(str(report))
            dialog = CrashDialog(summary, details, self.window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(lambda _r, d=dialog: self._forget(d))
            self.dialogs.append(dialog)
            dialog.open()
        except Exception:  # noqa: BLE001 - never an error loop: fall back to stderr
            self._previous[0](type(exc), exc, exc.__traceback__)

    def _forget(self, dialog: CrashDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
