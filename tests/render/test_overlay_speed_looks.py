"""Overlay-track pictures and clips with their own speed and colour look: the commands (one undo
step each, text refused), and real renders (an overlay clip at 2x shows source frame 2N at
output frame N and is heard for half as long at its own pitch, the preview equals the export;
a look brightens or greys a sticker while its transparent surroundings stay transparent)."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from frame_tools import frames_of, moving_clip, psnr
from PIL import Image, ImageDraw

from shortvid_desktop.core.model import Asset, Clip, ColorGrade, KenBurns, Project, Transform
from shortvid_desktop.edits.commands.effects import ColorCommand, SpeedCommand
from shortvid_desktop.edits.errors import EditError
from shortvid_desktop.edits.stack import CommandStack
from shortvid_desktop.media.ffmpeg import run_ffmpeg
from shortvid_desktop.render.export import export
from shortvid_desktop.render.plan import compile_plan
from shortvid_desktop.render.window import FrameRenderer

W, H, FPS = 160, 284, 10
SRC_S = 4.0


@pytest.fixture(scope="module")
def src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4 s canvas-sized clip, every frame different."""
    return moving_clip(tmp_path_factory.mktemp("ovfx") / "src.mkv", W, H, FPS, SRC_S)


@pytest.fixture(scope="module")
def sticker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An orange disc on a transparent square."""
    out = tmp_path_factory.mktemp("ovst") / "disc.png"
    im = Image.new("RGBA", (80, 80), (255, 255, 255, 0))  # white where transparent
    ImageDraw.Draw(im).ellipse([10, 10, 70, 70], fill=(200, 120, 60, 255))
    im.save(out)
    return out


def base(tmp: Path) -> Project:
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = W, H, FPS
    p.template.title_card = False
    p.template.quality = "high"
    black = tmp / "black.png"
    if not black.exists():
        run_ffmpeg(["-f", "lavfi", "-i", f"color=c=black:s={W}x{H}", "-frames:v", "1", str(black)])
    bg = Asset(path=str(black), kind="image", width=W, height=H)
    p.assets[bg.id] = bg
    p.timeline.ensure_track("video").clips.append(
        Clip(id="bg", asset_id=bg.id, duration_us=2_000_000, ken_burns=KenBurns("none"))
    )
    return p


def with_clip(p: Project, src: Path, **kw) -> Project:
    a = Asset(
        path=str(src), kind="video", width=W, height=H, duration_us=int(SRC_S * 1e6), fps_num=FPS
    )
    p.assets[a.id] = a
    p.timeline.ensure_track("overlay").clips.append(Clip(id="ov", asset_id=a.id, **kw))
    return p


def with_sticker(p: Project, path: Path, grade: ColorGrade | None = None) -> Project:
    a = Asset(path=str(path), kind="image", width=80, height=80)
    p.assets[a.id] = a
    clip = Clip(id="st", asset_id=a.id, duration_us=2_000_000, transform=Transform(scale=0.5))
    if grade is not None:
        clip.color = grade
    p.timeline.ensure_track("overlay").clips.append(clip)
    return p


def preview(plan, t_us: int) -> np.ndarray:
    with FrameRenderer(plan) as r:
        img = r.frame(t_us, scale=1.0)
    return np.frombuffer(img.rgb, np.uint8).reshape(img.height, img.width, 3)


# ----------------------------------------------------------------------------- commands
def test_speed_of_an_overlay_clip_is_one_undo_step(src, tmp_path) -> None:
    p = with_clip(base(tmp_path), src, start_us=200_000, duration_us=1_800_000)
    stack = CommandStack(p)
    stack.push(SpeedCommand(p, "ov", 2.0))
    ov = p.timeline.find_clip("ov")[1]
    assert (ov.speed, ov.duration_us, ov.start_us) == (2.0, 900_000, 200_000)
    assert p.timeline.find_clip("bg")[1].duration_us == 2_000_000  # the main track stays
    stack.undo()
    assert (ov.speed, ov.duration_us) == (1.0, 1_800_000)
    stack.redo()
    assert ov.speed == 2.0  # (reverse and freeze: tests/render/test_overlay_reverse_freeze.py)


def test_colour_of_an_overlay_picture_not_of_text(sticker, tmp_path) -> None:
    p = with_sticker(base(tmp_path), sticker)
    p.timeline.ensure_track("overlay").clips.append(Clip(id="tx", text="Hi", start_us=0))
    stack = CommandStack(p)
    stack.push(ColorCommand("st", ColorGrade(brightness=0.2)))
    assert p.timeline.find_clip("st")[1].color.brightness == 0.2
    stack.undo()
    assert p.timeline.find_clip("st")[1].color == ColorGrade()
    with pytest.raises(EditError, match="not text"):
        stack.push(ColorCommand("tx", ColorGrade(brightness=0.2)))


# ----------------------------------------------------------------------------- renders
def test_overlay_clip_at_twice_the_speed_shows_frame_2n(src, tmp_path) -> None:
    source = frames_of(src)
    p = with_clip(base(tmp_path), src, duration_us=2_000_000, speed=2.0)
    out = tmp_path / "ov2x.mp4"
    plan = compile_plan(p)
    assert plan.pictures[0].speed == 2.0
    export(plan, out)
    got = frames_of(out)
    assert len(got) == 20
    for n in (1, 5, 9, 14, 18):
        match = psnr(got[n], source[2 * n])
        assert match >= 30, f"frame {n}: {match:.1f} dB against source frame {2 * n}"
        assert match > psnr(got[n], source[n]) + 3
    # a preview frame inside a later window shows the same
    assert psnr(preview(plan, 1_400_000), got[14]) >= 40


def test_overlay_clip_at_half_speed_shows_frame_n_over_2(src, tmp_path) -> None:
    source = frames_of(src)
    p = with_clip(base(tmp_path), src, duration_us=2_000_000, speed=0.5)
    plan = compile_plan(p)
    for n in (4, 12):
        got = preview(plan, n * 100_000)
        assert psnr(got, source[n // 2]) >= 30
        assert psnr(got, source[n // 2]) > psnr(got, source[n]) + 3


def test_a_look_on_a_sticker_changes_its_colour_and_keeps_its_transparency(
    sticker, tmp_path
) -> None:
    plain = preview(compile_plan(with_sticker(base(tmp_path), sticker)), 500_000)
    bright = preview(
        compile_plan(with_sticker(base(tmp_path), sticker, ColorGrade(brightness=0.3))), 500_000
    )
    mono = preview(
        compile_plan(with_sticker(base(tmp_path), sticker, ColorGrade(lut="mono"))), 500_000
    )
    disc = (slice(H // 2 - 8, H // 2 + 8), slice(W // 2 - 8, W // 2 + 8))
    corner = (slice(H // 2 - 38, H // 2 - 35), slice(W // 2 - 38, W // 2 - 35))  # transparent
    assert bright[disc].mean() > plain[disc].mean() + 40
    p = plain[disc].astype(float)
    m = mono[disc].astype(float)
    assert np.ptp(p.mean(axis=(0, 1))) > 60  # orange: channels far apart
    assert np.ptp(m.mean(axis=(0, 1))) < 8  # the mono look: grey
    for frame in (plain, bright, mono):
        assert frame[corner].max() < 30  # the black background shows through


def test_a_graded_overlay_clip_export_equals_preview(src, tmp_path) -> None:
    p = with_clip(
        base(tmp_path),
        src,
        duration_us=2_000_000,
        speed=1.5,
        transform=Transform(scale=0.6),
        color=ColorGrade(saturation=0.0, temperature=4000, lut="warm"),
    )
    plan = compile_plan(p)
    out = tmp_path / "graded.mp4"
    export(plan, out)
    got = frames_of(out)
    for n in (3, 12):
        assert psnr(preview(plan, n * 100_000), got[n]) >= 40


def test_an_overlay_clip_at_twice_the_speed_is_heard_at_its_pitch(tmp_path) -> None:
    """A picture-in-picture clip's sound plays with it: at 2x for half as long, at 440 Hz."""
    src = tmp_path / "tone.mkv"
    run_ffmpeg(
        [
            "-f", "lavfi", "-i", f"testsrc2=s={W}x{H}:r={FPS}:d=2",
            "-f", "lavfi", "-i", "sine=f=440:d=2:r=48000",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "pcm_s16le", "-shortest", str(src),
        ]
    )  # fmt: skip
    p = base(tmp_path)
    a = Asset(path=str(src), kind="video", width=W, height=H, duration_us=2_000_000, has_audio=True)
    p.assets[a.id] = a
    p.timeline.ensure_track("overlay").clips.append(
        Clip(id="ov", asset_id=a.id, duration_us=1_000_000, speed=2.0, transform=Transform(0.5))
    )
    plan = compile_plan(p)
    assert [piece.speed for piece in plan.clip_audio] == [2.0]
    out = tmp_path / "heard.mp4"
    export(plan, out)
    with av.open(str(out)) as c:
        rs = av.AudioResampler(format="flt", layout="mono", rate=48_000)
        pcm = np.concatenate(
            [f.to_ndarray()[0] for fr in c.decode(audio=0) for f in rs.resample(fr)]
        )
    blocks = pcm[: len(pcm) // 2400 * 2400].reshape(-1, 2400)
    rms = np.sqrt((blocks**2).mean(axis=1))
    loud = np.nonzero(rms > rms.max() * 0.1)[0]
    assert abs((loud[-1] + 1) * 0.05 - 1.0) <= 0.1  # 2 s of source in 1 s
    tone = pcm[4800:43200]
    spec = np.abs(np.fft.rfft(tone * np.hanning(len(tone))))
    hz = np.argmax(spec) * 48_000 / len(tone)
    assert abs(hz - 440) / 440 < 0.03, hz  # the pitch kept (atempo)
