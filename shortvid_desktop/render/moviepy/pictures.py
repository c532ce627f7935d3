"""Pictures as the graph makes them: BT.709 conversions, fitting (fill, fit_pad, fit_blur with
``gblur`` and ``eq``), and Ken Burns rectangles sampled bilinearly."""

from __future__ import annotations

import math

import numpy as np

from ..graph import even, ken_burns_rects
from ..plan import VideoSegment

Array = np.ndarray

# BT.709 limited range, the output's colour space (and what xfade's black/white mean in RGB).
_KR, _KB = 0.2126, 0.0722
_KG = 1.0 - _KR - _KB


def rgb_to_yuv709(rgb: Array) -> Array:
    """RGB 0..255 (float) -> Y'CbCr BT.709 limited range (float, unclipped)."""
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    y = _KR * r + _KG * g + _KB * b
    cb = (b - y) / (2 * (1 - _KB))
    cr = (r - y) / (2 * (1 - _KR))
    return np.stack(
        [16 + y * 219 / 255, 128 + cb * 224 / 255, 128 + cr * 224 / 255], axis=-1
    ).astype(np.float32)


def yuv709_to_rgb(yuv: Array) -> Array:
    """Y'CbCr BT.709 limited range (float) -> RGB 0..255 (float, unclipped)."""
    y = (yuv[..., 0] - 16) * 255 / 219
    cb = (yuv[..., 1] - 128) * 255 / 224
    cr = (yuv[..., 2] - 128) * 255 / 224
    r = y + 2 * (1 - _KR) * cr
    b = y + 2 * (1 - _KB) * cb
    g = (y - _KR * r - _KB * b) / _KG
    return np.stack([r, g, b], axis=-1).astype(np.float32)


def _rescale(a: int, b: int, c: int) -> int:
    """av_rescale(a, b, c): a * b / c rounded to nearest (all positive here)."""
    return (a * b + c // 2) // c


def cover_size(iw: int, ih: int, w: int, h: int) -> tuple[int, int]:
    """scale=w:h:force_original_aspect_ratio=increase."""
    return max(_rescale(h, iw, ih), w), max(_rescale(w, ih, iw), h)


def contain_size(iw: int, ih: int, w: int, h: int) -> tuple[int, int]:
    """scale=w:h:force_original_aspect_ratio=decrease, then truncated to even sizes."""
    tw, th = min(_rescale(h, iw, ih), w), min(_rescale(w, ih, iw), h)
    return max(2, tw // 2 * 2), max(2, th // 2 * 2)


def _resize(rgb: Array, size: tuple[int, int], bicubic: bool = True) -> Array:
    """uint8 RGB -> uint8 RGB of ``size`` (w, h), antialiased like swscale when shrinking."""
    from PIL import Image

    if (rgb.shape[1], rgb.shape[0]) == size:
        return rgb
    method = Image.Resampling.BICUBIC if bicubic else Image.Resampling.BILINEAR
    return np.asarray(Image.fromarray(rgb).resize(size, method))


def _upscale_bilinear(plane: Array, w: int, h: int) -> Array:
    """Centre-aligned bilinear scaling (swscale's ``bilinear`` when enlarging) of a float plane
    (h0, w0) or (h0, w0, c) to (h, w); Pillow's float mode does the work."""
    from PIL import Image

    if plane.ndim == 3:
        return np.stack([_upscale_bilinear(plane[..., i], w, h) for i in range(plane.shape[2])], -1)
    im = Image.fromarray(np.ascontiguousarray(plane, dtype=np.float32))  # mode "F"
    return np.asarray(im.resize((w, h), Image.Resampling.BILINEAR), dtype=np.float32)


def gblur(plane: Array, sigma: float) -> Array:
    """ffmpeg's ``gblur`` (one step of the Alvarez-Mazorra recursive Gaussian) on a 2-D plane."""
    lam = sigma * sigma / 2.0
    dnu = (1.0 + 2.0 * lam - math.sqrt(1.0 + 4.0 * lam)) / (2.0 * lam)
    nu = np.float32(dnu)
    bscale = np.float32(1.0 / (1.0 - dnu))
    post = np.float32((dnu / lam) ** 2)
    buf = plane.astype(np.float32).copy()

    def run(b: Array) -> None:  # along axis 1, every row at once
        n = b.shape[1]
        b[:, 0] *= bscale
        for x in range(1, n):
            b[:, x] += nu * b[:, x - 1]
        b[:, n - 1] *= bscale
        for x in range(n - 1, 0, -1):
            b[:, x - 1] += nu * b[:, x]

    run(buf)
    run(buf.T)
    return np.clip(buf * post, 0, 255)


def _eq_brightness_lut(brightness: float) -> Array:
    """ffmpeg ``eq`` with only brightness set: its 8-bit table."""
    v = np.arange(256, dtype=np.float64) / 255.0 + brightness
    lut = np.where(v >= 1.0, 255, np.floor(256.0 * np.clip(v, 0, None)))
    return np.where(v <= 0, 0, lut).astype(np.float32)


_EQ_DARKEN = _eq_brightness_lut(-0.08)


def _blur_background(rgb: Array, w: int, h: int) -> Array:
    """fit_blur's background: cover at 1/8 size, gblur, eq=brightness=-0.08, bilinear to w x h.

    Done in 4:2:0 Y'CbCr like the graph (eq darkens only Y; gblur runs on the half-size chroma)."""
    sw, sh = even(w / 8), even(h / 8)
    cw, ch = cover_size(rgb.shape[1], rgb.shape[0], sw, sh)
    small = _resize(rgb, (cw, ch))
    x, y = round((cw - sw) / 2) & ~1, round((ch - sh) / 2) & ~1  # crop's default, lrint'd
    yuv = rgb_to_yuv709(small[y : y + sh, x : x + sw].astype(np.float32))
    sigma = max(4, sw // 24)
    luma = gblur(yuv[..., 0], sigma)
    luma = _EQ_DARKEN[np.clip(np.rint(luma), 0, 255).astype(np.intp)]
    chroma = yuv[..., 1:].reshape(sh // 2, 2, sw // 2, 2, 2).mean(axis=(1, 3))
    chroma = np.stack([gblur(chroma[..., i], sigma) for i in range(2)], axis=-1)
    chroma = np.rint(chroma)
    big_y = _upscale_bilinear(luma, w, h)
    big_c = _upscale_bilinear(_upscale_bilinear(chroma, w // 2, h // 2), w, h)
    return yuv709_to_rgb(np.concatenate([big_y[..., None], big_c], axis=-1))


def _hex_rgb(color: str) -> tuple[int, int, int]:
    """#RRGGBB (any alpha ignored, as the pad filter's colour here) -> (r, g, b)."""
    from PIL import ImageColor

    value = color if color.startswith("#") else f"#{color}"
    try:
        r, g, b = ImageColor.getrgb(value[:7])[:3]
    except ValueError:
        return (0, 0, 0)
    return r, g, b


def fit_picture(rgb: Array, seg: VideoSegment, w: int, h: int) -> Array:
    """A source picture (uint8 RGB) fitted to the w x h canvas as float32 RGB, like graph._fit."""
    ih, iw = rgb.shape[:2]
    if seg.fit == "fill":
        # graph._fit: the source cropped to the canvas' shape (even sizes), then scaled. The
        # crop's offset is rounded to nearest (lrint) and clamped; on 4:2:0 sources (video)
        # then rounded down to even (stills are 4:4:4 JPEG or RGB PNG: no rounding)
        cw = max(2, int(min(iw, ih * w / h) / 2) * 2)
        ch = max(2, int(min(ih, iw * h / w) / 2) * 2)
        x = min(max(0, round((iw - cw) * float(f"{seg.focus_x:.4f}"))), iw - cw)
        y = min(max(0, round((ih - ch) * float(f"{seg.focus_y:.4f}"))), ih - ch)
        if seg.kind == "video":
            x, y = x & ~1, y & ~1
        return _resize(np.ascontiguousarray(rgb[y : y + ch, x : x + cw]), (w, h)).astype(np.float32)
    fw, fh = contain_size(iw, ih, w, h)
    fg = _resize(rgb, (fw, fh)).astype(np.float32)
    if seg.fit == "fit_blur":
        out = _blur_background(rgb, w, h)
    else:
        out = np.empty((h, w, 3), np.float32)
        out[:] = _hex_rgb(seg.pad_color or "#000000")
    x, y = ((w - fw) // 2) & ~1, ((h - fh) // 2) & ~1
    out[y : y + fh, x : x + fw] = fg
    return out


def ken_burns_progress(kb_easing: str, k: int, frames: int) -> float:
    """Progress of frame k of a ``frames``-long move (0 on the first frame, 1 on the last)."""
    p = min(max(0, k) / (frames - 1), 1.0)
    if kb_easing == "ease_in_out":
        p = 0.5 - 0.5 * math.cos(math.pi * p)
    return p


def sample_rect(canvas: Array, rect: tuple[float, float, float, float]) -> Array:
    """The canvas area ``rect`` = (x0, y0, rw, rh) (continuous coordinates) stretched over the
    whole frame: output pixel centre x + 0.5 reads the source at x0 + (x + 0.5) * rw / w, bilinear
    (the rectangle is never larger than the canvas, so this only ever enlarges), edges clamped."""
    h, w = canvas.shape[:2]
    x0, y0, rw, rh = rect

    def axis(start: float, span: float, n: int) -> tuple[Array, Array, Array]:
        pos = start + (np.arange(n) + 0.5) * span / n - 0.5
        pos = np.clip(pos, 0, n - 1)
        i0 = np.minimum(np.floor(pos).astype(np.intp), n - 2)
        f = (pos - i0).astype(np.float32)
        return i0, i0 + 1, f

    r0, r1, fy = axis(y0, rh, h)
    c0, c1, fx = axis(x0, rw, w)
    fy = fy[:, None, None]
    rows = canvas[r0] * (1 - fy) + canvas[r1] * fy
    fx = fx[None, :, None]
    return rows[:, c0] * (1 - fx) + rows[:, c1] * fx


def ken_burns_frame(canvas: Array, seg: VideoSegment, k: int) -> Array:
    """Frame k of the segment (k counts from ``skip_frames`` in a windowed plan)."""
    kb = seg.ken_burns
    h, w = canvas.shape[:2]
    total = seg.total_frames or seg.frames
    if kb.mode == "none" or kb.amount <= 0 or total < 2:
        return canvas
    rects = ken_burns_rects(kb, w, h, seg.focus_x, seg.focus_y)
    if rects is None:
        return canvas
    p = ken_burns_progress(kb.easing, k + seg.skip_frames, total)
    a, b = rects
    x0, y0, rw, rh = (s + (e - s) * p for s, e in zip(a, b, strict=True))
    return sample_rect(canvas, (x0, y0, rw, rh))
