"""Export helpers for the window: file names, subtitles files, the export history (no Qt)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from ..core.errors import BadInputError
from ..core.model import Project
from ..core.serial import clone
from ..jobs import CancelToken, Progress
from ..render.captions import build_ass, build_srt
from ..render.export import pick_font
from ..render.plan import compile_plan
from ..store import ExportRow, Store

SETTING_LAST_FOLDER = "export.last_folder"
SETTING_QUALITY = "render.quality"
SETTING_ENCODER = "render.encoder"


def suggest_name(title: str, suffix: str = ".mp4") -> str:
    """A safe file name from the project title (letters of any script kept)."""
    text = unicodedata.normalize("NFC", title or "").strip()
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text)
    text = re.sub(r"\s+", " ", text).strip(" .")[:80]
    return (text or "video") + suffix


def free_path(folder: str | Path, name: str) -> Path:
    """``folder/name``, or ``name (2)`` ... when that file exists."""
    base = Path(folder) / name
    if not base.exists():
        return base
    n = 2
    while True:
        cand = base.with_name(f"{base.stem} ({n}){base.suffix}")
        if not cand.exists():
            return cand
        n += 1


def subtitles_text(project: Project, fmt: str) -> str:
    """The captions as SRT or ASS text (the ASS names the font the export would use)."""
    plan = compile_plan(clone(project))
    if fmt == "srt":
        if not plan.captions:
            raise BadInputError(
                "There are no captions yet: build the timeline from the script (voices give "
                "the words their timing) first."
            )
        return build_srt(plan)
    if fmt == "ass":
        face = pick_font(plan)
        return build_ass(plan, face.family if face is not None else "sans-serif")
    raise BadInputError(f"Unknown subtitle format {fmt!r}: use srt or ass.")


def subtitles_job(
    project: Project, out_path: str | Path
) -> Callable[[Progress, CancelToken], Path]:
    """A job writing the captions of a frozen copy of ``project`` to ``out_path`` (.srt/.ass)."""
    frozen = clone(project)
    out = Path(out_path)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("srt", "ass"):
        raise BadInputError(f"The subtitles file {out.name} must end in .srt or .ass.")

    def run(progress: Progress, cancel: CancelToken) -> Path:
        text = subtitles_text(frozen, fmt)
        out.write_text(text, encoding="utf-8")
        progress(1.0, "Done")
        return out

    return run


def export_history(project_id: str | None = None, limit: int = 100) -> list[ExportRow]:
    try:
        with Store() as store:
            return store.exports(project_id, limit)
    except Exception:  # noqa: BLE001 - history is informative only
        return []


def get_setting(key: str, default: object = None) -> object:
    try:
        with Store() as store:
            return store.get_setting(key, default)
    except Exception:  # noqa: BLE001
        return default


def set_setting(key: str, value: object) -> None:
    with Store() as store:
        store.set_setting(key, value)


def mark_interrupted() -> int:
    """At start-up: exports left 'running' by a crash become 'failed (interrupted)'."""
    try:
        with Store() as store:
            return store.mark_interrupted_exports()
    except Exception:  # noqa: BLE001
        return 0


__all__ = [
    "SETTING_ENCODER",
    "SETTING_LAST_FOLDER",
    "SETTING_QUALITY",
    "export_history",
    "free_path",
    "get_setting",
    "mark_interrupted",
    "set_setting",
    "subtitles_job",
    "subtitles_text",
    "suggest_name",
]
