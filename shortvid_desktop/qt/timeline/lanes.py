"""The timeline's lanes (one per track, then an empty one for each standard kind it lacks),
their sizes and colours, and the drag format of library items."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from ...core.model import Project
from ...session.editing import STANDARD_TRACKS

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
