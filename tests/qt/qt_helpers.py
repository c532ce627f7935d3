"""Qt test helpers: tiny-canvas sessions, timeline gestures on the viewport and undo checks.
(Drops are real drags under Xvfb: xdrag.py.)"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from shortvid_desktop.core.model import Clip
from shortvid_desktop.core.serial import to_dict
from shortvid_desktop.edits import (
    AssetAddCommand,
    ClipAddCommand,
    TemplatePropertyCommand,
    TrackAddCommand,
)
from shortvid_desktop.media import asset_from_path
from shortvid_desktop.session import Session


def tiny_session() -> Session:
    """A new project on a 180x320, 15 fps draft canvas (renders in a blink)."""
    s = Session.new()
    with s.stack.transaction("Tiny canvas"):
        for path, value in (("width", 180), ("height", 320), ("fps", 15), ("quality", "draft")):
            s.stack.push(TemplatePropertyCommand(path, value))
    s.stack.clear()
    return s


def timeline_session(media) -> Session:
    """Two pictures on the video track (0-2 s, 2-4 s), a tone on each of two audio tracks."""
    s = tiny_session()
    a = asset_from_path(media.image("tl_a.png", color="red"))
    b = asset_from_path(media.image("tl_b.png", color="blue"))
    tone = asset_from_path(media.audio("tl_tone.wav", seconds=4.0))
    with s.stack.transaction("Set up"):
        for asset in (a, b, tone):
            s.stack.push(AssetAddCommand(asset))
        s.stack.push(TrackAddCommand("video", "Video", track_id="tr_v"))
        s.stack.push(TrackAddCommand("audio", "Audio", track_id="tr_a1"))
        s.stack.push(TrackAddCommand("audio", "Audio 2", track_id="tr_a2"))
        s.stack.push(ClipAddCommand("tr_v", Clip(id="c1", asset_id=a.id, duration_us=2_000_000)))
        s.stack.push(
            ClipAddCommand(
                "tr_v", Clip(id="c2", asset_id=b.id, start_us=2_000_000, duration_us=2_000_000)
            )
        )
        s.stack.push(
            ClipAddCommand(
                "tr_a1", Clip(id="c3", asset_id=tone.id, start_us=5_000_000, duration_us=1_000_000)
            )
        )
    s.stack.clear()
    return s


def wait_jobs(qtbot, window, timeout: int = 60_000) -> None:
    """End a test tidily: cancel what still runs in the background (thumbnails, previews) and
    let the pool drain, so no job outlives the window."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    window.runner.cancel_all()
    QThreadPool.globalInstance().waitForDone(timeout)
    QApplication.processEvents()


# ------------------------------------------------------------------ timeline gestures and checks
def clip(w, cid):
    """The clip ``cid`` of the window's project (None when it is gone)."""
    found = w.session.project.timeline.find_clip(cid)
    return None if found is None else found[1]


def pos(w, t_us: int, lane_kind: str = "video", index: int = 0) -> QPoint:
    """The timeline viewport's point at time ``t_us`` in the middle of a lane of ``lane_kind``."""
    view = w.timeline
    lane = [lane for lane in view.lanes if lane.kind == lane_kind][index]
    return view.mapFromScene(QPointF(view.x_of(t_us), lane.y + lane.h / 2))


def drag(w, start: QPoint, end: QPoint, mods=Qt.KeyboardModifier.NoModifier) -> None:
    """A mouse drag on the timeline's viewport: press, a move half-way, a move, release."""
    vp = w.timeline.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, mods, start)
    mid = QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2)
    QTest.mouseMove(vp, mid)
    QTest.mouseMove(vp, end)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, mods, end)


def snapshot(w):
    return to_dict(w.session.project.timeline)


def assert_undo_redo(w, before, after) -> None:
    """The timeline is ``after``; one undo gives ``before`` back, one redo ``after`` again."""
    assert snapshot(w) == after
    w.act_undo.trigger()
    assert snapshot(w) == before
    w.act_redo.trigger()
    assert snapshot(w) == after


def overlay_session(media, tag: str, sticker_start_us: int, sticker_duration_us: int) -> Session:
    """A red picture on the main track (4 s), a 2 s video clip "ov" on an overlay track from 0
    and an orange sticker "st" there too; files named after ``tag``."""
    s = tiny_session()
    a = asset_from_path(media.image(f"{tag}_a.png", color="red"))
    v = asset_from_path(media.video(f"{tag}_v.mp4", seconds=4.0))
    st = asset_from_path(media.image(f"{tag}_st.png", "64x64", color="orange"))
    with s.stack.transaction("Set up"):
        for asset in (a, v, st):
            s.stack.push(AssetAddCommand(asset))
        s.stack.push(TrackAddCommand("video", "Video", track_id="tr_v"))
        s.stack.push(TrackAddCommand("overlay", "Overlay", track_id="tr_o"))
        s.stack.push(ClipAddCommand("tr_v", Clip(id="p1", asset_id=a.id, duration_us=4_000_000)))
        s.stack.push(ClipAddCommand("tr_o", Clip(id="ov", asset_id=v.id, duration_us=2_000_000)))
        sticker = Clip(
            id="st", asset_id=st.id, start_us=sticker_start_us, duration_us=sticker_duration_us
        )
        s.stack.push(ClipAddCommand("tr_o", sticker))
    s.stack.clear()
    return s


def select_overlay(w, t_us: int) -> None:
    """A click through the timeline's viewport on the overlay lane at ``t_us``."""
    QTest.mouseClick(
        w.timeline.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        pos(w, t_us, "overlay"),
    )
