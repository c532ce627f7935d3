"""Find visuals: stock candidates per scene, Replace and Shuffle, and the project's credits.

A non-modal dialog over the window. For the chosen scene it searches every stock source that
can be asked (a job), fills a grid (QListView in icon mode) as the answer arrives, and streams
the thumbnails in, each a quiet job of its own. Pointing at a candidate shows it larger in the
preview pane beside the grid (a photo's larger picture; a clip's poster, then a short loop of
its frames), made as a quiet job and streamed in as each stage arrives. With an AI provider
set, the search box starts with the search query the LLM wrote for the scene (one call per
dialog, a quiet job; the scene's own keywords until it answers or when it fails). "Generate AI
image" asks the provider's image model for a picture of the scene (a job with progress and
Cancel, refused over the monthly budget) and adds it to the grid as a candidate. Replace
downloads the chosen candidate in the job queue (progress, Cancel) into the content-addressed
cache and makes it the scene's picture as one undo step; Shuffle shows the next candidates not
used yet. The footer lists every stock or AI asset's provider, author, licence and source page.
Everything goes through ``session.visuals``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QSize, Qt, QTimer, Signal
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
    QFrame,
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
PREVIEW_SIZE = QSize(216, 384)  # the hover preview pane (9:16)
FRAME_MS = 250  # a clip's preview loop: four of its frames a second
PROVIDER_NAMES = {"pexels": "Pexels", "pixabay": "Pixabay", "openverse": "Openverse"}


class _FramesRelay(QObject):
    """Carries a preview job's pictures from its thread to the dialog (a queued signal)."""

    frames = Signal(str, int, object)  # candidate key, hover generation, list of file paths


def _emitter(relay: _FramesRelay, key: str, generation: int) -> Callable[[list], None]:
    def emit(paths: list) -> None:
        try:
            relay.frames.emit(key, generation, paths)
        except RuntimeError:  # the dialog is gone: nobody to show them to
            pass

    return emit


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
        self.resize(900, 680)
        self.project = project
        self.bridge = bridge
        self.runner = runner
        self.per_page = 6
        self.pages: dict[str, int] = {}  # scene id -> the page shown
        self.queries: dict[str, str] = {}  # scene id -> the words searched
        self.search_job: QtJob | None = None
        self.download_job: QtJob | None = None  # a download or an AI picture being drawn
        self.preview_job: QtJob | None = None
        self.queries_job: QtJob | None = None
        self.llm_queries: dict[str, list[str]] = {}  # scene id -> the LLM's search queries
        self._asked_llm: dict[str, str] = {}  # scene id -> its narration when the LLM was asked
        self._auto_text = ""  # what the picker itself put in the search box
        self._generated: dict[str, Any] = {}  # AI candidate key -> GeneratedImage
        self._generation = 0
        self._preview_key = ""
        self._preview_gen = 0
        self._previews: dict[str, list[QPixmap]] = {}  # candidate key -> its preview pictures
        self.preview_frames: list[QPixmap] = []  # what the preview pane shows (looped)
        self._frame_i = 0
        self._relay = _FramesRelay(self)
        self._relay.frames.connect(self._on_preview_frames)
        self._frame_timer = QTimer(self)
        self._frame_timer.setInterval(FRAME_MS)
        self._frame_timer.timeout.connect(self._next_frame)
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
        self.view.setMouseTracking(True)  # entered(): the hover preview
        self.view.entered.connect(self._on_hovered)
        self.hover_preview = QLabel(self.tr("Point at a candidate to see it larger."), self)
        self.hover_preview.setObjectName("hoverPreview")
        self.hover_preview.setFixedSize(PREVIEW_SIZE)
        self.hover_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hover_preview.setWordWrap(True)
        self.hover_preview.setFrameShape(QFrame.Shape.StyledPanel)
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
        self.ai_button = QPushButton(self.tr("Generate AI image"), self)
        self.ai_button.setObjectName("aiButton")
        self.ai_button.setToolTip(
            self.tr(
                "Ask the AI provider's image model for a picture of this scene, from its "
                "narration and mood (one paid call, refused over the monthly budget)"
            )
        )
        self.ai_button.clicked.connect(self.generate_ai_image)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Stop the download or the AI picture"))
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
        buttons.addWidget(self.ai_button)
        buttons.addWidget(self.shuffle_button)
        buttons.addWidget(self.replace_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        middle = QHBoxLayout()
        middle.addWidget(self.view, 1)
        middle.addWidget(self.hover_preview, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(middle, 1)
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
        self._ask_llm_queries()
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
        self._clear_preview()
        self.details.setText(self.tr("Choose a picture or clip."))
        self.status.setText(self.tr("Searching…"))
        text = self.query.text().strip()
        english = text in self.llm_queries.get(scene_id, [])  # the LLM writes English
        try:
            fn = visuals.search_scene_job(
                self.project(),
                scene_id,
                text,
                page,
                self.per_page,
                query_language=visuals.QUERY_LANGUAGE if english else "",
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
        for made in self._generated.values():  # this scene's AI pictures stay on top
            if made.scene_id == found.scene_id:
                self.model.appendRow(self._item(made.candidate))
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
        if cand.ai_generated:
            item = QStandardItem(self.tr("AI image\nAI-generated"))
            item.setEditable(False)
            item.setData(cand, CANDIDATE_ROLE)
            item.setToolTip(self._describe(cand))
            icon = self._thumbs.get(cand.key)
            item.setIcon(icon if icon is not None else self._waiting_icon)
            item.setData(icon is not None, PREVIEW_ROLE)
            return item
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
        if cand.ai_generated:
            return "\n".join([cand.author, self.tr("Prompt: {0}").format(cand.prompt)])
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
        made = self._generated.get(cand.key)
        if made is not None:  # an AI picture made here: its file is in already
            self._on_downloaded(scene_id, made.asset)
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

    # ------------------------------------------------------------------ AI pictures
    def generate_ai_image(self) -> QtJob | None:
        """Ask the image model for a picture of the current scene (a job: progress, Cancel)."""
        scene_id = self.scene_id()
        if not scene_id:
            return None
        if self.download_job is not None:
            self.status.setText(self.tr("A download is running: wait for it or cancel it."))
            return None
        try:
            fn = visuals.ai_image_job(self.project(), scene_id)
        except Exception as exc:  # noqa: BLE001 - a scene that is gone: said, not raised
            self.status.setText(str(exc))
            return None
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText(self.tr("Asking the image model for a picture of this scene…"))
        job = self.runner.run(
            self.tr("Generating an AI image"),
            fn,
            self._on_ai_image,
            self._on_ai_failed,
            on_cancel=self._on_ai_cancelled,
        )
        job.signals.progress.connect(
            lambda fraction, _m, _eta: self.progress.setValue(round(fraction * 1000))
        )
        self.download_job = job
        self._update_buttons()
        return job

    def _on_ai_image(self, made: Any) -> None:
        self._download_ended()
        cand = made.candidate
        self._generated[cand.key] = made
        pixmap = QPixmap(str(made.thumbnail)) if made.thumbnail else QPixmap()
        if not pixmap.isNull():
            self._thumbs[cand.key] = QIcon(pixmap)
        if made.scene_id != self.scene_id():
            self.status.setText(self.tr("The AI image is ready under its own scene."))
            return
        self.model.insertRow(0, self._item(cand))
        self.view.setCurrentIndex(self.model.index(0, 0))
        self.status.setText(
            self.tr("The AI image is ready (first in the grid): Replace puts it in the video.")
        )
        self._update_buttons()

    def _on_ai_failed(self, message: str) -> None:
        self._download_ended()
        self.status.setText(self.tr("No AI image: {0}").format(progress_text(message)))

    def _on_ai_cancelled(self) -> None:
        self._download_ended()
        self.status.setText(self.tr("AI image cancelled; nothing changed."))

    # ------------------------------------------------------------------ hover previews
    def _on_hovered(self, index: QModelIndex) -> None:
        cand = self.candidate(index.row()) if index.isValid() else None
        if cand is not None:
            self.show_preview(cand)

    def show_preview(self, cand: Any) -> None:
        """Show ``cand`` larger in the preview pane: at once what is cached (else its grid
        picture), then what its preview job streams in; the previous job is cancelled."""
        if cand.key == self._preview_key:
            return
        self._preview_key = cand.key
        self._preview_gen += 1
        if self.preview_job is not None:
            self.preview_job.cancel()
            self.preview_job = None
        cached = self._previews.get(cand.key)
        if cached:
            self._set_frames(cached)
            return
        icon = self._thumbs.get(cand.key)
        if icon is not None:
            sizes = icon.availableSizes()  # its grid picture until the larger one arrives
            self._set_frames([icon.pixmap(sizes[0])] if sizes else [])
        else:
            self._set_frames([])
            self.hover_preview.setText(self.tr("Loading the preview…"))
        generation = self._preview_gen
        job = self.runner.run(
            self.tr("Loading a preview"),
            visuals.hover_preview_job(cand, _emitter(self._relay, cand.key, generation)),
            lambda _paths, g=generation: self._on_preview_ended(g),
            lambda _message, g=generation: self._on_preview_failed(g),
            quiet=True,
            on_cancel=lambda g=generation: self._on_preview_ended(g),
        )
        self.preview_job = job

    def _clear_preview(self) -> None:
        """The grid is filled anew: the pane waits for the next candidate pointed at."""
        self._preview_key = ""
        self._preview_gen += 1
        if self.preview_job is not None:
            self.preview_job.cancel()
            self.preview_job = None
        self._set_frames([])
        self.hover_preview.setText(self.tr("Point at a candidate to see it larger."))

    def _on_preview_ended(self, generation: int) -> None:
        if generation == self._preview_gen:
            self.preview_job = None

    def _on_preview_failed(self, generation: int) -> None:
        if generation == self._preview_gen:
            self.preview_job = None
            if not self.preview_frames:
                self.hover_preview.setText(self.tr("No preview for this one."))

    def _on_preview_frames(self, key: str, generation: int, paths: list) -> None:
        pixmaps = [p for p in (QPixmap(str(path)) for path in paths) if not p.isNull()]
        if not pixmaps:
            return
        self._previews[key] = pixmaps
        if generation == self._preview_gen and key == self._preview_key:
            self._set_frames(pixmaps)

    def _set_frames(self, pixmaps: list[QPixmap]) -> None:
        self.preview_frames = list(pixmaps)
        self._frame_i = 0
        if len(self.preview_frames) > 1:
            self._frame_timer.start()
        else:
            self._frame_timer.stop()
        self._show_frame()

    def _next_frame(self) -> None:
        if self.preview_frames:
            self._frame_i = (self._frame_i + 1) % len(self.preview_frames)
            self._show_frame()

    def _show_frame(self) -> None:
        if not self.preview_frames:
            self.hover_preview.clear()
            return
        frame = self.preview_frames[self._frame_i]
        box = self.hover_preview.contentsRect().size()
        self.hover_preview.setPixmap(
            frame.scaled(
                box,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    # ------------------------------------------------------------------ the LLM's queries
    def _ask_llm_queries(self) -> None:
        """Once per dialog (again only for scenes whose words changed): the search queries
        the configured LLM writes for every scene, as a quiet job."""
        if self.queries_job is not None:
            return
        project = self.project()
        asked = {s.id: s.narration for s in project.script.scenes}
        if all(self._asked_llm.get(i) == n for i, n in asked.items()):
            return
        self.queries_job = self.runner.run(
            self.tr("Writing search queries"),
            visuals.picker_queries_job(project),
            lambda found, a=asked: self._on_llm_queries(a, found),
            lambda _message, a=asked: self._on_llm_ended(a),
            quiet=True,
            on_cancel=lambda: self._on_llm_ended({}),
        )

    def _on_llm_ended(self, asked: dict[str, str]) -> None:
        self.queries_job = None
        self._asked_llm.update(asked)  # asked once: the offline keywords stay

    def _on_llm_queries(self, asked: dict[str, str], found: Any) -> None:
        self._on_llm_ended(asked)
        self.llm_queries.update({k: list(v) for k, v in found.queries.items() if v})
        if found.notices:
            self.query.setToolTip("\n".join(progress_text(n) for n in found.notices))
        scene_id = self.scene_id()
        written = self.llm_queries.get(scene_id)
        if written and self.query.text() == self._auto_text and written[0] != self._auto_text:
            self.queries.pop(scene_id, None)
            self._auto_text = written[0]
            self.query.setText(written[0])
            self.search(page=1)

    # ------------------------------------------------------------------ the rest
    def _on_scene_changed(self, _index: int) -> None:
        scene_id = self.scene_id()
        if not scene_id:
            return
        written = self.llm_queries.get(scene_id) or []
        try:
            words = (
                self.queries.get(scene_id)
                or (written[0] if written else "")
                or visuals.scene_query(self.project(), scene_id)
            )
        except Exception:  # noqa: BLE001 - a scene that is gone: nothing to search
            words = ""
        self._auto_text = words
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
        self.ai_button.setEnabled(bool(self.scene_id()) and self.download_job is None)
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
