"""Helpers die with the app where the OS has no parent-death signal (macOS, Windows, a Linux
without ``setpriv --pdeathsig`` or ``prctl``).

One small watcher process per app run holds the read end of a pipe from the app. The app tells
it the pid of each helper it starts (``watch``) and when that helper is gone. When the app dies,
however it dies (kill -9, a crash, a closed terminal), the operating system closes the pipe:
the watcher reads end of file, kills every helper still listed, and exits. On a normal exit the
same happens with nothing left to kill.

The watcher's code is standard library only and runs with ``python -I -c`` (in a PyInstaller
bundle: the app's own executable with ``--shortvid-watcher``, see ``shortvid.spec``).
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable

from .spawn import no_window

WATCHER_FLAG = "--shortvid-watcher"

# The watcher: one line per message from the app ("+ PID G" to watch a helper, G=1 when it leads
# its own process group; "- PID" when it is gone). End of file means the app is gone.
WATCHER_SOURCE = r"""
import os, signal, sys
for name in ("SIGINT", "SIGHUP", "SIGTERM"):
    if hasattr(signal, name):  # outlive the app's terminal and its Ctrl+C to do the job
        try:
            signal.signal(getattr(signal, name), signal.SIG_IGN)
        except (OSError, ValueError):
            pass
watched = {}
for line in sys.stdin:
    parts = line.split()
    try:
        if len(parts) == 3 and parts[0] == "+":
            watched[int(parts[1])] = parts[2] == "1"
        elif len(parts) == 2 and parts[0] == "-":
            watched.pop(int(parts[1]), None)
    except ValueError:
        continue
for pid, group in watched.items():
    try:
        if group and hasattr(os, "killpg"):
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    except OSError:
        pass
"""


def watcher_main() -> int:
    """The watcher's loop, for a frozen app started with ``--shortvid-watcher``."""
    exec(compile(WATCHER_SOURCE, "<shortvid-watcher>", "exec"), {"__name__": "__watcher__"})
    return 0


def watcher_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, WATCHER_FLAG]
    return [sys.executable, "-I", "-c", WATCHER_SOURCE]


class _Watcher:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._failed = False

    def _started(self) -> subprocess.Popen | None:
        if self._proc is None and not self._failed:
            kwargs: dict[str, object] = dict(no_window())
            if sys.platform != "win32":
                kwargs["process_group"] = 0  # the terminal's Ctrl+C is for the app, not for it
            try:
                self._proc = subprocess.Popen(
                    watcher_command(),
                    stdin=subprocess.PIPE,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    **kwargs,  # type: ignore[arg-type]
                )
            except OSError:
                self._failed = True  # helpers then outlive a killed app (the sweep still runs)
        return self._proc

    def _send(self, line: str) -> bool:
        with self._lock:
            proc = self._started()
            if proc is None or proc.stdin is None:
                return False
            try:
                proc.stdin.write(line.encode("ascii"))
                proc.stdin.flush()
                return True
            except OSError:  # the watcher is gone
                return False

    def watch(self, pid: int, group: bool) -> Callable[[], None]:
        if not self._send(f"+ {pid} {1 if group else 0}\n"):
            return lambda: None
        return lambda: self._send(f"- {pid}\n") and None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None


_WATCHER = _Watcher()
_FORCED: list[bool] = []


def force(on: bool = True) -> None:
    """Act as if this OS had no parent-death signal: the watcher does the job (tests, and a
    check of the path macOS and Windows take)."""
    _FORCED[:] = [on]


def forced() -> bool:
    return bool(_FORCED and _FORCED[0])


def needed() -> bool:
    """Whether helpers need the watcher to die with the app (no parent-death signal here)."""
    if forced():
        return True
    if not sys.platform.startswith("linux"):
        return True
    from .leftovers import has_parent_death_signal

    return not has_parent_death_signal()


def watch(pid: int, group: bool = True) -> Callable[[], None]:
    """Kill ``pid`` (its process group with ``group``) if the app dies before it ends, where
    the OS cannot; returns the call that says it has ended. A no-op where not needed."""
    if not needed():
        return lambda: None
    return _WATCHER.watch(pid, group)


def watcher_pid() -> int | None:
    return _WATCHER.pid
