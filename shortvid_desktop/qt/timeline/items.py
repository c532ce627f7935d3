"""The timeline's scene items: a clip (thumbnails or waveform, label, missing mark) and the
handle of the transition into a clip. Their geometry and look are set by the view."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from .lanes import KIND_COLOR

if TYPE_CHECKING:
    from .view import TimelineView


SELECTED = QColor("#ffd400")
# a clip narrower than this (zoomed far out) is a plain bar, drawn with all the others in one
# pass by the view's BarsItem; the item itself has no contents then (Qt skips its paint()) but
# stays in the scene where it belongs, for clicks, hover and tooltips
TINY_PX = 4.0
_LOOKS: dict[str, tuple[QColor, QColor, QColor, QPen, QPen]] = {}


def _look(kind: str) -> tuple[QColor, QColor, QColor, QPen, QPen]:
    """A kind's colours: bar, body, selected body, outline, selected outline (made once, not
    at every paint)."""
    look = _LOOKS.get(kind)
    if look is None:
        base = KIND_COLOR.get(kind, QColor("#666"))
        pens = []
        for color, width in ((base.lighter(150), 1.0), (SELECTED, 2.0)):
            pen = QPen(color)
            pen.setWidthF(width)
            pen.setCosmetic(True)
            pens.append(pen)
        look = _LOOKS[kind] = (base, base.darker(115), base.lighter(125), pens[0], pens[1])
    return look


class ClipItem(QGraphicsRectItem):
    """One clip; its geometry and look are set by the view from the model. A rect item (with
    no pen and no brush: ``paint`` draws it) so that Qt's own C++ ``boundingRect`` and
    ``shape`` serve the scene: every paint and hit test asked each of the 2,000 items for
    them, a call into Python each when they were Python methods."""

    def __init__(self, view: TimelineView, clip_id: str) -> None:
        super().__init__(0, 0, 1, 1)
        self.setPen(Qt.PenStyle.NoPen)
        self.view = view
        self.clip_id = clip_id
        self.kind = "video"
        self.label = ""
        self.asset_id = ""
        self.start_us = 0
        self.duration_us = 1
        self.source_in_us = 0
        self.source_us = 0
        self.missing = False
        self.lane_h = 1.0
        self.drawn_x = 0.0  # where it was last laid out (view._layout_stale)
        self.laid: tuple | None = None  # (zoom, start, duration, lane y, h) it was laid out at
        self._wave_lines = LineChunks()
        self._beat_lines = LineChunks()  # (the music's beats: audio.py)
        self.selected = False
        self.tiny = False  # drawn by the view's BarsItem (see TINY_PX)
        self.culled = False  # away from the screen: no contents (view._update_shown)
        self.key: tuple = ()
        self.audio_drag: dict | None = None  # a fade or volume-point drag in progress
        self._w = 1.0
        self._h = 1.0
        self.setAcceptHoverEvents(True)
        self.setZValue(1)
        # the exposed rect is the part being repainted, not the whole item: the music clip spans
        # the timeline and draws only what is on screen
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def set_geometry(self, x: float, y: float, w: float, h: float) -> None:
        w = max(1.0, w)
        if (w, h) != (self._w, self._h):
            self._w, self._h = w, h
            self.setRect(0, 0, w, h)
        if (w < TINY_PX) != self.tiny:
            self.set_tiny(w < TINY_PX)
        self.setPos(x, y)  # (Qt returns at once when it has not moved)
        self.drawn_x = x

    def set_width(self, w: float) -> None:
        """The width at a new zoom (the height is the lane's)."""
        if w != self._w:
            self._w = w
            self.setRect(0, 0, w, self._h)
        if (w < TINY_PX) != self.tiny:
            self.set_tiny(w < TINY_PX)

    def set_tiny(self, tiny: bool) -> None:
        """A tiny clip is drawn by the view's BarsItem, not by itself (whoever moves it tells
        the BarsItem: a zoom or a sync does, a gesture does)."""
        self.tiny = tiny
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, tiny or self.culled)
        self.view.tiny_items += 1 if tiny else -1

    def set_culled(self, culled: bool, repaint: bool = True) -> None:
        self.culled = culled
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, culled or self.tiny)
        if not culled and repaint:
            self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        look = _look(self.kind)
        if self._w < TINY_PX:  # (drawn by the BarsItem: the item has no contents then)
            painter.fillRect(
                QRectF(0, 2.5, max(1.0, self._w), self._h - 5),
                SELECTED if self.selected else look[0],
            )
            return
        r = QRectF(0.5, 2.5, self._w - 1, self._h - 5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(look[2] if self.selected else look[1])
        painter.drawRoundedRect(r, 3, 3)
        exposed = option.exposedRect
        asset = self.view.project().assets.get(self.asset_id) if self.asset_id else None
        cache = self.view.media_cache
        if asset is not None and cache is not None and r.width() > 24:
            if self.kind in ("video", "overlay") and asset.kind in ("image", "video"):
                pix = cache.thumbnail(asset)
                if pix is not None and not pix.isNull():
                    th = r.height() - 16
                    tw = max(8.0, th * pix.width() / max(1, pix.height()))
                    scaled = _scaled(pix, int(tw), int(th))
                    x = r.left() + 1
                    painter.save()
                    painter.setClipRect(r.adjusted(1, 1, -1, -1))
                    while x < r.right() and x < exposed.right() + tw:
                        if x + tw >= exposed.left():
                            painter.drawPixmap(QPointF(x, r.top() + 14), scaled)
                        x += tw + 2
                        if self._w > 2000 and x > exposed.right():
                            break
                    painter.restore()
            elif asset.kind in ("audio", "video"):
                wave = cache.waveform(asset)
                if wave:
                    self._paint_wave(painter, r, wave, asset.duration_us, exposed)
        if self.kind in ("voice", "music", "audio"):
            from .audio import paint_audio  # fades, volume line, beats

            paint_audio(self, painter, r, exposed)
        painter.setPen(look[4] if self.selected else look[3])
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(r, 3, 3)
        if self.missing:
            painter.setPen(QPen(QColor("#ff5252"), 2))
            painter.drawLine(r.topLeft(), r.bottomRight())
        if r.width() > 18:
            painter.setPen(QColor("#ffffff"))
            painter.setFont(self.view.label_font)
            text_rect = r.adjusted(4, 1, -3, 0)
            text_rect.setHeight(13)
            painter.drawText(
                text_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.label,
            )

    def _paint_wave(
        self, painter: QPainter, r: QRectF, wave: list[float], src_us: int, exposed: QRectF
    ) -> None:
        """The waveform, one line every ``step`` px on a grid fixed to the clip (so a partial
        repaint draws the same lines as a whole one), made a chunk of the clip at a time where
        exposed and kept for the last few zooms (the music spans the whole timeline)."""
        if src_us <= 0:
            return
        px_per_us = self.view.px_per_us
        step = float(max(1, round(self.view.viewport().width() / 800)))
        key = (px_per_us, r.left(), r.width(), r.height(), step, id(wave), src_us, self.key)
        span = step * CHUNK_STEPS
        lo = max(0.0, exposed.left() - r.left())
        hi = max(0.0, min(r.right(), exposed.right()) - r.left())
        painter.setPen(WAVE_PEN)
        for c in range(int(lo // span), int(hi // span) + 1):
            lines = self._wave_lines.get(key, c)
            if lines is None:
                part = QRectF(r.left() + c * span, r.top(), span - step / 2, r.height())
                lines = self._wave_lines.put(key, c, self._wave(r, wave, src_us, step, part))
            painter.drawLines(lines)

    def _wave(
        self, r: QRectF, wave: list[float], src_us: int, step: float, span: QRectF
    ) -> list[QLineF]:
        """The waveform's lines from ``span.left()`` to its right (the grid's x, then each
        line's height, worked out for all at once with numpy)."""
        px_per_us = self.view.px_per_us
        mid = r.center().y() + 5
        amp = (r.height() - 16) / 2
        n = len(wave)
        left = r.left()
        x0 = max(left, span.left())
        x1 = min(r.right(), span.right())
        x = left + math.floor((x0 - left) / step) * step
        if x > x1 or n == 0:
            return []
        xs = x + np.arange(int((x1 - x) // step) + 1) * step
        if self.kind == "music":  # looped with crossfades, or once (audio.py)
            from .audio import music_source_at

            song = music_source_at(self.view, self.source_in_us, src_us, self.duration_us)
            ts = song.many(((xs - left) / px_per_us).astype(np.int64))
            ended = np.flatnonzero(ts < 0)
            if len(ended):  # (the song has ended: no line from there on)
                ts, xs = ts[: ended[0]], xs[: ended[0]]
            t = ts.astype(np.float64)
        else:
            t = self.source_in_us + (xs - left) / px_per_us
        i = (t / src_us * n).astype(np.int64)
        inside = (i >= 0) & (i < n)
        xs, i = xs[inside], i[inside]
        h = _samples(wave)[i] / _loudest(wave) * amp
        return [
            QLineF(a, mid - b, a, mid + b) for a, b in zip(xs.tolist(), h.tolist(), strict=True)
        ]


def _samples(wave: list[float]) -> np.ndarray:
    """A waveform as an array (kept per waveform)."""
    got = _SAMPLES.get(id(wave))
    if got is None or got[0] is not wave:
        if len(_SAMPLES) > 256:
            _SAMPLES.clear()
        got = _SAMPLES[id(wave)] = (wave, np.asarray(wave, dtype=np.float64))
    return got[1]


_SAMPLES: dict[int, tuple[list[float], np.ndarray]] = {}


# lines along a clip (waveform, beats) are made this many grid steps at a time
CHUNK_STEPS = 256


class LineChunks:
    """Lines drawn along a clip, kept by chunk (a stretch of CHUNK_STEPS grid steps) for the
    last few keys (zooms): a repaint draws what it exposes without making it again, and a zoom
    back to a recent level finds its lines made."""

    KEYS = 3
    MAX_CHUNKS = 256  # a chunk's lines: ~500 at most

    def __init__(self) -> None:
        self._by_key: dict[tuple, dict[int, list[QLineF]]] = {}

    def get(self, key: tuple, chunk: int) -> list[QLineF] | None:
        chunks = self._by_key.get(key)
        return None if chunks is None else chunks.get(chunk)

    def put(self, key: tuple, chunk: int, lines: list[QLineF]) -> list[QLineF]:
        chunks = self._by_key.pop(key, None)
        if chunks is None or len(chunks) >= self.MAX_CHUNKS:
            chunks = {}
        self._by_key[key] = chunks  # (the most recent last)
        while len(self._by_key) > self.KEYS:
            del self._by_key[next(iter(self._by_key))]
        chunks[chunk] = lines
        return lines


def _scaled(pix: QPixmap, w: int, h: int) -> QPixmap:
    """A thumbnail at the size the lane shows it (kept: asked at every repaint)."""
    key = (pix.cacheKey(), w, h)
    got = _SCALED.get(key)
    if got is None:
        if len(_SCALED) > 512:
            _SCALED.clear()
        got = _SCALED[key] = pix.scaled(
            QSize(w, h),
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
    return got


_SCALED: dict[tuple[int, int, int], QPixmap] = {}


def _loudest(wave: list[float]) -> float:
    """The loudest sample of a waveform (kept per waveform: asked at every repaint)."""
    got = _LOUDEST.get(id(wave))
    if got is None or got[0] is not wave:
        if len(_LOUDEST) > 256:
            _LOUDEST.clear()
        got = _LOUDEST[id(wave)] = (wave, max(max(wave), 1e-3))
    return got[1]


_LOUDEST: dict[int, tuple[list[float], float]] = {}
WAVE_PEN = QPen(QColor(255, 255, 255, 150), 1)


def _bar(x: float, y: float, w: float, h: float) -> QRectF:
    """A tiny clip's bar, on the pixels that ``fillRect(QRectF(0, 2.5, w, h - 5))`` in its
    item (at x, y) covers: it rounds the edges (halves up), a brush fills by pixel centres. The
    view scrolls by whole pixels, so the same pixels at every scroll."""
    x1, x2 = math.floor(x + 0.5), math.floor(x + w + 0.5)
    y1, y2 = math.floor(y + 3.0), math.floor(y + h - 2.0)
    return QRectF(x1, y1, x2 - x1, y2 - y1)


class BarsItem(QGraphicsItem):
    """Every tiny clip (narrower than TINY_PX: zoomed far out) as a plain bar, drawn in one pass
    with one ``drawRects`` a lane: at fit-all 1,251 clips cost as many Python ``paint`` calls
    (~10 ms). Below every clip (the first item added at their Z); never hit by the mouse (the
    clips' own items, which stay in the scene without contents, are).

    A bar is where its item is, or, for an item a zoom has not laid out yet (stale), where the
    item belongs at this zoom. The rects are kept until the zoom, the project or an item's place
    changes (``changed``)."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__()
        self.view = view
        self._rect = QRectF(0, 0, 1, 1)
        # (zoom, sync count) -> per lane (its y): the bars' left edges (sorted), their rects
        self._cache: dict[tuple, list[tuple[float, float, QColor, list[float], list[QRectF]]]]
        self._cache = {}
        self.setZValue(1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never under the mouse, never in a rubber band

    def contains(self, point: QPointF) -> bool:
        return False

    def changed(self) -> None:
        """An item's place, size or tininess changed (the view repaints what it shows)."""
        self._cache.clear()

    def bars(self) -> list[tuple[float, float, QColor, list[float], list[QRectF]]]:
        view = self.view
        key = (view.px_per_us, view.sync_count)
        cache = self._cache
        lanes = cache.get(key)
        if lanes is not None:
            return lanes
        px = view.px_per_us
        lanes = []
        if view._min_us * px < TINY_PX or view.tiny_items:  # (else no clip is that short)
            dragging, stale = view._all_shown, view._stale
            by_y: dict[float, list[tuple[float, QRectF]]] = {}
            looks: dict[float, tuple[float, QColor]] = {}
            for item in view._clips.values():
                if dragging and item not in stale:  # where the drag has put it
                    if not item.tiny:
                        continue
                    x, w = item.x(), item._w
                else:  # where it belongs (and is, once laid out)
                    w = item.duration_us * px
                    if w >= TINY_PX:
                        continue
                    x, w = item.start_us * px, max(1.0, w)
                y, h = item.y(), item._h
                rows = by_y.get(y)
                if rows is None:
                    rows = by_y[y] = []
                    looks[y] = (h, _look(item.kind)[0])
                # (_bar, inline: x and y are never negative)
                x1, y1 = int(x + 0.5), int(y + 3.0)
                bar = QRectF(x1, y1, int(x + w + 0.5) - x1, int(y + h - 2.0) - y1)
                rows.append((x, bar))
            for y, rows in by_y.items():
                rows.sort(key=lambda r: r[0])
                h, color = looks[y]
                lanes.append((y, h, color, [r[0] for r in rows], [r[1] for r in rows]))
        cache[key] = lanes
        while len(cache) > 3:  # (the last few zooms)
            del cache[next(iter(cache))]
        return lanes

    def bar_rect(self, item: ClipItem) -> QRectF | None:
        """Where the bar of ``item`` is drawn (None: the item draws itself)."""
        view = self.view
        if item in view._stale:
            x, w = item.start_us * view.px_per_us, max(1.0, item.duration_us * view.px_per_us)
        elif item.tiny:
            x, w = item.x(), item._w
        else:
            return None
        if w >= TINY_PX:
            return None
        return _bar(x, item.y(), w, item._h)

    def update_bar(self, item: ClipItem) -> None:
        """Repaint the bar of ``item`` (its selection changed), if it has one."""
        r = self.bar_rect(item)
        if r is not None:
            self.update(r)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        exposed = option.exposedRect
        left, right = exposed.left() - TINY_PX, exposed.right()
        top, bottom = exposed.top(), exposed.bottom()
        painter.setPen(Qt.PenStyle.NoPen)
        for y, h, color, xs, rects in self.bars():
            if y > bottom or y + h < top:
                continue
            i0, i1 = bisect_left(xs, left), bisect_right(xs, right)
            if i0 < i1:
                painter.setBrush(color)
                painter.drawRects(rects[i0:i1])
        chosen = []
        clips = self.view._clips
        for cid in self.view.selected:
            item = clips.get(cid)
            r = self.bar_rect(item) if item is not None else None
            if r is not None and r.intersects(exposed):
                chosen.append(r)
        if chosen:
            painter.setBrush(SELECTED)
            painter.drawRects(chosen)


class TransitionItem(QGraphicsRectItem):
    """The handle over the overlap of a clip and the one before it; drag it to set the length.
    (A rect item for Qt's C++ ``boundingRect``, as ClipItem.)"""

    def __init__(self, view: TimelineView, clip_id: str) -> None:
        super().__init__(0, 0, 10, 16)
        self.setPen(Qt.PenStyle.NoPen)
        self.view = view
        self.clip_id = clip_id
        self.kind = "cut"
        self.key: tuple = ()
        self.span: tuple[int, int, int] = (0, 0, 1)  # clip start, overlap end, clip duration
        self.drawn_x = 0.0  # where it was last laid out (view._layout_stale)
        self.laid: tuple | None = None  # (zoom, span, y) it was laid out at
        self.culled = False  # away from the screen: no contents (view._update_shown)
        self._w = 10.0
        self._h = 16.0
        self.setZValue(3)
        self.setCursor(Qt.CursorShape.SizeHorCursor)

    def set_culled(self, culled: bool, repaint: bool = True) -> None:
        self.culled = culled
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, culled)
        if not culled and repaint:
            self.update()

    def set_geometry(self, x: float, y: float, w: float, h: float) -> None:
        if (w, h) != (self._w, self._h):
            self._w, self._h = w, h
            self.setRect(0, 0, w, h)
        self.setPos(x, y)  # (Qt returns at once when it has not moved)
        self.drawn_x = x

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        r = QRectF(0, 0, self._w, self._h)
        painter.setPen(QPen(QColor("#ffffff"), 1))
        painter.setBrush(QColor(0, 0, 0, 120))
        painter.drawRect(r)
        if self.kind != "cut":
            poly = QPolygonF(
                [r.topLeft(), r.bottomRight(), r.topRight(), r.bottomLeft(), r.topLeft()]
            )
            painter.setBrush(QColor(255, 212, 0, 160))
            painter.drawPolygon(poly)
