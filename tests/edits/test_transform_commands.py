"""On-canvas commands: placement, keyframes set by moving at another time, the watermark and
caption words typed over the preview; each one undo step that restores everything."""

from __future__ import annotations

import pytest

from shortvid_desktop.core import to_dict
from shortvid_desktop.core.model import Keyframe, Transform
from shortvid_desktop.edits import CommandStack, EditError
from shortvid_desktop.edits.commands.transform import (
    CaptionTextCommand,
    ClipTransformCommand,
    KeyframeAddCommand,
    KeyframeRemoveCommand,
    WatermarkPlaceCommand,
)

S = 1_000_000


def clip(stack: CommandStack, cid: str = "c1"):
    found = stack.project.timeline.find_clip(cid)
    assert found is not None
    return found[1]


def test_move_sets_the_transform_and_undo_restores(stack: CommandStack) -> None:
    before = to_dict(stack.project)
    stack.push(ClipTransformCommand("c1", Transform(x=0.3, y=0.4, scale=0.8)))
    assert clip(stack).transform == Transform(x=0.3, y=0.4, scale=0.8)
    assert stack.undo_text == "Move on canvas"
    stack.undo()
    assert to_dict(stack.project) == before


def test_drag_steps_merge_into_one(stack: CommandStack) -> None:
    for x in (0.4, 0.45, 0.5, 0.55):
        stack.push(ClipTransformCommand("c1", {"x": x}))
    assert stack.count == 1 and clip(stack).transform.x == 0.55
    stack.undo()
    assert clip(stack).transform is None


def test_bad_values_are_refused_by_name(stack: CommandStack) -> None:
    with pytest.raises(EditError, match="scale"):
        ClipTransformCommand("c1", {"scale": 50})
    with pytest.raises(EditError, match="no clip"):
        stack.push(ClipTransformCommand("nope", {"x": 0.2}))
    with pytest.raises(EditError, match="playhead"):
        stack.push(ClipTransformCommand("c1", {"x": 0.2}, at_us=9 * S))


def test_moving_at_another_time_adds_a_keyframe(stack: CommandStack) -> None:
    stack.push(KeyframeAddCommand("c1", 0))
    assert [k.time_us for k in clip(stack).keyframes] == [0]
    stack.push(ClipTransformCommand("c1", Transform(x=0.8), at_us=2 * S))
    keys = clip(stack).keyframes
    assert [k.time_us for k in keys] == [0, 2 * S] and keys[1].x == 0.8
    assert clip(stack).transform_at(1 * S).x == pytest.approx(0.65)
    # moving again at a keyframe's time updates it
    stack.push(ClipTransformCommand("c1", Transform(x=0.1), at_us=0))
    assert [k.x for k in clip(stack).keyframes] == [0.1, 0.8]
    stack.undo()
    stack.undo()
    assert [k.time_us for k in clip(stack).keyframes] == [0]


def test_add_and_remove_keyframes(stack: CommandStack) -> None:
    c = clip(stack)
    c.transform = Transform(x=0.2)
    stack.push(KeyframeAddCommand("c1", S))  # the first keeps the start too: nothing moves
    assert [(k.time_us, k.x) for k in c.keyframes] == [(0, 0.2), (S, 0.2)]
    stack.push(KeyframeRemoveCommand("c1", 0))
    stack.push(KeyframeRemoveCommand("c1", S))
    assert c.keyframes == [] and c.transform.x == 0.2
    with pytest.raises(EditError, match="no keyframe"):
        stack.push(KeyframeRemoveCommand("c1", 5))
    stack.undo()
    assert [k.time_us for k in c.keyframes] == [S]


def test_eased_keyframes() -> None:
    from shortvid_desktop.core.model import transform_at

    keys = [Keyframe(0, x=0.0, easing="ease_in_out"), Keyframe(S, x=1.0)]
    assert transform_at(None, keys, S // 2).x == pytest.approx(0.5)
    assert transform_at(None, keys, S // 4).x < 0.25


def test_watermark_place(stack: CommandStack) -> None:
    stack.push(WatermarkPlaceCommand(0.2, 0.9, 1.5))
    tpl = stack.project.template
    assert (tpl.watermark_x, tpl.watermark_y, tpl.watermark_scale) == (0.2, 0.9, 1.5)
    stack.undo()
    assert tpl.watermark_x is None and tpl.watermark_scale == 1.0


def test_caption_text_replaces_the_words_in_their_time(stack: CommandStack) -> None:
    stack.push(CaptionTextCommand("v1", "Goodbye old world"))
    c = clip(stack, "v1")
    assert c.text == "Goodbye old world"
    assert [w.word for w in c.words] == ["Goodbye", "old", "world"]
    assert c.words[0].start_us == 0 and c.words[-1].end_us <= 3 * S
    assert all(w.estimated for w in c.words)
    stack.undo()
    assert [w.word for w in clip(stack, "v1").words] == ["Hello", "brave", "new", "world"]
    stack.push(CaptionTextCommand("v1", "你好世界"))
    assert [w.word for w in clip(stack, "v1").words] == ["你", "好", "世", "界"]
    with pytest.raises(EditError, match="empty"):
        CaptionTextCommand("v1", "   ")


def test_keyframe_easing(stack: CommandStack) -> None:
    from shortvid_desktop.edits.commands.transform import KeyframeEasingCommand

    stack.push(KeyframeAddCommand("c1", 0))
    stack.push(KeyframeEasingCommand("c1", 0, "ease_in_out"))
    assert clip(stack).keyframes[0].easing == "ease_in_out"
    stack.undo()
    assert clip(stack).keyframes[0].easing == "linear"
    with pytest.raises(EditError, match="easing"):
        KeyframeEasingCommand("c1", 0, "bounce")
    with pytest.raises(EditError, match="no keyframe"):
        stack.push(KeyframeEasingCommand("c1", 7, "linear"))
