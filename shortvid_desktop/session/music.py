"""Music tools for both front ends: the music's beats (a job, cached by content hash), where
they fall on the timeline (loops included), and the commands that fit the music and snap the
main track's cuts to the beats."""

from __future__ import annotations

from collections.abc import Sequence

from ..core.model import Asset, Clip, Project
from ..edits import Command
from ..edits.commands.audio import (
    DEFAULT_SNAP_TOLERANCE_US,
    MusicFitCommand,
    music_beats_on_timeline,
    snap_cuts_to_beats,
)
from ..jobs import CancelToken, Progress
from ..media.beats import Beats, BeatsJob, detect_beats
from ..render.audio_graph import LOOP_CROSSFADE_US


def music_clip(project: Project) -> tuple[Clip, Asset] | None:
    """The first clip of the music track and its asset (None without music)."""
    track = project.timeline.track("music")
    if track is None or not track.clips:
        return None
    clip = track.sorted_clips()[0]
    asset = project.assets.get(clip.asset_id)
    return (clip, asset) if asset is not None else None


def loop_crossfade_us(project: Project) -> int:
    """The crossfade at each join of the looping music (as the render makes it)."""
    found = music_clip(project)
    if found is None or project.music_fit != "loop":
        return 0
    length = found[1].duration_us
    return min(LOOP_CROSSFADE_US, length // 4) if length > 0 else 0


def beats_job(project: Project) -> BeatsJob | None:
    """A job that finds the beats of the music clip's song (None without music)."""
    found = music_clip(project)
    if found is None:
        return None
    asset = found[1]
    return BeatsJob(asset.path, asset.content_hash)


def music_beats(project: Project, cancel: CancelToken | None = None) -> Beats | None:
    """The beats of the music clip's song, found now (or from the cache)."""
    job = beats_job(project)
    if job is None:
        return None
    return job.run(Progress(), cancel or CancelToken())


def timeline_beats(project: Project, beats: Beats | Sequence[int]) -> list[int]:
    """The song's beats as timeline times under the music clip (each loop too)."""
    times = beats.times_us if isinstance(beats, Beats) else tuple(beats)
    return music_beats_on_timeline(project, times, loop_crossfade_us(project))


def snap_cuts_command(
    project: Project, beats: Beats | Sequence[int], tolerance_us: int = DEFAULT_SNAP_TOLERANCE_US
) -> Command:
    """ "Snap cuts to beats" as one undoable command (EditError when nothing can move)."""
    return snap_cuts_to_beats(project, timeline_beats(project, beats), tolerance_us)


def music_fit_command(project: Project, fit: str) -> Command:
    """Loop or trim the music to the video, as one undoable command."""
    return MusicFitCommand(project, fit)


__all__ = [
    "beats_job",
    "detect_beats",
    "loop_crossfade_us",
    "music_beats",
    "music_clip",
    "music_fit_command",
    "snap_cuts_command",
    "timeline_beats",
]
