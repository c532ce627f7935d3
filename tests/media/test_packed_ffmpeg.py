"""The app bundle's packed ffmpeg (issue 5): unpacked once into the user cache, atomically,
checked against the manifest's size and SHA-256, and unpacked again when damaged or missing.
A small stand-in program replaces the real 165 MB one; build/slim.py packs it as the spec does."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from shortvid_desktop import paths
from shortvid_desktop.media import ffmpeg as ffmpeg_mod

REPO = Path(__file__).resolve().parents[2]


def _slim():
    spec = importlib.util.spec_from_file_location("slim", REPO / "build" / "slim.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """A fake bundle folder (sys._MEIPASS) holding a packed stand-in 'ffmpeg'."""
    program = tmp_path / "ffmpeg-test-v1"
    program.write_bytes(b"#!/bin/sh\necho 'ffmpeg version 9.9-test'\n" + os.urandom(300_000))
    program.chmod(0o755)
    root = tmp_path / "bundle"
    archive, manifest = _slim().pack_ffmpeg(program, root / "shortvid_ffmpeg")
    monkeypatch.setattr(sys, "_MEIPASS", str(root), raising=False)
    monkeypatch.delenv("SHORTVID_FFMPEG", raising=False)
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", "")  # recorded, so ffmpeg_exe()'s value is undone
    monkeypatch.delenv("IMAGEIO_FFMPEG_EXE")
    ffmpeg_mod.ffmpeg_exe.cache_clear()
    yield {"program": program, "archive": archive, "manifest": manifest}
    ffmpeg_mod.ffmpeg_exe.cache_clear()


def test_manifest_describes_the_program(bundle: dict) -> None:
    info = json.loads(bundle["manifest"].read_text("utf-8"))
    data = bundle["program"].read_bytes()
    assert info["name"] == "ffmpeg-test-v1" and info["size"] == len(data)
    assert info["sha256"] == hashlib.sha256(data).hexdigest()
    assert info["archive"] == bundle["archive"].name
    assert paths.packed_ffmpeg_manifest() == bundle["manifest"]


def test_unpacked_once_into_the_user_cache(
    bundle: dict, shortvid_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = Path(ffmpeg_mod.ffmpeg_exe())
    assert exe.is_relative_to(shortvid_home / "cache" / "ffmpeg")
    assert exe.read_bytes() == bundle["program"].read_bytes()
    if sys.platform != "win32":
        assert exe.stat().st_mode & stat.S_IXUSR
    assert os.environ["IMAGEIO_FFMPEG_EXE"] == str(exe)  # MoviePy runs the same program
    assert sorted(p.name for p in exe.parent.iterdir()) == [exe.name, exe.name + ".verified"]

    mtime = exe.stat().st_mtime_ns
    hashed = []
    monkeypatch.setattr(ffmpeg_mod, "_sha256", lambda p: hashed.append(p) or "x")
    assert ffmpeg_mod.unpacked_ffmpeg(bundle["manifest"]) == exe  # the stamp matches: no hashing
    assert exe.stat().st_mtime_ns == mtime and not hashed


def test_damaged_or_missing_copy_is_unpacked_again(bundle: dict) -> None:
    exe = ffmpeg_mod.unpacked_ffmpeg(bundle["manifest"])
    good = bundle["program"].read_bytes()
    exe.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))  # same size, one bit off
    assert ffmpeg_mod.unpacked_ffmpeg(bundle["manifest"]).read_bytes() == good
    exe.write_bytes(good[:1000])  # truncated
    assert ffmpeg_mod.unpacked_ffmpeg(bundle["manifest"]).read_bytes() == good
    exe.unlink()
    assert ffmpeg_mod.unpacked_ffmpeg(bundle["manifest"]).read_bytes() == good


def test_threads_unpacking_at_once_get_one_good_copy(bundle: dict) -> None:
    results: list[Path] = []
    threads = [
        threading.Thread(
            target=lambda: results.append(ffmpeg_mod.unpacked_ffmpeg(bundle["manifest"]))
        )
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1
    assert results[0].read_bytes() == bundle["program"].read_bytes()
    assert not [p for p in results[0].parent.iterdir() if p.name.startswith(".unpack-")]


def test_a_damaged_archive_is_reported_and_leaves_nothing_behind(bundle: dict) -> None:
    data = bytearray(bundle["archive"].read_bytes())
    data[len(data) // 2] ^= 0xFF
    bundle["archive"].write_bytes(bytes(data))
    with pytest.raises(RuntimeError, match="damaged"):
        ffmpeg_mod.unpacked_ffmpeg(bundle["manifest"])
    folder = ffmpeg_mod._unpack_target(json.loads(bundle["manifest"].read_text("utf-8"))).parent
    assert not folder.exists() or not list(folder.iterdir())


def test_an_earlier_versions_copy_is_removed(bundle: dict) -> None:
    old = paths.cache_dir("ffmpeg", "0123456789abcdef")
    (old / "ffmpeg-old").write_bytes(b"old")
    exe = ffmpeg_mod.unpacked_ffmpeg(bundle["manifest"])
    assert exe.is_file() and not old.exists()
