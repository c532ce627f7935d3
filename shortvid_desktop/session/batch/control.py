"""One batch driven from the window: start it from edited rows, resume it, retry its failed
videos, cancel one row or all of it. No Qt here: the Batch window (qt/batch_window.py) runs
these methods as jobs and turns the callbacks into queued signals.

The rows the window starts with are written as ``OUTDIR/batch-manifest.jsonl`` (one object a line,
so line n is table row n; relative paths made absolute), so the folder holds everything needed to
go on with it, from the window or with ``shortvid batch ... --resume``.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ...core.errors import BadInputError
from ...jobs import Cancelled, CancelToken, Progress
from ...store.batch_queue import BatchQueueStore
from ...store.errors import StoreError
from .manifest import COLUMNS, read_manifest, read_rows
from .queue import BatchJobRow, BatchQueue, ProblemRow, queue_path
from .runner import BatchEvent, BatchOptions, BatchRunner, BatchSummary, plan_jobs, queue_settings

MANIFEST_NAME = "batch-manifest.jsonl"
_PATH_COLUMNS = ("script", "music")


def _absolute(base: Path, value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    p = os.path.expanduser(value)
    return p if os.path.isabs(p) else str(base / p)


def write_manifest(outdir: str | Path, rows: list[dict[str, str]], base: str | Path) -> Path:
    """``rows`` (column -> cell text) as ``OUTDIR/batch-manifest.jsonl``; paths relative to
    ``base`` made absolute (so the folder can be resumed from anywhere)."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    b = Path(base).absolute()
    lines = []
    for row in rows:
        data: dict[str, str] = {}
        for key in COLUMNS:
            value = str(row.get(key, "") or "").strip()
            if not value:
                continue
            if key in _PATH_COLUMNS:
                value = _absolute(b, value)
            elif key == "media":
                value = ";".join(_absolute(b, v) for v in value.split(";") if v.strip())
            data[key] = value
        # an empty row stays a line (line n is row n); the manifest reports it
        lines.append(json.dumps(data, ensure_ascii=False))
    path = out / MANIFEST_NAME
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


@dataclass(frozen=True)
class PendingBatch:
    """A batch in a folder that did not finish: what the window offers to resume."""

    outdir: Path
    total: int
    done: int
    unfinished: int  # queued, running (the app stopped) or cancelled


def pending_batch(outdir: str | Path | None) -> PendingBatch | None:
    """The batch in ``outdir`` when some of its videos are not made yet (None otherwise,
    or when the folder or its queue is gone or unreadable)."""
    if not outdir or not queue_path(outdir).is_file():
        return None
    try:
        store = BatchQueueStore(queue_path(outdir))
    except Exception:  # noqa: BLE001 - a queue we cannot read is not offered
        return None
    try:
        counts = store.counts()
    finally:
        store.close()
    left = counts["queued"] + counts["running"] + counts["cancelled"]
    if not left:
        return None
    return PendingBatch(Path(outdir), sum(counts.values()), counts["done"], left)


@dataclass(frozen=True)
class BatchSnapshot:
    """Every job of the queue and the rows it refused (sent when a run starts)."""

    jobs: list[BatchJobRow]
    problems: list[ProblemRow]
    manifest: str
    rows: dict[int, dict[str, str]]  # each manifest row's cells by row number


class BatchControl:
    """Runs one batch for the window; ``run_*`` are job functions ``(progress, cancel)``."""

    def __init__(
        self,
        outdir: str | Path,
        options: BatchOptions | None = None,
        *,
        on_snapshot: Callable[[BatchSnapshot], None] | None = None,
        on_event: Callable[[BatchEvent], None] | None = None,
        on_progress: Callable[[BatchJobRow, float], None] | None = None,
    ) -> None:
        self.outdir = Path(outdir)
        self.options = options or BatchOptions()
        self._on_snapshot = on_snapshot
        self._on_event = on_event
        self._on_progress = on_progress
        self._lock = threading.Lock()
        self._queue: BatchQueue | None = None
        self._run_token: CancelToken | None = None
        self.cancelled_rows: set[int] = set()

    # ------------------------------------------------------------------ job functions
    def run_new(
        self, rows: list[dict[str, str]], base: str | Path
    ) -> Callable[[Progress, CancelToken], BatchSummary]:
        """Write the rows as the folder's manifest, queue them and make the videos."""

        def run(progress: Progress, cancel: CancelToken) -> BatchSummary:
            if BatchQueue.exists(self.outdir):
                raise BadInputError(
                    f"{self.outdir} already holds a batch: resume it, or choose another "
                    "output folder.",
                    path=str(self.outdir),
                )
            manifest = read_manifest(write_manifest(self.outdir, rows, base))
            if not manifest.requests:
                raise BadInputError(
                    "No row can be made: fix the rows marked in the table first.",
                    path=str(manifest.path),
                )
            jobs, problems, _notes = plan_jobs(manifest, self.options)
            settings = queue_settings(self.options, manifest)
            queue = BatchQueue.create(self.outdir, jobs, problems, settings)
            return self._run(queue, progress, cancel)

        return run

    def run_resume(self) -> Callable[[Progress, CancelToken], BatchSummary]:
        """Go on with the folder's batch: unfinished, cancelled and failed videos are made
        again; finished ones (MP4 present and unchanged) are kept."""

        def run(progress: Progress, cancel: CancelToken) -> BatchSummary:
            queue, _report = BatchQueue.resume(self.outdir)
            return self._run(queue, progress, cancel)

        return run

    def run_retry_failed(self) -> Callable[[Progress, CancelToken], BatchSummary]:
        """Make the failed videos again (cancelled ones stay cancelled)."""

        def run(progress: Progress, cancel: CancelToken) -> BatchSummary:
            queue, report = BatchQueue.resume(self.outdir, dry_run=True)
            again = {n for names in report.requeued.values() for n in names}
            for job in queue.jobs():
                if job.state == "failed" or (job.state == "done" and job.name in again):
                    queue.store.requeue(job.id, "tried again")
            return self._run(queue, progress, cancel)

        return run

    # ------------------------------------------------------------------ cancelling
    def cancel_row(self, row: int) -> None:
        """Cancel the videos of one manifest row (its queued ones at once; a running one stops
        and the rest of the batch goes on). Call it off the GUI thread (it writes the queue)."""
        with self._lock:
            self.cancelled_rows.add(row)
            queue, token = self._queue, self._run_token
        if queue is None:
            return
        running = False
        for job in queue.jobs():
            if job.row != row:
                continue
            if job.state == "queued":
                try:
                    queue.store.mark_cancelled(job.id)
                except StoreError:  # claimed a moment ago: it runs now
                    running = True
                    continue
                self._event(BatchEvent("cancelled", queue.store.job(job.id)))
            elif job.state == "running":
                running = True
        if running and token is not None:
            token.cancel()  # the run stops; _run goes on without this row

    # ------------------------------------------------------------------ running
    def _event(self, event: BatchEvent) -> None:
        if self._on_event is not None:
            self._on_event(event)

    def _run(self, queue: BatchQueue, progress: Progress, cancel: CancelToken) -> BatchSummary:
        try:
            if self._on_snapshot is not None:
                self._on_snapshot(snapshot(queue))
            while True:
                token = CancelToken()
                remove = cancel.on_cancel(token.cancel)
                with self._lock:
                    self._queue, self._run_token = queue, token
                runner = BatchRunner(
                    queue, self.options, on_event=self._event, on_progress=self._on_progress
                )
                try:
                    return runner.run(progress, token)
                except Cancelled:
                    if cancel.cancelled:
                        raise
                    self._put_back(queue)  # one row was cancelled: the others go on
                finally:
                    remove()
        finally:
            with self._lock:
                self._queue, self._run_token = None, None
            queue.close()

    def _put_back(self, queue: BatchQueue) -> None:
        """After a run stopped for one row's cancel: the jobs it cancelled on the way queue
        again, and the cancelled rows' waiting jobs stay out."""
        with self._lock:
            rows = set(self.cancelled_rows)
        for job in queue.jobs():
            if job.row in rows and job.state == "queued":
                queue.store.mark_cancelled(job.id)
                self._event(BatchEvent("cancelled", queue.store.job(job.id)))
            elif job.row not in rows and job.state == "cancelled":
                queue.store.requeue(job.id, "")
                self._event(BatchEvent("queued", queue.store.job(job.id)))


def snapshot(queue: BatchQueue) -> BatchSnapshot:
    """The queue's jobs and refused rows, and each row's cells: from the manifest the queue
    was made from when it is still there, else from the requests the queue keeps."""
    jobs, problems = queue.jobs(), queue.problems()
    manifest = str(queue.setting("manifest", "") or "")
    rows = _rows_from_jobs(jobs)
    if manifest and Path(manifest).is_file():
        try:
            written, _problems = read_rows(manifest)
        except BadInputError:
            written = []
        if {r.row for r in written} >= set(rows):
            rows = {r.row: dict(r.values) for r in written}
    for p in problems:
        if p.row:
            rows.setdefault(p.row, {})
    return BatchSnapshot(jobs, problems, manifest, rows)


def _rows_from_jobs(jobs: list[BatchJobRow]) -> dict[int, dict[str, str]]:
    rows: dict[int, dict[str, str]] = {}
    for job in jobs:
        if job.row in rows:
            continue
        source = dict((job.request.get("batch") or {}).get("source") or {})
        cells = {}
        for key in COLUMNS:
            value = source.get(key, "")
            if key == "media":
                value = ";".join(value or ())
            elif key in ("seconds", "seed") and not value:
                value = ""
            elif key == "variants" and value == 1:
                value = ""
            elif key == "lang" and value == "auto":
                value = ""
            cells[key] = "" if value is None else str(value)
        rows[job.row] = cells
    return rows


__all__ = [
    "MANIFEST_NAME",
    "BatchControl",
    "BatchSnapshot",
    "PendingBatch",
    "pending_batch",
    "snapshot",
    "write_manifest",
]
