"""The whole video's look (``Template.color``) applies to the composed picture, overlay-track
pictures and clips included, once a frame (``effects_graph.look_over_pictures``), in the export,
the preview and the MoviePy engine. Real renders of a tiny project: an orange main-track still
with an orange sticker over it. With the "mono" look both turn grey; with a brightness look both
brighten by the same amount; the preview equals the export; the MoviePy engine's frame equals
the graph's; drawn text (an emoji title) stays ungraded like libass text; and the graph grades
once a frame, not once a layer."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import av
import numpy as np
import pytest
from frame_tools import psnr
from PIL import Image, ImageDraw

from shortvid_desktop.core.model import Asset, Clip, ColorGrade, KenBurns, Project, Transform
from shortvid_desktop.render.export import export
from shortvid_desktop.render.plan import compile_plan
from shortvid_desktop.render.window import FrameRenderer

W, H, FPS = 160, 284, 10
ORANGE_BG, ORANGE_DISC = (170, 90, 40), (190, 110, 30)
BG = (slice(10, 30), slice(10, 30))  # the main track, clear of the sticker
DISC = (slice(H // 2 - 8, H // 2 + 8), slice(W // 2 - 8, W // 2 + 8))  # the sticker


@pytest.fixture(scope="module")
def media_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("vlook")
    bg = d / "bg.png"
    Image.new("RGB", (W, H), ORANGE_BG).save(bg)
    disc = d / "disc.png"
    im = Image.new("RGBA", (80, 80), (0, 0, 0, 0))
    ImageDraw.Draw(im).ellipse([10, 10, 70, 70], fill=(*ORANGE_DISC, 255))
    im.save(disc)
    return bg, disc


def project(media_files, grade: ColorGrade | None) -> Project:
    bg_path, disc_path = media_files
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = W, H, FPS
    p.template.title_card = False
    p.template.quality = "high"
    if grade is not None:
        p.template.color = grade
    bg = Asset(path=str(bg_path), kind="image", width=W, height=H)
    disc = Asset(path=str(disc_path), kind="image", width=80, height=80)
    p.assets[bg.id], p.assets[disc.id] = bg, disc
    p.timeline.ensure_track("video").clips.append(
        Clip(asset_id=bg.id, duration_us=1_000_000, ken_burns=KenBurns("none"))
    )
    p.timeline.ensure_track("overlay").clips.append(
        Clip(asset_id=disc.id, duration_us=1_000_000, transform=Transform(scale=0.5))
    )
    return p


def preview(plan, t_us: int) -> np.ndarray:
    with FrameRenderer(plan) as r:
        img = r.frame(t_us, scale=1.0)
    return np.frombuffer(img.rgb, np.uint8).reshape(img.height, img.width, 3)


def mean(frame: np.ndarray, where) -> np.ndarray:
    return frame[where].reshape(-1, 3).astype(float).mean(axis=0)


def test_the_mono_look_greys_the_overlay_as_it_greys_the_main_track(media_files) -> None:
    plain = preview(compile_plan(project(media_files, None)), 500_000)
    mono = preview(compile_plan(project(media_files, ColorGrade(lut="mono"))), 500_000)
    for where in (BG, DISC):
        assert np.ptp(mean(plain, where)) > 60  # orange: channels far apart
        assert np.ptp(mean(mono, where)) < 8, mean(mono, where)  # grey, the sticker too


def test_a_brightness_look_lifts_the_overlay_as_much_as_the_main_track(media_files) -> None:
    plain = preview(compile_plan(project(media_files, None)), 500_000)
    bright = preview(compile_plan(project(media_files, ColorGrade(brightness=0.1))), 500_000)
    lift_bg = (mean(bright, BG) - mean(plain, BG)).mean()
    lift_disc = (mean(bright, DISC) - mean(plain, DISC)).mean()
    print(f"lift: main track {lift_bg:.1f}, overlay {lift_disc:.1f}")
    assert lift_bg > 15 and lift_disc > 15, (lift_bg, lift_disc)
    assert abs(lift_bg - lift_disc) < 4


def test_export_equals_preview_and_the_moviepy_engine(media_files, tmp_path) -> None:
    from shortvid_desktop.render.moviepy import ReferenceFrames

    plan = compile_plan(project(media_files, ColorGrade(lut="mono", contrast=1.2)))
    assert plan.video_looks and not plan.segments[0].looks  # graded once, on the whole
    out = tmp_path / "look.mp4"
    export(plan, out)
    with av.open(str(out)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    with ReferenceFrames(plan) as ref:
        moviepy = ref.frame(5)
    assert psnr(frames[5], preview(plan, 500_000)) >= 40
    assert psnr(frames[5], moviepy) >= 30
    assert np.ptp(mean(moviepy, DISC)) < 8  # the MoviePy engine greys the sticker too


def test_the_look_is_one_grade_a_frame_not_one_a_layer(media_files) -> None:
    """The graph holds one grading chain for the whole video however many pictures it has."""
    from shortvid_desktop.render.graph import video_graph

    p = project(media_files, ColorGrade(lut="mono"))
    disc = p.timeline.track("overlay").clips[0]
    for i in range(3):  # four stickers over the still
        extra = Clip(asset_id=disc.asset_id, duration_us=1_000_000)
        extra.transform = Transform(x=0.2 + 0.2 * i, scale=0.3)
        p.timeline.track("overlay").clips.append(extra)
    plan = compile_plan(p)
    args = " ".join(video_graph(plan).output("out.mp4").get_args())
    assert args.count("lut3d") == 1


def test_drawn_text_is_not_graded(media_files, monkeypatch) -> None:
    """An emoji title (drawn by Pillow, laid as a picture) stays as libass text does: over
    the graded picture, in its own colours."""
    from shortvid_desktop.render import fonts

    if "NotoColorEmoji" not in fonts.emoji_font()[0]:
        pytest.skip("fonts-noto-color-emoji is not installed")
    p = project(media_files, ColorGrade(lut="mono"))
    p.timeline.track("overlay").clips.clear()
    p.title, p.template.title_card = "Go 🎉", True
    plan = compile_plan(p)
    assert [pic.text for pic in plan.pictures] == [True]

    def colour(frame: np.ndarray) -> int:
        f = frame.astype(float)
        return int(((f.max(axis=2) - f.min(axis=2)) > 60).sum())

    frame = preview(plan, 500_000)
    graded = replace(plan, pictures=tuple(replace(p, text=False) for p in plan.pictures))
    assert colour(frame) > 20  # the emoji keeps its colours on a grey picture
    assert colour(preview(graded, 500_000)) < 5  # (graded with the video, it would be grey)
    ungraded = preview(replace(plan, video_looks=()), 500_000)
    assert np.ptp(mean(ungraded, BG)) > 60 and np.ptp(mean(frame, BG)) < 8
