"""The start page: what a new window offers before there is a project to work on.

New project, Open…, Reopen last project, the recent projects (newest first; a click opens one)
and every project a crash left unsaved, each with Recover and Discard. It lies over the docks
(below the toolbars and the notice bar, above the status bar) and goes away as soon as a project
is chosen; File > Start page brings it back. The lists come from ``session.projects``.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..session.projects import RecentProject, RecoverableProject


def _when(iso: str) -> str:
    return iso.replace("T", " ")[:16]


class StartPage(QFrame):
    new_requested = Signal()
    open_requested = Signal()
    reopen_requested = Signal()
    recent_chosen = Signal(object)  # RecentProject
    recover_requested = Signal(object)  # RecoverableProject
    discard_requested = Signal(object)  # RecoverableProject
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.recent: list[RecentProject] = []
        self.recoverable: list[RecoverableProject] = []
        self._choosing = False

        title = QLabel(self.tr("ShortVid"), self)
        big = QFont(title.font())
        big.setPointSizeF(big.pointSizeF() * 1.8)
        big.setBold(True)
        title.setFont(big)
        subtitle = QLabel(self.tr("Make a short vertical video from an idea."), self)
        subtitle.setObjectName("hint")

        self.new_button = QPushButton(self.tr("New project"), self)
        self.open_button = QPushButton(self.tr("Open…"), self)
        self.reopen_button = QPushButton(self.tr("Reopen last project"), self)
        self.empty_button = QPushButton(self.tr("Continue without a project"), self)
        self.empty_button.setFlat(True)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.reopen_button.clicked.connect(self.reopen_requested)
        self.empty_button.clicked.connect(self.dismissed)
        buttons = QVBoxLayout()
        for b in (self.new_button, self.open_button, self.reopen_button, self.empty_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.recent_box = QGroupBox(self.tr("Recent projects"), self)
        self.recent_list = QListWidget(self.recent_box)
        self.recent_list.setSpacing(3)
        self.recent_list.itemClicked.connect(self._on_recent_clicked)
        self.recent_list.itemActivated.connect(self._on_recent_clicked)
        self.recent_empty = QLabel(self.tr("No saved projects yet."), self.recent_box)
        self.recent_empty.setObjectName("hint")
        rl = QVBoxLayout(self.recent_box)
        rl.addWidget(self.recent_list, 1)
        rl.addWidget(self.recent_empty)

        self.recovery_box = QGroupBox(self.tr("Not saved when ShortVid closed"), self)
        self.recovery_rows = QVBoxLayout(self.recovery_box)

        lists = QVBoxLayout()
        lists.addWidget(self.recovery_box)
        lists.addWidget(self.recent_box, 1)
        body = QHBoxLayout()
        body.addLayout(buttons)
        body.addSpacing(24)
        body.addLayout(lists, 1)
        panel = QWidget(self)
        panel.setMaximumWidth(900)
        pl = QVBoxLayout(panel)
        pl.addWidget(title)
        pl.addWidget(subtitle)
        pl.addSpacing(12)
        pl.addLayout(body, 1)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.addStretch(1)
        outer.addWidget(panel, 4)
        outer.addStretch(1)

    # ------------------------------------------------------------------ content
    def set_lists(self, recent: list[RecentProject], recoverable: list[RecoverableProject]) -> None:
        self.recent = list(recent)
        self.recoverable = list(recoverable)
        self.recent_list.clear()
        for item in self.recent:
            where = item.path or self.tr("(saved in ShortVid only)")
            row = QListWidgetItem(
                f"{item.title or self.tr('Untitled')}\n{where} · {_when(item.when)}"
            )
            row.setToolTip(where)
            row.setData(Qt.ItemDataRole.UserRole, item.project_id)
            # two lines, tall enough for CJK fallback fonts (taller than the UI font's metrics)
            spacing = self.recent_list.fontMetrics().lineSpacing()
            row.setSizeHint(QSize(0, round(spacing * 2 * 1.35) + 10))
            self.recent_list.addItem(row)
        self.recent_list.setVisible(bool(self.recent))
        self.recent_empty.setVisible(not self.recent)
        last = self.recent[0] if self.recent else None
        self.reopen_button.setEnabled(last is not None)
        self.reopen_button.setToolTip(
            self.tr("Open “{0}” again").format(last.title) if last is not None else ""
        )
        while self.recovery_rows.count():
            child = self.recovery_rows.takeAt(0)
            w = child.widget() if child is not None else None
            if w is not None:
                w.setObjectName("")
                # hidden first: a row added in this same turn of the event loop has a show
                # queued by its layout, which would show it as a window of its own
                w.hide()
                w.setParent(None)
                w.deleteLater()
        for item in self.recoverable:
            self.recovery_rows.addWidget(self._recovery_row(item))
        self.recovery_box.setVisible(bool(self.recoverable))

    def _recovery_row(self, item: RecoverableProject) -> QWidget:
        row = QWidget(self.recovery_box)
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        label = QLabel(
            self.tr("“{0}”, autosaved {1}").format(
                item.title or self.tr("Untitled"), _when(item.revision.created)
            ),
            row,
        )
        recover = QPushButton(self.tr("Recover"), row)
        discard = QPushButton(self.tr("Discard"), row)
        recover.clicked.connect(lambda _=False, i=item: self.recover_requested.emit(i))
        discard.clicked.connect(lambda _=False, i=item: self.discard_requested.emit(i))
        h.addWidget(label, 1)
        h.addWidget(recover)
        h.addWidget(discard)
        row.setObjectName(f"recovery:{item.project_id}")
        return row

    def recovery_buttons(self, project_id: str) -> tuple[QPushButton, QPushButton] | None:
        """The Recover and Discard buttons of a recoverable project's row."""
        row = self.recovery_box.findChild(QWidget, f"recovery:{project_id}")
        if row is None:
            return None
        buttons = row.findChildren(QPushButton)
        return buttons[0], buttons[1]

    def _on_recent_clicked(self, row: QListWidgetItem) -> None:
        # a click (and Enter); a style that activates on one click sends both signals
        i = self.recent_list.row(row)
        if self._choosing or not 0 <= i < len(self.recent):
            return
        self._choosing = True
        QTimer.singleShot(0, self._done_choosing)
        self.recent_chosen.emit(self.recent[i])

    def _done_choosing(self) -> None:
        self._choosing = False
