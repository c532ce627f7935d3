"""The inspector's Placement box: a picture's position, scale, rotation and opacity at the
playhead (as the canvas shows them) and its keyframes: add or remove the keyframe at the
playhead, jump to the previous or next one. Each change is one named command; steps on the same
field merge into one undo step (ClipTransformCommand merges by clip, field and time)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from ..core.model import Clip, Project, Transform
from ..edits.commands.transform import (
    ClipTransformCommand,
    KeyframeAddCommand,
    KeyframeEasingCommand,
    KeyframeRemoveCommand,
)
from .undo import UndoBridge

VISUAL = ("video", "overlay")


class TransformBox(QGroupBox):
    def __init__(
        self,
        project_getter: Callable[[], Project],
        bridge: UndoBridge,
        playhead,
        parent: QWidget,
    ) -> None:
        super().__init__(self.tr("Placement and keyframes"), parent)
        self.setObjectName("transformBox")
        self.project = project_getter
        self.bridge = bridge
        self.playhead = playhead
        self.clip_id = ""
        form = QFormLayout(self)
        self.x = self._spin("placeX", -100, 200, "%")
        self.y = self._spin("placeY", -100, 200, "%")
        self.scale = self._spin("placeScale", 5, 1000, "%")
        self.rotation = self._spin("placeRotation", -3600, 3600, "°")
        self.opacity = self._spin("placeOpacity", 0, 100, "%")
        form.addRow(self.tr("Position X"), self.x)
        form.addRow(self.tr("Position Y"), self.y)
        form.addRow(self.tr("Scale"), self.scale)
        form.addRow(self.tr("Rotation"), self.rotation)
        form.addRow(self.tr("Opacity"), self.opacity)
        row = QHBoxLayout()
        self.prev_key = QPushButton("◀", self)
        self.prev_key.setObjectName("prevKeyframe")
        self.prev_key.setToolTip(self.tr("Previous keyframe"))
        self.add_key = QPushButton(self.tr("Add keyframe"), self)
        self.add_key.setObjectName("addKeyframe")
        self.remove_key = QPushButton(self.tr("Remove keyframe"), self)
        self.remove_key.setObjectName("removeKeyframe")
        self.next_key = QPushButton("▶", self)
        self.next_key.setObjectName("nextKeyframe")
        self.next_key.setToolTip(self.tr("Next keyframe"))
        for b in (self.prev_key, self.add_key, self.remove_key, self.next_key):
            row.addWidget(b)
        form.addRow(row)
        self.keys_label = QLabel(self)
        form.addRow(self.tr("Keyframes"), self.keys_label)
        self.easing = QComboBox(self)
        self.easing.setObjectName("keyframeEasing")
        self.easing.addItem(self.tr("Linear"), "linear")
        self.easing.addItem(self.tr("Ease in and out"), "ease_in_out")
        self.easing.setToolTip(self.tr("How this keyframe runs on to the next"))
        form.addRow(self.tr("To the next"), self.easing)
        self.easing.currentIndexChanged.connect(self._on_easing)
        for name, spin in self._fields().items():
            spin.valueChanged.connect(lambda _v, n=name: self._on_field(n))
        self.add_key.clicked.connect(self._add)
        self.remove_key.clicked.connect(self._remove)
        self.prev_key.clicked.connect(lambda: self._jump(-1))
        self.next_key.clicked.connect(lambda: self._jump(1))
        bridge.changed.connect(lambda *_: self.refresh())
        if playhead is not None:
            playhead.moved.connect(lambda *_: self.refresh())
        self.refresh()

    def _spin(self, name: str, lo: float, hi: float, suffix: str) -> QDoubleSpinBox:
        s = QDoubleSpinBox(self)
        s.setObjectName(name)
        s.setRange(lo, hi)
        s.setDecimals(1)
        s.setSuffix(suffix)
        s.setKeyboardTracking(False)
        return s

    def _fields(self) -> dict[str, QDoubleSpinBox]:
        return {
            "x": self.x,
            "y": self.y,
            "scale": self.scale,
            "rotation": self.rotation,
            "opacity": self.opacity,
        }

    def set_clips(self, clip_ids: list[str]) -> None:
        self.clip_id = clip_ids[0] if len(clip_ids) == 1 else ""
        self.refresh()

    def clip(self) -> Clip | None:
        if not self.clip_id:
            return None
        found = self.project().timeline.find_clip(self.clip_id)
        if found is None or found[0].kind not in VISUAL or not found[1].asset_id:
            return None
        return found[1]

    def at_us(self, clip: Clip) -> int:
        t = self.playhead.position if self.playhead is not None else clip.start_us
        return min(clip.duration_us, max(0, t - clip.start_us))

    def refresh(self) -> None:
        clip = self.clip()
        self.setVisible(clip is not None)
        if clip is None:
            return
        at = self.at_us(clip)
        t = clip.transform_at(at)
        values = {
            "x": t.x * 100,
            "y": t.y * 100,
            "scale": t.scale * 100,
            "rotation": t.rotation,
            "opacity": t.opacity * 100,
        }
        for name, spin in self._fields().items():
            spin.blockSignals(True)
            spin.setValue(values[name])
            spin.blockSignals(False)
        times = [k.time_us for k in clip.keyframes]
        on_key = at in times
        self.remove_key.setEnabled(on_key)
        self.add_key.setEnabled(not on_key)
        self.prev_key.setEnabled(any(k < at for k in times))
        self.next_key.setEnabled(any(k > at for k in times))
        key = next((k for k in clip.keyframes if k.time_us == at), None)
        self.easing.setEnabled(key is not None)
        self.easing.blockSignals(True)
        self.easing.setCurrentIndex(max(0, self.easing.findData(key.easing if key else "linear")))
        self.easing.blockSignals(False)
        self.keys_label.setText(
            self.tr("{0} keyframes").format(len(times)) if times else self.tr("None")
        )

    def _on_field(self, name: str) -> None:
        clip = self.clip()
        if clip is None:
            return
        new = Transform(
            self.x.value() / 100,
            self.y.value() / 100,
            self.scale.value() / 100,
            self.rotation.value(),
            self.opacity.value() / 100,
        )
        self.bridge.push(ClipTransformCommand(clip.id, new, at_us=self.at_us(clip), gesture=name))

    def _on_easing(self) -> None:
        clip = self.clip()
        if clip is not None:
            at = self.at_us(clip)
            self.bridge.push(KeyframeEasingCommand(clip.id, at, self.easing.currentData()))

    def _add(self) -> None:
        clip = self.clip()
        if clip is not None:
            self.bridge.push(KeyframeAddCommand(clip.id, self.at_us(clip)))

    def _remove(self) -> None:
        clip = self.clip()
        if clip is not None:
            self.bridge.push(KeyframeRemoveCommand(clip.id, self.at_us(clip)))

    def _jump(self, direction: int) -> None:
        clip = self.clip()
        if clip is None or self.playhead is None:
            return
        at = self.at_us(clip)
        times = [k.time_us for k in clip.keyframes]
        pick = [k for k in times if k < at] if direction < 0 else [k for k in times if k > at]
        if pick:
            self.playhead.set(clip.start_us + (pick[-1] if direction < 0 else pick[0]))


__all__ = ["TransformBox"]
