"""Export history (one row per export, with its outcome) and the export queue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..core.model import Project, project_from_json
from .base import StoreBase, _parse_time, _utcnow
from .errors import StoreError
from .projects import _project_json
from .rows import (
    ExportRow,
    ExportStatus,
    QueuedExportRow,
)

_FINAL_STATUSES = ("done", "failed", "cancelled")


class ExportStore(StoreBase):
    """Export history and the export queue."""

    def export_started(
        self,
        project_id: str,
        settings: dict[str, Any],
        output_path: Path | str,
        *,
        status: ExportStatus = "running",
    ) -> int:
        """Record a new export job and return its id. ``status="queued"`` records a job that
        has not started yet (``started`` stays empty until ``export_running``)."""
        if status not in ("queued", "running"):
            raise ValueError(f"a new export is 'queued' or 'running'; got {status!r}")
        settings_json = json.dumps(settings, ensure_ascii=False)
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO exports (project_id, status, settings, output_path, started) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    project_id,
                    status,
                    settings_json,
                    str(output_path),
                    _utcnow() if status == "running" else None,
                ],
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def export_running(self, export_id: int) -> None:
        """Move a queued export to running and stamp its start time."""
        with self._write() as db:
            row = db.execute("SELECT status FROM exports WHERE id = ?", [export_id]).fetchone()
            if row is None:
                raise self._not_found("export", export_id)
            if row[0] != "queued":
                raise StoreError(f"export {export_id} is {row[0]}, not queued")
            db.execute(
                "UPDATE exports SET status = 'running', started = ? WHERE id = ?",
                [_utcnow(), export_id],
            )

    def export_finished(
        self,
        export_id: int,
        status: ExportStatus,
        *,
        seconds: float | None = None,
        error: str = "",
    ) -> None:
        """Close an export job as done, failed or cancelled. ``seconds`` defaults to the time
        since it started."""
        if status not in _FINAL_STATUSES:
            raise ValueError(f"a finished export is one of {_FINAL_STATUSES}; got {status!r}")
        with self._write() as db:
            row = db.execute("SELECT started FROM exports WHERE id = ?", [export_id]).fetchone()
            if row is None:
                raise self._not_found("export", export_id)
            finished = _utcnow()
            if seconds is None and row[0]:
                seconds = (_parse_time(finished) - _parse_time(row[0])).total_seconds()
            db.execute(
                "UPDATE exports SET status = ?, finished = ?, seconds = ?, error = ? WHERE id = ?",
                [status, finished, seconds, error, export_id],
            )

    def record_export(
        self,
        project_id: str,
        settings: dict[str, Any],
        output_path: Path | str,
        status: ExportStatus,
        *,
        started: str,
        finished: str,
        seconds: float | None = None,
        error: str = "",
    ) -> int:
        """Record an export that already ran (one whose history could not be written then, for
        instance while another program held the database). Returns its id."""
        if status not in _FINAL_STATUSES:
            raise ValueError(f"a finished export is one of {_FINAL_STATUSES}; got {status!r}")
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO exports (project_id, status, settings, output_path, started, "
                "finished, seconds, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    project_id,
                    status,
                    json.dumps(settings, ensure_ascii=False),
                    str(output_path),
                    started,
                    finished,
                    seconds,
                    error,
                ],
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def mark_interrupted_exports(self) -> int:
        """At start-up: exports still 'running' were cut off by a crash or quit; mark them
        failed. Returns how many. (Queued ones stay queued so they can be resumed.)"""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE exports SET status = 'failed', finished = ?, "
                "error = 'interrupted: ShortVid closed during the export' "
                "WHERE status = 'running'",
                [_utcnow()],
            )
            return cursor.rowcount

    def exports(self, project_id: str | None = None, limit: int = 50) -> list[ExportRow]:
        """Export history, newest first; all projects or one."""
        where, params = "", []
        if project_id is not None:
            where, params = "WHERE project_id = ?", [project_id]
        rows = self._rows(
            "SELECT id, project_id, status, settings, output_path, started, finished, seconds, "
            f"error FROM exports {where} ORDER BY id DESC LIMIT ?",
            [*params, int(limit)],
        )
        return [ExportRow(**{**r, "settings": json.loads(r["settings"])}) for r in rows]

    _QUEUE_COLUMNS = (
        "id, project_id, title, output_path, settings, state, owner, attempts, created, started"
    )

    def queue_export(
        self,
        project: Project,
        output_path: Path | str,
        settings: dict[str, Any],
        owner: str,
        *,
        title: str | None = None,
    ) -> int:
        """Put an export in the persistent queue with a snapshot of ``project`` as it is now;
        returns its id. A project that would not load back is refused (ValidationError)."""
        text = _project_json(project)
        project_from_json(text)
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO export_queue (project_id, title, project_json, output_path, "
                "settings, state, owner, created) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)",
                [
                    project.id,
                    project.title if title is None else title,
                    text,
                    str(output_path),
                    json.dumps(settings, ensure_ascii=False),
                    owner,
                    _utcnow(),
                ],
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def queued_exports(self, owner: str | None = None) -> list[QueuedExportRow]:
        """The queue in order (oldest first): everyone's, or one owner's."""
        where, params = "", []
        if owner is not None:
            where, params = "WHERE owner = ?", [owner]
        rows = self._rows(
            f"SELECT {self._QUEUE_COLUMNS} FROM export_queue {where} ORDER BY id", params
        )
        return [QueuedExportRow(**{**r, "settings": json.loads(r["settings"])}) for r in rows]

    def queued_export(self, queue_id: int) -> QueuedExportRow | None:
        row = self._one(f"SELECT {self._QUEUE_COLUMNS} FROM export_queue WHERE id = ?", [queue_id])
        return QueuedExportRow(**{**row, "settings": json.loads(row["settings"])}) if row else None

    def queued_export_project(self, queue_id: int) -> Project:
        """The project snapshot taken when the export was queued."""
        row = self._one("SELECT project_json FROM export_queue WHERE id = ?", [queue_id])
        if row is None:
            raise self._not_found("queued export", queue_id)
        return self._parse_project(row["project_json"], f"queued export {queue_id}")

    def claim_queued_export(self, queue_id: int, owner: str) -> bool:
        """Mark the owner's queued export running (one more attempt); False when the row is
        gone or another owner holds it now."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE export_queue SET state = 'running', started = ?, "
                "attempts = attempts + 1 WHERE id = ? AND owner = ?",
                [_utcnow(), queue_id, owner],
            )
            return cursor.rowcount > 0

    def release_queued_export(self, queue_id: int, owner: str) -> bool:
        """Put a running export back in the queue (interrupted: it starts again from the
        beginning next time). Only its owner may; returns whether it did."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE export_queue SET state = 'queued', started = NULL "
                "WHERE id = ? AND owner = ?",
                [queue_id, owner],
            )
            return cursor.rowcount > 0

    def adopt_queued_export(self, queue_id: int, old_owner: str, new_owner: str) -> bool:
        """Take over an export left by ``old_owner`` (a process that is gone), back in the
        queued state. Compare-and-set: False when someone else adopted it first."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE export_queue SET owner = ?, state = 'queued', started = NULL "
                "WHERE id = ? AND owner = ?",
                [new_owner, queue_id, old_owner],
            )
            return cursor.rowcount > 0

    def remove_queued_export(self, queue_id: int, owner: str | None = None) -> bool:
        """Take an export out of the queue (finished, failed or cancelled); with ``owner``,
        only when that owner still holds it. Returns whether a row went."""
        with self._write() as db:
            if owner is None:
                cursor = db.execute("DELETE FROM export_queue WHERE id = ?", [queue_id])
            else:
                cursor = db.execute(
                    "DELETE FROM export_queue WHERE id = ? AND owner = ?", [queue_id, owner]
                )
            return cursor.rowcount > 0
