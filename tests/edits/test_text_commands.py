"""Text item and sticker commands: add at the playhead, change the preset and the in/out
animations; each one undo step restoring everything; bad values named."""

from __future__ import annotations

import pytest

from shortvid_desktop.core import to_dict
from shortvid_desktop.edits import CommandStack, EditError
from shortvid_desktop.edits.commands.text import (
    TextAddCommand,
    TextAnimCommand,
    TextStyleCommand,
)


def added(stack: CommandStack, cid: str):
    found = stack.project.timeline.find_clip(cid)
    assert found is not None
    return found


def test_add_text_at_the_playhead_on_the_overlay_track(stack: CommandStack, roundtrip) -> None:
    before = to_dict(stack.project)
    cmd = TextAddCommand(1_500_000, "你好 hello", style="callout", clip_id="tx1")
    roundtrip(cmd)
    track, clip = added(stack, "tx1")
    assert track.kind == "overlay" and clip.start_us == 1_500_000
    assert clip.text == "你好 hello" and clip.text_style == "callout"
    assert clip.anim_in.kind == "pop" and stack.undo_text == "Add text"
    stack.undo()
    assert to_dict(stack.project) == before


def test_style_and_animation_changes_are_one_step_each(stack: CommandStack) -> None:
    stack.push(TextAddCommand(0, "Hi", clip_id="tx1"))
    stack.push(TextStyleCommand("tx1", "quote"))
    assert added(stack, "tx1")[1].text_style == "quote"
    for ms in (300, 400, 500):
        stack.push(TextAnimCommand("tx1", "in", "slide", ms * 1000))
    stack.push(TextAnimCommand("tx1", "out", "typewriter", 700_000))
    clip = added(stack, "tx1")[1]
    assert (clip.anim_in.kind, clip.anim_in.duration_us) == ("slide", 500_000)
    assert clip.anim_out.kind == "typewriter"
    assert stack.count == 4  # add, style, in (merged), out
    stack.undo()
    stack.undo()
    clip = added(stack, "tx1")[1]
    assert clip.anim_in.kind == "pop" and clip.anim_out.kind == "fade"
    stack.undo()
    assert added(stack, "tx1")[1].text_style == "title"


def test_bad_values_are_named() -> None:
    with pytest.raises(EditError, match="style"):
        TextAddCommand(0, "x", style="poster")
    with pytest.raises(EditError, match="empty"):
        TextAddCommand(0, "  ")
    with pytest.raises(EditError, match="kind"):
        TextAnimCommand("tx1", "in", "spin", 1000)
    with pytest.raises(EditError, match="which"):
        TextAnimCommand("tx1", "middle", "fade", 1000)


def test_a_project_without_an_overlay_track_gets_one_and_loses_it_on_undo(
    stack: CommandStack,
) -> None:
    tl = stack.project.timeline
    tl.tracks = [t for t in tl.tracks if t.kind != "overlay"]
    n = len(tl.tracks)
    stack.push(TextAddCommand(0, "Hi", clip_id="tx1"))
    track_id = added(stack, "tx1")[0].id
    assert len(tl.tracks) == n + 1
    stack.undo()
    assert len(tl.tracks) == n and tl.track("overlay") is None
    stack.redo()
    assert added(stack, "tx1")[0].id == track_id  # the same track again
