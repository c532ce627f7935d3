"""Around the timeline view: the time ruler (click or drag to move the playhead; In and Out
points and the loop range shown on it) and the track headers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QWidget,
)

from ...core.timebase import fmt_time
from .lanes import HEADER_W, KIND_COLOR, RULER_H

if TYPE_CHECKING:
    from .view import TimelineView


class Ruler(QWidget):
    """The time scale above the view; click or drag on it to move the playhead."""

    def __init__(self, view: TimelineView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setFixedHeight(RULER_H)
        self.setMouseTracking(False)
        self.in_us: int | None = None
        self.out_us: int | None = None
        self.loop = False
        view.playhead.moved.connect(self.update)
        view.zoom_changed.connect(self.update)

    def set_range(self, in_us: int | None, out_us: int | None, loop: bool) -> None:
        """Show In/Out (None: unset) and whether playback loops between them."""
        self.in_us, self.out_us, self.loop = in_us, out_us, loop
        tip = []
        if in_us is not None:
            tip.append(self.tr("In: {0}").format(fmt_time(in_us)))
        if out_us is not None:
            tip.append(self.tr("Out: {0}").format(fmt_time(out_us)))
        self.setToolTip("\n".join(tip))
        self.update()

    def _t_at(self, x: float) -> int:
        return self.view.t_of(x + self.view.horizontalScrollBar().value())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.view.playhead.set(self._t_at(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.view.playhead.set(self._t_at(event.position().x()))

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#2b2c33"))
        px_s = self.view.px_per_s
        scroll = self.view.horizontalScrollBar().value()
        step = 1.0
        for s in (0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600):
            if s * px_s >= 70:
                step = s
                break
        else:
            step = 600
        t0 = scroll / px_s
        t1 = (scroll + self.width()) / px_s
        first = int(t0 / step)
        p.setPen(QColor("#9a9ba5"))
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        p.setFont(font)
        i = first
        while i * step <= t1 + step:
            t = i * step
            x = t * px_s - scroll
            p.drawLine(QPointF(x, RULER_H - 8), QPointF(x, RULER_H))
            mm, ss = divmod(t, 60)
            label = f"{int(mm)}:{ss:04.1f}" if step < 1 else f"{int(mm)}:{int(ss):02d}"
            p.drawText(QPointF(x + 3, RULER_H - 11), label)
            for k in range(1, 5):
                xs = x + k * step * px_s / 5
                p.drawLine(QPointF(xs, RULER_H - 4), QPointF(xs, RULER_H))
            i += 1
        self._paint_range(p, scroll)
        x = self.view.x_of(self.view.playhead.position) - scroll
        p.setPen(QPen(QColor("#ff4d4d"), 2))
        p.setBrush(QColor("#ff4d4d"))
        p.drawPolygon(QPolygonF([QPointF(x - 5, 0), QPointF(x + 5, 0), QPointF(x, 8)]))
        p.drawLine(QPointF(x, 0), QPointF(x, RULER_H))
        p.end()

    def _paint_range(self, p: QPainter, scroll: int) -> None:
        if self.in_us is None and self.out_us is None:
            return
        end = self.view.playhead.duration_us
        x0 = self.view.x_of(self.in_us if self.in_us is not None else 0) - scroll
        x1 = self.view.x_of(self.out_us if self.out_us is not None else end) - scroll
        colour = QColor("#4fc3f7") if self.loop else QColor("#9a9ba5")
        band = QColor(colour)
        band.setAlpha(70)
        p.fillRect(QRectF(x0, 0, max(1.0, x1 - x0), RULER_H), band)
        p.setPen(QPen(colour, 2))
        p.setBrush(colour)
        if self.in_us is not None:  # [ at In, ] at Out
            p.drawLine(QPointF(x0, 0), QPointF(x0, RULER_H))
            p.drawPolygon(QPolygonF([QPointF(x0, 0), QPointF(x0 + 6, 0), QPointF(x0, 6)]))
        if self.out_us is not None:
            p.drawLine(QPointF(x1, 0), QPointF(x1, RULER_H))
            p.drawPolygon(QPolygonF([QPointF(x1, 0), QPointF(x1 - 6, 0), QPointF(x1, 6)]))


class TrackHeaders(QWidget):
    def __init__(self, view: TimelineView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setFixedWidth(HEADER_W)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#2b2c33"))
        dy = self.view.verticalScrollBar().value()
        names = {
            "video": self.tr("Video"),
            "overlay": self.tr("Text"),
            "voice": self.tr("Voice"),
            "music": self.tr("Music"),
            "audio": self.tr("Audio"),
        }
        for lane in self.view.lanes:
            r = QRectF(0, lane.y - dy, HEADER_W, lane.h)
            p.fillRect(r.adjusted(0, 0, 0, -1), QColor("#31323a"))
            p.fillRect(QRectF(0, r.top(), 4, r.height() - 1), KIND_COLOR.get(lane.kind))
            p.setPen(QColor("#d8d9de") if lane.track_id else QColor("#76777f"))
            name = lane.name if lane.name.lower() != lane.kind else names.get(lane.kind, lane.name)
            if lane.name in ("Video", "Text", "Voice", "Music", "Audio"):
                name = names.get(lane.kind, lane.name)
            p.drawText(
                r.adjusted(10, 0, -4, 0),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                name,
            )
        p.end()
