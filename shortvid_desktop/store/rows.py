"""Plain, immutable row types returned by the store's list and history methods."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ExportStatus = Literal["queued", "running", "done", "failed", "cancelled"]
QueueState = Literal["queued", "running"]
UsageUnit = Literal["tokens", "chars"]


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """A saved project's metadata (no JSON; use ``Store.load_project`` for the project)."""

    id: str
    title: str
    language: str
    created: str  # the project's own timestamps (ISO 8601)
    modified: str
    duration_us: int
    saved: str  # when the store last wrote the row (UTC, ISO 8601)


@dataclass(frozen=True, slots=True)
class RevisionRow:
    """One autosave / snapshot of a project. Ids grow monotonically: a bigger id is newer."""

    id: int
    project_id: str
    created: str  # UTC, ISO 8601
    reason: str


@dataclass(frozen=True, slots=True)
class RecoverableProject:
    """A project with autosaved work newer than its saved row (or never saved at all)."""

    project_id: str
    title: str
    revision: RevisionRow  # the newest revision: load it with ``Store.load_revision``
    saved_modified: str | None  # the saved row's ``modified``; None if it was never saved


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One export job in the history."""

    id: int
    project_id: str
    status: ExportStatus
    settings: dict[str, Any] = field(default_factory=dict)
    output_path: str = ""
    started: str | None = None
    finished: str | None = None
    seconds: float | None = None
    error: str = ""


@dataclass(frozen=True, slots=True)
class QueuedExportRow:
    """One export waiting in (or running from) the persistent queue. The project snapshot is
    read separately (``Store.queued_export_project``)."""

    id: int
    project_id: str
    title: str
    output_path: str
    settings: dict[str, Any] = field(default_factory=dict)
    state: QueueState = "queued"
    owner: str = ""
    attempts: int = 0
    created: str = ""
    started: str | None = None
