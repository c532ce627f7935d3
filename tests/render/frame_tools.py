"""What the render tests compare frames with: PSNR, a video's frames as RGB arrays, and a
source clip whose every frame differs."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from shortvid_desktop.media.ffmpeg import run_ffmpeg


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """Peak signal-to-noise ratio of two 8-bit pictures in dB (99 when they are equal)."""
    mse = float(np.mean((a.astype(float) - b.astype(float)) ** 2))
    return 99.0 if mse == 0 else 10 * np.log10(255**2 / mse)


def frames_of(path: Path) -> list[np.ndarray]:
    """Every frame of ``path``'s first video stream, RGB."""
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def moving_clip(out: Path, w: int, h: int, fps: int, seconds: float) -> Path:
    """A ``w`` x ``h`` clip of ffmpeg's testsrc2 (every frame different), near-lossless, with a
    keyframe every 10 frames, at ``out``."""
    run_ffmpeg(
        [
            "-f", "lavfi", "-i", f"testsrc2=s={w}x{h}:r={fps}:d={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-qp", "4", "-pix_fmt", "yuv420p",
            "-g", "10", str(out),
        ]
    )  # fmt: skip
    return out
