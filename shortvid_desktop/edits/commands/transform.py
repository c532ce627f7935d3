"""On-canvas edits: a picture's placement and keyframes, the watermark's place, and caption or
title words typed over the preview.

A gesture on the canvas (move, scale, rotate) is one ``ClipTransformCommand``: when the clip has
keyframes, it sets (adds or updates) the keyframe at the playhead's time, so moving a picture at
another time animates it; without keyframes it sets the clip's fixed transform.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from ...core.model import Clip, Keyframe, Project, Transform, WordTiming
from ...core.serial import to_dict
from ..stack import Command
from .common import _fail, _find_clip, _validated

_NAMES = {"move": "Move on canvas", "scale": "Scale on canvas", "rotate": "Rotate on canvas"}


def _transform(value: Transform | Mapping[str, Any], action: str) -> Transform:
    data = to_dict(value) if isinstance(value, Transform) else dict(value)
    return _validated(Transform, data, action)


class ClipTransformCommand(Command):
    """Place a clip's picture: ``transform`` (a Transform or its fields). With ``at_us`` (from
    the clip's start) on a clip that has keyframes, the keyframe at that time is added or
    updated instead; ``gesture`` ("move", "scale", "rotate", "set") names the step."""

    def __init__(
        self,
        clip_id: str,
        transform: Transform | Mapping[str, Any],
        at_us: int | None = None,
        gesture: str = "move",
    ) -> None:
        self.clip_id = clip_id
        self.at_us = at_us
        self._action = f"place clip {clip_id!r}"
        self._new = _transform(transform, self._action)
        self.text = _NAMES.get(gesture, "Change placement")
        self.merge_id = f"transform:{clip_id}:{gesture}"
        self._before: tuple[Transform | None, list[Keyframe]] | None = None

    def apply(self, project: Project) -> None:
        _track, _i, clip = _find_clip(project, self.clip_id, self._action)
        if self.at_us is not None and not 0 <= self.at_us <= clip.duration_us:
            _fail(self._action, "the playhead is not over the clip", "at_us")
        self._before = (copy.deepcopy(clip.transform), copy.deepcopy(clip.keyframes))
        if clip.keyframes and self.at_us is not None:
            _set_key(clip, self.at_us, self._new)
        else:
            clip.transform = copy.deepcopy(self._new)

    def revert(self, project: Project) -> None:
        _track, _i, clip = _find_clip(project, self.clip_id, self._action)
        assert self._before is not None
        clip.transform, clip.keyframes = copy.deepcopy(self._before)

    def merge_with(self, other: Command) -> bool:
        if not isinstance(other, ClipTransformCommand) or other.merge_id != self.merge_id:
            return False
        if other.at_us != self.at_us:
            return False
        self._new = copy.deepcopy(other._new)
        return True


def _set_key(clip: Clip, at_us: int, t: Transform) -> None:
    for k in clip.keyframes:
        if k.time_us == at_us:
            k.x, k.y, k.scale, k.rotation, k.opacity = t.values()
            return
    clip.keyframes.append(Keyframe(at_us, *t.values()))
    clip.keyframes.sort(key=lambda k: k.time_us)


class KeyframeAddCommand(Command):
    """A keyframe at ``at_us`` from the clip's start holding the values shown there (the first
    one also keeps the clip's transform as a keyframe at its start, so nothing moves)."""

    text = "Add keyframe"

    def __init__(self, clip_id: str, at_us: int) -> None:
        self.clip_id = clip_id
        self.at_us = at_us
        self._action = f"add a keyframe to clip {clip_id!r}"
        self._before: list[Keyframe] = []

    def apply(self, project: Project) -> None:
        _track, _i, clip = _find_clip(project, self.clip_id, self._action)
        if not 0 <= self.at_us <= clip.duration_us:
            _fail(self._action, "the playhead is not over the clip", "at_us")
        self._before = copy.deepcopy(clip.keyframes)
        current = clip.transform_at(self.at_us)
        if not clip.keyframes and self.at_us > 0:
            clip.keyframes.append(Keyframe(0, *current.values()))
        _set_key(clip, self.at_us, current)

    def revert(self, project: Project) -> None:
        _track, _i, clip = _find_clip(project, self.clip_id, self._action)
        clip.keyframes = copy.deepcopy(self._before)


class KeyframeRemoveCommand(Command):
    """Remove the keyframe at ``at_us``; removing the last one leaves the clip placed as it was
    there (its fixed transform)."""

    text = "Remove keyframe"

    def __init__(self, clip_id: str, at_us: int) -> None:
        self.clip_id = clip_id
        self.at_us = at_us
        self._action = f"remove a keyframe of clip {clip_id!r}"
        self._before: tuple[Transform | None, list[Keyframe]] | None = None

    def apply(self, project: Project) -> None:
        _track, _i, clip = _find_clip(project, self.clip_id, self._action)
        keep = [k for k in clip.keyframes if k.time_us != self.at_us]
        if len(keep) == len(clip.keyframes):
            _fail(self._action, f"it has no keyframe at {self.at_us / 1e6:.3f} s", "at_us")
        self._before = (copy.deepcopy(clip.transform), copy.deepcopy(clip.keyframes))
        if not keep:
            clip.transform = clip.transform_at(self.at_us)
        clip.keyframes = keep

    def revert(self, project: Project) -> None:
        _track, _i, clip = _find_clip(project, self.clip_id, self._action)
        assert self._before is not None
        clip.transform, clip.keyframes = copy.deepcopy(self._before)


class KeyframeEasingCommand(Command):
    """How the keyframe at ``at_us`` runs on to the next: "linear" or "ease_in_out"."""

    text = "Change keyframe easing"

    def __init__(self, clip_id: str, at_us: int, easing: str) -> None:
        self.clip_id = clip_id
        self.at_us = at_us
        self._action = f"change a keyframe of clip {clip_id!r}"
        if easing not in ("linear", "ease_in_out"):
            _fail(self._action, f"easing must be 'linear' or 'ease_in_out'; got {easing!r}")
        self.easing = easing
        self._before = ""

    def _key(self, project: Project) -> Keyframe:
        _track, _i, clip = _find_clip(project, self.clip_id, self._action)
        for k in clip.keyframes:
            if k.time_us == self.at_us:
                return k
        _fail(self._action, f"it has no keyframe at {self.at_us / 1e6:.3f} s", "at_us")

    def apply(self, project: Project) -> None:
        key = self._key(project)
        self._before, key.easing = key.easing, self.easing  # type: ignore[assignment]

    def revert(self, project: Project) -> None:
        self._key(project).easing = self._before  # type: ignore[assignment]


class WatermarkPlaceCommand(Command):
    """Move or resize the watermark: its centre (canvas fractions) and scale."""

    text = "Move watermark"

    def __init__(self, x: float, y: float, scale: float = 1.0) -> None:
        action = "place the watermark"
        t = _transform({"x": x, "y": y, "scale": scale}, action)
        self._new = (t.x, t.y, t.scale)
        self._before: tuple[float | None, float | None, float] | None = None

    def apply(self, project: Project) -> None:
        tpl = project.template
        self._before = (tpl.watermark_x, tpl.watermark_y, tpl.watermark_scale)
        tpl.watermark_x, tpl.watermark_y, tpl.watermark_scale = self._new

    def revert(self, project: Project) -> None:
        assert self._before is not None
        tpl = project.template
        tpl.watermark_x, tpl.watermark_y, tpl.watermark_scale = self._before


def _tokens(text: str) -> list[str]:
    """Words of ``text``: CJK characters one by one, other runs split at spaces."""
    out: list[str] = []
    for run in text.split():
        out += re.findall(r"[\u3400-\u9fff\uf900-\ufaff]|[^\u3400-\u9fff\uf900-\ufaff]+", run)
    return [t for t in out if t.strip()]


class CaptionTextCommand(Command):
    """New words for a voice clip's captions, typed over the preview: the clip's text becomes
    ``text`` and its word timings are shared out over the new words (marked estimated) across
    the time the old ones took."""

    text = "Edit caption"

    def __init__(self, clip_id: str, text: str) -> None:
        self.clip_id = clip_id
        self.new_text = text.strip()
        self._action = f"edit the caption of clip {clip_id!r}"
        if not _tokens(self.new_text):
            _fail(self._action, "the caption is empty; type some words or press Esc", "text")
        self._before: tuple[str, list[WordTiming]] | None = None

    def apply(self, project: Project) -> None:
        _track, _i, clip = _find_clip(project, self.clip_id, self._action)
        words = _tokens(self.new_text)
        if clip.words:
            start, end = clip.words[0].start_us, max(w.end_us for w in clip.words)
        else:
            start, end = clip.source_in_us, clip.source_in_us + clip.duration_us
        span = max(len(words), end - start)
        weights = [max(1, len(w)) for w in words]
        total = sum(weights)
        timed, t = [], start
        for w, k in zip(words, weights, strict=True):
            d = span * k // total
            timed.append(WordTiming(w, t, t + max(1, d), estimated=True))
            t += d
        self._before = (clip.text, copy.deepcopy(clip.words))
        clip.text, clip.words = self.new_text, timed

    def revert(self, project: Project) -> None:
        _track, _i, clip = _find_clip(project, self.clip_id, self._action)
        assert self._before is not None
        clip.text, clip.words = copy.deepcopy(self._before)


__all__ = [
    "CaptionTextCommand",
    "ClipTransformCommand",
    "KeyframeAddCommand",
    "KeyframeEasingCommand",
    "KeyframeRemoveCommand",
    "WatermarkPlaceCommand",
]
