"""On-canvas editing over the preview: select a picture, an overlay or the watermark, move it,
scale it by a corner, turn it by the round handle; snap to the centre lines and the platform's
safe area; guides for the TikTok / Douyin / Shorts interface zones; double-click a caption or
the title to type its words in place.

The overlay is a transparent child covering the preview's ``FrameView``: it receives the mouse.
While a handle is dragged the outline follows the pointer; the release pushes ONE named command
(``edits.commands.transform``), so the frame re-renders once and one Ctrl+Z undoes the gesture.
When the clip has keyframes, the command sets the keyframe at the playhead's time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QTransform
from PySide6.QtWidgets import QLineEdit, QWidget

from ..core.model import Clip, Project, Transform
from ..edits.commands.fields import ClipPropertyCommand, ProjectPropertyCommand
from ..edits.commands.transform import (
    CaptionTextCommand,
    ClipTransformCommand,
    WatermarkPlaceCommand,
)

HANDLE_PX = 8  # half the side of a handle, in widget pixels
SNAP_PX = 8  # snap distance, in widget pixels
ROTATE_GAP_PX = 24  # the rotation handle sits this far above the box

# The platform's interface over the video (fractions of a 9:16 canvas): right-hand buttons,
# bottom caption/description and the top bar. Pictures snapped inside stay visible.
SAFE_AREA = QRectF(0.06, 0.10, 0.74, 0.70)  # x, y, w, h: the zone clear of the interface
UI_ZONES = (
    QRectF(0.0, 0.0, 1.0, 0.08),  # top bar (search, live, tabs)
    QRectF(0.84, 0.34, 0.16, 0.46),  # right rail (like, comment, share)
    QRectF(0.0, 0.82, 1.0, 0.18),  # bottom (name, description, music)
)


@dataclass
class Item:
    """Something on the canvas at the playhead: ``kind`` is "clip", "watermark", "caption" or
    "title"; the box is in canvas pixels (centre, size, rotation)."""

    kind: str
    cx: float
    cy: float
    w: float
    h: float
    rotation: float = 0.0
    clip_id: str = ""
    text: str = ""

    def polygon(self) -> list[QPointF]:
        t = QTransform().translate(self.cx, self.cy).rotate(self.rotation)
        hw, hh = self.w / 2, self.h / 2
        return [t.map(QPointF(x, y)) for x, y in ((-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh))]

    def contains(self, p: QPointF) -> bool:
        inv = QTransform().translate(self.cx, self.cy).rotate(self.rotation).inverted()[0]
        q = inv.map(p)
        return abs(q.x()) <= self.w / 2 and abs(q.y()) <= self.h / 2


def _fit_inside(sw: int, sh: int, w: float, h: float) -> tuple[float, float]:
    if sw <= 0 or sh <= 0:
        return w, h
    k = min(w / sw, h / sh)
    return sw * k, sh * k


class CanvasOverlay(QWidget):
    """Handles and guides over the preview; pushes one command per gesture."""

    selection_changed = Signal(str)  # a clip id, "watermark", or "" for none

    def __init__(self, view: QWidget, panel) -> None:
        super().__init__(view)
        self.panel = panel
        self.view = view
        self.selected = ""  # a clip id or "watermark"
        self.guides = False  # the platform's interface zones shown
        self.snap_lines: list[tuple[str, float]] = []  # shown while dragging: ("x"|"y", px)
        self._drag: str = ""  # "move", "scale", "rotate"
        self._press = QPointF()
        self._start: Item | None = None
        self._live: Item | None = None
        self.editor: QLineEdit | None = None
        self._edit_target: Item | None = None
        self._logo_size: tuple[str, int, int] = ("", 0, 0)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setGeometry(view.rect())
        view.installEventFilter(self)

    # ------------------------------------------------------------------ geometry
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.view and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.view.rect())
        return False

    def project(self) -> Project:
        return self.panel.session().project

    def mapping(self) -> tuple[float, float, float]:
        """(scale, left, top): canvas pixels -> widget pixels, as FrameView letterboxes."""
        tpl = self.project().template
        s = min(self.width() / tpl.width, self.height() / tpl.height)
        return s, (self.width() - tpl.width * s) / 2, (self.height() - tpl.height * s) / 2

    def to_widget(self, x: float, y: float) -> QPointF:
        s, left, top = self.mapping()
        return QPointF(left + x * s, top + y * s)

    def to_canvas(self, p: QPointF) -> QPointF:
        s, left, top = self.mapping()
        return QPointF((p.x() - left) / s, (p.y() - top) / s)

    def items(self) -> list[Item]:
        """What can be picked at the playhead, topmost last."""
        project = self.project()
        tpl = project.template
        w, h = tpl.width, tpl.height
        t = self.panel.playhead.position
        out: list[Item] = []
        main = project.timeline.track("video")  # the one video track the render draws
        for track in project.timeline.tracks:
            if track.muted or not (track is main or track.kind == "overlay"):
                continue
            for clip in track.clips:
                if not clip.asset_id or not clip.start_us <= t < clip.end_us:
                    continue
                asset = project.assets.get(clip.asset_id)
                if asset is None:
                    continue
                tr = clip.transform_at(t - clip.start_us)
                if track.kind == "overlay":
                    bw, bh = _fit_inside(asset.width, asset.height, w, h)
                else:
                    bw, bh = w, h
                item = Item("clip", tr.x * w, tr.y * h, bw * tr.scale, bh * tr.scale)
                item.rotation, item.clip_id = tr.rotation, clip.id
                if track.kind == "video":
                    out.insert(0, item)
                else:
                    out.append(item)
        for kind, top, bottom, clip_id, text, cx, width, rot in self._texts(t):
            if kind == "text":
                out.append(
                    Item("text", cx, (top + bottom) / 2, width, bottom - top, rot, clip_id, text)
                )
        if tpl.watermark_image or tpl.watermark_text.strip():
            out.append(self._watermark_item())
        return out

    def _texts(self, t: int) -> list[tuple]:
        return self.panel.text_boxes(t) if hasattr(self.panel, "text_boxes") else []

    def _watermark_item(self) -> Item:
        tpl = self.project().template
        w, h = tpl.width, tpl.height
        if not tpl.watermark_image:
            return self._text_watermark_item()
        path = tpl.watermark_image
        if self._logo_size[0] != path:
            img = QImage(path)
            self._logo_size = (path, img.width(), img.height())
        _p, iw, ih = self._logo_size
        lw = max(2, int(round(w / 5 * tpl.watermark_scale / 2)) * 2)
        lh = lw * ih / iw if iw > 0 else lw
        margin = max(8, w // 30)
        corner = tpl.watermark_position
        cx = margin + lw / 2 if corner.endswith("left") else w - margin - lw / 2
        cy = margin + lh / 2 if corner.startswith("top") else h - margin - lh / 2
        if tpl.watermark_x is not None:
            cx = tpl.watermark_x * w
        if tpl.watermark_y is not None:
            cy = tpl.watermark_y * h
        return Item("watermark", cx, cy, lw, lh)

    def _text_watermark_item(self) -> Item:
        """A text watermark's box, as the captions' Watermark style draws it (half the caption
        size, in its corner within the style's margins, or where it was moved)."""
        tpl = self.project().template
        w, h = tpl.width, tpl.height
        size = max(10, round(round(tpl.caption.size * min(w, h) / 1080) * 0.5))
        size *= tpl.watermark_scale
        text = tpl.watermark_text.strip()
        tw = sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in text)
        th = size * 1.25
        mx, my = max(24, w // 30), max(24, h // 40)
        corner = tpl.watermark_position
        cx = mx + tw / 2 if corner.endswith("left") else w - mx - tw / 2
        cy = my + th / 2 if corner.startswith("top") else h - my - th / 2
        if tpl.watermark_x is not None:
            cx = tpl.watermark_x * w
        if tpl.watermark_y is not None:
            cy = tpl.watermark_y * h
        return Item("watermark", cx, cy, max(tw, size), th)

    def selected_item(self) -> Item | None:
        return next((i for i in self.items() if self._key(i) == self.selected), None)

    @staticmethod
    def _key(item: Item) -> str:
        return item.clip_id if item.kind in ("clip", "text") else item.kind

    def handles(self, item: Item) -> dict[str, QPointF]:
        """Widget positions of the corner handles and the rotation handle."""
        pts = [self.to_widget(p.x(), p.y()) for p in item.polygon()]
        top_mid = (pts[0] + pts[1]) / 2
        centre = self.to_widget(item.cx, item.cy)
        up = top_mid - centre
        n = math.hypot(up.x(), up.y()) or 1.0
        rot = top_mid + up * (ROTATE_GAP_PX / n)
        return {"tl": pts[0], "tr": pts[1], "br": pts[2], "bl": pts[3], "rotate": rot}

    # ------------------------------------------------------------------ mouse
    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        pos = event.position()
        current = self.selected_item()
        if current is not None:
            for name, hp in self.handles(current).items():
                if abs(hp.x() - pos.x()) <= HANDLE_PX and abs(hp.y() - pos.y()) <= HANDLE_PX:
                    self._begin("rotate" if name == "rotate" else "scale", current, pos)
                    return
        c = self.to_canvas(pos)
        hit = next((i for i in reversed(self.items()) if i.contains(c)), None)
        if hit is None:
            self._select("")
            return
        self._select(self._key(hit))
        self._begin("move", hit, pos)

    def _begin(self, mode: str, item: Item, pos: QPointF) -> None:
        self._drag, self._press = mode, pos
        self._start = Item(**item.__dict__)
        self._live = Item(**item.__dict__)

    def follow_selection(self, clip_ids: list[str]) -> None:
        """The timeline's selection: one clip is picked here too (the watermark, which is no
        clip, stays picked when the timeline's selection empties)."""
        if len(clip_ids) == 1:
            self._select(clip_ids[0], tell=False)
        elif self.selected != "watermark":
            self._select("", tell=False)  # several clips: none here, and the timeline keeps them

    def _select(self, key: str, tell: bool = True) -> None:
        """Pick ``key``; ``tell`` (a pick made here) says so to the timeline."""
        if key != self.selected:
            self.selected = key
            if tell:
                self.selection_changed.emit(key)
        self.update()

    def mouseMoveEvent(self, event) -> None:
        if not self._drag or self._start is None or self._live is None:
            self._hover(event.position())
            return super().mouseMoveEvent(event)
        s, _l, _t = self.mapping()
        pos = event.position()
        start, live = self._start, self._live
        centre = self.to_widget(start.cx, start.cy)
        self.snap_lines = []
        if self._drag == "move":
            d = (pos - self._press) / s
            live.cx, live.cy = self._snap(start.cx + d.x(), start.cy + d.y(), start)
        elif self._drag == "scale":
            r0 = math.hypot(self._press.x() - centre.x(), self._press.y() - centre.y()) or 1.0
            r1 = math.hypot(pos.x() - centre.x(), pos.y() - centre.y())
            k = max(0.05, r1 / r0)
            live.w, live.h = start.w * k, start.h * k
        else:
            a0 = math.atan2(self._press.y() - centre.y(), self._press.x() - centre.x())
            a1 = math.atan2(pos.y() - centre.y(), pos.x() - centre.x())
            angle = start.rotation + math.degrees(a1 - a0)
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                angle = round(angle / 15) * 15
            live.rotation = angle
        self.update()

    def _hover(self, pos: QPointF) -> None:
        """The pointer says what a press would do: turn, resize or move."""
        shape = Qt.CursorShape.ArrowCursor
        current = self.selected_item()
        if current is not None:
            for name, hp in self.handles(current).items():
                if abs(hp.x() - pos.x()) <= HANDLE_PX and abs(hp.y() - pos.y()) <= HANDLE_PX:
                    shape = (
                        Qt.CursorShape.CrossCursor
                        if name == "rotate"
                        else Qt.CursorShape.SizeFDiagCursor
                        if name in ("tl", "br")
                        else Qt.CursorShape.SizeBDiagCursor
                    )
                    break
            else:
                if current.contains(self.to_canvas(pos)):
                    shape = Qt.CursorShape.SizeAllCursor
        if self.cursor().shape() != shape:
            self.setCursor(shape)

    def _snap(self, cx: float, cy: float, item: Item) -> tuple[float, float]:
        """Centre lines, then the safe area's edges (the box's sides), within SNAP_PX."""
        tpl = self.project().template
        w, h = tpl.width, tpl.height
        s, _l, _t = self.mapping()
        reach = SNAP_PX / s
        xs = [(w / 2, 0.0)]
        ys = [(h / 2, 0.0)]
        if self.guides:
            sa = SAFE_AREA
            xs += [(sa.left() * w, item.w / 2), (sa.right() * w, -item.w / 2)]
            ys += [(sa.top() * h, item.h / 2), (sa.bottom() * h, -item.h / 2)]
        for line, off in xs:
            if abs(cx - off - line) <= reach:
                cx = line + off
                self.snap_lines.append(("x", line))
                break
        for line, off in ys:
            if abs(cy - off - line) <= reach:
                cy = line + off
                self.snap_lines.append(("y", line))
                break
        return cx, cy

    def mouseReleaseEvent(self, event) -> None:
        if not self._drag or self._start is None or self._live is None:
            return super().mouseReleaseEvent(event)
        mode, start, live = self._drag, self._start, self._live
        self._drag, self._start, self._live = "", None, None
        self.snap_lines = []
        self.update()
        if (start.cx, start.cy, start.w, start.rotation) == (
            live.cx,
            live.cy,
            live.w,
            live.rotation,
        ):
            return  # a click: selection only
        self._commit(mode, start, live)

    def _commit(self, mode: str, start: Item, live: Item) -> None:
        project = self.project()
        tpl = project.template
        w, h = tpl.width, tpl.height
        if live.kind == "watermark":
            scale = tpl.watermark_scale * (live.w / start.w if start.w else 1.0)
            self.panel.bridge.push(WatermarkPlaceCommand(live.cx / w, live.cy / h, scale))
            return
        found = project.timeline.find_clip(live.clip_id)
        if found is None:
            return
        clip: Clip = found[1]
        at = self.panel.playhead.position - clip.start_us
        now = clip.transform_at(at)
        k = live.w / start.w if start.w else 1.0
        new = Transform(live.cx / w, live.cy / h, now.scale * k, live.rotation, now.opacity)
        new.scale = min(10.0, max(0.05, new.scale))
        new.x = min(2.0, max(-1.0, new.x))
        new.y = min(2.0, max(-1.0, new.y))
        self.panel.bridge.push(ClipTransformCommand(clip.id, new, at_us=at, gesture=mode))

    # ------------------------------------------------------------------ text in place
    def mouseDoubleClickEvent(self, event) -> None:
        c = self.to_canvas(event.position())
        item = self._text_item_at(c)
        if item is None:
            return super().mouseDoubleClickEvent(event)
        self.begin_text_edit(item)

    def _text_item_at(self, c: QPointF) -> Item | None:
        project = self.project()
        t = self.panel.playhead.position
        texts = [i for i in self.items() if i.kind == "text"]
        hit = next((i for i in reversed(texts) if i.contains(c)), None)
        if hit is not None:
            return hit
        for kind, top, bottom, clip_id, text, *_rest in self._texts(t):
            if kind != "text" and top <= c.y() <= bottom:
                return Item(
                    kind,
                    project.template.width / 2,
                    (top + bottom) / 2,
                    project.template.width,
                    bottom - top,
                    clip_id=clip_id,
                    text=text,
                )
        return None

    def begin_text_edit(self, item: Item) -> None:
        self.cancel_text_edit()
        editor = QLineEdit(self)
        editor.setObjectName("canvasTextEditor")
        editor.setText(item.text)
        editor.selectAll()
        s, _l, _t = self.mapping()
        top_left = self.to_widget(0, item.cy - item.h / 2)
        height = max(24, int(item.h * s))
        editor.setGeometry(
            int(top_left.x()), int(top_left.y()), self.width() - 2 * int(top_left.x()), height
        )
        editor.returnPressed.connect(self.commit_text_edit)
        editor.installEventFilter(self)
        self.editor, self._edit_target = editor, item
        editor.show()
        editor.setFocus()

    def commit_text_edit(self) -> None:
        editor, item = self.editor, self._edit_target
        if editor is None or item is None:
            return
        text = editor.text()
        self.cancel_text_edit()
        if text.strip() == item.text.strip():
            return
        if item.kind == "title":
            self.panel.bridge.push(ProjectPropertyCommand(title=text.strip()))
        elif item.kind == "text":
            self.panel.bridge.push(ClipPropertyCommand(item.clip_id, text=text.strip()))
        else:
            self.panel.bridge.push(CaptionTextCommand(item.clip_id, text))

    def cancel_text_edit(self) -> None:
        if self.editor is not None:
            editor, self.editor, self._edit_target = self.editor, None, None
            editor.hide()
            editor.deleteLater()
            self.setFocus()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.editor is not None:
            self.cancel_text_edit()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ painting
    def set_guides(self, on: bool) -> None:
        self.guides = bool(on)
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        tpl = self.project().template
        w, h = tpl.width, tpl.height
        if self.guides:
            for zone in UI_ZONES:
                a = self.to_widget(zone.left() * w, zone.top() * h)
                b = self.to_widget(zone.right() * w, zone.bottom() * h)
                p.fillRect(QRectF(a, b), QColor(255, 60, 60, 60))
            a = self.to_widget(SAFE_AREA.left() * w, SAFE_AREA.top() * h)
            b = self.to_widget(SAFE_AREA.right() * w, SAFE_AREA.bottom() * h)
            p.setPen(QPen(QColor("#3fd0ff"), 1, Qt.PenStyle.DashLine))
            p.drawRect(QRectF(a, b))
        for axis, line in self.snap_lines:
            p.setPen(QPen(QColor("#ff3fd0"), 1))
            if axis == "x":
                p.drawLine(self.to_widget(line, 0), self.to_widget(line, h))
            else:
                p.drawLine(self.to_widget(0, line), self.to_widget(w, line))
        item = self._live or self.selected_item()
        if item is not None:
            pts = [self.to_widget(q.x(), q.y()) for q in item.polygon()]
            p.setPen(QPen(QColor("#ffd400"), 1.5))
            for i in range(4):
                p.drawLine(pts[i], pts[(i + 1) % 4])
            hs = self.handles(item)
            p.drawLine((pts[0] + pts[1]) / 2, hs["rotate"])
            p.setBrush(QColor("#ffffff"))
            for name, hp in hs.items():
                r = QRectF(hp.x() - HANDLE_PX / 2, hp.y() - HANDLE_PX / 2, HANDLE_PX, HANDLE_PX)
                if name == "rotate":
                    p.drawEllipse(r)
                else:
                    p.drawRect(r)
        p.end()


__all__ = ["SAFE_AREA", "UI_ZONES", "CanvasOverlay", "Item"]
