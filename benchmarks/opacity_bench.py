"""What animated opacity costs a frame: the old per-pixel ``geq`` against ``lut`` + ``sendcmd``.

    python benchmarks/opacity_bench.py                  # 1080x1920, 3 s at 30 fps, 3 rounds
    python benchmarks/opacity_bench.py --rounds 5 --seconds 2
    python benchmarks/opacity_bench.py --pictures       # the overlay's output format

Two pictures are rendered through the real graph (``graph.video_graph``, no captions, null
muxer, ``-filter_complex_threads 1``): an overlay-track picture (a 900x900 PNG with alpha,
fitted to the canvas) and a moved main-track picture (canvas-sized), each moving between
keyframes, once with a constant opacity and once with its opacity animated (1 -> 0.2 -> 1).
The cost of animated opacity is the difference, per frame. Baseline (``geq``, as the graph was
built before) and candidate (``effects_graph.animated_opacity``) run alternately in the same
process; figures are CPU seconds of the ffmpeg child (getrusage) and wall seconds, medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ffmpeg  # noqa: E402

from shortvid_desktop.core.model import (  # noqa: E402
    Asset,
    Clip,
    KenBurns,
    Keyframe,
    Project,
)
from shortvid_desktop.render import effects_graph, transform_graph  # noqa: E402
from shortvid_desktop.render.graph import video_graph  # noqa: E402
from shortvid_desktop.render.plan import compile_plan  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_profile import timed  # noqa: E402

CANDIDATE = effects_graph.animated_opacity


def geq_opacity(stream, opacity_at, span_us, offset_s, fps):
    """The baseline: the filter the graph used before (one expression per pixel and plane)."""
    del opacity_at, span_us, fps
    return stream.filter(
        "geq",
        lum="lum(X,Y)",
        cb="cb(X,Y)",
        cr="cr(X,Y)",
        a=f"alpha(X,Y)*clip({_GEQ_EXPR[0]},0,1)",
    )


_GEQ_EXPR = [""]  # the opacity expression over T, set per plan (the old code built it in _place)


def make_media(folder: Path, w: int, h: int) -> tuple[Path, Path]:
    from PIL import Image, ImageDraw

    bg = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(bg)
    for y in range(0, h, 8):
        d.rectangle([0, y, w, y + 7], fill=(y * 255 // h, 90, 255 - y * 255 // h))
    bg_path = folder / "bg.png"
    bg.save(bg_path)
    pic = Image.new("RGBA", (900, 900), (0, 0, 0, 0))
    ImageDraw.Draw(pic).ellipse([20, 20, 880, 880], fill=(250, 200, 40, 255))
    pic_path = folder / "pic.png"
    pic.save(pic_path)
    return bg_path, pic_path


def keys(animated: bool) -> list[Keyframe]:
    ops = (1.0, 0.2, 1.0) if animated else (1.0, 1.0, 1.0)
    return [
        Keyframe(time_us=0, x=0.4, y=0.4, scale=0.6, opacity=ops[0]),
        Keyframe(time_us=1_000_000, x=0.6, y=0.5, scale=0.6, opacity=ops[1]),
        Keyframe(time_us=2_000_000, x=0.5, y=0.6, scale=0.6, opacity=ops[2]),
    ]


def project(bg: Path, pic: Path, where: str, animated: bool, seconds: float, w, h) -> Project:
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = w, h, 30
    p.template.title_card = False
    a = Asset(path=str(bg), kind="image", width=w, height=h)
    b = Asset(path=str(pic), kind="image", width=900, height=900)
    p.assets[a.id], p.assets[b.id] = a, b
    dur = int(seconds * 1e6)
    main = Clip(asset_id=a.id, duration_us=dur, ken_burns=KenBurns("none"))
    p.timeline.ensure_track("video").clips.append(main)
    if where == "main":
        main.keyframes = keys(animated)
    else:
        clip = Clip(asset_id=b.id, duration_us=dur, keyframes=keys(animated))
        p.timeline.ensure_track("overlay").clips.append(clip)
    return p


def run(plan, work: Path, baseline: bool) -> tuple[float, float]:
    if baseline:
        motion = plan.pictures[0].motion if plan.pictures else plan.segments[0].motion
        _GEQ_EXPR[0] = transform_graph.value_expr(motion.keys, 4, "T")
        effects_graph.animated_opacity = geq_opacity
    else:
        effects_graph.animated_opacity = CANDIDATE
    try:
        v = video_graph(plan, ass_file=None)
        args = ffmpeg.compile(ffmpeg.output(v, "-", f="null"), cmd="ffmpeg")[1:]
    finally:
        effects_graph.animated_opacity = CANDIDATE
    got = timed(["-filter_complex_threads", "1", *args], work)  # render_profile.py's
    return got["cpu_s"], got["wall_s"]


def pictures_mode(work: Path, pic: Path, w: int, h: int, rounds: int) -> None:
    """24 short pictures (0.4 s each) over a 10 s video: what each costs a frame of the whole
    video with the overlay's output format left to ffmpeg ("auto": yuva420p, converted again
    after every overlay) against yuv420 (as the graph does now)."""
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = w, h, 30
    p.template.title_card = False
    a = Asset(path=str(pic), kind="image", width=900, height=900)
    bg = Asset(path=str(work / "bg.png"), kind="image", width=w, height=h)
    p.assets[a.id], p.assets[bg.id] = a, bg
    main = Clip(asset_id=bg.id, duration_us=10_000_000, ken_burns=KenBurns("none"))
    p.timeline.ensure_track("video").clips.append(main)
    track = p.timeline.ensure_track("overlay")
    for i in range(24):
        track.clips.append(Clip(asset_id=a.id, start_us=i * 400_000, duration_us=400_000))
    plan = compile_plan(p)
    frames = plan.frames
    real = transform_graph.ffmpeg.overlay

    def as_before(*args, **kw):
        return real(*args, **{**kw, "format": "auto"})

    res: dict[str, list[tuple[float, float]]] = {"auto": [], "yuv420": []}
    for _ in range(rounds):
        for fmt in res:
            transform_graph.ffmpeg.overlay = as_before if fmt == "auto" else real
            try:
                res[fmt].append(run(plan, work, baseline=False))
            finally:
                transform_graph.ffmpeg.overlay = real
    for fmt, xs in res.items():
        cpu = statistics.median(x[0] for x in xs) * 1000 / frames
        wall = statistics.median(x[1] for x in xs) * 1000 / frames
        print(f"24 pictures, overlay format={fmt:7s}: {cpu:.1f} / {wall:.1f} ms a frame")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--size", default="1080x1920")
    ap.add_argument("--pictures", action="store_true", help="the overlay format's cost instead")
    a = ap.parse_args()
    w, h = (int(x) for x in a.size.split("x"))
    with tempfile.TemporaryDirectory(prefix="opacity-bench-") as tmp:
        work = Path(tmp)
        bg, pic = make_media(work, w, h)
        if a.pictures:
            pictures_mode(work, pic, w, h, a.rounds)
            return
        frames = round(a.seconds * 30)
        print(f"{a.size}, {frames} frames, {a.rounds} rounds; ms a frame (CPU / wall), median")
        for where in ("overlay", "main"):
            plans = {
                anim: compile_plan(project(bg, pic, where, anim, a.seconds, w, h))
                for anim in (False, True)
            }
            res: dict[tuple[str, bool], list[tuple[float, float]]] = {}
            for _ in range(a.rounds):  # alternate: baseline and candidate see the same load
                for impl in ("geq", "lut+sendcmd"):
                    for anim in (False, True):
                        r = run(plans[anim], work, baseline=impl == "geq")
                        res.setdefault((impl, anim), []).append(r)

            def med(impl: str, anim: bool, i: int, res=res) -> float:
                return statistics.median(x[i] for x in res[(impl, anim)]) * 1000 / frames

            fixed_cpu, fixed_wall = med("lut+sendcmd", False, 0), med("lut+sendcmd", False, 1)
            print(f"{where} picture, opacity fixed: {fixed_cpu:.1f} / {fixed_wall:.1f}")
            for impl in ("geq", "lut+sendcmd"):
                cpu, wall = med(impl, True, 0), med(impl, True, 1)
                print(
                    f"{where} picture, opacity animated, {impl:12s}: {cpu:.1f} / {wall:.1f}"
                    f"  (+{cpu - fixed_cpu:.1f} CPU ms a frame for the fade)"
                )


if __name__ == "__main__":
    main()
