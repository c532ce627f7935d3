"""Preview: the composed frame at the playhead, rendered like the export, off the GUI thread.

Frames come from ``PreviewService`` (the export's own compiler at preview scale). One frame job
runs at a time; while it runs only the newest request is kept (latest-request-wins), so
scrubbing never queues stale work.

Play builds a low-resolution proxy of the timeline from the playhead on in a job (only the pieces
an edit touched render again; see session/proxies.py), then plays it with sound through
QtMultimedia, the playhead following the player. Moving the playhead while it plays seeks; an
edit stops playback (press Play again: only what changed renders). With no audio device the
video still plays, silently, and the panel says so. Without the Qt Multimedia module
(PySide6-Essentials alone) the playhead runs on a timer and the preview shows frames as fast as
they render, without sound.

The shuttle keys: L plays forward, and pressed again while playing doubles the speed (2x, 4x);
J runs the playhead backward at 1x, 2x, 4x (the player cannot play backward, so J scrubs: the
preview shows each composed frame as it renders, latest wins); K stops both. Left/Right step one
frame (at the project's rate). I and O set In and Out points; with Loop on, playback between
them starts again at In when it reaches Out (and J wraps from In back to Out).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QEvent, QRectF, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.timebase import US_PER_SECOND, fmt_time
from ..session import Session
from ..session.preview import PreviewService
from ..session.proxies import Proxy
from .drops import FileDrops
from .jobs import JobRunner, QtJob
from .state import Playhead
from .undo import UndoBridge

# QtMultimedia ships in PySide6-Addons, not in PySide6-Essentials; imported when Play is pressed
HAVE_MULTIMEDIA = importlib.util.find_spec("PySide6.QtMultimedia") is not None

PREVIEW_MAX_HEIGHT = 960
REFRESH_MS = 120


class FrameView(QWidget):
    """Paints the current frame, letterboxed, keeping its aspect ratio."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.placeholder = ""
        self.setMinimumSize(160, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#111216"))
        if self.image is not None and not self.image.isNull():
            iw, ih = self.image.width(), self.image.height()
            s = min(self.width() / iw, self.height() / ih)
            w, h = iw * s, ih * s
            target = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawImage(target, self.image)
        elif self.placeholder:
            p.setPen(QColor("#8a8b93"))
            p.drawText(
                self.rect().adjusted(12, 12, -12, -12),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.placeholder,
            )
        p.end()


class SteadyLabel(QLabel):
    """A one-line label whose text changes never re-lay out the window: its size comes from
    ``sample`` (not from the text), it paints the text itself, eliding what does not fit (the
    whole text is its tooltip). Play's notes and the running time must not reflow the docks or
    widen the window (each relayout of the docks moves their splitters a few pixels)."""

    def __init__(self, sample: str, parent: QWidget | None = None, expanding: bool = False):
        super().__init__(parent)
        self._text = ""
        self._sample = sample
        self._expanding = expanding
        policy = QSizePolicy.Policy
        self.setSizePolicy(policy.Ignored if expanding else policy.Fixed, policy.Preferred)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.setToolTip(text if self._expanding else "")
            self.update()  # a repaint, not a relayout

    def sizeHint(self) -> QSize:
        self.ensurePolished()
        m = self.contentsMargins()
        fm = self.fontMetrics()
        width = fm.horizontalAdvance(self._sample) + 4 + m.left() + m.right()
        return QSize(width, fm.height() + m.top() + m.bottom())

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        return QSize(0, hint.height()) if self._expanding else hint

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        rect = self.contentsRect()
        p.setPen(self.palette().color(self.foregroundRole()))
        text = self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, rect.width())
        align = Qt.AlignmentFlag.AlignRight if self._expanding else Qt.AlignmentFlag.AlignLeft
        p.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), text)
        p.end()


class SteadyButton(QToolButton):
    """A tool button sized for the widest of its labels (Play / Pause), fixed, so switching
    the label never re-lays out the window."""

    def __init__(self, texts: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._texts = texts
        self._fitting = False
        self.setText(texts[0])
        self._fit()

    def _fit(self) -> None:
        if self._fitting:
            return
        self._fitting = True
        try:
            self.ensurePolished()
            current = self.text()
            self.setMinimumSize(0, 0)
            self.setMaximumSize(16777215, 16777215)
            hints = []
            for text in self._texts:
                self.setText(text)
                hints.append(self.sizeHint())
            self.setText(current)
            self.setFixedSize(max(h.width() for h in hints), max(h.height() for h in hints))
        finally:
            self._fitting = False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit()


SHUTTLE_RATES = (1.0, 2.0, 4.0)


# ---------------------------------------------------------------------- shuttle, In/Out, loop
class ShuttleMixin:
    """J/K/L, frame steps, In/Out and loop for ``PreviewPanel`` (kept apart from Play)."""

    def shuttle_forward(self: PreviewPanel) -> None:
        """L: play forward; again while playing: 2x, then 4x."""
        if self.reverse_rate:
            self._stop_reverse()
        if not self.playing():
            self.rate = SHUTTLE_RATES[0]
            self.play_button.setChecked(True)
            return
        faster = [r for r in SHUTTLE_RATES if r > self.rate]
        self._set_rate(faster[0] if faster else SHUTTLE_RATES[-1])

    def shuttle_backward(self: PreviewPanel) -> None:
        """J: run the playhead backward at 1x; again: 2x, then 4x (frames as they render)."""
        if self.playing():
            self.stop()
        faster = [r for r in SHUTTLE_RATES if r > self.reverse_rate]
        rate = faster[0] if faster else SHUTTLE_RATES[-1]
        if self.session().project.timeline.duration_us <= 0:
            return
        self.reverse_rate = rate
        self._reverse_from = self.playhead.position
        self._reverse_clock.start()
        if not self._reverse_timer.isActive():
            self._reverse_timer.start(max(15, 1000 // max(1, self.playhead.fps)))
        self.note.setText(self.tr("Backward {0}x").format(int(rate)))

    def shuttle_stop(self: PreviewPanel) -> None:
        """K: stop, forward or backward."""
        self._stop_reverse()
        self.stop()

    def shuttling_backward(self: PreviewPanel) -> bool:
        return self._reverse_timer.isActive()

    def _set_rate(self: PreviewPanel, rate: float) -> None:
        if rate == self.rate:
            return
        self._play_from = self.playhead.position  # the timer's clock starts again from here
        self._clock.restart()
        self.rate = rate
        if self._player is not None:
            self._player.setPlaybackRate(rate)
        self.note.setText(self.tr("Playing at {0}x").format(int(rate)) if rate != 1 else "")

    def _stop_reverse(self: PreviewPanel) -> None:
        if self._reverse_timer.isActive():
            self._reverse_timer.stop()
            self.note.setText("")
        self.reverse_rate = 0.0

    def _on_reverse_tick(self: PreviewPanel) -> None:
        t = self._reverse_from - int(self._reverse_clock.elapsed() * 1000 * self.reverse_rate)
        loop = self.loop_range()
        if loop is not None and t <= loop[0]:
            self._reverse_from = loop[1] - self.playhead.frame_us()  # round again from Out
            self._reverse_clock.restart()
            self.playhead.set(self._reverse_from)
            return
        if t <= 0:
            self.playhead.set(0)
            self._stop_reverse()
            return
        self.playhead.set(t)

    def step_frames(self: PreviewPanel, frames: int) -> None:
        """Left/Right: pause and move the playhead by whole frames."""
        self.shuttle_stop()
        self.playhead.step(frames)

    def set_in_point(self: PreviewPanel) -> None:
        """I: In at the playhead (an Out before it is dropped)."""
        t = self.playhead.position
        if self.out_us is not None and self.out_us <= t:
            self.out_us = None
        self.in_us = t
        self._range_changed()

    def set_out_point(self: PreviewPanel) -> None:
        """O: Out at the playhead (an In after it is dropped)."""
        t = self.playhead.position
        if self.in_us is not None and self.in_us >= t:
            self.in_us = None
        self.out_us = t
        self._range_changed()

    def clear_range(self: PreviewPanel) -> None:
        self.in_us = self.out_us = None
        self._range_changed()

    def set_loop(self: PreviewPanel, on: bool) -> None:
        self.loop = bool(on)
        self._range_changed()

    def loop_range(self: PreviewPanel) -> tuple[int, int] | None:
        """(In, Out) when Loop is on and the range is at least a frame long; an unset In is the
        start and an unset Out the end."""
        if not self.loop:
            return None
        total = self.playhead.snapped(self.session().project.timeline.duration_us)
        lo = self.in_us if self.in_us is not None else 0
        hi = min(self.out_us if self.out_us is not None else total, total)
        return (lo, hi) if hi - lo >= self.playhead.frame_us() else None

    def _range_changed(self: PreviewPanel) -> None:
        self.range_changed.emit(self.in_us, self.out_us, self.loop)


class PreviewPanel(ShuttleMixin, QWidget):
    frame_shown = Signal(object)  # QImage
    frame_failed = Signal(str)
    playback_failed = Signal(str)
    files_dropped = Signal(list)  # paths dropped on the picture: import, place at the playhead
    range_changed = Signal(object, object, bool)  # In (us or None), Out (us or None), loop

    def __init__(
        self,
        session_getter: Callable[[], Session],
        bridge: UndoBridge,
        playhead: Playhead,
        runner: JobRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session_getter
        self.bridge = bridge
        self.playhead = playhead
        self.runner = runner
        self.service: PreviewService | None = None
        self._service_for: Session | None = None
        self._job: QtJob | None = None
        self._pending: int | None = None
        self._retired: list[PreviewService] = []
        self._generation = 0
        self._shown_generation = -1
        self.last_error = ""
        self.shown_t = -1
        self.jobs_started = 0
        self.view = FrameView(self)
        self.drops = FileDrops(self.view)
        self.drops.dropped.connect(self.files_dropped)
        self.play_button = SteadyButton([self.tr("Play"), self.tr("Pause")], self)
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.time_label = SteadyLabel("00:00.000 / 00:00.000", self)
        self.time_label.setObjectName("timecode")
        self.note = SteadyLabel("", self, expanding=True)
        self.note.setObjectName("hint")
        row = QHBoxLayout()
        row.addWidget(self.play_button)
        row.addWidget(self.time_label)
        row.addStretch(1)
        row.addWidget(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._play_timer = QTimer(self)
        self._play_timer.timeout.connect(self._on_play_tick)
        self._clock = QElapsedTimer()
        self._play_from = 0
        self._player = None  # QMediaPlayer, made on the first Play
        self._audio = None  # QAudioOutput (None while there is no audio device)
        self._sink = None  # QVideoSink
        self._proxy_job: QtJob | None = None
        self._proxy: Proxy | None = None  # what the player has loaded
        self._seek_on_load: int | None = None  # ms to start at once the media is loaded
        self._following = False  # the playhead is being moved by the player
        self.last_proxy: Proxy | None = None
        self.proxies_built = 0
        self.rate = 1.0  # forward speed while playing (L: 1x, 2x, 4x)
        self.reverse_rate = 0.0  # backward speed while J runs (0: not running)
        self._reverse_timer = QTimer(self)
        self._reverse_timer.timeout.connect(self._on_reverse_tick)
        self._reverse_clock = QElapsedTimer()
        self._reverse_from = 0
        self.in_us: int | None = None
        self.out_us: int | None = None
        self.loop = False
        bridge.changed.connect(self._on_bridge_changed)
        playhead.moved.connect(self._on_playhead_moved)
        self.view.placeholder = self.tr(
            "The preview shows the video here once the timeline has clips."
        )
        self._update_time()

    # ------------------------------------------------------------------ frames
    def _service(self) -> PreviewService:
        session = self.session()
        if self.service is None or self._service_for is not session:
            if self.service is not None:
                self.close_service()
            self.service = PreviewService(session)
            self._service_for = session
        return self.service

    def close_service(self) -> None:
        """Drop the preview service (another project, or closing); a frame still rendering
        keeps its service until it ends. Playback stops."""
        self.stop()
        if self._player is not None:
            self._player.setSource(QUrl())  # let go of the proxy file
        self._proxy = None
        if self.service is not None:
            if self._job is not None:
                self._retired.append(self.service)
            else:
                self.service.close()
            self.service = None
            self._service_for = None

    def scale(self) -> float:
        h = self.session().project.template.height
        return min(1.0, PREVIEW_MAX_HEIGHT / max(1, h))

    def request(self, t_us: int | None = None) -> None:
        """Show the frame at ``t_us`` (default: the playhead); newest request wins."""
        t = self.playhead.position if t_us is None else t_us
        if self._job is not None:
            self._pending = t
            return
        if self.session().project.timeline.duration_us <= 0:
            self.view.set_image(None)
            return
        try:
            fn = self._service().frame_job(t, self.scale())
        except Exception as exc:  # noqa: BLE001 - e.g. a missing media file: shown, not raised
            self._show_error(str(exc))
            return
        self._generation += 1
        gen = self._generation
        job = QtJob(self.tr("Preview"), fn, quiet=True)
        job.signals.succeeded.connect(lambda img, g=gen: self._on_frame(img, g))
        job.signals.failed.connect(self._show_error)
        job.signals.finished.connect(self._on_job_finished)
        self._job = job
        self.jobs_started += 1
        self.runner.start(job)

    def _on_job_finished(self) -> None:
        self._job = None
        while self._retired:
            self._retired.pop().close()
        if self._pending is not None:
            t, self._pending = self._pending, None
            self.request(t)

    def _on_frame(self, image, generation: int) -> None:
        if generation < self._shown_generation:
            return
        self._shown_generation = generation
        self.shown_t = image.t_us
        q = QImage(
            image.rgb, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888
        )
        q = q.copy()  # own the pixels (the bytes object may go away)
        self.last_error = ""
        self.note.setText("")
        self.view.set_image(q)
        self.frame_shown.emit(q)

    def _show_error(self, message: str) -> None:
        self.last_error = message
        self.view.set_image(None)
        self.view.placeholder = message
        self.view.update()
        self.note.setText(self.tr("Preview unavailable"))
        self.frame_failed.emit(message)

    def refresh(self) -> None:
        self._update_time()
        self.request()

    def busy(self) -> bool:
        return self._job is not None or self._pending is not None

    # ------------------------------------------------------------------ events
    def _on_bridge_changed(self, event: object) -> None:
        self._update_time()  # the total follows every edit, undo and redo
        if getattr(event, "kind", "") in ("push", "undo", "redo") and self.playing():
            self.stop()  # what plays is no longer the project; Play again renders the change
            self.note.setText(self.tr("Playback stopped: the project changed"))
        if self.session().project.timeline.duration_us <= 0:
            self.view.placeholder = self.tr(
                "The preview shows the video here once the timeline has clips."
            )
            self.view.set_image(None)
            return
        self._refresh_timer.start()

    def _on_playhead_moved(self, t: int) -> None:
        self._update_time()
        if self._following:
            return  # the player moved it: the player shows the frames
        if self.player_active():
            self._seek_player(t)  # the user moved it while playing: the player follows
            return
        self.request(t)

    def _update_time(self) -> None:
        total = self.session().project.timeline.duration_us
        self.time_label.setText(f"{fmt_time(self.playhead.position)} / {fmt_time(total)}")

    # ------------------------------------------------------------------ playback
    def toggle_play(self) -> None:
        self.play_button.toggle()

    def playing(self) -> bool:
        """Play is on (the proxy may still be rendering)."""
        return self.play_button.isChecked()

    def stop(self) -> None:
        """Stop playback (and a proxy being built for it)."""
        if self.playing():
            self.play_button.setChecked(False)

    def player_active(self) -> bool:
        """The player is playing (or about to) a loaded proxy."""
        return (
            self._player is not None
            and self._proxy is not None
            and self._proxy_job is None
            and self.playing()
        )

    def player(self):
        """The QMediaPlayer (None until the first Play with Qt Multimedia)."""
        return self._player

    def _on_play_toggled(self, on: bool) -> None:
        self.play_button.setText(self.tr("Pause") if on else self.tr("Play"))
        if not on:
            self.rate = 1.0
            self._play_timer.stop()
            if self._proxy_job is not None:
                self._proxy_job.cancel()
                self._proxy_job = None
                self.note.setText("")
            self._seek_on_load = None
            if self._player is not None and self._player.isPlaying():
                self._player.pause()
            if self.session().project.timeline.duration_us > 0:
                self._refresh_timer.start()  # the composed frame at full preview size again
            return
        self._proxy = None  # nothing plays until the proxy for this Play is ready
        total = self.session().project.timeline.duration_us
        if total <= 0:
            self.play_button.setChecked(False)
            return
        self._stop_reverse()
        if self.playhead.position >= self.playhead.snapped(total) - self.playhead.frame_us():
            self.playhead.set(0)
        loop = self.loop_range()
        if loop is not None and not loop[0] <= self.playhead.position < loop[1]:
            self.playhead.set(loop[0])
        self._play_from = self.playhead.position
        if HAVE_MULTIMEDIA:
            self._play_proxy()
            return
        self.note.setText(self.tr("No sound: Qt Multimedia is not installed"))
        self._clock.start()
        self._play_timer.start(max(15, 1000 // max(1, self.playhead.fps)))

    def _on_play_tick(self) -> None:
        t = self._play_from + int(self._clock.elapsed() * 1000 * self.rate)
        total = self.session().project.timeline.duration_us
        loop = self.loop_range()
        if loop is not None and t >= loop[1]:
            self._play_from = loop[0]  # round again from In
            self._clock.restart()
            self.playhead.set(loop[0])
            return
        if t >= total:
            self.playhead.set(total)
            self.play_button.setChecked(False)
            return
        self.playhead.set(t)  # the preview follows, skipping frames it cannot keep up with

    def _play_proxy(self) -> None:
        """Build (or update) the proxy from the playhead on, in a job; play it when ready."""
        try:
            fn = self._service().proxy_job(self._play_from)
        except Exception as exc:  # noqa: BLE001 - e.g. a missing media file: shown, not raised
            self._show_error(str(exc))
            self.play_button.setChecked(False)
            return
        self.note.setText(self.tr("Preparing playback…"))
        job = QtJob(self.tr("Preparing playback"), fn)
        job.signals.succeeded.connect(lambda proxy, j=job: self._on_proxy_ready(proxy, j))
        job.signals.failed.connect(lambda message, j=job: self._on_proxy_failed(message, j))
        job.signals.cancelled.connect(lambda j=job: self._on_proxy_cancelled(j))
        job.signals.progress.connect(
            lambda fraction, _msg, _eta, j=job: self._on_proxy_progress(fraction, j)
        )
        self._proxy_job = job
        self.runner.start(job)

    def _on_proxy_progress(self, fraction: float, job: QtJob) -> None:
        if job is self._proxy_job and fraction >= 0:
            self.note.setText(self.tr("Preparing playback… {0}%").format(round(fraction * 100)))

    def _on_proxy_cancelled(self, job: QtJob) -> None:
        if job is self._proxy_job:  # e.g. Cancel in the status bar
            self._proxy_job = None
            self.note.setText("")
            self.stop()

    def _on_proxy_failed(self, message: str, job: QtJob) -> None:
        if job is not self._proxy_job:
            return
        self._proxy_job = None
        self._playback_failed(message)

    def _on_proxy_ready(self, proxy: Proxy, job: QtJob) -> None:
        if job is not self._proxy_job:
            return  # cancelled or replaced meanwhile
        self._proxy_job = None
        self.last_proxy = proxy
        self.proxies_built += 1
        if not self.playing():
            return
        t = self.playhead.position
        if t < proxy.start_us:  # the user moved the playhead back while it rendered
            self._play_from = t
            self._play_proxy()
            return
        self._ensure_player()
        from PySide6.QtMultimedia import QMediaDevices

        if QMediaDevices.audioOutputs():
            self.note.setText("")
        else:
            self.note.setText(self.tr("No audio device: playing without sound"))
        ms = max(0, (t - proxy.start_us) // 1000)
        url = QUrl.fromLocalFile(str(proxy.path))
        self._proxy = proxy
        player = self._player
        self._seek_on_load = ms
        if player.source() != url or not _loaded(player):
            player.setSource(url)  # plays from the position once loaded (_on_media_status)
        QTimer.singleShot(0, self._start_when_loaded)

    def _start_when_loaded(self) -> None:
        """Seek and play once the proxy is loaded. Called after the status signals settle: a
        new source reports statuses of the old one while it switches."""
        player, proxy = self._player, self._proxy
        if player is None or proxy is None or self._seek_on_load is None:
            return
        if player.source() != QUrl.fromLocalFile(str(proxy.path)) or not _loaded(player):
            return  # not yet: _on_media_status calls again
        ms, self._seek_on_load = self._seek_on_load, None
        if self.playing():
            player.setPosition(ms)
            player.setPlaybackRate(self.rate)
            player.play()

    def _ensure_player(self) -> None:
        from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer, QVideoSink

        if self._player is None:
            self._player = QMediaPlayer(self)
            self._sink = QVideoSink(self)
            self._player.setVideoSink(self._sink)
            self._sink.videoFrameChanged.connect(self._on_video_frame)
            self._player.positionChanged.connect(self._on_player_position)
            self._player.mediaStatusChanged.connect(self._on_media_status)
            self._player.errorOccurred.connect(self._on_player_error)
        if self._audio is None and QMediaDevices.audioOutputs():
            self._audio = QAudioOutput(self)
            self._player.setAudioOutput(self._audio)

    def _on_video_frame(self, frame) -> None:
        if self.player_active():
            image = frame.toImage()
            if not image.isNull():
                self.view.set_image(image)

    def _on_player_position(self, ms: int) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        proxy = self._proxy
        if proxy is None or not self.playing() or self._seek_on_load is not None:
            return
        if self._player.playbackState() == QMediaPlayer.PlaybackState.StoppedState:
            return  # back at 0 after the end: EndOfMedia puts the playhead at the end
        t = proxy.start_us + ms * 1000
        loop = self.loop_range()
        if loop is not None and t >= loop[1] and proxy.start_us <= loop[0]:
            self._player.setPosition((loop[0] - proxy.start_us) // 1000)  # round again
            t = loop[0]
        self._following = True
        try:
            self.playhead.set(t)
        finally:
            self._following = False

    def _seek_player(self, t: int) -> None:
        proxy = self._proxy
        assert proxy is not None and self._player is not None
        if proxy.start_us <= t < proxy.start_us + proxy.duration_us:
            self._player.setPosition((t - proxy.start_us) // 1000)
        elif t < proxy.start_us:  # before what the proxy holds: a proxy from there, then play
            self._player.pause()
            self._proxy = None
            self._play_from = t
            self.request(t)
            self._play_proxy()
        else:
            self.stop()

    def _on_media_status(self, status) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._seek_on_load is not None:
            QTimer.singleShot(0, self._start_when_loaded)
        elif status == QMediaPlayer.MediaStatus.EndOfMedia and self.playing():
            proxy = self._proxy
            loop = self.loop_range()
            if proxy is not None and loop is not None and proxy.start_us <= loop[0]:
                self._player.setPosition((loop[0] - proxy.start_us) // 1000)  # Out at the end
                self._player.play()
                return
            if proxy is not None:
                self._following = True
                try:
                    self.playhead.set(proxy.start_us + proxy.duration_us)
                finally:
                    self._following = False
            self.stop()
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._on_player_error(None, self._player.errorString())

    def _on_player_error(self, _error, message: str) -> None:
        if message:
            self._playback_failed(message)

    def _playback_failed(self, message: str) -> None:
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


__all__ = ["HAVE_MULTIMEDIA", "FrameView", "PreviewPanel", "US_PER_SECOND"]
