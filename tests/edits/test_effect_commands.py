"""Speed, freeze frame, reverse and colour commands: one undo step each, the main track's
ripple in the same step, the narration rule, refusals that change nothing."""

from __future__ import annotations

import pytest

from shortvid_desktop.core import Clip, Transition, to_dict
from shortvid_desktop.core.model import ColorGrade
from shortvid_desktop.edits import ClipAddCommand, ClipSplitCommand
from shortvid_desktop.edits.commands.effects import (
    ColorCommand,
    FreezeFrameCommand,
    ReverseCommand,
    SpeedCommand,
)
from shortvid_desktop.edits.commands.magnetic import is_magnetic

S = 1_000_000


@pytest.fixture
def mag(project, stack):
    """c1 0-4 s (still, sc1), c2 4-8 s (video from 1 s, sc2), c3 8-12 s (still, sc3); narration
    v1 (sc1) at 0 s and v2 (sc2) 4.3-5.8 s."""
    project.timeline.find_clip("c2")[1].transition_in = Transition()
    stack.push(
        ClipAddCommand(
            "tr_voice",
            Clip(
                id="v2",
                asset_id="voice1",
                start_us=4_300_000,
                duration_us=1_500_000,
                scene_id="sc2",
            ),
        )
    )
    stack.clear()
    assert is_magnetic(project)
    return project


def clip(project, cid: str) -> Clip:
    return project.timeline.find_clip(cid)[1]


def test_double_speed_halves_the_clip_and_closes_the_gap(mag, roundtrip) -> None:
    after = roundtrip(SpeedCommand(mag, "c2", 2.0))
    c2 = clip(mag, "c2")
    assert (c2.speed, c2.duration_us, c2.source_span_us) == (2.0, 2 * S, 4 * S)
    assert clip(mag, "c3").start_us == 6 * S
    assert clip(mag, "v2").start_us == 4_300_000  # narration stays with its picture
    assert is_magnetic(mag)
    assert after["timeline"]["tracks"][0]["clips"][1]["speed"] == 2.0


def test_half_speed_opens_room(mag, roundtrip) -> None:
    roundtrip(SpeedCommand(mag, "c2", 0.5))
    assert clip(mag, "c2").duration_us == 8 * S
    assert clip(mag, "c3").start_us == 12 * S and is_magnetic(mag)


def test_a_picture_is_never_cut_shorter_than_its_narration(mag, roundtrip) -> None:
    roundtrip(SpeedCommand(mag, "c2", 4.0))  # 1 s, but v2 speaks until 5.8 s
    assert clip(mag, "c2").duration_us == 1_800_000
    assert clip(mag, "c3").start_us == 5_800_000
    assert clip(mag, "v2").start_us == 4_300_000


def test_speed_refusals(mag, refused) -> None:
    with pytest.raises(Exception, match="only video clips on a video track"):
        SpeedCommand(mag, "c1", 2.0)  # a still
    with pytest.raises(Exception, match="0.25x to 4.0x"):
        SpeedCommand(mag, "c2", 5.0)
    refused(lambda: ColorCommand("c2", {"brightness": 3.0}), "brightness")


def test_freeze_frame_at_the_playhead(mag, stack, roundtrip) -> None:
    stack.push(SpeedCommand(mag, "c2", 2.0))  # c2 4-6 s showing source 1-5 s
    cmd = FreezeFrameCommand(mag, "c2", 5 * S, 1_500_000, freeze_id="fz", rest_id="r2")
    assert cmd.text == "Freeze frame"
    roundtrip(cmd)
    c2, fz, r2 = clip(mag, "c2"), clip(mag, "fz"), clip(mag, "r2")
    assert (c2.start_us, c2.duration_us, c2.source_in_us) == (4 * S, 1 * S, 1 * S)
    assert fz.freeze and (fz.start_us, fz.duration_us, fz.source_in_us) == (5 * S, 1_500_000, 3 * S)
    assert (r2.start_us, r2.duration_us, r2.source_in_us, r2.speed) == (
        6_500_000,
        1 * S,
        3 * S,
        2.0,
    )
    assert clip(mag, "c3").start_us == 7_500_000 and is_magnetic(mag)
    with pytest.raises(Exception, match="no speed"):
        SpeedCommand(mag, "fz", 2.0)


def test_reverse_and_its_limit(mag, stack, roundtrip) -> None:
    roundtrip(ReverseCommand(mag, "c2", True))
    assert clip(mag, "c2").reverse
    stack.push(ReverseCommand(mag, "c2", False))
    stack.push(SpeedCommand(mag, "c2", 4.0))
    long = clip(mag, "c2")
    long.duration_us = 8 * S  # 32 s of source at 4x
    with pytest.raises(Exception, match="limited to 30 s"):
        ReverseCommand(mag, "c2", True)


def test_split_of_a_fast_clip_advances_the_source_by_its_speed(mag, stack) -> None:
    stack.push(SpeedCommand(mag, "c2", 2.0))
    stack.push(ClipSplitCommand("c2", 5 * S, "c2b"))
    assert clip(mag, "c2b").source_in_us == 3 * S
    stack.undo()
    stack.push(ReverseCommand(mag, "c2", True))
    stack.push(ClipSplitCommand("c2", 5 * S, "c2b"))
    # reversed: the first part shows the end of the range (3-5 s), the second its start (1-3 s)
    assert (clip(mag, "c2").source_in_us, clip(mag, "c2b").source_in_us) == (3 * S, 1 * S)
    stack.undo()
    assert clip(mag, "c2").source_in_us == 1 * S


def test_colour_drag_is_one_step_for_a_clip_and_for_the_video(mag, stack) -> None:
    before = to_dict(mag)
    count = stack.count
    for b in (0.05, 0.1, 0.2):
        stack.push(ColorCommand("c2", ColorGrade(brightness=b)))
    assert stack.count == count + 1 and stack.undo_text == "Change colour"
    assert clip(mag, "c2").color.brightness == 0.2
    for lut in ("warm", "film"):
        stack.push(ColorCommand("", ColorGrade(lut=lut)))
    assert stack.count == count + 2 and mag.template.color.lut == "film"
    stack.undo()
    assert mag.template.color == ColorGrade()
    stack.undo()
    assert to_dict(mag) == before


def test_trims_of_a_fast_clip_move_its_source_by_its_speed(mag, stack, refused) -> None:
    from shortvid_desktop.edits import ClipTrimCommand

    stack.push(SpeedCommand(mag, "c2", 2.0))  # c2 4-6 s plays source 1-5 s (the asset: 10 s)
    stack.push(ClipTrimCommand("c2", "start", 4_500_000))
    c2 = clip(mag, "c2")
    assert (c2.start_us, c2.duration_us, c2.source_in_us) == (4_500_000, 1_500_000, 2 * S)
    stack.undo()
    # the source ends at 10 s: at 2x the clip can run 4.5 s from its 1 s in-point, not 9 s
    refused(lambda: ClipTrimCommand("c2", "end", 9 * S), "latest end is 8.500 s")
    stack.push(ReverseCommand(mag, "c2", True))
    stack.push(ClipTrimCommand("c2", "end", 5 * S))  # reversed: the source's start goes
    assert clip(mag, "c2").source_in_us == 3 * S and clip(mag, "c2").duration_us == S
