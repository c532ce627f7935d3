"""Captions, title card, overlays and watermarks: the graph's ASS script rendered by libass
onto black and white canvases, giving each pixel's colour and coverage."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ...core.errors import RenderError
from ...jobs.spawn import no_window
from ...media.ffmpeg import ffmpeg_exe
from ..graph import even
from ..plan import RenderPlan
from ..stills import normalized_still
from .pictures import Array, _rescale, yuv709_to_rgb

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


def moved_watermark_layer(
    plan: RenderPlan,
) -> tuple[Array, Array, tuple[int, int, int, int]] | None:
    """The logo moved or resized on the canvas (transform_graph.watermark) as a premultiplied
    layer: ``watermark_box``'s width, the height of ``scale=w:-1``, its centre where it was put
    (the corner rounded down to even, as overlay does on 4:2:0)."""
    if not plan.watermark_image:
        return None
    from PIL import Image

    from ..transform_graph import watermark_box

    w, h = plan.width, plan.height
    with Image.open(normalized_still(plan.watermark_image, even(w / 5), 2)) as im:
        size = im.size
    cx, cy, lw, _lh = watermark_box(plan, w, h, *size)
    logo_w = int(lw)
    with Image.open(normalized_still(plan.watermark_image, logo_w, 2)) as im:
        im = im.convert("RGBA")
        logo_h = max(1, _rescale(logo_w, im.height, im.width))
        im = im.resize((logo_w, logo_h), Image.Resampling.BICUBIC)
        rgba = np.asarray(im).astype(np.float32)
    alpha = rgba[..., 3:] / 255.0 * float(f"{plan.watermark_opacity:.3f}")
    x = int(float(f"{cx:.2f}") - logo_w / 2) & ~1
    y = int(float(f"{cy:.2f}") - logo_h / 2) & ~1
    x0, y0, x1, y1 = max(0, x), max(0, y), min(w, x + logo_w), min(h, y + logo_h)
    if x1 <= x0 or y1 <= y0:
        return None
    part = (slice(y0 - y, y1 - y), slice(x0 - x, x1 - x))
    color = rgba[part][..., :3] * alpha[part]
    return color, alpha[part], (y0, y1, x0, x1)
