"""The media caches keep to their size: least recently used first, never a file used in the
last hour, never another cache's files or a partial file; a cache hit counts as a use."""

from __future__ import annotations

import os
import time
from pathlib import Path

from shortvid_desktop.paths import user_data_dir
from shortvid_desktop.render.stills import normalized_still
from shortvid_desktop.session.housekeeping import prune_media_caches, sweep_leftovers

MB = 1024 * 1024


def _file(folder: str, name: str, size: int, age_s: float) -> Path:
    path = user_data_dir() / "cache" / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0" * size)
    t = time.time() - age_s
    os.utime(path, (t, t))
    return path


def test_least_recently_used_go_first_until_the_caches_fit(monkeypatch) -> None:
    oldest = _file("stills", "a.jpg", MB, 5 * 3600)
    older = _file("proxies", "b.mp4", MB, 4 * 3600)
    old = _file("stills", "c.gray", MB, 3 * 3600)
    recent = _file("proxies", "d.mp4", MB, 60)  # used a minute ago
    partial = _file("stills", "e.jpg.123-456.tmp", MB, 9 * 3600)
    voice = _file("voice", "f.wav", 5 * MB, 9 * 3600)  # not a media cache
    monkeypatch.setenv("SHORTVID_CACHE_LIMIT_MB", "2.5")  # (the start of every command)
    removed = sweep_leftovers()
    assert oldest in removed and older in removed  # 4 MB -> 2 MB
    assert old.exists() and recent.exists() and partial.exists() and voice.exists()
    # over a limit of nothing, only what was used in the last hour stays
    assert prune_media_caches(limit_bytes=0) == [old]
    assert recent.exists() and partial.exists() and voice.exists()


def test_a_cache_hit_is_a_use(media, monkeypatch) -> None:
    still = normalized_still(str(media.image("hk.png", "64x48")), 32, 24)
    t = time.time() - 5 * 3600
    os.utime(still, (t, t))
    assert normalized_still(str(media.image("hk.png", "64x48")), 32, 24) == still  # a hit
    st = os.stat(still)
    assert time.time() - st.st_atime < 600  # used now
    assert abs(st.st_mtime - t) < 1  # made then (a plane sheet's key holds it)
    assert prune_media_caches(limit_bytes=0) == []  # just used: it stays
