"""One error path for what nobody expected, and plain words for what the machine did.

- ``explain_environment(exc)``: a sentence for failures of the machine rather than the input (a
  full disk, a read-only folder, a database held by another program), naming the file and what
  to do; None for anything else.
- ``write_crash_report(exc, argv)``: for a real bug, a report in the data folder (traceback,
  version, platform, the command with keys redacted) that the user can attach to an issue; the
  CLI prints one sentence and the path, the window shows it with "Copy details".
"""

from __future__ import annotations

import errno
import os
import platform
import sqlite3
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from .. import __version__, paths
from ..secrets import redact

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY = {errno.EROFS}
_DENIED = {errno.EACCES, errno.EPERM}


def explain_environment(exc: BaseException) -> str | None:
    """Plain words for a failure of the machine (not of the input or the program), or None."""
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        where = paths.database_path()
        if "locked" in text or "busy" in text:
            return (
                f"The database {where} is in use by another program (another ShortVid "
                "window or command?) and stayed locked. Close it, or wait for it to finish, "
                "then try again."
            )
        if "readonly" in text or "read-only" in text:
            return f"The database {where} is read-only: fix its permissions or set SHORTVID_HOME."
        if "disk" in text and "full" in text:
            return f"The disk holding {where} is full: free some space and try again."
        return None
    if not isinstance(exc, OSError) or exc.errno is None:
        return None
    name = exc.filename if exc.filename is not None else ""
    what = f" while writing {os.fsdecode(name)}" if name else ""
    if exc.errno in _DISK_FULL:
        return f"The disk is full{what}: free some space, or choose another drive, and try again."
    if exc.errno in _READ_ONLY:
        return f"The drive is read-only{what}: choose a folder on a writable drive."
    if exc.errno in _DENIED:
        return f"Permission denied{what}: choose a folder you can write to, or fix its rights."
    return None


def crash_dir() -> Path:
    return paths.user_data_dir() / "crash-reports"


def crash_details(exc: BaseException, argv: Sequence[str] | None = None) -> str:
    """The report's text: what happened, where, on what; API keys and key-shaped strings
    redacted."""
    command = " ".join(argv if argv is not None else sys.argv)
    lines = [
        f"ShortVid {__version__} crash report, {time.strftime('%Y-%m-%d %H:%M:%S %z')}",
        f"Python {platform.python_version()} on {platform.platform()}",
        f"Command: {command}",
        "",
        *traceback.format_exception(type(exc), exc, exc.__traceback__),
    ]
    return redact("\n".join(line.rstrip("\n") for line in lines)) + "\n"


def write_crash_report(exc: BaseException, argv: Sequence[str] | None = None) -> Path | None:
    """Write the report into the data folder; its path, or None when it cannot be written."""
    text = crash_details(exc, argv)
    try:
        folder = crash_dir()
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
        out.write_text(text, encoding="utf-8", errors="backslashreplace")
    except OSError:
        return None
    return out
