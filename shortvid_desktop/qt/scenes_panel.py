"""Script and scenes: write or generate the script, then edit it scene by scene.

The scene table is a Qt item model over ``project.script.scenes``; editing a cell pushes a
SceneEditCommand (typing in one cell merges into one undo step). The voice cell is edited with a
voice picker (the voices of the project's language, Preview). Media dragged from the library
onto a row is assigned to that scene. Buttons ask the window for long work (generate from a
topic, rewrite/shorten one scene, voice and lay out, re-voice changed scenes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Project, Scene
from ..core.timebase import US_PER_SECOND
from ..edits import SceneEditCommand
from .jobs import JobRunner
from .timeline import ASSET_MIME
from .undo import UndoBridge
from .voice_picker import VoicePicker

COLUMNS = ("narration", "on_screen_text", "keywords", "voice", "duration", "media")
Index = QModelIndex | QPersistentModelIndex


class ScenesModel(QAbstractTableModel):
    """Rows = scenes of the current project; edits become commands."""

    def __init__(self, project_getter: Callable[[], Project], bridge: UndoBridge, parent=None):
        super().__init__(parent)
        self.project = project_getter
        self.bridge = bridge
        self._headers = (
            self.tr("Narration"),
            self.tr("On-screen text"),
            self.tr("Keywords"),
            self.tr("Voice"),
            self.tr("Duration"),
            self.tr("Media"),
        )
        bridge.changed.connect(self._on_bridge_changed)

    def _on_bridge_changed(self, _event: object) -> None:
        self.beginResetModel()
        self.endResetModel()

    def scenes(self) -> list[Scene]:
        return self.project().script.scenes

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.scenes())

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return str(section + 1)

    def _voiced_us(self, scene: Scene) -> int:
        track = self.project().timeline.track("voice")
        if track is None:
            return 0
        return sum(c.duration_us for c in track.clips if c.scene_id == scene.id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        scene = self.scenes()[index.row()]
        col = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == "keywords":
                return ", ".join(scene.keywords)
            if col == "duration":
                us = self._voiced_us(scene) or scene.duration_us
                if role == Qt.ItemDataRole.EditRole:
                    return round(scene.duration_us / US_PER_SECOND, 1)
                return f"{us / US_PER_SECOND:.1f} s" if us else "—"
            if col == "media":
                assets = self.project().assets
                names = [assets[a].path.rsplit("/", 1)[-1] for a in scene.media if a in assets]
                return ", ".join(names) if names else ""
            if col == "voice":
                if role == Qt.ItemDataRole.DisplayRole and not scene.voice:
                    return self.tr("(project voice)")
                return scene.voice
            return getattr(scene, col)
        if role == Qt.ItemDataRole.ToolTipRole and col in ("narration", "on_screen_text"):
            return getattr(scene, col)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index) | Qt.ItemFlag.ItemIsDropEnabled
        if index.isValid() and COLUMNS[index.column()] != "media":
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        scene = self.scenes()[index.row()]
        col = COLUMNS[index.column()]
        if col == "keywords":
            words = [w.strip() for w in str(value).replace("，", ",").split(",") if w.strip()]
            change: dict[str, Any] = {"keywords": words}
        elif col == "duration":
            try:
                change = {"duration_us": max(0, int(round(float(value) * US_PER_SECOND)))}
            except (TypeError, ValueError):
                self.bridge.error.emit(
                    self.tr("Scene {0}, duration: {1!r} is not a number of seconds").format(
                        index.row() + 1, value
                    )
                )
                return False
        else:
            change = {col: str(value)}
        if all(getattr(scene, k) == v for k, v in change.items()):
            return False
        self.bridge.break_merge()  # each cell edit is its own step
        return self.bridge.push(SceneEditCommand(scene.id, **change))

    # media dropped on a row
    def mimeTypes(self) -> list[str]:
        return [ASSET_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def canDropMimeData(self, data: QMimeData, action, row, column, parent) -> bool:
        return data.hasFormat(ASSET_MIME) and (parent.isValid() or 0 <= row < self.rowCount())

    def dropMimeData(self, data: QMimeData, action, row, column, parent) -> bool:
        if not data.hasFormat(ASSET_MIME):
            return False
        r = parent.row() if parent.isValid() else row
        if not 0 <= r < self.rowCount():
            return False
        ids = bytes(data.data(ASSET_MIME).data()).decode("utf-8").split()
        return self.assign_media(r, ids)

    def assign_media(self, row: int, asset_ids: list[str]) -> bool:
        if not 0 <= row < len(self.scenes()):
            return False
        scene = self.scenes()[row]
        media = list(dict.fromkeys([*scene.media, *asset_ids]))
        if media == scene.media:
            return False
        self.bridge.break_merge()
        return self.bridge.push(SceneEditCommand(scene.id, media=media))


class VoiceDelegate(QStyledItemDelegate):
    """Edits the voice cell with a VoicePicker; picking a voice commits it at once."""

    def __init__(
        self,
        runner: JobRunner,
        language: Callable[[], str],
        on_error: Callable[[str], None],
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.language = language
        self.on_error = on_error

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index):
        picker = VoicePicker(self.runner, self.tr("(project voice)"), parent)
        picker.setAutoFillBackground(True)

        def chosen(_spec: str) -> None:
            self.commitData.emit(picker)
            self.closeEditor.emit(picker)

        picker.voice_chosen.connect(chosen)
        picker.preview_failed.connect(self.on_error)
        return picker

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, VoicePicker):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.set_voice(str(value or ""), self.language())

    def setModelData(self, editor: QWidget, model, index: Index) -> None:
        if isinstance(editor, VoicePicker):
            model.setData(index, editor.voice(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect  # type: ignore[attr-defined]
        width = max(rect.width(), editor.sizeHint().width())
        editor.setGeometry(rect.x(), rect.y(), width, max(rect.height(), 28))


class ScenesPanel(QWidget):
    """Script text, AI topic, and the scene table with per-scene actions."""

    split_requested = Signal(str, str)  # text, language ("auto", "en", "zh")
    sample_requested = Signal()
    generate_requested = Signal(str, str, int)  # topic, language, seconds
    revise_requested = Signal(int, str)  # scene row, action ("rewrite", "shorten")
    build_requested = Signal()
    revoice_requested = Signal()
    scene_selected = Signal(str)  # scene id

    def __init__(
        self, project_getter: Callable[[], Project], bridge: UndoBridge, parent=None
    ) -> None:
        super().__init__(parent)
        self.project = project_getter
        self.bridge = bridge
        self.model = ScenesModel(project_getter, bridge, self)

        # --- script text
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(
            self.tr("Type or paste your narration here. Each sentence or two becomes a scene.")
        )
        self.editor.setMaximumHeight(110)
        self.language = QComboBox(self)
        self.language.addItem(self.tr("Language: auto"), "auto")
        self.language.addItem("English", "en")
        self.language.addItem("中文", "zh")
        self.split_button = QPushButton(self.tr("Make scenes"), self)
        self.split_button.setToolTip(self.tr("Split the text into scenes (replaces the script)"))
        self.split_button.clicked.connect(self._on_split_clicked)
        self.sample_button = QPushButton(self.tr("Sample script"), self)
        self.sample_button.clicked.connect(self.sample_requested)

        # --- topic
        self.topic = QLineEdit(self)
        self.topic.setPlaceholderText(self.tr("Or a topic: the AI writes the script"))
        self.seconds = QSpinBox(self)
        self.seconds.setRange(10, 180)
        self.seconds.setValue(30)
        self.seconds.setSuffix(self.tr(" s"))
        self.generate_button = QPushButton(self.tr("Generate"), self)
        self.generate_button.clicked.connect(self._on_generate_clicked)
        self.topic.returnPressed.connect(self._on_generate_clicked)
        self.status = QLabel("", self)
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)

        # --- table
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setAcceptDrops(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.table.setDropIndicatorShown(True)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(44)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        runner = getattr(parent, "runner", None) or JobRunner(self)
        self.voice_delegate = VoiceDelegate(
            runner,
            lambda: self.project().language,
            lambda m: bridge.error.emit(self.tr("Voice preview failed: {0}").format(m)),
            self.table,
        )
        self.table.setItemDelegateForColumn(COLUMNS.index("voice"), self.voice_delegate)

        # --- scene actions
        def tool(text: str, tip: str) -> QToolButton:
            b = QToolButton(self)
            b.setText(text)
            b.setToolTip(tip)
            return b

        self.rewrite_button = tool(self.tr("Rewrite"), self.tr("Rewrite the selected scene (AI)"))
        self.shorten_button = tool(self.tr("Shorten"), self.tr("Shorten the selected scene"))
        self.regenerate_button = tool(
            self.tr("Regenerate"), self.tr("Write the selected scene again (AI)")
        )
        self.visuals_button = tool(
            self.tr("Find visuals…"),
            self.tr("Stock clips and photos for the selected scene, or for every scene"),
        )
        self.visuals_button.setObjectName("findVisuals")
        self.visuals_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        visuals_menu = QMenu(self.visuals_button)
        self.act_visuals_scene = visuals_menu.addAction(self.tr("For the selected scene"))
        self.act_visuals_all = visuals_menu.addAction(self.tr("For all scenes"))
        self.act_visuals_scene.triggered.connect(lambda: self.find_visuals(False))
        self.act_visuals_all.triggered.connect(lambda: self.find_visuals(True))
        self.visuals_button.setMenu(visuals_menu)
        self.visuals_button.clicked.connect(lambda: self.find_visuals(self.current_row() < 0))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_menu)
        self.rewrite_button.clicked.connect(lambda: self._revise("rewrite"))
        self.shorten_button.clicked.connect(lambda: self._revise("shorten"))
        self.regenerate_button.clicked.connect(lambda: self._revise("regenerate"))
        self.build_button = QPushButton(self.tr("Voice and lay out"), self)
        self.build_button.setToolTip(
            self.tr("Voice every scene and lay the timeline out again (one undo step)")
        )
        self.build_button.clicked.connect(self.build_requested)
        self.revoice_button = QPushButton(self.tr("Re-voice changed"), self)
        self.revoice_button.setToolTip(
            self.tr("Voice only the scenes whose narration changed, keeping your timeline edits")
        )
        self.revoice_button.clicked.connect(self.revoice_requested)

        title = QLabel(self.tr("Script"), self)
        bold = QFont(title.font())
        bold.setBold(True)
        title.setFont(bold)
        row1 = QHBoxLayout()
        row1.addWidget(title)
        row1.addStretch(1)
        row1.addWidget(self.language)
        row1.addWidget(self.sample_button)
        row1.addWidget(self.split_button)
        row2 = QHBoxLayout()
        row2.addWidget(self.topic, 1)
        row2.addWidget(self.seconds)
        row2.addWidget(self.generate_button)
        row3 = QHBoxLayout()
        row3.addWidget(self.rewrite_button)
        row3.addWidget(self.shorten_button)
        row3.addWidget(self.regenerate_button)
        row3.addWidget(self.visuals_button)
        row3.addStretch(1)
        row3.addWidget(self.revoice_button)
        row3.addWidget(self.build_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row1)
        layout.addWidget(self.editor)
        layout.addLayout(row2)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(row3)
        bridge.changed.connect(self._on_bridge_changed)
        self._on_bridge_changed(None)

    # ------------------------------------------------------------------ API
    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        self.editor.setPlainText(text)

    def language_code(self) -> str:
        return str(self.language.currentData())

    def set_busy(self, busy: bool, message: str = "") -> None:
        for w in (
            self.generate_button,
            self.split_button,
            self.rewrite_button,
            self.shorten_button,
            self.regenerate_button,
            self.build_button,
            self.revoice_button,
        ):
            w.setEnabled(not busy)
        self.status.setText(message)

    def show_status(self, message: str) -> None:
        self.status.setText(message)

    def current_row(self) -> int:
        idx = self.table.currentIndex()
        return idx.row() if idx.isValid() else -1

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    # ------------------------------------------------------------------ slots
    def _on_bridge_changed(self, _event: object) -> None:
        has = bool(self.project().script.scenes)
        self.build_button.setEnabled(has)
        self.revoice_button.setEnabled(has and self.project().timeline.track("voice") is not None)

    def _on_split_clicked(self) -> None:
        self.split_requested.emit(self.text(), self.language_code())

    def _on_generate_clicked(self) -> None:
        self.generate_requested.emit(
            self.topic.text().strip(), self.language_code(), self.seconds.value()
        )

    def _revise(self, action: str) -> None:
        row = self.current_row()
        if row < 0:
            self.status.setText(self.tr("Select a scene first."))
            return
        self.revise_requested.emit(row, action)

    def find_visuals(self, all_scenes: bool = False) -> None:
        """Open the visuals picker for the selected scene (or every scene)."""
        from .visuals_picker import open_visuals_picker

        if not self.project().script.scenes:
            self.status.setText(self.tr("Write or generate a script first."))
            return
        open_visuals_picker(self.window(), all_scenes)

    def _on_table_menu(self, pos) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = QMenu(self.table)
        menu.addAction(self.act_visuals_scene)
        menu.addAction(self.act_visuals_all)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _on_current_row_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        scenes = self.project().script.scenes
        if current.isValid() and current.row() < len(scenes):
            self.scene_selected.emit(scenes[current.row()].id)
