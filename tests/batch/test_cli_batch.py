"""`shortvid batch`: the command-line contract (outputs, summaries, exit codes), kill -9 and
Ctrl+C of a real process, then --resume."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest

from shortvid_desktop.cli import main

SMALL = ["--size", "180x320", "--fps", "24", "--quality", "draft"]
QUEUE = ".shortvid-batch.sqlite"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _valid_mp4(path: Path) -> float:
    with av.open(str(path)) as c:
        assert c.streams.video[0].codec_context.width == 180
        frames = sum(1 for _ in c.decode(video=0))
        assert frames > 24
        return float(c.duration or 0) / 1e6


def _manifest(tmp_path: Path, lines: list[str], name: str = "manifest.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_good_rows_made_bad_rows_named_exit_3(tmp_path: Path, media, capsys) -> None:
    picture = media.image("batch-cli.png")
    manifest = _manifest(
        tmp_path,
        [
            "name,text,media,seconds",
            f"first,The first video of the batch. Short.,{picture},",
            "second,The second video. Also short.,,",
            "badsecs,Bad seconds value.,,soon",
            f"nomedia,Its media is missing.,{tmp_path / 'missing.png'},",
        ],
    )
    out = tmp_path / "out"
    code, stdout, stderr = run(["batch", str(manifest), "-o", str(out), *SMALL], capsys)
    assert code == 3, stderr
    assert stdout.split() == [str(out / "first.mp4"), str(out / "second.mp4")]
    for name in ("first", "second"):
        assert _valid_mp4(out / f"{name}.mp4") > 1
        assert json.loads((out / f"{name}.json").read_text(encoding="utf-8"))["title"]
    # the summary names the bad rows, by row and column
    assert "row 4" in stderr and "seconds" in stderr
    assert "row 5" in stderr and "missing.png" in stderr
    data = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    by_row = {r["row"]: r for r in data["videos"]}
    assert by_row[2]["status"] == by_row[3]["status"] == "done"
    assert by_row[4]["status"] == by_row[5]["status"] == "failed"
    assert "missing.png" in by_row[5]["error"]
    assert by_row[2]["output"] == str(out / "first.mp4")
    assert by_row[2]["size_bytes"] == (out / "first.mp4").stat().st_size
    # running again on the same folder without --resume is refused: it would mix two batches
    code, _o, stderr = run(["batch", str(manifest), "-o", str(out), *SMALL], capsys)
    assert code == 2 and "--resume" in stderr


def test_an_unusable_manifest_exits_2(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nope.csv"
    code, _o, err = run(["batch", str(missing), "-o", str(tmp_path / "out")], capsys)
    assert code == 2 and "nope.csv" in err
    only_bad = _manifest(tmp_path, ["name,text,seconds", "x,Hello.,never"], "bad.csv")
    code, _o, err = run(["batch", str(only_bad), "-o", str(tmp_path / "out2")], capsys)
    assert code == 2 and "row 2" in err
    assert not (tmp_path / "out2" / QUEUE).exists()


def test_dry_run_prints_the_plan_and_makes_nothing(tmp_path: Path, capsys) -> None:
    manifest = _manifest(
        tmp_path, ["name,topic,variants", "cats,Why cats purr,3", "tea,How tea is made,"]
    )
    out = tmp_path / "out"
    code, stdout, stderr = run(["batch", str(manifest), "-o", str(out), "--dry-run"], capsys)
    assert code == 0, stderr
    planned = [line.split("\t")[0] for line in stdout.splitlines()]
    assert planned == [str(out / f"{n}.mp4") for n in ("cats-1", "cats-2", "cats-3", "tea")]
    assert "4 video(s) from 2 row(s)" in stderr
    assert not out.exists()


# --------------------------------------------------------------------------- real processes
pytestmark_linux = pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals")

# three rows: one is made before the stop, the other two are left for --resume (the batch makes
# one video at a time and prepares at most two ahead, so none of them can be done by then)
N_ROWS = 3
ROWS = ["name,text"] + [
    f"clip{i},Video number {i} of a batch that is stopped. It has two sentences."
    for i in range(1, N_ROWS + 1)
]


def _states(out: Path) -> dict[str, str]:
    path = out / QUEUE
    if not path.exists():
        return {}
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return dict(conn.execute("SELECT name, state FROM jobs ORDER BY id").fetchall())
        finally:
            conn.close()
    except sqlite3.OperationalError:  # the schema is being created right now
        return {}


def _wait_for(what: str, check, deadline_s: float, proc: subprocess.Popen):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        if proc.poll() is not None:
            pytest.fail(f"the batch ended (exit {proc.returncode}) before {what}")
        time.sleep(0.05)  # polling a condition with a total deadline, not timing anything
    pytest.fail(f"gave up waiting for {what} after {deadline_s:.0f} s")


def _start(tmp_path: Path, manifest: Path, out: Path) -> tuple[subprocess.Popen, dict]:
    env = {**os.environ, "SHORTVID_HOME": os.environ["SHORTVID_HOME"], "TMPDIR": str(tmp_path)}
    cmd = [sys.executable, "-m", "shortvid_desktop.cli", "batch", str(manifest), "-o", str(out)]
    proc = subprocess.Popen(
        [*cmd, *SMALL], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    return proc, env


def _resume(manifest: Path, out: Path, env: dict) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "shortvid_desktop.cli", "batch", str(manifest), "-o", str(out)]
    return subprocess.run(
        [*cmd, "--resume", *SMALL], env=env, capture_output=True, text=True, timeout=600
    )


def _one_done(out: Path) -> list[str]:
    return [n for n, s in _states(out).items() if s == "done"]


@pytestmark_linux
@pytest.mark.slow
def test_kill_9_mid_batch_then_resume_keeps_finished_videos(tmp_path: Path) -> None:
    manifest = _manifest(tmp_path, ROWS)
    out = tmp_path / "out"
    proc, env = _start(tmp_path, manifest, out)
    try:
        done = _wait_for("one video made", lambda: _one_done(out), 300, proc)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    states = _states(out)
    assert list(states.values()).count("done") < len(states), "nothing was left to resume"
    finished = {n: (out / f"{n}.mp4").stat() for n in done}
    resumed = _resume(manifest, out, env)
    assert resumed.returncode == 0, resumed.stderr
    assert set(_states(out).values()) == {"done"}
    for name, before in finished.items():
        after = (out / f"{name}.mp4").stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
        assert f"[{name}] making" not in resumed.stderr
    for i in range(1, N_ROWS + 1):
        assert _valid_mp4(out / f"clip{i}.mp4") > 1
    leftovers = [p.name for p in out.iterdir() if ".partial" in p.name or p.name.endswith(".tmp")]
    assert leftovers == []
    summary = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in summary["videos"]] == ["done"] * N_ROWS


@pytestmark_linux
@pytest.mark.slow
def test_ctrl_c_exits_130_and_the_batch_resumes(tmp_path: Path) -> None:
    manifest = _manifest(tmp_path, ROWS)
    out = tmp_path / "out"
    proc, env = _start(tmp_path, manifest, out)
    try:
        _wait_for("one video made", lambda: _one_done(out), 300, proc)
        proc.send_signal(signal.SIGINT)
        _stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, stderr
    assert "--resume" in stderr and "Traceback" not in stderr
    states = _states(out)
    assert "running" not in states.values()  # every stopped job is marked, none left hanging
    assert list(states.values()).count("done") < len(states)
    resumed = _resume(manifest, out, env)
    assert resumed.returncode == 0, resumed.stderr
    assert set(_states(out).values()) == {"done"}
