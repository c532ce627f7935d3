"""The window as a creator uses it: Enter in the template editor, the build buttons after Open
and Recover, Play keeping the window's size, one undo step per slider drag or key run."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider
from qt_helpers import wait_jobs


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
