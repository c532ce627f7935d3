"""Timeline bugs a creator met (issue 10): trimming the end of a clip that crossfades into the
next, ripple delete keeping every track in step, music on the Music track, the time label's
total. Gestures are QTest events on the timeline's viewport. Clips: c1 0-2 s and c2 2-4 s
(video), c3 5-6 s (audio)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from qt_helpers import assert_undo_redo, clip, drag, pos, snapshot, timeline_session, wait_jobs

from shortvid_desktop.core.timebase import fmt_time
from shortvid_desktop.session.editing import transition_commands


def crossfade_session(media):
    """c1 crossfades into c2 over 0.6 s: c1 0-2.6 s, c2 2-4 s (a fade in)."""
    s = timeline_session(media)
    with s.stack.transaction("Fade"):
        for cmd in transition_commands(s.project, "c2", "fade", 600_000):
            s.stack.push(cmd)
    s.stack.clear()
    return s


@pytest.fixture
def fade_win(make_window, media, qtbot):
    w = make_window(crossfade_session(media))
    w.timeline.set_zoom(60.0)  # 60 px per second
    w.timeline.horizontalScrollBar().setValue(0)
    w.timeline.verticalScrollBar().setValue(0)
    w.timeline.setFocus()
    yield w
    wait_jobs(qtbot, w)


# ----------------------------------------------------------------- a. trim inside a crossfade
def test_end_of_a_clip_that_crossfades_into_the_next_can_be_trimmed(fade_win) -> None:
    w = fade_win
    assert (clip(w, "c1").end_us, clip(w, "c2").start_us) == (2_600_000, 2_000_000)
    before = snapshot(w)
    # c1's end (x=156) lies inside c2, which is drawn on top: grab it and pull it to 2.2 s
    drag(w, pos(w, 2_600_000) - QPoint(2, 0), pos(w, 2_200_000) - QPoint(2, 0))
    c1, c2 = clip(w, "c1"), clip(w, "c2")
    assert c2.start_us == 2_000_000 and c2.end_us == 4_000_000  # the next clip did not move
    assert c1.end_us == pytest.approx(2_200_000, abs=20_000)  # the edge followed the mouse
    assert c2.transition_in.kind == "fade"  # the crossfade follows the new overlap
    assert c2.transition_in.duration_us == c1.end_us - c2.start_us
    assert w.timeline.selected == ["c1"]
    assert w.act_undo.text().endswith("Trim clip")
    assert_undo_redo(w, before, snapshot(w))

    # pulled out again: a longer crossfade
    w.act_undo.trigger()
    drag(w, pos(w, 2_600_000) - QPoint(2, 0), pos(w, 3_000_000) - QPoint(2, 0))
    c1, c2 = clip(w, "c1"), clip(w, "c2")
    assert c2.start_us == 2_000_000
    assert c1.end_us == pytest.approx(3_000_000, abs=20_000)
    assert c2.transition_in.duration_us == c1.end_us - 2_000_000
    w.act_undo.trigger()

    # pulled back before the next clip's start: no overlap is left, so a cut (one step),
    # and the magnetic track closes the gap (issue 15)
    drag(w, pos(w, 2_600_000) - QPoint(2, 0), pos(w, 1_500_000) - QPoint(2, 0))
    c1, c2 = clip(w, "c1"), clip(w, "c2")
    assert c1.end_us == pytest.approx(1_500_000, abs=20_000) and c2.start_us == c1.end_us
    assert c2.transition_in.kind == "cut"
    assert_undo_redo(w, before, snapshot(w))
    w.act_undo.trigger()

    # the body of the clip on top still moves it (to the start of the magnetic track: the
    # first clip has no crossfade)
    drag(w, pos(w, 3_000_000), pos(w, 200_000))
    c1, c2 = clip(w, "c1"), clip(w, "c2")
    assert (c2.start_us, c1.start_us, c1.end_us) == (0, 2_000_000, 4_600_000)
    assert c2.transition_in.kind == "cut"


def test_start_of_the_incoming_clip_still_trims_and_moves_the_crossfade(fade_win) -> None:
    w = fade_win
    before = snapshot(w)
    # c2's start (x=120) is inside c1 too: it is c2's edge that is grabbed
    drag(w, pos(w, 2_000_000) + QPoint(2, 0), pos(w, 2_200_000) + QPoint(2, 0))
    c1, c2 = clip(w, "c1"), clip(w, "c2")
    assert c1.end_us == 2_600_000 and c2.end_us == 4_000_000
    assert c2.start_us == pytest.approx(2_200_000, abs=20_000)
    assert c2.transition_in.duration_us == 2_600_000 - c2.start_us
    assert_undo_redo(w, before, snapshot(w))


# ----------------------------------------------------------------- c. ripple delete
def scenes_session(media):
    """The timeline session plus narration, text and music: v1 0.2-1.8 s and v2 2.2-3.8 s
    (voice), t1 0-2 s and t2 2-4 s (text), m1 0-4 s (music)."""
    from shortvid_desktop.core.model import Clip
    from shortvid_desktop.edits import ClipAddCommand, TrackAddCommand

    s = timeline_session(media)
    tone = next(a for a in s.project.assets.values() if a.kind == "audio")
    with s.stack.transaction("More tracks"):
        s.stack.push(TrackAddCommand("voice", "Voice", track_id="tr_vo"))
        s.stack.push(TrackAddCommand("overlay", "Text", track_id="tr_t"))
        s.stack.push(TrackAddCommand("music", "Music", track_id="tr_m"))
        for cid, track, start, length, text in (
            ("v1", "tr_vo", 200_000, 1_600_000, "One"),
            ("v2", "tr_vo", 2_200_000, 1_600_000, "Two"),
            ("t1", "tr_t", 0, 2_000_000, "First"),
            ("t2", "tr_t", 2_000_000, 2_000_000, "Second"),
            ("m1", "tr_m", 0, 4_000_000, ""),
        ):
            asset_id = tone.id if track != "tr_t" else ""
            s.stack.push(
                ClipAddCommand(
                    track,
                    Clip(id=cid, asset_id=asset_id, start_us=start, duration_us=length, text=text),
                )
            )
    s.stack.clear()
    return s


def test_ripple_delete_keeps_every_track_with_its_pictures(make_window, media, qtbot) -> None:
    w = make_window(scenes_session(media))
    w.timeline.set_zoom(60.0)
    w.timeline.horizontalScrollBar().setValue(0)
    w.timeline.verticalScrollBar().setValue(0)
    w.timeline.setFocus()
    qtbot.waitUntil(w.isActiveWindow)  # the window takes key events once it is active
    before = snapshot(w)
    vp, no_mods = w.timeline.viewport(), Qt.KeyboardModifier.NoModifier
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, no_mods, pos(w, 1_000_000))
    assert w.timeline.selected == ["c1"]
    QTest.keyClick(w.timeline, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    assert clip(w, "c1") is None and clip(w, "c2").start_us == 0
    # the narration and text of the second picture moved with it; those of the first went
    assert clip(w, "v2").start_us == 200_000 and clip(w, "t2").start_us == 0
    assert clip(w, "v1") is None and clip(w, "t1") is None
    assert clip(w, "c3").start_us == 3_000_000  # a later sound moved too
    assert (clip(w, "m1").start_us, clip(w, "m1").end_us) == (0, 4_000_000)  # music stays
    assert w.act_undo.text().endswith("Ripple delete clip")
    assert_undo_redo(w, before, snapshot(w))
    wait_jobs(qtbot, w)


# ----------------------------------------------------------------- d. the time label's total
def test_time_label_shows_the_duration_after_open_edits_undo_and_redo(
    make_window, media, qtbot, tmp_path
) -> None:
    path = timeline_session(media).save_file(tmp_path / "six_seconds.json")
    w = make_window()
    label = w.preview.time_label
    assert label.text().endswith("/ 00:00.000")  # a new, empty project
    assert w.open_project(str(path))
    assert label.text() == "00:00.000 / 00:06.000"  # c3 ends at 6 s
    w.timeline.set_zoom(60.0)
    w.timeline.horizontalScrollBar().setValue(0)
    w.timeline.verticalScrollBar().setValue(0)
    drag(w, pos(w, 5_500_000, "audio"), pos(w, 6_500_000, "audio"))  # c3 to 6-7 s
    assert clip(w, "c3").end_us == 7_000_000
    assert label.text().endswith("/ 00:07.000")
    w.act_undo.trigger()
    assert label.text().endswith("/ 00:06.000")
    w.act_redo.trigger()
    assert label.text().endswith("/ 00:07.000")
    w.new_project()
    assert label.text() == "00:00.000 / 00:00.000"
    wait_jobs(qtbot, w)


# ----------------------------------------------------------------- b. imported music is used
def test_voice_and_lay_out_lays_the_imported_music_and_says_which(window, qtbot, media) -> None:
    song = media.audio("tb_song.wav", seconds=3.0)
    with qtbot.waitSignal(window.import_finished, timeout=30_000):
        window.import_paths([str(media.image("tb_pic.png")), str(song)])
    with qtbot.waitSignal(window.build.script_ready, timeout=30_000):
        window.build.split_text("A short line to speak. And one more.", "en")
    button = window.scenes_panel.build_button
    qtbot.waitUntil(button.isEnabled)
    with qtbot.waitSignal(window.build.built, timeout=120_000):
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    project = window.session.project
    music = project.timeline.track("music")
    assert music is not None and len(music.clips) == 1
    assert project.assets[music.clips[0].asset_id].path == str(song)
    assert "tb_song.wav" in window.messages.toPlainText()  # the user is told which
    # the time label's total is the new timeline's length
    total = fmt_time(project.timeline.duration_us)
    assert window.preview.time_label.text().endswith(f"/ {total}") and total != "00:00.000"
    wait_jobs(qtbot, window)
