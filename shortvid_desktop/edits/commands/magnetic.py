"""The magnetic main track: the pictures of the (first) video track always follow one another.

On the main track clips abut: the first starts at 0 and each next one starts where the one
before it ends, less its own explicit transition (``clip.transition_in.overlap_us``, 0 for a
cut). Nothing else makes two pictures overlap, and there are no gaps. The edits here keep that:

* ``insert_at_cut`` puts new clips at a cut (the clips after it move aside);
* ``move_to_cut`` takes clips out and puts them back at another cut (reorder by drag);
* ``ripple_remove`` deletes clips and closes the gap;
* ``settle`` follows any other edit of the main track (a trim, a duplicate) with the moves that
  close the gaps it left.

Narration, text and other clips tied to a scene (``Clip.scene_id``, on any track but the main
track and music) stay with their scene's picture: each is anchored to the main-track clip of its
scene that starts at or before it (else the scene's first), and keeps its distance to that
clip's start when the clip moves. A clip whose anchor is deleted keeps its place at the cut that
is left; when no picture of its scene is left on the main track it goes too. Music and clips
without a scene keep their free placement.

A transition travels with its clip. A clip that becomes the first loses its transition (there is
nothing before it to blend with), and a transition longer than its new neighbours allow (each
clip keeps at least one frame of its own) is shortened, or made a cut, in the same step.

Each function returns one ``MacroCommand`` (one undo step) made of the plain clip commands, with
absolute target values, so redo repeats exactly what was done and undo restores it exactly.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...core.model import Clip, Project, Track, Transition
from ..stack import Command, MacroCommand
from .clips import ClipAddCommand, ClipMoveCommand, ClipRemoveCommand
from .common import _a, _fail, _frame_us
from .fields import ClipPropertyCommand

MAIN_TRACK_KIND = "video"
FREE_TRACK_KINDS = frozenset({"music"})  # never linked to scenes: a bed under everything


def main_track(project: Project) -> Track | None:
    """The main (magnetic) track: the first video track."""
    return project.timeline.track(MAIN_TRACK_KIND)


def is_main_track(project: Project, track_id: str) -> bool:
    track = main_track(project)
    return track is not None and track.id == track_id


def main_order(project: Project) -> list[Clip]:
    """The main track's clips in playing order."""
    track = main_track(project)
    return track.sorted_clips() if track is not None else []


def cut_times(project: Project, exclude: Iterable[str] = ()) -> list[int]:
    """Where the cuts of the main track are (leaving out ``exclude``): before each clip (the
    middle of its transition) and after the last. Index k is the cut before the k-th clip."""
    skip = set(exclude)
    order = [c for c in main_order(project) if c.id not in skip]
    if not order:
        return [0]
    out: list[int] = []
    prev_end = None
    for c in order:
        if prev_end is None:
            out.append(c.start_us)
        else:
            out.append((c.start_us + max(c.start_us, prev_end)) // 2)
        prev_end = c.end_us
    out.append(order[-1].end_us)
    return out


def cut_index_at(project: Project, t_us: int, exclude: Iterable[str] = ()) -> int:
    """The cut nearest to time ``t_us`` among the main track's clips but ``exclude``: the
    number of those clips whose middle lies before ``t_us``."""
    skip = set(exclude)
    order = [c for c in main_order(project) if c.id not in skip]
    return sum(1 for c in order if c.start_us + c.duration_us // 2 < t_us)


@dataclass(frozen=True)
class _Layout:
    starts: dict[str, int]
    transitions: dict[str, Transition]  # only those that change
    end_us: int


def _sequence(order: Sequence[Clip], frame: int) -> _Layout:
    """The start of each clip laid one after another, and the transitions that must change."""
    starts: dict[str, int] = {}
    changed: dict[str, Transition] = {}
    prev: Clip | None = None
    prev_in = 0  # how much of prev the transition into it covers
    end = 0
    for c in order:
        tr = c.transition_in
        if prev is None:
            new = tr if tr.overlap_us == 0 else Transition()
        else:
            limit = min(prev.duration_us - prev_in, c.duration_us) - frame
            limit = max(0, limit // frame * frame)
            if tr.overlap_us <= limit:
                new = tr
            elif limit >= frame:
                new = Transition(tr.kind, limit)
            else:
                new = Transition()
        if new != tr:
            changed[c.id] = new
        start = 0 if prev is None else end - new.overlap_us
        starts[c.id] = start
        end = start + c.duration_us
        prev, prev_in = c, new.overlap_us
    return _Layout(starts, changed, end)


def _anchors(project: Project, main: Track) -> dict[str, tuple[str, int]]:
    """Linked clip id -> (anchor main-track clip id, the linked clip's start minus the
    anchor's start)."""
    by_scene: dict[str, list[Clip]] = {}
    for c in main.sorted_clips():
        if c.scene_id:
            by_scene.setdefault(c.scene_id, []).append(c)
    out: dict[str, tuple[str, int]] = {}
    for track in project.timeline.tracks:
        if track is main or track.kind in FREE_TRACK_KINDS:
            continue
        for c in track.clips:
            pictures = by_scene.get(c.scene_id) if c.scene_id else None
            if not pictures:
                continue
            before = [p for p in pictures if p.start_us <= c.start_us]
            anchor = before[-1] if before else pictures[0]
            out[c.id] = (anchor.id, c.start_us - anchor.start_us)
    return out


def _probe(project: Project, commands: Sequence[Command]) -> Project:
    """A copy of ``project`` with ``commands`` applied (the real project is not touched)."""
    probe = copy.deepcopy(project)
    for cmd in commands:
        copy.deepcopy(cmd).apply(probe)
    return probe


def settle(
    project: Project,
    commands: Sequence[Command] = (),
    order: Sequence[str] | None = None,
    text: str = "",
) -> MacroCommand:
    """``commands`` followed by the moves that make the main track magnetic again.

    ``project`` is the state before ``commands``; ``order`` the main track's clip ids in their
    new playing order (default: by start time once ``commands`` are done). Linked clips follow
    their anchors as they were before ``commands``.
    """
    main_before = main_track(project)
    after = _probe(project, commands)
    main = main_track(after)
    cmds: list[Command] = list(commands)
    label = text or (commands[0].text if len(commands) == 1 else "Edit main track")
    if main is None:
        return MacroCommand(label, cmds)
    present = {c.id: c for c in main.clips}
    if order is None:
        ids = [c.id for c in main.sorted_clips()]
    else:
        ids = [cid for cid in order if cid in present]
        ids += [c.id for c in main.sorted_clips() if c.id not in set(ids)]
    seq = [present[cid] for cid in ids]
    layout = _sequence(seq, _frame_us(project))
    for cid, tr in layout.transitions.items():
        cmds.append(ClipPropertyCommand(cid, transition_in=tr))
    for cid in ids:
        if present[cid].start_us != layout.starts[cid]:
            cmds.append(ClipMoveCommand(cid, layout.starts[cid]))
    if main_before is not None:
        cmds += _follow(project, main_before, after, ids, layout)
    return MacroCommand(label, cmds)


def _follow(
    before: Project, main_before: Track, after: Project, ids: list[str], layout: _Layout
) -> list[Command]:
    """Moves (and removals) of the clips linked to scenes, following their anchors."""
    old_order = [c.id for c in main_before.sorted_clips()]
    main_after = main_track(after)
    surviving_scenes = {c.scene_id for c in main_after.clips} if main_after else set()
    kept = set(ids)

    def new_anchor_start(anchor_id: str) -> int:
        if anchor_id in kept:
            return layout.starts[anchor_id]
        # deleted: its place is the cut where it was (the next surviving clip's start)
        i = old_order.index(anchor_id) if anchor_id in old_order else len(old_order)
        for cid in old_order[i + 1 :]:
            if cid in kept:
                return layout.starts[cid]
        return layout.end_us

    out: list[Command] = []
    for cid, (anchor_id, offset) in _anchors(before, main_before).items():
        found = after.timeline.find_clip(cid)
        if found is None:
            continue  # removed by the edit itself
        clip = found[1]
        if anchor_id not in kept and clip.scene_id not in surviving_scenes:
            out.append(ClipRemoveCommand(cid))
            continue
        start = max(0, new_anchor_start(anchor_id) + offset)
        if start != clip.start_us:
            out.append(ClipMoveCommand(cid, start))
    return out


def _main_or_fail(project: Project, action: str) -> Track:
    track = main_track(project)
    if track is None:
        _fail(action, "the timeline has no video track")
    return track


def insert_at_cut(
    project: Project, clips: Sequence[Clip], index: int, text: str = "Insert clip"
) -> MacroCommand:
    """Put copies of ``clips`` on the main track at cut ``index`` (0 = the start; the number
    of clips = the end), one after another, with plain cuts; the clips after move aside."""
    action = "insert clip"
    main = _main_or_fail(project, action)
    if not clips:
        _fail(action, "no clips were given", "clips")
    order = [c.id for c in main.sorted_clips()]
    if not 0 <= index <= len(order):
        _fail(action, f"cut {index} is outside 0..{len(order)}", "index")
    adds: list[Command] = []
    new_ids: list[str] = []
    at = cut_times(project)[index]
    for c in clips:
        clip = copy.deepcopy(c)
        clip.transition_in = Transition()
        clip.start_us = at
        adds.append(ClipAddCommand(main.id, clip))
        new_ids.append(clip.id)
    return settle(project, adds, order[:index] + new_ids + order[index:], text)


def move_to_cut(
    project: Project, clip_ids: Sequence[str], index: int, text: str = ""
) -> MacroCommand:
    """Take ``clip_ids`` (main-track clips) out and put them back, in their playing order, at
    cut ``index`` of the clips that stay (0 = the start)."""
    action = "move clip"
    main = _main_or_fail(project, action)
    order = [c.id for c in main.sorted_clips()]
    moving = [cid for cid in order if cid in set(clip_ids)]
    for cid in clip_ids:
        if cid not in order:
            found = project.timeline.find_clip(cid)
            where = f"on {_a(found[0].kind)} track" if found else "not on the timeline"
            _fail(action, f"clip {cid!r} is {where}, not on the main track", "clip_ids")
    if not moving:
        _fail(action, "no clips were given", "clip_ids")
    rest = [cid for cid in order if cid not in set(moving)]
    if not 0 <= index <= len(rest):
        _fail(action, f"cut {index} is outside 0..{len(rest)}", "index")
    label = text or ("Move clip" if len(moving) == 1 else "Move clips")
    return settle(project, [], rest[:index] + moving + rest[index:], label)


def ripple_remove(project: Project, clip_ids: Iterable[str], text: str = "") -> MacroCommand:
    """Delete clips; on the main track the gap closes (the clips after move up, with what is
    linked to their scenes). Clips of other tracks are deleted in place."""
    ids = list(dict.fromkeys(clip_ids))
    if not ids:
        _fail("delete clips", "no clips were given", "clip_ids")
    removes: list[Command] = []
    for cid in ids:
        if project.timeline.find_clip(cid) is None:
            _fail("delete clips", f"there is no clip with id {cid!r}", "clip_ids")
        removes.append(ClipRemoveCommand(cid))
    label = text or ("Delete clip" if len(ids) == 1 else "Delete clips")
    return settle(project, removes, None, label)


def preview_starts(project: Project, clip_ids: Sequence[str], index: int) -> dict[str, int]:
    """Where the main track's clips would start with ``clip_ids`` put at cut ``index`` (of the
    clips that stay), for drawing a drag before it is dropped; the project is not changed."""
    main = main_track(project)
    if main is None:
        return {}
    order = main.sorted_clips()
    moving = set(clip_ids)
    rest = [c for c in order if c.id not in moving]
    index = max(0, min(index, len(rest)))
    seq = rest[:index] + [c for c in order if c.id in moving] + rest[index:]
    return _sequence(seq, _frame_us(project)).starts


def is_magnetic(project: Project) -> bool:
    """True when the main track follows the rule: no gaps, overlaps only by transitions."""
    order = main_order(project)
    layout = _sequence(order, _frame_us(project))
    return not layout.transitions and all(c.start_us == layout.starts[c.id] for c in order)


__all__ = [
    "cut_index_at",
    "cut_times",
    "insert_at_cut",
    "is_magnetic",
    "is_main_track",
    "main_order",
    "main_track",
    "move_to_cut",
    "preview_starts",
    "ripple_remove",
    "settle",
]
