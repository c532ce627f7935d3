"""Instant playback in the window (see ``session/playback.py``).

``PieceScheduler`` keeps the proxy pieces of the project as it is now: each edit (the undo
stack's change events) makes the current cut stale; 150 ms after the last one the new plan is cut
into keyed pieces (a quiet job), and the pieces missing from the cache render one job each,
nearest the playhead first, at most two at a time (one while playing) on a pool of its own, so
the window's other jobs never queue behind them. A running piece whose key the new cut no longer
has is cancelled; one it still has finishes and is used. Sound renders again only when the audio
changed.

``PlaybackMixin`` is the preview panel's Play: it starts at once. A clock (the sound player's
position when there is sound) moves the playhead; a ``FrameFeed`` decodes the ready pieces ahead
on a worker and each tick shows the newest frame due. Where a piece is not ready yet the panel
shows quick composed frames at the pieces' size (latest wins) until it lands, then the feed goes
on with it. Scrubbing shows the nearest ready small frame in the same event and the exact
composed frame when it has rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QObject, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from ..session.playback import FrameFeed, Playback, PlayMap, StripFrame
from ..session.preview import PreviewService
from .jobs import JobRunner, QtJob, hold_collector

if TYPE_CHECKING:
    from .preview_panel import PreviewPanel

DEBOUNCE_MS = 150
SCRUB_EXACT_MS = 30  # the exact frame is asked for once the playhead rests this long
QUICK_EVERY_MS = 250  # quick frames while a piece renders: at most four a second
RESYNC_US = 80_000
SYNC_AFTER_MS = 300  # the clock follows the sound when they drift further apart than this


class PieceScheduler(QObject):
    """Renders the current project's proxy pieces in the background as edits land."""

    layout_ready = Signal(object)  # PlayMap
    piece_ready = Signal(str)  # piece key
    sound_ready = Signal(object)  # Path
    failed = Signal(str)

    def __init__(self, service: Callable[[], PreviewService], parent: QObject | None = None):
        super().__init__(parent)
        self._service = service
        self.pool = QThreadPool(self)
        # two pieces, the sound, the playing feed and a new cut: a cut never waits for a thread
        self.pool.setMaxThreadCount(5)
        self.runner = JobRunner(self, pool=self.pool)
        self.playback: Playback | None = None
        self.map: PlayMap | None = None
        self.files: set[str] = set()
        self.sound: Path | None = None
        self.focus_f = 0
        self.playing = False
        self.failed_keys: set[str] = set()
        self._gen = 0
        self._layout_job: QtJob | None = None
        self._pieces: dict[str, QtJob] = {}
        self._sound_job: QtJob | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._start_layout)

    # ------------------------------------------------------------------ state
    def _playback(self) -> Playback:
        if self.playback is None:
            self.playback = Playback()
        return self.playback

    def invalidate(self) -> None:
        """The project changed: the current cut is stale; a new one is made shortly."""
        self._gen += 1
        self.map = None
        self.sound = None
        self.failed_keys.clear()
        if self._layout_job is not None:
            self._layout_job.cancel()
            self._layout_job = None
        self._debounce.start()

    def cancel_all(self) -> None:
        """Stop everything (another project, or closing); nothing restarts by itself."""
        self._gen += 1
        self._debounce.stop()
        self.map = None
        self.sound = None
        self.runner.shutdown()  # cancelled, and their late results cut off
        self._layout_job = None
        self._pieces.clear()
        self._sound_job = None

    def shutdown(self) -> None:
        self.cancel_all()
        self.runner.shutdown()
        self.pool.waitForDone(10_000)
        if self.playback is not None:
            self.playback.close()

    def flush(self) -> None:
        """Cut the plan now if an edit is waiting for it (Play does not wait for the debounce).
        Raises what compiling the plan raises (e.g. a missing file)."""
        if self.map is None and self._layout_job is None:
            self._debounce.stop()
            self._start_layout(raise_errors=True)

    def set_focus(self, f: int) -> None:
        self.focus_f = f

    def set_playing(self, on: bool) -> None:
        self.playing = on
        self._pump()

    def idle(self) -> bool:
        """Everything of the current cut is ready (or failed): nothing left to render."""
        m = self.map
        if m is None or self._pieces or self._sound_job is not None:
            return False
        if self._debounce.isActive() or self._layout_job is not None:
            return False
        strips = self._playback().strips
        for p in m.pieces:
            if p.key in self.failed_keys:
                continue
            if p.key not in self.files or not strips.has(p.key):
                return False
        return not m.sound_key or self.sound is not None or m.sound_key in self.failed_keys

    def nearest_frame(self, t_us: int) -> StripFrame | None:
        m = self.map
        if m is None or self.playback is None:
            return None
        return self.playback.strips.nearest(m, m.frame_of(t_us))

    # ------------------------------------------------------------------ jobs
    def _start_layout(self, raise_errors: bool = False) -> None:
        owner = self.parent()
        if not raise_errors and isinstance(owner, QWidget) and not owner.isVisible():
            return  # closed (or never shown): nothing to prepare for; Play asks again
        try:
            service = self._service()  # (a new one asks for a cut again: this is it)
            self._debounce.stop()
            key, plan = service.current_plan()
        except Exception as exc:  # e.g. a missing media file: said, not raised
            if raise_errors:
                raise
            self.failed.emit(str(exc))
            return
        if plan.frames <= 0:
            return
        gen = self._gen
        job = QtJob(
            self.tr("Preparing playback"), self._playback().layout_job(key, plan), quiet=True
        )
        job.signals.succeeded.connect(lambda m, g=gen: self._on_layout(m, g))
        job.signals.failed.connect(lambda msg, g=gen: self._on_layout_failed(msg, g))
        self._layout_job = job
        self.runner.start(job)

    def _on_layout_failed(self, message: str, gen: int) -> None:
        if gen == self._gen:
            self._layout_job = None
            self.failed.emit(message)

    def _on_layout(self, pmap: PlayMap, gen: int) -> None:
        if gen != self._gen:
            return
        self._layout_job = None
        self.map = pmap
        self.files = set(pmap.on_disk)
        self.sound = pmap.sound_path if pmap.sound_on_disk else None
        keys = {p.key for p in pmap.pieces}
        for key, job in list(self._pieces.items()):
            if key not in keys:  # stale work: the project no longer has that piece
                job.cancel()
                del self._pieces[key]
        if self._sound_job is not None and getattr(self._sound_job, "sound_key", "") != (
            pmap.sound_key
        ):
            self._sound_job.cancel()
            self._sound_job = None
        self.layout_ready.emit(pmap)
        self._pump()

    def _order(self, pmap: PlayMap) -> list[int]:
        i0 = pmap.index_at(min(max(0, self.focus_f), pmap.frames - 1))
        return [*range(i0, len(pmap.pieces)), *range(i0 - 1, -1, -1)]

    def _pump(self) -> None:
        m = self.map
        if m is None:
            return
        if (
            m.sound_key
            and self.sound is None
            and self._sound_job is None
            and m.sound_key not in self.failed_keys
        ):
            self._start_sound(m)  # first, and beside the pieces: quick frames stand in for
            # a missing piece, nothing stands in for the sound
        limit = 1 if self.playing else 2
        strips = self._playback().strips
        for i in self._order(m):
            if len(self._pieces) >= limit:
                return
            piece = m.pieces[i]
            if piece.key in self._pieces or piece.key in self.failed_keys:
                continue
            if piece.key in self.files and strips.has(piece.key):
                continue
            self._start_piece(m, piece.key)

    def _start_piece(self, pmap: PlayMap, key: str) -> None:
        piece = next(p for p in pmap.pieces if p.key == key)
        job = QtJob(
            self.tr("Preparing playback"), self._playback().piece_job(pmap, piece), quiet=True
        )
        job.signals.succeeded.connect(lambda k, j=job: self._on_piece(k, j))
        job.signals.failed.connect(lambda msg, k=key, j=job: self._on_piece_failed(k, msg, j))
        job.signals.cancelled.connect(lambda k=key, j=job: self._forget(k, j))
        self._pieces[key] = job
        self.runner.start(job)

    def _forget(self, key: str, job: QtJob) -> None:
        if self._pieces.get(key) is job:
            del self._pieces[key]
            self._pump()

    def _on_piece(self, key: str, job: QtJob) -> None:
        if self._pieces.get(key) is job:
            del self._pieces[key]
        if self.map is not None and any(p.key == key for p in self.map.pieces):
            self.files.add(key)
            self.piece_ready.emit(key)
        self._pump()

    def _on_piece_failed(self, key: str, message: str, job: QtJob) -> None:
        if self._pieces.get(key) is job:
            del self._pieces[key]
            self.failed_keys.add(key)
            self.failed.emit(message)
        self._pump()

    def _start_sound(self, pmap: PlayMap) -> None:
        job = QtJob(self.tr("Preparing playback"), self._playback().sound_job(pmap), quiet=True)
        job.sound_key = pmap.sound_key  # type: ignore[attr-defined]
        job.signals.succeeded.connect(lambda path, j=job: self._on_sound(path, j))
        job.signals.failed.connect(lambda msg, j=job: self._on_sound_failed(msg, j))
        job.signals.cancelled.connect(lambda j=job: self._on_sound_cancelled(j))
        self._sound_job = job
        self.runner.start(job)

    def _on_sound(self, path: Path, job: QtJob) -> None:
        if self._sound_job is not job:
            return
        self._sound_job = None
        if self.map is not None and self.map.sound_key == job.sound_key:  # type: ignore[attr-defined]
            self.sound = path
            self.sound_ready.emit(path)
        self._pump()

    def _on_sound_failed(self, message: str, job: QtJob) -> None:
        if self._sound_job is job:
            self._sound_job = None
            self.failed_keys.add(job.sound_key)  # type: ignore[attr-defined]
            self.failed.emit(message)
            self._pump()

    def _on_sound_cancelled(self, job: QtJob) -> None:
        if self._sound_job is job:
            self._sound_job = None
            self._pump()


def strip_image(frame: StripFrame) -> QImage:
    return QImage(
        frame.rgb, frame.width, frame.height, frame.width * 3, QImage.Format.Format_RGB888
    ).copy()


class PlaybackMixin:
    """Play, the playing clock, the frame feed, the sound and scrubbing for ``PreviewPanel``."""

    def _init_playback(self: PreviewPanel) -> None:
        self.scheduler = PieceScheduler(self._service, self)
        self.scheduler.layout_ready.connect(self._on_layout_ready)
        self.scheduler.piece_ready.connect(self._on_piece_ready)
        self.scheduler.sound_ready.connect(self._on_sound_ready)
        self.scheduler.failed.connect(self._on_pieces_failed)
        self.pieces_error = ""  # why the last piece, sound or cut could not be made
        self._feed: FrameFeed | None = None
        self._feed_job: QtJob | None = None
        self._player = None  # QMediaPlayer of the sound track, made on the first Play
        self._audio = None  # QAudioOutput (None while there is no audio device)
        self._seek_on_load: int | None = None  # ms to start the sound at once it is loaded
        self._started = False  # the playing clock runs (after Play's first frame)
        self._quick_clock = QElapsedTimer()
        self.frames_played = 0  # frames shown by this Play (pieces and quick frames)
        self.play_source = ""  # where the last frame shown while playing came from
        self.strip_frames_shown = 0
        self._strip_t: int | None = None  # the playhead when a small frame went up
        self._exact_timer = QTimer(self)
        self._exact_timer.setSingleShot(True)
        self._exact_timer.setInterval(SCRUB_EXACT_MS)
        self._exact_timer.timeout.connect(lambda: self.request())
        if self.session().project.timeline.duration_us > 0:
            self.scheduler.invalidate()  # the pieces of the project opened, in the background

    # ------------------------------------------------------------------ scrubbing
    def _scrub_to(self: PreviewPanel, t: int) -> None:
        """The nearest ready small frame now; the exact one once the playhead rests."""
        self.scheduler.set_focus(self._frame_index(t))
        frame = self.scheduler.nearest_frame(t)
        if frame is not None:
            self._strip_t = t
            self.strip_frames_shown += 1
            self.view.set_image(strip_image(frame))
            if self._job is not None and self._job_t != t:
                self._job.cancel()  # stale: a small frame of here is up already
        self._exact_timer.start()

    def _frame_index(self: PreviewPanel, t: int) -> int:
        return max(0, (t + 1) * max(1, self.playhead.fps) // 1_000_000)

    # ------------------------------------------------------------------ Play
    def _play_on(self: PreviewPanel) -> None:
        try:
            self.scheduler.flush()
        except Exception as exc:  # noqa: BLE001 - e.g. a missing media file: shown, not raised
            self.play_button.setChecked(False)
            self._show_error(str(exc))
            return
        self.frames_played = 0
        self.play_source = ""
        hold_collector(self, True)
        self._exact_timer.stop()
        self._quick_clock.invalidate()  # the first quick frame at once
        self._play_from = self.playhead.position
        self._started = False  # the clock starts with the first frame (a piece's or a quick one)
        self._play_timer.start(max(10, 1000 // max(1, self.playhead.fps)))
        self.scheduler.set_focus(self._frame_index(self._play_from))
        self.scheduler.set_playing(True)
        if self.scheduler.map is not None:
            self._start_feed()
        self.note.setText(self._sound_note())

    def _begin_clock(self: PreviewPanel) -> None:
        self._started = True
        self._clock.start()
        self.playback_started.emit()
        self._start_sound()

    def _play_off(self: PreviewPanel) -> None:
        hold_collector(self, False)
        self._play_timer.stop()
        self.scheduler.set_playing(False)
        self._stop_feed()
        self._seek_on_load = None
        if self._player is not None and self._player.isPlaying():
            self._player.pause()

    def _sound_note(self: PreviewPanel) -> str:
        from .preview_panel import HAVE_MULTIMEDIA

        if not HAVE_MULTIMEDIA:
            return self.tr("No sound: Qt Multimedia is not installed")
        m = self.scheduler.map
        if m is not None and not m.sound_key:
            return ""
        return self.tr("Preparing sound…")

    def _now(self: PreviewPanel) -> int:
        if not self._started:
            return self._play_from
        return self._play_from + int(self._clock.elapsed() * 1000 * self.rate)

    def _jump(self: PreviewPanel, t: int) -> None:
        """While playing: go on from ``t`` (a seek, or round again at the loop's In)."""
        self._play_from = t
        if self._started:
            self._clock.restart()
        self._follow(t)
        m = self.scheduler.map
        if self._feed is not None and m is not None:
            self._feed.seek(m.frame_of(t))
        self.scheduler.set_focus(self._frame_index(t))
        if self._player is not None and self._player.isPlaying():
            self._player.setPosition(t // 1000)

    def _follow(self: PreviewPanel, t: int) -> None:
        self._following = True
        try:
            self.playhead.set(t)
        finally:
            self._following = False

    def _on_play_tick(self: PreviewPanel) -> None:
        t = self._now()
        total = self.session().project.timeline.duration_us
        loop = self.loop_range()
        # (the frame shown is the nearest one: half a frame before Out already shows Out's)
        if loop is not None and self.playhead.snapped(t) >= loop[1]:
            self._jump(loop[0])  # round again from In
            return
        if t >= total:
            self._follow(total)
            self.play_button.setChecked(False)
            return
        heard = self._sync_to_sound(t)
        if heard != t and (
            loop is None or loop[0] <= heard and self.playhead.snapped(heard) < loop[1]
        ):
            self._play_from, t = heard, heard  # the clock follows the sound
            self._clock.restart()
        self._follow(t)
        m, feed = self.scheduler.map, self._feed
        if m is None or feed is None:
            self._quick_frame(t)
            return
        got = feed.take(m.frame_of(t))
        if got is not None:
            f, rgb = got
            image = QImage(rgb, m.width, m.height, m.width * 3, QImage.Format.Format_RGB888)
            self._show_played(image.copy(), "piece")
        elif not feed.is_ready(m.frame_of(t)):
            self._quick_frame(t)

    def _sync_to_sound(self: PreviewPanel, t: int) -> int:
        player = self._player
        if player is None or self._seek_on_load is not None or not self._started:
            return t  # (no player without Qt Multimedia: nothing imported from it then)
        from PySide6.QtMultimedia import QMediaPlayer

        if self._clock.elapsed() < SYNC_AFTER_MS:
            return t  # just started or moved: the player reports its old position a while
        if player.playbackState() != QMediaPlayer.PlaybackState.PlayingState:
            return t
        heard = player.position() * 1000
        return heard if heard > 0 and abs(heard - t) > RESYNC_US else t

    def _quick_frame(self: PreviewPanel, t: int) -> None:
        """A composed frame at the pieces' size while the piece is not ready (latest wins; a
        few a second, so the piece's own render keeps the CPU)."""
        if self._job is None and (
            not self._quick_clock.isValid() or self._quick_clock.elapsed() >= QUICK_EVERY_MS
        ):
            self._quick_clock.start()
            m = self.scheduler.map
            self.request(t, scale=m.scale if m is not None else min(0.25, self.scale()))

    def _show_played(self: PreviewPanel, image: QImage, source: str) -> None:
        self.frames_played += 1
        self.play_source = source
        self._strip_t = None
        self.view.set_image(image)
        if not self._started:
            self._begin_clock()

    # ------------------------------------------------------------------ the feed
    def _start_feed(self: PreviewPanel) -> None:
        m = self.scheduler.map
        if m is None or self._feed is not None:
            return
        feed = FrameFeed(m, set(self.scheduler.files), m.frame_of(self.playhead.position))
        job = QtJob(self.tr("Playback"), feed.run, quiet=True)
        self._feed, self._feed_job = feed, job
        self.scheduler.runner.start(job)

    def _stop_feed(self: PreviewPanel) -> None:
        if self._feed is not None:
            self._feed.close()
        if self._feed_job is not None:
            self._feed_job.cancel()
        self._feed = self._feed_job = None

    def _on_layout_ready(self: PreviewPanel, _pmap: PlayMap) -> None:
        if self.playing():
            self._start_feed()
            self._start_sound()

    def _on_pieces_failed(self: PreviewPanel, message: str) -> None:
        self.pieces_error = message
        if self.playing():
            self._playback_failed(message)

    def _on_piece_ready(self: PreviewPanel, key: str) -> None:
        if self._feed is not None:
            self._feed.mark_ready(key)

    # ------------------------------------------------------------------ the sound
    def _on_sound_ready(self: PreviewPanel, _path: Path) -> None:
        if self.playing():
            self._start_sound()

    def _start_sound(self: PreviewPanel) -> bool:
        """Play the sound track from the playhead; False while there is none to play yet."""
        from .preview_panel import HAVE_MULTIMEDIA

        path = self.scheduler.sound
        if not HAVE_MULTIMEDIA or path is None or not self.playing() or not self._started:
            return False
        self._ensure_player()
        from PySide6.QtMultimedia import QMediaDevices

        self.note.setText(
            ""
            if QMediaDevices.audioOutputs()
            else self.tr("No audio device: playing without sound")
        )
        url = QUrl.fromLocalFile(str(path))
        player = self._player
        self._seek_on_load = 0
        if player.source() != url or not _loaded(player):
            player.setSource(url)  # plays from the playhead once loaded (_on_media_status)
        QTimer.singleShot(0, self._start_when_loaded)
        return True

    def _start_when_loaded(self: PreviewPanel) -> None:
        player, path = self._player, self.scheduler.sound
        if player is None or path is None or self._seek_on_load is None:
            return
        if player.source() != QUrl.fromLocalFile(str(path)) or not _loaded(player):
            return  # not yet: _on_media_status calls again
        self._seek_on_load = None
        if self.playing():
            t = self._now()
            player.setPosition(t // 1000)
            player.setPlaybackRate(self.rate)
            player.play()

    def _ensure_player(self: PreviewPanel) -> None:
        from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

        if self._player is None:
            self._player = QMediaPlayer(self)
            self._player.mediaStatusChanged.connect(self._on_media_status)
            self._player.errorOccurred.connect(self._on_player_error)
        if self._audio is None and QMediaDevices.audioOutputs():
            self._audio = QAudioOutput(self)
            self._player.setAudioOutput(self._audio)

    def _on_media_status(self: PreviewPanel, status) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._seek_on_load is not None:
            QTimer.singleShot(0, self._start_when_loaded)
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._on_player_error(None, self._player.errorString())

    def _on_player_error(self: PreviewPanel, _error, message: str) -> None:
        if message:
            self._playback_failed(message)

    def _playback_failed(self: PreviewPanel, message: str) -> None:
        self.stop()
        self._refresh_timer.stop()  # the message stays until the playhead moves or an edit
        text = self.tr("Playback failed: {0}").format(message)
        self._show_error(text)
        self.note.setText(self.tr("Playback failed"))
        self.playback_failed.emit(text)


def _loaded(player) -> bool:
    """The player's media is loaded (it can seek and play)."""
    from PySide6.QtMultimedia import QMediaPlayer

    status = player.mediaStatus()
    return status in (
        QMediaPlayer.MediaStatus.LoadedMedia,
        QMediaPlayer.MediaStatus.BufferingMedia,
        QMediaPlayer.MediaStatus.BufferedMedia,
        QMediaPlayer.MediaStatus.EndOfMedia,
    )


__all__ = ["PieceScheduler", "PlaybackMixin", "strip_image"]
