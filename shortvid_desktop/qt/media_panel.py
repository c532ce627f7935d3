"""Media library: the project's pictures, clips and sounds; files and folders drop here.

Items show a thumbnail (a poster frame, or a waveform for sound) with a duration badge, and can
be dragged onto the timeline or onto a scene. Filter by type, search by name; missing files are
marked and can be relinked. Rejected files of the last import are listed with the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QIcon,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Asset
from ..core.timebase import US_PER_SECOND
from .drops import FileDrops, accept_copy, dropped_paths, has_files
from .media_cache import MediaCache
from .timeline import ASSET_MIME

ICON = QSize(112, 84)


def _badge_time(us: int) -> str:
    s = us // US_PER_SECOND
    return f"{s // 60}:{s % 60:02d}"


class MediaList(QListWidget):
    paths_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(ICON)
        self.setGridSize(QSize(ICON.width() + 16, ICON.height() + 40))
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setMovement(QListWidget.Movement.Static)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAcceptDrops(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        # drags are delivered to the viewport; a static icon view leaves it refusing them
        self.viewport().setAcceptDrops(True)

    # dragging items out: asset ids
    def mimeTypes(self) -> list[str]:
        return [ASSET_MIME, "text/uri-list"]

    def mimeData(self, items) -> QMimeData:
        mime = QMimeData()
        ids = [str(i.data(Qt.ItemDataRole.UserRole)) for i in items]
        mime.setData(ASSET_MIME, " ".join(ids).encode("utf-8"))
        return mime

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    # dropping files in (from a file manager): always as a copy; items of the library itself
    # dragged over it are refused
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.dragMoveEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if has_files(event.mimeData()):
            accept_copy(event)
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event.mimeData())
        if paths and accept_copy(event):
            self.paths_dropped.emit(paths)
        else:
            event.ignore()


class MediaPanel(QWidget):
    """Shows assets; asks the window to import what is dropped or chosen."""

    import_requested = Signal(list)
    browse_requested = Signal()
    action_requested = Signal(str, list)  # "timeline" | "music" | "scene" | "relink" | "remove"

    def __init__(self, media_cache: MediaCache | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.media_cache = media_cache
        self.list = MediaList(self)
        self.list.paths_dropped.connect(self.import_requested)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_list_context_menu)
        self.hint = QLabel(self.tr("Drop photos, clips, music or folders here"), self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        self.hint_drops = FileDrops(self.hint)  # the empty-state hint takes drops too
        self.hint_drops.dropped.connect(self.import_requested)
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.import_button.clicked.connect(self.browse_requested)
        self.filter = QComboBox(self)
        for label, kind in (
            (self.tr("All media"), ""),
            (self.tr("Pictures"), "image"),
            (self.tr("Videos"), "video"),
            (self.tr("Sound"), "audio"),
            (self.tr("Missing files"), "missing"),
        ):
            self.filter.addItem(label, kind)
        self.filter.currentIndexChanged.connect(self._apply_filter)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search by name or keyword"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filter)
        self.problems = QListWidget(self)
        self.problems.setMaximumHeight(90)
        self.problems.setWordWrap(True)
        self.problems.setObjectName("problems")
        self.problems_label = QLabel(self.tr("Not imported:"), self)
        self.clear_problems = QToolButton(self)
        self.clear_problems.setText(self.tr("Clear"))
        self.clear_problems.clicked.connect(self.clear_rejected)

        top = QHBoxLayout()
        title = QLabel(self.tr("Media"), self)
        bold = QFont(title.font())
        bold.setBold(True)
        title.setFont(bold)
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.import_button)
        row = QHBoxLayout()
        row.addWidget(self.filter)
        row.addWidget(self.search, 1)
        prow = QHBoxLayout()
        prow.addWidget(self.problems_label)
        prow.addStretch(1)
        prow.addWidget(self.clear_problems)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(prow)
        layout.addWidget(self.problems)
        self._items: dict[str, QListWidgetItem] = {}
        self._assets: dict[str, Asset] = {}
        self._keywords: dict[str, str] = {}
        self.clear_rejected()
        if media_cache is not None:
            media_cache.updated.connect(self._on_media_cache_updated)

    # ------------------------------------------------------------------ content
    def set_assets(self, assets: list[Asset], keywords: dict[str, str] | None = None) -> None:
        """Show ``assets`` (generated voice files are left out); ``keywords`` maps asset id ->
        words of the scenes that use it (searchable)."""
        wanted = {a.id: a for a in assets if not a.generated}
        self._keywords = dict(keywords or {})
        for asset_id in list(self._items):
            if asset_id not in wanted:
                item = self._items.pop(asset_id)
                self._assets.pop(asset_id, None)
                self.list.takeItem(self.list.row(item))
        for asset in wanted.values():
            item = self._items.get(asset.id)
            changed = item is None or self._assets.get(asset.id) != asset
            if item is None:
                item = QListWidgetItem()
                item.setData(Qt.ItemDataRole.UserRole, asset.id)
                self.list.addItem(item)
                self._items[asset.id] = item
            self._assets[asset.id] = asset
            if changed:
                self._decorate(item, asset)
        self.hint.setVisible(not self._items)
        self._apply_filter()

    def _decorate(self, item: QListWidgetItem, asset: Asset) -> None:
        name = Path(asset.path).name
        missing = not os.path.isfile(asset.path)
        item.setText(name if not missing else self.tr("{0} (missing)").format(name))
        kinds = {"image": self.tr("picture"), "video": self.tr("video"), "audio": self.tr("sound")}
        tip = f"{asset.path}\n{kinds.get(asset.kind, asset.kind)}"
        if asset.width:
            tip += f" {asset.width}×{asset.height}"
        if asset.duration_us:
            tip += f", {asset.duration_us / US_PER_SECOND:.1f} s"
        if missing:
            tip += "\n" + self.tr("The file is missing: right-click and choose Relink.")
            item.setForeground(QColor("#ff6b6b"))
        item.setToolTip(tip)
        pix = self.media_cache.thumbnail(asset) if self.media_cache is not None else None
        item.setIcon(QIcon(self._badged(pix, asset)))

    def _badged(self, pix: QPixmap | None, asset: Asset) -> QPixmap:
        canvas = QPixmap(ICON)
        canvas.fill(QColor("#2a2b31"))
        p = QPainter(canvas)
        if pix is not None and not pix.isNull():
            scaled = pix.scaled(
                ICON, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            p.drawPixmap(
                (ICON.width() - scaled.width()) // 2, (ICON.height() - scaled.height()) // 2, scaled
            )
        else:
            p.setPen(QColor("#888"))
            glyph = {"image": "🖼", "video": "🎬", "audio": "♪"}.get(asset.kind, "?")
            p.drawText(canvas.rect(), Qt.AlignmentFlag.AlignCenter, glyph)
        if asset.duration_us:
            text = _badge_time(asset.duration_us)
            font = QFont(self.font())
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
            p.setFont(font)
            w = p.fontMetrics().horizontalAdvance(text) + 8
            h = p.fontMetrics().height() + 2
            r = canvas.rect().adjusted(ICON.width() - w - 3, ICON.height() - h - 3, -3, -3)
            p.fillRect(r, QColor(0, 0, 0, 170))
            p.setPen(QColor("#fff"))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, text)
        p.end()
        return canvas

    def _on_media_cache_updated(self, asset_id: str) -> None:
        item = self._items.get(asset_id)
        asset = self._assets.get(asset_id)
        if item is not None and asset is not None:
            self._decorate(item, asset)

    def set_thumbnail(self, asset_id: str, path: str) -> None:
        item = self._items.get(asset_id)
        asset = self._assets.get(asset_id)
        if item is not None and asset is not None:
            item.setIcon(QIcon(self._badged(QPixmap(path), asset)))

    def asset_ids(self) -> list[str]:
        return list(self._items)

    def selected_ids(self) -> list[str]:
        return [str(i.data(Qt.ItemDataRole.UserRole)) for i in self.list.selectedItems()]

    def visible_ids(self) -> list[str]:
        return [aid for aid, item in self._items.items() if not item.isHidden()]

    # ------------------------------------------------------------------ filter
    def _apply_filter(self, *_args: object) -> None:
        kind = str(self.filter.currentData() or "")
        needle = self.search.text().strip().lower()
        for aid, item in self._items.items():
            asset = self._assets[aid]
            ok = True
            if kind == "missing":
                ok = not os.path.isfile(asset.path)
            elif kind:
                ok = asset.kind == kind
            if ok and needle:
                hay = f"{Path(asset.path).name} {self._keywords.get(aid, '')}".lower()
                ok = needle in hay
            item.setHidden(not ok)

    # ------------------------------------------------------------------ rejected files
    def show_rejected(self, rejected: list[tuple[str, ...]]) -> None:
        """List files that were not imported: (path, plain reason[, technical detail])."""
        for path, reason, *detail in rejected:
            item = QListWidgetItem(reason)
            item.setToolTip("\n".join([path, *(d for d in detail if d)]))
            item.setForeground(QColor("#ff8a80"))
            self.problems.addItem(item)
        visible = self.problems.count() > 0
        self.problems.setVisible(visible)
        self.problems_label.setVisible(visible)
        self.clear_problems.setVisible(visible)

    def clear_rejected(self) -> None:
        self.problems.clear()
        self.problems.setVisible(False)
        self.problems_label.setVisible(False)
        self.clear_problems.setVisible(False)

    # ------------------------------------------------------------------ context menu
    def _on_list_context_menu(self, pos) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        menu = QMenu(self)
        entries = (
            ("timeline", self.tr("Add to timeline at the playhead")),
            ("scene", self.tr("Assign to the selected scene")),
            ("music", self.tr("Use as music")),
            ("relink", self.tr("Relink…")),
            ("remove", self.tr("Remove from project")),
        )
        for key, label in entries:
            act = QAction(label, menu)
            act.triggered.connect(lambda _=False, k=key: self.action_requested.emit(k, ids))
            menu.addAction(act)
        menu.exec(self.list.viewport().mapToGlobal(pos))
