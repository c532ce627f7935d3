"""Diagnostics: what ``shortvid doctor`` reports, inside the app, with "Copy report"."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .jobs import JobRunner, QtJob


class DiagnosticsDialog(QDialog):
    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(self.tr("Diagnostics"))
        self.setModal(False)
        self.resize(720, 520)
        self.summary = QLabel(self.tr("Checking this computer…"), self)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = QPushButton(self.tr("Copy report"), self)
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_report)
        self.rerun_button = QPushButton(self.tr("Check again"), self)
        self.rerun_button.clicked.connect(self.run_checks)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.rerun_button)
        row.addStretch(1)
        row.addWidget(self.copy_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)
        self.job: QtJob | None = None
        self.report_text = ""
        self.run_checks()

    def run_checks(self) -> None:
        if self.job is not None:
            return
        self.summary.setText(self.tr("Checking this computer…"))
        self.rerun_button.setEnabled(False)

        def run(progress, cancel):
            from ..session.doctor import doctor_report, format_report

            report = doctor_report()
            return report["ok"], format_report(report)

        self.job = self.runner.run(self.tr("Diagnostics"), run, self._on_done, self._on_failed)

    def _on_done(self, result) -> None:
        ok, text = result
        self.job = None
        self.report_text = text
        self.text.setPlainText(text)
        self.summary.setText(
            self.tr("Everything ShortVid needs works.")
            if ok
            else self.tr("Something ShortVid needs is missing or broken: see below.")
        )
        self.copy_button.setEnabled(True)
        self.rerun_button.setEnabled(True)

    def _on_failed(self, message: str) -> None:
        self.job = None
        self.summary.setText(self.tr("The checks failed: {0}").format(message))
        self.rerun_button.setEnabled(True)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text)
