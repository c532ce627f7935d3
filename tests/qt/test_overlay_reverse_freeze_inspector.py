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
from qt_helpers import assert_undo_redo, clip, pos, snapshot, tiny_session, wait_jobs

from shortvid_desktop.core.model import Clip
from shortvid_desktop.edits import AssetAddCommand, ClipAddCommand, TrackAddCommand
from shortvid_desktop.media import asset_from_path

S = 1_000_000


@pytest.fixture
def win(make_window, media, qtbot):
    s = tiny_session()
    a = asset_from_path(media.image("ovrf_a.png", color="red"))
    v = asset_from_path(media.video("ovrf_v.mp4", seconds=4.0))
    st = asset_from_path(media.image("ovrf_st.png", "64x64", color="orange"))
    with s.stack.transaction("Set up"):
        for asset in (a, v, st):
            s.stack.push(AssetAddCommand(asset))
        s.stack.push(TrackAddCommand("video", "Video", track_id="tr_v"))
        s.stack.push(TrackAddCommand("overlay", "Overlay", track_id="tr_o"))
        s.stack.push(ClipAddCommand("tr_v", Clip(id="p1", asset_id=a.id, duration_us=4 * S)))
        s.stack.push(ClipAddCommand("tr_o", Clip(id="ov", asset_id=v.id, duration_us=2 * S)))
        s.stack.push(
            ClipAddCommand("tr_o", Clip(id="st", asset_id=st.id, start_us=5 * S, duration_us=S))
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
