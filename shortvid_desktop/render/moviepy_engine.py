"""The old home of the MoviePy reference engine, now the package ``render.moviepy``; kept because
``session/session.py`` imports ``export_moviepy`` from here (point it at ``render.moviepy`` and
delete this file)."""

from __future__ import annotations

from .moviepy import export_moviepy

__all__ = ["export_moviepy"]
