"""A moving "fit_pad"/"fit_blur" still (render/graph._fitted_sheet) is fitted once by the graph's
own ``_fit`` chain at twice the canvas and cached as a plane sheet, like a "fill" still: its
frames are the same bytes as fitting it in every window's graph (the graph before 2026-12-07),
and a second render reads the same file without making it again."""

from __future__ import annotations

import subprocess
from pathlib import Path

import ffmpeg
import numpy as np
import pytest
from PIL import Image, ImageDraw

from shortvid_desktop.core.model import KenBurns
from shortvid_desktop.media.ffmpeg import ffmpeg_exe
from shortvid_desktop.render import graph
from shortvid_desktop.render.export import _compile
from shortvid_desktop.render.plan import VideoSegment

FPS, W, H = 30, 64, 112


def _frames(stream, n: int) -> np.ndarray:
    args = _compile(ffmpeg.output(stream, "pipe:1", f="rawvideo", pix_fmt="yuv420p"))
    out = subprocess.run([ffmpeg_exe(), "-v", "error", *args], capture_output=True, check=True)
    return np.frombuffer(out.stdout, np.uint8).reshape(n, W * H * 3 // 2)


def _fitted_in_the_graph(seg: VideoSegment):
    """The segment as the graph drew it before: the still decoded and fitted at 2x in the graph,
    its planes extracted, then moved (a zoom over phases scaled in the graph)."""
    still = graph._still(seg, FPS, W, H)
    planes = graph._still_planes(still, 1)[0]
    if graph._zooms(seg):
        return graph._ken_burns(graph._zoom_parts(planes, W, H, 1)[0], seg, W, H, FPS)
    return graph._ken_burns(planes, seg, W, H, FPS)


@pytest.fixture
def landscape(tmp_path: Path) -> Path:
    src = tmp_path / "wide.png"
    im = Image.new("RGB", (400, 240), (30, 90, 200))
    draw = ImageDraw.Draw(im)
    draw.ellipse((120, 40, 300, 220), fill=(240, 200, 40))
    draw.rectangle((10, 10, 60, 200), fill=(200, 30, 30))
    im.save(src)
    return src


@pytest.mark.parametrize("fit", ["fit_blur", "fit_pad"])
@pytest.mark.parametrize("mode", ["zoom_in", "pan_left", "pan_up"])
def test_a_moving_fitted_still_renders_from_its_sheet_with_the_same_pixels(
    landscape: Path, fit: str, mode: str
) -> None:
    seg = VideoSegment(
        "image", str(landscape), 0, 12, fit=fit, pad_color="#203040", ken_burns=KenBurns(mode, 0.2)
    )
    sheet = graph.picture_file(seg, W, H)
    assert sheet.endswith(".gray") and Path(sheet).is_file()
    v = graph._segment_stream(seg, FPS, W, H)
    args = _compile(ffmpeg.output(v, "pipe:1", f="rawvideo", pix_fmt="yuv420p"))
    assert "gblur" not in args[args.index("-filter_complex") + 1], "fitted once, not per window"
    new = _frames(v, seg.frames)
    old = _frames(_fitted_in_the_graph(seg), seg.frames)
    assert np.array_equal(new, old)
    assert new[0].std() > 5 and not np.array_equal(new[0], new[-1]), "a picture that moves"


def test_a_fitted_sheet_is_made_once(landscape: Path) -> None:
    seg = VideoSegment(
        "image", str(landscape), 0, 12, fit="fit_blur", ken_burns=KenBurns("pan_right", 0.2)
    )
    first = graph.picture_file(seg, W, H)
    made = Path(first).stat().st_mtime_ns
    assert graph.picture_file(seg, W, H) == first
    assert Path(first).stat().st_mtime_ns == made
    # another look (the pad colour of a "fit_pad") is another sheet
    pad = VideoSegment(
        "image", str(landscape), 0, 12, fit="fit_pad", pad_color="#ff0000",
        ken_burns=KenBurns("pan_right", 0.2),
    )  # fmt: skip
    assert graph.picture_file(pad, W, H) != first
