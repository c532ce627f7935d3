"""Where the time of one `shortvid make` goes before and while its windows render.

    python benchmarks/make_timeline.py [--repeat 3] [--base TREE]

Runs `shortvid make` of the render bench's sentences (fresh data folder each run, standard
preset, 1080x1920, the bundled samples) in a child process with its phases timed: the script
and pictures gathered, the voicing, the export's warm-up (session.make.RenderWarmup), each
window and the sound, the join. Each line gives the seconds since the start and the CPU
seconds of the process and of its finished children so far. With ``--base`` (another tree,
e.g. ``git worktree add /tmp/base HEAD``) that tree's code runs too, alternating, and the
summary compares when the windows start and when the video is done (medians).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(out: str) -> None:
    """In the child: wrap the phases, run the CLI, print one JSON line of events."""
    import resource
    import threading
    import time

    t0 = time.monotonic()
    events: list[dict] = []

    def mark(what: str) -> None:
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        events.append(
            {
                "t": round(time.monotonic() - t0, 3),
                "cpu_self": round(own.ru_utime + own.ru_stime, 2),
                "cpu_children": round(kids.ru_utime + kids.ru_stime, 2),
                "thread": threading.current_thread().name,
                "event": what,
            }
        )

    def wrap(owner: object, name: str) -> None:
        real = getattr(owner, name)

        def timed(*a: object, **k: object) -> object:
            mark(f"> {name}")
            try:
                return real(*a, **k)
            finally:
                mark(f"< {name}")

        setattr(owner, name, timed)

    from shortvid_desktop import cli
    from shortvid_desktop.render import export
    from shortvid_desktop.session import make, session

    mark("imported")
    wrap(make, "build_session")
    wrap(session, "_voice_scenes")
    wrap(make.RenderWarmup, "_prepare")
    for name in ("render_window_part", "render_sound_part", "join_parts", "subset_font"):
        wrap(export, name)
    sys.path.insert(0, str(HERE))
    from render_bench import SENTENCES

    args = ["make", "--text", " ".join(SENTENCES), "--visuals", "samples", "--lang", "en"]
    args += ["--size", "1080x1920", "--quality", "standard", "-o", out]
    code = cli.main(args)
    mark("done")
    print("EVENTS " + json.dumps({"code": code, "events": events}), flush=True)


def run_once(tree: Path, work: Path) -> dict:
    home = work / "home"
    shutil.rmtree(home, ignore_errors=True)
    env = dict(
        os.environ, SHORTVID_HOME=str(home), PYTHONPATH=str(tree), RENDER_BENCH_ROOT=str(tree)
    )
    out = work / "made.mp4"
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("EVENTS "))
    return json.loads(line.removeprefix("EVENTS "))


def summary(events: list[dict]) -> dict:
    def first(what: str) -> dict:
        return next(e for e in events if e["event"] == what)

    def last(what: str) -> dict:
        return [e for e in events if e["event"] == what][-1]

    end = first("done")
    return {
        "voiced_s": first("< _voice_scenes")["t"],
        "warmup_done_s": first("< _prepare")["t"],
        "windows_start_s": first("> render_window_part")["t"],
        "cpu_before_windows_s": round(
            first("> render_window_part")["cpu_self"]
            + first("> render_window_part")["cpu_children"],
            2,
        ),
        "first_window_done_s": first("< render_window_part")["t"],
        "last_window_done_s": last("< render_window_part")["t"],
        "sound_done_s": first("< render_sound_part")["t"],
        "done_s": end["t"],
        "cpu_s": round(end["cpu_self"] + end["cpu_children"], 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--base", type=Path, help="another tree whose code runs too, alternating")
    ap.add_argument("--events", action="store_true", help="print every event of each run")
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    trees = {"ours": HERE.parent}
    if args.base:
        trees["base"] = args.base.resolve()
    sys.path.insert(0, str(HERE))
    from render_bench import compile_tree

    for tree in trees.values():
        compile_tree(tree)
    runs: dict[str, list[dict]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="make-timeline-") as tmp:
        for r in range(args.repeat):
            order = list(trees) if r % 2 == 0 else list(reversed(trees))
            for name in order:
                got = run_once(trees[name], Path(tmp))
                row = summary(got["events"])
                runs[name].append(row)
                print(json.dumps({"tree": name, "load": round(os.getloadavg()[0], 1), **row}))
                if args.events:
                    for e in got["events"]:
                        print("   ", json.dumps(e))
    medians = {
        name: {k: round(statistics.median(r[k] for r in rows), 2) for k in rows[0]}
        for name, rows in runs.items()
    }
    print(json.dumps({"medians": medians}, indent=2))


if __name__ == "__main__":
    main()
