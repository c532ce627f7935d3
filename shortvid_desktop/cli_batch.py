"""`shortvid batch MANIFEST -o OUTDIR`: many videos from one manifest, resumable.

Exit codes: 0 every row made, 3 some rows failed (the summary names them), 2 an unusable
manifest (or an output folder that already holds a batch, without --resume), 130 Ctrl+C (the
queue stays in OUTDIR; ``--resume`` goes on where it stopped).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .cli_common import EXIT_BAD_INPUT, EXIT_CANCELLED, EXIT_OK, emit_path, run_job, say
from .core.errors import BadInputError
from .jobs import Cancelled

EXIT_SOME_FAILED = 3


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT (e.g. 720x1280)") from None
    if w < 16 or h < 16 or w % 2 or h % 2:
        raise argparse.ArgumentTypeError(f"{text!r}: width and height must be even, at least 16")
    return w, h


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give at least 1")
    return value


def add_batch_command(sub: Any) -> None:
    b = sub.add_parser(
        "batch",
        help="many videos from one manifest (CSV or JSONL), resumable",
        description="Make one video per manifest row (N per row with a variants column) into "
        "OUTDIR: <name>.mp4 (or <name>-<n>.mp4 for variants), a <name>.json sidecar each, and "
        "batch.json / batch.csv summaries. The queue lives in OUTDIR, so a stopped run goes on "
        "with --resume.",
    )
    b.add_argument("manifest", help="a CSV (UTF-8, UTF-8 with BOM or GBK) or JSONL file")
    b.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="the output folder")
    b.add_argument(
        "--jobs",
        type=_positive,
        default=None,
        help="concurrent renders (default: what measured fastest on a 2-core machine; the "
        "scripts and voices of the next videos are made meanwhile anyway)",
    )
    b.add_argument(
        "--resume",
        action="store_true",
        help="go on with the batch in OUTDIR: unfinished, cancelled and failed videos are made "
        "again; finished ones (MP4 present and unchanged) are kept",
    )
    b.add_argument(
        "--dry-run", action="store_true", help="check the manifest and print the plan only"
    )
    b.add_argument("--provider", help="AI provider for topic rows (see `shortvid providers`)")
    b.add_argument(
        "--visuals",
        metavar="SOURCES",
        help="where pictures come from, in order (as for `shortvid make --visuals`)",
    )
    b.add_argument("--size", type=_size, help="canvas WIDTHxHEIGHT for every video")
    b.add_argument("--fps", type=int, choices=[24, 25, 30, 50, 60])
    b.add_argument("--quality", choices=["draft", "standard", "high"], default=None)
    b.add_argument("--encoder", default="auto", help="as for `shortvid make --encoder`")
    b.add_argument("--farm", metavar="BROKER", help="render every video on the farm (redis://...)")
    b.add_argument("--storage", help="the farm's storage: s3://bucket/prefix or file:///dir")
    b.add_argument(
        "--attempts",
        type=_positive,
        default=3,
        help="tries per video when the network or a provider fails for a while (default 3)",
    )
    b.add_argument(
        "--backoff",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="the first pause before trying again; it doubles each time (default 2)",
    )
    b.set_defaults(func=cmd_batch)


def _options(args: argparse.Namespace):
    from .session.batch.runner import DEFAULT_JOBS, BatchOptions

    return BatchOptions(
        jobs=args.jobs or DEFAULT_JOBS,
        provider=args.provider or "",
        visuals=args.visuals or "",
        size=args.size,
        fps=args.fps or 0,
        quality=args.quality,
        encoder=args.encoder,
        attempts=args.attempts,
        backoff_s=max(0.0, args.backoff),
        **_farm_options(args),
    )


def _farm_options(args: argparse.Namespace) -> dict[str, str]:
    """--farm BROKER --storage URL: every video renders on the farm."""
    farm, storage = getattr(args, "farm", None) or "", getattr(args, "storage", None) or ""
    if bool(farm) != bool(storage):
        raise BadInputError("--farm BROKER_URL and --storage URL go together.")
    if not farm:
        return {}
    from .session.farm import broker_url

    return {"farm": broker_url(farm), "storage": storage}


def _source(request: dict[str, Any]) -> str:
    for key, label in (("topic", "topic"), ("script", "script"), ("text", "text")):
        value = str(request.get(key) or "")
        if value:
            short = value if len(value) <= 48 else value[:45] + "..."
            return f"{label}: {short}"
    return ""


def _print_plan(jobs: list[Any], outdir: Path) -> None:
    for job in jobs:
        count = (job.request.get("batch") or {}).get("count", 1)
        variant = f", variant {job.variant} of {count}" if count > 1 else ""
        media = job.request.get("media") or []
        extra = f", {len(media)} media file(s)" if media else ""
        print(
            f"{outdir / (job.name + '.mp4')}\trow {job.row}{variant}\t{_source(job.request)}{extra}"
        )


def cmd_batch(args: argparse.Namespace) -> int:
    from .session.batch.queue import BatchQueue, NewJob
    from .session.batch.runner import BatchRunner, plan_jobs, queue_settings

    outdir = Path(args.output)
    options = _options(args)
    if args.resume:
        queue, report = BatchQueue.resume(outdir, dry_run=args.dry_run)
        made_from = str(queue.setting("manifest", "") or "")
        if made_from and Path(made_from).resolve() != Path(args.manifest).resolve():
            say(
                f"note: {outdir} holds the batch made from {made_from}: its rows are made as "
                f"they were queued ({args.manifest} is not read)"
            )
        for line in report.lines():
            say(line)
        if args.dry_run:
            again = {n for names in report.requeued.values() for n in names}
            waiting = [j for j in queue.jobs() if j.state == "queued" or j.name in again]
            _print_plan([NewJob(j.row, j.variant, j.name, j.request) for j in waiting], outdir)
            say(f"plan: {len(waiting)} video(s) to make in {outdir}")
            queue.close()
            return EXIT_OK
    else:
        from .session.batch.manifest import read_manifest

        if BatchQueue.exists(outdir):
            raise BadInputError(
                f"{outdir} already holds a batch. Pass --resume to go on with it (finished "
                "videos are kept), or choose a new output folder with -o.",
                path=str(outdir),
            )
        manifest = read_manifest(args.manifest)
        for problem in manifest.problems:
            say(f"skipped: {problem}")
        if not manifest.requests:
            say(f"error: {args.manifest}: no row can be used (see above); nothing to make.")
            return EXIT_BAD_INPUT
        jobs, problems, notes = plan_jobs(manifest, options)
        for note in notes:
            say(f"note: {note}")
        if args.dry_run:
            _print_plan(jobs, outdir)
            say(
                f"plan: {len(jobs)} video(s) from {len(manifest.requests)} row(s) into {outdir}"
                + (f"; {len(problems)} row(s) skipped" if problems else "")
            )
            return EXIT_SOME_FAILED if problems else EXIT_OK
        queue = BatchQueue.create(outdir, jobs, problems, queue_settings(options, manifest))
    try:
        return _run(queue, options, outdir, BatchRunner)
    finally:
        queue.close()


def _run(queue: Any, options: Any, outdir: Path, runner_cls: Any) -> int:
    def on_event(event: Any) -> None:
        name = event.job.name
        if event.kind == "start":
            say(f"[{name}] making (row {event.job.row})")
        elif event.kind == "done":
            say(f"[{name}] made {event.message}")
        elif event.kind == "failed":
            say(f"[{name}] failed: {event.message}")
        elif event.kind in ("retry", "note"):
            say(f"[{name}] {event.message}")

    runner = runner_cls(queue, options, on_event=on_event)
    try:
        summary = run_job(runner.run)
    except Cancelled:
        runner.write_summary()
        say(
            f"cancelled: the videos made so far are kept; go on with "
            f"`shortvid batch MANIFEST -o {outdir} --resume`"
        )
        return EXIT_CANCELLED
    for row in summary.done:
        emit_path(row["output"])
    failed = summary.failed
    say(
        f"batch: {len(summary.done)} made, {len(failed)} failed; summary in "
        f"{summary.json_path} and {summary.csv_path}"
    )
    for row in failed:
        who = f"row {row['row']}" + (f" ({row['name']})" if row["name"] else "")
        say(f"  failed: {who}: {row['error']}")
    return EXIT_SOME_FAILED if failed else EXIT_OK


__all__ = ["EXIT_SOME_FAILED", "add_batch_command", "cmd_batch"]
