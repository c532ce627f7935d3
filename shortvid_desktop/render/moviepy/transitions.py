"""Transitions with xfade's own formulas (fading to xfade's black and white)."""

from __future__ import annotations

from typing import get_args

import numpy as np

from ...core.model import TransitionKind
from .pictures import Array, yuv709_to_rgb

# The transitions drawn with xfade's own formula (every kind of the model but a cut).
XFADE_KINDS = frozenset(get_args(TransitionKind)) - {"cut"}
# The kinds ``xfade`` below has a formula for (a kind added to the model and not here is refused
# by unsupported.py rather than drawn as a crossfade).
DRAWN_KINDS = frozenset(
    {"fade", "fadeblack", "fadewhite", "slideleft", "slideright", "slideup", "slidedown"}
    | {"wipeleft", "wiperight", "zoomin"}
)

# xfade fades through Y=0/255 with chroma at max/2 = 127 (yuv444p); the same points in RGB.
_XFADE_BLACK = yuv709_to_rgb(np.array([0.0, 127.0, 127.0], np.float32))
_XFADE_WHITE = yuv709_to_rgb(np.array([255.0, 127.0, 127.0], np.float32))


def xfade_progress(k: int, frames: int) -> np.float32:
    """xfade's progress for the k-th frame of a T-frame transition (float32, as in C)."""
    return np.float32(
        np.clip(np.float32(1.0) - np.float32(k) / np.float32(frames), np.float32(0), np.float32(1))
    )


def _smoothstep(e0: float, e1: float, x: float) -> float:
    t = min(max((x - e0) / (e1 - e0), 0.0), 1.0)
    return t * t * (3.0 - 2.0 * t)


def xfade(kind: str, a: Array, b: Array, progress: float) -> Array:
    """One xfade frame: ``a`` outgoing, ``b`` incoming, progress 1 -> 0 (xfade's convention)."""
    p = float(progress)
    kind = kind if kind in XFADE_KINDS else "fade"
    h, w = a.shape[:2]
    if kind in ("fadeblack", "fadewhite"):
        bg = _XFADE_BLACK if kind == "fadeblack" else _XFADE_WHITE
        s0 = _smoothstep(0.8, 1.0, p)
        s1 = _smoothstep(0.2, 1.0, p)
        left = a * s0 + bg * (1 - s0)
        right = bg * s1 + b * (1 - s1)
        return left * p + right * (1 - p)
    if kind in ("slideleft", "slideright"):
        z = int(np.float32(-p if kind == "slideleft" else p) * np.float32(w))
        zx = np.arange(w) + z
        src = np.mod(zx, w)
        inside = (zx >= 0) & (zx < w)
        return np.where(inside[None, :, None], b[:, src], a[:, src])
    if kind in ("slideup", "slidedown"):
        z = int(np.float32(-p if kind == "slideup" else p) * np.float32(h))
        zy = np.arange(h) + z
        src = np.mod(zy, h)
        inside = (zy >= 0) & (zy < h)
        return np.where(inside[:, None, None], b[src], a[src])
    if kind == "wipeleft":
        z = int(np.float32(w) * np.float32(p))
        return np.where((np.arange(w) > z)[None, :, None], b, a)
    if kind == "wiperight":
        z = int(np.float32(w) * (np.float32(1) - np.float32(p)))
        return np.where((np.arange(w) > z)[None, :, None], a, b)
    if kind == "zoomin":
        zf = _smoothstep(0.5, 1.0, p)
        u = 0.5 + (np.arange(w, dtype=np.float32) / np.float32(w) - 0.5) * zf
        v = 0.5 + (np.arange(h, dtype=np.float32) / np.float32(h) - 0.5) * zf
        iu = np.ceil(u * (w - 1)).astype(np.intp)
        iv = np.ceil(v * (h - 1)).astype(np.intp)
        zoomed = a[iv][:, iu]
        m = _smoothstep(0.0, 0.5, p)
        return zoomed * m + b * (1 - m)
    return a * p + b * (1 - p)  # "fade", and the fallback for kinds not drawn here
