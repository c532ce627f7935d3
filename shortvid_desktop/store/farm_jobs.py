"""The desktop's record of the jobs it sent to the render farm: one SQLite file,
``farm-jobs.sqlite`` in the data folder (beside the app's database, not in it: like a batch's
queue, it has its own migrations and never contends with the window's writes).

The record, not Redis, is what a job is: Redis may restart and forget its queues and results; the
desktop then sends the job's tasks again from this record (attempt + 1) and the tasks, keyed by
the hash of their inputs, find what was already rendered in storage. No secrets are stored: the
broker URL is kept without its password (the password comes from the keyring or the command).

States: ``sent`` -> ``done`` | ``failed`` | ``cancelled``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlite_utils import Database

from .base import StoreBase, _utcnow

FarmJobState = Literal["sent", "done", "failed", "cancelled"]
FARM_JOBS_FILE = "farm-jobs.sqlite"


def _v1_farm_jobs(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE farm_jobs (
            id TEXT PRIMARY KEY,
            job_key TEXT NOT NULL,
            out_path TEXT NOT NULL,
            broker TEXT NOT NULL,
            storage TEXT NOT NULL,
            payload TEXT NOT NULL,
            task_ids TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL DEFAULT 'sent'
                CHECK (state IN ('sent', 'done', 'failed', 'cancelled')),
            attempts INTEGER NOT NULL DEFAULT 0,
            digest TEXT NOT NULL DEFAULT '',
            error TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_farm_jobs_state ON farm_jobs (state, created)")


FARM_MIGRATIONS: list[Callable[[Database], None]] = [_v1_farm_jobs]


@dataclass(frozen=True)
class FarmJobRow:
    id: str
    job_key: str
    out_path: str
    broker: str  # without its password
    storage: str
    payload: dict[str, Any]
    task_ids: dict[str, str]
    state: FarmJobState
    attempts: int
    digest: str
    error: str
    created: str
    updated: str


def _row(r: dict[str, Any]) -> FarmJobRow:
    return FarmJobRow(
        id=r["id"],
        job_key=r["job_key"],
        out_path=r["out_path"],
        broker=r["broker"],
        storage=r["storage"],
        payload=json.loads(r["payload"]),
        task_ids=json.loads(r["task_ids"] or "{}"),
        state=r["state"],
        attempts=r["attempts"],
        digest=r["digest"],
        error=r["error"],
        created=r["created"],
        updated=r["updated"],
    )


class FarmJobStore(StoreBase):
    """The farm jobs this desktop sent (see the module docstring)."""

    def __init__(self, path: Path | str, *, busy_timeout: float = 10.0) -> None:
        super().__init__(path, busy_timeout=busy_timeout, migrations=FARM_MIGRATIONS)

    def add(
        self,
        job_id: str,
        job_key: str,
        out_path: str,
        broker: str,
        storage: str,
        payload: dict[str, Any],
    ) -> FarmJobRow:
        now = _utcnow()
        with self._write() as db:
            db.execute(
                "INSERT INTO farm_jobs (id, job_key, out_path, broker, storage, payload, "
                "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [job_id, job_key, out_path, broker, storage, json.dumps(payload), now, now],
            )
        return self.get(job_id)

    def get(self, job_id: str) -> FarmJobRow:
        row = self._one("SELECT * FROM farm_jobs WHERE id = ?", [job_id])
        if row is None:
            raise self._not_found("farm job", job_id)
        return _row(row)

    def jobs(self, state: FarmJobState | None = None) -> list[FarmJobRow]:
        if state is None:
            rows = self._rows("SELECT * FROM farm_jobs ORDER BY created")
        else:
            rows = self._rows("SELECT * FROM farm_jobs WHERE state = ? ORDER BY created", [state])
        return [_row(r) for r in rows]

    def sent(self, job_id: str, task_ids: dict[str, str]) -> FarmJobRow:
        """Record a (re)submission: its task ids, one more attempt."""
        with self._write() as db:
            db.execute(
                "UPDATE farm_jobs SET task_ids = ?, attempts = attempts + 1, state = 'sent', "
                "updated = ? WHERE id = ?",
                [json.dumps(task_ids), _utcnow(), job_id],
            )
        return self.get(job_id)

    def finish(
        self, job_id: str, state: FarmJobState, *, digest: str = "", error: str = ""
    ) -> FarmJobRow:
        with self._write() as db:
            db.execute(
                "UPDATE farm_jobs SET state = ?, digest = ?, error = ?, updated = ? WHERE id = ?",
                [state, digest, error, _utcnow(), job_id],
            )
        return self.get(job_id)
