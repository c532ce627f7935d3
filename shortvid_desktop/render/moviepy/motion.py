"""Pictures placed on the canvas (render/transform_graph.py's filters, step by step in numpy).

A placed picture at one frame takes the values of the graph's own expressions
(``transform_graph.value_expr``, evaluated here in double precision on the same clock: frame k
at ``k * (1 / fps)`` plus the clip's offset) rather than ``Motion.at``: sizes are truncated to
even pixels, so a value one ulp under a whole number (0.7 + 0.1 * 0.25) must come out as the
graph's does or the picture is 2 pixels smaller. Then:

* opacity multiplies its alpha (8 bits, truncated like ``lut``);
* it is scaled to ``max(2, trunc(base * scale / 2) * 2)`` pixels each way (bicubic; colour and
  alpha planes scaled apart, as swscale scales yuva planes);
* when any key turns it, it is put in the middle of a square of side ``even(hypot(base) x the
  largest scale + 4)`` and turned clockwise with ``rotate``'s mapping (centre (n - 1) / 2,
  bilinear, edge pixels clamped one pixel out, transparent beyond);
* its centre goes to (x, y) of the canvas: the top-left corner is ``trunc(x * W - ow / 2)``
  rounded down to even (``overlay`` on 4:2:0), and it is blended with its straight alpha.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from types import CodeType

import numpy as np

from ...core.model import Transform
from ..graph import even
from ..transform_graph import Key, Motion, value_expr
from .pictures import Array

# ffmpeg's expression functions value_expr uses
_FUNCS = {
    "_if": lambda c, a, b: a if c else b,
    "_lt": lambda a, b: 1.0 if a < b else 0.0,
    "_cos": math.cos,
    "_PI": math.pi,
}


@lru_cache(maxsize=512)
def _expression(keys: tuple[Key, ...], i: int) -> CodeType:
    expr = value_expr(keys, i, "T")
    expr = re.sub(r"\b(if|lt|cos)\(", r"_\1(", expr).replace("PI", "_PI")
    if not re.fullmatch(r"[\w.()+\-*/, ]*", expr):  # only numbers, T and the calls above
        raise ValueError(f"unexpected placement expression: {expr[:80]}")
    return compile(expr, "<value_expr>", "eval")


def values_at(motion: Motion, frame: int, fps: int, offset_s: float) -> Transform:
    """The transform the graph's expressions give at frame ``frame`` of a stream whose clock is
    ``t = frame / fps`` and whose clip time is ``t + offset_s`` (offset written with 6
    decimals, as the graph writes it)."""
    clock = frame * (1.0 / fps)
    offset = float(f"{offset_s:.6f}")
    if abs(offset) > 1e-9:
        clock = clock + offset
    names = {"__builtins__": {}, **_FUNCS, "T": clock}
    return Transform(*(float(eval(_expression(motion.keys, i), names)) for i in range(5)))


def _resize_plane(plane: Array, w: int, h: int) -> Array:
    from PIL import Image

    if plane.shape[1] == w and plane.shape[0] == h:
        return plane.astype(np.float32)
    im = Image.fromarray(np.clip(np.rint(plane), 0, 255).astype(np.uint8))
    return np.asarray(im.resize((w, h), Image.Resampling.BICUBIC), dtype=np.float32)


def _resize(rgb: Array, alpha: Array, w: int, h: int) -> tuple[Array, Array]:
    from PIL import Image

    if rgb.shape[1] != w or rgb.shape[0] != h:
        im = Image.fromarray(np.clip(np.rint(rgb), 0, 255).astype(np.uint8))
        rgb = np.asarray(im.resize((w, h), Image.Resampling.BICUBIC), dtype=np.float32)
    return rgb.astype(np.float32), _resize_plane(alpha, w, h)


def rotate(rgba: Array, degrees: float, side: int) -> Array:
    """``rotate=a=deg*PI/180:ow=side:oh=side:c=black@0:bilinear=1`` of an (h, w, 4) float
    picture (straight alpha 0..255): turned clockwise about the middle of a side x side square."""
    ih, iw = rgba.shape[:2]
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    j, i = np.mgrid[0:side, 0:side].astype(np.float64)
    dx, dy = i - (side - 1) / 2, j - (side - 1) / 2
    sx = c * dx + s * dy + (iw - 1) / 2
    sy = -s * dx + c * dy + (ih - 1) / 2
    x0, y0 = np.floor(sx).astype(np.intp), np.floor(sy).astype(np.intp)
    inside = (x0 >= -1) & (x0 <= iw) & (y0 >= -1) & (y0 <= ih)
    fx, fy = (sx - x0)[..., None], (sy - y0)[..., None]
    xa, xb = np.clip(x0, 0, iw - 1), np.clip(x0 + 1, 0, iw - 1)
    ya, yb = np.clip(y0, 0, ih - 1), np.clip(y0 + 1, 0, ih - 1)
    top = rgba[ya, xa] * (1 - fx) + rgba[ya, xb] * fx
    bottom = rgba[yb, xa] * (1 - fx) + rgba[yb, xb] * fx
    out = top * (1 - fy) + bottom * fy
    out[~inside] = 0.0
    return out.astype(np.float32)


def place(
    canvas: Array,
    rgb: Array,
    alpha: Array | None,
    t: Transform,
    motion: Motion,
    base_w: float,
    base_h: float,
) -> Array:
    """``rgb`` (float RGB) with ``alpha`` (0..255, None for opaque) placed on ``canvas`` (float
    RGB, changed in place and returned) by the transform ``t`` of ``motion``."""
    h, w = canvas.shape[:2]
    if alpha is None:
        alpha = np.full(rgb.shape[:2], 255.0, np.float32)
    opacity = min(1.0, max(0.0, t.opacity))
    if opacity < 1.0:
        alpha = np.floor(alpha * np.float32(opacity))
    sw = max(2, int(base_w * t.scale / 2) * 2)
    sh = max(2, int(base_h * t.scale / 2) * 2)
    rgb, alpha = _resize(rgb, alpha, sw, sh)
    pic = np.concatenate([rgb, alpha[..., None]], axis=-1)
    if any(abs(r) > 1e-9 for r in motion.values(3)):
        side = even(math.hypot(base_w, base_h) * motion.max_scale() + 4)
        pic = rotate(pic, t.rotation, side)
    ph, pw = pic.shape[:2]
    x = int(w * t.x - pw / 2) & ~1
    y = int(h * t.y - ph / 2) & ~1
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(w, x + pw), min(h, y + ph)
    if x1 <= x0 or y1 <= y0:
        return canvas
    part = pic[y0 - y : y1 - y, x0 - x : x1 - x]
    a = np.clip(part[..., 3:], 0, 255) / np.float32(255)
    canvas[y0:y1, x0:x1] = canvas[y0:y1, x0:x1] * (1 - a) + part[..., :3] * a
    return canvas


__all__ = ["place", "rotate", "values_at"]
