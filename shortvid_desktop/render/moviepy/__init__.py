"""The MoviePy reference engine: the same RenderPlan rendered frame by frame in Python.

It is slow on purpose and exists for two reasons: tests compare its frames with the FFmpeg graph
(graph.py) to keep the fast path honest, and users can pick it as a compatibility engine
(``--engine moviepy``). It reads only the plan and re-implements every step of the graph from the
filters' definitions rather than calling them:

- Fitting: ``fill`` scales to cover (``force_original_aspect_ratio=increase``, sizes rounded like
  ``av_rescale``) and crops at the focus point (offset rounded to nearest, then down to even, as
  the crop filter does on 4:2:0); ``fit_pad`` fits inside, truncates to even and pads black;
  ``fit_blur`` puts the fitted picture over a cover-scaled copy at 1/8 size blurred with the same
  recursive filter as ``gblur`` (Alvarez-Mazorra, one step), darkened with ``eq``'s brightness
  table (on Y only) and scaled up bilinearly. Scaling is Pillow's bicubic (swscale's differs by
  about 45 dB).
- Ken Burns: the rectangles of ``graph.ken_burns_rects`` and the same easing, with progress
  k / (F - 1) over the segment's frames 0..F-1; each frame shows exactly its rectangle (output
  pixel centre x + 0.5 reads source x0 + (x + 0.5) * rw / w, bilinear, no rounding to any grid).
- Video clips: frames from ``source_in_us`` picked like ``-ss`` + ``fps=R:start_time=0`` (round
  to nearest) and the last frame held when the clip is short (``tpad=stop_mode=clone``).
- Windowed sub-plans (render/window.py) work too: ``skip_frames``/``total_frames`` continue Ken
  Burns and video sources, and captions are timed on the full output's clock
  (``time_offset_us``).
- Transitions follow ``xfade`` exactly: the transition starts at the incoming segment's
  ``start_frame`` and lasts ``transition_frames``; progress = 1 - k / T falls from 1 (all of the
  outgoing picture) and the frame at k = T is all incoming. ``fade``, ``fadeblack``,
  ``fadewhite``, ``slide*``, ``wipe*`` and ``zoomin`` use xfade's formulas (fading to xfade's own
  black/white, Y = 0/255 in YUV); any other kind falls back to a crossfade.
- Captions, title card, overlays and the text watermark: the very ASS script the graph burns in
  (captions.build_ass), rendered by the same libass through the bundled ffmpeg onto black and onto
  white BT.709 Y'CbCr canvases (as the graph burns them into Y'CbCr: on an RGB canvas libass
  colours come out squeezed to 16..235); the two renders give each pixel's colour and coverage,
  so the captions match the fast engine's to ~55-60 dB. Only frames where the captions change
  are sent (mpdecimate), and one caption picture is held at a time.
- Watermark image: the same size, position and opacity as the graph's overlay.
- Audio: voice pieces, clip audio and looped music with the same volumes and fades, the music
  ducked by a port of ``sidechaincompress`` (same threshold, ratio, attack, release and knee; its
  detector runs on 1 ms blocks) and the mix brought to the plan's loudness with one measured gain
  (pyloudnorm, or ffmpeg's ebur128 when pyloudnorm is missing) and a peak limiter at -1.5 dBFS.
  It is encoded to AAC 48 kHz stereo by MoviePy.

Video is encoded by MoviePy's ``write_videofile`` (libx264 by default, the "reference" preset:
medium, CRF 20), converted to BT.709 limited-range 4:2:0 like the graph. Frames are made one at a
time by ``VideoClip(frame_function)``; nothing holds more than the few pictures a frame needs
(peak memory does not grow with the length). Cancel is checked every frame and kills MoviePy's
encoder at once; the output is a temp file renamed on success, like ``export.export``.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any, get_args

import numpy as np
import proglog

from ..core.errors import MediaError, RenderError
from ..core.model import TransitionKind
from ..jobs import Cancelled, CancelToken, Progress
from ..jobs.spawn import no_window
from ..media.ffmpeg import ffmpeg_exe
from .export import ExportResult, check_output_path, prepare_workdir
from .graph import QUALITY_PRESETS, SAMPLE_RATE, EncoderSettings, even, ken_burns_rects
from .plan import AudioPiece, RenderPlan, VideoSegment
from .stills import normalized_still

# The transitions drawn with xfade's own formula (every kind of the model but a cut).
XFADE_KINDS = frozenset(get_args(TransitionKind)) - {"cut"}
PEAK_LIMIT_DBFS = -1.5

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


# xfade fades through Y=0/255 with chroma at max/2 = 127 (yuv444p); the same points in RGB.
_XFADE_BLACK = yuv709_to_rgb(np.array([0.0, 127.0, 127.0], np.float32))
_XFADE_WHITE = yuv709_to_rgb(np.array([255.0, 127.0, 127.0], np.float32))


# ----------------------------------------------------------------------------- pictures
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
        cw, ch = cover_size(iw, ih, w, h)
        big = _resize(rgb, (cw, ch))
        # crop: the offset expression rounded to nearest (lrint), clamped, then down to even
        x = min(max(0, round((cw - w) * float(f"{seg.focus_x:.4f}"))), cw - w) & ~1
        y = min(max(0, round((ch - h) * float(f"{seg.focus_y:.4f}"))), ch - h) & ~1
        return big[y : y + h, x : x + w].astype(np.float32)
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


# ----------------------------------------------------------------------------- transitions
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


# ----------------------------------------------------------------------------- sources
def _round_half_up(x: Fraction) -> int:
    return math.floor(x + Fraction(1, 2)) if x >= 0 else -math.floor(-x + Fraction(1, 2))


def _oriented(frame: Any) -> Array:
    """A decoded frame as RGB, turned upright like ffmpeg's autorotate."""
    rgb = frame.to_ndarray(format="rgb24")
    try:
        turn = round(-float(frame.rotation)) % 360
    except (AttributeError, TypeError, ValueError):
        turn = 0
    if turn == 90:
        rgb = np.rot90(rgb, k=-1)
    elif turn == 180:
        rgb = rgb[::-1, ::-1]
    elif turn == 270:
        rgb = np.rot90(rgb, k=1)
    return np.ascontiguousarray(rgb)


class VideoSource:
    """One video segment's frames, chosen like ``-ss S -i src`` + ``fps=R`` + ``tpad=clone``.

    After the seek, frames earlier than S are dropped; a frame at time t after S lands in output
    slot round(t * R) (ties away from zero); output frame k shows the latest frame whose slot is
    at most k (the first frame until one is due), and the last frame is held when the source
    ends. (Measured against the bundled ffmpeg at 12/24/25/30 fps from 25 fps sources.)"""

    def __init__(self, path: str, source_in_us: int, fps: int) -> None:
        import av

        self.path = path
        self.fps = fps
        try:
            self._container = av.open(path)
            self._stream = self._container.streams.video[0]
        except (av.FFmpegError, IndexError, OSError) as exc:
            raise MediaError(f"The video {path} cannot be decoded: {exc}", path=path) from None
        self._stream.thread_type = "AUTO"
        start_us = int(self._container.start_time or 0)
        tb = self._stream.time_base or Fraction(1, 1_000_000)
        self._tb = Fraction(tb)
        self._offset = _round_half_up(Fraction(start_us + source_in_us, 1_000_000) / self._tb)
        if source_in_us > 0:
            self._container.seek(start_us + source_in_us, backward=True, any_frame=False)
        self._frames = self._decode()
        self._current: tuple[int, Any] | None = None
        self._pending: tuple[int, Any] | None = None
        self._ended = False
        self.position = -1  # the last frame index asked for

    def _decode(self) -> Iterator[tuple[int, Any]]:
        for frame in self._container.decode(self._stream):
            if frame.pts is None:
                continue
            rel = frame.pts - self._offset
            if rel < 0:
                continue
            yield _round_half_up(rel * self._tb * self.fps), frame

    def _pull(self) -> tuple[int, Any] | None:
        if self._ended:
            return None
        try:
            return next(self._frames)
        except StopIteration:
            self._ended = True
            return None

    def frame(self, k: int) -> tuple[int, Array] | None:
        """(identity, RGB picture) for output frame k of the segment; None if nothing decodes."""
        if k < self.position:
            raise ValueError("VideoSource reads forward only")
        self.position = k
        if self._current is None:
            first = self._pull()
            if first is None:
                return None
            self._current = first
            self._pending = self._pull()
        while self._pending is not None and self._pending[0] <= k:
            self._current = self._pending
            self._pending = self._pull()
        ident, frame = self._current
        if not isinstance(frame, np.ndarray):
            frame = _oriented(frame)
            self._current = (ident, frame)
        return ident, frame

    def close(self) -> None:
        self._container.close()


# ----------------------------------------------------------------------------- captions
_PAD = 8


class CaptionLayer:
    """The ASS script rendered by libass (ffmpeg's ``subtitles`` filter, as the graph does) over
    black and over white side by side; changed frames only, streamed in order.

    Over black a pixel is c*a, over white c*a + 255*(1-a): so a = 1 - (white - black) / 255 and
    the premultiplied colour is the black render; compositing is out = black + (1 - a) * frame.
    """

    def __init__(self, plan: RenderPlan, workdir: Path, ass_name: str = "captions.ass") -> None:
        self.plan = plan
        self.workdir = workdir
        self.ass_name = ass_name
        self._proc: subprocess.Popen[bytes] | None = None
        self._container: Any = None
        self._frames: Iterator[Any] | None = None
        self._current: tuple[int, tuple[Array, Array, tuple[int, int, int, int]] | None] | None
        self._current = None
        self._pending: Any = None
        self._ended = False

    def _command(self) -> list[str]:
        p = self.plan
        src = f"color=c={{}}:s={p.width}x{p.height}:r={p.fps}:d={p.frames / p.fps + 1:.6f}"
        # The graph burns captions into BT.709 limited-range Y'CbCr; on an RGB canvas libass
        # colours come out squeezed to 16..235, so draw on the same Y'CbCr (4:4:4) canvas.
        canvas = "scale=out_color_matrix=bt709:out_range=tv,format=yuv444p"
        sub = f"subtitles=filename={self.ass_name}:fontsdir=fonts:charenc=UTF-8:wrap_unicode=1"
        if p.time_offset_us:  # a windowed plan: the ASS is timed on the full output's clock
            sub = f"setpts=PTS+round({p.time_offset_us / 1e6:.6f}/TB),{sub}"
        graph = (
            f"{src.format('black')},{canvas},{sub}[b];"
            f"{src.format('white')},{canvas},{sub}[w];"
            f"[b][w]hstack=inputs=2,trim=end_frame={p.frames},"
            # mpdecimate skips the left 8 columns and a partial last 8-row band: pad them in
            f"pad=w=iw+{_PAD * 2}:h=ih+{_PAD * 2}:x={_PAD}:y={_PAD},"
            "mpdecimate=hi=0:lo=0:frac=0:max=0"
        )
        return [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "error",
            "-filter_complex",
            graph,
            "-fps_mode",
            "passthrough",
            "-c:v",
            "rawvideo",
            "-f",
            "nut",
            "pipe:1",
        ]

    def _start(self) -> None:
        import av

        self.close()
        self._proc = subprocess.Popen(
            self._command(),
            cwd=str(self.workdir),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            **no_window(),
        )
        assert self._proc.stdout is not None
        try:
            self._container = av.open(self._proc.stdout, format="nut")
        except av.FFmpegError:
            err = self._proc.stderr.read().decode("utf-8", "replace") if self._proc.stderr else ""
            self.close()
            raise RenderError("libass could not render the captions", err[-2000:]) from None
        stream = self._container.streams.video[0]
        self._frames = self._container.decode(stream)
        self._current = None
        self._ended = False
        self._pending = self._pull()

    def _pull(self) -> Any:
        assert self._frames is not None
        if self._ended:
            return None
        try:
            frame = next(self._frames)
        except StopIteration:
            self._ended = True
            return None
        t = float(frame.pts * frame.time_base) - self.plan.time_offset_us / 1e6
        return int(round(t * self.plan.fps)), frame

    @staticmethod
    def _layer(frame: Any) -> tuple[Array, Array, tuple[int, int, int, int]] | None:
        planes = frame.to_ndarray(format="yuv444p")[:, _PAD:-_PAD, _PAD:-_PAD]
        pair = yuv709_to_rgb(np.moveaxis(planes, 0, -1).astype(np.float32))
        w = pair.shape[1] // 2
        black, white = pair[:, :w], pair[:, w:]
        cover = 255 - (white - black).mean(axis=2)
        mask = cover > 0.5
        if not mask.any():
            return None
        rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
        y0, y1, x0, x1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        alpha = np.clip(cover[y0:y1, x0:x1] / 255.0, 0, 1).astype(np.float32)[..., None]
        color = black[y0:y1, x0:x1]
        return color, alpha, (int(y0), int(y1), int(x0), int(x1))

    def at(self, n: int) -> tuple[Array, Array, tuple[int, int, int, int]] | None:
        """The caption picture of output frame n: (premultiplied RGB, alpha, box) or None."""
        if self._proc is None or (self._current is not None and n < self._current[0]):
            self._start()
        while self._pending is not None and self._pending[0] <= n:
            idx, frame = self._pending
            self._current = (idx, self._layer(frame))
            self._pending = self._pull()
        if self._pending is None and self._ended and self._proc is not None:
            rc = self._proc.poll()
            if rc not in (None, 0):
                err = (
                    self._proc.stderr.read().decode("utf-8", "replace") if self._proc.stderr else ""
                )
                raise RenderError("libass could not render the captions", err[-2000:])
        return self._current[1] if self._current is not None else None

    def close(self) -> None:
        if self._container is not None:
            try:
                self._container.close()
            except Exception:  # noqa: BLE001 - closing a half-read pipe may complain
                pass
            self._container = None
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.wait()
            for pipe in (self._proc.stdout, self._proc.stderr):
                if pipe is not None:
                    pipe.close()
            self._proc = None


def composite(frame: Array, layer: tuple[Array, Array, tuple[int, int, int, int]] | None) -> Array:
    """Premultiplied ``over``: frame <- colour + (1 - alpha) * frame, inside the layer's box."""
    if layer is None:
        return frame
    color, alpha, (y0, y1, x0, x1) = layer
    frame[y0:y1, x0:x1] = color + (1.0 - alpha) * frame[y0:y1, x0:x1]
    return frame


def watermark_layer(plan: RenderPlan) -> tuple[Array, Array, tuple[int, int, int, int]] | None:
    """The logo overlay of graph._watermark as a premultiplied layer (or None)."""
    if not plan.watermark_image:
        return None
    from PIL import Image

    w, h = plan.width, plan.height
    logo_w = even(w / 5)
    margin = max(8, w // 30)
    with Image.open(normalized_still(plan.watermark_image, logo_w, 2)) as im:
        im = im.convert("RGBA")
        logo_h = max(1, _rescale(logo_w, im.height, im.width))
        im = im.resize((logo_w, logo_h), Image.Resampling.BICUBIC)
        rgba = np.asarray(im).astype(np.float32)
    alpha = rgba[..., 3:] / 255.0 * float(f"{plan.watermark_opacity:.3f}")
    x = {"top_left": margin, "bottom_left": margin}.get(
        plan.watermark_position, w - logo_w - margin
    )
    y = {"top_left": margin, "top_right": margin}.get(plan.watermark_position, h - logo_h - margin)
    x, y = max(0, x) & ~1, max(0, y) & ~1
    x1, y1 = min(w, x + logo_w), min(h, y + logo_h)
    color = rgba[: y1 - y, : x1 - x, :3] * alpha[: y1 - y, : x1 - x]
    return color, alpha[: y1 - y, : x1 - x], (y, y1, x, x1)


# ----------------------------------------------------------------------------- frames
class FrameRenderer:
    """Output frame n of a plan as uint8 RGB. Sequential access is cheap; going back restarts
    the decoders. Needs a work directory prepared by ``export.prepare_workdir`` for captions."""

    def __init__(self, plan: RenderPlan, workdir: Path, captions: bool = True) -> None:
        self.plan = plan
        self.w, self.h = plan.width, plan.height
        ass = workdir / "captions.ass"
        has_events = ass.is_file() and "\nDialogue:" in ass.read_text(encoding="utf-8")
        self.captions = CaptionLayer(plan, workdir) if captions and has_events else None
        self.logo = watermark_layer(plan)
        self._stills: dict[int, Array] = {}
        self._videos: dict[int, VideoSource] = {}
        self._fitted: dict[int, tuple[int, Array]] = {}
        self._last_n = -1

    # one segment's own picture
    def _segment_frame(self, i: int, k: int) -> Array:
        seg = self.plan.segments[i]
        if seg.kind == "color":
            from PIL import ImageColor

            rgb = ImageColor.getrgb(seg.color) if seg.color else (0, 0, 0)
            return np.broadcast_to(np.array(rgb[:3], np.float32), (self.h, self.w, 3)).copy()
        if seg.kind == "image":
            canvas = self._stills.get(i)
            if canvas is None:
                from PIL import Image

                with Image.open(normalized_still(seg.source, self.w, self.h)) as im:
                    rgb = np.asarray(im.convert("RGB"))
                canvas = fit_picture(rgb, seg, self.w, self.h)
                self._stills[i] = canvas
            return ken_burns_frame(canvas, seg, k)
        source = self._videos.get(i)
        if source is None or k + seg.skip_frames < source.position:
            if source is not None:
                source.close()
            source = VideoSource(seg.source, seg.source_in_us, self.plan.fps)
            self._videos[i] = source
            self._fitted.pop(i, None)
        got = source.frame(k + seg.skip_frames)
        if got is None:
            return np.zeros((self.h, self.w, 3), np.float32)
        ident, rgb = got
        cached = self._fitted.get(i)
        if cached is None or cached[0] != ident:
            cached = (ident, fit_picture(rgb, seg, self.w, self.h))
            self._fitted[i] = cached
        return cached[1].copy()

    def _chain(self, upto: int, n: int) -> Array:
        """Frame n of the xfade/concat chain made of segments 0..upto (graph._video_chain)."""
        seg = self.plan.segments[upto]
        k = n - seg.start_frame
        if upto > 0 and k < 0:
            return self._chain(upto - 1, n)
        k = max(0, min(k, seg.frames - 1))
        if upto > 0 and seg.transition != "cut" and 0 <= k < seg.transition_frames:
            a = self._chain(upto - 1, n)
            b = self._segment_frame(upto, k)
            return xfade(seg.transition, a, b, xfade_progress(k, seg.transition_frames))
        return self._segment_frame(upto, k)

    def _release(self, n: int) -> None:
        """Drop what segments that ended before frame n hold."""
        for i, seg in enumerate(self.plan.segments):
            if seg.end_frame <= n:
                self._stills.pop(i, None)
                self._fitted.pop(i, None)
                src = self._videos.pop(i, None)
                if src is not None:
                    src.close()

    def frame(self, n: int) -> Array:
        n = max(0, min(int(n), self.plan.frames - 1))
        if n < self._last_n:  # going back: start the sources over
            self.close_sources()
        self._last_n = n
        self._release(n)
        last = 0
        for i, seg in enumerate(self.plan.segments):
            if seg.start_frame <= n:
                last = i
        out = self._chain(last, n)
        out = np.clip(out, 0, 255)
        if self.captions is not None:
            out = composite(out, self.captions.at(n))
        out = composite(out, self.logo)
        return np.clip(np.rint(out), 0, 255).astype(np.uint8)

    def close_sources(self) -> None:
        for src in self._videos.values():
            src.close()
        self._videos.clear()
        self._stills.clear()
        self._fitted.clear()

    def close(self) -> None:
        self.close_sources()
        if self.captions is not None:
            self.captions.close()


# ----------------------------------------------------------------------------- audio
def decode_audio(path: str, start_us: int = 0, duration_us: int | None = None) -> Array:
    """A range of a file's first audio stream as float32 (samples, 2) at 48 kHz.

    Trimmed at the source rate and then resampled and upmixed/downmixed by swresample, in the
    graph's order (atrim, then aresample/aformat). Missing samples at the end are silence."""
    import av

    try:
        container = av.open(path)
    except (av.FFmpegError, OSError) as exc:
        raise MediaError(f"The audio of {path} cannot be decoded: {exc}", path=path) from None
    with container:
        if not container.streams.audio:
            raise MediaError(f"{path} has no audio stream.", path=path)
        stream = container.streams.audio[0]
        base_us = int(container.start_time or 0)
        if start_us > 2_000_000:
            container.seek(base_us + start_us - 1_000_000, backward=True, any_frame=False)
        end_s = None if duration_us is None else (start_us + duration_us) / 1e6 + 0.2
        chunks: list[Array] = []
        first_t: float | None = None
        rate = 0
        layout = "stereo"
        uniform: Any = None
        for frame in container.decode(stream):
            if uniform is None:
                rate, layout = frame.sample_rate, frame.layout.name
                uniform = av.AudioResampler(format="fltp", layout=layout, rate=rate)
            t = (
                float(frame.pts * frame.time_base) - base_us / 1e6
                if frame.pts is not None
                else None
            )
            for out in uniform.resample(frame):
                if first_t is None:
                    first_t = t if t is not None else 0.0
                chunks.append(out.to_ndarray())
            if end_s is not None and t is not None and t > end_s:
                break
    if not chunks or first_t is None:
        n = 0 if duration_us is None else round(duration_us * SAMPLE_RATE / 1e6)
        return np.zeros((n, 2), np.float32)
    data = np.concatenate(chunks, axis=1).astype(np.float32)
    i0 = max(0, round((start_us / 1e6 - first_t) * rate))
    data = (
        data[:, i0:] if duration_us is None else data[:, i0 : i0 + round(duration_us * rate / 1e6)]
    )
    data = np.ascontiguousarray(data)
    if data.shape[1] == 0:
        n = 0 if duration_us is None else round(duration_us * SAMPLE_RATE / 1e6)
        return np.zeros((n, 2), np.float32)
    frame = av.AudioFrame.from_ndarray(data, format="fltp", layout=layout)
    frame.sample_rate = rate
    frame.pts = 0
    frame.time_base = Fraction(1, rate)
    to_out = av.AudioResampler(format="fltp", layout="stereo", rate=SAMPLE_RATE)
    parts = [f.to_ndarray() for f in to_out.resample(frame)]
    parts += [f.to_ndarray() for f in to_out.resample(None)]
    out = np.concatenate(parts, axis=1).T.astype(np.float32) if parts else np.zeros((0, 2))
    if duration_us is not None:
        n = round(duration_us * SAMPLE_RATE / 1e6)
        out = out[:n] if len(out) >= n else np.vstack([out, np.zeros((n - len(out), 2))])
    return np.ascontiguousarray(out, dtype=np.float32)


def _shape_piece(audio: Array, piece: AudioPiece, volume: float) -> Array:
    """volume, then afade in (linear) from the piece's first sample."""
    if volume != 1.0:
        audio = audio * np.float32(float(f"{volume:.4f}"))
    if piece.fade_in_us > 0 and len(audio):
        n = max(1, round(float(f"{piece.fade_in_us / 1e6:.4f}") * SAMPLE_RATE))
        ramp = np.minimum(np.arange(len(audio), dtype=np.float32) / n, 1.0)
        audio = audio * ramp[:, None]
    return audio


def _place(bus: Array, audio: Array, start_us: int) -> None:
    at = round(start_us * SAMPLE_RATE / 1_000_000)
    if at >= len(bus):
        return
    n = min(len(audio), len(bus) - at)
    bus[at : at + n] += audio[:n]


def sidechain_gain(
    sidechain: Array,
    ducking: float,
    *,
    threshold: float = 0.015,
    attack_ms: float = 30.0,
    release_ms: float = 450.0,
    knee: float = 4.0,
    block: int = 48,
) -> Array:
    """The gain ``sidechaincompress`` (rms detection, average link, makeup 1) applies to the
    music, per sample. Its detector (a one-pole follower with separate attack and release) runs
    on 1 ms blocks here instead of per sample."""
    n = len(sidechain)
    if n == 0:
        return np.ones(0, np.float32)
    ratio = float(f"{1 + ducking * 19:.2f}")
    det = np.abs(sidechain).mean(axis=1) ** 2  # link=average, detection=rms (power)
    nblocks = -(-n // block)
    padded = np.zeros(nblocks * block, np.float64)
    padded[:n] = det
    det_b = padded.reshape(nblocks, block).mean(axis=1)
    ca = min(1.0, 1.0 / (attack_ms * SAMPLE_RATE / 4000.0))
    cr = min(1.0, 1.0 / (release_ms * SAMPLE_RATE / 4000.0))
    ca_b, cr_b = 1 - (1 - ca) ** block, 1 - (1 - cr) ** block
    slope = np.empty(nblocks, np.float64)
    s = 0.0
    for i, x in enumerate(det_b.tolist()):
        s += (x - s) * (ca_b if x > s else cr_b)
        slope[i] = s
    thres = math.log(threshold)
    lin_knee_start = threshold / math.sqrt(knee)
    lin_knee_stop = threshold * math.sqrt(knee)
    adj_knee_start = lin_knee_start**2
    knee_start, knee_stop = math.log(lin_knee_start), math.log(lin_knee_stop)
    comp_knee_stop = (knee_stop - thres) / ratio + thres
    gain = np.ones(nblocks, np.float64)
    on = slope > adj_knee_start
    if on.any():
        sl = 0.5 * np.log(slope[on])
        g = (sl - thres) / ratio + thres
        if knee > 1.0:
            width = knee_stop - knee_start
            t = (sl - knee_start) / width
            m0, m1 = 1.0 * width, (1.0 / ratio) * width
            p0, p1 = knee_start, comp_knee_stop
            ct2 = -3 * p0 - 2 * m0 + 3 * p1 - m1
            ct3 = 2 * p0 + m0 - 2 * p1 + m1
            herm = ct3 * t**3 + ct2 * t**2 + m0 * t + p0
            g = np.where(sl < knee_stop, herm, g)
        gain[on] = np.exp(g - sl)
    # Block gains to samples, linearly between block centres.
    centres = (np.arange(nblocks) + 0.5) * block
    return np.interp(np.arange(n), centres, gain).astype(np.float32)


def mix_audio(plan: RenderPlan, cancel: CancelToken | None = None) -> Array:
    """Voice + clip audio + ducked music, before loudness normalisation (graph.audio_mix)."""
    total = round(plan.frames * SAMPLE_RATE / plan.fps)
    voice = np.zeros((total, 2), np.float32)
    for p in plan.voice:
        if cancel is not None:
            cancel.raise_if_cancelled()
        _place(
            voice,
            _shape_piece(decode_audio(p.source, p.source_in_us, p.duration_us), p, p.volume),
            p.start_us,
        )
    out = voice.copy()
    if plan.music is not None:
        m = plan.music
        whole = decode_audio(m.source)
        need = round((m.source_in_us + m.duration_us) * SAMPLE_RATE / 1e6)
        if len(whole) and need > len(whole):
            whole = np.tile(whole, (-(-need // len(whole)), 1))
        i0 = round(m.source_in_us * SAMPLE_RATE / 1e6)
        piece = whole[i0 : i0 + round(m.duration_us * SAMPLE_RATE / 1e6)]
        music = np.zeros((total, 2), np.float32)
        _place(music, _shape_piece(piece, m, m.volume * plan.music_volume), m.start_us)
        if m.fade_out_us > 0:
            st = max(0.0, (m.start_us + m.duration_us - m.fade_out_us) / 1e6)
            s0 = round(float(f"{st:.4f}") * SAMPLE_RATE)
            d = max(1, round(float(f"{m.fade_out_us / 1e6:.4f}") * SAMPLE_RATE))
            idx = np.arange(total)
            fade = np.clip(1.0 - (idx - s0) / d, 0.0, 1.0).astype(np.float32)
            music *= fade[:, None]
        if plan.voice and plan.ducking > 0:
            music *= sidechain_gain(voice, plan.ducking)[:, None]
        out += music
    for p in plan.clip_audio:
        if cancel is not None:
            cancel.raise_if_cancelled()
        audio = decode_audio(p.source, p.source_in_us, p.duration_us)
        _place(out, _shape_piece(audio, p, p.volume), p.start_us)
    return out


def _ebur128_lufs(audio: Array, workdir: Path) -> float:
    path = workdir / "mix.f32"
    audio.astype("<f4").tofile(path)
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-f", "f32le", "-ar", str(SAMPLE_RATE)]
        + ["-ac", "2", "-i", str(path), "-af", "ebur128=framelog=quiet", "-f", "null", "-"],
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
        **no_window(),
    )
    path.unlink(missing_ok=True)
    found = re.findall(r"I:\s+(-?[\d.]+|-inf)\s+LUFS", proc.stderr)
    if not found:
        return -math.inf
    return -math.inf if found[-1] == "-inf" else float(found[-1])


def integrated_loudness(audio: Array, workdir: Path) -> float:
    """Integrated loudness (LUFS, BS.1770): pyloudnorm if installed, else ffmpeg's ebur128."""
    if len(audio) < SAMPLE_RATE // 2:
        return -math.inf
    try:
        import pyloudnorm
    except ImportError:
        return _ebur128_lufs(audio, workdir)
    value = float(pyloudnorm.Meter(SAMPLE_RATE).integrated_loudness(audio.astype(np.float64)))
    return value if math.isfinite(value) else -math.inf


def limit_peaks(audio: Array, ceiling_dbfs: float = PEAK_LIMIT_DBFS) -> Array:
    """A simple look-ahead peak limiter: instant 5 ms look-ahead attack, 50 ms release."""
    ceiling = 10 ** (ceiling_dbfs / 20)
    peak = np.abs(audio).max(axis=1) if len(audio) else np.zeros(0)
    if not len(peak) or peak.max() <= ceiling:
        return audio
    need = np.minimum(1.0, ceiling / np.maximum(peak, 1e-12))
    look = int(0.005 * SAMPLE_RATE)
    # minimum over the look-ahead window (a running min via a strided view)
    padded = np.concatenate([need, np.ones(look)])
    win = np.lib.stride_tricks.sliding_window_view(padded, look + 1).min(axis=1)
    rel = math.exp(-1.0 / (0.05 * SAMPLE_RATE))
    env = np.empty_like(win)
    g = 1.0
    step = 64  # follow the release per 64-sample block; the attack is the window min itself
    for i in range(0, len(win), step):
        target = float(win[i : i + step].min())
        g = target if target < g else target + (g - target) * rel**step
        env[i : i + step] = g
    env = np.minimum(env, win)
    return (audio * env[:, None]).astype(np.float32)


def normalise_loudness(
    audio: Array, target_lufs: float, workdir: Path
) -> tuple[Array, float | None]:
    """One gain to ``target_lufs`` and the peak limiter; (audio, measured input loudness)."""
    measured = integrated_loudness(audio, workdir)
    if not math.isfinite(measured) or measured < -70:
        return audio, None
    gained = audio * np.float32(10 ** ((target_lufs - measured) / 20))
    return limit_peaks(gained), measured


# ----------------------------------------------------------------------------- export
class ProgressLogger(proglog.ProgressBarLogger):  # type: ignore[misc]
    """Maps MoviePy's progress bars onto the job's Progress; raises Cancelled when asked to."""

    def __init__(self, progress: Progress, cancel: CancelToken | None) -> None:
        super().__init__()
        self.progress = progress
        self.cancel = cancel

    def bars_callback(self, bar: str, attr: str, value: Any, old_value: Any = None) -> None:
        if self.cancel is not None and self.cancel.cancelled:
            raise Cancelled()
        if attr != "index":
            return
        total = self.bars.get(bar, {}).get("total") or 1
        done = min(1.0, (value + 1) / total)
        if bar == "chunk":
            self.progress(0.10 + 0.05 * done, "Encoding audio")
        elif bar == "frame_index":
            self.progress(0.15 + 0.85 * done, "Rendering (MoviePy)")


def _ffmpeg_params(enc: EncoderSettings) -> list[str]:
    params = [
        "-vf",
        "scale=out_color_matrix=bt709:out_range=tv:flags=bicubic,format=yuv420p",
        "-pix_fmt",
        "yuv420p",
        "-colorspace",
        "bt709",
        "-color_primaries",
        "bt709",
        "-color_trc",
        "bt709",
        "-color_range",
        "tv",
        "-movflags",
        "+faststart",
    ]
    if enc.codec == "libx264":
        params += ["-crf", str(enc.crf)]
        if enc.profile:
            params += ["-profile:v", enc.profile]
    for key, value in enc.extra:
        params += [f"-{key.lstrip('-')}", str(value)]
    return params


# MoviePy's encoder processes by output file, so a cancel can end one at once instead of letting it
# finish the frames x264 still holds (seconds at 1080p). Filled by the writer hook below.
_WRITERS: dict[str, subprocess.Popen[bytes]] = {}
_WRITERS_LOCK = threading.Lock()


def _hook_moviepy_writer() -> None:
    """Make MoviePy's FFMPEG_VideoWriter record its process in ``_WRITERS`` (once; harmless to
    other MoviePy users: the subclass only adds the bookkeeping)."""
    try:
        from moviepy.video.io import ffmpeg_writer
    except ImportError:  # pragma: no cover - MoviePy's layout changed: cancel per frame only
        return
    base = getattr(ffmpeg_writer, "FFMPEG_VideoWriter", None)
    if base is None or getattr(base, "_shortvid_tracked", False):
        return

    class TrackedWriter(base):  # type: ignore[misc, valid-type]
        _shortvid_tracked = True

        def __init__(self, filename: str, *args: Any, **kwargs: Any) -> None:
            super().__init__(filename, *args, **kwargs)
            with _WRITERS_LOCK:
                _WRITERS[os.path.abspath(str(filename))] = self.proc

        def close(self) -> None:
            with _WRITERS_LOCK:
                _WRITERS.pop(os.path.abspath(str(self.filename)), None)
            super().close()

    ffmpeg_writer.FFMPEG_VideoWriter = TrackedWriter


def _kill_writer(path: Path) -> None:
    with _WRITERS_LOCK:
        proc = _WRITERS.get(os.path.abspath(str(path)))
    if proc is not None and proc.poll() is None:
        proc.kill()


def export_moviepy(
    plan: RenderPlan,
    out_path: str | Path,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    encoder: EncoderSettings | None = None,
) -> ExportResult:
    """Render ``plan`` to ``out_path`` with MoviePy (the reference engine); see the module doc.

    Same contract as ``export.export``: a temp file beside the target renamed on success, so a
    failed or cancelled render leaves an earlier file untouched; Cancelled when ``cancel`` fires.
    """
    from moviepy import AudioArrayClip, VideoClip

    started = time.monotonic()
    progress = progress or Progress()
    out = check_output_path(out_path)
    enc = encoder or QUALITY_PRESETS["reference"]
    if enc.global_args or enc.pix_fmt != "yuv420p":
        # An encoder that needs a device and GPU upload (VAAPI) cannot sit behind MoviePy's
        # writer: encode in software with the reference settings instead (ExportResult says so).
        enc = QUALITY_PRESETS["reference"]
    progress(0.0, "Checking fonts")
    workdir = Path(tempfile.mkdtemp(prefix="shortvid-mpy-"))
    tmp_out = out.with_name(f".{out.stem}.partial-{uuid.uuid4().hex[:8]}{out.suffix}")
    renderer: FrameRenderer | None = None
    unhook = cancel.on_cancel(lambda: _kill_writer(tmp_out)) if cancel is not None else None
    try:
        _hook_moviepy_writer()
        face = prepare_workdir(plan, workdir)
        progress(0.02, "Mixing audio")
        audio = mix_audio(plan, cancel)
        if cancel is not None:
            cancel.raise_if_cancelled()
        progress(0.07, "Measuring loudness")
        audio, measured = normalise_loudness(audio, plan.loudness_lufs, workdir)
        renderer = FrameRenderer(plan, workdir)
        fps = plan.fps

        def frame_function(t: float) -> Array:
            if cancel is not None and cancel.cancelled:
                raise Cancelled()
            assert renderer is not None
            return renderer.frame(int(round(float(t) * fps)))

        # A duration a hair over frames/fps so MoviePy's int(duration * fps) is exactly frames.
        clip = VideoClip(frame_function, duration=(plan.frames + 0.25) / fps)
        clip.fps = fps
        clip = clip.with_audio(AudioArrayClip(np.clip(audio, -1.0, 1.0), fps=SAMPLE_RATE))
        progress(0.10, "Rendering (MoviePy)")
        clip.write_videofile(
            str(tmp_out),
            fps=fps,
            codec=enc.codec,
            preset=enc.preset,
            audio=True,
            audio_fps=SAMPLE_RATE,
            audio_nbytes=2,
            audio_codec="aac",
            audio_bitrate=enc.audio_bitrate,
            temp_audiofile=str(workdir / "audio.m4a"),
            ffmpeg_params=_ffmpeg_params(enc),
            logger=ProgressLogger(progress, cancel),
        )
        if cancel is not None:
            cancel.raise_if_cancelled()
        if not tmp_out.is_file() or tmp_out.stat().st_size == 0:
            raise RenderError("MoviePy did not write the video", str(tmp_out))
        os.replace(tmp_out, out)
        progress(1.0, "Done")
        return ExportResult(
            path=out,
            seconds=time.monotonic() - started,
            encoder=enc.codec,
            font=str(face) if face else "",
            loudness_in=measured,
        )
    except OSError as exc:  # MoviePy reports a dead encoder as IOError (also when we killed it)
        if cancel is not None and cancel.cancelled:
            raise Cancelled() from None
        raise RenderError(f"The MoviePy render failed: {exc}", str(exc)[-2000:]) from exc
    finally:
        if unhook is not None:
            unhook()
        _kill_writer(tmp_out)  # only ever alive here after an error
        if renderer is not None:
            renderer.close()
        if tmp_out.exists():
            tmp_out.unlink()
        shutil.rmtree(workdir, ignore_errors=True)


class ReferenceFrames:
    """Frames of a plan without encoding (for tests and previews)::

    with ReferenceFrames(plan) as ref:
        picture = ref.frame(n)  # uint8 RGB, height x width x 3
    """

    def __init__(self, plan: RenderPlan) -> None:
        self.plan = plan
        self._workdir: Path | None = None
        self._renderer: FrameRenderer | None = None

    def __enter__(self) -> FrameRenderer:
        self._workdir = Path(tempfile.mkdtemp(prefix="shortvid-mpy-frames-"))
        prepare_workdir(self.plan, self._workdir)
        self._renderer = FrameRenderer(self.plan, self._workdir)
        return self._renderer

    def __exit__(self, *exc: object) -> None:
        if self._renderer is not None:
            self._renderer.close()
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
