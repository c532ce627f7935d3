"""The timeline panel: toolbar, track headers, ruler and view in one widget."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import (
    QAction,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QToolBar,
    QWidget,
)

from ...core.model import Project
from ..media_cache import MediaCache
from ..state import Playhead
from ..undo import UndoBridge
from .lanes import HEADER_W, RULER_H
from .ruler import Ruler, TrackHeaders
from .view import TimelineView


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
        self.act_snap_beats = QAction(self.tr("Snap cuts to beats"), self)
        self.act_snap_beats.setObjectName("actSnapBeats")
        self.act_snap_beats.setToolTip(
            self.tr("Move each cut of the main track to the nearest beat of the music")
        )
        self.act_snap_beats.triggered.connect(lambda _=False: self.view.snap_cuts_to_beats())

    def _on_view_scrolled(self) -> None:
        self.ruler.update()
        self.headers.update()

    def add_actions(self, actions: list[QAction | None]) -> None:
        for a in actions:
            if a is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(a)
        if self.act_snap_beats not in self.toolbar.actions():
            self.toolbar.addSeparator()
            self.toolbar.addAction(self.act_snap_beats)
