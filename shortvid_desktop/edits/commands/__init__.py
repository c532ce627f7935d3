"""The named edits of a Project (``<Subject><Verb>Command``), one class per edit.

Every command:

* names its targets by id and looks them up on each ``apply``/``revert``;
* validates everything in ``apply`` before the first change, so an impossible edit raises
  :class:`EditError` having changed nothing (values are checked with the core serial types, so a
  bad value is reported with its field name, e.g. ``volume: must be at most 4.0; got 5.0``);
* keeps its own detached copies of old and new values (never objects that live in the project);
* generates any new id once, in ``__init__``, so redo recreates the same ids.

Times are integer microseconds. "One frame" is ``1 / project.template.fps``.

Track kinds come in two families: visual (video, overlay) and audio (voice, music, audio). A clip
moves only between tracks of the same kind. A visual track takes image and video assets; an audio
track takes audio assets and video assets that have sound. Clips without an asset (text clips)
may sit on any track.

Modules by subject: ``clips`` (timeline clips), ``fields`` (properties of a clip, scene or the
project; caption style), ``script`` (scenes), ``template``, ``assets``, ``tracks``; ``common``
holds the look-ups and checks they share.
"""

from __future__ import annotations

from .assets import AssetAddCommand, AssetRelinkCommand, AssetRemoveCommand
from .clips import (
    ClipAddCommand,
    ClipDuplicateCommand,
    ClipMoveCommand,
    ClipRemoveCommand,
    ClipSplitCommand,
    ClipsRippleDeleteCommand,
    ClipTrimCommand,
)
from .common import AUDIO_TRACK_KINDS, VISUAL_TRACK_KINDS
from .fields import (
    ClipPropertyCommand,
    ProjectPropertyCommand,
    SceneCaptionStyleCommand,
    SceneEditCommand,
)
from .script import SceneAddCommand, SceneMoveCommand, SceneRemoveCommand, ScriptReplaceCommand
from .template import TemplateChangeCommand, TemplatePropertyCommand
from .tracks import TimelineReplaceCommand, TrackAddCommand

__all__ = [
    "AUDIO_TRACK_KINDS",
    "VISUAL_TRACK_KINDS",
    "AssetAddCommand",
    "AssetRelinkCommand",
    "AssetRemoveCommand",
    "ClipAddCommand",
    "ClipDuplicateCommand",
    "ClipMoveCommand",
    "ClipPropertyCommand",
    "ClipRemoveCommand",
    "ClipSplitCommand",
    "ClipTrimCommand",
    "ClipsRippleDeleteCommand",
    "ProjectPropertyCommand",
    "SceneAddCommand",
    "SceneCaptionStyleCommand",
    "SceneEditCommand",
    "SceneMoveCommand",
    "SceneRemoveCommand",
    "ScriptReplaceCommand",
    "TemplateChangeCommand",
    "TemplatePropertyCommand",
    "TimelineReplaceCommand",
    "TrackAddCommand",
]
