"""Track edits: add a track; replace the whole timeline."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, cast, get_args

from ...core.model import (
    Project,
    Timeline,
    Track,
    TrackKind,
    new_id,
)
from ...core.serial import to_dict
from ..errors import EditError
from ..stack import Command
from .common import (
    _as_data,
    _check_clip_fits,
    _check_index,
    _fail,
    _find_track,
    _validated,
)

TRACK_KINDS: tuple[str, ...] = get_args(TrackKind)


class TrackAddCommand(Command):
    """Add an empty track of ``kind`` (video, overlay, voice, music, audio)."""

    def __init__(
        self,
        kind: str,
        name: str = "",
        index: int | None = None,
        track_id: str | None = None,
    ) -> None:
        if kind not in TRACK_KINDS:
            raise EditError(
                f"Cannot add track: kind must be one of {', '.join(TRACK_KINDS)}; got {kind!r}",
                path="kind",
            )
        self.kind = kind
        self.name = name or kind.capitalize()
        self.index = index
        self.track_id = track_id or new_id("tr_")
        self.text = "Add track"

    def apply(self, project: Project) -> None:
        tracks = project.timeline.tracks
        if any(t.id == self.track_id for t in tracks):
            _fail("add track", f"a track with id {self.track_id!r} already exists", "track_id")
        n = len(tracks)
        at = n if self.index is None else _check_index("add track", "index", self.index, n)
        kind = cast(TrackKind, self.kind)
        tracks.insert(at, Track(id=self.track_id, kind=kind, name=self.name))

    def revert(self, project: Project) -> None:
        i, _ = _find_track(project, self.track_id, "undo add track")
        del project.timeline.tracks[i]


class TimelineReplaceCommand(Command):
    """Replace the whole timeline (the app re-laying it out from the script), as one step.

    The new timeline (a copy) is checked like single edits: unique track and clip ids, every
    clip's asset present, suited to its track and long enough for the clip. The Timeline object
    stays the same; its contents are swapped, so undo puts back the very Track and Clip objects
    that were there (and redo the new ones) without copying a large timeline again.
    """

    def __init__(
        self, new_timeline: Timeline | Mapping[str, Any], text: str = "Lay out timeline"
    ) -> None:
        self._data = _as_data(new_timeline, Timeline, "replace the timeline")
        self.text = text
        self._other: dict[str, Any] | None = None  # the field values not in the project now
        self._noop = False

    def apply(self, project: Project) -> None:
        if self._other is None:  # first apply: validate (a redo meets the same state again)
            self._other = self._checked(project)
        self._swap(project)

    def revert(self, project: Project) -> None:
        self._swap(project)

    def is_obsolete(self) -> bool:
        return self._noop

    def _swap(self, project: Project) -> None:
        assert self._other is not None
        timeline = project.timeline
        current = {name: getattr(timeline, name) for name in self._other}
        for name, value in self._other.items():
            setattr(timeline, name, value)
        self._other = current

    def _checked(self, project: Project) -> dict[str, Any]:
        action = "replace the timeline"
        new: Timeline = _validated(Timeline, self._data, action)
        track_ids: set[str] = set()
        clip_ids: set[str] = set()
        for track in new.tracks:
            if track.id in track_ids:
                _fail(action, f"track id {track.id!r} is used twice")
            track_ids.add(track.id)
            for clip in track.clips:
                if clip.id in clip_ids:
                    _fail(action, f"clip id {clip.id!r} is used twice")
                clip_ids.add(clip.id)
                _check_clip_fits(project, clip, track, action)
        self._noop = to_dict(new) == to_dict(project.timeline)
        self._data = {}  # the validated copy below is the command's own from now on
        return {f.name: getattr(new, f.name) for f in dataclasses.fields(new) if f.init}
