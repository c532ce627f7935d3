"""Windowed rendering: preview frames and proxies come from the same compiler as the export and
show the same pictures (captions, transitions, Ken Burns included)."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from shortvid_desktop.core.model import Asset, Clip, KenBurns, Project, Transition, WordTiming
from shortvid_desktop.media.ffmpeg import run_ffmpeg
from shortvid_desktop.render.export import export
from shortvid_desktop.render.plan import compile_plan
from shortvid_desktop.render.window import FrameRenderer, window_plan

FPS = 30


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(float) - b.astype(float)) ** 2))
    return 99.0 if mse == 0 else 10 * np.log10(255**2 / mse)


def build(media, tmp_path: Path) -> Project:
    p = Project(title="Window test")
    p.template.width, p.template.height, p.template.fps = 240, 428, FPS
    p.template.quality = "high"
    p.template.caption.size = 150
    a = Asset(path=str(media.image("w1.png", "640x480")), kind="image", width=640, height=480)
    b = Asset(
        path=str(media.image("w2.png", "480x640", color="teal")),
        kind="image",
        width=480,
        height=640,
    )
    c = Asset(
        path=str(media.video("w3.mp4", seconds=3)),
        kind="video",
        width=320,
        height=240,
        duration_us=3_000_000,
        has_audio=True,
    )
    voice = tmp_path / "v.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=f=250:d=3:r=48000", str(voice)])
    v = Asset(path=str(voice), kind="audio", duration_us=3_000_000)
    for asset in (a, b, c, v):
        p.assets[asset.id] = asset
    t = p.timeline.ensure_track("video")
    t.clips += [
        Clip(asset_id=a.id, start_us=0, duration_us=1_500_000, ken_burns=KenBurns("zoom_in", 0.3)),
        Clip(
            asset_id=c.id,
            start_us=1_000_000,
            duration_us=1_500_000,
            fit="fit_blur",
            transition_in=Transition("fade", 500_000),
        ),
        Clip(
            asset_id=b.id,
            start_us=2_000_000,
            duration_us=1_500_000,
            ken_burns=KenBurns("pan_left", 0.3),
            transition_in=Transition("wipeleft", 500_000),
        ),
    ]
    words = [
        WordTiming(w, i * 400_000, i * 400_000 + 350_000)
        for i, w in enumerate(["One", "two", "three", "four", "five", "six"])
    ]
    p.timeline.ensure_track("voice").clips.append(
        Clip(
            asset_id=v.id,
            start_us=200_000,
            duration_us=3_000_000,
            text="One two three. Four five six.",
            words=words,
        )
    )
    return p


def test_preview_frames_equal_the_export(media, tmp_path: Path) -> None:
    plan = compile_plan(build(media, tmp_path))
    out = tmp_path / "full.mp4"
    export(plan, out)
    with av.open(str(out)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    picks = [0, 14, 37, 45, 52, 66, 75, 90, len(frames) - 1]  # KB, fades, wipe, captions
    with FrameRenderer(plan) as renderer:
        for f in picks:
            img = renderer.frame(f * 1_000_000 // FPS, scale=1.0)
            got = np.frombuffer(img.rgb, np.uint8).reshape(img.height, img.width, 3)
            assert img.t_us == f * 1_000_000 // FPS
            same = psnr(got, frames[f])
            assert same > 30, f"frame {f}: {same:.1f} dB"
            for k in (f - 1, f + 1):  # and it is this frame, not a neighbour
                if 0 <= k < len(frames) and psnr(frames[k], frames[f]) < 40:
                    assert same >= psnr(got, frames[k]), f"frame {f} looks like frame {k}"


def test_window_starting_inside_a_transition_starts_at_it(media, tmp_path: Path) -> None:
    plan = compile_plan(build(media, tmp_path))
    fade = next(s for s in plan.segments if s.transition_frames)
    w = window_plan(plan, fade.start_frame + 3, fade.start_frame + 4)
    assert w.start == fade.start_frame and w.drop == 3
    assert w.plan.segments[1].transition_frames == fade.transition_frames
