"""Work done at the start of every command and of the window."""

from __future__ import annotations

from pathlib import Path

from ..render.process import sweep_leftovers as _sweep
from .history import flush_pending_history


def warm_up() -> None:
    """Work the first export of a run does once, done ahead on a worker while the window is
    idle after start: importing the render modules (and ffmpeg-python) and reading the
    caption fonts' character maps (fontTools). Both hold the interpreter lock for tens of
    milliseconds at a time, which the window would otherwise feel just after Export."""
    from ..render import export as _export  # noqa: F401 - imported for its side effect
    from ..render import graph as _graph  # noqa: F401
    from ..render.fonts import font_report

    font_report()


def sweep_leftovers() -> list[Path]:
    """Remove the partial outputs and work folders that killed runs left (only ours: each is
    named in a marker its run wrote in the data folder, and its process is gone), keep the
    media caches to their size (``prune_media_caches``), and record export history that had
    to wait for a busy database."""
    try:
        removed = _sweep()
    except OSError:  # housekeeping never stops a command
        removed = []
    try:
        removed += prune_media_caches()
    except OSError:
        pass
    try:
        flush_pending_history()
    except Exception:  # noqa: BLE001 - nor does a history entry that still has to wait
        pass
    return removed


# the caches made again from the media when missing: normalised stills and plane sheets, and
# the preview's small clip proxies (the playback pieces keep to a size of their own)
MEDIA_CACHES = ("stills", "proxies")
MEDIA_CACHE_LIMIT_MB = 4096  # SHORTVID_CACHE_LIMIT_MB overrides
MEDIA_CACHE_MIN_AGE_S = 3600.0  # a file used in the last hour stays (another run may read it)


def prune_media_caches(limit_bytes: int | None = None, now: float | None = None) -> list[Path]:
    """Delete the least recently used files of the media caches until they fit their limit
    together (default 4 GB, ``SHORTVID_CACHE_LIMIT_MB``). A file made or read in the last hour
    is never deleted, whatever the size: a render in another window or a batch may be about
    to open it. Returns what was deleted."""
    import os
    import time

    from ..paths import user_data_dir

    if limit_bytes is None:
        try:
            limit_mb = float(os.environ.get("SHORTVID_CACHE_LIMIT_MB", MEDIA_CACHE_LIMIT_MB))
        except ValueError:
            limit_mb = MEDIA_CACHE_LIMIT_MB
        limit_bytes = int(limit_mb * 1024 * 1024)
    now = time.time() if now is None else now
    files: list[tuple[float, int, Path]] = []
    for name in MEDIA_CACHES:
        folder = user_data_dir() / "cache" / name
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                partial = entry.name.startswith(".") or entry.name.endswith(".tmp")
                if partial or not entry.is_file(follow_symlinks=False):
                    continue  # (a partial file being written is its writer's to remove)
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            files.append((max(st.st_atime, st.st_mtime), st.st_size, Path(entry.path)))
    total = sum(size for _used, size, _path in files)
    removed: list[Path] = []
    for used, size, path in sorted(files):
        if total <= limit_bytes:
            break
        if now - used < MEDIA_CACHE_MIN_AGE_S:
            break  # the rest is newer still
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
        removed.append(path)
    return removed
