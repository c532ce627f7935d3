"""A sound file dragged from the file manager onto the timeline goes on the Music track, not
a new "Audio" track (issue 10). A real drag under Xvfb, through the harness of test_drops.py."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from test_drops import _drag_from_file_manager, app, fresh, xserver  # noqa: F401 - fixtures
from xdrag import missing_tools

pytestmark = pytest.mark.skipif(bool(missing_tools()), reason=missing_tools() or "ok")


def test_a_sound_file_dropped_on_the_timeline_goes_on_the_music_track(
    xserver,  # noqa: F811
    fresh,  # noqa: F811
    media,
    tmp_path: Path,
) -> None:
    song = media.audio("drop_song.wav", seconds=2.0)
    action, report = _drag_from_file_manager(xserver, fresh, [song], "timeline")
    assert action == "copy" and report["added"] == ["drop_song.wav"]
    tracks = fresh.ask("state")["tracks"]
    assert [t["kind"] for t in tracks if t["clips"]] == ["music"]
