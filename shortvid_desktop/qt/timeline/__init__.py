"""The timeline: a QGraphicsView of tracks and clips with a time ruler and track headers.

lanes.py     lanes, sizes, colours, the drag format of library items
items.py     the clip and transition-handle scene items
view.py      the view: model -> items, selection, zoom, keys, edits, drops, painting
gestures.py  the mouse: select, move, trim, transition handles, rubber band
ruler.py     the time ruler and the track headers
panel.py     toolbar + headers + ruler + view
"""

from .items import ClipItem, TransitionItem
from .lanes import ASSET_MIME, Lane, lanes_for
from .panel import TimelinePanel
from .ruler import Ruler, TrackHeaders
from .view import TimelineView

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
