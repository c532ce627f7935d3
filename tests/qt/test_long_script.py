"""A script far longer than a short video: the window asks before voicing it (the way through
that the CLI's --allow-long gives), and Cancel leaves everything as it was."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from qt_helpers import wait_jobs

from shortvid_desktop.session.session import MAX_SCENES, script_too_long

LONG = " ".join(
    f"This is sentence number {n} of a very long text." for n in range(2 * MAX_SCENES + 20)
)


def answer_long_box(qtbot, accept: bool) -> list[str]:
    """Answer the next modal box: its "Voice it all" button, or Cancel."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        seen.append(box.text())
        if accept:
            button = next(
                b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
            )
        else:
            button = box.button(QMessageBox.StandardButton.Cancel)
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)
    return seen


@pytest.fixture
def long_window(window, qtbot):
    with qtbot.waitSignal(window.build.script_ready, timeout=60_000):
        window.build.split_text(LONG, "en")
    assert script_too_long(window.session.project.script) is not None
    qtbot.waitUntil(window.scenes_panel.build_button.isEnabled)
    return window


def test_cancel_voices_nothing_and_says_why(long_window, qtbot) -> None:
    window = long_window
    before = len(window.session.project.timeline.tracks)
    seen = answer_long_box(qtbot, accept=False)
    QTest.mouseClick(window.scenes_panel.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    assert "minutes of speech" in seen[0] and str(MAX_SCENES) in seen[0]
    assert "--allow-long" not in seen[0]  # no command-line advice in the window
    assert not window.build.busy()  # nothing started
    assert "Voice it all" in window.messages.toPlainText()
    assert len(window.session.project.timeline.tracks) == before
    assert window.scenes_panel.build_button.isEnabled()
    assert not window.session.allow_long


def test_voice_it_all_starts_voicing_and_can_be_cancelled(long_window, qtbot) -> None:
    window = long_window
    seen = answer_long_box(qtbot, accept=True)
    with qtbot.waitSignal(window.build.busy_changed, timeout=30_000):
        QTest.mouseClick(window.scenes_panel.build_button, Qt.MouseButton.LeftButton)
    assert seen and window.build.busy()
    assert window.session.allow_long  # asked once per project
    indicator = window.jobs_indicator
    qtbot.waitUntil(indicator.cancel_button.isVisible, timeout=10_000)
    with qtbot.waitSignal(window.build.busy_changed, timeout=60_000):
        QTest.mouseClick(indicator.cancel_button, Qt.MouseButton.LeftButton)
    assert not window.build.busy()
    assert "far longer" not in window.messages.toPlainText()  # it was not refused
    wait_jobs(qtbot, window)
