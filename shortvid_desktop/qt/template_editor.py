"""Template editor: create, duplicate, edit, delete, import and export templates, with a live
preview of a sample frame. Built-in templates are read-only (duplicate one to edit it).

The editor works on a copy of the chosen template; Save writes it to the store, "Use in project"
applies it to the open project as one undoable TemplateChangeCommand. Enter in a field never
presses a button (no button is a default one), and leaving unsaved edits (closing, Escape,
choosing another template, New, Duplicate, Delete, Import) asks first: Save, Discard or Cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import BadInputError
from ..core.model import ASPECTS, RESOLUTIONS, Project, Template, canvas_for
from ..core.serial import ValidationError, clone, from_dict, to_dict
from ..edits import TemplateChangeCommand
from ..session import Session
from ..session.preview import PreviewService
from ..session.settings import Store, StoreError
from ..session.templates import (
    duplicate,
    export_template,
    import_template,
    load_templates,
    sample_project,
    unique_name,
)
from .inspector import (
    ColorButton,
    combo,
    labels_fit,
    labels_kb,
    labels_position,
    labels_transition,
    set_combo,
)
from .jobs import JobRunner, QtJob
from .preview_panel import FrameView
from .undo import UndoBridge

CJK_SAMPLE = "中文字幕"


class TemplateEditor(QDialog):
    preview_shown = Signal(object)  # QImage
    saved = Signal(str)  # template name

    def __init__(
        self,
        project_getter: Callable[[], Project],
        bridge: UndoBridge,
        runner: JobRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project_getter
        self.bridge = bridge
        self.runner = runner
        self.setWindowTitle(self.tr("Templates"))
        self.setModal(False)
        self.resize(980, 680)
        self.templates: list[Template] = []
        self.current: Template | None = None
        self._loading = False
        self._job: QtJob | None = None
        self._pending = False
        self._service: PreviewService | None = None
        self._edited = False  # the user changed a field since the form was loaded
        self._row = -1
        self.confirm_discard = True  # False: unsaved edits are dropped without asking
        self.last_error = ""

        # ---- list and buttons
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self._on_row_changed)
        self.new_button = QPushButton(self.tr("New"), self)
        self.dup_button = QPushButton(self.tr("Duplicate"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.new_button.clicked.connect(self.new_template)
        self.dup_button.clicked.connect(self.duplicate_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.import_button.clicked.connect(self._import_clicked)
        self.export_button.clicked.connect(self._export_clicked)
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.list, 1)
        for row in ((self.new_button, self.dup_button), (self.delete_button, self.import_button)):
            h = QHBoxLayout()
            for b in row:
                h.addWidget(b)
            ll.addLayout(h)
        ll.addWidget(self.export_button)

        # ---- form
        self.readonly_note = QLabel(
            self.tr("Built-in templates are read-only: duplicate this one to change it."), self
        )
        self.readonly_note.setObjectName("hint")
        self.readonly_note.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self._fields: dict[str, QWidget] = {}
        self._build_canvas_tab()
        self._build_caption_tab()
        self._build_motion_tab()
        self._build_sound_tab()
        self._build_brand_tab()
        self.save_button = QPushButton(self.tr("Save"), self)
        self.apply_button = QPushButton(self.tr("Use in project"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.save_button.clicked.connect(self.save_current)
        self.apply_button.clicked.connect(self.apply_to_project)
        self.close_button.clicked.connect(self.close)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        mid = QWidget(self)
        ml = QVBoxLayout(mid)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.addWidget(self.readonly_note)
        ml.addWidget(self.tabs, 1)
        ml.addWidget(self.status)
        br = QHBoxLayout()
        br.addStretch(1)
        br.addWidget(self.save_button)
        br.addWidget(self.apply_button)
        br.addWidget(self.close_button)
        ml.addLayout(br)

        # ---- preview
        self.preview = FrameView(self)
        self.preview.placeholder = self.tr("Rendering a sample frame…")
        self.preview.setMinimumWidth(220)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(mid)
        split.addWidget(self.preview)
        split.setSizes([200, 460, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(200)
        self._preview_timer.timeout.connect(self.render_preview)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a field must not press New or Close
            button.setDefault(False)
        self.reload()

    # ------------------------------------------------------------------ form building
    def _add(self, form: QFormLayout, label: str, key: str, widget: QWidget) -> None:
        self._fields[key] = widget
        form.addRow(label, widget)
        if isinstance(widget, QSpinBox | QDoubleSpinBox):
            widget.valueChanged.connect(self._on_field_changed)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self._on_field_changed)
        elif isinstance(widget, QFontComboBox):
            widget.currentFontChanged.connect(self._on_field_changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self._on_field_changed)
        elif isinstance(widget, QLineEdit):
            widget.textChanged.connect(self._on_field_changed)
        elif isinstance(widget, ColorButton):
            widget.color_changed.connect(self._on_field_changed)

    def _tab(self, title: str) -> QFormLayout:
        page = QWidget()
        form = QFormLayout(page)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, title)
        return form

    @staticmethod
    def _spin(lo: int, hi: int, step: int = 1, suffix: str = "") -> QSpinBox:
        s = QSpinBox()
        s.setRange(lo, hi)
        s.setSingleStep(step)
        if suffix:
            s.setSuffix(suffix)
        return s

    @staticmethod
    def _dspin(lo: float, hi: float, step: float, suffix: str = "", decimals: int = 2):
        s = QDoubleSpinBox()
        s.setRange(lo, hi)
        s.setSingleStep(step)
        s.setDecimals(decimals)
        if suffix:
            s.setSuffix(suffix)
        return s

    def _build_canvas_tab(self) -> None:
        f = self._tab(self.tr("Canvas"))
        self._add(f, self.tr("Name"), "name", QLineEdit())
        aspect = QComboBox()
        for key in ASPECTS:
            aspect.addItem(key, key)
        aspect.addItem(self.tr("Custom"), "")
        aspect.currentIndexChanged.connect(self._on_aspect_changed)
        self.aspect = aspect
        f.addRow(self.tr("Aspect ratio"), aspect)
        resolution = QComboBox()
        for key in RESOLUTIONS:
            resolution.addItem(key, key)
        resolution.addItem(self.tr("Custom"), "")
        resolution.currentIndexChanged.connect(self._on_aspect_changed)
        self.resolution = resolution
        f.addRow(self.tr("Resolution"), resolution)
        self._add(f, self.tr("Width"), "width", self._spin(16, 7680, 2, " px"))
        self._add(f, self.tr("Height"), "height", self._spin(16, 7680, 2, " px"))
        self._add(f, self.tr("Frame rate"), "fps", self._spin(1, 120, 1, " fps"))
        q = QComboBox()
        for key, label in (
            ("draft", self.tr("Draft")),
            ("standard", self.tr("Standard")),
            ("high", self.tr("High")),
        ):
            q.addItem(label, key)
        self._add(f, self.tr("Quality"), "quality", q)
        self._add(f, self.tr("Picture fit"), "fit", combo(self, labels_fit()))
        self._add(f, self.tr("Bar colour"), "pad_color", ColorButton())
        self._add(
            f, self.tr("Still length"), "still_duration_us", self._dspin(0.1, 60, 0.5, " s", 1)
        )
        self._add(
            f,
            self.tr("Title card"),
            "title_card",
            QCheckBox(self.tr("Show the title at the start")),
        )
        outro = QLineEdit()
        outro.setPlaceholderText(self.tr("e.g. Follow for more (empty: no closing card)"))
        self._add(f, self.tr("Closing card"), "outro_text", outro)
        self._add(
            f,
            self.tr("Scene text"),
            "scene_text",
            QCheckBox(self.tr("Show each scene's on-screen text at the top")),
        )

    def _build_caption_tab(self) -> None:
        f = self._tab(self.tr("Captions"))
        self._add(f, self.tr("Font"), "caption.font", QFontComboBox())
        self.font_check = QLabel("")
        self.font_check.setWordWrap(True)
        f.addRow("", self.font_check)
        self._add(f, self.tr("Size"), "caption.size", self._spin(8, 400, 2, " px"))
        self._add(f, self.tr("Bold"), "caption.bold", QCheckBox())
        self._add(
            f, self.tr("Pop"), "caption.pop", QCheckBox(self.tr("The spoken word grows a little"))
        )
        self._add(f, self.tr("Colour"), "caption.color", ColorButton())
        self._add(f, self.tr("Spoken word colour"), "caption.highlight_color", ColorButton())
        self._add(f, self.tr("Highlight the spoken word"), "caption.karaoke", QCheckBox())
        self._add(f, self.tr("Outline colour"), "caption.outline_color", ColorButton())
        self._add(f, self.tr("Outline"), "caption.outline", self._dspin(0, 40, 0.5, " px", 1))
        self._add(f, self.tr("Shadow"), "caption.shadow", self._dspin(0, 40, 0.5, " px", 1))
        self._add(f, self.tr("Background box"), "caption.box", QCheckBox())
        self._add(f, self.tr("Box colour"), "caption.box_color", ColorButton())
        self._add(f, self.tr("Position"), "caption.position", combo(self, labels_position()))
        self._add(
            f, self.tr("Distance from edge"), "caption.margin_v", self._spin(0, 4000, 10, " px")
        )
        self._add(
            f, self.tr("Characters per line"), "caption.max_chars_per_line", self._spin(4, 60)
        )
        self._add(f, self.tr("Lines"), "caption.max_lines", self._spin(1, 6))
        from ..session.text_items import caption_fields, text_styles  # the text-style library
        from .text_inspector import style_label

        self.text_style = QComboBox()
        self.text_style.setObjectName("captionFromTextStyle")
        self.text_style.addItem(self.tr("Choose…"), "")
        for name in text_styles():
            self.text_style.addItem(style_label(name), name)

        def from_text_style(index: int) -> None:  # one look for captions and text items
            name = self.text_style.itemData(index)
            for key, value in caption_fields(name).items() if name else ():
                self.set_field(key, value)

        self.text_style.activated.connect(from_text_style)
        f.addRow(self.tr("Start from a text style"), self.text_style)

    def _build_motion_tab(self) -> None:
        f = self._tab(self.tr("Motion"))
        self._add(f, self.tr("Transition"), "transition.kind", combo(self, labels_transition()))
        self._add(
            f,
            self.tr("Transition length"),
            "transition.duration_us",
            self._dspin(0, 5, 0.1, " s", 2),
        )
        self._add(f, self.tr("Ken Burns"), "ken_burns.mode", combo(self, labels_kb()))
        self._add(f, self.tr("Motion amount"), "ken_burns.amount", self._dspin(0, 1, 0.02, "", 2))
        ease = QComboBox()
        ease.addItem(self.tr("Linear"), "linear")
        ease.addItem(self.tr("Ease in and out"), "ease_in_out")
        self._add(f, self.tr("Easing"), "ken_burns.easing", ease)
        self._add(
            f,
            self.tr("Vary the motion"),
            "ken_burns_variety",
            QCheckBox(self.tr("Different per picture")),
        )
        self._add(f, self.tr("Variety seed"), "ken_burns_seed", self._spin(0, 1_000_000))

    def _build_sound_tab(self) -> None:
        f = self._tab(self.tr("Music"))
        self._add(f, self.tr("Music volume"), "music_volume", self._dspin(0, 4, 0.05))
        self._add(f, self.tr("Ducking under the voice"), "ducking", self._dspin(0, 1, 0.05))
        self._add(f, self.tr("Music fade"), "music_fade_us", self._dspin(0, 10, 0.25, " s", 2))
        self._add(f, self.tr("Loudness"), "loudness_lufs", self._dspin(-40, 0, 0.5, " LUFS", 1))

    def _build_brand_tab(self) -> None:
        f = self._tab(self.tr("Watermark"))
        self._add(f, self.tr("Text"), "watermark_text", QLineEdit())
        img_row = QWidget()
        h = QHBoxLayout(img_row)
        h.setContentsMargins(0, 0, 0, 0)
        img = QLineEdit()
        pick = QPushButton(self.tr("Choose…"))
        pick.clicked.connect(self._pick_logo)
        h.addWidget(img, 1)
        h.addWidget(pick)
        self._fields["watermark_image"] = img
        img.textChanged.connect(self._on_field_changed)
        f.addRow(self.tr("Logo image"), img_row)
        pos = QComboBox()
        for key, label in (
            ("top_left", self.tr("Top left")),
            ("top_right", self.tr("Top right")),
            ("bottom_left", self.tr("Bottom left")),
            ("bottom_right", self.tr("Bottom right")),
        ):
            pos.addItem(label, key)
        self._add(f, self.tr("Position"), "watermark_position", pos)
        self._add(f, self.tr("Opacity"), "watermark_opacity", self._dspin(0, 1, 0.05))

    # ------------------------------------------------------------------ data <-> form
    def reload(self, select: str | None = None) -> None:
        try:
            with Store() as store:
                self.templates = load_templates(store)
        except (StoreError, OSError) as exc:
            self.status.setText(self.tr("Cannot read the templates: {0}").format(exc))
            self.templates = []
        self.list.blockSignals(True)
        self.list.clear()
        for t in self.templates:
            suffix = self.tr(" (built-in)") if t.builtin else ""
            item = QListWidgetItem(t.name + suffix)
            item.setData(Qt.ItemDataRole.UserRole, t.name)
            self.list.addItem(item)
        self.list.blockSignals(False)
        names = [t.name for t in self.templates]
        want = select or (self.current.name if self.current else None)
        if want not in names:
            want = self.project().template.name if self.project().template.name in names else None
        row = names.index(want) if want in names else 0
        if self.templates:
            self.list.setCurrentRow(row)
            self._on_row_changed(row)

    def _on_row_changed(self, row: int) -> None:
        if not 0 <= row < len(self.templates):
            return
        if row != self._row and not self.confirm_leave():
            self.list.blockSignals(True)
            self.list.setCurrentRow(self._row)  # stay on the template being edited
            self.list.blockSignals(False)
            return
        self._row = row
        self.current = clone(self.templates[row])
        self._load_form(self.current)

    # ------------------------------------------------------------------ unsaved edits
    def unsaved(self) -> bool:
        """The form holds edits that are not in the store."""
        if not self._edited or self.current is None or self.current.builtin:
            return False
        row = self.list.currentRow()
        if not 0 <= row < len(self.templates):
            return True
        try:
            tpl = self.form_template()
        except BadInputError:
            return True  # a half-typed value is an edit too
        return to_dict(tpl) != to_dict(self.templates[row])

    def confirm_leave(self) -> bool:
        """Before the form's edits would be lost: ask Save / Discard / Cancel. True: go on."""
        if not self.unsaved():
            return True
        if not self.confirm_discard:
            self._edited = False
            return True
        name = self.current.name if self.current is not None else ""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Unsaved template"),
            self.tr("Save the changes to the template “{0}”?").format(name),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save_current()
        if answer == QMessageBox.StandardButton.Discard:
            self._edited = False
            row = self.list.currentRow()
            if 0 <= row < len(self.templates):  # the form shows the stored template again
                self.current = clone(self.templates[row])
                self._load_form(self.current)
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # a finished field, not a button press (QDialog would press one)
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Escape, Close and the window's close button: ask about unsaved edits first."""
        if not self.confirm_leave():
            return
        self._preview_timer.stop()
        super().reject()

    def _load_form(self, tpl: Template) -> None:
        self._loading = True
        try:
            data = to_dict(tpl)
            for key, w in self._fields.items():
                value: Any = data
                for part in key.split("."):
                    value = value[part]
                if key.endswith("_us"):
                    value = value / 1_000_000
                if isinstance(w, QFontComboBox):
                    w.setCurrentText(str(value))
                elif isinstance(w, QComboBox):
                    set_combo(w, str(value))
                elif isinstance(w, QDoubleSpinBox):
                    w.setValue(float(value))
                elif isinstance(w, QSpinBox):
                    w.setValue(int(value))
                elif isinstance(w, QCheckBox):
                    w.setChecked(bool(value))
                elif isinstance(w, QLineEdit):
                    w.setText(str(value))
                elif isinstance(w, ColorButton):
                    w.set_color(str(value))
            ratio = next(
                (k for k, (w, h) in ASPECTS.items() if w * tpl.height == h * tpl.width), ""
            )
            set_combo(self.aspect, ratio)
            short = min(tpl.width, tpl.height)
            set_combo(self.resolution, next((k for k, v in RESOLUTIONS.items() if v == short), ""))
            editable = not tpl.builtin
            for w in self._fields.values():
                w.setEnabled(editable)
            self.aspect.setEnabled(editable)
            self.resolution.setEnabled(editable)
            self.readonly_note.setVisible(tpl.builtin)
            self.save_button.setEnabled(editable)
            self.delete_button.setEnabled(editable)
            self._edited = False
        finally:
            self._loading = False
        self._check_font()
        self._preview_timer.start()

    def form_template(self) -> Template:
        """The template as the form shows it (BadInputError names a bad field)."""
        assert self.current is not None
        data = to_dict(self.current)
        for key, w in self._fields.items():
            if isinstance(w, QFontComboBox):
                value: Any = w.currentFont().family()
            elif isinstance(w, QComboBox):
                value = w.currentData()
            elif isinstance(w, QDoubleSpinBox):
                value = w.value()
            elif isinstance(w, QSpinBox):
                value = w.value()
            elif isinstance(w, QCheckBox):
                value = w.isChecked()
            elif isinstance(w, QLineEdit):
                value = w.text()
            elif isinstance(w, ColorButton):
                value = w.color()
            else:
                continue
            if key.endswith("_us"):
                value = int(round(float(value) * 1_000_000))
            node = data
            parts = key.split(".")
            for part in parts[:-1]:
                node = node[part]
            node[parts[-1]] = value
        try:
            tpl = from_dict(Template, data)
            tpl.validate("")
        except ValidationError as exc:
            raise BadInputError(str(exc)) from None
        return tpl

    def set_field(self, key: str, value: Any) -> None:
        """Set one form field (as a user would), e.g. ``set_field('caption.size', 90)``."""
        w = self._fields[key]
        if isinstance(w, QComboBox) and not isinstance(w, QFontComboBox):
            set_combo(w, str(value))
            self._on_field_changed()
        elif isinstance(w, QDoubleSpinBox | QSpinBox):
            w.setValue(value)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QLineEdit):
            w.setText(str(value))
        elif isinstance(w, ColorButton):
            w.set_color(str(value))
            self._on_field_changed()

    def _on_field_changed(self, *_args: object) -> None:
        if self._loading or self.current is None or self.current.builtin:
            return
        self._edited = True
        try:
            self.current = self.form_template()
            self.status.setText("")
        except BadInputError as exc:
            self.status.setText(str(exc))
            return
        self._check_font()
        self._preview_timer.start()

    def _on_aspect_changed(self) -> None:
        key = self.aspect.currentData()
        res = self.resolution.currentData()
        if self._loading or not key or not res:
            return
        w, h = canvas_for(key, res)
        width, height = self._fields["width"], self._fields["height"]
        assert isinstance(width, QSpinBox) and isinstance(height, QSpinBox)
        self._loading = True
        width.setValue(w)
        height.setValue(h)
        self._loading = False
        self._on_field_changed()

    def _check_font(self) -> None:
        if self.current is None:
            return
        from ..session.media import choose_font

        family = self.current.caption.font
        try:
            face = choose_font(CJK_SAMPLE + "Aa", family, self.current.caption.bold)
        except BadInputError:
            self.font_check.setText(self.tr("⚠ No installed font can draw Chinese captions."))
            return
        if face.family.lower() == family.lower():
            self.font_check.setText(
                self.tr("✓ {0} draws Chinese and Latin captions.").format(family)
            )
        else:
            self.font_check.setText(
                self.tr("⚠ {0} cannot draw Chinese: {1} will be used for Chinese captions.").format(
                    family, face.family
                )
            )

    def _pick_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Logo image"), "", self.tr("Images (*.png *.jpg *.jpeg *.webp)")
        )
        if path:
            w = self._fields["watermark_image"]
            assert isinstance(w, QLineEdit)
            w.setText(path)

    # ------------------------------------------------------------------ actions
    def _names(self) -> list[str]:
        return [t.name for t in self.templates]

    def new_template(self) -> None:
        if not self.confirm_leave():
            return
        tpl = Template(name=unique_name(self.tr("My template"), self._names(), self._copy_word()))
        self._save(tpl)

    def _copy_word(self) -> str:
        return self.tr("copy", "a template's name suffix: 'Vertical Story copy'")

    def duplicate_current(self) -> None:
        if self.current is None or not self.confirm_leave():
            return
        base = self.templates[self.list.currentRow()] if self.current.builtin else self.current
        self._save(duplicate(base, self._names(), self._copy_word()))

    def save_current(self) -> bool:
        if self.current is None or self.current.builtin:
            return False
        try:
            tpl = self.form_template()
        except BadInputError as exc:
            self.status.setText(str(exc))
            return False
        old = self.templates[self.list.currentRow()].name
        if tpl.name != old and tpl.name in self._names():
            self.status.setText(self.tr("A template named “{0}” already exists.").format(tpl.name))
            return False
        try:
            with Store() as store:
                store.save_template(tpl)
                if tpl.name != old:
                    store.delete_template(old)
        except (StoreError, OSError, ValidationError) as exc:
            self.status.setText(str(exc))
            return False
        self._edited = False
        self.status.setText(self.tr("Saved “{0}”.").format(tpl.name))
        self.reload(tpl.name)
        self.saved.emit(tpl.name)
        return True

    def _save(self, tpl: Template) -> None:
        try:
            with Store() as store:
                store.save_template(tpl)
        except (StoreError, OSError, ValidationError) as exc:
            self.status.setText(str(exc))
            return
        self.reload(tpl.name)

    def delete_current(self) -> None:
        if self.current is None or self.current.builtin:
            return
        self._edited = False  # the template goes, and its edits with it
        name = self.templates[self.list.currentRow()].name
        try:
            with Store() as store:
                store.delete_template(name)
        except (StoreError, OSError) as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(self.tr("Deleted “{0}”.").format(name))
        self.current = None
        self.reload()

    def apply_to_project(self) -> bool:
        if self.current is None:
            return False
        try:
            tpl = self.form_template() if not self.current.builtin else clone(self.current)
        except BadInputError as exc:
            self.status.setText(str(exc))
            return False
        ok = self.bridge.push(TemplateChangeCommand(tpl, "Apply template"))
        if ok:
            self.status.setText(self.tr("The project now uses “{0}”.").format(tpl.name))
        return ok

    def import_file(self, path: str) -> Template | None:
        if not self.confirm_leave():
            return None
        try:
            with Store() as store:
                tpl = import_template(path, store)
        except (BadInputError, StoreError, OSError) as exc:
            self.status.setText(str(exc))
            return None
        self.status.setText(self.tr("Imported “{0}”.").format(tpl.name))
        self.reload(tpl.name)
        return tpl

    def export_file(self, path: str) -> bool:
        if self.current is None:
            return False
        try:
            export_template(self.form_template(), path)
        except (BadInputError, OSError) as exc:
            self.status.setText(str(exc))
            return False
        self.status.setText(self.tr("Wrote {0}").format(path))
        return True

    def _import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import template"), "", self.tr("Template (*.json)")
        )
        if path:
            self.import_file(path)

    def _export_clicked(self) -> None:
        if self.current is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export template"),
            f"{self.current.name}.json",
            self.tr("Template (*.json)"),
        )
        if path:
            self.export_file(path)

    # ------------------------------------------------------------------ preview
    def render_preview(self) -> None:
        if self.current is None:
            return
        if self._job is not None:
            self._pending = True
            return
        project = sample_project(self.current, self.project())
        if self._service is not None:
            self._service.close()
        self._service = PreviewService(Session(project))
        first = next((t for t in project.timeline.tracks if t.kind == "voice" and t.clips), None)
        t = first.clips[0].start_us + first.clips[0].duration_us // 2 if first else 500_000
        scale = min(1.0, 640 / max(1, self.current.height))
        try:
            fn = self._service.frame_job(t, scale)
        except Exception as exc:  # noqa: BLE001 - shown in the preview area
            self._preview_failed(str(exc))
            return
        job = QtJob(self.tr("Template preview"), fn, quiet=True)
        job.signals.succeeded.connect(self._preview_ready)
        job.signals.failed.connect(self._preview_failed)
        job.signals.finished.connect(self._preview_finished)
        self._job = job
        self.runner.start(job)

    def _preview_finished(self) -> None:
        self._job = None
        if self._pending:
            self._pending = False
            self.render_preview()

    def _preview_ready(self, image) -> None:
        q = QImage(
            image.rgb, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888
        ).copy()
        self.last_error = ""
        self.preview.set_image(q)
        self.preview_shown.emit(q)

    def _preview_failed(self, message: str) -> None:
        self.last_error = message
        self.preview.set_image(None)
        self.preview.placeholder = message
        self.preview.update()

    def busy(self) -> bool:
        return self._job is not None or self._pending or self._preview_timer.isActive()

    def closeEvent(self, event) -> None:
        super().closeEvent(event)  # QDialog asks reject(), which asks about unsaved edits
        if event.isAccepted():
            self._preview_timer.stop()
