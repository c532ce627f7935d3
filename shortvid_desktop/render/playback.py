"""ffmpeg work for instant playback (see ``session/playback.py``): the whole timeline's sound at
its loudness as one seekable FLAC, a piece's frames streamed as raw RGB while it plays, and a
piece's small frames kept in memory for scrubbing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from ..jobs import CancelToken, reaper
from ..jobs.leftovers import die_with_parent
from ..media.ffmpeg import ffmpeg_exe
from .process import _kill, _popen_group_kwargs, run_with_progress
from .proxy import Sound


def sound_track(sound: Sound, out_path: Path, *, cancel: CancelToken | None = None) -> Path:
    """The mixed sound at the target loudness (the measured gain, peaks held under -1.5 dBTP)
    as FLAC: lossless and sample-exact to seek, so the player can start anywhere in it."""
    tmp = out_path.with_name(f".partial-{threading.get_ident()}-{out_path.name}")
    args = ["-i", str(sound.path.absolute()), "-vn"]
    if sound.gain_db:
        args += ["-af", f"volume={sound.gain_db:.2f}dB,alimiter=limit=0.84:level=0:latency=1"]
    args += ["-c:a", "flac", "-ar", "48000", "-ac", "2", "-f", "flac", str(tmp)]
    try:
        run_with_progress(args, cwd=out_path.parent, total_us=0, cancel=cancel)
        os.replace(tmp, out_path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return out_path


def strip_frames(
    path: Path, *, width: int, height: int, stride: int, cancel: CancelToken | None = None
) -> list[bytes]:
    """Every ``stride``-th frame of a piece, scaled to ``width`` x ``height``, as RGB24."""
    vf = f"select=not(mod(n\\,{max(1, stride)})),scale={width}:{height}:flags=area"
    args = ["-i", str(Path(path).absolute()), "-an", "-vf", vf, "-fps_mode", "passthrough"]
    args += ["-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]
    data = run_with_progress(
        args, cwd=Path(path).parent, total_us=0, cancel=cancel, capture_stdout=True
    )
    assert isinstance(data, bytes)
    size = width * height * 3
    return [data[i : i + size] for i in range(0, len(data) - size + 1, size)]


class FrameStream:
    """The frames of a video file from frame ``start`` on as raw RGB24 (``width * height * 3``
    bytes each), decoded by an ffmpeg child process as they are read. ``close()`` (from any
    thread) ends it; ``read()`` then returns None."""

    def __init__(self, path: Path, start: int, fps: int, width: int, height: int) -> None:
        self.size = width * height * 3
        # half a frame early: the first frame out is ``start`` whatever the rounding of its time
        ss = max(0.0, (start - 0.5) / max(1, fps))
        cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error"]
        cmd += ["-ss", f"{ss:.6f}", "-i", str(Path(path).absolute()), "-an"]
        cmd += ["-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]
        cmd, mortal = die_with_parent(cmd)
        self._proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            bufsize=0,
            **_popen_group_kwargs(),  # type: ignore[arg-type]
            **mortal,  # type: ignore[arg-type]
        )
        self._unwatch = reaper.watch(self._proc.pid, group=not sys.platform.startswith("win"))
        self._closed = False

    def read(self) -> bytes | None:
        """The next frame, or None at the end (or once closed)."""
        out = self._proc.stdout
        if out is None or self._closed:
            return None
        buf = bytearray(self.size)
        view = memoryview(buf)
        got = 0
        while got < self.size:
            try:
                n = out.readinto(view[got:])  # type: ignore[attr-defined]
            except (OSError, ValueError):
                return None
            if not n:
                return None
            got += n
        return bytes(buf)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        _kill(self._proc)
        try:
            self._proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        if self._proc.stdout is not None:
            self._proc.stdout.close()
        self._unwatch()


__all__ = ["FrameStream", "sound_track", "strip_frames"]
