"""Where a render's CPU goes: the reference job's graph cut into parts, each timed on its own.

    python benchmarks/render_profile.py                 # after render_bench.py made the inputs
    python benchmarks/render_profile.py --work /tmp/shortvid-bench --parts segments,captions

Every part runs as one ffmpeg process writing to the null muxer with ``-filter_complex_threads 1``
(one filter thread: the figures add up) and is measured in CPU seconds of the child
(``resource.getrusage(RUSAGE_CHILDREN)``), which other load on the machine barely moves; wall
seconds are printed too. Parts:

  segments    each video segment alone (decode, fit, Ken Burns), canvas-sized, no captions
  chain       all segments with their transitions (the whole video chain), no captions
  captions    the chain with captions (libass) and the difference to ``chain``
  encode      the chain encoded with the standard preset (veryfast crf 21), and the content
              floor's two halves: decoding our output, and encoding it again
  audio       the audio mix alone, and the loudness measurement pass
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ffmpeg  # noqa: E402

from shortvid_desktop.media.ffmpeg import ffmpeg_exe  # noqa: E402


def timed(args: list[str], cwd: Path) -> dict[str, float]:
    """Run ffmpeg with ``args``; wall and CPU seconds of the child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostats", "-y", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"ffmpeg failed: {' '.join(args)[:300]}\n{proc.stderr[-2000:]}")
    user = after.ru_utime - before.ru_utime
    sys_s = after.ru_stime - before.ru_stime
    return {"wall_s": round(wall, 2), "cpu_s": round(user + sys_s, 2), "sys_s": round(sys_s, 2)}


def graph_args(stream, workdir: Path, name: str, threads: int | None = 1) -> list[str]:
    from shortvid_desktop.render.export import _compile, _with_graph_file

    args = _with_graph_file(_compile(stream), workdir, name)
    if threads is not None:
        args = ["-filter_complex_threads", str(threads), *args]
    return args


def null_out(v):
    return ffmpeg.output(v, "-", f="null")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", default="/tmp/shortvid-bench")
    ap.add_argument("--project", help="default: the reference job in --work")
    ap.add_argument("--parts", default="segments,chain,captions,encode,audio")
    ap.add_argument("--threads", type=int, default=1, help="-filter_complex_threads")
    ap.add_argument("--json")
    args = ap.parse_args()
    work = Path(args.work)
    os.environ.setdefault("SHORTVID_HOME", str(work / "home"))
    from shortvid_desktop.core.model import project_from_json
    from shortvid_desktop.render.export import normalised_audio, output_args, prepare_workdir
    from shortvid_desktop.render.graph import QUALITY_PRESETS, video_graph
    from shortvid_desktop.render.plan import compile_plan

    project = Path(args.project) if args.project else work / "project_30s_1080x1920.json"
    plan = compile_plan(project_from_json(project.read_text(encoding="utf-8")))
    parts = args.parts.split(",")
    wd = Path(tempfile.mkdtemp(prefix="shortvid-profile-"))
    prepare_workdir(plan, wd)
    th = args.threads
    out: dict[str, object] = {"frames": plan.frames}

    def run(name: str, stream, threads: int | None = th) -> dict[str, float]:
        res = timed(graph_args(stream, wd, f"{name}.txt", threads), wd)
        res["ms_per_frame_cpu"] = round(1000 * res["cpu_s"] / plan.frames, 2)
        out[name] = res
        print(name, json.dumps(res), flush=True)
        return res

    if "segments" in parts:
        for i, seg in enumerate(plan.segments):
            one = replace(
                plan,
                frames=seg.frames,
                segments=(replace(seg, start_frame=0, transition="cut", transition_frames=0),),
            )
            name = f"seg{i}_{seg.kind}_{seg.fit}_{seg.ken_burns.mode}"
            res = timed(
                graph_args(null_out(video_graph(one, ass_file=None)), wd, f"{name}.txt", th), wd
            )
            res["ms_per_frame_cpu"] = round(1000 * res["cpu_s"] / seg.frames, 2)
            res["frames"] = seg.frames
            out[name] = res
            print(name, json.dumps(res), flush=True)
    if "chain" in parts:
        run("chain", null_out(video_graph(plan, ass_file=None)))
        flat = replace(
            plan,
            segments=tuple(
                replace(s, transition="cut", transition_frames=0) for s in plan.segments
            ),
        )
        run("chain_no_transitions", null_out(video_graph(flat, ass_file=None)))
    if "captions" in parts:
        run("chain_captions", null_out(video_graph(plan)))
    if "encode" in parts:
        enc = QUALITY_PRESETS["standard"]
        mp4 = wd / "standard_video.mp4"
        opts = {
            k: v for k, v in output_args(plan, enc).items() if k not in ("c:a", "b:a", "ar", "ac")
        }
        run(
            "standard_video_only", ffmpeg.output(video_graph(plan), str(mp4), an=None, **opts), None
        )
        out["floor_decode"] = timed(["-i", str(mp4), "-f", "null", "-"], wd)
        print("floor_decode", json.dumps(out["floor_decode"]), flush=True)
        out["floor_encode"] = timed(
            ["-i", str(mp4), "-c:v", "libx264", "-preset", "veryfast", "-crf", "21",
             "-pix_fmt", "yuv420p", str(wd / "floor.mp4")], wd)  # fmt: skip
        print("floor_encode (decode+encode)", json.dumps(out["floor_encode"]), flush=True)
    if "audio" in parts:
        from shortvid_desktop.render.export import measure_loudness

        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        measure_loudness(plan, wd, None)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out["loudness_pass"] = {
            "wall_s": round(time.monotonic() - t0, 2),
            "cpu_s": round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 2),
        }
        print("loudness_pass", json.dumps(out["loudness_pass"]), flush=True)
        audio, _m = normalised_audio(plan, wd, None)
        run(
            "audio_encode", ffmpeg.output(audio, str(wd / "a.m4a"), vn=None, **{"c:a": "aac"}), None
        )
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
