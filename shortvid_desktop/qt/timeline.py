"""The timeline: a QGraphicsView of tracks and clips with a time ruler and track headers.

The view never owns data: it redraws from the project on every change event (items are kept by
clip id and only re-positioned), and every gesture becomes named commands pushed through the
undo bridge in one step (moving a selection, trimming an edge, dragging a transition handle).
While a mouse drag is in progress only the items move; the project changes on release.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QGridLayout,
    QRubberBand,
    QStyleOptionGraphicsItem,
    QToolBar,
    QWidget,
)

from ..core.model import Clip, Project
from ..core.timebase import US_PER_SECOND, fmt_time
from ..edits import (
    ClipDuplicateCommand,
    ClipMoveCommand,
    ClipRemoveCommand,
    ClipsRippleDeleteCommand,
    Command,
)
from ..session.editing import (
    STANDARD_TRACKS,
    frame_us,
    snap,
    snap_move,
    snap_points,
    split_commands,
    text_clip_commands,
    transition_commands,
    transition_overlap,
    trim_commands,
)
from .drops import accept_copy, dropped_paths, has_files
from .media_cache import MediaCache
from .state import Playhead
from .undo import UndoBridge

ASSET_MIME = "application/x-shortvid-asset-ids"
RULER_H = 26
HEADER_W = 92
EDGE_PX = 6
SNAP_PX = 8
LANE_H = {"video": 58, "overlay": 32, "voice": 46, "music": 40, "audio": 40}
KIND_COLOR = {
    "video": QColor("#3b6ea5"),
    "overlay": QColor("#8a5fb0"),
    "voice": QColor("#3f9a6b"),
    "music": QColor("#b07a2f"),
    "audio": QColor("#a0573f"),
}
MIN_PX_PER_S = 1.0
MAX_PX_PER_S = 2000.0


@dataclass
class Lane:
    track_id: str  # "" for a lane whose track does not exist yet
    kind: str
    name: str
    y: float
    h: float


def lanes_for(project: Project) -> list[Lane]:
    """The project's tracks, then an empty lane for each standard kind it lacks."""
    lanes: list[Lane] = []
    y = 0.0
    kinds = set()
    for t in project.timeline.tracks:
        h = LANE_H.get(t.kind, 40)
        lanes.append(Lane(t.id, t.kind, t.name or t.kind.capitalize(), y, h))
        kinds.add(t.kind)
        y += h
    for kind, name in STANDARD_TRACKS:
        if kind not in kinds:
            h = LANE_H[kind]
            lanes.append(Lane("", kind, name, y, h))
            y += h
    return lanes


# =========================================================================== items
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
        self.selected = False
        self.key: tuple = ()
        self._w = 1.0
        self._h = 1.0
        self._x = self._y = -1.0
        self._rect = QRectF(0, 0, 1, 1)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)

    def set_geometry(self, x: float, y: float, w: float, h: float) -> None:
        if (w, h) != (self._w, self._h):
            self.prepareGeometryChange()
            self._w, self._h = max(1.0, w), h
        self.setPos(x, y)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self._w, self._h)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        base = KIND_COLOR.get(self.kind, QColor("#666"))
        if self._w < 4:  # zoomed far out: a plain bar is all that can be seen
            painter.fillRect(
                QRectF(0, 2.5, max(1.0, self._w), self._h - 5),
                QColor("#ffd400") if self.selected else base,
            )
            return
        r = QRectF(0.5, 2.5, self._w - 1, self._h - 5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(base.darker(115) if not self.selected else base.lighter(125))
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
                    scaled = pix.scaled(
                        QSize(int(tw), int(th)),
                        Qt.AspectRatioMode.IgnoreAspectRatio,
                        Qt.TransformationMode.FastTransformation,
                    )
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
        pen = QPen(QColor("#ffd400") if self.selected else base.lighter(150))
        pen.setWidthF(2.0 if self.selected else 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
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
            vis_left = max(text_rect.left(), exposed.left() + 2)
            text_rect.setLeft(min(vis_left, text_rect.right()))
            painter.drawText(
                text_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.label,
            )

    def _paint_wave(
        self, painter: QPainter, r: QRectF, wave: list[float], src_us: int, exposed: QRectF
    ) -> None:
        if src_us <= 0:
            return
        px_per_us = self.view.px_per_us
        mid = r.center().y() + 5
        amp = (r.height() - 16) / 2
        loud = max(max(wave), 1e-3)
        n = len(wave)
        path = QPainterPath()
        x0 = max(r.left(), exposed.left())
        x1 = min(r.right(), exposed.right())
        step = max(1.0, (x1 - x0) / 600)
        x = x0
        while x <= x1:
            t = self.source_in_us + (x - r.left()) / px_per_us
            if self.kind == "music":
                t %= src_us
            i = int(t / src_us * n)
            if 0 <= i < n:
                h = wave[i] / loud * amp
                path.moveTo(x, mid - h)
                path.lineTo(x, mid + h)
            x += step
        painter.setPen(QPen(QColor(255, 255, 255, 150), 1))
        painter.drawPath(path)


class TransitionItem(QGraphicsItem):
    """The handle over the overlap of a clip and the one before it; drag it to set the length."""

    def __init__(self, view: TimelineView, clip_id: str) -> None:
        super().__init__()
        self.view = view
        self.clip_id = clip_id
        self.kind = "cut"
        self.key: tuple = ()
        self._w = 10.0
        self._h = 16.0
        self._rect = QRectF(0, 0, 10, 16)
        self.setZValue(3)
        self.setCursor(Qt.CursorShape.SizeHorCursor)

    def set_geometry(self, x: float, y: float, w: float, h: float) -> None:
        if (w, h) != (self._w, self._h):
            self.prepareGeometryChange()
            self._w, self._h = w, h
        self.setPos(x, y)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self._w, self._h)

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


# =========================================================================== the view
class TimelineView(QGraphicsView):
    selection_changed = Signal(list)  # clip ids
    files_dropped = Signal(list, str, str, int)  # paths, track id ("" new), lane kind, time
    assets_dropped = Signal(list, str, str, int)  # asset ids, track id, lane kind, time
    zoom_changed = Signal(float)
    message = Signal(str)
    scrolled = Signal()

    def __init__(
        self,
        project_getter: Callable[[], Project],
        bridge: UndoBridge,
        playhead: Playhead,
        media_cache: MediaCache | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project_getter
        self.bridge = bridge
        self.playhead = playhead
        self.media_cache = media_cache
        self.px_per_us = 60.0 / US_PER_SECOND
        self.snapping = True
        self.lanes: list[Lane] = []
        self.selected: list[str] = []
        self.label_font = QFont(self.font())
        self.label_font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        self._clips: dict[str, ClipItem] = {}
        self._transitions: dict[str, TransitionItem] = {}
        self._drag: dict | None = None
        self._snap_line: int | None = None
        self._drop_time: int | None = None
        self._scene_bounds: list[int] = []
        self._band = QRubberBand(QRubberBand.Shape.Rectangle, self.viewport())

        scene = QGraphicsScene(self)
        scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setScene(scene)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumHeight(120)
        bridge.changed.connect(self._on_bridge_changed)
        playhead.moved.connect(self._on_playhead_moved)
        if media_cache is not None:
            media_cache.updated.connect(self._on_media_cache_updated)
        self.sync()

    # ------------------------------------------------------------------ model -> items
    def _on_bridge_changed(self, _event: object) -> None:
        self.sync()

    def _on_media_cache_updated(self, asset_id: str) -> None:
        for item in self._clips.values():
            if item.asset_id == asset_id:
                item.update()

    def x_of(self, t_us: int) -> float:
        return t_us * self.px_per_us

    def t_of(self, x: float) -> int:
        return max(0, int(round(x / self.px_per_us)))

    def sync(self) -> None:
        """Re-read the project: lanes, clips, transitions (items kept by id; an item's look is
        refreshed only when its clip or asset changed)."""
        project = self.project()
        self.lanes = lanes_for(project)
        lane_of = {lane.track_id: lane for lane in self.lanes if lane.track_id}
        missing = {
            aid for aid, a in project.assets.items() if a.path and not os.path.isfile(a.path)
        }
        seen: set[str] = set()
        seen_tr: set[str] = set()
        scene = self.scene()
        x_of = self.x_of
        for track in project.timeline.tracks:
            lane = lane_of[track.id]
            ordered = track.sorted_clips()
            prev: Clip | None = None
            for clip in ordered:
                item = self._clips.get(clip.id)
                if item is None:
                    item = ClipItem(self, clip.id)
                    self._clips[clip.id] = item
                    scene.addItem(item)
                asset = project.assets.get(clip.asset_id) if clip.asset_id else None
                key = (
                    track.kind,
                    clip.start_us,
                    clip.duration_us,
                    clip.source_in_us,
                    clip.text,
                    clip.asset_id,
                    asset.path if asset is not None else "",
                    clip.asset_id in missing,
                )
                if key != item.key:
                    item.key = key
                    self._fill(item, clip, track.kind, asset, clip.asset_id in missing)
                item.set_geometry(x_of(clip.start_us), lane.y, x_of(clip.duration_us), lane.h)
                seen.add(clip.id)
                if track.kind == "video" and prev is not None:
                    seen_tr.add(clip.id)
                    self._place_transition(clip, prev, lane)
                prev = clip if prev is None or clip.end_us >= prev.end_us else prev
        for cid in list(self._clips):
            if cid not in seen:
                scene.removeItem(self._clips.pop(cid))
        for cid in list(self._transitions):
            if cid not in seen_tr:
                scene.removeItem(self._transitions.pop(cid))
        self.selected = [c for c in self.selected if c in self._clips]
        chosen = set(self.selected)
        for cid, item in self._clips.items():
            sel = cid in chosen
            if item.selected != sel:
                item.selected = sel
                item.update()
        from ..session.editing import scene_boundaries

        self._scene_bounds = scene_boundaries(project)
        self.playhead.fps = project.template.fps
        self.playhead.duration_us = project.timeline.duration_us
        self._update_scene_rect()
        self.resetCachedContent()
        self.viewport().update()

    def _fill(self, item: ClipItem, clip: Clip, kind: str, asset, missing: bool) -> None:
        item.kind = kind
        item.asset_id = clip.asset_id
        item.start_us, item.duration_us = clip.start_us, clip.duration_us
        item.source_in_us = clip.source_in_us
        if clip.text and kind in ("overlay", "voice"):
            item.label = clip.text.replace("\n", " ")
        elif asset is not None:
            item.label = os.path.basename(asset.path)
        else:
            item.label = clip.text or kind
        item.missing = missing
        item.setToolTip(
            f"{item.label}\n{fmt_time(clip.start_us)} – {fmt_time(clip.end_us)}"
            f" ({clip.duration_us / US_PER_SECOND:.2f} s)"
        )
        item.update()

    def _place_transition(self, clip: Clip, prev: Clip, lane: Lane) -> None:
        item = self._transitions.get(clip.id)
        if item is None:
            item = TransitionItem(self, clip.id)
            self._transitions[clip.id] = item
            self.scene().addItem(item)
        kind = clip.transition_in.kind if prev.end_us > clip.start_us else "cut"
        overlap = max(0, prev.end_us - clip.start_us)
        x0 = self.x_of(clip.start_us)
        x1 = self.x_of(max(prev.end_us, clip.start_us))
        w = max(8.0, x1 - x0)
        # too far out to grab one: hidden until zoomed in
        item.setVisible(self.x_of(clip.duration_us) >= 24)
        item.set_geometry(x0 if x1 - x0 >= 8 else x0 - 4, lane.y + lane.h - 16, w, 14)
        if (kind, overlap) != item.key:
            item.key = (kind, overlap)
            item.kind = kind
            item.setToolTip(
                self.tr("Transition: {0}, {1:.2f} s (drag to change)").format(
                    kind, overlap / US_PER_SECOND
                )
            )
            item.update()

    def _update_scene_rect(self) -> None:
        project = self.project()
        end = max(project.timeline.duration_us, 10 * US_PER_SECOND)
        height = self.lanes[-1].y + self.lanes[-1].h if self.lanes else 100
        vw = self.viewport().width()
        width = max(self.x_of(end) + 200, vw)
        self.scene().setSceneRect(0, 0, width, height)

    # ------------------------------------------------------------------ selection
    def set_selection(self, clip_ids: list[str]) -> None:
        ids = [c for c in dict.fromkeys(clip_ids) if c in self._clips]
        if ids == self.selected:
            return
        self.selected = ids
        for cid, item in self._clips.items():
            sel = cid in ids
            if item.selected != sel:
                item.selected = sel
                item.update()
        self.selection_changed.emit(list(ids))

    def clip_item(self, clip_id: str) -> ClipItem | None:
        return self._clips.get(clip_id)

    def clip_ids(self) -> list[str]:
        return list(self._clips)

    # ------------------------------------------------------------------ zoom and scroll
    def set_zoom(self, px_per_s: float, anchor_x: float | None = None) -> None:
        px_per_s = min(MAX_PX_PER_S, max(MIN_PX_PER_S, px_per_s))
        vx = anchor_x if anchor_x is not None else self.viewport().width() / 2
        t_anchor = (self.horizontalScrollBar().value() + vx) / self.px_per_us
        self.px_per_us = px_per_s / US_PER_SECOND
        self.sync()
        self.horizontalScrollBar().setValue(int(t_anchor * self.px_per_us - vx))
        self.zoom_changed.emit(px_per_s)

    @property
    def px_per_s(self) -> float:
        return self.px_per_us * US_PER_SECOND

    def zoom_in(self) -> None:
        self.set_zoom(self.px_per_s * 1.5)

    def zoom_out(self) -> None:
        self.set_zoom(self.px_per_s / 1.5)

    def zoom_fit(self) -> None:
        total = self.project().timeline.duration_us or 10 * US_PER_SECOND
        self.set_zoom(max(1, self.viewport().width() - 20) / (total / US_PER_SECOND))
        self.horizontalScrollBar().setValue(0)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.px_per_s * (1.25**steps), event.position().x())
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier or (
            abs(event.angleDelta().x()) > abs(event.angleDelta().y())
        ):
            bar = self.horizontalScrollBar()
            delta = event.angleDelta().x() or event.angleDelta().y()
            bar.setValue(bar.value() - delta)
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_scene_rect()

    # ------------------------------------------------------------------ keyboard
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key == Qt.Key.Key_Left:
            self.playhead.step(-(self.playhead.fps if shift else 1))
        elif key == Qt.Key.Key_Right:
            self.playhead.step(self.playhead.fps if shift else 1)
        elif key == Qt.Key.Key_Home:
            self.playhead.to_start()
        elif key == Qt.Key.Key_End:
            self.playhead.to_end()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_Escape:
            self.set_selection([])
        elif key == Qt.Key.Key_A and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_selection(list(self._clips))
        else:
            super().keyPressEvent(event)
            return
        self._ensure_playhead_visible()
        event.accept()

    def _ensure_playhead_visible(self) -> None:
        x = self.x_of(self.playhead.position)
        bar = self.horizontalScrollBar()
        w = self.viewport().width()
        if x < bar.value() + 20 or x > bar.value() + w - 20:
            bar.setValue(int(x - w / 3))

    # ------------------------------------------------------------------ hit testing
    def lane_at(self, y: float) -> Lane | None:
        for lane in self.lanes:
            if lane.y <= y < lane.y + lane.h:
                return lane
        return None

    def _item_at(self, pos: QPoint) -> QGraphicsItem | None:
        for item in self.items(pos):
            if isinstance(item, TransitionItem | ClipItem):
                return item
        return None

    def _pick(self, pos: QPoint) -> tuple[QGraphicsItem | None, str]:
        """The item under ``pos`` and the clip edge grabbed there ("start", "end" or "").

        Where clips overlap (a crossfade) the later clip is drawn on top, but the earlier
        clip's end lies inside it: an edge under the pointer wins over the body of the clip on
        top, the nearest edge when several are in reach."""
        top = self._item_at(pos)
        if not isinstance(top, ClipItem):
            return top, ""
        x = self.mapToScene(pos).x()
        best: tuple[float, ClipItem, str] | None = None
        for item in self.items(pos):
            if not isinstance(item, ClipItem):
                continue
            edge = self._edge(item, x)
            if not edge:
                continue
            left = item.pos().x()
            at = left if edge == "start" else left + item.boundingRect().width()
            if best is None or abs(x - at) < best[0]:
                best = (abs(x - at), item, edge)
        if best is None:
            return top, ""
        return best[1], best[2]

    def _edge(self, item: ClipItem, scene_x: float) -> str:
        left = item.pos().x()
        right = left + item.boundingRect().width()
        edge = min(EDGE_PX, (right - left) / 4)
        if scene_x - left <= edge:
            return "start"
        if right - scene_x <= edge:
            return "end"
        return ""

    def _threshold_us(self) -> int:
        return int(SNAP_PX / self.px_per_us)

    def _points(self, exclude: list[str]) -> list[int]:
        return snap_points(self.project(), exclude, self.playhead.position)

    def _snapped(self, t: int, points: list[int]) -> int:
        if not self.snapping:
            self._snap_line = None
            return t
        value, hit = snap(t, points, self._threshold_us())
        self._snap_line = hit
        return value

    # ------------------------------------------------------------------ mouse
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus()
        pos = event.position().toPoint()
        sp = self.mapToScene(pos)
        item, edge = self._pick(pos)
        mods = event.modifiers()
        additive = bool(
            mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        )
        project = self.project()
        if isinstance(item, TransitionItem):
            found = project.timeline.find_clip(item.clip_id)
            if found is not None:
                self._drag = {
                    "mode": "transition",
                    "clip": item.clip_id,
                    "start": found[1].start_us,
                    "kind": found[1].transition_in.kind,
                    "x0": sp.x(),
                    "moved": False,
                    "points": self._points([]),
                }
            event.accept()
            return
        if isinstance(item, ClipItem):
            cid = item.clip_id
            if additive:
                sel = list(self.selected)
                if cid in sel:
                    sel.remove(cid)
                else:
                    sel.append(cid)
                self.set_selection(sel)
            elif cid not in self.selected:
                self.set_selection([cid])
            if cid not in self.selected:
                event.accept()
                return
            found = project.timeline.find_clip(cid)
            assert found is not None
            track, clip = found
            if edge:
                self._drag = {
                    "mode": "trim",
                    "edge": edge,
                    "clip": cid,
                    "orig": clip.start_us if edge == "start" else clip.end_us,
                    "start": clip.start_us,
                    "end": clip.end_us,
                    "x0": sp.x(),
                    "moved": False,
                    "points": self._points([cid]),
                }
            else:
                origs = {}
                for c in self.selected:
                    f = project.timeline.find_clip(c)
                    if f is not None:
                        origs[c] = (f[0].id, f[1].start_us)
                self._drag = {
                    "mode": "move",
                    "clip": cid,
                    "track": track.id,
                    "kind": track.kind,
                    "target": track.id,
                    "orig": origs,
                    "start": clip.start_us,
                    "duration": clip.duration_us,
                    "x0": sp.x(),
                    "moved": False,
                    "points": self._points(list(origs)),
                }
            event.accept()
            return
        if not additive:
            self.set_selection([])
        self._drag = {"mode": "band", "p0": pos, "moved": False, "x0": sp.x(), "base": []}
        if additive:
            self._drag["base"] = list(self.selected)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        sp = self.mapToScene(pos)
        drag = self._drag
        if drag is None:
            item, edge = self._pick(pos)
            if isinstance(item, ClipItem) and edge:
                self.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
            else:
                self.viewport().unsetCursor()
            super().mouseMoveEvent(event)
            return
        dx = sp.x() - drag["x0"]
        if not drag["moved"] and abs(dx) < 3 and drag["mode"] != "band":
            lane = self.lane_at(sp.y())
            if drag["mode"] != "move" or lane is None or lane.track_id == drag["track"]:
                return
        drag["moved"] = True
        mode = drag["mode"]
        if mode == "move":
            self._drag_move(sp, dx)
        elif mode == "trim":
            self._drag_trim(dx)
        elif mode == "transition":
            self._drag_transition(sp.x())
        elif mode == "band":
            rect = QRect(drag["p0"], pos).normalized()
            self._band.setGeometry(rect)
            self._band.show()
            area = self.mapToScene(rect).boundingRect()
            hit = [
                i.clip_id
                for i in self.scene().items(area, Qt.ItemSelectionMode.IntersectsItemShape)
                if isinstance(i, ClipItem)
            ]
            self.set_selection(list(dict.fromkeys(drag["base"] + hit)))
        self.viewport().update()
        event.accept()

    def _drag_move(self, sp: QPointF, dx: float) -> None:
        drag = self._drag
        assert drag is not None
        orig_start = drag["start"]
        new_start = max(0, orig_start + int(dx / self.px_per_us))
        if self.snapping:
            new_start, hit = snap_move(
                new_start, drag["duration"], drag["points"], self._threshold_us()
            )
            self._snap_line = hit
        delta = new_start - orig_start
        min_start = min(s for _, s in drag["orig"].values())
        delta = max(delta, -min_start)
        drag["delta"] = delta
        target_lane = None
        if len(drag["orig"]) == 1:
            lane = self.lane_at(sp.y())
            if lane is not None and lane.track_id and lane.kind == drag["kind"]:
                target_lane = lane
                drag["target"] = lane.track_id
        lane_by_id = {lane.track_id: lane for lane in self.lanes if lane.track_id}
        for cid, (tid, start) in drag["orig"].items():
            item = self._clips.get(cid)
            if item is None:
                continue
            lane = target_lane if (target_lane is not None and cid == drag["clip"]) else None
            lane = lane or lane_by_id.get(tid)
            y = lane.y if lane is not None else item.pos().y()
            item.setPos(self.x_of(start + delta), y)

    def _drag_trim(self, dx: float) -> None:
        drag = self._drag
        assert drag is not None
        t = max(0, drag["orig"] + int(dx / self.px_per_us))
        t = self._snapped(t, drag["points"])
        fr = frame_us(self.project())
        if drag["edge"] == "start":
            t = min(t, drag["end"] - fr)
            x0, x1 = self.x_of(t), self.x_of(drag["end"])
        else:
            t = max(t, drag["start"] + fr)
            x0, x1 = self.x_of(drag["start"]), self.x_of(t)
        drag["time"] = t
        item = self._clips[drag["clip"]]
        item.set_geometry(x0, item.pos().y(), x1 - x0, item.boundingRect().height())

    def _drag_transition(self, x: float) -> None:
        drag = self._drag
        assert drag is not None
        t = self._snapped(self.t_of(x), drag["points"])
        duration = max(0, t - drag["start"])
        drag["duration"] = duration
        item = self._transitions.get(drag["clip"])
        if item is not None:
            w = max(8.0, self.x_of(duration))
            item.set_geometry(self.x_of(drag["start"]), item.pos().y(), w, 14)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        self._snap_line = None
        self._band.hide()
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        event.accept()
        if not drag["moved"]:
            if drag["mode"] == "band":
                self.playhead.set(self.t_of(drag["x0"]))
            self.viewport().update()
            return
        mode = drag["mode"]
        if mode == "move":
            self.commit_move(drag["orig"], drag.get("delta", 0), drag["clip"], drag["target"])
        elif mode == "trim" and "time" in drag:
            cmds = trim_commands(self.project(), drag["clip"], drag["edge"], drag["time"])
            self.bridge.push_all("Trim clip", cmds)
        elif mode == "transition" and "duration" in drag:
            kind = drag["kind"]
            if kind == "cut" and drag["duration"] > 0:
                kind = "fade"
            self.set_transition(drag["clip"], kind, drag["duration"])
        self.sync()

    # ------------------------------------------------------------------ edits
    def commit_move(
        self,
        origs: dict[str, tuple[str, int]],
        delta: int,
        primary: str = "",
        target_track: str = "",
    ) -> bool:
        cmds: list[Command] = []
        for cid, (tid, start) in origs.items():
            new_track = target_track if cid == primary and target_track != tid else None
            if delta or new_track:
                cmds.append(ClipMoveCommand(cid, start + delta, new_track))
        if not cmds:
            return False
        text = "Move clip" if len(cmds) == 1 else "Move clips"
        return self.bridge.push_all(text, cmds)

    def move_selection(self, delta_us: int, target_track: str = "") -> bool:
        """Move the selected clips by ``delta_us`` (the first onto ``target_track``)."""
        project = self.project()
        origs = {}
        for cid in self.selected:
            f = project.timeline.find_clip(cid)
            if f is not None:
                origs[cid] = (f[0].id, f[1].start_us)
        if not origs:
            return False
        delta_us = max(delta_us, -min(s for _, s in origs.values()))
        return self.commit_move(origs, delta_us, self.selected[0], target_track)

    def set_transition(self, clip_id: str, kind: str, duration_us: int) -> bool:
        try:
            cmds = transition_commands(self.project(), clip_id, kind, duration_us)
        except Exception as exc:  # noqa: BLE001 - reported, never crashes
            self.message.emit(str(exc))
            return False
        return self.bridge.push_all("Change transition", cmds) if cmds else False

    def transition_length(self, clip_id: str) -> int:
        return transition_overlap(self.project(), clip_id)

    def split_at_playhead(self) -> bool:
        """Cut the selected clips (or every clip) under the playhead: one undo step."""
        cmds = split_commands(self.project(), self.playhead.position, self.selected)
        if not cmds:
            self.message.emit(self.tr("Nothing to split at the playhead."))
            return False
        return self.bridge.push_all("Split clip" if len(cmds) == 1 else "Split clips", cmds)

    def delete_selected(self, ripple: bool = False) -> bool:
        ids = list(self.selected)
        if not ids:
            return False
        if ripple:
            ok = self.bridge.push(ClipsRippleDeleteCommand(ids))
        else:
            cmds: list[Command] = [ClipRemoveCommand(cid) for cid in ids]
            ok = self.bridge.push_all("Delete clip" if len(ids) == 1 else "Delete clips", cmds)
        if ok:
            self.set_selection([])
        return ok

    def duplicate_selected(self) -> bool:
        ids = list(self.selected)
        if not ids:
            return False
        cmds = [ClipDuplicateCommand(cid) for cid in ids]
        text = "Duplicate clip" if len(ids) == 1 else "Duplicate clips"
        ok = self.bridge.push_all(text, cmds)
        if ok:
            self.set_selection([c.new_clip_id for c in cmds])
        return ok

    def add_text(self, text: str, duration_us: int = 2_000_000) -> bool:
        placement = text_clip_commands(self.project(), self.playhead.position, text, duration_us)
        ok = self.bridge.push_all("Add text", placement.commands)
        if ok:
            self.set_selection(placement.clip_ids)
        return ok

    # ------------------------------------------------------------------ drag and drop
    def _drop_target(self, pos: QPointF) -> tuple[str, str, int]:
        sp = self.mapToScene(pos.toPoint())
        lane = self.lane_at(sp.y())
        t = self.t_of(sp.x())
        if self.snapping:
            t = self._snapped(t, self._points([]))
        if lane is None:
            return "", "", t
        return lane.track_id, lane.kind, t

    @staticmethod
    def _accepts(mime: QMimeData) -> bool:
        return mime.hasFormat(ASSET_MIME) or has_files(mime)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event.mimeData()):
            accept_copy(event)  # never "move": a file manager would delete the originals
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts(event.mimeData()):
            _, _, t = self._drop_target(event.position())
            self._drop_time = t
            self.viewport().update()
            accept_copy(event)
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:
        self._drop_time = None
        self.viewport().update()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        self._drop_time = None
        self._snap_line = None
        if not self._accepts(mime):
            event.ignore()
            return
        track_id, kind, t = self._drop_target(event.position())
        if not accept_copy(event):
            return
        if mime.hasFormat(ASSET_MIME):
            ids = bytes(mime.data(ASSET_MIME).data()).decode("utf-8").split()
            self.assets_dropped.emit(ids, track_id, kind, t)
        else:
            self.files_dropped.emit(dropped_paths(mime), track_id, kind, t)
        self.viewport().update()

    # ------------------------------------------------------------------ painting
    def _on_playhead_moved(self, t: int) -> None:
        self.viewport().update()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, QColor("#1e1f24"))
        for i, lane in enumerate(self.lanes):
            band = QRectF(rect.left(), lane.y, rect.width(), lane.h)
            if band.intersects(rect):
                painter.fillRect(band, QColor("#25262c") if i % 2 else QColor("#212228"))
                painter.setPen(QColor("#33343c"))
                painter.drawLine(
                    QPointF(rect.left(), lane.y + lane.h), QPointF(rect.right(), lane.y + lane.h)
                )
        pen = QPen(QColor(255, 255, 255, 40), 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        for t in self._scene_bounds:
            x = self.x_of(t)
            if rect.left() - 1 <= x <= rect.right() + 1:
                painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        if self._snap_line is not None:
            x = self.x_of(self._snap_line)
            painter.setPen(QPen(QColor("#4fc3f7"), 1))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        if self._drop_time is not None:
            x = self.x_of(self._drop_time)
            painter.setPen(QPen(QColor("#ffd400"), 2, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        x = self.x_of(self.playhead.position)
        if rect.left() - 2 <= x <= rect.right() + 2:
            painter.setPen(QPen(QColor("#ff4d4d"), 1.5))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.scrolled.emit()


# =========================================================================== ruler, headers
class Ruler(QWidget):
    """The time scale above the view; click or drag on it to move the playhead."""

    def __init__(self, view: TimelineView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setFixedHeight(RULER_H)
        self.setMouseTracking(False)
        view.playhead.moved.connect(self.update)
        view.zoom_changed.connect(self.update)

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
        x = self.view.x_of(self.view.playhead.position) - scroll
        p.setPen(QPen(QColor("#ff4d4d"), 2))
        p.setBrush(QColor("#ff4d4d"))
        p.drawPolygon(QPolygonF([QPointF(x - 5, 0), QPointF(x + 5, 0), QPointF(x, 8)]))
        p.drawLine(QPointF(x, 0), QPointF(x, RULER_H))
        p.end()


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


class TimelinePanel(QWidget):
    """Toolbar + headers + ruler + view."""

    def __init__(
        self,
        project_getter: Callable[[], Project],
        bridge: UndoBridge,
        playhead: Playhead,
        media_cache: MediaCache | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = TimelineView(project_getter, bridge, playhead, media_cache, self)
        self.ruler = Ruler(self.view, self)
        self.headers = TrackHeaders(self.view, self)
        self.toolbar = QToolBar(self)
        self.toolbar.setIconSize(QSize(16, 16))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        corner = QWidget(self)
        corner.setFixedSize(HEADER_W, RULER_H)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(0)
        grid.addWidget(self.toolbar, 0, 0, 1, 2)
        grid.addWidget(corner, 1, 0)
        grid.addWidget(self.ruler, 1, 1)
        grid.addWidget(self.headers, 2, 0)
        grid.addWidget(self.view, 2, 1)
        self.view.scrolled.connect(self._on_view_scrolled)
        bridge.changed.connect(lambda *_: self.headers.update())

    def _on_view_scrolled(self) -> None:
        self.ruler.update()
        self.headers.update()

    def add_actions(self, actions: list[QAction | None]) -> None:
        for a in actions:
            if a is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(a)


__all__ = [
    "ASSET_MIME",
    "ClipItem",
    "Lane",
    "Ruler",
    "TimelinePanel",
    "TimelineView",
    "TrackHeaders",
    "TransitionItem",
    "lanes_for",
]
