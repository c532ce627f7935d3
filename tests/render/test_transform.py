"""Pictures placed and animated on the canvas (render/transform_graph.py): the frames show them
where the transform and its keyframes say, and the preview frame equals the export's."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from shortvid_desktop.core.model import (
    Asset,
    Clip,
    KenBurns,
    Keyframe,
    Project,
    Transform,
    project_from_json,
    project_to_json,
)
from shortvid_desktop.core.serial import ValidationError, clone
from shortvid_desktop.render.export import export
from shortvid_desktop.render.plan import compile_plan
from shortvid_desktop.render.transform_graph import value_expr
from shortvid_desktop.render.window import FrameRenderer

W, H, FPS = 160, 284, 10


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(float) - b.astype(float)) ** 2))
    return 99.0 if mse == 0 else 10 * np.log10(255**2 / mse)


def project(media, *, overlay: Clip | None = None) -> tuple[Project, Asset]:
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = W, H, FPS
    p.template.title_card = False
    p.template.quality = "high"
    bg = Asset(
        path=str(media.image("tf_bg.png", "160x284", color="black")),
        kind="image",
        width=160,
        height=284,
    )
    pic = Asset(
        path=str(media.image("tf_pic.png", "80x80", color="white")),
        kind="image",
        width=80,
        height=80,
    )
    p.assets[bg.id], p.assets[pic.id] = bg, pic
    p.timeline.ensure_track("video").clips.append(
        Clip(asset_id=bg.id, duration_us=2_000_000, ken_burns=KenBurns("none"))
    )
    if overlay is not None:
        overlay.asset_id = pic.id
        p.timeline.ensure_track("overlay").clips.append(overlay)
    return p, pic


def frame_at(plan, t_us: int) -> np.ndarray:
    with FrameRenderer(plan) as r:
        img = r.frame(t_us, scale=1.0)
    return np.frombuffer(img.rgb, np.uint8).reshape(img.height, img.width, 3)


def centroid(rgb: np.ndarray) -> tuple[float, float, int]:
    mask = rgb.mean(axis=2) > 128
    ys, xs = np.nonzero(mask)
    return float(xs.mean()), float(ys.mean()), int(mask.sum())


def test_a_placed_overlay_picture_sits_where_its_transform_says(media) -> None:
    # a square picture fitted inside 160 wide is 160x160; scale 0.25: 40x40 around (0.25, 0.75)
    clip = Clip(duration_us=2_000_000, transform=Transform(x=0.25, y=0.75, scale=0.25))
    p, _ = project(media, overlay=clip)
    x, y, n = centroid(frame_at(compile_plan(p), 500_000))
    assert abs(x - 0.25 * W) < 2 and abs(y - 0.75 * H) < 2  # (4:2:0: even pixels)
    assert 1400 < n < 1800  # about 40x40


def test_rotation_and_opacity(media) -> None:
    clip = Clip(duration_us=2_000_000, transform=Transform(scale=0.25, rotation=45))
    p, _ = project(media, overlay=clip)
    rgb = frame_at(compile_plan(p), 0)
    mask = rgb.mean(axis=2) > 128
    ys, xs = np.nonzero(mask)
    # a 40 px square turned 45 degrees is about 56 px across
    assert xs.max() - xs.min() > 52 and ys.max() - ys.min() > 52
    p.timeline.track("overlay").clips[0].transform = Transform(scale=0.25, opacity=0.5)
    rgb = frame_at(compile_plan(p), 0)
    assert 110 < rgb[H // 2, W // 2].mean() < 145  # half white over black


def test_keyframes_interpolate_between_positions(media) -> None:
    keys = [
        Keyframe(time_us=0, x=0.25, y=0.5, scale=0.25),
        Keyframe(time_us=1_000_000, x=0.75, y=0.5, scale=0.25),
    ]
    p, _ = project(media, overlay=Clip(duration_us=2_000_000, keyframes=keys))
    plan = compile_plan(p)
    xs = [centroid(frame_at(plan, t))[0] for t in (0, 500_000, 1_000_000, 1_500_000)]
    assert abs(xs[0] - 40) < 1.5
    assert abs(xs[1] - 80) < 1.5  # half way
    assert abs(xs[2] - 120) < 1.5
    assert abs(xs[3] - 120) < 1.5  # held after the last key
    # eased: a quarter of the way in time is less than a quarter of the way in space
    keys[0].easing = "ease_in_out"
    x = centroid(frame_at(compile_plan(p), 250_000))[0]
    assert 40 < x < 60


def test_scale_keyframes_grow_the_picture(media) -> None:
    keys = [Keyframe(time_us=0, scale=0.25), Keyframe(time_us=1_000_000, scale=0.5)]
    p, _ = project(media, overlay=Clip(duration_us=2_000_000, keyframes=keys))
    plan = compile_plan(p)
    a = centroid(frame_at(plan, 0))[2]
    b = centroid(frame_at(plan, 1_000_000))[2]
    assert 3.5 < b / a < 4.5  # twice as wide and tall


def test_main_track_picture_scaled_shows_black_around_it(media) -> None:
    p, pic = project(media)
    clip = p.timeline.track("video").clips[0]
    clip.asset_id = pic.id  # the white square fills the canvas
    clip.transform = Transform(scale=0.5, x=0.5, y=0.5)
    rgb = frame_at(compile_plan(p), 0)
    assert rgb[5, 5].mean() < 30 and rgb[H // 2, W // 2].mean() > 220
    x, y, n = centroid(rgb)
    assert abs(x - W / 2) < 2 and abs(y - H / 2) < 2
    assert abs(n - (W // 2) * (H // 2)) < 0.05 * n


def test_the_moved_watermark_goes_where_it_was_put(media) -> None:
    p, pic = project(media)
    p.template.watermark_image = p.assets[pic.id].path
    p.template.watermark_opacity = 1.0
    p.template.watermark_x, p.template.watermark_y = 0.3, 0.6
    x, y, _n = centroid(frame_at(compile_plan(p), 0))
    assert abs(x - 0.3 * W) < 1.5 and abs(y - 0.6 * H) < 1.5


def test_export_frame_equals_preview_frame_after_a_move(media, tmp_path: Path) -> None:
    keys = [
        Keyframe(time_us=0, x=0.3, y=0.3, scale=0.3, rotation=10),
        Keyframe(time_us=1_500_000, x=0.7, y=0.6, scale=0.4, rotation=-20, opacity=0.6),
    ]
    p, _ = project(media, overlay=Clip(start_us=300_000, duration_us=1_500_000, keyframes=keys))
    plan = compile_plan(p)
    out = tmp_path / "out.mp4"
    export(plan, out)
    with av.open(str(out)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    for f in (2, 3, 9, 15, 19):
        got = frame_at(plan, f * 1_000_000 // FPS)
        assert psnr(got, frames[f]) >= 40, f"frame {f}"


def test_old_projects_load_unchanged_and_bad_values_are_named(media) -> None:
    p, _ = project(media)
    data = project_to_json(p)
    again = project_from_json(data)
    assert again.timeline.tracks[0].clips[0].transform is None
    assert again.template.watermark_x is None
    plan = compile_plan(again)
    assert plan.segments[0].motion is None and plan.pictures == ()
    bad = clone(p)
    bad.timeline.tracks[0].clips[0].keyframes = [Keyframe(time_us=5), Keyframe(time_us=5)]
    with pytest.raises(ValidationError, match="keyframes"):
        project_from_json(project_to_json(bad))
    text = project_to_json(p).replace('"transform": null', '"transform": {"scale": 99}')
    with pytest.raises(ValidationError, match=r"clips\[0\]\.transform\.scale"):
        project_from_json(text)


def test_value_expressions_hold_outside_the_keys() -> None:
    keys = ((1_000_000, 0.2, 0, 1, 0, 1, "linear"), (2_000_000, 0.4, 0, 1, 0, 1, "linear"))
    assert value_expr(keys, 0, "t") == "if(lt(t,1),0.2,if(lt(t,2),(0.2+(0.2)*((t)-1)/1),0.4))"
    assert value_expr(keys, 2, "t") == "1"  # a value that does not change is a constant


def test_overlay_text_goes_where_it_was_put_and_moves_between_keyframes(media) -> None:
    p, _ = project(media)
    p.template.caption.size = 120
    text = Clip(text="OK", duration_us=2_000_000, transform=Transform(x=0.3, y=0.7))
    p.timeline.ensure_track("overlay").clips.append(text)
    x, y, n = centroid(frame_at(compile_plan(p), 1_000_000))
    assert n > 50 and abs(x - 0.3 * W) < 4 and abs(y - 0.7 * H) < 6
    text.transform = None
    text.keyframes = [
        Keyframe(time_us=0, x=0.3, y=0.5),
        Keyframe(time_us=2_000_000, x=0.7, y=0.5),
    ]
    plan = compile_plan(p)
    xs = [centroid(frame_at(plan, t))[0] for t in (500_000, 1_000_000, 1_500_000)]
    assert abs(xs[1] - 0.5 * W) < 4  # half way at half time
    assert xs[0] < xs[1] < xs[2]
    assert abs((xs[2] - xs[0]) - 0.2 * W) < 4


def test_main_track_keyframes_export_equals_preview_across_a_transition(media, tmp_path) -> None:
    from shortvid_desktop.core.model import Transition

    p, pic = project(media)
    video = p.timeline.track("video")
    video.clips[0].duration_us = 1_200_000
    video.clips.append(
        Clip(
            asset_id=pic.id,
            start_us=1_000_000,
            duration_us=1_000_000,
            ken_burns=KenBurns("none"),
            transition_in=Transition("fade", 200_000),
            keyframes=[
                Keyframe(time_us=0, x=0.3, y=0.5, scale=0.4, rotation=0),
                Keyframe(time_us=900_000, x=0.7, y=0.4, scale=0.6, rotation=30, easing="linear"),
            ],
        )
    )
    plan = compile_plan(p)
    out = tmp_path / "main.mp4"
    export(plan, out)
    with av.open(str(out)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    for f in (5, 11, 14, 19):
        got = frame_at(plan, f * 1_000_000 // FPS)
        assert psnr(got, frames[f]) >= 40, f"frame {f}"
    x14 = centroid(frames[14])[0]
    x19 = centroid(frames[19])[0]
    assert x14 < x19  # it moves right across its keyframes


def test_a_moved_text_watermark_goes_where_it_was_put(media) -> None:
    p, _ = project(media)
    p.template.caption.size = 200
    p.template.watermark_text = "WM"
    p.template.watermark_opacity = 1.0
    p.template.watermark_x, p.template.watermark_y = 0.5, 0.55
    x, y, n = centroid(frame_at(compile_plan(p), 0))
    assert n > 30 and abs(x - 0.5 * W) < 4 and abs(y - 0.55 * H) < 5


def test_fading_while_growing_at_full_size_renders(media, tmp_path) -> None:
    """Opacity and scale both animated on a 1080x1920 canvas (geq must see frames of one
    size: it crashed ffmpeg when it ran after the per-frame scaler)."""
    p, _ = project(
        media,
        overlay=Clip(
            duration_us=400_000,
            keyframes=[
                Keyframe(time_us=0, scale=0.3, opacity=1.0),
                Keyframe(time_us=300_000, scale=0.6, opacity=0.4),
            ],
        ),
    )
    p.template.width, p.template.height = 1080, 1920
    p.timeline.track("video").clips[0].duration_us = 400_000
    plan = compile_plan(p)
    with FrameRenderer(plan) as r:
        img = r.frame(300_000, scale=1.0)
    rgb = np.frombuffer(img.rgb, np.uint8).reshape(img.height, img.width, 3)
    assert 80 < rgb[960, 540].mean() < 125  # 40 % white over black


def test_an_overlay_clip_leaves_the_screen_at_its_end(media, tmp_path: Path) -> None:
    """An overlay-track video clip from 0.6 to 1.2 s shows only then in the export (a clip
    starting later than 0 once stayed on screen as many frames past its end as it started at)."""
    from shortvid_desktop.media.ffmpeg import run_ffmpeg

    white = tmp_path / "white.mp4"
    run_ffmpeg(
        ["-f", "lavfi", "-i", "color=c=white:s=80x80:r=10:d=2", "-c:v", "libx264",
         "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(white)]
    )  # fmt: skip
    clip = Clip(start_us=600_000, duration_us=600_000, transform=Transform(scale=0.5))
    p, pic = project(media, overlay=clip)
    pic.path, pic.kind, pic.duration_us = str(white), "video", 2_000_000
    out = tmp_path / "overlay_end.mp4"
    export(compile_plan(p), out)
    with av.open(str(out)) as c:
        lit = [
            round(float(f.pts * f.time_base), 2)
            for f in c.decode(video=0)
            if f.to_ndarray(format="gray").mean() > 20
        ]
    assert lit == [0.6, 0.7, 0.8, 0.9, 1.0, 1.1]
