"""Render benchmark: the reference job (docs/architecture.md, Benchmarks), side by side in one run.

    python benchmarks/render_bench.py            # full run (about 15 minutes on 2 cores)
    python benchmarks/render_bench.py --quick    # 8 s at 540x960, for a smoke check
    python benchmarks/render_bench.py --standard-only --jobs standard,make,fps60,uhd \
        --repeat 2 --base /tmp/base16             # each job against its floor, A/B with a tree

The reference job: 30 s, 1080x1920, 30 fps; 4 stills with Ken Burns and 2 video clips of
1920x1080; 0.5 s crossfades; a caption per segment; a voice over the whole; music ducked under it.
Variants, each run in its own child process (wall time, CPU time and peak memory of the whole
process tree), in alternating order when repeated:

  ours_ref       our export at libx264 medium, crf 20 (as shipped: windows of the video render
                 side by side, one per core, and join without re-encoding)
  floor          our ours_ref output decoded and encoded again with the same settings (the
                 content floor: only the graph's own cost is above it)
  ours_standard  our default "standard" export
  moviepy        the same job through a straightforward MoviePy pipeline (medium, crf 20)
  lossless       our export, lossless (the VMAF reference)

Then: VMAF of ours_ref and ours_standard against the lossless render, file sizes, the ratios
ours_ref/floor and moviepy/standard, preview-frame latency at 540x960 (median and p90 over 30
random t), ours_ref and ours_standard rendered as one graph in one process (``*_1proc``: the
graph's own overhead, and what the side-by-side windows gain), and peak memory of a 1-minute
versus a 10-minute export.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# the tree whose code renders (RENDER_BENCH_ROOT: another tree's, for --base)
ROOT = Path(os.environ.get("RENDER_BENCH_ROOT") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(ROOT))

from shortvid_desktop.media.ffmpeg import ffmpeg_exe, run_ffmpeg  # noqa: E402

SENTENCES = [
    "Mornings set the tone for the whole day.",
    "Leave your phone in another room and let daylight wake you.",
    "Drink a full glass of water before your coffee.",
    "Make your bed, it takes one minute and feels like a win.",
    "Stretch slowly for three deep breaths and relax your shoulders.",
    "Write down the one thing that would make today feel good.",
]


# ----------------------------------------------------------------------------- inputs
def make_inputs(work: Path, seconds: float, width: int, height: int) -> Path:
    """Generate the clips, voice and project JSON (cached in ``work``)."""
    from shortvid_desktop.core.model import (
        Asset,
        Clip,
        KenBurns,
        Project,
        Transition,
        project_to_json,
    )
    from shortvid_desktop.paths import resource
    from shortvid_desktop.voice.cache import synthesize_cached
    from shortvid_desktop.voice.registry import get_engine

    work.mkdir(parents=True, exist_ok=True)
    project_path = work / f"project_{int(seconds)}s_{width}x{height}.json"
    if project_path.is_file():
        return project_path
    stills = sorted((resource("samples") / "stills").glob("*.jpg"))
    portrait = [s for s in stills if "landscape" not in s.name][:4]
    landscape = next(s for s in stills if "landscape" in s.name)
    clip_a = work / "clip_pan_1920x1080.mp4"
    if not clip_a.is_file():  # a slow camera pan over a real picture, with sensor grain, at the
        # bitrate a phone records 1080p30 at (16 Mb/s)
        run_ffmpeg(
            [
                "-loop", "1", "-framerate", "30", "-t", "7", "-i", str(landscape), "-vf",
                "scale=2880:1620,crop=1920:1080:x='t/7*(iw-1920)':y='(ih-1080)/2',"
                "noise=alls=3:allf=t,format=yuv420p",
                "-c:v", "libx264", "-preset", "veryfast", "-b:v", "16M", "-maxrate", "20M",
                "-bufsize", "32M", str(clip_a),
            ]
        )  # fmt: skip
    clip_b = work / "clip_b_1920x1080.mp4"
    if not clip_b.is_file():
        sample = resource("samples", "clips", "sample_clip.mp4")
        run_ffmpeg(
            [
                "-stream_loop",
                "1",
                "-i",
                str(sample),
                "-t",
                "7",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-crf",
                "16",
                "-c:a",
                "aac",
                str(clip_b),
            ]
        )
    p = Project(title="Render benchmark")
    p.template.width, p.template.height, p.template.fps = width, height, 30
    p.template.title_card = False
    p.language = "en"

    def add(path: Path, kind: str, **kw: object) -> Asset:
        a = Asset(path=str(path), kind=kind, **kw)  # type: ignore[arg-type]
        p.assets[a.id] = a
        return a

    visuals = [add(s, "image", width=1080, height=1920) for s in portrait]
    visuals.insert(2, add(clip_a, "video", width=1920, height=1080, duration_us=7_000_000))
    visuals.insert(
        5, add(clip_b, "video", width=1920, height=1080, duration_us=7_000_000, has_audio=True)
    )
    n = len(visuals)
    seg = int(seconds * 1_000_000) // n
    half = 250_000
    video = p.timeline.ensure_track("video")
    modes = ["zoom_in", "pan_left", "zoom_out", "pan_right"]
    for i, asset in enumerate(visuals):
        start = max(0, i * seg - half)
        end = min(int(seconds * 1_000_000), (i + 1) * seg + half)
        kb = KenBurns(modes[i % 4], 0.12) if asset.kind == "image" else KenBurns("none")
        video.clips.append(
            Clip(
                asset_id=asset.id,
                start_us=start,
                duration_us=end - start,
                fit="fit_blur" if asset.kind == "video" and i == 2 else "fill",
                ken_burns=kb,
                transition_in=Transition("fade", 2 * half) if i else Transition(),
                volume=0.0,
            )
        )
    voice_track = p.timeline.ensure_track("voice")
    engine = get_engine("piper")
    for i in range(n):
        text = SENTENCES[i % len(SENTENCES)]
        res = synthesize_cached(engine, text, "en_US-joe-medium")
        a = add(res.audio_path, "audio", duration_us=res.duration_us)
        dur = min(res.duration_us, seg - 300_000)
        voice_track.clips.append(
            Clip(
                asset_id=a.id,
                start_us=i * seg + 150_000,
                duration_us=dur,
                text=text,
                words=[w for w in res.words if w.start_us < dur],
            )
        )
    music = add(resource("samples", "music", "loop.m4a"), "audio", duration_us=16_000_000)
    p.music_asset_id = music.id
    p.timeline.ensure_track("music").clips.append(
        Clip(asset_id=music.id, start_us=0, duration_us=int(seconds * 1_000_000))
    )
    project_path.write_text(project_to_json(p), encoding="utf-8")
    return project_path


def clip_heavy_project(base: Path, work: Path) -> Path:
    """The reference job with 7 segments, 3 of them from the 1080p clips (the preview's harder
    case: frames on clip segments decode video)."""
    from shortvid_desktop.core.model import (
        Clip,
        KenBurns,
        Transition,
        project_from_json,
        project_to_json,
    )

    p = project_from_json(base.read_text(encoding="utf-8"))
    video = p.timeline.track("video")
    old = video.sorted_clips()
    stills = [c.asset_id for c in old if p.assets[c.asset_id].kind == "image"]
    clips = [c.asset_id for c in old if p.assets[c.asset_id].kind == "video"]
    order = [stills[0], clips[0], stills[1], clips[1], stills[2], clips[0], stills[3]]
    total = p.timeline.duration_us
    seg, half = total // len(order), 250_000
    video.clips = []
    for i, asset_id in enumerate(order):
        start = max(0, i * seg - half)
        end = min(total, (i + 1) * seg + half)
        still = p.assets[asset_id].kind == "image"
        video.clips.append(
            Clip(
                asset_id=asset_id,
                start_us=start,
                duration_us=end - start,
                source_in_us=0 if i < 5 else 1_000_000,
                fit="fit_blur" if i == 5 else "fill",
                ken_burns=KenBurns("zoom_in", 0.12) if still else KenBurns("none"),
                transition_in=Transition("fade", 2 * half) if i else Transition(),
                volume=0.0,
            )
        )
    out = work / "project_clip_heavy.json"
    out.write_text(project_to_json(p), encoding="utf-8")
    return out


def long_project(base: Path, minutes: float, work: Path) -> Path:
    """The reference project repeated to ``minutes`` (for the memory comparison)."""
    from shortvid_desktop.core.model import project_from_json, project_to_json
    from shortvid_desktop.core.serial import clone

    p = project_from_json(base.read_text(encoding="utf-8"))
    period = p.timeline.duration_us
    reps = max(1, int(minutes * 60_000_000 // period))
    for track in p.timeline.tracks:
        originals = list(track.clips)
        track.clips = []
        for r in range(reps):
            for c in originals:
                c2 = clone(c)
                c2.id = f"{c.id}_{r}"
                c2.start_us = c.start_us + r * period
                if track.kind == "music":
                    c2.duration_us = c.duration_us
                track.clips.append(c2)
    out = work / f"long_{minutes:g}min.json"
    out.write_text(project_to_json(p), encoding="utf-8")
    return out


# ----------------------------------------------------------------------------- children
def child(variant: str, project: str, out: str, extra: str) -> None:
    """Runs in a child process: one variant, nothing else."""
    from shortvid_desktop.core.model import project_from_json
    from shortvid_desktop.render.export import export
    from shortvid_desktop.render.graph import QUALITY_PRESETS, EncoderSettings
    from shortvid_desktop.render.plan import compile_plan

    if variant in ("floor", "floor_standard"):
        # at the niceness our renders run at (render/process.py): on a busy machine a floor at
        # normal priority would get a larger share of the cores than the render it is compared to
        from shortvid_desktop.render.process import RENDER_NICENESS

        if hasattr(os, "nice"):
            os.nice(RENDER_NICENESS)
        preset, crf = ("medium", "20") if variant == "floor" else ("veryfast", "21")
        run_ffmpeg(
            [
                "-i",
                extra,
                "-c:v",
                "libx264",
                "-preset",
                preset,
                "-crf",
                crf,
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "copy",
                out,
            ]
        )
        return
    if variant == "make":
        # `shortvid make` as a user runs it: speech, probing, stills, the font subset and the
        # render, from a data folder of its own (nothing cached from an earlier run)
        from shortvid_desktop.cli import main as cli_main

        text = " ".join(SENTENCES)
        size = extra or "1080x1920"
        args = ["make", "--text", text, "--visuals", "samples", "--lang", "en"]
        args += ["--size", size, "--quality", "standard", "-o", out]
        code = cli_main(args)
        if code:
            raise SystemExit(code)
        return
    proj = project_from_json(Path(project).read_text(encoding="utf-8"))
    if variant == "moviepy":
        moviepy_pipeline(proj, out)
        return
    plan = compile_plan(proj)
    one_process = variant.endswith("_1proc")  # the whole video in one ffmpeg graph
    enc = {
        "ours_ref": QUALITY_PRESETS["reference"],
        "ours_standard": QUALITY_PRESETS["standard"],
        "lossless": EncoderSettings(preset="ultrafast", crf=0, extra=(("qp", "0"),), profile=None),
        "draft": QUALITY_PRESETS["draft"],
    }[variant.removesuffix("_1proc")]
    export(plan, out, encoder=enc, workers=1 if one_process else None)


def moviepy_pipeline(project, out: str) -> None:
    """What popular generators do: per-frame compositing in Python with MoviePy."""
    from moviepy import (
        AudioFileClip,
        CompositeAudioClip,
        CompositeVideoClip,
        ImageClip,
        TextClip,
        VideoFileClip,
        afx,
        vfx,
    )

    from shortvid_desktop.render.fonts import choose_font

    w, h = project.template.width, project.template.height
    layers = []
    for i, c in enumerate(project.timeline.track("video").sorted_clips()):
        a = project.assets[c.asset_id]
        d = c.duration_us / 1e6
        if a.kind == "image":
            base = ImageClip(a.path).with_duration(d)
            scale = max(w / base.w, h / base.h)
            base = base.resized(scale)
            kb = base.resized(lambda t, d=d: 1 + 0.12 * t / d)
            clip = CompositeVideoClip([kb.with_position("center")], size=(w, h))
        else:
            src = VideoFileClip(a.path, audio=False).subclipped(0, d)
            src = src.resized(height=h)
            clip = src.cropped(x_center=src.w / 2, width=w)
        clip = clip.with_start(c.start_us / 1e6)
        if i:
            clip = clip.with_effects([vfx.CrossFadeIn(0.5)])
        layers.append(clip)
    font = choose_font("Abc").path
    captions = []
    audio = []
    for c in project.timeline.track("voice").sorted_clips():
        t = TextClip(
            font=font,
            text=c.text,
            font_size=64,
            color="white",
            stroke_color="black",
            stroke_width=4,
            method="caption",
            size=(w - 140, None),
        )
        captions.append(
            t.with_start(c.start_us / 1e6)
            .with_duration(c.duration_us / 1e6)
            .with_position(("center", h - 560))
        )
        audio.append(AudioFileClip(project.assets[c.asset_id].path).with_start(c.start_us / 1e6))
    total = project.timeline.duration_us / 1e6
    music = AudioFileClip(project.assets[project.music_asset_id].path)
    music = music.with_effects([afx.AudioLoop(duration=total)]).with_volume_scaled(0.3)
    video = CompositeVideoClip(layers + captions, size=(w, h)).with_duration(total)
    video = video.with_audio(CompositeAudioClip([music, *audio]).with_duration(total))
    video.write_videofile(
        out,
        fps=30,
        codec="libx264",
        preset="medium",
        audio_codec="aac",
        ffmpeg_params=["-crf", "20", "-pix_fmt", "yuv420p"],
        threads=2,
        logger=None,
    )


def measure(
    variant: str,
    project: Path,
    out: Path,
    extra: str = "",
    env: dict[str, str] | None = None,
) -> dict:
    """Run one variant in a child process; wall, CPU (user+sys of the tree), peak RSS."""
    cmd = [
        sys.executable,
        __file__,
        "--child",
        variant,
        "--project",
        str(project),
        "--out",
        str(out),
        "--extra",
        extra,
    ]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env)
    _pid, status, ru = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    if status != 0:
        raise SystemExit(f"{variant} failed with status {status}")
    return {
        "variant": variant,
        "wall_s": round(wall, 2),
        "cpu_s": round(ru.ru_utime + ru.ru_stime, 2),
        "peak_rss_mb": round(ru.ru_maxrss / 1024, 1),
        "size_mb": round(out.stat().st_size / 1e6, 2),
    }


def vmaf(dist: Path, ref: Path) -> float:
    graph = (
        "[0:v]setpts=PTS-STARTPTS[d];[1:v]setpts=PTS-STARTPTS[r];"
        "[d][r]libvmaf=n_subsample=3:n_threads=2"
    )
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostats",
            "-i",
            str(dist),
            "-i",
            str(ref),
            "-lavfi",
            graph,
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    m = re.search(r"VMAF score: ([\d.]+)", proc.stderr)
    return float(m.group(1)) if m else float("nan")


def preview_latency(project: Path, n: int = 30) -> dict:
    """Preview frames at 540x960 at ``n`` random times (proxies made first, as the window
    has them after an import): median and p90, and the same over frames on clip segments."""
    from shortvid_desktop.core.model import project_from_json
    from shortvid_desktop.core.timebase import US_PER_SECOND
    from shortvid_desktop.render.plan import compile_plan
    from shortvid_desktop.render.window import FrameRenderer

    plan = compile_plan(project_from_json(project.read_text(encoding="utf-8")))
    rng = random.Random(7)
    times, on_clips = [], []
    with FrameRenderer(plan) as renderer:
        renderer.frame(0, scale=0.5)  # warm: fonts and caches
        for seg in plan.segments:  # and every clip's proxy
            if seg.kind == "video":
                renderer.frame(seg.start_frame * US_PER_SECOND // plan.fps, scale=0.5)
        for _ in range(n):
            t = rng.randrange(plan.duration_us)
            t0 = time.perf_counter()
            img = renderer.frame(t, scale=0.5)
            ms = (time.perf_counter() - t0) * 1000
            times.append(ms)
            f = t * plan.fps // US_PER_SECOND
            if any(s.kind == "video" and s.start_frame <= f < s.end_frame for s in plan.segments):
                on_clips.append(ms)
    times.sort()
    on_clips.sort()
    out = {
        "size": f"{img.width}x{img.height}",
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(times[int(0.9 * (len(times) - 1))], 1),
        "n": n,
    }
    if on_clips:
        out["clip_frames_median_ms"] = round(statistics.median(on_clips), 1)
        out["clip_frames_n"] = len(on_clips)
    return out


def standard_vs_floor(
    project: Path,
    work: Path,
    repeat: int,
    variant: str = "ours_standard",
    tag: str = "standard",
    base: Path | None = None,
    extra: str = "",
) -> dict:
    """``variant`` (ours at the standard preset, or ``make``) and its content floor (its output
    decoded and encoded again with veryfast crf 21, sound copied), alternating; with ``base``
    (another tree, e.g. ``git worktree add /tmp/base HEAD``) that tree's code renders the same
    job too, in alternating order, against the same floor. The ratios of the best walls and of
    the CPU medians, and the 1-minute load at each run."""
    names = ["ours"] + (["base"] if base else [])
    runs: dict[str, list[dict]] = {n: [] for n in [*names, "floor"]}
    for r in range(repeat):
        order = names if r % 2 == 0 else list(reversed(names))
        for name in order:
            out = work / f"{tag}_{name}_{r}.mp4"
            env = dict(os.environ)
            if name == "base":
                env["RENDER_BENCH_ROOT"] = str(base)
            if variant == "make":  # a data folder of its own: speech and stills made afresh
                home = work / f"home-{tag}-{name}-{r}"
                shutil.rmtree(home, ignore_errors=True)
                env["SHORTVID_HOME"] = str(home)
            res = measure(variant, project, out, extra, env=env)
            res.update(variant=f"{tag}:{name}", load=round(os.getloadavg()[0], 1))
            runs[name].append(res)
            print(json.dumps(res), flush=True)
        fl = work / f"{tag}_floor_{r}.mp4"
        res = measure("floor_standard", project, fl, str(work / f"{tag}_ours_{r}.mp4"))
        res.update(variant=f"{tag}:floor", load=round(os.getloadavg()[0], 1))
        runs["floor"].append(res)
        print(json.dumps(res), flush=True)
    floor = runs["floor"]
    summary: dict[str, object] = {"job": tag}
    for name in names:
        ours = runs[name]
        summary[f"{name}/floor wall (best)"] = round(
            min(x["wall_s"] for x in ours) / min(x["wall_s"] for x in floor), 3
        )
        summary[f"{name}/floor cpu (median)"] = round(
            statistics.median(x["cpu_s"] for x in ours)
            / statistics.median(x["cpu_s"] for x in floor),
            3,
        )
        summary[f"{name}/floor cpu pairs"] = [
            round(a["cpu_s"] / b["cpu_s"], 3) for a, b in zip(ours, floor, strict=True)
        ]
        summary[f"{name} peak RSS MB (max)"] = max(x["peak_rss_mb"] for x in ours)
    print(json.dumps(summary), flush=True)
    return summary


def job_variant(project: Path, work: Path, fps: int | None = None) -> Path:
    """The reference job at another frame rate (same media, same cuts)."""
    from shortvid_desktop.core.model import project_from_json, project_to_json

    p = project_from_json(project.read_text(encoding="utf-8"))
    if fps:
        p.template.fps = fps
    out = work / f"{project.stem}_{fps}fps.json"
    out.write_text(project_to_json(p), encoding="utf-8")
    return out


def memory_ratio(project: Path, work: Path, repeat: int = 1) -> dict:
    """Peak memory of the 1-minute and the 10-minute export (draft, 360x640), alternating."""
    from shortvid_desktop.core.model import project_from_json, project_to_json

    small = work / "mem_base.json"
    p = project_from_json(project.read_text(encoding="utf-8"))
    p.template.width, p.template.height = 360, 640
    small.write_text(project_to_json(p), encoding="utf-8")
    mem: dict = {}
    for r in range(repeat):
        for minutes in (1, 10) if r % 2 == 0 else (10, 1):
            lp = long_project(small, minutes, work)
            res = measure("draft", lp, work / f"mem_{minutes}.mp4")
            mem.setdefault(f"{minutes}min", []).append(res)
            print(json.dumps(res), flush=True)
    for k in ("1min", "10min"):  # the largest peak of each
        mem[k] = max(mem[k], key=lambda x: x["peak_rss_mb"])
    mem["ratio_10_to_1"] = round(mem["10min"]["peak_rss_mb"] / mem["1min"]["peak_rss_mb"], 3)
    return mem


# ----------------------------------------------------------------------------- main
def compile_tree(tree: Path) -> None:
    """The tree's modules compiled to bytecode, as an installed app has them (pip compiles on
    install; a bundle carries .pyc): with PYTHONDONTWRITEBYTECODE set (as on this machine) each
    child would otherwise compile the ~0.3 CPU-s of our sources it imports, every run."""
    import compileall

    compileall.compile_dir(str(tree / "shortvid_desktop"), quiet=1, workers=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="8 s at 540x960")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--skip-moviepy", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument(
        "--overhead-only", action="store_true", help="only ours (medium/crf 20) against the floor"
    )
    ap.add_argument(
        "--standard-only",
        action="store_true",
        help="only ours at the standard preset against its own floor (veryfast crf 21)",
    )
    ap.add_argument(
        "--jobs",
        default="standard",
        help="with --standard-only, a comma list of: standard (the reference job), make "
        "(`shortvid make` of the same sentences, fresh data folder), fps60 (the reference job "
        "at 60 fps), uhd (10 s of it at 2160x3840); each against its own floor",
    )
    ap.add_argument(
        "--base",
        help="another tree (git worktree add /tmp/base HEAD): its code renders the same jobs "
        "too, alternating with ours, against the same floor",
    )
    ap.add_argument(
        "--preview-only",
        action="store_true",
        help="only the preview-frame latency (reference and clip-heavy jobs)",
    )
    ap.add_argument(
        "--memory-only",
        action="store_true",
        help="only the peak memory of the 1- and 10-minute exports (with --repeat: alternating)",
    )
    ap.add_argument("--work", default="/tmp/shortvid-bench")
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--child")
    ap.add_argument("--project")
    ap.add_argument("--out")
    ap.add_argument("--extra", default="")
    args = ap.parse_args()
    if args.child:
        child(args.child, args.project, args.out, args.extra)
        return

    work = Path(args.work)
    for tree in (ROOT, *([Path(args.base)] if args.base else [])):
        compile_tree(tree)
    seconds, (w, h) = (8.0, (540, 960)) if args.quick else (30.0, (1080, 1920))
    os.environ.setdefault("SHORTVID_HOME", str(work / "home"))
    project = make_inputs(work, seconds, w, h)
    print(f"reference job: {project.name}  cores={os.cpu_count()}", flush=True)

    results: dict[str, list[dict]] = {}
    if args.memory_only:
        print(json.dumps(memory_ratio(project, work, args.repeat), indent=2))
        return
    if args.preview_only:
        for job in (project, clip_heavy_project(project, work)):
            print(job.name, json.dumps(preview_latency(job)), flush=True)
        return
    if args.standard_only:
        base = Path(args.base) if args.base else None
        summaries = []
        for job in args.jobs.split(","):
            if job == "standard":
                summaries.append(standard_vs_floor(project, work, args.repeat, base=base))
            elif job == "make":
                size = f"{w}x{h}"
                summaries.append(
                    standard_vs_floor(project, work, args.repeat, "make", "make", base, size)
                )
            elif job == "fps60":
                p60 = job_variant(project, work, fps=60)
                summaries.append(standard_vs_floor(p60, work, args.repeat, tag="fps60", base=base))
            elif job == "uhd":
                uhd = make_inputs(work, 10.0, 2 * w, 2 * h)
                summaries.append(standard_vs_floor(uhd, work, args.repeat, tag="uhd", base=base))
            else:
                raise SystemExit(f"unknown job {job}")
        print("\n=== summary ===")
        print(json.dumps(summaries, indent=2))
        if args.json:
            Path(args.json).write_text(json.dumps(summaries, indent=2), encoding="utf-8")
        return
    order = ["ours_ref", "floor", "ours_standard"] + ([] if args.skip_moviepy else ["moviepy"])
    if args.overhead_only:
        order = ["ours_ref", "floor"]
    for r in range(args.repeat):
        for variant in order if r % 2 == 0 else list(reversed(order)):
            if variant == "floor" and "ours_ref" not in results:
                continue
            out = work / f"{variant}_{r}.mp4"
            extra = str(work / "ours_ref_0.mp4") if variant == "floor" else ""
            res = measure(variant, project, out, extra)
            results.setdefault(variant, []).append(res)
            print(json.dumps(res), flush=True)
    if "floor" not in results:  # ran reversed first: now the floor
        res = measure("floor", project, work / "floor_0.mp4", str(work / "ours_ref_0.mp4"))
        results["floor"] = [res]
        print(json.dumps(res), flush=True)
    if args.overhead_only:
        ref = min(results["ours_ref"], key=lambda x: x["wall_s"])
        floor = min(results["floor"], key=lambda x: x["wall_s"])
        print(
            f"ours_ref/floor wall {ref['wall_s'] / floor['wall_s']:.3f}"
            f"  cpu {ref['cpu_s'] / floor['cpu_s']:.3f}"
        )
        return
    lossless = measure("lossless", project, work / "lossless.mp4")
    print(json.dumps(lossless), flush=True)

    def best(v: str) -> dict:
        return min(results[v], key=lambda x: x["wall_s"])

    summary: dict[str, object] = {name: best(name) for name in results}
    for v in ("ours_ref", "ours_standard"):
        summary[v]["vmaf"] = round(vmaf(work / f"{v}_0.mp4", work / "lossless.mp4"), 2)
    ref, floor, std = best("ours_ref"), best("floor"), best("ours_standard")
    ratios = {
        "ours_ref/floor wall": round(ref["wall_s"] / floor["wall_s"], 3),
        "ours_ref/floor cpu": round(ref["cpu_s"] / floor["cpu_s"], 3),
        "standard size / ref size": round(std["size_mb"] / ref["size_mb"], 3),
    }
    if "moviepy" in results:
        mp = best("moviepy")
        ratios["moviepy/standard wall"] = round(mp["wall_s"] / std["wall_s"], 2)
        ratios["moviepy/standard cpu"] = round(mp["cpu_s"] / std["cpu_s"], 2)
    summary["ratios"] = ratios
    summary["preview"] = preview_latency(project)
    print("preview", json.dumps(summary["preview"]), flush=True)
    summary["preview_clip_heavy"] = preview_latency(clip_heavy_project(project, work))
    print("preview, clip-heavy job", json.dumps(summary["preview_clip_heavy"]), flush=True)
    # our export renders windows side by side (one per core); the same export as one graph in
    # one process, for comparison (and for the graph's own overhead against the floor)
    single = {}
    for v in ("ours_ref", "ours_standard"):
        single[v] = measure(f"{v}_1proc", project, work / f"{v}_1proc.mp4")
        print(json.dumps(single[v]), flush=True)
    summary["one_process"] = single
    ratios["ours_ref_1proc/floor wall"] = round(single["ours_ref"]["wall_s"] / floor["wall_s"], 3)
    ratios["ours_ref_1proc/floor cpu"] = round(single["ours_ref"]["cpu_s"] / floor["cpu_s"], 3)
    ratios["standard windows/one process wall"] = round(
        std["wall_s"] / single["ours_standard"]["wall_s"], 3
    )
    if not args.skip_memory:
        summary["memory"] = memory_ratio(project, work)
    print("\n=== summary ===")
    print(json.dumps(summary, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
