"""The old home of the MoviePy reference engine, now the package ``render.moviepy``; this name
stays so callers that import ``render.moviepy_engine`` keep working."""

from __future__ import annotations

from .moviepy import FrameRenderer, ReferenceFrames, export_moviepy, xfade_progress

__all__ = ["FrameRenderer", "ReferenceFrames", "export_moviepy", "xfade_progress"]
