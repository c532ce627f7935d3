"""Running one ffmpeg process: progress from ``-progress pipe:1``; cancel kills its group."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..core.errors import RenderError
from ..jobs import Cancelled, CancelToken, reaper
from ..jobs.leftovers import Leftovers, die_with_parent
from ..jobs.spawn import no_window
from ..media.ffmpeg import ffmpeg_exe

# Renders run a step below normal priority: with every core busy encoding, the window's own
# thread still gets the CPU the moment it needs it (no stutter while an export runs); on an
# otherwise idle machine the render is exactly as fast.
RENDER_NICENESS = 10


def _popen_group_kwargs() -> dict[str, object]:
    """Its own process group (cancel kills the group), and no console window on Windows.

    A process group, not a new session: Linux's scheduler gives every session (autogroup) an
    equal share of the CPU whatever its nice level, so ffmpeg windows in sessions of their own
    would each weigh as much as the whole window; in the app's session their nice level counts
    and the GUI thread gets a core the moment it needs one."""
    if sys.platform.startswith("win"):
        flags = subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.BELOW_NORMAL_PRIORITY_CLASS  # type: ignore[attr-defined]
        return no_window(flags)
    return {"process_group": 0}


def _niced(cmd: list[str]) -> list[str]:
    """``cmd`` started below normal priority from its first instruction (so every thread
    ffmpeg starts inherits it): coreutils' ``nice`` in front where it exists."""
    nice = _nice_program()
    return [nice, "-n", str(RENDER_NICENESS), *cmd] if nice else cmd


@functools.cache
def _nice_program() -> str | None:
    import shutil as _shutil

    return None if sys.platform.startswith("win") else _shutil.which("nice")


def _leftovers() -> Leftovers | None:
    from ..paths import user_data_dir

    try:
        return Leftovers(user_data_dir() / "running")
    except OSError:  # no data folder: no clean-up records (the work itself goes on)
        return None


def track_leftovers(*paths: Path) -> contextlib.AbstractContextManager[None]:
    """Record ``paths`` (a partial output, a work folder) while a render makes them, so a run
    killed mid-way has them removed by ``sweep_leftovers()`` at the next start."""
    registry = _leftovers()
    return registry.tracking(*paths) if registry is not None else contextlib.nullcontext()


class ScratchFolder:
    """A work folder in TMPDIR, like ``tempfile.TemporaryDirectory``, registered while it lives
    so that the copy a killed run leaves is swept at the next start (``sweep_leftovers``)."""

    def __init__(self, prefix: str) -> None:
        self.name = tempfile.mkdtemp(prefix=prefix)
        self._tracked = contextlib.ExitStack()
        self._tracked.enter_context(track_leftovers(Path(self.name)))

    def cleanup(self) -> None:
        shutil.rmtree(self.name, ignore_errors=True)
        self._tracked.close()

    def __enter__(self) -> str:
        return self.name

    def __exit__(self, *exc: object) -> None:
        self.cleanup()


def sweep_leftovers() -> list[Path]:
    """Remove the partial outputs and work folders of renders whose process is gone."""
    registry = _leftovers()
    return registry.sweep() if registry is not None else []


def _lower_priority(proc: subprocess.Popen) -> None:
    """Nice the new ffmpeg (before it starts its threads, which inherit it)."""
    if sys.platform.startswith("win") or not hasattr(os, "setpriority"):
        return
    try:
        current = os.getpriority(os.PRIO_PROCESS, proc.pid)
        os.setpriority(os.PRIO_PROCESS, proc.pid, max(current, RENDER_NICENESS))
    except OSError:
        pass  # gone already, or not allowed: it simply runs at normal priority


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        if sys.platform.startswith("win"):
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass


# An ffmpeg whose output time has not moved for this long is stuck, not slow (a window's first
# frame of a 4K clip takes seconds, not minutes): it is killed and run once more, then reported.
# Twice in ~2,000 test exports (2 cores, 2026-12-07) a window's ffmpeg never ended and the export
# waited on it until the test's 300 s timeout; the cause was not caught (the same tests passed
# when run again).
STALL_S = 120.0


class _Stalled(Exception):
    pass


def run_with_progress(
    args: list[str],
    *,
    cwd: str | Path,
    total_us: int,
    on_progress: Callable[[float], None] | None = None,
    cancel: CancelToken | None = None,
    capture_stdout: bool = False,
    stall_s: float | None = None,
) -> str | bytes:
    """Run ``ffmpeg args`` in ``cwd``; report 0..1 by output time; return stderr text.

    With ``capture_stdout`` the output goes to stdout (e.g. raw frames) and is returned instead.
    Raises Cancelled (after the process is gone) or RenderError with the log's tail. An ffmpeg
    whose output time stands still for ``stall_s`` (default STALL_S; progress mode only) is
    killed and run again once (its outputs are written afresh), then reported as stuck.
    """
    limit = STALL_S if stall_s is None else stall_s
    run = (args, cwd, total_us, on_progress, cancel, capture_stdout, limit)
    try:
        return _run_once(*run)
    except _Stalled:
        pass  # killed: once more
    try:
        return _run_once(*run)
    except _Stalled:
        raise RenderError(
            f"ffmpeg stopped making progress (nothing for {limit:.0f} s, twice): try the "
            "export again; if it stops again, report it with the log.",
            " ".join(args)[-2000:],
        ) from None


def _run_once(
    args: list[str],
    cwd: str | Path,
    total_us: int,
    on_progress: Callable[[float], None] | None,
    cancel: CancelToken | None,
    capture_stdout: bool,
    stall_s: float,
) -> str | bytes:
    progress_args = [] if capture_stdout else ["-progress", "pipe:1"]
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *progress_args, "-nostats", *args]
    captured = b""
    cmd, mortal = die_with_parent(_niced(cmd))  # dies with the app, even on kill -9
    with tempfile.TemporaryFile(mode="w+b") as err:
        proc = subprocess.Popen(
            cmd,
            cwd=str(cwd),
            stdout=subprocess.PIPE,
            stderr=err,
            stdin=subprocess.DEVNULL,
            **_popen_group_kwargs(),  # type: ignore[arg-type]
            **mortal,  # type: ignore[arg-type]
        )
        _lower_priority(proc)
        unwatch = reaper.watch(proc.pid, group=not sys.platform.startswith("win"))
        remove = cancel.on_cancel(lambda: _kill(proc)) if cancel is not None else None
        moved = [time.monotonic()]  # when the output time last moved
        finished = threading.Event()
        stalled = threading.Event()

        def watchdog() -> None:
            while not finished.wait(min(1.0, stall_s / 4)):
                if time.monotonic() - moved[0] > stall_s:
                    stalled.set()
                    _kill(proc)
                    return

        if not capture_stdout and stall_s > 0:
            threading.Thread(target=watchdog, name="ffmpeg-watchdog", daemon=True).start()
        try:
            assert proc.stdout is not None
            if capture_stdout:
                captured = proc.stdout.read()
            last = ""
            for raw in [] if capture_stdout else proc.stdout:
                line = raw.decode("ascii", "replace").strip()
                if line.startswith("out_time_us="):
                    value = line.split("=", 1)[1]
                    if value != last:
                        last, moved[0] = value, time.monotonic()
                    if on_progress and total_us > 0:
                        try:
                            t = int(value)
                        except ValueError:
                            continue
                        on_progress(max(0.0, min(1.0, t / total_us)))
            proc.wait()
        finally:
            finished.set()
            if remove is not None:
                remove()
            _kill(proc)
            proc.wait()
            unwatch()
        err.seek(0)
        log = err.read().decode("utf-8", "replace")
    if cancel is not None and cancel.cancelled:
        raise Cancelled()
    if stalled.is_set():
        raise _Stalled()
    if proc.returncode != 0:
        tail = "\n".join(log.strip().splitlines()[-20:])
        raise RenderError(_explain(log) or f"ffmpeg failed (exit {proc.returncode})", tail)
    return captured if capture_stdout else log


def _explain(log: str) -> str:
    """Plain words for ffmpeg's commonest failures, naming the file ffmpeg names."""
    low = log.lower()
    if "no space left on device" in low:
        return "The disk is full: free some space or export to another drive."
    denied = _file_with(log, "Permission denied")
    if denied is not None:
        return f"ShortVid may not read or write {denied} (permission denied): fix its rights."
    if "permission denied" in low:
        return "ffmpeg was refused access to a file (permission denied)."
    bad = _file_with(log, "Invalid data found when processing input")
    if bad is not None:
        return (
            f"{bad} could not be decoded: it is damaged or not a media file. Replace it, or "
            "remove it from the project."
        )
    if "invalid data found when processing input" in low:
        return "A media file could not be decoded (damaged or not a media file)."
    return ""


def _file_with(log: str, message: str) -> str | None:
    """The file ffmpeg names with ``message``: a ``<file>: <message>`` line (ffmpeg 6), or
    ``Error opening input file <file>.`` near it (ffmpeg 7); the last such, or None."""
    found = None
    for line in log.splitlines():
        text = line.strip()
        head, sep, tail = text.rpartition(": ")
        if sep and tail == message and head and not head.startswith(("[", "Error opening")):
            found = head
        elif text.startswith(("Error opening input file ", "Error opening output file ")):
            if message.lower() in log.lower():
                found = text.split(" file ", 1)[1].removesuffix(".")
    return found
