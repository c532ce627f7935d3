"""An ffmpeg whose output time stands still (a graph waiting forever on an input) is killed and
run once more; stuck twice, the user gets a clear message instead of a wait without end."""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import pytest

from shortvid_desktop.core.errors import RenderError
from shortvid_desktop.render import process

W, H, FRAMES = 16, 16, 5


def args_reading(fifo: Path, out: Path) -> list[str]:
    raw = ["-f", "rawvideo", "-video_size", f"{W}x{H}", "-pix_fmt", "gray", "-framerate", "5"]
    return [*raw, "-i", str(fifo), "-c:v", "rawvideo", "-f", "nut", str(out)]


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen]:
    """Every ffmpeg run_with_progress starts (not the checks of ffmpeg and setpriv)."""
    procs: list[subprocess.Popen] = []
    real = subprocess.Popen

    class Recorded(real):  # type: ignore[misc, valid-type]
        def __init__(self, cmd, *a, **k) -> None:
            super().__init__(cmd, *a, **k)
            if "-progress" in cmd:
                procs.append(self)

    monkeypatch.setattr(process.subprocess, "Popen", Recorded)
    return procs


def test_a_stuck_ffmpeg_is_run_again_and_the_second_run_counts(
    tmp_path: Path, started: list[subprocess.Popen]
) -> None:
    fifo, out = tmp_path / "frames.fifo", tmp_path / "out.nut"
    os.mkfifo(fifo)
    fed = threading.Event()

    def feed_the_second_run() -> None:
        with open(fifo, "wb") as pipe:  # (opens once a reader has: the second ffmpeg)
            pipe.write(bytes(W * H * FRAMES))
        fed.set()

    real_popen = process.subprocess.Popen

    class FeedSecond(real_popen):  # type: ignore[misc, valid-type]
        def __init__(self, cmd, *a, **k) -> None:
            super().__init__(cmd, *a, **k)
            # the first, stuck on an input nobody writes, is gone
            if "-progress" in cmd and len(started) == 2:
                assert started[0].poll() is not None
                threading.Thread(target=feed_the_second_run, daemon=True).start()

    process.subprocess.Popen = FeedSecond  # (restored by the fixture's monkeypatch)
    seen: list[float] = []
    process.run_with_progress(
        args_reading(fifo, out), cwd=tmp_path, total_us=1_000_000, on_progress=seen.append,
        stall_s=1.0,
    )  # fmt: skip
    assert len(started) == 2 and fed.is_set()
    assert all(p.poll() is not None for p in started)
    assert started[0].returncode != 0, "the stuck one was killed"
    assert out.stat().st_size > W * H * FRAMES and seen and seen[-1] == 1.0


def test_stuck_twice_says_so_and_leaves_nothing_running(
    tmp_path: Path, started: list[subprocess.Popen]
) -> None:
    fifo = tmp_path / "frames.fifo"
    os.mkfifo(fifo)
    with pytest.raises(RenderError, match="stopped making progress"):
        process.run_with_progress(
            args_reading(fifo, tmp_path / "out.nut"), cwd=tmp_path, total_us=0, stall_s=1.0
        )
    assert len(started) == 2
    assert all(p.poll() is not None and p.returncode != 0 for p in started)


def test_a_slow_ffmpeg_that_moves_is_left_alone(
    tmp_path: Path, started: list[subprocess.Popen]
) -> None:
    # read at its own pace (-re): 4 s of frames, longer than the limit, while its output time
    # moves at every progress report (each 0.5 s)
    args = ["-re", "-f", "lavfi", "-i", "color=c=gray:s=16x16:r=10:d=4", "-f", "null", "-"]
    process.run_with_progress(args, cwd=tmp_path, total_us=4_000_000, stall_s=2.5)
    assert len(started) == 1 and started[0].returncode == 0
