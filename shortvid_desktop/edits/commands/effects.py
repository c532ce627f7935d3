"""Speed, freeze frame, reverse and colour: each one undo step.

* ``SpeedCommand`` plays a video clip (on the main track or an overlay track) faster or slower
  (0.25x-4x). The clip keeps the part of its source it shows, so its length on the timeline
  changes (2x: half as long); on the main track the clips after it move up (or aside) in the
  same step, and the clips tied to their scenes follow them (``magnetic.settle``).
  **Narration** keeps its own speed (a voice at 2x is not a voice) and its place relative to
  its scene's picture. A sped-up picture is never made shorter than the narration of its scene
  that it carries: when the scene's last picture would end before that narration does, the
  picture keeps running to the narration's end (playing on into its source; where the source
  runs out, its last frame holds).
* ``FreezeFrameCommand`` splits a video clip at the playhead and puts a freeze clip there
  (the frame showing at the playhead, held for ``length_us``, silent); the rest of the clip
  follows it, and the main track makes room in the same step.
* ``ReverseCommand`` plays a clip backwards (sound too), for clips that use at most
  ``MAX_REVERSE_SOURCE_US`` (30 s) of source: ffmpeg's reverse holds the whole range in memory.
  Speed, reverse and freeze frame apply to video clips on the main track and on overlay tracks
  (picture-in-picture); on an overlay track a freeze puts the rest of the clip after it and
  leaves the track's other clips where they are.
* ``ColorCommand`` sets the look of a picture or clip (``Clip.color``; main or overlay track,
  not text) or, with no clip id, of the whole video (``Template.color``). Consecutive changes
  of the same target merge (a slider drag is one step).
"""

from __future__ import annotations

import copy
from typing import Any

from ...core.model import MAX_REVERSE_SOURCE_US, MAX_SPEED, MIN_SPEED, ColorGrade, Project
from ...core.serial import to_dict
from ..stack import Command, MacroCommand
from .clips import ClipAddCommand
from .common import _fail, _find_clip, _frame_us, _secs, _validated
from .magnetic import main_track, settle

DEFAULT_FREEZE_US = 2_000_000


class _ClipSetCommand(Command):
    """Set fields of a clip to absolute values (any field; checked by the caller)."""

    def __init__(self, clip_id: str, text: str, **values: Any) -> None:
        self.clip_id = clip_id
        self.text = text
        self._after = copy.deepcopy(values)
        self._before: dict[str, Any] = {}

    def apply(self, project: Project) -> None:
        clip = _find_clip(project, self.clip_id, "change clip")[2]
        self._before = {k: copy.deepcopy(getattr(clip, k)) for k in self._after}
        for k, v in self._after.items():
            setattr(clip, k, copy.deepcopy(v))

    def revert(self, project: Project) -> None:
        clip = _find_clip(project, self.clip_id, "undo change clip")[2]
        for k, v in self._before.items():
            setattr(clip, k, copy.deepcopy(v))


def _video_clip(project: Project, clip_id: str, action: str):
    """The track, clip and asset of a video clip on the main track or an overlay track
    (picture-in-picture clips change speed, direction and freeze as main-track clips do)."""
    track, _i, clip = _find_clip(project, clip_id, action)
    asset = project.assets.get(clip.asset_id)
    if track.kind not in ("video", "overlay") or asset is None or asset.kind != "video":
        what = "change speed, direction or freeze"
        _fail(action, f"only video clips on a video track or an overlay track {what}")
    return track, clip, asset


def _narration_end(project: Project, clip_id: str) -> int:
    """Where the narration tied to this clip's scene ends, when the clip is its scene's last
    picture on the main track (else 0)."""
    main = main_track(project)
    found = project.timeline.find_clip(clip_id)
    if main is None or found is None or found[0] is not main or not found[1].scene_id:
        return 0
    clip = found[1]
    pictures = [c for c in main.sorted_clips() if c.scene_id == clip.scene_id]
    if not pictures or pictures[-1].id != clip.id:
        return 0
    ends = [
        c.end_us
        for t in project.timeline.tracks
        if t.kind == "voice"
        for c in t.clips
        if c.scene_id == clip.scene_id
    ]
    return max(ends, default=0)


class SpeedCommand(MacroCommand):
    """Play clip ``clip_id`` at ``speed`` (0.25-4): one step with the main track's ripple."""

    def __init__(self, project: Project, clip_id: str, speed: float) -> None:
        action = f"change the speed of clip {clip_id!r}"
        _track, clip, _asset = _video_clip(project, clip_id, action)
        if isinstance(speed, bool) or not isinstance(speed, int | float):
            _fail(action, f"speed must be a number; got {speed!r}", "speed")
        if not MIN_SPEED <= speed <= MAX_SPEED:
            _fail(action, f"speed must be from {MIN_SPEED}x to {MAX_SPEED}x; got {speed}", "speed")
        if clip.freeze:
            _fail(action, "a freeze frame has no speed; change its length instead", "speed")
        span = clip.duration_us * clip.speed  # the source the clip shows stays the same
        frame = _frame_us(project)
        duration = max(frame, round(span / speed))
        duration = max(duration, _narration_end(project, clip_id) - clip.start_us)
        if clip.reverse and duration * speed > MAX_REVERSE_SOURCE_US:
            _fail(
                action,
                f"a reversed clip may use at most {MAX_REVERSE_SOURCE_US // 1_000_000} s of source",
                "speed",
            )
        change = _ClipSetCommand(clip_id, "Change speed", speed=float(speed), duration_us=duration)
        macro = settle(project, [change], None, "Change speed")
        super().__init__("Change speed", list(macro.children))


class ReverseCommand(MacroCommand):
    """Play clip ``clip_id`` backwards (``on``) or forwards again."""

    def __init__(self, project: Project, clip_id: str, on: bool = True) -> None:
        action = f"reverse clip {clip_id!r}"
        _track, clip, _asset = _video_clip(project, clip_id, action)
        if on and clip.freeze:
            _fail(action, "a freeze frame shows one picture; there is nothing to reverse")
        if on and clip.source_span_us > MAX_REVERSE_SOURCE_US:
            _fail(
                action,
                f"it plays {_secs(clip.source_span_us)} of its source; reversing is limited to "
                f"{MAX_REVERSE_SOURCE_US // 1_000_000} s (the whole range is held in memory). "
                "Split the clip first",
                "reverse",
            )
        text = "Reverse clip" if on else "Play clip forwards"
        super().__init__(text, [_ClipSetCommand(clip_id, text, reverse=bool(on))])


class FreezeFrameCommand(MacroCommand):
    """Hold the frame of clip ``clip_id`` showing at ``at_us`` for ``length_us``: the clip is
    split there and a freeze clip put between the parts (at its start or end: before or after
    it); on the main track the clips after it move aside in the same step."""

    def __init__(
        self,
        project: Project,
        clip_id: str,
        at_us: int,
        length_us: int = DEFAULT_FREEZE_US,
        freeze_id: str | None = None,
        rest_id: str | None = None,
    ) -> None:
        from ...core.model import Transition, new_id

        action = f"freeze a frame of clip {clip_id!r}"
        track, clip, _asset = _video_clip(project, clip_id, action)
        frame = _frame_us(project)
        if clip.freeze:
            _fail(action, "it is already a freeze frame")
        if not clip.start_us <= at_us <= clip.end_us:
            _fail(
                action,
                f"the playhead ({_secs(at_us)}) is not over the clip "
                f"({_secs(clip.start_us)} to {_secs(clip.end_us)})",
                "at_us",
            )
        if length_us < frame:
            _fail(action, f"the freeze must last at least one frame; got {length_us}", "length_us")
        offset = at_us - clip.start_us
        if offset < frame:  # within its first frame: before the clip
            offset = 0
        if clip.end_us - (clip.start_us + offset) < frame:  # at the very end: its last frame
            offset = max(0, clip.duration_us - frame)
            at_end = True
        else:
            at_end = False
        span = clip.duration_us * clip.speed
        if clip.reverse:
            source_at = clip.source_in_us + round(span - offset * clip.speed)
            source_at = max(clip.source_in_us, source_at - round(frame * clip.speed))
        else:
            source_at = clip.source_in_us + round(offset * clip.speed)
        still = copy.deepcopy(clip)
        still.id = freeze_id or new_id("cl_")
        still.freeze, still.reverse, still.speed = True, False, 1.0
        still.source_in_us, still.duration_us = source_at, length_us
        still.transition_in = Transition()
        still.fade_in_us = still.fade_out_us = 0
        still.volume_keys, still.words = [], []
        cmds: list[Command] = []
        order = [c.id for c in track.sorted_clips()]
        i = order.index(clip.id)
        if at_end:
            still.start_us = clip.end_us
            new_order = [*order[: i + 1], still.id, *order[i + 1 :]]
        elif offset == 0:
            still.start_us = clip.start_us
            new_order = [*order[:i], still.id, *order[i:]]
        else:
            rest = copy.deepcopy(clip)
            rest.id = rest_id or new_id("cl_")
            rest.duration_us = clip.duration_us - offset
            rest.transition_in = Transition()
            rest.fade_in_us = 0
            rest.volume_keys = []
            if clip.reverse:  # the first part shows the end of the range
                first_in = clip.source_in_us + round(rest.duration_us * clip.speed)
                cmds.append(
                    _ClipSetCommand(
                        clip.id,
                        "Freeze frame",
                        duration_us=offset,
                        source_in_us=first_in,
                        fade_out_us=0,
                    )
                )
            else:
                rest.source_in_us = clip.source_in_us + round(offset * clip.speed)
                cmds.append(
                    _ClipSetCommand(clip.id, "Freeze frame", duration_us=offset, fade_out_us=0)
                )
            still.start_us = clip.start_us + offset
            rest.start_us = still.start_us + length_us
            cmds.append(ClipAddCommand(track.id, rest))
            new_order = [*order[: i + 1], still.id, rest.id, *order[i + 1 :]]
        cmds.insert(0, ClipAddCommand(track.id, still))
        self.freeze_id = still.id
        if main_track(project) is track:
            macro = settle(project, cmds, new_order, "Freeze frame")
            children = list(macro.children)
        else:  # a free track: the parts are laid one after another; other clips stay
            children = cmds
        super().__init__("Freeze frame", children)


class ColorCommand(Command):
    """Set the look of clip ``clip_id`` (or of the whole video when ``clip_id`` is "")."""

    merge_id = "effects.color"

    def __init__(self, clip_id: str, grade: ColorGrade | dict[str, Any]) -> None:
        self.clip_id = clip_id
        action = f"change the colour of clip {clip_id!r}" if clip_id else "change the video colour"
        data = to_dict(grade) if isinstance(grade, ColorGrade) else dict(grade)
        self._after: dict[str, Any] = to_dict(_validated(ColorGrade, data, action))
        self._before: dict[str, Any] | None = None
        self._action = action
        self.text = "Change colour" if clip_id else "Change video colour"

    def _owner(self, project: Project) -> Any:
        if not self.clip_id:
            return project.template
        track, _i, clip = _find_clip(project, self.clip_id, self._action)
        asset = project.assets.get(clip.asset_id)
        picture = asset is not None and asset.kind in ("image", "video")
        if track.kind not in ("video", "overlay") or (track.kind == "overlay" and not picture):
            _fail(self._action, "only pictures and clips (not text or sound) have a colour look")
        return clip

    def apply(self, project: Project) -> None:
        owner = self._owner(project)
        self._before = to_dict(owner.color)
        owner.color = _validated(ColorGrade, self._after, self._action)

    def revert(self, project: Project) -> None:
        assert self._before is not None
        self._owner(project).color = _validated(ColorGrade, self._before, self._action)

    def merge_with(self, other: Command) -> bool:
        if not isinstance(other, ColorCommand) or other.clip_id != self.clip_id:
            return False
        self._after = copy.deepcopy(other._after)
        return True

    def is_obsolete(self) -> bool:
        return self._before == self._after


__all__ = [
    "DEFAULT_FREEZE_US",
    "ColorCommand",
    "FreezeFrameCommand",
    "ReverseCommand",
    "SpeedCommand",
]
