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
from qt_helpers import (
    assert_undo_redo,
    clip,
    overlay_session,
    select_overlay,
    snapshot,
    wait_jobs,
)

S = 1_000_000


@pytest.fixture
def win(make_window, media, qtbot):
    s = overlay_session(media, "ovq", 2 * S, 2 * S)
    w = make_window(s)
    yield w
    wait_jobs(qtbot, w)


select = select_overlay


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
