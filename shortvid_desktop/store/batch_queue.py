"""A batch's durable job queue: one SQLite file in the batch's output folder.

The queue lives in ``OUTDIR/.shortvid-batch.sqlite``, not in the app's database: a batch is then
self-contained (its outputs, summaries and queue in one folder), can be resumed from that folder
alone (another machine, another data folder), and thousands of job rows never bloat the app's
database or contend with the window's writes. It is opened through the same ``StoreBase`` as the
app's store (WAL, a busy timeout, ``BEGIN IMMEDIATE`` transactions, migrations on
``PRAGMA user_version``), with its own migration list.

States: ``queued`` -> ``running`` -> ``done`` | ``failed`` | ``cancelled``. Every transition is
one transaction that checks the state it leaves, so two workers never claim the same job and a
killed process leaves either the old or the new state, never half of one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlite_utils import Database

from .base import StoreBase, _utcnow
from .errors import StoreError

JobState = Literal["queued", "running", "done", "failed", "cancelled"]
JOB_STATES: tuple[JobState, ...] = ("queued", "running", "done", "failed", "cancelled")
QUEUE_FILE = ".shortvid-batch.sqlite"


def _v1_jobs(db: Database) -> None:
    """The batch's settings (key -> JSON), its jobs, and the manifest rows that were refused."""
    for sql in (
        """
        CREATE TABLE batch (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            row INTEGER NOT NULL,
            variant INTEGER NOT NULL DEFAULT 1,
            name TEXT NOT NULL UNIQUE,
            request TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT NOT NULL DEFAULT '',
            output_path TEXT NOT NULL DEFAULT '',
            output_sha256 TEXT NOT NULL DEFAULT '',
            duration_s REAL,
            size_bytes INTEGER,
            voices TEXT NOT NULL DEFAULT '[]',
            cost_usd REAL NOT NULL DEFAULT 0,
            sidecar_path TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            started TEXT,
            finished TEXT,
            seconds REAL
        )
        """,
        "CREATE INDEX idx_jobs_state ON jobs (state, id)",
        """
        CREATE TABLE problems (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            row INTEGER NOT NULL,
            column_name TEXT NOT NULL DEFAULT '',
            message TEXT NOT NULL
        )
        """,
    ):
        db.execute(sql)


BATCH_MIGRATIONS: list[Callable[[Database], None]] = [_v1_jobs]


@dataclass(frozen=True)
class BatchJobRow:
    id: int
    row: int
    variant: int
    name: str
    request: dict[str, Any]
    state: JobState
    attempts: int
    error: str
    output_path: str
    output_sha256: str
    duration_s: float | None
    size_bytes: int | None
    voices: list[str]
    cost_usd: float
    sidecar_path: str
    created: str
    started: str | None
    finished: str | None
    seconds: float | None


@dataclass(frozen=True)
class NewJob:
    row: int
    variant: int
    name: str
    request: dict[str, Any]


@dataclass(frozen=True)
class ProblemRow:
    row: int
    column: str
    message: str


def _job(r: dict[str, Any]) -> BatchJobRow:
    return BatchJobRow(
        id=r["id"],
        row=r["row"],
        variant=r["variant"],
        name=r["name"],
        request=json.loads(r["request"]),
        state=r["state"],
        attempts=r["attempts"],
        error=r["error"],
        output_path=r["output_path"],
        output_sha256=r["output_sha256"],
        duration_s=r["duration_s"],
        size_bytes=r["size_bytes"],
        voices=json.loads(r["voices"] or "[]"),
        cost_usd=r["cost_usd"] or 0.0,
        sidecar_path=r["sidecar_path"],
        created=r["created"],
        started=r["started"],
        finished=r["finished"],
        seconds=r["seconds"],
    )


class BatchQueueStore(StoreBase):
    """The job queue of one batch (see the module docstring)."""

    def __init__(self, path: Path | str, *, busy_timeout: float = 10.0) -> None:
        super().__init__(path, busy_timeout=busy_timeout, migrations=BATCH_MIGRATIONS)

    # ------------------------------------------------------------------ settings
    def set_value(self, key: str, value: Any) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO batch (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(value, ensure_ascii=False)],
            )

    def get_value(self, key: str, default: Any = None) -> Any:
        row = self._one("SELECT value FROM batch WHERE key = ?", [key])
        return default if row is None else json.loads(row["value"])

    # ------------------------------------------------------------------ filling
    def add_jobs(self, jobs: Iterable[NewJob], problems: Iterable[ProblemRow] = ()) -> list[int]:
        """Queue jobs and record refused rows, all in one transaction."""
        ids = []
        now = _utcnow()
        with self._write() as db:
            for job in jobs:
                cursor = db.execute(
                    "INSERT INTO jobs (row, variant, name, request, created) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [
                        job.row,
                        job.variant,
                        job.name,
                        json.dumps(job.request, ensure_ascii=False),
                        now,
                    ],
                )
                assert cursor.lastrowid is not None
                ids.append(cursor.lastrowid)
            for p in problems:
                db.execute(
                    "INSERT INTO problems (row, column_name, message) VALUES (?, ?, ?)",
                    [p.row, p.column, p.message],
                )
        return ids

    # ------------------------------------------------------------------ reading
    def jobs(self, state: JobState | None = None) -> list[BatchJobRow]:
        if state is None:
            rows = self._rows("SELECT * FROM jobs ORDER BY id")
        else:
            rows = self._rows("SELECT * FROM jobs WHERE state = ? ORDER BY id", [state])
        return [_job(r) for r in rows]

    def job(self, job_id: int) -> BatchJobRow:
        row = self._one("SELECT * FROM jobs WHERE id = ?", [job_id])
        if row is None:
            raise self._not_found("batch job", job_id)
        return _job(row)

    def problems(self) -> list[ProblemRow]:
        return [
            ProblemRow(r["row"], r["column_name"], r["message"])
            for r in self._rows("SELECT * FROM problems ORDER BY row, id")
        ]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(JOB_STATES, 0)
        for r in self._rows("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state"):
            out[r["state"]] = r["n"]
        return out

    # ------------------------------------------------------------------ transitions
    def claim_next(self) -> BatchJobRow | None:
        """The oldest queued job, now ``running`` with one more attempt; None when none waits."""
        with self._write() as db:
            row = db.execute(
                "SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE jobs SET state = 'running', attempts = attempts + 1, started = ?, "
                "error = '' WHERE id = ? AND state = 'queued'",
                [_utcnow(), row[0]],
            )
            return self.job(row[0])

    def another_attempt(self, job_id: int, error: str) -> None:
        """A running job failed transiently and runs again: one more attempt, the error kept."""
        with self._write() as db:
            self._expect(db, job_id, ("running",))
            db.execute(
                "UPDATE jobs SET attempts = attempts + 1, error = ? WHERE id = ?",
                [error, job_id],
            )

    def mark_done(
        self,
        job_id: int,
        *,
        output_path: str,
        output_sha256: str,
        duration_s: float,
        size_bytes: int,
        voices: list[str],
        cost_usd: float = 0.0,
        sidecar_path: str = "",
        seconds: float | None = None,
    ) -> None:
        with self._write() as db:
            self._expect(db, job_id, ("running",))
            db.execute(
                "UPDATE jobs SET state = 'done', error = '', output_path = ?, output_sha256 = ?, "
                "duration_s = ?, size_bytes = ?, voices = ?, cost_usd = ?, sidecar_path = ?, "
                "finished = ?, seconds = ? WHERE id = ?",
                [
                    output_path,
                    output_sha256,
                    duration_s,
                    size_bytes,
                    json.dumps(voices, ensure_ascii=False),
                    cost_usd,
                    sidecar_path,
                    _utcnow(),
                    seconds,
                    job_id,
                ],
            )

    def mark_failed(self, job_id: int, error: str, *, cost_usd: float = 0.0) -> None:
        self._finish(job_id, "failed", error, cost_usd)

    def mark_cancelled(self, job_id: int) -> None:
        self._finish(job_id, "cancelled", "cancelled", 0.0)

    def _finish(self, job_id: int, state: JobState, error: str, cost_usd: float) -> None:
        with self._write() as db:
            self._expect(db, job_id, ("running", "queued"))
            db.execute(
                "UPDATE jobs SET state = ?, error = ?, cost_usd = cost_usd + ?, finished = ? "
                "WHERE id = ?",
                [state, error, cost_usd, _utcnow(), job_id],
            )

    def requeue(self, job_id: int, reason: str = "") -> None:
        """Back to ``queued`` (resume: a killed run's job, a cancelled or failed one, a done one
        whose output is gone or changed). ``reason`` is kept in ``error`` until it runs."""
        with self._write() as db:
            self._expect(db, job_id, JOB_STATES)
            db.execute(
                "UPDATE jobs SET state = 'queued', error = ?, started = NULL, finished = NULL "
                "WHERE id = ?",
                [reason, job_id],
            )

    def _expect(self, db: Database, job_id: int, states: tuple[str, ...]) -> None:
        row = db.execute("SELECT state FROM jobs WHERE id = ?", [job_id]).fetchone()
        if row is None:
            raise self._not_found("batch job", job_id)
        if row[0] not in states:
            raise StoreError(f"batch job {job_id} is {row[0]}, not {' or '.join(states)}")


def usage_cost(store: StoreBase, project_id: str) -> float:
    """What the usage ledger of the app's database recorded for one project (USD)."""
    row = store._one(
        "SELECT COALESCE(SUM(cost_usd), 0) AS total FROM usage WHERE project_id = ?", [project_id]
    )
    return float(row["total"]) if row else 0.0


__all__ = [
    "BATCH_MIGRATIONS",
    "JOB_STATES",
    "QUEUE_FILE",
    "BatchJobRow",
    "BatchQueueStore",
    "JobState",
    "NewJob",
    "ProblemRow",
    "usage_cost",
]
