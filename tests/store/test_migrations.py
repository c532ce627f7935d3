"""Schema creation and migrations on PRAGMA user_version; connection settings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from shortvid_desktop.store import MIGRATIONS, SCHEMA_VERSION, SchemaTooNewError, Store

TABLES = {"projects", "revisions", "assets", "templates", "exports", "usage", "settings"}


def user_version(path: Path) -> int:
    with sqlite3.connect(str(path)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def test_empty_file_gets_the_whole_schema(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.touch()  # an empty file is a valid, empty SQLite database
    with Store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
    assert user_version(db_path) == len(MIGRATIONS)
    db = Database(str(db_path))
    try:
        assert TABLES <= set(db.table_names())
        assert db["projects"].pks == ["id"]
        assert db["templates"].pks == ["name"]
        assert db["settings"].pks == ["key"]
        assert {c.name for c in db["revisions"].columns} == {
            "id",
            "project_id",
            "created",
            "reason",
            "json",
        }
        assert any(ix.columns == ["content_hash"] for ix in db["assets"].indexes)
    finally:
        db.close()


def test_wal_foreign_keys_and_busy_timeout(store: Store) -> None:
    assert store.journal_mode == "wal"
    with sqlite3.connect(str(store.path)) as other:  # WAL is a property of the file
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn = store._db.conn  # type: ignore[union-attr]
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_reopening_a_current_database_keeps_data(db_path: Path) -> None:
    with Store(db_path) as store:
        store.set_setting("k", 1)
    with Store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.get_setting("k") == 1


def test_a_newer_database_is_refused_and_left_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(str(db_path)) as conn:
        conn.execute("CREATE TABLE projects (id TEXT PRIMARY KEY, future_column BLOB)")
        conn.execute("INSERT INTO projects VALUES ('pr_1', x'00ff')")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = db_path.read_bytes()
    files_before = sorted(p.name for p in db_path.parent.iterdir())

    with pytest.raises(SchemaTooNewError) as info:
        Store(db_path)

    message = str(info.value)
    assert "newer ShortVid" in message
    assert str(SCHEMA_VERSION + 5) in message and str(SCHEMA_VERSION) in message
    assert str(db_path) in message
    assert info.value.found == SCHEMA_VERSION + 5
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == files_before


def _add_notes(db: Database) -> None:
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    db.execute("INSERT INTO notes (text) SELECT key FROM settings")


def _broken(db: Database) -> None:
    db.execute("CREATE TABLE half_done (id INTEGER)")
    raise RuntimeError("migration 3 failed")


def test_migrations_run_in_order_each_in_its_own_transaction(db_path: Path) -> None:
    with Store(db_path) as store:
        store.set_setting("carried over", True)

    with pytest.raises(RuntimeError, match="migration 3 failed"):
        Store(db_path, migrations=[*MIGRATIONS, _add_notes, _broken])

    # Migration 2 committed (and bumped the version); migration 3 left no trace.
    assert user_version(db_path) == SCHEMA_VERSION + 1
    db = Database(str(db_path))
    try:
        assert "notes" in db.table_names()
        assert "half_done" not in db.table_names()
        assert [r["text"] for r in db["notes"].rows] == ["carried over"]
    finally:
        db.close()

    # The old code now refuses the newer file ...
    with pytest.raises(SchemaTooNewError):
        Store(db_path)
    # ... and a fixed migration 3 finishes the job.
    fixed = [*MIGRATIONS, _add_notes, lambda db: db.execute("CREATE TABLE done (id INTEGER)")]
    with Store(db_path, migrations=fixed) as store:
        assert store.schema_version == SCHEMA_VERSION + 2
        assert store.get_setting("carried over") is True
