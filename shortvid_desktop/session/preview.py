"""Preview for the window: composed frames and playback proxies from the export's own compiler.

Jobs are made on the thread that owns the session (a frozen plan is compiled there, cheaply) and
run anywhere. One FrameRenderer is kept per plan so scrubbing reuses its captions and fonts.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from ..core.model import project_to_json
from ..core.serial import clone
from ..jobs import CancelToken, Progress
from ..render.plan import RenderPlan, compile_plan
from ..render.window import FrameRenderer, PreviewImage, render_range
from .session import Session


class PreviewService:
    """Frame and proxy jobs for one Session; caches recent frames by (plan, t, scale)."""

    def __init__(self, session: Session, cache_frames: int = 64) -> None:
        self.session = session
        self._lock = threading.Lock()
        self._renderer: tuple[str, FrameRenderer] | None = None
        self._frames: OrderedDict[tuple[str, int, float], PreviewImage] = OrderedDict()
        self._cache_frames = cache_frames
        self._proxy_dir = tempfile.TemporaryDirectory(prefix="shortvid-proxies-")

    def close(self) -> None:
        with self._lock:
            if self._renderer is not None:
                self._renderer[1].close()
                self._renderer = None
        self._proxy_dir.cleanup()

    def _plan(self) -> tuple[str, RenderPlan]:
        project = clone(self.session.project)
        key = hashlib.sha1(project_to_json(project, indent=None).encode()).hexdigest()
        return key, compile_plan(project)

    def _renderer_for(self, key: str, plan: RenderPlan) -> FrameRenderer:
        with self._lock:
            if self._renderer is None or self._renderer[0] != key:
                if self._renderer is not None:
                    self._renderer[1].close()
                self._renderer = (key, FrameRenderer(plan))
            return self._renderer[1]

    def frame_job(
        self, t_us: int, scale: float = 0.5
    ) -> Callable[[Progress, CancelToken], PreviewImage]:
        """A job rendering the frame at ``t_us`` as the export will show it."""
        key, plan = self._plan()
        f = min(plan.frames - 1, max(0, (t_us + 1) * plan.fps // 1_000_000))
        cache_key = (key, f, scale)

        def run(progress: Progress, cancel: CancelToken) -> PreviewImage:
            with self._lock:
                hit = self._frames.get(cache_key)
                if hit is not None:
                    self._frames.move_to_end(cache_key)
                    return hit
            image = self._renderer_for(key, plan).frame(t_us, scale, cancel)
            with self._lock:
                self._frames[cache_key] = image
                while len(self._frames) > self._cache_frames:
                    self._frames.popitem(last=False)
            progress(1.0, "")
            return image

        return run

    def proxy_job(
        self, t0_us: int = 0, t1_us: int | None = None, scale: float = 0.25
    ) -> Callable[[Progress, CancelToken], Path]:
        """A job rendering a low-resolution MP4 (with sound) of [t0, t1) for playback."""
        key, plan = self._plan()
        end = plan.duration_us if t1_us is None else min(t1_us, plan.duration_us)
        out = Path(self._proxy_dir.name) / f"{key[:12]}_{t0_us}_{end}_{scale}.mp4"

        def run(progress: Progress, cancel: CancelToken) -> Path:
            if out.is_file():
                return out
            tmp = out.with_name(".partial-" + out.name)
            render_range(plan, t0_us, end, tmp, scale=scale, progress=progress, cancel=cancel)
            tmp.replace(out)
            return out

        return run
