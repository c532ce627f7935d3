"""RenderPlan -> one FFmpeg filter graph (built with ffmpeg-python).

Video: each segment is fitted to the canvas once (stills are decoded and scaled a single time and
then looped), Ken Burns moves each plane with ``zoompan`` as grey (luma on a 2x copy, so its
steps are half-pixel: no visible jitter; chroma at the canvas size), segments join with ``xfade``
or ``concat``, captions are burnt in by libass from an ASS file, a logo is overlaid. Audio: voice
pieces placed sample-exactly, clip audio, music looped and ducked under the voice with
``sidechaincompress``, then loudness-normalised.

All file names inside the graph are relative to the work directory the process runs in, so no
path ever needs filter-graph escaping.
"""

from __future__ import annotations

import functools
import itertools
import os
from contextvars import ContextVar
from dataclasses import dataclass, replace

import ffmpeg

from ..core.model import KenBurns
from . import audio_graph, effects_graph, transform_graph
from .plan import AudioPiece, RenderPlan, VideoSegment
from .stills import derived_sheet, normalized_still, plane_sheet, sheet_size

SAMPLE_RATE = 48_000
_input_serial = itertools.count()


def _input(filename: str, **kwargs: object):
    """A new ffmpeg input. ffmpeg-python merges inputs with equal arguments into one node (and
    then refuses the graph); a distinct queue size per input keeps every segment its own."""
    serial = 8 + next(_input_serial) % 4096
    return ffmpeg.input(utf8_path(filename), thread_queue_size=serial, **kwargs)


# decoder threads for the clips of the graph being built (video_graph's ``decoder_threads``)
_decoder_threads: ContextVar[int | None] = ContextVar("decoder_threads", default=None)


def _clip_input(filename: str, **kwargs: object):
    """A clip's input: decoded with the threads ``video_graph`` was given (None: ffmpeg's own,
    frame threads for every core)."""
    threads = _decoder_threads.get()
    return _input(filename, **({"threads": threads} if threads else {}), **kwargs)


def utf8_path(filename: str) -> str:
    """``filename``, or where its bytes are not UTF-8 (a name from an old camera or a Windows
    share: Python holds the odd bytes as lone surrogates, which ffmpeg-python cannot hash), a
    link to it with a plain name in the cache folder. ffmpeg reads the same file either way."""
    try:
        filename.encode("utf-8")
        return filename
    except UnicodeEncodeError:
        pass
    import hashlib

    from ..paths import cache_dir

    raw = os.fsencode(os.path.abspath(filename))
    suffix = os.path.splitext(filename)[1]
    suffix = suffix if suffix.isascii() and suffix.isprintable() else ""
    link = cache_dir("links") / f"{hashlib.sha1(raw).hexdigest()[:20]}{suffix}"
    if os.path.realpath(link) != os.path.realpath(filename):
        tmp = link.with_name(f".{link.name}.{os.getpid()}.{next(_input_serial)}")
        os.symlink(os.path.abspath(filename), tmp)
        os.replace(tmp, link)
    return str(link)


@dataclass(frozen=True)
class EncoderSettings:
    codec: str = "libx264"
    preset: str = "veryfast"
    crf: int = 21
    audio_bitrate: str = "160k"
    # FFmpeg's AAC coder: "fast" (a constant quantiser) took 0.35-0.40 CPU-s for 18 s of the
    # make bench's stereo mix at 160k, against 0.73-0.84 for the default "twoloop" search, and
    # came closer to the mix (43.1 dB SNR, twoloop 32.7); the floor the renders are measured
    # against copies the sound. "high" keeps twoloop.
    aac_coder: str = "fast"
    extra: tuple[tuple[str, str], ...] = ()
    profile: str | None = "high"  # None for lossless (needs High 4:4:4 Predictive)
    pix_fmt: str = "yuv420p"  # "vaapi": frames are uploaded to the GPU at the end of the graph
    global_args: tuple[str, ...] = ()  # before the inputs (e.g. a VAAPI device)

    def args(self) -> dict[str, object]:
        out: dict[str, object] = {"c:v": self.codec}
        if self.codec == "libx264":
            out.update({"preset": self.preset, "crf": self.crf})
            if self.profile:
                out["profile:v"] = self.profile
        out.update(dict(self.extra))
        return out


QUALITY_PRESETS: dict[str, EncoderSettings] = {
    "draft": EncoderSettings(preset="superfast", crf=26, audio_bitrate="128k"),
    "standard": EncoderSettings(preset="veryfast", crf=21),
    "high": EncoderSettings(preset="slow", crf=18, audio_bitrate="192k", aac_coder="twoloop"),
    "reference": EncoderSettings(preset="medium", crf=20),
}


def even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


def canvas_size(plan: RenderPlan, scale: float = 1.0) -> tuple[int, int]:
    if scale == 1.0:
        return plan.width, plan.height
    return even(plan.width * scale), even(plan.height * scale)


# ----------------------------------------------------------------------------- video
# a clip's matrix as ffmpeg numbers it (AVColorSpace) where swscale reads it as BT.601:
# unspecified, BT.470BG, SMPTE 170M
_BT601 = (2, 5, 6)


@functools.lru_cache(maxsize=256)
def _clip_facts(path: str, mtime_ns: int, size: int) -> tuple[str | None, float | None]:
    """What the export reads of a clip, with one open a file: its BT.601 range (``_bt601_range``)
    and its video's bit rate in Mb/s (None: not known)."""
    import av

    try:
        with av.open(path) as c:
            stream = c.streams.video[0]
            rate = stream.bit_rate or c.bit_rate
            cc = stream.codec_context
            fmt = cc.format.name if cc.format else ""
            rng = None
            if fmt in ("yuv420p", "yuvj420p") and int(cc.colorspace) in _BT601:
                rng = "pc" if fmt == "yuvj420p" or int(cc.color_range) == 2 else "tv"
            return rng, (rate / 1e6 if rate else None)
    except (av.FFmpegError, IndexError, OSError, TypeError, ValueError):
        return None, None


def _bt601_range(path: str, mtime_ns: int, size: int) -> str | None:
    """ "pc" or "tv" for a clip stored as 8-bit 4:2:0 in the BT.601 matrix (what many Android
    phones and cameras write); None for anything else (BT.709, 10-bit, 4:2:2, unreadable)."""
    return _clip_facts(path, mtime_ns, size)[0]


def clip_mbps(path: str) -> float | None:
    """A clip's video bit rate in Mb/s; None when the file or its rate cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _clip_facts(path, st.st_mtime_ns, st.st_size)[1]


def _to_bt709(stream, seg: VideoSegment | None = None):
    """BT.709 limited range, as a step of its own after the resize: swscale converts between
    matrices at the output size much faster in an unscaled pass than inside a resize (a 601
    full-range 1080p clip fitted to 1080x608: 8 ms of CPU a frame against 3; the two differ by
    PSNR 50 dB). A source already in BT.709 limited range passes through untouched.

    A clip in 8-bit 4:2:0 BT.601 is converted by ``colorspace`` (matrix and range only, as
    swscale does): 0.1 against 1.7 ms of CPU a frame at 1080x608; 52.5 dB PSNR against swscale's
    conversion (the bench's fit_blur clip, worst frame 52.4)."""
    if seg is not None and seg.kind == "video":
        try:
            st = os.stat(seg.source)
            rng = _bt601_range(seg.source, st.st_mtime_ns, st.st_size)
        except OSError:
            rng = None
        if rng is not None:
            return stream.filter(
                "colorspace",
                iall="bt470bg",
                irange=rng,
                all="bt709",
                range="tv",
                format="yuv420p",
                fast=1,
            )
    return stream.filter("scale", out_color_matrix="bt709", out_range="tv")


def _fit(stream: ffmpeg.nodes.FilterableStream, seg: VideoSegment, w: int, h: int):
    if seg.fit == "fill":
        # crop the source to the canvas's shape first, then scale: a 1920x1080 clip on a
        # 1080x1920 canvas scales 608x1080 pixels instead of the whole frame up to 3413x1920
        cw, ch = f"trunc(min(iw,ih*{w}/{h})/2)*2", f"trunc(min(ih,iw*{h}/{w})/2)*2"
        cropped = stream.filter(
            "crop", w=cw, h=ch, x=f"(iw-ow)*{seg.focus_x:.4f}", y=f"(ih-oh)*{seg.focus_y:.4f}"
        )
        return _to_bt709(cropped.filter("scale", w=w, h=h, flags="bicubic"), seg)
    fg_src, bg_src = stream, None
    if seg.fit == "fit_blur":
        split = stream.filter_multi_output("split")
        fg_src, bg_src = split[0], split[1]
    fg = _to_bt709(
        fg_src.filter(
            "scale",
            w=w,
            h=h,
            force_original_aspect_ratio="decrease",
            force_divisible_by=2,
            flags="bicubic",
        ),
        seg,
    )
    if bg_src is None:
        pad = "0x" + seg.pad_color.lstrip("#")[:6]
        return fg.filter("pad", w=w, h=h, x="(ow-iw)/2", y="(oh-ih)/2", color=pad)
    # the background: the canvas-shaped middle of the source at 1/8 size (bilinear: it is
    # blurred next), blurred, darkened, scaled up
    sw, sh = even(w / 8), even(h / 8)
    cw, ch = f"trunc(min(iw,ih*{w}/{h})/2)*2", f"trunc(min(ih,iw*{h}/{w})/2)*2"
    bg = (
        bg_src.filter("crop", w=cw, h=ch)
        .filter("scale", w=sw, h=sh, out_color_matrix="bt709", out_range="tv", flags="bilinear")
        .filter("gblur", sigma=max(4, sw // 24))
        .filter("eq", brightness=-0.08)
        .filter("scale", w=w, h=h, flags="bilinear")
    )
    return ffmpeg.overlay(bg, fg, x="(W-w)/2", y="(H-h)/2")


def ken_burns_rects(kb: KenBurns, w: int, h: int, fx: float, fy: float):
    """Start and end source rectangles (x, y, rw, rh) for a move over a w x h picture."""
    f = 1.0 / (1.0 + kb.amount)
    rw, rh = w * f, h * f
    full = (0.0, 0.0, float(w), float(h))
    focus = ((w - rw) * fx, (h - rh) * fy, rw, rh)
    mid_y, mid_x = (h - rh) * fy, (w - rw) * fx
    return {
        "zoom_in": (full, focus),
        "zoom_out": (focus, full),
        "pan_left": ((w - rw, mid_y, rw, rh), (0.0, mid_y, rw, rh)),
        "pan_right": ((0.0, mid_y, rw, rh), (w - rw, mid_y, rw, rh)),
        "pan_up": ((mid_x, h - rh, rw, rh), (mid_x, 0.0, rw, rh)),
        "pan_down": ((mid_x, 0.0, rw, rh), (mid_x, h - rh, rw, rh)),
    }.get(kb.mode)


# Ken Burns moves a sub-pixel window over a still decoded once at KB_SUPERSAMPLE x the canvas,
# each plane on its own as grey (luma at 2x, so its steps are half an output pixel; the 2x
# still's 4:2:0 chroma planes are canvas-sized). Pans of "fill" stills are a crop a frame of two
# phase planes (``_pan_phases``); zooms are ``zoompan`` over four phase pictures of each plane
# (``_zoom_phases``); other pans crop the plane a frame and scale it (``_ken_burns_plane``).
KB_SUPERSAMPLE = 2


def _kb_progress(seg: VideoSegment, n: str) -> str:
    """The move's progress (0..1, eased) at frame ``n`` of the part, as an expression."""
    total = seg.total_frames or seg.frames
    frame = f"({n}+{seg.skip_frames})" if seg.skip_frames else n
    p = f"min({frame}/{max(1, total - 1)},1)"
    if seg.ken_burns.easing == "ease_in_out":
        p = f"(0.5-0.5*cos(PI*{p}))"
    return p


def _lerp(a: float, b: float, p: str) -> str:
    return f"{a:.4f}" if abs(a - b) < 1e-9 else f"({a:.4f}+({b - a:.4f})*{p})"


def _ken_burns_plane(stream, seg: VideoSegment, w: int, h: int, fps: int, k: float, div: int):
    """A pan over one grey plane that is ``k`` x the canvas; output is canvas / ``div``.

    The window keeps its size, so a per-frame crop (whole pixels of this plane) and one scaler
    set up once do the work (zoompan builds a new scaler for every frame: measured on a
    1080x1920 luma plane, 3.4 ms a frame against 5.0)."""
    rects = ken_burns_rects(seg.ken_burns, w, h, seg.focus_x, seg.focus_y)
    (x0, y0, w0, rh), (x1, y1, _w1, _h1) = rects  # type: ignore[misc]
    p = _kb_progress(seg, "n")  # crop's input frame
    return (
        stream.filter(
            "crop",
            w=int(k * w0),
            h=int(k * rh),
            x=f"{k:g}*{_lerp(x0, x1, p)}",
            y=f"{k:g}*{_lerp(y0, y1, p)}",
        )
        .filter("scale", w=w // div, h=h // div, flags="bicubic")
        .filter("setsar", "1")
    )


@dataclass(frozen=True)
class ZoomPhases:
    """A zoom's three planes, each as four phase pictures 2 x 2: the plane (KB_SUPERSAMPLE x
    the canvas; chroma: the canvas) scaled 2:1 as it is, and one plane pixel further right,
    down, and both. A window on the 2x plane with whole-pixel edges is, at half the size, a
    window on one of the four with whole-pixel edges, so ``zoompan`` (which crops at whole
    pixels of its input and builds a bicubic scaler a frame) scales a window of canvas size
    (an upscale by at most 1 + amount, 4 taps) instead of one of twice the canvas (a 2:1
    downscale, 8 taps), and the window still steps by half an output pixel."""

    planes: tuple  # one frame each, the same size as the plane it is made from


def _zoom_phases(planes: tuple, w: int, h: int) -> ZoomPhases:
    """(y, u, v) planes of a KB_SUPERSAMPLE x canvas still -> their ZoomPhases (made once)."""
    out = []
    for i, plane in enumerate(planes):
        qw, qh = (2 * w, 2 * h) if i == 0 else (w, h)
        hw, hh = qw // 2, qh // 2
        s = plane.filter_multi_output("split", 4)

        def half(src, dx: int, dy: int, qw=qw, qh=qh, hw=hw, hh=hh):
            if dx or dy:  # one plane pixel on, scaled exactly 2:1; the last row/column repeated
                src = src.filter("crop", w=qw - 2 * dx, h=qh - 2 * dy, x=dx, y=dy)
            src = src.filter("scale", w=hw - dx, h=hh - dy, flags="bicubic")
            if dx or dy:
                src = src.filter("pad", w=hw, h=hh, x=0, y=0)
                src = src.filter("fillborders", right=dx, bottom=dy, mode="smear")
            return src

        top = ffmpeg.filter([half(s[0], 0, 0), half(s[1], 1, 0)], "hstack", inputs=2)
        bottom = ffmpeg.filter([half(s[2], 0, 1), half(s[3], 1, 1)], "hstack", inputs=2)
        out.append(ffmpeg.filter([top, bottom], "vstack", inputs=2))
    return ZoomPhases(tuple(out))


def _zoom_by_phases(ph: ZoomPhases, seg: VideoSegment, w: int, h: int, fps: int):
    """The moving canvas-sized picture of a zoom from its ZoomPhases: ``zoompan`` a plane.

    Each frame's window is the move's rectangle on the 2x plane with whole-pixel edges: its
    size rounded to whole pixels of the phase pictures (even on the 2x plane), its left/top
    edge rounded from its centre; the phase is the edge's parity."""
    rects = ken_burns_rects(seg.ken_burns, w, h, seg.focus_x, seg.focus_y)
    (x0, y0, w0, h0), (x1, y1, w1, h1) = rects  # type: ignore[misc]
    p = _kb_progress(seg, "on")  # zoompan's output frame
    moved = []
    for i, plane in enumerate(ph.planes):
        k, div = (2, 1) if i == 0 else (1, 2)  # the plane is k x the canvas
        qw, qh = k * w, k * h
        plane = plane.filter("loop", loop=seg.frames - 1, size=1, start=0)
        plane = plane.filter("settb", expr=f"1/{fps}").filter("setpts", "N")
        ww = f"({k / 2:g}*{_lerp(w0, w1, p)})"  # the window's size in phase pixels
        wh = f"({k / 2:g}*{_lerp(h0, h1, p)})"
        # zoompan's window: trunc(iw/zoom) phase pixels, so the size rounded
        cw, ch = "trunc(iw*(1/zoom))", "trunc(ih*(1/zoom))"
        # the left/top edge on the 2x plane: the centre minus half the rounded size
        ex = f"clip(round({k}*{_lerp(x0, x1, p)}+{ww}-{cw}),0,{qw}-2*{cw})"
        ey = f"clip(round({k}*{_lerp(y0, y1, p)}+{wh}-{ch}),0,{qh}-2*{ch})"
        moved.append(
            plane.filter(
                "zoompan",
                z=f"{qw}/({ww}+0.5)",
                x=f"floor({ex}/2)+mod({ex},2)*{qw // 2}",
                y=f"floor({ey}/2)+mod({ey},2)*{qh // 2}",
                d=1,
                s=f"{w // div}x{h // div}",
                fps=fps,
            )
        )
    return ffmpeg.filter(moved, "mergeplanes", "0x001020", "yuv420p")


def _zooms(seg: VideoSegment) -> bool:
    return _moves(seg) and seg.ken_burns.mode in ("zoom_in", "zoom_out")


# A zoom this short (a preview frame's window) scales its phases in the graph unless they are
# cached already: making the phase sheet costs ~0.4 s the first time, the phases in the graph
# ~30 ms of CPU; the pixels are the same.
ZOOM_SHEET_MIN_FRAMES = 8


def _zoom_sheet(seg: VideoSegment, w: int, h: int) -> tuple[str, bool]:
    """A zooming still's ZoomPhases as a plane sheet of their own (the same layout and size as
    its 2x plane sheet, ``_still_sheet``), made once from that sheet and cached
    (stills.derived_sheet): a zoom reads it as one raw frame, so no window scales the phases
    again, and no filter holds their intermediate pictures (~40 MB a 1080x1920 window). ->
    (the file, True), or for a short part with no cached phases (the 2x sheet, False): its
    phases are made in the graph."""
    sheet = _still_sheet(seg, 2 * w, 2 * h)
    tag = f"zoom-phases-{w}x{h}-v1"
    if seg.frames <= ZOOM_SHEET_MIN_FRAMES:
        cached = derived_sheet(sheet, tag, None)
        return (cached, True) if cached else (sheet, False)
    made = derived_sheet(sheet, tag, lambda out: _write_zoom_sheet(sheet, out, w, h))
    assert made is not None
    return made, True


def _still_sheet(seg: VideoSegment, pw: int, ph: int) -> str:
    """A still fitted to pw x ph as a plane sheet (made once, cached): a "fill" one cropped and
    scaled (stills.plane_sheet), a "fit_pad"/"fit_blur" one by this graph's own ``_fit`` chain
    (``_fitted_sheet``)."""
    if seg.fit == "fill":
        return plane_sheet(seg.source, pw, ph, seg.focus_x, seg.focus_y)
    return _fitted_sheet(seg, pw, ph)


FIT_SHEET_VERSION = 1


def _fitted_sheet(seg: VideoSegment, pw: int, ph: int) -> str:
    """A moving "fit_pad"/"fit_blur" still at pw x ph (KB_SUPERSAMPLE x the canvas), fitted by
    ``_fit`` (the same filters, the same pixels) once and cached as a plane sheet, like a
    "fill" still's: the windows that show it, and a zoom's phases, read one raw frame instead
    of each decoding the still and blurring its background at twice the canvas (~0.25 CPU-s a
    window at 1080x1920)."""
    src = normalized_still(seg.source, pw, ph)
    pad = seg.pad_color if seg.fit == "fit_pad" else ""
    tag = f"fitted-{seg.fit}-{pad}-{pw}x{ph}-v{FIT_SHEET_VERSION}"
    sw, sh = sheet_size(pw, ph)
    made = derived_sheet(src, tag, lambda out: _write_fitted_sheet(seg, src, out, pw, ph), sw * sh)
    assert made is not None
    return made


def _write_fitted_sheet(seg: VideoSegment, src: str, out: str, pw: int, ph: int) -> None:
    from ..media.ffmpeg import run_ffmpeg

    still = _fit(ffmpeg.input(src, f="image2").video, seg, pw, ph).filter("format", "yuv420p")
    y, u, v = _still_planes(still, 1)[0]
    laid = ffmpeg.filter([y, ffmpeg.filter([u, v], "hstack", inputs=2)], "vstack", inputs=2)
    stream = ffmpeg.output(laid, out, f="rawvideo", pix_fmt="gray", **{"frames:v": 1})
    run_ffmpeg(ffmpeg.compile(stream, cmd="ffmpeg")[1:])


def _write_zoom_sheet(sheet: str, out: str, w: int, h: int) -> None:
    from ..media.ffmpeg import run_ffmpeg

    sw, sh = sheet_size(2 * w, 2 * h)
    src = ffmpeg.input(sheet, f="rawvideo", pix_fmt="gray", video_size=(sw, sh))
    src = src.video.filter("setparams", range="tv", colorspace="bt709")  # as _pictures reads it
    y, u, v = _zoom_phases(_sheet_planes(src, 2 * w, 2 * h), w, h).planes
    laid = ffmpeg.filter([y, ffmpeg.filter([u, v], "hstack", inputs=2)], "vstack", inputs=2)
    stream = ffmpeg.output(laid, out, f="rawvideo", pix_fmt="gray", **{"frames:v": 1})
    run_ffmpeg(ffmpeg.compile(stream, cmd="ffmpeg")[1:])


def _split_planes(planes: tuple, n: int) -> list[tuple]:
    if n == 1:
        return [planes]
    split = [pl.filter_multi_output("split", n) for pl in planes]
    return [tuple(s[j] for s in split) for j in range(n)]


# Above this, a pan moves by a crop and a scale a frame of the usual 2x sheet: a phase sheet is
# (1 + amount)^2 the area of that sheet (at 0.5: 2.25x, ~110 MB for a 4K canvas).
PAN_PHASES_MAX_AMOUNT = 0.5


def _pan_axis(seg: VideoSegment) -> str | None:
    """ "x" or "y" for a Ken Burns pan of a "fill" still (which moves through phase planes, see
    ``_pan_phases``), else None."""
    mode = seg.ken_burns.mode
    if seg.kind != "image" or seg.fit != "fill" or not _moves(seg):
        return None
    if seg.ken_burns.amount > PAN_PHASES_MAX_AMOUNT:  # the sheet would grow with (1 + amount)^2
        return None
    return {"pan_left": "x", "pan_right": "x", "pan_up": "y", "pan_down": "y"}.get(mode)


def _pan_sheet_size(seg: VideoSegment, w: int, h: int) -> tuple[int, int]:
    """A pan's plane sheet: the still at KB_SUPERSAMPLE x (1 + amount) x the canvas (multiples
    of 4: its chroma is halved twice), so the pan's window is exactly KB_SUPERSAMPLE x the
    canvas and its picture is an exact 2:1 downscale."""
    z = KB_SUPERSAMPLE * (1.0 + seg.ken_burns.amount)
    return max(4 * -(-w * KB_SUPERSAMPLE // 4), 4 * round(w * z / 4)), max(
        4 * -(-h * KB_SUPERSAMPLE // 4), 4 * round(h * z / 4)
    )


@dataclass(frozen=True)
class PanPhases:
    """A pan's three planes, each as its two phase pictures side by side (x pans) or stacked
    (y pans): the band the window moves along scaled 2:1, and the same band one plane pixel
    further on, scaled 2:1. A window KB_SUPERSAMPLE x the canvas moving by whole pixels of the
    2x plane is, after an exact 2:1 scale, a crop of one of the two phases (away from the
    band's ends, where a scaler of the crop alone would repeat its edge pixels): each frame is
    a crop (no scaler, no copy) and steps by half an output pixel, as before."""

    planes: tuple  # one frame each: the two phases stacked
    phase1_at: tuple[int, ...]  # where the second phase starts, per plane
    span: tuple[int, ...]  # the moving axis' travel, in plane pixels (even)


def _pan_phases(planes: tuple, seg: VideoSegment, w: int, h: int, pw: int, ph: int) -> PanPhases:
    """``planes`` of a pw x ph pan sheet (``_pan_sheet_size``) -> their PanPhases."""
    axis = _pan_axis(seg)
    out, at, span = [], [], []
    for i, plane in enumerate(planes):
        div = 1 if i == 0 else 2
        qw, qh = pw // div, ph // div  # the plane
        ww, wh = 2 * w // div, 2 * h // div  # the window on it (2x its output)
        if axis == "x":
            off = int((qh - wh) * seg.focus_y)
            band = plane.filter("crop", w=qw, h=wh, x=0, y=off).filter_multi_output("split", 2)
            p0 = band[0].filter("scale", w=qw // 2, h=wh // 2, flags="bicubic")
            p1 = band[1].filter("crop", w=qw - 2, h=wh, x=1, y=0)
            p1 = p1.filter("scale", w=qw // 2 - 1, h=wh // 2, flags="bicubic")
            out.append(ffmpeg.filter([p0, p1], "hstack", inputs=2))
            at.append(qw // 2)
            span.append(qw - ww)
        else:
            off = int((qw - ww) * seg.focus_x)
            band = plane.filter("crop", w=ww, h=qh, x=off, y=0).filter_multi_output("split", 2)
            p0 = band[0].filter("scale", w=ww // 2, h=qh // 2, flags="bicubic")
            p1 = band[1].filter("crop", w=ww, h=qh - 2, x=0, y=1)
            p1 = p1.filter("scale", w=ww // 2, h=qh // 2 - 1, flags="bicubic")
            out.append(ffmpeg.filter([p0, p1], "vstack", inputs=2))
            at.append(qh // 2)
            span.append(qh - wh)
    return PanPhases(tuple(out), tuple(at), tuple(span))


def _split_phases(ph: PanPhases, n: int) -> list[PanPhases]:
    if n == 1:
        return [ph]
    split = [p.filter_multi_output("split", n) for p in ph.planes]
    return [replace(ph, planes=tuple(s[j] for s in split)) for j in range(n)]


def _pan_by_phases(ph: PanPhases, seg: VideoSegment, w: int, h: int, fps: int):
    """The moving canvas-sized picture of a pan from its PanPhases: a crop a frame."""
    kb = seg.ken_burns
    total = seg.total_frames or seg.frames
    frame = f"(n+{seg.skip_frames})" if seg.skip_frames else "n"
    p = f"min({frame}/{max(1, total - 1)},1)"
    if kb.easing == "ease_in_out":
        p = f"(0.5-0.5*cos(PI*{p}))"
    axis = "x" if kb.mode in ("pan_left", "pan_right") else "y"
    backwards = kb.mode in ("pan_left", "pan_up")
    moved = []
    for i, plane in enumerate(ph.planes):
        div = 1 if i == 0 else 2
        at = ph.phase1_at[i]
        pos = f"{ph.span[i]}*(1-{p})" if backwards else f"{ph.span[i]}*{p}"
        step = f"trunc({pos})"  # whole pixels of the 2x plane, as the crop of old
        where = f"floor({step}/2)+mod({step},2)*{at}"
        plane = plane.filter("loop", loop=seg.frames - 1, size=1, start=0)
        plane = plane.filter("settb", expr=f"1/{fps}").filter("setpts", "N")
        x, y = (where, "0") if axis == "x" else ("0", where)
        moved.append(plane.filter("crop", w=w // div, h=h // div, x=x, y=y).filter("setsar", "1"))
    return ffmpeg.filter(moved, "mergeplanes", "0x001020", "yuv420p")


def _still_planes(still, n: int) -> list[tuple]:
    """A yuv420p still's three planes, extracted once and handed to ``n`` moves (the parts of
    one segment): every part loops references to the same plane buffers."""
    planes = still.filter_multi_output("extractplanes", "y+u+v")
    if n == 1:
        return [(planes[0], planes[1], planes[2])]
    split = [planes[i].filter_multi_output("split", n) for i in range(3)]
    return [(split[0][j], split[1][j], split[2][j]) for j in range(n)]


def _ken_burns(still, seg: VideoSegment, w: int, h: int, fps: int):
    """A KB_SUPERSAMPLE x canvas yuv420p still (one frame), its planes (_still_planes) or its
    phases (_pictures) -> the moving canvas-sized stream."""
    if isinstance(still, PanPhases):
        return _pan_by_phases(still, seg, w, h, fps)
    if isinstance(still, ZoomPhases):
        return _zoom_by_phases(still, seg, w, h, fps)
    k = KB_SUPERSAMPLE
    planes = still if isinstance(still, tuple) else _still_planes(still, 1)[0]
    if _zooms(seg):
        return _zoom_by_phases(_zoom_phases(planes, w, h), seg, w, h, fps)
    moved = []
    for i in range(3):
        plane = planes[i].filter("loop", loop=seg.frames - 1, size=1, start=0)
        plane = plane.filter("settb", expr=f"1/{fps}").filter("setpts", "N")
        scale, div = (k, 1) if i == 0 else (k / 2, 2)  # chroma: half the luma's size
        moved.append(_ken_burns_plane(plane, seg, w, h, fps, scale, div))
    return ffmpeg.filter(moved, "mergeplanes", "0x001020", "yuv420p")


def _moves(seg: VideoSegment) -> bool:
    kb = seg.ken_burns
    return (
        seg.kind == "image"
        and kb.mode != "none"
        and kb.amount > 0
        and (seg.total_frames or seg.frames) > 1
    )


def _still(seg: VideoSegment, fps: int, w: int, h: int):
    """An image segment's picture, decoded and fitted once (one frame; KB_SUPERSAMPLE x the
    canvas when it moves)."""
    k = KB_SUPERSAMPLE if _moves(seg) else 1
    src = _input(normalized_still(seg.source, k * w, k * h), f="image2", framerate=fps)
    return _fit(src.video, seg, k * w, k * h).filter("format", "yuv420p")


def _pictures(seg: VideoSegment, fps: int, w: int, h: int, n: int) -> list:
    """``n`` handles on an image segment's one decoded picture (for its parts): when it moves,
    (y, u, v) plane streams (KB_SUPERSAMPLE x the canvas) or their phases (a zoom's, a pan's)
    for ``_ken_burns``; else a canvas-sized yuv420p stream.

    A "fill" still, and a moving still of any fit, comes as a plane sheet (stills.plane_sheet,
    ``_fitted_sheet``: fitted and converted once, cached): one raw grey frame whose planes
    ``crop`` points into without copying. A still of another fit that does not move is fitted
    in the graph, at the canvas' size."""
    moves = _moves(seg)
    if seg.fit != "fill" and not moves:  # fitted here: one picture at the canvas' size
        still = _still(seg, fps, w, h)
        if n == 1:
            return [still]
        split = still.filter_multi_output("split", n)
        return [split[j] for j in range(n)]
    sheet_file, phased, (pw, ph) = _sheet_of(seg, w, h)
    sw, sh = sheet_size(pw, ph)
    sheet = _input(
        sheet_file, f="rawvideo", pix_fmt="gray", video_size=(sw, sh), framerate=fps
    ).video.filter("setparams", range="tv", colorspace="bt709")  # as a clip's planes
    if not moves:  # one yuv420p picture, looped by each part
        sheet = _sheet_picture(sheet, pw, ph)
    if not moves:
        if n == 1:
            return [sheet]
        split = sheet.filter_multi_output("split", n)
        return [split[j] for j in range(n)]
    planes = _sheet_planes(sheet, pw, ph)
    if _pan_axis(seg) is not None:  # each part a crop a frame of the same two phases
        return _split_phases(_pan_phases(planes, seg, w, h, pw, ph), n)
    if phased:  # each part a zoompan over the same four phases
        return [ZoomPhases(pl) for pl in _split_planes(planes, n)]
    if _zooms(seg):
        return _zoom_parts(planes, w, h, n)
    return _split_planes(planes, n)


def _sheet_of(seg: VideoSegment, w: int, h: int) -> tuple[str, bool, tuple[int, int]]:
    """The plane sheet ``_pictures`` reads for a "fill" still, or a moving one of any fit (made
    once, cached): (the file, whether it holds a zoom's four phases, the size of the picture
    it holds)."""
    k = KB_SUPERSAMPLE if _moves(seg) else 1
    pw, ph = _pan_sheet_size(seg, w, h) if _pan_axis(seg) is not None else (k * w, k * h)
    if _zooms(seg):  # its four phases, laid out as the 2x sheet's planes (or that sheet)
        sheet_file, phased = _zoom_sheet(seg, w, h)
        return sheet_file, phased, (pw, ph)
    return _still_sheet(seg, pw, ph), False, (pw, ph)


def picture_file(seg: VideoSegment, w: int, h: int) -> str:
    """Make (once; cached) the prepared picture an image segment's windows read on a w x h
    canvas, as ``_pictures`` would: its plane sheet (a pan's wider one, a zoom's phases, a
    moving fitted still's) or, for a still fitted in place, its normalised still. -> the
    file."""
    if seg.fit == "fill" or _moves(seg):
        return _sheet_of(seg, w, h)[0]
    return normalized_still(seg.source, w, h)


def _zoom_parts(planes: tuple, w: int, h: int, n: int) -> list[ZoomPhases]:
    return [ZoomPhases(pl) for pl in _split_planes(_zoom_phases(planes, w, h).planes, n)]


def _sheet_planes(sheet, pw: int, ph: int) -> tuple:
    """The Y, Cb and Cr planes of a plane sheet (crops: no copy)."""
    s = sheet.filter_multi_output("split", 3)
    return (
        s[0].filter("crop", w=pw, h=ph, x=0, y=0),
        s[1].filter("crop", w=pw // 2, h=ph // 2, x=0, y=ph),
        s[2].filter("crop", w=pw // 2, h=ph // 2, x=pw // 2, y=ph),
    )


def _sheet_picture(sheet, pw: int, ph: int):
    """A plane sheet as one yuv420p picture, tagged as graph.py's clips are (BT.709, limited)."""
    merged = ffmpeg.filter(list(_sheet_planes(sheet, pw, ph)), "mergeplanes", "0x001020", "yuv420p")
    return merged.filter("setparams", range="tv", colorspace="bt709")


def _segment_stream(
    seg: VideoSegment, fps: int, w: int, h: int, backoff_s: float = 1.0, still=None
):
    """One segment on the canvas; an image segment may be given its ``still`` (from
    _pictures)."""
    dur = seg.frames / fps
    if seg.kind == "color":
        src = _input(f"color=c={seg.color}:s={w}x{h}:r={fps}:d={dur + 1:.3f}", f="lavfi")
        v = src.video.filter("format", "yuv420p")
    elif seg.kind == "image":
        k = KB_SUPERSAMPLE if _moves(seg) else 1
        v = still if still is not None else _pictures(seg, fps, w, h, 1)[0]
        if k > 1:
            v = _ken_burns(v, seg, w, h, fps)
        else:
            v = v.filter("loop", loop=seg.frames - 1, size=1, start=0)
            v = v.filter("settb", expr=f"1/{fps}").filter("setpts", "N")
    elif effects_graph.retimed(seg):  # speed, reverse, freeze frame
        v = effects_graph.retimed_source(seg, fps, _clip_input, backoff_s)
        v = _fit(v, seg, w, h).filter("format", "yuv420p").filter("setsar", "1")
        v = v.filter("tpad", stop_mode="clone", stop_duration=f"{dur:.3f}")
    else:
        # A window that skips into the clip seeks close to where it starts, then re-bases the
        # clock on the clip's in-point so fps picks the same source frames as a full render.
        skip_s = seg.skip_frames / fps
        rel = max(0.0, skip_s - backoff_s)
        # read a tenth of a second past the end: fps needs the frame after the last one shown
        # (a phone's variable rate may drop to 15 fps), and every frame read beyond is decoded
        # for nothing (at +0.25 s the 16 Mb/s bench clip decoded 176 frames for 166, now 172)
        src = _clip_input(
            seg.source,
            ss=f"{seg.source_in_us / 1e6 + rel:.6f}",
            t=f"{dur + skip_s - rel + 0.1:.3f}",
        )
        v = src.video
        if rel:
            v = v.filter("setpts", f"PTS+round({rel:.6f}/TB)")
        v = v.filter("fps", fps=fps, start_time=0)
        if seg.skip_frames:
            v = v.filter("trim", start_frame=seg.skip_frames).filter("setpts", "PTS-STARTPTS")
        v = _fit(v, seg, w, h).filter("format", "yuv420p").filter("setsar", "1")
        # hold the last frame if the source is short; finite, so no stream is ever endless
        v = v.filter("tpad", stop_mode="clone", stop_duration=f"{dur:.3f}")
    v = v.filter("trim", end_frame=seg.frames)
    v = v.filter("settb", expr=f"1/{fps}").filter("setpts", "N").filter("setsar", "1")
    v = effects_graph.grade(v, seg.looks)  # the clip's look (the video's: video_graph)
    return transform_graph.apply_motion(v, seg, fps, w, h)  # moved on the canvas


def _frames(stream, start: int, end: int | None):
    """Frames [start, end) of a 1/fps stream (``end`` None: to its end), re-based to 0."""
    kw = {"start_frame": start} if start else {}
    if end is not None:
        kw["end_frame"] = end
    out = stream.filter("trim", **kw)
    return out.filter("setpts", "PTS-STARTPTS") if start else out


def _transition(a, b, kind: str, frames: int, lead: int, fps: int):
    """``a`` (``lead`` + ``frames`` frames) with ``b`` (``frames`` frames) coming in over its
    last ``frames``."""
    if kind == "fade":
        # xfade's fade as an alpha ramp on b blended over a: transition frame i shows
        # a * (1 - i/frames) + b * i/frames, like xfade, with overlay's SIMD blend (measured at
        # 1080x1920: 4.3 ms of CPU a transition frame against xfade's 9.6); before b starts,
        # overlay passes a's frames on
        ramp = b.filter("format", "yuva420p").filter("fade", t="in", s=0, n=frames, alpha=1)
        if lead:
            ramp = ramp.filter("setpts", f"PTS+{lead}")
        return ffmpeg.overlay(a, ramp, format="yuv420", eof_action="pass")
    return ffmpeg.filter(
        [a, b],
        "xfade",
        transition=kind,
        duration=f"{frames / fps:.6f}",
        offset=f"{lead / fps:.6f}",
    )


def _overlaps(plan: RenderPlan) -> list[tuple[int, int]]:
    """(frames shared with the previous segment, with the next) for each segment."""
    segs = plan.segments
    t = [s.transition_frames if i and s.transition != "cut" else 0 for i, s in enumerate(segs)]
    return [(t[i], t[i + 1] if i + 1 < len(segs) else 0) for i in range(len(segs))]


def _video_chain(plan: RenderPlan, w: int, h: int, backoff_s: float = 1.0):
    """Segments joined by one ``concat``: each segment's piece is its frames after the
    previous transition, with the next segment's first frames coming in over its end.

    (Nesting each xfade over everything before it made every frame of the video pass through
    every later xfade: ~7 ms of CPU a 1080x1920 frame.) A still's parts (its first frames, the
    middle, its last frames) are separate moves of its one decoded picture, so no filter waits
    on a queue: transition filters read their inputs as soon as the graph starts, and a split
    feeding one would make the whole segment before the transition be computed and queued at
    once (1.5 GB for the reference job). A clip is decoded once: its first frames are split off
    (at most the transition's frames wait), and the next segment comes in over its end."""
    fps = plan.fps
    overlaps = _overlaps(plan)
    if any(a + b > seg.frames for seg, (a, b) in zip(plan.segments, overlaps, strict=True)):
        # a segment inside two transitions at once
        return _video_chain_nested(plan, w, h, backoff_s)
    heads: dict[int, object] = {}
    pieces = []
    pending = None  # (stream, lead frames) whose end the next segment's head comes in over
    for i, (seg, (t_in, t_out)) in enumerate(zip(plan.segments, overlaps, strict=True)):
        if seg.kind == "video":
            s = _segment_stream(seg, fps, w, h, backoff_s)
            if t_in:
                split = s.filter_multi_output("split", 2)
                heads[i] = _frames(split[0], 0, t_in)
                s = _frames(split[1], t_in, None)
            parts = {"body": s}
        else:
            # a still or a colour: each part is its own move of one decoded picture (a single
            # frame, shared), so nothing waits in a queue
            full = seg.total_frames or seg.frames
            bounds = {"head": (0, t_in), "mid": (t_in, seg.frames - t_out)}
            bounds["tail"] = (seg.frames - t_out, seg.frames)
            wanted = {k: b for k, b in bounds.items() if b[1] > b[0]}
            pics: list = [None] * len(wanted)
            if seg.kind == "image" and len(wanted) > 1:
                pics = _pictures(seg, fps, w, h, len(wanted))
            parts = {}
            for (name, (a, b)), pic in zip(wanted.items(), pics, strict=True):
                part = replace(
                    seg, frames=b - a, skip_frames=seg.skip_frames + a, total_frames=full
                )
                parts[name] = _segment_stream(part, fps, w, h, backoff_s, still=pic)
            if "head" in parts:
                heads[i] = parts.pop("head")
        if pending is not None:
            a_stream, lead = pending
            pieces.append(_transition(a_stream, heads[i], seg.transition, t_in, lead, fps))
            pending = None
        if "body" in parts:  # a clip: the next head comes in over its last frames
            if t_out:
                pending = (parts["body"], seg.frames - t_in - t_out)
            else:
                pieces.append(parts["body"])
        else:
            if "mid" in parts:
                pieces.append(parts["mid"])
            if t_out:
                pending = (parts["tail"], 0)
    if len(pieces) == 1:
        acc = pieces[0]
    else:  # concat's clock is 1/1000000: reset it
        acc = ffmpeg.concat(*pieces, n=len(pieces), v=1, a=0)
        acc = acc.filter("settb", expr=f"1/{fps}").filter("setpts", "N")
    return acc.filter("trim", end_frame=plan.frames).filter("setpts", "PTS-STARTPTS")


def _video_chain_nested(plan: RenderPlan, w: int, h: int, backoff_s: float = 1.0):
    """Each segment joined to all before it (a short segment can then be inside two
    transitions at once)."""
    fps = plan.fps
    acc = None
    length = 0
    for seg in plan.segments:
        s = _segment_stream(seg, fps, w, h, backoff_s)
        if acc is None:
            acc, length = s, seg.frames
        elif seg.transition_frames > 0 and seg.transition != "cut":
            t = seg.transition_frames
            acc = ffmpeg.filter(
                [acc, s],
                "xfade",
                transition=seg.transition,
                duration=f"{t / fps:.6f}",
                offset=f"{(length - t) / fps:.6f}",
            )
            length += seg.frames - t
        else:
            acc = ffmpeg.concat(acc, s, n=2, v=1, a=0)  # concat's clock is 1/1000000: reset it
            acc = acc.filter("settb", expr=f"1/{fps}").filter("setpts", "N")
            length += seg.frames
    assert acc is not None
    return acc.filter("trim", end_frame=plan.frames).filter("setpts", "PTS-STARTPTS")


def _watermark(video, plan: RenderPlan, w: int, h: int):
    logo_w = even(w / 5)
    margin = max(8, w // 30)
    logo = (
        _input(normalized_still(plan.watermark_image, logo_w, 2), f="image2")
        .video.filter("scale", w=logo_w, h=-1)
        .filter("format", "rgba")
        .filter("colorchannelmixer", aa=f"{plan.watermark_opacity:.3f}")
    )
    pos = {
        "top_left": (f"{margin}", f"{margin}"),
        "top_right": (f"W-w-{margin}", f"{margin}"),
        "bottom_left": (f"{margin}", f"H-h-{margin}"),
        "bottom_right": (f"W-w-{margin}", f"H-h-{margin}"),
    }[plan.watermark_position]
    return ffmpeg.overlay(video, logo, x=pos[0], y=pos[1], eof_action="repeat")


def video_graph(
    plan: RenderPlan,
    scale: float = 1.0,
    ass_file: str | None = "captions.ass",
    fonts_dir: str = "fonts",
    seek_backoff_s: float = 1.0,
    decoder_threads: int | None = None,
):
    """The composed video stream: segments, transitions, captions, watermark.

    A window starting inside a clip seeks ``seek_backoff_s`` before its first frame (ffmpeg
    then decodes from the keyframe before that point); previews reading short-GOP proxies
    pass less. ``decoder_threads``: threads each clip is decoded with (windows rendered side by
    side keep to their share of the cores; None: ffmpeg's default)."""
    w, h = canvas_size(plan, scale)
    token = _decoder_threads.set(decoder_threads)
    try:
        v = _video_chain(plan, w, h, seek_backoff_s)
    finally:
        _decoder_threads.reset(token)
    v = effects_graph.look_over_pictures(  # overlay pictures, the whole video's look over all
        v, plan, lambda s, p: transform_graph.overlay_pictures(s, p, w, h, _input)
    )
    if ass_file and plan.time_offset_us:  # captions are timed on the full output's clock
        v = v.filter("setpts", f"PTS+round({plan.time_offset_us / 1e6:.6f}/TB)")
    if ass_file:
        v = v.filter(
            "subtitles", filename=ass_file, fontsdir=fonts_dir, charenc="UTF-8", wrap_unicode=1
        )
        if plan.time_offset_us:
            v = v.filter("setpts", "PTS-STARTPTS")
    if plan.watermark_image and transform_graph.moved_watermark(plan):
        v = transform_graph.watermark(v, plan, w, h, _input)
    elif plan.watermark_image:
        v = _watermark(v, plan, w, h)
    return v.filter("format", "yuv420p")


# ----------------------------------------------------------------------------- audio
def _place(piece: AudioPiece, stream):
    return audio_graph.place(piece, stream)  # trim, fades, volume line, placement


def _silence(duration_s: float):
    return _input(f"anullsrc=r={SAMPLE_RATE}:cl=stereo:d={duration_s:.6f}", f="lavfi").audio.filter(
        "aformat", sample_fmts="fltp", sample_rates=SAMPLE_RATE, channel_layouts="stereo"
    )


def _amix(streams: list):
    return ffmpeg.filter(
        streams, "amix", inputs=len(streams), normalize=0, duration="longest", dropout_transition=0
    )


def _mix(streams: list, total_s: float):
    s = streams[0] if len(streams) == 1 else _amix(streams)
    return s.filter("apad", whole_dur=f"{total_s:.6f}").filter("atrim", duration=f"{total_s:.6f}")


def _clip_sound(p: AudioPiece, origin: int = 0):
    """A clip's sound (its input seeks to the in-point), shaped and placed."""
    src = _input(
        p.source,
        ss=f"{p.source_in_us / 1e6:.6f}",
        t=f"{effects_graph.source_span_us(p) / 1e6 + 0.1:.3f}",
    )
    return audio_graph.place(replace(p, source_in_us=0), src.audio, origin=origin)


def track_span(pieces: list[AudioPiece], kind: str, first: int, end: int):
    """Output samples [first, end) of the voice track (``kind`` "voice") or of the clips' sound
    ("clip"): its pieces placed and mixed, exactly ``end - first`` samples (a joining pass:
    ``audio_graph.join_spans``)."""
    if kind == "voice":
        streams = [audio_graph.place(p, _input(p.source).audio, origin=first) for p in pieces]
    else:
        streams = [_clip_sound(p, first) for p in pieces]
    n = end - first
    s = streams[0] if len(streams) == 1 else _amix(streams)
    return s.filter("apad", whole_len=n).filter("atrim", end_sample=n)


def _joined(name: str):
    """A track joined in the work directory: one WAV, or a concat list of WAV spans."""
    src = _input(name, f="concat", safe=0) if name.endswith(".ffconcat") else _input(name)
    return src.audio.filter("asetpts", f"N/{SAMPLE_RATE}/TB").filter(
        "aformat", sample_fmts="fltp", sample_rates=SAMPLE_RATE, channel_layouts="stereo"
    )


def audio_mix(
    plan: RenderPlan,
    video_inputs: dict[str, object] | None = None,
    joined: dict[str, str] | None = None,
):
    """Voice + clip audio + ducked music, before loudness normalisation. ``joined``: the voice
    and the clips' sound already joined into one track each ("voice", "clip": file names in the
    work directory), so the mix opens a few inputs whatever the length."""
    total = plan.duration_s
    joined = joined or {}
    if "voice" in joined:
        voice = [_joined(joined["voice"])]
    else:
        voice = [_place(p, _input(p.source).audio) for p in plan.voice]
    if "clip" in joined:
        clip_audio = [_joined(joined["clip"])]
    else:
        clip_audio = [_clip_sound(p) for p in plan.clip_audio]
    voice_bus = _mix(voice or [_silence(total)], total)
    parts = []
    if plan.music is not None:
        # looped (crossfaded joins) or played once, with fades and volume line: audio_graph.py
        if "music" in joined:  # a crossfaded loop from its source and unit (two inputs)
            names, n = (joined["music"], joined["music_unit"]), int(joined["music_n"])
            bed = audio_graph.looped_from_unit(plan.music, plan.music_volume, _input, names, n)
        else:
            bed = audio_graph.music(plan.music, plan.music_volume, _input)
        music = _mix([bed], total)
        if plan.voice and plan.ducking > 0:
            split = voice_bus.filter_multi_output("asplit")
            voice_bus, sidechain = split[0], split[1]
            # sidechaincompress ends at the first end it sees on either input, with what it
            # holds of the other dropped, so the music's last frame or two was there or not
            # from run to run; the voice side never ends here and the music runs 1 s past the
            # video (cut by the mix), so the end is the music's and always past the video's
            music = ffmpeg.filter(
                [music.filter("apad", pad_dur=1), sidechain.filter("apad")],
                "sidechaincompress",
                threshold=0.015,
                ratio=f"{1 + plan.ducking * 19:.2f}",
                attack=30,
                release=450,
                makeup=1,
                knee=4,
            )
        parts.append(music)
    return _mix([voice_bus, *parts, *clip_audio], total)


# Loudness: the first pass measures the mix with ``ebur128`` (integrated loudness, and its true
# peak 4x oversampled) at 48 kHz; the second applies one gain, and where that gain would take
# the true peak over TRUE_PEAK_DB, a limiter run at 192 kHz (so it holds the true peak, not
# just the samples). loudnorm did both passes at 192 kHz (its own resampling and dynamic gain
# riding): ~1.0 and ~0.9 CPU-s more on the 30 s reference job, for the same target.
TRUE_PEAK_DB = -1.5


def loudness_meter(stream, name: str, peak: bool = False):
    """``stream`` through an ``ebur128`` meter named ``name`` (its summary: ``meter_levels``)."""
    opts = {"framelog": "quiet", **({"peak": "true"} if peak else {})}
    return stream.filter(f"ebur128@{name}", **opts)


def peak_limiter(stream, oversample: bool = True):
    """Samples (true peaks, when ``oversample``: at 4x the rate) held under TRUE_PEAK_DB, with
    a 5 ms look-ahead compensated (nothing moves)."""
    if oversample:
        stream = stream.filter("aresample", 4 * SAMPLE_RATE)
    stream = stream.filter(
        "alimiter",
        limit=f"{10 ** (TRUE_PEAK_DB / 20):.6f}",
        attack=5,
        release=50,
        level="false",
        latency="true",
    )
    return stream.filter("aresample", SAMPLE_RATE) if oversample else stream


def loudnorm_filter(stream, target: float, measured: dict):
    """The mix at the measured gain (``export.measure_loudness``), limited where it must be."""
    del target  # (in the gain)
    s = stream.filter("volume", f"{float(measured['gain_db']):.3f}dB")
    if measured.get("limit"):
        s = peak_limiter(s)
    return s.filter(
        "aformat", sample_fmts="fltp", sample_rates=SAMPLE_RATE, channel_layouts="stereo"
    )
