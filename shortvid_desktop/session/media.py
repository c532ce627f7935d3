"""Media, files and render services for the window and the CLI: import scans, thumbnails and
waveforms, the ffmpeg program, fonts, working encoders, output checks and the OpenTimelineIO
export. Heavy modules are imported when a function is first called (most run in jobs)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.model import Project
from ..media.importer import ImportResult, scan_paths
from ..render.export import check_output_path

if TYPE_CHECKING:
    from ..jobs import CancelToken
    from ..render.fonts import FontFace


def ffmpeg_exe() -> str:
    """The ffmpeg program (unpacked on first use inside the app bundle)."""
    from ..media.ffmpeg import ffmpeg_exe as exe

    return exe()


def thumbnail(
    path: str | os.PathLike[str], max_size: tuple[int, int], content_hash: str | None = None
) -> Path:
    """A cached JPEG thumbnail (pictures scaled, a video's frame, a sound's waveform)."""
    from ..media import thumbnail as make

    return Path(make(path, max_size, content_hash=content_hash))


def waveform(
    path: str | os.PathLike[str],
    points: int,
    content_hash: str | None = None,
    cancel: CancelToken | None = None,
) -> list[float]:
    """Cached peak levels of a sound (``points`` values 0..1)."""
    from ..media import waveform as peaks

    return peaks(path, points, content_hash=content_hash, cancel=cancel)


def choose_font(text: str, family: str = "", bold: bool = True) -> FontFace:
    """The font a caption in ``family`` is drawn with (one that covers ``text``)."""
    from ..render.fonts import choose_font as choose

    return choose(text, family, bold)


def working_hardware_encoders() -> tuple[str, ...]:
    """Hardware H.264 encoders a one-frame test encode proved to work here (cached)."""
    from ..render.encoders import working_hardware_encoders as probe

    return probe()


def write_otio(project: Project, path: str | os.PathLike[str]) -> Path:
    """The timeline as OpenTimelineIO (for Kdenlive, Resolve, ...)."""
    from ..render.otio_export import write_otio as write

    return write(project, path)


__all__ = [
    "ImportResult",
    "check_output_path",
    "choose_font",
    "ffmpeg_exe",
    "scan_paths",
    "thumbnail",
    "waveform",
    "working_hardware_encoders",
    "write_otio",
]
