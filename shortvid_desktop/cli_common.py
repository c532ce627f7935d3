"""What ``cli`` and ``cli_ai`` share: exit codes, the terminal progress bar, running a job with
Ctrl+C as cancel, messages on stderr and writing JSON output."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .core.errors import BadInputError
from .jobs import CancelToken, Progress, ProgressReport

EXIT_OK, EXIT_FAIL, EXIT_BAD_INPUT, EXIT_CANCELLED = 0, 1, 2, 130

T = TypeVar("T")


class TerminalProgress:
    """A one-line progress bar on stderr when it is a terminal; quiet otherwise."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = ""

    def __call__(self, report: ProgressReport) -> None:
        if not self.enabled:
            return
        width = 30
        frac = max(0.0, report.fraction)
        filled = int(width * frac)
        eta = f" ETA {report.eta_s:4.0f}s" if report.eta_s is not None else ""
        bar = "#" * filled + "." * (width - filled)
        line = f"\r[{bar}] {frac * 100:5.1f}% {report.message[:40]:<40}{eta}"
        if line != self._last:
            sys.stderr.write(line)
            sys.stderr.flush()
            self._last = line

    def done(self) -> None:
        if self.enabled and self._last:
            sys.stderr.write("\n")
            sys.stderr.flush()


def say(msg: str) -> None:
    """A message for the user, on stderr (stdout carries the results). A file name in another
    byte encoding shows its odd bytes as \\xNN rather than failing."""
    print(_printable(msg), file=sys.stderr)


def emit_path(path: object) -> None:
    """A result path on stdout, byte for byte (scripts read it), whatever its encoding."""
    raw = os.fsencode(os.fspath(path))  # type: ignore[arg-type]
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        buffer.write(raw + b"\n")
        buffer.flush()
    else:  # a text-only stream (tests capturing output)
        print(_printable(os.fsdecode(raw)))


def _printable(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def run_job(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``fn(*args, progress=..., cancel=...)`` with a terminal bar; Ctrl+C cancels."""
    bar = TerminalProgress()
    cancel = CancelToken()
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    try:
        return fn(*args, progress=Progress(bar), cancel=cancel, **kwargs)
    finally:
        bar.done()
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def write_json(data: Any, output: str | None) -> None:
    """``data`` as JSON to stdout (no output, or "-") or atomically to the file ``output``."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if not output or output == "-":
        print(text)
        return
    path = Path(output)
    if not path.parent.exists():
        raise BadInputError(f"The folder for {path} does not exist", path=str(path))
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    os.replace(tmp, path)
    say(f"wrote {path}")


__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_CANCELLED",
    "EXIT_FAIL",
    "EXIT_OK",
    "TerminalProgress",
    "run_job",
    "say",
    "write_json",
]
