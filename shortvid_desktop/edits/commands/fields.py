"""Field edits: a clip's, a scene's or the project's properties, and a scene's caption style."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from ...core.model import (
    CaptionOverride,
    Clip,
    Project,
    Scene,
)
from ...core.serial import ValidationError, from_dict, to_dict
from ..errors import EditError
from ..stack import Command
from .common import (
    _check_asset_ids,
    _check_clip_fits,
    _fail,
    _find_clip,
    _find_scene,
    _validated,
)


class _FieldsCommand(Command):
    """Set some fields of one model object; mergeable with the next such edit of the same
    object and the same fields (typing, slider drags)."""

    _cls: type = object
    _allowed: frozenset[str] = frozenset()
    _subject = ""
    _hints: Mapping[str, str] = {}

    def __init__(self, target_id: str, changes: Mapping[str, Any]) -> None:
        self.target_id = target_id
        action = f"change {self._subject} {target_id!r}" if target_id else f"change {self._subject}"
        if not changes:
            _fail(action, "no changes were given")
        for key in changes:
            if key not in self._allowed:
                hint = self._hints.get(key, "")
                _fail(
                    action,
                    f"{key!r} is not a field that can be changed here"
                    + (f"; {hint}" if hint else f" (allowed: {', '.join(sorted(self._allowed))})"),
                    key,
                )
        self._new: dict[str, Any] = {k: copy.deepcopy(to_dict(v)) for k, v in changes.items()}
        self._before: dict[str, Any] = {}
        self._after: dict[str, Any] = {}
        self._action = action
        self.text = self._text_for(tuple(self._new))

    @property
    def changes(self) -> dict[str, Any]:
        """The new values, in their JSON form."""
        return copy.deepcopy(self._new)

    def _text_for(self, keys: tuple[str, ...]) -> str:
        return f"Change {self._subject}"

    def _target(self, project: Project) -> Any:
        raise NotImplementedError

    def _check(self, project: Project, target: Any, values: dict[str, Any]) -> None:
        """Semantic checks beyond the field types (cross references)."""

    def apply(self, project: Project) -> None:
        target = self._target(project)
        fresh = _validated(self._cls, self._new, self._action)  # only the changed fields
        values = {k: getattr(fresh, k) for k in self._new}
        self._check(project, target, values)
        self._before = {k: copy.deepcopy(getattr(target, k)) for k in values}
        self._after = {k: to_dict(v) for k, v in values.items()}
        for k, v in values.items():
            setattr(target, k, v)

    def revert(self, project: Project) -> None:
        target = self._target(project)
        for k, v in self._before.items():
            setattr(target, k, copy.deepcopy(v))

    def merge_with(self, other: Command) -> bool:
        if (
            type(other) is not type(self)
            or not isinstance(other, _FieldsCommand)
            or other.target_id != self.target_id
            or set(other._new) != set(self._new)
        ):
            return False
        self._new = copy.deepcopy(other._new)
        self._after = copy.deepcopy(other._after)
        return True

    def is_obsolete(self) -> bool:
        return {k: to_dict(v) for k, v in self._before.items()} == self._after


_CLIP_TEXTS = {
    "fit": "Change fit",
    "focus_x": "Move focus",
    "focus_y": "Move focus",
    "ken_burns": "Change Ken Burns",
    "transition_in": "Change transition",
    "volume": "Change volume",
    "text": "Edit text",
    "scene_id": "Change scene",
    "words": "Edit word timings",
    "asset_id": "Replace media",
}


class ClipPropertyCommand(_FieldsCommand):
    """Change a clip's look/sound fields: fit, focus_x, focus_y (or ``focus=(x, y)``),
    ken_burns, transition_in (instances or dicts), volume, text, scene_id, words, asset_id.

    Timing fields have their own commands (move, trim, split). Consecutive changes of the same
    fields of the same clip merge into one undo step.
    """

    merge_id = "clip.property"
    _cls = Clip
    _subject = "clip"
    _allowed = frozenset(_CLIP_TEXTS)
    _hints = {
        "start_us": "use ClipMoveCommand",
        "duration_us": "use ClipTrimCommand",
        "source_in_us": "use ClipTrimCommand",
        "id": "a clip's id never changes",
    }

    def __init__(self, clip_id: str, **changes: Any) -> None:
        if "focus" in changes:
            focus = changes.pop("focus")
            try:
                changes["focus_x"], changes["focus_y"] = focus
            except (TypeError, ValueError):
                raise EditError(
                    f"Cannot change clip {clip_id!r}: focus must be a pair (x, y); got {focus!r}",
                    path="focus",
                ) from None
        super().__init__(clip_id, changes)

    @property
    def clip_id(self) -> str:
        return self.target_id

    def _text_for(self, keys: tuple[str, ...]) -> str:
        texts = {_CLIP_TEXTS[k] for k in keys}
        return texts.pop() if len(texts) == 1 else "Change clip"

    def _target(self, project: Project) -> Clip:
        return _find_clip(project, self.target_id, "change clip")[2]

    def _check(self, project: Project, target: Any, values: dict[str, Any]) -> None:
        if "asset_id" in values:
            track, _, clip = _find_clip(project, self.target_id, "change clip")
            probe = copy.copy(clip)
            probe.asset_id = values["asset_id"]
            _check_clip_fits(project, probe, track, self._action)


class SceneEditCommand(_FieldsCommand):
    """Change a scene's narration, on_screen_text, keywords, duration_us, mood, voice or media.

    Consecutive edits of the same fields of the same scene merge (typing is one undo step; call
    ``CommandStack.break_merge()`` at a pause to start a new one).
    """

    merge_id = "scene.edit"
    _cls = Scene
    _subject = "scene"
    _allowed = frozenset(
        {"narration", "on_screen_text", "keywords", "duration_us", "mood", "voice", "media"}
    )
    _hints = {
        "id": "a scene's id never changes",
        "caption_style": "use SceneCaptionStyleCommand",
    }

    def __init__(self, scene_id: str, **changes: Any) -> None:
        super().__init__(scene_id, changes)

    @property
    def scene_id(self) -> str:
        return self.target_id

    def _text_for(self, keys: tuple[str, ...]) -> str:
        if keys == ("narration",):
            return "Edit narration"
        if keys == ("on_screen_text",):
            return "Edit on-screen text"
        return "Edit scene"

    def _target(self, project: Project) -> Scene:
        return _find_scene(project, self.target_id, "edit scene")[1]

    def _check(self, project: Project, target: Any, values: dict[str, Any]) -> None:
        if "media" in values:
            _check_asset_ids(project, values["media"], self._action, "media")


class SceneCaptionStyleCommand(Command):
    """Override the caption look of one or more scenes, field by field.

    ``SceneCaptionStyleCommand(scene_id, size=90, color="#FF0000")`` sets those fields of the
    scene's ``caption_style`` (a ``CaptionOverride``); a value of None hands that field back to
    the template. ``reset=True`` drops every override ("Reset to template"). Several scene ids
    change together as one step. Consecutive changes of the same fields of the same scenes merge
    (slider drags); values are checked with their field path, e.g. ``caption_style.size``.
    """

    merge_id = "scene.caption_style"

    def __init__(
        self, scene_ids: str | Iterable[str], *, reset: bool = False, **changes: Any
    ) -> None:
        ids = [scene_ids] if isinstance(scene_ids, str) else list(scene_ids)
        action = "change caption style"
        if not ids:
            _fail(action, "no scene was given", "scene_id")
        allowed = {f.name for f in dataclasses.fields(CaptionOverride)}
        for key in changes:
            if key not in allowed:
                _fail(
                    action,
                    f"{key!r} is not a caption field a scene can override "
                    f"(allowed: {', '.join(sorted(allowed))})",
                    f"caption_style.{key}",
                )
        if reset and changes:
            _fail(action, "reset=True takes no field values")
        if not reset and not changes:
            _fail(action, "no changes were given")
        self.scene_ids = list(dict.fromkeys(ids))
        self.reset = reset
        self._changes: dict[str, Any] = copy.deepcopy(changes)
        self.text = "Reset caption style" if reset else "Change caption style"
        self._before: dict[str, Any] = {}
        self._after: dict[str, Any] = {}

    @property
    def changes(self) -> dict[str, Any]:
        return copy.deepcopy(self._changes)

    def apply(self, project: Project) -> None:
        action = "change caption style"
        scenes = [_find_scene(project, sid, action)[1] for sid in self.scene_ids]
        new: dict[str, CaptionOverride | None] = {}
        for scene in scenes:
            if self.reset:
                new[scene.id] = None
                continue
            data = to_dict(scene.caption_style) if scene.caption_style is not None else {}
            data.update(copy.deepcopy(self._changes))
            try:
                override = from_dict(CaptionOverride, data, "caption_style")
            except ValidationError as exc:
                _fail(action, f"{exc.path}: {exc.reason}", exc.path)
            new[scene.id] = None if override.is_empty() else override
        self._before = {sc.id: copy.deepcopy(sc.caption_style) for sc in scenes}
        self._after = {k: to_dict(v) for k, v in new.items()}
        for scene in scenes:
            scene.caption_style = new[scene.id]

    def revert(self, project: Project) -> None:
        for sid, value in self._before.items():
            _find_scene(project, sid, "undo change caption style")[1].caption_style = copy.deepcopy(
                value
            )

    def merge_with(self, other: Command) -> bool:
        if (
            not isinstance(other, SceneCaptionStyleCommand)
            or self.reset
            or other.reset
            or other.scene_ids != self.scene_ids
            or set(other._changes) != set(self._changes)
        ):
            return False
        self._changes = copy.deepcopy(other._changes)
        self._after = copy.deepcopy(other._after)
        return True

    def is_obsolete(self) -> bool:
        return {k: to_dict(v) for k, v in self._before.items()} == self._after


class ProjectPropertyCommand(_FieldsCommand):
    """Change the project's title, language, voice or music_asset_id ("" for no music)."""

    merge_id = "project.property"
    _cls = Project
    _subject = "project"
    _allowed = frozenset({"title", "language", "voice", "music_asset_id"})
    _hints = {"template": "use TemplateChangeCommand or TemplatePropertyCommand"}

    def __init__(self, **changes: Any) -> None:
        super().__init__("", changes)

    def _text_for(self, keys: tuple[str, ...]) -> str:
        names = {
            "title": "Rename project",
            "language": "Change language",
            "voice": "Change voice",
            "music_asset_id": "Change music",
        }
        return names[keys[0]] if len(keys) == 1 else "Change project settings"

    def _target(self, project: Project) -> Project:
        return project

    def _check(self, project: Project, target: Any, values: dict[str, Any]) -> None:
        music = values.get("music_asset_id", "")
        if music:
            asset = project.assets.get(music)
            if asset is None:
                _fail(self._action, f"there is no asset with id {music!r}", "music_asset_id")
            if not (asset.kind == "audio" or (asset.kind == "video" and asset.has_audio)):
                _fail(
                    self._action, f"asset {music!r} has no sound to use as music", "music_asset_id"
                )
