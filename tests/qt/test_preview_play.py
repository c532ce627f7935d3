"""Play in the preview panel: a proxy built in a job, played by QtMultimedia with the playhead
following; pause, seek, the end, an edit while playing, errors, no audio device."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtMultimedia import QMediaDevices, QMediaPlayer
from qt_helpers import timeline_session, wait_jobs

from shortvid_desktop.core.model import KenBurns
from shortvid_desktop.edits import ClipPropertyCommand
from shortvid_desktop.qt import preview_panel

PLAYING = QMediaPlayer.PlaybackState.PlayingState


def playing(preview) -> bool:
    player = preview.player()
    return player is not None and player.playbackState() == PLAYING


def test_play_plays_the_proxy_and_the_playhead_follows(make_window, qtbot, media) -> None:
    window = make_window(timeline_session(media))
    preview = window.preview
    window.playhead.set(2_500_000)
    window.act_play.trigger()
    assert preview.playing()
    qtbot.waitUntil(lambda: playing(preview), timeout=60_000)
    proxy = preview.last_proxy
    assert proxy is not None and proxy.has_audio
    assert proxy.start_us == 2_000_000  # from the piece that holds the playhead
    if QMediaDevices.audioOutputs():  # e.g. PulseAudio with a null sink
        assert preview.player().audioOutput() is not None
        assert "no audio device" not in preview.note.text().lower()
    else:
        assert "no audio device" in preview.note.text().lower()  # said, and it plays anyway
    start = window.playhead.position
    qtbot.waitUntil(lambda: window.playhead.position > start + 300_000, timeout=20_000)
    qtbot.waitUntil(lambda: preview.view.image is not None, timeout=10_000)
    assert preview.view.image.width() == 180  # frames from the proxy (a tiny canvas: full size)
    # the user moves the playhead while it plays: the player seeks there
    window.playhead.set(4_000_000)
    qtbot.waitUntil(lambda: preview.player().position() >= 1_900)
    assert window.playhead.position >= 4_000_000
    # ... or before what the proxy holds: the missing piece renders, then it plays on
    window.playhead.set(500_000)
    qtbot.waitUntil(lambda: preview.last_proxy.start_us == 0 and playing(preview), timeout=60_000)
    assert preview.last_proxy.rendered == 1  # only the first piece was missing
    qtbot.waitUntil(lambda: window.playhead.position > 600_000, timeout=20_000)
    # Pause: the player and the playhead stop
    window.act_play.trigger()
    assert not preview.playing()
    qtbot.waitUntil(lambda: not playing(preview), timeout=5_000)
    assert preview.player().playbackState() == QMediaPlayer.PlaybackState.PausedState
    wait_jobs(qtbot, window)


def test_playback_stops_at_the_end(make_window, qtbot, media) -> None:
    window = make_window(timeline_session(media))
    preview = window.preview
    total = window.session.project.timeline.duration_us
    window.playhead.set(total - 600_000)
    window.act_play.trigger()
    qtbot.waitUntil(lambda: playing(preview), timeout=60_000)
    qtbot.waitUntil(lambda: not preview.playing(), timeout=20_000)
    assert window.playhead.position == window.playhead.snapped(total)
    assert preview.play_button.text() == "Play"
    # Play at the end starts again from the beginning
    window.act_play.trigger()
    assert window.playhead.position == 0
    qtbot.waitUntil(lambda: playing(preview), timeout=60_000)
    window.act_play.trigger()
    wait_jobs(qtbot, window)


def test_an_edit_stops_playback_and_play_renders_only_the_change(make_window, qtbot, media) -> None:
    window = make_window(timeline_session(media))
    preview = window.preview
    window.act_play.trigger()
    qtbot.waitUntil(lambda: playing(preview), timeout=60_000)
    first = preview.last_proxy
    assert first.rendered > 0 and first.reused == 0  # a new project: all of it renders
    assert window.bridge.push(ClipPropertyCommand("c1", ken_burns=KenBurns("zoom_in", 0.3)))
    assert not preview.playing()  # what played is not the project any more
    qtbot.waitUntil(lambda: not playing(preview), timeout=5_000)
    assert "changed" in preview.note.text()
    window.playhead.set(0)
    window.act_play.trigger()
    qtbot.waitUntil(lambda: playing(preview) and preview.last_proxy is not first, timeout=60_000)
    again = preview.last_proxy
    assert (again.rendered, again.reused) == (1, first.rendered - 1)  # only the first picture
    window.act_play.trigger()
    wait_jobs(qtbot, window)


def test_pause_while_the_proxy_renders_cancels_it(make_window, qtbot, media) -> None:
    window = make_window(timeline_session(media))
    preview = window.preview
    window.act_play.trigger()
    job = preview._proxy_job
    assert job is not None and job in window.runner.visible_jobs()  # shown in the status bar
    window.act_play.trigger()
    assert job.cancelled and preview._proxy_job is None
    assert not preview.playing()
    wait_jobs(qtbot, window)
    assert preview.player() is None or not playing(preview)


def test_play_with_a_missing_file_says_so(make_window, qtbot, media, tmp_path: Path) -> None:
    window = make_window(timeline_session(media))
    preview = window.preview
    qtbot.waitUntil(lambda: not preview.busy(), timeout=30_000)
    pic = next(a for a in window.session.project.assets.values() if a.kind == "image")
    original = Path(pic.path)
    original.rename(tmp_path / "gone.png")
    try:
        window.act_play.trigger()
        assert not preview.playing()
        assert original.name in preview.last_error
        assert preview.note.text() == "Preview unavailable"
    finally:
        (tmp_path / "gone.png").rename(original)
    wait_jobs(qtbot, window)


def test_a_failed_proxy_is_reported(make_window, qtbot, media, monkeypatch) -> None:
    window = make_window(timeline_session(media))
    preview = window.preview

    def broken(self, start_us: int = 0):
        def run(progress, cancel):
            raise RuntimeError("disk full")

        return run

    monkeypatch.setattr(preview_panel.PreviewService, "proxy_job", broken)
    with qtbot.waitSignal(preview.playback_failed, timeout=30_000) as blocker:
        window.act_play.trigger()
    assert "disk full" in blocker.args[0]
    assert not preview.playing()
    assert preview.note.text() == "Playback failed"
    assert "disk full" in preview.view.placeholder
    wait_jobs(qtbot, window)


def test_without_qt_multimedia_the_playhead_runs_on_a_timer(
    make_window, qtbot, media, monkeypatch
) -> None:
    monkeypatch.setattr(preview_panel, "HAVE_MULTIMEDIA", False)
    window = make_window(timeline_session(media))
    preview = window.preview
    window.act_play.trigger()
    assert "Qt Multimedia" in preview.note.text()
    qtbot.waitUntil(lambda: window.playhead.position > 200_000, timeout=10_000)
    window.act_play.trigger()
    assert not preview.playing() and preview.player() is None
    wait_jobs(qtbot, window)
