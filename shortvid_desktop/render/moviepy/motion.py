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


def _resized(plane: Array, size: tuple[int, int], region: tuple[int, int, int, int]) -> Array:
    """The part ``region`` (x0, y0, x1, y1, in pixels of the resized picture) of ``plane``
    ((h, w) or (h, w, 3), 0..255) resized to ``size`` (w, h) with Pillow's bicubic: only that
    part is made (a picture scaled 10x is never built whole), from the same source area with the
    same filter as the whole resize."""
    from PIL import Image

    x0, y0, x1, y1 = region
    ih, iw = plane.shape[:2]
    sw, sh = size
    if (iw, ih) == (sw, sh):
        return plane[y0:y1, x0:x1].astype(np.float32)
    im = Image.fromarray(np.clip(np.rint(plane), 0, 255).astype(np.uint8))
    box = (x0 * iw / sw, y0 * ih / sh, x1 * iw / sw, y1 * ih / sh)
    out = im.resize((x1 - x0, y1 - y0), Image.Resampling.BICUBIC, box=box)
    return np.asarray(out, dtype=np.float32)


def _rotation_map(
    degrees: float, side: int, iw: int, ih: int, window: tuple[int, int, int, int]
) -> tuple[Array, Array]:
    """Where ``rotate`` (clockwise, centre (n - 1) / 2) reads the picture (iw x ih) for the
    output pixels ``window`` (x0, y0, x1, y1) of its side x side square: (sx, sy)."""
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    x0, y0, x1, y1 = window
    i = np.arange(x0, x1, dtype=np.float64)[None, :] - (side - 1) / 2
    j = np.arange(y0, y1, dtype=np.float64)[:, None] - (side - 1) / 2
    return c * i + s * j + (iw - 1) / 2, -s * i + c * j + (ih - 1) / 2


def _bilinear(pic: Array, sx: Array, sy: Array, iw: int, ih: int, origin: tuple[int, int]) -> Array:
    """``rotate``'s bilinear read: pixels whose integer part is within -1..n are drawn (indices
    clamped like interpolate_bilinear8: the pair starts at clip(floor, 0, n - 1)), the rest are
    transparent. ``pic`` holds the picture's part from ``origin`` (x, y) on."""
    fx0, fy0 = np.floor(sx), np.floor(sy)
    inside = (fx0 >= -1) & (fx0 <= iw) & (fy0 >= -1) & (fy0 <= ih)
    fx = (sx - fx0).astype(np.float32)[..., None]
    fy = (sy - fy0).astype(np.float32)[..., None]
    xa = np.clip(fx0.astype(np.intp), 0, iw - 1)
    ya = np.clip(fy0.astype(np.intp), 0, ih - 1)
    xb, yb = np.minimum(xa + 1, iw - 1), np.minimum(ya + 1, ih - 1)
    ox, oy = origin
    xa, xb, ya, yb = xa - ox, xb - ox, ya - oy, yb - oy
    top = pic[ya, xa] * (1 - fx) + pic[ya, xb] * fx
    bottom = pic[yb, xa] * (1 - fx) + pic[yb, xb] * fx
    out = top * (1 - fy) + bottom * fy
    out[~inside] = 0.0
    return out


def rotate(rgba: Array, degrees: float, side: int) -> Array:
    """``rotate=a=deg*PI/180:ow=side:oh=side:c=black@0:bilinear=1`` of a whole (h, w, 4) float
    picture (straight alpha 0..255): turned clockwise about the middle of a side x side square."""
    ih, iw = rgba.shape[:2]
    sx, sy = _rotation_map(degrees, side, iw, ih, (0, 0, side, side))
    return _bilinear(rgba.astype(np.float32), sx, sy, iw, ih, (0, 0))


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
    RGB, changed in place and returned) by the transform ``t`` of ``motion``. Only what lands on
    the canvas is computed."""
    h, w = canvas.shape[:2]
    if alpha is None:
        alpha = np.full(rgb.shape[:2], 255.0, np.float32)
    opacity = min(1.0, max(0.0, t.opacity))
    if opacity < 1.0:
        alpha = np.floor(alpha * np.float32(opacity))
    sw = max(2, int(base_w * t.scale / 2) * 2)
    sh = max(2, int(base_h * t.scale / 2) * 2)
    turned = any(abs(r) > 1e-9 for r in motion.values(3))
    side = even(math.hypot(base_w, base_h) * motion.max_scale() + 4) if turned else 0
    ow, oh = (side, side) if turned else (sw, sh)
    x = int(w * t.x - ow / 2) & ~1
    y = int(h * t.y - oh / 2) & ~1
    win = (max(0, -x), max(0, -y), min(ow, w - x), min(oh, h - y))  # in the placed picture
    if win[2] <= win[0] or win[3] <= win[1]:
        return canvas
    if not turned:
        part = np.concatenate(
            [_resized(rgb, (sw, sh), win), _resized(alpha, (sw, sh), win)[..., None]], axis=-1
        )
    else:
        sx, sy = _rotation_map(t.rotation, side, sw, sh, win)
        # the scaled picture's pixels these reads touch (and their right/lower neighbours)
        rx0 = int(np.clip(np.floor(sx.min()), 0, sw - 1))
        ry0 = int(np.clip(np.floor(sy.min()), 0, sh - 1))
        rx1 = int(np.clip(np.floor(sx.max()) + 2, rx0 + 1, sw))
        ry1 = int(np.clip(np.floor(sy.max()) + 2, ry0 + 1, sh))
        region = (rx0, ry0, rx1, ry1)
        src = np.concatenate(
            [_resized(rgb, (sw, sh), region), _resized(alpha, (sw, sh), region)[..., None]],
            axis=-1,
        )
        part = _bilinear(src, sx, sy, sw, sh, (rx0, ry0))
    a = np.clip(part[..., 3:], 0, 255) / np.float32(255)
    cy0, cx0 = y + win[1], x + win[0]
    cy1, cx1 = y + win[3], x + win[2]
    canvas[cy0:cy1, cx0:cx1] = canvas[cy0:cy1, cx0:cx1] * (1 - a) + part[..., :3] * a
    return canvas


__all__ = ["place", "rotate", "values_at"]
