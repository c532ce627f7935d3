"""Children die with their parent; what a killed run left is swept at the next start.

Found by a tester: ``kill -9`` of ``shortvid make`` mid-render left ffmpeg running to finish a
hidden partial file beside the output, and a work folder in TMPDIR; later runs cleaned neither.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform != "linux", reason="Linux /proc")]

# three sentences: the voices take a second each, the render at 360x640 several seconds more,
# and the parent is killed as soon as an ffmpeg child shows
TEXT = " ".join(f"Sentence number {n} of a video that takes a while to render." for n in range(3))


def _children(pid: int) -> list[tuple[int, str]]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[-1].split()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(stat[1]) == pid:
            found.append((int(entry.name), cmd))
    return found


def _command(pid: int) -> str:
    """The program ``pid`` runs now (its file name), "" once it is gone."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode().rsplit("/")[-1]
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(what: str, check, deadline_s: float):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.05)  # polling a condition with a total deadline, not timing anything
    pytest.fail(f"gave up waiting for {what} after {deadline_s:.0f} s")


def test_kill_9_mid_render_kills_ffmpeg_and_the_next_start_sweeps(tmp_path: Path) -> None:
    tmp, data, out = (tmp_path / n for n in ("tmp", "data", "out"))
    for folder in (tmp, data, out):
        folder.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "SHORTVID_HOME": str(data)}
    cmd = [sys.executable, "-m", "shortvid_desktop.cli"]
    proc = subprocess.Popen(
        [*cmd, "make", "--text", TEXT, "--size", "360x640", "-o", str(out / "video.mp4")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        running = data / "running"

        # a window's ffmpeg (it reports progress), not one of the short runs that make the
        # stills while the scenes are voiced: those end on their own
        def windows() -> list[int]:
            return [pid for pid, c in _children(proc.pid) if "ffmpeg" in c and "-progress" in c]

        ffmpeg_pids = _wait_for(
            "an ffmpeg child rendering", lambda: list(running.glob("*.json")) and windows(), 180
        )
        markers = list(running.glob("*.json"))
        scratch = [Path(p) for m in markers for p in json.loads(m.read_text())["paths"]]
        assert any(p.is_dir() for p in scratch)  # the work folder, in TMPDIR
        os.kill(proc.pid, signal.SIGKILL)  # the parent only: its children must follow
        proc.wait(timeout=30)
        _wait_for("ffmpeg to die with its parent", lambda: not any(map(_alive, ffmpeg_pids)), 30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert list(running.glob("*.json"))  # the dead run's marker is still there
    # the next start of any command sweeps what the dead run left
    done = subprocess.run(
        [*cmd, "providers", "list"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert not any(p.exists() for p in scratch)
    assert list(running.glob("*.json")) == []
    assert list(tmp.iterdir()) == []
    assert [p.name for p in out.iterdir()] == []  # no hidden partial MP4 beside the output


PARENT = """
import subprocess, sys
from shortvid_desktop.jobs.leftovers import die_with_parent
from shortvid_desktop.media.ffmpeg import ffmpeg_exe
cmd, kwargs = die_with_parent(
    [ffmpeg_exe(), "-nostdin", "-re", "-f", "lavfi", "-i", "testsrc2=d=600", "-f", "null", "-"]
)
child = subprocess.Popen(
    cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    start_new_session=True, **kwargs,
)
print(child.pid, flush=True)
child.wait()
"""


def test_a_child_with_no_pipe_to_its_parent_dies_with_it() -> None:
    # ffmpeg writing progress to a pipe dies of the broken pipe anyway; one that only writes a
    # file (or nothing) would render on for minutes without the parent-death signal
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert _alive(child)
        # setpriv arms the signal, then becomes ffmpeg: kill the parent once it has (a parent
        # killed in the microseconds before that leaves no one to signal the child)
        _wait_for("setpriv to start ffmpeg", lambda: _command(child).startswith("ffmpeg"), 30)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=30)
        _wait_for("the child to die with its parent", lambda: not _alive(child), 30)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


SCRATCH = """
import sys, time
from shortvid_desktop.render.process import ScratchFolder
folder = ScratchFolder("shortvid-preview-")
open(folder.name + "/frame.png", "wb").write(b"x" * 1000)
print(folder.name, flush=True)
sys.stdin.read()
"""


def test_a_killed_windows_preview_and_playback_folders_are_swept(tmp_path: Path) -> None:
    tmp, data = tmp_path / "tmp", tmp_path / "data"
    tmp.mkdir()
    data.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "SHORTVID_HOME": str(data)}
    child = subprocess.Popen(
        [sys.executable, "-c", SCRATCH],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    folder = Path(child.stdout.readline().strip())
    assert folder.is_dir() and folder.parent == tmp
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert folder.is_dir()  # nothing cleaned it up: the process had no chance
    cmd = [sys.executable, "-m", "shortvid_desktop.cli", "providers", "list"]
    assert subprocess.run(cmd, env=env, capture_output=True, timeout=120).returncode == 0
    assert not folder.exists()
    assert list(tmp.iterdir()) == []


WATCHED_PARENT = """
import subprocess, sys, threading
from shortvid_desktop.jobs import reaper
from shortvid_desktop.render.process import run_with_progress
reaper.force(True)  # the path macOS and Windows take: no parent-death signal, the watcher
watched = threading.Event()  # ffmpeg is started first, then handed to the watcher
_watch = reaper.watch
def watch(*a, **k):
    unwatch = _watch(*a, **k)
    watched.set()
    return unwatch
reaper.watch = watch
args = ["-re", "-f", "lavfi", "-i", "testsrc2=d=600", "-f", "null", "-"]
kwargs = {"cwd": ".", "total_us": 1, "capture_stdout": True}  # no pipe to die of
threading.Thread(target=run_with_progress, args=(args,), kwargs=kwargs, daemon=True).start()
print(sys.stdin.readline() and watched.wait(60) and reaper.watcher_pid(), flush=True)
sys.stdin.read()
"""


def test_where_the_os_has_no_parent_death_signal_a_watcher_kills_the_helpers() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", WATCHED_PARENT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdin is not None and parent.stdout is not None
        ffmpeg = _wait_for(  # the render's (not a short check of the binary's)
            "an ffmpeg child",
            lambda: [pid for pid, c in _children(parent.pid) if "ffmpeg" in c and "testsrc2" in c],
            60,
        )
        # no setpriv in front of it: only the watcher can kill it
        assert not any("setpriv" in c for _pid, c in _children(parent.pid))
        parent.stdin.write("go\n")
        parent.stdin.flush()
        watcher = int(parent.stdout.readline())
        assert _alive(watcher) and all(map(_alive, ffmpeg))
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=30)
        _wait_for("ffmpeg to die with its parent", lambda: not any(map(_alive, ffmpeg)), 30)
        _wait_for("the watcher to end", lambda: not _alive(watcher), 30)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def test_the_watcher_leaves_helpers_that_ended_and_unrelated_processes_alone() -> None:
    from shortvid_desktop.jobs.reaper import watcher_command

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        watcher = subprocess.Popen(watcher_command(), stdin=subprocess.PIPE, text=True)
        assert watcher.stdin is not None
        watcher.stdin.write(f"+ {sleeper.pid} 0\n+ {other.pid} 0\n- {other.pid}\nnonsense\n")
        watcher.stdin.close()  # as when the app dies
        assert watcher.wait(timeout=30) == 0
        assert sleeper.wait(timeout=30) != 0  # killed
        assert other.poll() is None  # said to be gone: left alone
    finally:
        for p in (sleeper, other):
            if p.poll() is None:
                p.kill()
                p.wait()
