"""Work done at the start of every command and of the window."""

from __future__ import annotations

from pathlib import Path

from ..render.process import sweep_leftovers as _sweep
from .history import flush_pending_history


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
