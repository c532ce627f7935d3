"""Asset edits: add, remove and relink the project's media."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ...core.model import (
    Asset,
    Project,
)
from ..stack import Command
from .common import (
    _as_data,
    _fail,
    _validated,
)


class AssetAddCommand(Command):
    """Add an asset (a copy) to the project's library."""

    def __init__(self, asset: Asset | Mapping[str, Any]) -> None:
        self._data = _as_data(asset, Asset, "add asset", "as_")
        self.asset_id: str = self._data["id"]
        self.text = "Add asset"

    def apply(self, project: Project) -> None:
        asset: Asset = _validated(Asset, self._data, "add asset")
        if asset.id in project.assets:
            _fail("add asset", f"an asset with id {asset.id!r} is already in the project", "id")
        project.assets[asset.id] = asset

    def revert(self, project: Project) -> None:
        project.assets.pop(self.asset_id, None)


class AssetRemoveCommand(Command):
    """Remove an asset from the library. Refused while a clip, a scene or the music uses it."""

    def __init__(self, asset_id: str) -> None:
        self.asset_id = asset_id
        self.text = "Remove asset"
        self._position = 0
        self._saved: Asset | None = None

    def apply(self, project: Project) -> None:
        action = f"remove asset {self.asset_id!r}"
        asset = project.assets.get(self.asset_id)
        if asset is None:
            _fail("remove asset", f"there is no asset with id {self.asset_id!r}", "asset_id")
        users: list[str] = []
        clips = [c.id for t in project.timeline.tracks for c in t.clips if c.asset_id == asset.id]
        if clips:
            shown = ", ".join(repr(c) for c in clips[:5]) + (" ..." if len(clips) > 5 else "")
            users.append(f"{len(clips)} clip(s) ({shown})")
        scenes = [s.id for s in project.script.scenes if asset.id in s.media]
        if scenes:
            users.append(f"scene(s) {', '.join(repr(s) for s in scenes)}")
        if project.music_asset_id == asset.id:
            users.append("the project's music")
        if users:
            _fail(action, f"it is in use by {'; '.join(users)}; remove those uses first")
        self._position = list(project.assets).index(asset.id)
        self._saved = copy.deepcopy(asset)
        del project.assets[asset.id]

    def revert(self, project: Project) -> None:
        assert self._saved is not None
        items = list(project.assets.items())
        items.insert(self._position, (self._saved.id, copy.deepcopy(self._saved)))
        project.assets.clear()
        project.assets.update(items)


class AssetRelinkCommand(Command):
    """Point an asset at a new file (a moved or renamed one); everything else stays.

    ``new_hash`` (the new file's content hash) replaces the stored one when given.
    """

    def __init__(self, asset_id: str, new_path: str, new_hash: str = "") -> None:
        self.asset_id = asset_id
        self.new_path = str(new_path)
        self.new_hash = new_hash
        self.text = "Relink media"
        self._old: tuple[str, str] = ("", "")

    def apply(self, project: Project) -> None:
        asset = project.assets.get(self.asset_id)
        if asset is None:
            _fail("relink media", f"there is no asset with id {self.asset_id!r}", "asset_id")
        if not self.new_path:
            _fail("relink media", "the new path is empty", "path")
        self._old = (asset.path, asset.content_hash)
        asset.path = self.new_path
        if self.new_hash:
            asset.content_hash = self.new_hash

    def revert(self, project: Project) -> None:
        asset = project.assets[self.asset_id]
        asset.path, asset.content_hash = self._old
