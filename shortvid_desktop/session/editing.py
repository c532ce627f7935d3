"""Editing helpers for the window's timeline, inspector and scene list (no Qt).

Pure functions over the model that decide *which* named commands an interaction makes: snapping,
placing dropped media on tracks, splitting at the playhead, changing a transition (which moves the
overlap of two clips), re-voicing only the scenes whose narration changed. The window pushes the
returned commands in one transaction, so each gesture is one undo step.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..core.model import Asset, Clip, Project, Track, Transition, new_id
from ..core.timebase import frame_time, snap_to_frame
from ..edits import (
    AssetAddCommand,
    AssetRemoveCommand,
    ClipAddCommand,
    ClipPropertyCommand,
    ClipSplitCommand,
    ClipTrimCommand,
    Command,
    EditError,
    TrackAddCommand,
)
from ..edits.commands.magnetic import cut_index_at, insert_at_cut, main_track
from ..media.hashing import content_hash

STANDARD_TRACKS: tuple[tuple[str, str], ...] = (
    ("video", "Video"),
    ("overlay", "Text"),
    ("voice", "Voice"),
    ("music", "Music"),
)
VISUAL_KINDS = ("video", "overlay")
AUDIO_KINDS = ("voice", "music", "audio")


# --------------------------------------------------------------------------- time helpers
def frame_us(project: Project) -> int:
    """One frame at the project's rate, in microseconds."""
    return max(1, frame_time(1, project.template.fps))


def scene_boundaries(project: Project, exclude: Iterable[str] = ()) -> list[int]:
    """Start and end of every scene on the timeline (from the clips that carry its id, leaving
    out the ``exclude`` clips)."""
    skip = set(exclude)
    spans: dict[str, list[int]] = {}
    for track in project.timeline.tracks:
        for c in track.clips:
            if not c.scene_id or c.id in skip:
                continue
            span = spans.setdefault(c.scene_id, [c.start_us, c.end_us])
            span[0] = min(span[0], c.start_us)
            span[1] = max(span[1], c.end_us)
    out: set[int] = set()
    for a, b in spans.values():
        out.update((a, b))
    return sorted(out)


def snap_points(
    project: Project,
    exclude: Iterable[str] = (),
    playhead_us: int | None = None,
    scenes: bool = True,
) -> list[int]:
    """Times worth snapping to: clip edges (except the ``exclude`` clips), 0, the playhead and
    scene boundaries."""
    skip = set(exclude)
    pts: set[int] = {0}
    for track in project.timeline.tracks:
        for c in track.clips:
            if c.id not in skip:
                pts.update((c.start_us, c.end_us))
    if playhead_us is not None:
        pts.add(playhead_us)
    if scenes:
        pts.update(scene_boundaries(project, skip))
    return sorted(pts)


def snap(value: int, points: Sequence[int], threshold_us: int) -> tuple[int, int | None]:
    """``value`` moved onto the nearest point within ``threshold_us``; (value, point or None)."""
    best: int | None = None
    for p in points:
        if abs(p - value) <= threshold_us and (best is None or abs(p - value) < abs(best - value)):
            best = p
    return (best, best) if best is not None else (value, None)


def snap_move(
    start_us: int, duration_us: int, points: Sequence[int], threshold_us: int
) -> tuple[int, int | None]:
    """A moved clip's start, snapped so that its start or its end meets the nearest point."""
    s, ps = snap(start_us, points, threshold_us)
    e, pe = snap(start_us + duration_us, points, threshold_us)
    if ps is None and pe is None:
        return max(0, start_us), None
    if pe is None or (ps is not None and abs(s - start_us) <= abs(e - start_us - duration_us)):
        return max(0, s), ps
    return max(0, e - duration_us), pe


# --------------------------------------------------------------------------- placing media
def track_kind_for(asset: Asset, wanted: str | None = None) -> str:
    """The kind of track a dropped asset goes on (``wanted`` when it suits the asset): a sound
    file dropped anywhere but on a sound lane is music."""
    if asset.kind == "audio":
        return wanted if wanted in AUDIO_KINDS else "music"
    if wanted in AUDIO_KINDS and asset.kind == "video" and asset.has_audio:
        return wanted
    return "video"  # pictures and clips; the overlay track holds text only


def default_length(project: Project, asset: Asset) -> int:
    if asset.kind in ("video", "audio") and asset.duration_us > 0:
        return asset.duration_us
    return project.template.still_duration_us


@dataclass
class Placement:
    """Commands that put assets on the timeline, and where the clips went."""

    commands: list[Command] = field(default_factory=list)
    clip_ids: list[str] = field(default_factory=list)


def place_assets(
    project: Project,
    assets: Sequence[Asset],
    at_us: int,
    track_id: str | None = None,
    track_kind: str | None = None,
) -> Placement:
    """Clips for ``assets`` laid one after another from ``at_us``, on the dropped-on track when
    it suits each asset, else on the first track of the right kind (created when missing).
    Pictures for the main (magnetic) video track are inserted at the cut nearest ``at_us``
    (the clips after it move aside; see ``edits.commands.magnetic``).

    Assets not yet in the project must be added first (the commands here only place clips).
    """
    out = Placement()
    tracks: dict[str, str] = {t.kind: t.id for t in reversed(project.timeline.tracks)}
    target: Track | None = None
    if track_id:
        target = next((t for t in project.timeline.tracks if t.id == track_id), None)
    wanted = target.kind if target is not None else track_kind
    main = main_track(project)
    inserts: list[Clip] = []  # for the main track: inserted at the cut nearest ``at_us``
    cursor: dict[str, int] = {}
    for asset in assets:
        kind = track_kind_for(asset, wanted)
        if target is not None and target.kind == kind:
            tid = target.id
        elif kind in tracks:
            tid = tracks[kind]
        else:
            tid = new_id("tr_")
            name = dict(STANDARD_TRACKS).get(kind, kind.capitalize())
            out.commands.append(TrackAddCommand(kind, name, track_id=tid))
            tracks[kind] = tid
        magnetic = kind == "video" and (main is None or main.id == tid)
        start = cursor.get(tid, 0 if magnetic else max(0, at_us))  # the main track starts at 0
        length = default_length(project, asset)
        clip = Clip(asset_id=asset.id, start_us=start, duration_us=length, fit=project.template.fit)
        if kind == "music":  # music comes in and goes out with the template's fade
            clip.fade_in_us = clip.fade_out_us = min(project.template.music_fade_us, length // 2)
        out.clip_ids.append(clip.id)
        if magnetic and main is not None:
            inserts.append(clip)
            continue
        out.commands.append(ClipAddCommand(tid, clip))
        cursor[tid] = start + length
    if inserts:
        out.commands.append(
            insert_at_cut(project, inserts, cut_index_at(project, at_us), "Add media to timeline")
        )
    return out


def text_clip_commands(project: Project, at_us: int, text: str, duration_us: int) -> Placement:
    """An overlay text clip at ``at_us`` (the text track is created when missing)."""
    out = Placement()
    track = project.timeline.track("overlay")
    if track is None:
        tid = new_id("tr_")
        out.commands.append(TrackAddCommand("overlay", "Text", track_id=tid))
    else:
        tid = track.id
    clip = Clip(start_us=max(0, at_us), duration_us=duration_us, text=text)
    out.commands.append(ClipAddCommand(tid, clip))
    out.clip_ids.append(clip.id)
    return out


# --------------------------------------------------------------------------- cutting
def clips_at(project: Project, t_us: int, clip_ids: Iterable[str] | None = None) -> list[Clip]:
    """Clips (of ``clip_ids``, or all) that can be cut at ``t_us`` (a frame inside each)."""
    wanted = set(clip_ids) if clip_ids is not None else None
    frame = frame_us(project)
    return [
        c
        for t in project.timeline.tracks
        for c in t.clips
        if (wanted is None or c.id in wanted) and c.start_us + frame <= t_us <= c.end_us - frame
    ]


def split_commands(
    project: Project, t_us: int, clip_ids: Iterable[str] | None = None
) -> list[Command]:
    """Split the selected clips under the playhead (every clip under it when none selected)."""
    ids = list(clip_ids) if clip_ids else None
    return [ClipSplitCommand(c.id, t_us) for c in clips_at(project, t_us, ids)]


# --------------------------------------------------------------------------- transitions
def previous_clip(project: Project, clip_id: str) -> Clip | None:
    """The clip before ``clip_id`` on its track (by start time)."""
    found = project.timeline.find_clip(clip_id)
    if found is None:
        return None
    track, clip = found
    ordered = track.sorted_clips()
    i = next(i for i, c in enumerate(ordered) if c.id == clip.id)
    return ordered[i - 1] if i > 0 else None


def transition_overlap(project: Project, clip_id: str) -> int:
    """How long ``clip_id`` overlaps the clip before it (the transition's real length)."""
    found = project.timeline.find_clip(clip_id)
    prev = previous_clip(project, clip_id)
    if found is None or prev is None:
        return 0
    return max(0, prev.end_us - found[1].start_us)


def next_clip(project: Project, clip_id: str) -> Clip | None:
    """The clip after ``clip_id`` on its track (by start time)."""
    found = project.timeline.find_clip(clip_id)
    if found is None:
        return None
    track, clip = found
    ordered = track.sorted_clips()
    i = next(i for i, c in enumerate(ordered) if c.id == clip.id)
    return ordered[i + 1] if i + 1 < len(ordered) else None


def trim_commands(project: Project, clip_id: str, edge: str, new_time_us: int) -> list[Command]:
    """Move one edge of a clip (``ClipTrimCommand``); when that edge lies in a crossfade, the
    crossfade follows: its length becomes the new overlap of the two clips, or a cut once they
    no longer overlap. Push the result as one step."""
    cmds: list[Command] = [ClipTrimCommand(clip_id, edge, new_time_us)]
    found = project.timeline.find_clip(clip_id)
    if found is None or found[0].kind != "video":
        return cmds
    clip = found[1]
    if edge == "end":
        incoming = next_clip(project, clip_id)
        overlap = new_time_us - incoming.start_us if incoming is not None else 0
    else:
        incoming = clip
        prev = previous_clip(project, clip_id)
        overlap = prev.end_us - new_time_us if prev is not None else 0
    if incoming is None or incoming.transition_in.kind == "cut":
        return cmds
    new = Transition(incoming.transition_in.kind, overlap) if overlap > 0 else Transition()
    if new != incoming.transition_in:
        cmds.append(ClipPropertyCommand(incoming.id, transition_in=new))
    return cmds


def transition_commands(
    project: Project, clip_id: str, kind: str, duration_us: int
) -> list[Command]:
    """Make ``clip_id``'s incoming transition ``kind`` over ``duration_us``.

    A transition plays while two clips overlap, so the length is set by trimming the end of the
    clip before (its start and the incoming clip stay put). A cut removes the overlap.
    """
    found = project.timeline.find_clip(clip_id)
    if found is None:
        raise EditError(f"Cannot change transition: there is no clip with id {clip_id!r}")
    _, clip = found
    prev = previous_clip(project, clip_id)
    frame = frame_us(project)
    if kind == "cut" or prev is None:
        duration_us = 0
    else:
        duration_us = max(frame, min(duration_us, clip.duration_us - frame))
        duration_us = max(frame, snap_to_frame(duration_us, project.template.fps))
    cmds: list[Command] = []
    if prev is not None:
        new_end = clip.start_us + duration_us
        if kind == "cut" and prev.end_us <= clip.start_us:
            new_end = prev.end_us  # a cut next to a gap leaves the gap alone
        if new_end != prev.end_us:
            cmds.append(ClipTrimCommand(prev.id, "end", new_end))
    new = Transition(kind, duration_us)  # type: ignore[arg-type]
    if (new.kind, new.duration_us) != (clip.transition_in.kind, clip.transition_in.duration_us):
        cmds.append(ClipPropertyCommand(clip_id, transition_in=new))
    return cmds


# --------------------------------------------------------------------------- re-voicing
@dataclass
class RevoicePlan:
    commands: list[Command] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # scene ids re-voiced in place
    relayout: list[str] = field(default_factory=list)  # scene ids that need a new layout


def revoice_commands(project: Project, spoken: dict) -> RevoicePlan:
    """Swap in new narration only for the scenes whose voice changed.

    ``spoken`` maps scene id -> SpokenScene (from ``Session.voice_job``; unchanged scenes come
    from the voice cache with the same audio file). A changed voice clip gets the new audio,
    words and text and its new length, when that still ends before the next voice clip; scenes
    without a voice clip, or whose new narration no longer fits, are listed in ``relayout``.
    """
    plan = RevoicePlan()
    voice = project.timeline.track("voice")
    clips = voice.sorted_clips() if voice is not None else []
    by_scene = {c.scene_id: c for c in clips if c.scene_id}
    stale: set[str] = set()
    for scene in project.script.scenes:
        sp = spoken.get(scene.id)
        clip = by_scene.get(scene.id)
        if sp is None:
            continue
        if clip is None:
            plan.relayout.append(scene.id)
            continue
        old = project.assets.get(clip.asset_id)
        if old is not None and os.path.abspath(old.path) == os.path.abspath(str(sp.asset.path)):
            continue  # same audio file: this scene's voice did not change
        later = [c.start_us for c in clips if c.start_us > clip.start_us]
        bound = min(later) if later else None
        new_len = sp.duration_us
        if bound is not None and clip.start_us + new_len > bound:
            plan.relayout.append(scene.id)
            continue
        asset = copy.deepcopy(sp.asset)
        plan.commands.append(AssetAddCommand(asset))
        words = list(sp.words)
        if new_len < clip.duration_us:
            plan.commands.append(ClipTrimCommand(clip.id, "end", clip.start_us + new_len))
            plan.commands.append(
                ClipPropertyCommand(clip.id, asset_id=asset.id, words=words, text=sp.text)
            )
        else:
            plan.commands.append(ClipPropertyCommand(clip.id, asset_id=asset.id))
            if new_len != clip.duration_us:
                plan.commands.append(ClipTrimCommand(clip.id, "end", clip.start_us + new_len))
            plan.commands.append(ClipPropertyCommand(clip.id, words=words, text=sp.text))
        if old is not None and old.generated:
            stale.add(old.id)
        plan.changed.append(scene.id)
    users = {
        c.asset_id
        for t in project.timeline.tracks
        for c in t.clips
        if not (t.kind == "voice" and c.scene_id in plan.changed)
    }
    for asset_id in sorted(stale - users):
        plan.commands.append(AssetRemoveCommand(asset_id))
    return plan


# --------------------------------------------------------------------------- assets
def missing_assets(project: Project) -> list[Asset]:
    """Assets whose file is gone (moved or deleted): relink them."""
    return [a for a in project.assets.values() if a.path and not os.path.isfile(a.path)]


def relink_check(asset: Asset, new_path: str) -> tuple[bool, str]:
    """(same content?, new hash) for a file offered as the moved ``asset``."""
    digest = content_hash(new_path)
    return (not asset.content_hash or digest == asset.content_hash), digest


__all__ = [
    "STANDARD_TRACKS",
    "Placement",
    "RevoicePlan",
    "clips_at",
    "default_length",
    "frame_us",
    "missing_assets",
    "place_assets",
    "previous_clip",
    "relink_check",
    "revoice_commands",
    "scene_boundaries",
    "snap",
    "snap_move",
    "snap_points",
    "split_commands",
    "text_clip_commands",
    "track_kind_for",
    "transition_commands",
    "transition_overlap",
]
