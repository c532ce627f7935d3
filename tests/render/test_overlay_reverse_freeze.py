"""Reverse and freeze frame on an overlay-track (picture-in-picture) clip, as on the main track:
the commands (one named undo step each; the freeze splits the clip at the playhead and leaves
the track's other clips alone), and real renders of a canvas-sized overlay clip over a black
still. Each exported frame is matched against every source frame (PSNR): a reversed clip shows
the expected source frames last first (at 1x and at 1.5x), a freeze frame holds the one frame
at its in-point; the preview (rendered in windows that start inside the clip) equals the
export; the MoviePy engine picks the same source frames as the graph."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from frame_tools import frames_of, moving_clip, psnr

from shortvid_desktop.core.model import Asset, Clip, KenBurns, Project
from shortvid_desktop.edits.commands.effects import FreezeFrameCommand, ReverseCommand
from shortvid_desktop.edits.errors import EditError
from shortvid_desktop.edits.stack import CommandStack
from shortvid_desktop.media.ffmpeg import run_ffmpeg
from shortvid_desktop.render.export import export
from shortvid_desktop.render.plan import compile_plan
from shortvid_desktop.render.window import FrameRenderer

W, H, FPS = 160, 284, 10
SRC_S = 4.0
S = 1_000_000


@pytest.fixture(scope="module")
def src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4 s canvas-sized clip, every frame different."""
    return moving_clip(tmp_path_factory.mktemp("ovrf") / "src.mkv", W, H, FPS, SRC_S)


@pytest.fixture(scope="module")
def source(src) -> list[np.ndarray]:
    return frames_of(src)


def shown(frames: list[np.ndarray], source: list[np.ndarray]) -> list[int]:
    """The source frame each frame shows (the best PSNR)."""
    return [max(range(len(source)), key=lambda i, f=f: psnr(f, source[i])) for f in frames]


def project(tmp: Path, src: Path, **clip_kw) -> Project:
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = W, H, FPS
    p.template.title_card = False
    p.template.quality = "high"
    black = tmp / "black.png"
    if not black.exists():
        run_ffmpeg(["-f", "lavfi", "-i", f"color=c=black:s={W}x{H}", "-frames:v", "1", str(black)])
    bg = Asset(path=str(black), kind="image", width=W, height=H)
    a = Asset(
        path=str(src), kind="video", width=W, height=H, duration_us=int(SRC_S * S), fps_num=FPS
    )
    p.assets[bg.id], p.assets[a.id] = bg, a
    p.timeline.ensure_track("video").clips.append(
        Clip(id="bg", asset_id=bg.id, duration_us=2 * S, ken_burns=KenBurns("none"))
    )
    p.timeline.ensure_track("overlay").clips.append(Clip(id="ov", asset_id=a.id, **clip_kw))
    return p


def preview(plan, t_us: int) -> np.ndarray:
    with FrameRenderer(plan) as r:
        img = r.frame(t_us, scale=1.0)
    return np.frombuffer(img.rgb, np.uint8).reshape(img.height, img.width, 3)


def reversed_frames(first: int, total: int, speed: float) -> list[int]:
    """The source frames a reversed clip shows: its frames picked forward (fps keeps the
    latest source frame whose slot round(i / speed) is at most k), shown last first."""
    return [first + math.ceil((total - 1 - k + 0.5) * speed) - 1 for k in range(total)]


# ----------------------------------------------------------------------------- commands
def test_reverse_and_freeze_of_an_overlay_clip_are_named_undo_steps(src, tmp_path) -> None:
    p = project(tmp_path, src, duration_us=2 * S)
    other = Clip(id="o2", asset_id=p.timeline.find_clip("ov")[1].asset_id, start_us=5 * S)
    other.duration_us = S
    p.timeline.track("overlay").clips.append(other)
    stack = CommandStack(p)
    stack.push(ReverseCommand(p, "ov"))
    assert p.timeline.find_clip("ov")[1].reverse and stack.undo_text == "Reverse clip"
    stack.undo()
    assert not p.timeline.find_clip("ov")[1].reverse
    before = [(c.id, c.start_us, c.duration_us) for c in p.timeline.track("overlay").clips]
    command = FreezeFrameCommand(p, "ov", 800_000, 1_000_000)
    stack.push(command)
    assert stack.undo_text == "Freeze frame"
    parts = p.timeline.track("overlay").sorted_clips()
    frozen = p.timeline.find_clip(command.freeze_id)[1]
    assert frozen.freeze and (frozen.start_us, frozen.duration_us) == (800_000, S)
    assert frozen.source_in_us == 800_000  # the frame under the playhead
    assert [(c.start_us, c.end_us) for c in parts] == [
        (0, 800_000), (800_000, 1_800_000), (1_800_000, 3 * S), (5 * S, 6 * S)
    ]  # fmt: skip
    assert p.timeline.find_clip("bg")[1].duration_us == 2 * S  # the main track stays
    stack.undo()
    assert [(c.id, c.start_us, c.duration_us) for c in p.timeline.track("overlay").clips] == before
    stack.redo()
    with pytest.raises(EditError, match="nothing to reverse"):
        ReverseCommand(p, command.freeze_id)  # a freeze frame shows one picture


# ----------------------------------------------------------------------------- renders
def test_a_reversed_overlay_clip_shows_its_frames_last_first(src, source, tmp_path) -> None:
    plan = compile_plan(project(tmp_path, src, duration_us=1_500_000, source_in_us=500_000,
                                reverse=True))  # fmt: skip
    assert plan.pictures[0].reverse
    out = tmp_path / "rev.mp4"
    export(plan, out)
    got = frames_of(out)
    assert len(got) == 20
    want = reversed_frames(5, 15, 1.0)  # 19, 18, ... 5
    assert want[0] == 19 and want[-1] == 5
    assert shown(got[:15], source) == want
    assert min(psnr(got[k], source[want[k]]) for k in range(15)) >= 30
    # a preview inside the clip (its window starts there) shows the same frames
    for n in (7, 13):
        assert psnr(preview(plan, n * 100_000), got[n]) >= 40


def test_a_reversed_overlay_clip_at_one_and_a_half_times(src, source, tmp_path) -> None:
    from shortvid_desktop.render.moviepy import ReferenceFrames

    plan = compile_plan(project(tmp_path, src, duration_us=S, source_in_us=S,
                                reverse=True, speed=1.5))  # fmt: skip
    out = tmp_path / "rev15.mp4"
    export(plan, out)
    got = frames_of(out)[:10]
    with ReferenceFrames(plan) as ref:
        moviepy = [ref.frame(n) for n in range(10)]
    want = reversed_frames(10, 10, 1.5)
    assert shown(got, source) == shown(moviepy, source) == want  # the MoviePy engine's parity


def test_a_frozen_overlay_clip_holds_one_frame(src, source, tmp_path) -> None:
    from shortvid_desktop.render.moviepy import ReferenceFrames

    plan = compile_plan(project(tmp_path, src, start_us=300_000, duration_us=1_200_000,
                                source_in_us=2_000_000, freeze=True))  # fmt: skip
    assert plan.pictures[0].freeze
    out = tmp_path / "freeze.mp4"
    export(plan, out)
    got = frames_of(out)
    assert shown(got[3:15], source) == [20] * 12  # the in-point's frame, held
    assert all(psnr(f, got[3]) >= 45 for f in got[4:15])
    assert got[0].max() < 30 and got[16].max() < 30  # black before and after it
    with ReferenceFrames(plan) as ref:
        assert shown([ref.frame(n) for n in (3, 9, 14)], source) == [20, 20, 20]
    assert psnr(preview(plan, 1_000_000), got[10]) >= 40


def test_freeze_frame_command_then_render_holds_the_playhead_frame(src, source, tmp_path) -> None:
    p = project(tmp_path, src, duration_us=2 * S)
    stack = CommandStack(p)
    stack.push(FreezeFrameCommand(p, "ov", 700_000, 600_000))  # 0.7-1.3 s holds frame 7
    plan = compile_plan(p)
    out = tmp_path / "cmd_freeze.mp4"
    export(plan, out)
    got = frames_of(out)
    assert shown(got[:7], source) == list(range(7))
    assert shown(got[7:13], source) == [7] * 6
    assert shown(got[13:20], source) == list(range(7, 14))  # then the clip goes on
