"""The magnetic main track (issue 15): insert at a cut, reorder, delete closing the gap, the
clips tied to a scene following its picture, transitions travelling with their clip, one undo
step each."""

from __future__ import annotations

import pytest

from shortvid_desktop.core import Clip, Transition, to_dict
from shortvid_desktop.edits import ClipAddCommand, ClipTrimCommand, EditError
from shortvid_desktop.edits.commands.magnetic import (
    cut_index_at,
    cut_times,
    insert_at_cut,
    is_magnetic,
    main_order,
    move_to_cut,
    preview_starts,
    ripple_remove,
    settle,
)

S = 1_000_000


@pytest.fixture
def magnetic(project, stack):
    """The test project made magnetic: c1 0-4 s (sc1), c2 3.5-7.5 s with a 0.5 s fade in (sc2),
    c3 7.5-11.5 s (sc3); narration v1 (sc1) at 0 s, v2 (sc2) at 3.8 s, v3 (sc3) at 7.8 s; text
    t2 (sc2) at 4 s; t1 (no scene) at 0 s; music m1 0-12 s."""
    tl = project.timeline
    c2 = tl.find_clip("c2")[1]
    c3 = tl.find_clip("c3")[1]
    c2.start_us, c3.start_us = 3_500_000, 7_500_000
    with stack.transaction("Scenes"):
        for cid, track, start, scene in (
            ("v2", "tr_voice", 3_800_000, "sc2"),
            ("v3", "tr_voice", 7_800_000, "sc3"),
        ):
            stack.push(
                ClipAddCommand(
                    track,
                    Clip(
                        id=cid, asset_id="voice1", start_us=start, duration_us=3 * S, scene_id=scene
                    ),
                )
            )
        stack.push(
            ClipAddCommand(
                "tr_o", Clip(id="t2", start_us=4 * S, duration_us=2 * S, text="Two", scene_id="sc2")
            )
        )
    stack.clear()
    assert is_magnetic(project)
    return project


def start(project, cid: str) -> int:
    return project.timeline.find_clip(cid)[1].start_us


def order(project) -> list[str]:
    return [c.id for c in main_order(project)]


def assert_abut(project) -> None:
    """No gaps; each clip overlaps the one before only by its own transition."""
    clips = main_order(project)
    assert clips[0].start_us == 0
    for prev, c in zip(clips, clips[1:], strict=False):
        assert prev.end_us - c.start_us == c.transition_in.overlap_us, (prev.id, c.id)
    assert is_magnetic(project)


def test_cuts_and_the_cut_nearest_a_time(magnetic) -> None:
    # the cut before c2 is the middle of its crossfade
    assert cut_times(magnetic) == [0, 3_750_000, 7_500_000, 11_500_000]
    assert cut_index_at(magnetic, 100_000) == 0
    assert cut_index_at(magnetic, 2_100_000) == 1  # past c1's middle
    assert cut_index_at(magnetic, 11 * S) == 3
    assert cut_index_at(magnetic, 100_000, exclude=["c1"]) == 0


def test_drag_the_third_picture_before_the_first(magnetic, roundtrip) -> None:
    before = to_dict(magnetic)
    cmd = move_to_cut(magnetic, ["c3"], 0)
    assert cmd.text == "Move clip"
    roundtrip(cmd)
    assert order(magnetic) == ["c3", "c1", "c2"]
    assert (start(magnetic, "c3"), start(magnetic, "c1"), start(magnetic, "c2")) == (
        0,
        4 * S,
        7_500_000,  # c2 keeps its own 0.5 s fade, now from c1
    )
    assert_abut(magnetic)
    # narration and text follow their pictures; free clips and music stay
    assert start(magnetic, "v3") == 300_000
    assert start(magnetic, "v1") == 4 * S
    assert start(magnetic, "v2") == 7_800_000
    assert start(magnetic, "t2") == 8 * S
    assert start(magnetic, "t1") == 0 and start(magnetic, "m1") == 0
    assert before != to_dict(magnetic)  # (undo and redo were checked by roundtrip)


def test_a_clip_that_becomes_first_loses_its_transition(magnetic, roundtrip) -> None:
    roundtrip(move_to_cut(magnetic, ["c2"], 0))
    assert order(magnetic) == ["c2", "c1", "c3"]
    c2 = magnetic.timeline.find_clip("c2")[1]
    assert c2.transition_in == Transition()  # nothing before it to fade from
    assert (start(magnetic, "c2"), start(magnetic, "c1"), start(magnetic, "c3")) == (
        0,
        4 * S,
        8 * S,
    )
    assert_abut(magnetic)
    # the sc2 narration kept its distance (0.3 s) to its picture
    assert start(magnetic, "v2") == 300_000 and start(magnetic, "t2") == 500_000


def test_reorder_never_makes_a_crossfade_by_overlap(magnetic, roundtrip) -> None:
    # moving c1 to the end: c2 becomes first (its fade goes), c1 follows c3 by a cut
    roundtrip(move_to_cut(magnetic, ["c1"], 2))
    assert order(magnetic) == ["c2", "c3", "c1"]
    assert_abut(magnetic)
    assert [c.transition_in.kind for c in main_order(magnetic)] == ["cut", "cut", "cut"]
    assert magnetic.timeline.track("video").end_us == 12 * S


def test_preview_starts_match_the_move(magnetic, stack) -> None:
    before = to_dict(magnetic)
    planned = preview_starts(magnetic, ["c3"], 0)
    assert to_dict(magnetic) == before  # nothing changed by looking
    stack.push(move_to_cut(magnetic, ["c3"], 0))
    assert planned == {c.id: c.start_us for c in main_order(magnetic)}


def test_moving_to_its_own_place_changes_nothing(magnetic, stack) -> None:
    before = to_dict(magnetic)
    stack.push(move_to_cut(magnetic, ["c2"], 1))
    assert to_dict(magnetic) == before


def test_delete_closes_the_gap_and_takes_the_scene_with_it(magnetic, roundtrip) -> None:
    cmd = ripple_remove(magnetic, ["c2"])
    assert cmd.text == "Delete clip"
    roundtrip(cmd)
    assert order(magnetic) == ["c1", "c3"]
    assert start(magnetic, "c3") == 4 * S
    assert_abut(magnetic)
    # sc2 has no picture left: its narration and text went; sc3's moved up with its picture
    assert magnetic.timeline.find_clip("v2") is None
    assert magnetic.timeline.find_clip("t2") is None
    assert start(magnetic, "v3") == 4_300_000
    assert start(magnetic, "v1") == 0 and start(magnetic, "m1") == 0


def test_delete_one_picture_of_a_scene_keeps_its_narration_at_the_cut(
    magnetic, stack, roundtrip
) -> None:
    # c3 becomes a second picture of sc2: v2 (3.8 s) is anchored to c2, t2 (4 s) too
    c3 = magnetic.timeline.find_clip("c3")[1]
    c3.scene_id = "sc2"
    roundtrip(ripple_remove(magnetic, ["c2"]))
    assert start(magnetic, "c3") == 4 * S
    # c2's place is now c3's start: v2 and t2 keep their distance to it
    assert start(magnetic, "v2") == 4 * S + 300_000
    assert start(magnetic, "t2") == 4 * S + 500_000
    assert magnetic.timeline.find_clip("v3") is not None


def test_insert_at_a_cut_moves_the_rest_aside(magnetic, roundtrip) -> None:
    new = Clip(id="new", asset_id="img1", duration_us=2 * S, transition_in=Transition("fade", S))
    cmd = insert_at_cut(magnetic, [new], 1)
    assert cmd.text == "Insert clip"
    roundtrip(cmd)
    assert order(magnetic) == ["c1", "new", "c2", "c3"]
    assert start(magnetic, "new") == 4 * S  # a plain cut: no crossfade made by inserting
    assert magnetic.timeline.find_clip("new")[1].transition_in.kind == "cut"
    assert start(magnetic, "c2") == 5_500_000
    assert_abut(magnetic)
    assert start(magnetic, "v1") == 0
    assert start(magnetic, "v2") == 5_800_000 and start(magnetic, "v3") == 9_800_000


def test_settle_after_a_trim_closes_the_gap(magnetic, roundtrip) -> None:
    roundtrip(settle(magnetic, [ClipTrimCommand("c1", "end", 3 * S)]))
    assert start(magnetic, "c2") == 2_500_000 and start(magnetic, "c3") == 6_500_000
    assert_abut(magnetic)
    assert start(magnetic, "v2") == 2_800_000 and start(magnetic, "v3") == 6_800_000


def test_a_transition_too_long_for_its_new_neighbour_is_shortened(magnetic, roundtrip) -> None:
    # c1 becomes a short clip (0.4 s); c2's 0.5 s fade cannot cover it once they meet
    roundtrip(settle(magnetic, [ClipTrimCommand("c1", "end", 400_000)]))
    c2 = magnetic.timeline.find_clip("c2")[1]
    assert c2.transition_in.kind == "fade"
    assert c2.transition_in.duration_us < 400_000  # c1 keeps at least a frame of its own
    assert_abut(magnetic)


def test_a_timeline_with_gaps_is_made_magnetic_by_the_first_edit(project, roundtrip) -> None:
    # the plain test project: c2 has a fade but starts where c1 ends (no overlap)
    assert not is_magnetic(project)
    roundtrip(move_to_cut(project, ["c3"], 0))
    assert_abut(project)


def test_edits_that_cannot_be_made_are_refused(magnetic, refused) -> None:
    with pytest.raises(EditError, match="not on the main track"):
        move_to_cut(magnetic, ["v1"], 0)
    with pytest.raises(EditError, match="outside 0..2"):
        move_to_cut(magnetic, ["c1"], 3)
    with pytest.raises(EditError, match="outside 0..3"):
        insert_at_cut(magnetic, [Clip(asset_id="img1")], 4)
    with pytest.raises(EditError, match="no clip with id 'nope'"):
        ripple_remove(magnetic, ["nope"])
    # an audio file cannot go on the main track: nothing changes
    refused(lambda: insert_at_cut(magnetic, [Clip(asset_id="music1")], 0), "audio asset")
