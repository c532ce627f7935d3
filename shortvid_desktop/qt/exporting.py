"""Export: a queue of export jobs (one runs at a time) and the Export dialog.

Each queue entry holds a job made from a frozen copy of a project, so the user can keep editing
(or open another project and queue it too) while it renders on the thread pool. The queue is kept
in the store (``session.exports.PersistentQueue``): exports still queued or rendering when the
window closes (or the app crashes) are resumed at the next start, and the window says so. The
dialog shows the running export (progress, ETA, Cancel), what is queued, and the history.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.serial import clone
from ..session import Session
from ..session import exports as ex
from ..session import settings as st
from ..session.batch.meta import VideoMeta, video_meta, write_sidecar
from ..session.exports import PendingExport, PersistentQueue, QueuedExport, export_history
from ..session.media import write_otio
from ..session.settings import StoreError
from .jobs import JobRunner, QtJob
from .progress_text import progress_text


@dataclass(eq=False)
class ExportEntry:
    title: str
    out_path: str
    fn: Callable[..., Any]
    project_id: str = ""
    status: str = "queued"  # queued | running | done | failed | cancelled
    message: str = ""
    result: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    queue_id: int | None = None  # the entry's row in the persistent queue (None: memory only)
    pending: PendingExport | None = None  # queued from this window: its row is written off-thread


class ExportQueue(QObject):
    changed = Signal()
    progress = Signal(float, str, object)  # fraction, message, eta
    started = Signal(object)  # ExportEntry
    finished = Signal(object)  # ExportEntry (done)
    failed = Signal(object, str)
    cancelled = Signal(object)

    def __init__(
        self,
        runner: JobRunner,
        parent: QObject | None = None,
        persistent: PersistentQueue | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.persistent = persistent
        self.entries: list[ExportEntry] = []
        self.current: ExportEntry | None = None
        self.job: QtJob | None = None

    def add(self, entry: ExportEntry) -> ExportEntry:
        self.entries.append(entry)
        self.changed.emit()
        self._next()
        return entry

    def queued(self) -> list[ExportEntry]:
        return [e for e in self.entries if e.status == "queued"]

    def remove(self, entry: ExportEntry) -> bool:
        if entry.status != "queued":
            return False
        try:
            if entry.pending is not None:
                entry.pending.discard()
            elif entry.queue_id is not None and self.persistent is not None:
                self.persistent.remove(entry.queue_id)
        except (StoreError, OSError, sqlite3.Error):
            pass  # the history misses one line; the entry still leaves the queue
        entry.status = "cancelled"
        self.entries.remove(entry)
        self.changed.emit()
        return True

    def cancel_current(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def busy(self) -> bool:
        return self.current is not None

    def _next(self) -> None:
        if self.current is not None:
            return
        entry = next((e for e in self.entries if e.status == "queued"), None)
        if entry is None:
            return
        entry.status = "running"
        self.current = entry
        job = QtJob(self.tr("Exporting"), entry.fn)
        job.signals.progress.connect(self.progress)
        job.signals.succeeded.connect(lambda result: self._done(entry, "done", result))
        job.signals.failed.connect(lambda msg: self._done(entry, "failed", msg))
        job.signals.cancelled.connect(lambda: self._done(entry, "cancelled", None))
        job.holds_collector = True  # no collector pass stalls the window while it exports
        self.job = job
        self.started.emit(entry)
        self.changed.emit()
        self.runner.start(job)

    def _done(self, entry: ExportEntry, status: str, payload: Any) -> None:
        if self.current is not entry:
            return
        entry.status = status
        self.current = None
        self.job = None
        if status == "done":
            entry.result = payload
            self.finished.emit(entry)
        elif status == "failed":
            entry.message = str(payload)
            self.failed.emit(entry, entry.message)
        else:
            self.cancelled.emit(entry)
        self.changed.emit()
        self._next()


def _meta_key(project: Any) -> tuple[Any, ...]:
    """What the title and hashtags depend on: a new key means suggest them again."""
    script = project.script
    return (project.id, script.title, script.hook, tuple(s.narration for s in script.scenes))


def open_file(path: str) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def show_in_folder(path: str) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.dirname(os.path.abspath(path))))


class ExportDialog(QDialog):
    """Non-modal: the running export, the queue, the history."""

    add_project_requested = Signal()

    def __init__(self, queue: ExportQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self.setWindowTitle(self.tr("Export"))
        self.setModal(False)
        self.resize(720, 660)
        self.current_label = QLabel(self.tr("Nothing is exporting."), self)
        self.current_label.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setFormat("%p%")
        self.eta_label = QLabel("", self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(queue.cancel_current)
        self.open_button = QPushButton(self.tr("Open file"), self)
        self.show_button = QPushButton(self.tr("Show in folder"), self)
        self.open_button.setEnabled(False)
        self.show_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self._last and open_file(self._last))
        self.show_button.clicked.connect(lambda: self._last and show_in_folder(self._last))
        self._last = ""
        self._target = ""
        self._need_history = False
        # Share: the finished MP4 into the configured storage, a link that expires, copied
        self.share_expiry = QComboBox(self)
        for label, seconds in (
            (self.tr("Link lasts 1 day"), 86400),
            (self.tr("Link lasts 7 days"), 7 * 86400),
            (self.tr("Link lasts 1 hour"), 3600),
        ):
            self.share_expiry.addItem(label, seconds)
        self.share_expiry.setToolTip(
            self.tr("S3 presigned links last at most 7 days; share again for a new link.")
        )
        self.share_button = QPushButton(self.tr("Upload and copy link"), self)
        self.share_button.setEnabled(False)
        self.share_button.clicked.connect(self.share_last)
        self.share_label = QLabel("", self)
        self.share_label.setWordWrap(True)

        # off by default: most stock licences ask for no on-screen credit (the .credits.txt is
        # written beside every export that uses stock or AI media); remembered once changed
        self.credits_box = QCheckBox(
            self.tr("Credit stock and AI pictures over the last 2 seconds"), self
        )
        self.credits_box.setObjectName("creditsEndCard")
        self.credits_box.setToolTip(
            self.tr(
                "Draws “Video by … on Pexels” lines at the end of the next exports. A "
                ".credits.txt file listing every source is written either way."
            )
        )
        self.credits_box.toggled.connect(self._on_credits_toggled)
        queue.runner.run(
            self.tr("Reading export settings"),
            lambda _p, _c: bool(ex.get_setting(ex.SETTING_CREDITS_CARD, False)),
            self._show_credits_setting,
            lambda _m: None,
            quiet=True,
        )
        self._credits_user_set = False
        self._make_meta_section()

        self.queue_list = QListWidget(self)
        self.queue_list.setMaximumHeight(110)
        self.add_button = QPushButton(self.tr("Add a project file…"), self)
        self.add_button.clicked.connect(self.add_project_requested)
        self.remove_button = QPushButton(self.tr("Remove from queue"), self)
        self.remove_button.clicked.connect(self._remove_selected)

        self.history = QTableWidget(0, 6, self)
        self.history.setHorizontalHeaderLabels(
            [
                self.tr("Started"),
                self.tr("Status"),
                self.tr("Settings"),
                self.tr("Time"),
                self.tr("File"),
                self.tr("Message"),
            ]
        )
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.history.verticalHeader().setVisible(False)
        self.history.itemDoubleClicked.connect(self._on_history_double_clicked)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh_history)

        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        done_row = QHBoxLayout()
        done_row.addWidget(self.eta_label, 1)
        done_row.addWidget(self.open_button)
        done_row.addWidget(self.show_button)
        share_row = QHBoxLayout()
        share_row.addWidget(self.share_label, 1)
        share_row.addWidget(self.share_expiry)
        share_row.addWidget(self.share_button)
        qrow = QHBoxLayout()
        qrow.addWidget(QLabel(self.tr("Queue"), self))
        qrow.addStretch(1)
        qrow.addWidget(self.remove_button)
        qrow.addWidget(self.add_button)
        hrow = QHBoxLayout()
        hrow.addWidget(QLabel(self.tr("History"), self))
        hrow.addStretch(1)
        hrow.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current_label)
        layout.addLayout(row)
        layout.addLayout(done_row)
        layout.addLayout(share_row)
        layout.addWidget(self.credits_box)
        layout.addWidget(self.meta_group)
        layout.addLayout(qrow)
        layout.addWidget(self.queue_list)
        layout.addLayout(hrow)
        layout.addWidget(self.history, 1)

        queue.changed.connect(self._on_queue_changed)
        queue.progress.connect(self.show_progress)
        queue.started.connect(self._on_started)
        queue.finished.connect(self._on_finished)
        queue.failed.connect(self._on_failed)
        queue.cancelled.connect(self._on_cancelled)
        self._on_queue_changed()
        self.refresh_history()

    # ------------------------------------------------------------------ options
    def credits_end_card(self) -> bool:
        return self.credits_box.isChecked()

    def _show_credits_setting(self, value: object) -> None:
        if not self._credits_user_set:  # the user's click wins over a late read
            self.credits_box.blockSignals(True)
            self.credits_box.setChecked(bool(value))
            self.credits_box.blockSignals(False)

    def _on_credits_toggled(self, on: bool) -> None:
        self._credits_user_set = True
        self.queue.runner.run(
            self.tr("Saving export settings"),
            lambda _p, _c: ex.set_setting(ex.SETTING_CREDITS_CARD, bool(on)),
            None,
            lambda _m: None,  # no database: the box still applies to this window's exports
            quiet=True,
        )

    # ------------------------------------------------------------------ title and hashtags
    def _make_meta_section(self) -> None:
        """Title, description and hashtags for the upload (session/batch/meta.py: the AI
        provider when one is set, else offline from the script), each with Copy; the box
        writes them beside the exported MP4 as <name>.json."""
        self.meta_group = QGroupBox(self.tr("Title and hashtags"), self)
        self.meta_title = QLineEdit(self.meta_group)
        self.meta_title.setObjectName("metaTitle")
        self.meta_description = QPlainTextEdit(self.meta_group)
        self.meta_description.setObjectName("metaDescription")
        self.meta_description.setMaximumHeight(64)
        self.meta_hashtags = QLineEdit(self.meta_group)
        self.meta_hashtags.setObjectName("metaHashtags")
        self.meta_note = QLabel("", self.meta_group)
        self.meta_note.setWordWrap(True)
        self.meta_suggest = QPushButton(self.tr("Suggest again"), self.meta_group)
        self.meta_suggest.setEnabled(False)
        self.meta_suggest.clicked.connect(
            lambda: self._meta_source and self.fill_meta(self._meta_source[0])
        )
        self.meta_sidecar_box = QCheckBox(
            self.tr("Write them beside the video (a .json file named like it)"), self.meta_group
        )
        self.meta_sidecar_box.setObjectName("metaSidecar")
        self.meta_sidecar_box.toggled.connect(self._on_sidecar_toggled)
        self._sidecar_user_set = False
        self._meta: VideoMeta | None = None
        self._meta_key: Any = None
        self._meta_source: tuple[Any, str] | None = None
        self._meta_job: QtJob | None = None
        grid = QGridLayout(self.meta_group)
        self.meta_copy_buttons: dict[str, QPushButton] = {}
        for row, (key, label, box) in enumerate(
            (
                ("title", self.tr("Title"), self.meta_title),
                ("description", self.tr("Description"), self.meta_description),
                ("hashtags", self.tr("Hashtags"), self.meta_hashtags),
            )
        ):
            copy = QPushButton(self.tr("Copy"), self.meta_group)
            copy.setObjectName(f"copy_{key}")
            copy.clicked.connect(lambda _=False, k=key: self.copy_meta(k))
            self.meta_copy_buttons[key] = copy
            grid.addWidget(QLabel(label, self.meta_group), row, 0)
            grid.addWidget(box, row, 1)
            grid.addWidget(copy, row, 2)
        below = QHBoxLayout()
        below.addWidget(self.meta_sidecar_box, 1)
        below.addWidget(self.meta_suggest)
        grid.addWidget(self.meta_note, 3, 0, 1, 3)
        grid.addLayout(below, 4, 0, 1, 3)
        self.queue.runner.run(
            self.tr("Reading export settings"),
            lambda _p, _c: bool(st.get_value(st.SETTING_META_SIDECAR, False)),
            self._show_sidecar_setting,
            lambda _m: None,
            quiet=True,
        )

    def _show_sidecar_setting(self, value: object) -> None:
        if not self._sidecar_user_set:
            self.meta_sidecar_box.blockSignals(True)
            self.meta_sidecar_box.setChecked(bool(value))
            self.meta_sidecar_box.blockSignals(False)

    def _on_sidecar_toggled(self, on: bool) -> None:
        self._sidecar_user_set = True
        self.queue.runner.run(
            self.tr("Saving export settings"),
            lambda _p, _c: st.set_value(st.SETTING_META_SIDECAR, bool(on)),
            None,
            lambda _m: None,
            quiet=True,
        )

    def write_sidecar(self) -> bool:
        return self.meta_sidecar_box.isChecked()

    def fill_meta(self, project: Any, key: Any = None) -> QtJob | None:
        """Suggest the title and hashtags for ``project``'s script (a job; a copy of the
        script is used, so editing goes on meanwhile)."""
        if not project.script.scenes:
            self.meta_note.setText(
                self.tr("Write or generate a script to get a title and hashtags.")
            )
            return None
        if self._meta_job is not None:
            self._meta_job.cancel()
        key = key if key is not None else _meta_key(project)
        script = clone(project.script)
        language = project.language or "auto"
        self._meta_source = (project, key)
        self._meta_key = key
        self.meta_note.setText(self.tr("Writing a title and hashtags…"))
        self.meta_suggest.setEnabled(False)

        def done(meta: VideoMeta) -> None:
            if self._meta_key != key:
                return
            self._meta_job = None
            self.show_meta(meta)

        def failed(message: str) -> None:
            self._meta_job = None
            self.meta_suggest.setEnabled(True)
            self.meta_note.setText(self.tr("No title and hashtags: {0}").format(message))

        self._meta_job = self.queue.runner.run(
            self.tr("Writing a title and hashtags"),
            lambda _p, cancel: video_meta(script, language, project_id=project.id, cancel=cancel),
            done,
            failed,
            quiet=True,
        )
        return self._meta_job

    def show_meta(self, meta: VideoMeta) -> None:
        self._meta = meta
        self.meta_title.setText(meta.title)
        self.meta_description.setPlainText(meta.description)
        self.meta_hashtags.setText(" ".join(meta.hashtags))
        if meta.source == "offline":
            note = self.tr("Made offline from the script's keywords.")
        else:
            note = self.tr("Written by {0}.").format(meta.source)
        if meta.notices:
            note += " " + " ".join(meta.notices)
        self.meta_note.setText(note)
        self.meta_suggest.setEnabled(True)

    def meta_key(self) -> Any:
        return self._meta_key

    def current_meta(self) -> VideoMeta | None:
        """What the fields show now (the user may have edited them); None before a fill."""
        if self._meta is None:
            return None
        return VideoMeta(
            title=self.meta_title.text().strip(),
            description=self.meta_description.toPlainText().strip(),
            hashtags=[t for t in self.meta_hashtags.text().split() if t],
            lang=self._meta.lang,
            source=self._meta.source,
        )

    def copy_meta(self, key: str) -> None:
        text = {
            "title": self.meta_title.text,
            "description": self.meta_description.toPlainText,
            "hashtags": self.meta_hashtags.text,
        }[key]()
        QGuiApplication.clipboard().setText(text)

    # ------------------------------------------------------------------ progress
    def set_preparing(self, message: str, fraction: float = -1.0, target: str = "") -> None:
        """Work before the render (script, voices) for the entry about to be queued; ``target``
        says where it will be saved (kept until the render starts)."""
        if target:
            self._target = target
        text = progress_text(message)
        if self._target:
            text += "\n" + self.tr("Saving to {0}").format(self._target)
        self.current_label.setText(text)
        if fraction >= 0:
            self.progress.setValue(int(fraction * 1000))
        self.cancel_button.setEnabled(True)

    def show_progress(self, fraction: float, message: str, eta: float | None) -> None:
        if fraction >= 0:
            self.progress.setValue(int(fraction * 1000))
        if self._need_history and fraction > 0.05:
            self._need_history = False  # the store has the running export's row by now
            # read on a worker: the export's first seconds keep the GUI thread free
            self.queue.runner.run(
                self.tr("Reading the export history"),
                lambda _progress, _cancel: export_history(),
                self._fill_history,
                quiet=True,
            )
        text = progress_text(message)
        if eta is not None:
            text += self.tr(" — about {0} s left").format(int(eta + 0.5))
        self.eta_label.setText(text)

    def _on_started(self, entry: ExportEntry) -> None:
        self._target = ""
        self.current_label.setText(
            self.tr("Exporting “{0}” to {1}").format(entry.title, entry.out_path)
        )
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.open_button.setEnabled(False)
        self.show_button.setEnabled(False)
        self._need_history = True

    def _on_finished(self, entry: ExportEntry) -> None:
        path = str(getattr(entry.result, "path", entry.out_path))
        secs = getattr(entry.result, "seconds", 0.0)
        self._last = path
        self.current_label.setText(self.tr("Done: {0} ({1:.1f} s)").format(path, secs))
        self.progress.setValue(1000)
        self.eta_label.setText("")
        self.cancel_button.setEnabled(self.queue.busy())
        self.open_button.setEnabled(True)
        self.show_button.setEnabled(True)
        self.share_button.setEnabled(True)
        self.share_label.setText("")
        self.refresh_history()

    def share_last(self) -> QtJob | None:
        """Upload the last finished export to the configured storage (a job with progress)
        and copy a link to it that lasts the chosen time."""
        path = self._last
        if not path:
            return None
        seconds = int(self.share_expiry.currentData())
        self.share_button.setEnabled(False)
        self.share_label.setText(self.tr("Uploading {0}…").format(Path(path).name))

        def run(progress, cancel):
            from ..session.farm_share import upload_export

            return upload_export(path, None, seconds, progress, cancel)

        def done(link: str) -> None:
            QGuiApplication.clipboard().setText(link)
            self.share_button.setEnabled(True)
            self.share_label.setText(
                self.tr("Link copied ({0}): {1}").format(self.share_expiry.currentText(), link)
            )

        def failed(message: str) -> None:
            self.share_button.setEnabled(True)
            self.share_label.setText(self.tr("Upload failed: {0}").format(message))

        return self.queue.runner.run(self.tr("Uploading the video"), run, done, failed)

    def _on_failed(self, entry: ExportEntry, message: str) -> None:
        self.current_label.setText(self.tr("Failed: {0}").format(message))
        self.cancel_button.setEnabled(self.queue.busy())
        self.refresh_history()

    def _on_cancelled(self, entry: ExportEntry) -> None:
        self.current_label.setText(self.tr("Cancelled; nothing was written."))
        self.progress.setValue(0)
        self.eta_label.setText("")
        self.cancel_button.setEnabled(self.queue.busy())
        self.refresh_history()

    def reset_idle(self, message: str) -> None:
        self._target = ""
        self.current_label.setText(message)
        self.progress.setValue(0)
        self.cancel_button.setEnabled(self.queue.busy())

    # ------------------------------------------------------------------ queue and history
    def _on_queue_changed(self) -> None:
        self.queue_list.clear()
        for e in self.queue.entries:
            if e.status in ("queued", "running"):
                state = self.tr("running") if e.status == "running" else self.tr("queued")
                self.queue_list.addItem(f"[{state}] {e.title} → {e.out_path}")
                item = self.queue_list.item(self.queue_list.count() - 1)
                item.setData(Qt.ItemDataRole.UserRole, id(e))
                item.setToolTip(e.out_path)

    def _remove_selected(self) -> None:
        item = self.queue_list.currentItem()
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        for e in self.queue.entries:
            if id(e) == key:
                self.queue.remove(e)
                return

    def refresh_history(self) -> None:
        self._fill_history(export_history())

    def _fill_history(self, rows: list[Any]) -> None:
        statuses = {
            "done": self.tr("done"),
            "failed": self.tr("failed"),
            "cancelled": self.tr("cancelled"),
            "running": self.tr("running"),
            "queued": self.tr("queued"),
        }
        self.history.setRowCount(len(rows))
        for i, r in enumerate(rows):
            s = r.settings
            settings = f"{s.get('width', '?')}×{s.get('height', '?')} {s.get('fps', '?')} fps, "
            settings += str(s.get("quality", ""))
            secs = f"{r.seconds:.1f} s" if r.seconds is not None else ""
            cells = [
                (r.started or "").replace("T", " ")[:19],
                statuses.get(r.status, r.status),
                settings,
                secs,
                r.output_path,
                r.error,
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.history.setItem(i, j, item)

    def _on_history_double_clicked(self, item: QTableWidgetItem) -> None:
        path = self.history.item(item.row(), 4)
        if path is not None and os.path.isfile(path.text()):
            show_in_folder(path.text())


class ExportController(QObject):
    """One-click export of the open project (building the timeline first when it has none),
    other projects into the queue, subtitles and OTIO from the File menu."""

    finished = Signal(str)  # output path
    failed = Signal(str)
    cancelled = Signal()
    notice = Signal(str, str, object)  # text, level, buttons [(label, fn)] or None

    def __init__(self, window: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.win = window
        self.persistent = PersistentQueue()
        self.queue = ExportQueue(window.runner, self, self.persistent)
        self.dialog: ExportDialog | None = None
        self.save_dialog: QFileDialog | None = None
        self.preparing = False
        self.queue.started.connect(self._on_started)
        self.queue.finished.connect(self._on_done)
        self.queue.failed.connect(self._on_failed)
        self.queue.cancelled.connect(self._on_cancelled)

    # ------------------------------------------------------------------ the open project
    def export_folder(self) -> Path:
        """Where a one-click export goes: the remembered folder (the last Export as…, or the
        one set in Settings), else the platform's Videos folder, else ~/Videos, else home."""
        videos = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MoviesLocation)
        return ex.default_export_folder(videos or None)

    def suggested_path(self, project: Any = None) -> str:
        """A free file in the export folder named after ``project`` (default: the open one):
        its title or first words, cleaned for every system, " (2)"… when taken."""
        return self._path_in(self.export_folder(), project)

    def _path_in(self, folder: Path, project: Any = None) -> str:
        project = project if project is not None else self.win.session.project
        taken = [e.out_path for e in self.queue.entries if e.status in ("queued", "running")]
        name = ex.export_stem(project) + ".mp4"
        return str(ex.free_path(folder, name, taken))

    def start(self, out: str | None = None) -> bool:
        """Export the open project to ``out`` (default: a file in the export folder named
        after the project, chosen when the timeline is ready)."""
        win = self.win
        if self.preparing or win.build.busy():
            self.notice.emit(self.tr("Wait for the running job to finish first."), "error", None)
            return False
        out = out or win.export_path
        project = win.session.project
        text = win.scenes_panel.text()
        folder = self.export_folder()  # looked up now: the export's start reads no settings
        self.preparing = True

        def queue_it() -> None:
            # the name comes from the title, which a script built just now may have set
            self.queue_current(out or self._path_in(folder))

        target = out or str(folder)
        self.show_dialog().set_preparing(
            self.tr("Preparing “{0}”…").format(project.title), target=target
        )
        self.win.statusBar().showMessage(self.tr("Preparing the export to {0}").format(target))
        if project.timeline.duration_us > 0:
            queue_it()
            return True
        if project.script.scenes:
            return win.build.build(then=queue_it, on_fail=self.prep_failed) is not None
        if text.strip():
            lang = win.scenes_panel.language_code()
            job = win.build.split_text(
                text,
                lang,
                then=lambda: win.build.build(then=queue_it, on_fail=self.prep_failed),
                on_fail=self.prep_failed,
            )
            return job is not None
        self.prep_failed(self.tr("The script is empty: type or paste some text first."))
        return False

    def export_as(self) -> QFileDialog:
        """Ask where to save (a save dialog opened over the window, not blocking it); the
        chosen folder is remembered for the one-click Export."""
        dialog = QFileDialog(
            self.win,
            self.tr("Export video as"),
            self.suggested_path(),
            self.tr("MP4 video (*.mp4)"),
        )
        dialog.setObjectName("ExportAsDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix("mp4")
        dialog.fileSelected.connect(self._export_chosen)
        dialog.finished.connect(dialog.deleteLater)
        self.save_dialog = dialog
        dialog.open()
        return dialog

    def _export_chosen(self, path: str) -> None:
        if not path:
            return
        if Path(path).suffix.lower() not in (".mp4", ".m4v", ".mov"):
            path += ".mp4"
        try:
            ex.remember_export_folder(Path(path).parent)
        except Exception:  # noqa: BLE001 - remembering the folder is a nicety
            pass
        self.start(path)

    def queue_current(self, out: str) -> ExportEntry | None:
        """Queue the open project's export to ``out``, with the quality and encoder chosen in
        Settings (read off the GUI thread, when the entry is stored)."""
        session = self.win.session
        try:
            credits = self.dialog.credits_end_card() if self.dialog is not None else False
            entry = self._entry(session, out, from_settings=True, credits_end_card=credits)
            if self.dialog is not None and self.dialog.write_sidecar():
                p = session.project
                entry.extra["sidecar"] = (_meta_key(p), clone(p.script), p.language, p.id)
        except Exception as exc:  # noqa: BLE001 - bad path, missing media: reported
            self.prep_failed(str(exc))
            return None
        self.preparing = False
        self.show_dialog()
        return self.queue.add(entry)

    def _entry(self, session: Session, out: str, **options: Any) -> ExportEntry:
        """A queue entry for a snapshot of ``session``'s project. Only the checks and the
        snapshot happen here, on the GUI thread; writing it into the persistent queue (and
        the render) run on workers, so pressing Export never waits for the database."""
        project = session.project
        title = project.title or self.tr("Untitled")
        pending = self.persistent.snapshot(project, out, title=title, **options)
        entry = ExportEntry(
            title, str(pending.output_path), pending.job(), project.id, pending=pending
        )

        def stored(queued: QueuedExport) -> None:
            entry.queue_id = queued.id

        # written now (not when its turn comes), so a crash while it waits keeps it queued
        self.win.runner.run(
            self.tr("Queueing the export"),
            lambda _progress, _cancel: pending.store(),
            stored,
            lambda _message: None,  # no database: the render job exports from memory
            quiet=True,
        )
        return entry

    def _entry_for(self, queued: QueuedExport) -> ExportEntry:
        return ExportEntry(
            queued.title or self.tr("Untitled"),
            queued.output_path,
            self.persistent.job(queued),
            queued.project_id,
            queue_id=queued.id,
        )

    def resume_pending(self) -> list[ExportEntry]:
        """Queue again the exports a previous run left unfinished (it quit or crashed); one
        cut off mid-render starts from the beginning. Says so in the messages."""
        try:
            adopted = self.persistent.adopt()
        except (StoreError, OSError, sqlite3.Error) as exc:
            self.notice.emit(
                self.tr("Cannot read the export queue: {0}").format(exc), "error", None
            )
            return []
        entries = [self.queue.add(self._entry_for(q)) for q in adopted]
        if entries:
            self.notice.emit(
                self.tr(
                    "Resuming {0} export(s) left in the queue when ShortVid last closed."
                ).format(len(entries)),
                "info",
                [(self.tr("Show exports"), self.show_dialog)],
            )
        return entries

    def close(self) -> None:
        """The window is closing: exports still queued or rendering stay in the store and
        are resumed at the next start (one queued a moment ago is written now)."""
        for entry in self.queue.entries:
            if entry.pending is not None and entry.status in ("queued", "running"):
                try:
                    entry.pending.store()
                except Exception:  # noqa: BLE001 - no database: nothing to resume
                    pass
        self.persistent.close()

    def prep_failed(self, message: str) -> None:
        self.preparing = False
        self.win.statusBar().clearMessage()
        if self.dialog is not None:
            self.dialog.reset_idle(self.tr("Failed: {0}").format(message))
        if self.win.build.last_cancelled:
            self.notice.emit(self.tr("Export cancelled; nothing was written."), "info", None)
            self.cancelled.emit()
            return
        self.notice.emit(self.tr("Export failed: {0}").format(message), "error", None)
        self.failed.emit(message)

    def cancel(self) -> None:
        if self.preparing:
            self.win.build.cancel()
        self.queue.cancel_current()

    def show_dialog(self) -> ExportDialog:
        if self.dialog is None:
            self.dialog = ExportDialog(self.queue, self.win)
            self.dialog.cancel_button.clicked.disconnect()
            self.dialog.cancel_button.clicked.connect(self.cancel)
            self.dialog.add_project_requested.connect(self.queue_project_file)
            self.win.build.progress.connect(self._on_build_progress)
        project = self.win.session.project
        key = _meta_key(project)
        if key != self.dialog.meta_key():
            self.dialog.fill_meta(project, key)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _on_build_progress(self, fraction: float, message: str) -> None:
        if self.preparing and self.dialog is not None:
            self.dialog.set_preparing(message, fraction)

    # ------------------------------------------------------------------ other projects
    def queue_project_file(self, path: str | None = None) -> ExportEntry | None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self.win,
                self.tr("Add a project to the queue"),
                "",
                self.tr("ShortVid project (*.json)"),
            )
        if not path:
            return None
        try:
            session = Session.load_file(path)
            if session.project.timeline.duration_us <= 0:
                raise ValueError(
                    self.tr("{0} has an empty timeline: open it and build it first.").format(path)
                )
            entry = self._entry(session, self.suggested_path(session.project))
        except Exception as exc:  # noqa: BLE001 - reported, never crashes
            self.notice.emit(str(exc), "error", None)
            return None
        return self.queue.add(entry)

    # ------------------------------------------------------------------ results
    def _on_started(self, entry: ExportEntry) -> None:
        self.win.statusBar().showMessage(
            self.tr("Exporting “{0}” to {1}").format(entry.title, entry.out_path)
        )

    def _write_sidecar(self, entry: ExportEntry, path: str) -> None:
        """The title and hashtags beside the MP4: the dialog's (as edited) when they are for
        this script, else suggested now; a job."""
        key, script, language, project_id = entry.extra["sidecar"]
        shown = self.dialog.current_meta() if self.dialog is not None else None
        meta = shown if shown is not None and self.dialog.meta_key() == key else None

        def run(_progress, cancel):
            made = meta or video_meta(
                script, language or "auto", project_id=project_id, cancel=cancel
            )
            return write_sidecar(made, path)

        self.win.runner.run(
            self.tr("Writing the title and hashtags"),
            run,
            lambda p: self.notice.emit(self.tr("Wrote {0}").format(p), "info", None),
            lambda m: self.notice.emit(
                self.tr("The title and hashtags file failed: {0}").format(m), "error", None
            ),
        )

    def _on_done(self, entry: ExportEntry) -> None:
        path = str(getattr(entry.result, "path", entry.out_path))
        secs = getattr(entry.result, "seconds", 0.0)
        if "sidecar" in entry.extra:
            self._write_sidecar(entry, path)
        self.win.statusBar().showMessage(self.tr("Exported {0}").format(path), 15_000)
        self.notice.emit(
            self.tr("Exported {0} in {1:.1f} s").format(path, secs),
            "success",
            [
                (self.tr("Open file"), lambda: open_file(path)),
                (self.tr("Show in folder"), lambda: show_in_folder(path)),
            ],
        )
        self.finished.emit(path)

    def _on_failed(self, entry: ExportEntry, message: str) -> None:
        self.win.statusBar().clearMessage()
        self.notice.emit(self.tr("Export failed: {0}").format(message), "error", None)
        self.failed.emit(message)

    def _on_cancelled(self, entry: ExportEntry) -> None:
        self.win.statusBar().clearMessage()
        self.notice.emit(self.tr("Export cancelled; nothing was written."), "info", None)
        self.cancelled.emit()

    # ------------------------------------------------------------------ subtitles and OTIO
    def export_subtitles(self, fmt: str, path: str | None = None) -> bool:
        project = self.win.session.project
        if not path:
            default = str(Path(self.suggested_path()).with_suffix(f".{fmt}"))
            path, _ = QFileDialog.getSaveFileName(
                self.win,
                self.tr("Export subtitles"),
                default,
                self.tr("Subtitles (*.{0})").format(fmt),
            )
        if not path:
            return False
        try:
            fn = ex.subtitles_job(project, path)
        except Exception as exc:  # noqa: BLE001
            self.notice.emit(str(exc), "error", None)
            return False
        self.win.runner.run(
            self.tr("Writing subtitles"),
            fn,
            lambda p: self.notice.emit(self.tr("Wrote {0}").format(p), "info", None),
            lambda m: self.notice.emit(self.tr("Subtitles failed: {0}").format(m), "error", None),
        )
        return True

    def export_otio(self, path: str | None = None) -> bool:
        if not path:
            default = str(Path(self.suggested_path()).with_suffix(".otio"))
            path, _ = QFileDialog.getSaveFileName(
                self.win,
                self.tr("Export timeline"),
                default,
                self.tr("OpenTimelineIO (*.otio)"),
            )
        if not path:
            return False
        frozen = clone(self.win.session.project)
        target = path

        def run(progress, cancel):
            return write_otio(frozen, target)

        self.win.runner.run(
            self.tr("Writing the timeline"),
            run,
            lambda p: self.notice.emit(self.tr("Wrote {0}").format(p), "info", None),
            lambda m: self.notice.emit(
                self.tr("Timeline export failed: {0}").format(m), "error", None
            ),
        )
        return True
