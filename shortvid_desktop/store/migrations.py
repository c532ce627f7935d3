"""Ordered schema migrations keyed on ``PRAGMA user_version``.

``MIGRATIONS[n]`` turns a version-``n`` database into version ``n + 1``. The store runs each one in
its own transaction and bumps ``user_version`` inside that same transaction, so a migration either
fully happens or not at all. Never edit a migration that has shipped: append a new one.

Statements go through ``Database.execute`` one at a time (never ``executescript``, which commits
the open transaction first).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database


def _run(db: Database, statements: list[str]) -> None:
    for sql in statements:
        db.execute(sql)


def _v1_initial(db: Database) -> None:
    """The first schema: projects, revisions, assets, templates, exports, usage, settings."""
    _run(
        db,
        [
            # The current saved state of each project. ``json`` is the whole Project;
            # the other columns are copies for listing without parsing it. ``save_seq`` orders
            # saves; ``saved_revision`` is the newest revision id the saved row supersedes (crash
            # recovery compares revisions against it, so no clock is involved).
            """
            CREATE TABLE projects (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL DEFAULT '',
                language TEXT NOT NULL DEFAULT '',
                json TEXT NOT NULL,
                created TEXT NOT NULL DEFAULT '',
                modified TEXT NOT NULL DEFAULT '',
                duration_us INTEGER NOT NULL DEFAULT 0,
                saved TEXT NOT NULL,
                save_seq INTEGER NOT NULL DEFAULT 0,
                saved_revision INTEGER NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX idx_projects_save_seq ON projects (save_seq)",
            # Autosave snapshots. No foreign key to projects on purpose: a project that was
            # never saved still gets autosaves, and those are exactly what crash recovery needs.
            """
            CREATE TABLE revisions (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                project_id TEXT NOT NULL,
                created TEXT NOT NULL,
                reason TEXT NOT NULL DEFAULT 'autosave',
                json TEXT NOT NULL
            )
            """,
            "CREATE INDEX idx_revisions_project ON revisions (project_id, id)",
            """
            CREATE TABLE assets (
                id TEXT PRIMARY KEY,
                path TEXT NOT NULL,
                content_hash TEXT NOT NULL DEFAULT '',
                kind TEXT NOT NULL CHECK (kind IN ('image', 'video', 'audio')),
                probe TEXT NOT NULL DEFAULT '{}',
                thumbnail TEXT NOT NULL DEFAULT '',
                added TEXT NOT NULL
            )
            """,
            "CREATE INDEX idx_assets_content_hash ON assets (content_hash)",
            "CREATE INDEX idx_assets_path ON assets (path)",
            """
            CREATE TABLE templates (
                name TEXT PRIMARY KEY,
                builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
                json TEXT NOT NULL,
                modified TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE exports (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                project_id TEXT NOT NULL,
                status TEXT NOT NULL
                    CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
                settings TEXT NOT NULL DEFAULT '{}',
                output_path TEXT NOT NULL DEFAULT '',
                started TEXT,
                finished TEXT,
                seconds REAL,
                error TEXT NOT NULL DEFAULT ''
            )
            """,
            "CREATE INDEX idx_exports_project ON exports (project_id, id)",
            """
            CREATE TABLE usage (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                time TEXT NOT NULL,
                provider TEXT NOT NULL,
                model TEXT NOT NULL DEFAULT '',
                project_id TEXT NOT NULL DEFAULT '',
                units_in INTEGER NOT NULL DEFAULT 0,
                units_out INTEGER NOT NULL DEFAULT 0,
                unit TEXT NOT NULL CHECK (unit IN ('tokens', 'chars')),
                cost_usd REAL NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX idx_usage_time ON usage (time)",
            "CREATE INDEX idx_usage_provider_time ON usage (provider, time)",
            """
            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )
            """,
        ],
    )


def _v2_export_queue(db: Database) -> None:
    """The persistent export queue: exports waiting (or rendering) survive a restart.

    Each row holds a snapshot of the project JSON taken when it was queued (later edits do not
    change what was queued), the output path and the export settings. ``owner`` names the
    ShortVid process (host, pid, token) whose queue holds the row; a row whose owner is gone was
    left by a quit or a crash and can be adopted and run again from the start. A finished,
    failed or cancelled export leaves this table for the ``exports`` history.
    """
    _run(
        db,
        [
            """
            CREATE TABLE export_queue (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                project_id TEXT NOT NULL,
                title TEXT NOT NULL DEFAULT '',
                project_json TEXT NOT NULL,
                output_path TEXT NOT NULL,
                settings TEXT NOT NULL DEFAULT '{}',
                state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running')),
                owner TEXT NOT NULL DEFAULT '',
                attempts INTEGER NOT NULL DEFAULT 0,
                created TEXT NOT NULL,
                started TEXT
            )
            """,
        ],
    )


MIGRATIONS: list[Callable[[Database], None]] = [
    _v1_initial,
    _v2_export_queue,
]

SCHEMA_VERSION = len(MIGRATIONS)
