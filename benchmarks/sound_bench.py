"""The export's sound process alone (``render_sound_part``: joining, loudness passes, AAC), this
tree against another, side by side and alternating in one run.

    python benchmarks/sound_bench.py --base /tmp/base_sound --repeat 2 \
        --jobs standard,1min,10min

Jobs: ``standard`` is render_bench's reference job (30 s, voice, ducked music); ``1min`` and
``10min`` are render_bench's memory jobs (that job repeated). Run render_bench once first (it
makes the projects in ``--work``). Each run is a child process; reported: CPU-s of its ffmpeg
processes (getrusage of children) plus the child's own Python after imports, wall, the largest
ffmpeg process's peak RSS, and the output's integrated loudness and true peak (ebur128).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
JOBS = {
    "standard": "project_30s_1080x1920.json",
    "1min": "long_1min.json",
    "10min": "long_10min.json",
}


def child(project: str) -> None:
    root = os.environ.get("SOUND_BENCH_ROOT") or str(HERE)
    sys.path.insert(0, root)
    from shortvid_desktop.core.model import project_from_json
    from shortvid_desktop.render.export import render_sound_part
    from shortvid_desktop.render.graph import QUALITY_PRESETS
    from shortvid_desktop.render.plan import compile_plan

    plan = compile_plan(project_from_json(Path(project).read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory(prefix="sound-bench-") as wd:
        out = Path(wd) / "audio.m4a"
        self0 = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.monotonic()
        render_sound_part(plan, out, QUALITY_PRESETS["standard"], Path(wd))
        wall = time.monotonic() - t0
        self1 = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        py = (self1.ru_utime + self1.ru_stime) - (self0.ru_utime + self0.ru_stime)
        from shortvid_desktop.media.ffmpeg import ffmpeg_exe

        log = subprocess.run(
            [ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(out), "-af"]
            + ["ebur128=peak=true", "-f", "null", "-"],
            capture_output=True,
            text=True,
        ).stderr
    lufs = float(re.findall(r"I:\s+(-?[\d.]+) LUFS", log)[-1])
    tp = float(re.findall(r"Peak:\s+(-?[\d.]+|-inf) dBFS", log)[-1])
    print(
        json.dumps(
            {
                "ffmpeg_cpu_s": round(kids.ru_utime + kids.ru_stime, 3),
                "python_cpu_s": round(py, 3),
                "wall_s": round(wall, 2),
                "ffmpeg_peak_mb": round(kids.ru_maxrss / 1024, 1),
                "lufs": lufs,
                "true_peak": tp,
                "target": plan.loudness_lufs,
            }
        )
    )


def run(tree: Path, project: Path) -> dict:
    env = {**os.environ, "SOUND_BENCH_ROOT": str(tree)}
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(project)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", help="another tree (e.g. a `git archive` of the commit before)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--jobs", default="standard,1min,10min")
    ap.add_argument("--work", default="/tmp/shortvid-bench")
    ap.add_argument("--child")
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    trees = {"ours": HERE}
    if args.base:
        trees["base"] = Path(args.base)
    for job in args.jobs.split(","):
        project = Path(args.work) / JOBS[job]
        rows: dict[str, list[dict]] = {}
        for r in range(args.repeat):
            names = list(trees) if r % 2 == 0 else list(reversed(trees))
            for name in names:
                res = run(trees[name], project)
                rows.setdefault(name, []).append(res)
                print(job, name, json.dumps(res), flush=True)
        for name, rs in rows.items():
            cpu = [r["ffmpeg_cpu_s"] + r["python_cpu_s"] for r in rs]
            peak = max(r["ffmpeg_peak_mb"] for r in rs)
            print(f"== {job} {name}: CPU-s {min(cpu):.2f}-{max(cpu):.2f}, peak {peak} MB")


if __name__ == "__main__":
    main()
