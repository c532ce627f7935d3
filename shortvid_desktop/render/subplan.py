"""A window [f0, f1) of a RenderPlan as a smaller RenderPlan: the segments and audio that reach
into it, each told how many of its leading frames to skip (so Ken Burns, video sources and fades
continue exactly where the full render would be). A window that starts inside a transition starts
at that transition instead (xfade cannot start half-way); the extra frames are dropped at the end
of the graph.

Plan arithmetic only (no ffmpeg): ``export`` renders long videos window by window with it, and
``window`` renders preview frames and proxies from it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..core.timebase import US_PER_SECOND
from .plan import AudioPiece, RenderPlan, VideoSegment


@dataclass(frozen=True)
class Window:
    plan: RenderPlan  # the sub-plan, starting at frame ``start``
    start: int  # first frame rendered (absolute)
    drop: int  # frames to drop at the head to reach the requested first frame


def _transition_start(plan: RenderPlan, f0: int) -> int:
    """``f0`` moved back to the start of a transition it lands in."""
    for seg in plan.segments:
        if (
            seg.transition_frames > 0
            and seg.start_frame < f0 < seg.start_frame + seg.transition_frames
        ):
            return seg.start_frame
    return f0


def _transition_end(plan: RenderPlan, f1: int) -> int:
    """``f1`` moved forward to the end of a transition it lands in (xfade needs all of it)."""
    for seg in plan.segments:
        end = seg.start_frame + seg.transition_frames
        if seg.transition_frames > 0 and seg.start_frame < f1 < end:
            return end
    return f1


def _shift_audio(pieces: tuple[AudioPiece, ...], t0: int, t1: int) -> tuple[AudioPiece, ...]:
    out = []
    for p in pieces:
        end = p.start_us + p.duration_us
        if end <= t0 or p.start_us >= t1:
            continue
        head = max(0, t0 - p.start_us)
        out.append(
            replace(
                p,
                start_us=max(0, p.start_us - t0),
                source_in_us=p.source_in_us + head,
                duration_us=min(end, t1) - max(p.start_us, t0),
                fade_in_us=max(0, p.fade_in_us - head),
            )
        )
    return tuple(out)


def window_plan(plan: RenderPlan, f0: int, f1: int) -> Window:
    """The sub-plan that renders output frames [f0, f1) (clamped to the plan)."""
    f0 = max(0, min(f0, plan.frames - 1))
    f1 = max(f0 + 1, min(f1, plan.frames))
    start = _transition_start(plan, f0)
    f1 = _transition_end(plan, f1)
    segs: list[VideoSegment] = []
    for seg in plan.segments:
        if seg.end_frame <= start or seg.start_frame >= f1:
            continue
        skip = max(0, start - seg.start_frame)
        frames = min(seg.end_frame, f1) - seg.start_frame - skip
        if frames <= 0:
            continue
        first = not segs
        segs.append(
            replace(
                seg,
                start_frame=max(0, seg.start_frame - start),
                frames=frames,
                skip_frames=seg.skip_frames + skip,
                total_frames=seg.total_frames or seg.frames,
                transition="cut" if first else seg.transition,
                transition_frames=0 if first else seg.transition_frames,
            )
        )
    t0 = start * US_PER_SECOND // plan.fps
    t1 = f1 * US_PER_SECOND // plan.fps
    music = None
    if plan.music is not None:
        shifted = _shift_audio((plan.music,), t0, t1)
        music = shifted[0] if shifted else None
    sub = replace(
        plan,
        frames=f1 - start,
        segments=tuple(segs),
        voice=_shift_audio(plan.voice, t0, t1),
        clip_audio=_shift_audio(plan.clip_audio, t0, t1),
        music=music,
        time_offset_us=plan.time_offset_us + t0,
    )
    return Window(sub, start, f0 - start)
