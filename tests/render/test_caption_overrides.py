"""Per-scene caption overrides: one ASS style per look, honoured by the FFmpeg graph and by the
MoviePy reference engine at that scene only (small real renders)."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from shortvid_desktop.core.model import (
    Asset,
    CaptionOverride,
    Clip,
    Project,
    Scene,
    WordTiming,
)
from shortvid_desktop.media.ffmpeg import run_ffmpeg
from shortvid_desktop.render.captions import build_ass, build_srt, caption_styles
from shortvid_desktop.render.export import export
from shortvid_desktop.render.plan import compile_plan

GREEN = "#00FF00"


def _project(media, tmp_path: Path) -> Project:
    p = Project(title="", language="en")
    p.template.width, p.template.height, p.template.fps = 180, 320, 15
    p.template.title_card = False
    p.template.quality = "draft"
    p.template.caption.size = 160  # readable on this tiny canvas
    wav = tmp_path / "cap_voice.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=f=300:d=2:r=48000", "-af", "volume=0.3", str(wav)])
    voice = Asset(path=str(wav), kind="audio", duration_us=2_000_000)
    bg_path = media.image("cap_grey.png", "64x64", color="0x404040")
    bg = Asset(path=str(bg_path), kind="image", width=64, height=64)
    p.assets = {voice.id: voice, bg.id: bg}
    p.script.scenes = [
        Scene(id="sc_plain", narration="Hello there."),
        Scene(
            id="sc_green",
            narration="Green words.",
            caption_style=CaptionOverride(color=GREEN, highlight_color=GREEN, size=150),
        ),
    ]
    p.timeline.ensure_track("video").clips.append(Clip(asset_id=bg.id, duration_us=4_000_000))
    track = p.timeline.ensure_track("voice")
    for i, (scene, text) in enumerate((("sc_plain", "Hello there."), ("sc_green", "Green words."))):
        first, second = text.rstrip(".").split()
        track.clips.append(
            Clip(
                asset_id=voice.id,
                start_us=i * 2_000_000,
                duration_us=2_000_000,
                text=text,
                scene_id=scene,
                words=[WordTiming(first, 0, 800_000), WordTiming(second, 900_000, 1_600_000)],
            )
        )
    return p


def _frame(path: Path, t: float) -> np.ndarray:
    with av.open(str(path)) as c:
        best = None
        for frame in c.decode(video=0):
            if frame.time is not None and frame.time <= t + 1e-6:
                best = frame
            else:
                break
        assert best is not None
        return best.to_ndarray(format="rgb24").astype(int)


def _white(f: np.ndarray) -> int:
    return int((f.min(axis=2) > 200).sum())


def _green(f: np.ndarray) -> int:
    return int(((f[..., 1] > 170) & (f[..., 0] < 100) & (f[..., 2] < 100)).sum())


def _yellow(f: np.ndarray) -> int:
    return int(((f[..., 0] > 180) & (f[..., 1] > 150) & (f[..., 2] < 90)).sum())


def test_each_look_gets_its_own_ass_style(media, tmp_path: Path) -> None:
    plan = compile_plan(_project(media, tmp_path))
    looks = caption_styles(plan)
    assert [name for name, _ in looks.values()] == ["Caption", "Caption2"]
    assert plan.captions[0].style is None and plan.captions[1].style is not None
    assert plan.captions[1].style.color == GREEN and plan.captions[1].style.size == 150
    ass = build_ass(plan, "DejaVu Sans")
    style2 = next(line for line in ass.splitlines() if line.startswith("Style: Caption2,"))
    assert ",&H0000FF00,&H0000FF00," in style2  # ASS colours are &HAABBGGRR
    events = [line for line in ass.splitlines() if line.startswith("Dialogue:")]
    assert any(",Caption," in e and "Hello" in e for e in events)
    assert any(",Caption2," in e and "Green" in e for e in events)
    assert not any(",Caption2," in e and "Hello" in e for e in events)
    assert "Green\nwords." in build_srt(plan)  # size 150 wraps the line on this canvas


def test_override_changes_pixels_only_in_its_scene(media, tmp_path: Path) -> None:
    out = tmp_path / "override.mp4"
    export(compile_plan(_project(media, tmp_path)), out)
    plain, green = _frame(out, 0.5), _frame(out, 2.5)
    assert _white(plain) > 20 and _yellow(plain) > 20  # the template's look
    assert _green(plain) == 0
    assert _green(green) > 20  # the scene's own look
    assert _white(green) == 0 and _yellow(green) == 0


def test_moviepy_reference_honours_the_override(media, tmp_path: Path) -> None:
    pytest.importorskip("moviepy")
    from shortvid_desktop.render.moviepy import export_moviepy

    out = tmp_path / "override_mpy.mp4"
    export_moviepy(compile_plan(_project(media, tmp_path)), out)
    plain, green = _frame(out, 0.5), _frame(out, 2.5)
    assert _white(plain) > 20 and _green(plain) == 0
    assert _green(green) > 20 and _white(green) == 0
