"""Where things live: bundled resources, UI files and the user's data.

Every path goes through here so the app works from a source tree, an installed wheel and a
PyInstaller bundle alike. ``SHORTVID_HOME`` overrides the user data dir (tests, portable use).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:  # inside a PyInstaller bundle
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


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


def database_path() -> Path:
    return user_data_dir() / "shortvid.sqlite3"
