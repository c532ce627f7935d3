"""Clip edits on the timeline: add, remove, ripple delete, move, trim, split, duplicate."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from ...core.model import (
    Clip,
    Project,
    Track,
    Transition,
    new_id,
)
from ..errors import EditError
from ..stack import Command, MacroCommand
from .common import (
    _a,
    _all_clip_ids,
    _as_data,
    _assign_fields,
    _check_clip_fits,
    _check_index,
    _check_time,
    _fail,
    _find_clip,
    _find_track,
    _frame_us,
    _is_time_based,
    _secs,
    _source_end_us,
    _validated,
)
from .words import _slice_words, _split_text, _split_words


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


class _ClipsShiftCommand(Command):
    """Move some clips of one track by ``delta_us`` (a part of a ripple delete)."""

    def __init__(self, track_id: str, clip_ids: list[str], delta_us: int) -> None:
        self.track_id, self.clip_ids, self.delta_us = track_id, clip_ids, delta_us
        self.text = "Shift clips"

    def apply(self, project: Project) -> None:
        _, track = _find_track(project, self.track_id, "shift clips")
        _shift_clips(track, self.clip_ids, self.delta_us)

    def revert(self, project: Project) -> None:
        _, track = _find_track(project, self.track_id, "undo shift clips")
        _shift_clips(track, self.clip_ids, -self.delta_us)


class ClipsRippleDeleteCommand(Command):
    """Remove several clips (any tracks) and close the gaps they leave.

    A clip of the main video track takes its stretch of time out of the whole video: later
    clips on its track move left (as ``ClipRemoveCommand`` with ripple), and on every other
    track but music (voice, text, audio) what starts after that stretch moves left by as
    much, so pictures stay with their narration and text; what lies inside the stretch goes
    with it, what runs across its edges stays. Music is a bed under everything and stays. The
    stretch of a clip that crossfades with its neighbours runs from the middle of one crossfade
    to the middle of the other. Any other clip closes the gap on its own track only.
    """

    def __init__(self, clip_ids: Iterable[str]) -> None:
        self.clip_ids = list(dict.fromkeys(clip_ids))
        self.text = "Ripple delete clips" if len(self.clip_ids) != 1 else "Ripple delete clip"
        self._macro: MacroCommand | None = None

    def apply(self, project: Project) -> None:
        action = "ripple delete clips"
        if not self.clip_ids:
            _fail(action, "no clips were given", "clip_ids")
        found = [_find_clip(project, cid, action) for cid in self.clip_ids]
        main = project.timeline.track("video")
        on_main = [c for t, _, c in found if t is main]
        others = [c for t, _, c in found if t is not main]
        macro = MacroCommand(self.text)
        try:
            # latest first: removing a later clip never moves an earlier one
            for c in sorted(on_main, key=lambda c: c.start_us, reverse=True):
                assert main is not None
                self._cut(project, main, c, macro)
            for c in sorted(others, key=lambda c: c.start_us, reverse=True):
                if project.timeline.find_clip(c.id) is not None:  # not gone with a cut
                    self._run(project, macro, ClipRemoveCommand(c.id, ripple=True))
        except BaseException:
            macro.revert(project)
            raise
        self._macro = macro

    @staticmethod
    def _run(project: Project, macro: MacroCommand, cmd: Command) -> None:
        cmd.apply(project)
        macro._append(cmd)

    def _cut(self, project: Project, main: Track, clip: Clip, macro: MacroCommand) -> None:
        ordered = main.sorted_clips()
        i = next(k for k, c in enumerate(ordered) if c.id == clip.id)
        prev = ordered[i - 1] if i > 0 else None
        fade_in = 0
        if prev is not None and clip.transition_in.kind != "cut":
            fade_in = max(0, min(prev.end_us - clip.start_us, clip.duration_us))
        begin = clip.start_us + fade_in // 2
        remove = ClipRemoveCommand(clip.id, ripple=True)
        self._run(project, macro, remove)
        shift = remove._shift
        if not shift:
            return
        end = begin + shift
        for track in project.timeline.tracks:
            if track is main or track.kind == "music":
                continue
            for c in [c for c in track.clips if c.start_us >= begin and c.end_us <= end]:
                self._run(project, macro, ClipRemoveCommand(c.id))
            later = [c.id for c in track.clips if c.start_us >= end]
            if later:
                self._run(project, macro, _ClipsShiftCommand(track.id, later, -shift))

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
        rate = 0.0 if clip.freeze else clip.speed  # source time per timeline time
        if self.edge == "start":
            delta = new_time - clip.start_us
            start, duration = new_time, clip.duration_us - delta
            moves_in = time_based and not clip.reverse  # reversed: its start is the source's end
            source_in = clip.source_in_us + round(delta * rate) if moves_in else clip.source_in_us
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
            if time_based and clip.reverse:  # its end is the source's start
                source_in += round((clip.duration_us - duration) * rate)
            if duration < frame:
                _fail(
                    action,
                    f"its end must stay at least one frame after its start "
                    f"({_secs(clip.start_us + frame)} at the earliest)",
                    "new_time_us",
                )
        source_end = _source_end_us(project, clip)
        if source_end is not None and source_in + round(duration * rate) > source_end:
            latest = clip.start_us + round((source_end - clip.source_in_us) / (rate or 1.0))
            _fail(
                action,
                f"it would run past the end of its source (the latest end is {_secs(latest)})",
                "new_time_us",
            )
        self._saved = copy.deepcopy(clip)
        self._noop = start == clip.start_us and duration == clip.duration_us
        if clip.words:
            clip.words = _slice_words(clip.words, start - clip.start_us, duration)
        from .audio import trim_envelope  # the volume line stays where it was on the timeline

        trim_envelope(clip, start - clip.start_us)
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
        first_in = clip.source_in_us
        if _is_time_based(project, clip) and not clip.freeze:  # (a sped-up clip: offset x speed)
            if clip.reverse:  # the first part shows the end of the source range
                first_in += round(second.duration_us * clip.speed)
            else:
                second.source_in_us = clip.source_in_us + round(offset * clip.speed)
        second.transition_in = Transition()
        first_words, second_words = _split_words(clip.words, offset, second.duration_us)
        second.words = second_words
        texts = _split_text(clip.text, clip.words, len(first_words))

        self._saved = copy.deepcopy(clip)
        from .audio import split_envelope  # fades and volume line: each part keeps its share

        split_envelope(clip, offset, second)
        clip.duration_us, clip.source_in_us = offset, first_in
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
