"""The first preview frame after importing a phone clip (issue 16: <= 500 ms).

    python benchmarks/preview_bench.py [--rounds 5] [--seconds 12]

A phone-like clip (1080x1920 portrait, 30 fps, 16 Mb/s H.264, a keyframe a second; made with
ffmpeg at the start) is imported into a new project on the default canvas (1080x1920, 30 fps) and
placed on the main track; then the preview asks for the frame at a random time of it at the
window's preview size (540x960). Measured from the moment the import's scan returns to the frame
in memory, side by side in each round, each with a clip new to the proxy cache (the data
folder's other caches warm, after one round not counted):

- before: the frame waits for the clip's preview proxy (a transcode of the whole clip, as every
  frame of a clip did until this change: ``FrameRenderer(plan)``);
- now: the frame seeks in the clip itself while the proxy is made afterwards as a job of its own
  (``FrameRenderer(plan, wait_for_proxies=False)``, what the window's preview uses).

Also printed: the import scan itself (probe, hash), and the proxy's time once made.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def make_clip(path: Path, seconds: float) -> None:
    from shortvid_desktop.media.ffmpeg import run_ffmpeg

    run_ffmpeg(
        ["-f", "lavfi", "-i", f"testsrc2=s=1080x1920:r=30:d={seconds}",
         "-f", "lavfi", "-i", f"sine=f=440:d={seconds}:r=48000",
         "-c:v", "libx264", "-preset", "veryfast", "-b:v", "16M", "-g", "30",
         "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)]
    )  # fmt: skip


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the ffmpeg runs)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def one_round(clip_src: Path, work: Path, t_frac: float, wait: bool) -> dict[str, float]:
    from shortvid_desktop.edits import MacroCommand
    from shortvid_desktop.render.plan import compile_plan
    from shortvid_desktop.render.window import FrameRenderer, preview_proxy
    from shortvid_desktop.session import Session
    from shortvid_desktop.session.editing import place_assets

    # a new file each round: no proxy of it in the cache (which keys on the path), while the
    # data folder's other caches (fonts) are warm as on a person's computer
    clip = Path(tempfile.mkdtemp(prefix="import-", dir=work)) / "phone.mp4"
    shutil.copyfile(clip_src, clip)
    try:
        s = Session.new()
        t0 = time.perf_counter()
        result = s.import_media([clip])
        t1, c1 = time.perf_counter(), _cpu()
        placed = place_assets(s.project, result.added, 0)
        s.stack.push(MacroCommand("Add media to timeline", placed.commands))
        plan = compile_plan(s.project)
        t_us = int(plan.frames * t_frac) * 1_000_000 // plan.fps
        with FrameRenderer(plan, wait_for_proxies=wait) as r:
            r.frame(t_us, 0.5)
            t2 = time.perf_counter()
            c2 = _cpu()
            out = {
                "scan_ms": (t1 - t0) * 1000,
                "frame_ms": (t2 - t1) * 1000,
                "frame_cpu_ms": (c2 - c1) * 1000,
            }
            for source, height in sorted(r.missing_proxies):
                p0 = time.perf_counter()
                preview_proxy(source, height)
                out["proxy_after_ms"] = (time.perf_counter() - p0) * 1000
        return out
    finally:
        shutil.rmtree(clip.parent, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=12.0)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="svbench-clip-"))
    try:
        os.environ["SHORTVID_HOME"] = str(work / "home")  # this run's data folder
        src = work / "phone.mp4"
        make_clip(src, args.seconds)
        one_round(src, work, 0.5, wait=False)  # warm up: fonts, the first ffmpeg start
        print(f"clip: 1080x1920 30 fps {args.seconds:g} s, {src.stat().st_size / 1e6:.1f} MB")
        rng = random.Random(7)
        res: dict[str, list[dict[str, float]]] = {"before": [], "now": []}
        for i in range(args.rounds):
            frac = rng.uniform(0.1, 0.9)
            order = ("before", "now") if i % 2 == 0 else ("now", "before")
            for name in order:
                res[name].append(one_round(src, work, frac, wait=(name == "before")))
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"{args.rounds} rounds, alternating; 1-min load at the end {load:.2f}")
        for name in ("before", "now"):
            frames = [r["frame_ms"] for r in res[name]]
            scans = [r["scan_ms"] for r in res[name]]
            cpu = [r["frame_cpu_ms"] for r in res[name]]
            line = (
                f"  {name:7s} first frame after the import: median {statistics.median(frames):7.0f}"
                f" ms, max {max(frames):7.0f} ms, CPU median {statistics.median(cpu):6.0f} ms"
                f"   (import scan median {statistics.median(scans):5.0f} ms)"
            )
            after = [r["proxy_after_ms"] for r in res[name] if "proxy_after_ms" in r]
            if after:
                line += f"; its proxy afterwards {statistics.median(after):.0f} ms"
            print(line)
        b = statistics.median(r["frame_ms"] for r in res["before"])
        n = statistics.median(r["frame_ms"] for r in res["now"])
        print(f"  now / before: {n / b:.3f}   (target: now <= 500 ms)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
