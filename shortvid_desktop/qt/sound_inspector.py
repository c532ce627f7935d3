"""The inspector's Sound box: a sound clip's fade-in and fade-out, how many volume points it
has (with a button that clears them), and for the music how it fits the video (loop with a
crossfade, or trim with a fade-out). Every change is one named command (spin-box steps on the
same fade merge into one undo step)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QWidget,
)

from ..core.model import Clip, Project
from ..core.timebase import US_PER_SECOND
from ..edits.commands.audio import ClipFadeCommand, ClipVolumeKeysCommand
from ..session.music import music_fit_command
from .undo import UndoBridge

SOUND_KINDS = ("voice", "music", "audio")


class SoundBox(QGroupBox):
    def __init__(
        self, project_getter: Callable[[], Project], bridge: UndoBridge, parent: QWidget
    ) -> None:
        super().__init__(self.tr("Sound"), parent)
        self.setObjectName("soundBox")
        self.project = project_getter
        self.bridge = bridge
        self.clip_id = ""
        form = QFormLayout(self)
        self.fade_in = self._seconds("fadeIn")
        self.fade_out = self._seconds("fadeOut")
        self.points = QLabel(self)
        self.clear_points = QPushButton(self.tr("Clear volume points"), self)
        self.clear_points.setObjectName("clearVolumePoints")
        self.music_fit = QComboBox(self)
        self.music_fit.setObjectName("musicFit")
        self.music_fit.addItem(self.tr("Loop to the video (crossfade)"), "loop")
        self.music_fit.addItem(self.tr("Trim to the video (fade out)"), "trim")
        form.addRow(self.tr("Fade in"), self.fade_in)
        form.addRow(self.tr("Fade out"), self.fade_out)
        form.addRow(self.tr("Volume points"), self.points)
        form.addRow("", self.clear_points)
        self.music_label = QLabel(self.tr("Music"), self)
        form.addRow(self.music_label, self.music_fit)
        self.fade_in.valueChanged.connect(lambda v: self._fade(fade_in_us=self._us(v)))
        self.fade_out.valueChanged.connect(lambda v: self._fade(fade_out_us=self._us(v)))
        self.clear_points.clicked.connect(self._clear_points)
        self.music_fit.currentIndexChanged.connect(self._on_fit)
        bridge.changed.connect(lambda *_: self.refresh())
        self.refresh()

    def _seconds(self, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setObjectName(name)
        box.setRange(0.0, 60.0)
        box.setSingleStep(0.25)
        box.setDecimals(2)
        box.setSuffix(self.tr(" s"))
        return box

    @staticmethod
    def _us(seconds: float) -> int:
        return int(round(seconds * US_PER_SECOND))

    def set_clips(self, clip_ids: list[str]) -> None:
        self.clip_id = clip_ids[0] if len(clip_ids) == 1 else ""
        self.refresh()

    def _clip(self) -> tuple[str, Clip] | None:
        if not self.clip_id:
            return None
        project = self.project()
        found = project.timeline.find_clip(self.clip_id)
        if found is None:
            return None
        track, clip = found
        asset = project.assets.get(clip.asset_id)
        sound = track.kind in SOUND_KINDS or (
            asset is not None and asset.kind == "video" and asset.has_audio
        )
        return (track.kind, clip) if sound and asset is not None else None

    def refresh(self) -> None:
        found = self._clip()
        self.setVisible(found is not None)
        if found is None:
            return
        kind, clip = found
        widgets = (self.fade_in, self.fade_out, self.music_fit)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.fade_in.setValue(clip.fade_in_us / US_PER_SECOND)
            self.fade_out.setValue(clip.fade_out_us / US_PER_SECOND)
            n = len(clip.volume_keys)
            self.points.setText(self.tr("%n point(s)", "", n))
            self.clear_points.setEnabled(n > 0)
            self.music_fit.setVisible(kind == "music")
            self.music_label.setVisible(kind == "music")
            i = self.music_fit.findData(self.project().music_fit)
            self.music_fit.setCurrentIndex(max(0, i))
        finally:
            for w in widgets:
                w.blockSignals(False)

    def _fade(self, **fades: int) -> None:
        if self.clip_id and not self.bridge.push(ClipFadeCommand(self.clip_id, **fades)):
            self.refresh()  # refused (longer than the clip): show the clip's own value again

    def _clear_points(self) -> None:
        if self.clip_id:
            self.bridge.push(ClipVolumeKeysCommand(self.clip_id, [], "Clear volume points"))

    def _on_fit(self) -> None:
        fit = str(self.music_fit.currentData())
        if fit != self.project().music_fit:
            self.bridge.push(music_fit_command(self.project(), fit))
