"""The title card, overlays and captions keep apart at any caption size and position (issue 10:
large captions ran into the title card). The boxes are read back from the ASS script as libass
lays it out (line pitch one font size, alignment, margins, \\pos and \\fs overrides), and a
real small render is checked too: the title's white ink and the captions' green ink share no
row of the frame."""

from __future__ import annotations

import re
from pathlib import Path

import av
import numpy as np
import pytest

from shortvid_desktop.core.model import Asset, CaptionOverride, Clip, Project, Scene, WordTiming
from shortvid_desktop.core.timebase import US_PER_SECOND
from shortvid_desktop.media.ffmpeg import run_ffmpeg
from shortvid_desktop.render.captions import build_ass
from shortvid_desktop.render.export import export
from shortvid_desktop.render.plan import compile_plan

GREEN = "#00FF00"
WORDS = "Large captions must never run into the title card at the top".split()


def _project(media, tmp_path: Path, position: str, size: int, w: int = 360, h: int = 640):
    p = Project(title="Three tips for better sleep tonight", language="en")
    t = p.template
    t.width, t.height, t.fps, t.quality = w, h, 15, "draft"
    t.title_card, t.scene_text = True, True
    t.caption.size, t.caption.position = size, position
    wav = tmp_path / "tl_voice.wav"
    if not wav.exists():
        run_ffmpeg(["-f", "lavfi", "-i", "sine=f=300:d=3:r=48000", "-af", "volume=0.3", str(wav)])
    voice = Asset(path=str(wav), kind="audio", duration_us=3_000_000)
    bg_path = media.image("tl_blue.png", "64x64", color="0x203060")
    bg = Asset(path=str(bg_path), kind="image", width=64, height=64)
    p.assets = {voice.id: voice, bg.id: bg}
    # the captions green (a scene's own look) so that the title's white ink tells apart
    p.script.scenes = [
        Scene(
            id="sc1",
            narration=" ".join(WORDS),
            on_screen_text="Tip one",
            caption_style=CaptionOverride(color=GREEN, highlight_color=GREEN),
        )
    ]
    p.timeline.ensure_track("video").clips.append(Clip(asset_id=bg.id, duration_us=3_000_000))
    step = 2_400_000 // len(WORDS)
    words = [WordTiming(word, i * step, i * step + step - 40_000) for i, word in enumerate(WORDS)]
    p.timeline.ensure_track("voice").clips.append(
        Clip(
            asset_id=voice.id,
            start_us=300_000,
            duration_us=2_600_000,
            text=" ".join(WORDS),
            scene_id="sc1",
            words=words,
        )
    )
    p.timeline.ensure_track("overlay").clips.append(
        Clip(start_us=0, duration_us=3_000_000, text="Tip one", scene_id="sc1")
    )
    return p


def _ass_time(text: str) -> int:
    h, m, s = text.split(":")
    return round((int(h) * 3600 + int(m) * 60 + float(s)) * US_PER_SECOND)


def ass_boxes(ass: str) -> list[tuple[str, int, int, float, float]]:
    """(style, start, end, top, bottom) of every event, as libass places it."""
    play_h = int(re.search(r"PlayResY: (\d+)", ass).group(1))
    styles = {}
    for line in ass.splitlines():
        if line.startswith("Style:"):
            f = line[len("Style:") :].strip().split(",")
            size, outline, shadow = float(f[2]), float(f[16]), float(f[17])
            styles[f[0]] = (size, outline + shadow, int(f[18]), int(f[21]))
    out = []
    for line in ass.splitlines():
        if not line.startswith("Dialogue:"):
            continue
        _layer, start, end, style, _n, _l, _r, _v, _e, text = line[10:].split(",", 9)
        size, pad, align, margin = styles[style]
        tags = "".join(re.findall(r"\{([^}]*)\}", text))
        if m := re.search(r"\\fs(\d+)", tags):
            size = float(m.group(1))
        lines = text.count("\\N") + 1
        tall = lines * size
        if m := re.search(r"\\pos\(([\d.]+),([\d.]+)\)", tags):
            top = float(m.group(2)) - tall / 2  # \an5 with \pos: centred there
        elif align in (7, 8, 9):
            top = margin
        elif align in (4, 5, 6):
            top = (play_h - tall) / 2
        else:
            top = play_h - margin - tall
        if "\\fscy118" in text:
            tall += 0.18 * size
        out.append((style, _ass_time(start), _ass_time(end), top - pad, top + tall + pad))
    return out


def _clashes(ass: str) -> list[tuple]:
    boxes = [b for b in ass_boxes(ass) if b[0] != "Watermark"]
    clashes = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a[0].startswith("Caption") and b[0].startswith("Caption"):
                continue  # pages of captions follow each other
            if a[1] < b[2] and b[1] < a[2] and a[3] < b[4] and b[3] < a[4]:
                clashes.append((a, b))
    return clashes


@pytest.mark.parametrize("position", ["top", "middle", "bottom"])
@pytest.mark.parametrize("size", [72, 200, 300, 400])
@pytest.mark.parametrize(("w", "h"), [(360, 640), (640, 360)])
def test_title_overlay_and_captions_never_meet_in_the_ass(media, tmp_path, position, size, w, h):
    plan = compile_plan(_project(media, tmp_path, position, size, w, h))
    ass = build_ass(plan, "DejaVu Sans")
    assert not _clashes(ass)
    titles = [b for b in ass_boxes(ass) if b[0] == "Title"]
    assert titles and all(0 <= b[3] and b[4] <= h for b in titles)  # on the canvas


def test_default_look_is_unchanged(media, tmp_path) -> None:
    """At the template's own caption size nothing has to move: no \\pos is written."""
    ass = build_ass(compile_plan(_project(media, tmp_path, "bottom", 72)), "DejaVu Sans")
    assert "\\pos(" not in ass and "\\fs" not in ass


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


def _rows(mask: np.ndarray) -> tuple[int, int]:
    rows = np.where(mask.sum(axis=1) >= 2)[0]
    assert rows.size, "no ink of that colour"
    return int(rows.min()), int(rows.max())


@pytest.mark.parametrize("position", ["top", "middle", "bottom"])
def test_rendered_title_and_first_caption_do_not_overlap(media, tmp_path, position) -> None:
    out = tmp_path / f"title_{position}.mp4"
    plan = compile_plan(_project(media, tmp_path, position, 300))
    assert not _clashes(build_ass(plan, "DejaVu Sans"))
    export(plan, out)
    frame = _frame(out, 1.0)  # the title card and the first caption page are both up
    white = frame.min(axis=2) > 200  # the title and the overlay
    green = (frame[..., 1] > 170) & (frame[..., 0] < 110) & (frame[..., 2] < 110)
    g0, g1 = _rows(green)
    w0, w1 = _rows(white)
    assert not white[g0 : g1 + 1].any(), (position, (g0, g1), (w0, w1))
