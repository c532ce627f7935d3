"""The first window, offscreen: drag-and-drop import, export with progress, cancel."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from shortvid_desktop.edits import TemplatePropertyCommand
from shortvid_desktop.qt.main_window import MainWindow
from shortvid_desktop.session import Session


def tiny_session() -> Session:
    s = Session.new()
    with s.stack.transaction("Tiny canvas"):
        for path, value in (("width", 180), ("height", 320), ("fps", 15), ("quality", "draft")):
            s.stack.push(TemplatePropertyCommand(path, value))
    s.stack.set_clean()
    return s


@pytest.fixture
def window(qtbot) -> MainWindow:
    w = MainWindow(tiny_session())
    qtbot.addWidget(w)
    w.show()
    return w


def drop_files(view, paths: list[Path]) -> None:
    """Simulate dragging files from the file manager and dropping them on ``view``.

    Qt delivers synthetic drag-and-drop events only to the target of a real platform drag, so the
    events are handed to the view's handlers, which must accept them."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = view.viewport().rect().center().toPointF()
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(pos.toPoint(), *args)
    view.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, *args)
    view.dropEvent(drop)
    assert drop.isAccepted()


def test_drop_files_and_a_folder_imports_good_and_lists_bad(
    window, qtbot, media, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "clip.mp4").write_bytes(media.video("qt1.mp4").read_bytes())
    (folder / "junk.mp4").write_bytes(media.corrupt("qt2.mp4").read_bytes())
    still = media.image("qt3.png")
    notes = media.text_file("qt_notes.txt")
    with qtbot.waitSignal(window.import_finished, timeout=30_000) as blocker:
        drop_files(window.media_panel.list, [folder, still, notes])
    result = blocker.args[0]
    assert len(result.added) == 2
    assert window.media_panel.list.count() == 2
    log = window.messages.toPlainText()
    assert "junk.mp4" in log and "qt_notes.txt" in log
    assert window.act_undo.isEnabled()  # the import is an undoable command
    window.act_undo.trigger()
    assert window.media_panel.list.count() == 0


def test_export_runs_off_the_gui_thread_with_progress(window, qtbot, tmp_path: Path) -> None:
    out = tmp_path / "qt.mp4"
    window.export_path = str(out)
    window.script_panel.set_text("A window export. It has two sentences.")
    values: list[int] = []
    window.export_panel.progress.valueChanged.connect(values.append)
    with qtbot.waitSignal(window.export_finished, timeout=120_000) as blocker:
        window.export_panel.export_button.click()
        assert not window.export_panel.export_button.isEnabled()
        assert window.export_panel.cancel_button.isEnabled()
    assert blocker.args == [str(out)]
    assert out.is_file() and out.stat().st_size > 1000
    assert values and values[-1] == 1000
    assert window.export_panel.export_button.isEnabled()
    assert "Exported" in window.messages.toPlainText()


def test_cancel_export_leaves_no_file_and_keeps_the_old_one(window, qtbot, tmp_path: Path) -> None:
    out = tmp_path / "keep.mp4"
    out.write_bytes(b"old export")
    window.export_path = str(out)
    # a longer canvas so the render is still running when we cancel
    window.session.stack.push(TemplatePropertyCommand("width", 720))
    window.session.stack.push(TemplatePropertyCommand("height", 1280))
    window.script_panel.set_text("Cancel me please. " * 12)

    def cancel_when_rendering(fraction: float, message: str, _eta) -> None:
        if message == "Rendering":
            window.cancel_job()

    window.export_panel.export_button.click()

    def rendering_started() -> bool:
        job = window.current_job
        if job is not None and job.title == window.tr("Exporting"):
            job.signals.progress.connect(cancel_when_rendering)
            return True
        return False

    qtbot.waitUntil(rendering_started, timeout=120_000)
    with qtbot.waitSignal(window.export_cancelled, timeout=60_000):
        pass
    assert out.read_bytes() == b"old export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.mp4"]
    assert window.export_panel.export_button.isEnabled()


def test_empty_script_is_reported_not_crashed(window) -> None:
    window.export_path = "/tmp/never.mp4"
    assert window.start_export() is None
    assert "empty" in window.messages.toPlainText()
