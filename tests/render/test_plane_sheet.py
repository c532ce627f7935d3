"""Plane sheets (render/stills.plane_sheet): a "fill" still cropped, scaled and converted to
BT.709 limited-range 4:2:0 once, read by the graph as one raw grey frame."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from shortvid_desktop.core.model import KenBurns
from shortvid_desktop.render.plan import VideoSegment
from shortvid_desktop.render.stills import plane_sheet, sheet_size


def _sheet(path: str, w: int, h: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sw, sh = sheet_size(w, h)
    data = np.fromfile(path, np.uint8)
    assert data.size == sw * sh
    sheet = data.reshape(sh, sw)
    return sheet[:h], sheet[h:, : w // 2], sheet[h:, w // 2 :]


def test_a_sheet_holds_bt709_limited_planes_of_the_focused_crop(tmp_path: Path) -> None:
    # left third red, the rest blue; a 9:16 canvas cut from the 300x200 picture at focus 0
    im = Image.new("RGB", (300, 200), (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, 100, 200))
    src = tmp_path / "two.png"
    im.save(src)
    y, cb, cr = _sheet(plane_sheet(str(src), 72, 128, 0.0, 0.5), 72, 128)
    assert y.shape == (128, 72) and cb.shape == cr.shape == (64, 36)
    # the crop is 112x200 from x=0: red on its left 100/112, blue on the right
    red, blue = (slice(None), slice(2, 50)), (slice(None), slice(70, 72))
    assert abs(int(np.median(y[red])) - 63) <= 1  # BT.709 limited red: Y 63, Cb 102, Cr 240
    assert abs(int(np.median(cb[:, 1:25])) - 102) <= 1
    assert abs(int(np.median(cr[:, 1:25])) - 240) <= 1
    assert abs(int(np.median(y[blue])) - 32) <= 1  # blue: Y 32, Cb 240, Cr 118
    assert abs(int(np.median(cr[:, 35:])) - 118) <= 2
    # focus 1: the crop comes from the right, all blue
    y2, _cb, _cr = _sheet(plane_sheet(str(src), 72, 128, 1.0, 0.5), 72, 128)
    assert abs(int(np.median(y2)) - 32) <= 1


def test_a_moving_fill_still_renders_from_its_sheet(tmp_path: Path) -> None:
    """The graph reads a Ken Burns "fill" still as a raw sheet (no JPEG decode in the graph)
    and the first frame shows the still's colour."""
    import ffmpeg

    from shortvid_desktop.media.ffmpeg import ffmpeg_exe
    from shortvid_desktop.render.export import _compile
    from shortvid_desktop.render.graph import _segment_stream

    src = tmp_path / "green.png"
    Image.new("RGB", (200, 300), (0, 200, 0)).save(src)
    seg = VideoSegment("image", str(src), 0, 4, fit="fill", ken_burns=KenBurns("zoom_in", 0.2))
    v = _segment_stream(seg, 10, 64, 112).filter("format", "rgb24")
    args = _compile(ffmpeg.output(v, "pipe:1", f="rawvideo", **{"frames:v": 1}))
    assert "rawvideo" in args and not any(a.endswith((".jpg", ".png")) for a in args)
    import subprocess

    out = subprocess.run([ffmpeg_exe(), "-v", "error", *args], capture_output=True, check=True)
    frame = np.frombuffer(out.stdout, np.uint8).reshape(112, 64, 3)
    assert abs(int(frame[..., 1].mean()) - 200) <= 4 and frame[..., 0].mean() < 8


def test_a_sheet_is_found_again_after_its_still_was_used(tmp_path: Path) -> None:
    """A cache hit marks the still used (its access time, for the caches' size keeping) and
    leaves its modification time, which the sheet's key holds: the second export of a
    picture reads the sheet the first one made."""
    import os

    from shortvid_desktop.render.stills import normalized_still

    src = tmp_path / "p.png"
    Image.new("RGB", (300, 200), (10, 200, 30)).save(src)
    first = plane_sheet(str(src), 72, 128, 0.5, 0.5)
    still = normalized_still(str(src), 72, 128)
    before = os.stat(still)
    os.utime(still, ns=(before.st_atime_ns - 10**9, before.st_mtime_ns))  # used a second ago
    made = os.stat(first).st_mtime_ns
    again = plane_sheet(str(src), 72, 128, 0.5, 0.5)
    assert again == first and os.stat(again).st_mtime_ns == made  # not made anew
    after = os.stat(still)
    assert after.st_mtime_ns == before.st_mtime_ns
    assert after.st_atime_ns > before.st_atime_ns - 10**9  # the hit counted as a use
