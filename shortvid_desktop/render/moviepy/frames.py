"""Frames of a plan, one at a time: segments (graded, moved on the canvas), transitions, the
overlay tracks' pictures, captions and the watermark."""

from __future__ import annotations

import math
import shutil
import tempfile
from pathlib import Path

import numpy as np

from ..export import prepare_workdir
from ..plan import RenderPlan, VideoSegment
from ..stills import normalized_still
from ..transform_graph import PictureOverlay, fitted_size, moved_watermark
from ..transform_graph import _frame as _picture_frame  # the graph's own rounding
from .captions import CaptionLayer, composite, moved_watermark_layer, watermark_layer
from .looks import grade
from .motion import place, values_at
from .pictures import Array, fit_picture, ken_burns_frame
from .sources import FrozenSource, ReversedSource, VideoSource
from .transitions import xfade, xfade_progress


class FrameRenderer:
    """Output frame n of a plan as uint8 RGB. Sequential access is cheap; going back restarts
    the decoders. Needs a work directory prepared by ``export.prepare_workdir`` for captions."""

    def __init__(self, plan: RenderPlan, workdir: Path, captions: bool = True) -> None:
        from .unsupported import check_supported

        check_supported(plan)
        self.plan = plan
        self.w, self.h = plan.width, plan.height
        ass = workdir / "captions.ass"
        has_events = ass.is_file() and "\nDialogue:" in ass.read_text(encoding="utf-8")
        self.captions = CaptionLayer(plan, workdir) if captions and has_events else None
        self.logo = moved_watermark_layer(plan) if moved_watermark(plan) else watermark_layer(plan)
        self._stills: dict[int, Array] = {}
        self._videos: dict[int, VideoSource | FrozenSource | ReversedSource] = {}
        self._fitted: dict[int, tuple[int, Array]] = {}
        self._pictures: dict[int, tuple[Array, Array | None]] = {}  # overlay stills (rgb, alpha)
        self._picture_videos: dict[int, VideoSource | FrozenSource | ReversedSource] = {}
        self._picture_idents: dict[int, int] = {}  # the video frame each picture holds
        self._last_n = -1

    def _open(self, seg: VideoSegment) -> VideoSource | FrozenSource | ReversedSource:
        fps = self.plan.fps
        if seg.freeze:
            return FrozenSource(seg.source, seg.source_in_us, fps)
        if seg.reverse:
            total = seg.total_frames or seg.frames
            return ReversedSource(seg.source, seg.source_in_us, fps, seg.speed, total)
        return VideoSource(seg.source, seg.source_in_us, fps, seg.speed)

    # one segment's own picture, fitted and graded (before it is moved on the canvas)
    def _segment_picture(self, i: int, k: int) -> Array:
        seg = self.plan.segments[i]
        if seg.kind == "color":
            canvas = self._stills.get(i)
            if canvas is None:
                from PIL import ImageColor

                rgb = ImageColor.getrgb(seg.color) if seg.color else (0, 0, 0)
                canvas = np.broadcast_to(np.array(rgb[:3], np.float32), (self.h, self.w, 3))
                canvas = grade(canvas.copy(), seg.looks)
                self._stills[i] = canvas
            return canvas.copy()
        if seg.kind == "image":
            canvas = self._stills.get(i)
            moving = seg.ken_burns.mode != "none" and seg.ken_burns.amount > 0
            if canvas is None:
                from PIL import Image

                with Image.open(normalized_still(seg.source, self.w, self.h)) as im:
                    rgb = np.asarray(im.convert("RGB"))
                canvas = fit_picture(rgb, seg, self.w, self.h)
                if not moving:
                    canvas = grade(canvas, seg.looks)
                self._stills[i] = canvas
            if moving:
                return grade(ken_burns_frame(canvas, seg, k), seg.looks)
            return canvas.copy()
        source = self._videos.get(i)
        if source is None or k + seg.skip_frames < source.position:
            if source is not None:
                source.close()
            source = self._open(seg)
            self._videos[i] = source
            self._fitted.pop(i, None)
        got = source.frame(k + seg.skip_frames)
        if got is None:
            return grade(np.zeros((self.h, self.w, 3), np.float32), seg.looks)
        ident, rgb = got
        cached = self._fitted.get(i)
        if cached is None or cached[0] != ident:
            cached = (ident, grade(fit_picture(rgb, seg, self.w, self.h), seg.looks))
            self._fitted[i] = cached
        return cached[1].copy()

    def _segment_frame(self, i: int, k: int) -> Array:
        """The segment's frame k, moved by its clip's transform over black (apply_motion)."""
        seg = self.plan.segments[i]
        picture = self._segment_picture(i, k)
        if seg.motion is None:
            return picture
        t = values_at(seg.motion, k, self.plan.fps, seg.skip_frames / self.plan.fps)
        out = np.zeros_like(picture)
        return place(out, picture, None, t, seg.motion, self.w, self.h)

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

    # the overlay tracks' pictures (transform_graph.overlay_pictures)
    def _picture_span(self, pic: PictureOverlay) -> tuple[int, int]:
        off, fps = self.plan.time_offset_us, self.plan.fps
        f0 = max(0, _picture_frame(pic.start_us - off, fps))
        f1 = min(self.plan.frames, _picture_frame(pic.end_us - off, fps))
        return f0, f1

    def _picture_source(self, j: int, pic: PictureOverlay, n: int) -> tuple[Array, Array | None]:
        """The picture's (RGB graded by its looks, alpha or None) at output frame n."""
        if pic.kind == "image":
            got = self._pictures.get(j)
            if got is None:
                from PIL import Image

                bw, bh = fitted_size(pic.src_width, pic.src_height, self.w, self.h)
                smax = min(pic.motion.max_scale(), 4.0)
                cover = (max(2, math.ceil(bw * smax)), max(2, math.ceil(bh * smax)))
                with Image.open(normalized_still(pic.source, *cover)) as im:
                    has_alpha = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
                    rgba = np.asarray(im.convert("RGBA"), dtype=np.float32)
                # graded around its alpha (effects_graph.grade_alpha)
                got = (grade(rgba[..., :3], pic.looks), rgba[..., 3] if has_alpha else None)
                self._pictures[j] = got
            return got
        f0, _f1 = self._picture_span(pic)
        source = self._picture_videos.get(j)
        if source is None or n - f0 < source.position:
            if source is not None:
                source.close()
            off, fps = self.plan.time_offset_us, self.plan.fps
            if pic.freeze:  # its in-point held (as on the main track)
                source = FrozenSource(pic.source, pic.source_in_us, fps, alpha=True)
            elif pic.reverse:  # all its frames picked forward, shown last first
                first = _picture_frame(pic.start_us, fps)
                total = max(1, _picture_frame(pic.end_us, fps) - first)
                source = ReversedSource(
                    pic.source, pic.source_in_us, fps, pic.speed, total, alpha=True
                )
            else:
                into = max(0, off + f0 * 1_000_000 // fps - pic.start_us)
                looping = pic.source.lower().endswith((".gif", ".webp"))
                start = pic.source_in_us + round(into * pic.speed)  # the clip's speed
                source = VideoSource(pic.source, start, fps, pic.speed, loop=looping, alpha=True)
            self._picture_videos[j] = source
            self._pictures.pop(j, None)
        k = n - f0
        if pic.reverse and not pic.freeze:  # counted from the clip's own first frame
            off, fps = self.plan.time_offset_us, self.plan.fps
            k += max(0, _picture_frame(off, fps) + f0 - _picture_frame(pic.start_us, fps))
        got = source.frame(k)
        if got is None:
            return np.zeros((2, 2, 3), np.float32), np.zeros((2, 2), np.float32)
        ident, picture = got
        cached = self._pictures.get(j)
        if cached is None or self._picture_idents.get(j) != ident:
            picture = picture.astype(np.float32)
            alpha = picture[..., 3] if picture.shape[2] == 4 else None
            cached = (grade(picture[..., :3], pic.looks), alpha)
            self._pictures[j] = cached
            self._picture_idents[j] = ident
        return cached

    def _showing(self, n: int, text: bool) -> list[tuple[int, PictureOverlay]]:
        """The pictures (drawn text or not) on screen at output frame n."""
        out = []
        for j, pic in enumerate(self.plan.pictures):
            f0, f1 = self._picture_span(pic)
            if pic.text == text and f0 <= n < f1:
                out.append((j, pic))
        return out

    def _overlay_pictures(self, out: Array, n: int, showing) -> Array:
        plan = self.plan
        for j, pic in showing:
            rgb, alpha = self._picture_source(j, pic, n)
            offset_s = (plan.time_offset_us - pic.start_us) / 1_000_000
            t = values_at(pic.motion, n, plan.fps, offset_s)
            bw, bh = fitted_size(pic.src_width, pic.src_height, self.w, self.h)
            out = place(out, rgb, alpha, t, pic.motion, bw, bh)
        return out

    def _release(self, n: int) -> None:
        """Drop what segments and pictures that ended before frame n hold."""
        for i, seg in enumerate(self.plan.segments):
            if seg.end_frame <= n:
                self._stills.pop(i, None)
                self._fitted.pop(i, None)
                src = self._videos.pop(i, None)
                if src is not None:
                    src.close()
        for j, pic in enumerate(self.plan.pictures):
            if self._picture_span(pic)[1] <= n:
                self._pictures.pop(j, None)
                video = self._picture_videos.pop(j, None)
                if video is not None:
                    video.close()

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
        # the pictures, the whole video's look once over them, then drawn text
        # (effects_graph.look_over_pictures). With no picture on screen the chain's colours
        # reach the look unclipped: the graph keeps them in Y'CbCr between the two looks.
        if below := self._showing(n, text=False):
            out = self._overlay_pictures(np.clip(out, 0, 255), n, below)
        if self.plan.video_looks:
            out = grade(out, self.plan.video_looks)
        out = np.clip(out, 0, 255)
        if above := self._showing(n, text=True):
            out = np.clip(self._overlay_pictures(out, n, above), 0, 255)
        if self.captions is not None:
            out = composite(out, self.captions.at(n))
        out = composite(out, self.logo)
        return np.clip(np.rint(out), 0, 255).astype(np.uint8)

    def close_sources(self) -> None:
        for src in self._videos.values():
            src.close()
        for video in self._picture_videos.values():
            video.close()
        self._videos.clear()
        self._picture_videos.clear()
        self._stills.clear()
        self._fitted.clear()
        self._pictures.clear()
        self._picture_idents.clear()

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
