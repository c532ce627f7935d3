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
    """``lut3d=interp=tetrahedral`` on 8-bit RGB (int array (..., 3)); 8-bit result."""
    table, lo, hi = read_cube(path)
    n = table.shape[0]
    f32 = np.float32
    scale = (f32(1.0) / (hi - lo).astype(f32)) * f32(n - 1)
    s = np.clip(
        (rgb8.astype(f32) * f32(1.0 / 255) - lo.astype(f32)) * scale, f32(0), f32(n - 1)
    ).astype(f32)
    prev = s.astype(np.intp)
    nxt = np.minimum(prev + 1, n - 1)
    d = s - prev
    dr, dg, db = d[..., 0:1], d[..., 1:2], d[..., 2:3]
    pr, pg, pb = prev[..., 0], prev[..., 1], prev[..., 2]
    nr, ng, nb = nxt[..., 0], nxt[..., 1], nxt[..., 2]
    c000, c111 = table[pr, pg, pb], table[nr, ng, nb]
    c100, c010, c001 = table[nr, pg, pb], table[pr, ng, pb], table[pr, pg, nb]
    c110, c101, c011 = table[nr, ng, pb], table[nr, pg, nb], table[pr, ng, nb]
    # the six tetrahedra of ffmpeg's interp_tetrahedral, chosen per pixel
    t1 = (1 - dr) * c000 + (dr - dg) * c100 + (dg - db) * c110 + db * c111  # r > g > b
    t2 = (1 - dr) * c000 + (dr - db) * c100 + (db - dg) * c101 + dg * c111  # r > b >= g
    t3 = (1 - db) * c000 + (db - dr) * c001 + (dr - dg) * c101 + dg * c111  # b >= r > g
    t4 = (1 - db) * c000 + (db - dg) * c001 + (dg - dr) * c011 + dr * c111  # g >= r, b > g
    t5 = (1 - dg) * c000 + (dg - db) * c010 + (db - dr) * c011 + dr * c111  # g >= b > r
    t6 = (1 - dg) * c000 + (dg - dr) * c010 + (dr - db) * c110 + db * c111  # g >= r >= b
    r_gt_g, g_gt_b, r_gt_b, b_gt_g, b_gt_r = dr > dg, dg > db, dr > db, db > dg, db > dr
    out = np.where(
        r_gt_g,
        np.where(g_gt_b, t1, np.where(r_gt_b, t2, t3)),
        np.where(b_gt_g, t4, np.where(b_gt_r, t5, t6)),
    )
    return np.clip((out * f32(255)).astype(np.int64), 0, 255)


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
