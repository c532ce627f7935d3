"""Stills are normalised once before they enter a graph: EXIF rotation applied, first frame of an
animated file, RGB, and scaled down to just cover the canvas (a 24-megapixel photo is decoded once
by Pillow instead of at every frame). The file gets a plain name, so no image2 pattern (``%03d``)
or misleading extension can trip ffmpeg. Results are cached by source identity and canvas size.
"""

from __future__ import annotations

import hashlib
import math
import os
import threading
from pathlib import Path

from ..core.errors import MediaError
from ..paths import cache_dir

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


def normalized_still(path: str, width: int, height: int) -> str:
    """A JPEG (or PNG when the source has transparency) that covers width x height."""
    key = _key(path, width, height)
    folder = cache_dir("stills")
    with keyed_lock(key):
        for ext in (".jpg", ".png"):
            cached = folder / f"{key}{ext}"
            if cached.is_file():
                return str(cached)
        return _normalize(path, width, height, folder / key)


def _normalize(path: str, width: int, height: int, base: Path) -> str:
    from PIL import Image, ImageOps

    try:
        with Image.open(path) as im:
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


# ----------------------------------------------------------------------------- plane sheets
SHEET_VERSION = 2
# BT.709 luma weights; limited ("tv") range, as graph.py's _to_bt709 makes clips
_KR, _KB = 0.2126, 0.0722
_ROWS = 256  # rows converted at a time (a 4K canvas' 2x still is 33 megapixels)


def sheet_size(width: int, height: int) -> tuple[int, int]:
    """The size of a plane sheet (a grey picture) for a width x height picture."""
    return width, height + height // 2


def plane_sheet(path: str, width: int, height: int, focus_x: float, focus_y: float) -> str:
    """The still cropped to the canvas' shape around its focus and scaled to exactly width x
    height, in BT.709 limited-range 4:2:0, as one grey picture (``sheet_size``): the luma plane
    on top, below it the Cb plane and the Cr plane side by side, as raw bytes.

    The graph reads it as one ``rawvideo`` frame and cuts the planes out with ``crop`` (no
    copy), so a still enters the graph as one buffer in its final form: no JPEG decode, no 2x
    resize and no two colour conversions in every window that shows it, and no per-filter
    frame pools holding 4:4:4 and 4:2:0 copies of it for the whole render (the fit chain held
    ~70 MB per 2x still, extracting the planes ~45 MB more). Cached like ``normalized_still``.
    """
    if width % 2 or height % 2:
        raise ValueError("plane sheets need an even width and height")
    src = normalized_still(path, width, height)
    st = os.stat(src)
    raw = f"{src}|{st.st_size}|{st.st_mtime_ns}|{width}x{height}|{focus_x:.4f},{focus_y:.4f}"
    key = hashlib.sha1(f"{raw}|sheet{SHEET_VERSION}".encode()).hexdigest()[:20]
    out = cache_dir("stills") / f"{key}.gray"
    with keyed_lock(key):
        if out.is_file():
            return str(out)
        tmp = out.with_name(f"{out.name}.{os.getpid()}-{threading.get_ident()}.tmp")
        try:
            _write_sheet(src, width, height, focus_x, focus_y, tmp)
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
    return str(out)


def _write_sheet(src: str, width: int, height: int, fx: float, fy: float, out: Path) -> None:
    import numpy as np
    from PIL import Image

    with Image.open(src) as im:
        im = im.convert("RGB")
        iw, ih = im.size
        # the same crop as graph.py's "fill": the canvas' shape, even sizes, at the focus
        cw = int(min(iw, ih * width / height) / 2) * 2
        ch = int(min(ih, iw * height / width) / 2) * 2
        x, y = round((iw - cw) * fx), round((ih - ch) * fy)  # as ffmpeg's crop (lrint)
        im = im.resize((width, height), Image.Resampling.BICUBIC, box=(x, y, x + cw, y + ch))
        rgb = np.asarray(im)
    with open(out, "wb") as fh:
        luma = np.empty((height, width), np.uint8)
        cb = np.empty((height // 2, width // 2), np.uint8)
        cr = np.empty_like(cb)
        for r0 in range(0, height, _ROWS):
            block = rgb[r0 : r0 + _ROWS].astype(np.float32)
            r, g, b = block[..., 0], block[..., 1], block[..., 2]
            yy = _KR * r + (1 - _KR - _KB) * g + _KB * b
            luma[r0 : r0 + _ROWS] = np.clip(np.rint(16 + yy * (219 / 255)), 16, 235)
            # chroma of each 2x2 block (sited at its centre)
            hb = block.shape[0] // 2
            q = block[: 2 * hb].reshape(hb, 2, width // 2, 2, 3).mean(axis=(1, 3))
            qy = _KR * q[..., 0] + (1 - _KR - _KB) * q[..., 1] + _KB * q[..., 2]
            c0 = r0 // 2
            cb[c0 : c0 + hb] = np.clip(
                np.rint(128 + (q[..., 2] - qy) / (2 * (1 - _KB)) * (224 / 255)), 16, 240
            )
            cr[c0 : c0 + hb] = np.clip(
                np.rint(128 + (q[..., 0] - qy) / (2 * (1 - _KR)) * (224 / 255)), 16, 240
            )
        fh.write(luma.tobytes())
        fh.write(np.concatenate([cb, cr], axis=1).tobytes())


def still_dir() -> Path:
    return cache_dir("stills")
