"""The batch queue as the front ends see it: create one in an output folder, or resume it.

The jobs live in ``OUTDIR/.shortvid-batch.sqlite`` (store/batch_queue.py says why there). Resuming
puts back to ``queued`` every job a run did not finish: ``running`` ones (the run was killed),
``cancelled`` ones (Ctrl+C) and ``failed`` ones (tried again; bad input fails again at once), and
a ``done`` job whose MP4 is gone or no longer has the hash recorded when it was made. A ``done``
job whose MP4 is there unchanged is never made again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.errors import BadInputError
from ...store.batch_queue import (
    JOB_STATES,
    QUEUE_FILE,
    BatchJobRow,
    BatchQueueStore,
    NewJob,
    ProblemRow,
    usage_cost,
)

__all__ = [
    "JOB_STATES",
    "QUEUE_FILE",
    "BatchJobRow",
    "BatchQueue",
    "NewJob",
    "ProblemRow",
    "ResumeReport",
    "file_sha256",
    "project_cost",
    "queue_path",
]


LOCK_FILE = ".shortvid-batch.lock"


def queue_path(outdir: str | Path) -> Path:
    return Path(outdir) / QUEUE_FILE


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def project_cost(project_id: str) -> float:
    """The cost the app's usage ledger recorded for one project (scripts, voices, pictures)."""
    try:
        from ...store import Store

        with Store() as store:
            return usage_cost(store, project_id)
    except Exception:  # noqa: BLE001 - no database: no cost known
        return 0.0


@dataclass
class ResumeReport:
    requeued: dict[str, list[str]] = field(default_factory=dict)  # reason -> job names
    kept: list[str] = field(default_factory=list)  # done jobs whose output is intact

    def lines(self) -> list[str]:
        out = [f"{len(self.kept)} video(s) already made and unchanged: not made again"]
        for reason, names in self.requeued.items():
            out.append(f"{len(names)} to make again ({reason}): {', '.join(names)}")
        return out


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class _FolderLock:
    """One run per output folder: an exclusive lock on ``OUTDIR/.shortvid-batch.lock`` for as
    long as the queue is open (the system drops it when the process dies, even by kill -9)."""

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / LOCK_FILE
        self._fh: Any = None

    def acquire(self) -> None:
        fh = open(self.path, "a+b")
        try:
            if os.name == "nt":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise BadInputError(
                f"Another `shortvid batch` is working in {self.path.parent} right now: wait "
                "for it to finish (or stop it), then run this again.",
                path=str(self.path.parent),
            ) from None
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()  # closing drops the lock
            self._fh = None


class BatchQueue:
    """One batch's queue (a thin door over ``BatchQueueStore``)."""

    def __init__(self, store: BatchQueueStore, outdir: Path, lock: _FolderLock | None = None):
        self.store = store
        self.outdir = outdir
        self._lock = lock

    @staticmethod
    def exists(outdir: str | Path) -> bool:
        return queue_path(outdir).exists()

    @classmethod
    def create(
        cls,
        outdir: str | Path,
        jobs: Iterable[NewJob],
        problems: Iterable[ProblemRow] = (),
        settings: dict[str, Any] | None = None,
    ) -> BatchQueue:
        """A new queue in ``outdir`` (created if needed). Refuses a folder that holds one."""
        outdir = Path(outdir)
        if cls.exists(outdir):
            raise BadInputError(
                f"{outdir} already holds a batch ({QUEUE_FILE}). Pass --resume to go on with "
                "it, or choose a new output folder.",
                path=str(outdir),
            )
        try:
            outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BadInputError(
                f"Cannot create the output folder {outdir}: {exc.strerror or exc}", path=str(outdir)
            ) from None
        lock = _FolderLock(outdir)
        lock.acquire()
        # Filled under another name and renamed when complete: a run killed while queueing
        # leaves no queue that --resume would take for a whole batch.
        final = queue_path(outdir)
        partial = final.with_name(final.name + ".partial")
        try:
            if cls.exists(outdir):  # made by another run just now
                raise BadInputError(f"{outdir} already holds a batch ({QUEUE_FILE}).")
            _remove_db(partial)
            filling = BatchQueueStore(partial)
            try:
                with filling.transaction():
                    for key, value in (settings or {}).items():
                        filling.set_value(key, value)
                    filling.add_jobs(jobs, problems)
            finally:
                filling.close()  # checkpoints: one self-contained file
            os.replace(partial, final)
            store = BatchQueueStore(final)
        except BaseException:
            _remove_db(partial)
            lock.release()
            raise
        return cls(store, outdir, lock)

    @classmethod
    def resume(
        cls, outdir: str | Path, *, dry_run: bool = False
    ) -> tuple[BatchQueue, ResumeReport]:
        """Open the queue in ``outdir`` and put back every job a run did not finish
        (``dry_run``: only say which; nothing changes)."""
        outdir = Path(outdir)
        if not cls.exists(outdir):
            raise BadInputError(
                f"{outdir} holds no batch to resume ({QUEUE_FILE} is missing): run without "
                "--resume to start one.",
                path=str(outdir),
            )
        lock = _FolderLock(outdir)
        lock.acquire()
        try:
            queue = cls(BatchQueueStore(queue_path(outdir)), outdir, lock)
        except BaseException:
            lock.release()
            raise
        try:
            return queue, queue.recover(dry_run=dry_run)
        except BaseException:
            queue.close()
            raise

    def recover(self, *, dry_run: bool = False) -> ResumeReport:
        report = ResumeReport()

        def again(job: BatchJobRow, reason: str) -> None:
            if not dry_run:
                self.store.requeue(job.id, reason)
            report.requeued.setdefault(reason, []).append(job.name)

        with self.store.transaction():
            for job in self.store.jobs():
                if job.state == "running":
                    again(job, "the run stopped while it was being made")
                elif job.state == "cancelled":
                    again(job, "cancelled")
                elif job.state == "failed":
                    again(job, "failed before")
                elif job.state == "done":
                    path = Path(job.output_path)
                    if not path.is_file():
                        again(job, "its MP4 is missing")
                    elif file_sha256(path) != job.output_sha256:
                        again(job, "its MP4 changed since it was made")
                    else:
                        report.kept.append(job.name)
        return report

    def close(self) -> None:
        self.store.close()
        if self._lock is not None:
            self._lock.release()

    # delegated reads and transitions (see BatchQueueStore)
    def jobs(self, state: str | None = None) -> list[BatchJobRow]:
        return self.store.jobs(state)  # type: ignore[arg-type]

    def problems(self) -> list[ProblemRow]:
        return self.store.problems()

    def counts(self) -> dict[str, int]:
        return self.store.counts()

    def setting(self, key: str, default: Any = None) -> Any:
        return self.store.get_value(key, default)
