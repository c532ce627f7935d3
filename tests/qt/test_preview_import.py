"""A phone clip just dropped on the timeline shows in the preview at once: its first frame is read
from the file itself (one seek), and its small preview proxy is made afterwards as a quiet job."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from qt_helpers import wait_jobs

from shortvid_desktop.edits import TemplatePropertyCommand
from shortvid_desktop.media.ffmpeg import run_ffmpeg
from shortvid_desktop.render.window import proxy_path
from shortvid_desktop.session import Session


def test_a_dropped_clip_shows_before_its_proxy_exists(make_window, qtbot, tmp_path) -> None:
    clip = tmp_path / "phone.mp4"  # 1280x720, 30 fps, a keyframe a second
    run_ffmpeg(
        ["-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=3", "-c:v", "libx264",
         "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuv420p", str(clip)]
    )  # fmt: skip
    s = Session.new()
    with s.stack.transaction("Canvas"):
        for key, value in (("width", 720), ("height", 1280), ("fps", 30)):
            s.stack.push(TemplatePropertyCommand(key, value))
    s.stack.clear()
    window = make_window(s)
    preview = window.preview
    assert preview.scale() < 1.0  # a preview below full size: clips read through proxies
    shown: list = []
    preview.frame_shown.connect(lambda img: shown.append(proxy_path(str(clip), 960).is_file()))
    with qtbot.waitSignal(window.import_finished, timeout=60_000):
        window.importer.import_paths([str(clip)], place=("", "video", 0))
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert shown[0] is False  # the first frame came before any proxy was made
    assert preview.last_error == ""
    qtbot.waitUntil(lambda: proxy_path(str(clip), 960).is_file(), timeout=60_000)
    assert preview.proxy_jobs_started == 1  # made once, in the background
    wait_jobs(qtbot, window)
