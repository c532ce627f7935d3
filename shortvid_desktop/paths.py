"""Where things live: bundled resources, UI files and the user's data.

Every path goes through here so the app works from a source tree, an installed wheel and a
PyInstaller bundle alike. ``SHORTVID_HOME`` overrides the user data dir (tests, portable use).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def bundle_dir() -> Path | None:
    """The folder of a PyInstaller bundle's data (``sys._MEIPASS``); None when not frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else None


def _root() -> Path:
    return bundle_dir() or Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    env = os.environ.get("SHORTVID_RESOURCES")
    if env:
        return Path(env)
    here = _root() / "resources"
    if here.is_dir():
        return here
    return Path(sys.prefix) / "share" / "shortvid" / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def ui_dir() -> Path:
    here = _root() / "ui"
    if here.is_dir():
        return here
    return Path(sys.prefix) / "share" / "shortvid" / "ui"


def user_data_dir() -> Path:
    env = os.environ.get("SHORTVID_HOME")
    if env:
        path = Path(env)
    else:
        from platformdirs import user_data_path

        path = user_data_path("ShortVid", appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir(*parts: str) -> Path:
    path = user_data_dir().joinpath("cache", *parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


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
