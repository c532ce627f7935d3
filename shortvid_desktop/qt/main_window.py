"""The main window: media library, script, export bar. Panels live in their own modules.

The window never edits the model itself: it calls the Session, whose every change is a named
command on the undo stack. Long work (imports, voices, export) runs as QtJobs on the thread pool.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import BadInputError
from ..core.serial import ValidationError
from ..session import Session, sample_music, sample_script, sample_visuals
from .export_panel import ExportPanel
from .jobs import JobRunner, QtJob
from .media_panel import MediaPanel
from .script_panel import ScriptPanel


class MainWindow(QMainWindow):
    export_finished = Signal(str)  # output path
    export_failed = Signal(str)
    export_cancelled = Signal()
    import_finished = Signal(object)  # ImportResult

    def __init__(self, session: Session | None = None, runner: JobRunner | None = None) -> None:
        super().__init__()
        self.session = session or Session.new()
        self.runner = runner or JobRunner(self)
        self.current_job: QtJob | None = None
        self.export_path: str | None = None  # preset by tests and --output; else asked
        self.setWindowTitle(self.tr("ShortVid Desktop"))
        self.resize(1100, 720)

        self.media_panel = MediaPanel(self)
        self.script_panel = ScriptPanel(self)
        self.export_panel = ExportPanel(self)
        self.messages = QPlainTextEdit(self)
        self.messages.setReadOnly(True)
        self.messages.setMaximumBlockCount(500)
        self.messages.setFixedHeight(90)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.media_panel)
        split.addWidget(self.script_panel)
        split.setSizes([420, 680])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(split, 1)
        layout.addWidget(self.messages)
        layout.addWidget(self.export_panel)
        self.setCentralWidget(central)

        self._make_actions()
        self.media_panel.import_requested.connect(self.import_paths)
        self.media_panel.browse_requested.connect(self.browse_media)
        self.script_panel.sample_requested.connect(self.load_sample_script)
        self.export_panel.export_button.clicked.connect(self.start_export)
        self.export_panel.cancel_button.clicked.connect(self.cancel_job)
        self.runner.running_changed.connect(self._on_runner_running_changed)
        self.session.stack.changed.connect(self._on_stack_changed)
        self._refresh()
        self.statusBar().showMessage(self.tr("Ready"))

    # ------------------------------------------------------------------ actions
    def _make_actions(self) -> None:
        def act(text: str, slot, shortcut=None) -> QAction:
            a = QAction(text, self)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(slot)
            return a

        self.act_new = act(self.tr("&New"), self.new_project, QKeySequence.StandardKey.New)
        self.act_open = act(self.tr("&Open…"), self.open_project, QKeySequence.StandardKey.Open)
        self.act_save = act(self.tr("&Save…"), self.save_project, QKeySequence.StandardKey.Save)
        self.act_import = act(self.tr("&Import media…"), self.browse_media, "Ctrl+I")
        self.act_export = act(self.tr("&Export…"), self.start_export, "Ctrl+E")
        self.act_undo = act(self.tr("&Undo"), self.session_undo, QKeySequence.StandardKey.Undo)
        self.act_redo = act(self.tr("&Redo"), self.session_redo, QKeySequence.StandardKey.Redo)
        self.act_quit = act(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        for a in (
            self.act_new,
            self.act_open,
            self.act_save,
            None,
            self.act_import,
            self.act_export,
            None,
            self.act_quit,
        ):
            file_menu.addSeparator() if a is None else file_menu.addAction(a)
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.act_undo)
        edit_menu.addAction(self.act_redo)
        tb = self.addToolBar(self.tr("Main"))
        tb.setObjectName("mainToolbar")
        for a in (
            self.act_new,
            self.act_open,
            self.act_save,
            self.act_import,
            self.act_undo,
            self.act_redo,
            self.act_export,
        ):
            tb.addAction(a)

    # ------------------------------------------------------------------ model -> view
    def _on_stack_changed(self, *_args) -> None:
        self._refresh()

    def _refresh(self) -> None:
        stack = self.session.stack
        self.media_panel.set_assets(list(self.session.project.assets.values()))
        self.act_undo.setEnabled(stack.can_undo)
        self.act_redo.setEnabled(stack.can_redo)
        self.act_undo.setText(self.tr("&Undo {0}").format(stack.undo_text).strip())
        self.act_redo.setText(self.tr("&Redo {0}").format(stack.redo_text).strip())
        title = self.session.project.title or self.tr("Untitled")
        dirty = "" if stack.is_clean else " •"
        self.setWindowTitle(f"{title}{dirty} — ShortVid Desktop")

    def _on_runner_running_changed(self, count: int) -> None:
        if count:
            self.statusBar().showMessage(self.tr("{0} job(s) running").format(count))
        else:
            self.statusBar().showMessage(self.tr("Ready"))

    def notify(self, text: str) -> None:
        self.messages.appendPlainText(text)

    # ------------------------------------------------------------------ edits
    def session_undo(self) -> None:
        if self.session.stack.can_undo:
            self.session.stack.undo()

    def session_redo(self) -> None:
        if self.session.stack.can_redo:
            self.session.stack.redo()

    # ------------------------------------------------------------------ projects
    def new_project(self) -> None:
        if self.current_job is not None:
            return
        self._set_session(Session.new())
        self.script_panel.set_text("")

    def open_project(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Open project"), "", self.tr("ShortVid project (*.json)")
            )
        if not path:
            return
        try:
            session = Session.load_file(path)
        except (BadInputError, ValidationError) as exc:
            self.notify(self.tr("Could not open: {0}").format(exc))
            return
        self._set_session(session)
        narration = "\n".join(s.narration for s in session.project.script.scenes)
        self.script_panel.set_text(narration)
        self.script_panel.title.setText(session.project.title)

    def save_project(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save project"),
                f"{self.session.project.title}.json",
                self.tr("ShortVid project (*.json)"),
            )
        if not path:
            return
        try:
            self.session.save_file(path)
            self.session.save_to_store()
        except OSError as exc:
            self.notify(self.tr("Could not save {0}: {1}").format(path, exc))
            return
        self.notify(self.tr("Saved {0}").format(path))

    def _set_session(self, session: Session) -> None:
        self.session.stack.changed.disconnect(self._on_stack_changed)
        self.session = session
        self.session.stack.changed.connect(self._on_stack_changed)
        self._refresh()

    # ------------------------------------------------------------------ import
    def browse_media(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Import media"))
        if files:
            self.import_paths(files)

    def import_paths(self, paths: list[str]) -> QtJob:
        session = self.session
        job = QtJob(self.tr("Importing"), lambda p, c: session.scan_media(paths, p, c))
        job.signals.succeeded.connect(lambda result: self._on_import_done(session, result))
        job.signals.failed.connect(
            lambda msg: self.notify(self.tr("Import failed: {0}").format(msg))
        )
        job.signals.progress.connect(self.export_panel.show_progress)
        return self.runner.start(job)

    def _on_import_done(self, session: Session, result) -> None:
        if session is not self.session:
            return
        session.add_imported(result)
        for path, asset in result.reused:
            self.notify(
                self.tr("{0} is already in the project ({1})").format(
                    Path(path).name, Path(asset.path).name
                )
            )
        for path, reason in result.rejected:
            self.notify(self.tr("Skipped {0}: {1}").format(Path(path).name, reason))
        if result.added:
            self.notify(self.tr("Imported {0} file(s)").format(len(result.added)))
            self._start_thumbnails(result.added)
        self.import_finished.emit(result)

    def _start_thumbnails(self, assets) -> None:
        from ..media import thumbnail

        items = [(a.id, a.path, a.content_hash) for a in assets]

        def run(progress, cancel):
            out = []
            for i, (asset_id, path, digest) in enumerate(items):
                cancel.raise_if_cancelled()
                try:
                    out.append((asset_id, str(thumbnail(path, content_hash=digest or None))))
                except Exception:  # noqa: BLE001 - a missing thumbnail is not an error
                    pass
                progress((i + 1) / len(items), "")
            return out

        job = QtJob(self.tr("Thumbnails"), run)
        job.signals.succeeded.connect(
            lambda pairs: [self.media_panel.set_thumbnail(a, p) for a, p in pairs]
        )
        self.runner.start(job)

    # ------------------------------------------------------------------ script
    def load_sample_script(self) -> None:
        lang = self.script_panel.language_code()
        path = sample_script("zh" if lang == "zh" else "en")
        self.script_panel.set_text(path.read_text(encoding="utf-8"))

    # ------------------------------------------------------------------ export
    def start_export(self) -> QtJob | None:
        """Script -> scenes -> voices -> timeline -> MP4, each step off the GUI thread."""
        if self.current_job is not None:
            return None
        text = self.script_panel.text()
        if not text.strip():
            self.notify(self.tr("The script is empty: type or paste some text first."))
            return None
        out = self.export_path
        if not out:
            default = f"{self.session.project.title or 'video'}.mp4"
            out, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export video"), default, self.tr("MP4 video (*.mp4)")
            )
            if not out:
                return None
        self._export_out = out
        lang = self.script_panel.language_code()
        title = self.script_panel.title.text().strip() or None
        need_samples = not any(
            a.kind in ("image", "video") and not a.generated
            for a in self.session.project.assets.values()
        )

        def prepare(progress, cancel):
            from ..ai.offline import detect_language, script_from_text

            progress(0.0, "Splitting the script into scenes")
            language = detect_language(text) if lang == "auto" else lang
            script = script_from_text(text, language=language, title=title)
            samples = None
            if need_samples:
                samples = self.session.scan_media(sample_visuals(), cancel=cancel)
            return script, samples

        return self._run_step(self.tr("Preparing"), prepare, self._after_prepare)

    def _after_prepare(self, result) -> None:
        script, samples = result
        try:
            if samples is not None:
                self.session.add_imported(samples)
                self.notify(self.tr("No media imported: using the bundled sample pictures."))
            self.session.set_script(script)
            if not self.session.project.music_asset_id and sample_music():
                self.session.set_music(sample_music())
            job_fn = self.session.voice_job()
        except (BadInputError, ValidationError) as exc:
            self._job_failed(str(exc))
            return
        self._run_step(self.tr("Voicing"), job_fn, self._after_voices, span=(0.05, 0.3))

    def _after_voices(self, voiced) -> None:
        try:
            report = self.session.apply_voices(voiced)
            for notice in report.notices:
                self.notify(notice)
            job_fn = self.session.export_job(self._export_out)
        except (BadInputError, ValidationError) as exc:
            self._job_failed(str(exc))
            return
        self._run_step(self.tr("Exporting"), job_fn, self._after_export, span=(0.3, 1.0))

    def _after_export(self, result) -> None:
        self.export_panel.set_busy(False)
        self.export_panel.show_progress(1.0, self.tr("Done: {0}").format(result.path), None)
        self.notify(self.tr("Exported {0} in {1:.1f} s").format(result.path, result.seconds))
        self.export_finished.emit(str(result.path))

    def _run_step(self, title: str, fn, on_done, span: tuple[float, float] = (0.0, 0.05)) -> QtJob:
        job = QtJob(title, fn)
        lo, hi = span
        job.signals.progress.connect(
            lambda f, msg, eta: self.export_panel.show_progress(
                lo + (hi - lo) * max(0.0, f), msg, eta if hi == 1.0 else None
            )
        )
        job.signals.succeeded.connect(lambda result: self._step_done(job, on_done, result))
        job.signals.failed.connect(lambda msg: self._step_failed(job, msg))
        job.signals.cancelled.connect(lambda: self._step_cancelled(job))
        self.current_job = job
        self.export_panel.set_busy(True)
        self.script_panel.setEnabled(False)
        self.media_panel.setEnabled(False)
        return self.runner.start(job)

    def _step_done(self, job: QtJob, on_done, result) -> None:
        if self.current_job is job:
            self.current_job = None
            self._unlock()
            on_done(result)

    def _step_failed(self, job: QtJob, message: str) -> None:
        if self.current_job is job:
            self.current_job = None
            self._job_failed(message)

    def _job_failed(self, message: str) -> None:
        self._unlock()
        self.export_panel.set_busy(False)
        self.export_panel.show_progress(0.0, self.tr("Failed"), None)
        self.notify(self.tr("Export failed: {0}").format(message))
        self.export_failed.emit(message)

    def _step_cancelled(self, job: QtJob) -> None:
        if self.current_job is job:
            self.current_job = None
            self._unlock()
            self.export_panel.set_busy(False)
            self.export_panel.show_progress(0.0, self.tr("Cancelled"), None)
            self.notify(self.tr("Export cancelled; nothing was written."))
            self.export_cancelled.emit()

    def _unlock(self) -> None:
        self.script_panel.setEnabled(True)
        self.media_panel.setEnabled(True)

    def cancel_job(self) -> None:
        if self.current_job is not None:
            self.current_job.cancel()

    def closeEvent(self, event) -> None:
        self.runner.cancel_all()
        QSettings("ShortVid", "ShortVid Desktop").setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)
