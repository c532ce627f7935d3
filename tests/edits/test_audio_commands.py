"""Sound commands: fades, the volume line, music fit, and "Snap cuts to beats" over the magnetic
main track (on beats found in a generated click track), each one undo step."""

from __future__ import annotations

from pathlib import Path

import pytest

from shortvid_desktop.core.model import Asset, Clip, Project, Track, Transition, VolumeKey
from shortvid_desktop.core.serial import to_dict
from shortvid_desktop.edits import CommandStack, EditError
from shortvid_desktop.edits.commands.audio import (
    ClipFadeCommand,
    MusicFitCommand,
    add_volume_key,
    move_volume_key,
    remove_volume_key,
    snap_cuts_to_beats,
    volume_at,
)
from shortvid_desktop.edits.commands.magnetic import is_magnetic
from shortvid_desktop.media.ffmpeg import run_ffmpeg

S = 1_000_000


def project(music_s: float = 3.0) -> Project:
    """Three 2 s pictures (scenes a, b, c) with their narration linked, music under them."""
    p = Project()
    p.template.fps = 30
    pic = Asset(id="pic", path="/m/p.png", kind="image")
    vo = Asset(id="vo", path="/m/vo.wav", kind="audio", duration_us=10 * S)
    song = Asset(id="song", path="/m/song.wav", kind="audio", duration_us=int(music_s * S))
    p.assets = {a.id: a for a in (pic, vo, song)}
    main = Track(id="main", kind="video")
    voice = Track(id="voice", kind="voice")
    for i, sc in enumerate("abc"):
        main.clips.append(Clip(id=f"p{sc}", asset_id="pic", start_us=2 * S * i, duration_us=2 * S))
        main.clips[-1].scene_id = sc
        voice.clips.append(
            Clip(id=f"v{sc}", asset_id="vo", start_us=2 * S * i + 100_000, duration_us=S)
        )
        voice.clips[-1].scene_id = sc
    music = Track(id="music", kind="music")
    music.clips.append(Clip(id="m", asset_id="song", duration_us=3 * S, fade_out_us=S))
    p.timeline.tracks = [main, voice, music]
    return p


def clip(p: Project, cid: str) -> Clip:
    found = p.timeline.find_clip(cid)
    assert found is not None
    return found[1]


def test_fades_set_merge_undo_and_refuse_too_long() -> None:
    p = project()
    stack = CommandStack(p)
    before = to_dict(p)
    stack.push(ClipFadeCommand("m", fade_in_us=500_000))
    stack.push(ClipFadeCommand("m", fade_in_us=700_000))  # a drag: merges
    assert clip(p, "m").fade_in_us == 700_000 and stack.count == 1
    with pytest.raises(EditError, match="longer than the clip"):
        stack.push(ClipFadeCommand("m", fade_in_us=2_500_000))
    with pytest.raises(EditError, match="has no sound"):
        stack.push(ClipFadeCommand("pa", fade_in_us=100_000))
    stack.undo()
    assert to_dict(p) == before


def test_volume_points_add_move_remove_each_undoable() -> None:
    p = project()
    stack = CommandStack(p)
    stack.push(add_volume_key(p, "m", 1 * S, 1.0))
    stack.push(add_volume_key(p, "m", 2 * S, 0.2))
    assert [(k.time_us, k.gain) for k in clip(p, "m").volume_keys] == [(S, 1.0), (2 * S, 0.2)]
    assert volume_at(clip(p, "m"), 1_500_000) == pytest.approx(0.6)
    stack.push(move_volume_key(p, "m", 1, 500_000, 0.5))  # cannot pass the point before it
    assert clip(p, "m").volume_keys[1] == VolumeKey(S, 0.5)
    stack.push(remove_volume_key(p, "m", 0))
    assert clip(p, "m").volume_keys == [VolumeKey(S, 0.5)]
    assert stack.undo_text == "Remove volume point"
    for _ in range(4):
        stack.undo()
    assert clip(p, "m").volume_keys == []
    with pytest.raises(EditError, match="past the clip's end"):
        stack.push(add_volume_key(p, "m", 4 * S, 1.0))
    with pytest.raises(EditError, match="gain"):
        stack.push(add_volume_key(p, "m", S, 9.0))


def test_music_fit_loops_or_trims_to_the_video_in_one_step() -> None:
    p = project(music_s=3.0)  # 3 s song, video 6 s
    stack = CommandStack(p)
    stack.push(MusicFitCommand(p, "loop"))
    assert clip(p, "m").end_us == 6 * S and p.music_fit == "loop"
    stack.push(MusicFitCommand(p, "trim"))
    assert clip(p, "m").end_us == 3 * S and p.music_fit == "trim"
    assert stack.undo_text == "Trim music to the video"
    stack.undo()
    assert clip(p, "m").end_us == 6 * S and p.music_fit == "loop"
    p2 = project(music_s=20.0)  # a long song is cut at the video's end either way
    clip(p2, "m").duration_us = 20 * S
    CommandStack(p2).push(MusicFitCommand(p2, "trim"))
    assert clip(p2, "m").end_us == 6 * S
    with pytest.raises(EditError, match="loop, trim"):
        MusicFitCommand(p2, "stretch")


def test_snap_moves_cuts_onto_beats_keeps_abutting_and_undoes() -> None:
    p = project()
    p.timeline.tracks[0].clips[2].transition_in = Transition("fade", 400_000)
    p.timeline.tracks[0].clips[2].start_us = 4 * S - 400_000
    p.timeline.tracks[0].clips[2].duration_us = 2 * S + 400_000
    assert is_magnetic(p)
    before = to_dict(p)
    total = p.timeline.track("video").end_us
    stack = CommandStack(p)
    # cut 1 at 2.0 s, cut 2 in the middle of the fade (3.8 s); a beat far from both is ignored
    stack.push(snap_cuts_to_beats(p, [1_900_000, 3_700_000, 5_000_000], tolerance_us=150_000))
    main = p.timeline.track("video").sorted_clips()
    assert main[0].end_us == 1_900_000 == main[1].start_us
    assert (main[2].start_us + main[1].end_us) // 2 == 3_700_000  # the fade's middle
    assert main[2].transition_in.overlap_us == 400_000
    assert is_magnetic(p) and p.timeline.track("video").end_us == total
    # the narration of scene b keeps its distance to its picture
    assert clip(p, "vb").start_us == 1_900_000 + 100_000
    assert clip(p, "va").start_us == 100_000
    assert stack.undo_text == "Snap cuts to beats" and stack.count == 1
    stack.undo()
    assert to_dict(p) == before
    with pytest.raises(EditError, match="no cut is within"):
        snap_cuts_to_beats(p, [800_000], tolerance_us=100_000)


def test_a_cut_that_cannot_move_stays() -> None:
    p = project()
    p.assets["short"] = Asset(id="short", path="/m/s.mp4", kind="video", duration_us=2 * S)
    clip(p, "pa").asset_id = "short"  # its source ends where the clip does: it cannot grow
    CommandStack(p).push(snap_cuts_to_beats(p, [2_100_000, 4_100_000], tolerance_us=200_000))
    main = p.timeline.track("video").sorted_clips()
    assert main[1].start_us == 2 * S and main[2].start_us == 4_100_000
    assert is_magnetic(p)


def click_track(path: Path, times: tuple[float, ...], seconds: float) -> Path:
    bursts = "+".join(
        f"between(t,{t},{t + 0.03})*sin(2*PI*2000*t)*exp(-abs(t-{t})*200)" for t in times
    )
    expr = f"0.05*sin(2*PI*220*t)+0.8*({bursts})"
    run_ffmpeg(["-f", "lavfi", "-i", f"aevalsrc='{expr}':s=44100:d={seconds}", str(path)])
    return path


def test_cuts_snap_to_the_clicks_of_a_click_track(tmp_path: Path) -> None:
    from shortvid_desktop.session.music import music_beats, timeline_beats

    clicks = (0.5, 1.85, 2.3, 4.1, 5.2)
    track = click_track(tmp_path / "clicks.wav", clicks, 6.0)
    p = project(music_s=6.0)
    p.assets["song"].path = str(track)
    clip(p, "m").duration_us = 6 * S
    beats = music_beats(p)
    assert beats is not None
    on_timeline = timeline_beats(p, beats)
    assert len(on_timeline) == len(clicks)
    assert max(abs(t / S - c) for t, c in zip(on_timeline, clicks, strict=True)) <= 0.020
    stack = CommandStack(p)
    before = to_dict(p)
    stack.push(snap_cuts_to_beats(p, on_timeline, tolerance_us=200_000))
    main = p.timeline.track("video").sorted_clips()
    # cuts at 2.0 and 4.0 s move to the clicks at 1.85 and 4.1 s (on whole frames)
    assert abs(main[1].start_us / S - 1.85) <= 1 / 30 and abs(main[2].start_us / S - 4.1) <= 1 / 30
    assert main[0].end_us == main[1].start_us and main[1].end_us == main[2].start_us
    stack.undo()
    assert to_dict(p) == before


def test_beats_repeat_in_each_loop_where_the_render_puts_the_copies() -> None:
    from shortvid_desktop.session.music import loop_crossfade_us, timeline_beats

    p = project(music_s=3.0)
    clip(p, "m").duration_us = 6 * S  # a 3 s song looped over 6 s: copies at 2.25 s and 4.5 s
    assert loop_crossfade_us(p) == 750_000
    assert timeline_beats(p, [500_000, 2 * S]) == [500_000, 2 * S, 2_750_000, 4_250_000, 5 * S]
    p.music_fit = "trim"
    assert timeline_beats(p, [500_000, 2 * S]) == [500_000, 2 * S]


def test_music_dropped_on_the_timeline_gets_the_templates_fades() -> None:
    from shortvid_desktop.session.editing import place_assets

    p = project()
    p.template.music_fade_us = 800_000
    song = Asset(id="song2", path="/m/s2.wav", kind="audio", duration_us=10 * S, has_audio=True)
    p.assets[song.id] = song
    placed = place_assets(p, [song], 0, "music")
    stack = CommandStack(p)
    for c in placed.commands:
        stack.push(c)
    new = clip(p, placed.clip_ids[0])
    assert new.fade_in_us == new.fade_out_us == 800_000


def test_a_split_shares_the_fades_and_the_volume_line() -> None:
    from shortvid_desktop.edits import ClipSplitCommand

    p = project()
    m = clip(p, "m")
    m.fade_in_us, m.fade_out_us = 500_000, 700_000
    m.volume_keys = [VolumeKey(S, 1.0), VolumeKey(2 * S, 0.0)]
    before = to_dict(p)
    stack = CommandStack(p)
    cmd = ClipSplitCommand("m", 1_500_000)
    stack.push(cmd)
    a, b = clip(p, "m"), clip(p, cmd.new_clip_id)
    assert (a.fade_in_us, a.fade_out_us, b.fade_in_us, b.fade_out_us) == (500_000, 0, 0, 700_000)
    assert [(k.time_us, k.gain) for k in a.volume_keys] == [(S, 1.0), (1_500_000, 0.5)]
    assert [(k.time_us, k.gain) for k in b.volume_keys] == [(0, 0.5), (500_000, 0.0)]
    stack.undo()
    assert to_dict(p) == before


def test_trimming_the_start_keeps_the_volume_line_in_place() -> None:
    from shortvid_desktop.edits import ClipTrimCommand

    p = project(music_s=10.0)
    m = clip(p, "m")
    m.start_us, m.source_in_us = S, S
    m.volume_keys = [VolumeKey(S, 1.0), VolumeKey(2 * S, 0.0)]  # at 2 s and 3 s on the timeline
    stack = CommandStack(p)
    stack.push(ClipTrimCommand("m", "start", 2_500_000))
    assert [(k.time_us, k.gain) for k in clip(p, "m").volume_keys] == [(0, 0.5), (500_000, 0.0)]
    stack.undo()
    stack.push(ClipTrimCommand("m", "start", 500_000))
    assert [k.time_us for k in clip(p, "m").volume_keys] == [1_500_000, 2_500_000]
