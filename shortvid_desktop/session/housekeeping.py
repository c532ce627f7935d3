"""Work done at the start of every command and of the window."""

from __future__ import annotations

from pathlib import Path

from ..render.process import sweep_leftovers as _sweep


def sweep_leftovers() -> list[Path]:
    """Remove the partial outputs and work folders that killed runs left (only ours: each is
    named in a marker its run wrote in the data folder, and its process is gone)."""
    try:
        return _sweep()
    except OSError:  # housekeeping never stops a command
        return []
