"""The main window: docks for media, script/scenes, preview, inspector and timeline.

The window wires panels to the session and never edits the model itself: every change is a named
command pushed through the undo bridge (or made by a Session method, which does the same). Long
work (imports, voices, previews, exports) runs as jobs on the thread pool.
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QUndoView,
    QWidget,
)

from ..edits import ChangeEvent
from ..session import Session
from ..session.editing import place_assets
from .actions import install_actions
from .batch_window import offer_resume, show_batch_window
from .build import BuildController
from .drops import connect_drops
from .exporting import ExportController
from .importing import ImportController
from .inspector import Inspector
from .jobs import JobRunner
from .layout_ops import LayoutOps
from .media_cache import MediaCache
from .media_panel import MediaPanel
from .notices import JobsIndicator, MessageLog, NoticeBar
from .preview_panel import PreviewPanel
from .project_ops import ProjectOps
from .projects import Autosaver, RecoveryOffer
from .scenes_panel import ScenesPanel
from .start_page import StartPage
from .state import Playhead
from .timeline import TimelinePanel
from .undo import UndoBridge
from .window_ops import WindowOps


class MainWindow(WindowOps, ProjectOps, LayoutOps, QMainWindow):
    export_finished = Signal(str)  # output path
    export_failed = Signal(str)
    export_cancelled = Signal()
    import_finished = Signal(object)  # ImportResult
    session_changed = Signal(object)

    def __init__(self, session: Session | None = None, runner: JobRunner | None = None) -> None:
        """Without a session the window starts on an empty project with the start page."""
        super().__init__()
        self.setObjectName("MainWindow")
        starting = session is None
        self.session = session or Session.new()
        self.runner = runner or JobRunner(self)
        self.bridge = UndoBridge(self.session.stack, self)
        self.playhead = Playhead(self)
        self.media_cache = MediaCache(self.runner, self)
        self.export_path: str | None = None  # preset by tests and scripts; else suggested
        self.confirm_close = True
        self.template_editor = None
        self.settings_dialog = None
        self.diagnostics = None
        self.batch_window = None
        self.resize(1360, 860)
        self.setDockNestingEnabled(True)

        get = self.current_session
        project = self.current_project
        self.media_panel = MediaPanel(self.media_cache, self)
        self.scenes_panel = ScenesPanel(project, self.bridge, self)
        self.preview = PreviewPanel(get, self.bridge, self.playhead, self.runner, self)
        self.inspector = Inspector(project, self.bridge, self)
        self.timeline_panel = TimelinePanel(
            project, self.bridge, self.playhead, self.media_cache, self
        )
        self.timeline = self.timeline_panel.view
        self.messages = MessageLog(self)
        self.history = QUndoView(self.bridge.qstack, self)
        self.history.setEmptyLabel(self.tr("<original>"))
        self.importer = ImportController(get, self.bridge, self.runner, self)
        self.build = BuildController(get, self.bridge, self.runner, self)
        self.exporter = ExportController(self, self)
        self.export_queue = self.exporter.queue
        self.autosaver = Autosaver(get, self.bridge, self.runner, self)
        self.recovery = RecoveryOffer(self)
        self.notice_bar = NoticeBar(self)
        self.jobs_indicator = JobsIndicator(self.runner, self)

        # A central widget of no height: the docks share the whole window. Without one
        # QMainWindow divides the dock space anew on every relayout and the docks creep a few
        # pixels each time anything changes size (Play's notes, the status bar's job indicator).
        self.center = QWidget(self)
        self.center.setMaximumHeight(0)
        self.setCentralWidget(self.center)
        self._make_docks()
        self.start_page = StartPage(self)
        self.start_page.hide()
        install_actions(self)
        self._make_notice_bar()
        self.statusBar().addPermanentWidget(self.jobs_indicator)
        self._connect()
        self._restore_layout()
        self._refresh()
        self.statusBar().showMessage(self.tr("Ready"))
        if starting:
            self.show_start_page()
        # exports a previous run left in the queue (quit or crash) start again once we are up
        QTimer.singleShot(0, self.exporter, self.exporter.resume_pending)
        QTimer.singleShot(0, self, lambda: offer_resume(self))  # a batch left unfinished

    # ------------------------------------------------------------------ layout
    def current_session(self) -> Session:
        return self.session

    def current_project(self):
        return self.session.project

    # ------------------------------------------------------------------ wiring
    def _connect(self) -> None:
        self.bridge.changed.connect(self._on_bridge_changed)
        self.bridge.clean_changed.connect(lambda _c: self._refresh_title())
        self.bridge.error.connect(lambda msg: self.notify(msg, "error"))
        self.media_panel.import_requested.connect(self.import_paths)
        self.media_panel.browse_requested.connect(self.browse_media)
        self.media_panel.action_requested.connect(self.on_media_action)
        self.timeline.files_dropped.connect(self._on_timeline_files_dropped)
        self.timeline.assets_dropped.connect(self._on_timeline_assets_dropped)
        self.timeline.selection_changed.connect(self.inspector.set_clips)
        self.timeline.message.connect(lambda m: self.notify(m, "error"))
        self.inspector.transition_requested.connect(self.timeline.set_transition)
        self.preview.playback_failed.connect(lambda m: self.notify(m, "error"))
        self.preview.range_changed.connect(self.timeline_panel.ruler.set_range)
        self.importer.finished.connect(self.import_finished)
        self.importer.notice.connect(self.notify)
        self.importer.rejected.connect(self.media_panel.show_rejected)
        connect_drops(self)  # the preview's drops; import status and problems in the bars
        sp = self.scenes_panel
        sp.split_requested.connect(lambda text, lang: self.build.split_text(text, lang))
        sp.sample_requested.connect(self.load_sample_script)
        sp.generate_requested.connect(self.build.generate)
        sp.revise_requested.connect(self.build.revise)
        sp.build_requested.connect(lambda: self.build.build())
        sp.revoice_requested.connect(self.build.revoice)
        sp.scene_selected.connect(self._on_scene_selected)
        self.build.busy_changed.connect(self._on_build_busy)
        self.build.progress.connect(self._on_build_progress)
        self.build.notice.connect(self.notify)
        self.build.error.connect(lambda m: self.notify(m, "error"))
        self.build.built.connect(self._on_built, Qt.ConnectionType.QueuedConnection)
        self.exporter.finished.connect(self.export_finished)
        self.exporter.failed.connect(self.export_failed)
        self.exporter.cancelled.connect(self.export_cancelled)
        self.exporter.notice.connect(self.notify)
        self.autosaver.failed.connect(
            lambda m: self.notify(self.tr("Autosave failed: {0}").format(m), "error")
        )
        self.runner.running_changed.connect(self._on_runner_running_changed)
        st = self.start_page
        st.new_requested.connect(self.new_project)
        st.open_requested.connect(lambda: self.open_project())
        st.reopen_requested.connect(self.reopen_last)
        st.recent_chosen.connect(self.open_recent)
        st.recover_requested.connect(self.recover)
        st.discard_requested.connect(self.discard_recovery)
        st.dismissed.connect(self.hide_start_page)
        for sig in (self.notice_bar.shown, self.notice_bar.closed):  # the notice bar's room
            sig.connect(lambda *_: QTimer.singleShot(0, self._place_start_page))

    def _on_bridge_changed(self, event: object) -> None:
        if getattr(event, "kind", "") == "push":
            self.hide_start_page()  # work began in this project (an import from the menu, ...)
        self._refresh()

    def _refresh(self) -> None:
        project = self.session.project
        keywords: dict[str, str] = {}
        for scene in project.script.scenes:
            for aid in scene.media:
                keywords[aid] = keywords.get(aid, "") + " " + " ".join(scene.keywords)
        self.media_panel.set_assets(list(project.assets.values()), keywords)
        self.act_export_otio.setEnabled(project.timeline.duration_us > 0)
        self._refresh_title()

    def _refresh_title(self) -> None:
        title = self.session.project.title or self.tr("Untitled")
        dirty = "" if self.session.stack.is_clean else " •"
        self.setWindowTitle(f"{title}{dirty} — ShortVid Desktop")

    def _on_runner_running_changed(self, count: int) -> None:
        if not count:
            self.statusBar().showMessage(self.tr("Ready"))

    def notify(self, text: str, level: str = "info", buttons=None) -> None:
        """Tell the user something without blocking: the message log, and the notice bar for
        errors and for messages with buttons."""
        self.messages.add(text)
        if level == "error" or buttons:
            self.notice_bar.show_message(text, level, buttons)
        else:
            self.statusBar().showMessage(text, 8000)

    # ------------------------------------------------------------------ sessions
    def set_session(self, session: Session) -> None:
        """Switch to another project (new, opened or recovered)."""
        self.preview.close_service()
        self.hide_start_page()
        self.session = session
        self.timeline.set_selection([])
        self.bridge.set_stack(session.stack)
        self.playhead.set(0)
        self.autosaver.dirty = not session.stack.is_clean
        self.inspector.set_clips([])
        # every view (and every enabled state computed from the project: the build buttons,
        # the exports) redraws from the new project as after any change
        self.bridge.changed.emit(ChangeEvent("clear", None, session.stack.index))
        self.preview.refresh()
        self.session_changed.emit(session)
        # the project and its views live as long as the window shows them: out of the garbage
        # collector's full passes, which walked them all (23-40 ms pauses on a 1,000-clip
        # timeline, in the middle of a scroll)
        gc.freeze()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_start_page()

    def closeEvent(self, event) -> None:
        editor = self.template_editor
        if editor is not None and editor.isVisible():
            editor.confirm_discard = editor.confirm_discard and self.confirm_close
            if not editor.close():  # its unsaved edits: Save / Discard / Cancel
                event.ignore()
                return
        if not self.maybe_save():
            event.ignore()
            return
        self.autosaver.enabled = False
        self.exporter.close()  # unfinished exports stay queued in the store for the next start
        self.runner.shutdown()  # cancel jobs and cut their signals: no late result hits a panel
        self.preview.close_service()
        self.save_layout()
        for dlg in (
            self.exporter.dialog,
            self.template_editor,
            self.settings_dialog,
            self.diagnostics,
            self.batch_window,
        ):
            if dlg is not None:
                dlg.close()
        for name in ("credits_dialog", "sticker_picker"):  # made on demand; the picker deletes
            dlg = getattr(self, name, None)  # itself when closed
            if dlg is not None and shiboken6.isValid(dlg):
                dlg.close()
        super().closeEvent(event)

    # ------------------------------------------------------------------ media
    def browse_media(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import media"),
            "",
            self.tr(
                "Media (*.jpg *.jpeg *.png *.webp *.bmp *.mp4 *.mov *.mkv *.webm *.m4v "
                "*.mp3 *.wav *.m4a *.aac *.flac *.ogg);;All files (*)"
            ),
        )
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[str]):
        return self.importer.import_paths(list(paths))

    def _on_timeline_files_dropped(self, paths: list, track_id: str, kind: str, t: int) -> None:
        self.importer.import_paths(list(paths), place=(track_id, kind, t))

    def _on_timeline_assets_dropped(self, ids: list, track_id: str, kind: str, t: int) -> None:
        project = self.session.project
        assets = [project.assets[a] for a in ids if a in project.assets]
        if assets:
            placement = place_assets(project, assets, t, track_id or None, kind or None)
            if self.bridge.push_all("Add media to timeline", placement.commands):
                self.timeline.set_selection(placement.clip_ids)

    # ------------------------------------------------------------------ timeline edits
    def split_at_playhead(self) -> bool:
        return self.timeline.split_at_playhead()

    def delete_selected(self, ripple: bool = False) -> bool:
        return self.timeline.delete_selected(ripple)

    def duplicate_selected(self) -> bool:
        return self.timeline.duplicate_selected()

    def add_text(self) -> bool:
        return self.timeline.add_text(self.tr("Your text"))

    def toggle_snapping(self) -> None:
        self.timeline.snapping = self.act_snap.isChecked()

    def toggle_play(self) -> None:
        self.preview.toggle_play()

    # ------------------------------------------------------------------ export
    def start_export(self, out: str | None = None) -> bool:
        return self.exporter.start(out)

    def export_as(self) -> bool:
        self.exporter.export_as()  # asks where (a save dialog), then exports there
        return True

    def cancel_export(self) -> None:
        self.exporter.cancel()

    def show_export_dialog(self):
        return self.exporter.show_dialog()

    def export_subtitles(self, fmt: str, path: str | None = None) -> bool:
        return self.exporter.export_subtitles(fmt, path)

    def export_otio(self, path: str | None = None) -> bool:
        return self.exporter.export_otio(path)

    def show_batch_window(self):
        return show_batch_window(self)
