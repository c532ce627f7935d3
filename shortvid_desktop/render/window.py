"""Windowed rendering from the same compiler: one preview frame at t, a low-resolution proxy of any
range, or a chunk of the export. One code path, so the preview shows what the export will be.

A window [f0, f1) of the output becomes a smaller RenderPlan (``subplan.window_plan``, re-exported
here) rendered by the same graph compiler as the export.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import ffmpeg

from ..core.timebase import US_PER_SECOND
from ..jobs import CancelToken, Progress
from .export import _compile, _with_graph_file, output_args, prepare_workdir
from .graph import EncoderSettings, audio_mix, canvas_size, video_graph
from .plan import RenderPlan
from .process import run_with_progress
from .subplan import Window, window_plan


@dataclass(frozen=True)
class PreviewImage:
    width: int
    height: int
    rgb: bytes  # width * height * 3 bytes, RGB24
    t_us: int


def preview_proxy(source: str, height: int, cancel: CancelToken | None = None) -> str:
    """A small copy of a video for scrubbing: ``height`` lines, a keyframe every 10 frames (a
    seek then decodes a few frames, not a whole GOP of a phone clip), the same timestamps.
    Cached by the source's identity; made once per clip and size."""
    import hashlib
    import os

    from ..paths import cache_dir

    st = os.stat(source)
    raw = f"{os.path.abspath(source)}|{st.st_size}|{st.st_mtime_ns}|{height}|v1"
    out = cache_dir("proxies") / f"{hashlib.sha1(raw.encode()).hexdigest()[:20]}.mp4"
    if out.is_file():
        return str(out)
    tmp = out.with_name(".partial-" + out.name)
    args = [
        "-i",
        source,
        "-map",
        "0:v:0",
        "-vf",
        f"scale=-2:'min(ih,{height})'",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-crf",
        "20",
        "-g",
        "10",
        "-fps_mode",
        "passthrough",
        "-an",
        str(tmp),
    ]
    run_with_progress(args, cwd=out.parent, total_us=0, cancel=cancel)
    os.replace(tmp, out)
    return str(out)


class FrameRenderer:
    """Renders single preview frames of one plan; keeps the captions/fonts work dir between
    calls (make a new one when the plan changes). Below full size, video clips are read from
    small short-GOP proxies (see ``preview_proxy``)."""

    def __init__(self, plan: RenderPlan) -> None:
        self.plan = plan
        self._dir = tempfile.TemporaryDirectory(prefix="shortvid-preview-")
        self.workdir = Path(self._dir.name)
        prepare_workdir(plan, self.workdir)

    def close(self) -> None:
        self._dir.cleanup()

    def __enter__(self) -> FrameRenderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def frame(
        self, t_us: int, scale: float = 0.5, cancel: CancelToken | None = None
    ) -> PreviewImage:
        plan = self.plan
        # the frame showing at t (1 us of slack: t may come from a frame time rounded down)
        f = min(plan.frames - 1, max(0, (t_us + 1) * plan.fps // US_PER_SECOND))
        win = window_plan(plan, f, f + 1)
        w, h = canvas_size(plan, scale)
        sub = win.plan
        if scale < 1.0 and any(s.kind == "video" for s in sub.segments):
            segs = tuple(
                replace(s, source=preview_proxy(s.source, max(h, 360), cancel))
                if s.kind == "video"
                else s
                for s in sub.segments
            )
            sub = replace(sub, segments=segs)
        v = video_graph(sub, scale=scale)
        if win.drop:
            v = v.filter("trim", start_frame=win.drop).filter("setpts", "PTS-STARTPTS")
        out = ffmpeg.output(v, "pipe:1", f="rawvideo", pix_fmt="rgb24", **{"frames:v": 1})
        args = _with_graph_file(_compile(out), self.workdir)
        data = run_with_progress(
            args, cwd=self.workdir, total_us=0, cancel=cancel, capture_stdout=True
        )
        assert isinstance(data, bytes)
        if len(data) < w * h * 3:
            from ..core.errors import RenderError

            raise RenderError(f"The preview frame at {t_us / 1e6:.2f} s came back empty.")
        return PreviewImage(w, h, data[: w * h * 3], f * US_PER_SECOND // plan.fps)


def render_frame(
    plan: RenderPlan, t_us: int, scale: float = 0.5, cancel: CancelToken | None = None
) -> PreviewImage:
    """One composed frame at ``t_us`` (captions, transitions and overlays included)."""
    with FrameRenderer(plan) as renderer:
        return renderer.frame(t_us, scale, cancel)


def render_range(
    plan: RenderPlan,
    t0_us: int,
    t1_us: int,
    out_path: str | Path,
    *,
    scale: float = 0.5,
    encoder: EncoderSettings | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """A proxy (or export chunk) of [t0, t1) with audio, at ``scale``; written directly."""
    f0 = t0_us * plan.fps // US_PER_SECOND
    f1 = -(-t1_us * plan.fps // US_PER_SECOND)
    win = window_plan(plan, f0, f1)
    enc = encoder or EncoderSettings(preset="ultrafast", crf=28, audio_bitrate="96k")
    with tempfile.TemporaryDirectory(prefix="shortvid-proxy-") as tmp:
        workdir = Path(tmp)
        prepare_workdir(plan, workdir)  # captions on the full output's clock
        v = video_graph(win.plan, scale=scale)
        a = audio_mix(win.plan)
        if win.drop:
            v = v.filter("trim", start_frame=win.drop).filter("setpts", "PTS-STARTPTS")
            a = a.filter("atrim", start=f"{win.drop / plan.fps:.6f}").filter(
                "asetpts", "PTS-STARTPTS"
            )
        opts = output_args(win.plan, enc)
        opts["t"] = f"{(f1 - f0) / plan.fps:.6f}"
        out = Path(out_path).absolute()
        stream = ffmpeg.output(v, a, str(out), **opts)
        args = _with_graph_file(_compile(stream), workdir)
        p = progress or Progress()
        run_with_progress(
            args,
            cwd=workdir,
            total_us=t1_us - t0_us,
            on_progress=lambda fr: p(fr, "Rendering preview"),
            cancel=cancel,
        )
    return out


__all__ = [
    "FrameRenderer",
    "PreviewImage",
    "Window",
    "render_frame",
    "render_range",
    "window_plan",
]
