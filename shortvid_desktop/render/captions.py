"""Captions as an ASS script for libass: pages of lines, karaoke highlight, CJK line breaking.

Also writes SRT for side outputs. Times in microseconds; ASS wants centiseconds.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.model import CaptionStyle
from ..core.timebase import ass_time, srt_time
from . import text_anim, transform_graph
from .plan import CaptionBlock, CaptionWord, RenderPlan

# No line may start with these (Chinese line-breaking rules, 避头尾).
CLOSING = set("，。！？、；：”’）》」』】〕…—,.!?;:)]}%")
SENTENCE_END = set("。！？!?.…")
PAGE_TRIM = "，。、,;；：:"
GAP_HOLD_US = 1_000_000  # keep a page up across pauses shorter than this
TAIL_US = 300_000  # after the last word of a block


def char_width(ch: str) -> float:
    """Width in em: CJK and full-width 1.0, others about 0.55."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    return 0.55


def text_width(text: str) -> float:
    return sum(char_width(c) for c in text)


@dataclass
class Page:
    lines: list[list[CaptionWord]]
    start_us: int
    end_us: int

    @property
    def words(self) -> list[CaptionWord]:
        return [w for line in self.lines for w in line]


def style_scale(width: int, height: int) -> float:
    """Caption sizes are given for a 1080-pixel short side; other canvases scale them."""
    return min(width, height) / 1080


def caption_margin(style: CaptionStyle, width: int, height: int) -> int:
    """The distance from the edge, with a safe area that suits the aspect: ``margin_v`` is given
    for a 1920-tall 9:16 canvas (above the platforms' own buttons and text); wider canvases keep
    captions proportionally lower (16:9 about 7 % of the height, 1:1 about 12 %)."""
    fraction = style.margin_v / 1920
    tall = (height / width) / (16 / 9)
    return round(height * fraction * min(1.0, tall))


def max_line_em(style: CaptionStyle, width: int, height: int) -> float:
    """How many em fit on a line: the style's limit, capped by the canvas width."""
    margin = max(40, width // 18)
    size = style.size * style_scale(width, height)
    fits = (width - 2 * margin) / max(size, 1) / 1.02
    return max(3.0, min(float(style.max_chars_per_line), fits))


def wrap_text(text: str, limit_em: float) -> str:
    """Break free text (titles, overlays) into lines of at most ``limit_em``, ASS ``\\N``."""
    tokens = re.findall(r"\s*\S+\s*", text) if " " in text.strip() else list(text)
    lines: list[str] = [""]
    for tok in tokens:
        cand = lines[-1] + tok
        if lines[-1] and text_width(cand.rstrip()) > limit_em and tok.strip()[:1] not in CLOSING:
            lines.append(tok.lstrip())
        else:
            lines[-1] = cand
    return "\\N".join(escape_ass(line.strip()) for line in lines if line.strip())


def paginate(block: CaptionBlock, style: CaptionStyle, limit_em: float) -> list[Page]:
    """Greedy line filling; a new page at sentence ends and when the lines are full."""
    pages: list[Page] = []
    lines: list[list[CaptionWord]] = [[]]

    def flush() -> None:
        nonlocal lines
        words = [w for line in lines for w in line]
        if words:
            pages.append(Page([ln for ln in lines if ln], words[0].start_us, words[-1].end_us))
        lines = [[]]

    for word in block.words:
        current = lines[-1]
        width = text_width("".join(w.text for w in current) + word.text.rstrip())
        first_char = word.text.lstrip()[:1]
        if current and width > limit_em and first_char not in CLOSING:
            if len(lines) >= style.max_lines:
                flush()
            else:
                lines.append([])
        lines[-1].append(word)
        if word.text.rstrip()[-1:] in SENTENCE_END:
            flush()
    flush()
    # Timing: hold each page until the next one starts when the pause is short.
    for i, page in enumerate(pages):
        nxt = pages[i + 1].start_us if i + 1 < len(pages) else None
        if nxt is not None and nxt - page.end_us < GAP_HOLD_US:
            page.end_us = nxt
        else:
            page.end_us = min(page.end_us + TAIL_US, nxt if nxt is not None else block.end_us)
        page.end_us = max(page.end_us, page.start_us + 1)
    return pages


def _ass_color(hex_color: str) -> str:
    """#RRGGBB[AA] (AA = opacity) -> &HAABBGGRR (AA = transparency)."""
    v = hex_color.lstrip("#")
    r, g, b = v[0:2], v[2:4], v[4:6]
    alpha = 255 - int(v[6:8], 16) if len(v) == 8 else 0
    return f"&H{alpha:02X}{b}{g}{r}".upper()


def _ass_inline_color(hex_color: str) -> str:
    v = hex_color.lstrip("#")
    return f"&H{v[4:6]}{v[2:4]}{v[0:2]}&".upper()


def escape_ass(text: str) -> str:
    return text.replace("\\", "/").replace("{", "(").replace("}", ")").replace("\n", " ")


POP = "\\fscx118\\fscy118\\t(0,140,\\fscx100\\fscy100)"


def _line_text(
    line: list[CaptionWord],
    highlight: int | None,
    color: str,
    is_last: bool,
    language: str,
    pop: bool = False,
) -> str:
    out = []
    for i, w in enumerate(line):
        t = w.text
        if i == len(line) - 1:
            t = t.rstrip()
            if is_last and language.startswith("zh"):
                t = t.rstrip(PAGE_TRIM) or t
        t = escape_ass(t)
        if highlight is not None and i == highlight:
            grow = POP if pop else ""
            out.append(f"{{\\1c{color}{grow}}}{t}{{\\r}}")
        else:
            out.append(t)
    return "".join(out)


def page_events(page: Page, style: CaptionStyle, language: str) -> list[tuple[int, int, str]]:
    """(start_us, end_us, ASS text) events for one page; one per word with karaoke on."""
    words = page.words
    color = _ass_inline_color(style.highlight_color)

    def render(highlight_index: int | None) -> str:
        lines_out = []
        k = 0
        for li, line in enumerate(page.lines):
            local = None
            if highlight_index is not None and k <= highlight_index < k + len(line):
                local = highlight_index - k
            last = li == len(page.lines) - 1
            lines_out.append(_line_text(line, local, color, last, language, style.pop))
            k += len(line)
        return "\\N".join(lines_out)

    if not style.karaoke:
        return [(page.start_us, page.end_us, render(None))]
    events = []
    for i, w in enumerate(words):
        start = page.start_us if i == 0 else w.start_us
        end = words[i + 1].start_us if i + 1 < len(words) else page.end_us
        if end > start:
            events.append((start, end, render(i)))
    return events


_POS_ALIGN = {"bottom": 2, "middle": 5, "top": 8}
_WM_ALIGN = {"top_left": 7, "top_right": 9, "bottom_left": 1, "bottom_right": 3}
WM_ALIGN = _WM_ALIGN  # (text_anim.emoji_cards lays a watermark with emoji the same way)


_StyleRow = tuple[Any, ...]  # name, size, colours x4, bold, border, outline, shadow, align, margins


def _caption_row(name: str, s: CaptionStyle, w: int, h: int) -> _StyleRow:
    """One ASS style line's values for captions in style ``s``."""
    k = style_scale(w, h)
    return (
        name,
        round(s.size * k),
        _ass_color(s.color),
        _ass_color(s.highlight_color),
        _ass_color(s.box_color if s.box else s.outline_color),
        _ass_color("#00000080"),
        -1 if s.bold else 0,
        3 if s.box else 1,
        s.outline * k,
        s.shadow * k,
        _POS_ALIGN[s.position],
        max(40, w // 18),
        caption_margin(s, w, h),
    )


def caption_styles(plan: RenderPlan) -> dict[tuple, tuple[str, CaptionStyle]]:
    """Every caption look the plan uses -> (ASS style name, style): "Caption" for the
    template's, "Caption2", "Caption3", ... for each distinct set of scene overrides."""
    base = plan.caption_style
    out: dict[tuple, tuple[str, CaptionStyle]] = {_style_key(base): ("Caption", base)}
    for block in plan.captions:
        if block.style is not None and _style_key(block.style) not in out:
            out[_style_key(block.style)] = (f"Caption{len(out) + 1}", block.style)
    return out


def _style_key(style: CaptionStyle) -> tuple:
    return dataclasses.astuple(style)


def block_style(plan: RenderPlan, block: CaptionBlock) -> CaptionStyle:
    """The caption look of one block: its scene's overrides, else the template's."""
    return block.style if block.style is not None else plan.caption_style


# --------------------------------------------------------------------------- text apart
LINE_PITCH = 1.0  # libass sets lines one font size apart (measured with Noto Sans CJK)
POP_GROW = 0.18  # a popping word grows by this much of the size before it settles
MIN_TEXT_SCALE = 0.2  # a title or overlay shrinks to this share of its size at most, to fit
TITLE_SCALE = 1.35  # the title card's size against the captions'
OVERLAY_SCALE = 0.85


@dataclass(frozen=True)
class TextBox:
    """Where a block of text is drawn (canvas pixels, y down, outline included) and when."""

    start_us: int
    end_us: int
    top: float
    bottom: float

    def meets(self, other: TextBox) -> bool:
        """Both on screen at once, and touching."""
        return (
            self.start_us < other.end_us
            and other.start_us < self.end_us
            and self.top < other.bottom
            and other.top < self.bottom
        )


@dataclass(frozen=True)
class PlacedText:
    """A title or overlay laid out clear of the captions: its size, wrapped text, centre line
    and box; ``moved`` when that is not where its style alone would put it."""

    size: int
    text: str
    y: float
    box: TextBox
    moved: bool
    clear: bool = True  # False: no room anywhere, it meets something


def caption_box(
    style: CaptionStyle, width: int, height: int, lines: int, start_us: int = 0, end_us: int = 0
) -> TextBox:
    """The box of a caption page of ``lines`` lines in ``style`` (as libass lays it out)."""
    k = style_scale(width, height)
    size = round(style.size * k)
    tall = lines * size * LINE_PITCH + (POP_GROW * size if style.pop else 0.0)
    pad = (style.outline + style.shadow) * k
    if style.position == "bottom":
        bottom = height - caption_margin(style, width, height)
        top = bottom - tall
    elif style.position == "top":
        top = caption_margin(style, width, height)
        bottom = top + tall
    else:  # libass centres middle-aligned text on the canvas
        top = (height - tall) / 2
        bottom = top + tall
    return TextBox(start_us, end_us, top - pad, bottom + pad)


def caption_boxes(plan: RenderPlan) -> list[TextBox]:
    """The box of every caption page, while it is on screen."""
    w, h = plan.width, plan.height
    out = []
    for block in plan.captions:
        look = block_style(plan, block)
        for page in paginate(block, look, max_line_em(look, w, h)):
            out.append(caption_box(look, w, h, len(page.lines), page.start_us, page.end_us))
    return out


def _free_spans(
    busy: list[tuple[float, float]], low: float, high: float
) -> list[tuple[float, float]]:
    spans = []
    y = low
    for top, bottom in sorted(busy):
        if top > y:
            spans.append((y, min(top, high)))
        y = max(y, bottom)
    if high > y:
        spans.append((y, high))
    return [(a, b) for a, b in spans if b > a]


def place_text(
    text: str,
    size: int,
    limit_em: Callable[[int], float],
    plan: RenderPlan,
    start_us: int,
    end_us: int,
    avoid: list[TextBox],
    pad: float,
    center_y: float | None = None,
    top_y: float | None = None,
) -> PlacedText:
    """Lay ``text`` out at ``size`` (wrapped at ``limit_em(size)`` em) where it meets none of
    ``avoid`` while it is on screen: as near as it can be to its own place (centred on
    ``center_y``, or with its top at ``top_y``), a size step smaller each time it does not fit
    anywhere, down to ``MIN_TEXT_SCALE``. With no room even then it goes at that size in the
    largest free band."""
    h = plan.height
    edge = max(12, h // 60)
    gap = max(8.0, size * 0.15)
    busy = [
        (b.top - gap, b.bottom + gap) for b in avoid if b.start_us < end_us and start_us < b.end_us
    ]
    free = _free_spans(busy, edge, h - edge)
    smallest = max(8, round(size * MIN_TEXT_SCALE))
    s = size
    while True:
        wrapped = wrap_text(text, limit_em(s))
        tall = (wrapped.count("\\N") + 1) * s * LINE_PITCH + 2 * pad
        want = center_y if center_y is not None else (top_y or 0) + tall / 2
        best: float | None = None
        for a, b in free:
            if b - a >= tall:
                c = min(max(want, a + tall / 2), b - tall / 2)
                if best is None or abs(c - want) < abs(best - want):
                    best = c
        clear = best is not None
        if best is None and s <= smallest:
            a, b = max(free, key=lambda span: span[1] - span[0]) if free else (0, h)
            best = (a + b) / 2
        if best is not None:
            box = TextBox(start_us, end_us, best - tall / 2, best + tall / 2)
            moved = s != size or abs(best - want) > 0.5
            return PlacedText(s, wrapped, best, box, moved, clear)
        s = max(smallest, min(s - 1, int(s * 0.92)))


def title_span(plan: RenderPlan) -> tuple[int, int]:
    """When the title card shows: from the start to 2 s after the first words (1.5-2.5 s)."""
    total = plan.duration_us
    first_voice = min((b.start_us for b in plan.captions), default=total)
    return 0, min(total, max(1_500_000, min(2_500_000, first_voice + 2_000_000)))


def outro_span(plan: RenderPlan) -> tuple[int, int]:
    """When the closing card shows: the last 2.5 s."""
    total = plan.duration_us
    return max(0, total - 2_500_000), total


def clear_y(
    plan: RenderPlan, tall: float, start_us: int, end_us: int, want: float, avoid: list[TextBox]
) -> tuple[float, float]:
    """The centre line (pixels) nearest ``want`` where a picture ``tall`` pixels high meets
    none of ``avoid`` while it shows, and the scale it needs (< 1 when no free band holds it:
    then the largest band, made to fit, down to ``MIN_TEXT_SCALE``). ``place_text`` for a
    picture of drawn text."""
    h = plan.height
    edge = max(12, h // 60)
    gap = max(8.0, tall * 0.1)
    busy = [
        (b.top - gap, b.bottom + gap) for b in avoid if b.start_us < end_us and start_us < b.end_us
    ]
    free = _free_spans(busy, edge, h - edge) or [(0.0, float(h))]
    fits = [
        min(max(want, a + tall / 2), b - tall / 2) for a, b in free if b - a >= tall
    ]  # fmt: skip
    if fits:
        return min(fits, key=lambda c: abs(c - want)), 1.0
    a, b = max(free, key=lambda span: span[1] - span[0])
    return (a + b) / 2, max(MIN_TEXT_SCALE, (b - a) / max(1.0, tall))


def build_ass(plan: RenderPlan, font_family: str) -> str:
    """The whole ASS script: captions (one style per look), title card, overlays and a text
    watermark."""
    s = plan.caption_style
    w, h = plan.width, plan.height
    outline = _ass_color(s.box_color if s.box else s.outline_color)
    border_style = 3 if s.box else 1
    bold = -1 if s.bold else 0
    margin_lr = max(40, w // 18)
    k = style_scale(w, h)
    size, ol, sh = round(s.size * k), s.outline * k, s.shadow * k
    looks = caption_styles(plan)
    styles: list[_StyleRow] = [_caption_row(name, st, w, h) for name, st in looks.values()]
    styles += [
        (
            "Title",
            round(size * 1.35),
            _ass_color(s.color),
            _ass_color(s.color),
            outline,
            _ass_color("#00000080"),
            -1,
            1,
            ol * 1.2,
            sh,
            5,
            margin_lr,
            0,
        ),
        (
            "Overlay",
            round(size * 0.85),
            _ass_color(s.color),
            _ass_color(s.color),
            outline,
            _ass_color("#00000080"),
            bold,
            border_style,
            ol,
            sh,
            8,
            margin_lr,
            max(20, h // 8),
        ),
        (
            "Credits",
            _credits_size(size),
            _ass_color("#FFFFFF"),
            _ass_color("#FFFFFF"),
            _ass_color("#000000"),
            _ass_color("#00000080"),
            0,
            1,
            max(1.0, 1.5 * k),
            0,
            5,
            margin_lr,
            0,
        ),
        (
            "Watermark",
            max(10, round(size * 0.5)),
            _ass_color(s.color[:7] + f"{int(plan.watermark_opacity * 255):02X}"),
            _ass_color("#FFFFFF"),
            _ass_color(f"#000000{int(plan.watermark_opacity * 160):02X}"),
            _ass_color("#00000000"),
            0,
            1,
            2.0 * k,
            0,
            _WM_ALIGN.get(plan.watermark_position, 9),
            max(24, w // 30),
            max(24, h // 40),
        ),
    ]
    if any(o.style for o in plan.overlays):  # text items' presets (render/text_anim.py)
        styles += text_anim.style_rows(w, h, k)
    out = [
        "[Script Info]",
        "; Made by ShortVid Desktop",
        "ScriptType: v4.00+",
        f"PlayResX: {w}",
        f"PlayResY: {h}",
        "WrapStyle: 2",
        "ScaledBorderAndShadow: yes",
        "YCbCr Matrix: TV.709",
        "",
        "[V4+ Styles]",
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
        "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
        "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding",
    ]
    for name, size, prim, sec, outl, back, b, bs, ol, sh, al, ml, mv in styles:
        out.append(
            f"Style: {name},{font_family},{size},{prim},{sec},{outl},{back},{b},0,0,0,100,100,"
            f"0,0,{bs},{ol:g},{sh:g},{al},{ml},{ml},{mv},1"
        )
    out += [
        "",
        "[Events]",
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
    ]

    def on_frames(t: int) -> int:
        """An event edge moved half a frame before the first frame at or after it: every
        frame is then clearly in or out, whatever the centisecond rounding of ASS times, so
        the preview (rendered in windows) and the export show captions on the same frames."""
        k = -(-t * plan.fps // 1_000_000)
        return max(0, (2 * k - 1) * 1_000_000 // (2 * plan.fps))

    def event(layer: int, start: int, end: int, style: str, text: str) -> None:
        start, end = on_frames(start), on_frames(end)
        if end > start:
            out.append(
                f"Dialogue: {layer},{ass_time(start)},{ass_time(end)},{style},,0,0,0,,{text}"
            )

    total = plan.duration_us
    # Titles and overlays keep clear of the captions (and of each other) at any caption size
    # and position: moved, then made smaller, when they would meet. Overlays are placed
    # first, then the title card and the closing card around them.
    pages = caption_boxes(plan)
    taken = list(pages)
    margin = max(40, w // 18)
    base, outline_px, shadow_px = round(s.size * k), s.outline * k, s.shadow * k

    def limit_at(scale: float) -> Callable[[int], float]:
        """Line length in em at a size: the template's limit at the style's own size; a text
        made smaller to fit may use the canvas' whole width (fewer lines, less height)."""
        own = round(base * scale)

        def at(px: int) -> float:
            fits = (w - 2 * margin) / max(px, 1) / 1.02
            cap = s.max_chars_per_line / scale if px >= own else fits
            return max(3.0 / scale, min(cap, fits))

        return at

    def place(
        start: int, end: int, style: str, fade: str, text: str, scale: float, **at: float
    ) -> tuple[PlacedText, tuple[int, int, str, str]]:
        default = round(base * scale)
        pad = outline_px * (1.2 if style == "Title" else 1.0) + shadow_px
        if "top_y" in at:
            at["top_y"] -= pad  # the outline reaches above the first line
        placed = place_text(text, default, limit_at(scale), plan, start, end, taken, pad, **at)
        head = fade
        if placed.moved:
            head += f"\\an5\\pos({w / 2:g},{placed.y:.0f})"
            if placed.size != default:
                head += f"\\fs{placed.size}"
        return placed, (start, end, style, "{" + head + "}" + placed.text)

    def card(start: int, end: int, fade: str, text: str) -> tuple[int, int, str, str]:
        """A title card centred on the canvas; with no room beside the captions even when
        small, it keeps to the time before the first caption (or after the last)."""
        placed, ev = place(start, end, "Title", fade, text, TITLE_SCALE, center_y=h / 2)
        if not placed.clear:
            meet = [b for b in pages if b.start_us < end and start < b.end_us]
            if start == 0 and meet and min(b.start_us for b in meet) > 0:
                end = min(b.start_us for b in meet)
            elif meet and max(b.end_us for b in meet) < end:
                start = max(b.end_us for b in meet)
            placed, ev = place(start, end, "Title", fade, text, TITLE_SCALE, center_y=h / 2)
        taken.append(placed.box)
        return ev

    overlays = []
    for o in plan.overlays:
        if o.style or o.anim_in[0] != "none" or o.anim_out[0] != "none":  # a text item
            placed, events = _text_item(o, plan, place)
            taken.append(placed.box)
            overlays += events
            continue
        placed, ev = place(
            o.start_us,
            o.end_us,
            "Overlay",
            "\\fad(200,200)",
            o.text,
            OVERLAY_SCALE,
            top_y=max(20, h // 8),
        )
        taken.append(placed.box)
        overlays += transform_graph.text_events(ev, o, w, h)  # as placed on the canvas
    drawn = plan.drawn_text  # with emoji: pictures (text_anim.emoji_cards)
    if plan.title.strip() and "title" not in drawn:
        event(2, *card(*title_span(plan), "\\fad(150,350)", plan.title.strip()))
    for block in plan.captions:
        if block.as_picture:  # words with emoji: drawn as pictures (text_anim.emoji_captions)
            continue
        look = block_style(plan, block)
        name = looks[_style_key(look)][0]
        for page in paginate(block, look, max_line_em(look, w, h)):
            for start, end, text in page_events(page, look, plan.language):
                event(1, start, end, name, text)
    for overlay in overlays:
        event(1, *overlay)
    if plan.outro_text and "outro" not in drawn:
        event(2, *card(*outro_span(plan), "\\fad(300,0)", plan.outro_text))
    if plan.credits_text.strip():
        event(3, *credits_card(plan, _credits_size(size), taken))
    if plan.watermark_text.strip() and "watermark" not in drawn:
        head = transform_graph.watermark_text_head(plan)  # moved on the canvas
        event(3, 0, total, "Watermark", head + escape_ass(plan.watermark_text.strip()))
    return "\n".join(out) + "\n"


def _text_item(o, plan: RenderPlan, place: Callable) -> tuple[PlacedText, list]:
    """A text item's events: its preset's look where the preset puts it (clear of the
    captions) or where it was moved, with its in/out animations (render/text_anim.py)."""
    w, h = plan.width, plan.height
    preset = text_anim.load_presets().get(o.style) if o.style else None
    if preset is not None:
        style = text_anim.style_name(o.style)
        scale = float(preset["size"]) / max(1, plan.caption_style.size)
        at = {"center_y": float(preset["y"]) * h}
    else:
        style, scale, at = "Overlay", OVERLAY_SCALE, {"top_y": max(20, h // 8)}
    placed, ev = place(o.start_us, o.end_us, style, "", o.text, scale, **at)
    motion = o.motion
    if motion is not None and len(motion.keys) > 1:  # keyframed: moved as placed, faded
        events = transform_graph.text_events(ev, o, w, h)
        return placed, text_anim.fade_ends(events, o.anim_in, o.anim_out)
    lines = placed.text.split("\\N")
    box_w = max(text_width(line) for line in lines) * placed.size
    head = f"\\fs{placed.size}"
    x, y, sc, alpha = w / 2, placed.y, 100.0, 0
    if motion is not None:
        t = motion.at(0)
        x, y, sc = t.x * w, t.y * h, t.scale * 100
        alpha = round(255 * (1 - t.opacity))
        head += f"\\frz{-t.rotation:.2f}"
    events = text_anim.animate(
        o.start_us,
        o.end_us,
        style,
        placed.text,
        x,
        y,
        box_w * sc / 100,
        w,
        o.anim_in,
        o.anim_out,
        head,
        sc,
        alpha,
    )
    return placed, events


CREDITS_US = 2_000_000  # the credit lines show over the video's last 2 s
CREDITS_SCALE = 0.5  # their size against the captions'


def _credits_size(caption_px: int) -> int:
    return max(9, round(caption_px * CREDITS_SCALE))


def credits_card(plan: RenderPlan, size: int, avoid: list[TextBox]) -> tuple[int, int, str, str]:
    """The end card's credit lines ("Video by X on Pexels", one a line, each wrapped to the
    canvas) over the last ``CREDITS_US``: small, centred at the bottom, or at the top when a
    caption or card is there then."""
    w, h = plan.width, plan.height
    total = plan.duration_us
    start = max(0, total - CREDITS_US)
    margin = max(16, w // 24)
    limit = max(3.0, (w - 2 * margin) / max(size, 1) / 1.02)
    lines = [wrap_text(line.strip(), limit) for line in plan.credits_text.splitlines()]
    text = "\\N".join(line for line in lines if line)
    tall = (text.count("\\N") + 1) * size * LINE_PITCH + 2 * size * 0.15
    edge = max(12, h // 40)
    busy = [b for b in avoid if b.start_us < total and start < b.end_us]
    y = h - edge - tall / 2
    for want in (h - edge - tall / 2, edge + tall / 2):
        if not any(b.top < want + tall / 2 and want - tall / 2 < b.bottom for b in busy):
            y = want
            break
    head = f"{{\\fad(300,0)\\an5\\pos({w / 2:g},{y:.0f})}}"
    return start, total, "Credits", head + text


def build_srt(plan: RenderPlan) -> str:
    """One SRT cue per caption page (no karaoke), for players and platforms."""
    cues = []
    for block in plan.captions:
        look = block_style(plan, block)
        for page in paginate(block, look, max_line_em(look, plan.width, plan.height)):
            lines = ["".join(w.text for w in line).strip() for line in page.lines]
            cues.append((page.start_us, page.end_us, "\n".join(lines)))
    out = []
    for i, (start, end, text) in enumerate(cues, 1):
        out.append(f"{i}\n{srt_time(start)} --> {srt_time(end)}\n{text}\n")
    return "\n".join(out)
