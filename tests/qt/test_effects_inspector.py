"""The inspector's Speed and Colour boxes driven like a user would: keys on the speed spin box,
a preset button, the speed slider and colour sliders dragged by their handles, the Reverse
checkbox, Freeze frame at the playhead, looks chosen from the combo with the keyboard (and a
bad .cube file refused, naming its line). Each gesture: the model changes, one undo step.
Layout: p1 (still) 0-2 s, p2 (video, 4 s source) 2-4 s, p3 (still) 4-6 s on the main track."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider
from qt_helpers import assert_undo_redo, clip, pos, snapshot, tiny_session, wait_jobs

from shortvid_desktop.core.model import Clip, ColorGrade
from shortvid_desktop.edits import AssetAddCommand, ClipAddCommand, TrackAddCommand
from shortvid_desktop.edits.commands.magnetic import is_magnetic
from shortvid_desktop.media import asset_from_path

S = 1_000_000


@pytest.fixture
def win(make_window, media, qtbot):
    s = tiny_session()
    a = asset_from_path(media.image("fx_a.png", color="red"))
    v = asset_from_path(media.video("fx_v.mp4", seconds=4.0))
    b = asset_from_path(media.image("fx_b.png", color="blue"))
    with s.stack.transaction("Set up"):
        for asset in (a, v, b):
            s.stack.push(AssetAddCommand(asset))
        s.stack.push(TrackAddCommand("video", "Video", track_id="tr_v"))
        for i, (cid, asset) in enumerate((("p1", a), ("p2", v), ("p3", b))):
            s.stack.push(
                ClipAddCommand(
                    "tr_v", Clip(id=cid, asset_id=asset.id, start_us=2 * S * i, duration_us=2 * S)
                )
            )
    s.stack.clear()
    w = make_window(s)
    yield w
    wait_jobs(qtbot, w)


def select(w, t_us: int) -> None:
    QTest.mouseClick(
        w.timeline.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        pos(w, t_us),
    )


def drag_handle(slider: QSlider, dx: int) -> None:
    """Press the slider's handle, move it ``dx`` pixels in three steps, let go."""
    opt = QStyleOptionSlider()
    slider.initStyleOption(opt)
    handle = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, slider
    )
    start = handle.center()
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for k in (1, 2, 3):
        QTest.mouseMove(slider, start + QPoint(dx * k // 3, 0))
    QTest.mouseRelease(
        slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(dx, 0)
    )


def test_speed_keys_presets_and_slider(win) -> None:
    box = win.inspector.effects_box
    select(win, 3 * S)
    assert win.timeline.selected == ["p2"] and box.speed_box.isVisible()
    before = snapshot(win)
    box.speed.setFocus()
    QTest.keyClick(box.speed, Qt.Key.Key_Up)  # 1.25x: 2 s of source in 1.6 s
    assert clip(win, "p2").speed == 1.25 and clip(win, "p2").duration_us == 1_600_000
    assert clip(win, "p3").start_us == 3_600_000 and is_magnetic(win.session.project)
    assert win.bridge.qstack.undoText() == "Change speed"
    assert_undo_redo(win, before, snapshot(win))
    QTest.keyClick(box.speed, Qt.Key.Key_Up)  # each key step is its own step
    assert clip(win, "p2").speed == 1.5
    win.act_undo.trigger()
    assert clip(win, "p2").speed == 1.25

    s0 = snapshot(win)
    QTest.mouseClick(box.presets[2.0], Qt.MouseButton.LeftButton)
    # the same 2 s of source
    assert clip(win, "p2").speed == 2.0 and clip(win, "p2").duration_us == S
    assert_undo_redo(win, s0, snapshot(win))

    s1 = snapshot(win)
    slider = box.speed_slider
    drag_handle(slider, -slider.width() // 4)
    speed = clip(win, "p2").speed
    assert speed < 2.0 and abs(speed - slider.value() / 100) < 1e-9
    assert win.bridge.qstack.undoText() == "Change speed"
    assert_undo_redo(win, s1, snapshot(win))  # the whole drag: one step
    assert box.speed.value() == speed


def test_reverse_and_freeze_frame(win) -> None:
    box = win.inspector.effects_box
    select(win, 3 * S)
    before = snapshot(win)
    QTest.mouseClick(box.reverse, Qt.MouseButton.LeftButton)
    assert clip(win, "p2").reverse
    assert_undo_redo(win, before, snapshot(win))

    s0 = snapshot(win)
    win.playhead.set(3 * S)
    QTest.mouseClick(box.freeze, Qt.MouseButton.LeftButton)
    clips = win.session.project.timeline.track("video").sorted_clips()
    assert len(clips) == 5
    frozen = clips[2]
    assert frozen.freeze and frozen.start_us == 3 * S and frozen.duration_us == 2 * S
    assert clip(win, "p3").start_us == 6 * S and is_magnetic(win.session.project)
    assert win.bridge.qstack.undoText() == "Freeze frame"
    assert_undo_redo(win, s0, snapshot(win))


def test_colour_sliders_and_looks(win, tmp_path) -> None:
    box = win.inspector.effects_box
    errors: list[str] = []
    win.bridge.error.connect(errors.append)
    select(win, 1 * S)
    assert win.timeline.selected == ["p1"] and not box.speed_box.isVisible()
    assert box.target.currentData() == "clip"
    before = snapshot(win)
    drag_handle(box.sliders["brightness"], box.sliders["brightness"].width() // 4)
    brightness = clip(win, "p1").color.brightness
    assert brightness > 0.05
    assert win.bridge.qstack.undoText() == "Change colour"
    assert_undo_redo(win, before, snapshot(win))  # the drag: one step
    s_sat = snapshot(win)
    drag_handle(box.sliders["saturation"], -box.sliders["saturation"].width() // 5)
    assert clip(win, "p1").color.saturation < 1.0
    assert clip(win, "p1").color.brightness == brightness
    assert_undo_redo(win, s_sat, snapshot(win))  # a second drag: its own step

    # the look combo by keys: Down picks the first bundled look
    s0 = snapshot(win)
    box.look.setFocus()
    QTest.keyClick(box.look, Qt.Key.Key_Down)
    assert clip(win, "p1").color.lut == "cool"
    assert_undo_redo(win, s0, snapshot(win))

    # a bad .cube: refused with its name and line, nothing changes
    bad = tmp_path / "bad look.cube"
    bad.write_text("LUT_3D_SIZE 2\n0 0 0\nnot numbers here\n")
    box.choose_file = lambda: str(bad)
    s1 = snapshot(win)
    QTest.keyClick(box.look, Qt.Key.Key_End)  # "Load .cube…"
    assert snapshot(win) == s1
    assert errors and "bad look.cube, line 3" in errors[-1]
    assert box.look.currentData() == "cool"

    # the whole video: the target combo by keys, then a look
    project = win.session.project
    box.target.setFocus()
    QTest.keyClick(box.target, Qt.Key.Key_Down)
    assert box.target.currentData() == "video" and box.look.currentData() == ""
    s2 = to_template(win)
    box.look.setFocus()
    QTest.keyClick(box.look, Qt.Key.Key_Down)
    QTest.keyClick(box.look, Qt.Key.Key_Down)
    assert project.template.color.lut == "film"
    assert win.bridge.qstack.undoText() == "Change video colour"
    win.act_undo.trigger()
    assert project.template.color.lut == "cool"
    win.act_undo.trigger()
    assert to_template(win) == s2 and project.template.color == ColorGrade()
    assert clip(win, "p1").color.lut == "cool"  # the clip's own look stays


def to_template(w):
    from shortvid_desktop.core.serial import to_dict

    return to_dict(w.session.project.template)
