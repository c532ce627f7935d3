"""The magnetic main track in the window (issue 15): reorder by dragging on the timeline's
viewport, delete closing the gap, the narration of a scene following its picture, media added
at a cut, and transitions added, changed and removed from the marker's menu; each one undo step.
A frame rendered by the session's preview (the export's compiler) follows the new order.

Pictures: p1 red 0-2 s (scene 1), p2 green 2-4 s (scene 2), p3 blue 4-6 s (scene 3); narration
v1, v2, v3 0.1 s into each scene; a free text clip tx 0-1 s (no scene)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from qt_helpers import assert_undo_redo, clip, drag, pos, snapshot, tiny_session, wait_jobs

from shortvid_desktop.core.model import Clip
from shortvid_desktop.core.timebase import snap_to_frame
from shortvid_desktop.edits import AssetAddCommand, ClipAddCommand, TrackAddCommand
from shortvid_desktop.edits.commands.magnetic import is_magnetic, main_order
from shortvid_desktop.jobs import CancelToken, Progress
from shortvid_desktop.media import asset_from_path
from shortvid_desktop.session.preview import PreviewService

S = 1_000_000


def magnetic_session(media):
    s = tiny_session()
    pics = [asset_from_path(media.image(f"mg_{c}.png", color=c)) for c in ("red", "green", "blue")]
    tone = asset_from_path(media.audio("mg_tone.wav", seconds=2.0))
    with s.stack.transaction("Set up"):
        for a in (*pics, tone):
            s.stack.push(AssetAddCommand(a))
        s.stack.push(TrackAddCommand("video", "Video", track_id="tr_v"))
        s.stack.push(TrackAddCommand("overlay", "Text", track_id="tr_t"))
        s.stack.push(TrackAddCommand("voice", "Voice", track_id="tr_vo"))
        for i, a in enumerate(pics):
            scene = f"sc{i + 1}"
            s.stack.push(
                ClipAddCommand(
                    "tr_v",
                    Clip(
                        id=f"p{i + 1}",
                        asset_id=a.id,
                        start_us=2 * S * i,
                        duration_us=2 * S,
                        scene_id=scene,
                    ),
                )
            )
            s.stack.push(
                ClipAddCommand(
                    "tr_vo",
                    Clip(
                        id=f"v{i + 1}",
                        asset_id=tone.id,
                        start_us=2 * S * i + 100_000,
                        duration_us=1_800_000,
                        text=f"Scene {i + 1}",
                        scene_id=scene,
                    ),
                )
            )
        s.stack.push(ClipAddCommand("tr_t", Clip(id="tx", duration_us=S, text="Free")))
    s.stack.clear()
    return s


@pytest.fixture
def win(make_window, media, qtbot):
    w = make_window(magnetic_session(media))
    w.timeline.set_zoom(60.0)  # 60 px per second
    w.timeline.horizontalScrollBar().setValue(0)
    w.timeline.verticalScrollBar().setValue(0)
    w.timeline.setFocus()
    qtbot.waitUntil(w.isActiveWindow)
    yield w
    wait_jobs(qtbot, w)


def order(w) -> list[str]:
    return [c.id for c in main_order(w.session.project)]


def starts(w, *ids: str) -> tuple[int, ...]:
    return tuple(clip(w, cid).start_us for cid in ids)


def assert_abut(w) -> None:
    clips = main_order(w.session.project)
    assert clips[0].start_us == 0
    for prev, c in zip(clips, clips[1:], strict=False):
        assert prev.end_us - c.start_us == c.transition_in.overlap_us, (prev.id, c.id)
    assert is_magnetic(w.session.project)


def mean_rgb(image) -> tuple[float, float, float]:
    data = image.rgb
    n = len(data) // 3
    return tuple(sum(data[k::3]) / n for k in range(3))  # type: ignore[return-value]


def frame_at(session, t_us: int):
    service = PreviewService(session)
    try:
        return service.frame_job(t_us, 1.0)(Progress(), CancelToken())
    finally:
        service.close()


def test_drag_the_third_picture_before_the_first(win) -> None:
    before = snapshot(win)
    red = mean_rgb(frame_at(win.session, 500_000))
    assert red[0] > 200 and red[2] < 60  # p1 plays first
    vp = win.timeline.viewport()
    start, end = pos(win, 5 * S), pos(win, 200_000)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(vp, QPoint((start.x() + end.x()) // 2, start.y()))
    QTest.mouseMove(vp, end)
    assert win.timeline._drop_time == 0  # the insertion line shows the cut it goes to
    # the others slide aside while it hovers there; the model changes only on release
    assert win.timeline.clip_item("p1").pos().x() == pytest.approx(120)
    assert win.timeline.clip_item("p2").pos().x() == pytest.approx(240)
    assert snapshot(win) == before
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert win.timeline._drop_time is None
    assert order(win) == ["p3", "p1", "p2"]
    assert starts(win, "p3", "p1", "p2") == (0, 2 * S, 4 * S)
    assert_abut(win)  # no gaps, no new overlaps
    # each narration moved with its picture; the free text stayed
    assert starts(win, "v3", "v1", "v2") == (100_000, 2_100_000, 4_100_000)
    assert clip(win, "tx").start_us == 0
    assert win.act_undo.text().endswith("Move clip")
    assert win.timeline.clip_item("p3").pos().x() == pytest.approx(0)  # redrawn from the model
    # the preview (and so the export) follows the model: blue first now
    blue = mean_rgb(frame_at(win.session, 500_000))
    assert blue[2] > 200 and blue[0] < 60
    after = snapshot(win)
    QTest.keyClick(win.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert snapshot(win) == before  # Ctrl+Z restores exactly
    assert mean_rgb(frame_at(win.session, 500_000))[0] > 200
    QTest.keyClick(
        win.timeline,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert snapshot(win) == after


def test_delete_a_middle_picture_closes_the_gap(win) -> None:
    before = snapshot(win)
    QTest.mouseClick(
        win.timeline.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        pos(win, 3 * S),
    )
    assert win.timeline.selected == ["p2"]
    QTest.keyClick(win.timeline, Qt.Key.Key_Delete)
    assert order(win) == ["p1", "p3"] and clip(win, "p3").start_us == 2 * S
    assert_abut(win)
    assert clip(win, "v2") is None  # scene 2 has no picture left
    assert clip(win, "v3").start_us == 2_100_000  # scene 3's narration moved up with it
    assert win.act_undo.text().endswith("Delete clip")
    assert_undo_redo(win, before, snapshot(win))
    green = mean_rgb(frame_at(win.session, 2_500_000))
    assert green[2] > 200  # blue follows red at once now


def test_media_added_at_the_playhead_goes_in_at_the_nearest_cut(win) -> None:
    before = snapshot(win)
    red = next(a for a in win.session.project.assets.values() if a.path.endswith("mg_red.png"))
    win.playhead.set(2_300_000)  # nearest cut: between p1 and p2
    win.on_media_action("timeline", [red.id])
    new = win.timeline.selected[0]
    assert order(win) == ["p1", new, "p2", "p3"]
    still = win.session.project.template.still_duration_us
    assert starts(win, new, "p2") == (2 * S, 2 * S + still)
    assert_abut(win)
    assert clip(win, "v2").start_us == 2 * S + still + 100_000  # moved aside with p2
    assert_undo_redo(win, before, snapshot(win))


def open_marker_menu(w, clip_id: str):
    """Right-click the transition marker before ``clip_id``; the menu that pops up."""
    view = w.timeline
    marker = view._transitions[clip_id]
    at = view.mapFromScene(marker.sceneBoundingRect().center())
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, view.viewport().mapToGlobal(at))
    QApplication.sendEvent(view.viewport(), event)  # what a right click sends the viewport
    menu = view.context_menu
    assert menu is not None and menu.isVisible()
    return menu


def choose(menu, name: str) -> None:
    action = menu.findChild(QAction, name)
    assert action is not None and action.isEnabled(), name
    action.trigger()
    menu.close()


def test_add_change_and_remove_a_transition_from_the_marker_menu(win) -> None:
    view = win.timeline
    assert view._transitions["p2"].kind == "cut"  # the marker between p1 and p2
    s0 = snapshot(win)
    menu = open_marker_menu(win, "p2")
    assert not menu.findChild(QAction, "transition_remove").isEnabled()  # a cut: nothing
    choose(menu, "transition_fade")
    p1, p2 = clip(win, "p1"), clip(win, "p2")
    half = snap_to_frame(500_000, 15)  # the template's 0.5 s in whole frames
    assert (p2.transition_in.kind, p2.transition_in.duration_us) == ("fade", half)
    assert p1.end_us - p2.start_us == half  # the overlap is the transition, no more
    assert_abut(win)
    assert view._transitions["p2"].kind == "fade"  # the marker shows it
    assert win.act_undo.text().endswith("Add transition")
    s1 = snapshot(win)
    assert_undo_redo(win, s0, s1)
    # a blend in the middle of the crossfade: red and green both in the frame
    mid = mean_rgb(frame_at(win.session, 2_250_000))
    assert mid[0] > 40 and mid[1] > 40

    choose(open_marker_menu(win, "p2"), "transition_length_1000")
    p1, p2 = clip(win, "p1"), clip(win, "p2")
    assert p2.transition_in.duration_us == S and p1.end_us - p2.start_us == S
    assert_abut(win)
    s2 = snapshot(win)
    assert_undo_redo(win, s1, s2)

    choose(open_marker_menu(win, "p2"), "transition_wipeleft")
    assert clip(win, "p2").transition_in.kind == "wipeleft"
    assert clip(win, "p2").transition_in.duration_us == S  # the length is kept
    assert win.act_undo.text().endswith("Change transition")
    s3 = snapshot(win)
    assert_undo_redo(win, s2, s3)

    choose(open_marker_menu(win, "p2"), "transition_remove")
    assert clip(win, "p2").transition_in.kind == "cut"
    assert clip(win, "p1").end_us == clip(win, "p2").start_us  # abut again
    assert_abut(win)
    assert win.act_undo.text().endswith("Remove transition")
    assert_undo_redo(win, s3, snapshot(win))
    assert snapshot(win) == s0


def test_reordering_keeps_a_transition_with_its_clip(win) -> None:
    choose(open_marker_menu(win, "p3"), "transition_fade")  # p2 -> p3 crossfade
    assert_abut(win)
    before = snapshot(win)
    # p3 dragged to the very start: it has nothing before it, so no crossfade is left
    drag(win, pos(win, 5 * S), pos(win, 100_000))
    assert order(win) == ["p3", "p1", "p2"]
    assert clip(win, "p3").transition_in.kind == "cut"
    assert_abut(win)
    assert_undo_redo(win, before, snapshot(win))


def test_a_clip_from_another_video_track_dragged_onto_the_main_track_goes_in_at_a_cut(
    win,
) -> None:
    blue = next(a for a in win.session.project.assets.values() if a.path.endswith("mg_blue.png"))
    with win.bridge.transaction("B-roll"):
        win.bridge.stack.push(TrackAddCommand("video", "B-roll", track_id="tr_b"))
        win.bridge.stack.push(
            ClipAddCommand("tr_b", Clip(id="b1", asset_id=blue.id, start_us=7 * S, duration_us=S))
        )
    before = snapshot(win)
    drag(win, pos(win, 7_500_000, "video", 1), pos(win, 2_300_000, "video", 0))
    assert win.session.project.timeline.find_clip("b1")[0].id == "tr_v"
    assert order(win) == ["p1", "b1", "p2", "p3"]
    assert starts(win, "b1", "p2", "p3") == (2 * S, 3 * S, 5 * S)
    assert_abut(win)
    assert clip(win, "v2").start_us == 3_100_000  # scene 2's narration moved aside with p2
    assert_undo_redo(win, before, snapshot(win))
    # and back out onto the free track: the main track closes up behind it
    drag(win, pos(win, 2_500_000, "video", 0), pos(win, 8_500_000, "video", 1))
    assert win.session.project.timeline.find_clip("b1")[0].id == "tr_b"
    assert order(win) == ["p1", "p2", "p3"] and starts(win, "p2", "p3") == (2 * S, 4 * S)
    assert_abut(win)
