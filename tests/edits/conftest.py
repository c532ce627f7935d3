"""A small, fully populated project and helpers that check an edit's apply/undo/redo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from shortvid_desktop.core import (
    Asset,
    Clip,
    Project,
    Scene,
    Script,
    Timeline,
    Track,
    Transition,
    WordTiming,
    project_from_dict,
    to_dict,
)
from shortvid_desktop.edits import Command, CommandStack, EditError

S = 1_000_000  # one second in microseconds


def make_project() -> Project:
    """Template at 30 fps; every track kind; stills, videos, a voice clip with words."""
    assets = [
        Asset(id="img1", path="/m/a.jpg", kind="image", width=1920, height=1080),
        Asset(id="img2", path="/m/b.jpg", kind="image", width=1080, height=1920),
        Asset(id="vid1", path="/m/v.mp4", kind="video", duration_us=10 * S, has_audio=True),
        Asset(id="vid_silent", path="/m/s.mp4", kind="video", duration_us=5 * S),
        Asset(id="voice1", path="/m/voice.wav", kind="audio", duration_us=6 * S, generated=True),
        Asset(id="music1", path="/m/music.mp3", kind="audio", duration_us=60 * S),
        Asset(id="unused", path="/m/unused.png", kind="image"),
    ]
    words = [
        WordTiming("Hello", 0, 500_000),
        WordTiming("brave", 600_000, 1_100_000),
        WordTiming("new", 1_900_000, 2_300_000),
        WordTiming("world", 2_400_000, 3_000_000),
    ]
    video = Track(
        id="tr_v",
        kind="video",
        name="Video",
        clips=[
            Clip(id="c1", asset_id="img1", start_us=0, duration_us=4 * S, scene_id="sc1"),
            Clip(
                id="c2",
                asset_id="vid1",
                start_us=4 * S,
                duration_us=4 * S,
                source_in_us=1 * S,
                transition_in=Transition("fade", 500_000),
                scene_id="sc2",
            ),
            Clip(id="c3", asset_id="img2", start_us=8 * S, duration_us=4 * S, scene_id="sc3"),
        ],
    )
    video2 = Track(id="tr_v2", kind="video", name="B-roll")
    overlay = Track(
        id="tr_o",
        kind="overlay",
        name="Text",
        clips=[Clip(id="t1", start_us=0, duration_us=3 * S, text="Big title")],
    )
    voice = Track(
        id="tr_voice",
        kind="voice",
        name="Voice",
        clips=[
            Clip(
                id="v1",
                asset_id="voice1",
                start_us=0,
                duration_us=4 * S,
                text="Hello brave new world",
                words=words,
                scene_id="sc1",
            )
        ],
    )
    music = Track(
        id="tr_m",
        kind="music",
        name="Music",
        clips=[Clip(id="m1", asset_id="music1", start_us=0, duration_us=12 * S, volume=0.3)],
    )
    audio = Track(id="tr_a", kind="audio", name="Audio")
    scenes = [
        Scene(id="sc1", narration="Hello brave new world", media=["img1"]),
        Scene(id="sc2", narration="Second", media=["vid1"]),
        Scene(id="sc3", narration="Third", media=["img2"]),
    ]
    project = Project(
        id="pr_test",
        title="Test",
        assets={a.id: a for a in assets},
        script=Script(title="Test", scenes=scenes),
        timeline=Timeline(tracks=[video, video2, overlay, voice, music, audio]),
        created="2024-01-01T00:00:00+00:00",
        modified="2024-01-01T00:00:00+00:00",
    )
    project_from_dict(to_dict(project))  # the fixture itself is valid
    return project


@pytest.fixture
def project() -> Project:
    return make_project()


@pytest.fixture
def stack(project: Project) -> CommandStack:
    return CommandStack(project)


@pytest.fixture
def new_project() -> Callable[[], Project]:
    """A factory for more fresh copies of the test project."""
    return make_project


@pytest.fixture
def roundtrip(stack: CommandStack) -> Callable[[Command], dict[str, Any]]:
    """Push ``cmd``; check undo gives the state before and redo the state after (as dicts), and
    that the result is still a valid project. Returns the state after."""

    def run(cmd: Command) -> dict[str, Any]:
        project = stack.project
        before = to_dict(project)
        count = stack.count
        stack.push(cmd)
        after = to_dict(project)
        assert after != before, "the edit changed nothing"
        assert stack.count == count + 1
        assert stack.undo_text == cmd.text
        project_from_dict(after)  # still a valid project
        assert stack.undo()
        assert to_dict(project) == before
        assert stack.redo()
        assert to_dict(project) == after
        # and once more, to catch commands that only work on their first apply
        assert stack.undo()
        assert to_dict(project) == before
        assert stack.redo()
        assert to_dict(project) == after
        return after

    return run


@pytest.fixture
def refused(stack: CommandStack) -> Callable[..., EditError]:
    """Push a command that must be refused; check nothing changed. Returns the error."""

    def run(make: Callable[[], Command], match: str) -> EditError:
        project = stack.project
        before = to_dict(project)
        state = (stack.index, stack.count, stack.is_clean)
        events: list[Any] = []
        stack.changed.connect(events.append)
        try:
            with pytest.raises(EditError, match=match) as info:
                stack.push(make())
        finally:
            stack.changed.disconnect(events.append)
        assert to_dict(project) == before
        assert (stack.index, stack.count, stack.is_clean) == state
        assert events == []
        return info.value

    return run
