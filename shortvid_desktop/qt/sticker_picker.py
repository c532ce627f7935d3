"""The Add sticker picker: a grid of emoji and "Picture file…" (PNG, WebP, GIF). A pick puts the
sticker on the overlay track at the playhead (one undo step) and selects it; the inspector's
Text and animation box then sets its in/out animations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
)

from ..core.errors import BadInputError
from ..session.stickers import EMOJI, emoji_font, emoji_png, sticker_commands

if TYPE_CHECKING:
    from .main_window import MainWindow


class StickerPicker(QDialog):
    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.setObjectName("stickerPicker")
        self.setWindowTitle(self.tr("Add sticker"))
        self.win = win
        self.font_info = emoji_font()
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.buttons: dict[str, QToolButton] = {}
        chars = self.font_info.chars if self.font_info else frozenset()
        for i, ch in enumerate(EMOJI):
            b = QToolButton(self)
            b.setObjectName(f"sticker_{ord(ch):x}")
            b.setText(ch)
            b.setMinimumSize(44, 44)
            f = b.font()
            f.setPointSize(f.pointSize() + 8)
            b.setFont(f)
            b.setEnabled(ch in chars)
            if ch not in chars:
                b.setToolTip(self.tr("No font on this computer draws this emoji"))
            b.clicked.connect(lambda *_, c=ch: self.add_emoji(c))
            grid.addWidget(b, i // 5, i % 5)
            self.buttons[ch] = b
        layout.addLayout(grid)
        if self.font_info is None or not self.font_info.colour:
            note = QLabel(
                self.tr(
                    "No colour emoji font was found: emoji stickers are drawn as white "
                    "outlined glyphs. Install Noto Color Emoji for colour."
                ),
                self,
            )
            note.setObjectName("stickerMonoNote")
            note.setWordWrap(True)
            layout.addWidget(note)
        self.file_button = QPushButton(self.tr("Picture file (PNG, WebP, GIF)…"), self)
        self.file_button.setObjectName("stickerFile")
        self.file_button.clicked.connect(self._browse)
        layout.addWidget(self.file_button)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def add_emoji(self, ch: str) -> bool:
        try:
            path = emoji_png(ch, self.font_info)
        except BadInputError as exc:
            self.win.notify(str(exc), "error")
            return False
        return self.add_file(path)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a sticker"), "", self.tr("Pictures (*.png *.webp *.gif)")
        )
        if path:
            self.add_file(path)

    def add_file(self, path: str | Path) -> bool:
        """Put the picture at ``path`` at the playhead as a sticker (one undo step)."""
        win = self.win
        try:
            commands, clip_id = sticker_commands(win.session.project, path, win.playhead.position)
        except BadInputError as exc:
            win.notify(str(exc), "error")
            return False
        ok = win.bridge.push_all("Add sticker", commands)
        if ok:
            win.timeline.set_selection([clip_id])
            self.accept()
        return ok


def open_sticker_picker(win: MainWindow) -> StickerPicker:
    picker = StickerPicker(win)
    picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    picker.open()
    win.sticker_picker = picker
    return picker


__all__ = ["StickerPicker", "open_sticker_picker"]
