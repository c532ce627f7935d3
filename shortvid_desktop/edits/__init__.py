"""Edits: one named command per edit, and the undo stack that runs them (no Qt).

    stack = CommandStack(project)
    stack.push(ClipMoveCommand(clip_id, 2_000_000))
    with stack.transaction("Split and move"):
        stack.push(ClipSplitCommand(clip_id, 1_000_000, new_clip_id="cl_b"))
        stack.push(ClipMoveCommand("cl_b", 5_000_000))
    stack.undo()

An edit fully succeeds or changes nothing: an impossible one raises EditError before any change.
"""

from .commands import (
    AUDIO_TRACK_KINDS,
    VISUAL_TRACK_KINDS,
    AssetAddCommand,
    AssetRelinkCommand,
    AssetRemoveCommand,
    ClipAddCommand,
    ClipDuplicateCommand,
    ClipMoveCommand,
    ClipPropertyCommand,
    ClipRemoveCommand,
    ClipSplitCommand,
    ClipsRippleDeleteCommand,
    ClipTrimCommand,
    ProjectPropertyCommand,
    SceneAddCommand,
    SceneCaptionStyleCommand,
    SceneEditCommand,
    SceneMoveCommand,
    SceneRemoveCommand,
    ScriptReplaceCommand,
    TemplateChangeCommand,
    TemplatePropertyCommand,
    TimelineReplaceCommand,
    TrackAddCommand,
)
from .errors import EditError
from .signals import Signal
from .stack import ChangeEvent, ChangeKind, Command, CommandStack, MacroCommand

__all__ = [
    "AUDIO_TRACK_KINDS",
    "VISUAL_TRACK_KINDS",
    "AssetAddCommand",
    "AssetRelinkCommand",
    "AssetRemoveCommand",
    "ChangeEvent",
    "ChangeKind",
    "ClipAddCommand",
    "ClipDuplicateCommand",
    "ClipMoveCommand",
    "ClipPropertyCommand",
    "ClipRemoveCommand",
    "ClipSplitCommand",
    "ClipTrimCommand",
    "ClipsRippleDeleteCommand",
    "Command",
    "CommandStack",
    "EditError",
    "MacroCommand",
    "ProjectPropertyCommand",
    "SceneAddCommand",
    "SceneCaptionStyleCommand",
    "SceneEditCommand",
    "SceneMoveCommand",
    "SceneRemoveCommand",
    "ScriptReplaceCommand",
    "Signal",
    "TemplateChangeCommand",
    "TemplatePropertyCommand",
    "TimelineReplaceCommand",
    "TrackAddCommand",
]
