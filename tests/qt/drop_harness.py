"""The editor window for the real-drag tests (tests/qt/test_drops.py), in its own process.

Run on an X display with ``QT_QPA_PLATFORM=xcb`` and ``SHORTVID_HOME`` set:
``python drop_harness.py X Y``. It opens the main window with its top-left corner at (X, Y) and
talks JSON lines: commands on stdin, answers and events on stdout.

Commands: ``{"cmd": "where", "target": T}`` (T: library, hint, timeline, preview, library_item)
answers ``{"event": "where", "x", "y", "visible"}``, the target's centre on the screen;
``{"cmd": "reset"}`` opens a new empty project; ``{"cmd": "state"}`` answers with the project's
assets and tracks, the Messages panel, the notice bar and the status-bar messages shown since the
last reset; ``{"cmd": "quit"}``.
Events: ``ready``; ``import_finished`` (after each import); ``edit`` (after each undoable edit);
``status`` (each status-bar message); ``drag_over`` with the target a drag moved over, said once
the target has answered that position (so a test may release the button then).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from shortvid_desktop.qt.app import create_app
from shortvid_desktop.qt.main_window import MainWindow
from shortvid_desktop.session import Session


def say(event: str, **fields: object) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


class Harness(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.status: list[str] = []
        self.buffer = b""
        window.statusBar().messageChanged.connect(self._on_status)
        window.import_finished.connect(self._on_import_finished)
        window.bridge.changed.connect(lambda _e: say("edit"))
        self.notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._on_stdin)

    def targets(self) -> dict[QObject, str]:
        w = self.window
        return {
            w.media_panel.list.viewport(): "library",
            w.media_panel.hint: "hint",
            w.timeline.viewport(): "timeline",
            w.preview.view: "preview",
        }

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            name = self.targets().get(obj)
            if name is not None:  # said after the target answered this position
                g = obj.mapToGlobal(event.position().toPoint())
                QTimer.singleShot(0, lambda: say("drag_over", target=name, x=g.x(), y=g.y()))
        return False

    def _on_status(self, text: str) -> None:
        self.status.append(text)
        say("status", text=text)

    def _on_import_finished(self, result) -> None:
        say(
            "import_finished",
            added=[Path(a.path).name for a in result.added],
            rejected=[[Path(p).name, reason] for p, reason in result.rejected],
        )

    def _on_stdin(self, *_args: object) -> None:
        chunk = os.read(sys.stdin.fileno(), 65536)
        if not chunk:
            self.notifier.setEnabled(False)
            QApplication.quit()
            return
        self.buffer += chunk
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            if line.strip():
                self._handle(json.loads(line))

    def _handle(self, cmd: dict) -> None:
        name = cmd["cmd"]
        if name == "where":
            self._where(cmd["target"])
        elif name == "reset":
            self.window.set_session(Session.new())
            self.window.messages.clear()
            self.window.notice_bar.dismiss()
            self.window.media_panel.clear_rejected()
            self.status.clear()
            say("reset")
        elif name == "state":
            self._state()
        elif name == "undo":
            self.window.act_undo.trigger()
            self._state()
        elif name == "quit":
            self.window.close()
            QApplication.quit()

    def _where(self, target: str) -> None:
        w = self.window
        widget: QWidget
        if target == "library":
            widget = w.media_panel.list.viewport()
            point = widget.rect().center()
        elif target == "library_item":
            widget = w.media_panel.list.viewport()
            item = w.media_panel.list.item(0)
            point = w.media_panel.list.visualItemRect(item).center()
        elif target == "hint":
            widget = w.media_panel.hint
            point = widget.rect().center()
        elif target == "timeline":
            view = w.timeline
            widget = view.viewport()
            lane = next(lane for lane in view.lanes if lane.kind == "video")
            point = view.mapFromScene(view.x_of(1_000_000), lane.y + lane.h / 2)
        elif target == "preview":
            widget = w.preview.view
            point = widget.rect().center()
        else:
            raise ValueError(target)
        g: QPoint = widget.mapToGlobal(point)
        say("where", target=target, x=g.x(), y=g.y(), visible=widget.isVisible())

    def _state(self) -> None:
        project = self.window.session.project
        say(
            "state",
            assets=sorted(Path(a.path).name for a in project.assets.values()),
            tracks=[
                {
                    "kind": t.kind,
                    "clips": [[c.start_us, c.start_us + c.duration_us] for c in t.sorted_clips()],
                }
                for t in project.timeline.tracks
                if t.clips
            ],
            playhead=self.window.playhead.position,
            messages=self.window.messages.toPlainText(),
            notice=self.window.notice_bar.label.text()
            if self.window.notice_bar.isVisible()
            else "",
            status=list(self.status),
            status_now=self.window.statusBar().currentMessage(),
            problems=[
                self.window.media_panel.problems.item(i).text()
                for i in range(self.window.media_panel.problems.count())
            ],
            can_undo=self.window.act_undo.isEnabled(),
        )


def main(argv: list[str]) -> int:
    app = create_app(argv[:1])
    x, y = int(argv[1]), int(argv[2])
    window = MainWindow(Session.new())
    window.confirm_close = False
    window.move(x, y)
    window.resize(1300, 900)
    app.installEventFilter(Harness(window))
    window.show()
    handle = window.windowHandle()
    ExposeWatcher(handle)
    return app.exec()


class ExposeWatcher(QObject):
    """Says "ready" once the window is on the screen (its first expose)."""

    def __init__(self, handle) -> None:
        super().__init__(handle)
        self.done = False
        handle.installEventFilter(self)
        if handle.isExposed():
            self._ready()

    def _ready(self) -> None:
        if not self.done:
            self.done = True
            say("ready")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and obj.isExposed():
            self._ready()
        return False


if __name__ == "__main__":
    sys.exit(main(sys.argv))
