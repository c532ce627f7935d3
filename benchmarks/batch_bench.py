"""Batch throughput: 8 videos of ~20 s from one manifest vs 8 sequential `shortvid make` runs.

    python benchmarks/batch_bench.py [--videos 8] [--size 540x960] [--jobs 1,2] [--order ...]

Both sides make the same rows (text, offline voice, the bundled sample pictures, the bundled
music) at the same size and quality, each with a fresh data folder (no voice or still cached from
the other side). Prints wall time, videos per hour and the ratio batch / sequential for each
``--jobs`` value tried, plus the machine's load while it ran (the figures move with it).
Target: batch >= 1.3x the sequential throughput.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOPICS = [
    ("tea", "Green tea and black tea come from the same plant"),
    ("bees", "A honey bee visits hundreds of flowers on a single trip"),
    ("moon", "The moon moves a few centimetres away from the earth every year"),
    ("rivers", "Rivers carve valleys over thousands of years of patient work"),
    ("bread", "Bread rises because yeast turns sugar into tiny bubbles of gas"),
    ("owls", "Owls turn their heads far because their eyes cannot move"),
    ("glass", "Glass is made by melting sand at a very high temperature"),
    ("maps", "The oldest maps were scratched into clay and stone"),
    ("salt", "Sea salt is what remains when sea water dries in the sun"),
    ("clouds", "A single cloud can weigh as much as a hundred elephants"),
]


def _text(lead: str) -> str:
    """About 20 s of speech (~55 words) in five sentences."""
    return (
        f"{lead}. It sounds simple, yet there is more to it than most people think. "
        "Scientists have studied this for many years with careful experiments. "
        "What they found changes how we see ordinary things around us every day. "
        "Next time you notice it, remember the small story behind it."
    )


def _load() -> str:
    one, five, _ = os.getloadavg()
    pressure = ""
    try:
        first = Path("/proc/pressure/cpu").read_text().splitlines()[0]
        pressure = " cpu pressure " + first.split()[1].replace("avg10=", "avg10 ") + " %"
    except (OSError, IndexError):
        pass
    return f"load {one:.1f} (5 min {five:.1f}){pressure}"


def _cpu() -> float:
    """CPU seconds (user + system) of every child that ended so far (ffmpeg included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str], env: dict[str, str]) -> float:
    start = time.monotonic()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    took = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return took


def sequential(rows: list[tuple[str, str]], work: Path, common: list[str]) -> float:
    home, out = work / "home-make", work / "make"
    out.mkdir()
    env = {**os.environ, "SHORTVID_HOME": str(home)}
    start = time.monotonic()
    for name, text in rows:
        cmd = [sys.executable, "-m", "shortvid_desktop.cli", "make", "--text", text]
        _run([*cmd, "--visuals", "samples", "-o", str(out / f"{name}.mp4"), *common], env)
    return time.monotonic() - start


def batch(rows: list[tuple[str, str]], work: Path, common: list[str], jobs: int) -> float:
    home, out = work / f"home-batch{jobs}", work / f"batch{jobs}"
    manifest = work / "manifest.csv"
    if not manifest.exists():
        with open(manifest, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["name", "text"])
            writer.writerows(rows)
    env = {**os.environ, "SHORTVID_HOME": str(home)}
    cmd = [sys.executable, "-m", "shortvid_desktop.cli", "batch", str(manifest), "-o", str(out)]
    return _run([*cmd, "--visuals", "samples", "--jobs", str(jobs), *common], env)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--videos", type=int, default=8)
    p.add_argument("--size", default="540x960", help="canvas of every video (default 540x960)")
    p.add_argument("--quality", default="standard", choices=["draft", "standard", "high"])
    p.add_argument("--jobs", default="1,2", help="the batch's --jobs values to try (comma list)")
    p.add_argument("--keep", action="store_true", help="keep the work folder")
    args = p.parse_args()
    rows = [
        (f"{name}-{i // len(TOPICS) + 1}", _text(lead))
        for i, (name, lead) in enumerate((TOPICS * 4)[: args.videos])
    ]
    common = ["--size", args.size, "--quality", args.quality]
    work = Path(tempfile.mkdtemp(prefix="batch-bench-"))
    print(
        f"{args.videos} videos of ~20 s at {args.size}, quality {args.quality}; {os.cpu_count()} "
        f"cores; work in {work}"
    )
    results: list[tuple[str, float, float, str, str]] = []
    try:
        before, cpu = _load(), _cpu()
        seq = sequential(rows, work, common)
        label = f"{args.videos} sequential `shortvid make`"
        results.append((label, seq, _cpu() - cpu, before, _load()))
        for jobs in (int(j) for j in args.jobs.split(",")):
            before, cpu = _load(), _cpu()
            took = batch(rows, work, common, jobs)
            results.append((f"`shortvid batch --jobs {jobs}`", took, _cpu() - cpu, before, _load()))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(
        "| run | wall s | videos/hour | vs sequential | CPU s (per video) | load before -> after |"
    )
    print("|---|---|---|---|---|---|")
    for label, took, cpu, before, after in results:
        per_hour = args.videos * 3600 / took
        ratio = seq / took
        print(
            f"| {label} | {took:.1f} | {per_hour:.0f} | {ratio:.2f}x | {cpu:.0f} "
            f"({cpu / args.videos:.1f}) | {before} -> {after} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
