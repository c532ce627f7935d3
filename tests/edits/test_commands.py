"""Every command: apply gives the expected model, undo gives the model before, redo the model after;
impossible edits are refused with a clear EditError and change nothing."""

from __future__ import annotations

import random
from typing import Any

import pytest

from shortvid_desktop.core import (
    Asset,
    CaptionStyle,
    Clip,
    KenBurns,
    Project,
    Scene,
    Template,
    Track,
    Transition,
    WordTiming,
    clone,
    project_from_dict,
    to_dict,
)
from shortvid_desktop.edits import (
    AssetAddCommand,
    AssetRemoveCommand,
    ClipAddCommand,
    ClipDuplicateCommand,
    ClipMoveCommand,
    ClipPropertyCommand,
    ClipRemoveCommand,
    ClipSplitCommand,
    ClipsRippleDeleteCommand,
    ClipTrimCommand,
    Command,
    CommandStack,
    EditError,
    ProjectPropertyCommand,
    SceneAddCommand,
    SceneEditCommand,
    SceneMoveCommand,
    SceneRemoveCommand,
    TemplateChangeCommand,
    TemplatePropertyCommand,
    TimelineReplaceCommand,
    TrackAddCommand,
)

S = 1_000_000
FRAME = 33_333  # one frame at the fixture's 30 fps


def clip(project: Project, clip_id: str) -> Clip:
    found = project.timeline.find_clip(clip_id)
    assert found is not None, clip_id
    return found[1]


def track(project: Project, track_id: str) -> Track:
    return next(t for t in project.timeline.tracks if t.id == track_id)


def layout(project: Project, track_id: str) -> list[tuple[str, int, int]]:
    return [(c.id, c.start_us, c.duration_us) for c in track(project, track_id).clips]


def words(c: Clip) -> list[tuple[str, int, int]]:
    return [(w.word, w.start_us, w.end_us) for w in c.words]


def other_tracks(project: Project, track_id: str) -> dict[str, Any]:
    return {t.id: to_dict(t) for t in project.timeline.tracks if t.id != track_id}


# =========================================================================== ClipAddCommand
class TestClipAdd:
    def test_appends_a_copy(self, project, stack, roundtrip):
        new = Clip(id="c4", asset_id="img1", start_us=12 * S, duration_us=2 * S)
        roundtrip(ClipAddCommand("tr_v", new))
        assert [c.id for c in track(project, "tr_v").clips] == ["c1", "c2", "c3", "c4"]
        new.start_us = 99 * S  # the caller's object is not the project's
        assert clip(project, "c4").start_us == 12 * S
        assert stack.undo_text == "Add clip"

    def test_at_index_from_a_dict_without_id(self, project, roundtrip):
        cmd = ClipAddCommand("tr_o", {"text": "Subscribe!", "start_us": 5 * S}, index=0)
        roundtrip(cmd)  # redo recreates the same generated id
        first = track(project, "tr_o").clips[0]
        assert first.id == cmd.clip_id and first.id.startswith("cl_")
        assert (first.text, first.start_us, first.duration_us) == ("Subscribe!", 5 * S, S)

    def test_video_with_sound_on_an_audio_track(self, project, roundtrip):
        roundtrip(ClipAddCommand("tr_a", Clip(id="a1", asset_id="vid1", duration_us=2 * S)))
        assert layout(project, "tr_a") == [("a1", 0, 2 * S)]

    @pytest.mark.parametrize(
        ("track_id", "data", "match"),
        [
            ("tr_v", {"id": "c1"}, "a clip with id 'c1' is already on the timeline"),
            ("tr_nope", {"id": "x"}, "no track with id 'tr_nope'"),
            ("tr_v", {"id": "x", "asset_id": "nope"}, "asset 'nope', which is not in the project"),
            ("tr_v", {"id": "x", "asset_id": "voice1"}, "audio asset 'voice1' cannot go on video"),
            ("tr_voice", {"id": "x", "asset_id": "img1"}, "image asset 'img1' cannot go on voice"),
            ("tr_a", {"id": "x", "asset_id": "vid_silent"}, "video without sound"),
            (
                "tr_v",
                {"id": "x", "asset_id": "vid1", "source_in_us": 8 * S, "duration_us": 3 * S},
                r"only 10.000 s long",
            ),
            ("tr_v", {"id": "x", "volume": 9}, r"volume: must be at most 4.0"),
            ("tr_v", {"id": "x", "duration_us": 0}, r"duration_us: must be at least 1"),
            ("tr_v", {"id": "x", "fit": "stretch"}, r"fit: must be one of"),
            ("tr_v", {"id": "x", "colour": "red"}, r"colour: is not a known field"),
        ],
    )
    def test_refused(self, refused, track_id, data, match):
        refused(lambda: ClipAddCommand(track_id, data), match)

    def test_bad_index_and_wrong_type(self, refused):
        refused(lambda: ClipAddCommand("tr_v", Clip(id="x"), index=9), r"index 9 is outside 0..3")
        refused(lambda: ClipAddCommand("tr_v", Scene()), "expected a Clip or a dict; got Scene")

    def test_error_names_the_field(self, refused):
        err = refused(lambda: ClipAddCommand("tr_v", {"id": "x", "volume": -1}), "volume")
        assert err.path == "volume"
        assert isinstance(err, ValueError)


# =========================================================================== ClipRemoveCommand
class TestClipRemove:
    def test_leaves_a_gap(self, project, stack, roundtrip):
        others = other_tracks(project, "tr_v")
        roundtrip(ClipRemoveCommand("c2"))
        assert layout(project, "tr_v") == [("c1", 0, 4 * S), ("c3", 8 * S, 4 * S)]
        assert other_tracks(project, "tr_v") == others
        assert stack.undo_text == "Delete clip"
        stack.undo()
        assert [c.id for c in track(project, "tr_v").clips] == ["c1", "c2", "c3"]

    def test_ripple_closes_the_gap_on_its_track_only(self, project, stack, roundtrip):
        others = other_tracks(project, "tr_v")
        roundtrip(ClipRemoveCommand("c1", ripple=True))
        assert layout(project, "tr_v") == [("c2", 0, 4 * S), ("c3", 4 * S, 4 * S)]
        assert other_tracks(project, "tr_v") == others
        assert stack.undo_text == "Ripple delete clip"

    def test_ripple_lets_an_overlapping_clip_take_the_place(self, project, roundtrip):
        clip(project, "c3").start_us = 7_500_000  # overlaps c2 by a 0.5 s transition
        roundtrip(ClipRemoveCommand("c2", ripple=True))
        assert layout(project, "tr_v") == [("c1", 0, 4 * S), ("c3", 4 * S, 4 * S)]

    def test_ripple_of_the_last_clip_moves_nothing(self, project, roundtrip):
        roundtrip(ClipRemoveCommand("c3", ripple=True))
        assert layout(project, "tr_v") == [("c1", 0, 4 * S), ("c2", 4 * S, 4 * S)]

    def test_unknown_clip(self, refused):
        refused(lambda: ClipRemoveCommand("nope"), "Cannot delete clip: there is no clip with id")


class TestClipsRippleDelete:
    def test_several_clips_on_several_tracks(self, project, stack, roundtrip):
        roundtrip(ClipsRippleDeleteCommand(["c1", "c3", "t1", "c1"]))
        assert layout(project, "tr_v") == [("c2", 0, 4 * S)]
        assert layout(project, "tr_o") == []
        assert stack.count == 1 and stack.undo_text == "Ripple delete clips"

    def test_middle_and_first(self, project, roundtrip):
        roundtrip(ClipsRippleDeleteCommand(["c2", "c1"]))
        assert layout(project, "tr_v") == [("c3", 0, 4 * S)]

    def test_one_unknown_id_refuses_all(self, refused):
        refused(lambda: ClipsRippleDeleteCommand(["c1", "nope"]), "no clip with id 'nope'")
        refused(lambda: ClipsRippleDeleteCommand([]), "no clips were given")


# =========================================================================== ClipMoveCommand
class TestClipMove:
    def test_same_track(self, project, stack, roundtrip):
        roundtrip(ClipMoveCommand("c1", 20 * S))
        assert layout(project, "tr_v")[0] == ("c1", 20 * S, 4 * S)
        assert stack.undo_text == "Move clip"

    def test_to_another_track_of_the_same_kind(self, project, stack, roundtrip):
        roundtrip(ClipMoveCommand("c2", S, "tr_v2"))
        assert layout(project, "tr_v") == [("c1", 0, 4 * S), ("c3", 8 * S, 4 * S)]
        assert layout(project, "tr_v2") == [("c2", S, 4 * S)]
        stack.undo()
        assert [c.id for c in track(project, "tr_v").clips] == ["c1", "c2", "c3"]

    def test_to_its_own_track_by_id(self, project, roundtrip):
        roundtrip(ClipMoveCommand("c2", 0, "tr_v"))
        assert [c.id for c in track(project, "tr_v").clips] == ["c1", "c2", "c3"]

    def test_unchanged_position_is_not_recorded(self, stack):
        stack.push(ClipMoveCommand("c1", 0))
        assert stack.count == 0

    @pytest.mark.parametrize(
        ("args", "match"),
        [
            (("c1", 0, "tr_o"), "on a video track and 'tr_o' is an overlay track"),
            (("v1", 0, "tr_m"), "clips move only between tracks of the same kind"),
            (("c1", -1), "new_start_us must not be negative"),
            (("c1", 1.5), "whole number of microseconds"),
            (("c1", 0, "tr_nope"), "no track with id 'tr_nope'"),
            (("nope", 0), "no clip with id 'nope'"),
        ],
    )
    def test_refused(self, refused, args, match):
        refused(lambda: ClipMoveCommand(*args), match)


# =========================================================================== ClipTrimCommand
class TestClipTrim:
    def test_start_of_a_video_moves_the_source_in_point(self, project, stack, roundtrip):
        roundtrip(ClipTrimCommand("c2", "start", 4_500_000))
        c2 = clip(project, "c2")
        assert (c2.start_us, c2.duration_us, c2.source_in_us) == (4_500_000, 3_500_000, 1_500_000)
        assert c2.end_us == 8 * S
        assert stack.undo_text == "Trim clip"

    def test_start_extends_back_to_the_source_start(self, project, roundtrip, refused):
        refused(
            lambda: ClipTrimCommand("c2", "start", 2_900_000),
            r"before the start of its source \(the earliest start is 3.000 s\)",
        )
        roundtrip(ClipTrimCommand("c2", "start", 3 * S))
        c2 = clip(project, "c2")
        assert (c2.start_us, c2.duration_us, c2.source_in_us) == (3 * S, 5 * S, 0)

    def test_end_up_to_the_source_end(self, project, roundtrip, refused):
        refused(
            lambda: ClipTrimCommand("c2", "end", 13_100_000),
            r"past the end of its source \(the latest end is 13.000 s\)",
        )
        roundtrip(ClipTrimCommand("c2", "end", 13 * S))
        assert clip(project, "c2").duration_us == 9 * S

    def test_stills_any_length(self, project, roundtrip):
        roundtrip(ClipTrimCommand("c1", "end", 100 * S))
        roundtrip(ClipTrimCommand("c3", "start", 2 * S))  # far left: no source start for stills
        c3 = clip(project, "c3")
        assert (c3.start_us, c3.duration_us, c3.source_in_us) == (2 * S, 10 * S, 0)
        roundtrip(ClipTrimCommand("t1", "start", S))  # a text clip
        assert (clip(project, "t1").start_us, clip(project, "t1").duration_us) == (S, 2 * S)

    def test_at_least_one_frame(self, project, roundtrip, refused):
        refused(lambda: ClipTrimCommand("c1", "end", FRAME - 1), "at least one frame after")
        refused(lambda: ClipTrimCommand("c1", "start", 4 * S - FRAME + 1), "one frame before")
        roundtrip(ClipTrimCommand("c1", "end", FRAME))
        assert clip(project, "c1").duration_us == FRAME

    def test_voice_words_follow_a_start_trim(self, project, roundtrip):
        roundtrip(ClipTrimCommand("v1", "start", S))
        v1 = clip(project, "v1")
        assert (v1.start_us, v1.duration_us, v1.source_in_us) == (S, 3 * S, S)
        assert words(v1) == [
            ("brave", 0, 100_000),
            ("new", 900_000, 1_300_000),
            ("world", 1_400_000, 2_000_000),
        ]

    def test_voice_words_follow_an_end_trim(self, project, roundtrip):
        roundtrip(ClipTrimCommand("v1", "end", 2 * S))
        assert words(clip(project, "v1")) == [
            ("Hello", 0, 500_000),
            ("brave", 600_000, 1_100_000),
            ("new", 1_900_000, 2_000_000),
        ]

    def test_no_change_is_not_recorded(self, stack):
        stack.push(ClipTrimCommand("c1", "end", 4 * S))
        assert stack.count == 0

    @pytest.mark.parametrize(
        ("args", "match"),
        [
            (("c1", "middle", S), "edge must be 'start' or 'end'"),
            (("c1", "end", -5), "must not be negative"),
            (("c1", "start", "1s"), "whole number"),
            (("nope", "end", S), "no clip with id"),
        ],
    )
    def test_refused(self, refused, args, match):
        refused(lambda: ClipTrimCommand(*args), match)


# =========================================================================== ClipSplitCommand
class TestClipSplit:
    def test_video(self, project, stack, roundtrip):
        roundtrip(ClipSplitCommand("c2", 6 * S, new_clip_id="c2b"))
        assert [c.id for c in track(project, "tr_v").clips] == ["c1", "c2", "c2b", "c3"]
        c2, c2b = clip(project, "c2"), clip(project, "c2b")
        assert (c2.start_us, c2.duration_us, c2.source_in_us) == (4 * S, 2 * S, S)
        assert (c2b.start_us, c2b.duration_us, c2b.source_in_us) == (6 * S, 2 * S, 3 * S)
        assert c2.transition_in == Transition("fade", 500_000)
        assert c2b.transition_in == Transition()
        assert c2b.scene_id == "sc2" and c2b.asset_id == "vid1"
        assert stack.undo_text == "Split clip"

    def test_still_keeps_its_source_in(self, project, roundtrip):
        cmd = ClipSplitCommand("c1", S)
        roundtrip(cmd)  # redo recreates the same generated id
        second = clip(project, cmd.new_clip_id)
        assert (second.start_us, second.duration_us, second.source_in_us) == (S, 3 * S, 0)

    def test_voice_words_and_text_are_divided(self, project, roundtrip):
        roundtrip(ClipSplitCommand("v1", 1_500_000, new_clip_id="v2"))
        v1, v2 = clip(project, "v1"), clip(project, "v2")
        assert words(v1) == [("Hello", 0, 500_000), ("brave", 600_000, 1_100_000)]
        assert words(v2) == [("new", 400_000, 800_000), ("world", 900_000, 1_500_000)]
        assert (v1.text, v2.text) == ("Hello brave", "new world")
        assert (v2.source_in_us, v2.duration_us) == (1_500_000, 2_500_000)

    def test_a_word_on_the_cut_goes_where_its_middle_is(self, project, roundtrip):
        roundtrip(ClipSplitCommand("v1", S, new_clip_id="v2"))  # cuts "brave" (0.6-1.1 s)
        assert words(clip(project, "v1"))[-1] == ("brave", 600_000, S)
        assert words(clip(project, "v2"))[0] == ("new", 900_000, 1_300_000)
        roundtrip(ClipSplitCommand("v2", 1_200_000 + S, new_clip_id="v3"))  # cuts "new" late
        assert words(clip(project, "v2")) == [("new", 900_000, 1_200_000)]
        assert (clip(project, "v2").text, clip(project, "v3").text) == ("new", "world")

    def test_cjk_text_without_spaces(self, project, roundtrip):
        v1 = clip(project, "v1")
        v1.text = "你好，世界"
        v1.words = [WordTiming("你好", 0, 500_000), WordTiming("世界", S, 1_500_000)]
        roundtrip(ClipSplitCommand("v1", 800_000, new_clip_id="v2"))
        assert (clip(project, "v1").text, clip(project, "v2").text) == ("你好，", "世界")

    def test_text_that_does_not_hold_the_words_stays_on_both(self, project, roundtrip):
        clip(project, "v1").text = "edited by hand"
        roundtrip(ClipSplitCommand("v1", 1_500_000, new_clip_id="v2"))
        assert clip(project, "v1").text == clip(project, "v2").text == "edited by hand"

    def test_all_words_on_one_side(self, project, roundtrip):
        roundtrip(ClipSplitCommand("v1", 3_500_000, new_clip_id="v2"))
        assert (clip(project, "v1").text, clip(project, "v2").text) == (
            "Hello brave new world",
            "",
        )
        assert clip(project, "v2").words == []

    def test_overlay_text_stays_on_both(self, project, roundtrip):
        roundtrip(ClipSplitCommand("t1", S, new_clip_id="t2"))
        assert clip(project, "t1").text == clip(project, "t2").text == "Big title"

    def test_one_frame_from_each_edge(self, project, roundtrip, refused):
        refused(lambda: ClipSplitCommand("c2", 4 * S + FRAME - 1), "at least one frame inside")
        refused(lambda: ClipSplitCommand("c2", 8 * S - FRAME + 1), "at least one frame inside")
        refused(lambda: ClipSplitCommand("c2", 20 * S), "between 4.033 s and 7.967 s")
        roundtrip(ClipSplitCommand("c2", 4 * S + FRAME, new_clip_id="c2b"))
        assert clip(project, "c2").duration_us == FRAME

    def test_refused(self, refused):
        refused(lambda: ClipSplitCommand("c1", S, new_clip_id="c3"), "'c3' already exists")
        refused(lambda: ClipSplitCommand("nope", S), "no clip with id")
        refused(lambda: ClipSplitCommand("c1", -S), "must not be negative")


# =========================================================================== ClipDuplicateCommand
class TestClipDuplicate:
    def test_copy_goes_right_after_and_later_clips_make_room(self, project, stack, roundtrip):
        others = other_tracks(project, "tr_v")
        roundtrip(ClipDuplicateCommand("c1", new_clip_id="c1d"))
        assert layout(project, "tr_v") == [
            ("c1", 0, 4 * S),
            ("c1d", 4 * S, 4 * S),
            ("c2", 8 * S, 4 * S),
            ("c3", 12 * S, 4 * S),
        ]
        dup = to_dict(clip(project, "c1d"))
        orig = to_dict(clip(project, "c1"))
        assert {k: v for k, v in dup.items() if k not in ("id", "start_us")} == {
            k: v for k, v in orig.items() if k not in ("id", "start_us")
        }
        assert other_tracks(project, "tr_v") == others
        assert stack.undo_text == "Duplicate clip"

    def test_last_clip_and_generated_id(self, project, roundtrip):
        cmd = ClipDuplicateCommand("c3")
        roundtrip(cmd)
        assert layout(project, "tr_v")[-1] == (cmd.new_clip_id, 12 * S, 4 * S)

    def test_refused(self, refused):
        refused(lambda: ClipDuplicateCommand("c1", new_clip_id="c2"), "'c2' already exists")
        refused(lambda: ClipDuplicateCommand("nope"), "no clip with id")


# =========================================================================== ClipPropertyCommand
class TestClipProperty:
    @pytest.mark.parametrize(
        ("changes", "expect", "text"),
        [
            ({"volume": 0.8}, {"volume": 0.8}, "Change volume"),
            ({"volume": 2}, {"volume": 2.0}, "Change volume"),
            ({"fit": "fit_blur"}, {"fit": "fit_blur"}, "Change fit"),
            ({"focus": (0.2, 0.9)}, {"focus_x": 0.2, "focus_y": 0.9}, "Move focus"),
            ({"text": "new words"}, {"text": "new words"}, "Edit text"),
            (
                {"ken_burns": KenBurns("pan_left", 0.2)},
                {"ken_burns": {"mode": "pan_left", "amount": 0.2, "easing": "ease_in_out"}},
                "Change Ken Burns",
            ),
            (
                {"ken_burns": {"mode": "zoom_out"}},
                {"ken_burns": {"mode": "zoom_out", "amount": 0.12, "easing": "ease_in_out"}},
                "Change Ken Burns",
            ),
            (
                {"transition_in": Transition("wipeleft", 300_000)},
                {"transition_in": {"kind": "wipeleft", "duration_us": 300_000}},
                "Change transition",
            ),
            ({"volume": 0.5, "fit": "fit_pad"}, {"volume": 0.5, "fit": "fit_pad"}, "Change clip"),
            ({"asset_id": "vid_silent"}, {"asset_id": "vid_silent"}, "Replace media"),
        ],
    )
    def test_changes(self, project, stack, roundtrip, changes, expect, text):
        roundtrip(ClipPropertyCommand("c2", **changes))
        got = to_dict(clip(project, "c2"))
        assert {k: got[k] for k in expect} == expect
        assert stack.undo_text == text

    def test_words(self, project, roundtrip):
        roundtrip(ClipPropertyCommand("v1", words=[WordTiming("Hi", 0, 300_000)]))
        assert words(clip(project, "v1")) == [("Hi", 0, 300_000)]

    @pytest.mark.parametrize(
        ("clip_id", "changes", "match"),
        [
            ("c1", {"volume": 5}, r"volume: must be at most 4.0; got 5.0"),
            ("c1", {"volume": "loud"}, r"volume: must be a number"),
            ("c1", {"fit": "zoom"}, r"fit: must be one of 'fill', 'fit_blur', 'fit_pad'"),
            ("c1", {"ken_burns": {"mode": "spin"}}, r"ken_burns.mode: must be one of"),
            ("c1", {"focus_x": -0.1}, r"focus_x: must be at least 0.0"),
            ("c1", {"focus": "center"}, r"focus must be a pair"),
            ("c1", {"words": [{"word": "a", "start_us": 5, "end_us": 1}]}, r"before start_us"),
            ("c1", {"bogus": 1}, r"'bogus' is not a field that can be changed here \(allowed:"),
            ("c1", {"start_us": 1}, r"use ClipMoveCommand"),
            ("c1", {"duration_us": 1}, r"use ClipTrimCommand"),
            ("c1", {}, r"no changes were given"),
            ("c1", {"asset_id": "voice1"}, r"audio asset 'voice1' cannot go on video track"),
            ("c1", {"asset_id": "nope"}, r"asset 'nope', which is not in the project"),
            ("m1", {"asset_id": "img1"}, r"image asset 'img1' cannot go on music track"),
            ("c2", {"asset_id": "voice1"}, r"audio asset"),
            ("nope", {"volume": 1}, r"no clip with id 'nope'"),
        ],
    )
    def test_refused(self, refused, clip_id, changes, match):
        refused(lambda: ClipPropertyCommand(clip_id, **changes), match)

    def test_replacing_media_checks_the_source_length(self, project, refused):
        clip(project, "c2").duration_us = 4_500_000  # 1 s + 4.5 s > vid_silent's 5 s
        refused(lambda: ClipPropertyCommand("c2", asset_id="vid_silent"), "only 5.000 s long")

    def test_path_names_the_field(self, refused):
        err = refused(lambda: ClipPropertyCommand("c1", volume=5), "volume")
        assert err.path == "volume"

    def test_same_value_is_not_recorded(self, stack):
        stack.push(ClipPropertyCommand("m1", volume=0.3))
        assert stack.count == 0


# =========================================================================== scenes
class TestSceneEdit:
    def test_edit(self, project, stack, roundtrip):
        roundtrip(SceneEditCommand("sc2", narration="Changed", keywords=["a", "b"], media=[]))
        sc2 = project.script.scenes[1]
        assert (sc2.narration, sc2.keywords, sc2.media) == ("Changed", ["a", "b"], [])
        assert stack.undo_text == "Edit scene"

    def test_typing_is_one_step(self, project, stack):
        for text in ("H", "He", "Hey"):
            stack.push(SceneEditCommand("sc1", narration=text))
        assert stack.count == 1 and stack.undo_text == "Edit narration"
        assert project.script.scenes[0].narration == "Hey"
        stack.undo()
        assert project.script.scenes[0].narration == "Hello brave new world"
        stack.redo()
        assert project.script.scenes[0].narration == "Hey"

    @pytest.mark.parametrize(
        ("scene_id", "changes", "match"),
        [
            ("sc1", {"media": ["img1", "nope"]}, r"media names assets that are not in the project"),
            ("sc1", {"keywords": "a, b"}, r"keywords: must be a list"),
            ("sc1", {"duration_us": -1}, r"duration_us: must be at least 0"),
            ("sc1", {"id": "x"}, r"a scene's id never changes"),
            ("nope", {"mood": "calm"}, r"no scene with id 'nope'"),
        ],
    )
    def test_refused(self, refused, scene_id, changes, match):
        refused(lambda: SceneEditCommand(scene_id, **changes), match)


class TestSceneAddRemoveMove:
    def test_add_at_index(self, project, stack, roundtrip):
        roundtrip(SceneAddCommand(Scene(id="sc4", narration="New", media=["vid1"]), index=1))
        assert [s.id for s in project.script.scenes] == ["sc1", "sc4", "sc2", "sc3"]
        assert stack.undo_text == "Add scene"

    def test_add_at_end_from_a_dict(self, project, roundtrip):
        cmd = SceneAddCommand({"narration": "Tail"})
        roundtrip(cmd)
        assert project.script.scenes[-1].id == cmd.scene_id
        assert project.script.scenes[-1].narration == "Tail"

    @pytest.mark.parametrize(
        ("scene", "index", "match"),
        [
            (Scene(id="sc1"), None, r"a scene with id 'sc1' already exists"),
            (Scene(id="x"), 4, r"index 4 is outside 0..3"),
            (Scene(id="x"), -1, r"index -1 is outside"),
            (Scene(id="x", media=["nope"]), None, r"media names assets"),
            ({"id": "x", "narration": 3}, None, r"narration: must be a string"),
        ],
    )
    def test_add_refused(self, refused, scene, index, match):
        refused(lambda: SceneAddCommand(scene, index), match)

    def test_remove(self, project, stack, roundtrip):
        roundtrip(SceneRemoveCommand("sc2"))
        assert [s.id for s in project.script.scenes] == ["sc1", "sc3"]
        assert stack.undo_text == "Delete scene"

    def test_remove_refused(self, refused):
        refused(lambda: SceneRemoveCommand("nope"), "no scene with id 'nope'")

    @pytest.mark.parametrize(
        ("scene_id", "index", "order"),
        [("sc3", 0, ["sc3", "sc1", "sc2"]), ("sc1", 2, ["sc2", "sc3", "sc1"])],
    )
    def test_move(self, project, stack, roundtrip, scene_id, index, order):
        roundtrip(SceneMoveCommand(scene_id, index))
        assert [s.id for s in project.script.scenes] == order
        assert stack.undo_text == "Move scene"

    def test_move_in_place_is_not_recorded(self, stack):
        stack.push(SceneMoveCommand("sc2", 1))
        assert stack.count == 0

    def test_move_refused(self, refused):
        refused(lambda: SceneMoveCommand("sc1", 3), r"new_index 3 is outside 0..2")
        refused(lambda: SceneMoveCommand("sc1", -1), r"new_index -1 is outside")
        refused(lambda: SceneMoveCommand("nope", 0), r"no scene with id")


# =========================================================================== template
class TestTemplate:
    def test_change_replaces_fields_in_place(self, project, stack, roundtrip):
        template = project.template
        new = Template(name="Bold", fps=25, width=720, height=1280)
        new.caption.size = 60
        roundtrip(TemplateChangeCommand(new))
        assert project.template is template
        assert (template.name, template.fps, template.width, template.caption.size) == (
            "Bold",
            25,
            720,
            60,
        )
        assert stack.undo_text == "Apply template"

    def test_change_to_the_same_is_not_recorded(self, project, stack):
        stack.push(TemplateChangeCommand(clone(project.template)))
        assert stack.count == 0

    def test_change_refused(self, refused):
        refused(lambda: TemplateChangeCommand(Template(width=721)), r"width: must be even")
        bad = Template(caption=CaptionStyle(color="white"))
        refused(lambda: TemplateChangeCommand(bad), r"caption.color: must be a colour")

    @pytest.mark.parametrize(
        ("path", "value", "check"),
        [
            ("caption.size", 96, lambda t: t.caption.size == 96),
            ("caption.color", "#FF0000", lambda t: t.caption.color == "#FF0000"),
            ("fps", 60, lambda t: t.fps == 60),
            (
                "transition",
                Transition("slideup", 400_000),
                lambda t: t.transition == Transition("slideup", 400_000),
            ),
            ("transition.kind", "wipeleft", lambda t: t.transition.kind == "wipeleft"),
            ("music_volume", 1, lambda t: t.music_volume == 1.0),
        ],
    )
    def test_property(self, project, stack, roundtrip, path, value, check):
        roundtrip(TemplatePropertyCommand(path, value))
        assert check(project.template)
        assert stack.undo_text == f"Change {path.replace('_', ' ').replace('.', ' ')}"

    def test_property_drag_is_one_step(self, project, stack):
        for size in (80, 90, 100):
            stack.push(TemplatePropertyCommand("caption.size", size))
        stack.push(TemplatePropertyCommand("caption.bold", False))
        assert stack.count == 2
        stack.undo()
        assert project.template.caption.size == 100
        stack.undo()
        assert project.template.caption.size == 72

    @pytest.mark.parametrize(
        ("path", "value", "match"),
        [
            ("caption.size", 2, r"caption.size: must be at least 8"),
            ("caption.color", "red", r"caption.color: must be a colour"),
            ("caption.nope", 1, r"caption has no field 'nope'"),
            ("nope", 1, r"the template has no field 'nope'"),
            ("fps.x", 1, r"fps has no fields"),
            ("width", 1081, r"width: must be even"),
            ("fit", "stretch", r"fit: must be one of"),
            ("", 1, r"is not a field path"),
            ("caption..size", 1, r"is not a field path"),
        ],
    )
    def test_property_refused(self, refused, path, value, match):
        refused(lambda: TemplatePropertyCommand(path, value), match)


# =========================================================================== project
class TestProjectProperty:
    @pytest.mark.parametrize(
        ("changes", "text"),
        [
            ({"title": "My video"}, "Rename project"),
            ({"language": "zh"}, "Change language"),
            ({"voice": "edge:zh-CN-XiaoxiaoNeural"}, "Change voice"),
            ({"music_asset_id": "music1"}, "Change music"),
            ({"music_asset_id": "vid1"}, "Change music"),
            ({"title": "T", "language": "de"}, "Change project settings"),
        ],
    )
    def test_changes(self, project, stack, roundtrip, changes, text):
        roundtrip(ProjectPropertyCommand(**changes))
        assert {k: getattr(project, k) for k in changes} == changes
        assert stack.undo_text == text

    def test_no_music(self, project, roundtrip):
        project.music_asset_id = "music1"
        roundtrip(ProjectPropertyCommand(music_asset_id=""))
        assert project.music_asset_id == ""

    @pytest.mark.parametrize(
        ("changes", "match"),
        [
            ({"music_asset_id": "nope"}, r"no asset with id 'nope'"),
            ({"music_asset_id": "img1"}, r"has no sound to use as music"),
            ({"music_asset_id": "vid_silent"}, r"has no sound"),
            ({"title": 5}, r"title: must be a string"),
            ({"template": Template()}, r"use TemplateChangeCommand"),
            ({"id": "x"}, r"'id' is not a field that can be changed here"),
        ],
    )
    def test_refused(self, refused, changes, match):
        refused(lambda: ProjectPropertyCommand(**changes), match)


# =========================================================================== assets, tracks
class TestAssets:
    def test_add(self, project, stack, roundtrip):
        roundtrip(AssetAddCommand(Asset(id="new", path="/m/new.png")))
        assert list(project.assets)[-1] == "new"
        assert stack.undo_text == "Add asset"

    def test_add_from_a_dict(self, project, roundtrip):
        cmd = AssetAddCommand({"path": "/m/x.wav", "kind": "audio", "duration_us": S})
        roundtrip(cmd)
        assert project.assets[cmd.asset_id].kind == "audio"

    @pytest.mark.parametrize(
        ("asset", "match"),
        [
            (Asset(id="img1", path="/x.png"), r"an asset with id 'img1' is already"),
            (Asset(id="x"), r"path: must not be empty"),
            ({"id": "x", "path": "/x", "kind": "gif"}, r"kind: must be one of"),
        ],
    )
    def test_add_refused(self, refused, asset, match):
        refused(lambda: AssetAddCommand(asset), match)

    def test_remove_keeps_the_library_order_on_undo(self, project, stack, roundtrip):
        order = list(project.assets)
        project.assets["last"] = Asset(id="last", path="/m/last.png")
        order.append("last")
        roundtrip(AssetRemoveCommand("unused"))
        assert "unused" not in project.assets
        assert stack.undo_text == "Remove asset"
        stack.undo()
        assert list(project.assets) == order

    def test_remove_refused_while_in_use(self, project, refused):
        err = refused(lambda: AssetRemoveCommand("img1"), r"it is in use by 1 clip\(s\) \('c1'\)")
        assert "scene(s) 'sc1'" in str(err) and "remove those uses first" in str(err)
        refused(lambda: AssetRemoveCommand("music1"), r"in use by 1 clip\(s\) \('m1'\)")
        project.music_asset_id = "unused"
        refused(lambda: AssetRemoveCommand("unused"), r"in use by the project's music")
        refused(lambda: AssetRemoveCommand("nope"), r"no asset with id 'nope'")


class TestTrackAdd:
    def test_add(self, project, stack, roundtrip):
        roundtrip(TrackAddCommand("overlay", "Stickers", index=0, track_id="tr_new"))
        first = project.timeline.tracks[0]
        assert (first.id, first.kind, first.name, first.clips) == (
            "tr_new",
            "overlay",
            "Stickers",
            [],
        )
        assert stack.undo_text == "Add track"

    def test_defaults(self, project, roundtrip):
        cmd = TrackAddCommand("music")
        roundtrip(cmd)
        last = project.timeline.tracks[-1]
        assert (last.id, last.kind, last.name) == (cmd.track_id, "music", "Music")

    def test_refused(self, refused):
        refused(lambda: TrackAddCommand("subtitle"), r"kind must be one of video, overlay")
        refused(lambda: TrackAddCommand("video", track_id="tr_v"), r"'tr_v' already exists")
        refused(lambda: TrackAddCommand("video", index=99), r"index 99 is outside 0..6")


class TestTimelineReplace:
    def test_one_step(self, project, stack, roundtrip):
        timeline = project.timeline
        new = clone(project.timeline)
        new.tracks = [t for t in new.tracks if t.clips]
        new.tracks[0].clips.reverse()
        new.tracks[0].clips[0].start_us = 30 * S
        roundtrip(TimelineReplaceCommand(new))
        assert project.timeline is timeline
        assert to_dict(project.timeline) == to_dict(new)
        assert stack.count == 1 and stack.undo_text == "Lay out timeline"

    def test_the_same_timeline_is_not_recorded(self, project, stack):
        stack.push(TimelineReplaceCommand(clone(project.timeline)))
        assert stack.count == 0

    def test_refused(self, project, refused):
        def with_change(change) -> Any:
            new = clone(project.timeline)
            change(new)
            return lambda: TimelineReplaceCommand(new)

        refused(
            with_change(lambda t: t.tracks[1].clips.append(Clip(id="c1"))),
            r"clip id 'c1' is used twice",
        )
        refused(
            with_change(lambda t: t.tracks.append(Track(id="tr_v"))), r"track id 'tr_v' is used"
        )
        refused(
            with_change(lambda t: setattr(t.tracks[0].clips[0], "asset_id", "nope")),
            r"uses asset 'nope', which is not in the project",
        )
        refused(
            with_change(lambda t: setattr(t.tracks[0].clips[0], "asset_id", "music1")),
            r"audio asset 'music1' cannot go on video track",
        )
        refused(
            with_change(lambda t: setattr(t.tracks[0].clips[0], "duration_us", 0)),
            r"tracks\[0\].clips\[0\].duration_us: must be at least 1",
        )


# =========================================================================== random sequences
def _random_command(rng: random.Random, p: Project) -> Command:
    clip_ids = [c.id for t in p.timeline.tracks for c in t.clips] + ["nope"]
    track_ids = [t.id for t in p.timeline.tracks] + ["tr_nope"]
    scene_ids = [s.id for s in p.script.scenes] + ["nope"]
    cid = rng.choice(clip_ids)
    t = rng.randrange(-S, 16 * S, 100_000)
    pick = rng.randrange(18)
    if pick == 17:
        timeline = clone(p.timeline)
        clips = [c for tr in timeline.tracks for c in tr.clips]
        if clips:
            rng.choice(clips).start_us += rng.randrange(0, 3 * S)
        rng.shuffle(timeline.tracks)
        return TimelineReplaceCommand(timeline)
    if pick == 0:
        return ClipMoveCommand(cid, t, rng.choice([None, *track_ids]))
    if pick == 1:
        return ClipTrimCommand(cid, rng.choice(["start", "end"]), t)
    if pick == 2:
        return ClipSplitCommand(cid, t)
    if pick == 3:
        return ClipRemoveCommand(cid, ripple=rng.random() < 0.5)
    if pick == 4:
        return ClipDuplicateCommand(cid)
    if pick == 5:
        return ClipPropertyCommand(cid, volume=round(rng.uniform(0, 4.5), 2))
    if pick == 6:
        return ClipPropertyCommand(cid, focus=(rng.random(), rng.random()))
    if pick == 7:
        return ClipsRippleDeleteCommand(rng.sample(clip_ids, min(2, len(clip_ids))))
    if pick == 8:
        sid = rng.choice(scene_ids)
        return SceneEditCommand(sid, narration="x" * rng.randrange(5))
    if pick == 9:
        return SceneMoveCommand(rng.choice(scene_ids), rng.randrange(-1, 4))
    if pick == 10:
        return SceneAddCommand(Scene(narration="added"), rng.randrange(0, 3))
    if pick == 11:
        return SceneRemoveCommand(rng.choice(scene_ids))
    if pick == 12:
        return TemplatePropertyCommand("caption.size", rng.randrange(0, 200))
    if pick == 13:
        return ProjectPropertyCommand(title=rng.choice(["A", "B", "C"]))
    if pick == 14:
        kind = rng.choice(["image", "audio"])
        return AssetAddCommand({"path": "/m/r", "kind": kind, "duration_us": S})
    if pick == 15:
        return AssetRemoveCommand(rng.choice([*p.assets, "nope"]))
    asset = rng.choice(["img1", "vid1", "voice1", ""])
    return ClipAddCommand(rng.choice(track_ids), Clip(asset_id=asset, start_us=max(0, t)))


def test_random_edits_undo_to_the_original(new_project):
    rng = random.Random(20240601)
    project = new_project()
    stack = CommandStack(project)
    events: list[Any] = []
    stack.changed.connect(events.append)
    original = to_dict(project)
    states = [original]  # states[i]: the project after i applied commands
    refusals = 0

    def push(cmd: Command) -> None:
        nonlocal refusals
        before = to_dict(project)
        events.clear()
        try:
            stack.push(cmd)
        except EditError:
            refusals += 1
            assert to_dict(project) == before
            assert events == []
            return
        if not events:  # not recorded: changed nothing
            assert to_dict(project) == before
            return
        del states[stack.index :]
        states.append(to_dict(project))

    for _ in range(400):
        roll = rng.random()
        if roll < 0.15:
            stack.undo()
            assert to_dict(project) == states[stack.index]
        elif roll < 0.25:
            stack.redo()
            assert to_dict(project) == states[stack.index]
        elif roll < 0.3:
            before = to_dict(project)
            with pytest.raises(RuntimeError), stack.transaction("Doomed"):
                for _ in range(3):
                    try:
                        stack.push(_random_command(rng, project))
                    except EditError:
                        pass
                raise RuntimeError("abandon")
            assert to_dict(project) == before
        elif roll < 0.35:
            index = stack.index
            try:
                with stack.transaction("Batch"):
                    for _ in range(3):
                        stack.push(_random_command(rng, project))
            except EditError:
                assert stack.index == index
                assert to_dict(project) == states[index]
            else:
                if stack.index > index:  # committed (an empty batch records nothing)
                    del states[stack.index :]
                    states.append(to_dict(project))
        else:
            push(_random_command(rng, project))
        assert len(states) >= stack.index + 1
        project_from_dict(to_dict(project))  # always a valid project

    assert refusals > 20 and stack.count > 20  # the sequence exercised both paths
    final, final_index = to_dict(project), stack.index
    while stack.undo():
        assert to_dict(project) == states[stack.index]
    assert to_dict(project) == original
    while stack.index < final_index:
        stack.redo()
        assert to_dict(project) == states[stack.index]
    assert to_dict(project) == final


def test_script_replace_command_round_trip() -> None:
    from shortvid_desktop.core.model import Project, Scene, Script
    from shortvid_desktop.core.serial import to_dict
    from shortvid_desktop.edits import CommandStack, ScriptReplaceCommand

    project = Project()
    project.script.scenes.append(Scene(narration="old"))
    before = to_dict(project)
    script_obj = project.script
    stack = CommandStack(project)
    stack.push(
        ScriptReplaceCommand(Script(title="T", language="zh", scenes=[Scene(narration="新")]))
    )
    assert project.script is script_obj
    assert project.script.title == "T" and project.script.scenes[0].narration == "新"
    after = to_dict(project)
    stack.undo()
    assert to_dict(project) == before
    stack.redo()
    assert to_dict(project) == after
