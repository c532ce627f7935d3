"""Find visuals: stock candidates per scene, Replace and Shuffle, and the project's credits.

A non-modal dialog over the window. For the chosen scene it searches every stock source that
can be asked (a job), fills a grid (QListView in icon mode) as the answer arrives, and streams
the thumbnails in, each a quiet job of its own. Replace downloads the chosen candidate in the
job queue (progress, Cancel) into the content-addressed cache and makes it the scene's picture
as one undo step; Shuffle shows the next candidates not used yet. The footer lists every stock
or AI asset's provider, author, licence and source page. Everything goes through
``session.visuals``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QIcon,
    QKeySequence,
    QPixmap,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Project
from ..session import visuals
from .jobs import JobRunner, QtJob
from .progress_text import progress_text
from .undo import UndoBridge

CANDIDATE_ROLE = Qt.ItemDataRole.UserRole + 1
PREVIEW_ROLE = Qt.ItemDataRole.UserRole + 2  # True once the candidate's own picture is shown
ICON_SIZE = QSize(96, 128)
PROVIDER_NAMES = {"pexels": "Pexels", "pixabay": "Pixabay", "openverse": "Openverse"}


class VisualsPicker(QDialog):
    """Candidates for one scene at a time (the scene box lists the scenes it was opened for)."""

    replaced = Signal(str)  # scene id

    def __init__(
        self,
        project: Callable[[], Project],
        bridge: UndoBridge,
        runner: JobRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("VisualsPicker")
        self.setWindowTitle(self.tr("Find visuals"))
        self.setModal(False)
        self.resize(760, 640)
        self.project = project
        self.bridge = bridge
        self.runner = runner
        self.per_page = 6
        self.pages: dict[str, int] = {}  # scene id -> the page shown
        self.queries: dict[str, str] = {}  # scene id -> the words searched
        self.search_job: QtJob | None = None
        self.download_job: QtJob | None = None
        self._generation = 0
        self._thumbs: dict[str, QIcon] = {}  # candidate key -> its picture
        blank = QPixmap(ICON_SIZE)
        blank.fill(QColor(128, 128, 128, 60))
        self._waiting_icon = QIcon(blank)  # until the preview arrives (keeps the grid's size)

        self.scene_box = QComboBox(self)
        self.scene_box.setObjectName("sceneBox")
        self.scene_box.currentIndexChanged.connect(self._on_scene_changed)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("What to search for"))
        self.query.returnPressed.connect(lambda: self.search(page=1))
        self.search_button = QPushButton(self.tr("Search"), self)
        self.search_button.clicked.connect(lambda: self.search(page=1))

        self.model = QStandardItemModel(self)
        self.view = QListView(self)
        self.view.setObjectName("candidates")
        self.view.setModel(self.model)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setUniformItemSizes(True)
        self.view.setIconSize(ICON_SIZE)
        self.view.setGridSize(QSize(150, 190))
        self.view.setWordWrap(True)
        self.view.setSpacing(4)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.view.doubleClicked.connect(lambda _i: self.replace())
        self.details = QLabel(self.tr("Choose a picture or clip."), self)
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.details.setOpenExternalLinks(True)

        self.status = QLabel("", self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.replace_button = QPushButton(self.tr("Replace"), self)
        self.replace_button.setToolTip(
            self.tr("Download the chosen candidate and use it for this scene (undoable)")
        )
        self.replace_button.clicked.connect(self.replace)
        self.shuffle_button = QPushButton(self.tr("Shuffle"), self)
        self.shuffle_button.setToolTip(self.tr("Show other candidates for this scene"))
        self.shuffle_button.clicked.connect(self.shuffle)
        self.cancel_button = QPushButton(self.tr("Cancel download"), self)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_download)

        self.credits = QTableWidget(0, 4, self)
        self.credits.setObjectName("credits")
        self.credits.setHorizontalHeaderLabels(
            [self.tr("Provider"), self.tr("Author"), self.tr("Licence"), self.tr("Source page")]
        )
        self.credits.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.credits.verticalHeader().setVisible(False)
        self.credits.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.credits.setMaximumHeight(130)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Scene"), self))
        top.addWidget(self.scene_box, 2)
        top.addWidget(self.query, 2)
        top.addWidget(self.search_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.shuffle_button)
        buttons.addWidget(self.replace_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("Credits of the stock and AI media in this project"), self))
        layout.addWidget(self.credits)
        bridge.changed.connect(self._on_bridge_changed)
        # Undo and Redo work here too (the picker is a window of its own)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.bridge.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, self.bridge.redo)
        self._update_buttons()

    # ------------------------------------------------------------------ API
    def open_for(self, scene_ids: list[str]) -> None:
        """Show the picker for these scenes (in script order), the first one searched."""
        scenes = self.project().script.scenes
        wanted = [s for s in scenes if s.id in set(scene_ids)] or list(scenes)
        self.scene_box.blockSignals(True)
        self.scene_box.clear()
        for scene in wanted:
            n = scenes.index(scene) + 1
            words = " ".join(scene.narration.split())
            short = words[:40] + ("…" if len(words) > 40 else "")
            self.scene_box.addItem(self.tr("Scene {0}: {1}").format(n, short), scene.id)
        self.scene_box.blockSignals(False)
        self._fill_credits()
        self.show()
        self.raise_()
        if wanted:
            self.scene_box.setCurrentIndex(0)
            self._on_scene_changed(0)
        else:
            self.status.setText(self.tr("The script has no scenes yet: write or generate one."))

    def scene_id(self) -> str:
        return str(self.scene_box.currentData() or "")

    def candidate(self, row: int) -> Any:
        item = self.model.item(row)
        return item.data(CANDIDATE_ROLE) if item is not None else None

    def busy(self) -> bool:
        return self.search_job is not None or self.download_job is not None

    # ------------------------------------------------------------------ search
    def search(self, page: int = 1) -> QtJob | None:
        scene_id = self.scene_id()
        if not scene_id:
            return None
        if self.search_job is not None:
            self.search_job.cancel()
        self._generation += 1
        generation = self._generation
        self.pages[scene_id] = page
        self.model.clear()
        self.details.setText(self.tr("Choose a picture or clip."))
        self.status.setText(self.tr("Searching…"))
        try:
            fn = visuals.search_scene_job(
                self.project(), scene_id, self.query.text(), page, self.per_page
            )
        except Exception as exc:  # noqa: BLE001 - a scene that is gone: said, not raised
            self.status.setText(str(exc))
            return None
        job = self.runner.run(
            self.tr("Finding visuals"),
            fn,
            lambda found, g=generation: self._on_found(g, found),
            lambda message, g=generation: self._on_search_failed(g, message),
            on_cancel=lambda g=generation: self._on_search_ended(g),
        )
        job.signals.progress.connect(
            lambda _f, message, _eta, g=generation: (
                g == self._generation and self.status.setText(progress_text(message))
            )
        )
        self.search_job = job
        self._update_buttons()
        return job

    def shuffle(self) -> QtJob | None:
        """The next page of candidates for this scene (back to the first after the last)."""
        scene_id = self.scene_id()
        return self.search(page=self.pages.get(scene_id, 1) + 1) if scene_id else None

    def _on_search_ended(self, generation: int) -> None:
        if generation == self._generation:
            self.search_job = None
            self._update_buttons()

    def _on_search_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._on_search_ended(generation)
        self.status.setText(self.tr("The search failed: {0}").format(progress_text(message)))

    def _on_found(self, generation: int, found: Any) -> None:
        if generation != self._generation:
            return
        self._on_search_ended(generation)
        self.queries[found.scene_id] = found.query
        if not found.candidates and found.page > 1:
            self.status.setText(self.tr("No more candidates: back to the first ones."))
            self.search(page=1)
            return
        for cand in found.candidates:
            self.model.appendRow(self._item(cand))
        for cand in found.candidates:
            self._fetch_thumbnail(cand, generation)
        problems = [progress_text(n) for n in found.notices]
        if not found.candidates:
            text = self.tr("Nothing found for “{0}”.").format(found.query)
            if problems:
                text += "\n" + "\n".join(problems)
            self.status.setText(text)
        elif problems:
            self.status.setText(
                self.tr("{0} candidates; some sources failed: {1}").format(
                    len(found.candidates), "\n".join(problems)
                )
            )
        else:
            names = ", ".join(PROVIDER_NAMES.get(n, n) for n in found.searched)
            self.status.setText(
                self.tr("{0} candidates for “{1}” from {2}.").format(
                    len(found.candidates), found.query, names
                )
            )
        self._update_buttons()

    def _item(self, cand: Any) -> QStandardItem:
        provider = PROVIDER_NAMES.get(cand.provider, cand.provider)
        if cand.kind == "video":
            what = self.tr("{0} · video {1} s").format(provider, round(cand.duration_s))
        else:
            what = self.tr("{0} · photo").format(provider)
        item = QStandardItem(f"{what}\n{cand.author or self.tr('unknown author')}")
        item.setEditable(False)
        item.setData(cand, CANDIDATE_ROLE)
        item.setToolTip(self._describe(cand))
        icon = self._thumbs.get(cand.key)
        item.setIcon(icon if icon is not None else self._waiting_icon)
        item.setData(icon is not None, PREVIEW_ROLE)
        return item

    def _describe(self, cand: Any) -> str:
        provider = PROVIDER_NAMES.get(cand.provider, cand.provider)
        lines = [
            self.tr("Provider: {0}").format(provider),
            self.tr("Author: {0}").format(cand.author or self.tr("unknown")),
            self.tr("Licence: {0}").format(cand.licence or self.tr("not stated")),
        ]
        if cand.page_url:
            lines.append(self.tr("Source page: {0}").format(cand.page_url))
        return "\n".join(lines)

    def _fetch_thumbnail(self, cand: Any, generation: int) -> None:
        if cand.key in self._thumbs:
            return
        self.runner.run(
            self.tr("Loading previews"),
            visuals.thumbnail_job(cand),
            lambda path, c=cand, g=generation: self._on_thumbnail(c, g, path),
            lambda _message: None,  # no preview: the text stays
            quiet=True,
        )

    def _on_thumbnail(self, cand: Any, generation: int, path: Any) -> None:
        pixmap = QPixmap(str(path))
        if pixmap.isNull():
            return
        icon = QIcon(pixmap)
        self._thumbs[cand.key] = icon
        if generation != self._generation:
            return
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if item is not None and item.data(CANDIDATE_ROLE).key == cand.key:
                item.setIcon(icon)
                item.setData(True, PREVIEW_ROLE)

    # ------------------------------------------------------------------ replace
    def replace(self) -> QtJob | None:
        index = self.view.currentIndex()
        cand = self.candidate(index.row()) if index.isValid() else None
        scene_id = self.scene_id()
        if cand is None or not scene_id:
            self.status.setText(self.tr("Choose a candidate first."))
            return None
        if self.download_job is not None:
            self.status.setText(self.tr("A download is running: wait for it or cancel it."))
            return None
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText(self.tr("Downloading…"))
        job = self.runner.run(
            self.tr("Downloading a visual"),
            visuals.download_candidate_job(self.project(), cand),
            lambda asset, s=scene_id: self._on_downloaded(s, asset),
            self._on_download_failed,
            on_cancel=self._on_download_cancelled,
        )
        job.signals.progress.connect(self._on_download_progress)
        self.download_job = job
        self._update_buttons()
        return job

    def cancel_download(self) -> None:
        if self.download_job is not None:
            self.download_job.cancel()

    def _on_download_progress(self, fraction: float, message: str, _eta: object) -> None:
        self.progress.setValue(round(fraction * 1000))
        self.status.setText(progress_text(message))

    def _download_ended(self) -> None:
        self.download_job = None
        self.progress.setVisible(False)
        self._update_buttons()

    def _on_download_failed(self, message: str) -> None:
        self._download_ended()
        self.status.setText(self.tr("The download failed: {0}").format(progress_text(message)))

    def _on_download_cancelled(self) -> None:
        self._download_ended()
        self.status.setText(self.tr("Download cancelled; nothing changed."))

    def _on_downloaded(self, scene_id: str, asset: Any) -> None:
        self._download_ended()
        try:
            commands = visuals.replace_scene_visual(self.project(), scene_id, asset)
        except Exception as exc:  # noqa: BLE001 - the scene went away meanwhile: said
            self.status.setText(str(exc))
            return
        if self.bridge.push_all("Replace media", commands):  # type: ignore[arg-type]
            self.status.setText(
                self.tr("The scene now uses {0}'s {1} (Undo puts the previous one back).").format(
                    asset.author or self.tr("unknown author"),
                    self.tr("clip") if asset.kind == "video" else self.tr("picture"),
                )
            )
            self.replaced.emit(scene_id)

    # ------------------------------------------------------------------ the rest
    def _on_scene_changed(self, _index: int) -> None:
        scene_id = self.scene_id()
        if not scene_id:
            return
        try:
            words = self.queries.get(scene_id) or visuals.scene_query(self.project(), scene_id)
        except Exception:  # noqa: BLE001 - a scene that is gone: nothing to search
            words = ""
        self.query.setText(words)
        self.search(page=self.pages.get(scene_id, 1))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        cand = self.candidate(current.row()) if current.isValid() else None
        if cand is None:
            self.details.setText(self.tr("Choose a picture or clip."))
        else:
            text = self._describe(cand).replace("\n", " · ")
            self.details.setText(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.view.currentIndex().isValid()
        self.replace_button.setEnabled(chosen and self.download_job is None)
        self.shuffle_button.setEnabled(bool(self.scene_id()))
        self.cancel_button.setEnabled(self.download_job is not None)

    def _on_bridge_changed(self, _event: object) -> None:
        if self.isVisible():
            self._fill_credits()

    def _fill_credits(self) -> None:
        rows = visuals.credit_rows(self.project())
        self.credits.setRowCount(len(rows))
        for i, row in enumerate(rows):
            provider = self.tr("AI-generated") if row.ai_generated else row.provider
            for col, text in enumerate((provider, row.author, row.licence, row.source_url)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(row.line)
                self.credits.setItem(i, col, cell)
        for col in range(3):
            self.credits.resizeColumnToContents(col)


def open_visuals_picker(win: Any, all_scenes: bool = False) -> VisualsPicker:
    """The window's picker (one, reused) for the selected scene, or for every scene."""
    picker = getattr(win, "visuals_picker", None)
    if picker is None:
        picker = VisualsPicker(win.current_project, win.bridge, win.runner, win)
        win.visuals_picker = picker
    project = win.current_project()
    row = win.scenes_panel.current_row()
    scenes = project.script.scenes
    if all_scenes or not 0 <= row < len(scenes):
        ids = [s.id for s in scenes]
    else:
        ids = [scenes[row].id]
    picker.open_for(ids)
    return picker
