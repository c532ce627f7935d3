"""Sound on the timeline: fade handles, the volume line and the music's beats.

Drawn over every sound clip (voice, music, audio): a fade ramp at each end with a round handle
at the top (drag the top-left handle right for a fade-in, the top-right one left for a
fade-out), and the volume line (flat at 1x until it has points; double-click on it to add a
point, drag a point to move it, right-click a point to remove it). The music clip also shows
its beats (onsets found by ``session.music`` as a job) as ticks along its bottom; a right click
on it offers Loop / Trim to the video, Find beats and Snap cuts to beats. Each gesture is one
named command pushed through the undo bridge on release.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QContextMenuEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QMenu

from ...core.model import Clip
from ...edits import EditError
from ...edits.commands.audio import (
    ClipFadeCommand,
    add_volume_key,
    move_volume_key,
    remove_volume_key,
    volume_at,
)
from ...session.music import (
    beats_job,
    loop_crossfade_us,
    music_clip,
    music_fit_command,
    snap_cuts_command,
    timeline_beats,
)
from .items import CHUNK_STEPS, ClipItem

if TYPE_CHECKING:
    from .view import TimelineView

AUDIO_KINDS = ("voice", "music", "audio")
HANDLE_PX = 7.0  # reach of a fade handle or a volume point
LINE_PX = 5.0  # reach of the volume line for a double-click
MAX_LINE_GAIN = 2.0  # the top of a clip is 2x (+6 dB), the bottom silence
FADE_COLOR = QColor(0, 0, 0, 110)
LINE_COLOR = QColor("#ffd400")
BEAT_COLOR = QColor("#ff8a65")


# ----------------------------------------------------------------------------- geometry
def clip_rect(item: ClipItem) -> QRectF:
    """The clip's body inside its item (as ClipItem.paint draws it)."""
    r = item.boundingRect()
    return QRectF(0.5, 2.5, max(1.0, r.width() - 1), max(1.0, r.height() - 5))


def gain_y(r: QRectF, gain: float) -> float:
    top, bottom = r.top() + 4, r.bottom() - 3
    return bottom - (bottom - top) * max(0.0, min(gain, MAX_LINE_GAIN)) / MAX_LINE_GAIN


def y_gain(r: QRectF, y: float) -> float:
    top, bottom = r.top() + 4, r.bottom() - 3
    g = (bottom - y) / max(1.0, bottom - top) * MAX_LINE_GAIN
    return round(max(0.0, min(MAX_LINE_GAIN, g)), 3)


def _state(item: ClipItem, clip: Clip) -> tuple[int, int, list[tuple[int, float]]]:
    """Fades and points as drawn: the model's, or those of a drag in progress."""
    over = getattr(item, "audio_drag", None) or {}
    keys = over.get("keys", [(k.time_us, k.gain) for k in clip.volume_keys])
    return over.get("fade_in", clip.fade_in_us), over.get("fade_out", clip.fade_out_us), keys


def handles(item: ClipItem, clip: Clip) -> dict[str, QPointF]:
    """Where the fade handles are, in item coordinates."""
    r = clip_rect(item)
    px = item.view.px_per_us
    fade_in, fade_out, _ = _state(item, clip)
    y = r.top() + 4
    x_in = min(r.right() - 2, r.left() + 3 + fade_in * px)
    x_out = max(r.left() + 2, r.right() - 3 - fade_out * px)
    return {"fade_in": QPointF(x_in, y), "fade_out": QPointF(x_out, y)}


def key_points(item: ClipItem, clip: Clip) -> list[QPointF]:
    r = clip_rect(item)
    px = item.view.px_per_us
    _, _, keys = _state(item, clip)
    return [QPointF(r.left() + t * px, gain_y(r, g)) for t, g in keys]


def music_source_at(view: TimelineView, source_in_us: int, src_us: int, duration_us: int):
    """For the music's waveform: clip time -> time in the song as the render plays it (each
    loop starts a crossfade before the one before it ends, and is shown from there; None after
    the song in "trim" mode)."""
    project = view.project()
    first = src_us - source_in_us
    loops = project.music_fit == "loop" and duration_us > first
    cross = loop_crossfade_us(project) if loops else 0
    step = max(1, src_us - cross)

    def at(t: int) -> int | None:
        if not loops:
            return source_in_us + t if t < first else None
        c1 = first - cross
        if t < c1:
            return source_in_us + t
        return t - (c1 + (t - c1) // step * step)

    def many(ts: np.ndarray) -> np.ndarray:
        """``at`` for an array of clip times (int64), -1 where ``at`` gives None."""
        if not loops:
            return np.where(ts < first, source_in_us + ts, -1)
        c1 = first - cross
        return np.where(ts < c1, source_in_us + ts, ts - (c1 + (ts - c1) // step * step))

    at.many = many  # type: ignore[attr-defined]
    return at


# ----------------------------------------------------------------------------- painting
def _ticks(beats: list[int], clip: Clip, r: QRectF, px: float, x_lo: float, x_hi: float):
    """The beat ticks along the bottom of the music clip drawn in ``r``, from ``x_lo`` up to
    ``x_hi`` (at least 2 px apart: closer ticks would be one band)."""
    lo = bisect_left(beats, clip.start_us + int((x_lo - r.left()) / px))
    hi = bisect_right(beats, clip.start_us + int((x_hi - r.left()) / px) + 1)
    y0, y1 = r.bottom() - 9, r.bottom() - 1
    ticks: list[QLineF] = []
    last = -1e9
    right = min(x_hi, r.right())
    for t in beats[lo:hi]:
        x = r.left() + (t - clip.start_us) * px
        if x - last >= 2.0 and x_lo <= x < right:
            ticks.append(QLineF(x, y0, x, y1))
            last = x
    return ticks


def paint_audio(
    item: ClipItem, painter: QPainter, r: QRectF, exposed: QRectF | None = None
) -> None:
    """Fades, the volume line, its points and (on the music) the beats, over a sound clip
    (the beats only where ``exposed``, the part being repainted, is)."""
    view = item.view
    if r.width() < 12:
        return
    clip = view.clip_model(item.clip_id)
    if clip is None:
        return
    px = view.px_per_us
    fade_in, fade_out, keys = _state(item, clip)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    # beats: ticks along the bottom of the music clip
    if item.kind == "music":
        beats = view.timeline_beats()
        if beats:
            x_lo, x_hi = r.left(), r.right()
            if exposed is not None:
                x_lo, x_hi = max(x_lo, exposed.left() - 2), min(x_hi, exposed.right() + 2)
            painter.setPen(QPen(BEAT_COLOR, 1.5))
            # made a stretch of the clip at a time, kept for the last few zooms (LineChunks)
            key = (px, r.left(), r.width(), r.bottom(), id(beats), len(beats), item.key)
            span = float(CHUNK_STEPS * 2)
            first = int(max(0.0, x_lo - r.left()) // span)
            for c in range(first, int(max(0.0, x_hi - r.left()) // span) + 1):
                ticks = item._beat_lines.get(key, c)
                if ticks is None:
                    a = r.left() + c * span
                    ticks = item._beat_lines.put(key, c, _ticks(beats, clip, r, px, a, a + span))
                painter.drawLines(ticks)
    # fades: the silence side of each ramp shaded
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(FADE_COLOR)
    hs = handles(item, clip)
    if fade_in > 0:
        painter.drawPolygon(
            QPolygonF([r.topLeft(), QPointF(hs["fade_in"].x(), r.top()), r.bottomLeft()])
        )
    if fade_out > 0:
        painter.drawPolygon(
            QPolygonF([QPointF(hs["fade_out"].x(), r.top()), r.topRight(), r.bottomRight()])
        )
    # the volume line
    path = QPainterPath()
    if keys:
        pts = [QPointF(r.left(), gain_y(r, keys[0][1]))]
        pts += [QPointF(r.left() + t * px, gain_y(r, g)) for t, g in keys]
        pts.append(QPointF(r.right(), gain_y(r, keys[-1][1])))
        path.moveTo(pts[0])
        for p in pts[1:]:
            path.lineTo(p)
    else:
        path.moveTo(r.left(), gain_y(r, 1.0))
        path.lineTo(r.right(), gain_y(r, 1.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(LINE_COLOR, 1.2))
    painter.drawPath(path)
    painter.setBrush(LINE_COLOR)
    for p in key_points(item, clip):
        painter.drawEllipse(p, 3.0, 3.0)
    # fade handles
    painter.setPen(QPen(QColor("#ffffff"), 1))
    painter.setBrush(QColor(40, 40, 40, 220))
    for p in hs.values():
        painter.drawEllipse(p, 3.5, 3.5)
    painter.restore()


# ----------------------------------------------------------------------------- gestures
class AudioGestures:
    """Fade handles and volume points, ahead of the view's other gestures."""

    def __init__(self, view: TimelineView) -> None:
        self.view = view
        self.drag: dict | None = None

    def _audio_item_at(self, pos: QPoint) -> ClipItem | None:
        for item in self.view.items(pos):
            if isinstance(item, ClipItem) and item.kind in AUDIO_KINDS:
                return item
        return None

    def _hit(self, pos: QPoint) -> tuple[ClipItem | None, Clip | None, str, int]:
        """(item, clip, what, index): what is "fade_in", "fade_out", "key", "line" or ""."""
        item = self._audio_item_at(pos)
        if item is None:
            return None, None, "", -1
        found = self.view.project().timeline.find_clip(item.clip_id)
        if found is None:
            return item, None, "", -1
        clip = found[1]
        local = item.mapFromScene(self.view.mapToScene(pos))
        for name, p in handles(item, clip).items():
            if abs(local.x() - p.x()) <= HANDLE_PX and abs(local.y() - p.y()) <= HANDLE_PX:
                return item, clip, name, -1
        for i, p in enumerate(key_points(item, clip)):
            if abs(local.x() - p.x()) <= HANDLE_PX and abs(local.y() - p.y()) <= HANDLE_PX:
                return item, clip, "key", i
        r = clip_rect(item)
        t = int((local.x() - r.left()) / self.view.px_per_us)
        if abs(local.y() - gain_y(r, volume_at(clip, t))) <= LINE_PX:
            return item, clip, "line", -1
        return item, clip, "", -1

    def press(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        pos = event.position().toPoint()
        item, clip, what, index = self._hit(pos)
        if item is None or clip is None or what not in ("fade_in", "fade_out", "key"):
            return False
        self.view.setFocus()
        self.drag = {
            "item": item,
            "clip": clip.id,
            "what": what,
            "index": index,
            "x0": self.view.mapToScene(pos).x(),
            "fade_in": clip.fade_in_us,
            "fade_out": clip.fade_out_us,
            "duration": clip.duration_us,
            "keys": [(k.time_us, k.gain) for k in clip.volume_keys],
            "moved": False,
        }
        event.accept()
        return True

    def move(self, event: QMouseEvent) -> bool:
        drag = self.drag
        if drag is None:  # hovering: a handle or a point shows it can be dragged
            if event.buttons() != Qt.MouseButton.NoButton:
                return False
            _item, _clip, what, _ = self._hit(event.position().toPoint())
            if what in ("fade_in", "fade_out"):
                self.view.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
                return True
            if what == "key":
                self.view.viewport().setCursor(Qt.CursorShape.SizeAllCursor)
                return True
            return False
        pos = event.position().toPoint()
        sp = self.view.mapToScene(pos)
        item: ClipItem = drag["item"]
        dt = int((sp.x() - drag["x0"]) / self.view.px_per_us)
        dur = drag["duration"]
        over: dict = {}
        if drag["what"] == "fade_in":
            over["fade_in"] = max(0, min(dur - drag["fade_out"], drag["fade_in"] + dt))
        elif drag["what"] == "fade_out":
            over["fade_out"] = max(0, min(dur - drag["fade_in"], drag["fade_out"] - dt))
        else:
            keys = list(drag["keys"])
            i = drag["index"]
            t0, _ = keys[i]
            lo = keys[i - 1][0] if i > 0 else 0
            hi = keys[i + 1][0] if i + 1 < len(keys) else dur
            local = item.mapFromScene(sp)
            keys[i] = (max(lo, min(hi, t0 + dt)), y_gain(clip_rect(item), local.y()))
            over["keys"] = keys
        drag["moved"] = True
        drag["over"] = over
        item.audio_drag = over  # type: ignore[attr-defined]
        item.update()
        event.accept()
        return True

    def release(self, event: QMouseEvent) -> bool:
        drag, self.drag = self.drag, None
        if drag is None:
            return False
        item: ClipItem = drag["item"]
        item.audio_drag = None  # type: ignore[attr-defined]
        item.update()
        event.accept()
        over = drag.get("over")
        if not drag["moved"] or not over:
            return True
        project = self.view.project()
        try:
            if "fade_in" in over:
                cmd = ClipFadeCommand(drag["clip"], fade_in_us=over["fade_in"])
            elif "fade_out" in over:
                cmd = ClipFadeCommand(drag["clip"], fade_out_us=over["fade_out"])
            else:
                t, g = over["keys"][drag["index"]]
                cmd = move_volume_key(project, drag["clip"], drag["index"], t, g)
        except EditError as exc:
            self.view.message.emit(str(exc))
            return True
        self.view.bridge.push(cmd)
        return True

    def double_click(self, event: QMouseEvent) -> bool:
        """A double-click on the volume line adds a point there."""
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        pos = event.position().toPoint()
        item, clip, what, _ = self._hit(pos)
        if item is None or clip is None or what != "line":
            return False
        local = item.mapFromScene(self.view.mapToScene(pos))
        r = clip_rect(item)
        t = max(0, min(clip.duration_us, int((local.x() - r.left()) / self.view.px_per_us)))
        try:
            cmd = add_volume_key(self.view.project(), clip.id, t, volume_at(clip, t))
        except EditError as exc:
            self.view.message.emit(str(exc))
            return True
        self.view.bridge.push(cmd)
        event.accept()
        return True

    def context(self, event: QContextMenuEvent) -> bool:
        """Right-click: on a volume point removes it; on the music clip opens its menu."""
        item, clip, what, index = self._hit(event.pos())
        if item is None or clip is None:
            return False
        if what == "key":
            try:
                cmd = remove_volume_key(self.view.project(), clip.id, index)
            except EditError as exc:
                self.view.message.emit(str(exc))
                return True
            self.view.bridge.push(cmd)
            event.accept()
            return True
        if item.kind == "music":
            menu = self.view.music_menu()
            menu.popup(event.globalPos())
            event.accept()
            return True
        return False


# ----------------------------------------------------------------------------- music
class MusicTools:
    """The music's beats (found once per song, as a job) and the music commands of the view."""

    def __init__(self, view: TimelineView) -> None:
        self.view = view
        self.beats: dict[str, tuple[int, ...]] = {}  # asset id -> beat times in the song
        self._pending: set[str] = set()
        self._tried: set[str] = set()  # songs looked at once without being asked
        self._on_timeline: tuple[tuple, list[int]] = ((), [])

    def timeline_beats(self) -> list[int]:
        """The music's beats as timeline times, sorted (kept until the music or its beats
        change: every repaint of the music clip asks)."""
        project = self.view.project()
        found = music_clip(project)
        if found is None:
            return []
        clip, asset = found
        beats = self.beats.get(asset.id)
        if not beats:
            return []
        key = (
            id(project),
            id(beats),
            clip.start_us,
            clip.duration_us,
            clip.source_in_us,
            asset.duration_us,
            project.music_fit,
        )
        if self._on_timeline[0] != key:
            self._on_timeline = (key, timeline_beats(project, beats))
        return self._on_timeline[1]

    def find_beats(self, then=None, quiet: bool = False) -> bool:
        """Start the beats job for the music's song (``then()`` runs when they are known)."""
        view = self.view
        project = view.project()
        job = beats_job(project)
        runner = getattr(view.media_cache, "runner", None)
        found = music_clip(project)
        if job is None or found is None:
            view.message.emit(view.tr("There is no music on the timeline to find beats in."))
            return False
        asset_id = found[1].id
        if runner is None:
            return False
        if asset_id in self._pending:
            return True
        self._pending.add(asset_id)

        def done(beats) -> None:
            self._pending.discard(asset_id)
            self.beats[asset_id] = tuple(beats.times_us)
            for it in view._clips.values():
                if it.kind == "music":
                    it.update()
            view.beats_found.emit(len(beats.times_us))
            if then is not None:
                then()

        def failed(message: str) -> None:
            self._pending.discard(asset_id)
            view.message.emit(message)

        runner.run(view.tr("Finding beats"), job.run, done, failed, quiet=quiet)
        return True

    def ensure_beats(self) -> None:
        """Find the music's beats quietly the first time a song is on the timeline."""
        found = music_clip(self.view.project())
        if found is not None and found[1].id not in self._tried:
            self._tried.add(found[1].id)
            self.find_beats(quiet=True)

    def snap_cuts(self) -> bool:
        """Snap cuts to beats: one undo step (the beats are found first when not known)."""
        view = self.view
        project = view.project()
        found = music_clip(project)
        if found is None:
            view.message.emit(view.tr("There is no music on the timeline to find beats in."))
            return False
        beats = self.beats.get(found[1].id)
        if beats is None:
            return self.find_beats(then=self.snap_cuts)
        try:
            cmd = snap_cuts_command(project, beats)
        except EditError as exc:
            view.message.emit(str(exc))
            return False
        return view.bridge.push(cmd)

    def set_fit(self, fit: str) -> bool:
        try:
            cmd = music_fit_command(self.view.project(), fit)
        except EditError as exc:
            self.view.message.emit(str(exc))
            return False
        return self.view.bridge.push(cmd)

    def menu(self) -> QMenu:
        view = self.view
        menu = QMenu(view)
        menu.setObjectName("musicMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addSection(view.tr("Music"))
        group = QActionGroup(menu)
        fit = view.project().music_fit
        for name, label in (
            ("loop", view.tr("Loop to the video (crossfade)")),
            ("trim", view.tr("Trim to the video (fade out)")),
        ):
            a = QAction(label, menu)
            a.setObjectName(f"music_{name}")
            a.setCheckable(True)
            a.setChecked(fit == name)
            group.addAction(a)
            a.triggered.connect(lambda _=False, n=name: self.set_fit(n))
            menu.addAction(a)
        menu.addSeparator()
        find = QAction(view.tr("Find beats"), menu)
        find.setObjectName("music_find_beats")
        find.triggered.connect(lambda _=False: self.find_beats())
        menu.addAction(find)
        snap = QAction(view.tr("Snap cuts to beats"), menu)
        snap.setObjectName("music_snap_beats")
        snap.triggered.connect(lambda _=False: self.snap_cuts())
        menu.addAction(snap)
        view.context_menu = menu
        return menu


__all__ = ["AUDIO_KINDS", "AudioGestures", "MusicTools", "paint_audio"]
