"""Script panel: the creator's text, which the offline helper splits into scenes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ScriptPanel(QWidget):
    sample_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("Title (optional)"))
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(
            self.tr("Type or paste your narration here. Each sentence or two becomes a scene.")
        )
        self.language = QComboBox(self)
        self.language.addItem(self.tr("Language: auto"), "auto")
        self.language.addItem("English", "en")
        self.language.addItem("中文", "zh")
        self.sample_button = QPushButton(self.tr("Use sample script"), self)
        self.sample_button.clicked.connect(self.sample_requested)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("<b>Script</b>"), self))
        row.addStretch(1)
        row.addWidget(self.language)
        row.addWidget(self.sample_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.title)
        layout.addWidget(self.editor, 1)

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        self.editor.setPlainText(text)

    def language_code(self) -> str:
        return str(self.language.currentData())
