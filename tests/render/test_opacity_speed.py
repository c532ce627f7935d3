"""Animated opacity without a per-pixel expression (effects_graph.animated_opacity): real
renders show the opacity the keyframes say at each frame, on an overlay picture and on a moved
main-track picture, in a preview frame, inside a later window and in the export; the graph
holds no ``geq``. (What it costs a frame: benchmarks/opacity_bench.py.)"""

from __future__ import annotations

from pathlib import Path

import av
import ffmpeg
import numpy as np

from shortvid_desktop.core.model import Asset, Clip, KenBurns, Keyframe, Project, Transform
from shortvid_desktop.render.export import export
from shortvid_desktop.render.graph import video_graph
from shortvid_desktop.render.plan import compile_plan
from shortvid_desktop.render.window import FrameRenderer

W, H, FPS = 160, 284, 10
KEYS = [
    Keyframe(time_us=0, scale=0.5, opacity=1.0),
    Keyframe(time_us=1_000_000, scale=0.5, opacity=0.2),
    Keyframe(time_us=1_600_000, scale=0.5, opacity=0.2, easing="ease_in_out"),
    Keyframe(time_us=2_000_000, scale=0.5, opacity=0.8),
]


def project(media, where: str) -> Project:
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = W, H, FPS
    p.template.title_card = False
    p.template.quality = "high"
    white = media.image("op_white.png", f"{W}x{H}", color="white")
    black = media.image("op_black.png", f"{W}x{H}", color="black")
    a = Asset(path=str(black if where == "overlay" else white), kind="image", width=W, height=H)
    b = Asset(path=str(white), kind="image", width=W, height=H)
    p.assets[a.id], p.assets[b.id] = a, b
    main = Clip(asset_id=a.id, duration_us=2_500_000, ken_burns=KenBurns("none"))
    p.timeline.ensure_track("video").clips.append(main)
    if where == "main":
        main.keyframes = list(KEYS)
    else:
        p.timeline.ensure_track("overlay").clips.append(
            Clip(asset_id=b.id, duration_us=2_500_000, keyframes=list(KEYS))
        )
    return p


def centre(rgb: np.ndarray) -> float:
    return float(rgb[H // 2 - 5 : H // 2 + 5, W // 2 - 5 : W // 2 + 5].mean())


def preview(plan, t_us: int) -> np.ndarray:
    with FrameRenderer(plan) as r:
        img = r.frame(t_us, scale=1.0)
    return np.frombuffer(img.rgb, np.uint8).reshape(img.height, img.width, 3)


def expected(t_us: int) -> float:
    """White at the keys' opacity over black, in 8-bit RGB."""
    p = Clip(keyframes=list(KEYS)).transform_at(t_us).opacity
    return 255 * p


def test_overlay_and_main_track_fades_follow_their_keys(media) -> None:
    for where in ("overlay", "main"):
        plan = compile_plan(project(media, where))
        for t_us in (0, 500_000, 1_000_000, 1_300_000, 1_800_000, 2_200_000):
            got = centre(preview(plan, t_us))
            assert abs(got - expected(t_us)) < 6, (where, t_us, got, expected(t_us))


def test_no_per_pixel_expression_in_the_graph(media) -> None:
    for where in ("overlay", "main"):
        plan = compile_plan(project(media, where))
        args = " ".join(ffmpeg.compile(ffmpeg.output(video_graph(plan, ass_file=None), "x.mp4")))
        assert "geq" not in args and "sendcmd" in args and "lut@opacity" in args


def test_export_frames_equal_expected_opacity(media, tmp_path: Path) -> None:
    plan = compile_plan(project(media, "overlay"))
    out = tmp_path / "fade.mp4"
    export(plan, out)
    with av.open(str(out)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    assert len(frames) == 25
    for i in (0, 3, 7, 10, 13, 18, 22):
        t_us = i * 100_000
        got = centre(frames[i])
        assert abs(got - expected(t_us)) < 8, (i, got, expected(t_us))


def test_a_fixed_opacity_keeps_a_full_range_white(media) -> None:
    """A still's white at half opacity is half white (the table leaves luma as it is)."""
    p = project(media, "overlay")
    clip = p.timeline.track("overlay").clips[0]
    clip.keyframes = []
    clip.transform = Transform(scale=0.5, opacity=0.5)
    got = centre(preview(compile_plan(p), 500_000))
    assert abs(got - 127.5) < 5
