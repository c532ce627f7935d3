"""Editing helpers for the window: snapping, placing media, splitting, transitions, re-voicing."""

from __future__ import annotations

import pytest

from shortvid_desktop.core.model import Asset, Clip, Scene, Script, WordTiming
from shortvid_desktop.core.serial import to_dict
from shortvid_desktop.edits import (
    AssetAddCommand,
    AssetRelinkCommand,
    ClipAddCommand,
    CommandStack,
    EditError,
    TrackAddCommand,
)
from shortvid_desktop.session import Session
from shortvid_desktop.session.editing import (
    clips_at,
    missing_assets,
    place_assets,
    relink_check,
    revoice_commands,
    scene_boundaries,
    snap,
    snap_move,
    snap_points,
    split_commands,
    text_clip_commands,
    track_kind_for,
    transition_commands,
    transition_overlap,
)
from shortvid_desktop.session.layout import SpokenScene


def _project(tmp_path):
    s = Session.new()
    s.stack.push(
        __import__("shortvid_desktop.edits", fromlist=["x"]).TemplatePropertyCommand("fps", 25)
    )
    files = {}
    for name in ("a.png", "b.png", "v.wav", "v2.wav"):
        p = tmp_path / name
        p.write_bytes(name.encode())
        files[name] = str(p)
    img_a = Asset(id="as_a", path=files["a.png"], kind="image", content_hash="ha")
    img_b = Asset(id="as_b", path=files["b.png"], kind="image", content_hash="hb")
    voice = Asset(
        id="as_v", path=files["v.wav"], kind="audio", duration_us=3_000_000, generated=True
    )
    with s.stack.transaction("setup"):
        for a in (img_a, img_b, voice):
            s.stack.push(AssetAddCommand(a))
        s.stack.push(TrackAddCommand("video", track_id="tv"))
        s.stack.push(TrackAddCommand("voice", track_id="to"))
        s.stack.push(
            ClipAddCommand(
                "tv", Clip(id="c1", asset_id="as_a", duration_us=2_000_000, scene_id="s1")
            )
        )
        s.stack.push(
            ClipAddCommand(
                "tv",
                Clip(
                    id="c2",
                    asset_id="as_b",
                    start_us=2_000_000,
                    duration_us=2_000_000,
                    scene_id="s2",
                ),
            )
        )
        s.stack.push(
            ClipAddCommand(
                "to",
                Clip(
                    id="v1",
                    asset_id="as_v",
                    start_us=0,
                    duration_us=1_500_000,
                    scene_id="s1",
                    text="hello there",
                    words=[WordTiming("hello", 0, 500_000)],
                ),
            )
        )
    s.project.script = Script(scenes=[Scene(id="s1", narration="hello there"), Scene(id="s2")])
    return s, files


def test_snap_picks_the_nearest_point_within_the_threshold() -> None:
    assert snap(1_030_000, [0, 1_000_000, 2_000_000], 50_000) == (1_000_000, 1_000_000)
    assert snap(1_100_000, [0, 1_000_000], 50_000) == (1_100_000, None)
    # a move snaps whichever edge is closer
    assert snap_move(960_000, 1_000_000, [2_000_000], 50_000) == (1_000_000, 2_000_000)
    assert snap_move(30_000, 1_000_000, [0, 5_000_000], 50_000) == (0, 0)


def test_snap_points_include_edges_playhead_and_scenes(tmp_path) -> None:
    s, _ = _project(tmp_path)
    pts = snap_points(s.project, exclude=["c2"], playhead_us=777_000)
    assert 777_000 in pts and 2_000_000 in pts and 1_500_000 in pts
    assert 4_000_000 not in pts  # c2's end is excluded (it is the one moving)
    assert scene_boundaries(s.project) == [0, 2_000_000, 4_000_000]


def test_place_assets_picks_tracks_and_creates_missing_ones(tmp_path) -> None:
    s, files = _project(tmp_path)
    music = Asset(id="as_m", path=files["v2.wav"], kind="audio", duration_us=5_000_000)
    s.stack.push(AssetAddCommand(music))
    p = place_assets(s.project, [s.project.assets["as_a"], music], 4_000_000, track_kind="music")
    with s.stack.transaction("Add"):
        for c in p.commands:
            s.stack.push(c)
    tracks = {t.kind: t for t in s.project.timeline.tracks}
    assert "music" in tracks  # created
    assert [c.start_us for c in tracks["music"].clips] == [4_000_000]
    assert tracks["video"].sorted_clips()[-1].start_us == 4_000_000
    assert track_kind_for(music, "overlay") == "music"  # dropped on a picture lane
    assert track_kind_for(music) == "music" and track_kind_for(music, "audio") == "audio"
    assert track_kind_for(s.project.assets["as_a"], "voice") == "video"
    s.stack.undo()
    assert "music" not in {t.kind for t in s.project.timeline.tracks}


def test_split_only_clips_under_the_playhead(tmp_path) -> None:
    s, _ = _project(tmp_path)
    assert {c.id for c in clips_at(s.project, 1_000_000)} == {"c1", "v1"}
    cmds = split_commands(s.project, 1_000_000, ["c1"])
    assert len(cmds) == 1
    assert split_commands(s.project, 2_000_000, ["c1"]) == []  # at its edge: nothing to cut


def test_transition_moves_the_overlap_and_undoes(tmp_path) -> None:
    s, _ = _project(tmp_path)
    before = to_dict(s.project.timeline)
    cmds = transition_commands(s.project, "c2", "fade", 600_000)
    with s.stack.transaction("Change transition"):
        for c in cmds:
            s.stack.push(c)
    assert transition_overlap(s.project, "c2") == 600_000
    c2 = s.project.timeline.find_clip("c2")[1]
    assert (c2.transition_in.kind, c2.transition_in.duration_us, c2.start_us) == (
        "fade",
        600_000,
        2_000_000,
    )
    cut = transition_commands(s.project, "c2", "cut", 0)
    with s.stack.transaction("cut"):
        for c in cut:
            s.stack.push(c)
    assert transition_overlap(s.project, "c2") == 0
    s.stack.undo()
    s.stack.undo()
    assert to_dict(s.project.timeline) == before
    with pytest.raises(EditError):
        transition_commands(s.project, "nope", "fade", 1)


def test_text_clip_creates_the_text_track(tmp_path) -> None:
    s, _ = _project(tmp_path)
    p = text_clip_commands(s.project, 500_000, "Hi", 1_000_000)
    with s.stack.transaction("Add text"):
        for c in p.commands:
            s.stack.push(c)
    overlay = s.project.timeline.track("overlay")
    assert overlay is not None and overlay.clips[0].text == "Hi"


def test_revoice_patches_only_changed_scenes(tmp_path) -> None:
    s, files = _project(tmp_path)
    new_voice = Asset(path=files["v2.wav"], kind="audio", duration_us=1_200_000, generated=True)
    spoken = {"s1": SpokenScene(new_voice, 1_200_000, (WordTiming("hi", 0, 400_000),), "hi")}
    plan = revoice_commands(s.project, spoken)
    assert plan.changed == ["s1"] and plan.relayout == []
    stack: CommandStack = s.stack
    with stack.transaction("Re-voice scenes"):
        for c in plan.commands:
            stack.push(c)
    v1 = s.project.timeline.find_clip("v1")[1]
    assert v1.duration_us == 1_200_000 and v1.text == "hi" and v1.asset_id == new_voice.id
    assert "as_v" not in s.project.assets  # the old generated voice is gone
    # the same audio again: nothing changes
    assert revoice_commands(s.project, spoken).commands == []
    stack.undo()
    assert s.project.timeline.find_clip("v1")[1].asset_id == "as_v"
    # too long for its place -> needs a new layout
    long = Asset(path=files["v2.wav"], kind="audio", duration_us=9_000_000, generated=True)
    s.project.timeline.tracks[1].clips.append(
        Clip(id="v2", asset_id="as_v", start_us=2_000_000, duration_us=1_000_000, scene_id="s2")
    )
    plan = revoice_commands(s.project, {"s1": SpokenScene(long, 9_000_000, (), "x")})
    assert plan.relayout == ["s1"]


def test_relink_command_and_check(tmp_path) -> None:
    s, files = _project(tmp_path)
    moved = tmp_path / "moved.png"
    moved.write_bytes(b"a.png")
    (tmp_path / "a.png").unlink()
    assert [a.id for a in missing_assets(s.project)] == ["as_a"]
    asset = s.project.assets["as_a"]
    same, digest = relink_check(asset, str(moved))
    assert not same  # the fake hash "ha" does not match the real content
    s.stack.push(AssetRelinkCommand("as_a", str(moved), digest))
    assert s.project.assets["as_a"].path == str(moved)
    assert missing_assets(s.project) == []
    s.stack.undo()
    assert s.project.assets["as_a"].path == files["a.png"]
    with pytest.raises(EditError):
        s.stack.push(AssetRelinkCommand("nope", "x"))
