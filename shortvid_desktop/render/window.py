"""Preview frames from the export's own compiler: one composed frame at t (captions, transitions
and overlays included), so the preview shows what the export will be.

The frame is rendered from a one-frame window of the plan (``subplan.window_plan``, re-exported
here); below full size, video clips are read from small short-GOP proxies (``preview_proxy``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import ffmpeg

from ..core.timebase import US_PER_SECOND
from ..jobs import CancelToken
from .export import _compile, _with_graph_file, prepare_workdir
from .graph import canvas_size, video_graph
from .plan import RenderPlan
from .process import ScratchFolder, run_with_progress
from .subplan import Window, window_plan

PREVIEW_SEEK_BACKOFF_S = 0.25


@dataclass(frozen=True)
class PreviewImage:
    width: int
    height: int
    rgb: bytes  # width * height * 3 bytes, RGB24
    t_us: int


def proxy_path(source: str, height: int) -> Path:
    """Where the preview proxy of ``source`` at ``height`` lines is cached (made or not): keyed
    by the source's path, size and modification time."""
    import hashlib
    import os

    from ..paths import cache_dir

    st = os.stat(source)
    raw = f"{os.path.abspath(source)}|{st.st_size}|{st.st_mtime_ns}|{height}|v1"
    digest = hashlib.sha1(raw.encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return cache_dir("proxies") / f"{digest}.mp4"


def preview_proxy(source: str, height: int, cancel: CancelToken | None = None) -> str:
    """A small copy of a video for scrubbing: ``height`` lines, a keyframe every 10 frames (a
    seek then decodes a few frames, not a whole GOP of a phone clip), the same timestamps.
    Cached by the source's identity; made once per clip and size."""
    import os

    from .stills import used

    out = proxy_path(source, height)
    if out.is_file():
        return used(out)
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
    small short-GOP proxies (see ``preview_proxy``) once they exist. With ``wait_for_proxies``
    off, a clip whose proxy is not made yet is read from the file itself (one seek, a few
    hundred ms for a phone clip, instead of transcoding the whole clip first) and is listed in
    ``missing_proxies`` for the caller to have it made in the background."""

    def __init__(self, plan: RenderPlan, wait_for_proxies: bool = True) -> None:
        self.plan = plan
        self.wait_for_proxies = wait_for_proxies
        self.missing_proxies: set[tuple[str, int]] = set()  # (source, height)
        self._dir = ScratchFolder("shortvid-preview-")
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
        proxied = from_file = False
        if scale < 1.0 and any(s.kind == "video" for s in sub.segments):
            segs = []
            for s in sub.segments:
                if s.kind == "video":
                    height = max(h, 360)
                    if self.wait_for_proxies or proxy_path(s.source, height).is_file():
                        s = replace(s, source=preview_proxy(s.source, height, cancel))
                        proxied = True
                    else:
                        self.missing_proxies.add((s.source, height))
                        from_file = True
                segs.append(s)
            sub = replace(sub, segments=tuple(segs))
        # proxies have a keyframe every 10 frames: a seek a quarter second before the frame
        # decodes ~17 frames instead of ~40 (fps still sees the frames before the one shown);
        # a clip read from its file (no proxy yet) decodes from its keyframe before that
        # point: the same quarter second keeps that to one GOP and a few frames
        backoff = PREVIEW_SEEK_BACKOFF_S if proxied or from_file else 1.0
        v = video_graph(sub, scale=scale, seek_backoff_s=backoff)
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


__all__ = [
    "FrameRenderer",
    "PreviewImage",
    "preview_proxy",
    "proxy_path",
    "Window",
    "window_plan",
]
