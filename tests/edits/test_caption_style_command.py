"""SceneCaptionStyleCommand (per-scene caption overrides) and AssetRelinkCommand."""

from __future__ import annotations

from shortvid_desktop.core.model import CaptionOverride
from shortvid_desktop.edits import (
    AssetRelinkCommand,
    EditError,
    SceneCaptionStyleCommand,
    SceneEditCommand,
)


def test_override_fields_round_trip(roundtrip, project) -> None:
    after = roundtrip(SceneCaptionStyleCommand("sc1", size=90, color="#00FF00"))
    style = after["script"]["scenes"][0]["caption_style"]
    assert style["size"] == 90 and style["color"] == "#00FF00" and style["box"] is None
    assert after["script"]["scenes"][1]["caption_style"] is None
    # a second field keeps the first; None hands a field back to the template
    roundtrip(SceneCaptionStyleCommand("sc1", box=True))
    assert project.script.scenes[0].caption_style == CaptionOverride(
        size=90, color="#00FF00", box=True
    )
    roundtrip(SceneCaptionStyleCommand("sc1", color=None))
    assert project.script.scenes[0].caption_style.fields_set() == {"size": 90, "box": True}


def test_several_scenes_one_step_and_reset(stack, project) -> None:
    stack.push(SceneCaptionStyleCommand(["sc1", "sc2"], position="top"))
    assert stack.count == 1 and stack.undo_text == "Change caption style"
    assert [s.caption_style and s.caption_style.position for s in project.script.scenes] == [
        "top",
        "top",
        None,
    ]
    stack.push(SceneCaptionStyleCommand(["sc1", "sc2"], reset=True))
    assert stack.undo_text == "Reset caption style"
    assert all(s.caption_style is None for s in project.script.scenes)
    stack.undo()
    assert project.script.scenes[1].caption_style == CaptionOverride(position="top")
    # the last override removed leaves no empty object behind
    stack.push(SceneCaptionStyleCommand("sc2", position=None))
    assert project.script.scenes[1].caption_style is None


def test_slider_drag_merges_and_a_return_to_start_drops_out(stack, project) -> None:
    for size in (80, 100, 120):
        stack.push(SceneCaptionStyleCommand("sc1", size=size))
    assert stack.count == 1 and project.script.scenes[0].caption_style.size == 120
    stack.undo()
    assert project.script.scenes[0].caption_style is None
    stack.redo()
    assert project.script.scenes[0].caption_style.size == 120
    stack.push(SceneCaptionStyleCommand("sc1", color="#123456"))  # another field: a new step
    assert stack.count == 2
    stack.break_merge()
    stack.push(SceneCaptionStyleCommand("sc2", size=70))
    stack.push(SceneCaptionStyleCommand("sc2", size=None))  # dragged back to the template
    assert stack.count == 2
    assert project.script.scenes[1].caption_style is None


def test_bad_overrides_are_refused_with_the_field(refused) -> None:
    err = refused(lambda: SceneCaptionStyleCommand("sc1", color="red"), "caption_style.color")
    assert err.path == "caption_style.color"
    refused(lambda: SceneCaptionStyleCommand("sc1", size=2), "at least 8")
    refused(lambda: SceneCaptionStyleCommand(["sc1", "nope"], size=90), "no scene")
    for make, match in (
        (lambda: SceneCaptionStyleCommand("sc1", font="Arial"), "not a caption field"),
        (lambda: SceneCaptionStyleCommand("sc1"), "no changes"),
        (lambda: SceneCaptionStyleCommand("sc1", reset=True, size=9), "reset"),
        (lambda: SceneCaptionStyleCommand([], size=9), "no scene"),
        (lambda: SceneEditCommand("sc1", caption_style={}), "SceneCaptionStyleCommand"),
    ):
        try:
            make()
        except EditError as exc:
            assert match in str(exc)
        else:
            raise AssertionError(f"accepted: {match}")


def test_relink_lives_with_the_other_commands(roundtrip, refused, project) -> None:
    after = roundtrip(AssetRelinkCommand("img1", "/new/a.jpg", "h-new"))
    assert after["assets"]["img1"]["path"] == "/new/a.jpg"
    assert after["assets"]["img1"]["content_hash"] == "h-new"
    refused(lambda: AssetRelinkCommand("nope", "/x.jpg"), "no asset")
    refused(lambda: AssetRelinkCommand("img1", ""), "path is empty")
