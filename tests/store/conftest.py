"""Fixtures for the store tests: a Store on a real file under tmp_path and a realistic Project."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from shortvid_desktop.core import (
    Asset,
    Clip,
    KenBurns,
    Project,
    Scene,
    Script,
    Transition,
    WordTiming,
)
from shortvid_desktop.store import Store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "shortvid.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store(db_path) as s:
        yield s


def make_project(title: str = "山间小路 · Mountain Path", clips: int = 3) -> Project:
    """A project with assets, a script, video clips with Ken Burns and transitions, a voice
    clip with word timings and music."""
    project = Project(title=title, language="zh")
    image = Asset(path="/media/山.jpg", kind="image", content_hash="h-img", width=4000, height=3000)
    video = Asset(
        path="/media/clip.mp4",
        kind="video",
        content_hash="h-vid",
        duration_us=5_000_000,
        width=1920,
        height=1080,
        fps_num=30000,
        fps_den=1001,
        has_audio=True,
        video_codec="h264",
        audio_codec="aac",
    )
    voice = Asset(path="/cache/voice.wav", kind="audio", content_hash="h-voice", generated=True)
    music = Asset(path="/media/music.mp3", kind="audio", content_hash="h-music")
    for a in (image, video, voice, music):
        project.assets[a.id] = a
    project.music_asset_id = music.id
    project.script = Script(
        title=title,
        hook="你知道吗？",
        language="zh",
        scenes=[Scene(narration="第一幕", keywords=["山", "路"]), Scene(narration="Second")],
    )
    track = project.timeline.ensure_track("video")
    for i in range(clips):
        track.clips.append(
            Clip(
                asset_id=(image if i % 2 == 0 else video).id,
                start_us=i * 2_000_000,
                duration_us=2_500_000,
                ken_burns=KenBurns("pan_left", 0.2),
                transition_in=Transition("fade", 500_000) if i else Transition(),
                scene_id=project.script.scenes[0].id,
            )
        )
    project.timeline.ensure_track("voice").clips.append(
        Clip(
            asset_id=voice.id,
            duration_us=3_000_000,
            text="第一幕",
            words=[WordTiming("第一", 0, 400_000), WordTiming("幕", 400_000, 700_000)],
        )
    )
    return project


@pytest.fixture(name="make_project")
def make_project_fixture() -> Callable[..., Project]:
    return make_project
