"""Long videos render in windows joined without re-encoding: same pictures, exact length, A/V in
step, memory of one window."""

from __future__ import annotations

import os
from pathlib import Path

import av
import numpy as np
import pytest

from shortvid_desktop.core.model import Asset, Clip, KenBurns, Project, Transition
from shortvid_desktop.media.ffmpeg import run_ffmpeg
from shortvid_desktop.render.export import chunk_bounds, export
from shortvid_desktop.render.plan import compile_plan

FPS = 15


def project(media, tmp_path: Path) -> Project:
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = 120, 214, FPS
    p.template.title_card = False
    p.template.quality = "high"
    stills = [
        Asset(path=str(media.image(f"ch{i}.png", "320x480")), kind="image", width=320, height=480)
        for i in range(3)
    ]
    tone = tmp_path / "tone.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=f=220:d=13:r=48000", str(tone)])
    voice = Asset(path=str(tone), kind="audio", duration_us=13_000_000)
    for a in [*stills, voice]:
        p.assets[a.id] = a
    t = p.timeline.ensure_track("video")
    for i in range(6):  # 6 x 2 s with 0.4 s fades = 10 s
        t.clips.append(
            Clip(
                asset_id=stills[i % 3].id,
                start_us=i * 1_600_000,
                duration_us=2_000_000,
                ken_burns=KenBurns("zoom_in", 0.3),
                transition_in=Transition("fade", 400_000) if i else Transition(),
            )
        )
    p.timeline.ensure_track("voice").clips.append(
        Clip(asset_id=voice.id, start_us=0, duration_us=10_000_000)
    )
    return p


def decode(path: Path) -> tuple[list[np.ndarray], float, float]:
    with av.open(str(path)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
        c.seek(0)
        audio = [f for f in c.decode(audio=0)]
    a_end = float(audio[-1].time + audio[-1].samples / audio[-1].sample_rate)
    return frames, len(frames) / FPS, a_end


def test_chunk_bounds_avoid_transitions(media, tmp_path: Path) -> None:
    plan = compile_plan(project(media, tmp_path))
    bounds = chunk_bounds(plan, seconds=3)
    assert bounds[0][0] == 0 and bounds[-1][1] == plan.frames
    for (_a, b), (c, _d) in zip(bounds, bounds[1:], strict=False):
        assert b == c
    for _a, b in bounds[:-1]:
        for seg in plan.segments:
            assert not (seg.start_frame <= b <= seg.start_frame + seg.transition_frames)


def test_chunked_export_equals_one_process(media, tmp_path: Path) -> None:
    plan = compile_plan(project(media, tmp_path))
    one, chunked = tmp_path / "one.mp4", tmp_path / "chunked.mp4"
    export(plan, one)
    export(plan, chunked, chunk_seconds=3)  # 10 s -> 3 windows
    f1, v1, a1 = decode(one)
    f2, v2, a2 = decode(chunked)
    assert len(f1) == len(f2) == plan.frames
    assert abs(v2 - 10.0) <= 1 / FPS and abs(a2 - v2) <= 1 / FPS
    worst = min(
        10 * np.log10(255**2 / max(1e-9, float(np.mean((a.astype(float) - b) ** 2))))
        for a, b in zip(f1, f2, strict=True)
    )
    assert worst > 30, worst
    data = chunked.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")


def test_parallel_windows_equal_one_process_and_cancel_cleanly(
    media, tmp_path: Path, monkeypatch
) -> None:
    import shortvid_desktop.render.export as export_module
    from shortvid_desktop.jobs import Cancelled, CancelToken, Progress

    monkeypatch.setattr(export_module, "PARALLEL_MIN_SECONDS", 3.0)
    plan = compile_plan(project(media, tmp_path))
    one, par = tmp_path / "one.mp4", tmp_path / "par.mp4"
    export(plan, one, workers=1)
    reports: list[float] = []
    export(plan, par, workers=3, progress=Progress(lambda r: reports.append(r.fraction)))
    f1, _v1, _a1 = decode(one)
    f2, v2, a2 = decode(par)
    assert len(f2) == plan.frames and abs(a2 - v2) <= 1 / FPS
    worst = min(
        10 * np.log10(255**2 / max(1e-9, float(np.mean((a.astype(float) - b) ** 2))))
        for a, b in zip(f1, f2, strict=True)
    )
    assert worst > 30, worst
    assert reports[-1] == 1.0 and all(0 <= f <= 1 for f in reports)
    # three windows at once: each libx264 keeps to its share of the cores (x264's own record
    # of its options, in the stream)
    share = max(1, (os.cpu_count() or 1) // 3)
    assert f" threads={share} ".encode() in par.read_bytes()
    # cancelled half-way: every window stops, nothing partial is left, the old file stays
    before = par.read_bytes()
    token = CancelToken()

    def cancel_midway(report) -> None:
        if report.fraction > 0.3:
            token.cancel()

    with pytest.raises(Cancelled):
        export(plan, par, workers=3, cancel=token, progress=Progress(cancel_midway))
    assert par.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if "partial" in p.name]


def test_balanced_windows_cut_around_clips_and_start_with_the_costliest(
    media, tmp_path: Path
) -> None:
    import dataclasses

    from shortvid_desktop.render.export import _costliest_first, _frame_costs, balanced_bounds

    plan = compile_plan(project(media, tmp_path))
    # the third segment a clip (an unreadable file: costed as 8 Mb/s), the cuts must keep out of
    # it past its first second: a window starting there would decode it from a key frame
    segs = list(plan.segments)
    segs[2] = dataclasses.replace(segs[2], kind="video", source=str(tmp_path / "none.mp4"))
    plan = dataclasses.replace(plan, segments=tuple(segs))
    clip = plan.segments[2]
    bounds = balanced_bounds(plan, 4)
    assert bounds[0][0] == 0 and bounds[-1][1] == plan.frames and len(bounds) == 4
    lead = clip.start_frame + clip.transition_frames + 1 + plan.fps
    for _a, b in bounds[:-1]:
        assert not lead <= b < clip.end_frame
        assert b * 1000 % plan.fps == 0  # on a whole ms: the join places parts by ms
        for seg in plan.segments:
            assert not (seg.start_frame <= b <= seg.start_frame + seg.transition_frames)
    cost = _frame_costs(plan)
    sums = [sum(cost[a:b]) for a, b in bounds]
    equal = [sum(cost[a:b]) for a, b in chunk_bounds(plan, plan.frames / plan.fps / 4)]
    assert max(sums) - min(sums) < max(equal) - min(equal)
    order = _costliest_first(plan, bounds)
    assert order[0] == next(i for i, (a, b) in enumerate(bounds) if a < clip.end_frame <= b + 1)
    assert [sums[i] for i in order] == sorted(sums, reverse=True)


def test_one_long_clip_keeps_the_equal_windows(media, tmp_path: Path) -> None:
    import dataclasses

    from shortvid_desktop.render.export import _cut_windows

    plan = compile_plan(project(media, tmp_path))
    # a clip over the whole video: keeping out of it would leave one window of nearly all of it
    # (memory grows with a window's length): the equal cuts stay
    whole = dataclasses.replace(
        plan.segments[0],
        kind="video",
        source=str(tmp_path / "none.mp4"),
        start_frame=0,
        frames=plan.frames,
        transition_frames=0,
    )
    plan = dataclasses.replace(plan, segments=(whole,))
    seconds = plan.frames / plan.fps / 2
    assert _cut_windows(plan, seconds, 2) == chunk_bounds(plan, seconds)
