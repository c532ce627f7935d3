"""A clip segment's input reads only the frames the segment shows (one frame past its end), with
the decoder threads the graph is given: the same pictures as reading further."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import ffmpeg
import numpy as np
import pytest

from shortvid_desktop.core.model import Asset, Clip, Project
from shortvid_desktop.media.ffmpeg import ffmpeg_exe, run_ffmpeg
from shortvid_desktop.render.export import _compile
from shortvid_desktop.render.graph import video_graph
from shortvid_desktop.render.plan import compile_plan

W, H = 96, 160


def clip(tmp_path: Path, rate: str, color: str = "") -> Path:
    """3 s of testsrc (a frame counter and a moving bar: every frame differs) at ``rate``."""
    out = tmp_path / f"src_{rate.replace('/', '_')}.mp4"
    vf = "format=yuv420p" if not color else f"format=yuvj420p,setparams=colorspace={color}"
    run_ffmpeg(
        ["-f", "lavfi", "-i", f"testsrc=s=320x180:r={rate}:d=3", "-vf", vf,
         "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-g", "12", str(out)]
    )  # fmt: skip
    return out


def plan_of(src: Path, in_us: int, dur_us: int, fit: str):
    p = Project(title="Clip")
    p.template.width, p.template.height, p.template.fps = W, H, 30
    p.template.title_card = False
    a = Asset(path=str(src), kind="video", width=320, height=180, duration_us=3_000_000)
    p.assets[a.id] = a
    p.timeline.ensure_track("video").clips.append(
        Clip(asset_id=a.id, start_us=0, duration_us=dur_us, source_in_us=in_us, fit=fit)
    )
    return compile_plan(p)


def frames(plan, **kw) -> np.ndarray:
    v = video_graph(plan, ass_file=None, **kw).filter("format", "rgb24")
    out = ffmpeg.output(v, "-", f="rawvideo")
    raw = ffmpeg.run(out, cmd=ffmpeg_exe(), capture_stdout=True, quiet=True)[0]
    return np.frombuffer(raw, np.uint8).reshape(-1, H, W, 3)


@pytest.mark.parametrize(
    ("rate", "fit"), [("30", "fill"), ("25", "fit_blur"), ("30000/1001", "fit_pad")]
)
def test_a_clip_segment_ends_on_its_own_last_frame(tmp_path: Path, rate: str, fit: str) -> None:
    src = clip(tmp_path, rate)
    plan = plan_of(src, 400_000, 1_000_000, fit)
    seg = plan.segments[0]
    longer = replace(
        plan, frames=plan.frames + 12, segments=(replace(seg, frames=seg.frames + 12),)
    )
    got, ref = frames(plan), frames(longer)
    assert len(got) == plan.frames == 30
    # the same pictures as a read that goes on past the end; the last is a frame of its own,
    # not the one before held (what a read that stopped short would give)
    assert np.array_equal(got, ref[: len(got)])
    assert not np.array_equal(got[-1], got[-2])


def test_clips_decode_with_the_threads_the_graph_is_given(tmp_path: Path) -> None:
    src = clip(tmp_path, "30")
    plan = plan_of(src, 0, 1_000_000, "fill")
    one = _compile(ffmpeg.output(video_graph(plan, ass_file=None, decoder_threads=1), "-"))
    own = _compile(ffmpeg.output(video_graph(plan, ass_file=None), "-"))
    # the option before the clip's -i (an input option)
    i = one.index(str(src))
    assert one.index("-threads") < i and one[one.index("-threads") + 1] == "1"
    assert "-threads" not in own
    assert np.array_equal(frames(plan, decoder_threads=1), frames(plan))
