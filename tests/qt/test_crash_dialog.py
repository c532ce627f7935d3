"""An unexpected error in the window: a crash report in the data folder and a dialog whose
"Copy details" puts the (redacted) details on the clipboard; the window stays open."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from shortvid_desktop import paths
from shortvid_desktop.qt.crash_dialog import CrashDialog, CrashHandler

SECRET = "sk-proj-Zq8vK2mW9xR4tL7pN3bH6jF1bbbb"


def _boom() -> None:
    raise RuntimeError(f"a bug, with a key in the message: {SECRET}")


def _dialogs() -> list[CrashDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog)]


@pytest.mark.qt_no_exception_capture
@pytest.mark.parametrize("where", ["slot", "thread"])
def test_an_unexpected_error_shows_a_dialog_and_writes_a_report(qtbot, where: str) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    handler = CrashHandler(window)
    try:
        if where == "slot":
            QTimer.singleShot(0, _boom)  # an error in a Qt slot, on the GUI thread
        else:
            threading.Thread(target=_boom).start()  # and one on a worker thread
        qtbot.waitUntil(lambda: bool(_dialogs()), timeout=10_000)
    finally:
        handler.uninstall()
    (dialog,) = _dialogs()
    assert window.isVisible()
    reports = list((paths.user_data_dir() / "crash-reports").glob("crash-*.txt"))
    assert len(reports) == 1
    summary = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "unexpected problem (RuntimeError)" in summary and str(reports[0]) in summary
    QTest.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "RuntimeError" in copied and "Traceback" in copied
    assert SECRET not in copied and SECRET not in reports[0].read_text(encoding="utf-8")
    dialog.close()
