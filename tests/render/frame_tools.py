"""What the render tests compare frames with: PSNR, and a video's frames as RGB arrays."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """Peak signal-to-noise ratio of two 8-bit pictures in dB (99 when they are equal)."""
    mse = float(np.mean((a.astype(float) - b.astype(float)) ** 2))
    return 99.0 if mse == 0 else 10 * np.log10(255**2 / mse)


def frames_of(path: Path) -> list[np.ndarray]:
    """Every frame of ``path``'s first video stream, RGB."""
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
