"""The timeline view: a QGraphicsView of tracks and clips.

The view never owns data: it redraws from the project on every change event (items are kept by
clip id and only re-positioned), and every gesture becomes named commands pushed through the
undo bridge in one step (moving a selection, trimming an edge, dragging a transition handle;
the mouse is in gestures.py). Files and library items dropped on it are placed where they land.
"""

from __future__ import annotations

import itertools
import os
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QLineF, QMimeData, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsScene,
    QGraphicsView,
    QMenu,
    QWidget,
)

from ...core.model import Clip, Project
from ...core.timebase import US_PER_SECOND, fmt_time
from ...edits import (
    ClipDuplicateCommand,
    ClipMoveCommand,
    ClipRemoveCommand,
    ClipsRippleDeleteCommand,
    Command,
)
from ...edits.commands.magnetic import (
    cut_index_at,
    cut_times,
    is_main_track,
    main_track,
    move_to_cut,
    ripple_remove,
    settle,
)
from ...session.editing import (
    snap,
    snap_points,
    split_commands,
    text_clip_commands,
    transition_commands,
    transition_overlap,
)
from ..drops import accept_copy, dropped_paths, has_files
from ..media_cache import MediaCache
from ..state import Playhead
from ..undo import UndoBridge
from .audio import AudioGestures, MusicTools
from .gestures import MouseGestures
from .items import TINY_PX, BarsItem, ClipItem, TransitionItem
from .lanes import ASSET_MIME, MAX_PX_PER_S, MIN_PX_PER_S, SNAP_PX, Lane, lanes_for

# after a zoom, the items left stale are laid out in slices of at most this many (and this long)
# while the event loop is idle
IDLE_SLICE_ITEMS = 256
IDLE_SLICE_S = 0.004


class TimelineView(QGraphicsView):
    selection_changed = Signal(list)  # clip ids
    files_dropped = Signal(list, str, str, int)  # paths, track id ("" new), lane kind, time
    assets_dropped = Signal(list, str, str, int)  # asset ids, track id, lane kind, time
    zoom_changed = Signal(float)
    message = Signal(str)
    scrolled = Signal()
    beats_found = Signal(int)  # how many beats the music has

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
        self.sync_count = 0  # how many times the items were read from the project
        self._stale: set = set()  # items a zoom has not laid out yet (off screen)
        # the zoom all the stale items were laid out at (None: several zooms ago, mixed)
        self._stale_px: float | None = None
        # per track, clips then transition handles: (their start times in order, the items,
        # the longest one's length), for finding those near the screen by bisection
        self._by_start: list[tuple[list[int], list, int]] = []
        self._min_us = 0  # the shortest clip (none is tiny while it is not)
        self.tiny_items = 0  # how many clip items are tiny (ClipItem.set_tiny counts)
        # the items drawn (with contents): those near the screen. The others are in the scene
        # (for the mouse) without contents, which Qt passes over at once when it paints: it
        # spent ~2 us on each of 2,000 items at every paint, most of a repaint's cost
        self._shown: set = set()
        self._all_shown = False  # (while a drag moves items: every item drawn)
        self._idle_layout = QTimer(self)  # lays the stale ones out while nothing else runs
        self._idle_layout.setSingleShot(True)
        self._idle_layout.setInterval(0)
        self._idle_layout.timeout.connect(self._layout_idle)
        self._zooming = False
        self._duration_us = 0
        self._models: dict[str, Clip] = {}  # clip id -> the model's clip, as of the last sync
        self._models_of: Project | None = None
        self._transitions: dict[str, TransitionItem] = {}
        self._snap_line: int | None = None
        self._drop_time: int | None = None
        self._scene_bounds: list[int] = []
        self._scene_rect = QRectF()
        self.context_menu: QMenu | None = None
        self.gestures = MouseGestures(self)
        self.audio = AudioGestures(self)  # fade handles, volume points (audio.py)
        self.music = MusicTools(self)  # beats, loop/trim, snap cuts to beats

        scene = QGraphicsScene(self)
        # no BSP tree: a zoom moves hundreds of items and changes the scene's width, and the
        # tree was rebuilt at the next paint (half of a zoom step's cost at 1,251 clips); a
        # scan of the items' rects is cheaper than that at this count
        scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(scene)
        self.bars = BarsItem(self)  # the tiny clips, in one pass (first: below the clips)
        scene.addItem(self.bars)
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
    def _on_bridge_changed(self, event: object) -> None:
        if getattr(event, "kind", "") == "clean":
            return  # only the saved state flipped (the first edit after a save): no change
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
        refreshed only when its clip or asset changed, its place only when its clip, lane or
        the zoom did). Only what changed is repainted: moved items repaint where they were
        and are (Qt does that), the background where lanes or scene boundaries changed."""
        project = self.project()
        lanes = lanes_for(project)
        relaned = [(ln.track_id, ln.y, ln.h) for ln in lanes] != [
            (ln.track_id, ln.y, ln.h) for ln in self.lanes
        ]
        whole = relaned or project is not self._models_of
        self.lanes = lanes
        lane_of = {lane.track_id: lane for lane in self.lanes if lane.track_id}
        missing = {
            aid for aid, a in project.assets.items() if a.path and not os.path.isfile(a.path)
        }
        seen_tr: set[str] = set()
        models: dict[str, Clip] = {}
        scene = self.scene()
        px = self.px_per_us
        clips, assets = self._clips, project.assets
        bars_changed = False  # a tiny clip's bar (drawn by self.bars) changed
        spans: dict[str, list[int]] = {}  # scene id -> [start, end] (scene_boundaries)
        duration = 0
        by_start: list[tuple[list[int], list, int]] = []
        shortest = 1 << 62
        for track in project.timeline.tracks:
            lane = lane_of[track.id]
            y, h, kind = lane.y, lane.h, track.kind
            music_fit = project.music_fit if kind == "music" else ""
            ordered = track.sorted_clips()
            prev: Clip | None = None
            prev_end = 0
            starts: list[int] = []
            row: list[ClipItem] = []
            tr_starts: list[int] = []
            tr_row: list[TransitionItem] = []
            longest = 0
            for clip in ordered:
                cid, start, length = clip.id, clip.start_us, clip.duration_us
                end = start + length
                longest = max(longest, length)
                shortest = min(shortest, length)
                item = clips.get(cid)
                if item is None:
                    item = ClipItem(self, cid)
                    item.set_culled(True)  # (until _update_shown finds it near the screen)
                    clips[cid] = item
                    scene.addItem(item)
                asset = assets.get(clip.asset_id) if clip.asset_id else None
                miss = clip.asset_id in missing
                key = (
                    kind,
                    start,
                    length,
                    clip.source_in_us,
                    clip.text,
                    clip.asset_id,
                    asset.path if asset is not None else "",
                    miss,
                    (clip.fade_in_us, clip.fade_out_us, str(clip.volume_keys)),
                    music_fit,
                )
                if key != item.key:
                    item.key = key
                    self._fill(item, clip, kind, asset, miss)
                    bars_changed = bars_changed or item.tiny
                laid = (px, start, length, y, h)
                if laid != item.laid:
                    was_tiny = item.tiny
                    item.lane_h = h
                    item.set_geometry(start * px, y, length * px, h)
                    item.laid = laid
                    bars_changed = bars_changed or was_tiny or item.tiny
                models[cid] = clip
                starts.append(start)
                row.append(item)
                if clip.scene_id:
                    span = spans.get(clip.scene_id)
                    if span is None:
                        spans[clip.scene_id] = [start, end]
                    else:
                        span[0] = min(span[0], start)
                        span[1] = max(span[1], end)
                if kind == "video" and prev is not None:
                    seen_tr.add(cid)
                    self._place_transition(clip, prev_end, lane)
                    tr_starts.append(start)
                    tr_row.append(self._transitions[cid])
                if prev is None or end >= prev_end:
                    prev, prev_end = clip, end
            duration = max(duration, prev_end if prev is not None else 0)
            by_start.append((starts, row, longest))
            if tr_row:
                by_start.append((tr_starts, tr_row, longest))
        for cid in list(clips):
            if cid not in models:
                item = clips.pop(cid)
                if item.tiny:
                    bars_changed = True
                    self.tiny_items -= 1
                scene.removeItem(item)
        for cid in list(self._transitions):
            if cid not in seen_tr:
                scene.removeItem(self._transitions.pop(cid))
        self._models, self._models_of = models, project
        self._duration_us = duration
        self._stale.clear()  # every item was laid out above
        self._by_start, self._min_us = by_start, shortest
        self.sync_count += 1  # (the bars are read again)
        self.selected = [c for c in self.selected if c in clips]
        chosen = set(self.selected)
        for cid, item in clips.items():
            sel = cid in chosen
            if item.selected != sel:
                item.selected = sel
                item.update()
                self.bars.update_bar(item)
        bounds = sorted({t for span in spans.values() for t in span})
        if bounds != self._scene_bounds and not whole:
            # the dashed lines of the scene boundaries that moved (the background is cached)
            # (the lines run the view's height, below the lanes too)
            seen = self.mapToScene(self.viewport().rect()).boundingRect()
            top, bottom = min(0.0, seen.top()), max(seen.bottom(), 1.0) + 1
            for t in set(bounds).symmetric_difference(self._scene_bounds):
                scene.invalidate(
                    QRectF(t * px - 2, top, 4, bottom - top),
                    QGraphicsScene.SceneLayer.BackgroundLayer,
                )
        self._scene_bounds = bounds
        self.playhead.fps = project.template.fps
        self.playhead.duration_us = duration
        self._update_scene_rect()
        self._all_shown = False
        self._update_shown()
        if whole:
            self.resetCachedContent()
            self.viewport().update()
        elif bars_changed:
            self.bars.update()
        self.music.ensure_beats()

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

    def _place_transition(self, clip: Clip, prev_end: int, lane: Lane) -> None:
        """The handle of the transition into ``clip`` (``prev_end``: where the clips before it
        end, at the latest)."""
        item = self._transitions.get(clip.id)
        if item is None:
            item = TransitionItem(self, clip.id)
            item.set_culled(True)
            self._transitions[clip.id] = item
            self.scene().addItem(item)
        start = clip.start_us
        kind = clip.transition_in.kind if prev_end > start else "cut"
        overlap = max(0, prev_end - start)
        span = (start, max(prev_end, start), clip.duration_us)
        y = lane.y + lane.h - 16
        laid = (self.px_per_us, span, y)
        if laid != item.laid:
            item.span = span
            self._layout_transition(item, y)
            item.laid = laid
        if (kind, overlap) != item.key:
            from ..inspector import labels_transition

            item.key = (kind, overlap)
            item.kind = kind
            if kind == "cut":
                tip = self.tr("Cut (right-click to add a transition)")
            else:
                tip = self.tr(
                    "Transition: {0}, {1:.2f} s (drag to change the length; right-click to "
                    "change or remove it)"
                ).format(labels_transition().get(kind, kind), overlap / US_PER_SECOND)
            item.setToolTip(tip)
            item.update()

    def _layout_transition(self, item: TransitionItem, y: float) -> None:
        t0, t1, duration = item.span
        px = self.px_per_us
        # too far out to grab one: hidden until zoomed in (and not moved: a hidden handle is
        # drawn nowhere; the next zoom marks it stale again)
        if duration * px < 24:
            if item.isVisible():
                item.setVisible(False)
            item.drawn_x = float("-inf")
            return
        if not item.isVisible():
            item.setVisible(True)
        x0, x1 = t0 * px, t1 * px
        item.set_geometry(x0 if x1 - x0 >= 8 else x0 - 4, y, max(8.0, x1 - x0), 14)

    def _relayout(self, old_px: float) -> None:
        """After a zoom: every item is stale (the model is not read again; nothing but the
        scale changed). Only the items on or near the screen are moved, by ``_layout_stale``
        once the zoom has scrolled, the others when a scroll brings them near: moving every
        one of 2,000 items cost more than the repaint."""
        self._stale_px = old_px if not self._stale else None
        self._stale = {*self._clips.values(), *self._transitions.values()}
        self._update_scene_rect()
        self._idle_layout.start()

    def _near(self) -> tuple[float, float]:
        """The scene's x range laid out at once: the screen and a screen either side."""
        left = float(self.horizontalScrollBar().value())
        w = float(max(1, self.viewport().width()))
        return left - w, left + 2 * w

    def _layout_stale(self, everything: bool = False) -> None:
        """Lay out the stale items that are, or would be, near the screen (all of them with
        ``everything``): an item is left stale only while both where it is drawn and where it
        belongs are away from the screen, so nothing on it is ever out of date."""
        todo = self._stale_near(everything)
        with self._bulk(len(todo) > 40):
            self._lay_out(todo)

    def _stale_near(
        self, everything: bool = False
    ) -> list[tuple[ClipItem | TransitionItem, float, float]]:
        """The stale items to lay out now: those drawn near the screen where they are, or that
        would draw themselves near it where they belong. A clip that is tiny at this zoom is
        drawn by the BarsItem where it belongs, and a hidden transition handle nowhere: either
        waits for idle time unless it is drawn near the screen now."""
        stale = self._stale
        if not stale:
            return []
        px = self.px_per_us
        lo, hi = self._near()
        todo = []
        for item in stale if everything else self._candidates(lo, hi):
            if isinstance(item, ClipItem):
                x, w = item.start_us * px, max(1.0, item.duration_us * px)
                drawn, hidden = not item.tiny, w < TINY_PX
            else:
                x, w = item.span[0] * px - 4, (item.span[1] - item.span[0]) * px + 8
                drawn, hidden = item.drawn_x != float("-inf"), item.span[2] * px < 24
            if not everything and (hidden or x > hi or x + w < lo):
                old = item.drawn_x
                if not drawn or old > hi or old + item._w < lo:
                    continue
            todo.append((item, x, w))
        return todo

    def _update_shown(self, repaint: bool = True) -> None:
        """Give contents to the items near the screen (``_near``, as laid out now) and take
        them from the others (an item away from it is not seen: no repaint either way).
        ``repaint=False``: the whole view is repainted anyway (a zoom)."""
        if self._all_shown:
            return
        lo, hi = self._near()
        px, stale = self.px_per_us, self._stale
        want = set()
        for starts, row, longest in self._by_start:
            i0 = bisect_left(starts, (lo - 16) / px - longest)
            i1 = bisect_right(starts, (hi + 16) / px)
            want.update(item for item in row[i0:i1] if item not in stale)
        shown = self._shown
        for item in shown - want:
            item.set_culled(True)
        for item in want - shown:
            item.set_culled(False, repaint)
        self._shown = want

    def show_all(self) -> None:
        """Every item drawn (a drag moves items: they show wherever it takes them), until the
        next sync or ``end_show_all``."""
        if not self._all_shown:
            self.layout_all()
            self._all_shown = True
            for item in itertools.chain(self._clips.values(), self._transitions.values()):
                if item.culled:
                    item.set_culled(False)
            self._shown = set()

    def end_show_all(self) -> None:
        if self._all_shown:
            self._all_shown = False
            self._shown = {*self._clips.values(), *self._transitions.values()}
            self._update_shown()

    def _candidates(self, lo: float, hi: float) -> Iterator[ClipItem | TransitionItem]:
        """The stale items that may be near the scene's ``lo``..``hi`` where they belong or
        where they are drawn: found by bisection over the start times when every stale item
        was laid out at one zoom (as after a zoom from a settled view), else all of them."""
        stale, old_px = self._stale, self._stale_px
        if old_px is None or len(stale) < 256:
            yield from list(stale)
            return
        seen: set = set()
        px = self.px_per_us
        for starts, row, longest in self._by_start:
            if not row:
                continue
            # a row none of which shows itself at this zoom (tiny clips, hidden handles): only
            # those drawn near the screen where they are now
            hidden = longest * px < (TINY_PX if isinstance(row[0], ClipItem) else 24)
            for p in (old_px,) if hidden else (px, old_px):
                # (a handle reaches 4 px before its clip starts, 8 px wide at least)
                i0 = bisect_left(starts, (lo - 16) / p - longest)
                i1 = bisect_right(starts, (hi + 16) / p)
                for item in row[i0:i1]:
                    if item in stale and item not in seen:
                        seen.add(item)
                        yield item

    def _lay_out(self, todo: list[tuple[ClipItem | TransitionItem, float, float]]) -> None:
        for item, x, w in todo:
            if isinstance(item, ClipItem):
                item.set_width(w)
                item.setX(x)
                item.drawn_x = x
                item.laid = (self.px_per_us, item.start_us, item.duration_us, item.y(), item._h)
            else:
                self._layout_transition(item, item.y())
                item.laid = (self.px_per_us, item.span, item.y())
        self._stale.difference_update(item for item, _x, _w in todo)

    def _layout_idle(self) -> None:
        """After a zoom, the items it left stale (away from the screen) are laid out a slice at
        a time whenever the event loop is idle, so that no later scroll pays for hundreds of
        them at once. Each slice stays within a few milliseconds."""
        stale = self._stale
        if not stale:
            return
        px = self.px_per_us
        end = time.perf_counter() + IDLE_SLICE_S
        todo: list[tuple[ClipItem | TransitionItem, float, float]] = []
        for item in itertools.islice(stale, IDLE_SLICE_ITEMS):
            if isinstance(item, ClipItem):
                todo.append((item, item.start_us * px, max(1.0, item.duration_us * px)))
            else:
                todo.append((item, 0.0, 0.0))  # (a transition's layout reads its span)
        with self._quiet():
            for i in range(0, len(todo), 32):
                self._lay_out(todo[i : i + 32])
                if time.perf_counter() > end:
                    break
        if stale:
            self._idle_layout.start()

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Laying out stale items, none of which shows: each is drawn away from the screen
        where it is and would be where it belongs, or is drawn by nothing (a hidden handle) or
        by the BarsItem, which draws a stale clip where it belongs already (that is what keeps
        them stale: ``_stale_near``). No repaint, and no accounting of their rects."""
        mode = self.viewportUpdateMode()
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.NoViewportUpdate)
        try:
            yield
        finally:
            self.setViewportUpdateMode(mode)

    @contextmanager
    def _bulk(self, many: bool = True) -> Iterator[None]:
        """Moving many items: the view keeps no account of each one's old and new rects (that
        cost more than moving them) and repaints whole afterwards."""
        if not many:
            yield
            return
        try:
            with self._quiet():
                yield
        finally:
            self.viewport().update()

    def layout_pending(self) -> bool:
        """Items a zoom left to lay out while the event loop is idle."""
        return bool(self._stale)

    def layout_all(self) -> None:
        """Every item where it belongs (before a query over the whole scene, or the mouse's:
        the items show no differently, see ``_quiet``)."""
        if self._stale:
            with self._quiet():
                self._lay_out(self._stale_near(everything=True))

    def _update_scene_rect(self) -> None:
        project = self.project()
        if project is not self._models_of:
            self._duration_us = project.timeline.duration_us
        end = max(self._duration_us, 10 * US_PER_SECOND)
        height = self.lanes[-1].y + self.lanes[-1].h if self.lanes else 100
        vw = self.viewport().width()
        width = max(self.x_of(end) + 200, vw)
        rect = QRectF(0, 0, width, height)
        if rect != self._scene_rect:  # (a new one: the scroll bars are worked out again)
            self._scene_rect = rect
            self.scene().setSceneRect(rect)
            self.bars.set_rect(rect)

    # ------------------------------------------------------------------ selection
    def set_selection(self, clip_ids: list[str]) -> None:
        ids = [c for c in dict.fromkeys(clip_ids) if c in self._clips]
        if ids == self.selected:
            return
        self.selected = ids
        chosen = set(ids)
        for cid, item in self._clips.items():
            sel = cid in chosen
            if item.selected != sel:
                item.selected = sel
                item.update()
                self.bars.update_bar(item)  # (a tiny clip's item draws nothing itself)
        self.selection_changed.emit(list(ids))

    def clip_item(self, clip_id: str) -> ClipItem | None:
        self.layout_all()
        return self._clips.get(clip_id)

    def clip_model(self, clip_id: str) -> Clip | None:
        """The model's clip of an item (looked up once per sync, not at every paint)."""
        project = self.project()
        if project is self._models_of:
            clip = self._models.get(clip_id)
            if clip is not None:
                return clip
        found = project.timeline.find_clip(clip_id)
        return found[1] if found is not None else None

    def clip_ids(self) -> list[str]:
        return list(self._clips)

    # ------------------------------------------------------------------ zoom and scroll
    def set_zoom(self, px_per_s: float, anchor_x: float | None = None) -> None:
        px_per_s = min(MAX_PX_PER_S, max(MIN_PX_PER_S, px_per_s))
        vx = anchor_x if anchor_x is not None else self.viewport().width() / 2
        t_anchor = (self.horizontalScrollBar().value() + vx) / self.px_per_us
        old_px, self.px_per_us = self.px_per_us, px_per_s / US_PER_SECOND
        if self.project() is self._models_of:  # only the scale changed
            self._zooming = True  # (no layout at each scroll the zoom makes)
            try:
                self._relayout(old_px)
                self.horizontalScrollBar().setValue(int(t_anchor * self.px_per_us - vx))
            finally:
                self._zooming = False
            self._layout_stale()
            self._update_shown(repaint=False)
            self.resetCachedContent()
            self.viewport().update()
        else:
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
        self._layout_stale()
        self._update_shown()

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

    # ------------------------------------------------------------------ mouse (gestures.py)
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not (self.audio.press(event) or self.gestures.press(event)):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.layout_all()  # hover finds the clip under the pointer (after a zoom: once)
        if not (self.audio.move(event) or self.gestures.move(event)):
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not (self.audio.release(event) or self.gestures.release(event)):
            super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.layout_all()
        if not self.audio.double_click(event):  # a point on a sound clip's volume line
            super().mouseDoubleClickEvent(event)

    # ------------------------------------------------------------------ music (audio.py)
    def timeline_beats(self) -> list[int]:
        """The music's beats on the timeline (empty until they are found)."""
        return self.music.timeline_beats()

    def music_menu(self) -> QMenu:
        """The music clip's menu: loop or trim to the video, find beats, snap cuts to beats."""
        return self.music.menu()

    def snap_cuts_to_beats(self) -> bool:
        return self.music.snap_cuts()

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
        return self._push_settled(text, cmds)

    def _push_settled(self, text: str, cmds: list[Command]) -> bool:
        """Push ``cmds`` as one step, followed by what keeps the main track magnetic."""
        try:
            macro = settle(self.project(), cmds, text=text)
        except Exception as exc:  # noqa: BLE001 - an impossible edit is reported, not raised
            self.message.emit(str(exc))
            return False
        return self.bridge.push(macro)

    def commit_to_cut(self, clip_ids: list[str], index: int) -> bool:
        """Put ``clip_ids`` at cut ``index`` of the main track (the others move aside): clips of
        the main track are reordered, a clip from another video track is moved onto it."""
        project = self.project()
        main = main_track(project)
        if main is None or not clip_ids:
            return False
        on_main = [c for c in clip_ids if is_main_track(project, self._track_of(c))]
        others = [c for c in clip_ids if c not in on_main]
        try:
            if not others:
                macro = move_to_cut(project, on_main, index)
            else:
                rest = [c.id for c in main.sorted_clips() if c.id not in set(on_main)]
                at = cut_times(project, on_main)[index]
                moves: list[Command] = [ClipMoveCommand(c, at, main.id) for c in others]
                order = rest[:index] + on_main + others + rest[index:]
                text = "Move clip" if len(clip_ids) == 1 else "Move clips"
                macro = settle(project, moves, order, text)
        except Exception as exc:  # noqa: BLE001 - reported, never crashes
            self.message.emit(str(exc))
            return False
        return self.bridge.push(macro)

    def _track_of(self, clip_id: str) -> str:
        found = self.project().timeline.find_clip(clip_id)
        return found[0].id if found is not None else ""

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
        if not cmds:
            return False
        found = self.project().timeline.find_clip(clip_id)
        was = found[1].transition_in.kind if found is not None else "cut"
        if kind == "cut":
            text = "Remove transition"
        elif was == "cut":
            text = "Add transition"
        else:
            text = "Change transition"
        return self.bridge.push_all(text, cmds)

    # ------------------------------------------------------------------ transition menu
    TRANSITION_LENGTHS_MS = (250, 500, 1000, 1500)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """A right click on the marker between two clips of the main track: add, change or
        remove the transition there (each choice one undo step). On a sound clip: a volume
        point is removed; the music clip's menu opens (audio.py)."""
        self.layout_all()
        if self.audio.context(event):
            return
        item = self.gestures._item_at(event.pos())
        if isinstance(item, ClipItem):
            # on a main-track clip: its incoming transition (when it has a clip before it)
            item = self._transitions.get(item.clip_id)
        if not isinstance(item, TransitionItem):
            super().contextMenuEvent(event)
            return
        menu = self.transition_menu(item.clip_id)
        if menu is not None:
            menu.popup(event.globalPos())
        event.accept()

    def transition_menu(self, clip_id: str) -> QMenu | None:
        """The menu of the transition into ``clip_id`` (kept as ``context_menu``)."""
        from ..inspector import labels_transition

        found = self.project().timeline.find_clip(clip_id)
        if found is None:
            return None
        current = found[1].transition_in
        kind = current.kind
        length = transition_overlap(self.project(), clip_id) or 0
        menu = QMenu(self)
        menu.setObjectName("transitionMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        kinds = QActionGroup(menu)
        heading = self.tr("Change transition") if kind != "cut" else self.tr("Add transition")
        menu.addSection(heading)
        default = self.project().template.transition.duration_us or 500_000
        for k, label in labels_transition().items():
            if k == "cut":
                continue
            a = QAction(label, menu)
            a.setObjectName(f"transition_{k}")
            a.setCheckable(True)
            a.setChecked(k == kind)
            kinds.addAction(a)
            a.triggered.connect(
                lambda _=False, k=k: self.set_transition(clip_id, k, length or default)
            )
            menu.addAction(a)
        sizes = menu.addMenu(self.tr("Length"))
        sizes.setObjectName("transitionLengthMenu")
        sizes.setEnabled(kind != "cut")
        for ms in self.TRANSITION_LENGTHS_MS:
            a = QAction(self.tr("{0:.2f} s").format(ms / 1000), sizes)
            a.setObjectName(f"transition_length_{ms}")
            a.setCheckable(True)
            a.setChecked(kind != "cut" and abs(length - ms * 1000) < 1000)
            a.triggered.connect(
                lambda _=False, ms=ms: self.set_transition(clip_id, kind, ms * 1000)
            )
            sizes.addAction(a)
        menu.addSeparator()
        remove = QAction(self.tr("Remove transition"), menu)
        remove.setObjectName("transition_remove")
        remove.setEnabled(kind != "cut")
        remove.triggered.connect(lambda _=False: self.set_transition(clip_id, "cut", 0))
        menu.addAction(remove)
        self.context_menu = menu
        return menu

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
        project = self.project()
        if ripple:
            ok = self.bridge.push(ClipsRippleDeleteCommand(ids))
        elif any(is_main_track(project, self._track_of(c)) for c in ids):
            ok = self.bridge.push(ripple_remove(project, ids))  # the main track closes up
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
        ok = self._push_settled(text, list(cmds))
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
            track_id, kind, t = self._drop_target(event.position())
            project = self.project()
            if kind == "video" and (
                main_track(project) is None or is_main_track(project, track_id)
            ):
                t = cut_times(project)[cut_index_at(project, t)]  # pictures go in at a cut
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
        # only the strips under the old and the new line (a whole repaint at every frame of
        # playback redrew every waveform: the GUI thread's longest work while playing)
        vp = self.viewport()
        old, self._playhead_drawn = getattr(self, "_playhead_drawn", None), t
        for when in (old, t):
            if when is not None:
                x = round(self.mapFromScene(QPointF(self.x_of(when), 0)).x())
                vp.update(x - 4, 0, 8, vp.height())

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
        px, left, right = self.px_per_us, rect.left() - 1, rect.right() + 1
        top, bottom = rect.top(), rect.bottom()
        bounds = self._scene_bounds
        lines = [  # (one call: zoomed out to fit, hundreds of them)
            QLineF(t * px, top, t * px, bottom)
            for t in bounds[bisect_left(bounds, left / px) : bisect_right(bounds, right / px)]
        ]
        painter.drawLines(lines)

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
        # the stale items coming near, before the newly shown strip is painted
        todo = self._stale_near() if dx and self._stale and not self._zooming else []
        with self._bulk(len(todo) > 40):
            self._lay_out(todo)
            if dx and not self._zooming:  # (the zoom does it once it has laid out)
                # (a jump of a screen or more repaints it all anyway)
                self._update_shown(repaint=abs(dx) < self.viewport().width())
            super().scrollContentsBy(dx, dy)
        self.scrolled.emit()
