"""Inspector: the properties of the selected clips, or of the project when none is selected.

Every change is a command: one slider drag, or one run of arrow-key steps on the same slider
(until focus leaves it), merges into one undo step (``StepRuns``; ClipPropertyCommand merges);
for several clips the run's last step is undone and pushed again, so the whole run is still one
step. "Caption style (whole video)" is the template's; the scene group holds the
voice and the caption look of the scene(s) the selected clips belong to: each field changed there
overrides the template for those scenes (SceneCaptionStyleCommand, merged while a slider is
dragged) until "Reset to template".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.model import (
    CaptionPosition,
    CaptionStyle,
    Clip,
    FitMode,
    KenBurns,
    KenBurnsMode,
    Project,
    Scene,
    TransitionKind,
)
from ..core.timebase import US_PER_SECOND, fmt_time
from ..edits import (
    ClipPropertyCommand,
    ProjectPropertyCommand,
    SceneCaptionStyleCommand,
    SceneEditCommand,
    TemplatePropertyCommand,
)
from .jobs import JobRunner
from .sound_inspector import SoundBox
from .undo import UndoBridge
from .voice_picker import VoicePicker

# the choices offered are the model's own
FIT_MODES: tuple[str, ...] = get_args(FitMode)
KB_MODES: tuple[str, ...] = get_args(KenBurnsMode)
TRANSITIONS: tuple[str, ...] = get_args(TransitionKind)
POSITIONS: tuple[str, ...] = get_args(CaptionPosition)


def labels_fit() -> dict[str, str]:
    return {
        "fill": QCoreApplication.translate("Labels", "Fill (crop)"),
        "fit_blur": QCoreApplication.translate("Labels", "Fit, blurred sides"),
        "fit_pad": QCoreApplication.translate("Labels", "Fit, bars"),
    }


def labels_kb() -> dict[str, str]:
    return {
        "none": QCoreApplication.translate("Labels", "None"),
        "zoom_in": QCoreApplication.translate("Labels", "Zoom in"),
        "zoom_out": QCoreApplication.translate("Labels", "Zoom out"),
        "pan_left": QCoreApplication.translate("Labels", "Pan left"),
        "pan_right": QCoreApplication.translate("Labels", "Pan right"),
        "pan_up": QCoreApplication.translate("Labels", "Pan up"),
        "pan_down": QCoreApplication.translate("Labels", "Pan down"),
    }


def labels_transition() -> dict[str, str]:
    return {
        "cut": QCoreApplication.translate("Labels", "Cut"),
        "fade": QCoreApplication.translate("Labels", "Crossfade"),
        "fadeblack": QCoreApplication.translate("Labels", "Fade through black"),
        "fadewhite": QCoreApplication.translate("Labels", "Fade through white"),
        "slideleft": QCoreApplication.translate("Labels", "Slide left"),
        "slideright": QCoreApplication.translate("Labels", "Slide right"),
        "slideup": QCoreApplication.translate("Labels", "Slide up"),
        "slidedown": QCoreApplication.translate("Labels", "Slide down"),
        "wipeleft": QCoreApplication.translate("Labels", "Wipe left"),
        "wiperight": QCoreApplication.translate("Labels", "Wipe right"),
        "zoomin": QCoreApplication.translate("Labels", "Zoom in"),
    }


def labels_position() -> dict[str, str]:
    return {
        "bottom": QCoreApplication.translate("Labels", "Bottom"),
        "middle": QCoreApplication.translate("Labels", "Middle"),
        "top": QCoreApplication.translate("Labels", "Top"),
    }


def combo(parent: QWidget, items: dict[str, str]) -> QComboBox:
    box = QComboBox(parent)
    for key, label in items.items():
        box.addItem(label, key)
    return box


def set_combo(box: QComboBox, key: str) -> None:
    i = box.findData(key)
    box.blockSignals(True)
    box.setCurrentIndex(max(0, i))
    box.blockSignals(False)


class ColorButton(QPushButton):
    color_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._color = "#FFFFFF"
        self.clicked.connect(self._pick)
        self.setFixedWidth(112)

    def set_color(self, value: str) -> None:
        self._color = value
        rgb = value[:7]
        self.setText(value)
        dark = QColor(rgb).lightness() < 128
        self.setStyleSheet(f"background:{rgb}; color:{'#fff' if dark else '#000'};")

    def color(self) -> str:
        return self._color

    def _pick(self) -> None:
        alpha = len(self._color) == 9
        start = QColor(self._color[:7])
        if alpha:
            start.setAlpha(int(self._color[7:9], 16))
        opts = QColorDialog.ColorDialogOption.ShowAlphaChannel if alpha else None
        chosen = (
            QColorDialog.getColor(start, self, "", opts)
            if opts
            else QColorDialog.getColor(start, self)
        )
        if chosen.isValid():
            value = chosen.name(QColor.NameFormat.HexRgb).upper()
            if alpha:
                value += f"{chosen.alpha():02X}"
            self.set_color(value)
            self.color_changed.emit(value)


class StepRuns(QObject):
    """Groups a control's value steps into one undo step: a mouse gesture (press to release:
    a drag, a click that jumps, a held arrow) or a run of key or wheel steps on the same control,
    until focus leaves it or another watched control is used. Edits made outside a run break the
    merge at once (see ``active``)."""

    def __init__(
        self, bridge: UndoBridge, on_end: Callable[[], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.on_end = on_end
        self.active: QObject | None = None

    def watch(self, *widgets: QWidget) -> None:
        for w in widgets:
            w.installEventFilter(self)
            if isinstance(w, QSlider):  # after the handle's last move is in
                w.sliderReleased.connect(lambda w=w: self._released(w))

    def _released(self, widget: QWidget) -> None:
        if self.active is widget:
            self.end()

    def end(self) -> None:
        self.active = None
        self.bridge.break_merge()
        self.on_end()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            self.end()  # each mouse gesture is its own step
            self.active = obj
        elif kind in (QEvent.Type.KeyPress, QEvent.Type.Wheel):
            if self.active is not obj:
                self.end()
                self.active = obj
        elif kind == QEvent.Type.MouseButtonRelease and self.active is obj:
            if not (isinstance(obj, QSlider) and obj.isSliderDown()):
                self.end()  # a click on the groove or a spin arrow (a drag ends on sliderReleased)
        elif kind == QEvent.Type.FocusOut and self.active is obj:
            self.end()
        return False


class Inspector(QScrollArea):
    transition_requested = Signal(str, str, int)  # clip id, kind, duration us

    def __init__(
        self,
        project_getter: Callable[[], Project],
        bridge: UndoBridge,
        parent=None,
        runner: JobRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project_getter
        self.bridge = bridge
        self.runner = runner or getattr(parent, "runner", None) or JobRunner(self)
        self.clip_ids: list[str] = []
        self._multi_key: tuple | None = None
        self._multi_index = -1
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(self)
        self.setWidget(body)
        self.title = QLabel(self.tr("Nothing selected"), body)
        self.title.setWordWrap(True)

        # ---- clip
        self.clip_box = QGroupBox(self.tr("Clip"), body)
        form = QFormLayout(self.clip_box)
        self.fit = combo(self.clip_box, labels_fit())
        self.kb_mode = combo(self.clip_box, labels_kb())
        self.kb_amount = QSlider(Qt.Orientation.Horizontal, self.clip_box)
        self.kb_amount.setRange(0, 50)
        self.trans_kind = combo(self.clip_box, labels_transition())
        self.trans_len = QDoubleSpinBox(self.clip_box)
        self.trans_len.setRange(0.0, 5.0)
        self.trans_len.setSingleStep(0.1)
        self.trans_len.setSuffix(self.tr(" s"))
        self.volume = QSlider(Qt.Orientation.Horizontal, self.clip_box)
        self.volume.setRange(0, 400)
        self.volume_label = QLabel("100%", self.clip_box)
        self.focus_x = QSlider(Qt.Orientation.Horizontal, self.clip_box)
        self.focus_x.setRange(0, 100)
        self.focus_y = QSlider(Qt.Orientation.Horizontal, self.clip_box)
        self.focus_y.setRange(0, 100)
        self.text = QPlainTextEdit(self.clip_box)
        self.text.setMaximumHeight(70)
        self.text.setPlaceholderText(self.tr("Caption or overlay text"))
        form.addRow(self.tr("Fit"), self.fit)
        form.addRow(self.tr("Ken Burns"), self.kb_mode)
        form.addRow(self.tr("Motion amount"), self.kb_amount)
        form.addRow(self.tr("Focus X"), self.focus_x)
        form.addRow(self.tr("Focus Y"), self.focus_y)
        form.addRow(self.tr("Transition in"), self.trans_kind)
        form.addRow(self.tr("Transition length"), self.trans_len)
        form.addRow(self.tr("Volume"), self.volume)
        form.addRow("", self.volume_label)
        form.addRow(self.tr("Text"), self.text)

        # ---- project
        self.project_box = QGroupBox(self.tr("Project"), body)
        pform = QFormLayout(self.project_box)
        self.project_title = QLineEdit(self.project_box)
        self.canvas_label = QLabel("", self.project_box)
        self.project_voice = VoicePicker(
            self.runner, self.tr("(best offline voice)"), self.project_box, two_rows=True
        )
        pform.addRow(self.tr("Title"), self.project_title)
        pform.addRow(self.tr("Canvas"), self.canvas_label)
        pform.addRow(self.tr("Voice"), self.project_voice)

        # ---- the selected clips' scene(s): voice and caption overrides
        self.scene_box = QGroupBox(self.tr("Scene"), body)
        sform = QFormLayout(self.scene_box)
        self.scene_voice = VoicePicker(
            self.runner, self.tr("(project voice)"), self.scene_box, two_rows=True
        )
        self.sc_state = QLabel("", self.scene_box)
        self.sc_state.setWordWrap(True)
        self.sc_state.setObjectName("hint")
        self.sc_size = QSlider(Qt.Orientation.Horizontal, self.scene_box)
        self.sc_size.setRange(8, 300)
        self.sc_size_label = QLabel("", self.scene_box)
        self.sc_color = ColorButton(self.scene_box)
        self.sc_highlight = ColorButton(self.scene_box)
        self.sc_outline = QSlider(Qt.Orientation.Horizontal, self.scene_box)
        self.sc_outline.setRange(0, 80)  # half pixels
        self.sc_position = combo(self.scene_box, labels_position())
        self.sc_box = QCheckBox(self.tr("Background box"), self.scene_box)
        self.sc_reset = QPushButton(self.tr("Reset to template"), self.scene_box)
        self.sc_reset.setToolTip(self.tr("Drop this scene's caption overrides"))
        size_row = QWidget(self.scene_box)
        size_layout = QHBoxLayout(size_row)
        size_layout.setContentsMargins(0, 0, 0, 0)
        size_layout.addWidget(self.sc_size, 1)
        size_layout.addWidget(self.sc_size_label)
        sform.addRow(self.tr("Voice"), self.scene_voice)
        sform.addRow(self.tr("Captions"), self.sc_state)
        sform.addRow(self.tr("Size"), size_row)
        sform.addRow(self.tr("Colour"), self.sc_color)
        sform.addRow(self.tr("Highlight"), self.sc_highlight)
        sform.addRow(self.tr("Outline"), self.sc_outline)
        sform.addRow(self.tr("Position"), self.sc_position)
        sform.addRow("", self.sc_box)
        sform.addRow("", self.sc_reset)

        # ---- caption style (template)
        self.caption_box = QGroupBox(self.tr("Caption style (whole video)"), body)
        cform = QFormLayout(self.caption_box)
        self.cap_size = QSpinBox(self.caption_box)
        self.cap_size.setRange(8, 400)
        self.cap_color = ColorButton(self.caption_box)
        self.cap_highlight = ColorButton(self.caption_box)
        self.cap_outline = QDoubleSpinBox(self.caption_box)
        self.cap_outline.setRange(0, 40)
        self.cap_position = combo(self.caption_box, labels_position())
        self.cap_box = QCheckBox(self.tr("Background box"), self.caption_box)
        self.cap_karaoke = QCheckBox(self.tr("Highlight the spoken word"), self.caption_box)
        cform.addRow(self.tr("Size"), self.cap_size)
        cform.addRow(self.tr("Colour"), self.cap_color)
        cform.addRow(self.tr("Highlight"), self.cap_highlight)
        cform.addRow(self.tr("Outline"), self.cap_outline)
        cform.addRow(self.tr("Position"), self.cap_position)
        cform.addRow("", self.cap_box)
        cform.addRow("", self.cap_karaoke)

        layout = QVBoxLayout(body)
        layout.addWidget(self.title)
        layout.addWidget(self.clip_box)
        self.sound_box = SoundBox(project_getter, bridge, body)  # fades, music fit
        layout.addWidget(self.sound_box)
        from .effects_inspector import EffectsBox  # (it imports StepRuns from here)

        self.effects_box = EffectsBox(project_getter, bridge, body)  # speed, colour
        layout.addWidget(self.effects_box)
        from .transform_inspector import TransformBox

        playhead = getattr(parent, "playhead", None)  # placement at the playhead, keyframes
        self.transform_box = TransformBox(project_getter, bridge, playhead, body)
        layout.addWidget(self.transform_box)
        from .text_inspector import TextItemBox  # text items' style and animations

        self.text_box = TextItemBox(project_getter, bridge, body)
        layout.addWidget(self.text_box)
        layout.addWidget(self.scene_box)
        layout.addWidget(self.project_box)
        layout.addWidget(self.caption_box)
        layout.addStretch(1)

        self.runs = StepRuns(bridge, self._end_multi, self)
        self.runs.watch(
            self.kb_amount,
            self.focus_x,
            self.focus_y,
            self.volume,
            self.sc_size,
            self.sc_outline,
            self.cap_size,
            self.cap_outline,
        )

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(400)
        self._text_timer.timeout.connect(self._commit_text)

        self.fit.currentIndexChanged.connect(lambda: self._clip_change(fit=self.fit.currentData()))
        self.kb_mode.currentIndexChanged.connect(self._on_kb_changed)
        self.kb_amount.valueChanged.connect(self._on_kb_changed)
        self.focus_x.valueChanged.connect(self._on_focus_changed)
        self.focus_y.valueChanged.connect(self._on_focus_changed)
        self.volume.valueChanged.connect(self._on_volume_changed)
        self.trans_kind.currentIndexChanged.connect(self._on_transition_changed)
        self.trans_len.editingFinished.connect(self._on_transition_changed)
        self.text.textChanged.connect(self._text_timer.start)
        self.project_title.editingFinished.connect(self._on_title_edited)
        self.cap_size.valueChanged.connect(lambda v: self._template("caption.size", v))
        self.cap_color.color_changed.connect(lambda v: self._template("caption.color", v))
        self.cap_highlight.color_changed.connect(
            lambda v: self._template("caption.highlight_color", v)
        )
        self.cap_outline.valueChanged.connect(lambda v: self._template("caption.outline", v))
        self.cap_position.currentIndexChanged.connect(
            lambda: self._template("caption.position", self.cap_position.currentData())
        )
        self.cap_box.toggled.connect(lambda v: self._template("caption.box", v))
        self.cap_karaoke.toggled.connect(lambda v: self._template("caption.karaoke", v))
        self.project_voice.voice_chosen.connect(self._on_project_voice)
        self.scene_voice.voice_chosen.connect(self._on_scene_voice)
        for picker in (self.project_voice, self.scene_voice):
            picker.preview_failed.connect(
                lambda m: self.bridge.error.emit(self.tr("Voice preview failed: {0}").format(m))
            )
        self.sc_size.valueChanged.connect(self._on_sc_size)
        self.sc_outline.valueChanged.connect(self._on_sc_outline)
        self.sc_color.color_changed.connect(lambda v: self._scene_caption(color=v))
        self.sc_highlight.color_changed.connect(lambda v: self._scene_caption(highlight_color=v))
        self.sc_position.currentIndexChanged.connect(
            lambda: self._scene_caption(position=self.sc_position.currentData())
        )
        self.sc_box.toggled.connect(lambda v: self._scene_caption(box=v))
        self.sc_reset.clicked.connect(self._on_sc_reset)
        bridge.changed.connect(self._on_bridge_changed)
        self.refresh()

    # ------------------------------------------------------------------ model -> widgets
    def set_clips(self, clip_ids: list[str]) -> None:
        self._commit_text()
        self.clip_ids = list(clip_ids)
        self._multi_key = None
        self.refresh()
        self.sound_box.set_clips(self.clip_ids)
        self.effects_box.set_clips(self.clip_ids)
        self.transform_box.set_clips(self.clip_ids)
        self.text_box.set_clips(self.clip_ids)

    def _on_bridge_changed(self, _event: object) -> None:
        self.refresh()

    def _clips(self) -> list[tuple[str, Clip]]:
        out = []
        for cid in self.clip_ids:
            found = self.project().timeline.find_clip(cid)
            if found is not None:
                out.append((found[0].kind, found[1]))
        return out

    def refresh(self) -> None:
        project = self.project()
        clips = self._clips()
        widgets: list[Any] = [
            self.fit,
            self.kb_mode,
            self.kb_amount,
            self.trans_kind,
            self.trans_len,
            self.volume,
            self.focus_x,
            self.focus_y,
            self.text,
            self.project_title,
            self.cap_size,
            self.cap_outline,
            self.cap_box,
            self.cap_karaoke,
            self.sc_size,
            self.sc_outline,
            self.sc_position,
            self.sc_box,
        ]
        for w in widgets:
            w.blockSignals(True)
        try:
            self.clip_box.setVisible(bool(clips))
            self.project_box.setVisible(not clips)
            self._refresh_scene(project)
            if clips:
                kind, clip = clips[0]
                name = clip.text[:30] if clip.text else clip.asset_id
                asset = project.assets.get(clip.asset_id)
                if asset is not None:
                    name = asset.path.rsplit("/", 1)[-1]
                if len(clips) == 1:
                    self.title.setText(
                        self.tr("{0} — {1} to {2}").format(
                            name, fmt_time(clip.start_us), fmt_time(clip.end_us)
                        )
                    )
                else:
                    self.title.setText(self.tr("{0} clips selected").format(len(clips)))
                visual = kind in ("video", "overlay") and bool(clip.asset_id)
                for w in (self.fit, self.kb_mode, self.kb_amount, self.focus_x, self.focus_y):
                    w.setEnabled(visual)
                self.trans_kind.setEnabled(kind == "video" and len(clips) == 1)
                self.trans_len.setEnabled(kind == "video" and len(clips) == 1)
                self.text.setEnabled(kind in ("overlay", "voice") and len(clips) == 1)
                set_combo(self.fit, clip.fit)
                set_combo(self.kb_mode, clip.ken_burns.mode)
                self.kb_amount.setValue(int(round(clip.ken_burns.amount * 100)))
                self.focus_x.setValue(int(round(clip.focus_x * 100)))
                self.focus_y.setValue(int(round(clip.focus_y * 100)))
                set_combo(self.trans_kind, clip.transition_in.kind)
                from ..session.editing import transition_overlap

                self.trans_len.setValue(transition_overlap(project, clip.id) / US_PER_SECOND)
                self.volume.setValue(int(round(clip.volume * 100)))
                self.volume_label.setText(f"{int(round(clip.volume * 100))}%")
                if self.text.toPlainText() != clip.text and not self.text.hasFocus():
                    self.text.setPlainText(clip.text)
            else:
                self.title.setText(self.tr("Project"))
                if not self.project_title.hasFocus():
                    self.project_title.setText(project.title)
                tpl = project.template
                self.canvas_label.setText(
                    self.tr("{0}×{1}, {2} fps, {3}").format(
                        tpl.width, tpl.height, tpl.fps, tpl.name
                    )
                )
                if not _editing(self.project_voice):
                    self.project_voice.set_voice(project.voice, project.language)
            cap = project.template.caption
            self.cap_size.setValue(cap.size)
            self.cap_color.set_color(cap.color)
            self.cap_highlight.set_color(cap.highlight_color)
            self.cap_outline.setValue(cap.outline)
            set_combo(self.cap_position, cap.position)
            self.cap_box.setChecked(cap.box)
            self.cap_karaoke.setChecked(cap.karaoke)
        finally:
            for w in widgets:
                w.blockSignals(False)

    def scenes(self) -> list[Scene]:
        """The scenes the selected clips belong to (script order)."""
        wanted = {c.scene_id for _, c in self._clips() if c.scene_id}
        return [sc for sc in self.project().script.scenes if sc.id in wanted]

    def _refresh_scene(self, project: Project) -> None:
        scenes = self.scenes()
        self.scene_box.setVisible(bool(scenes))
        if not scenes:
            return
        first = scenes[0]
        index = project.script.scenes.index(first) + 1
        if len(scenes) == 1:
            self.scene_box.setTitle(self.tr("Scene {0}").format(index))
        else:
            self.scene_box.setTitle(self.tr("{0} scenes").format(len(scenes)))
        if not _editing(self.scene_voice):
            self.scene_voice.set_voice(first.voice, project.language)
        look = self.scene_style(first)
        self.sc_size.setValue(look.size)
        self.sc_size_label.setText(str(look.size))
        self.sc_color.set_color(look.color)
        self.sc_highlight.set_color(look.highlight_color)
        self.sc_outline.setValue(int(round(look.outline * 2)))
        set_combo(self.sc_position, look.position)
        self.sc_box.setChecked(look.box)
        own = first.caption_style.fields_set() if first.caption_style is not None else {}
        if own:
            names = {
                "size": self.tr("size"),
                "color": self.tr("colour"),
                "highlight_color": self.tr("highlight"),
                "outline_color": self.tr("outline colour"),
                "outline": self.tr("outline"),
                "box": self.tr("box"),
                "box_color": self.tr("box colour"),
                "position": self.tr("position"),
            }
            self.sc_state.setText(
                self.tr("Own style: {0}").format(", ".join(names.get(k, k) for k in own))
            )
        else:
            self.sc_state.setText(self.tr("Follows the template"))
        self.sc_reset.setEnabled(any(sc.caption_style is not None for sc in scenes))

    def scene_style(self, scene: Scene) -> CaptionStyle:
        """The caption look of ``scene``: its overrides over the template's style."""
        base = self.project().template.caption
        return scene.caption_style.apply_to(base) if scene.caption_style is not None else base

    # ------------------------------------------------------------------ widgets -> commands
    def _scene_caption(self, **changes: Any) -> None:
        ids = [sc.id for sc in self.scenes()]
        if ids:
            self.bridge.push(SceneCaptionStyleCommand(ids, **changes))

    def _after_step(self) -> None:
        """A value change outside a drag or key run is its own undo step."""
        if self.runs.active is None:
            self.bridge.break_merge()

    def _on_sc_size(self, value: int) -> None:
        self.sc_size_label.setText(str(value))
        self._scene_caption(size=value)
        self._after_step()

    def _on_sc_outline(self, value: int) -> None:
        self._scene_caption(outline=value / 2)
        self._after_step()

    def _on_sc_reset(self) -> None:
        ids = [sc.id for sc in self.scenes() if sc.caption_style is not None]
        if ids:
            self.bridge.break_merge()
            self.bridge.push(SceneCaptionStyleCommand(ids, reset=True))

    def _on_project_voice(self, spec: str) -> None:
        if spec != self.project().voice:
            self.bridge.break_merge()
            self.bridge.push(ProjectPropertyCommand(voice=spec))

    def _on_scene_voice(self, spec: str) -> None:
        scenes = [sc for sc in self.scenes() if sc.voice != spec]
        if not scenes:
            return
        self.bridge.break_merge()
        if len(scenes) == 1:
            self.bridge.push(SceneEditCommand(scenes[0].id, voice=spec))
        else:
            self.bridge.push_all(
                "Edit scene", [SceneEditCommand(sc.id, voice=spec) for sc in scenes]
            )

    def _clip_change(self, **changes: Any) -> None:
        ids = [c.id for _, c in self._clips()]
        if not ids:
            return
        if len(ids) == 1:
            self.bridge.push(ClipPropertyCommand(ids[0], **changes))
            return
        stack = self.bridge.stack
        key = (tuple(ids), tuple(sorted(changes)))
        if (
            self._multi_key == key
            and stack.index == self._multi_index
            and stack.can_undo
            and stack.undo_text == "Change clips"
        ):
            stack.undo()  # the previous step of this same drag: replace it
        if self.bridge.push_all(
            "Change clips", [ClipPropertyCommand(cid, **changes) for cid in ids]
        ):
            self._multi_key, self._multi_index = key, stack.index
            if self.runs.active is None:
                self._end_multi()
                self.bridge.break_merge()

    def _end_multi(self) -> None:
        self._multi_key = None

    def _on_kb_changed(self, *_args: object) -> None:
        clips = self._clips()
        if not clips:
            return
        kb = KenBurns(
            self.kb_mode.currentData(),
            self.kb_amount.value() / 100,
            clips[0][1].ken_burns.easing,
        )
        self._clip_change(ken_burns=kb)
        self._after_step()

    def _on_focus_changed(self, *_args: object) -> None:
        self._clip_change(focus=(self.focus_x.value() / 100, self.focus_y.value() / 100))
        self._after_step()

    def _on_volume_changed(self, value: int) -> None:
        self.volume_label.setText(f"{value}%")
        self._clip_change(volume=value / 100)
        self._after_step()

    def _on_transition_changed(self, *_args: object) -> None:
        clips = self._clips()
        if len(clips) != 1:
            return
        clip = clips[0][1]
        kind = str(self.trans_kind.currentData())
        length = int(round(self.trans_len.value() * US_PER_SECOND))
        if kind != "cut" and length == 0:
            length = 500_000
        self.transition_requested.emit(clip.id, kind, length)

    def _commit_text(self) -> None:
        self._text_timer.stop()
        clips = self._clips()
        if len(clips) != 1 or not self.text.isEnabled():
            return
        value = self.text.toPlainText()
        if value != clips[0][1].text:
            self.bridge.push(ClipPropertyCommand(clips[0][1].id, text=value))

    def _on_title_edited(self) -> None:
        value = self.project_title.text().strip()
        if value and value != self.project().title:
            self.bridge.push(ProjectPropertyCommand(title=value))

    def _template(self, path: str, value: Any) -> None:
        self.bridge.push(TemplatePropertyCommand(path, value))
        self._after_step()


def _editing(picker: VoicePicker) -> bool:
    """True while the user types in the picker (a refresh must not overwrite it)."""
    line = picker.combo.lineEdit()
    return line is not None and line.hasFocus()
