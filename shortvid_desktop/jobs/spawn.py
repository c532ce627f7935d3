"""Starting helper programs (ffmpeg, espeak-ng, fc-list): keyword arguments for ``subprocess``.

On Windows a console program started by a windowed app gets a console window of its own, which
flashes on screen at every call; ``CREATE_NO_WINDOW`` stops that. Elsewhere nothing is added.
Every ``subprocess.run``/``Popen`` of the app passes ``**no_window()``.
"""

from __future__ import annotations

import subprocess
import sys


def no_window(creationflags: int = 0) -> dict[str, int]:
    """``creationflags`` (plus CREATE_NO_WINDOW on Windows) as keyword arguments for subprocess."""
    if sys.platform == "win32":
        flags = creationflags | subprocess.CREATE_NO_WINDOW  # type: ignore[attr-defined]
        return {"creationflags": flags}
    return {"creationflags": creationflags} if creationflags else {}
