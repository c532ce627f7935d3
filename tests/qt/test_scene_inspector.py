"""The inspector's scene group: caption overrides for the selected clips' scenes (slider drags
merge into one step, Reset to template, undo) and the voice pickers going through commands."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from qt_helpers import tiny_session, wait_jobs
from test_window_gestures import drag_slider

from shortvid_desktop.core.model import Clip, Scene, Script
from shortvid_desktop.edits import (
    AssetAddCommand,
    ClipAddCommand,
    ScriptReplaceCommand,
    TrackAddCommand,
)
from shortvid_desktop.media import asset_from_path
from shortvid_desktop.session import Session


def scene_session(media) -> Session:
    """Two scenes, a picture clip in each."""
    s = tiny_session()
    a = asset_from_path(media.image("insp_a.png", color="red"))
    with s.stack.transaction("Set up"):
        s.stack.push(AssetAddCommand(a))
        scenes = [Scene(id="sc1", narration="One."), Scene(id="sc2", narration="Two.")]
        s.stack.push(ScriptReplaceCommand(Script(scenes=scenes)))
        s.stack.push(TrackAddCommand("video", "Video", track_id="tr_v"))
        for i, scene in enumerate(("sc1", "sc2")):
            clip = Clip(
                id=f"c{i + 1}",
                asset_id=a.id,
                start_us=i * 2_000_000,
                duration_us=2_000_000,
                scene_id=scene,
            )
            s.stack.push(ClipAddCommand("tr_v", clip))
    s.stack.clear()
    return s


def test_caption_overrides_from_the_inspector(make_window, qtbot, media) -> None:
    window = make_window(scene_session(media))
    insp = window.inspector
    project = window.session.project
    stack = window.session.stack
    window.timeline.set_selection(["c1"])
    assert insp.scene_box.isVisibleTo(insp) and insp.scene_box.title() == "Scene 1"
    assert insp.sc_state.text() == "Follows the template"
    assert not insp.sc_reset.isEnabled()
    template_size = project.template.caption.size
    assert insp.sc_size.value() == template_size
    # a slider drag is one undo step
    insp.ensureWidgetVisible(insp.sc_size)
    drag_slider(insp.sc_size, 6, px=5)
    dragged = insp.sc_size.value()
    assert dragged > template_size
    assert stack.count == 1 and stack.undo_text == "Change caption style"
    assert project.script.scenes[0].caption_style.size == dragged
    assert project.script.scenes[1].caption_style is None
    assert "size" in insp.sc_state.text() and insp.sc_reset.isEnabled()
    # a colour is its own step
    insp.sc_color.color_changed.emit("#00FF00")
    assert stack.count == 2
    assert project.script.scenes[0].caption_style.fields_set() == {
        "size": dragged,
        "color": "#00FF00",
    }
    assert insp.sc_color.color() == "#00FF00"
    # Reset to template, then undo it
    insp.sc_reset.click()
    assert project.script.scenes[0].caption_style is None
    assert insp.sc_size.value() == template_size
    window.act_undo.trigger()
    assert project.script.scenes[0].caption_style.color == "#00FF00"
    window.act_undo.trigger()
    window.act_undo.trigger()
    assert project.script.scenes[0].caption_style is None
    # two clips of two scenes: one change covers both
    window.timeline.set_selection(["c1", "c2"])
    assert insp.scene_box.title() == "2 scenes"
    insp.sc_position.setCurrentIndex(insp.sc_position.findData("top"))
    assert [s.caption_style.position for s in project.script.scenes] == ["top", "top"]
    window.act_undo.trigger()
    assert all(s.caption_style is None for s in project.script.scenes)
    # the whole-video style stays the template's
    assert project.template.caption.size == template_size
    wait_jobs(qtbot, window)


def test_voice_pickers_edit_through_commands(make_window, qtbot, media) -> None:
    window = make_window(scene_session(media))
    insp = window.inspector
    project = window.session.project
    window.timeline.set_selection(["c2"])
    picker = insp.scene_voice
    picker.combo.setEditText("espeak:en-us")
    picker.combo.lineEdit().editingFinished.emit()
    assert project.script.scenes[1].voice == "espeak:en-us"
    assert window.session.stack.undo_text == "Edit scene"
    window.act_undo.trigger()
    assert project.script.scenes[1].voice == ""
    assert picker.voice() == ""
    # nothing selected: the project's voice
    window.timeline.set_selection([])
    assert not insp.scene_box.isVisibleTo(insp)
    qtbot.waitUntil(lambda: insp.project_voice.catalog.loaded, timeout=30_000)
    combo = insp.project_voice.combo
    i = next(i for i in range(combo.count()) if str(combo.itemData(i) or "").startswith("espeak:"))
    combo.setCurrentIndex(i)
    combo.activated.emit(i)
    assert project.voice == combo.itemData(i)
    assert window.session.stack.undo_text == "Change voice"
    window.act_undo.trigger()
    assert project.voice == ""
    wait_jobs(qtbot, window)
