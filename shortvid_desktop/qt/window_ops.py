"""Window operations that open dialogs or glue panels together (a mixin of MainWindow, kept
apart so main_window.py stays small)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from .. import __version__
from ..edits import AssetRelinkCommand, ProjectPropertyCommand
from ..session.editing import place_assets, relink_check


class WindowOps:
    """Expects the MainWindow attributes (session, bridge, panels, controllers, notify)."""

    # ------------------------------------------------------------------ dialogs
    def show_templates(self: Any):
        from .template_editor import TemplateEditor

        if self.template_editor is None:
            self.template_editor = TemplateEditor(
                self.current_project, self.bridge, self.runner, self
            )
        self.template_editor.show()
        self.template_editor.raise_()
        return self.template_editor

    def show_settings(self: Any):
        from .settings_dialog import SettingsDialog

        if self.settings_dialog is None:
            self.settings_dialog = SettingsDialog(self.runner, self)
            self.settings_dialog.language_changed.connect(self.apply_language)
        else:
            self.settings_dialog.load()
        self.settings_dialog.show()
        self.settings_dialog.raise_()
        return self.settings_dialog

    def show_diagnostics(self: Any):
        from .diagnostics import DiagnosticsDialog

        if self.diagnostics is None:
            self.diagnostics = DiagnosticsDialog(self.runner, self)
        else:
            self.diagnostics.run_checks()
        self.diagnostics.show()
        self.diagnostics.raise_()
        return self.diagnostics

    def show_about(self: Any) -> QMessageBox:
        """The version, and the licences of the bundled parts (``about.about_text()``, the text
        ``shortvid about`` prints) in the box's details, shown open."""
        from PySide6.QtWidgets import QTextEdit

        from ..about import about_text

        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About ShortVid"))
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setText(
            self.tr(
                "<b>ShortVid Desktop {0}</b><br>Short vertical videos from an idea, made on your "
                "own computer.<br>GPL-3.0-or-later."
            ).format(__version__)
        )
        box.setDetailedText(about_text())
        details = box.findChild(QTextEdit)
        if details is not None:  # room for the licence list (QMessageBox makes it tiny)
            details.setFixedHeight(320)
            details.setMinimumWidth(560)
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.setModal(False)
        box.show()
        for button in box.buttons():  # open the details (the licences) at once
            if box.buttonRole(button) == QMessageBox.ButtonRole.ActionRole:
                button.click()
        return box

    def apply_language(self: Any, language: str) -> None:
        """Switch the UI language now (the window is rebuilt) or after the running jobs."""
        from .app import switch_language

        if self.runner.visible_jobs():
            self.notify(self.tr("The new language applies after the running jobs finish."))
            self.runner.running_changed.connect(self._retry_language)
            self._pending_language = language
            return
        switch_language(self, language)

    def _retry_language(self: Any, count: int) -> None:
        if count == 0 and getattr(self, "_pending_language", None) is not None:
            self.runner.running_changed.disconnect(self._retry_language)
            lang, self._pending_language = self._pending_language, None
            self.apply_language(lang)

    # ------------------------------------------------------------------ media
    def on_media_action(self: Any, action: str, asset_ids: list) -> None:
        project = self.session.project
        assets = [project.assets[a] for a in asset_ids if a in project.assets]
        if not assets:
            return
        if action == "timeline":
            placement = place_assets(project, assets, self.playhead.position)
            if self.bridge.push_all("Add media to timeline", placement.commands):
                self.timeline.set_selection(placement.clip_ids)
        elif action == "scene":
            row = self.scenes_panel.current_row()
            if row < 0:
                self.notify(self.tr("Select a scene in the script first."), "error")
                return
            self.scenes_panel.model.assign_media(row, [a.id for a in assets])
        elif action == "music":
            self.bridge.push(ProjectPropertyCommand(music_asset_id=assets[0].id))
        elif action == "relink":
            self.relink(assets[0].id)
        elif action == "remove":
            from ..edits import AssetRemoveCommand

            self.bridge.push_all("Remove asset", [AssetRemoveCommand(a.id) for a in assets])

    def relink(self: Any, asset_id: str, new_path: str | None = None) -> bool:
        asset = self.session.project.assets.get(asset_id)
        if asset is None:
            return False
        if not new_path:
            new_path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Where is {0} now?").format(Path(asset.path).name),
                str(Path(asset.path).parent),
            )
        if not new_path:
            return False
        try:
            same, digest = relink_check(asset, new_path)
        except OSError as exc:
            self.notify(self.tr("Cannot read {0}: {1}").format(new_path, exc), "error")
            return False
        if not same:
            self.notify(
                self.tr(
                    "{0} is not the same file as {1} (its content differs); relinked anyway."
                ).format(Path(new_path).name, Path(asset.path).name),
                "warning",
            )
        ok = self.bridge.push(AssetRelinkCommand(asset_id, new_path, digest))
        if ok:
            self.media_cache.forget(asset_id)
            self._refresh()
            self.timeline.sync()
        return ok

    # ------------------------------------------------------------------ script
    def load_sample_script(self: Any) -> None:
        lang = self.scenes_panel.language_code()
        text = self.build.sample_text("zh" if lang == "zh" else "en")
        self.scenes_panel.set_text(text)

    def _on_scene_selected(self: Any, scene_id: str) -> None:
        project = self.session.project
        ids = [
            c.id
            for t in project.timeline.tracks
            if t.kind == "voice"
            for c in t.clips
            if c.scene_id == scene_id
        ]
        if ids:
            found = project.timeline.find_clip(ids[0])
            if found is not None:
                self.playhead.set(found[1].start_us)

    def _on_build_busy(self: Any, busy: bool, title: str) -> None:
        self.scenes_panel.set_busy(busy, title)

    def _on_build_progress(self: Any, fraction: float, message: str) -> None:
        from .progress_text import progress_text

        self.scenes_panel.show_status(progress_text(message))

    def _on_built(self: Any) -> None:
        self.timeline.zoom_fit()
        self.preview.refresh()
