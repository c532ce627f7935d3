"""Text items: style presets (resources/text_styles.json) and in/out animations as ASS tags.

A text item (an overlay-track clip with words) may name a preset: its size, weight, colours,
outline, box and height on the canvas. Its in and out animations become libass override tags
on up to three events (the way in, the still middle, the way out), so the export and the
preview (both drawn by libass from the same captions.ass) show the same frames:

* fade: ``\\fad``; pop: ``\\t`` scale from 0 past full size and back; slide: ``\\move`` from
  off the left side (out: off the right side); typewriter: each character's ``\\alpha`` turned
  on in turn by ``\\t``; bounce: ``\\t`` scale steps (0, 120 %, 88 %, 106 %, 100 %).

A text moved by keyframes keeps its motion; its animations then fade it in and out.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from ..core.model import TEXT_STYLES
from ..paths import resource

PRESET_FIELDS = ("size", "bold", "color", "outline_color", "outline", "shadow", "box", "box_color")
_DEFAULTS: dict[str, Any] = {
    "size": 72,
    "bold": True,
    "color": "#FFFFFF",
    "outline_color": "#000000",
    "outline": 4.0,
    "shadow": 2.0,
    "box": False,
    "box_color": "#00000000",
    "y": 0.5,
}

Event = tuple[int, int, str, str]  # start us, end us, ASS style, text with its tags


class TextStyleError(ValueError):
    """resources/text_styles.json is unreadable or names a bad value (the message says which)."""


@lru_cache(maxsize=1)
def load_presets() -> dict[str, dict[str, Any]]:
    """The presets by name (every one of ``TEXT_STYLES``), defaults filled in."""
    path = resource("text_styles.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TextStyleError(f"{path}: cannot read the text styles ({exc})") from exc
    out: dict[str, dict[str, Any]] = {}
    for name in TEXT_STYLES:
        raw = data.get(name)
        if not isinstance(raw, dict):
            raise TextStyleError(f"{path}: the style {name!r} is missing; restore the file")
        p = {**_DEFAULTS, **{k: v for k, v in raw.items() if k in _DEFAULTS}}
        for key in ("color", "outline_color", "box_color"):
            v = str(p[key]).lstrip("#")
            if len(v) not in (6, 8) or any(c not in "0123456789abcdefABCDEF" for c in v):
                raise TextStyleError(f"{path}: {name}.{key} must be #RRGGBB[AA]; got {p[key]!r}")
        if not 8 <= float(p["size"]) <= 600 or not 0.0 <= float(p["y"]) <= 1.0:
            raise TextStyleError(f"{path}: {name}.size must be 8-600 and y 0-1")
        out[name] = p
    return out


def style_name(preset: str) -> str:
    return f"Text-{preset}"


def _color(hex_color: str) -> str:
    v = hex_color.lstrip("#")
    alpha = 255 - int(v[6:8], 16) if len(v) == 8 else 0
    return f"&H{alpha:02X}{v[4:6]}{v[2:4]}{v[0:2]}".upper()


def style_rows(w: int, h: int, k: float) -> list[tuple[Any, ...]]:
    """ASS style rows (as captions.build_ass writes them) for every preset; ``k`` is the
    canvas' size factor against 1080x1920."""
    rows = []
    for name, p in load_presets().items():
        rows.append(
            (
                style_name(name),
                round(p["size"] * k),
                _color(p["color"]),
                _color(p["color"]),
                _color(p["box_color"] if p["box"] else p["outline_color"]),
                _color("#00000080"),
                -1 if p["bold"] else 0,
                3 if p["box"] else 1,
                float(p["outline"]) * k,
                float(p["shadow"]) * k,
                5,
                max(40, w // 18),
                0,
            )
        )
    return rows


def _ms(us: int) -> int:
    return max(1, us // 1000)


def _scale(s: float) -> str:
    return f"\\fscx{s:.1f}\\fscy{s:.1f}"


def _chars(text: str) -> list[str]:
    """The text's drawn characters, ``\\N`` kept as one piece."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("\\N", i):
            out.append("\\N")
            i += 2
        else:
            out.append(text[i])
            i += 1
    return out


def _typewriter(text: str, d: int, alpha: str, out: bool) -> str:
    """Each character shown (or, going out, hidden from the last) at its share of ``d`` ms."""
    parts = _chars(text)
    visible = [i for i, c in enumerate(parts) if c != "\\N" and c.strip()]
    n = max(1, len(visible))
    order = {i: j for j, i in enumerate(visible)}
    body = []
    for i, c in enumerate(parts):
        if i not in order:
            body.append(c)
            continue
        j = order[i]
        if out:
            t = d * (n - 1 - j) // n
            body.append(f"{{\\alpha{alpha}\\t({t},{t + 1},\\alpha&HFF&)}}{c}")
        else:
            t = d * j // n
            body.append(f"{{\\alpha&HFF&\\t({t},{t + 1},\\alpha{alpha})}}{c}")
    return "".join(body)


def animate(
    start: int,
    end: int,
    style: str,
    text: str,
    x: float,
    y: float,
    box_w: float,
    canvas_w: int,
    anim_in: tuple[str, int],
    anim_out: tuple[str, int],
    base: str = "",
    scale: float = 100.0,
    alpha: int = 0,
) -> list[Event]:
    """The events of a text centred at (``x``, ``y``) with its in/out animations. ``base``:
    other tags it keeps throughout (size, turn); ``scale`` in percent and ``alpha`` (0 opaque,
    255 clear) are its resting values; ``box_w`` its width in pixels (for the slide)."""
    span = max(0, end - start)
    kin, din = anim_in
    kout, dout = anim_out
    din = din if kin != "none" else 0
    dout = dout if kout != "none" else 0
    if din + dout > span:  # both fit: each gets its share of the clip
        total = max(1, din + dout)
        din, dout = span * din // total, span * dout // total
    a = f"&H{max(0, min(255, alpha)):02X}&"
    rest = f"\\an5{base}{_scale(scale)}\\alpha{a}"
    pos = f"\\pos({x:.1f},{y:.1f})"
    events: list[Event] = []
    off_left = -box_w / 2 - 10
    off_right = canvas_w + box_w / 2 + 10

    def tags(kind: str, d: int, out: bool) -> tuple[str, str]:
        """(tags, text) of a way in or out lasting ``d`` ms."""
        s = scale
        if kind == "fade":
            return rest + pos + (f"\\fad(0,{d})" if out else f"\\fad({d},0)"), text
        if kind == "pop":
            if out:
                grow = f"\\t(0,{d * 2 // 5},{_scale(s * 1.15)})"
                return rest + pos + grow + f"\\t({d * 2 // 5},{d},{_scale(0)})", text
            return (
                f"\\an5{base}{_scale(0)}\\alpha{a}{pos}\\t(0,{d * 3 // 5},{_scale(s * 1.15)})"
                f"\\t({d * 3 // 5},{d},{_scale(s)})",
                text,
            )
        if kind == "slide":
            x0, x1 = (x, off_right) if out else (off_left, x)
            return rest + f"\\move({x0:.1f},{y:.1f},{x1:.1f},{y:.1f},0,{d})", text
        if kind == "typewriter":
            return rest + pos, _typewriter(text, d, a, out)
        if kind == "bounce":
            steps = (115.0, 0.0) if out else (120.0, 88.0, 106.0, 100.0)
            head = rest + pos if out else f"\\an5{base}{_scale(0)}\\alpha{a}{pos}"
            n = len(steps)
            for i, v in enumerate(steps):
                head += f"\\t({d * i // n},{d * (i + 1) // n},{_scale(s * v / 100)})"
            return head, text
        return rest + pos, text

    if din > 0:
        head, body = tags(kin, _ms(din), False)
        events.append((start, start + din, style, "{" + head + "}" + body))
    if span - din - dout > 0:
        events.append((start + din, end - dout, style, "{" + rest + pos + "}" + text))
    if dout > 0:
        head, body = tags(kout, _ms(dout), True)
        events.append((end - dout, end, style, "{" + head + "}" + body))
    return events


def fade_ends(
    events: list[Event], anim_in: tuple[str, int], anim_out: tuple[str, int]
) -> list[Event]:
    """A keyframed text's events with its animations as fades at its two ends."""
    if not events:
        return events
    out = list(events)
    if anim_in[0] != "none":
        s, e, st, body = out[0]
        d = min(anim_in[1], e - s) // 1000
        out[0] = (s, e, st, "{\\fad(" + str(d) + ",0)}" + body)
    if anim_out[0] != "none":
        s, e, st, body = out[-1]
        d = min(anim_out[1], e - s) // 1000
        out[-1] = (s, e, st, "{\\fad(0," + str(d) + ")}" + body)
    return out


__all__ = [
    "PRESET_FIELDS",
    "TextStyleError",
    "anim_keys",
    "animate",
    "emoji_captions",
    "emoji_cards",
    "emoji_text_picture",
    "fade_ends",
    "load_presets",
    "style_name",
    "style_rows",
    "text_picture",
]


# ------------------------------------------------------------------------- stickers (pictures)
def anim_keys(
    base: tuple[float, float, float, float, float],
    duration_us: int,
    anim_in: tuple[str, int],
    anim_out: tuple[str, int],
) -> tuple[tuple[int, float, float, float, float, float, str], ...]:
    """A sticker picture's in/out animations as placement keys (time, x, y, scale, rotation,
    opacity, easing) around its fixed ``base`` placement, for transform_graph's expressions:
    fade (opacity from 0), pop (scale from 5 % past 115 %), slide (in from off the left, out
    off the right), bounce (scale steps); a picture has no characters, so typewriter fades."""
    x, y, s, r, o = base
    kin, din = anim_in if anim_in[0] != "none" else ("none", 0)
    kout, dout = anim_out if anim_out[0] != "none" else ("none", 0)
    if din + dout > duration_us:
        total = max(1, din + dout)
        din, dout = duration_us * din // total, duration_us * dout // total
    lo = 0.05

    def k(t: int, **v: float) -> tuple[int, float, float, float, float, float, str]:
        return (
            t,
            v.get("x", x),
            v.get("y", y),
            max(lo, v.get("s", s)),
            r,
            v.get("o", o),
            "ease_in_out" if "ease" in v else "linear",
        )

    keys = []
    if kin in ("fade", "typewriter"):
        keys += [k(0, o=0.0), k(din)]
    elif kin == "pop":
        keys += [k(0, s=lo), k(din * 3 // 5, s=s * 1.15), k(din)]
    elif kin == "slide":
        keys += [k(0, x=-0.35, ease=1), k(din)]
    elif kin == "bounce":
        keys += [k(0, s=lo), k(din * 2 // 5, s=s * 1.2), k(din * 3 // 5, s=s * 0.88)]
        keys += [k(din * 4 // 5, s=s * 1.06), k(din)]
    else:
        keys.append(k(0))
    e = duration_us
    a = e - dout
    if kout in ("fade", "typewriter"):
        keys += [k(a), k(e, o=0.0)]
    elif kout == "pop":
        keys += [k(a), k(a + dout * 2 // 5, s=s * 1.15), k(e, s=lo)]
    elif kout == "slide":
        keys += [k(a, ease=1), k(e, x=1.35)]
    elif kout == "bounce":
        keys += [k(a), k(a + dout // 2, s=s * 1.15), k(e, s=lo)]
    out: list[tuple[int, float, float, float, float, float, str]] = []
    for key in keys:  # one key a time (a zero-length way in or out leaves one)
        if out and key[0] <= out[-1][0]:
            out[-1] = key if key[0] == out[-1][0] else out[-1]
            continue
        out.append(key)
    return tuple(out)


# ------------------------------------------------------------------------- text with emoji
Ends = tuple[tuple[str, int], tuple[str, int]]
NO_ANIM: Ends = (("none", 0), ("none", 0))


def text_picture(
    text: str,
    look: Any,
    w: int,
    h: int,
    start_us: int,
    end_us: int,
    at: Any,
    *,
    ends: Ends = NO_ANIM,
    motion: Any = None,
    clip_id: str = "",
    max_width: int | None = None,
    scale: float = 1.0,
) -> Any:
    """A text with emoji as an overlay picture (``PictureOverlay`` marked ``text``): libass
    draws no colour fonts, so Pillow draws the words (CJK included) with their emoji in colour
    (``fonts.draw_text_png``; with no emoji font they are drawn monochrome or left out, with
    one warning). The one path for text items, titles, the closing card and a text watermark.

    ``at(pw, ph)`` gives the picture's centre (canvas fractions) from its pixel size; ``motion``
    (keys at scale 1 = the picture's own pixel size) replaces that; ``ends`` are in/out
    animations as placement keys (typewriter fades: a picture has no characters)."""
    from .fonts import draw_text_png
    from .transform_graph import Motion, PictureOverlay, fitted_size

    margin = max(40, w // 18)
    path, pw, ph = draw_text_png(text, look, max_width or w - 2 * margin)
    fw, _fh = fitted_size(pw, ph, w, h)
    factor = pw / fw  # the picture at its own pixel size
    if motion is None:
        x, y = at(pw, ph)
        motion = Motion(((0, x, y, scale, 0.0, 1.0, "linear"),))
    keys = tuple((t, x, yy, s * factor, r, o, e) for t, x, yy, s, r, o, e in motion.keys)
    if len(keys) == 1 and (ends[0][0] != "none" or ends[1][0] != "none"):
        keys = anim_keys(keys[0][1:6], end_us - start_us, *ends)
    return PictureOverlay(
        "image", str(path), start_us, end_us, pw, ph, Motion(keys), 0, clip_id, text=True
    )


def emoji_text_picture(clip: Any, w: int, h: int, caption: Any) -> Any:
    """A text item whose words hold emoji, as a picture (``text_picture``): its preset's look
    or the overlay look, where the text would be (its preset's height, or where it was
    moved), with its in/out animations."""
    from .captions import OVERLAY_SCALE, style_scale
    from .fonts import TextLook
    from .transform_graph import motion_of

    k = style_scale(w, h)
    preset = load_presets().get(clip.text_style) if clip.text_style else None
    if preset is not None:
        look = TextLook(
            size=round(float(preset["size"]) * k),
            bold=bool(preset["bold"]),
            color=str(preset["color"]),
            outline_color=str(preset["box_color"] if preset["box"] else preset["outline_color"]),
            outline=float(preset["outline"]) * k,
            shadow=float(preset["shadow"]) * k,
            box=bool(preset["box"]),
            box_color=str(preset["box_color"]),
            family=caption.font,
        )
    else:
        look = TextLook(
            size=round(caption.size * k * OVERLAY_SCALE),
            bold=caption.bold,
            color=caption.color,
            outline_color=caption.outline_color,
            outline=caption.outline * k,
            shadow=caption.shadow * k,
            box=caption.box,
            box_color=caption.box_color,
            family=caption.font,
        )

    def at(_pw: int, ph: int) -> tuple[float, float]:
        if preset is not None:
            return 0.5, float(preset["y"])
        return 0.5, (max(20, h // 8) + ph / 2) / h

    ins, outs = clip.anim_in, clip.anim_out
    return text_picture(
        clip.text,
        look,
        w,
        h,
        clip.start_us,
        clip.end_us,
        at,
        ends=((ins.kind, ins.duration_us), (outs.kind, outs.duration_us)),
        motion=motion_of(clip),
        clip_id=clip.id,
    )


def emoji_cards(plan: Any) -> Any:
    """``plan`` with its title card, closing card and text watermark drawn by Pillow when they
    hold emoji (``text_picture``, as text items are): each where libass would put it (the
    cards centred and clear of the captions, with their fades; the watermark in its corner or
    where it was moved, at its opacity). Their texts stay in the plan (the canvas finds them)
    and are named in ``drawn_text``, so the ASS leaves them out."""
    from dataclasses import replace

    from .captions import (
        TITLE_SCALE,
        WM_ALIGN,
        caption_boxes,
        clear_y,
        outro_span,
        style_scale,
        title_span,
    )
    from .fonts import TextLook, needs_emoji

    w, h = plan.width, plan.height
    s = plan.caption_style
    k = style_scale(w, h)
    size = round(s.size * k)
    pictures, drawn = [], []
    card = TextLook(  # the ASS "Title" style
        size=round(size * TITLE_SCALE),
        bold=True,
        color=s.color,
        outline_color=s.box_color if s.box else s.outline_color,
        outline=s.outline * k * 1.2,
        shadow=s.shadow * k,
        family=s.font,
    )
    pages = caption_boxes(plan)
    for name, text, (start, end), ends in (
        ("title", plan.title.strip(), title_span(plan), (("fade", 150_000), ("fade", 350_000))),
        ("outro", plan.outro_text.strip(), outro_span(plan), (("fade", 300_000), ("none", 0))),
    ):
        if not text or not needs_emoji(text) or end <= start:
            continue
        fitted: dict[str, float] = {}

        def at(_pw: int, ph: int, a: int = start, b: int = end, f: dict = fitted) -> tuple:
            y, f["scale"] = clear_y(plan, ph, a, b, h / 2, pages)
            return 0.5, y / h

        pic = text_picture(text, card, w, h, start, end, at, ends=ends)
        if fitted.get("scale", 1.0) < 1.0:  # no room at its size beside the captions
            pic = text_picture(text, card, w, h, start, end, at, ends=ends, scale=fitted["scale"])
        pictures.append(pic)
        drawn.append(name)
    mark = plan.watermark_text.strip()
    if mark and needs_emoji(mark):
        alpha = f"{int(plan.watermark_opacity * 255):02X}"
        look = TextLook(  # the ASS "Watermark" style
            size=max(10, round(size * 0.5)),
            color=s.color[:7] + alpha,
            outline_color=f"#000000{int(plan.watermark_opacity * 160):02X}",
            outline=2.0 * k,
            family=s.font,
        )
        moved = (
            plan.watermark_x is not None
            or plan.watermark_y is not None
            or abs(plan.watermark_scale - 1.0) > 1e-9
        )
        align = WM_ALIGN.get(plan.watermark_position, 9)
        mx, my = max(24, w // 30), max(24, h // 40)

        def corner(pw: int, ph: int) -> tuple[float, float]:
            if moved:
                x = plan.watermark_x if plan.watermark_x is not None else 0.5
                y = plan.watermark_y if plan.watermark_y is not None else 0.5
                return x, y
            x = (mx + pw / 2) / w if align in (1, 7) else 1 - (mx + pw / 2) / w
            y = (my + ph / 2) / h if align in (7, 9) else 1 - (my + ph / 2) / h
            return x, y

        scale = plan.watermark_scale if moved else 1.0
        pictures.append(text_picture(mark, look, w, h, 0, plan.duration_us, corner, scale=scale))
        drawn.append("watermark")
    if not drawn:
        return plan
    return replace(plan, pictures=(*plan.pictures, *pictures), drawn_text=tuple(drawn))


def emoji_captions(plan: Any) -> Any:
    """``plan`` with its caption blocks whose words hold emoji drawn by Pillow: one picture a
    page and spoken word (the word in the highlight colour; the whole page once without
    karaoke), where libass would put the page. The blocks stay in ``plan.captions`` (the SRT
    keeps them; titles keep clear of them) marked ``as_picture``, so the ASS leaves them out.
    (A popping word does not grow here.)"""
    from dataclasses import replace

    from .fonts import needs_emoji

    marked = [needs_emoji("".join(w.text for w in b.words)) for b in plan.captions]
    if not any(marked):
        return plan
    pictures = list(plan.pictures)
    blocks = []
    for block, emoji in zip(plan.captions, marked, strict=True):
        if emoji:
            pictures += _caption_pictures(plan, block)
            block = replace(block, as_picture=True)
        blocks.append(block)
    return replace(plan, captions=tuple(blocks), pictures=tuple(pictures))


def _caption_pictures(plan: Any, block: Any) -> list[Any]:
    from .captions import PAGE_TRIM, block_style, caption_box, max_line_em, paginate, style_scale
    from .fonts import TextLook, draw_lines_png
    from .transform_graph import Motion, PictureOverlay, fitted_size

    w, h = plan.width, plan.height
    style = block_style(plan, block)
    k = style_scale(w, h)
    look = TextLook(
        size=round(style.size * k),
        bold=style.bold,
        color=style.color,
        outline_color=style.box_color if style.box else style.outline_color,
        outline=style.outline * k,
        shadow=style.shadow * k,
        box=style.box,
        box_color=style.box_color,
        family=style.font,
    )
    zh = plan.language.startswith("zh")
    out = []
    for page in paginate(block, style, max_line_em(style, w, h)):
        words = page.words
        if style.karaoke:
            states = [
                (
                    page.start_us if i == 0 else word.start_us,
                    words[i + 1].start_us if i + 1 < len(words) else page.end_us,
                    i,
                )
                for i, word in enumerate(words)
            ]
        else:
            states = [(page.start_us, page.end_us, -1)]
        box = caption_box(style, w, h, len(page.lines))
        cy = (box.top + box.bottom) / 2 / h
        for start, end, lit in states:
            if end <= start:
                continue
            lines = []
            n = 0
            for li, line in enumerate(page.lines):
                segments = []
                for j, word in enumerate(line):
                    text = word.text
                    if j == len(line) - 1:
                        text = text.rstrip()
                        if li == len(page.lines) - 1 and zh:
                            text = text.rstrip(PAGE_TRIM) or text
                    segments.append((text, style.highlight_color if n == lit else ""))
                    n += 1
                lines.append(segments)
            path, pw, ph = draw_lines_png(lines, look)
            fw, _fh = fitted_size(pw, ph, w, h)
            motion = Motion(((0, 0.5, cy, pw / fw, 0.0, 1.0, "linear"),))
            out.append(PictureOverlay("image", str(path), start, end, pw, ph, motion, text=True))
    return out
