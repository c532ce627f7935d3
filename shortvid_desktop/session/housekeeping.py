"""Work done at the start of every command and of the window."""

from __future__ import annotations

from pathlib import Path

from ..render.process import sweep_leftovers as _sweep
from .history import flush_pending_history


def warm_up() -> None:
    """Work the first export of a run does once, done ahead on a worker while the window is
    idle after start: importing the render modules (and ffmpeg-python) and reading the
    caption fonts' character maps (fontTools). Both hold the interpreter lock for tens of
    milliseconds at a time, which the window would otherwise feel just after Export."""
    from ..render import export as _export  # noqa: F401 - imported for its side effect
    from ..render import graph as _graph  # noqa: F401
    from ..render.fonts import font_report

    font_report()


def sweep_leftovers() -> list[Path]:
    """Remove the partial outputs and work folders that killed runs left (only ours: each is
    named in a marker its run wrote in the data folder, and its process is gone), and record
    export history that had to wait for a busy database."""
    try:
        removed = _sweep()
    except OSError:  # housekeeping never stops a command
        removed = []
    try:
        flush_pending_history()
    except Exception:  # noqa: BLE001 - nor does a history entry that still has to wait
        pass
    return removed
