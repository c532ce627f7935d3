"""Frames of a plan, one at a time: segments, transitions, captions and the watermark."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np

from ..export import prepare_workdir
from ..plan import RenderPlan
from ..stills import normalized_still
from .captions import CaptionLayer, composite, watermark_layer
from .pictures import Array, fit_picture, ken_burns_frame
from .sources import VideoSource
from .transitions import xfade, xfade_progress


class FrameRenderer:
    """Output frame n of a plan as uint8 RGB. Sequential access is cheap; going back restarts
    the decoders. Needs a work directory prepared by ``export.prepare_workdir`` for captions."""

    def __init__(self, plan: RenderPlan, workdir: Path, captions: bool = True) -> None:
        self.plan = plan
        self.w, self.h = plan.width, plan.height
        ass = workdir / "captions.ass"
        has_events = ass.is_file() and "\nDialogue:" in ass.read_text(encoding="utf-8")
        self.captions = CaptionLayer(plan, workdir) if captions and has_events else None
        self.logo = watermark_layer(plan)
        self._stills: dict[int, Array] = {}
        self._videos: dict[int, VideoSource] = {}
        self._fitted: dict[int, tuple[int, Array]] = {}
        self._last_n = -1

    # one segment's own picture
    def _segment_frame(self, i: int, k: int) -> Array:
        seg = self.plan.segments[i]
        if seg.kind == "color":
            from PIL import ImageColor

            rgb = ImageColor.getrgb(seg.color) if seg.color else (0, 0, 0)
            return np.broadcast_to(np.array(rgb[:3], np.float32), (self.h, self.w, 3)).copy()
        if seg.kind == "image":
            canvas = self._stills.get(i)
            if canvas is None:
                from PIL import Image

                with Image.open(normalized_still(seg.source, self.w, self.h)) as im:
                    rgb = np.asarray(im.convert("RGB"))
                canvas = fit_picture(rgb, seg, self.w, self.h)
                self._stills[i] = canvas
            return ken_burns_frame(canvas, seg, k)
        source = self._videos.get(i)
        if source is None or k + seg.skip_frames < source.position:
            if source is not None:
                source.close()
            source = VideoSource(seg.source, seg.source_in_us, self.plan.fps)
            self._videos[i] = source
            self._fitted.pop(i, None)
        got = source.frame(k + seg.skip_frames)
        if got is None:
            return np.zeros((self.h, self.w, 3), np.float32)
        ident, rgb = got
        cached = self._fitted.get(i)
        if cached is None or cached[0] != ident:
            cached = (ident, fit_picture(rgb, seg, self.w, self.h))
            self._fitted[i] = cached
        return cached[1].copy()

    def _chain(self, upto: int, n: int) -> Array:
        """Frame n of the xfade/concat chain made of segments 0..upto (graph._video_chain)."""
        seg = self.plan.segments[upto]
        k = n - seg.start_frame
        if upto > 0 and k < 0:
            return self._chain(upto - 1, n)
        k = max(0, min(k, seg.frames - 1))
        if upto > 0 and seg.transition != "cut" and 0 <= k < seg.transition_frames:
            a = self._chain(upto - 1, n)
            b = self._segment_frame(upto, k)
            return xfade(seg.transition, a, b, xfade_progress(k, seg.transition_frames))
        return self._segment_frame(upto, k)

    def _release(self, n: int) -> None:
        """Drop what segments that ended before frame n hold."""
        for i, seg in enumerate(self.plan.segments):
            if seg.end_frame <= n:
                self._stills.pop(i, None)
                self._fitted.pop(i, None)
                src = self._videos.pop(i, None)
                if src is not None:
                    src.close()

    def frame(self, n: int) -> Array:
        n = max(0, min(int(n), self.plan.frames - 1))
        if n < self._last_n:  # going back: start the sources over
            self.close_sources()
        self._last_n = n
        self._release(n)
        last = 0
        for i, seg in enumerate(self.plan.segments):
            if seg.start_frame <= n:
                last = i
        out = self._chain(last, n)
        out = np.clip(out, 0, 255)
        if self.captions is not None:
            out = composite(out, self.captions.at(n))
        out = composite(out, self.logo)
        return np.clip(np.rint(out), 0, 255).astype(np.uint8)

    def close_sources(self) -> None:
        for src in self._videos.values():
            src.close()
        self._videos.clear()
        self._stills.clear()
        self._fitted.clear()

    def close(self) -> None:
        self.close_sources()
        if self.captions is not None:
            self.captions.close()


class ReferenceFrames:
    """Frames of a plan without encoding (for tests and previews)::

    with ReferenceFrames(plan) as ref:
        picture = ref.frame(n)  # uint8 RGB, height x width x 3
    """

    def __init__(self, plan: RenderPlan) -> None:
        self.plan = plan
        self._workdir: Path | None = None
        self._renderer: FrameRenderer | None = None

    def __enter__(self) -> FrameRenderer:
        self._workdir = Path(tempfile.mkdtemp(prefix="shortvid-mpy-frames-"))
        prepare_workdir(self.plan, self._workdir)
        self._renderer = FrameRenderer(self.plan, self._workdir)
        return self._renderer

    def __exit__(self, *exc: object) -> None:
        if self._renderer is not None:
            self._renderer.close()
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
