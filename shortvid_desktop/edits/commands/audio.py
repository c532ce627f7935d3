"""Sound edits: a clip's fades and volume line, how the music fits the video, and cuts snapped
to the music's beats.

* ``ClipFadeCommand`` sets a sound clip's fade-in and/or fade-out (together at most the clip's
  length); a fade-handle drag is one of these.
* ``ClipVolumeKeysCommand`` replaces a clip's volume line; ``add_volume_key``,
  ``move_volume_key`` and ``remove_volume_key`` build it for one point (times from the clip's
  start, inside the clip; gains 0..4).
* ``MusicFitCommand`` sets ``Project.music_fit`` ("loop": the music fills the video, looping
  with a crossfade where the song runs out; "trim": it plays once and stops at the video's end
  or its own, with its fade-out there) and fits the music clips' lengths to the video in the
  same step.
* ``snap_cuts_to_beats`` moves each cut of the magnetic main track to the nearest beat within a
  tolerance: the clips on both sides of a cut give and take time (a roll edit), so they still
  abut and the video keeps its length; what is linked to a scene follows its picture (the
  magnetic rules of ``magnetic.settle``). One undo step.
"""

from __future__ import annotations

import bisect
import copy
from collections.abc import Iterable, Sequence
from typing import Any

from ...core.model import Clip, Project, VolumeKey
from ...core.serial import to_dict
from ...core.timebase import frame_time
from ..stack import Command, MacroCommand
from .clips import ClipTrimCommand
from .common import (
    AUDIO_TRACK_KINDS,
    _fail,
    _find_clip,
    _frame_us,
    _is_time_based,
    _secs,
    _source_end_us,
    _validated,
)
from .magnetic import main_order, settle

MUSIC_FITS = ("loop", "trim")
DEFAULT_SNAP_TOLERANCE_US = 250_000


def _has_sound(project: Project, clip: Clip) -> bool:
    asset = project.assets.get(clip.asset_id) if clip.asset_id else None
    return asset is not None and (
        asset.kind == "audio" or (asset.kind == "video" and asset.has_audio)
    )


def _sound_clip(project: Project, clip_id: str, action: str) -> Clip:
    track, _, clip = _find_clip(project, clip_id, action)
    if track.kind not in AUDIO_TRACK_KINDS and not _has_sound(project, clip):
        _fail(action, f"clip {clip_id!r} has no sound", "clip_id")
    return clip


class ClipFadeCommand(Command):
    """Set a sound clip's fade-in and/or fade-out (microseconds; None keeps that one). The two
    together may not be longer than the clip. Consecutive changes of the same clip's same fades
    merge (spin boxes)."""

    merge_id = "clip.fade"

    def __init__(
        self, clip_id: str, fade_in_us: int | None = None, fade_out_us: int | None = None
    ) -> None:
        action = "change fade"
        if fade_in_us is None and fade_out_us is None:
            _fail(action, "no fade was given")
        for name, value in (("fade_in_us", fade_in_us), ("fade_out_us", fade_out_us)):
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value < 0
            ):
                _fail(action, f"{name} must be a whole number of microseconds ≥ 0", name)
        self.clip_id = clip_id
        self.fade_in_us = fade_in_us
        self.fade_out_us = fade_out_us
        self.text = (
            "Change fades"
            if fade_in_us is not None and fade_out_us is not None
            else "Change fade-in"
            if fade_in_us is not None
            else "Change fade-out"
        )
        self._before: tuple[int, int] | None = None

    def apply(self, project: Project) -> None:
        action = "change fade"
        clip = _sound_clip(project, self.clip_id, action)
        new_in = clip.fade_in_us if self.fade_in_us is None else self.fade_in_us
        new_out = clip.fade_out_us if self.fade_out_us is None else self.fade_out_us
        if new_in + new_out > clip.duration_us:
            _fail(
                action,
                f"the fades ({_secs(new_in)} in, {_secs(new_out)} out) are longer than the clip "
                f"({_secs(clip.duration_us)})",
                "fade_in_us" if self.fade_in_us is not None else "fade_out_us",
            )
        self._before = (clip.fade_in_us, clip.fade_out_us)
        clip.fade_in_us, clip.fade_out_us = new_in, new_out

    def revert(self, project: Project) -> None:
        assert self._before is not None
        clip = _find_clip(project, self.clip_id, "undo change fade")[2]
        clip.fade_in_us, clip.fade_out_us = self._before

    def merge_with(self, other: Command) -> bool:
        if (
            not isinstance(other, ClipFadeCommand)
            or other.clip_id != self.clip_id
            or (other.fade_in_us is None) != (self.fade_in_us is None)
            or (other.fade_out_us is None) != (self.fade_out_us is None)
        ):
            return False
        self.fade_in_us, self.fade_out_us = other.fade_in_us, other.fade_out_us
        return True


class ClipVolumeKeysCommand(Command):
    """Replace a clip's volume line with ``keys`` (VolumeKey instances, dicts or (time_us,
    gain) pairs; times from the clip's start, inside the clip)."""

    def __init__(self, clip_id: str, keys: Iterable[Any], text: str = "Change volume line") -> None:
        self.clip_id = clip_id
        self.text = text
        self._keys: list[dict[str, Any]] = []
        for k in keys:
            if isinstance(k, VolumeKey):
                self._keys.append(to_dict(k))
            elif isinstance(k, dict):
                self._keys.append(copy.deepcopy(k))
            else:
                try:
                    t, g = k
                except (TypeError, ValueError):
                    _fail("change volume line", f"a point must be (time_us, gain); got {k!r}")
                self._keys.append({"time_us": t, "gain": g})
        self._before: list[VolumeKey] | None = None

    @property
    def keys(self) -> list[tuple[int, float]]:
        return [(k["time_us"], k["gain"]) for k in self._keys]

    def apply(self, project: Project) -> None:
        action = "change volume line"
        clip = _sound_clip(project, self.clip_id, action)
        fresh = _validated(Clip, {"volume_keys": self._keys}, action)
        for i, k in enumerate(fresh.volume_keys):
            if k.time_us > clip.duration_us:
                _fail(
                    action,
                    f"point {i} at {_secs(k.time_us)} is past the clip's end "
                    f"({_secs(clip.duration_us)})",
                    f"volume_keys[{i}].time_us",
                )
        self._before = copy.deepcopy(clip.volume_keys)
        clip.volume_keys = fresh.volume_keys

    def revert(self, project: Project) -> None:
        clip = _find_clip(project, self.clip_id, "undo change volume line")[2]
        clip.volume_keys = copy.deepcopy(self._before or [])


def _keys_of(project: Project, clip_id: str, action: str) -> list[tuple[int, float]]:
    clip = _sound_clip(project, clip_id, action)
    return [(k.time_us, k.gain) for k in clip.volume_keys]


def add_volume_key(project: Project, clip_id: str, time_us: int, gain: float) -> Command:
    """A point of the volume line added at ``time_us`` (a point already there takes the gain)."""
    keys = [k for k in _keys_of(project, clip_id, "add volume point") if k[0] != time_us]
    bisect.insort(keys, (time_us, gain))
    return ClipVolumeKeysCommand(clip_id, keys, "Add volume point")


def move_volume_key(
    project: Project, clip_id: str, index: int, time_us: int, gain: float
) -> Command:
    """Point ``index`` moved to ``time_us`` and ``gain``; it stays between its neighbours."""
    action = "move volume point"
    keys = _keys_of(project, clip_id, action)
    if not 0 <= index < len(keys):
        _fail(action, f"there is no point {index} (the clip has {len(keys)})", "index")
    lo = keys[index - 1][0] if index > 0 else 0
    hi = keys[index + 1][0] if index + 1 < len(keys) else None
    time_us = max(lo, time_us if hi is None else min(hi, time_us))
    keys[index] = (time_us, gain)
    return ClipVolumeKeysCommand(clip_id, keys, "Move volume point")


def remove_volume_key(project: Project, clip_id: str, index: int) -> Command:
    action = "remove volume point"
    keys = _keys_of(project, clip_id, action)
    if not 0 <= index < len(keys):
        _fail(action, f"there is no point {index} (the clip has {len(keys)})", "index")
    del keys[index]
    return ClipVolumeKeysCommand(clip_id, keys, "Remove volume point")


def volume_at(clip: Clip, t_us: int) -> float:
    """The volume line's gain at ``t_us`` from the clip's start (1.0 without points)."""
    keys = clip.volume_keys
    if not keys:
        return 1.0
    if t_us <= keys[0].time_us:
        return keys[0].gain
    for a, b in zip(keys, keys[1:], strict=False):
        if t_us <= b.time_us:
            span = b.time_us - a.time_us
            return b.gain if span <= 0 else a.gain + (b.gain - a.gain) * (t_us - a.time_us) / span
    return keys[-1].gain


def trim_envelope(clip: Clip, head_us: int) -> None:
    """The volume line kept in place on the timeline when the clip's start moves by
    ``head_us`` (later: the part cut off goes, with a point where the new start is)."""
    keys = clip.volume_keys
    if not keys or head_us == 0:
        return
    if head_us > 0:
        at = VolumeKey(0, volume_at(clip, head_us))
        later = [VolumeKey(k.time_us - head_us, k.gain) for k in keys if k.time_us > head_us]
        clip.volume_keys = [at, *later]
    else:
        clip.volume_keys = [VolumeKey(k.time_us - head_us, k.gain) for k in keys]


def split_envelope(clip: Clip, offset_us: int, second: Clip) -> None:
    """Share ``clip``'s fades and volume line between it (cut to ``offset_us``) and
    ``second`` (its copy starting there): the fade-in stays with the first part, the fade-out
    goes with the second, and the line keeps its shape across the cut (a point at the cut on
    each side)."""
    length = clip.duration_us
    keys = clip.volume_keys
    if keys:
        at = VolumeKey(offset_us, volume_at(clip, offset_us))
        first = [k for k in keys if k.time_us < offset_us] + [at]
        later = [VolumeKey(k.time_us - offset_us, k.gain) for k in keys if k.time_us > offset_us]
        second.volume_keys = [VolumeKey(0, at.gain), *later]
        clip.volume_keys = first
    second.fade_in_us = 0
    second.fade_out_us = min(clip.fade_out_us, length - offset_us)
    clip.fade_in_us = min(clip.fade_in_us, offset_us)
    clip.fade_out_us = 0


# ----------------------------------------------------------------------------- music fit
def content_end_us(project: Project) -> int:
    """Where the video ends without its music: the last end of any other track's clips."""
    return max(
        (t.end_us for t in project.timeline.tracks if t.kind != "music" and not t.muted),
        default=0,
    )


class _MusicFitValue(Command):
    def __init__(self, fit: str) -> None:
        self.fit = fit
        self._before = ""

    def apply(self, project: Project) -> None:
        self._before = project.music_fit
        project.music_fit = self.fit  # type: ignore[assignment]

    def revert(self, project: Project) -> None:
        project.music_fit = self._before  # type: ignore[assignment]


class _MusicLengthCommand(Command):
    """A music clip's length (music loops to fill its clip, so it may outlast its song)."""

    def __init__(self, clip_id: str, duration_us: int) -> None:
        self.clip_id = clip_id
        self.duration_us = duration_us
        self.text = "Change music length"
        self._before = 0

    def apply(self, project: Project) -> None:
        clip = _find_clip(project, self.clip_id, "change music length")[2]
        if self.duration_us < _frame_us(project):
            _fail("change music length", "a clip must be at least one frame long", "duration_us")
        self._before = clip.duration_us
        clip.duration_us = self.duration_us

    def revert(self, project: Project) -> None:
        _find_clip(project, self.clip_id, "undo change music length")[2].duration_us = self._before


class MusicFitCommand(MacroCommand):
    """Loop or trim the music to the video: the mode, and each music clip's end moved to the
    video's end (in "trim" mode no further than its song's end), as one undo step. Built from
    the project as it is now (like the magnetic edits)."""

    def __init__(self, project: Project, fit: str) -> None:
        action = "fit the music"
        if fit not in MUSIC_FITS:
            _fail(
                action, f"the mode must be one of {', '.join(MUSIC_FITS)}; got {fit!r}", "music_fit"
            )
        cmds: list[Command] = [_MusicFitValue(fit)]
        end = content_end_us(project)
        frame = _frame_us(project)
        for track in project.timeline.tracks:
            if track.kind != "music" or end <= 0:
                continue
            for clip in track.sorted_clips():
                if clip.start_us + frame > end:
                    continue
                target = end
                source_end = _source_end_us(project, clip)
                if fit == "trim" and source_end is not None:
                    target = min(target, clip.start_us + source_end - clip.source_in_us)
                new_len = target - clip.start_us
                if new_len < frame:
                    continue
                fade_out = clip.fade_out_us
                if fit == "trim" and fade_out == 0:  # trimmed music ends with a fade
                    fade_out = project.template.music_fade_us
                fades = (min(clip.fade_in_us, new_len // 2), min(fade_out, new_len // 2))
                fade_cmd = None
                if fades != (clip.fade_in_us, clip.fade_out_us):
                    fade_cmd = ClipFadeCommand(clip.id, *fades)
                length_cmd = (
                    _MusicLengthCommand(clip.id, new_len) if target != clip.end_us else None
                )
                # shorter: the fades shrink first; longer: the clip grows first
                steps = (
                    [fade_cmd, length_cmd] if new_len < clip.duration_us else [length_cmd, fade_cmd]
                )
                cmds += [c for c in steps if c is not None]
        text = "Loop music to the video" if fit == "loop" else "Trim music to the video"
        super().__init__(text, cmds)


# ----------------------------------------------------------------------------- beats
def snap_cuts_to_beats(
    project: Project,
    beats_us: Sequence[int],
    tolerance_us: int = DEFAULT_SNAP_TOLERANCE_US,
) -> MacroCommand:
    """Each cut of the main track moved to the nearest of ``beats_us`` (timeline times) within
    ``tolerance_us``, on a whole frame; the clips on both sides give and take the time, so they
    keep abutting and the video its length. A cut stays where it is when no beat is near, or
    when moving it would leave a clip shorter than its transitions plus a frame, or run a video
    clip past its source. Raises EditError when no cut can move."""
    action = "snap cuts to beats"
    order = main_order(project)
    if len(order) < 2:
        _fail(action, "the main track has no cuts (it needs two clips or more)")
    beats = sorted({int(b) for b in beats_us if b >= 0})
    if not beats:
        _fail(action, "there are no beats (find the music's beats first)")
    fps = project.template.fps
    frame = _frame_us(project)
    trims: list[Command] = []
    shift_prev = 0  # how far the start of the clip before this cut moved
    for k in range(1, len(order)):
        a, b = order[k - 1], order[k]
        cut = (b.start_us + a.end_us) // 2  # the middle of a transition, or the cut
        i = bisect.bisect_left(beats, cut)
        near = [beats[j] for j in (i - 1, i) if 0 <= j < len(beats)]
        best = min(near, key=lambda t: abs(t - cut))
        if abs(best - cut) > tolerance_us:
            shift_prev = 0
            continue
        target = frame_time(round(best * fps / 1_000_000), fps)
        delta = target - cut
        if delta == 0:
            shift_prev = 0
            continue
        # the clip before keeps its transition in and out plus a frame; so does the one after
        a_in = a.transition_in.overlap_us if k > 1 else 0
        a_out = b.transition_in.overlap_us
        b_out = order[k + 1].transition_in.overlap_us if k + 1 < len(order) else 0
        a_len = a.duration_us - shift_prev + delta
        b_len = b.duration_us - delta
        if a_len < a_in + a_out + frame or b_len < a_out + b_out + frame:
            shift_prev = 0
            continue
        if _is_time_based(project, b) and b.source_in_us + delta < 0:
            shift_prev = 0
            continue
        a_src_end = _source_end_us(project, a)
        if a_src_end is not None and a.source_in_us + a.duration_us + delta > a_src_end:
            shift_prev = 0
            continue
        trims.append(ClipTrimCommand(a.id, "end", a.end_us + delta))
        trims.append(ClipTrimCommand(b.id, "start", b.start_us + delta))
        shift_prev = delta
    if not trims:
        _fail(
            action,
            f"no cut is within {_secs(tolerance_us)} of a beat where it could move",
            "tolerance_us",
        )
    ids = [c.id for c in order]
    return settle(project, trims, ids, "Snap cuts to beats")


def music_beats_on_timeline(
    project: Project, beats_src_us: Sequence[int], crossfade_us: int = 0
) -> list[int]:
    """The first music clip's beats (times in its song) as timeline times: where the song plays
    in the clip, and again in each loop (each copy starting ``crossfade_us`` before the one
    before it ends)."""
    track = project.timeline.track("music")
    if track is None or not track.clips:
        return []
    clip = track.sorted_clips()[0]
    asset = project.assets.get(clip.asset_id)
    length = asset.duration_us if asset is not None else 0
    out: list[int] = []
    start, src_from = clip.start_us, clip.source_in_us
    while start < clip.end_us:
        for b in beats_src_us:
            if b >= src_from and (length <= 0 or b < length):
                t = start + b - src_from
                if t < clip.end_us:
                    out.append(t)
        copy_end = start + length - src_from
        if length <= 0 or project.music_fit == "trim" or copy_end >= clip.end_us:
            break
        nxt = copy_end - crossfade_us
        if nxt <= start:
            break
        start, src_from = nxt, 0
    return sorted(set(out))


__all__ = [
    "DEFAULT_SNAP_TOLERANCE_US",
    "MUSIC_FITS",
    "ClipFadeCommand",
    "ClipVolumeKeysCommand",
    "MusicFitCommand",
    "add_volume_key",
    "content_end_us",
    "move_volume_key",
    "music_beats_on_timeline",
    "remove_volume_key",
    "snap_cuts_to_beats",
    "split_envelope",
    "trim_envelope",
    "volume_at",
]
