"""Play in the preview panel: the pieces of the timeline render in the background (only those an
edit touched render again), Play plays the ready ones at once with the sound beside them and the
playhead following; pause, seek, the end, an edit while playing, errors, no Qt Multimedia.
(Instant playback after an edit and scrubbing: test_instant_playback.py.)"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaDevices, QMediaPlayer
from PySide6.QtTest import QTest
from qt_helpers import timeline_session, wait_jobs

from shortvid_desktop.core.model import KenBurns
from shortvid_desktop.edits import ClipPropertyCommand
from shortvid_desktop.qt import preview_panel
from shortvid_desktop.session import playback as session_playback

PLAYING = QMediaPlayer.PlaybackState.PlayingState


def playing(preview) -> bool:
    player = preview.player()
    return player is not None and player.playbackState() == PLAYING


def test_play_plays_the_pieces_and_the_playhead_follows(make_window, qtbot, media) -> None:
    window = make_window(timeline_session(media))
    preview = window.preview
    qtbot.waitUntil(preview.scheduler.idle, timeout=60_000)  # rendered in the background
    window.playhead.set(2_500_000)
    assert gc.isenabled()
    QTest.keyClick(preview.play_button, Qt.Key.Key_Space)  # Play
    assert preview.playing()
    assert not gc.isenabled()  # no collector passes in the middle of playback
    qtbot.waitUntil(lambda: playing(preview), timeout=30_000)  # the sound plays
    if QMediaDevices.audioOutputs():  # e.g. PulseAudio with a null sink
        assert preview.player().audioOutput() is not None
        assert "no audio device" not in preview.note.text().lower()
    else:
        assert "no audio device" in preview.note.text().lower()  # said, and it plays anyway
    start = window.playhead.position
    qtbot.waitUntil(lambda: window.playhead.position > start + 300_000, timeout=20_000)
    qtbot.waitUntil(lambda: preview.play_source == "piece", timeout=10_000)
    assert preview.view.image.width() == 180  # frames of the pieces (a tiny canvas: full size)
    # the user moves the playhead while it plays: playback goes on from there, sound too
    window.playhead.set(4_000_000)
    qtbot.waitUntil(lambda: preview.player().position() >= 3_900, timeout=10_000)
    assert window.playhead.position >= 4_000_000
    window.playhead.set(500_000)
    qtbot.waitUntil(lambda: 600_000 < window.playhead.position < 3_000_000, timeout=20_000)
    assert preview.scheduler.playback.rendered.count((0, 30)) == 1  # nothing rendered again
    # Pause: the sound and the playhead stop
    QTest.keyClick(preview.play_button, Qt.Key.Key_Space)
    assert not preview.playing()
    assert gc.isenabled()  # the collector is back
    qtbot.waitUntil(lambda: not playing(preview), timeout=5_000)
    assert preview.player().playbackState() == QMediaPlayer.PlaybackState.PausedState
    assert preview._feed is None  # the decoder is gone
    wait_jobs(qtbot, window)


def test_playback_stops_at_the_end(make_window, qtbot, media) -> None:
    window = make_window(timeline_session(media))
    preview = window.preview
    total = window.session.project.timeline.duration_us
    qtbot.waitUntil(preview.scheduler.idle, timeout=60_000)  # else it plays without sound
    window.playhead.set(total - 600_000)
    window.act_play.trigger()
    qtbot.waitUntil(lambda: playing(preview), timeout=60_000)
    qtbot.waitUntil(lambda: not preview.playing(), timeout=20_000)
    assert gc.isenabled()  # stopped by the end: the collector is back
    assert window.playhead.position == window.playhead.snapped(total)
    assert preview.play_button.text() == "Play"
    # Play at the end starts again from the beginning
    window.act_play.trigger()
    assert window.playhead.position == 0
    qtbot.waitUntil(lambda: playing(preview), timeout=60_000)
    window.act_play.trigger()
    wait_jobs(qtbot, window)


def test_an_edit_stops_playback_and_only_the_change_renders(make_window, qtbot, media) -> None:
    window = make_window(timeline_session(media))
    preview = window.preview
    qtbot.waitUntil(preview.scheduler.idle, timeout=60_000)
    rendered = list(preview.scheduler.playback.rendered)
    assert sorted(rendered) == [(0, 30), (30, 60), (60, 90)]  # a new project: all of it
    window.act_play.trigger()
    qtbot.waitUntil(lambda: playing(preview), timeout=60_000)
    assert window.bridge.push(ClipPropertyCommand("c1", ken_burns=KenBurns("zoom_in", 0.3)))
    assert not preview.playing()  # what played is not the project any more
    qtbot.waitUntil(lambda: not playing(preview), timeout=5_000)
    assert "changed" in preview.note.text()
    qtbot.waitUntil(preview.scheduler.idle, timeout=60_000)
    assert preview.scheduler.playback.rendered == [*rendered, (0, 30)]  # the first picture
    assert preview.scheduler.playback.sounds_rendered == 1  # the sound did not change
    window.playhead.set(0)
    window.act_play.trigger()
    qtbot.waitUntil(lambda: playing(preview), timeout=30_000)
    window.act_play.trigger()
    wait_jobs(qtbot, window)


def test_play_with_a_missing_file_says_so(make_window, qtbot, media, tmp_path: Path) -> None:
    window = make_window(timeline_session(media))
    preview = window.preview
    qtbot.waitUntil(lambda: not preview.busy(), timeout=30_000)
    pic = next(a for a in window.session.project.assets.values() if a.kind == "image")
    original = Path(pic.path)
    original.rename(tmp_path / "gone.png")
    try:
        window.bridge.push(ClipPropertyCommand("c2", ken_burns=KenBurns("zoom_in", 0.2)))
        window.act_play.trigger()
        assert not preview.playing()
        assert original.name in preview.last_error
        assert preview.note.text() == "Preview unavailable"
    finally:
        (tmp_path / "gone.png").rename(original)
    wait_jobs(qtbot, window)


def test_a_failed_piece_is_reported(make_window, qtbot, media, monkeypatch) -> None:
    def broken(self, pmap, piece):
        def run(progress, cancel):
            raise RuntimeError("disk full")

        return run

    monkeypatch.setattr(session_playback.Playback, "piece_job", broken)
    window = make_window(timeline_session(media))
    preview = window.preview
    with qtbot.waitSignal(preview.playback_failed, timeout=30_000) as blocker:
        window.act_play.trigger()
        qtbot.waitUntil(lambda: preview.scheduler.map is not None, timeout=30_000)
    assert "disk full" in blocker.args[0]
    assert not preview.playing()
    assert preview.note.text() == "Playback failed"
    assert "disk full" in preview.view.placeholder
    wait_jobs(qtbot, window)


def test_without_qt_multimedia_it_plays_without_sound(
    make_window, qtbot, media, monkeypatch
) -> None:
    monkeypatch.setattr(preview_panel, "HAVE_MULTIMEDIA", False)
    window = make_window(timeline_session(media))
    preview = window.preview
    window.act_play.trigger()
    assert "Qt Multimedia" in preview.note.text()
    qtbot.waitUntil(lambda: window.playhead.position > 200_000, timeout=30_000)
    window.act_play.trigger()
    assert not preview.playing() and preview.player() is None
    wait_jobs(qtbot, window)
