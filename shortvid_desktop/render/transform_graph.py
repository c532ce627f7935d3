"""Pictures placed on the canvas: a clip's transform and keyframes as FFmpeg filters.

A transform puts a picture's centre at (x, y) (fractions of the canvas), scales it, turns it
(degrees, clockwise) and fades it (opacity). Keyframes animate those values; every value becomes
one expression over the filter's clock ``t`` (piecewise linear or eased between keyframes), so a
move costs a handful of filters whatever its length:

* ``scale`` (``eval=frame``) sizes the picture at each frame,
* ``rotate`` turns it inside a fixed square large enough for any angle (transparent corners),
* ``lut`` sets its opacity (animated: its factor changed a frame by ``sendcmd``),
* ``overlay`` (``eval=frame``) puts its centre where the expression says.

Main-track segments with a transform go through the same steps over a black canvas; overlay-track
pictures (``PictureOverlay``) are laid over the composed video before the captions; a moved
watermark uses the same placement. The preview renders through the same graph, so what the
canvas shows is what the export writes. ``graph.py`` calls ``apply_motion``,
``overlay_pictures`` and ``watermark`` (three hooks); nothing here reads the project.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import ffmpeg

from ..core.model import Clip, Keyframe, Template, Transform, ease
from ..core.timebase import US_PER_SECOND
from . import effects_graph
from .stills import normalized_still

# Pictures are moved as YUV 4:2:0 with alpha: the composed video's own format (overlay then
# blends without converting), a quarter of RGBA's chroma to scale and turn. Sizes stay even.
PIX = "yuva420p"

# (time from the clip's start in us, x, y, scale, rotation, opacity, easing to the next)
Key = tuple[int, float, float, float, float, float, str]


@dataclass(frozen=True)
class Motion:
    """A clip's placement over time: one key (fixed) or several (animated)."""

    keys: tuple[Key, ...]

    def at(self, t_us: int) -> Transform:
        """The values at ``t_us`` from the clip's start (as the graph computes them)."""
        ks = self.keys
        if t_us <= ks[0][0]:
            return Transform(*ks[0][1:6])
        for a, b in zip(ks, ks[1:], strict=False):
            if t_us < b[0]:
                p = ease((t_us - a[0]) / max(1, b[0] - a[0]), a[6])
                return Transform(*(u + (v - u) * p for u, v in zip(a[1:6], b[1:6], strict=True)))
        return Transform(*ks[-1][1:6])

    def values(self, i: int) -> list[float]:
        return [k[1 + i] for k in self.keys]

    def max_scale(self) -> float:
        return max(self.values(2))


def motion_of(clip: Clip) -> Motion | None:
    """The clip's Motion, or None where it looks as it always did (no transform, no keys)."""
    if clip.keyframes:
        return Motion(tuple(_key(k) for k in clip.keyframes))
    if clip.transform is None or clip.transform.is_identity():
        return None
    t = clip.transform
    return Motion(((0, t.x, t.y, t.scale, t.rotation, t.opacity, "linear"),))


def _key(k: Keyframe) -> Key:
    return (k.time_us, k.x, k.y, k.scale, k.rotation, k.opacity, k.easing)


@dataclass(frozen=True)
class PictureOverlay:
    """A picture or clip of an overlay track, on the output's clock."""

    kind: str  # "image" | "video"
    source: str
    start_us: int
    end_us: int
    src_width: int
    src_height: int
    motion: Motion
    source_in_us: int = 0
    clip_id: str = ""
    speed: float = 1.0  # a video clip's speed, and its colour looks (effects_graph.py)
    looks: tuple = ()
    text: bool = False  # drawn text (emoji): laid after the whole video's look, not graded
    reverse: bool = False  # a video clip played backwards / its in-point held (effects_graph)
    freeze: bool = False


def picture_of(clip: Clip, kind: str, source: str, width: int, height: int) -> PictureOverlay:
    motion = motion_of(clip) or Motion(((0, 0.5, 0.5, 1.0, 0.0, 1.0, "linear"),))
    ins, outs = clip.anim_in, clip.anim_out
    if len(motion.keys) == 1 and (ins.kind != "none" or outs.kind != "none"):
        from .text_anim import anim_keys  # a sticker's in/out animations, as keys

        ends = ((ins.kind, ins.duration_us), (outs.kind, outs.duration_us))
        motion = Motion(anim_keys(motion.keys[0][1:6], clip.duration_us, *ends))
    return PictureOverlay(
        kind,
        source,
        clip.start_us,
        clip.end_us,
        width,
        height,
        motion,
        clip.source_in_us,
        clip.id,
    )


# ----------------------------------------------------------------------------- geometry
def fitted_size(src_w: int, src_h: int, w: float, h: float) -> tuple[float, float]:
    """An overlay picture's size at scale 1: the largest that fits inside the canvas."""
    if src_w <= 0 or src_h <= 0:
        return w, h
    k = min(w / src_w, h / src_h)
    return src_w * k, src_h * k


def watermark_box(
    tpl_or_plan: Template | object, w: int, h: int, img_w: int, img_h: int
) -> tuple[float, float, float, float]:
    """(centre x, centre y, width, height) of the logo in canvas pixels, as ``watermark``
    draws it: a fifth of the canvas width (x its scale), in its corner or where it was moved."""
    scale = float(getattr(tpl_or_plan, "watermark_scale", 1.0))
    lw = _even(w / 5 * scale)
    lh = lw * img_h / img_w if img_w > 0 else lw
    x = getattr(tpl_or_plan, "watermark_x", None)
    y = getattr(tpl_or_plan, "watermark_y", None)
    margin = max(8, w // 30)
    corner = str(getattr(tpl_or_plan, "watermark_position", "top_right"))
    cx = margin + lw / 2 if corner.endswith("left") else w - margin - lw / 2
    cy = margin + lh / 2 if corner.startswith("top") else h - margin - lh / 2
    if x is not None:
        cx = float(x) * w
    if y is not None:
        cy = float(y) * h
    return cx, cy, lw, lh


def _even(v: float) -> int:
    return max(2, int(round(v / 2)) * 2)


# ----------------------------------------------------------------------------- expressions
def _num(v: float) -> str:
    return f"{v:.6f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))


def value_expr(keys: tuple[Key, ...], i: int, clock: str) -> str:
    """Property ``i`` (0 x, 1 y, 2 scale, 3 rotation, 4 opacity) over ``clock`` (seconds from
    the clip's start, an expression): held before the first key and after the last, linear or
    eased between."""
    vals = [k[1 + i] for k in keys]
    if all(abs(v - vals[0]) < 1e-9 for v in vals):
        return _num(vals[0])
    expr = _num(vals[-1])
    for a, b in reversed(list(zip(keys, keys[1:], strict=False))):
        ta, tb = a[0] / US_PER_SECOND, b[0] / US_PER_SECOND
        va, vb = a[1 + i], b[1 + i]
        if abs(va - vb) < 1e-9:
            seg = _num(va)
        else:
            p = f"(({clock})-{_num(ta)})/{_num(max(1e-6, tb - ta))}"
            if a[6] == "ease_in_out":
                p = f"(0.5-0.5*cos(PI*{p}))"
            seg = f"({_num(va)}+({_num(vb - va)})*{p})"
        expr = f"if(lt({clock},{_num(tb)}),{seg},{expr})"
    first = keys[0]
    return f"if(lt({clock},{_num(first[0] / US_PER_SECOND)}),{_num(first[1 + i])},{expr})"


def _place(stream, motion: Motion, base_w, base_h, clock: str, out_w: int, fps=1, offset_s=0.0):
    """Scale, turn and fade an RGBA stream (its own clock ``t`` already on the canvas' clock);
    returns the stream. ``clock`` turns ``t`` into seconds from the clip's start (``t +
    offset_s``; frames ``1/fps`` apart)."""
    keys = motion.keys
    # opacity first, while every frame has the same size (geq keeps the size it was set up
    # with: frames resized by scale's eval=frame after it would crash it)
    op = motion.values(4)
    if all(abs(o - 1.0) < 1e-9 for o in op):
        pass
    elif all(abs(o - op[0]) < 1e-9 for o in op):
        stream = stream.filter("lut", y="val", u="val", v="val", a=f"val*{op[0]:.4f}")
    else:  # a table whose factor changes at frames (no per-pixel expression: effects_graph)
        span = (keys[0][0], keys[-1][0])
        at = lambda us: motion.at(us).opacity  # noqa: E731
        stream = effects_graph.animated_opacity(stream, at, span, offset_s, fps)
    s = value_expr(keys, 2, clock)
    sw = f"max(2,trunc({_num(base_w)}*({s})/2)*2)"
    sh = f"max(2,trunc({_num(base_h)}*({s})/2)*2)"
    if s.replace(".", "").isdigit():  # fixed: one scaler set up once
        stream = stream.filter("scale", w=sw, h=sh, flags="bicubic")
    else:
        stream = stream.filter("scale", w=sw, h=sh, eval="frame", flags="bicubic")
    rot = motion.values(3)
    if any(abs(r) > 1e-9 for r in rot):
        side = _even(math.hypot(base_w, base_h) * motion.max_scale() + 4)
        a = value_expr(keys, 3, clock)
        stream = stream.filter(
            "rotate", a=f"({a})*PI/180", ow=side, oh=side, c="black@0", bilinear=1
        )
    del out_w
    return stream


def _overlay(main, pic, motion: Motion, clock: str):
    x = value_expr(motion.keys, 0, clock)
    y = value_expr(motion.keys, 1, clock)
    return ffmpeg.overlay(
        main,
        pic,
        x=f"main_w*({x})-overlay_w/2",
        y=f"main_h*({y})-overlay_h/2",
        eval="frame",
        eof_action="pass",
        format="yuv420",  # "auto" gave yuva420p: the format after it converted every frame
    ).filter("format", "yuv420p")


def _clock(offset_s: float) -> str:
    return f"(t+{_num(offset_s)})" if abs(offset_s) > 1e-9 else "t"


# ----------------------------------------------------------------------------- hooks
def apply_motion(v, seg, fps: int, w: int, h: int):
    """A main-track segment's canvas-sized stream moved by its clip's transform (over black);
    unchanged when it has none. The stream's frame 0 is the segment's frame ``skip_frames``."""
    motion: Motion | None = getattr(seg, "motion", None)
    if motion is None:
        return v
    clock = _clock(seg.skip_frames / fps)
    split = v.filter_multi_output("split")
    bg = split[0].filter("drawbox", x=0, y=0, w=w, h=h, color="black", t="fill")
    fg = _place(split[1].filter("format", PIX), motion, w, h, clock, w, fps, seg.skip_frames / fps)
    out = _overlay(bg, fg, motion, clock)
    return out.filter("setsar", "1")


InputFn = Callable[..., object]


def overlay_pictures(v, plan, w: int, h: int, input_fn: InputFn):
    """The overlay tracks' pictures laid over the composed stream ``v`` (1/fps clock from the
    plan's first frame), each only while its clip is on screen."""
    pictures = getattr(plan, "pictures", ())
    if not pictures:
        return v
    fps = plan.fps
    off = plan.time_offset_us
    n_frames = plan.frames
    for pic in pictures:
        # the picture's frames on this plan's clock: [f0, f1)
        f0 = max(0, _frame(pic.start_us - off, fps))
        f1 = min(n_frames, _frame(pic.end_us - off, fps))
        if f1 <= f0:
            continue
        n = f1 - f0
        bw, bh = fitted_size(pic.src_width, pic.src_height, w, h)
        smax = pic.motion.max_scale()
        # seconds from the clip's start at the canvas clock's t
        clock = _clock((off - pic.start_us) / US_PER_SECOND)
        if pic.kind == "image":
            cover_w = max(2, math.ceil(bw * min(smax, 4.0)))
            cover_h = max(2, math.ceil(bh * min(smax, 4.0)))
            src = input_fn(normalized_still(pic.source, cover_w, cover_h), f="image2")
            s = effects_graph.grade_alpha(src.video.filter("format", PIX), pic.looks)
            s = s.filter("loop", loop=n - 1, size=1, start=0)
        elif pic.reverse or pic.freeze:  # as on the main track (effects_graph.retimed_source)
            s = effects_graph.retimed_picture(pic, f0, n, off, fps, input_fn).filter("format", PIX)
            s = effects_graph.grade_alpha(s, pic.looks)
            s = s.filter("tpad", stop_mode="clone", stop_duration=f"{n / fps:.3f}")
        else:
            into = max(0, off + f0 * US_PER_SECOND // fps - pic.start_us)
            animated = pic.source.lower().endswith((".gif", ".webp"))
            loop = {"ignore_loop": 0} if animated else {}
            sp = pic.speed  # source seconds a second on the canvas
            src = input_fn(
                pic.source,
                ss=f"{(pic.source_in_us + into * sp) / 1e6:.6f}",
                t=f"{n / fps * sp + 0.25:.3f}",
                **loop,  # an animated GIF/WebP sticker loops
            )
            s = src.video.filter("setpts", f"PTS/{sp:.6f}") if sp != 1.0 else src.video
            s = s.filter("fps", fps=fps, start_time=0).filter("format", PIX)
            s = effects_graph.grade_alpha(s, pic.looks)
            s = s.filter("tpad", stop_mode="clone", stop_duration=f"{n / fps:.3f}")
        s = s.filter("settb", expr=f"1/{fps}").filter("setpts", f"N+{f0}")
        # the first n frames (trim's end_frame counts frames, whatever their timestamps: f0 + n
        # kept a clip starting at f0 on screen f0 frames past its end)
        s = s.filter("trim", end_frame=n)
        s = s.filter("setsar", "1")
        s = _place(s, pic.motion, bw, bh, clock, w, fps, (off - pic.start_us) / US_PER_SECOND)
        v = _overlay(v, s, pic.motion, clock)
    return v


def _frame(t_us: int, fps: int) -> int:
    return int(round(t_us * fps / US_PER_SECOND))


def moved_watermark(plan) -> bool:
    """The logo was moved or resized on the canvas (else graph.py's corner placement)."""
    return (
        getattr(plan, "watermark_x", None) is not None
        or getattr(plan, "watermark_y", None) is not None
        or abs(getattr(plan, "watermark_scale", 1.0) - 1.0) > 1e-9
    )


def watermark(v, plan, w: int, h: int, input_fn: InputFn):
    """The logo where it was moved (centre as canvas fractions), at its scale and opacity."""
    from PIL import Image

    with Image.open(normalized_still(plan.watermark_image, _even(w / 5), 2)) as im:
        size = im.size
    cx, cy, lw, _lh = watermark_box(plan, w, h, *size)
    logo = (
        input_fn(normalized_still(plan.watermark_image, int(lw), 2), f="image2")
        .video.filter("scale", w=int(lw), h=-1)
        .filter("format", "rgba")
        .filter("colorchannelmixer", aa=f"{plan.watermark_opacity:.3f}")
    )
    return ffmpeg.overlay(
        v, logo, x=f"{cx:.2f}-overlay_w/2", y=f"{cy:.2f}-overlay_h/2", eof_action="repeat"
    )


# ----------------------------------------------------------------------------- text
EASE_PIECES = 6  # an eased stretch of a text's motion: this many straight pieces


def _ass_tags(t: Transform) -> str:
    """Scale, turn (ASS turns counter-clockwise) and opacity as ASS override tags."""
    alpha = max(0, min(255, round(255 * (1 - t.opacity))))
    return (
        f"\\fscx{t.scale * 100:.1f}\\fscy{t.scale * 100:.1f}\\frz{-t.rotation:.2f}"
        f"\\alpha&H{alpha:02X}&"
    )


def text_events(
    ev: tuple[int, int, str, str], text_event, w: int, h: int
) -> list[tuple[int, int, str, str]]:
    """An overlay text's ASS event(s) placed by its clip's transform: its centre at (x, y), its
    scale, rotation and opacity; keyframes become one event a stretch between them, moving
    (``\\move``) and changing (``\\t``) straight across it (eased stretches in
    ``EASE_PIECES`` pieces). Unmoved text keeps its own event."""
    motion: Motion | None = getattr(text_event, "motion", None)
    if motion is None:
        return [ev]
    start, end, style, body = ev
    text = body.split("}", 1)[1] if body.startswith("{") else body
    text = re.sub(r"^\{[^}]*\}", "", text)

    def at(rel: int) -> Transform:
        return motion.at(rel)

    def px(t: Transform) -> tuple[float, float]:
        return t.x * w, t.y * h

    if len(motion.keys) == 1:
        t = at(0)
        x, y = px(t)
        head = f"\\fad(200,200)\\an5\\pos({x:.1f},{y:.1f}){_ass_tags(t)}"
        return [(start, end, style, "{" + head + "}" + text)]
    cuts = sorted({start, end, *(start + k[0] for k in motion.keys)})
    cuts = [c for c in cuts if start <= c <= end]
    bounds: list[int] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        key = next((k for k in motion.keys if start + k[0] == a), None)
        eased = key is not None and key[6] == "ease_in_out"
        n = EASE_PIECES if eased else 1
        bounds += [a + (b - a) * i // n for i in range(n)]
    bounds.append(end)
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        if b <= a:
            continue
        ta, tb = at(a - start), at(b - start)
        (xa, ya), (xb, yb) = px(ta), px(tb)
        dur = (b - a) // 1000
        head = f"\\an5\\move({xa:.1f},{ya:.1f},{xb:.1f},{yb:.1f},0,{dur})"
        head += _ass_tags(ta) + f"\\t(0,{dur},{_ass_tags(tb)})"
        out.append((a, b, style, "{" + head + "}" + text))
    return out


def watermark_text_head(plan) -> str:
    """ASS tags placing a text watermark where it was moved (its centre) at its scale; ""
    when it sits in its corner as the template says."""
    if not moved_watermark(plan):
        return ""
    w, h = plan.width, plan.height
    x = plan.watermark_x if plan.watermark_x is not None else 0.5
    y = plan.watermark_y if plan.watermark_y is not None else 0.5
    s = plan.watermark_scale * 100
    return f"{{\\an5\\pos({x * w:.1f},{y * h:.1f})\\fscx{s:.1f}\\fscy{s:.1f}}}"


def key_data(plan, t0_us: int, t1_us: int) -> list[object]:
    """What of the pictures and the moved logo decides the pixels between ``t0_us`` and
    ``t1_us`` (for the playback pieces' keys)."""
    out: list[object] = [
        [p.source, p.kind, p.start_us, p.end_us, p.source_in_us, list(p.motion.keys)]
        + [p.speed, [str(look) for look in p.looks], p.reverse, p.freeze]
        for p in getattr(plan, "pictures", ())
        if p.start_us < t1_us and t0_us < p.end_us
    ]
    out.append(
        [
            getattr(plan, "watermark_x", None),
            getattr(plan, "watermark_y", None),
            getattr(plan, "watermark_scale", 1.0),
        ]
    )
    return out


__all__ = [
    "Motion",
    "PictureOverlay",
    "apply_motion",
    "fitted_size",
    "key_data",
    "motion_of",
    "overlay_pictures",
    "picture_of",
    "value_expr",
    "watermark",
    "watermark_box",
]
