"""Media library panel: the project's pictures, clips and music; files and folders drop here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Asset
from ..core.timebase import fmt_time


def local_paths(event: QDragEnterEvent | QDropEvent) -> list[str]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]


class MediaList(QListWidget):
    paths_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(QSize(96, 96))
        self.setGridSize(QSize(120, 132))
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setMovement(QListWidget.Movement.Static)
        self.setWordWrap(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QListWidget.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event)
        if paths:
            event.acceptProposedAction()
            self.paths_dropped.emit(paths)
        else:
            event.ignore()


class MediaPanel(QWidget):
    """Shows assets; asks the window to import what is dropped or chosen."""

    import_requested = Signal(list)
    browse_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = MediaList(self)
        self.list.paths_dropped.connect(self.import_requested)
        self.hint = QLabel(self.tr("Drop photos, clips, music or folders here"), self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.import_button.clicked.connect(self.browse_requested)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("<b>Media</b>"), self))
        top.addStretch(1)
        top.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        self._items: dict[str, QListWidgetItem] = {}

    def set_assets(self, assets: list[Asset]) -> None:
        wanted = {a.id: a for a in assets if not a.generated}
        for asset_id in list(self._items):
            if asset_id not in wanted:
                item = self._items.pop(asset_id)
                self.list.takeItem(self.list.row(item))
        for asset in wanted.values():
            if asset.id in self._items:
                continue
            label = Path(asset.path).name
            if asset.duration_us:
                label += f"\n{fmt_time(asset.duration_us)[:-4]}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, asset.id)
            item.setToolTip(f"{asset.path}\n{asset.kind} {asset.width}x{asset.height}")
            self.list.addItem(item)
            self._items[asset.id] = item
        self.hint.setVisible(not self._items)

    def set_thumbnail(self, asset_id: str, path: str) -> None:
        item = self._items.get(asset_id)
        if item is not None:
            item.setIcon(QIcon(QPixmap(path)))

    def asset_ids(self) -> list[str]:
        return list(self._items)
