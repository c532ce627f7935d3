"""Qt test fixtures: a window on a tiny-canvas project; jobs finish before teardown; the
network is hermetic and the keyring isolated (servers.fixtures)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from qt_helpers import tiny_session
from servers.fixtures import *  # noqa: F403 - local AI servers, isolated keyring

from shortvid_desktop.session import Session


@pytest.fixture(autouse=True)
def no_button_held(qapp):
    """QTest remembers which mouse buttons are down across tests: one that ends between a
    press and its release (a drag cut short by a dialog, a widget closed mid-gesture) would
    make every later QTest.mouseMove a drag. Each test starts with every button up."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    spare = QWidget()
    for button in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
        QTest.mouseRelease(spare, button)
    spare.deleteLater()
    # nor with a popup (a menu, a combo box's list) or a modal dialog an earlier test left
    # open: Qt gives a popup every mouse event, and a modal dialog blocks the input of every
    # other window, so a hover over the window under test never arrives
    for _ in range(10):
        left = QApplication.activePopupWidget() or QApplication.activeModalWidget()
        if left is None:
            break
        left.close()
    # nor with a window an earlier test left on screen (a dialog of a closed window, a window
    # a test made and did not close): under the pointer it takes QTest.mouseMove's events.
    # Hidden, not closed: a close could ask to save.
    for left in QApplication.topLevelWidgets():
        if left.isVisible():
            left.hide()
    yield


@pytest.fixture
def make_window(qtbot):
    from shortvid_desktop.qt.main_window import MainWindow

    made = []

    def make(session: Session | None = None) -> MainWindow:
        w = MainWindow(session or tiny_session())
        w.confirm_close = False
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        w.activateWindow()
        made.append(w)
        return w

    yield make
    for w in made:
        w.runner.shutdown()
    QThreadPool.globalInstance().waitForDone(60_000)
    QApplication.processEvents()


@pytest.fixture
def window(make_window):
    return make_window()
