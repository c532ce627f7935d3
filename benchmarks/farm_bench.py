"""The render farm on this machine against a local export of the same project.

    python benchmarks/farm_bench.py [--size 540x960] [--seconds 24] [--fps 30] [--skip-two]

Starts redis-server (random port, a password) and `shortvid worker` processes on 127.0.0.1
with file:// storage, then renders one project (the bundled sample stills with Ken Burns and
fades, a spoken track, the bundled music, captions) three ways, alternating nothing:

1. locally: `export` as the app does (windows side by side, one per core, up to 4);
2. on the farm with ONE worker of as many processes as the local export runs windows, and the
   same windows: farm overhead = farm / local (target <= 1.15x);
3. on the farm with TWO workers of half as many processes each (the same total).

Each farm run uses a fresh storage (nothing cached from another run). Prints the wall times,
the ratio, the per-window cost and transfer sizes (from the workers' trace), and the scaling
model's projection for 4/16/64 workers on a 10-minute 1080p video (docs/farm.md says how).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(check, deadline_s: float, what: str):
    end = time.monotonic() + deadline_s
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise SystemExit(f"{what}: not within {deadline_s:.0f} s")
        time.sleep(0.1)


class Farm:
    def __init__(self, root: Path, workers: list[tuple[str, int]]) -> None:
        import redis

        self.root = root
        self.password = "bench-" + os.urandom(6).hex()
        self.port = free_port()
        self.url = f"redis://:{self.password}@127.0.0.1:{self.port}/0"
        self.share = root / "share"
        self.share.mkdir(parents=True)
        self.trace = root / "trace.jsonl"
        self.procs: list[subprocess.Popen] = []
        redis_exe = shutil.which("redis-server")
        if redis_exe is None:
            raise SystemExit("redis-server is not installed (apt-get install redis-server)")
        self.redis = subprocess.Popen(
            [redis_exe, "--port", str(self.port), "--bind", "127.0.0.1", "--requirepass",
             self.password, "--save", "", "--appendonly", "no", "--dir", str(root)],
            stdout=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        client = redis.Redis(port=self.port, password=self.password)

        def answers() -> bool:
            try:
                return bool(client.ping())
            except redis.exceptions.ConnectionError:
                return False

        wait_for(answers, 20, "redis-server")
        env = dict(os.environ, SHORTVID_FARM_TRACE=str(self.trace))
        for name, conc in workers:
            env["SHORTVID_HOME"] = str(root / f"home-{name}")
            log = open(root / f"{name}.log", "wb")
            self.procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "shortvid_desktop.cli",
                        "worker",
                        "--broker",
                        self.url,
                        "--storage",
                        self.share.as_uri(),
                        "--name",
                        name,
                        "--concurrency",
                        str(conc),
                        "--loglevel",
                        "WARNING",
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=dict(env),
                    start_new_session=True,
                )  # fmt: skip
            )
        from shortvid_desktop.session.farm import farm_status

        names = {n for n, _ in workers}
        wait_for(
            lambda: names <= {w["name"].split("-")[0] for w in farm_status(self.url, 1.0)},
            120,
            "the workers",
        )

    def traces(self) -> list[dict]:
        if not self.trace.exists():
            return []
        return [json.loads(x) for x in self.trace.read_text().splitlines() if x.strip()]

    def close(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        self.redis.kill()
        self.redis.wait()


def build_project(size: str, seconds: float, fps: int, work: Path):
    from shortvid_desktop.core.model import Clip, KenBurns, Project, Scene, Transition
    from shortvid_desktop.media.ffmpeg import run_ffmpeg
    from shortvid_desktop.media.importer import asset_from_path
    from shortvid_desktop.session.session import sample_music, sample_visuals

    w, h = (int(v) for v in size.split("x"))
    p = Project(title="Farm bench")
    p.template.width, p.template.height, p.template.fps = w, h, fps
    p.template.title_card = False
    stills = [asset_from_path(f) for f in sample_visuals() if f.suffix == ".jpg"][:6]
    voice_wav = work / "voice.wav"
    run_ffmpeg(["-f", "lavfi", "-i", f"sine=f=220:d={seconds}:r=48000", str(voice_wav)])
    voice = asset_from_path(voice_wav)
    music_path = sample_music()
    music = asset_from_path(music_path) if music_path else None
    for a in [*stills, voice, *([music] if music else [])]:
        p.assets[a.id] = a
    n = max(2, int(seconds // 3))
    step = int(seconds * 1e6 / n)
    track = p.timeline.ensure_track("video")
    for i in range(n):
        track.clips.append(
            Clip(
                asset_id=stills[i % len(stills)].id,
                start_us=i * step - (400_000 if i else 0),
                duration_us=step + (400_000 if i else 0),
                ken_burns=KenBurns("zoom_in", 0.2),
                transition_in=Transition("fade", 400_000) if i else Transition(),
            )
        )
    scenes = []
    vt = p.timeline.ensure_track("voice")
    for i in range(n):
        sc = Scene(narration=f"Part {i + 1}: the farm renders windows side by side.")
        scenes.append(sc)
        vt.clips.append(
            Clip(
                asset_id=voice.id,
                start_us=i * step,
                duration_us=step,
                source_in_us=i * step,
                scene_id=sc.id,
            )
        )
    p.script.scenes.extend(scenes)
    if music:
        p.music_asset_id = music.id
    return p


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="540x960")
    ap.add_argument("--seconds", type=float, default=24.0)
    ap.add_argument("--fps", type=int, default=30)
    ap.add_argument("--skip-two", action="store_true", help="no two-worker run")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="shortvid-farm-bench-"))
    os.environ["SHORTVID_HOME"] = str(work / "home-desktop")
    from shortvid_desktop.render.encoders import choose_encoder
    from shortvid_desktop.render.export import PARALLEL_MIN_SECONDS, export, export_workers
    from shortvid_desktop.render.plan import compile_plan
    from shortvid_desktop.session.farm import render_on_farm

    try:
        project = build_project(args.size, args.seconds, args.fps, work)
        plan = compile_plan(project)
        enc = choose_encoder("libx264", plan.quality)
        procs = export_workers(enc)
        per_window = max(PARALLEL_MIN_SECONDS, min(40.0, plan.frames / plan.fps / procs))
        print(
            f"project: {args.size} {args.fps} fps, {plan.frames / plan.fps:.1f} s, "
            f"{plan.frames} frames; local export: {procs} windows at once of {per_window:.1f} s"
        )
        # warm both sides' caches alike (stills normalised, font subset) with a first local run
        export(plan, work / "warm.mp4", encoder=enc)
        t0 = time.monotonic()
        local = export(plan, work / "local.mp4", encoder=enc)
        local_s = time.monotonic() - t0
        print(f"local export:            {local_s:7.2f} s")

        runs = [("one worker", [("solo", procs)])]
        if not args.skip_two:
            runs.append(("two workers", [("a", max(1, procs // 2)), ("b", max(1, procs // 2))]))
        report: dict = {"local_s": local_s, "size": args.size, "frames": plan.frames}
        for label, workers in runs:
            root = work / label.replace(" ", "-")
            root.mkdir()
            farm = Farm(root, workers)
            try:
                # a warm-up job (fonts, stills on the workers), then the measured one
                render_on_farm(
                    project, root / "warm.mp4", farm.url, farm.share.as_uri(),
                    window_s=per_window, quality=None, timeout_s=1800,
                )  # fmt: skip
                shutil.rmtree(farm.share)  # nothing cached: the measured job does all the work
                farm.share.mkdir()
                farm.trace.unlink(missing_ok=True)
                t0 = time.monotonic()
                res = render_on_farm(
                    project, root / "farm.mp4", farm.url, farm.share.as_uri(),
                    window_s=per_window, timeout_s=1800,
                )  # fmt: skip
                farm_s = time.monotonic() - t0
                tr = farm.traces()
            finally:
                farm.close()
            windows = [t for t in tr if t["task"] == "render_window"]
            sound = [t for t in tr if t["task"] == "render_sound"]
            join = [t for t in tr if t["task"] == "join"]
            frames_per_window = plan.frames / max(1, len(windows))
            per_frame = sum(t["s"] for t in windows) / plan.frames
            assets = (
                sum(f.stat().st_size for f in (farm.share / "objects").rglob("*") if f.is_file())
                if (farm.share / "objects").exists()
                else 0
            )
            entry = {
                "seconds": farm_s,
                "ratio": farm_s / local_s,
                "windows": len(windows),
                "window_s": [round(t["s"], 2) for t in windows],
                "window_bytes": sum(t["bytes"] for t in windows),
                "sound_s": sound[0]["s"] if sound else 0.0,
                "join_s": join[0]["s"] if join else 0.0,
                "mp4_bytes": res.bytes_down,
                "per_frame_s": per_frame,
                "frames_per_window": frames_per_window,
                "upload_s": res.timings.get("upload", 0.0),
                "download_s": res.timings.get("download", 0.0),
                "stored_bytes": assets,
            }
            report[label] = entry
            print(
                f"farm, {label:<12}     {farm_s:7.2f} s  = {farm_s / local_s:.2f}x local "
                f"({len(windows)} windows: {', '.join(f'{s:.1f}' for s in entry['window_s'])} s; "
                f"sound {entry['sound_s']:.1f} s, join {entry['join_s']:.2f} s, "
                f"upload {entry['upload_s']:.2f} s, download {entry['download_s']:.2f} s)"
            )
        one = report["one worker"]
        print(
            f"target: one worker <= 1.15x local: {'met' if one['ratio'] <= 1.15 else 'NOT met'} "
            f"({one['ratio']:.2f}x)"
        )
        print_model(one, args.size, local.seconds)
        print(json.dumps(report, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def print_model(one: dict, size: str, _local_s: float) -> None:
    """T(N) for a 10-minute 1080x1920 30 fps video, from this run's per-frame cost (scaled by
    pixels), the per-window start-up and the transfer sizes (docs/farm.md)."""
    w, h = (int(v) for v in size.split("x"))
    scale = (1080 * 1920) / (w * h)
    t_frame = one["per_frame_s"] * scale  # one window process's seconds per 1080p frame
    frames = 10 * 60 * 30
    window_frames = 20 * 30  # FARM_WINDOW_SECONDS
    windows = frames // window_frames
    t_start = 1.0  # a task's fixed cost: message, objects from the worker's cache, graph start
    bytes_per_frame = one["window_bytes"] / max(1, one["frames_per_window"] * one["windows"])
    mp4 = bytes_per_frame * scale * frames
    bandwidth = 100e6 / 8  # 100 Mbit/s between workers and storage
    t_join = one["join_s"] * (mp4 / max(1, one["mp4_bytes"]))
    t_sound = one["sound_s"] * frames / max(1, one["frames_per_window"] * one["windows"])
    print(
        f"model (10 min 1080p, {windows} windows of 20 s, {t_frame * 1000:.0f} ms/frame per "
        f"window process, MP4 ~{mp4 / 1e6:.0f} MB, 100 Mbit/s):"
    )
    for n in (1, 4, 16, 64):
        waves = -(-windows // n)
        render = waves * (
            t_start + window_frames * t_frame + window_frames * bytes_per_frame * scale / bandwidth
        )
        total = max(render, t_sound) + t_join + mp4 / bandwidth * 2
        print(f"  {n:>2} worker process(es): ~{total / 60:5.1f} min")


if __name__ == "__main__":
    sys.exit(main())
