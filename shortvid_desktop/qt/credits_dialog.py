"""Project > credits: every stock or AI asset of the project with what its licence asks for.

A non-modal dialog (Help > Project credits…): one row per credited asset (the file, provider,
author, licence, its source page as a link that opens in the browser, and whether it is
AI-generated), refreshed after every edit; Copy puts the same text on the clipboard as the
``.credits.txt`` an export writes beside the video. Everything comes from ``session.visuals``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Project
from ..session import visuals
from .undo import UndoBridge

COLUMNS = 6  # file, provider, author, licence, source page, AI-generated
SOURCE_COLUMN = 4


class CreditsDialog(QDialog):
    """The credits of the project's stock and AI media, with a Copy button."""

    def __init__(
        self, project: Callable[[], Project], bridge: UndoBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CreditsDialog")
        self.setWindowTitle(self.tr("Project credits"))
        self.setModal(False)
        self.resize(820, 360)
        self.project = project
        self.intro = QLabel(
            self.tr(
                "Stock and AI media in this project, and what their licences ask for. Exports "
                "write the same text beside the video (name.credits.txt)."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("creditsTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("File"),
                self.tr("Provider"),
                self.tr("Author"),
                self.tr("Licence"),
                self.tr("Source page"),
                self.tr("AI-generated"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SOURCE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(
            self.tr(
                "This project uses no stock or AI media: nothing to credit. Find visuals… in "
                "the Scenes panel adds some."
            ),
            self,
        )
        self.empty.setObjectName("emptyCredits")
        self.empty.setWordWrap(True)
        self.status = QLabel("", self)
        self.status.setObjectName("status")
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setObjectName("copyCredits")
        self.copy_button.setToolTip(self.tr("Copy the credits as text (as in .credits.txt)"))
        self.copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        bridge.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        """The table from the project as it is now."""
        rows = visuals.credit_rows(self.project())
        self.table.clearContents()
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            cells = (row.file_name, row.provider, row.author, row.licence, "", "")
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(row.line)
                self.table.setItem(i, col, cell)
            if row.author_url:
                self.table.item(i, 2).setToolTip(row.author_url)
            if row.ai_generated:
                self.table.item(i, 5).setText(self.tr("Yes: AI-generated"))
            if row.source_url:  # a link drawn by its label (the cell's own text stays empty)
                link = QLabel(f'<a href="{escape(row.source_url)}">{escape(row.source_url)}</a>')
                link.setObjectName("sourceLink")
                link.setOpenExternalLinks(True)
                link.setToolTip(self.tr("Open the source page in the browser"))
                self.table.setCellWidget(i, SOURCE_COLUMN, link)
        for col in (0, 1, 2, 3, 5):
            self.table.resizeColumnToContents(col)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.copy_button.setEnabled(bool(rows))

    def text(self) -> str:
        """What Copy puts on the clipboard: the ``.credits.txt`` text."""
        return visuals.credits_text(self.project())

    def copy(self) -> None:
        text = self.text()
        if not text:
            self.status.setText(self.tr("Nothing to copy: no stock or AI media."))
            return
        QGuiApplication.clipboard().setText(text)
        self.status.setText(self.tr("Copied: the credits are on the clipboard."))

    def _on_changed(self, _event: object) -> None:
        if self.isVisible():
            self.refresh()


def open_credits_dialog(win: Any) -> CreditsDialog:
    """The window's credits dialog (one, reused), shown up to date."""
    dialog = getattr(win, "credits_dialog", None)
    if dialog is None:
        dialog = CreditsDialog(win.current_project, win.bridge, win)
        win.credits_dialog = dialog
    else:
        dialog.refresh()
    dialog.status.clear()
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
