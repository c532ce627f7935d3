"""The timeline's scene items: a clip (thumbnails or waveform, label, missing mark) and the
handle of the transition into a clip. Their geometry and look are set by the view."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from .lanes import KIND_COLOR

if TYPE_CHECKING:
    from .view import TimelineView


SELECTED = QColor("#ffd400")
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


class ClipItem(QGraphicsItem):
    """One clip; its geometry and look are set by the view from the model."""

    def __init__(self, view: TimelineView, clip_id: str) -> None:
        super().__init__()
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
        self._wave_lines: tuple[tuple, list[QLineF]] = ((), [])
        self.selected = False
        self.key: tuple = ()
        self.audio_drag: dict | None = None  # a fade or volume-point drag in progress
        self._w = 1.0
        self._h = 1.0
        self._x = self._y = -1.0
        self._rect = QRectF(0, 0, 1, 1)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)
        # the exposed rect is the part being repainted, not the whole item: the music clip spans
        # the timeline and draws only what is on screen
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def set_geometry(self, x: float, y: float, w: float, h: float) -> None:
        w = max(1.0, w)
        if (w, h) != (self._w, self._h):
            self.prepareGeometryChange()
            self._w, self._h = w, h
            self._rect = QRectF(0, 0, w, h)
        self.setPos(x, y)  # (Qt returns at once when it has not moved)
        self.drawn_x = x

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        look = _look(self.kind)
        if self._w < 4:  # zoomed far out: a plain bar is all that can be seen
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
        repaint draws the same lines as a whole one); a clip up to a few screens wide keeps its
        lines until the zoom or the clip changes, a wider one (the music) draws what is exposed."""
        if src_us <= 0:
            return
        px_per_us = self.view.px_per_us
        step = float(max(1, round(self.view.viewport().width() / 800)))
        whole = r.width() <= 4000 and self.kind != "music"
        key = (px_per_us, r.width(), r.height(), step, id(wave), self.source_in_us, src_us)
        if whole and self._wave_lines[0] == key:
            lines = self._wave_lines[1]
        else:
            lines = self._wave(r, wave, src_us, step, r if whole else exposed)
            if whole:
                self._wave_lines = (key, lines)
        painter.setPen(WAVE_PEN)
        painter.drawLines(lines)

    def _wave(
        self, r: QRectF, wave: list[float], src_us: int, step: float, span: QRectF
    ) -> list[QLineF]:
        px_per_us = self.view.px_per_us
        mid = r.center().y() + 5
        amp = (r.height() - 16) / 2
        loud = _loudest(wave)
        n = len(wave)
        lines: list[QLineF] = []
        x0 = max(r.left(), span.left())
        x1 = min(r.right(), span.right())
        x = r.left() + math.floor((x0 - r.left()) / step) * step
        song = None
        if self.kind == "music":  # looped with crossfades, or once (audio.py)
            from .audio import music_source_at

            song = music_source_at(self.view, self.source_in_us, src_us, self.duration_us)
        while x <= x1:
            t = self.source_in_us + (x - r.left()) / px_per_us
            if song is not None:
                t = song(int((x - r.left()) / px_per_us))
                if t is None:
                    break
            i = int(t / src_us * n)
            if 0 <= i < n:
                h = wave[i] / loud * amp
                lines.append(QLineF(x, mid - h, x, mid + h))
            x += step
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


class TransitionItem(QGraphicsItem):
    """The handle over the overlap of a clip and the one before it; drag it to set the length."""

    def __init__(self, view: TimelineView, clip_id: str) -> None:
        super().__init__()
        self.view = view
        self.clip_id = clip_id
        self.kind = "cut"
        self.key: tuple = ()
        self.span: tuple[int, int, int] = (0, 0, 1)  # clip start, overlap end, clip duration
        self.drawn_x = 0.0  # where it was last laid out (view._layout_stale)
        self._w = 10.0
        self._h = 16.0
        self._rect = QRectF(0, 0, 10, 16)
        self.setZValue(3)
        self.setCursor(Qt.CursorShape.SizeHorCursor)

    def set_geometry(self, x: float, y: float, w: float, h: float) -> None:
        if (w, h) != (self._w, self._h):
            self.prepareGeometryChange()
            self._w, self._h = w, h
            self._rect = QRectF(0, 0, w, h)
        self.setPos(x, y)  # (Qt returns at once when it has not moved)
        self.drawn_x = x

    def boundingRect(self) -> QRectF:
        return self._rect

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
