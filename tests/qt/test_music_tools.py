"""Music tools in the window (issue 15 item 6), each gesture through the timeline's viewport:
fade handles dragged at a sound clip's top corners, volume points added by a double-click on the
line, dragged and removed by a right click; Loop/Trim from the music clip's menu; beats found as
a job and drawn on the music clip; "Snap cuts to beats" moving the main track's cuts onto the
clicks of a click track. Each one undo step.

Layout: pictures p1 0-2 s, p2 2-4 s, p3 4-6 s on the main track (scenes 1-3, narration v1-v3
linked 0.1 s into each); a 6 s click-track song on the Music track (clicks near 1.9 and 4.1 s)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from qt_helpers import assert_undo_redo, clip, snapshot, tiny_session, wait_jobs

from shortvid_desktop.core.model import Clip
from shortvid_desktop.edits import AssetAddCommand, ClipAddCommand, TrackAddCommand
from shortvid_desktop.edits.commands.magnetic import is_magnetic
from shortvid_desktop.media import asset_from_path
from shortvid_desktop.media.ffmpeg import run_ffmpeg

S = 1_000_000
CLICKS = (0.5, 1.9, 3.0, 4.1, 5.3)


def click_track(path, times, seconds: float):
    bursts = "+".join(
        f"between(t,{t},{t + 0.03})*sin(2*PI*2000*t)*exp(-abs(t-{t})*200)" for t in times
    )
    expr = f"0.05*sin(2*PI*220*t)+0.8*({bursts})"
    run_ffmpeg(["-f", "lavfi", "-i", f"aevalsrc='{expr}':s=44100:d={seconds}", str(path)])
    return path


@pytest.fixture(scope="module")
def song(tmp_path_factory):
    return click_track(tmp_path_factory.mktemp("music_tools") / "clicks.wav", CLICKS, 6.0)


def music_session(media, song_path):
    s = tiny_session()
    pics = [asset_from_path(media.image(f"mt_{c}.png", color=c)) for c in ("red", "green", "blue")]
    tone = asset_from_path(media.audio("mt_tone.wav", seconds=2.0))
    music = asset_from_path(song_path)
    with s.stack.transaction("Set up"):
        for a in (*pics, tone, music):
            s.stack.push(AssetAddCommand(a))
        s.stack.push(TrackAddCommand("video", "Video", track_id="tr_v"))
        s.stack.push(TrackAddCommand("voice", "Voice", track_id="tr_vo"))
        s.stack.push(TrackAddCommand("music", "Music", track_id="tr_m"))
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
                        duration_us=1_500_000,
                        scene_id=scene,
                    ),
                )
            )
        s.stack.push(ClipAddCommand("tr_m", Clip(id="m", asset_id=music.id, duration_us=6 * S)))
    s.stack.clear()
    return s


@pytest.fixture
def win(make_window, media, song, qtbot):
    w = make_window(music_session(media, song))
    w.timeline.set_zoom(100.0)  # 100 px per second
    w.timeline.horizontalScrollBar().setValue(0)
    w.timeline.verticalScrollBar().setValue(0)
    w.timeline.setFocus()
    qtbot.waitUntil(w.isActiveWindow)
    yield w
    wait_jobs(qtbot, w)


def item_point(w, clip_id: str, local: QPointF) -> QPoint:
    """The viewport point of ``local`` (item coordinates) on the item of ``clip_id``."""
    view = w.timeline
    item = view.clip_item(clip_id)
    return view.mapFromScene(item.mapToScene(local))


def handle_point(w, clip_id: str, which: str) -> QPoint:
    from shortvid_desktop.qt.timeline.audio import handles

    item = w.timeline.clip_item(clip_id)
    return item_point(w, clip_id, handles(item, clip(w, clip_id))[which])


def line_point(w, clip_id: str, t_us: int, gain: float = 1.0) -> QPoint:
    from shortvid_desktop.qt.timeline.audio import clip_rect, gain_y

    item = w.timeline.clip_item(clip_id)
    r = clip_rect(item)
    x = r.left() + t_us * w.timeline.px_per_us
    return item_point(w, clip_id, QPointF(x, gain_y(r, gain)))


def press_drag(w, start: QPoint, end: QPoint) -> None:
    vp = w.timeline.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(vp, QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    QTest.mouseMove(vp, end)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def right_click(w, at: QPoint) -> None:
    vp = w.timeline.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, vp.mapToGlobal(at))
    QApplication.sendEvent(vp, event)  # what a right click sends the viewport


def test_fade_handles_drag_from_the_top_corners(win, qtbot) -> None:
    before = snapshot(win)
    vp = win.timeline.viewport()

    def hover_shows_a_handle() -> bool:  # hovering shows it can be dragged
        # the move a hovering mouse sends the viewport, no button down (QTest.mouseMove goes
        # through the cursor, which the offscreen platform can give another test's window)
        at = QPointF(handle_point(win, "v1", "fade_in"))
        move = QMouseEvent(
            QEvent.Type.MouseMove,
            at,
            QPointF(vp.mapToGlobal(at.toPoint())),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(vp, move)
        return vp.cursor().shape() == Qt.CursorShape.SizeHorCursor

    # (the window's first jobs, e.g. the music's beats, may still be laying items out)
    qtbot.waitUntil(hover_shows_a_handle, timeout=10_000)
    start = handle_point(win, "v1", "fade_in")
    press_drag(win, start, start + QPoint(50, 0))  # 0.5 s at 100 px/s
    v1 = clip(win, "v1")
    assert abs(v1.fade_in_us - 500_000) <= 20_000 and v1.fade_out_us == 0
    assert v1.start_us == 100_000 and v1.duration_us == 1_500_000  # not moved, not trimmed
    after_in = snapshot(win)
    assert win.bridge.qstack.undoText() == "Change fade-in"
    assert_undo_redo(win, before, after_in)
    end = handle_point(win, "v1", "fade_out")
    press_drag(win, end, end - QPoint(30, 0))
    assert abs(clip(win, "v1").fade_out_us - 300_000) <= 20_000
    assert_undo_redo(win, after_in, snapshot(win))


def test_volume_points_double_click_drag_and_right_click(win) -> None:
    vp = win.timeline.viewport()
    before = snapshot(win)
    at = line_point(win, "v2", 500_000)
    QTest.mouseDClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    keys = clip(win, "v2").volume_keys
    assert len(keys) == 1 and abs(keys[0].time_us - 500_000) <= 20_000 and keys[0].gain == 1.0
    added = snapshot(win)
    assert_undo_redo(win, before, added)
    QTest.mouseDClick(
        vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, line_point(win, "v2", S)
    )
    assert len(clip(win, "v2").volume_keys) == 2
    two = snapshot(win)
    # drag the second point down to half the gain and a little later
    point = line_point(win, "v2", clip(win, "v2").volume_keys[1].time_us, 1.0)
    press_drag(win, point, line_point(win, "v2", 1_200_000, 0.5))
    k = clip(win, "v2").volume_keys[1]
    assert abs(k.gain - 0.5) <= 0.1 and abs(k.time_us - 1_200_000) <= 20_000
    assert win.bridge.qstack.undoText() == "Move volume point"
    moved = snapshot(win)
    assert_undo_redo(win, two, moved)
    # a right click on the first point removes it
    first = clip(win, "v2").volume_keys[0]
    right_click(win, line_point(win, "v2", first.time_us, first.gain))
    assert [kk.time_us for kk in clip(win, "v2").volume_keys] == [k.time_us]
    assert win.bridge.qstack.undoText() == "Remove volume point"
    assert_undo_redo(win, moved, snapshot(win))


def test_music_menu_trims_and_loops_to_the_video(win) -> None:
    from shortvid_desktop.core.model import Asset

    project = win.session.project
    song_asset: Asset = project.assets[clip(win, "m").asset_id]
    assert song_asset.duration_us == 6 * S
    before = snapshot(win)
    right_click(win, line_point(win, "m", 2_500_000, 0.2))  # on the body, off the line
    menu = win.timeline.context_menu
    assert menu is not None and menu.isVisible() and menu.objectName() == "musicMenu"
    assert menu.findChild(QAction, "music_loop").isChecked()
    action = menu.findChild(QAction, "music_trim")
    action.trigger()
    menu.close()
    assert project.music_fit == "trim"
    assert clip(win, "m").end_us == 6 * S  # the song ends with the video already
    assert win.bridge.qstack.undoText() == "Trim music to the video"
    win.act_undo.trigger()
    assert project.music_fit == "loop" and snapshot(win) == before


def test_beats_are_found_drawn_and_cuts_snap_to_them(win, qtbot) -> None:
    view = win.timeline
    qtbot.waitUntil(lambda: len(view.timeline_beats()) == len(CLICKS), timeout=30_000)
    beats = view.timeline_beats()
    assert max(abs(t / S - c) for t, c in zip(beats, CLICKS, strict=True)) <= 0.020
    # a tick is drawn at a beat on the music clip (and not between beats)
    item = view.clip_item("m")
    img = view.viewport().grab().toImage()
    lane_bottom = view.mapFromScene(item.mapToScene(QPointF(0, item.boundingRect().height()))).y()
    y = lane_bottom - 8

    def orange(x: int) -> bool:
        c = img.pixelColor(x, y)
        return c.red() > 200 and 90 < c.green() < 190 and c.blue() < 140

    bx = view.mapFromScene(QPointF(view.x_of(beats[1]), 0)).x()
    assert any(orange(x) for x in range(bx - 1, bx + 2))
    mid = view.mapFromScene(QPointF(view.x_of((beats[1] + beats[2]) // 2), 0)).x()
    assert not any(orange(x) for x in range(mid - 1, mid + 2))
    before = snapshot(win)
    win.timeline_panel.act_snap_beats.trigger()
    p2, p3 = clip(win, "p2"), clip(win, "p3")
    fps_frame = S / win.session.project.template.fps
    assert abs(p2.start_us - 1.9 * S) <= fps_frame and abs(p3.start_us - 4.1 * S) <= fps_frame
    assert clip(win, "p1").end_us == p2.start_us and p2.end_us == p3.start_us
    assert is_magnetic(win.session.project)
    assert clip(win, "v2").start_us == p2.start_us + 100_000  # the narration followed
    assert win.bridge.qstack.undoText() == "Snap cuts to beats"
    assert_undo_redo(win, before, snapshot(win))


def test_inspector_sound_box_fades_points_and_music_fit(win) -> None:
    view = win.timeline
    vp = view.viewport()
    box = win.inspector.sound_box
    QTest.mouseClick(  # select v3 by its body (below the volume line)
        vp,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        line_point(win, "v3", 700_000, 0.3),
    )
    assert view.selected == ["v3"] and box.isVisible()
    assert not box.music_fit.isVisible()
    before = snapshot(win)
    box.fade_in.setValue(0.25)
    box.fade_in.setValue(0.5)  # spin steps on the same fade: one undo step
    assert clip(win, "v3").fade_in_us == 500_000
    assert_undo_redo(win, before, snapshot(win))
    box.fade_out.setValue(1.4)  # with the 0.5 s fade-in longer than the 1.5 s clip: refused
    assert clip(win, "v3").fade_out_us == 0 and box.fade_out.value() == 0.0
    QTest.mouseDClick(
        vp,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        line_point(win, "v3", 800_000),
    )
    assert len(clip(win, "v3").volume_keys) == 1 and box.clear_points.isEnabled()
    box.clear_points.click()
    assert clip(win, "v3").volume_keys == [] and not box.clear_points.isEnabled()
    view.set_selection(["m"])
    assert box.isVisible() and box.music_fit.isVisible()
    s0 = snapshot(win)
    box.music_fit.setCurrentIndex(box.music_fit.findData("trim"))
    assert win.session.project.music_fit == "trim"
    win.act_undo.trigger()
    assert win.session.project.music_fit == "loop" and snapshot(win) == s0
    assert box.music_fit.currentData() == "loop"


def test_a_dragged_fade_is_heard_in_the_rendered_mix(win, tmp_path) -> None:
    """The fade drawn on the timeline is the fade the export's graph makes (voice alone)."""
    import av
    import ffmpeg
    import numpy as np

    from shortvid_desktop.core.serial import clone
    from shortvid_desktop.render.graph import audio_mix
    from shortvid_desktop.render.plan import compile_plan

    start = handle_point(win, "v1", "fade_in")
    press_drag(win, start, start + QPoint(100, 0))  # 1 s at 100 px/s
    assert abs(clip(win, "v1").fade_in_us - S) <= 20_000
    project = clone(win.session.project)
    project.timeline.tracks = [t for t in project.timeline.tracks if t.kind != "music"]
    plan = compile_plan(project)
    wav = tmp_path / "mix.wav"
    run_ffmpeg(ffmpeg.compile(ffmpeg.output(audio_mix(plan), str(wav), ac=1), cmd="x")[1:])
    with av.open(str(wav)) as c:
        pcm = np.concatenate([f.to_ndarray()[0] for f in c.decode(audio=0)]).astype(np.float64)
    rms = np.sqrt((pcm[: 48000 * 2].reshape(-1, 4800) ** 2).mean(axis=1))  # 0.1 s blocks
    ramp = rms[2:11]  # 0.2-1.1 s: v1 starts at 0.1 s and fades in over 1 s
    assert all(b > a for a, b in zip(ramp, ramp[1:], strict=False)), np.round(ramp, 4)
    assert rms[12] > 5 * rms[2]


def test_the_music_waveform_follows_the_loops_the_render_makes() -> None:
    from types import SimpleNamespace

    from shortvid_desktop.core.model import Asset, Project
    from shortvid_desktop.qt.timeline.audio import music_source_at

    p = Project()
    song = Asset(id="s", path="/m/s.wav", kind="audio", duration_us=4 * S)
    p.assets = {"s": song}
    p.timeline.ensure_track("music").clips.append(Clip(asset_id="s", duration_us=10 * S))
    view = SimpleNamespace(project=lambda: p)
    at = music_source_at(view, 0, 4 * S, 10 * S)  # 1 s crossfades: copies at 3 s and 6 s
    assert [at(t) for t in (0, 2_900_000, 3_000_000, 5_500_000, 6_500_000)] == [
        0,
        2_900_000,
        0,
        2_500_000,
        500_000,
    ]
    p.music_fit = "trim"
    at = music_source_at(view, S, 4 * S, 10 * S)
    assert at(2 * S) == 3 * S and at(3 * S) is None  # after the song: silence
    p.music_fit = "loop"
    at = music_source_at(view, 0, 4 * S, 3_500_000)  # shorter than the song: no loop
    assert at(3_200_000) == 3_200_000
