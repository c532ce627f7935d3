"""Autosave and crash recovery over the store (no Qt; the window drives the timing).

The window snapshots the project (a frozen copy, made on its own thread) a few seconds after the
user stops editing and whenever a job starts, and writes the snapshot as a store revision from a
worker. A clean save (``Store.save_project``) supersedes the revisions; after a crash the newest
revision newer than the saved row is offered back.
"""

from __future__ import annotations

from collections.abc import Callable

from ..core.model import Project
from ..core.serial import clone
from ..jobs import CancelToken, Progress
from ..store import RecoverableProject, RevisionRow, Store
from .session import Session

DEFAULT_IDLE_S = 5.0
SETTING_IDLE = "autosave.idle_s"


def save_revision(project: Project, reason: str = "autosave") -> RevisionRow:
    """Write ``project`` (already a frozen copy, or used right away) as a revision."""
    with Store() as store:
        return store.add_revision(project, reason)


def autosave_job(
    project: Project, reason: str = "autosave"
) -> Callable[[Progress, CancelToken], RevisionRow]:
    """A job writing a frozen copy of ``project`` (copied now, on the caller's thread)."""
    frozen = clone(project)

    def run(progress: Progress, cancel: CancelToken) -> RevisionRow:
        return save_revision(frozen, reason)

    return run


def save_session(session: Session, reason: str | None = None) -> None:
    """Save the project as its current state in the store (it stops being recoverable)."""
    with Store() as store:
        store.save_project(session.project, revision_reason=reason)


def recoverable() -> list[RecoverableProject]:
    """Unsaved work left behind by a crash, newest first ([] when the store cannot be read)."""
    try:
        with Store() as store:
            return store.recoverable_projects()
    except Exception:  # noqa: BLE001 - a broken store must not stop the app from starting
        return []


def recover(item: RecoverableProject) -> Session:
    """A Session on the recovered revision; it counts as unsaved until the user saves."""
    with Store() as store:
        project = store.load_revision(item.revision.id)
    session = Session(project)
    session.stack.reset_clean()
    return session


def discard(item: RecoverableProject) -> int:
    """Forget the unsaved revisions of a recoverable project."""
    with Store() as store:
        return store.discard_unsaved(item.project_id)


def idle_seconds() -> float:
    try:
        with Store() as store:
            value = float(store.get_setting(SETTING_IDLE, DEFAULT_IDLE_S))
    except Exception:  # noqa: BLE001
        return DEFAULT_IDLE_S
    return min(600.0, max(1.0, value))


__all__ = [
    "DEFAULT_IDLE_S",
    "RecoverableProject",
    "SETTING_IDLE",
    "autosave_job",
    "discard",
    "idle_seconds",
    "recover",
    "recoverable",
    "save_revision",
    "save_session",
]
