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

from PySide6.QtCore import QMimeData, QPoint, QSocketNotifier, Qt, QTimer, QUrl
from PySide6.QtGui import QDrag, QMouseEvent, QPainter
from PySide6.QtWidgets import QApplication, QWidget

ACTIONS = {
    Qt.DropAction.IgnoreAction: "ignore",
    Qt.DropAction.CopyAction: "copy",
    Qt.DropAction.MoveAction: "move",
    Qt.DropAction.LinkAction: "link",
}


def say(event: str, **fields: object) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


class Source(QWidget):
    def __init__(self, paths: list[str]) -> None:
        super().__init__()
        self.paths = paths
        self.press: QPoint | None = None
        self.dragging = False
        self.announced = False
        self.setWindowTitle("drag source")
        self.setFixedSize(160, 160)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), Qt.GlobalColor.darkCyan)
        p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, f"{len(self.paths)} file(s)")
        p.end()
        if not self.announced:  # painted: the window is mapped and can take the pointer
            self.announced = True
            centre = self.mapToGlobal(self.rect().center())
            QTimer.singleShot(0, lambda: say("ready", x=centre.x(), y=centre.y()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.press = event.position().toPoint()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.press is None or self.dragging:
            return
        moved = (event.position().toPoint() - self.press).manhattanLength()
        if moved < QApplication.startDragDistance():
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
