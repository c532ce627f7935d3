"""The machine fails, not the input: a full disk, a database held by another program, a bug.
Each gets one plain sentence (exit 1), nothing is lost (an earlier export, the project, the
export history) and no half-written file stays behind. A full disk is a real 1 MB tmpfs; a
locked database is a second process holding SQLite's exclusive lock."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from shortvid_desktop import paths
from shortvid_desktop.cli import main

SMALL = ["--size", "180x320", "--fps", "24", "--quality", "draft"]
HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
"""


def _shortvid(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shortvid_desktop.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs (needs root, as on CI), already holding an earlier export."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)])
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        # the earlier export, big enough that a small render fills the rest of the disk
        (disk / "video.mp4").write_bytes(os.urandom(900_000))
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.fixture
def locked_database() -> Iterator[Path]:
    assert main(["providers", "list"]) == 0  # makes the database
    database = paths.database_path()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    try:
        yield database
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_full_disk_keeps_the_earlier_export_and_leaves_no_partial(full_disk: Path) -> None:
    old = full_disk / "video.mp4"
    before = _digest(old)
    # two sentences at 720x1280 make about 350 KB: more than the 140 KB left on the disk
    text = " ".join(f"Sentence {n} fills the little disk quickly." for n in range(2))
    done = _shortvid("make", "--text", text, "-o", str(old), "--size", "720x1280")
    assert done.returncode == 1, done.stderr
    assert "disk is full" in done.stderr and "Traceback" not in done.stderr
    assert _digest(old) == before  # the earlier export is intact
    assert sorted(p.name for p in full_disk.iterdir()) == ["video.mp4"]


def test_a_full_disk_while_saving_the_project_says_so(full_disk: Path, tmp_path: Path) -> None:
    fill = os.open(full_disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fill, b"\0" * 4096)
    except OSError:
        pass  # now the disk is full
    finally:
        os.close(fill)
    out = tmp_path / "made.mp4"
    project = full_disk / "project.json"
    done = _shortvid(
        "make", "--text", "One. Two.", "-o", str(out), *SMALL, "--save-project", str(project)
    )
    assert done.returncode == 1, done.stderr
    assert "disk is full while writing" in done.stderr and "Traceback" not in done.stderr
    assert out.is_file()  # the video was made before the project could not be saved
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler", "video.mp4"]


def test_a_locked_database_is_named_not_a_traceback(locked_database: Path) -> None:
    done = _shortvid("providers", "use", "openai")
    assert done.returncode == 1
    assert "in use by another program" in done.stderr and str(locked_database) in done.stderr
    assert "Traceback" not in done.stderr


def test_make_with_a_locked_database_makes_the_video_and_keeps_its_history(
    tmp_path: Path,
) -> None:
    from shortvid_desktop.store import Store

    out = tmp_path / "busy.mp4"
    assert main(["providers", "list"]) == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(paths.database_path())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        done = _shortvid("make", "--text", "One. Two.", "-o", str(out), *SMALL)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert done.returncode == 0, done.stderr
    assert out.is_file() and "history entry is kept" in done.stderr
    assert _shortvid("providers", "list").returncode == 0  # the next start records it
    with Store() as store:
        rows = [r for r in store.exports() if r.output_path == str(out)]
    assert [r.status for r in rows] == ["done"]


def test_an_unexpected_error_writes_a_crash_report(monkeypatch, capsys) -> None:
    from shortvid_desktop.session import doctor

    secret = "sk-proj-Zq8vK2mW9xR4tL7pN3bH6jF1aaaa"

    def broken(*_args: object, **_kwargs: object) -> dict:
        raise RuntimeError(f"a bug with a key in it: {secret}")

    monkeypatch.setattr(doctor, "doctor_report", broken)
    assert main(["doctor"]) == 1
    err = capsys.readouterr().err
    assert "unexpected problem (RuntimeError)" in err and "Traceback" not in err
    report = Path(err.split("details are in ", 1)[1].split(";", 1)[0])
    text = report.read_text(encoding="utf-8")
    assert "Traceback" in text and "ShortVid" in text and "shortvid doctor" in text
    assert secret not in text  # keys are redacted


def _mount(*args: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting needs root")
    if subprocess.run(["mount", *args]).returncode != 0:
        pytest.skip("cannot mount here")


@pytest.mark.parametrize("fault", ["read-only", "full"])
def test_an_unwritable_data_folder_still_makes_the_video(tmp_path: Path, fault: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    env = {**os.environ, "SHORTVID_HOME": str(data)}
    cmd = [sys.executable, "-m", "shortvid_desktop.cli"]
    if fault == "read-only":
        subprocess.run([*cmd, "providers", "list"], env=env, check=True, capture_output=True)
        _mount("--bind", str(data), str(data))
        try:
            _mount("-o", "remount,bind,ro", str(data))
        except BaseException:
            subprocess.run(["umount", "-l", str(data)], check=False)
            raise
    else:
        _mount("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(data))
        subprocess.run([*cmd, "providers", "list"], env=env, check=True, capture_output=True)
        fill = os.open(data / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fill, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(fill)
    try:
        out = tmp_path / "made.mp4"
        done = subprocess.run(
            [*cmd, "make", "--text", "One. Two.", "-o", str(out), *SMALL],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        subprocess.run(["umount", "-l", str(data)], check=False)
    assert done.returncode == 0, done.stderr
    assert out.is_file()
    assert "Working without caches this time" in done.stderr
    assert "could not be added to the export history" in done.stderr  # said, not silent
