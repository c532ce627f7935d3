"""Template features, each compiled into the one graph and checked on real renders."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from shortvid_desktop.core.model import (
    Asset,
    CaptionStyle,
    Clip,
    KenBurns,
    Project,
    Transition,
    WordTiming,
    canvas_for,
)
from shortvid_desktop.media.ffmpeg import run_ffmpeg
from shortvid_desktop.render.captions import CLOSING, build_ass, max_line_em, paginate
from shortvid_desktop.render.export import export
from shortvid_desktop.render.plan import CaptionBlock, CaptionWord, compile_plan

FPS = 15


def base(w: int = 180, h: int = 320) -> Project:
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = w, h, FPS
    p.template.title_card = False
    p.template.quality = "high"
    return p


def add(p: Project, path: Path, kind: str, **kw: object) -> Asset:
    a = Asset(path=str(path), kind=kind, **kw)  # type: ignore[arg-type]
    p.assets[a.id] = a
    return a


def frames_of(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def grey_video(p: Project, media, seconds: float = 2.0) -> None:
    g = add(
        p, media.image("feat_grey.png", "64x64", color="0x303030"), "image", width=64, height=64
    )
    p.timeline.ensure_track("video").clips.append(
        Clip(asset_id=g.id, duration_us=int(seconds * 1e6))
    )


@pytest.mark.parametrize("aspect", ["16:9", "1:1", "4:5"])
def test_aspects_render_with_captions_in_the_safe_area(
    aspect: str,
    media,
    tmp_path: Path,
) -> None:
    w, h = (v // 4 for v in canvas_for(aspect, "720p"))
    w, h = w - w % 2, h - h % 2
    p = base(w, h)
    p.template.caption.size = 200
    grey_video(p, media)
    tone = media.audio("feat_tone.wav", seconds=2)
    v = add(p, tone, "audio", duration_us=2_000_000)
    p.timeline.ensure_track("voice").clips.append(
        Clip(
            asset_id=v.id, duration_us=2_000_000, text="Hi.", words=[WordTiming("Hi", 0, 1_500_000)]
        )
    )
    out = tmp_path / "a.mp4"
    export(compile_plan(p), out)
    frame = frames_of(out)[5]
    assert frame.shape[:2] == (h, w)
    rows = np.nonzero((frame[..., 0] > 200).any(axis=1))[0]  # white or highlighted: bright red
    assert rows.size, "caption drawn"
    assert rows.max() < h * 0.97 and rows.min() > h * 0.5  # low, but inside the frame


def test_fit_pad_uses_the_pad_colour_and_fit_blur_fills(media, tmp_path: Path) -> None:
    p = base()
    p.template.pad_color = "#FF0000"
    land = add(
        p, media.image("feat_land.png", "640x360", color="blue"), "image", width=640, height=360
    )
    t = p.timeline.ensure_track("video")
    t.clips += [
        Clip(asset_id=land.id, duration_us=1_000_000, fit="fit_pad"),
        Clip(asset_id=land.id, start_us=1_000_000, duration_us=1_000_000, fit="fit_blur"),
    ]
    out = tmp_path / "fit.mp4"
    export(compile_plan(p), out)
    frames = frames_of(out)
    pad = frames[5]
    assert pad[5, 90, 0] > 200 and pad[5, 90, 2] < 60  # red band at the top
    assert pad[160, 90, 2] > 200  # blue picture in the middle
    blur = frames[20]
    assert blur[5, 90, 2] > 80 and blur[5, 90, 0] < 60  # a blurred (blue) copy, not red or black


@pytest.mark.parametrize("mode", ["pan_right", "pan_up"])
def test_ken_burns_pan_is_smooth_to_a_fraction_of_a_pixel(mode: str, tmp_path: Path) -> None:
    """A thin bright bar on black, panned: its centre must follow a straight line to within a
    fraction of a pixel (whole-pixel cropping would leave stair steps of up to half a pixel
    either side, and stand still between steps). Across (a vertical bar, pan_right) and up and
    down (a horizontal bar, pan_up): pans move through two phase planes a frame apart."""
    across = mode == "pan_right"
    bar = tmp_path / "bar.png"
    size, box = (
        ("1280x960", "x=636:y=0:w=8:h=960") if across else ("960x1280", "x=0:y=636:w=960:h=8")
    )
    run_ffmpeg(
        [
            "-f",
            "lavfi",
            "-i",
            f"color=c=black:s={size}",
            "-vf",
            f"drawbox={box}:color=white:t=fill",
            "-frames:v",
            "1",
            str(bar),
        ]
    )
    p = base(240, 428)
    p.template.fps = 30
    iw, ih = (int(v) for v in size.split("x"))
    big = add(p, bar, "image", width=iw, height=ih)
    p.timeline.ensure_track("video").clips.append(
        Clip(asset_id=big.id, duration_us=2_000_000, ken_burns=KenBurns(mode, 0.2, "linear"))
    )
    out = tmp_path / "pan.mp4"
    export(compile_plan(p), out)
    xs = []
    for f in frames_of(out):
        profile = f[100:300].mean(axis=(0, 2)) if across else f[:, 60:180].mean(axis=(1, 2))
        profile = np.clip(profile - 20, 0, None)
        xs.append(float((profile * np.arange(len(profile))).sum() / profile.sum()))
    xs = np.array(xs)
    t = np.arange(len(xs))
    fit = np.polyfit(t, xs, 1)
    residual = xs - np.polyval(fit, t)
    # the window slides over 240 * (1 - 1/1.2) = 40 canvas px (428 * (1 - 1/1.2) up), magnified
    # 1.2x, in 59 frames
    expected = (240 if across else 428) * 0.2 / 59
    assert abs(abs(fit[0]) - expected) < 0.05 * expected, (fit[0], expected)
    assert np.abs(residual).max() < 0.35, np.round(residual, 2)


@pytest.mark.parametrize("kind", ["fadeblack", "fadewhite", "slideup", "wiperight", "zoomin"])
def test_transitions_keep_total_duration_exact(kind: str, media, tmp_path: Path) -> None:
    p = base()
    a = add(p, media.image("feat_a.png", "64x64", color="red"), "image", width=64, height=64)
    b = add(p, media.image("feat_b.png", "64x64", color="blue"), "image", width=64, height=64)
    t = p.timeline.ensure_track("video")
    t.clips += [
        Clip(asset_id=a.id, duration_us=1_000_000),
        Clip(
            asset_id=b.id,
            start_us=600_000,
            duration_us=1_000_000,
            transition_in=Transition(kind, 400_000),
        ),
    ]
    out = tmp_path / f"{kind}.mp4"
    export(compile_plan(p), out)
    frames = frames_of(out)
    assert len(frames) == 24  # 1.6 s at 15 fps
    first, last = frames[0].astype(int), frames[-1].astype(int)
    between = [
        f for f in frames[9:15] if np.abs(f - first).mean() > 10 and np.abs(f - last).mean() > 10
    ]
    assert between, "the transition shows neither picture alone"


def test_title_outro_overlay_and_watermark(media, tmp_path: Path) -> None:
    p = base()
    p.title = "Title"
    p.template.title_card = True
    p.template.outro_text = "Bye"
    p.template.caption.size = 160
    logo = media.image("feat_logo.png", "64x64", color="yellow")
    p.template.watermark_image = str(logo)
    p.template.watermark_opacity = 1.0
    p.template.watermark_position = "bottom_left"
    grey_video(p, media, seconds=6)
    p.timeline.ensure_track("overlay").clips.append(
        Clip(start_us=2_800_000, duration_us=800_000, text="TOP")
    )
    out = tmp_path / "cards.mp4"
    export(compile_plan(p), out)
    frames = frames_of(out)

    def white_rows(f: np.ndarray) -> np.ndarray:
        return np.nonzero((f.min(axis=2) > 200).any(axis=1))[0]

    assert white_rows(frames[8]).size  # the title card (0-1.5 s)
    assert white_rows(frames[40]).size == 0  # 2.67 s: nothing
    top = white_rows(frames[48])  # 3.2 s: the overlay, at the top
    assert top.size and top.max() < 160
    assert white_rows(frames[-3]).size  # the outro card at the end
    corner = frames[40][300:318, 8:26]  # bottom-left logo
    assert corner[..., 0].mean() > 180 and corner[..., 2].mean() < 80


def test_clip_audio_volume_and_music_fades(media, tmp_path: Path) -> None:
    p = base()
    clip = add(
        p,
        media.video("feat_v.mp4", seconds=3),
        "video",
        width=320,
        height=240,
        has_audio=True,
        duration_us=3_000_000,
    )
    t = p.timeline.ensure_track("video")
    t.clips += [
        Clip(asset_id=clip.id, duration_us=1_500_000, volume=0.0),
        Clip(
            asset_id=clip.id,
            start_us=1_500_000,
            duration_us=1_500_000,
            source_in_us=1_000_000,
            volume=1.0,
        ),
    ]
    out = tmp_path / "vol.mp4"
    p.template.loudness_lufs = -20
    export(compile_plan(p), out)
    with av.open(str(out)) as c:
        pcm = np.concatenate([f.to_ndarray().mean(axis=0) for f in c.decode(audio=0)])
    first = np.abs(pcm[:48000]).mean()
    second = np.abs(pcm[96000:120000]).mean()
    assert second > 20 * max(first, 1e-6)


def test_pop_tags_and_cjk_line_breaking() -> None:
    style = CaptionStyle(max_chars_per_line=6, pop=True)
    text = "今天，我们一起去公园散步。然后，回家做饭！"
    words = [CaptionWord(ch, i * 100_000, i * 100_000 + 90_000) for i, ch in enumerate(text)]
    block = CaptionBlock(tuple(words), 0, len(text) * 100_000)
    for page in paginate(block, style, 6):
        for line in page.lines:
            assert line[0].text[0] not in CLOSING, [w.text for w in line]
    p = base()
    p.template.caption = style
    plan = compile_plan_with_caption(p, words)
    ass = build_ass(plan, "Noto Sans CJK SC")
    assert "\\fscx118" in ass and "\\t(0,140" in ass
    assert max_line_em(style, 1080, 1920) == 6


def compile_plan_with_caption(p: Project, words: list[CaptionWord]):
    from dataclasses import replace

    p.timeline.ensure_track("video")
    p.timeline.tracks[0].clips.append(Clip(asset_id="", duration_us=3_000_000, text="x"))
    p.timeline.tracks[0].kind = "overlay"
    plan = compile_plan(p)
    return replace(plan, captions=(CaptionBlock(tuple(words), 0, 2_000_000),), language="zh")
