"""The app's SQLite database: projects, revisions, assets, templates, exports (history and the
queue), usage, settings.

One file (``paths.database_path()`` unless told otherwise), opened through sqlite-utils with WAL,
foreign keys on and a busy timeout. The schema comes from the ordered migrations in
``store/migrations.py`` keyed on ``PRAGMA user_version``; a database written by a newer ShortVid is
refused before anything touches it.

Transactions are explicit: every write method runs in one ``BEGIN IMMEDIATE`` ... ``COMMIT`` and
rolls back on any exception, so a crash or an error mid-save leaves the previous state intact.
Writes use plain SQL rather than sqlite-utils' insert/upsert helpers, because sqlite-utils 3.x
commits through ``with conn:`` inside those helpers, which would end our transaction early.

One connection is shared by all threads (``check_same_thread=False``); a re-entrant lock
serialises every use of it, so the app may call the store from a worker thread. Other processes or
other ``Store`` objects on the same file use their own connections; WAL lets their reads run while
one of them writes, and the busy timeout makes a second writer wait instead of failing.

API keys never go here (``secrets.py`` keeps them in the OS keyring); ``set_setting`` refuses keys
that look like one.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, get_args

from sqlite_utils import Database

from .. import paths
from ..core.model import Asset, Project, Template, project_from_json, project_to_json
from ..core.serial import ValidationError, from_dict, to_dict
from .errors import BuiltinTemplateError, NotFoundError, SchemaTooNewError, StoreError
from .migrations import MIGRATIONS
from .rows import (
    ExportRow,
    ExportStatus,
    ProjectRow,
    QueuedExportRow,
    RecoverableProject,
    RevisionRow,
    UsageUnit,
)

__all__ = ["BUSY_TIMEOUT_S", "MAX_REVISIONS", "MIGRATIONS", "Store", "current_month"]

MAX_REVISIONS = 30
"""Autosave revisions kept per project; older ones are pruned on every new revision."""

BUSY_TIMEOUT_S = 10.0
"""How long a write waits for another connection's write to finish before giving up."""

_FINAL_STATUSES = ("done", "failed", "cancelled")
_USAGE_UNITS: tuple[str, ...] = get_args(UsageUnit)
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_SECRET_KEY = re.compile(r"api[_\-. ]?key|secret|password|passwd|credential", re.IGNORECASE)
_savepoints = itertools.count(1)


def _utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def current_month() -> str:
    """This month in UTC as ``YYYY-MM`` (the usage ledger counts months in UTC)."""
    return datetime.now(UTC).strftime("%Y-%m")


def _month_range(month: str) -> tuple[str, str]:
    if not isinstance(month, str) or not _MONTH.fullmatch(month):
        raise ValueError(f"month must look like 'YYYY-MM'; got {month!r}")
    year, mon = int(month[:4]), int(month[5:])
    nxt = f"{year + 1:04d}-01" if mon == 12 else f"{year:04d}-{mon + 1:02d}"
    return f"{month}-01", f"{nxt}-01"


def _project_json(project: Project) -> str:
    """The stored form of a project (compact JSON). A module function so tests can break it."""
    return project_to_json(project, indent=None)


def _template_json(template: Template) -> str:
    return json.dumps(to_dict(template), ensure_ascii=False)


class Store:
    """The SQLite database behind the app. See the module docstring for the guarantees.

    Use as a context manager or call ``close()``. Every public method is thread-safe.
    """

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        max_revisions: int = MAX_REVISIONS,
        busy_timeout: float = BUSY_TIMEOUT_S,
        migrations: Sequence[Callable[[Database], None]] | None = None,
    ) -> None:
        """Open (creating if needed) and migrate the database at ``path``.

        ``path`` defaults to ``paths.database_path()`` (which honours ``SHORTVID_HOME``).
        ``migrations`` replaces the built-in list (tests only).

        Raises SchemaTooNewError for a database from a newer ShortVid (the file is left as it
        was) and StoreError when the file is not a database at all.
        """
        if max_revisions < 1:
            raise ValueError(f"max_revisions must be at least 1; got {max_revisions}")
        self._path = Path(path) if path is not None else paths.database_path()
        self._max_revisions = max_revisions
        self._migrations = list(MIGRATIONS if migrations is None else migrations)
        self._lock = threading.RLock()
        self._db: Database | None = None
        self._path.parent.mkdir(parents=True, exist_ok=True)

        try:
            conn = sqlite3.connect(
                str(self._path),
                timeout=busy_timeout,
                check_same_thread=False,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{self._path}: cannot open the database ({exc})") from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            # Read the version before anything that could write to the file (journal mode,
            # migrations): a database from a newer ShortVid must stay byte-for-byte as it was.
            version = self._read_version(conn)
            if version > len(self._migrations):
                raise SchemaTooNewError(str(self._path), version, len(self._migrations))
            conn.execute("PRAGMA foreign_keys = ON")
            self._journal_mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            self._db = Database(conn)
            if version < len(self._migrations):
                self._migrate()
        except BaseException:
            self._db = None
            conn.close()
            raise

    def _read_version(self, conn: sqlite3.Connection) -> int:
        try:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self._path}: not a ShortVid database ({exc})") from exc

    def _migrate(self) -> None:
        known = len(self._migrations)
        for number, migration in enumerate(self._migrations):
            with self._write() as db:
                # Re-read inside the write lock: another process may have migrated meanwhile.
                current = self._read_version(db.conn)
                if current > known:
                    raise SchemaTooNewError(str(self._path), current, known)
                if current >= number + 1:
                    continue
                migration(db)
                db.execute(f"PRAGMA user_version = {number + 1}")

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        """Close the connection. Safe to call twice."""
        with self._lock:
            if self._db is not None:
                db, self._db = self._db, None
                db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "open" if self._db is not None else "closed"
        return f"<Store {str(self._path)!r} {state}>"

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    @property
    def schema_version(self) -> int:
        """The schema version (``PRAGMA user_version``) of the open database."""
        with self._read() as db:
            return self._read_version(db.conn)

    @property
    def journal_mode(self) -> str:
        """``"wal"`` normally; whatever SQLite chose when WAL is unavailable (network drives)."""
        return self._journal_mode

    def integrity_check(self) -> str:
        """``"ok"``, or SQLite's description of what is damaged (one problem a line)."""
        with self._read() as db:
            rows = [str(r[0]) for r in db.conn.execute("PRAGMA integrity_check").fetchall()]
        return "ok" if rows == ["ok"] else "\n".join(rows)

    def backup(self, dest: Path | str) -> Path:
        """Copy the whole database to ``dest`` with SQLite's online backup API.

        Safe while the app keeps working (it sees one consistent snapshot). The copy is a single
        self-contained file (rollback-journal mode, no ``-wal``), written next to ``dest`` and
        renamed over it only when complete. Returns ``dest``.
        """
        dest = Path(dest)
        if dest.resolve() == self._path.resolve():
            raise StoreError(f"{dest}: cannot back up the database onto itself")
        dest.parent.mkdir(parents=True, exist_ok=True)
        partial = dest.with_name(dest.name + ".partial")
        partial.unlink(missing_ok=True)
        target = sqlite3.connect(str(partial))
        try:
            with self._read() as db:
                db.conn.backup(target)
            # A self-contained copy: rollback-journal mode, so no -wal file belongs to it.
            target.execute("PRAGMA journal_mode = DELETE")
        except BaseException:
            target.close()
            partial.unlink(missing_ok=True)
            raise
        target.close()
        os.replace(partial, dest)
        return dest

    # ------------------------------------------------------------------ plumbing
    def _require_open(self) -> Database:
        if self._db is None:
            raise StoreError(f"{self._path}: the store is closed")
        return self._db

    @contextmanager
    def _read(self) -> Iterator[Database]:
        with self._lock:
            yield self._require_open()

    @contextmanager
    def _write(self) -> Iterator[Database]:
        """One transaction (or a savepoint when nested): all of it commits, or none of it."""
        with self._lock:
            db = self._require_open()
            conn = db.conn
            if conn.in_transaction:
                name = f"store_{next(_savepoints)}"
                conn.execute(f"SAVEPOINT {name}")
                try:
                    yield db
                except BaseException:
                    if conn.in_transaction:
                        conn.execute(f"ROLLBACK TO {name}")
                        conn.execute(f"RELEASE {name}")
                    raise
                conn.execute(f"RELEASE {name}")
                return
            conn.execute("BEGIN IMMEDIATE")  # take the write lock now: no deadlock on upgrade
            try:
                yield db
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several store calls into one transaction: all of them commit, or none.

        ``with store.transaction(): store.upsert_asset(a); store.save_project(p)``. Nested
        blocks (and the store's own methods inside) become savepoints. The calling thread holds
        the store's lock for the whole block, so keep it short.
        """
        with self._write():
            yield

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._read() as db:
            return list(db.query(sql, list(params)))

    def _one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _not_found(self, what: str, key: object) -> NotFoundError:
        return NotFoundError(f"no {what} {key!r} in {self._path}")

    # ------------------------------------------------------------------ projects
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

    def _parse_project(self, text: str, what: str) -> Project:
        try:
            return project_from_json(text)
        except ValidationError as exc:
            exc.add_note(f"while loading the {what} from {self._path}")
            raise

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

    # ------------------------------------------------------------------ revisions
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

    # ------------------------------------------------------------------ assets
    def upsert_asset(self, asset: Asset, thumbnail: str = "") -> None:
        """Insert or update an asset (keyed on ``asset.id``). The whole Asset is kept as the
        ``probe`` JSON. An empty ``thumbnail`` keeps the one already stored; ``added`` is kept."""
        data = to_dict(asset)
        from_dict(Asset, data)  # refuse an asset that would not load back
        with self._write() as db:
            db.execute(
                """
                INSERT INTO assets (id, path, content_hash, kind, probe, thumbnail, added)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    path = excluded.path,
                    content_hash = excluded.content_hash,
                    kind = excluded.kind,
                    probe = excluded.probe,
                    thumbnail = CASE WHEN excluded.thumbnail <> '' THEN excluded.thumbnail
                                     ELSE assets.thumbnail END
                """,
                [
                    asset.id,
                    asset.path,
                    asset.content_hash,
                    asset.kind,
                    json.dumps(data, ensure_ascii=False),
                    str(thumbnail),
                    _utcnow(),
                ],
            )

    def get_asset(self, asset_id: str) -> Asset:
        """The stored asset; NotFoundError if there is none."""
        row = self._one("SELECT probe FROM assets WHERE id = ?", [asset_id])
        if row is None:
            raise self._not_found("asset", asset_id)
        return from_dict(Asset, json.loads(row["probe"]))

    def find_asset_by_hash(self, content_hash: str) -> Asset | None:
        """The first-added asset with this content hash (de-duplication), or None."""
        if not content_hash:
            return None
        row = self._one(
            "SELECT probe FROM assets WHERE content_hash = ? ORDER BY added, rowid LIMIT 1",
            [content_hash],
        )
        return from_dict(Asset, json.loads(row["probe"])) if row else None

    def asset_thumbnail(self, asset_id: str) -> str:
        """The stored thumbnail path of an asset ("" if none); NotFoundError if no such asset."""
        row = self._one("SELECT thumbnail FROM assets WHERE id = ?", [asset_id])
        if row is None:
            raise self._not_found("asset", asset_id)
        return str(row["thumbnail"])

    def delete_asset(self, asset_id: str) -> bool:
        """Forget an asset (the file itself is untouched). Returns whether it existed."""
        with self._write() as db:
            return db.execute("DELETE FROM assets WHERE id = ?", [asset_id]).rowcount > 0

    # ------------------------------------------------------------------ templates
    def save_template(self, template: Template) -> None:
        """Save a template under its name.

        A user template (``builtin=False``) may not replace a built-in one of the same name:
        BuiltinTemplateError. Saving a built-in one behaves like ``ensure_builtin_templates``.
        """
        from_dict(Template, to_dict(template))  # refuse a template that would not load back
        with self._write() as db:
            if template.builtin:
                self._put_builtin(db, template)
                return
            row = db.execute(
                "SELECT builtin FROM templates WHERE name = ?", [template.name]
            ).fetchone()
            if row is not None and row[0]:
                raise BuiltinTemplateError(
                    f"{template.name!r} is a built-in template and cannot be overwritten; "
                    "save your version under another name"
                )
            self._put_template(db, template)

    def _put_template(self, db: Database, template: Template) -> None:
        db.execute(
            """
            INSERT INTO templates (name, builtin, json, modified) VALUES (?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET
                builtin = excluded.builtin, json = excluded.json, modified = excluded.modified
            """,
            [template.name, int(template.builtin), _template_json(template), _utcnow()],
        )

    def _put_builtin(self, db: Database, template: Template) -> None:
        """Insert or refresh a built-in template. A user template squatting on its name is kept
        under a new name ("<name> (mine)", "<name> (mine 2)", ...)."""
        row = db.execute(
            "SELECT builtin, json FROM templates WHERE name = ?", [template.name]
        ).fetchone()
        if row is not None and not row[0]:
            taken = {r[0] for r in db.execute("SELECT name FROM templates").fetchall()}
            new_name = next(
                name
                for n in itertools.count(1)
                if (name := f"{template.name} (mine{'' if n == 1 else f' {n}'})") not in taken
            )
            data = json.loads(row[1])
            data["name"] = new_name
            db.execute(
                "UPDATE templates SET name = ?, json = ? WHERE name = ?",
                [new_name, json.dumps(data, ensure_ascii=False), template.name],
            )
        self._put_template(db, dataclasses.replace(template, builtin=True))

    def ensure_builtin_templates(self, templates: list[Template]) -> None:
        """Insert the built-in templates, or refresh them to these definitions, in one
        transaction. Built-in rows not in the list are left alone."""
        for t in templates:
            from_dict(Template, to_dict(t))
        with self._write() as db:
            for t in templates:
                self._put_builtin(db, t)

    def list_templates(self) -> list[Template]:
        """All templates: built-in ones first, then the user's, each by name."""
        rows = self._rows(
            "SELECT json FROM templates ORDER BY builtin DESC, name COLLATE NOCASE, name"
        )
        return [from_dict(Template, json.loads(r["json"])) for r in rows]

    def get_template(self, name: str) -> Template:
        """The named template; NotFoundError if there is none."""
        row = self._one("SELECT json FROM templates WHERE name = ?", [name])
        if row is None:
            raise self._not_found("template", name)
        return from_dict(Template, json.loads(row["json"]))

    def delete_template(self, name: str) -> None:
        """Delete a user template. BuiltinTemplateError for a built-in one, NotFoundError if
        there is none."""
        with self._write() as db:
            row = db.execute("SELECT builtin FROM templates WHERE name = ?", [name]).fetchone()
            if row is None:
                raise self._not_found("template", name)
            if row[0]:
                raise BuiltinTemplateError(f"{name!r} is a built-in template and cannot be deleted")
            db.execute("DELETE FROM templates WHERE name = ?", [name])

    # ------------------------------------------------------------------ exports
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

    # ------------------------------------------------------------------ export queue
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

    # ------------------------------------------------------------------ usage
    def add_usage(
        self,
        provider: str,
        model: str,
        units_in: int,
        units_out: int,
        unit: UsageUnit,
        cost_usd: float,
        project_id: str = "",
        *,
        at: datetime | None = None,
    ) -> None:
        """Record one external call in the usage ledger. ``unit`` is 'tokens' (LLMs) or 'chars'
        (voices). ``at`` defaults to now; a naive datetime is taken as UTC."""
        if unit not in _USAGE_UNITS:
            raise ValueError(f"unit must be one of {_USAGE_UNITS}; got {unit!r}")
        when = at or datetime.now(UTC)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        stamp = when.astimezone(UTC).isoformat(timespec="milliseconds")
        with self._write() as db:
            db.execute(
                "INSERT INTO usage (time, provider, model, project_id, units_in, units_out, unit, "
                "cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    stamp,
                    provider,
                    model,
                    project_id,
                    int(units_in),
                    int(units_out),
                    unit,
                    float(cost_usd),
                ],
            )

    def usage_totals(self, month: str | None = None) -> list[dict[str, Any]]:
        """Totals per provider/model (and unit) for a UTC month ``YYYY-MM``, or all time.

        Each dict: provider, model, unit, calls, units_in, units_out, cost_usd. Most expensive
        first.
        """
        where, params = "", []
        if month is not None:
            start, end = _month_range(month)
            where, params = "WHERE time >= ? AND time < ?", [start, end]
        return self._rows(
            "SELECT provider, model, unit, count(*) AS calls, sum(units_in) AS units_in, "
            "sum(units_out) AS units_out, sum(cost_usd) AS cost_usd "
            f"FROM usage {where} GROUP BY provider, model, unit "
            "ORDER BY cost_usd DESC, provider, model, unit",
            params,
        )

    def month_cost(self, provider: str, month: str) -> float:
        """What ``provider`` cost in the UTC month ``YYYY-MM`` (see ``current_month()``)."""
        start, end = _month_range(month)
        row = self._one(
            "SELECT coalesce(sum(cost_usd), 0.0) AS cost FROM usage "
            "WHERE provider = ? AND time >= ? AND time < ?",
            [provider, start, end],
        )
        return float(row["cost"]) if row else 0.0

    # ------------------------------------------------------------------ settings
    def get_setting(self, key: str, default: Any = None) -> Any:
        """The stored value (decoded from JSON), or ``default``."""
        row = self._one("SELECT value FROM settings WHERE key = ?", [key])
        return default if row is None else json.loads(row["value"])

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON-able value. Keys that look like secrets are refused: API keys belong in
        the OS keyring (``secrets.py``), never in this file."""
        if _SECRET_KEY.search(key):
            raise StoreError(
                f"setting {key!r} looks like a secret; API keys and passwords go in the OS "
                "keyring (shortvid_desktop.secrets), not in the database"
            )
        text = json.dumps(value, ensure_ascii=False)
        with self._write() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, text],
            )

    def delete_setting(self, key: str) -> None:
        """Remove a setting (no error if it is not there)."""
        with self._write() as db:
            db.execute("DELETE FROM settings WHERE key = ?", [key])
