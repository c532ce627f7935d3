"""The inspector's Speed and Colour boxes on overlay-track items, driven like a user would: the
clip picked on the timeline's viewport, keys on the speed spin box, the 2x preset, a colour
slider dragged by its handle, a look chosen with the keyboard. Each gesture: the model changes,
one undo step. Layout: p1 (still) 0-4 s on the main track; on an overlay track "ov" (video,
4 s source) 0-2 s and the sticker "st" (PNG) 2-4 s."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider
from qt_helpers import assert_undo_redo, clip, pos, snapshot, tiny_session, wait_jobs

from shortvid_desktop.core.model import Clip
from shortvid_desktop.edits import AssetAddCommand, ClipAddCommand, TrackAddCommand
from shortvid_desktop.media import asset_from_path

S = 1_000_000


@pytest.fixture
def win(make_window, media, qtbot):
    s = tiny_session()
    a = asset_from_path(media.image("ovq_a.png", color="red"))
    v = asset_from_path(media.video("ovq_v.mp4", seconds=4.0))
    st = asset_from_path(media.image("ovq_st.png", "64x64", color="orange"))
    with s.stack.transaction("Set up"):
        for asset in (a, v, st):
            s.stack.push(AssetAddCommand(asset))
        s.stack.push(TrackAddCommand("video", "Video", track_id="tr_v"))
        s.stack.push(TrackAddCommand("overlay", "Overlay", track_id="tr_o"))
        s.stack.push(ClipAddCommand("tr_v", Clip(id="p1", asset_id=a.id, duration_us=4 * S)))
        s.stack.push(ClipAddCommand("tr_o", Clip(id="ov", asset_id=v.id, duration_us=2 * S)))
        s.stack.push(
            ClipAddCommand("tr_o", Clip(id="st", asset_id=st.id, start_us=2 * S, duration_us=2 * S))
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
        pos(w, t_us, "overlay"),
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


def test_speed_of_an_overlay_clip_by_keys_and_preset(win) -> None:
    box = win.inspector.effects_box
    select(win, S)
    assert win.timeline.selected == ["ov"]
    assert box.speed_box.isVisible() and box.speed.isEnabled()
    assert box.reverse.isVisible() and box.freeze.isVisible()  # as on the main track
    before = snapshot(win)
    box.speed.setFocus()
    QTest.keyClick(box.speed, Qt.Key.Key_Up)  # 1.25x: 2 s of source in 1.6 s
    assert clip(win, "ov").speed == 1.25 and clip(win, "ov").duration_us == 1_600_000
    assert clip(win, "p1").duration_us == 4 * S and clip(win, "st").start_us == 2 * S
    assert win.bridge.qstack.undoText() == "Change speed"
    assert_undo_redo(win, before, snapshot(win))

    s0 = snapshot(win)
    QTest.mouseClick(box.presets[2.0], Qt.MouseButton.LeftButton)
    assert clip(win, "ov").speed == 2.0 and clip(win, "ov").duration_us == S  # 2 s of source
    assert box.speed.value() == 2.0
    assert_undo_redo(win, s0, snapshot(win))


def test_colour_of_a_sticker_by_slider_and_look(win) -> None:
    box = win.inspector.effects_box
    select(win, 3 * S)
    assert win.timeline.selected == ["st"]
    assert not box.speed_box.isVisible()  # a still has no speed
    assert box.target.isEnabled() and box.target.currentData() == "clip"
    before = snapshot(win)
    drag_handle(box.sliders["brightness"], box.sliders["brightness"].width() // 4)
    assert clip(win, "st").color.brightness > 0.05
    assert win.session.project.template.color.brightness == 0.0  # not the whole video
    assert win.bridge.qstack.undoText() == "Change colour"
    assert_undo_redo(win, before, snapshot(win))  # the drag: one step

    s0 = snapshot(win)
    box.look.setFocus()
    QTest.keyClick(box.look, Qt.Key.Key_Down)  # the first bundled look
    assert clip(win, "st").color.lut == "cool"
    assert_undo_redo(win, s0, snapshot(win))

    # the overlay clip has its own look, untouched by the sticker's
    select(win, S)
    assert win.timeline.selected == ["ov"] and box.look.currentData() == ""
    assert clip(win, "ov").color.lut == ""
