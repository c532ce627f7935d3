"""Files and folders dropped from the desktop (a file manager, another app) onto the window.

Every drop target — the media library, its empty-state hint, the timeline and the preview —
takes a drag of local files and folders and imports them like Import… does (the same job, the
same checks, the same report). A drop is always answered as a *copy*, whatever the source
proposes: a file manager that is told "move" deletes the originals after the drop.

``accept_copy(event)`` is the one place that answers a drag; ``FileDrops`` makes any plain widget
a drop target (an event filter, so panels need no subclass); ``connect_drops(window)`` wires the
targets and the import's status-bar and notice-bar messages to the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from .main_window import MainWindow


def dropped_paths(mime: QMimeData) -> list[str]:
    """The local files and folders a drag carries (remote URLs are left out)."""
    if not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


def has_files(mime: QMimeData) -> bool:
    """Whether a drag carries local files or folders (checked by type while it moves)."""
    return mime.hasUrls() and any(u.isLocalFile() for u in mime.urls())


def accept_copy(event: QDragMoveEvent | QDropEvent) -> bool:
    """Answer a drag (enter, move or drop) as a copy; refuse it when the source forbids copying.

    Never ``acceptProposedAction()``: a file manager proposes *move* for files on the same disk
    and deletes them when the drop says it moved them.
    """
    if not event.possibleActions() & Qt.DropAction.CopyAction:
        event.ignore()
        return False
    event.setDropAction(Qt.DropAction.CopyAction)
    event.accept()
    return True


class FileDrops(QObject):
    """Makes ``widget`` accept dropped files and folders (as a copy); emits their paths."""

    dropped = Signal(list)  # [path]

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragMoveEvent)
            if has_files(event.mimeData()):
                accept_copy(event)
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            paths = dropped_paths(event.mimeData())
            if paths and accept_copy(event):
                self.dropped.emit(paths)
            else:
                event.ignore()
            return True
        return False


def connect_drops(window: MainWindow) -> None:
    """Wire the drop targets to the importer, and the importer to the status and notice bars."""
    window.preview.files_dropped.connect(
        lambda paths: window.importer.import_paths(
            list(paths), place=("", "", window.playhead.position)
        )
    )
    bar = window.statusBar()
    window.importer.status.connect(
        lambda text: bar.showMessage(text) if text else bar.clearMessage()
    )
    window.importer.problems.connect(lambda text: window.notice_bar.show_message(text, "warning"))


__all__ = [
    "FileDrops",
    "accept_copy",
    "connect_drops",
    "dropped_paths",
    "has_files",
]
