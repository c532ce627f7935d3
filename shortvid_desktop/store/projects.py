"""Saved projects and their autosave revisions (crash recovery)."""

from __future__ import annotations

import json

from sqlite_utils import Database

from ..core.model import Project, project_from_json, project_to_json
from .base import StoreBase, _utcnow
from .rows import (
    ProjectRow,
    RecoverableProject,
    RevisionRow,
)


def _project_json(project: Project) -> str:
    """The stored form of a project (compact JSON). A module function so tests can break it."""
    return project_to_json(project, indent=None)


class ProjectStore(StoreBase):
    """Saved projects and autosave revisions."""

    def save_project(self, project: Project, *, revision_reason: str | None = None) -> None:
        """Save ``project`` as its current state, in one transaction.

        With ``revision_reason`` a revision (snapshot) is added in the same transaction and old
        revisions are pruned. The saved row supersedes every earlier revision, so the project
        stops being "recoverable". A project that would not load back (ValidationError) is
        refused and nothing is written.
        """
        with self._write() as db:
            text = _project_json(project)
            project_from_json(text)  # the saved row must always load back
            now = _utcnow()
            if revision_reason is not None:
                saved_revision = self._insert_revision(db, project.id, text, revision_reason)
            else:
                saved_revision = self._max_revision_id(db, project.id)
            db.execute(
                """
                INSERT INTO projects (id, title, language, json, created, modified, duration_us,
                                      saved, save_seq, saved_revision)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?,
                        (SELECT coalesce(max(save_seq), 0) + 1 FROM projects), ?)
                ON CONFLICT (id) DO UPDATE SET
                    title = excluded.title,
                    language = excluded.language,
                    json = excluded.json,
                    created = excluded.created,
                    modified = excluded.modified,
                    duration_us = excluded.duration_us,
                    saved = excluded.saved,
                    save_seq = excluded.save_seq,
                    saved_revision = excluded.saved_revision
                """,
                [
                    project.id,
                    project.title,
                    project.language,
                    text,
                    project.created,
                    project.modified,
                    project.duration_us,
                    now,
                    saved_revision,
                ],
            )
            if revision_reason is not None:
                self._prune_revisions(db, project.id)

    def load_project(self, project_id: str) -> Project:
        """The saved project. NotFoundError (a KeyError) if there is none; ValidationError if the
        stored JSON no longer fits the model."""
        row = self._one("SELECT json FROM projects WHERE id = ?", [project_id])
        if row is None:
            raise self._not_found("saved project", project_id)
        return self._parse_project(row["json"], f"saved project {project_id!r}")

    def list_projects(self) -> list[ProjectRow]:
        """Saved projects, most recently saved first."""
        rows = self._rows(
            "SELECT id, title, language, created, modified, duration_us, saved FROM projects "
            "ORDER BY save_seq DESC"
        )
        return [ProjectRow(**r) for r in rows]

    def delete_project(self, project_id: str) -> bool:
        """Delete a project and all its revisions. Returns whether a saved row existed."""
        with self._write() as db:
            db.execute("DELETE FROM revisions WHERE project_id = ?", [project_id])
            cursor = db.execute("DELETE FROM projects WHERE id = ?", [project_id])
            return cursor.rowcount > 0

    def add_revision(self, project: Project, reason: str = "autosave") -> RevisionRow:
        """Snapshot ``project`` (autosave) without touching its saved row; prune old snapshots.

        Works for a project that was never saved, too: that is what crash recovery needs.
        """
        with self._write() as db:
            text = _project_json(project)
            rev_id = self._insert_revision(db, project.id, text, reason)
            self._prune_revisions(db, project.id)
            row = db.execute(
                "SELECT id, project_id, created, reason FROM revisions WHERE id = ?", [rev_id]
            ).fetchone()
        return RevisionRow(*row)

    def _insert_revision(self, db: Database, project_id: str, text: str, reason: str) -> int:
        cursor = db.execute(
            "INSERT INTO revisions (project_id, created, reason, json) VALUES (?, ?, ?, ?)",
            [project_id, _utcnow(), reason, text],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _max_revision_id(self, db: Database, project_id: str) -> int:
        row = db.execute(
            "SELECT coalesce(max(id), 0) FROM revisions WHERE project_id = ?", [project_id]
        ).fetchone()
        return int(row[0])

    def _prune_revisions(self, db: Database, project_id: str) -> None:
        db.execute(
            """
            DELETE FROM revisions WHERE project_id = ? AND id NOT IN (
                SELECT id FROM revisions WHERE project_id = ? ORDER BY id DESC LIMIT ?
            )
            """,
            [project_id, project_id, self._max_revisions],
        )

    def revisions(self, project_id: str) -> list[RevisionRow]:
        """The project's revisions, newest first (at most ``max_revisions``)."""
        rows = self._rows(
            "SELECT id, project_id, created, reason FROM revisions WHERE project_id = ? "
            "ORDER BY id DESC",
            [project_id],
        )
        return [RevisionRow(**r) for r in rows]

    def latest_revision(self, project_id: str) -> RevisionRow | None:
        """The project's newest revision, or None."""
        row = self._one(
            "SELECT id, project_id, created, reason FROM revisions WHERE project_id = ? "
            "ORDER BY id DESC LIMIT 1",
            [project_id],
        )
        return RevisionRow(**row) if row else None

    def load_revision(self, revision_id: int) -> Project:
        """The project as it was in that revision (NotFoundError / ValidationError as for
        ``load_project``)."""
        row = self._one("SELECT json FROM revisions WHERE id = ?", [revision_id])
        if row is None:
            raise self._not_found("revision", revision_id)
        return self._parse_project(row["json"], f"revision {revision_id}")

    def recoverable_projects(self) -> list[RecoverableProject]:
        """Projects whose newest revision is newer than their saved row, or that were never
        saved: unsaved work left behind by a crash. Newest first.

        After offering recovery the caller either saves the recovered project (which clears
        this) or calls ``discard_unsaved``.
        """
        rows = self._rows(
            """
            SELECT r.id, r.project_id, r.created, r.reason, r.json,
                   p.modified AS saved_modified, p.title AS saved_title
            FROM revisions r
            JOIN (SELECT project_id, max(id) AS id FROM revisions GROUP BY project_id) newest
                ON newest.id = r.id
            LEFT JOIN projects p ON p.id = r.project_id
            WHERE p.id IS NULL OR r.id > p.saved_revision
            ORDER BY r.id DESC
            """
        )
        out = []
        for r in rows:
            try:
                title = json.loads(r["json"]).get("title")
            except (ValueError, AttributeError):
                title = None
            if not isinstance(title, str):
                title = r["saved_title"] or ""
            revision = RevisionRow(r["id"], r["project_id"], r["created"], r["reason"])
            out.append(RecoverableProject(r["project_id"], title, revision, r["saved_modified"]))
        return out

    def discard_unsaved(self, project_id: str) -> int:
        """Delete the revisions newer than the saved row (all of them if it was never saved),
        so the project is no longer offered for recovery. Returns how many were deleted."""
        with self._write() as db:
            cursor = db.execute(
                """
                DELETE FROM revisions WHERE project_id = ? AND id > coalesce(
                    (SELECT saved_revision FROM projects WHERE id = ?), 0)
                """,
                [project_id, project_id],
            )
            return cursor.rowcount
