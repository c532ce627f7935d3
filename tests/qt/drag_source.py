"""A stand-in for a file manager in the real-drag tests (tests/qt/test_drops.py).

Run as its own process on an X display: ``python drag_source.py X Y FILE...`` shows a small window
with its top-left corner at (X, Y). Pressing the mouse on it and moving starts a drag of the
files' URLs with Copy and Move allowed and Move proposed, as a file manager does for files on the
same disk. It reports on stdout, one JSON object a line:

    {"event": "ready", "x": ..., "y": ...}     the window is on screen; (x, y): its centre
    {"event": "started"}                       the drag began
    {"event": "action", "action": "copy"}      the target under the pointer answered
    {"event": "result", "action": "copy"}      what ``QDrag.exec()`` returned

It stays open after the drag, as a file manager does (the target may still be reading the dragged
data), until a line ``{"cmd": "quit"}`` or the end of stdin.
"""

from __future__ import annotations

import json
import os
import sys

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, QSocketNotifier, Qt, QUrl
from PySide6.QtGui import QDrag, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel

ACTIONS = {
    Qt.DropAction.IgnoreAction: "ignore",
    Qt.DropAction.CopyAction: "copy",
    Qt.DropAction.MoveAction: "move",
    Qt.DropAction.LinkAction: "link",
}


def say(event: str, **fields: object) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


class Source(QLabel):
    """The window; its mouse and expose events are watched by an event filter."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__(f"{len(paths)} file(s)")
        self.paths = paths
        self.press: QPoint | None = None
        self.dragging = False
        self.announced = False
        self.setWindowTitle("drag source")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("background: darkcyan;")
        self.setFixedSize(160, 160)
        self.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Expose and obj == self.windowHandle() and obj.isExposed():
            self.announce()
        elif obj is self and kind == QEvent.Type.MouseButtonPress:
            assert isinstance(event, QMouseEvent)
            if event.button() == Qt.MouseButton.LeftButton:
                self.press = event.position().toPoint()
        elif obj is self and kind == QEvent.Type.MouseMove:
            assert isinstance(event, QMouseEvent)
            self._maybe_drag(event.position().toPoint())
        return False

    def announce(self) -> None:
        if not self.announced:  # on the screen: it can take the pointer
            self.announced = True
            centre = self.mapToGlobal(self.rect().center())
            say("ready", x=centre.x(), y=centre.y())

    def _maybe_drag(self, pos: QPoint) -> None:
        if self.press is None or self.dragging:
            return
        if (pos - self.press).manhattanLength() < QApplication.startDragDistance():
            return
        self.dragging = True
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(p) for p in self.paths])
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.actionChanged.connect(lambda a: say("action", action=ACTIONS.get(a, str(a))))
        say("started")
        result = drag.exec(
            Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, Qt.DropAction.MoveAction
        )
        say("result", action=ACTIONS.get(result, str(result)))


def main(argv: list[str]) -> int:
    app = QApplication(argv[:1])
    x, y, *paths = argv[1:]
    source = Source(paths)
    source.move(int(x), int(y))
    source.show()
    source.windowHandle().installEventFilter(source)
    if source.windowHandle().isExposed():
        source.announce()

    def on_stdin(*_args: object) -> None:
        data = os.read(sys.stdin.fileno(), 4096)
        if not data or b"quit" in data:
            notifier.setEnabled(False)
            app.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(on_stdin)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
