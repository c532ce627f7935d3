"""The ffmpeg binary: ``SHORTVID_FFMPEG`` if set, else the app bundle's packed copy, else the one
in the imageio-ffmpeg wheel, else ffmpeg on PATH.

The app bundle (``shortvid.spec``) carries ffmpeg xz-compressed (a third of its size) with a
manifest of its size and SHA-256. The first call unpacks it into ``paths.cache_dir("ffmpeg")``:
into a temporary file, checked against the manifest, then renamed into place, so a crash, a full
disk or a second process starting at the same moment never leaves a half-written program behind.
Later calls check the size and a stamp of the verified file's size and modification time, and hash
it again (and unpack it again if it is damaged or missing) when those do not match.
"""

from __future__ import annotations

import functools
import hashlib
import json
import lzma
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .. import paths
from ..jobs.spawn import no_window

_UNPACK_LOCK = threading.Lock()
_CHUNK = 1 << 20


@functools.cache
def ffmpeg_exe() -> str:
    env = os.environ.get("SHORTVID_FFMPEG")
    if env:
        return env
    manifest = paths.packed_ffmpeg_manifest()
    if manifest is not None:
        exe = str(unpacked_ffmpeg(manifest))
        os.environ["IMAGEIO_FFMPEG_EXE"] = exe  # MoviePy asks imageio-ffmpeg
        return exe
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception:  # noqa: BLE001 - fall back to PATH
        found = shutil.which("ffmpeg")
        if found:
            return found
        raise RuntimeError(
            "ffmpeg was not found: reinstall ShortVid (the imageio-ffmpeg package ships it) "
            "or set SHORTVID_FFMPEG to an ffmpeg binary"
        ) from None


# ------------------------------------------------------------------ the bundle's packed ffmpeg
def _read_manifest(manifest: Path) -> dict:
    """``{name, size, sha256, archive}`` written by shortvid.spec next to the archive."""
    info = json.loads(manifest.read_text(encoding="utf-8"))
    if not (
        isinstance(info.get("size"), int)
        and re.fullmatch(r"[0-9a-f]{64}", str(info.get("sha256", "")))
        and re.fullmatch(r"[\w.+-]+", str(info.get("name", "")))
        and re.fullmatch(r"[\w.+-]+", str(info.get("archive", "")))
    ):
        raise ValueError(f"{manifest} is not a packed-ffmpeg manifest")
    return info


def _unpack_target(info: dict) -> Path:
    """Where the packed ffmpeg goes: one folder per binary (its hash), in the user cache."""
    return paths.user_data_dir() / "cache" / "ffmpeg" / info["sha256"][:16] / info["name"]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + ".verified")


def _stamp_text(info: dict, path: Path) -> str:
    st = path.stat()
    return f"{info['sha256']} {st.st_size} {st.st_mtime_ns}\n"


def _verified(target: Path, info: dict) -> bool:
    """The unpacked file is the manifest's: same size, and the same hash (hashed again unless the
    stamp written after the last check still matches its size and modification time)."""
    try:
        if target.stat().st_size != info["size"]:
            return False
        stamp = _stamp_text(info, target)
        try:
            if _stamp(target).read_text(encoding="utf-8") == stamp:
                return True
        except OSError:
            pass
        if _sha256(target) != info["sha256"]:
            return False
        _stamp(target).write_text(stamp, encoding="utf-8")
    except OSError:
        return False
    if sys.platform != "win32" and not os.access(target, os.X_OK):
        try:
            target.chmod(0o755)
        except OSError:
            return False
    return True


def unpacked_ffmpeg(manifest: Path) -> Path:
    """The bundle's ffmpeg, unpacked (once) into the user cache; raises RuntimeError if it cannot
    be (the message says why: a damaged app folder, or no space left in the cache)."""
    try:
        info = _read_manifest(manifest)
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"the app's ffmpeg manifest is unreadable ({exc}): reinstall") from None
    target = _unpack_target(info)
    with _UNPACK_LOCK:
        if _verified(target, info):
            return target
        _unpack(manifest.parent / info["archive"], target, info)
    _remove_other_versions(target.parent)
    return target


def _unpack(archive: Path, target: Path, info: dict) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".unpack-", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        digest, size = hashlib.sha256(), 0
        with os.fdopen(fd, "wb") as out, lzma.open(archive) as src:
            while chunk := src.read(_CHUNK):
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        if size != info["size"] or digest.hexdigest() != info["sha256"]:
            raise RuntimeError(
                f"the app's packed ffmpeg ({archive}) is damaged: reinstall ShortVid"
            )
        tmp.chmod(0o755)
        try:
            os.replace(tmp, target)
        except OSError:
            # Windows: another ShortVid unpacked it first and is running it now.
            if not _verified(target, info):
                raise
            return
        _stamp(target).write_text(_stamp_text(info, target), encoding="utf-8")
    except lzma.LZMAError as exc:
        raise RuntimeError(
            f"the app's packed ffmpeg ({archive}) is damaged ({exc}): reinstall"
        ) from None
    except OSError as exc:
        raise RuntimeError(
            f"could not unpack ffmpeg ({info['size'] // 2**20} MB) into {target.parent}: {exc}"
        ) from None
    finally:
        tmp.unlink(missing_ok=True)


def _remove_other_versions(keep: Path) -> None:
    """Earlier app versions' unpacked ffmpeg, and temporary files a killed unpack left behind."""
    now = time.time()
    try:
        for folder in keep.parent.iterdir():
            if folder.is_dir() and folder != keep:
                shutil.rmtree(folder, ignore_errors=True)
        for leftover in keep.glob(".unpack-*"):
            if now - leftover.stat().st_mtime > 3600:
                leftover.unlink(missing_ok=True)
    except OSError:
        pass


def _point_imageio_at_the_bundle() -> None:
    """In the app bundle MoviePy (through imageio-ffmpeg) must run the same ffmpeg, and it may be
    imported before ``ffmpeg_exe()`` first runs: name the file now, ``ffmpeg_exe()`` makes it."""
    if os.environ.get("IMAGEIO_FFMPEG_EXE"):
        return
    manifest = paths.packed_ffmpeg_manifest()
    if manifest is None:
        return
    try:
        os.environ["IMAGEIO_FFMPEG_EXE"] = os.environ.get("SHORTVID_FFMPEG") or str(
            _unpack_target(_read_manifest(manifest))
        )
    except (OSError, ValueError):
        pass


_point_imageio_at_the_bundle()


@functools.cache
def ffmpeg_version() -> str:
    out = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-version"],
        capture_output=True,
        text=True,
        check=False,
        **no_window(),
    ).stdout
    m = re.search(r"ffmpeg version (\S+)", out)
    return m.group(1) if m else "unknown"


@functools.cache
def ffmpeg_encoders() -> frozenset[str]:
    out = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-encoders"],
        capture_output=True,
        text=True,
        check=False,
        **no_window(),
    ).stdout
    names = set()
    for line in out.splitlines():
        m = re.match(r"\s*[VAS][.A-Z]{5}\s+(\S+)", line)
        if m:
            names.add(m.group(1))
    return frozenset(names)


@functools.cache
def ffmpeg_filters() -> frozenset[str]:
    out = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-filters"],
        capture_output=True,
        text=True,
        check=False,
        **no_window(),
    ).stdout
    names = set()
    for line in out.splitlines():
        m = re.match(r"\s*[.TSC|]{2,4}\s+(\S+)\s+\S+->\S+", line)
        if m:
            names.add(m.group(1))
    return frozenset(names)


def run_ffmpeg(args: list[str], cwd: str | Path | None = None, timeout: float = 600) -> str:
    """Run ffmpeg to completion (short helper jobs); returns stderr; raises on failure."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *args],
        capture_output=True,
        text=True,
        errors="replace",
        cwd=cwd,
        timeout=timeout,
        check=False,
        **no_window(),
    )
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"ffmpeg failed ({proc.returncode}):\n{tail}")
    return proc.stderr
