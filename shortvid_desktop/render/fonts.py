"""Finding a font that can draw the captions, and proving it before anything renders.

Search order: fonts dropped in ``resources/fonts`` (a packager's OFL font), the family the template
names (through fontconfig where present), then well-known CJK fonts on Windows, macOS and Linux,
then a Latin fallback. Each candidate's character map is read with fontTools and checked against
every character that will be drawn: a font that would show tofu boxes is never used.
"""

from __future__ import annotations

import functools
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
