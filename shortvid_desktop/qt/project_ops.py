"""Project operations of the window: new, open, open recent, save, the unsaved prompt, crash
recovery and the start page (a mixin of MainWindow)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..core.errors import BadInputError
from ..core.serial import ValidationError
from ..session import Session
from ..session import exports as ex
from ..session import projects as pj
from .projects import remember_recent


class ProjectOps:
    def _busy_for_switch(self: Any) -> bool:
        if self.build.busy() or self.importer.busy():
            self.notify(self.tr("Wait for the running job to finish first."), "error")
            return True
        return False

    def new_project(self: Any) -> None:
        if self._busy_for_switch() or not self.maybe_save():
            return
        self.set_session(Session.new())
        self.scenes_panel.set_text("")

    def open_project(self: Any, path: str | None = None) -> bool:
        if self._busy_for_switch():
            return False
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Open project"),
                self._project_folder(),
                self.tr("ShortVid project (*.json)"),
            )
        if not path or not self.maybe_save():
            return False
        try:
            session = Session.load_file(path)
        except (BadInputError, ValidationError) as exc:
            self.notify(self.tr("Could not open: {0}").format(exc), "error")
            return False
        self._opened(session)
        return True

    def _opened(self: Any, session: Session) -> None:
        self.set_session(session)
        if session.file_path is not None:
            remember_recent(str(session.file_path))
            pj.note_project(session.project, session.file_path)
        narration = "\n".join(s.narration for s in session.project.script.scenes)
        self.scenes_panel.set_text(narration)
        self.timeline.zoom_fit()

    def open_recent(self: Any, item: pj.RecentProject) -> bool:
        """Open a project of the recent list (its file, or its saved row when the file is gone)."""
        if self._busy_for_switch() or not self.maybe_save():
            return False
        try:
            session = pj.open_recent(item)
        except (BadInputError, ValidationError) as exc:
            self.notify(self.tr("Could not open: {0}").format(exc), "error")
            self.refresh_start_page()
            return False
        self._opened(session)
        return True

    def reopen_last(self: Any) -> bool:
        item = pj.last_project()
        if item is None:
            self.notify(self.tr("There is no earlier project to reopen."), "error")
            return False
        return self.open_recent(item)

    # ------------------------------------------------------------------ start page
    def show_start_page(self: Any) -> None:
        """New project, Open…, Reopen last, the recent projects and every crashed project."""
        self.refresh_start_page()
        self.start_page.show()
        self.start_page.raise_()
        self._place_start_page()
        self.start_page.new_button.setFocus()

    def refresh_start_page(self: Any) -> None:
        items = self.recovery.check(exclude={self.session.project.id})
        self.start_page.set_lists(pj.recent_projects(), items)

    def hide_start_page(self: Any) -> None:
        self.start_page.hide()

    def _place_start_page(self: Any) -> None:
        """Over the docks: below the menu, the toolbars and the notice bar, above the status
        bar."""
        from PySide6.QtCore import QRect, Qt
        from PySide6.QtWidgets import QToolBar

        if self.start_page.isHidden():
            return
        top = self.menuBar().geometry().bottom() + 1 if self.menuBar().isVisible() else 0
        for bar in self.findChildren(QToolBar):
            area = self.toolBarArea(bar)
            if bar.isVisible() and not bar.isFloating() and area == Qt.ToolBarArea.TopToolBarArea:
                top = max(top, bar.geometry().bottom() + 1)
        bottom = (
            self.statusBar().geometry().top() if self.statusBar().isVisible() else self.height()
        )
        self.start_page.setGeometry(QRect(0, top, self.width(), max(0, bottom - top)))

    def _project_folder(self: Any) -> str:
        folder = ex.get_setting("projects.folder", "") or ""
        return str(folder) or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )

    def save_project(self: Any, path: str | None = None) -> bool:
        path = path or (str(self.session.file_path) if self.session.file_path else None)
        if not path:
            return self.save_project_as()
        try:
            self.session.save_file(path)
            self.session.save_to_store()
        except (OSError, ValidationError, BadInputError) as exc:
            self.notify(self.tr("Could not save {0}: {1}").format(path, exc), "error")
            return False
        remember_recent(path)
        pj.note_project(self.session.project, path)
        self.notify(self.tr("Saved {0}").format(path))
        self._refresh_title()
        return True

    def save_project_as(self: Any) -> bool:
        name = ex.suggest_name(self.session.project.title, ".json")
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save project"),
            str(Path(self._project_folder()) / name),
            self.tr("ShortVid project (*.json)"),
        )
        return self.save_project(path) if path else False

    def maybe_save(self: Any) -> bool:
        """Ask to save unsaved changes; False when the user cancels."""
        if self.session.stack.is_clean or not self.confirm_close:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("Save the changes to “{0}”?").format(self.session.project.title),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Save:
            return self.save_project()
        return True

    def check_recovery(self: Any) -> bool:
        """Offer the autosaves of projects left unsaved by a crash (non-modal): the newest in
        the notice bar, every one of them on the start page."""
        items = self.recovery.check(exclude={self.session.project.id})
        if not items:
            return False
        if not self.start_page.isHidden():
            self.refresh_start_page()  # it lists every one, with Recover and Discard
            return True
        item = items[0]
        when = item.revision.created.replace("T", " ")[:19]
        buttons = [
            (self.tr("Recover"), lambda: self.recover(item)),
            (self.tr("Discard"), lambda: self.discard_recovery(item)),
        ]
        text = self.tr(
            "ShortVid closed before “{0}” was saved. Recover the autosave from {1}?"
        ).format(item.title or self.tr("Untitled"), when)
        if len(items) > 1:
            text += " " + self.tr("{0} more projects were not saved either.").format(len(items) - 1)
            buttons.append((self.tr("Show all"), self.show_start_page))
        self.notify(text, "warning", buttons)
        return True

    def recover(self: Any, item) -> bool:
        if self._busy_for_switch() or not self.maybe_save():
            return False
        try:
            session = self.recovery.recover(item)
        except Exception as exc:  # noqa: BLE001 - a damaged revision is reported, not fatal
            self.notify(self.tr("Could not recover: {0}").format(exc), "error")
            return False
        self.set_session(session)
        self.notify(self.tr("Recovered “{0}”. Save it to keep it.").format(session.project.title))
        return True

    def discard_recovery(self: Any, item) -> None:
        self.recovery.discard(item)
        self.notify(self.tr("Discarded the autosave of “{0}”.").format(item.title))
        if not self.start_page.isHidden():
            self.refresh_start_page()
