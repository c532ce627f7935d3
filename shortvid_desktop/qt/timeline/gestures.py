"""The timeline's mouse gestures, composed by the view: click to select (Ctrl/Shift adds),
drag a clip to move it (with the selection, or onto another track of its kind), drag an edge to
trim it, drag a transition handle to set its length, drag on empty space for a rubber band, click
there to move the playhead. While a drag is in progress only the items move; the project changes
on release, as one undo step.

The main video track is magnetic (edits/commands/magnetic.py): a clip dragged over it goes to
the cut nearest the pointer (a line shows which), the others move aside; trims there close up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import (
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QRubberBand,
)

from ...edits.commands.magnetic import (
    cut_index_at,
    cut_times,
    is_main_track,
    main_track,
    preview_starts,
)
from ...session.editing import frame_us, snap_move, trim_commands
from .items import ClipItem, TransitionItem
from .lanes import EDGE_PX

if TYPE_CHECKING:
    from .view import TimelineView


class MouseGestures:
    """Press, move and release on the view's viewport; each answers whether it took the event
    (the view hands the others to QGraphicsView)."""

    def __init__(self, view: TimelineView) -> None:
        self.view = view
        self.drag: dict | None = None
        self.band = QRubberBand(QRubberBand.Shape.Rectangle, view.viewport())

    def _item_at(self, pos: QPoint) -> QGraphicsItem | None:
        for item in self.view.items(pos):
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
        x = self.view.mapToScene(pos).x()
        best: tuple[float, ClipItem, str] | None = None
        for item in self.view.items(pos):
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

    def press(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self.view.setFocus()
        # a drag moves the items it carries and a band reaches past the screen: every item
        # where it belongs first (after a zoom only those near the screen are)
        self.view.layout_all()
        pos = event.position().toPoint()
        sp = self.view.mapToScene(pos)
        item, edge = self._pick(pos)
        mods = event.modifiers()
        additive = bool(
            mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        )
        project = self.view.project()
        if isinstance(item, TransitionItem):
            found = project.timeline.find_clip(item.clip_id)
            if found is not None:
                self.drag = {
                    "mode": "transition",
                    "clip": item.clip_id,
                    "start": found[1].start_us,
                    "kind": found[1].transition_in.kind,
                    "x0": sp.x(),
                    "moved": False,
                    "points": self.view._points([]),
                }
            event.accept()
            return True
        if isinstance(item, ClipItem):
            cid = item.clip_id
            if additive:
                sel = list(self.view.selected)
                if cid in sel:
                    sel.remove(cid)
                else:
                    sel.append(cid)
                self.view.set_selection(sel)
            elif cid not in self.view.selected:
                self.view.set_selection([cid])
            if cid not in self.view.selected:
                event.accept()
                return True
            found = project.timeline.find_clip(cid)
            assert found is not None
            track, clip = found
            if edge:
                self.drag = {
                    "mode": "trim",
                    "edge": edge,
                    "clip": cid,
                    "orig": clip.start_us if edge == "start" else clip.end_us,
                    "start": clip.start_us,
                    "end": clip.end_us,
                    "x0": sp.x(),
                    "moved": False,
                    "points": self.view._points([cid]),
                }
            else:
                origs = {}
                for c in self.view.selected:
                    f = project.timeline.find_clip(c)
                    if f is not None:
                        origs[c] = (f[0].id, f[1].start_us)
                if is_main_track(project, track.id):  # the main track's clips move together
                    origs = {c: v for c, v in origs.items() if v[0] == track.id}
                self.drag = {
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
                    "points": self.view._points(list(origs)),
                }
            event.accept()
            return True
        if not additive:
            self.view.set_selection([])
        self.drag = {"mode": "band", "p0": pos, "moved": False, "x0": sp.x(), "base": []}
        if additive:
            self.drag["base"] = list(self.view.selected)
        event.accept()
        return True

    def move(self, event: QMouseEvent) -> bool:
        pos = event.position().toPoint()
        sp = self.view.mapToScene(pos)
        drag = self.drag
        if drag is None:
            item, edge = self._pick(pos)
            if isinstance(item, ClipItem) and edge:
                self.view.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
            else:
                self.view.viewport().unsetCursor()
            return False
        dx = sp.x() - drag["x0"]
        if not drag["moved"] and abs(dx) < 3 and drag["mode"] != "band":
            lane = self.view.lane_at(sp.y())
            if drag["mode"] != "move" or lane is None or lane.track_id == drag["track"]:
                return True
        if not drag["moved"] and drag["mode"] != "band":
            self.view.show_all()  # (the items it moves show wherever it takes them)
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
            self.band.setGeometry(rect)
            self.band.show()
            area = self.view.mapToScene(rect).boundingRect()
            hit = [
                i.clip_id
                for i in self.view.scene().items(area, Qt.ItemSelectionMode.IntersectsItemShape)
                if isinstance(i, ClipItem)
            ]
            self.view.set_selection(list(dict.fromkeys(drag["base"] + hit)))
        self.view.bars.changed()  # (items moved: the tiny ones' bars with them)
        self.view.viewport().update()
        event.accept()
        return True

    def _drag_move(self, sp: QPointF, dx: float) -> None:
        drag = self.drag
        assert drag is not None
        orig_start = drag["start"]
        new_start = max(0, orig_start + int(dx / self.view.px_per_us))
        if self.view.snapping:
            new_start, hit = snap_move(
                new_start, drag["duration"], drag["points"], self.view._threshold_us()
            )
            self.view._snap_line = hit
        delta = new_start - orig_start
        min_start = min(s for _, s in drag["orig"].values())
        delta = max(delta, -min_start)
        drag["delta"] = delta
        target_lane = None
        if len(drag["orig"]) == 1:
            lane = self.view.lane_at(sp.y())
            if lane is not None and lane.track_id and lane.kind == drag["kind"]:
                target_lane = lane
                drag["target"] = lane.track_id
        lane = self.view.lane_at(sp.y())
        project = self.view.project()
        drag.pop("cut", None)
        self.view._drop_time = None
        if (
            lane is not None
            and lane.track_id
            and lane.kind == drag["kind"]
            and is_main_track(project, lane.track_id)
            and (len(drag["orig"]) == 1 or drag["track"] == lane.track_id)
        ):
            # over the magnetic track: the clips go to the cut nearest the pointer
            moving = [c for c, (t, _) in drag["orig"].items() if t == lane.track_id]
            t = self.view.t_of(sp.x())
            drag["cut"] = cut_index_at(project, t, moving)
            self.view._drop_time = cut_times(project, moving)[drag["cut"]]
            self.view._snap_line = None
            target_lane = lane
            drag["target"] = lane.track_id
            self._make_room(moving, drag["cut"])
        elif drag.get("room") is not None:
            self._make_room([], -1)
        lane_by_id = {lane.track_id: lane for lane in self.view.lanes if lane.track_id}
        for cid, (tid, start) in drag["orig"].items():
            item = self.view._clips.get(cid)
            if item is None:
                continue
            lane = target_lane if (target_lane is not None and cid == drag["clip"]) else None
            lane = lane or lane_by_id.get(tid)
            y = lane.y if lane is not None else item.pos().y()
            item.setPos(self.view.x_of(start + delta), y)
            item.laid = None  # (the next sync puts it where the model has it)

    def _make_room(self, moving: list[str], cut: int) -> None:
        """Slide the main track's other clips aside for a drag hovering at ``cut`` (-1: put
        them back); only the items move."""
        drag = self.drag
        assert drag is not None
        key = (tuple(moving), cut)
        if drag.get("room") == key:
            return
        drag["room"] = key if cut >= 0 else None
        project = self.view.project()
        starts = preview_starts(project, moving, cut) if cut >= 0 else {}
        main = main_track(project)
        for c in main.clips if main is not None else []:
            item = self.view._clips.get(c.id)
            if item is None or c.id in drag["orig"]:
                continue
            item.setPos(self.view.x_of(starts.get(c.id, c.start_us)), item.pos().y())
            item.laid = None

    def _drag_trim(self, dx: float) -> None:
        drag = self.drag
        assert drag is not None
        t = max(0, drag["orig"] + int(dx / self.view.px_per_us))
        t = self.view._snapped(t, drag["points"])
        fr = frame_us(self.view.project())
        if drag["edge"] == "start":
            t = min(t, drag["end"] - fr)
            x0, x1 = self.view.x_of(t), self.view.x_of(drag["end"])
        else:
            t = max(t, drag["start"] + fr)
            x0, x1 = self.view.x_of(drag["start"]), self.view.x_of(t)
        drag["time"] = t
        item = self.view._clips[drag["clip"]]
        item.set_geometry(x0, item.pos().y(), x1 - x0, item.boundingRect().height())
        item.laid = None

    def _drag_transition(self, x: float) -> None:
        drag = self.drag
        assert drag is not None
        t = self.view._snapped(self.view.t_of(x), drag["points"])
        duration = max(0, t - drag["start"])
        drag["duration"] = duration
        item = self.view._transitions.get(drag["clip"])
        if item is not None:
            w = max(8.0, self.view.x_of(duration))
            item.set_geometry(self.view.x_of(drag["start"]), item.pos().y(), w, 14)
            item.laid = None

    def release(self, event: QMouseEvent) -> bool:
        drag, self.drag = self.drag, None
        self.view.end_show_all()
        self.view._snap_line = None
        self.view._drop_time = None
        self.band.hide()
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return False
        event.accept()
        if not drag["moved"]:
            if drag["mode"] == "band":
                self.view.playhead.set(self.view.t_of(drag["x0"]))
            self.view.viewport().update()
            return True
        mode = drag["mode"]
        if mode == "move" and "cut" in drag:
            self.view.commit_to_cut(list(drag["orig"]), drag["cut"])
        elif mode == "move":
            self.view.commit_move(drag["orig"], drag.get("delta", 0), drag["clip"], drag["target"])
        elif mode == "trim" and "time" in drag:
            cmds = trim_commands(self.view.project(), drag["clip"], drag["edge"], drag["time"])
            self.view._push_settled("Trim clip", cmds)
        elif mode == "transition" and "duration" in drag:
            kind = drag["kind"]
            if kind == "cut" and drag["duration"] > 0:
                kind = "fade"
            self.view.set_transition(drag["clip"], kind, drag["duration"])
        self.view.sync()  # (the items a cancelled drag moved go back)
        self.view.viewport().update()  # (the snap and drop lines go)
        return True
