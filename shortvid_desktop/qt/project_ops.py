"""Project operations of the window: new, open, save, the unsaved prompt and crash recovery
(a mixin of MainWindow)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..core.errors import BadInputError
from ..core.serial import ValidationError
from ..session import Session
from ..session import exports as ex
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
        self.set_session(session)
        remember_recent(path)
        narration = "\n".join(s.narration for s in session.project.script.scenes)
        self.scenes_panel.set_text(narration)
        self.timeline.zoom_fit()
        return True

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
        """Offer the newest autosave of a project left unsaved by a crash (non-modal)."""
        items = self.recovery.check(exclude={self.session.project.id})
        if not items:
            return False
        item = items[0]
        when = item.revision.created.replace("T", " ")[:19]
        self.notify(
            self.tr(
                "ShortVid closed before “{0}” was saved. Recover the autosave from {1}?"
            ).format(item.title or self.tr("Untitled"), when),
            "warning",
            [
                (self.tr("Recover"), lambda: self.recover(item)),
                (self.tr("Discard"), lambda: self.discard_recovery(item)),
            ],
        )
        return True

    def recover(self: Any, item) -> bool:
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
