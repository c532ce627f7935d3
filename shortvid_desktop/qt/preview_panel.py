"""Preview: the composed frame at the playhead, rendered like the export, off the GUI thread.

Frames come from ``PreviewService`` (the export's own compiler at preview scale). One frame job
runs at a time; while it runs only the newest request is kept (latest-request-wins), so
scrubbing never queues stale work. Play uses QtMultimedia on a low-resolution proxy with sound
when the Qt Multimedia module is installed; without it (PySide6-Essentials) the playhead runs on
a timer and the preview shows frames as fast as they render, without sound.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QRectF, Qt, QTimer, QUrl, Signal
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
from .jobs import JobRunner, QtJob
from .state import Playhead
from .undo import UndoBridge

try:  # QtMultimedia ships in PySide6-Addons, not in PySide6-Essentials
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoSink

    HAVE_MULTIMEDIA = True
except ImportError:  # pragma: no cover - depends on the installed wheel
    HAVE_MULTIMEDIA = False

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


class PreviewPanel(QWidget):
    frame_shown = Signal(object)  # QImage
    frame_failed = Signal(str)

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
        self.play_button = QToolButton(self)
        self.play_button.setText(self.tr("Play"))
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.time_label = QLabel("00:00.000", self)
        self.time_label.setObjectName("timecode")
        self.note = QLabel("", self)
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
        self._player = None
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
            self.close_service()
            self.service = PreviewService(session)
            self._service_for = session
        return self.service

    def close_service(self) -> None:
        """Drop the preview service (another project, or closing); a frame still rendering
        keeps its service until it ends."""
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
        self.request()

    def busy(self) -> bool:
        return self._job is not None or self._pending is not None

    # ------------------------------------------------------------------ events
    def _on_bridge_changed(self, _event: object) -> None:
        if self.session().project.timeline.duration_us <= 0:
            self.view.placeholder = self.tr(
                "The preview shows the video here once the timeline has clips."
            )
            self.view.set_image(None)
            return
        self._refresh_timer.start()

    def _on_playhead_moved(self, t: int) -> None:
        self._update_time()
        if not (self._player is not None and self.playing()):
            self.request(t)  # while a proxy plays, the player shows the frames

    def _update_time(self) -> None:
        total = self.session().project.timeline.duration_us
        self.time_label.setText(f"{fmt_time(self.playhead.position)} / {fmt_time(total)}")

    # ------------------------------------------------------------------ playback
    def toggle_play(self) -> None:
        self.play_button.toggle()

    def playing(self) -> bool:
        return self.play_button.isChecked()

    def _on_play_toggled(self, on: bool) -> None:
        self.play_button.setText(self.tr("Pause") if on else self.tr("Play"))
        if not on:
            self._play_timer.stop()
            if self._player is not None:
                self._player.pause()
            return
        total = self.session().project.timeline.duration_us
        if total <= 0:
            self.play_button.setChecked(False)
            return
        if self.playhead.position >= self.playhead.snapped(total) - self.playhead.frame_us():
            self.playhead.set(0)
        self._play_from = self.playhead.position
        if HAVE_MULTIMEDIA:
            self._play_proxy()
            return
        self.note.setText(self.tr("No sound: Qt Multimedia is not installed"))
        self._clock.start()
        self._play_timer.start(max(15, 1000 // max(1, self.playhead.fps)))

    def _on_play_tick(self) -> None:
        t = self._play_from + self._clock.elapsed() * 1000
        total = self.session().project.timeline.duration_us
        if t >= total:
            self.playhead.set(total)
            self.play_button.setChecked(False)
            return
        self.playhead.set(t)  # the preview follows, skipping frames it cannot keep up with

    def _play_proxy(self) -> None:  # pragma: no cover - needs the Qt Multimedia module
        try:
            fn = self._service().proxy_job(self._play_from, None, 0.25)
        except Exception as exc:  # noqa: BLE001
            self._show_error(str(exc))
            self.play_button.setChecked(False)
            return
        self.note.setText(self.tr("Preparing playback…"))

        def ready(path) -> None:
            if not self.play_button.isChecked():
                return
            if self._player is None:
                self._player = QMediaPlayer(self)
                self._audio = QAudioOutput(self)
                self._sink = QVideoSink(self)
                self._player.setAudioOutput(self._audio)
                self._player.setVideoSink(self._sink)
                self._sink.videoFrameChanged.connect(
                    lambda frame: self.view.set_image(frame.toImage())
                )
                self._player.positionChanged.connect(
                    lambda ms: self.playhead.set(self._play_from + ms * 1000)
                )
                self._player.mediaStatusChanged.connect(self._on_media_status)
            self.note.setText("")
            self._player.setSource(QUrl.fromLocalFile(str(path)))
            self._player.play()
            self._play_timer.stop()

        self.runner.run(self.tr("Preparing playback"), fn, ready, self._show_error)

    def _on_media_status(self, status) -> None:  # pragma: no cover - needs Qt Multimedia
        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            self.play_button.setChecked(False)


__all__ = ["HAVE_MULTIMEDIA", "FrameView", "PreviewPanel", "US_PER_SECOND"]
