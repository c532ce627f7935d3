"""The editor window, offscreen: Import… into the library, export with progress, cancel, a
template edit reaching the preview, inspector and scene edits as undoable commands. (Drops onto
the library, the timeline and the preview are real drags under Xvfb: tests/qt/test_drops.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from qt_helpers import timeline_session, wait_jobs
from test_window_gestures import drag_slider

from shortvid_desktop.core.serial import to_dict
from shortvid_desktop.core.timebase import snap_to_frame
from shortvid_desktop.edits import TemplatePropertyCommand


def _mixed_files(media, tmp_path: Path) -> list[Path]:
    folder = tmp_path / "pick"
    folder.mkdir()
    (folder / "clip.mp4").write_bytes(media.video("qt1.mp4").read_bytes())
    (folder / "junk.mp4").write_bytes(media.corrupt("qt2.mp4").read_bytes())
    return [
        folder / "clip.mp4",
        folder / "junk.mp4",
        media.image("qt3.png"),
        media.text_file("qt_notes.txt"),
    ]


def _import_through_the_button(window, qtbot, monkeypatch, paths: list[Path]):
    """Click Import… and pick ``paths`` in the file dialog."""
    picked = ([str(p) for p in paths], "")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: picked)
    with qtbot.waitSignal(window.import_finished, timeout=30_000) as blocker:
        qtbot.mouseClick(window.media_panel.import_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_import_files_into_the_library(window, qtbot, media, tmp_path: Path, monkeypatch) -> None:
    result = _import_through_the_button(window, qtbot, monkeypatch, _mixed_files(media, tmp_path))
    assert len(result.added) == 2
    assert window.media_panel.list.count() == 2
    log = window.messages.toPlainText()
    assert "junk.mp4 is damaged or incomplete" in log
    assert "qt_notes.txt is not a picture, clip or sound file — it is a text file" in log
    problems = [window.media_panel.problems.item(i).text() for i in range(2)]
    assert any("junk.mp4" in p for p in problems) and window.media_panel.problems.isVisible()
    assert window.notice_bar.isVisible() and "junk.mp4" in window.notice_bar.label.text()
    assert window.act_undo.isEnabled()  # the import is one undoable step
    window.act_undo.trigger()
    assert window.media_panel.list.count() == 0
    window.act_redo.trigger()
    assert window.media_panel.list.count() == 2
    # the same picture again is reused, and the user is told
    again = _import_through_the_button(window, qtbot, monkeypatch, [media.image("qt3.png")])
    assert not again.added and again.reused
    assert "already in the library" in window.messages.toPlainText()
    # filter and search
    window.media_panel.filter.setCurrentIndex(window.media_panel.filter.findData("video"))
    assert len(window.media_panel.visible_ids()) == 1
    window.media_panel.filter.setCurrentIndex(0)
    window.media_panel.search.setText("qt3")
    assert len(window.media_panel.visible_ids()) == 1
    wait_jobs(qtbot, window)


def test_export_runs_off_the_gui_thread_with_progress(window, qtbot, tmp_path: Path) -> None:
    out = tmp_path / "qt.mp4"
    window.export_path = str(out)
    window.scenes_panel.set_text("A window export. It has two sentences.")
    values: list[int] = []
    dialog = window.show_export_dialog()
    dialog.progress.valueChanged.connect(values.append)
    with qtbot.waitSignal(window.export_finished, timeout=120_000) as blocker:
        window.act_export.trigger()
        assert not window.act_export.isEnabled() or window.exporter.preparing
        assert dialog.cancel_button.isEnabled()
    assert blocker.args == [str(out)]
    assert out.is_file() and out.stat().st_size > 1000
    assert values and values[-1] == 1000
    assert "Exported" in window.messages.toPlainText()
    assert [b.text() for b in window.notice_bar.buttons()] == ["Open file", "Show in folder"]
    assert dialog.open_button.isEnabled()
    assert dialog.history.rowCount() >= 1 and dialog.history.item(0, 4).text() == str(out)
    assert window.session.project.script.scenes  # the text became scenes
    wait_jobs(qtbot, window)


def test_cancel_export_leaves_no_file_and_keeps_the_old_one(window, qtbot, tmp_path: Path) -> None:
    out = tmp_path / "keep.mp4"
    out.write_bytes(b"old export")
    window.export_path = str(out)
    window.bridge.push(TemplatePropertyCommand("width", 720))  # longer render: still running
    window.bridge.push(TemplatePropertyCommand("height", 1280))
    window.scenes_panel.set_text("Cancel me please. " * 12)

    def cancel_when_rendering(fraction: float, message: str, _eta) -> None:
        if message == "Rendering":
            window.cancel_export()

    window.export_queue.progress.connect(cancel_when_rendering)
    with qtbot.waitSignal(window.export_cancelled, timeout=120_000):
        window.start_export()
    assert out.read_bytes() == b"old export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.mp4"]
    assert "cancelled" in window.messages.toPlainText()
    assert not window.export_queue.busy()
    wait_jobs(qtbot, window)


def test_empty_script_is_reported_not_crashed(window) -> None:
    window.export_path = "/tmp/never.mp4"
    assert window.start_export() is False
    assert "empty" in window.messages.toPlainText()
    assert window.notice_bar.isVisible() and window.notice_bar.level == "error"


def test_a_template_edit_reaches_the_preview(make_window, qtbot, media) -> None:
    window = make_window(timeline_session(media))
    with qtbot.waitSignal(window.preview.frame_shown, timeout=30_000) as first:
        window.playhead.set(1_000_000)
    before = first.args[0]
    assert (before.width(), before.height()) == (180, 320)
    with qtbot.waitSignal(window.preview.frame_shown, timeout=30_000) as second:
        window.bridge.push(TemplatePropertyCommand("watermark_text", "SHORTVID WATERMARK"))
    after = second.args[0]
    assert after != before  # the watermark is drawn by the same compiler as the export
    with qtbot.waitSignal(window.preview.frame_shown, timeout=30_000) as third:
        window.act_undo.trigger()
    assert third.args[0] == before  # cached frame of the earlier state
    wait_jobs(qtbot, window)


def test_inspector_slider_drag_is_one_undo_step(make_window, qtbot, media) -> None:
    window = make_window(timeline_session(media))
    window.timeline.set_selection(["c3"])
    slider = window.inspector.volume
    assert slider.isEnabled() and slider.value() == 100
    count = window.session.stack.count
    window.inspector.ensureWidgetVisible(slider)
    drag_slider(slider, 4, px=5)  # press on the handle, moves, release
    dragged = slider.value()
    assert dragged > 100
    assert window.session.stack.count == count + 1
    assert window.session.project.timeline.find_clip("c3")[1].volume == dragged / 100
    assert window.bridge.qstack.count() == window.session.stack.count
    window.act_undo.trigger()
    assert window.session.project.timeline.find_clip("c3")[1].volume == 1.0
    # several clips: still one step per drag
    window.timeline.set_selection(["c1", "c2"])
    kb = window.inspector.kb_amount
    index = window.session.stack.index
    window.inspector.ensureWidgetVisible(kb)
    drag_slider(kb, 4, px=3)
    amount = kb.value() / 100
    assert amount > 0.12
    assert window.session.stack.index == window.session.stack.count == index + 1
    amounts = {
        window.session.project.timeline.find_clip(c)[1].ken_burns.amount for c in ("c1", "c2")
    }
    assert amounts == {amount}
    window.act_undo.trigger()
    amounts = {
        window.session.project.timeline.find_clip(c)[1].ken_burns.amount for c in ("c1", "c2")
    }
    assert amounts == {0.12}
    # the transition field of one clip
    window.timeline.set_selection(["c2"])
    window.inspector.trans_kind.setCurrentIndex(window.inspector.trans_kind.findData("fade"))
    c2 = window.session.project.timeline.find_clip("c2")[1]
    assert c2.transition_in.kind == "fade"
    assert window.timeline.transition_length("c2") == snap_to_frame(500_000, 15)
    wait_jobs(qtbot, window)


def test_scene_table_edits_are_commands(window, qtbot, media) -> None:
    with qtbot.waitSignal(window.build.script_ready, timeout=30_000):
        window.build.split_text(window.build.sample_text("en"), "en")
    model = window.scenes_panel.model
    assert model.rowCount() >= 3
    idx = model.index(0, 0)
    assert model.setData(idx, "Changed narration")
    assert window.session.project.script.scenes[0].narration == "Changed narration"
    assert window.act_undo.text().endswith("Edit narration")
    assert model.setData(model.index(0, 2), "sea, sky")
    assert window.session.project.script.scenes[0].keywords == ["sea", "sky"]
    assert not model.setData(model.index(0, 4), "abc")  # a bad duration is reported
    assert "duration" in window.messages.toPlainText()
    window.act_undo.trigger()
    assert window.session.project.script.scenes[0].keywords != ["sea", "sky"]
    # media dropped on a scene row is assigned to it
    with qtbot.waitSignal(window.import_finished, timeout=30_000):
        window.import_paths([str(media.image("scene.png"))])
    asset_id = next(iter(window.session.project.assets))
    assert model.assign_media(1, [asset_id])
    assert window.session.project.script.scenes[1].media == [asset_id]
    # shorten works offline and changes only that scene
    before = to_dict(window.session.project.script.scenes[2])
    window.scenes_panel.select_row(0)
    with qtbot.waitSignal(
        window.build.busy_changed, timeout=30_000, check_params_cb=lambda b, _t: not b
    ):
        window.scenes_panel.shorten_button.click()
    assert to_dict(window.session.project.script.scenes[2]) == before
    wait_jobs(qtbot, window)


def test_unsaved_mark_follows_the_clean_state(window, qtbot, tmp_path: Path) -> None:
    assert "•" not in window.windowTitle()
    window.bridge.push(TemplatePropertyCommand("fps", 24))
    assert "•" in window.windowTitle()
    window.act_undo.trigger()
    assert "•" not in window.windowTitle()
    window.bridge.push(TemplatePropertyCommand("fps", 24))
    assert window.save_project(str(tmp_path / "p.json"))
    assert "•" not in window.windowTitle()
    assert window.bridge.qstack.isClean()
    assert window.open_project(str(tmp_path / "p.json"))
    assert window.session.project.template.fps == 24
    from shortvid_desktop.qt.projects import recent_files

    assert recent_files()[0] == str(tmp_path / "p.json")
    # a broken project file is reported, not raised
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert not window.open_project(str(bad))
    assert "bad.json" in window.messages.toPlainText()
    assert window.notice_bar.isVisible()
