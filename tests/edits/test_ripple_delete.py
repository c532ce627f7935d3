"""Ripple delete takes a picture's stretch of time out of every track but music (issue 10)."""

from __future__ import annotations

from shortvid_desktop.core import Clip, Transition
from shortvid_desktop.edits import ClipAddCommand, ClipsRippleDeleteCommand

S = 1_000_000


def starts(project, track_id: str) -> list[tuple[str, int]]:
    track = next(t for t in project.timeline.tracks if t.id == track_id)
    return [(c.id, c.start_us) for c in track.sorted_clips()]


def test_crossfaded_picture_takes_its_scene_out_of_every_track(project, stack, roundtrip):
    # c2 (4-8 s) crossfades 0.5 s into c3 and from c1: the stretch it owns runs from the
    # middle of one crossfade to the middle of the other, 4.25-8.25 s less the 0.5 s of c3's
    c1 = next(c for c in project.timeline.tracks[0].clips if c.id == "c1")
    c1.duration_us = 4_500_000  # c1 -> c2 crossfade 4-4.5 s
    c3 = next(c for c in project.timeline.tracks[0].clips if c.id == "c3")
    c3.start_us, c3.transition_in = 7_500_000, Transition("fade", 500_000)
    with stack.transaction("Scene two and three"):
        stack.push(
            ClipAddCommand(
                "tr_voice", Clip(id="v2", asset_id="voice1", start_us=4_300_000, duration_us=3 * S)
            )
        )
        stack.push(
            ClipAddCommand(
                "tr_voice", Clip(id="v3", asset_id="voice1", start_us=8_250_000, duration_us=3 * S)
            )
        )
        stack.push(
            ClipAddCommand(
                "tr_o", Clip(id="t2", start_us=4_250_000, duration_us=3_500_000, text="Two")
            )
        )
        stack.push(
            ClipAddCommand(
                "tr_o", Clip(id="t3", start_us=7_750_000, duration_us=4 * S, text="Three")
            )
        )
    roundtrip(ClipsRippleDeleteCommand(["c2"]))
    assert starts(project, "tr_v") == [("c1", 0), ("c3", 4_000_000)]
    # c2 owned 4.25-7.75 s: its voice and text went, the next scene's moved 3.5 s left
    assert starts(project, "tr_voice") == [("v1", 0), ("v3", 4_750_000)]
    assert starts(project, "tr_o") == [("t1", 0), ("t3", 4_250_000)]
    assert starts(project, "tr_m") == [("m1", 0)]  # music stays
    assert stack.count == 2


def test_a_clip_on_another_track_closes_only_its_own_gap(project, roundtrip):
    roundtrip(ClipsRippleDeleteCommand(["t1"]))
    assert starts(project, "tr_v") == [("c1", 0), ("c2", 4 * S), ("c3", 8 * S)]
    assert starts(project, "tr_voice") == [("v1", 0)]
