"""Real drags under Xvfb for the tests: an X server, processes that talk JSON lines, xdotool.

Every wait here is bounded: a line is awaited with a deadline (a reader thread feeds a queue), so
a drag that goes wrong fails the test with what was seen instead of hanging it.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from time import monotonic

HERE = Path(__file__).resolve().parent
SCREEN = (1600, 1000)


def missing_tools() -> str:
    """Why real drags cannot run here ("" when they can)."""
    need = [t for t in ("Xvfb", "xdotool") if shutil.which(t) is None]
    return f"real drags need {' and '.join(need)} (apt-get install xvfb xdotool)" if need else ""


class XServer:
    """A private Xvfb on a free display (Xvfb picks it and writes its number to a pipe)."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                "1",
                "-screen",
                "0",
                f"{SCREEN[0]}x{SCREEN[1]}x24",
                "-nolisten",
                "tcp",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        number = self.proc.stdout.readline().strip()
        if not number:
            self.proc.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = ":" + number

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("WAYLAND_DISPLAY", None)
        env.update(DISPLAY=self.display, QT_QPA_PLATFORM="xcb", **extra)
        return env

    def xdotool(self, *args: object) -> None:
        subprocess.run(["xdotool", *map(str, args)], env=self.env(), check=True, timeout=30)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Peer:
    """A child process that prints one JSON object a line (and may read commands on stdin)."""

    def __init__(self, args: list[str], env: dict[str, str], name: str) -> None:
        self.name = name
        self.proc = subprocess.Popen(
            [sys.executable, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            bufsize=1,
        )
        self.lines: queue.Queue[dict | None] = queue.Queue()
        self.seen: list[dict] = []
        self.stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self._err_reader = threading.Thread(target=self._read_err, daemon=True)
        self._err_reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            line = line.strip()
            if line.startswith("{"):
                self.lines.put(json.loads(line))
        self.lines.put(None)

    def _read_err(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line.rstrip())

    def send(self, **cmd: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def expect(
        self, event: str, timeout: float = 30.0, where: Callable[[dict], bool] | None = None
    ) -> dict:
        """The next line with this ``event`` (and ``where`` true), read within ``timeout`` s."""
        deadline = monotonic() + timeout
        while True:
            left = deadline - monotonic()
            try:
                msg = self.lines.get(timeout=max(0.0, left))
            except queue.Empty:
                msg = None
                ended = False
            else:
                ended = msg is None
            if msg is not None:
                self.seen.append(msg)
                if msg.get("event") == event and (where is None or where(msg)):
                    return msg
                continue
            if ended:
                self._err_reader.join(timeout=10)  # all it said before it ended
            tail = "\n".join(self.stderr[-15:])
            why = "ended" if ended else f"said nothing more in {timeout:.0f} s"
            raise AssertionError(
                f"{self.name} {why} while waiting for '{event}'.\n"
                f"seen: {self.seen[-12:]}\nstderr:\n{tail}"
            )

    def ask(self, cmd: str, timeout: float = 30.0, **fields: object) -> dict:
        self.send(cmd=cmd, **fields)
        reply = {"where": "where", "state": "state", "reset": "reset", "undo": "state"}[cmd]
        return self.expect(reply, timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send(cmd="quit")
                self.proc.wait(timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait(timeout=10)


def drag(x: XServer, start: tuple[int, int], end: tuple[int, int], steps: int = 12) -> None:
    """Press at ``start`` and move towards ``end`` in steps (the button stays down)."""
    sx, sy = start
    ex, ey = end
    x.xdotool("mousemove", "--sync", sx, sy)
    x.xdotool("mousedown", 1)
    for i in range(1, steps + 1):
        x.xdotool("mousemove", "--sync", sx + (ex - sx) * i // steps, sy + (ey - sy) * i // steps)


def wiggle_and_release(x: XServer, end: tuple[int, int]) -> None:
    x.xdotool("mousemove", "--sync", end[0] + 3, end[1] + 2)
    x.xdotool("mousemove", "--sync", end[0], end[1])
    x.xdotool("mouseup", 1)
