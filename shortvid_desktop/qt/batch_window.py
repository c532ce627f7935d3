"""The Batch window: many videos from a table of rows (a manifest opened, or topics typed one a
line), run by session/batch as one job off the GUI thread.

Each table row is a manifest row: its cells are checked as they are edited (the manifest's own
checks, as a quiet job) and a bad cell is marked with what to do. Start writes the rows into the
output folder as its manifest and makes the videos there (session/batch/control.py); each row shows
its status (queued, running, done, failed, cancelled, or not run for a bad row) and its progress.
The queue lives in the output folder, so a batch stopped by Cancel all, a closed window or a crash
goes on later: at the next start the main window offers "Resume batch".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRect, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..session import settings as st
from ..session.batch.control import BatchControl, BatchSnapshot, pending_batch
from ..session.batch.manifest import check_rows, read_rows
from ..session.batch.runner import BatchEvent, BatchOptions
from ..session.templates import load_templates
from ..session.voices import list_voices
from .jobs import JobRunner, QtJob
from .progress_text import progress_text

# the table's columns: the manifest's (topic holds a topic, a text or a script file) ...
CELL_COLUMNS = (
    "topic",
    "media",
    "music",
    "template",
    "voice",
    "lang",
    "seconds",
    "aspect",
    "variants",
    "name",
)
# ... then what the run shows
STATUS_COLUMN = len(CELL_COLUMNS)
PROGRESS_COLUMN = STATUS_COLUMN + 1
MESSAGE_COLUMN = STATUS_COLUMN + 2
# topic, media, music, template, voice, lang, seconds, aspect, variants, name, status, progress
COLUMN_WIDTHS = (180, 120, 70, 80, 80, 76, 72, 60, 72, 90, 100, 84)
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "topic", "text" or "script" in the first column
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 2
BAD_CELL, BAD_TEXT = QColor(255, 214, 214), QColor(110, 0, 0)  # readable in both themes
MANIFEST_FILTER = "(*.csv *.tsv *.txt *.jsonl *.ndjson *.json)"


def _status_names() -> dict[str, str]:
    t = QCoreApplication.translate
    return {
        "": "",
        "queued": t("BatchWindow", "queued"),
        "running": t("BatchWindow", "running"),
        "done": t("BatchWindow", "done"),
        "failed": t("BatchWindow", "failed"),
        "cancelled": t("BatchWindow", "cancelled"),
        "invalid": t("BatchWindow", "not run"),
    }


@dataclass
class BatchRow:
    """One table row during a run: its manifest row number and the state of each of its
    videos (several with variants)."""

    number: int
    states: dict[int, str] = field(default_factory=dict)  # job id -> state
    fractions: dict[int, float] = field(default_factory=dict)
    problem: str = ""
    error: str = ""
    outputs: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        s = set(self.states.values())
        if self.problem and not s:
            return "invalid"
        for state in ("running", "queued"):
            if state in s:
                return state
        if s == {"done"}:
            return "done"
        if "failed" in s:
            return "failed"
        if "cancelled" in s:
            return "cancelled"
        return ""

    @property
    def fraction(self) -> float:
        if not self.states:
            return 0.0
        parts = [
            1.0 if state == "done" else self.fractions.get(jid, 0.0) if state == "running" else 0
            for jid, state in self.states.items()
        ]
        return sum(parts) / len(parts)


class _ProgressDelegate(QStyledItemDelegate):
    """The progress column: a bar drawn by the style (no widget per row)."""

    def paint(self, painter, option, index) -> None:  # type: ignore[override]
        value = index.data(PROGRESS_ROLE)
        if value is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(option.rect.adjusted(2, 3, -2, -3))
        bar.minimum, bar.maximum = 0, 100
        bar.progress = int(value)
        bar.text = f"{int(value)}%"
        bar.textVisible = True
        bar.state = option.state
        QApplication.style().drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)


class _ElideRight(QStyledItemDelegate):
    """The message column: sentences read from their start (the table elides paths in the
    middle)."""

    def initStyleOption(self, option, index) -> None:  # type: ignore[override]
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight


class _Bridge(QObject):
    """Callbacks from the batch's worker threads, delivered on the GUI thread."""

    snapshot = Signal(object)
    event = Signal(object)
    progress = Signal(int, float)


class BatchWindow(QWidget):
    """See the module docstring. ``options`` are the batch's render options (tests make tiny
    videos with them); the table and the output folder are the user's."""

    started = Signal()
    finished = Signal(str)  # "done", "failed", "cancelled"

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("BatchWindow")
        self.setWindowTitle(self.tr("Batch — ShortVid Desktop"))
        self.resize(1320, 620)
        self.runner = runner
        self.options = BatchOptions()
        self.base_dir = Path.home()  # where relative paths in the rows start
        self.control: BatchControl | None = None
        self.job: QtJob | None = None
        self.rows: list[BatchRow] = []
        self._jobs_row: dict[int, int] = {}  # job id -> table row
        self._check_generation = 0
        self._filling = False
        self._whole_file_problems: list[str] = []
        self._bridge = _Bridge(self)
        self._bridge.snapshot.connect(self._on_snapshot)
        self._bridge.event.connect(self._on_event)
        self._bridge.progress.connect(self._on_job_progress)

        # sources of rows
        self.open_button = QPushButton(self.tr("Open manifest…"), self)
        self.open_button.setToolTip(
            self.tr("A CSV or JSONL file: one row per video, with a header naming the columns")
        )
        self.open_button.clicked.connect(self.choose_manifest)
        self.topics_edit = QPlainTextEdit(self)
        self.topics_edit.setObjectName("batchTopics")
        self.topics_edit.setPlaceholderText(self.tr("Type topics here, one per line"))
        self.topics_edit.setMaximumHeight(70)
        self.add_button = QPushButton(self.tr("Add as rows"), self)
        self.add_button.clicked.connect(self.add_typed_topics)
        self.remove_button = QPushButton(self.tr("Remove rows"), self)
        self.remove_button.clicked.connect(self.remove_selected_rows)

        # for all rows
        self.template_combo = QComboBox(self)
        self.template_combo.addItem(self.tr("Each row's own"), "")
        self.template_combo.activated.connect(lambda _i: self._apply_to_all("template"))
        self.voice_combo = QComboBox(self)
        self.voice_combo.addItem(self.tr("Each row's own"), "")
        self.voice_combo.activated.connect(lambda _i: self._apply_to_all("voice"))
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setObjectName("batchFolder")
        self.folder_edit.setPlaceholderText(self.tr("Where the videos go"))
        self.folder_button = QPushButton(self.tr("Choose…"), self)
        self.folder_button.clicked.connect(self.choose_folder)

        # the table
        self.table = QTableWidget(0, MESSAGE_COLUMN + 1, self)
        self.table.setObjectName("batchTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Topic or text"),
                self.tr("Media"),
                self.tr("Music"),
                self.tr("Template"),
                self.tr("Voice"),
                self.tr("Language"),
                self.tr("Seconds"),
                self.tr("Aspect"),
                self.tr("Variants"),
                self.tr("Name"),
                self.tr("Status"),
                self.tr("Progress"),
                self.tr("Message"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)  # the message takes what is left
        header.setMinimumSectionSize(40)
        for col, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(col, width)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # paths keep both ends
        self.table.setWordWrap(False)
        self.table.setItemDelegateForColumn(PROGRESS_COLUMN, _ProgressDelegate(self.table))
        self.table.setItemDelegateForColumn(MESSAGE_COLUMN, _ElideRight(self.table))
        self.table.itemChanged.connect(self._on_item_changed)
        self.problems_label = QLabel("", self)
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #b00020")

        # the run
        self.start_button = QPushButton(self.tr("Start"), self)
        self.start_button.setObjectName("batchStart")
        self.start_button.clicked.connect(self.start)
        self.cancel_row_button = QPushButton(self.tr("Cancel row"), self)
        self.cancel_row_button.clicked.connect(self.cancel_selected_rows)
        self.cancel_all_button = QPushButton(self.tr("Cancel all"), self)
        self.cancel_all_button.clicked.connect(self.cancel_all)
        self.resume_button = QPushButton(self.tr("Resume"), self)
        self.resume_button.clicked.connect(lambda: self.resume(self.folder_edit.text()))
        self.retry_button = QPushButton(self.tr("Retry failed"), self)
        self.retry_button.clicked.connect(self.retry_failed)
        self.open_folder_button = QPushButton(self.tr("Open output folder"), self)
        self.open_folder_button.clicked.connect(self.open_output_folder)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.status_label = QLabel("", self)
        self.status_label.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.topics_edit, 1)
        side = QVBoxLayout()
        side.addWidget(self.add_button)
        side.addWidget(self.open_button)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        top.addLayout(side)
        every = QHBoxLayout()
        every.addWidget(QLabel(self.tr("Template for all:"), self))
        every.addWidget(self.template_combo, 1)
        every.addWidget(QLabel(self.tr("Voice for all:"), self))
        every.addWidget(self.voice_combo, 1)
        every.addWidget(QLabel(self.tr("Output folder:"), self))
        every.addWidget(self.folder_edit, 2)
        every.addWidget(self.folder_button)
        run_row = QHBoxLayout()
        run_row.addWidget(self.start_button)
        run_row.addWidget(self.cancel_row_button)
        run_row.addWidget(self.cancel_all_button)
        run_row.addWidget(self.resume_button)
        run_row.addWidget(self.retry_button)
        run_row.addWidget(self.progress, 1)
        run_row.addWidget(self.open_folder_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(every)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems_label)
        layout.addLayout(run_row)
        layout.addWidget(self.status_label)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(250)
        self._check_timer.timeout.connect(self.check)
        self.folder_edit.textChanged.connect(lambda _t: self._update_buttons())
        self._load_choices()
        self._update_buttons()

    # ------------------------------------------------------------------ choices
    def _load_choices(self) -> None:
        def read(_progress, cancel) -> tuple[list[str], list[tuple[str, str]], str]:
            with st.open_store() as store:
                names = [t.name for t in load_templates(store)]
            voices = [
                (v.spec, f"{v.name} ({v.language})") for v in list_voices(cancel=cancel).voices
            ]
            return names, voices, str(st.get_value(st.SETTING_BATCH_FOLDER, "") or "")

        self.runner.run(
            self.tr("Reading templates and voices"),
            read,
            self._show_choices,
            lambda _m: None,
            quiet=True,
        )

    def _show_choices(self, result: tuple[list[str], list[tuple[str, str]], str]) -> None:
        names, voices, last = result
        for name in names:
            self.template_combo.addItem(name, name)
        for spec, label in voices:
            self.voice_combo.addItem(label, spec)
            self.voice_combo.setItemData(
                self.voice_combo.count() - 1, spec, Qt.ItemDataRole.ToolTipRole
            )
        # a new folder beside the last batch's (or in ~/Videos), named for now
        parent = Path(last).parent if last else Path.home() / "Videos"
        self.folder_edit.setPlaceholderText(str(parent / f"batch-{datetime.now():%Y%m%d-%H%M}"))

    def _apply_to_all(self, column: str) -> None:
        combo = self.template_combo if column == "template" else self.voice_combo
        value = str(combo.currentData() or "")
        if not value:  # "Each row's own": the cells stay as they are
            return
        col = CELL_COLUMNS.index(column)
        for r in range(self.table.rowCount()):
            self._item(r, col).setText(value)

    # ------------------------------------------------------------------ rows
    def _item(self, row: int, col: int) -> QTableWidgetItem:
        item = self.table.item(row, col)
        if item is None:
            item = QTableWidgetItem("")
            if col >= STATUS_COLUMN:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, col, item)
        return item

    def add_rows(self, rows: list[dict[str, str]]) -> None:
        """Append rows (column -> cell text; ``topic``, ``text`` or ``script`` fills the first
        column)."""
        self._filling = True
        try:
            for cells in rows:
                r = self.table.rowCount()
                self.table.insertRow(r)
                kind = next((k for k in ("topic", "text", "script") if cells.get(k)), "topic")
                for c, key in enumerate(CELL_COLUMNS):
                    value = cells.get(kind if key == "topic" else key, "")
                    item = self._item(r, c)
                    item.setText(str(value))
                for c in range(STATUS_COLUMN, MESSAGE_COLUMN + 1):
                    self._item(r, c)
                first = self._item(r, 0)
                first.setData(KIND_ROLE, kind)
                first.setToolTip(self._kind_label(kind))
                self.rows.append(BatchRow(r + 1))
        finally:
            self._filling = False
        self._schedule_check()
        self._update_buttons()

    def _kind_label(self, kind: str) -> str:
        return {
            "topic": self.tr("A topic: the script is written for it"),
            "text": self.tr("A text: it is spoken as written"),
            "script": self.tr("A script file"),
        }.get(kind, "")

    def clear_rows(self) -> None:
        self.table.setRowCount(0)
        self.rows = []
        self._jobs_row = {}

    def add_typed_topics(self) -> None:
        lines = [ln.strip() for ln in self.topics_edit.toPlainText().splitlines()]
        topics = [ln for ln in lines if ln]
        if not topics:
            self.status_label.setText(self.tr("Type one topic per line first."))
            return
        self.add_rows([{"topic": t} for t in topics])
        self.topics_edit.clear()

    def remove_selected_rows(self) -> None:
        if self.busy():
            return
        for r in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(r)
            del self.rows[r]
        for i, row in enumerate(self.rows):
            row.number = i + 1
        self._schedule_check()
        self._update_buttons()

    def table_rows(self) -> list[dict[str, str]]:
        """The table as manifest rows (column -> cell text)."""
        out = []
        for r in range(self.table.rowCount()):
            cells = {}
            for c, key in enumerate(CELL_COLUMNS):
                item = self.table.item(r, c)
                text = item.text().strip() if item is not None else ""
                if c == 0:
                    key = str(self._item(r, 0).data(KIND_ROLE) or "topic")
                if text:
                    cells[key] = text
            out.append(cells)
        return out

    # ------------------------------------------------------------------ opening a manifest
    def choose_manifest(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Open a batch manifest"), str(self.base_dir))
        dialog.setNameFilter(self.tr("Manifests {0}").format(MANIFEST_FILTER))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.open_manifest)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def open_manifest(self, path: str) -> QtJob | None:
        """Read a manifest's rows (as a job) into the table."""
        if not path or self.busy():
            return None

        def read(_progress, _cancel):
            return read_rows(path)

        def show(result) -> None:
            rows, problems = result
            self.base_dir = Path(path).absolute().parent
            self.clear_rows()
            self.add_rows([dict(r.values) for r in rows])
            for i, r in enumerate(rows):
                if r.problem:
                    self.rows[i].problem = r.problem
            self._whole_file_problems = [str(p) for p in problems]
            self.status_label.setText(self.tr("Opened {0}: {1} row(s)").format(path, len(rows)))

        return self.runner.run(
            self.tr("Reading the manifest"),
            read,
            show,
            lambda m: self.status_label.setText(self.tr("Cannot open it: {0}").format(m)),
        )

    # ------------------------------------------------------------------ checking
    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if not self._filling and item.column() < STATUS_COLUMN:
            self._schedule_check()

    def _schedule_check(self) -> None:
        self._check_generation += 1
        self._check_timer.start()

    def check(self) -> QtJob | None:
        """Check the rows as the manifest reader does (a quiet job); bad cells are marked."""
        if self.busy():
            return None
        generation = self._check_generation
        rows = [(i + 1, dict(cells)) for i, cells in enumerate(self.table_rows())]
        base = self.base_dir

        def run(_progress, _cancel):
            return check_rows(rows, base).problems

        def show(problems) -> None:
            if generation == self._check_generation and not self.busy():
                self._show_problems(problems)

        return self.runner.run(self.tr("Checking the rows"), run, show, lambda _m: None, quiet=True)

    def _show_problems(self, problems: list[Any]) -> None:
        self._filling = True
        try:
            for r in range(self.table.rowCount()):
                for c in range(STATUS_COLUMN):
                    item = self._item(r, c)
                    item.setBackground(QBrush())
                    item.setForeground(QBrush())
                    item.setToolTip(self._kind_label(str(item.data(KIND_ROLE))) if c == 0 else "")
            by_row: dict[int, list[str]] = {}
            general = []
            index = {row.number: i for i, row in enumerate(self.rows)}
            for p in problems:
                if not p.row:
                    general.append(str(p))
                    continue
                r = index.get(p.row, -1)
                if not 0 <= r < self.table.rowCount():
                    continue
                column = "topic" if p.column in ("text", "script") else p.column
                if column in CELL_COLUMNS:
                    item = self._item(r, CELL_COLUMNS.index(column))
                    item.setBackground(QBrush(BAD_CELL))
                    item.setForeground(QBrush(BAD_TEXT))
                    item.setToolTip(p.message)
                label = f"{p.column}: {p.message}" if p.column else p.message
                by_row.setdefault(r, []).append(label)
            for r, row in enumerate(self.rows):
                if not row.states:
                    row.problem = "; ".join(by_row.get(r, []))
                    self._refresh_row(r)
            general += self._whole_file_problems
            self.problems_label.setText("\n".join(general))
            self.problems_label.setVisible(bool(general))
        finally:
            self._filling = False

    # ------------------------------------------------------------------ output folder
    def choose_folder(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Choose the output folder"), self.folder_edit.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.folder_edit.setText)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def output_folder(self) -> str:
        return self.folder_edit.text().strip() or self.folder_edit.placeholderText().strip()

    def open_output_folder(self) -> bool:
        folder = self.output_folder()
        if not folder or not Path(folder).is_dir():
            self.status_label.setText(self.tr("The output folder does not exist yet."))
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(folder))

    # ------------------------------------------------------------------ running
    def busy(self) -> bool:
        return self.job is not None

    def _control(self, folder: str) -> BatchControl:
        bridge = self._bridge

        def send(signal: str, *args: Any) -> None:
            try:
                getattr(bridge, signal).emit(*args)
            except RuntimeError:  # the window is gone (the app is closing): news dropped
                pass

        self.control = BatchControl(
            folder,
            self.options,
            on_snapshot=lambda snap: send("snapshot", snap),
            on_event=lambda event: send("event", event),
            on_progress=lambda job, fraction: send("progress", job.id, fraction),
        )
        return self.control

    def start(self) -> QtJob | None:
        """Make the table's rows into the output folder."""
        if self.busy():
            return None
        folder = self.output_folder()
        if not folder:
            self.status_label.setText(self.tr("Choose an output folder first."))
            return None
        if not self.table.rowCount():
            self.status_label.setText(self.tr("Add rows first: type topics or open a manifest."))
            return None
        self.folder_edit.setText(folder)
        control = self._control(folder)
        return self._run(
            self.tr("Making the batch"), control.run_new(self.table_rows(), self.base_dir), folder
        )

    def resume(self, folder: str) -> QtJob | None:
        """Go on with the batch in ``folder`` (its rows fill the table)."""
        if self.busy() or not folder:
            return None
        self.folder_edit.setText(folder)
        return self._run(self.tr("Resuming the batch"), self._control(folder).run_resume(), folder)

    def retry_failed(self) -> QtJob | None:
        folder = self.output_folder()
        if self.busy() or not folder:
            return None
        return self._run(
            self.tr("Retrying the failed videos"), self._control(folder).run_retry_failed(), folder
        )

    def _run(self, title: str, fn: Callable[..., Any], folder: str) -> QtJob:
        self.status_label.setText(title)
        self.progress.setValue(0)
        job = QtJob(title, fn)
        job.signals.progress.connect(self._on_progress)
        job.signals.succeeded.connect(self._on_done)
        job.signals.failed.connect(self._on_failed)
        job.signals.cancelled.connect(self._on_cancelled)
        self.job = job
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._update_buttons()
        self.runner.run(
            self.tr("Remembering the batch folder"),
            lambda _p, _c: st.set_value(st.SETTING_BATCH_FOLDER, str(Path(folder).absolute())),
            None,
            lambda _m: None,
            quiet=True,
        )
        self.runner.start(job)
        self.started.emit()
        return job

    def cancel_all(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status_label.setText(self.tr("Cancelling…"))

    def cancel_selected_rows(self) -> None:
        control = self.control
        if control is None or not self.busy():
            return
        numbers = sorted({self.rows[i.row()].number for i in self.table.selectedIndexes()})
        for number in numbers:
            self.runner.run(
                self.tr("Cancelling a row"),
                lambda _p, _c, n=number: control.cancel_row(n),
                None,
                lambda m: self.status_label.setText(m),
                quiet=True,
            )

    def _finish(self, outcome: str, text: str) -> None:
        self.job = None
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.status_label.setText(text)
        self._update_buttons()
        self.finished.emit(outcome)

    def _on_done(self, summary: Any) -> None:
        self.progress.setValue(1000)
        made, missing = len(summary.done), len(summary.failed)
        self._finish(
            "done" if not missing else "failed",
            self.tr("Batch finished: {0} made, {1} not made. Summary in {2}").format(
                made, missing, summary.json_path
            ),
        )

    def _on_failed(self, message: str) -> None:
        self._finish("failed", self.tr("The batch stopped: {0}").format(message))

    def _on_cancelled(self) -> None:
        for row in self.rows:
            for jid, state in row.states.items():
                if state in ("running", "queued"):
                    row.states[jid] = "cancelled"
        for r in range(len(self.rows)):
            self._refresh_row(r)
        self._finish(
            "cancelled",
            self.tr("Cancelled: the videos made so far are kept; Resume goes on with the rest."),
        )

    def _on_progress(self, fraction: float, message: str, _eta: object) -> None:
        if fraction >= 0:
            self.progress.setValue(int(fraction * 1000))
        if message:
            self.status_label.setText(progress_text(message))

    # ------------------------------------------------------------------ the run's news
    def _on_snapshot(self, snap: BatchSnapshot) -> None:
        """The queue as the run starts: the table shows its rows and each video's state."""
        numbers = sorted(snap.rows)
        self.clear_rows()
        self.add_rows([snap.rows[n] for n in numbers])
        self._check_timer.stop()
        index = {n: i for i, n in enumerate(numbers)}
        for i, n in enumerate(numbers):
            self.rows[i].number = n
        self._show_problems(snap.problems)  # the refused rows: marked, and not run
        for job in snap.jobs:
            i = index.get(job.row)
            if i is None:
                continue
            self._jobs_row[job.id] = i
            self.rows[i].states[job.id] = job.state
            if job.state == "done":
                self.rows[i].outputs.append(job.output_path)
            elif job.state == "failed":
                self.rows[i].error = job.error
        for i in range(len(self.rows)):
            self._refresh_row(i)

    def _on_event(self, event: BatchEvent) -> None:
        i = self._jobs_row.get(event.job.id)
        if i is None or i >= len(self.rows):
            return
        row = self.rows[i]
        state = {"start": "running", "ready": "running", "retry": "running"}.get(
            event.kind, event.kind
        )
        if state in ("running", "queued", "done", "failed", "cancelled"):
            row.states[event.job.id] = state
        if event.kind == "done":
            row.outputs.append(event.message)
            row.fractions.pop(event.job.id, None)
        elif event.kind == "failed":
            row.error = event.message
        elif event.kind == "retry":
            row.error = event.message
        self._refresh_row(i)

    def _on_job_progress(self, job_id: int, fraction: float) -> None:
        i = self._jobs_row.get(job_id)
        if i is not None and i < len(self.rows):
            self.rows[i].fractions[job_id] = fraction
            self._refresh_row(i)

    def _refresh_row(self, i: int) -> None:
        row = self.rows[i]
        status = row.status
        names = _status_names()
        self._filling = True
        try:
            item = self._item(i, STATUS_COLUMN)
            text = names.get(status, status)
            if len(row.states) > 1 and status:
                done = sum(1 for s in row.states.values() if s == "done")
                text += f" ({done}/{len(row.states)})"
            item.setText(text)
            item.setData(Qt.ItemDataRole.UserRole, status)
            bar = self._item(i, PROGRESS_COLUMN)
            bar.setData(PROGRESS_ROLE, round(row.fraction * 100) if row.states else None)
            message = row.problem if status == "invalid" else ""
            if status == "failed":
                message = row.error
            elif status == "done":
                message = "; ".join(Path(o).name for o in row.outputs)
            elif status == "running" and row.error:
                message = row.error
            msg = self._item(i, MESSAGE_COLUMN)
            msg.setText(message)
            msg.setToolTip("\n".join(row.outputs) if status == "done" else message)
        finally:
            self._filling = False
        self._update_buttons()

    def status_of(self, i: int) -> str:
        """Row ``i``'s status: "", queued, running, done, failed, cancelled or invalid."""
        return self.rows[i].status

    def _update_buttons(self) -> None:
        running = self.busy()
        statuses = {r.status for r in self.rows}
        has_rows = bool(self.rows)
        self.start_button.setEnabled(not running and has_rows)
        self.open_button.setEnabled(not running)
        self.add_button.setEnabled(not running)
        self.remove_button.setEnabled(not running and has_rows)
        self.cancel_row_button.setEnabled(running)
        self.cancel_all_button.setEnabled(running)
        self.resume_button.setEnabled(not running and bool(statuses & {"cancelled", "queued"}))
        self.retry_button.setEnabled(not running and "failed" in statuses)
        self.template_combo.setEnabled(not running)
        self.voice_combo.setEnabled(not running)


# ------------------------------------------------------------------ the main window's side
def show_batch_window(win: Any) -> BatchWindow:
    """File > Batch…: the window's one Batch window, shown and raised."""
    bw = getattr(win, "batch_window", None)
    if bw is None:
        bw = BatchWindow(win.runner, win)
        win.batch_window = bw
    bw.show()
    bw.raise_()
    bw.activateWindow()
    return bw


def offer_resume(win: Any) -> QtJob:
    """At start: when the last batch's folder holds videos not made yet, the notice bar
    offers "Resume batch" (reopens the Batch window with its rows and goes on)."""

    def look(_progress, _cancel):
        return pending_batch(str(st.get_value(st.SETTING_BATCH_FOLDER, "") or ""))

    def offer(pending) -> None:
        if pending is None:
            return
        folder = str(pending.outdir)

        def resume() -> None:
            show_batch_window(win).resume(folder)

        win.notify(
            QCoreApplication.translate(
                "BatchWindow",
                "The batch in {0} stopped before it finished: {1} of {2} video(s) made.",
            ).format(folder, pending.done, pending.total),
            "info",
            [(QCoreApplication.translate("BatchWindow", "Resume batch"), resume)],
        )

    return win.runner.run(
        QCoreApplication.translate("BatchWindow", "Looking for an unfinished batch"),
        look,
        offer,
        lambda _m: None,
        quiet=True,
    )


__all__ = ["BatchRow", "BatchWindow", "offer_resume", "show_batch_window"]
