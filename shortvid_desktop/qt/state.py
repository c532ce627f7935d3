"""Small pieces of view state shared by panels: the playhead and the UI settings file."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal

from ..core.timebase import US_PER_SECOND, frame_time, snap_to_frame
from ..paths import user_data_dir


def ui_settings() -> QSettings:
    """Window layout, recent files and UI language, in the user data dir (``SHORTVID_HOME``)."""
    return QSettings(str(user_data_dir() / "ui.ini"), QSettings.Format.IniFormat)


class Playhead(QObject):
    """The current time (view state, not project data). Times snap to whole frames."""

    moved = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._t = 0
        self.fps = 30
        self.duration_us = 0

    @property
    def position(self) -> int:
        return self._t

    def frame_us(self) -> int:
        return frame_time(1, max(1, self.fps))

    def snapped(self, t_us: int) -> int:
        return snap_to_frame(t_us, max(1, self.fps))

    def set(self, t_us: int) -> None:
        t = max(0, self.snapped(int(t_us)))
        if self.duration_us > 0:
            t = min(t, self.snapped(self.duration_us))
        if t != self._t:
            self._t = t
            self.moved.emit(t)

    def step(self, frames: int) -> None:
        f = max(1, self.fps)
        n = round(self._t * f / US_PER_SECOND) + frames
        self.set(frame_time(n, f))

    def to_start(self) -> None:
        self.set(0)

    def to_end(self) -> None:
        self.set(self.duration_us)
