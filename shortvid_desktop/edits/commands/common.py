"""What the commands share: the track-kind families, look-ups by id that fail with an
``EditError`` naming the action, value checks through the core serial types, and fit checks."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, NoReturn

from ...core.model import (
    Clip,
    Project,
    Scene,
    Track,
    new_id,
)
from ...core.serial import ValidationError, from_dict, to_dict
from ...core.timebase import frame_time
from ..errors import EditError

VISUAL_TRACK_KINDS = frozenset({"video", "overlay"})
AUDIO_TRACK_KINDS = frozenset({"voice", "music", "audio"})
TIME_BASED_ASSET_KINDS = frozenset({"video", "audio"})


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
