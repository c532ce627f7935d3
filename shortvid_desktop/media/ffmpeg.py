"""The ffmpeg binary (from the imageio-ffmpeg wheel unless SHORTVID_FFMPEG names another)."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from pathlib import Path


@functools.cache
def ffmpeg_exe() -> str:
    env = os.environ.get("SHORTVID_FFMPEG")
    if env:
        return env
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


@functools.cache
def ffmpeg_version() -> str:
    out = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-version"], capture_output=True, text=True, check=False
    ).stdout
    m = re.search(r"ffmpeg version (\S+)", out)
    return m.group(1) if m else "unknown"


@functools.cache
def ffmpeg_encoders() -> frozenset[str]:
    out = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-encoders"], capture_output=True, text=True, check=False
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
        [ffmpeg_exe(), "-hide_banner", "-filters"], capture_output=True, text=True, check=False
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
    )
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"ffmpeg failed ({proc.returncode}):\n{tail}")
    return proc.stderr
