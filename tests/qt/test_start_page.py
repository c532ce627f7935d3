"""The start page of a new window: New, Open…, Reopen last project, the recent projects (newest
first, a click opens one) and every crashed project with Recover / Discard; File > Open recent."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from qt_helpers import tiny_session
from test_window_gestures import voiced_session

from shortvid_desktop.edits import ProjectPropertyCommand


@pytest.fixture
def new_window(qtbot):
    """Windows as the app opens them: no project given."""
    from shortvid_desktop.qt.main_window import MainWindow

    made = []

    def make() -> MainWindow:
        w = MainWindow()
        w.confirm_close = False
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        made.append(w)
        return w

    yield make
    for w in made:
        w.runner.shutdown()
    QThreadPool.globalInstance().waitForDone(60_000)
    QApplication.processEvents()


def click(widget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def saved_project(window, path: Path, title: str) -> None:
    """A project made and saved in a window, as a user does."""
    window.set_session(voiced_session())
    window.bridge.push(ProjectPropertyCommand(title=title))
    assert window.save_project(str(path))


def test_a_new_window_offers_recent_and_crashed_projects(
    make_window, new_window, qtbot, tmp_path
) -> None:
    from shortvid_desktop.session.autosave import save_revision

    first = new_window()
    page = first.start_page
    assert page.isVisible()  # nothing to reopen yet, nothing crashed
    assert not page.reopen_button.isEnabled() and not page.recovery_box.isVisible()
    assert page.recent_empty.isVisible()
    click(page.new_button)
    assert not page.isVisible() and first.session.project.title == "Untitled"
    first.act_start_page.trigger()
    assert page.isVisible()
    first.bridge.push(ProjectPropertyCommand(title="Begun"))  # e.g. an import from the menu
    assert not page.isVisible()

    maker = make_window()
    assert not maker.start_page.isVisible()  # a window given a project goes straight to it
    saved_project(maker, tmp_path / "older.json", "Older")
    saved_project(maker, tmp_path / "newer.json", "Newer")
    crashed = []
    for title in ("Crash one", "Crash two"):
        s = tiny_session()
        s.stack.push(ProjectPropertyCommand(title=title))
        save_revision(s.project)
        crashed.append(s.project)

    window = new_window()
    page = window.start_page
    assert page.isVisible()
    assert window.check_recovery()  # what the app does on start: the page lists them all
    assert not window.notice_bar.isVisible()
    rows = [page.recent_list.item(i).text() for i in range(page.recent_list.count())]
    assert rows[0].startswith("Newer") and rows[1].startswith("Older")  # newest first
    assert str(tmp_path / "older.json") in rows[1]
    # every crashed project, each with its own buttons
    assert page.recovery_box.isVisible()
    assert {p.id for p in crashed} <= {r.project_id for r in page.recoverable}
    # a click on a recent project opens it
    item = page.recent_list.item(1)
    QTest.mouseClick(
        page.recent_list.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        page.recent_list.visualItemRect(item).center(),
    )
    assert window.session.project.title == "Older"
    assert window.session.file_path == tmp_path / "older.json"
    assert not page.isVisible()
    assert window.scenes_panel.build_button.isEnabled()
    # File > Start page: discard one crashed project, recover the other
    window.act_start_page.trigger()
    assert page.isVisible()
    recover_one, discard_one = page.recovery_buttons(crashed[0].id)
    click(discard_one)
    assert crashed[0].id not in {r.project_id for r in page.recoverable}
    assert page.recovery_buttons(crashed[0].id) is None
    recover_two, _ = page.recovery_buttons(crashed[1].id)
    click(recover_two)
    assert window.session.project.id == crashed[1].id
    assert window.session.project.title == "Crash two" and not page.isVisible()
    # Reopen last project: the one opened last ("Older")
    window.act_start_page.trigger()
    assert page.reopen_button.isEnabled()
    click(page.reopen_button)
    assert window.session.project.title == "Older" and not page.isVisible()
    # File > Open recent lists the same projects, newest first
    window.recent_menu.aboutToShow.emit()
    actions = [a for a in window.recent_menu.actions() if a.isEnabled()]
    assert [a.text() for a in actions[:2]] == ["&1 Older", "&2 Newer"]
    actions[1].trigger()
    assert window.session.project.title == "Newer"
    qtbot.waitUntil(lambda: not window.runner.visible_jobs(), timeout=30_000)
    # rows taken off the page never come up as windows of their own (a row added and removed
    # in one turn of the event loop had its layout's queued show still to come)
    QApplication.processEvents()
    strays = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert set(strays) <= {first, maker, window}, strays


def test_a_recent_project_whose_file_is_gone_opens_from_the_store(
    make_window, new_window, tmp_path
) -> None:
    maker = make_window()
    path = tmp_path / "moved.json"
    saved_project(maker, path, "Moved away")
    path.unlink()
    window = new_window()
    page = window.start_page
    assert page.recent_list.item(0).text().startswith("Moved away")
    click(page.reopen_button)
    assert window.session.project.title == "Moved away"
    assert window.session.file_path is None  # Save asks where
