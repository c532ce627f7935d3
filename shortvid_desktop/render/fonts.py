"""Finding a font that can draw the captions, and proving it before anything renders.

Search order: fonts dropped in ``resources/fonts`` (a packager's OFL font), the family the template
names (through fontconfig where present), then well-known CJK fonts on Windows, macOS and Linux,
then a Latin fallback. Each candidate's character map is read (HarfBuzz) and checked against
every character that will be drawn: a font that would show tofu boxes is never used.
"""

from __future__ import annotations

import functools
import math
import os
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import BadInputError
from ..jobs.spawn import no_window
from ..paths import resource

FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}

_WELL_KNOWN = {
    "linux": [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/adobe-source-han-sans/SourceHanSansSC-Bold.otf",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ],
    "win32": [
        r"C:\Windows\Fonts\msyhbd.ttc",
        r"C:\Windows\Fonts\msyh.ttc",
        r"C:\Windows\Fonts\simhei.ttf",
        r"C:\Windows\Fonts\Deng.ttf",
        r"C:\Windows\Fonts\simsun.ttc",
        r"C:\Windows\Fonts\arialbd.ttf",
    ],
    "darwin": [
        "/System/Library/Fonts/PingFang.ttc",
        "/System/Library/Fonts/STHeiti Medium.ttc",
        "/System/Library/Fonts/Hiragino Sans GB.ttc",
        "/Library/Fonts/Arial Unicode.ttf",
        "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
        "/System/Library/Fonts/Helvetica.ttc",
    ],
}


@dataclass(frozen=True)
class FontFace:
    path: str
    index: int
    family: str
    subfamily: str

    @property
    def bold(self) -> bool:
        return "bold" in self.subfamily.lower() or "heavy" in self.subfamily.lower()

    def __str__(self) -> str:
        return f"{self.family} {self.subfamily} ({self.path}#{self.index})"


def _platform_key() -> str:
    if sys.platform.startswith("win"):
        return "win32"
    if sys.platform == "darwin":
        return "darwin"
    return "linux"


@functools.lru_cache(maxsize=64)
def _faces(path: str) -> tuple[FontFace, ...]:
    """The faces of a font file (each of a collection's), with the names libass knows them by.
    HarfBuzz reads a CJK collection's ten name tables in about a millisecond (fontTools ~0.1 s)."""
    try:
        faces = _faces_hb(path)
    except Exception:  # noqa: BLE001 - fontTools reads what HarfBuzz cannot
        faces = ()
    return faces or _faces_fonttools(path)


def _name(face: object, *ids: int) -> str | None:
    """The first of the name IDs ``ids`` ``face`` (a uharfbuzz Face) has: English, else any."""
    for name_id in ids:
        found = face.get_name(name_id)  # type: ignore[attr-defined]
        if found:
            return found
        for entry in face.list_names():  # type: ignore[attr-defined]
            if int(entry.name_id) == name_id:
                found = face.get_name(name_id, entry.language)  # type: ignore[attr-defined]
                if found:
                    return found
    return None


def _faces_hb(path: str) -> tuple[FontFace, ...]:
    import struct

    import uharfbuzz as hb

    with open(path, "rb") as f:
        head = f.read(12)
    count = struct.unpack(">I", head[8:12])[0] if head[:4] == b"ttcf" else 1
    blob = hb.Blob.from_file_path(path)
    faces = []
    for i in range(count):
        face = hb.Face(blob, i)
        if face.glyph_count == 0:
            return ()  # not a font HarfBuzz can read
        # libass matches on the legacy family name (nameID 1); prefer it when present
        family = _name(face, 1, 21, 16) or Path(path).stem
        sub = _name(face, 22, 17, 2) or "Regular"
        faces.append(FontFace(path, i, family, sub))
    return tuple(faces)


def _faces_fonttools(path: str) -> tuple[FontFace, ...]:
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if Path(path).suffix.lower() in {".ttc", ".otc"}:
            fonts = TTCollection(path, lazy=True).fonts
        else:
            fonts = [TTFont(path, lazy=True)]
    except Exception:  # noqa: BLE001 - an unreadable font is skipped, never fatal
        return ()
    faces = []
    for i, font in enumerate(fonts):
        name = font["name"]
        family = name.getBestFamilyName() or name.getDebugName(1) or Path(path).stem
        sub = name.getBestSubFamilyName() or name.getDebugName(2) or "Regular"
        # libass matches on the legacy family name (nameID 1); prefer it when present.
        legacy = name.getDebugName(1)
        faces.append(FontFace(path, i, legacy or family, sub))
    return tuple(faces)


@functools.lru_cache(maxsize=64)
def _cmap(path: str, index: int) -> frozenset[int]:
    """The characters face ``index`` of ``path`` maps to glyphs (its best cmap subtable).
    HarfBuzz reads a CJK face's ~45,000 in under a millisecond; fontTools' Python took ~0.1 s
    (and ~0.1 s more to import), so it only reads what HarfBuzz cannot."""
    try:
        import uharfbuzz as hb

        found = frozenset(hb.Face(hb.Blob.from_file_path(path), index).unicodes)
        if found:
            return found
    except Exception:  # noqa: BLE001 - fontTools says what it can, or raises as before
        pass
    from fontTools.ttLib import TTCollection, TTFont

    if Path(path).suffix.lower() in {".ttc", ".otc"}:
        font = TTCollection(path, lazy=True).fonts[index]
    else:
        font = TTFont(path, lazy=True)
    return frozenset(font.getBestCmap() or {})


def _fontconfig_files(family: str) -> list[str]:
    fc = shutil.which("fc-match")
    if not fc:
        return []
    out = []
    for pattern in (f"{family}:weight=bold", family, "sans-serif:lang=zh-cn:weight=bold"):
        try:
            res = subprocess.run(
                [fc, "-f", "%{file}\n", pattern],
                capture_output=True,
                text=True,
                timeout=5,
                **no_window(),
            )
        except (OSError, subprocess.SubprocessError):
            return out
        out += [line for line in res.stdout.splitlines() if line.strip()]
    return out


def candidate_files(family: str = "") -> list[str]:
    """Font files worth trying, best first, existing ones only, no duplicates."""
    files: list[str] = []
    env = os.environ.get("SHORTVID_FONT")
    if env:
        files.append(env)
    fonts_dir = resource("fonts")
    if fonts_dir.is_dir():
        files += sorted(str(p) for p in fonts_dir.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    if family:
        files += _fontconfig_files(family)
    files += _WELL_KNOWN[_platform_key()]
    seen: set[str] = set()
    result = []
    for f in files:
        if f not in seen and os.path.isfile(f):
            seen.add(f)
            result.append(f)
    return result


def drawable_chars(text: str) -> set[str]:
    """Characters that need a glyph (whitespace, controls and format chars do not)."""
    return {
        ch
        for ch in text
        if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp")
    }


def missing_glyphs(face: FontFace, text: str) -> list[str]:
    cmap = _cmap(face.path, face.index)
    return sorted(ch for ch in drawable_chars(text) if ord(ch) not in cmap)


def _face_order(faces: tuple[FontFace, ...], family: str, bold: bool) -> list[FontFace]:
    def score(face: FontFace) -> tuple[int, int]:
        fam = 0 if family and face.family.lower() == family.lower() else 1
        if not family and " sc" in face.family.lower():
            fam = 0
        weight = 0 if face.bold == bold else 1
        return (fam, weight)

    return sorted(faces, key=score)


def choose_font(text: str, family: str = "", bold: bool = True) -> FontFace:
    """The best face that draws every character of ``text``; BadInputError if none does.

    The template's family wins when it covers the text; otherwise the first candidate that does.
    """
    best_missing: tuple[FontFace, list[str]] | None = None
    for path in candidate_files(family):
        for face in _face_order(_faces(path), family, bold):
            missing = missing_glyphs(face, text)
            if not missing:
                return face
            if best_missing is None or len(missing) < len(best_missing[1]):
                best_missing = (face, missing)
    if best_missing is None:
        raise BadInputError(
            "No usable font was found for the captions. Install a CJK font (for example "
            "fonts-noto-cjk on Debian/Ubuntu) or put a .ttf/.otf file in resources/fonts."
        )
    face, missing = best_missing
    shown = "".join(missing[:20]) + ("…" if len(missing) > 20 else "")
    raise BadInputError(
        f"No installed font can draw these caption characters: {shown!r} "
        f"(closest: {face}). Install a font that covers them (for Chinese: Noto Sans CJK or "
        "WenQuanYi), set SHORTVID_FONT to its file, or change the text."
    )


def font_report(sample: str = "中文字幕 Captions 123") -> dict[str, object]:
    """For ``doctor``: which font the captions would use and whether it covers CJK."""
    try:
        face = choose_font(sample)
        return {"ok": True, "font": str(face), "cjk": True, "candidates": candidate_files()}
    except BadInputError as exc:
        latin = None
        try:
            latin = str(choose_font("Captions 123"))
        except BadInputError:
            pass
        return {
            "ok": False,
            "font": latin,
            "cjk": False,
            "error": str(exc),
            "candidates": candidate_files(),
        }


# --------------------------------------------------------------------------- colour emoji
# libass draws outlines only: a colour emoji font (CBDT bitmaps, as Noto Color Emoji) draws
# nothing there. Text with emoji is drawn by Pillow instead (``draw_text_png``): its words with
# the caption font, its emoji with the colour emoji font (FreeType's CBDT strikes at 109 px,
# scaled to the text's size), then laid over the video as a picture.
EMOJI_STRIKE = 109  # Noto Color Emoji's one bitmap size
_COLOUR_EMOJI = (
    "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf",
    "/usr/share/fonts/noto/NotoColorEmoji.ttf",
    "/usr/share/fonts/google-noto-emoji/NotoColorEmoji.ttf",
    "/usr/local/share/fonts/NotoColorEmoji.ttf",
    "~/.local/share/fonts/NotoColorEmoji.ttf",
    "C:/Windows/Fonts/seguiemj.ttf",
    "/System/Library/Fonts/Apple Color Emoji.ttc",
)
_MONO_EMOJI = (
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "C:/Windows/Fonts/seguisym.ttf",
)
_JOINERS = {0x200D, 0xFE0F, 0xFE0E, 0x20E3}
_warned: set[str] = set()


def _warn_once(key: str, message: str) -> None:
    if key not in _warned:
        _warned.add(key)
        import logging

        logging.getLogger(__name__).warning(message)


def is_emoji(ch: str) -> bool:
    """A character drawn as an emoji (pictographs, and the symbols that have an emoji form)."""
    cp = ord(ch)
    return (
        0x1F000 <= cp <= 0x1FAFF
        or cp in _JOINERS
        or 0x1F3FB <= cp <= 0x1F3FF
        or 0xE0020 <= cp <= 0xE007F
        or 0x2600 <= cp <= 0x27BF
        or 0x2B00 <= cp <= 0x2BFF
        or 0x2300 <= cp <= 0x23FF
    )


def needs_emoji(text: str) -> bool:
    """True when ``text`` has emoji that libass cannot draw with one caption font: pictographs
    always (a font that has them as outlines draws them in one colour), other symbols when no
    one font draws them and the rest of the text."""
    for ch in text:
        cp = ord(ch)
        if 0x1F000 <= cp <= 0x1FAFF or cp in (0xFE0F, 0x20E3):
            return True
    return any(is_emoji(ch) for ch in text) and not _text_font_draws(text)


@functools.lru_cache(maxsize=256)
def _text_font_draws(ch: str) -> bool:
    """One caption font draws all of ``ch`` (a character or a text)."""
    try:
        choose_font(ch)
        return True
    except BadInputError:
        return False


@functools.lru_cache(maxsize=1)
def emoji_font() -> tuple[str, bool]:
    """(path, colour) of the emoji font: ``SHORTVID_EMOJI_FONT``, one in resources/fonts
    (``*moji*``), the system's colour emoji font, else a monochrome symbol font; ("", False)
    when there is none (emoji are then left out, with a warning)."""
    env = os.environ.get("SHORTVID_EMOJI_FONT", "")
    fonts_dir = resource("fonts")
    bundled = sorted(fonts_dir.glob("*moji*.tt[fc]")) if fonts_dir.is_dir() else []
    for path, colour in (
        (env, True),
        *((str(p), True) for p in bundled),
        *((os.path.expanduser(p), True) for p in _COLOUR_EMOJI),
    ):
        if path and os.path.isfile(path) and _faces(path):
            return path, colour
    for path in _MONO_EMOJI:
        if os.path.isfile(path):
            _warn_once(
                "mono",
                "No colour emoji font found (install fonts-noto-color-emoji): emoji are drawn "
                f"in one colour with {path}.",
            )
            return path, False
    _warn_once("none", "No emoji font found (install fonts-noto-color-emoji): emoji are left out.")
    return "", False


def strip_emoji(text: str) -> str:
    """``text`` without the emoji libass cannot draw (captions, titles: drawn by libass)."""
    if not needs_emoji(text):
        return text
    _warn_once("strip", "Emoji in captions and titles are left out (libass draws no colour).")
    out = "".join(ch for ch in text if not (is_emoji(ch) and not _text_font_draws(ch)))
    out = "".join(ch for ch in out if not 0x1F000 <= ord(ch) <= 0x1FAFF)
    return out.replace(chr(0xFE0F), "").replace(chr(0x20E3), "")


def text_runs(text: str, draws: frozenset[int], emoji: frozenset[int]) -> list[tuple[str, str]]:
    """``text`` cut into runs: ("text", s) drawn with the text font (its character map
    ``draws``), ("emoji", s) with the emoji font (map ``emoji``); joiners, variation
    selectors and skin tones stay with their emoji. Characters neither draws are left out."""
    runs: list[tuple[str, str]] = []
    prev = ""
    for i, ch in enumerate(text):
        cp = ord(ch)
        nxt = ord(text[i + 1]) if i + 1 < len(text) else 0
        if prev == "emoji" and (cp in _JOINERS or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp):
            kind = "emoji"
        elif cp in emoji and nxt in (0xFE0F, 0x20E3):  # emoji form asked for (keycaps too)
            kind = "emoji"
        elif cp in draws and not 0x1F000 <= cp <= 0x1FAFF and nxt != 0xFE0F:
            kind = "text"
        elif cp in emoji and cp > 0x7F:
            kind = "emoji"
        elif cp in draws or ch == " ":
            kind = "text"
        else:
            # (with no emoji font at all, emoji_font's one warning speaks for every emoji)
            if cp not in _JOINERS and (emoji or not is_emoji(ch)):
                _warn_once(f"glyph:{cp}", f"No font draws {ch!r} (U+{cp:04X}); it is left out.")
            continue
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + ch)
        else:
            runs.append((kind, ch))
        prev = kind
    return runs


def _rgba(hex_color: str) -> tuple[int, int, int, int]:
    v = hex_color.lstrip("#")
    alpha = int(v[6:8], 16) if len(v) == 8 else 255
    return int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16), alpha


@dataclass(frozen=True)
class TextLook:
    """How a text drawn by Pillow looks (sizes in canvas pixels; colours #RRGGBB[AA])."""

    size: int
    bold: bool = True
    color: str = "#FFFFFF"
    outline_color: str = "#000000"
    outline: float = 0.0
    shadow: float = 0.0
    box: bool = False
    box_color: str = "#00000000"
    family: str = ""


Segment = tuple[str, str]  # (text, colour #RRGGBB[AA]; "" = the look's colour)


def draw_text_png(text: str, look: TextLook, max_width: int) -> tuple[Path, int, int]:
    """``text`` (emoji in colour) drawn on a transparent PNG, centred lines wrapped to
    ``max_width`` pixels; the file (cached by content) and its size. ``look.size`` is a
    libass font size (the line pitch), so the words match libass-drawn text. Never fails for
    a missing glyph: what no font draws is left out (with a warning)."""
    return _cached_png(("wrap", text, max_width), look, text, lambda fx: fx.wrap(text, max_width))


def draw_lines_png(lines: list[list[Segment]], look: TextLook) -> tuple[Path, int, int]:
    """Lines of coloured segments (a caption page with its spoken word highlighted) drawn as
    ``draw_text_png`` draws, without wrapping."""
    text = "".join(t for line in lines for t, _c in line)
    return _cached_png(("lines", lines), look, text, lambda _fx: lines)


def _cached_png(what: object, look: TextLook, text: str, layout) -> tuple[Path, int, int]:
    import hashlib

    from PIL import Image

    from ..paths import cache_dir

    plain = "".join(ch for ch in text if not is_emoji(ch))  # symbols: either font may draw
    face = choose_font(plain or "A", family=look.family, bold=look.bold)
    epath, ecolour = emoji_font()
    key = hashlib.sha1(
        f"{what}|{look}|{face}|{epath}|{ecolour}|v2".encode("utf-8", "replace")
    ).hexdigest()[:24]
    out = cache_dir("text") / f"{key}.png"
    if out.is_file():
        with Image.open(out) as im:
            return out, im.width, im.height
    fx = _Fonts(look, face, epath, ecolour)
    im = fx.draw(layout(fx))
    tmp = out.with_name(f".{out.name}.{os.getpid()}.png")
    im.save(tmp)
    os.replace(tmp, out)
    return out, im.width, im.height


@functools.lru_cache(maxsize=32)
def _em_per_size(path: str, index: int) -> float:
    """libass sizes a font so that its ascent + descent (OS/2 win metrics, else hhea) is the
    font size: the em is this share of it (0.69 for Noto Sans CJK)."""
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if Path(path).suffix.lower() in {".ttc", ".otc"}:
            font = TTCollection(path, lazy=True).fonts[index]
        else:
            font = TTFont(path, lazy=True)
        upem = font["head"].unitsPerEm
        os2 = font["OS/2"] if "OS/2" in font else None
        tall = (os2.usWinAscent + os2.usWinDescent) if os2 is not None else 0
        if tall <= 0:
            tall = font["hhea"].ascent - font["hhea"].descent
        return upem / tall if tall > 0 else 1.0
    except Exception:  # noqa: BLE001 - an odd font: its em as the size
        return 1.0


class _Fonts:
    """The text font and the emoji font of one look, with widths and drawing."""

    def __init__(self, look: TextLook, face: FontFace, epath: str, ecolour: bool) -> None:
        from PIL import ImageFont

        self.look = look
        self.size = max(4, int(look.size))  # libass size: the line pitch
        em = max(4, round(self.size * _em_per_size(face.path, face.index)))
        self.font = ImageFont.truetype(face.path, em, index=face.index)
        self.draws = _cmap(face.path, face.index)
        self.efont = None
        self.emap: frozenset[int] = frozenset()
        self.k = 1.0  # emoji font pixels -> canvas pixels
        self.ecolour = ecolour
        if epath:
            # a colour font is drawn at one of its bitmap strikes (CBDT/sbix have fixed sizes:
            # Noto's 109, Apple's 160/96/64...; COLR scales to any) and scaled to the text
            sizes = (EMOJI_STRIKE, 160, 96, 64, 48, 40, 32) if ecolour else (em,)
            for strike in sizes:
                try:
                    self.efont, self.k = ImageFont.truetype(epath, strike), em / strike
                    self.emap = _cmap(epath, 0)
                    break
                except OSError:
                    continue
            if self.efont is None:
                _warn_once("load", f"The emoji font {epath} cannot be loaded: emoji are left out.")

    def runs(self, text: str) -> list[tuple[str, str]]:
        return text_runs(text, self.draws, self.emap)

    def width(self, text: str) -> float:
        total = 0.0
        for kind, run in self.runs(text):
            if kind == "emoji" and self.efont is not None:
                total += self.efont.getlength(run) * self.k
            elif kind == "text":
                total += self.font.getlength(run)
        return total

    def wrap(self, text: str, max_width: int) -> list[list[Segment]]:
        """The text's own breaks, then greedy wrapping (words; CJK and emoji one by one)."""
        import re

        lines: list[list[Segment]] = []
        for para in text.replace("\\N", "\n").split("\n"):
            tokens = re.findall(r"[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\s+|.", para)
            line = ""
            for tok in tokens:
                cand = line + tok
                if line.strip() and self.width(cand.rstrip()) > max_width:
                    lines.append([(line.strip(), "")])
                    line = tok.lstrip()
                else:
                    line = cand
            lines.append([(line.strip(), "")])
        return lines

    def draw(self, lines: list[list[Segment]]):
        from PIL import Image, ImageDraw

        look = self.look
        font, efont, k = self.font, self.efont, self.k
        ascent, descent = font.getmetrics()
        pitch = max(self.size, ascent + descent)
        outline = max(0.0, look.outline)
        shadow = max(0.0, look.shadow)
        pad = int(math.ceil(outline + shadow)) + 2
        widths = [sum(self.width(t) for t, _c in line) for line in lines]
        w = int(math.ceil(max(widths, default=1))) + 2 * pad
        h = pitch * len(lines) + 2 * pad
        layer = Image.new("RGBA", (max(2, w), max(2, h)), (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        stroke = 0 if look.box else int(round(outline))
        stroke_fill = _rgba(look.outline_color)
        for i, line in enumerate(lines):
            top = pad + i * pitch
            base = top + (pitch - (ascent + descent)) / 2 + ascent
            x = (w - widths[i]) / 2
            if look.box and widths[i] > 0:
                b = outline
                draw.rectangle(
                    [x - b, top - b / 2, x + widths[i] + b, top + pitch + b / 2],
                    fill=_rgba(look.box_color),
                )
            for seg_text, seg_colour in line:
                fill = _rgba(seg_colour or look.color)
                for kind, run in self.runs(seg_text):
                    if kind == "text":
                        draw.text(
                            (x, base), run, font=font, fill=fill, anchor="ls",
                            stroke_width=stroke, stroke_fill=stroke_fill,
                        )  # fmt: skip
                        x += font.getlength(run)
                    elif efont is not None and self.ecolour:  # a colour strike, scaled
                        ea, ed = efont.getmetrics()
                        ew = int(math.ceil(efont.getlength(run))) + 2
                        strike = Image.new("RGBA", (ew, ea + ed), (0, 0, 0, 0))
                        ImageDraw.Draw(strike).text(
                            (0, ea), run, font=efont, anchor="ls", embedded_color=True
                        )
                        sw, sh = max(1, round(ew * k)), max(1, round((ea + ed) * k))
                        strike = strike.resize((sw, sh), Image.Resampling.LANCZOS)
                        layer.alpha_composite(strike, (int(round(x)), int(round(base - ea * k))))
                        x += efont.getlength(run) * k
                    elif efont is not None:  # a monochrome symbol font at the text's size
                        draw.text(
                            (x, base), run, font=efont, fill=fill, anchor="ls",
                            stroke_width=stroke, stroke_fill=stroke_fill,
                        )  # fmt: skip
                        x += efont.getlength(run)
        if shadow > 0 and not look.box:
            alpha = layer.getchannel("A").point(lambda v: v // 2)
            shade = Image.new("RGBA", layer.size, (0, 0, 0, 0))
            shade.paste((0, 0, 0, 255), (round(shadow), round(shadow)), alpha)
            layer = Image.alpha_composite(shade, layer)
        return layer
