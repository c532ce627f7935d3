"""Stickers: emoji drawn to transparent PNGs (a colour emoji font when the system has one,
else a font's monochrome glyphs, white with a dark outline) and picture files (PNG, WebP,
GIF) put on the overlay track at the playhead as one undo step."""

from __future__ import annotations

import glob
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import BadInputError
from ..core.model import Project
from ..edits.commands.assets import AssetAddCommand
from ..edits.commands.text import TextAddCommand
from ..edits.stack import Command
from ..media.importer import asset_from_path
from ..paths import resources_dir, user_data_dir

EMOJI = ("😀", "😂", "😍", "❤", "👍", "🔥", "⭐", "🎉", "✅", "✨", "💡", "💯", "☺", "☀", "★")
STICKER_EXTS = (".png", ".webp", ".gif")
PX = 256  # an emoji sticker's side in pixels

_COLOUR_FONTS = (
    "/usr/share/fonts/**/NotoColorEmoji*.ttf",
    "/usr/local/share/fonts/**/NotoColorEmoji*.ttf",
    os.path.expanduser("~/.local/share/fonts/**/NotoColorEmoji*.ttf"),
    "C:/Windows/Fonts/seguiemj.ttf",
    "/System/Library/Fonts/Apple Color Emoji.ttc",
)
_MONO_FONTS = (
    "/usr/share/fonts/**/DejaVuSans.ttf",
    "/usr/share/fonts/**/Symbola*.ttf",
    "C:/Windows/Fonts/seguisym.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
)


@dataclass(frozen=True)
class EmojiFont:
    path: str
    colour: bool  # False: monochrome glyphs (no colour emoji font on this machine)
    chars: frozenset[str]  # the EMOJI it draws


def _first(patterns: tuple[str, ...]) -> str:
    for pattern in patterns:
        hits = sorted(glob.glob(pattern, recursive=True))
        if hits:
            return hits[0]
    return ""


def _covered(path: str) -> frozenset[str]:
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(path, fontNumber=0, lazy=True)
        cmap = font.getBestCmap() or {}
    except Exception:  # noqa: BLE001 - an unreadable font draws nothing
        return frozenset()
    return frozenset(ch for ch in EMOJI if ord(ch) in cmap)


def emoji_font() -> EmojiFont | None:
    """The font emoji stickers are drawn with: resources/fonts' or the system's colour emoji
    font, else a monochrome one; None when there is neither."""
    bundled = sorted(glob.glob(str(resources_dir() / "fonts" / "*moji*.tt[fc]")))
    for path, colour in (
        (bundled[0] if bundled else "", True),
        (_first(_COLOUR_FONTS), True),
        (_first(_MONO_FONTS), False),
    ):
        if path:
            chars = _covered(path)
            if chars:
                return EmojiFont(path, colour, chars)
    return None


def emoji_png(ch: str, font: EmojiFont | None = None) -> Path:
    """``ch`` drawn on a transparent PNG (kept in the user's data folder, made once)."""
    from PIL import Image, ImageDraw, ImageFont

    font = font or emoji_font()
    if font is None or ch not in font.chars:
        raise BadInputError(
            f"No font on this computer draws the emoji {ch!r}. Install Noto Color Emoji "
            "(fonts-noto-color-emoji) or put an emoji font in resources/fonts.",
            path=ch,
        )
    tag = hashlib.sha1(f"{ch}|{font.path}".encode()).hexdigest()[:12]
    out = user_data_dir() / "stickers" / f"emoji_{tag}.png"
    if out.is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    if font.colour:
        size = 109 if "NotoColorEmoji" in font.path else PX * 3 // 4
        face = ImageFont.truetype(font.path, size)
        im = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(im).text((size // 2, size // 2), ch, font=face, embedded_color=True)
    else:
        face = ImageFont.truetype(font.path, PX * 3 // 4)
        stroke = PX // 24
        im = Image.new("RGBA", (PX * 2, PX * 2), (0, 0, 0, 0))
        ImageDraw.Draw(im).text(
            (PX // 2, PX // 2),
            ch,
            font=face,
            fill=(255, 255, 255, 255),
            stroke_width=stroke,
            stroke_fill=(20, 20, 20, 255),
        )
    box = im.getbbox()
    if box is None:
        raise BadInputError(f"The font {font.path} draws nothing for {ch!r}.", path=font.path)
    im = im.crop(box)
    scale = PX / max(im.size)
    im = im.resize((max(1, round(im.width * scale)), max(1, round(im.height * scale))))
    tmp = out.with_suffix(".part.png")
    im.save(tmp)
    os.replace(tmp, out)
    return out


def sticker_commands(project: Project, path: str | Path, at_us: int) -> tuple[list[Command], str]:
    """The steps putting the picture at ``path`` on the overlay track at ``at_us`` (its asset
    added unless the project has it), and the new clip's id."""
    p = Path(path)
    if p.suffix.lower() not in STICKER_EXTS:
        raise BadInputError(
            f"{p.name} is not a sticker picture: use a PNG, WebP or GIF file.", path=str(p)
        )
    asset = asset_from_path(p)
    if asset.kind not in ("image", "video"):
        raise BadInputError(f"{p.name} is not a picture.", path=str(p))
    same = next((a for a in project.assets.values() if a.content_hash == asset.content_hash), None)
    commands: list[Command] = []
    if same is None:
        commands.append(AssetAddCommand(asset))
    else:
        asset = same
    add = TextAddCommand(at_us, asset_id=asset.id)
    commands.append(add)
    return commands, add.clip_id


__all__ = ["EMOJI", "STICKER_EXTS", "EmojiFont", "emoji_font", "emoji_png", "sticker_commands"]
