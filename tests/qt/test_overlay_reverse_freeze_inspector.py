"""Reverse and Freeze frame in the inspector for an overlay-track (picture-in-picture) clip,
driven like a user would: the clip picked on the timeline's viewport, a click on the Reverse
check box, the playhead moved and a click on "Freeze frame at the playhead". Each gesture: the
model changes, one named undo step, undone and redone. Layout: p1 (still) 0-4 s on the main
track; on an overlay track "ov" (video, 4 s source) 0-2 s and a sticker "st" at 5-6 s."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
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
    s = overlay_session(media, "ovrf", 5 * S, S)
    w = make_window(s)
    yield w
    wait_jobs(qtbot, w)


select = select_overlay


def test_reverse_an_overlay_clip_by_its_check_box(win) -> None:
    box = win.inspector.effects_box
    select(win, S)
    assert win.timeline.selected == ["ov"]
    assert box.reverse.isVisible() and box.reverse.isEnabled() and not box.reverse.isChecked()
    before = snapshot(win)
    QTest.mouseClick(box.reverse, Qt.MouseButton.LeftButton)
    assert clip(win, "ov").reverse and box.reverse.isChecked()
    assert clip(win, "ov").duration_us == 2 * S and clip(win, "p1").duration_us == 4 * S
    assert win.bridge.qstack.undoText() == "Reverse clip"
    assert_undo_redo(win, before, snapshot(win))

    s0 = snapshot(win)
    QTest.mouseClick(box.reverse, Qt.MouseButton.LeftButton)  # forwards again
    assert not clip(win, "ov").reverse
    assert win.bridge.qstack.undoText() == "Play clip forwards"
    assert_undo_redo(win, s0, snapshot(win))


def test_freeze_a_frame_of_an_overlay_clip_at_the_playhead(win) -> None:
    box = win.inspector.effects_box
    select(win, S)
    assert box.freeze.isVisible()
    before = snapshot(win)
    win.playhead.set(S)
    QTest.mouseClick(box.freeze, Qt.MouseButton.LeftButton)
    parts = win.session.project.timeline.track("overlay").sorted_clips()
    assert [(c.start_us, c.end_us, c.freeze) for c in parts] == [
        (0, S, False), (S, 3 * S, True), (3 * S, 4 * S, False), (5 * S, 6 * S, False)
    ]  # fmt: skip
    frozen = parts[1]
    assert frozen.source_in_us == S  # the frame under the playhead, held for 2 s
    assert parts[2].source_in_us == S  # then the clip goes on from there
    assert clip(win, "p1").duration_us == 4 * S and clip(win, "st").start_us == 5 * S
    assert win.bridge.qstack.undoText() == "Freeze frame"
    assert_undo_redo(win, before, snapshot(win))

    # the freeze clip selected: a freeze frame has no speed nor direction
    select(win, 2 * S)
    assert win.timeline.selected == [frozen.id]
    assert not box.reverse.isEnabled() and not box.speed.isEnabled()
