"""Inputs are sacred: an output path (the MP4, its side outputs, a saved project) must never be a
file the work reads: a picture, clip or sound of the project, the project file or the database.

Paths are compared as files, not as spellings: ``./clip.mp4``, ``../x/clip.mp4``, a symbolic link
to it and a hard link of it are the same file (same device and inode). Standard library only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import BadInputError


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def _spelling(path: Path) -> str:
    return os.path.normcase(os.path.realpath(os.path.abspath(path)))


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when ``a`` and ``b`` name one file (an existing one by inode, else by real path)."""
    pa, pb = Path(a), Path(b)
    ia, ib = _identity(pa), _identity(pb)
    if ia is not None and ib is not None:
        return ia == ib
    return _spelling(pa) == _spelling(pb)


def refuse_inputs(
    outputs: Iterable[str | os.PathLike[str]],
    inputs: Iterable[tuple[str | os.PathLike[str], str]],
) -> None:
    """Raise BadInputError when an output is one of the ``inputs`` ((path, what it is) pairs).

    The message names the output, what it would destroy and what to do."""
    known: dict[tuple[int, int], tuple[Path, str]] = {}
    spelled: dict[str, tuple[Path, str]] = {}
    for raw, what in inputs:
        if not raw:
            continue
        path = Path(raw)
        ident = _identity(path)
        if ident is not None:
            known.setdefault(ident, (path, what))
        spelled.setdefault(_spelling(path), (path, what))
    for raw in outputs:
        out = Path(raw)
        ident = _identity(out)
        hit = known.get(ident) if ident is not None else None
        if hit is None:
            hit = spelled.get(_spelling(out))
        if hit is not None:
            path, what = hit
            shown = str(out) if out.name == path.name else f"{out} (the same file as {path})"
            raise BadInputError(
                f"The output {shown} is {what}: writing it would destroy it. "
                "Choose another output file name.",
                path=str(out),
            )
