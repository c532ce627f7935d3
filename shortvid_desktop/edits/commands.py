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
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, NoReturn, cast, get_args, get_type_hints

from ..core.model import (
    Asset,
    CaptionOverride,
    Clip,
    Project,
    Scene,
    Script,
    Template,
    Timeline,
    Track,
    TrackKind,
    Transition,
    WordTiming,
    new_id,
)
from ..core.serial import ValidationError, from_dict, to_dict
from ..core.timebase import frame_time
from .errors import EditError
from .stack import Command, MacroCommand

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

VISUAL_TRACK_KINDS = frozenset({"video", "overlay"})
AUDIO_TRACK_KINDS = frozenset({"voice", "music", "audio"})
TRACK_KINDS: tuple[str, ...] = get_args(TrackKind)
TIME_BASED_ASSET_KINDS = frozenset({"video", "audio"})


# =========================================================================== helpers
def _fail(action: str, reason: str, path: str | None = None) -> NoReturn:
    raise EditError(f"Cannot {action}: {reason}", path=path)


def _secs(value_us: int) -> str:
    return f"{value_us / 1_000_000:.3f} s"


def _check_time(action: str, name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(action, f"{name} must be a whole number of microseconds; got {value!r}", name)
    if value < 0:
        _fail(action, f"{name} must not be negative; got {value}", name)
    return value


def _as_data(value: Any, cls: type, action: str, id_prefix: str = "") -> dict[str, Any]:
    """A detached JSON-form copy of a ``cls`` instance or dict; a missing id is generated now."""
    if isinstance(value, cls):
        data: dict[str, Any] = to_dict(value)  # new containers all the way down
    elif isinstance(value, Mapping):
        data = copy.deepcopy(dict(value))
    else:
        _fail(action, f"expected a {cls.__name__} or a dict; got {type(value).__name__}")
    if id_prefix and not data.get("id"):
        data["id"] = new_id(id_prefix)
    return data


def _check_index(action: str, name: str, value: Any, last: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= last:
        _fail(action, f"{name} {value!r} is outside 0..{last}", name)
    return value


def _validated(cls: type, data: Mapping[str, Any], action: str) -> Any:
    """A fresh, validated ``cls`` built from JSON-form ``data`` (EditError if invalid)."""
    try:
        return from_dict(cls, copy.deepcopy(dict(data)))
    except ValidationError as exc:
        _fail(action, f"{exc.path}: {exc.reason}", exc.path)


def _frame_us(project: Project) -> int:
    return max(1, frame_time(1, project.template.fps))


def _find_track(project: Project, track_id: str, action: str) -> tuple[int, Track]:
    for i, track in enumerate(project.timeline.tracks):
        if track.id == track_id:
            return i, track
    _fail(action, f"there is no track with id {track_id!r}", "track_id")


def _find_clip(project: Project, clip_id: str, action: str) -> tuple[Track, int, Clip]:
    for track in project.timeline.tracks:
        for i, clip in enumerate(track.clips):
            if clip.id == clip_id:
                return track, i, clip
    _fail(action, f"there is no clip with id {clip_id!r}", "clip_id")


def _find_scene(project: Project, scene_id: str, action: str) -> tuple[int, Scene]:
    for i, scene in enumerate(project.script.scenes):
        if scene.id == scene_id:
            return i, scene
    _fail(action, f"there is no scene with id {scene_id!r}", "scene_id")


def _all_clip_ids(project: Project) -> set[str]:
    return {c.id for t in project.timeline.tracks for c in t.clips}


def _is_time_based(project: Project, clip: Clip) -> bool:
    """True when the clip plays a stretch of a video/audio source (not a still or text)."""
    asset = project.assets.get(clip.asset_id) if clip.asset_id else None
    return asset is not None and asset.kind in TIME_BASED_ASSET_KINDS


def _source_end_us(project: Project, clip: Clip) -> int | None:
    """The source's length when it bounds the clip (known-length video/audio), else None."""
    asset = project.assets.get(clip.asset_id) if clip.asset_id else None
    if asset is None or asset.kind not in TIME_BASED_ASSET_KINDS or asset.duration_us <= 0:
        return None
    return asset.duration_us


def _check_clip_fits(project: Project, clip: Clip, track: Track, action: str) -> None:
    """The clip's asset exists, suits the track's kind, and covers the clip's source range."""
    if not clip.asset_id:
        return
    asset = project.assets.get(clip.asset_id)
    if asset is None:
        _fail(action, f"clip {clip.id!r} uses asset {clip.asset_id!r}, which is not in the project")
    if track.kind in VISUAL_TRACK_KINDS and asset.kind == "audio":
        _fail(action, f"audio asset {asset.id!r} cannot go on {track.kind} track {track.id!r}")
    if track.kind in AUDIO_TRACK_KINDS and not (
        asset.kind == "audio" or (asset.kind == "video" and asset.has_audio)
    ):
        what = "video without sound" if asset.kind == "video" else asset.kind
        _fail(action, f"{what} asset {asset.id!r} cannot go on {track.kind} track {track.id!r}")
    end = _source_end_us(project, clip)
    if track.kind == "music":  # music loops to fill its clip
        end = None
    if end is not None and clip.source_in_us + clip.duration_us > end:
        _fail(
            action,
            f"clip {clip.id!r} would play {_secs(clip.duration_us)} from "
            f"{_secs(clip.source_in_us)} of its source, which is only {_secs(end)} long",
        )


def _slice_words(words: Iterable[WordTiming], offset: int, length: int) -> list[WordTiming]:
    """Words re-timed to a window ``[offset, offset + length)`` of the clip they belong to.

    Words outside the window are dropped; words cut by its edges are clamped to it.
    """
    out: list[WordTiming] = []
    for w in words:
        start, end = w.start_us - offset, w.end_us - offset
        if end < 0 or start >= length or (end == 0 and start < 0):
            continue
        out.append(WordTiming(w.word, max(0, start), min(length, end), w.estimated))
    return out


def _split_words(
    words: list[WordTiming], offset: int, length: int
) -> tuple[list[WordTiming], list[WordTiming]]:
    """Divide a clip's words at ``offset``: each word goes to the side holding its middle,
    clamped to that side; the second side's times become relative to its own start."""
    first: list[WordTiming] = []
    second: list[WordTiming] = []
    for w in words:
        if (w.start_us + w.end_us) / 2 < offset:
            first.append(WordTiming(w.word, w.start_us, min(w.end_us, offset), w.estimated))
        else:
            start, end = max(0, w.start_us - offset), max(0, w.end_us - offset)
            second.append(WordTiming(w.word, min(start, length), min(end, length), w.estimated))
    return first, second


def _split_text(text: str, words: list[WordTiming], k: int) -> tuple[str, str] | None:
    """Split ``text`` before its ``k``-th word (words located in order).

    None (keep the text on both parts) when there are no words or they cannot be found in it.
    """
    if not words:
        return None
    if k <= 0:
        return "", text
    if k >= len(words):
        return text, ""
    cursor = 0
    for i, w in enumerate(words):
        pos = text.find(w.word, cursor) if w.word else cursor
        if pos < 0:
            return None
        if i == k:
            return text[:pos].rstrip(), text[pos:]
        cursor = pos + len(w.word)
    return None


def _assign_fields(target: Any, source: Any) -> None:
    """Copy every init field of ``source`` onto ``target`` in place (deep copies)."""
    for f in dataclasses.fields(source):
        if f.init:
            setattr(target, f.name, copy.deepcopy(getattr(source, f.name)))


def _check_asset_ids(project: Project, ids: Iterable[str], action: str, path: str) -> None:
    missing = [a for a in ids if a not in project.assets]
    if missing:
        _fail(action, f"{path} names assets that are not in the project: {missing!r}", path)


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _humanize(name: str) -> str:
    return name.replace("_us", "").replace("_", " ").replace(".", " ")


# =========================================================================== clips
class ClipAddCommand(Command):
    """Put a clip (a copy of ``clip``) on a track, appended or at list position ``index``."""

    def __init__(self, track_id: str, clip: Clip | Mapping[str, Any], index: int | None = None):
        self.track_id = track_id
        self._clip_data = _as_data(clip, Clip, "add clip", "cl_")
        self.clip_id: str = self._clip_data["id"]
        self.index = index
        self.text = "Add clip"

    def apply(self, project: Project) -> None:
        action = "add clip"
        _, track = _find_track(project, self.track_id, action)
        clip: Clip = _validated(Clip, self._clip_data, action)
        if clip.id in _all_clip_ids(project):
            _fail(action, f"a clip with id {clip.id!r} is already on the timeline", "id")
        _check_clip_fits(project, clip, track, action)
        n = len(track.clips)
        at = n if self.index is None else _check_index(action, "index", self.index, n)
        track.clips.insert(at, clip)

    def revert(self, project: Project) -> None:
        track, i, _ = _find_clip(project, self.clip_id, "undo add clip")
        del track.clips[i]


class ClipRemoveCommand(Command):
    """Remove a clip. With ``ripple``, later clips on its track move left to close the gap.

    Ripple moves every clip of that track that starts after the removed clip's start left by the
    removed clip's duration, but never further than the earliest of them to the removed clip's
    start (so a clip that overlapped it through a transition takes its place).
    """

    def __init__(self, clip_id: str, ripple: bool = False) -> None:
        self.clip_id = clip_id
        self.ripple = ripple
        self.text = "Ripple delete clip" if ripple else "Delete clip"
        self._track_id = ""
        self._index = 0
        self._saved: Clip | None = None
        self._shifted: list[str] = []
        self._shift = 0

    def apply(self, project: Project) -> None:
        track, i, clip = _find_clip(project, self.clip_id, "delete clip")
        shifted: list[str] = []
        shift = 0
        if self.ripple:
            later = [c for c in track.clips if c is not clip and c.start_us > clip.start_us]
            if later:
                shift = min(clip.duration_us, min(c.start_us for c in later) - clip.start_us)
                shifted = [c.id for c in later]
        self._track_id, self._index, self._saved = track.id, i, copy.deepcopy(clip)
        self._shifted, self._shift = shifted, shift
        del track.clips[i]
        _shift_clips(track, shifted, -shift)

    def revert(self, project: Project) -> None:
        assert self._saved is not None
        _, track = _find_track(project, self._track_id, "undo delete clip")
        _shift_clips(track, self._shifted, self._shift)
        track.clips.insert(self._index, copy.deepcopy(self._saved))


def _shift_clips(track: Track, clip_ids: list[str], delta: int) -> None:
    if not clip_ids or not delta:
        return
    wanted = set(clip_ids)
    for c in track.clips:
        if c.id in wanted:
            c.start_us += delta


class ClipsRippleDeleteCommand(Command):
    """Remove several clips (any tracks), closing each gap on its own track."""

    def __init__(self, clip_ids: Iterable[str]) -> None:
        self.clip_ids = list(dict.fromkeys(clip_ids))
        self.text = "Ripple delete clips" if len(self.clip_ids) != 1 else "Ripple delete clip"
        self._macro: MacroCommand | None = None

    def apply(self, project: Project) -> None:
        action = "ripple delete clips"
        if not self.clip_ids:
            _fail(action, "no clips were given", "clip_ids")
        found = [_find_clip(project, cid, action)[2] for cid in self.clip_ids]
        # latest first: removing a later clip never moves an earlier one
        order = sorted(found, key=lambda c: c.start_us, reverse=True)
        macro = MacroCommand(self.text, [ClipRemoveCommand(c.id, ripple=True) for c in order])
        macro.apply(project)
        self._macro = macro

    def revert(self, project: Project) -> None:
        assert self._macro is not None
        self._macro.revert(project)


class ClipMoveCommand(Command):
    """Move a clip to ``new_start_us``, optionally onto another track of the same kind."""

    def __init__(self, clip_id: str, new_start_us: int, new_track_id: str | None = None) -> None:
        self.clip_id = clip_id
        self.new_start_us = new_start_us
        self.new_track_id = new_track_id
        self.text = "Move clip"
        self._old_track_id = ""
        self._old_index = 0
        self._old_start = 0
        self._noop = False

    def apply(self, project: Project) -> None:
        action = f"move clip {self.clip_id!r}"
        new_start = _check_time(action, "new_start_us", self.new_start_us)
        src, i, clip = _find_clip(project, self.clip_id, "move clip")
        dst = src
        if self.new_track_id is not None and self.new_track_id != src.id:
            _, dst = _find_track(project, self.new_track_id, action)
            if dst.kind != src.kind:
                _fail(
                    action,
                    f"it is on {_a(src.kind)} track and {dst.id!r} is {_a(dst.kind)} track; "
                    "clips move only between tracks of the same kind",
                    "new_track_id",
                )
        self._old_track_id, self._old_index, self._old_start = src.id, i, clip.start_us
        self._noop = dst is src and new_start == clip.start_us
        clip.start_us = new_start
        if dst is not src:
            del src.clips[i]
            dst.clips.append(clip)

    def revert(self, project: Project) -> None:
        track, i, clip = _find_clip(project, self.clip_id, "undo move clip")
        clip.start_us = self._old_start
        if track.id != self._old_track_id:
            del track.clips[i]
            _, src = _find_track(project, self._old_track_id, "undo move clip")
            src.clips.insert(self._old_index, clip)

    def is_obsolete(self) -> bool:
        return self._noop


class ClipTrimCommand(Command):
    """Move one edge of a clip to timeline time ``new_time_us``.

    ``edge='start'`` moves the start and the source in-point together (the rest of the clip stays
    where it is); ``edge='end'`` changes the duration. A clip stays at least one frame long; a
    video/audio clip cannot start before its source's start or run past its source's end (when
    that length is known); stills and text clips can be any length. Word timings follow.
    """

    def __init__(self, clip_id: str, edge: str, new_time_us: int) -> None:
        if edge not in ("start", "end"):
            raise EditError(f"Cannot trim clip: edge must be 'start' or 'end'; got {edge!r}")
        self.clip_id = clip_id
        self.edge = edge
        self.new_time_us = new_time_us
        self.text = "Trim clip"
        self._saved: Clip | None = None
        self._noop = False

    def apply(self, project: Project) -> None:
        action = f"trim clip {self.clip_id!r}"
        new_time = _check_time(action, "new_time_us", self.new_time_us)
        _, _, clip = _find_clip(project, self.clip_id, "trim clip")
        frame = _frame_us(project)
        time_based = _is_time_based(project, clip)
        if self.edge == "start":
            delta = new_time - clip.start_us
            start, duration = new_time, clip.duration_us - delta
            source_in = clip.source_in_us + delta if time_based else clip.source_in_us
            if duration < frame:
                _fail(
                    action,
                    f"its start must stay at least one frame before its end "
                    f"({_secs(clip.end_us - frame)} at the latest)",
                    "new_time_us",
                )
            if source_in < 0:
                _fail(
                    action,
                    f"it would start before the start of its source (the earliest "
                    f"start is {_secs(clip.start_us - clip.source_in_us)})",
                    "new_time_us",
                )
        else:
            start, source_in = clip.start_us, clip.source_in_us
            duration = new_time - clip.start_us
            if duration < frame:
                _fail(
                    action,
                    f"its end must stay at least one frame after its start "
                    f"({_secs(clip.start_us + frame)} at the earliest)",
                    "new_time_us",
                )
        source_end = _source_end_us(project, clip)
        if source_end is not None and source_in + duration > source_end:
            latest = clip.start_us - clip.source_in_us + source_end
            _fail(
                action,
                f"it would run past the end of its source (the latest end is {_secs(latest)})",
                "new_time_us",
            )
        self._saved = copy.deepcopy(clip)
        self._noop = start == clip.start_us and duration == clip.duration_us
        if clip.words:
            clip.words = _slice_words(clip.words, start - clip.start_us, duration)
        clip.start_us, clip.duration_us, clip.source_in_us = start, duration, source_in

    def revert(self, project: Project) -> None:
        assert self._saved is not None
        _, _, clip = _find_clip(project, self.clip_id, "undo trim clip")
        _assign_fields(clip, self._saved)

    def is_obsolete(self) -> bool:
        return self._noop


class ClipSplitCommand(Command):
    """Cut a clip in two at timeline time ``at_us``.

    The first part keeps the id, the transition and the words before the cut; the second part
    (``new_clip_id``, generated if not given) starts at the cut with a plain cut as its
    transition, its source in-point advanced (video/audio sources) and the words after the cut,
    re-timed to its own start. A word straddling the cut goes to the part holding its middle.
    A voice clip's text is divided where its words are found in it (otherwise both keep it).
    Each part must be at least one frame long.
    """

    def __init__(self, clip_id: str, at_us: int, new_clip_id: str | None = None) -> None:
        self.clip_id = clip_id
        self.at_us = at_us
        self.new_clip_id = new_clip_id or new_id("cl_")
        self.text = "Split clip"
        self._saved: Clip | None = None

    def apply(self, project: Project) -> None:
        action = f"split clip {self.clip_id!r}"
        at = _check_time(action, "at_us", self.at_us)
        track, i, clip = _find_clip(project, self.clip_id, "split clip")
        if self.new_clip_id in _all_clip_ids(project):
            _fail(action, f"a clip with id {self.new_clip_id!r} already exists", "new_clip_id")
        frame = _frame_us(project)
        if not clip.start_us + frame <= at <= clip.end_us - frame:
            _fail(
                action,
                f"the cut must be at least one frame inside the clip, between "
                f"{_secs(clip.start_us + frame)} and {_secs(clip.end_us - frame)}; got {_secs(at)}",
                "at_us",
            )
        offset = at - clip.start_us
        second = copy.deepcopy(clip)
        second.id = self.new_clip_id
        second.start_us = at
        second.duration_us = clip.duration_us - offset
        if _is_time_based(project, clip):
            second.source_in_us = clip.source_in_us + offset
        second.transition_in = Transition()
        first_words, second_words = _split_words(clip.words, offset, second.duration_us)
        second.words = second_words
        texts = _split_text(clip.text, clip.words, len(first_words))

        self._saved = copy.deepcopy(clip)
        clip.duration_us = offset
        clip.words = first_words
        if texts is not None:
            clip.text, second.text = texts
        track.clips.insert(i + 1, second)

    def revert(self, project: Project) -> None:
        assert self._saved is not None
        track, j, _ = _find_clip(project, self.new_clip_id, "undo split clip")
        del track.clips[j]
        _, _, clip = _find_clip(project, self.clip_id, "undo split clip")
        _assign_fields(clip, self._saved)


class ClipDuplicateCommand(Command):
    """Put a copy of a clip right after it on its track (id ``new_clip_id`` or a new one).

    Clips of that track that start after the original's start move right by the copy's
    duration to make room.
    """

    def __init__(self, clip_id: str, new_clip_id: str | None = None) -> None:
        self.clip_id = clip_id
        self.new_clip_id = new_clip_id or new_id("cl_")
        self.text = "Duplicate clip"
        self._shifted: list[str] = []
        self._shift = 0

    def apply(self, project: Project) -> None:
        action = f"duplicate clip {self.clip_id!r}"
        track, i, clip = _find_clip(project, self.clip_id, "duplicate clip")
        if self.new_clip_id in _all_clip_ids(project):
            _fail(action, f"a clip with id {self.new_clip_id!r} already exists", "new_clip_id")
        dup = copy.deepcopy(clip)
        dup.id = self.new_clip_id
        dup.start_us = clip.end_us
        shifted = [c.id for c in track.clips if c is not clip and c.start_us > clip.start_us]
        self._shifted, self._shift = shifted, dup.duration_us
        _shift_clips(track, shifted, dup.duration_us)
        track.clips.insert(i + 1, dup)

    def revert(self, project: Project) -> None:
        track, j, _ = _find_clip(project, self.new_clip_id, "undo duplicate clip")
        del track.clips[j]
        _shift_clips(track, self._shifted, -self._shift)


# =========================================================================== field edits
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


# =========================================================================== script
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


# =========================================================================== script
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


# =========================================================================== template
class TemplateChangeCommand(Command):
    """Replace the whole template (e.g. pick another preset). The Template object stays the
    same; its fields are replaced."""

    def __init__(self, template: Template | Mapping[str, Any], text: str = "Apply template"):
        self._data = _as_data(template, Template, "apply template")
        self.text = text
        self._saved: Template | None = None
        self._noop = False

    def apply(self, project: Project) -> None:
        new: Template = _validated(Template, self._data, "apply template")
        self._saved = copy.deepcopy(project.template)
        self._noop = to_dict(new) == to_dict(project.template)
        _assign_fields(project.template, new)

    def revert(self, project: Project) -> None:
        assert self._saved is not None
        _assign_fields(project.template, self._saved)

    def is_obsolete(self) -> bool:
        return self._noop


class TemplatePropertyCommand(Command):
    """Set one template field by dotted path (``'caption.size'``, ``'transition.kind'``, ``'fps'``).

    The whole template is re-validated (e.g. width must stay even). Consecutive changes of the
    same path merge.
    """

    merge_id = "template.property"

    def __init__(self, path: str, value: Any) -> None:
        parts = path.split(".") if isinstance(path, str) else []
        if not parts or not all(parts):
            raise EditError(f"Cannot change template: {path!r} is not a field path", path=str(path))
        cls: type | None = Template
        for depth, name in enumerate(parts):
            where = ".".join(parts[:depth]) or "the template"
            if cls is None:
                raise EditError(f"Cannot change template: {where} has no fields", path=path)
            if name not in {f.name for f in dataclasses.fields(cls) if f.init}:
                raise EditError(f"Cannot change template: {where} has no field {name!r}", path=path)
            cls = _field_class(cls, name)
        self.path = path
        self._parts = parts
        self._value = copy.deepcopy(to_dict(value))
        self.text = f"Change {_humanize(path)}"
        self._before: Any = None
        self._after: Any = None

    def _parent(self, project: Project) -> Any:
        obj: Any = project.template
        for name in self._parts[:-1]:
            obj = getattr(obj, name)
        return obj

    def apply(self, project: Project) -> None:
        action = f"change template {self.path}"
        data = to_dict(project.template)
        node = data
        for name in self._parts[:-1]:
            node = node[name]
        node[self._parts[-1]] = copy.deepcopy(self._value)
        new: Template = _validated(Template, data, action)
        leaf = self._parts[-1]
        new_parent: Any = new
        for name in self._parts[:-1]:
            new_parent = getattr(new_parent, name)
        parent = self._parent(project)
        self._before = copy.deepcopy(getattr(parent, leaf))
        value = getattr(new_parent, leaf)
        self._after = to_dict(value)
        setattr(parent, leaf, value)

    def revert(self, project: Project) -> None:
        setattr(self._parent(project), self._parts[-1], copy.deepcopy(self._before))

    def merge_with(self, other: Command) -> bool:
        if not isinstance(other, TemplatePropertyCommand) or other.path != self.path:
            return False
        self._value = copy.deepcopy(other._value)
        self._after = copy.deepcopy(other._after)
        return True

    def is_obsolete(self) -> bool:
        return to_dict(self._before) == self._after


def _field_class(cls: type, name: str) -> type | None:
    """The dataclass type of field ``name`` of ``cls`` (None for scalars)."""
    tp = get_type_hints(cls).get(name)
    return tp if isinstance(tp, type) and dataclasses.is_dataclass(tp) else None


# =========================================================================== assets, tracks
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
