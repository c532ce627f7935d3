"""The database connection under ``Store``: opening and migrating the file, the lock, and
transactions (``_read``/``_write``/``transaction``), integrity checks and backups."""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlite_utils import Database

from .. import paths
from ..core.model import Project, project_from_json
from ..core.serial import ValidationError
from .errors import NotFoundError, SchemaTooNewError, StoreError
from .migrations import MIGRATIONS

MAX_REVISIONS = 30
"""Autosave revisions kept per project; older ones are pruned on every new revision."""

BUSY_TIMEOUT_S = 10.0
"""How long a write waits for another connection's write to finish before giving up."""

_savepoints = itertools.count(1)


def _utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def current_month() -> str:
    """This month in UTC as ``YYYY-MM`` (the usage ledger counts months in UTC)."""
    return datetime.now(UTC).strftime("%Y-%m")


class StoreBase:
    """The connection, its lock and transactions, the schema and the file (open, migrate,
    close, back up). ``Store`` adds the tables' methods on top (see ``store.db``)."""

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

    def close(self) -> None:
        """Close the connection. Safe to call twice."""
        with self._lock:
            if self._db is not None:
                db, self._db = self._db, None
                db.close()

    def __enter__(self) -> Self:
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

    def _parse_project(self, text: str, what: str) -> Project:
        try:
            return project_from_json(text)
        except ValidationError as exc:
            exc.add_note(f"while loading the {what} from {self._path}")
            raise
