"""Where an export goes: the one-click Export writes into the remembered folder (set in the
store, as Settings and Export as… do) under a clean name and says where; Export as… asks with
a save dialog, writes where the user typed and remembers that folder."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from qt_helpers import wait_jobs

from shortvid_desktop.session.exports import SETTING_LAST_FOLDER
from shortvid_desktop.store import Store

# The offline helper titles the project after this first sentence, shortened with an ellipsis:
# "Three tips for better sleep that actually work…"
TEXT = "Three tips for better sleep that actually work for tired people. Keep the room cool."
CLEAN = "Three tips for better sleep that actually work.mp4"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A home folder of the test's own: nothing may land in the real one."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


def _export_with_ctrl_e(qtbot, window) -> str:
    window.activateWindow()  # the export dialog may have the focus after an export
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.export_finished, timeout=120_000) as blocker:
        QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    return blocker.args[0]


def test_one_click_export_goes_to_the_remembered_folder_with_a_clean_name(
    window, qtbot, tmp_path, home
) -> None:
    folder = tmp_path / "My exports"
    folder.mkdir()
    with Store() as store:  # what Settings (and the last Export as…) write
        store.set_setting(SETTING_LAST_FOLDER, str(folder))
    window.scenes_panel.set_text(TEXT)
    shown: list[str] = []  # the status bar
    labels: list[str] = []  # the export dialog
    window.statusBar().messageChanged.connect(shown.append)
    window.build.progress.connect(
        lambda *_a: labels.append(window.exporter.dialog.current_label.text())
    )
    window.export_queue.progress.connect(
        lambda *_a: labels.append(window.exporter.dialog.current_label.text())
    )
    collector = []  # while it renders, no collector pass may stall the window
    window.export_queue.progress.connect(lambda *_a: collector.append(gc.isenabled()))

    path = _export_with_ctrl_e(qtbot, window)
    assert False in collector  # off while it rendered (a last report may arrive after)
    assert gc.isenabled()  # back once the export is done

    assert window.session.project.title.endswith("…")  # the title keeps its ellipsis
    assert path == str(folder / CLEAN)
    assert (folder / CLEAN).stat().st_size > 1000
    assert list(home.rglob("*.mp4")) == []  # nothing in the home folder
    # it said where, before and while it rendered, and when done (with Open / Show in folder)
    assert any(s.endswith(f"to {folder}") for s in shown)  # while the voices are made
    assert any(s.endswith(f"to {folder / CLEAN}") for s in shown)  # while it renders
    assert any(f"Saving to {folder}" in s for s in labels)
    assert any(s.endswith(f"to {folder / CLEAN}") for s in labels)
    assert str(folder / CLEAN) in window.messages.toPlainText()
    assert [b.text() for b in window.notice_bar.buttons()] == ["Open file", "Show in folder"]
    assert window.exporter.dialog.open_button.isEnabled()

    # a second export never overwrites the first
    assert _export_with_ctrl_e(qtbot, window) == str(folder / CLEAN.replace(".mp4", " (2).mp4"))
    wait_jobs(qtbot, window)


def test_the_queue_row_shows_the_whole_path(window, qtbot, tmp_path, home) -> None:
    folder = tmp_path / "rows"
    folder.mkdir()
    with Store() as store:
        store.set_setting(SETTING_LAST_FOLDER, str(folder))
    window.scenes_panel.set_text(TEXT)
    rows: list[str] = []

    def on_started(_entry) -> None:
        q = window.exporter.dialog.queue_list
        rows.extend(q.item(i).text() for i in range(q.count()))

    window.export_queue.started.connect(on_started)
    _export_with_ctrl_e(qtbot, window)
    assert any(r.endswith(f"→ {folder / CLEAN}") for r in rows)
    wait_jobs(qtbot, window)


def test_export_as_asks_writes_there_and_remembers_the_folder(
    window, qtbot, tmp_path, home
) -> None:
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    chosen = tmp_path / "chosen folder"
    chosen.mkdir()
    window.scenes_panel.set_text(TEXT)

    window.act_export_as.trigger()
    dialog = window.findChild(QFileDialog, "ExportAsDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()  # a window manager gives a new dialog the focus
    qtbot.waitUntil(dialog.isActiveWindow)
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert edit is not None and edit.hasFocus()
    assert not edit.text().endswith("….mp4") and edit.text().endswith(".mp4")
    target = chosen / "sleep tips.mp4"
    with qtbot.waitSignal(window.export_finished, timeout=120_000) as blocker:
        QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(edit, str(target))
        QTest.keyClick(edit, Qt.Key.Key_Return)
    assert blocker.args == [str(target)]
    assert target.stat().st_size > 1000
    with Store() as store:
        assert store.get_setting(SETTING_LAST_FOLDER) == str(chosen)
    # the next one-click export goes there too
    assert Path(window.exporter.suggested_path()).parent == chosen
    assert list(home.rglob("*.mp4")) == []
    wait_jobs(qtbot, window)
    QApplication.processEvents()


def test_export_as_cancelled_exports_nothing(window, qtbot, tmp_path, home) -> None:
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    window.scenes_panel.set_text(TEXT)
    window.act_export_as.trigger()
    dialog = window.findChild(QFileDialog, "ExportAsDialog")
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not window.exporter.preparing and not window.export_queue.busy()
    with Store() as store:
        assert store.get_setting(SETTING_LAST_FOLDER) is None


def test_without_a_remembered_folder_videos_else_home(window, home) -> None:
    # what a new user gets: the platform's Videos folder when there is one, else the home folder
    assert window.exporter.export_folder() == home
    (home / "Videos").mkdir()
    assert window.exporter.export_folder() == home / "Videos"
    window.scenes_panel.set_text(TEXT)
    assert Path(window.exporter.suggested_path()).parent == home / "Videos"
