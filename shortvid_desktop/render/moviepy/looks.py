"""Colour looks (``effects_graph.Look``) the way the graph's filters compute them, in numpy.

The graph grades each segment on 8-bit BT.709 limited-range Y'CbCr; so does this module, step by
step (on 4:4:4 planes: the graph's 4:2:0 chroma is the only difference):

* ``eq`` (brightness, contrast on Y; saturation as the contrast of Cb and Cr) with the filter's
  own fixed-point formula (``process_c``) on its single-precision values;
* ``colortemperature`` (mix 1, no lightness preservation) and ``lut3d`` (tetrahedral, a ``.cube``
  file) on full-range 8-bit RGB made with rounding (``accurate_rnd``), their results truncated
  to 8 bits as the filters store them, then back to Y'CbCr with rounding;
* ``vignette`` (angle = vignette x 1.2, centred, its dither taken as its mean, half a level).

The ``.cube`` file is checked by ``effects_graph.check_cube`` (the graph's own check) before it
is read here.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from ..effects_graph import NEUTRAL_TEMPERATURE, Look, check_cube
from .pictures import Array, rgb_to_yuv709, yuv709_to_rgb


def _eq_plane(plane: Array, contrast: float, brightness: float) -> Array:
    """``eq``'s ``process_c`` on one 8-bit plane (int array)."""
    c = int(contrast * 256 * 16)
    b = (int(100.0 * brightness + 100.0) * 511) // 200 - 128 - c // 32
    return np.clip(((plane * c) >> 12) + b, 0, 255)


def _kelvin_rgb(k: float) -> tuple[float, float, float]:
    """``colortemperature``'s kelvin2rgb (single precision like the filter)."""
    f = np.float32
    kelvin = f(k) / f(100.0)

    def sat(v: float) -> float:
        return float(min(max(v, 0.0), 1.0))

    if kelvin <= 66.0:
        r = 1.0
        g = sat(f(0.39008157876901960784) * np.log(kelvin) - f(0.63184144378862745098))
    else:
        t = max(kelvin - f(60.0), f(0.0))
        r = sat(f(1.29293618606274509804) * np.power(t, f(-0.1332047592)))
        g = sat(f(1.12989086089529411765) * np.power(t, f(-0.0755148492)))
    if kelvin >= 66.0:
        b = 1.0
    elif kelvin <= 19.0:
        b = 0.0
    else:
        b = sat(f(0.54320678911019607843) * np.log(kelvin - f(10.0)) - f(1.19625408914))
    return r, g, b


@lru_cache(maxsize=8)
def read_cube(path: str) -> tuple[Array, Array, Array]:
    """A checked ``.cube`` file as (table indexed [r, g, b] -> rgb, domain min, domain max)."""
    size = check_cube(path)
    lo, hi = np.zeros(3), np.ones(3)
    rows: list[list[float]] = []
    text = open(path, "rb").read().decode("utf-8-sig")
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word = line.split()[0].upper()
        if word == "DOMAIN_MIN":
            lo = np.array([float(v) for v in line.split()[1:4]])
        elif word == "DOMAIN_MAX":
            hi = np.array([float(v) for v in line.split()[1:4]])
        elif word[0].isdigit() or word[0] in "-+.":
            rows.append([float(v) for v in line.split()])
    # rows run with red fastest: row = b * size^2 + g * size + r
    table = np.asarray(rows, np.float32).reshape(size, size, size, 3).transpose(2, 1, 0, 3)
    return np.ascontiguousarray(table), lo, hi


def _lut3d(rgb8: Array, path: str) -> Array:
    """``lut3d=interp=tetrahedral`` on 8-bit RGB (int array (..., 3)); 8-bit result.

    Each pixel's tetrahedron is picked with ffmpeg's comparisons (ties as there); its two inner
    corners and four weights are gathered once, and the sum is taken in the filter's order in
    single precision (the filter's result but for 1 level on the odd pixel, where the compiled
    C rounds differently)."""
    table, lo, hi = read_cube(path)
    n = table.shape[0]
    flat = table.reshape(-1, 3)
    f32 = np.float32
    shape = rgb8.shape
    scale = (f32(1.0) / (hi - lo).astype(f32)) * f32(n - 1)
    s = (rgb8.reshape(-1, 3).astype(f32) * f32(1.0 / 255) - lo.astype(f32)) * scale
    s = np.clip(s, f32(0), f32(n - 1)).astype(f32)
    prev = s.astype(np.int32)
    d = s - prev
    dr, dg, db = d[:, 0], d[:, 1], d[:, 2]
    strides = np.array([n * n, n, 1], np.int32)
    step = np.where(prev < n - 1, strides, 0).astype(np.int32)  # NEXT clamps at the edge
    base = prev[:, 0] * strides[0] + prev[:, 1] * strides[1] + prev[:, 2]
    # ffmpeg's six cases -> (first, second, third) axes: 0 r, 1 g, 2 b
    r_g, g_b, r_b, b_g, b_r = dr > dg, dg > db, dr > db, db > dg, db > dr
    case = np.where(
        r_g,
        np.where(g_b, 0, np.where(r_b, 1, 2)),
        np.where(b_g, 3, np.where(b_r, 4, 5)),
    ).astype(np.int8)
    orders = np.array([[0, 1, 2], [0, 2, 1], [2, 0, 1], [2, 1, 0], [1, 2, 0], [1, 0, 2]], np.int8)
    order = orders[case]  # (N, 3): the axes from the largest fraction down
    dd = np.take_along_axis(d, order, axis=1)
    ss = np.take_along_axis(step, order, axis=1)
    v1 = base + ss[:, 0]
    v2 = v1 + ss[:, 1]
    v3 = v2 + ss[:, 2]
    da, dbb, dc = dd[:, 0], dd[:, 1], dd[:, 2]
    w0, w1, w2, w3 = (f32(1) - da), (da - dbb), (dbb - dc), dc
    out = (
        w0[:, None] * flat[base]
        + w1[:, None] * flat[v1]
        + w2[:, None] * flat[v2]
        + w3[:, None] * flat[v3]
    )
    return np.clip((out * f32(255)).astype(np.int64), 0, 255).reshape(shape)


@lru_cache(maxsize=8)
def _vignette_map(w: int, h: int, angle: float) -> Array:
    """``vignette``'s factor map (forward mode, centred, square pixels)."""
    angle = min(max(angle, 0.0), math.pi / 2)
    dmax = math.hypot(w / 2.0, h / 2.0)
    xx = np.trunc(np.arange(w) - w / 2.0)
    yy = np.trunc(np.arange(h) - h / 2.0)
    dnorm = np.hypot(xx[None, :], yy[:, None]) / dmax
    c = np.cos(angle * dnorm)
    return np.where(dnorm > 1, 0.0, (c * c) * (c * c)).astype(np.float64)


def grade(rgb: Array, looks: tuple[Look, ...]) -> Array:
    """A float RGB picture (0..255) with each look applied in turn (effects_graph.grade)."""
    if not looks:
        return rgb
    yuv = np.clip(np.rint(rgb_to_yuv709(rgb)), 0, 255).astype(np.int64)
    for look in looks:
        # eq keeps its values as floats (av_clipf): 0.06 is 0.0599999987 there, so the
        # brightness term (int)(100 * b + 100) comes out one lower than in double precision
        contrast, brightness, saturation = (
            float(np.float32(f"{v:.4f}")) for v in (look.contrast, look.brightness, look.saturation)
        )
        if contrast != 1.0 or brightness != 0.0:
            yuv[..., 0] = _eq_plane(yuv[..., 0], contrast, brightness)
        if saturation != 1.0:
            yuv[..., 1] = _eq_plane(yuv[..., 1], saturation, 0.0)
            yuv[..., 2] = _eq_plane(yuv[..., 2], saturation, 0.0)
        if look.temperature != NEUTRAL_TEMPERATURE or look.lut_path:
            rgb8 = np.clip(np.rint(yuv709_to_rgb(yuv.astype(np.float32))), 0, 255)
            rgb8 = rgb8.astype(np.int64)
            if look.temperature != NEUTRAL_TEMPERATURE:
                gains = np.asarray(_kelvin_rgb(look.temperature), np.float32)
                rgb8 = np.clip((rgb8.astype(np.float32) * gains).astype(np.int64), 0, 255)
            if look.lut_path:
                rgb8 = _lut3d(rgb8, look.lut_path)
            yuv = np.clip(np.rint(rgb_to_yuv709(rgb8.astype(np.float32))), 0, 255)
            yuv = yuv.astype(np.int64)
        if look.vignette > 0:
            h, w = yuv.shape[:2]
            f = _vignette_map(w, h, float(f"{look.vignette * 1.2:.4f}"))
            yuv[..., 0] = np.clip(np.floor(f * yuv[..., 0] + 0.5), 0, 255)
            for i in (1, 2):
                yuv[..., i] = np.clip(np.floor(f * (yuv[..., i] - 127) + 127.5), 0, 255)
    return yuv709_to_rgb(yuv.astype(np.float32))


__all__ = ["grade", "read_cube"]
