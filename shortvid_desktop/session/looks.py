"""Colour looks for the window: the bundled ``.cube`` looks and the check of a user's file (the
window reaches render/ only through session/)."""

from __future__ import annotations

from ..core.errors import MediaError
from ..render import effects_graph


def bundled_looks() -> list[str]:
    """The names of the bundled looks (warm, cool, film, mono, vivid), sorted."""
    return effects_graph.bundled_looks()


def lut_problem(path: str) -> str:
    """Why ``path`` cannot be used as a look ("" when it can): names the file and the line."""
    try:
        effects_graph.check_cube(path)
    except MediaError as exc:
        return str(exc)
    return ""


__all__ = ["bundled_looks", "lut_problem"]
