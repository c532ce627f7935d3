"""Preview: the composed frame at the playhead, rendered like the export, off the GUI thread.

Frames come from ``PreviewService`` (the export's own compiler at preview scale). One frame job
runs at a time; while it runs only the newest request is kept (latest-request-wins), so
scrubbing never queues stale work.

Play is instant (qt/playback.py, session/playback.py): the timeline's low-resolution pieces
render in the background as edits land (only those an edit touched), and Play plays the ready
ones at once, decoded ahead on a worker, with the sound track through QtMultimedia and the
playhead following the clock; where a piece is not ready yet it shows quick composed frames
until it lands. Moving the playhead while it plays goes on from there; an edit stops playback
(press Play again: it starts at once). Scrubbing shows the nearest ready small frame in the same
event and the exact composed frame once it has rendered. With no audio device, or without the Qt
Multimedia module (PySide6-Essentials alone), it plays without sound and the panel says so.

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
from .canvas import CanvasOverlay
from .drops import FileDrops
from .jobs import JobRunner, QtJob
from .playback import PlaybackMixin
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


class PreviewPanel(PlaybackMixin, ShuttleMixin, QWidget):
    frame_shown = Signal(object)  # QImage
    frame_failed = Signal(str)
    playback_failed = Signal(str)
    files_dropped = Signal(list)  # paths dropped on the picture: import, place at the playhead
    range_changed = Signal(object, object, bool)  # In (us or None), Out (us or None), loop
    playback_started = Signal()  # Play's first frame is up and its clock runs

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
        self.proxy_jobs_started = 0  # preview proxies made after a frame read a clip itself
        self.view = FrameView(self)
        self.drops = FileDrops(self.view)
        self.drops.dropped.connect(self.files_dropped)
        self.canvas = CanvasOverlay(self.view, self)  # on-canvas editing (qt/canvas.py)
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
        self._following = False  # the playhead is being moved by playback
        self._job_t = -1  # the time the running frame job renders
        self._changes = 0  # project changes so far (a frame of an older state is not played)
        self.rate = 1.0  # forward speed while playing (L: 1x, 2x, 4x)
        self.reverse_rate = 0.0  # backward speed while J runs (0: not running)
        self._reverse_timer = QTimer(self)
        self._reverse_timer.timeout.connect(self._on_reverse_tick)
        self._reverse_clock = QElapsedTimer()
        self._reverse_from = 0
        self.in_us: int | None = None
        self.out_us: int | None = None
        self.loop = False
        self._init_playback()
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
            if self.isVisible():  # (not after the window closed)
                self.scheduler.invalidate()  # the pieces of this project, in the background
        return self.service

    def text_boxes(self, t_us: int) -> list[tuple]:
        """Caption and title boxes at ``t_us`` for the canvas' in-place editing."""
        try:
            return self._service().text_boxes(t_us)
        except Exception:  # noqa: BLE001 - no plan (empty timeline, missing media): nothing
            return []

    def close_service(self) -> None:
        """Drop the preview service (another project, or closing); a frame still rendering
        keeps its service until it ends. Playback stops."""
        self.stop()
        self.scheduler.cancel_all()
        if self._player is not None:
            self._player.setSource(QUrl())  # let go of the sound file
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

    def request(self, t_us: int | None = None, scale: float | None = None) -> None:
        """Show the frame at ``t_us`` (default: the playhead); newest request wins. ``scale``
        (default: the preview's) is smaller for the quick frames of playback."""
        t = self.playhead.position if t_us is None else t_us
        if self._job is not None:
            self._pending = t
            return
        if self.session().project.timeline.duration_us <= 0:
            self.view.set_image(None)
            return
        try:
            fn = self._service().frame_job(t, scale or self.scale())
        except Exception as exc:  # noqa: BLE001 - e.g. a missing media file: shown, not raised
            self._show_error(str(exc))
            return
        self._generation += 1
        gen = self._generation
        job = QtJob(self.tr("Preview"), fn, quiet=True)
        job.signals.succeeded.connect(lambda img, g=gen, c=self._changes: self._on_frame(img, g, c))
        job.signals.failed.connect(self._show_error)
        job.signals.finished.connect(self._on_job_finished)
        self._job = job
        self._job_t = t
        self.jobs_started += 1
        self.runner.start(job)

    def _on_job_finished(self) -> None:
        self._job = None
        while self._retired:
            self._retired.pop().close()
        if self.service is not None:  # clips read from their files: their proxies, quietly
            for _source, fn in self.service.proxy_jobs():
                self.proxy_jobs_started += 1
                self.runner.start(QtJob(self.tr("Preview proxy"), fn, quiet=True))
        if self._pending is not None:
            t, self._pending = self._pending, None
            self.request(t)

    def _on_frame(self, image, generation: int, changes: int = -1) -> None:
        if generation < self._shown_generation:
            return
        q = QImage(
            image.rgb, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888
        )
        q = q.copy()  # own the pixels (the bytes object may go away)
        if self.playing():
            if changes != self._changes:
                return  # rendered from the project before an edit
            m, feed = self.scheduler.map, self._feed
            f = m.frame_of(image.t_us) if m is not None else 0
            if feed is not None and feed.is_ready(f):
                return  # the piece landed meanwhile: its frames are playing
            self._shown_generation = generation
            self._show_played(q, "quick")
            return
        if self._strip_t is not None and abs(image.t_us - self.playhead.position) >= (
            self.playhead.frame_us()
        ):
            return  # a small frame nearer the playhead is up; its exact one comes next
        self._shown_generation = generation
        self._strip_t = None
        self.shown_t = image.t_us
        self.last_error = ""
        if not self.playing():
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
        """A composed frame is rendering or asked for."""
        return self._job is not None or self._pending is not None or self._exact_timer.isActive()

    # ------------------------------------------------------------------ events
    def _on_bridge_changed(self, event: object) -> None:
        self._update_time()  # the total follows every edit, undo and redo
        if getattr(event, "kind", "") not in ("clean", "clear"):
            self._changes += 1
            self.scheduler.invalidate()  # the pieces the change touched render again
        if getattr(event, "kind", "") in ("push", "undo", "redo") and self.playing():
            self.stop()  # what plays is no longer the project; Play again plays the change
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
            return  # playback moved it: playback shows the frames
        if self.playing():
            self._jump(t)  # the user moved it while playing: playback goes on from there
            return
        self._scrub_to(t)

    def _update_time(self) -> None:
        total = self.session().project.timeline.duration_us
        self.time_label.setText(f"{fmt_time(self.playhead.position)} / {fmt_time(total)}")

    # ------------------------------------------------------------------ playback
    def toggle_play(self) -> None:
        self.play_button.toggle()

    def playing(self) -> bool:
        """Play is on (pieces may still be rendering: it plays what is ready)."""
        return self.play_button.isChecked()

    def stop(self) -> None:
        """Stop playback."""
        if self.playing():
            self.play_button.setChecked(False)

    def player(self):
        """The QMediaPlayer of the sound (None until the first Play with sound)."""
        return self._player

    def _on_play_toggled(self, on: bool) -> None:
        self.play_button.setText(self.tr("Pause") if on else self.tr("Play"))
        if not on:
            self.rate = 1.0
            self._play_off()
            self.note.setText("")
            if self.session().project.timeline.duration_us > 0:
                self._refresh_timer.start()  # the composed frame at full preview size again
            return
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
        self._play_on()


__all__ = ["HAVE_MULTIMEDIA", "FrameView", "PreviewPanel", "US_PER_SECOND"]
