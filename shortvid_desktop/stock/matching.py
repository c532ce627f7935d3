"""Choosing a candidate and its file for a scene.

Rules, in order: never an asset used before (in this project or batch); the orientation of the
canvas (on a 9:16 canvas a landscape file is never picked while a portrait one was served); a
clip long enough for the scene (else a still, which gets a Ken Burns move); the smallest file
at or above the canvas (else the largest there is).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .base import Candidate, Orientation, Rendition, orientation_of


@dataclass(frozen=True)
class Choice:
    candidate: Candidate
    rendition: Rendition


def canvas_orientation(width: int, height: int) -> Orientation:
    return orientation_of(width, height)


def best_rendition(candidate: Candidate, width: int, height: int) -> Rendition | None:
    """The smallest rendition at or above the canvas in its orientation, else the largest one,
    among those of the canvas's orientation when there are any."""
    want = orientation_of(width, height)
    files = list(candidate.renditions)
    fitting = [r for r in files if r.orientation == want]
    if fitting:
        files = fitting
    if not files:
        return None
    covering = [r for r in files if _covers(r, width, height)]
    if covering:
        return min(covering, key=lambda r: r.width * r.height)
    return max(files, key=lambda r: r.width * r.height)


def _covers(r: Rendition, width: int, height: int) -> bool:
    # "at or above the canvas": its short and long sides at least the canvas's (a square or
    # unknown size needs both sides)
    if not r.width or not r.height:
        return False
    return min(r.width, r.height) >= min(width, height) and max(r.width, r.height) >= max(
        width, height
    )


def choose(
    candidates: Iterable[Candidate],
    width: int,
    height: int,
    need_s: float,
    used: set[str],
) -> Choice | None:
    """The best unused candidate for a scene of ``need_s`` seconds on a ``width``×``height``
    canvas (``used`` holds ``Candidate.key``s and file URLs already taken)."""
    want = orientation_of(width, height)
    scored: list[tuple[tuple[int, ...], int, Choice]] = []
    for index, cand in enumerate(candidates):
        if cand.key in used:
            continue
        rend = best_rendition(cand, width, height)
        if rend is None or (rend.url and rend.url in used):
            continue
        same = rend.orientation == want
        long_enough = cand.kind != "video" or cand.duration_s + 1e-6 >= need_s
        covers = _covers(rend, width, height)
        score = (0 if same else 1, 0 if long_enough else 1, 0 if covers else 1)
        scored.append((score, index, Choice(cand, rend)))
    if not scored:
        return None
    if any(s[0][0] == 0 for s in scored):  # a file of the canvas's orientation was served
        scored = [s for s in scored if s[0][0] == 0]
    scored.sort(key=lambda s: (s[0], s[1]))
    return scored[0][2]


def covers_scene(choice: Choice | None, need_s: float) -> bool:
    """True when the choice is a clip at least as long as the scene (or a still)."""
    if choice is None:
        return False
    cand = choice.candidate
    return cand.kind != "video" or cand.duration_s + 1e-6 >= need_s
