"""Where things live: bundled resources, UI files and the user's data.

Every path goes through here so the app works from a source tree, an installed wheel and a
PyInstaller bundle alike. ``SHORTVID_HOME`` overrides the user data dir (tests, portable use).
"""

from __future__ import annotations

import importlib.resources
import os
import sys
from pathlib import Path


def bundle_dir() -> Path | None:
    """The folder of a PyInstaller bundle's data (``sys._MEIPASS``); None when not frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else None


def _source_tree() -> Path | None:
    """The checkout this package runs from (``pip install -e .`` or the source tree itself):
    the folder above the package, holding ``pyproject.toml``; None in an installed wheel."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() else None


def _data_dir(name: str) -> Path:
    """``resources`` or ``ui``: in a PyInstaller bundle at its top; in an installed wheel (pip,
    pipx) inside the package as package data, found through ``importlib.resources``; in a
    checkout at the top of the tree. A missing folder gives the wheel's place, so the message
    about a missing file names where it should be."""
    bundle = bundle_dir()
    if bundle is not None:
        return bundle / name
    packaged = importlib.resources.files(__package__ or "shortvid_desktop").joinpath(name)
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    tree = _source_tree()
    if tree is not None and (tree / name).is_dir():
        return tree / name
    return Path(str(packaged))


def resources_dir() -> Path:
    """Templates, sample media, icons (the repository's ``resources/``); ``SHORTVID_RESOURCES``
    overrides it."""
    env = os.environ.get("SHORTVID_RESOURCES")
    if env:
        return Path(env)
    return _data_dir("resources")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def ui_dir() -> Path:
    """The style sheet and the compiled translations (the repository's ``ui/``)."""
    return _data_dir("ui")


def user_data_dir() -> Path:
    env = os.environ.get("SHORTVID_HOME")
    if env:
        path = Path(env)
    else:
        from platformdirs import user_data_path

        path = user_data_path("ShortVid", appauthor=False)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from .core.errors import DataFolderError

        if path.exists() and not path.is_dir():
            why = "a file of that name is in the way"
        else:
            why = exc.strerror or str(exc)
        raise DataFolderError(
            f"ShortVid cannot use its data folder {path}: {why}. Move that file away, fix the "
            "folder's permissions, or set SHORTVID_HOME to a folder you can write to."
        ) from None
    return path


# Below this much free space a cache would fail half-way through a write: use a scratch folder.
MIN_FREE_BYTES = 64 * 1024 * 1024
_scratch: Path | None = None
_degraded: list[str] = []


def cache_dir(*parts: str) -> Path:
    """A cache folder under the data folder. When that cannot be written (a read-only or full
    drive), a scratch folder for this run instead, removed when the run ends: the work goes on
    without caches (slower), and ``degraded_notices()`` says so."""
    try:
        path = user_data_dir().joinpath("cache", *parts)
        path.mkdir(parents=True, exist_ok=True)
        if not os.access(path, os.W_OK):
            raise PermissionError(13, "not writable", str(path))
        if _free_bytes(path) < MIN_FREE_BYTES:
            raise OSError(28, "the drive is (nearly) full", str(path))
        return path
    except OSError as exc:
        path = _scratch_cache(exc).joinpath(*parts)
        path.mkdir(parents=True, exist_ok=True)
        return path


def _free_bytes(path: Path) -> int:
    import shutil

    try:
        return shutil.disk_usage(path).free
    except OSError:
        return MIN_FREE_BYTES  # unknown: assume there is room


def _scratch_cache(exc: OSError) -> Path:
    global _scratch
    if _scratch is None:
        import atexit
        import shutil
        import tempfile

        _scratch = Path(tempfile.mkdtemp(prefix="shortvid-cache-"))
        atexit.register(shutil.rmtree, _scratch, True)
        why = exc.strerror or str(exc)
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        _degraded.append(
            f"The data folder cannot be written{where}: {why}. Working without caches this "
            "time (slower); free some space or fix the folder's permissions."
        )
    return _scratch


def degraded_notices() -> list[str]:
    """What this run does without (caches, history) because the data folder is unwritable."""
    return list(_degraded)


def packed_ffmpeg_manifest() -> Path | None:
    """The bundle's manifest of its xz-packed ffmpeg (``media/ffmpeg.py`` unpacks it on first use
    into ``cache_dir("ffmpeg")``); None outside a bundle or in one built with the plain binary."""
    bundle = bundle_dir()
    if bundle is None:
        return None
    manifest = bundle / "shortvid_ffmpeg" / "ffmpeg.json"
    return manifest if manifest.is_file() else None


def database_path() -> Path:
    return user_data_dir() / "shortvid.sqlite3"
