"""Music the user imported is laid under the voice by "Voice and lay out", and a sound file
dropped on the timeline goes on the Music track (issue 10)."""

from __future__ import annotations

from pathlib import Path

from shortvid_desktop.core.serial import to_dict
from shortvid_desktop.session import Session
from shortvid_desktop.session.editing import place_assets


def _session(media, *sounds: Path) -> Session:
    s = Session.new()
    s.set_script_text("A short line to speak. And one more.", language="en")
    s.import_media([media.image("lm_pic.png"), *sounds])
    return s


def test_the_first_imported_sound_file_becomes_the_music(media) -> None:
    first = media.audio("lm_first.wav", seconds=3.0, freq=440)
    second = media.audio("lm_second.wav", seconds=3.0, freq=660)
    s = _session(media, first, second)
    first_id = next(a.id for a in s.project.assets.values() if Path(a.path) == first)
    before = to_dict(s.project)
    report = s.build_timeline()
    music = s.project.timeline.track("music")
    assert music is not None and [c.asset_id for c in music.clips] == [first_id]
    assert music.clips[0].end_us == s.project.timeline.duration_us
    assert s.project.music_asset_id == first_id  # remembered as the project's music
    assert (report.music, report.music_picked, report.sounds) == (str(first), True, 2)
    assert any("lm_first.wav" in n and "2 sound files" in n for n in s.notices)
    s.stack.undo()  # one step, the choice of music with it
    assert to_dict(s.project) == before


def test_the_chosen_music_wins_and_no_sound_means_no_music(media) -> None:
    first = media.audio("lm_first.wav", seconds=3.0, freq=440)
    second = media.audio("lm_second.wav", seconds=3.0, freq=660)
    s = _session(media, first, second)
    s.set_music(second)
    report = s.build_timeline()
    music = s.project.timeline.track("music")
    assert report.music == str(second) and not report.music_picked
    assert s.project.assets[music.clips[0].asset_id].path == str(second)
    silent = _session(media)
    report = silent.build_timeline()
    assert report.music == "" and report.sounds == 0
    assert not silent.project.timeline.track("music").clips


def test_a_sound_file_dropped_on_the_picture_lane_goes_on_the_music_track(media) -> None:
    s = _session(media)
    s.build_timeline()
    s.import_media([media.audio("lm_drop.wav", seconds=2.0)])
    sound = next(a for a in s.project.assets.values() if a.path.endswith("lm_drop.wav"))
    video = s.project.timeline.track("video")
    # what the timeline does with a drop on the Video lane at 1 s
    placement = place_assets(s.project, [sound], 1_000_000, video.id, "video")
    with s.stack.transaction("Add media to timeline"):
        for cmd in placement.commands:
            s.stack.push(cmd)
    music = s.project.timeline.track("music")
    assert [c.asset_id for c in music.clips] == [sound.id]
    assert music.clips[0].start_us == 1_000_000
    assert s.project.timeline.track("audio") is None
