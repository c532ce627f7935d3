"""Export bar: the big button, a progress bar with ETA, and Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class ExportPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.export_button = QPushButton(self.tr("Export video"), self)
        self.export_button.setObjectName("exportButton")
        self.export_button.setMinimumHeight(36)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.setFormat("%p%")
        self.status = QLabel(self.tr("Ready"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.addWidget(self.status, 2)
        layout.addWidget(self.progress, 3)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.export_button)

    def set_busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress.setValue(0)

    def show_progress(self, fraction: float, message: str, eta: float | None) -> None:
        if fraction >= 0:
            self.progress.setValue(int(fraction * 1000))
        text = message
        if eta is not None:
            text += self.tr(" — about {0} s left").format(int(eta + 0.5))
        self.status.setText(text)
