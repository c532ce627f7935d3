"""The window as a creator uses it: Enter in the template editor, the build buttons after Open
and Recover, Play keeping the window's size, one undo step per slider drag or key run."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider
from qt_helpers import timeline_session, tiny_session, wait_jobs


def handle_center(slider: QSlider) -> QPoint:
    opt = QStyleOptionSlider()
    slider.initStyleOption(opt)
    rect = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, slider
    )
    return rect.center()


def drag_slider(slider: QSlider, moves: int, px: int = 6, on_handle: bool = True) -> None:
    """A mouse drag: press (on the handle, or on the groove with the button that jumps there),
    ``moves`` moves of ``px`` pixels, release."""
    button = Qt.MouseButton.LeftButton
    start = handle_center(slider)
    if not on_handle:
        hint = slider.style().styleHint(QStyle.StyleHint.SH_Slider_AbsoluteSetButtons)
        button = Qt.MouseButton(hint) if hint else Qt.MouseButton.LeftButton
        start = QPoint(start.x() + 12, start.y())
    none = Qt.KeyboardModifier.NoModifier
    QTest.mousePress(slider, button, none, start)
    pos = start
    for _ in range(moves):
        pos = QPoint(pos.x() + px, pos.y())
        QTest.mouseMove(slider, pos)
    QTest.mouseRelease(slider, button, none, pos)


def test_a_slider_drag_or_a_run_of_arrow_keys_is_one_undo_step(make_window, qtbot, media) -> None:
    from test_scene_inspector import scene_session

    window = make_window(scene_session(media))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # focus moves only in the active window
    insp = window.inspector
    stack = window.session.stack
    for selection in (["c1"], ["c1", "c2"]):
        window.timeline.set_selection(selection)
        for name in ("volume", "kb_amount", "sc_size", "sc_outline"):
            slider = getattr(insp, name)
            span = slider.maximum() - slider.minimum()
            slider.setValue(slider.minimum() + span // 5)  # room to move right
            insp.ensureWidgetVisible(slider)
            qtbot.waitUntil(slider.isVisible)
            for on_handle in (True, False):
                before, value = stack.count, slider.value()
                drag_slider(slider, 4, px=4, on_handle=on_handle)
                assert slider.value() > value, (name, on_handle)
                assert stack.count == before + 1, (selection, name, on_handle)
            before, value = stack.count, slider.value()
            slider.setFocus()
            for _ in range(10):
                QTest.keyClick(slider, Qt.Key.Key_Right)
            assert slider.value() == value + 10 * slider.singleStep()
            assert stack.count == before + 1, (selection, name, "keys")
            # focus leaves and comes back: the next run is a step of its own
            window.timeline.setFocus()
            slider.setFocus()
            QTest.keyClick(slider, Qt.Key.Key_Left)
            assert stack.count == before + 2, (selection, name, "next run")
    # one undo takes a whole run back
    value = insp.sc_outline.value()
    window.act_undo.trigger()
    assert insp.sc_outline.value() == value + 1
    window.act_undo.trigger()
    assert insp.sc_outline.value() == value + 1 - 10
    wait_jobs(qtbot, window)


def answer_next_box(qtbot, button) -> list:
    """Click ``button`` of the next message box that opens (modal: it runs its own loop)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: list = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        seen.append(box.text())
        QTest.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)
    return seen


def test_enter_in_the_template_editor_keeps_the_edit(window, qtbot) -> None:
    from PySide6.QtWidgets import QMessageBox

    editor = window.show_templates()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    QTest.mouseClick(editor.dup_button, Qt.MouseButton.LeftButton)
    copy = editor.current
    assert copy is not None and not copy.builtin
    count = editor.list.count()
    name = editor._fields["name"]
    name.setFocus()
    name.selectAll()
    QTest.keyClicks(name, "Mine")
    QTest.keyClick(name, Qt.Key.Key_Return)
    size = editor._fields["caption.size"]
    size.setFocus()
    size.selectAll()
    QTest.keyClicks(size, "50")
    QTest.keyClick(size, Qt.Key.Key_Enter)
    # no button went off: no new template, the dialog is open, the edits are there
    assert editor.isVisible() and editor.list.count() == count
    assert editor.current.name == "Mine" and editor.current.caption.size == 50
    assert name.text() == "Mine"
    assert editor.unsaved()
    # closing asks; Cancel keeps the dialog and the edits
    asked = answer_next_box(qtbot, QMessageBox.StandardButton.Cancel)
    QTest.keyClick(size, Qt.Key.Key_Escape)
    assert asked and editor.isVisible() and name.text() == "Mine"
    asked = answer_next_box(qtbot, QMessageBox.StandardButton.Cancel)
    QTest.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    assert asked and editor.isVisible()
    # Save writes it, and the dialog closes
    asked = answer_next_box(qtbot, QMessageBox.StandardButton.Save)
    QTest.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    assert asked and not editor.isVisible()
    from shortvid_desktop.store import Store

    with Store() as store:
        assert store.get_template("Mine").caption.size == 50
    # Discard drops an edit
    editor = window.show_templates()
    editor.set_field("caption.size", 60)
    asked = answer_next_box(qtbot, QMessageBox.StandardButton.Discard)
    editor.close()
    assert asked and not editor.isVisible()
    with Store() as store:
        assert store.get_template("Mine").caption.size == 50
    qtbot.waitUntil(lambda: not editor.busy(), timeout=30_000)
    wait_jobs(qtbot, window)


def voiced_session():
    """Two scenes and a (still empty) voice track: both build buttons apply."""
    from shortvid_desktop.core.model import Scene, Script
    from shortvid_desktop.edits import ScriptReplaceCommand, TrackAddCommand

    s = tiny_session()
    with s.stack.transaction("Set up"):
        scenes = [Scene(id="sc1", narration="One."), Scene(id="sc2", narration="Two.")]
        s.stack.push(ScriptReplaceCommand(Script(scenes=scenes)))
        s.stack.push(TrackAddCommand("voice", "Voice", track_id="tr_voice"))
    s.stack.clear()
    return s


def test_build_buttons_are_ready_after_open_and_recover(window, qtbot, tmp_path) -> None:
    from shortvid_desktop.session.autosave import save_revision

    panel = window.scenes_panel
    assert not panel.build_button.isEnabled() and not panel.revoice_button.isEnabled()
    path = tmp_path / "two scenes.json"
    saved = voiced_session()
    saved.save_file(str(path))
    assert window.open_project(str(path))
    assert panel.build_button.isEnabled() and panel.revoice_button.isEnabled()
    window.new_project()
    assert not panel.build_button.isEnabled() and not panel.revoice_button.isEnabled()
    # a crashed project's autosave, recovered from the notice bar
    crashed = voiced_session()
    save_revision(crashed.project)
    assert window.check_recovery()
    recover = next(b for b in window.notice_bar.buttons() if b.text() == "Recover")
    QTest.mouseClick(recover, Qt.MouseButton.LeftButton)
    assert window.session.project.id == crashed.project.id
    assert panel.build_button.isEnabled() and panel.revoice_button.isEnabled()
    wait_jobs(qtbot, window)


def layout_sizes(window) -> dict:
    docks = (
        window.dock_media,
        window.dock_scenes,
        window.dock_preview,
        window.dock_inspector,
        window.dock_timeline,
    )
    return {"window": window.size().toTuple()} | {d.objectName(): d.size().toTuple() for d in docks}


def test_play_keeps_the_window_and_dock_sizes(make_window, qtbot, media) -> None:
    from test_preview_play import playing

    window = make_window(timeline_session(media))
    # as narrow as it goes: any panel asking for more room would widen the window
    narrow = window.minimumSizeHint().width()
    window.resize(narrow, 860)
    qtbot.waitUntil(lambda: window.size().width() == narrow)
    preview = window.preview
    qtbot.waitUntil(lambda: not preview.busy(), timeout=30_000)
    before = layout_sizes(window)
    seen: list[dict] = []
    preview.note.setText("")
    preview.play_button.setFocus()
    QTest.keyClick(preview.play_button, Qt.Key.Key_Space)  # Play
    assert preview.playing()
    qtbot.waitUntil(lambda: "Preparing" in preview.note.text(), timeout=10_000)
    qtbot.waitUntil(lambda: seen.append(layout_sizes(window)) or playing(preview), timeout=60_000)
    seen.append(layout_sizes(window))
    assert all(s == before for s in seen), (before, seen[-1])
    QTest.keyClick(preview.play_button, Qt.Key.Key_Space)  # Pause
    assert not preview.playing()
    assert layout_sizes(window) == before
    wait_jobs(qtbot, window)
