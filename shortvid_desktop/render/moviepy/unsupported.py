"""What the MoviePy engine cannot draw the way the graph does: it says so, naming the feature and
the item, instead of rendering something different."""

from __future__ import annotations

from ...core.errors import MediaError
from ..plan import RenderPlan
from .transitions import DRAWN_KINDS


def unsupported(plan: RenderPlan) -> str:
    """Why the MoviePy engine cannot render ``plan`` ("" when it can)."""
    for seg in plan.segments:
        at = f"{seg.start_frame / plan.fps:.2f} s"
        item = f"the clip {seg.clip_id} at {at}" if seg.clip_id else f"the segment at {at}"
        if seg.kind not in ("color", "image", "video"):
            return f"The MoviePy engine cannot draw a {seg.kind!r} segment ({item})."
        if seg.transition != "cut" and seg.transition_frames > 0:
            if seg.transition not in DRAWN_KINDS:
                return (
                    f"The MoviePy engine does not draw the {seg.transition!r} transition "
                    f"(into {item}). Export with the ffmpeg engine (the default) instead."
                )
    for pic in plan.pictures:
        if pic.kind not in ("image", "video"):
            return (
                f"The MoviePy engine cannot draw a {pic.kind!r} picture (the overlay clip "
                f"{pic.clip_id} at {pic.start_us / 1e6:.2f} s)."
            )
    return ""


def check_supported(plan: RenderPlan) -> None:
    """MediaError naming what of ``plan`` the MoviePy engine cannot draw, if anything."""
    if why := unsupported(plan):
        raise MediaError(why)


__all__ = ["check_supported", "unsupported"]
