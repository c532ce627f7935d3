"""The batch queue: a real SQLite file in the output folder, atomic transitions, resume rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.session.batch.queue import (
    QUEUE_FILE,
    BatchQueue,
    NewJob,
    ProblemRow,
    file_sha256,
)
from shortvid_desktop.store import StoreError
from shortvid_desktop.store.batch_queue import BATCH_MIGRATIONS, BatchQueueStore


def _jobs(*names: str) -> list[NewJob]:
    return [NewJob(i + 2, 1, n, {"text": f"Video {n}."}) for i, n in enumerate(names)]


def _done(queue: BatchQueue, job_id: int, out: Path, data: bytes = b"mp4 bytes") -> None:
    out.write_bytes(data)
    queue.store.mark_done(
        job_id,
        output_path=str(out),
        output_sha256=file_sha256(out),
        duration_s=3.0,
        size_bytes=len(data),
        voices=["piper:en_US-joe-medium"],
    )


def test_the_queue_is_a_migrated_sqlite_file_in_the_output_folder(tmp_path: Path) -> None:
    queue = BatchQueue.create(
        tmp_path / "out", _jobs("a", "b"), [ProblemRow(4, "seconds", "not a number")]
    )
    queue.close()
    path = tmp_path / "out" / QUEUE_FILE
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(BATCH_MIGRATIONS)
        rows = conn.execute("SELECT name, state, attempts FROM jobs ORDER BY id").fetchall()
        assert rows == [("a", "queued", 0), ("b", "queued", 0)]
        assert conn.execute("SELECT row, column_name FROM problems").fetchall() == [(4, "seconds")]
    finally:
        conn.close()


def test_a_folder_holding_a_queue_is_refused_without_resume(tmp_path: Path) -> None:
    BatchQueue.create(tmp_path, _jobs("a")).close()
    with pytest.raises(BadInputError, match="--resume"):
        BatchQueue.create(tmp_path, _jobs("b"))
    with pytest.raises(BadInputError, match="no batch to resume"):
        BatchQueue.resume(tmp_path / "elsewhere")


def test_claims_are_atomic_and_transitions_check_the_state(tmp_path: Path) -> None:
    queue = BatchQueue.create(tmp_path, _jobs("a", "b"))
    try:
        first = queue.store.claim_next()
        second = queue.store.claim_next()
        assert first is not None and second is not None
        assert (first.name, first.state, first.attempts) == ("a", "running", 1)
        assert second.name == "b"
        assert queue.store.claim_next() is None  # nothing left to claim
        _done(queue, first.id, tmp_path / "a.mp4")
        with pytest.raises(StoreError, match="is done, not running"):
            queue.store.mark_failed(first.id, "too late")
        queue.store.another_attempt(second.id, "HTTP 429")
        queue.store.mark_failed(second.id, "the provider kept failing")
        b = queue.store.job(second.id)
        assert (b.state, b.attempts, b.error) == ("failed", 2, "the provider kept failing")
        assert queue.counts()["done"] == 1 and queue.counts()["failed"] == 1
    finally:
        queue.close()


def test_a_second_run_on_the_same_folder_is_refused_while_the_first_holds_it(
    tmp_path: Path,
) -> None:
    queue = BatchQueue.create(tmp_path, _jobs("a"))
    try:
        with pytest.raises(BadInputError, match="Another `shortvid batch`"):
            BatchQueue.resume(tmp_path)
    finally:
        queue.close()
    again, _report = BatchQueue.resume(tmp_path)  # free once the first closed it
    again.close()


def test_resume_requeues_unfinished_and_keeps_only_intact_outputs(tmp_path: Path) -> None:
    names = ("kept", "changed", "gone", "killed", "stopped", "broken", "waiting")
    queue = BatchQueue.create(tmp_path, _jobs(*names))
    ids = {}
    for name in names[:-1]:
        job = queue.store.claim_next()
        assert job is not None and job.name == name
        ids[name] = job.id
    for name in ("kept", "changed", "gone"):
        _done(queue, ids[name], tmp_path / f"{name}.mp4")
    queue.store.mark_cancelled(ids["stopped"])
    queue.store.mark_failed(ids["broken"], "network down")
    # "killed" stays running: its process died
    queue.close()
    (tmp_path / "changed.mp4").write_bytes(b"someone edited it")
    (tmp_path / "gone.mp4").unlink()
    kept_stat = (tmp_path / "kept.mp4").stat()

    dry, dry_report = BatchQueue.resume(tmp_path, dry_run=True)
    assert {j.name: j.state for j in dry.jobs()}["killed"] == "running"  # dry run: no change
    dry.close()
    queue, report = BatchQueue.resume(tmp_path)
    try:
        assert report.kept == ["kept"]
        assert report.requeued == dry_report.requeued
        assert report.requeued == {
            "its MP4 changed since it was made": ["changed"],
            "its MP4 is missing": ["gone"],
            "the run stopped while it was being made": ["killed"],
            "cancelled": ["stopped"],
            "failed before": ["broken"],
        }
        states = {j.name: j.state for j in queue.jobs()}
        assert states == {**dict.fromkeys(names, "queued"), "kept": "done"}
        assert (tmp_path / "kept.mp4").stat().st_mtime_ns == kept_stat.st_mtime_ns
        claimed = queue.store.claim_next()
        assert claimed is not None and claimed.name == "changed"
        assert claimed.attempts == 2  # attempts count across runs
    finally:
        queue.close()


def test_a_failed_fill_leaves_no_queue_behind(tmp_path: Path) -> None:
    dup = [NewJob(2, 1, "same", {}), NewJob(3, 1, "same", {})]  # names are unique
    with pytest.raises(sqlite3.IntegrityError):
        BatchQueue.create(tmp_path, dup)
    assert [p.name for p in tmp_path.iterdir() if "sqlite" in p.name] == []  # nor a partial
    BatchQueue.create(tmp_path, _jobs("fine")).close()  # and the folder is usable


def test_the_store_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / QUEUE_FILE
    bad.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a ShortVid database"):
        BatchQueueStore(bad)
