"""Children die with their parent, and what a dead run leaves is swept at the next start.

- ``die_with_parent(cmd)``: the command (and ``subprocess.Popen`` keyword arguments) so a helper
  program (ffmpeg) is killed when the process that started it dies, even by ``kill -9`` (Linux:
  ``PR_SET_PDEATHSIG``, set by util-linux's ``setpriv`` in front of the command, which keeps
  Python's fast vfork spawn; a ``preexec_fn`` where setpriv is missing, which costs a full fork
  of a big process, ~20 ms). Pair it with a wait in the starting thread: Linux sends the signal
  when the *thread* that started the child ends. Where the OS has no such signal (macOS,
  Windows), ``jobs.reaper`` does the job with a watcher process.
- ``Leftovers``: a run registers the scratch files it is about to make (a partial MP4 beside the
  output, a work folder in TMPDIR) in a small marker file in the app's data folder and drops the
  marker when it finishes. ``sweep()`` at the start of any command removes the files of markers
  whose process is gone: only ours (named in our own marker), only from runs that are over.

Standard library only.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

_PR_SET_PDEATHSIG = 1


def _pdeathsig_setter() -> Callable[[], None] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up here, not in the child
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:  # runs in the child between fork and exec: no allocation, no locks
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


def die_with_parent(cmd: list[str]) -> tuple[list[str], dict[str, object]]:
    """``cmd`` and ``Popen`` keyword arguments that kill the child when this process dies
    (Linux); ``cmd`` as it is and no arguments where the platform has no such switch: there
    the starter passes the child's pid to ``jobs.reaper.watch`` (a watcher process kills it
    when the app dies)."""
    from . import reaper

    if not sys.platform.startswith("linux") or reaper.forced():
        return cmd, {}
    setpriv = _setpriv()
    if setpriv is not None:
        return [setpriv, "--pdeathsig", "KILL", "--", *cmd], {}
    setter = _pdeathsig_setter()
    return cmd, ({"preexec_fn": setter} if setter is not None else {})


def has_parent_death_signal() -> bool:
    """Whether ``die_with_parent`` can make a child die with this process here."""
    return sys.platform.startswith("linux") and (
        _setpriv() is not None or _pdeathsig_setter() is not None
    )


_SETPRIV: list[str | None] = []


def _setpriv() -> str | None:
    """util-linux's setpriv, if it is here and knows --pdeathsig (looked up once)."""
    if not _SETPRIV:
        import shutil
        import subprocess

        found = shutil.which("setpriv")
        if found is not None:
            try:
                probe = subprocess.run(
                    [found, "--pdeathsig", "KILL", "--", "true"], capture_output=True, timeout=10
                )
                found = found if probe.returncode == 0 else None
            except (OSError, subprocess.SubprocessError):
                found = None
        _SETPRIV.append(found)
    return _SETPRIV[0]


def _start_time(pid: int) -> str | None:
    """The kernel's start time of ``pid`` (Linux), to tell a reused pid from the run's own."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None


def _alive(pid: int, started: str | None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    if started is not None:
        now = _start_time(pid)
        if now is not None and now != started:
            return False  # the pid was reused by another process
    return True


class Leftovers:
    """Markers of running work in ``folder`` (``<data>/running``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @contextlib.contextmanager
    def tracking(self, *paths: Path) -> Iterator[None]:
        """Register ``paths`` (files or folders this run makes) until the block ends. A data
        folder that cannot be written only loses the clean-up, never the work."""
        marker = self.folder / f"{os.getpid()}-{uuid.uuid4().hex[:8]}.json"
        record = {
            "pid": os.getpid(),
            "started": _start_time(os.getpid()),
            "paths": [str(p) for p in paths],
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = marker.with_suffix(".tmp")
            tmp.write_text(json.dumps(record), encoding="utf-8")
            os.replace(tmp, marker)
        except OSError:
            marker = None  # type: ignore[assignment]
        try:
            yield
        finally:
            if marker is not None:
                with contextlib.suppress(OSError):
                    marker.unlink()

    def sweep(self) -> list[Path]:
        """Remove what dead runs left; returns the paths removed."""
        removed: list[Path] = []
        try:
            markers = sorted(self.folder.glob("*.json"))
        except OSError:
            return removed
        for marker in markers:
            try:
                record = json.loads(marker.read_text(encoding="utf-8"))
                pid = int(record["pid"])
                paths = [Path(p) for p in record["paths"]]
                started = record.get("started")
            except (OSError, ValueError, KeyError, TypeError):
                with contextlib.suppress(OSError):
                    marker.unlink()
                continue
            if _alive(pid, started):
                continue
            for path in paths:
                try:
                    if path.is_dir() and not path.is_symlink():
                        shutil.rmtree(path)
                    elif path.exists() or path.is_symlink():
                        path.unlink()
                    else:
                        continue
                except OSError:
                    continue
                removed.append(path)
            with contextlib.suppress(OSError):
                marker.unlink()
        return removed
