"""The timeline view: every operation with the mouse or keyboard, its undo and redo, snapping,
zoom, scrubbing and transition handles. Clips: c1 0-2 s and c2 2-4 s (video), c3 5-6 s (audio)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from qt_helpers import assert_undo_redo, clip, drag, pos, snapshot, timeline_session, wait_jobs

from shortvid_desktop.core.timebase import US_PER_SECOND, frame_time


@pytest.fixture
def win(make_window, media, qtbot):
    w = make_window(timeline_session(media))
    w.timeline.set_zoom(60.0)  # 60 px per second: 1 px = 1/60 s
    w.timeline.horizontalScrollBar().setValue(0)
    w.timeline.verticalScrollBar().setValue(0)
    w.timeline.setFocus()
    yield w
    wait_jobs(qtbot, w)


def track_of(w, cid):
    return w.session.project.timeline.find_clip(cid)[0].id


def test_click_selects_and_ctrl_click_adds(win) -> None:
    vp = win.timeline.viewport()
    QTest.mouseClick(
        vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos(win, 1_000_000)
    )
    assert win.timeline.selected == ["c1"]
    assert win.inspector.clip_ids == ["c1"]
    QTest.mouseClick(
        vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, pos(win, 3_000_000)
    )
    assert win.timeline.selected == ["c1", "c2"]
    # a rubber band over the audio clip alone
    start = pos(win, 4_800_000, "audio") + QPoint(0, -10)
    drag(win, start, pos(win, 5_500_000, "audio") + QPoint(0, 10))
    assert win.timeline.selected == ["c3"]
    # a click on empty space moves the playhead and clears the selection
    QTest.mouseClick(
        vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos(win, 4_500_000)
    )
    assert win.timeline.selected == []
    assert win.playhead.position == 4_533_333  # whole frames at 15 fps


def test_move_by_dragging_then_undo_redo(win) -> None:
    # the video track is magnetic (issue 15): c1 dropped past c2's middle goes after it
    before = snapshot(win)
    drag(win, pos(win, 1_000_000), pos(win, 3_800_000))
    assert (clip(win, "c2").start_us, clip(win, "c1").start_us) == (0, 2_000_000)
    assert win.timeline.clip_item("c1").pos().x() == pytest.approx(120)  # redrawn from the model
    assert win.act_undo.text().endswith("Move clip")
    assert_undo_redo(win, before, snapshot(win))
    # on a free track a clip goes where it is dropped
    win.act_undo.trigger()
    drag(win, pos(win, 5_500_000, "audio"), pos(win, 6_500_000, "audio"))
    assert clip(win, "c3").start_us == 6_000_000


def test_move_several_clips_is_one_step(win) -> None:
    from shortvid_desktop.core.model import Clip
    from shortvid_desktop.edits import ClipAddCommand

    tone = clip(win, "c3").asset_id
    win.bridge.push(
        ClipAddCommand(
            "tr_a1", Clip(id="c4", asset_id=tone, start_us=7_000_000, duration_us=500_000)
        )
    )
    win.timeline.set_selection(["c3", "c4"])
    before = snapshot(win)
    drag(win, pos(win, 5_500_000, "audio"), pos(win, 6_000_000, "audio"))
    assert (clip(win, "c3").start_us, clip(win, "c4").start_us) == (5_500_000, 7_500_000)
    assert win.act_undo.text().endswith("Move clips")
    assert_undo_redo(win, before, snapshot(win))


def test_move_across_tracks_of_the_same_kind(win) -> None:
    before = snapshot(win)
    drag(win, pos(win, 5_500_000, "audio", 0), pos(win, 5_500_000, "audio", 1))
    assert track_of(win, "c3") == "tr_a2" and clip(win, "c3").start_us == 5_000_000
    assert_undo_redo(win, before, snapshot(win))
    win.act_undo.trigger()
    # a picture cannot go onto an audio track: it stays on its own
    drag(win, pos(win, 1_000_000), pos(win, 1_000_000, "audio", 0))
    assert track_of(win, "c1") == "tr_v"


def test_trim_both_edges(win) -> None:
    before = snapshot(win)
    # the end of c1 (at x=120) pulled back to 1.5 s
    drag(win, pos(win, 2_000_000) - QPoint(2, 0), pos(win, 1_500_000) - QPoint(2, 0))
    c1 = clip(win, "c1")
    assert (c1.start_us, c1.end_us) == (0, 1_500_000)  # the edge follows the mouse
    after_end = snapshot(win)
    assert_undo_redo(win, before, after_end)
    assert clip(win, "c2").start_us == 1_500_000  # the magnetic track closed up
    # the start of c2 pushed in by half a second: it is shorter and still follows c1
    drag(win, pos(win, 1_500_000) + QPoint(2, 0), pos(win, 2_000_000) + QPoint(2, 0))
    c2 = clip(win, "c2")
    assert (c2.start_us, c2.end_us) == (1_500_000, 3_000_000)
    assert win.act_undo.text().endswith("Trim clip")
    assert_undo_redo(win, after_end, snapshot(win))


def test_snapping_to_clip_edges_and_the_toggle(win) -> None:
    # c3 dragged so its start lands 5 px (1/12 s) after c2's end: it snaps onto 4 s
    start = pos(win, 5_500_000, "audio")
    drag(win, start, start + QPoint(-55, 0))
    assert clip(win, "c3").start_us == 4_000_000
    win.act_undo.trigger()
    win.act_snap.trigger()  # snapping off
    assert not win.timeline.snapping
    drag(win, start, start + QPoint(-55, 0))
    assert clip(win, "c3").start_us == 5_000_000 - 55 * US_PER_SECOND // 60
    win.act_undo.trigger()
    win.act_snap.trigger()
    # the playhead is a snap point too
    win.playhead.set(7_000_000)
    drag(win, start, start + QPoint(57, 0))  # start would be 5.95 s, end 6.95 s -> end on 7 s
    assert clip(win, "c3").end_us == 7_000_000


def test_split_delete_ripple_duplicate_by_keyboard(win, qtbot) -> None:
    view = win.timeline
    win.playhead.set(1_000_000)
    view.set_selection(["c1"])
    before = snapshot(win)
    QTest.keyClick(view, Qt.Key.Key_S)
    video = win.session.project.timeline.track("video")
    assert len(video.clips) == 3 and clip(win, "c1").end_us == 1_000_000
    assert win.act_undo.text().endswith("Split clip")
    assert_undo_redo(win, before, snapshot(win))
    win.act_undo.trigger()

    view.set_selection(["c1"])
    QTest.keyClick(view, Qt.Key.Key_Delete)  # on the magnetic track the gap closes
    assert clip(win, "c1") is None and clip(win, "c2").start_us == 0
    assert clip(win, "c3").start_us == 5_000_000  # a free clip without a scene stays
    assert_undo_redo(win, before, snapshot(win))
    win.act_undo.trigger()

    view.set_selection(["c1"])
    QTest.keyClick(view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)  # ripple
    assert clip(win, "c1") is None and clip(win, "c2").start_us == 0
    assert_undo_redo(win, before, snapshot(win))
    win.act_undo.trigger()

    view.set_selection(["c1"])
    QTest.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dup = view.selected[0]
    assert dup != "c1" and clip(win, dup).start_us == 2_000_000
    assert clip(win, "c2").start_us == 4_000_000  # made room
    assert_undo_redo(win, before, snapshot(win))
    win.act_undo.trigger()

    # with nothing selected, S cuts every clip under the playhead
    view.set_selection([])
    win.playhead.set(5_500_000)
    QTest.keyClick(view, Qt.Key.Key_S)
    assert len(win.session.project.timeline.track("audio").clips) == 2
    win.act_undo.trigger()
    # undo and redo by keyboard too
    QTest.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert len(win.session.project.timeline.track("audio").clips) == 2
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert snapshot(win) == before


def test_add_text_clip(win) -> None:
    win.playhead.set(400_000)
    before = snapshot(win)
    QTest.keyClick(win.timeline, Qt.Key.Key_T)
    overlay = win.session.project.timeline.track("overlay")
    assert overlay is not None and overlay.clips[0].start_us == 400_000
    assert_undo_redo(win, before, snapshot(win))
    # its text is edited in the inspector
    overlay = win.session.project.timeline.track("overlay")
    win.timeline.set_selection([overlay.clips[0].id])
    win.inspector.text.setPlainText("Hello")
    win.inspector._commit_text()
    assert win.session.project.timeline.track("overlay").clips[0].text == "Hello"


def test_transition_handle_drag(win) -> None:
    before = snapshot(win)
    handle = win.timeline._transitions["c2"]
    r = handle.sceneBoundingRect()
    start = win.timeline.mapFromScene(r.center())
    drag(win, start, start + QPoint(30, 0))  # half a second of overlap
    c1, c2 = clip(win, "c1"), clip(win, "c2")
    assert c2.transition_in.kind == "fade"
    assert c2.start_us == 2_000_000 and c1.end_us > 2_000_000
    assert win.timeline.transition_length("c2") == c1.end_us - 2_000_000
    assert win.act_undo.text().endswith("Add transition")
    assert_undo_redo(win, before, snapshot(win))


def test_zoom_scroll_and_playhead_keys(win, qtbot) -> None:
    view = win.timeline
    z = view.px_per_s
    QTest.keyClick(view, Qt.Key.Key_Plus)
    assert view.px_per_s > z
    QTest.keyClick(view, Qt.Key.Key_Minus)
    assert view.px_per_s == pytest.approx(z)
    ev = QWheelEvent(
        QPointF(100, 20),
        view.viewport().mapToGlobal(QPointF(100, 20)),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), ev)  # the viewport receives the wheel
    assert view.px_per_s == pytest.approx(z * 1.25)
    win.act_zoom_fit.trigger()
    total = win.session.project.timeline.duration_us / US_PER_SECOND
    assert view.px_per_s * total <= view.viewport().width()
    assert view.clip_item("c3").pos().x() == pytest.approx(view.x_of(5_000_000))
    # playhead: Home/End/arrows (frame steps at 15 fps), ruler scrub
    QTest.keyClick(view, Qt.Key.Key_End)
    assert win.playhead.position == 6_000_000
    QTest.keyClick(view, Qt.Key.Key_Left)
    assert win.playhead.position == frame_time(89, 15)
    QTest.keyClick(view, Qt.Key.Key_Home)
    assert win.playhead.position == 0
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert win.playhead.position == 66_667
    ruler = win.timeline_panel.ruler
    QTest.mouseClick(
        ruler,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(int(view.x_of(3_000_000)), 10),
    )
    assert abs(win.playhead.position - 3_000_000) <= US_PER_SECOND // 15


def test_edits_that_cannot_be_made_are_reported(win) -> None:
    # a still cannot be trimmed to less than a frame: the error names the clip, nothing changes
    before = snapshot(win)
    from shortvid_desktop.edits import ClipTrimCommand

    assert not win.bridge.push(ClipTrimCommand("c1", "end", 0))
    assert snapshot(win) == before
    assert "c1" in win.messages.toPlainText()
    assert win.notice_bar.isVisible()
