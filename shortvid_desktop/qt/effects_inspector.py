"""The inspector's Speed and Colour boxes.

Speed (a video clip): a spin box and a slider (0.25x-4x; the slider commits when it is let go),
0.5x/1x/2x presets, Reverse, and Freeze frame (the frame under the playhead, held for two
seconds), for clips on the main track and on overlay tracks (picture-in-picture). Colour:
brightness, contrast, saturation, temperature and vignette sliders and a look (a bundled
``.cube`` or "Load .cube…"), for the selected picture (main or overlay track, stickers too) or
the whole video. Each change is one named command; a slider drag is one undo step
(``StepRuns``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ..core.model import MAX_SPEED, MIN_SPEED, Clip, ColorGrade, Project
from ..core.serial import to_dict
from ..edits.commands.effects import (
    ColorCommand,
    FreezeFrameCommand,
    ReverseCommand,
    SpeedCommand,
)
from ..edits.errors import EditError
from ..session.looks import bundled_looks, lut_problem
from .inspector import StepRuns
from .undo import UndoBridge

LOAD_CUBE = "\x00load"
# slider -> ColorGrade field: (minimum, maximum, divisor)
SLIDERS: dict[str, tuple[int, int, int]] = {
    "brightness": (-50, 50, 100),
    "contrast": (25, 200, 100),
    "saturation": (0, 300, 100),
    "temperature": (2000, 12000, 1),
    "vignette": (0, 100, 100),
}


class EffectsBox(QWidget):
    """Speed and Colour group boxes for the selected clip (Colour: or the whole video)."""

    def __init__(
        self, project_getter: Callable[[], Project], bridge: UndoBridge, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("effectsBox")
        self.project = project_getter
        self.bridge = bridge
        self.clip_id = ""
        self.choose_file: Callable[[], str] = self._ask_file  # "Load .cube…"
        self.playhead_us: Callable[[], int] = self._playhead
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)

        # ---- speed
        self.speed_box = QGroupBox(self.tr("Speed"), self)
        sform = QFormLayout(self.speed_box)
        self.speed = QDoubleSpinBox(self.speed_box)
        self.speed.setObjectName("speed")
        self.speed.setRange(MIN_SPEED, MAX_SPEED)
        self.speed.setSingleStep(0.25)
        self.speed.setDecimals(2)
        self.speed.setSuffix(self.tr("x"))
        self.speed.setKeyboardTracking(False)
        self.speed_slider = QSlider(Qt.Orientation.Horizontal, self.speed_box)
        self.speed_slider.setObjectName("speedSlider")
        self.speed_slider.setRange(int(MIN_SPEED * 100), int(MAX_SPEED * 100))
        self.speed_slider.setTracking(False)  # one command when the handle is let go
        presets = QHBoxLayout()
        self.presets: dict[float, QPushButton] = {}
        for value, label in ((0.5, self.tr("0.5x")), (1.0, self.tr("1x")), (2.0, self.tr("2x"))):
            b = QPushButton(label, self.speed_box)
            b.setObjectName(f"speedPreset{value:g}")
            b.clicked.connect(lambda _=False, v=value: self._set_speed(v))
            presets.addWidget(b)
            self.presets[value] = b
        self.reverse = QCheckBox(self.tr("Reverse (clips up to 30 s)"), self.speed_box)
        self.reverse.setObjectName("reverse")
        self.freeze = QPushButton(self.tr("Freeze frame at the playhead"), self.speed_box)
        self.freeze.setObjectName("freezeFrame")
        sform.addRow(self.tr("Speed"), self.speed)
        sform.addRow("", self.speed_slider)
        sform.addRow("", presets)
        sform.addRow("", self.reverse)
        sform.addRow("", self.freeze)
        outer.addWidget(self.speed_box)

        # ---- colour
        self.color_box = QGroupBox(self.tr("Colour"), self)
        cform = QFormLayout(self.color_box)
        self.target = QComboBox(self.color_box)
        self.target.setObjectName("colorTarget")
        self.target.addItem(self.tr("This clip"), "clip")
        self.target.addItem(self.tr("Whole video"), "video")
        cform.addRow(self.tr("Apply to"), self.target)
        labels = {
            "brightness": self.tr("Brightness"),
            "contrast": self.tr("Contrast"),
            "saturation": self.tr("Saturation"),
            "temperature": self.tr("Temperature"),
            "vignette": self.tr("Vignette"),
        }
        self.sliders: dict[str, QSlider] = {}
        for name, (lo, hi, _div) in SLIDERS.items():
            s = QSlider(Qt.Orientation.Horizontal, self.color_box)
            s.setObjectName(f"color_{name}")
            s.setRange(lo, hi)
            if name == "temperature":
                s.setSingleStep(100)
                s.setPageStep(500)
                s.setInvertedAppearance(True)  # warmer (fewer kelvin) to the right
            s.valueChanged.connect(lambda _v, n=name: self._on_slider(n))
            cform.addRow(labels[name], s)
            self.sliders[name] = s
        self.look = QComboBox(self.color_box)
        self.look.setObjectName("look")
        self.look.activated.connect(self._on_look)
        cform.addRow(self.tr("Look"), self.look)
        self.reset = QPushButton(self.tr("Reset colour"), self.color_box)
        self.reset.setObjectName("resetColour")
        self.reset.clicked.connect(lambda: self._push_color(ColorGrade()))
        cform.addRow("", self.reset)
        outer.addWidget(self.color_box)

        self.runs = StepRuns(bridge, lambda: None, self)
        self.runs.watch(*self.sliders.values())
        self.speed.valueChanged.connect(self._set_speed)
        self.speed_slider.valueChanged.connect(lambda v: self._set_speed(v / 100))
        self.reverse.toggled.connect(self._on_reverse)
        self.freeze.clicked.connect(self._on_freeze)
        self.target.currentIndexChanged.connect(lambda _i: self.refresh())
        bridge.changed.connect(lambda *_: self.refresh())
        self.refresh()

    # ------------------------------------------------------------------ look-ups
    def look_labels(self) -> dict[str, str]:
        return {
            "warm": self.tr("Warm"),
            "cool": self.tr("Cool"),
            "film": self.tr("Film"),
            "mono": self.tr("Mono"),
            "vivid": self.tr("Vivid"),
        }

    def _clip(self) -> tuple[str, Clip, str] | None:
        """(track kind, clip, asset kind) of the one selected picture clip (main track or an
        overlay track: stickers and picture-in-picture clips; not text)."""
        if not self.clip_id:
            return None
        project = self.project()
        found = project.timeline.find_clip(self.clip_id)
        if found is None or found[0].kind not in ("video", "overlay"):
            return None
        asset = project.assets.get(found[1].asset_id)
        if asset is None or asset.kind not in ("image", "video"):
            return None
        return found[0].kind, found[1], asset.kind

    def _video_target(self) -> bool:
        return self._clip() is None or self.target.currentData() == "video"

    def grade(self) -> ColorGrade:
        """The look the Colour box edits now."""
        found = self._clip()
        if self._video_target() or found is None:
            return self.project().template.color
        return found[1].color

    def set_clips(self, clip_ids: list[str]) -> None:
        self.clip_id = clip_ids[0] if len(clip_ids) == 1 else ""
        self.target.blockSignals(True)
        self.target.setCurrentIndex(0 if self._clip() is not None else 1)
        self.target.blockSignals(False)
        self.refresh()

    # ------------------------------------------------------------------ model -> widgets
    def refresh(self) -> None:
        found = self._clip()
        video = found is not None and found[2] == "video"
        self.speed_box.setVisible(video)
        # (main-track and overlay clips alike: picture-in-picture reverses and freezes too)
        self.reverse.setVisible(video)
        self.freeze.setVisible(video)
        self.target.setEnabled(found is not None)
        widgets: list[QWidget] = [self.speed, self.speed_slider, self.reverse, self.look]
        widgets += list(self.sliders.values())
        for w in widgets:
            w.blockSignals(True)
        try:
            if video and found is not None:
                clip = found[1]
                self.speed.setValue(clip.speed)
                self.speed_slider.setValue(int(round(clip.speed * 100)))
                self.reverse.setChecked(clip.reverse)
                for w in (self.speed, self.speed_slider, self.reverse, *self.presets.values()):
                    w.setEnabled(not clip.freeze)
            grade = self.grade()
            for name, (_lo, _hi, div) in SLIDERS.items():
                self.sliders[name].setValue(int(round(getattr(grade, name) * div)))
            self._fill_looks(grade.lut)
        finally:
            for w in widgets:
                w.blockSignals(False)

    def _fill_looks(self, current: str) -> None:
        self.look.clear()
        self.look.addItem(self.tr("None"), "")
        labels = self.look_labels()
        for name in bundled_looks():
            self.look.addItem(labels.get(name, name), name)
        if current and self.look.findData(current) < 0:
            self.look.addItem(current.replace("\\", "/").rsplit("/", 1)[-1], current)
        self.look.addItem(self.tr("Load .cube…"), LOAD_CUBE)
        self.look.setCurrentIndex(max(0, self.look.findData(current)))

    # ------------------------------------------------------------------ widgets -> commands
    def _push(self, make: Callable[[], Any]) -> bool:
        try:
            command = make()
        except EditError as exc:
            self.bridge.error.emit(str(exc))
            self.refresh()
            return False
        if not self.bridge.push(command):
            self.refresh()
            return False
        return True

    def _set_speed(self, value: float) -> None:
        found = self._clip()
        if found is None or abs(found[1].speed - value) < 1e-9:
            self.refresh()
            return
        self._push(lambda: SpeedCommand(self.project(), self.clip_id, float(value)))

    def _on_reverse(self, on: bool) -> None:
        if self._clip() is not None:
            self._push(lambda: ReverseCommand(self.project(), self.clip_id, on))

    def _playhead(self) -> int:
        playhead = getattr(self.window(), "playhead", None)
        return int(playhead.position) if playhead is not None else 0

    def _on_freeze(self) -> None:
        if self._clip() is not None:
            at = self.playhead_us()
            self._push(lambda: FreezeFrameCommand(self.project(), self.clip_id, at))

    def _push_color(self, grade: ColorGrade) -> None:
        clip_id = "" if self._video_target() else self.clip_id
        if to_dict(grade) != to_dict(self.grade()):
            self._push(lambda: ColorCommand(clip_id, grade))

    def _on_slider(self, name: str) -> None:
        _lo, _hi, div = SLIDERS[name]
        value = self.sliders[name].value()
        data = to_dict(self.grade())
        data[name] = value if div == 1 else value / div
        self._push_color(ColorGrade(**data))

    def _on_look(self, index: int) -> None:
        value = self.look.itemData(index)
        if value == LOAD_CUBE:
            path = self.choose_file()
            if not path:
                self.refresh()
                return
            problem = lut_problem(path)
            if problem:
                self.bridge.error.emit(self.tr("This look cannot be used: {0}").format(problem))
                self.refresh()
                return
            value = path
        data = to_dict(self.grade())
        data["lut"] = str(value or "")
        self.bridge.break_merge()  # a new look is its own step
        self._push_color(ColorGrade(**data))
        self.bridge.break_merge()

    def _ask_file(self) -> str:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Load a .cube look"), "", self.tr("3D LUT (*.cube)")
        )
        return path
