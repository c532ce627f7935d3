"""Run a batch: manifest rows -> queued jobs -> videos, with a small pipeline.

Stages (one process, so voice models, fonts and caches are loaded once for the whole run):

- **prep** (one thread): claims the next queued job, writes its script (topic: the AI provider or
  the offline helper), imports its media, finds its pictures, voices every scene and lays the
  timeline out. Ready sessions wait in a bounded hand-over queue (as many as there are renders).
- **render** (``jobs`` threads): exports each ready session to ``OUTDIR/<name>.mp4`` (the export
  writes a hidden partial file and renames it only when complete), writes the sidecar JSON, and
  records the output's size, duration and sha256 in the queue.

So the script and voices of the next videos are made while the current one renders. Transient
failures (network errors, 429, 5xx) are tried again with exponential backoff; bad input fails the
row at once. Cancel stops every stage; cancelled and unfinished jobs stay resumable.
"""

from __future__ import annotations

import csv
import io
import json
import os
import queue as queue_mod
import random
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ...core.errors import BadInputError
from ...jobs import Cancelled, CancelToken, Progress
from ..make import Built, MakeRequest, build_session
from .manifest import BatchRequest, ManifestResult
from .meta import video_meta, write_sidecar
from .queue import BatchJobRow, BatchQueue, NewJob, ProblemRow, file_sha256, project_cost
from .variety import (
    VariantPlan,
    apply_variant,
    check_variety,
    opening_sentence,
    plan_variants,
    script_for_variant,
)

DEFAULT_JOBS = 1
"""Concurrent renders by default: on this 2-core machine one render already uses both cores (the
export renders windows side by side), and the prep stage overlaps it; see benchmarks/RESULTS.md."""

SUMMARY_JSON, SUMMARY_CSV = "batch.json", "batch.csv"
SUMMARY_FIELDS = (
    "row",
    "variant",
    "name",
    "status",
    "output",
    "title",
    "description",
    "hashtags",
    "duration_s",
    "size_bytes",
    "voices",
    "cost_usd",
    "attempts",
    "error",
    "sidecar",
)


@dataclass
class BatchOptions:
    """How a batch runs. ``provider``/``visuals``/``size``/``fps`` go into every request when the
    queue is made; ``quality``/``encoder`` are export options kept with the queue."""

    jobs: int = DEFAULT_JOBS
    provider: str = ""
    visuals: str = ""
    size: tuple[int, int] | None = None
    fps: int = 0
    quality: str | None = None
    encoder: str = "auto"
    attempts: int = 3  # tries per stage for transient failures
    backoff_s: float = 2.0
    backoff_max_s: float = 30.0
    farm: str = ""  # a broker URL: videos render on the farm (session/farm.py)
    storage: str = ""  # the farm's storage URL


@dataclass(frozen=True)
class BatchEvent:
    kind: str  # "start", "ready", "retry", "done", "failed", "cancelled", "note"
    job: BatchJobRow
    message: str = ""


@dataclass
class BatchSummary:
    rows: list[dict[str, Any]] = field(default_factory=list)
    json_path: Path | None = None
    csv_path: Path | None = None

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["status"] != "done"]

    @property
    def done(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["status"] == "done"]


# --------------------------------------------------------------------------- planning
def make_request(request: BatchRequest, options: BatchOptions, plan: VariantPlan) -> dict[str, Any]:
    """The stored request of one job: a MakeRequest as a dict (this variant's media order and
    music), plus the row itself (``batch.source``) so a resumed run plans the same variant."""
    make = MakeRequest(
        topic=request.topic,
        text=request.text,
        script=request.script,
        media=list(plan.media),
        music=plan.music,
        template=request.template,
        voice=request.voice,
        lang=request.lang or "auto",
        seconds=request.seconds or 30,
        aspect=request.aspect,
        provider=options.provider,
        visuals=options.visuals,
        size=options.size,
        fps=options.fps,
        # a provider that keeps failing fails the row (tried again with backoff, then on
        # --resume) rather than making a template video in its place
        fallback=False,
    )
    data = make.to_dict()
    data["batch"] = {
        "row": request.row,
        "variant": plan.index,
        "count": plan.count,
        "source": asdict(request),
    }
    return data


def _batch_request(stored: dict[str, Any]) -> BatchRequest:
    source = dict(stored["batch"]["source"])
    source["media"] = tuple(source.get("media") or ())
    return BatchRequest(**source)


def plan_jobs(
    manifest: ManifestResult, options: BatchOptions
) -> tuple[list[NewJob], list[ProblemRow], list[str]]:
    """Every job a manifest makes (variants expanded by session/batch/variety.py), the rows it
    refused, and notes on variants that cannot all differ (e.g. one picture for 3 variants)."""
    jobs: list[NewJob] = []
    notes: list[str] = []
    taken = {req.name.lower() for req in manifest.requests if req.variants <= 1}
    used: set[str] = set()
    for req in manifest.requests:
        plans = plan_variants(req)
        for plan in plans:
            name, k = plan.name, 2
            while name.lower() in used or (name != req.name and name.lower() in taken):
                name, k = f"{plan.name}_{k}", k + 1  # a variant's name is another row's
            if name != plan.name:
                notes.append(f"row {req.row}: {plan.name} is taken by another row; using {name}")
            used.add(name.lower())
            jobs.append(NewJob(req.row, plan.index, name, make_request(req, options, plan)))
        if len(plans) > 1 and req.media:
            for problem in check_variety([""] * len(plans), [p.media for p in plans]):
                notes.append(f"row {req.row} ({req.name}): {problem}")
    problems = [ProblemRow(p.row, p.column, p.message) for p in manifest.problems]
    return jobs, problems, notes


def queue_settings(options: BatchOptions, manifest: ManifestResult) -> dict[str, Any]:
    import uuid

    return {
        "id": uuid.uuid4().hex[:12],
        "manifest": str(manifest.path),
        "export": {"quality": options.quality, "encoder": options.encoder},
    }


# --------------------------------------------------------------------------- failures
def is_transient(exc: BaseException) -> bool:
    """Worth another try after a pause: the network, a rate limit, a busy provider."""
    if isinstance(exc, (Cancelled, BadInputError)):
        return False
    from ...net.errors import ProviderUnavailableError

    if isinstance(exc, ProviderUnavailableError):
        return True
    if isinstance(exc, (ConnectionError, TimeoutError)):
        return True
    try:
        import httpx

        if isinstance(exc, (httpx.TransportError,)):
            return True
    except ImportError:  # pragma: no cover - httpx comes with openai
        pass
    return False


def describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__


# --------------------------------------------------------------------------- running
@dataclass
class _Ready:
    job: BatchJobRow
    built: Built
    voices: list[str]
    started: float
    meta: Any = None


class BatchRunner:
    """Runs the queued jobs of one batch queue (see the module docstring)."""

    def __init__(
        self,
        queue: BatchQueue,
        options: BatchOptions,
        *,
        on_event: Callable[[BatchEvent], None] | None = None,
        sleep_jitter: Callable[[float], float] | None = None,
        on_progress: Callable[[BatchJobRow, float], None] | None = None,
    ) -> None:
        """``on_event``: each job's start, retries, notes and end; ``on_progress``: a job's
        render progress (0..1), from the render threads (the window's per-row bars)."""
        self.queue = queue
        self.store = queue.store
        self.outdir = queue.outdir
        self.options = options
        self._on_event = on_event
        self._on_progress = on_progress
        self._jitter = sleep_jitter or (lambda d: random.uniform(0.5 * d, d))
        self._lock = threading.Lock()
        self._fractions: dict[int, float] = {}
        export = queue.setting("export", {}) or {}
        self._quality = export.get("quality") or options.quality
        self._encoder = export.get("encoder") or options.encoder
        self._errors: list[BaseException] = []

    # ------------------------------------------------------------------ events
    def _emit(self, kind: str, job: BatchJobRow, message: str = "") -> None:
        if self._on_event is not None:
            with self._lock:
                self._on_event(BatchEvent(kind, job, message))

    # ------------------------------------------------------------------ retries
    def _with_retries(
        self, job: BatchJobRow, stage: str, fn: Callable[[], Any], cancel: CancelToken
    ) -> Any:
        tries = 0
        while True:
            tries += 1
            try:
                return fn()
            except Cancelled:
                raise
            except Exception as exc:
                if not is_transient(exc) or tries >= self.options.attempts:
                    raise
                delay = self._jitter(
                    min(self.options.backoff_max_s, self.options.backoff_s * 2 ** (tries - 1))
                )
                self.store.another_attempt(job.id, describe(exc))
                self._emit("retry", job, f"{stage}: {describe(exc)}; trying again in {delay:.1f} s")
                if cancel.wait(delay):
                    raise Cancelled() from exc

    # ------------------------------------------------------------------ stages
    def _prepare(self, job: BatchJobRow, cancel: CancelToken) -> _Ready:
        request = MakeRequest.from_dict(job.request)
        start = time.monotonic()
        tag = self._cost_tag(job)

        def attempt() -> _Ready:
            script = self._variant_script(job, cancel)
            built = build_session(
                request,
                Progress(),
                cancel,
                notify=lambda line: self._emit("note", job, line),
                script=script,
            )
            apply_variant(built.session, self._plan(job))
            meta = video_meta(
                built.session.project.script,
                provider=request.provider or None,
                project_id=tag,
                cancel=cancel,
            )
            for notice in meta.notices:
                self._emit("note", job, f"note: {notice}")
            report = built.session.build_timeline(Progress(), cancel)
            for notice in report.notices:
                self._emit("note", job, f"note: {notice}")
            return _Ready(job, built, sorted(set(report.voices.values())), start, meta)

        return self._with_retries(job, "script and voice", attempt, cancel)

    def _plan(self, job: BatchJobRow) -> VariantPlan:
        info = job.request["batch"]
        return plan_variants(_batch_request(job.request))[info["variant"] - 1]

    def _cost_tag(self, job: BatchJobRow) -> str:
        """The ledger's project id for what a job's script and metadata cost."""
        return f"batch:{self.queue.setting('id', '')}:{job.id}"

    def _variant_script(self, job: BatchJobRow, cancel: CancelToken) -> Any:
        """A variant's own script (told what the row's earlier variants opened with); None for
        a row of one video (build_session writes it, as `make` does)."""
        info = job.request["batch"]
        if info.get("count", 1) <= 1:
            return None
        row, index = info["row"], info["variant"]
        earlier = [self.store.get_value(f"opening:{row}:{i}", "") for i in range(1, index)]
        earlier = [o for o in earlier if o]
        result = script_for_variant(
            _batch_request(job.request),
            self._plan(job),
            earlier,
            provider=job.request.get("provider") or None,
            project_id=self._cost_tag(job),
            fallback=bool(job.request.get("fallback", False)),
            cancel=cancel,
        )
        for notice in result.notices:
            self._emit("note", job, f"note: {notice}")
        opening = opening_sentence(result.script)
        if opening and opening in earlier:
            self._emit(
                "note",
                job,
                f"note: opens with the same sentence as an earlier variant: {opening!r}",
            )
        self.store.set_value(f"opening:{row}:{index}", opening)
        return result.script

    def _render(self, ready: _Ready, cancel: CancelToken) -> None:
        job = ready.job
        out = self.outdir / f"{job.name}.mp4"
        session = ready.built.session

        def progress_of(report: Any) -> None:
            with self._lock:
                self._fractions[job.id] = max(0.0, report.fraction)
            if self._on_progress is not None:
                self._on_progress(job, max(0.0, report.fraction))

        def attempt() -> Any:
            if self.options.farm:
                from ..farm import render_on_farm

                farm, storage = self.options.farm, self.options.storage
                return render_on_farm(
                    session, out, farm, storage, Progress(progress_of), cancel,
                    quality=self._quality,
                )  # fmt: skip
            return session.export(
                out,
                Progress(progress_of),
                cancel,
                quality=self._quality,
                encoder=self._encoder,
            )

        result = self._with_retries(job, "render", attempt, cancel)
        for notice in session.notices:
            self._emit("note", job, f"note: {notice}")
        path = Path(result.path)
        duration = session.project.timeline.duration_us / 1e6
        cost = project_cost(session.project.id) + project_cost(self._cost_tag(job))
        sidecar = self._write_sidecar(job, ready, path, duration, cost)
        self.store.mark_done(
            job.id,
            output_path=str(path),
            output_sha256=file_sha256(path),
            duration_s=duration,
            size_bytes=path.stat().st_size,
            voices=ready.voices,
            cost_usd=cost,
            sidecar_path=str(sidecar) if sidecar else "",
            seconds=time.monotonic() - ready.started,
        )
        self._emit("done", self.store.job(job.id), str(path))

    def _write_sidecar(
        self, job: BatchJobRow, ready: _Ready, mp4: Path, duration: float, cost: float
    ) -> Path | None:
        """The video's title, description and hashtags beside it (``<name>.json``)."""
        if ready.meta is None:
            return None
        self.store.set_value(f"meta:{job.id}", ready.meta.to_dict())
        return write_sidecar(ready.meta, mp4)

    # ------------------------------------------------------------------ the pipeline
    def run(
        self, progress: Progress | None = None, cancel: CancelToken | None = None
    ) -> BatchSummary:
        """Make every queued job; returns the summary (also written as batch.json/batch.csv).
        Raises Cancelled when cancelled (the queue stays resumable)."""
        progress = progress or Progress()
        cancel = cancel or CancelToken()
        renders = max(1, int(self.options.jobs))
        total = max(1, len(self.store.jobs()))
        finished_before = sum(1 for j in self.store.jobs() if j.state == "done")
        handover: queue_mod.Queue[_Ready | None] = queue_mod.Queue(maxsize=renders)
        progress_stop = threading.Event()

        def prep_loop() -> None:
            try:
                while not cancel.cancelled:
                    job = self.store.claim_next()
                    if job is None:
                        return
                    self._emit("start", job)
                    try:
                        ready = self._prepare(job, cancel)
                    except Cancelled:
                        self.store.mark_cancelled(job.id)
                        self._emit("cancelled", job)
                        return
                    except Exception as exc:  # noqa: BLE001 - the row fails, the batch goes on
                        self._fail(job, exc)
                        continue
                    self._emit("ready", job)
                    while True:
                        if cancel.cancelled:
                            self.store.mark_cancelled(job.id)
                            self._emit("cancelled", job)
                            return
                        try:
                            handover.put(ready, timeout=0.2)
                            break
                        except queue_mod.Full:
                            continue
            except BaseException as exc:  # noqa: BLE001 - reported by run()
                self._errors.append(exc)
                cancel.cancel()
            finally:
                for _ in range(renders):
                    handover.put(None)

        def render_loop() -> None:
            while True:
                ready = handover.get()
                if ready is None:
                    return
                job = ready.job
                try:
                    if cancel.cancelled:
                        raise Cancelled()
                    self._render(ready, cancel)
                except Cancelled:
                    self.store.mark_cancelled(job.id)
                    self._emit("cancelled", job)
                except Exception as exc:  # noqa: BLE001 - the row fails, the batch goes on
                    self._fail(job, exc)
                except BaseException as exc:  # noqa: BLE001
                    self._errors.append(exc)
                    cancel.cancel()
                finally:
                    with self._lock:
                        self._fractions.pop(job.id, None)
                    try:
                        self.write_summary()
                    except OSError as exc:
                        self._errors.append(exc)

        def report_progress() -> None:
            while not progress_stop.wait(0.5):
                counts = self.store.counts()
                ended = counts["done"] + counts["failed"] - finished_before
                with self._lock:
                    partial = sum(self._fractions.values())
                made = max(0, ended) + partial
                left = total - finished_before
                progress(made / max(1, left), f"{counts['done']} of {total} made")

        threads = [threading.Thread(target=prep_loop, name="batch-prep", daemon=True)]
        threads += [
            threading.Thread(target=render_loop, name=f"batch-render-{i}", daemon=True)
            for i in range(renders)
        ]
        reporter = threading.Thread(target=report_progress, name="batch-progress", daemon=True)
        for t in threads:
            t.start()
        reporter.start()
        try:
            for t in threads:
                while t.is_alive():
                    t.join(0.2)  # short joins: the main thread stays responsive to Ctrl+C
        finally:
            progress_stop.set()
            reporter.join()
        summary = self.write_summary()
        if self._errors:
            raise self._errors[0]
        if cancel.cancelled:
            raise Cancelled()
        progress(1.0, "Batch finished")
        return summary

    def _fail(self, job: BatchJobRow, exc: BaseException) -> None:
        message = describe(exc)
        if is_transient(exc):
            message += f" (tried {self.options.attempts} times; --resume tries again)"
        self.store.mark_failed(job.id, message)
        self._emit("failed", self.store.job(job.id), message)

    # ------------------------------------------------------------------ summaries
    def write_summary(self) -> BatchSummary:
        return write_summary(self.queue)


def summary_rows(queue: BatchQueue) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for p in queue.problems():
        rows.append(
            {
                "row": p.row,
                "variant": 0,
                "name": "",
                "status": "failed",
                "output": "",
                "title": "",
                "description": "",
                "hashtags": [],
                "duration_s": None,
                "size_bytes": None,
                "voices": [],
                "cost_usd": 0.0,
                "attempts": 0,
                "error": f"manifest {'column ' + p.column + ': ' if p.column else ''}{p.message}",
                "sidecar": "",
            }
        )
    for j in queue.jobs():
        meta = (queue.setting(f"meta:{j.id}") or {}) if j.state == "done" else {}
        rows.append(
            {
                "row": j.row,
                "variant": j.variant,
                "name": j.name,
                "status": j.state,
                "output": j.output_path if j.state == "done" else "",
                "title": meta.get("title", ""),
                "description": meta.get("description", ""),
                "hashtags": list(meta.get("hashtags", [])),
                "duration_s": round(j.duration_s, 3) if j.duration_s is not None else None,
                "size_bytes": j.size_bytes,
                "voices": j.voices,
                "cost_usd": round(j.cost_usd, 6),
                "attempts": j.attempts,
                "error": j.error if j.state != "done" else "",
                "sidecar": j.sidecar_path if j.state == "done" else "",
            }
        )
    rows.sort(key=lambda r: (r["row"], r["variant"]))
    return rows


def write_summary(queue: BatchQueue) -> BatchSummary:
    """``OUTDIR/batch.json`` and ``batch.csv`` from the queue as it is now (written atomically)."""
    rows = summary_rows(queue)
    out = queue.outdir
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    data = {"manifest": queue.setting("manifest", ""), "counts": counts, "videos": rows}
    json_path, csv_path = out / SUMMARY_JSON, out / SUMMARY_CSV
    _atomic_write(json_path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=SUMMARY_FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({**r, "voices": ";".join(r["voices"]), "hashtags": " ".join(r["hashtags"])})
    _atomic_write(csv_path, buf.getvalue(), encoding="utf-8-sig")  # Excel reads it as UTF-8
    return BatchSummary(rows, json_path, csv_path)


def _atomic_write(path: Path, text: str, encoding: str = "utf-8") -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding=encoding)
    os.replace(tmp, path)


__all__ = [
    "DEFAULT_JOBS",
    "BatchEvent",
    "BatchOptions",
    "BatchRunner",
    "BatchSummary",
    "is_transient",
    "make_request",
    "plan_jobs",
    "queue_settings",
    "summary_rows",
    "write_summary",
]
