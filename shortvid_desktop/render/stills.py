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


def still_dir() -> Path:
    return cache_dir("stills")
