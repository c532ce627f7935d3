"""A clip segment's input reads only the frames the segment shows (a tenth of a second past its
end), with the decoder threads the graph is given: the same pictures as reading further. A clip
in BT.601 is converted to BT.709 by ``colorspace``: the exact conversion within 50 dB."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import ffmpeg
import numpy as np
import pytest

from shortvid_desktop.core.model import Asset, Clip, Project
from shortvid_desktop.media.ffmpeg import ffmpeg_exe, run_ffmpeg
from shortvid_desktop.render.export import _compile
from shortvid_desktop.render.graph import _bt601_range, video_graph
from shortvid_desktop.render.plan import compile_plan

W, H = 96, 160


def clip(tmp_path: Path, rate: str, colour: tuple[str, ...] = (), pix: str = "yuv420p") -> Path:
    """3 s of testsrc (a frame counter and a moving bar: every frame differs) at ``rate``;
    ``colour``: ffmpeg output options that tag the stream's matrix and range."""
    out = tmp_path / f"src_{rate.replace('/', '_')}_{pix}_{'_'.join(colour[1::2])}.mp4"
    run_ffmpeg(
        ["-f", "lavfi", "-i", f"testsrc=s=320x180:r={rate}:d=3", "-vf", f"format={pix}",
         "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-g", "12", *colour, str(out)]
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


def planes(v, pix: str) -> np.ndarray:
    """A stream's frames as 4:2:0 planes, float: (frames, Y + U + V samples)."""
    out = ffmpeg.output(v, "-", f="rawvideo", pix_fmt=pix)
    raw = ffmpeg.run(out, cmd=ffmpeg_exe(), capture_stdout=True, quiet=True)[0]
    return np.frombuffer(raw, np.uint8).reshape(-1, W * H * 3 // 2).astype(float)


def bt709_exact(src: Path, full: bool, n: int) -> np.ndarray:
    """The first ``n`` frames of ``src`` filled to the canvas (no conversion), then converted from
    BT.601 to BT.709 limited range in floating point: the luma plane (chroma taken at the nearest
    sample)."""
    v = (
        ffmpeg.input(str(src))
        .video.filter("fps", fps=30, start_time=0)
        .filter("crop", w=f"trunc(min(iw,ih*{W}/{H})/2)*2", h="ih")
        .filter("scale", w=W, h=H, flags="bicubic")
        .filter("trim", end_frame=n)
    )
    d = planes(v, "yuvj420p" if full else "yuv420p")
    q = W * H // 4
    y, u, v_ = d[:, : W * H], d[:, W * H : W * H + q], d[:, W * H + q :]

    def up(c: np.ndarray) -> np.ndarray:
        return c.reshape(-1, H // 2, W // 2).repeat(2, 1).repeat(2, 2).reshape(-1, W * H)

    ys, cs = (255, 255) if full else (219, 224)
    y = (y - (0 if full else 16)) / ys
    cb, cr = (up(u) - 128) / cs, (up(v_) - 128) / cs
    r, b = y + 2 * (1 - 0.299) * cr, y + 2 * (1 - 0.114) * cb
    g = (y - 0.299 * r - 0.114 * b) / 0.587
    return 16 + 219 * (0.2126 * r + 0.7152 * g + 0.0722 * b)


@pytest.mark.parametrize(
    ("colour", "pix", "fast"),
    [
        (("-colorspace", "bt470bg", "-color_range", "pc"), "yuvj420p", "pc"),
        (("-colorspace", "smpte170m", "-color_range", "tv"), "yuv420p", "tv"),
        ((), "yuv420p", "tv"),  # no matrix written: BT.601, as swscale reads it
        (("-colorspace", "bt709", "-color_range", "tv"), "yuv420p", None),
    ],
)
def test_a_bt601_clip_is_converted_to_bt709(
    tmp_path: Path, colour: tuple[str, ...], pix: str, fast: str | None
) -> None:
    src = clip(tmp_path, "30", colour, pix)
    st = src.stat()
    assert _bt601_range(str(src), st.st_mtime_ns, st.st_size) == fast
    plan = plan_of(src, 0, 1_000_000, "fill")
    args = " ".join(_compile(ffmpeg.output(video_graph(plan, ass_file=None), "-")))
    assert ("colorspace=" in args) == (fast is not None)
    if fast is None:
        return  # BT.709 already: swscale passes it through (the other tests)
    got = planes(video_graph(plan, ass_file=None), "yuv420p")[:, : W * H]
    want = bt709_exact(src, fast == "pc", 30)
    # luma within ~0.3 of the exact conversion (swscale's unscaled pass, which this replaces,
    # is off by ~1 on average on these colour bars: 41 dB); a wrong range or matrix costs
    # 20-30 dB
    mse = float(np.mean((got - want) ** 2))
    assert 10 * np.log10(255**2 / mse) >= 50
