"""The inspector's Text box (a text item's style preset, its in and out animations and their
lengths; a sticker's animations) and the Text menu (add a text item in a preset at the
playhead, add a sticker). Each change is one named command (edits/commands/text.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QMenuBar,
    QWidget,
)

from ..core.model import TEXT_ANIMS, TEXT_STYLES, Clip, Project
from ..edits.commands.text import TextAddCommand, TextAnimCommand, TextStyleCommand
from .undo import UndoBridge

if TYPE_CHECKING:
    from .main_window import MainWindow


def style_label(name: str) -> str:
    return {
        "": QCoreApplication.translate("TextItems", "Template overlay"),
        "title": QCoreApplication.translate("TextItems", "Title"),
        "subtitle": QCoreApplication.translate("TextItems", "Subtitle"),
        "label": QCoreApplication.translate("TextItems", "Label"),
        "quote": QCoreApplication.translate("TextItems", "Quote"),
        "callout": QCoreApplication.translate("TextItems", "Callout"),
    }[name]


def anim_label(kind: str) -> str:
    return {
        "none": QCoreApplication.translate("TextItems", "None"),
        "fade": QCoreApplication.translate("TextItems", "Fade"),
        "pop": QCoreApplication.translate("TextItems", "Pop"),
        "slide": QCoreApplication.translate("TextItems", "Slide"),
        "typewriter": QCoreApplication.translate("TextItems", "Typewriter"),
        "bounce": QCoreApplication.translate("TextItems", "Bounce"),
    }[kind]


class TextItemBox(QGroupBox):
    def __init__(
        self, project_getter: Callable[[], Project], bridge: UndoBridge, parent: QWidget
    ) -> None:
        super().__init__(self.tr("Text and animation"), parent)
        self.setObjectName("textItemBox")
        self.project = project_getter
        self.bridge = bridge
        self.clip_id = ""
        form = QFormLayout(self)
        self.style_combo = QComboBox(self)
        self.style_combo.setObjectName("textStyle")
        for name in ("", *TEXT_STYLES):
            self.style_combo.addItem(style_label(name), name)
        form.addRow(self.tr("Style"), self.style_combo)
        self.in_kind, self.in_len = self._anim_row(form, "textAnimIn", self.tr("Animation in"))
        self.out_kind, self.out_len = self._anim_row(form, "textAnimOut", self.tr("Animation out"))
        self.style_combo.currentIndexChanged.connect(self._on_style)
        for which, kind, spin in (
            ("in", self.in_kind, self.in_len),
            ("out", self.out_kind, self.out_len),
        ):
            kind.currentIndexChanged.connect(lambda _i, w=which: self._on_anim(w))
            spin.valueChanged.connect(lambda _v, w=which: self._on_anim(w))
        bridge.changed.connect(lambda *_: self.refresh())
        self.refresh()

    def _anim_row(
        self, form: QFormLayout, name: str, label: str
    ) -> tuple[QComboBox, QDoubleSpinBox]:
        row = QHBoxLayout()
        kind = QComboBox(self)
        kind.setObjectName(name)
        for k in TEXT_ANIMS:
            kind.addItem(anim_label(k), k)
        spin = QDoubleSpinBox(self)
        spin.setObjectName(name + "Length")
        spin.setRange(0.1, 10.0)
        spin.setDecimals(1)
        spin.setSingleStep(0.1)
        spin.setSuffix(self.tr(" s"))
        spin.setKeyboardTracking(False)
        row.addWidget(kind, 1)
        row.addWidget(spin)
        form.addRow(label, row)
        return kind, spin

    def set_clips(self, clip_ids: list[str]) -> None:
        self.clip_id = clip_ids[0] if len(clip_ids) == 1 else ""
        self.refresh()

    def clip(self) -> Clip | None:
        if not self.clip_id:
            return None
        found = self.project().timeline.find_clip(self.clip_id)
        if found is None or found[0].kind != "overlay":
            return None
        clip = found[1]
        return clip if clip.text.strip() or clip.asset_id else None

    def refresh(self) -> None:
        clip = self.clip()
        self.setVisible(clip is not None)
        if clip is None:
            return
        widgets = (self.style_combo, self.in_kind, self.in_len, self.out_kind, self.out_len)
        for w in widgets:
            w.blockSignals(True)
        self.style_combo.setEnabled(not clip.asset_id)  # stickers have no text style
        self.style_combo.setCurrentIndex(max(0, self.style_combo.findData(clip.text_style)))
        for kind, spin, anim in (
            (self.in_kind, self.in_len, clip.anim_in),
            (self.out_kind, self.out_len, clip.anim_out),
        ):
            kind.setCurrentIndex(max(0, kind.findData(anim.kind)))
            spin.setValue(anim.duration_us / 1_000_000)
            spin.setEnabled(anim.kind != "none")
        for w in widgets:
            w.blockSignals(False)

    def _on_style(self) -> None:
        clip = self.clip()
        if clip is not None:
            self.bridge.push(TextStyleCommand(clip.id, self.style_combo.currentData()))

    def _on_anim(self, which: str) -> None:
        clip = self.clip()
        if clip is None:
            return
        kind, spin = (self.in_kind, self.in_len) if which == "in" else (self.out_kind, self.out_len)
        us = round(spin.value() * 1_000_000)
        self.bridge.push(TextAnimCommand(clip.id, which, kind.currentData(), us))


def add_text_item(win: MainWindow, style: str) -> bool:
    """A text item in ``style`` at the playhead, selected (one undo step)."""
    text = QCoreApplication.translate("TextItems", "Your text")
    cmd = TextAddCommand(win.playhead.position, text, style)
    ok = win.bridge.push(cmd)
    if ok:
        win.timeline.set_selection([cmd.clip_id])
    return ok


def install_text_menu(win: MainWindow, mb: QMenuBar) -> None:
    """The Text menu: one "Add …" a preset, and Add sticker."""
    menu = mb.addMenu(QCoreApplication.translate("TextItems", "Te&xt"))
    menu.setObjectName("textMenu")
    win.text_actions = []
    for name in TEXT_STYLES:
        label = QCoreApplication.translate("TextItems", "Add {0}").format(style_label(name))
        a = QAction(label, win)
        a.setObjectName(f"addText.{name}")
        a.triggered.connect(lambda *_, n=name: add_text_item(win, n))
        menu.addAction(a)
        win.text_actions.append(a)
    from .sticker_picker import open_sticker_picker

    menu.addSeparator()
    a = QAction(QCoreApplication.translate("TextItems", "Add &sticker…"), win)
    a.setObjectName("addSticker")
    a.triggered.connect(lambda *_: open_sticker_picker(win))
    menu.addAction(a)
    win.act_add_sticker = a


__all__ = ["TextItemBox", "add_text_item", "anim_label", "install_text_menu", "style_label"]
