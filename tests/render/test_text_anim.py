"""Text items (render/text_anim.py): style presets and in/out animations drawn by libass. Real
renders: a frame early in an animation differs from a frame after it the way the animation
says, Chinese text is drawn, and the export's frames equal the preview's."""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest

from shortvid_desktop.core.model import (
    TEXT_STYLES,
    Asset,
    Clip,
    KenBurns,
    Project,
    TextAnim,
    project_from_json,
    project_to_json,
)
from shortvid_desktop.core.serial import ValidationError
from shortvid_desktop.render import text_anim
from shortvid_desktop.render.captions import build_ass
from shortvid_desktop.render.export import export
from shortvid_desktop.render.plan import compile_plan
from shortvid_desktop.render.window import FrameRenderer

W, H, FPS = 160, 284, 10


def project(media, text: Clip) -> Project:
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = W, H, FPS
    p.template.title_card = False
    p.template.quality = "high"
    bg = Asset(
        path=str(media.image("ta_bg.png", "160x284", color="black")),
        kind="image",
        width=160,
        height=284,
    )
    p.assets[bg.id] = bg
    p.timeline.ensure_track("video").clips.append(
        Clip(asset_id=bg.id, duration_us=2_000_000, ken_burns=KenBurns("none"))
    )
    p.timeline.ensure_track("overlay").clips.append(text)
    return p


def frame_at(plan, t_us: int) -> np.ndarray:
    with FrameRenderer(plan) as r:
        img = r.frame(t_us, scale=1.0)
    return np.frombuffer(img.rgb, np.uint8).reshape(img.height, img.width, 3)


def lit(rgb: np.ndarray) -> np.ndarray:
    return rgb.mean(axis=2) > 128


def item(kind: str, text: str = "OK", *, out: str = "none", style: str = "title") -> Clip:
    return Clip(
        text=text,
        duration_us=2_000_000,
        text_style=style,
        anim_in=TextAnim(kind, 1_000_000),
        anim_out=TextAnim(out, 500_000),
    )


def two(media, clip: Clip, early_us: int, late_us: int = 1_400_000):
    plan = compile_plan(project(media, clip))
    return frame_at(plan, early_us), frame_at(plan, late_us)


def test_fade_in_is_darker_early(media) -> None:
    early, late = two(media, item("fade"), 200_000)
    assert lit(late).sum() > 40
    assert early.mean() < 0.5 * late.mean()


def test_slide_in_comes_from_the_left(media) -> None:
    early, late = two(media, item("slide"), 500_000)
    xe = np.nonzero(lit(early))[1].mean()
    xl = np.nonzero(lit(late))[1].mean()
    assert abs(xl - W / 2) < 6
    assert xe < xl - 20


@pytest.mark.parametrize(("kind", "t_us"), [("pop", 200_000), ("bounce", 100_000)])
def test_pop_and_bounce_start_small(media, kind: str, t_us: int) -> None:
    early, late = two(media, item(kind), t_us)
    assert lit(late).sum() > 40
    assert 0 < lit(early).sum() < 0.6 * lit(late).sum()


def test_typewriter_shows_fewer_characters_early(media) -> None:
    early, late = two(media, item("typewriter", "ABCD"), 300_000)
    cols_e = np.nonzero(lit(early))[1]
    cols_l = np.nonzero(lit(late))[1]
    assert len(cols_e) < 0.7 * len(cols_l)
    assert cols_e.max() < cols_l.max() - 5  # the right-hand letters are not there yet


def test_fade_out_is_darker_at_the_end(media) -> None:
    clip = item("none", out="fade")
    plan = compile_plan(project(media, clip))
    assert frame_at(plan, 1_900_000).mean() < 0.5 * frame_at(plan, 1_000_000).mean()


def test_chinese_text_is_drawn(media) -> None:
    early, late = two(media, item("fade", "你好世界"), 100_000)
    assert lit(late).sum() > 100
    assert early.mean() < late.mean()


def test_presets_set_the_look_and_place(media) -> None:
    assert set(text_anim.load_presets()) == set(TEXT_STYLES)
    label = compile_plan(project(media, item("none", "OK", style="label")))
    frame = frame_at(label, 1_000_000)
    ys = np.nonzero(lit(frame))[0]
    assert abs(ys.mean() - 0.14 * H) < 12  # the label sits high
    red = (frame[..., 0] > 150) & (frame[..., 1] < 90)
    assert red.sum() > 50  # its red box
    assert "Style: Text-label" in build_ass(label, "Noto Sans CJK SC")


def test_old_overlays_keep_their_events(media) -> None:
    plain = compile_plan(project(media, Clip(text="OK", duration_us=2_000_000)))
    ass = build_ass(plain, "Noto Sans CJK SC")
    assert "Text-" not in ass and "\\fad(200,200)" in ass


def test_model_defaults_and_bad_values_are_named() -> None:
    p = Project()
    p.timeline.ensure_track("overlay").clips.append(Clip(text="hi"))
    data = json.loads(project_to_json(p))
    clip = data["timeline"]["tracks"][0]["clips"][0]
    for key in ("text_style", "anim_in", "anim_out"):
        del clip[key]  # a project saved before text items
    back = project_from_json(json.dumps(data))
    c = back.timeline.tracks[0].clips[0]
    assert c.text_style == "" and c.anim_in.kind == "none" and c.anim_out.kind == "none"
    clip["text_style"] = "poster"
    with pytest.raises(ValidationError, match="text_style"):
        project_from_json(json.dumps(data))
    clip["text_style"] = "title"
    clip["anim_in"] = {"kind": "spin", "duration_us": 300000}
    with pytest.raises(ValidationError, match="anim_in"):
        project_from_json(json.dumps(data))


def test_export_equals_preview_during_animations(media, tmp_path: Path) -> None:
    clip = item("pop", "OK", out="slide")
    plan = compile_plan(project(media, clip))
    out = tmp_path / "out.mp4"
    export(plan, out)
    with av.open(str(out)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    for f in (2, 5, 12, 17, 19):
        got = frame_at(plan, f * 1_000_000 // FPS)
        mse = float(np.mean((got.astype(float) - frames[f].astype(float)) ** 2))
        psnr = 99.0 if mse == 0 else 10 * np.log10(255**2 / mse)
        assert psnr >= 40, f"frame {f}: {psnr:.1f} dB"


# ------------------------------------------------------------------------- stickers
def sticker_project(media, path: Path, kind: str, clip: Clip, **size: int) -> Project:
    p = project(media, Clip(text=" ", duration_us=1))  # an empty overlay text: drawn as nothing
    asset = Asset(path=str(path), kind=kind, width=size.get("w", 80), height=size.get("h", 80))
    if kind == "video":
        asset.duration_us = 200_000
    p.assets[asset.id] = asset
    clip.asset_id = asset.id
    p.timeline.ensure_track("overlay").clips.append(clip)
    return p


def alpha_png(tmp_path: Path) -> Path:
    from PIL import Image, ImageDraw

    im = Image.new("RGBA", (80, 80), (0, 0, 0, 0))
    ImageDraw.Draw(im).ellipse((10, 10, 70, 70), fill=(255, 255, 255, 255))
    out = tmp_path / "sticker.png"
    im.save(out)
    return out


def sticker(kind: str, out: str = "none") -> Clip:
    from shortvid_desktop.core.model import Transform

    return Clip(
        duration_us=2_000_000,
        transform=Transform(scale=0.4),
        anim_in=TextAnim(kind, 1_000_000),
        anim_out=TextAnim(out, 500_000),
    )


def test_a_png_sticker_keeps_its_transparency_and_animates(media, tmp_path: Path) -> None:
    png = alpha_png(tmp_path)
    plan = compile_plan(sticker_project(media, png, "image", sticker("pop")))
    early, late = frame_at(plan, 200_000), frame_at(plan, 1_400_000)
    n_late = lit(late).sum()
    # a circle 60/80 of a 64-pixel box (0.4 x 160): about pi * 24^2 pixels, its corners clear
    assert 1300 < n_late < 2200
    assert 0 < lit(early).sum() < 0.5 * n_late
    plan = compile_plan(sticker_project(media, png, "image", sticker("slide", out="fade")))
    xe = np.nonzero(lit(frame_at(plan, 500_000)))[1].mean()
    xl = np.nonzero(lit(frame_at(plan, 1_400_000)))[1]
    assert abs(xl.mean() - W / 2) < 3 and xe < xl.mean() - 20
    assert frame_at(plan, 1_900_000).mean() < 0.5 * frame_at(plan, 1_400_000).mean()
    plan = compile_plan(sticker_project(media, png, "image", sticker("fade")))
    assert frame_at(plan, 200_000).mean() < 0.5 * frame_at(plan, 1_400_000).mean()


@pytest.mark.parametrize("ext", ["gif", "webp"])
def test_a_two_frame_animated_sticker_loops(media, tmp_path: Path, ext: str) -> None:
    from PIL import Image

    gif = tmp_path / f"blink.{ext}"
    red, blue = Image.new("RGB", (80, 80), (255, 0, 0)), Image.new("RGB", (80, 80), (0, 0, 255))
    red.save(gif, save_all=True, append_images=[blue], duration=100, loop=0)
    plan = compile_plan(sticker_project(media, gif, "video", sticker("none")))

    def colour(t_us: int) -> str:
        f = frame_at(plan, t_us).astype(int)
        r, b = (f[..., 0] > 150).sum(), (f[..., 2] > 150).sum()
        assert max(r, b) > 500
        return "red" if r > b else "blue"

    assert [colour(t) for t in (0, 100_000, 1_000_000, 1_100_000)] == [
        "red",
        "blue",
        "red",
        "blue",
    ]
