"""Stills are normalised once before they enter a graph: EXIF rotation applied, first frame of an
animated file, RGB, and scaled down to just cover the canvas (a 24-megapixel photo is decoded once
by Pillow instead of at every frame). The file gets a plain name, so no image2 pattern (``%03d``)
or misleading extension can trip ffmpeg. Results are cached by source identity and canvas size.
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import MediaError
from ..paths import cache_dir

if TYPE_CHECKING:
    from PIL import Image

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def keyed_lock(key: str) -> threading.Lock:
    """One lock per cache entry: threads wanting the same file (the windows of a parallel export,
    a preview and an export) make it once, the others wait (off the GIL) and reuse it."""
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


def _key(path: str, width: int, height: int) -> str:
    st = os.stat(path)
    raw = f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}|{width}x{height}|v1"
    return hashlib.sha1(raw.encode("utf-8", "surrogateescape")).hexdigest()[:20]


def used(path: Path) -> str:
    """A cache hit: the file's access time set to now, so that the caches' size keeping
    (``session.housekeeping.prune_media_caches``, by the later of access and modification)
    deletes the least recently used first. Its modification time stays: a plane sheet's key
    holds its still's, so moving it made every sheet anew at each use."""
    try:
        os.utime(path, ns=(time.time_ns(), os.stat(path).st_mtime_ns))
    except OSError:
        pass  # a read-only cache still serves
    return str(path)


def normalized_still(path: str, width: int, height: int) -> str:
    """A JPEG (or PNG when the source has transparency) that covers width x height."""
    key = _key(path, width, height)
    folder = cache_dir("stills")
    with keyed_lock(key):
        for ext in (".jpg", ".png"):
            cached = folder / f"{key}{ext}"
            if cached.is_file():
                return used(cached)
        return _normalize(path, width, height, folder / key)


def _normalize(path: str, width: int, height: int, base: Path) -> str:
    from PIL import Image, ImageOps

    try:
        with Image.open(path) as im:
            if _usable_as_is(im, width, height):
                # its bytes, not a decode and a second JPEG: ~0.05 CPU-s a 1080x1920 picture,
                # and no generation lost (the samples, a screenshot, a picture already small)
                out = base.with_name(f"{base.name}.jpg")
                tmp = out.with_name(f"{out.name}.{os.getpid()}-{threading.get_ident()}.tmp")
                shutil.copyfile(path, tmp)
                os.replace(tmp, out)
                return str(out)
            im.seek(0)
            im = ImageOps.exif_transpose(im)
            has_alpha = im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info)
            im = im.convert("RGBA" if has_alpha else "RGB")
            w, h = im.size
            factor = max(width / w, height / h)
            if factor < 1.0:
                size = (max(1, math.ceil(w * factor)), max(1, math.ceil(h * factor)))
                im = im.resize(size, Image.Resampling.LANCZOS)
            out = base.with_name(f"{base.name}{'.png' if has_alpha else '.jpg'}")
            # a name of its own: windows of a parallel export may normalise the same still
            tmp = out.with_name(f"{out.name}.{os.getpid()}-{threading.get_ident()}.tmp")
            if has_alpha:
                im.save(tmp, format="PNG", compress_level=1)
            else:
                im.save(tmp, format="JPEG", quality=94, subsampling=0)
            os.replace(tmp, out)
            return str(out)
    except FileNotFoundError:
        raise MediaError(f"Media file not found: {path}", path=path) from None
    except OSError as exc:
        raise MediaError(
            f"The image {path} cannot be decoded ({exc}). Re-save it as JPEG or PNG.", path=path
        ) from None


def _usable_as_is(im: Image.Image, width: int, height: int) -> bool:
    """A plain RGB JPEG, upright (no EXIF rotation), no larger than it needs to be to cover
    width x height: what ``_normalize`` would write is the picture as it is."""
    try:
        w, h = im.size
        return (
            im.format == "JPEG"
            and im.mode == "RGB"
            and im.getexif().get(0x0112, 1) == 1
            and max(width / w, height / h) >= 1.0
        )
    except Exception:  # noqa: BLE001 - odd metadata: decode it as any other picture
        return False


# ----------------------------------------------------------------------------- plane sheets
SHEET_VERSION = 4


def sheet_size(width: int, height: int) -> tuple[int, int]:
    """The size of a plane sheet (a grey picture) for a width x height picture."""
    return width, height + height // 2


def plane_sheet(path: str, width: int, height: int, focus_x: float, focus_y: float) -> str:
    """The still cropped to the canvas' shape around its focus and scaled to exactly width x
    height, in BT.709 limited-range 4:2:0, as one grey picture (``sheet_size``): the luma plane
    on top, below it the Cb plane and the Cr plane side by side, as raw bytes.

    The graph reads it as one ``rawvideo`` frame and cuts the planes out with ``crop`` (no
    copy), so a still enters the graph as one buffer in its final form: no JPEG decode, no 2x
    resize and no two colour passes in every window that shows it, and no per-filter frame
    pools holding 4:4:4 and 4:2:0 copies of it for the whole render (the fit chain held ~70 MB
    per 2x still, extracting the planes ~45 MB more). Made once by ffmpeg with graph.py's fill
    filters, the scale and the colour conversion in one pass; cached like ``normalized_still``.
    """
    if width % 2 or height % 2:
        raise ValueError("plane sheets need an even width and height")
    src = normalized_still(path, width, height)
    st = os.stat(src)
    raw = f"{src}|{st.st_size}|{st.st_mtime_ns}|{width}x{height}|{focus_x:.4f},{focus_y:.4f}"
    key = hashlib.sha1(f"{raw}|sheet{SHEET_VERSION}".encode()).hexdigest()[:20]
    made = _gray_once(key, lambda tmp: _write_sheet(src, width, height, focus_x, focus_y, tmp))
    assert made is not None
    return made


def _gray_once(key: str, write: Callable[[Path], None] | None) -> str | None:
    """The cached grey picture ``<key>.gray``: found, or written once by ``write(tmp)`` under
    the key's lock and renamed into place only when complete; with ``write`` None, the cached
    file or None."""
    out = cache_dir("stills") / f"{key}.gray"
    with keyed_lock(key):
        if out.is_file():
            return used(out)
        if write is None:
            return None
        tmp = out.with_name(f"{out.name}.{os.getpid()}-{threading.get_ident()}.tmp")
        try:
            write(tmp)
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
    return str(out)


def _write_sheet(src: str, w: int, h: int, fx: float, fy: float, out: Path) -> None:
    from ..media.ffmpeg import run_ffmpeg

    # graph.py's "fill" (crop to the canvas' shape at the focus, bicubic scale) with its BT.709
    # limited-range conversion in the same scaler pass, then the planes laid out as one grey
    # frame. (As two scale filters, like the graph's, a JPEG's full-range BT.601 went through
    # a full-size RGB picture and a plain-C RGB->4:2:0 converter: 0.18-0.20 CPU-s a 2420x4300
    # sheet against 0.08-0.09, pixels within 51 dB PSNR of it.)
    cw, ch = f"trunc(min(iw\\,ih*{w}/{h})/2)*2", f"trunc(min(ih\\,iw*{h}/{w})/2)*2"
    graph = (
        f"[0:v]crop=w={cw}:h={ch}:x=(iw-ow)*{fx:.4f}:y=(ih-oh)*{fy:.4f},"
        f"scale=w={w}:h={h}:flags=bicubic:out_color_matrix=bt709:out_range=tv,"
        "format=yuv420p,extractplanes=y+u+v[y][u][v];[u][v]hstack=inputs=2[uv];"
        "[y][uv]vstack=inputs=2,format=gray"
    )
    args = ["-i", src, "-filter_complex", graph, "-frames:v", "1"]
    run_ffmpeg([*args, "-f", "rawvideo", "-pix_fmt", "gray", str(out)])
    if out.stat().st_size != w * (h + h // 2):
        raise MediaError(f"The image {src} could not be prepared for the render.", path=src)


def still_dir() -> Path:
    return cache_dir("stills")


def derived_sheet(
    sheet: str, tag: str, make: Callable[[str], None] | None, size: int | None = None
) -> str | None:
    """A grey picture made from a plane sheet (or a normalised still) by ``make(out_path)``
    (graph.py: a zoom's phase pictures, a fitted still's sheet), cached like the sheet and keyed
    by it (its name, size and modification time) and ``tag``: made once, then read by every
    window and preview frame. ``size``: its size in bytes (default: the sheet's). With
    ``make`` None: the cached file, or None."""
    st = os.stat(sheet)
    raw = f"{sheet}|{st.st_size}|{st.st_mtime_ns}|{tag}"
    key = hashlib.sha1(raw.encode()).hexdigest()[:20]
    if make is None:
        return _gray_once(key, None)
    expect = st.st_size if size is None else size

    def write(tmp: Path) -> None:
        make(str(tmp))
        if tmp.stat().st_size != expect:
            raise MediaError(f"The image {sheet} could not be prepared for the render.", path=sheet)

    return _gray_once(key, write)
