"""Projects as the start page and File > Open recent show them: the recent projects (newest
first, kept in the store), the last one, and every project a crash left unsaved (no Qt).

The window notes each project file it opens or saves (``note_project``); a project saved in the
store but whose file is gone still opens, from its saved row. A broken store never stops the
window: the lists are then empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..core.errors import BadInputError
from ..core.model import Project
from ..store import RecoverableProject, Store
from .autosave import discard, recover, recoverable
from .session import Session

RECENT_SETTING = "projects.recent"
MAX_RECENT = 20


@dataclass(frozen=True)
class RecentProject:
    project_id: str
    title: str
    path: str  # the project file ("" when the project lives only in the store)
    when: str  # last opened or saved (UTC, ISO 8601)
    in_store: bool = False  # a saved row exists (opens even when the file is gone)

    @property
    def file_exists(self) -> bool:
        return bool(self.path) and Path(self.path).is_file()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def note_project(project: Project, path: str | Path) -> None:
    """Remember that ``project`` was opened or saved as ``path`` (newest first)."""
    entry = {
        "id": project.id,
        "title": project.title,
        "path": str(Path(path).resolve()),
        "when": _now(),
    }
    try:
        with Store() as store:
            old = store.get_setting(RECENT_SETTING, []) or []
            rest = [
                e
                for e in old
                if isinstance(e, dict)
                and e.get("id") != project.id
                and e.get("path") != entry["path"]
            ]
            store.set_setting(RECENT_SETTING, [entry, *rest][:MAX_RECENT])
    except Exception:  # noqa: BLE001 - a recent list that cannot be written is not an error
        pass


def recent_projects(limit: int = 10) -> list[RecentProject]:
    """The projects to offer again, newest first: those opened or saved in the window (while
    their file or their saved row is there), then the other projects saved in the store."""
    try:
        with Store() as store:
            noted = store.get_setting(RECENT_SETTING, []) or []
            saved = store.list_projects()
    except Exception:  # noqa: BLE001 - a broken store must not stop the window
        return []
    rows = {r.id: r for r in saved}
    out: list[RecentProject] = []
    seen: set[str] = set()
    for e in noted:
        if not isinstance(e, dict) or not e.get("id") or e["id"] in seen:
            continue
        item = RecentProject(
            str(e["id"]),
            str(e.get("title") or ""),
            str(e.get("path") or ""),
            str(e.get("when") or ""),
            e["id"] in rows,
        )
        if item.file_exists or item.in_store:
            out.append(item)
            seen.add(item.project_id)
    for r in saved:  # newest save first
        if r.id not in seen:
            out.append(RecentProject(r.id, r.title, "", r.saved, True))
            seen.add(r.id)
    return out[:limit]


def last_project() -> RecentProject | None:
    """The project worked on last (what "Reopen last project" opens), or None."""
    items = recent_projects(1)
    return items[0] if items else None


def open_recent(item: RecentProject) -> Session:
    """Open a recent project: its file, or else its saved row in the store (BadInputError when
    neither is there any more)."""
    if item.file_exists:
        return Session.load_file(item.path)
    if item.in_store:
        try:
            with Store() as store:
                project = store.load_project(item.project_id)
        except KeyError:
            pass
        else:
            return Session(project)
    where = item.path or item.title or item.project_id
    raise BadInputError(f"The project {where} is gone (moved or deleted).", path=item.path)


__all__ = [
    "MAX_RECENT",
    "RecentProject",
    "RecoverableProject",
    "discard",
    "last_project",
    "note_project",
    "open_recent",
    "recent_projects",
    "recover",
    "recoverable",
]
