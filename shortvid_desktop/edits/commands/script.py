"""Script edits: add, remove and move scenes; replace the whole script."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ...core.model import (
    Project,
    Scene,
    Script,
)
from ...core.serial import to_dict
from ..stack import Command
from .common import (
    _as_data,
    _assign_fields,
    _check_asset_ids,
    _check_index,
    _fail,
    _find_scene,
    _validated,
)


class SceneAddCommand(Command):
    """Insert a scene (a copy) into the script at ``index`` (default: at the end)."""

    def __init__(self, scene: Scene | Mapping[str, Any], index: int | None = None) -> None:
        self._scene_data = _as_data(scene, Scene, "add scene", "sc_")
        self.scene_id: str = self._scene_data["id"]
        self.index = index
        self.text = "Add scene"

    def apply(self, project: Project) -> None:
        action = "add scene"
        scene: Scene = _validated(Scene, self._scene_data, action)
        scenes = project.script.scenes
        if any(s.id == scene.id for s in scenes):
            _fail(action, f"a scene with id {scene.id!r} already exists", "id")
        _check_asset_ids(project, scene.media, action, "media")
        n = len(scenes)
        at = n if self.index is None else _check_index(action, "index", self.index, n)
        scenes.insert(at, scene)

    def revert(self, project: Project) -> None:
        i, _ = _find_scene(project, self.scene_id, "undo add scene")
        del project.script.scenes[i]


class SceneRemoveCommand(Command):
    """Remove a scene from the script. Its clips stay (re-lay out the timeline to drop them)."""

    def __init__(self, scene_id: str) -> None:
        self.scene_id = scene_id
        self.text = "Delete scene"
        self._index = 0
        self._saved: Scene | None = None

    def apply(self, project: Project) -> None:
        i, scene = _find_scene(project, self.scene_id, "delete scene")
        self._index, self._saved = i, copy.deepcopy(scene)
        del project.script.scenes[i]

    def revert(self, project: Project) -> None:
        assert self._saved is not None
        project.script.scenes.insert(self._index, copy.deepcopy(self._saved))


class SceneMoveCommand(Command):
    """Move a scene to position ``new_index`` of the script (0 = first)."""

    def __init__(self, scene_id: str, new_index: int) -> None:
        self.scene_id = scene_id
        self.new_index = new_index
        self.text = "Move scene"
        self._old_index = 0

    def apply(self, project: Project) -> None:
        action = f"move scene {self.scene_id!r}"
        scenes = project.script.scenes
        i, scene = _find_scene(project, self.scene_id, "move scene")
        at = _check_index(action, "new_index", self.new_index, len(scenes) - 1)
        self._old_index = i
        del scenes[i]
        scenes.insert(at, scene)

    def revert(self, project: Project) -> None:
        scenes = project.script.scenes
        i, scene = _find_scene(project, self.scene_id, "undo move scene")
        del scenes[i]
        scenes.insert(self._old_index, scene)

    def is_obsolete(self) -> bool:
        return self._old_index == self.new_index


class ScriptReplaceCommand(Command):
    """Replace the whole script (the user's text split anew, or a generated script). The Script
    object stays the same; its fields are replaced."""

    def __init__(self, script: Script | Mapping[str, Any], text: str = "Set script") -> None:
        self._data = _as_data(script, Script, "set the script")
        self.text = text
        self._saved: Script | None = None
        self._noop = False

    def apply(self, project: Project) -> None:
        new: Script = _validated(Script, self._data, "set the script")
        self._saved = copy.deepcopy(project.script)
        self._noop = to_dict(new) == to_dict(project.script)
        _assign_fields(project.script, new)

    def revert(self, project: Project) -> None:
        assert self._saved is not None
        _assign_fields(project.script, self._saved)

    def is_obsolete(self) -> bool:
        return self._noop
