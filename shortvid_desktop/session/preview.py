"""Preview for the window: composed frames and playback proxies from the export's own compiler.

Jobs are made on the thread that owns the session and run anywhere. The frozen plan is made once
per project state: the service counts the undo stack's changes and clones, hashes and compiles the
project only when it changed (scrubbing then costs the GUI thread nothing but a few stat calls).
One FrameRenderer is kept per plan so scrubbing reuses its captions and fonts; playback proxies
come from a ProxyCache, which renders again only the pieces an edit touched.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable

from ..core.model import Project, project_dict_to_json
from ..core.serial import from_dict, to_dict
from ..jobs import CancelToken, Progress
from ..render.plan import RenderPlan, compile_plan
from ..render.window import FrameRenderer, PreviewImage, preview_proxy, proxy_path
from .proxies import Proxy, ProxyCache
from .session import Session


class PreviewService:
    """Frame and proxy jobs for one Session; caches recent frames by (project state, t, scale)."""

    def __init__(
        self, session: Session, cache_frames: int = 64, proxies: ProxyCache | None = None
    ) -> None:
        self.session = session
        self._lock = threading.Lock()
        self._renderer: tuple[str, FrameRenderer] | None = None
        self._frames: OrderedDict[tuple[str, int, float], PreviewImage] = OrderedDict()
        self._cache_frames = cache_frames
        self._proxies = proxies
        self._version = 0  # bumped by every change of the undo stack
        self._planned: tuple[int, str, RenderPlan] | None = None
        self._proxies_started: set[tuple[str, int]] = set()
        self.plans_compiled = 0
        self._caption_boxes: tuple[RenderPlan, list] | None = None  # (the plan they are of, boxes)
        session.stack.changed.connect(self._on_stack_changed)

    def close(self) -> None:
        self.session.stack.changed.disconnect(self._on_stack_changed)
        with self._lock:
            if self._renderer is not None:
                self._renderer[1].close()
                self._renderer = None

    @property
    def proxies(self) -> ProxyCache:
        if self._proxies is None:
            self._proxies = ProxyCache()
        return self._proxies

    def _on_stack_changed(self, event: object) -> None:
        if getattr(event, "kind", "") not in ("clean", "clear"):  # those leave the project be
            self._version += 1

    def _plan(self) -> tuple[str, RenderPlan]:
        """(content key, plan) of the project as it is now; compiled again only after a change
        (or when a media file went missing, so the error names it)."""
        planned = self._planned
        if planned is not None and planned[0] == self._version and _sources_exist(planned[2]):
            return planned[1], planned[2]
        data = to_dict(self.session.project)  # once: the copy and its content key both use it
        project = from_dict(Project, data)
        key = hashlib.sha1(project_dict_to_json(data, indent=None).encode()).hexdigest()
        plan = compile_plan(project)
        self.plans_compiled += 1
        self._planned = (self._version, key, plan)
        return key, plan

    def current_plan(self) -> tuple[str, RenderPlan]:
        """(content key, plan) of the project as it is now (see ``_plan``)."""
        return self._plan()

    def _renderer_for(self, key: str, plan: RenderPlan) -> FrameRenderer:
        with self._lock:
            if self._renderer is None or self._renderer[0] != key:
                if self._renderer is not None:
                    self._renderer[1].close()
                # a clip just imported is read from its file until its proxy is made (in the
                # background: ``proxy_jobs``), so its first frame costs one seek, not a transcode
                self._renderer = (key, FrameRenderer(plan, wait_for_proxies=False))
            return self._renderer[1]

    def proxy_jobs(self) -> list[tuple[str, Callable[[Progress, CancelToken], str]]]:
        """Jobs making the preview proxies that frames were read without (each once): (the
        clip's file, job). Later frames of those clips seek in the small proxy instead."""
        with self._lock:
            renderer = self._renderer[1] if self._renderer is not None else None
            missing = set(renderer.missing_proxies) if renderer is not None else set()
            if renderer is not None:
                renderer.missing_proxies.clear()
            todo = sorted(missing - self._proxies_started)
            self._proxies_started.update(todo)
        out = []
        for source, height in todo:

            def run(progress: Progress, cancel: CancelToken, s=source, h=height) -> str:
                try:
                    return preview_proxy(s, h, cancel)
                finally:
                    with self._lock:  # (a cancelled or failed one may be asked for again)
                        try:
                            made = proxy_path(s, h).is_file()
                        except OSError:  # the clip went away meanwhile
                            made = False
                        if not made:
                            self._proxies_started.discard((s, h))

            out.append((source, run))
        return out

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

    def text_boxes(
        self, t_us: int
    ) -> list[tuple[str, float, float, str, str, float, float, float]]:
        """The texts on screen at ``t_us`` (canvas pixels), for picking and editing them on the
        canvas: (kind, top, bottom, clip id, its text, centre x, width, rotation); kind is
        "caption" (the voice clip's page), "title" or "text" (an overlay text clip)."""
        from ..render.captions import OVERLAY_SCALE, caption_boxes, style_scale
        from ..render.text_anim import load_presets as text_presets
        from ..render.transform_graph import fitted_size

        _key, plan = self._plan()
        w, h = plan.width, plan.height
        out: list[tuple[str, float, float, str, str, float, float, float]] = []
        k = style_scale(w, h)

        def width_of(text: str, size: float) -> float:
            wide = sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in text)
            return min(w * 0.92, max(size, wide))

        for o in plan.overlays:
            if not o.start_us <= t_us < o.end_us:
                continue
            size = plan.caption_style.size * k * OVERLAY_SCALE
            preset = text_presets().get(o.style) if o.style else None  # a text item's look
            if preset is not None:
                size = float(preset["size"]) * k
            if o.motion is not None:
                tr = o.motion.at(t_us - o.start_us)
                cy, size, rot, cx = tr.y * h, size * tr.scale, tr.rotation, tr.x * w
            else:
                cy, rot, cx = max(20, h // 8) + size * 0.7, 0.0, w / 2
                cy = float(preset["y"]) * h if preset is not None else cy
            tall = size * 1.4
            out.append(
                (
                    "text",
                    cy - tall / 2,
                    cy + tall / 2,
                    o.clip_id,
                    o.text,
                    cx,
                    width_of(o.text, size),
                    rot,
                )
            )
        texts = {  # text items with emoji are drawn as pictures (render/text_anim.py)
            c.id: c.text
            for track in self.session.project.timeline.tracks
            if track.kind == "overlay"
            for c in track.clips
            if c.text and not c.asset_id
        }
        for pic in plan.pictures:
            if pic.clip_id in texts and pic.start_us <= t_us < pic.end_us:
                tr = pic.motion.at(t_us - pic.start_us)
                bw, bh = fitted_size(pic.src_width, pic.src_height, w, h)
                half = bh * tr.scale / 2
                cx, cy, text = tr.x * w, tr.y * h, texts[pic.clip_id]
                out.append(
                    (
                        "text",
                        cy - half,
                        cy + half,
                        pic.clip_id,
                        text,
                        cx,
                        bw * tr.scale,
                        tr.rotation,
                    )
                )
        voice = self.session.project.timeline.track("voice")
        clip = next(
            (
                c
                for c in (voice.clips if voice else [])
                if c.words and c.start_us <= t_us < c.end_us
            ),
            None,
        )
        cached = self._caption_boxes
        if cached is None or cached[0] is not plan:  # paginating every caption costs ~3 ms
            cached = self._caption_boxes = (plan, caption_boxes(plan))
        for box in cached[1]:
            if clip is not None and box.start_us <= t_us < box.end_us:
                out.append(
                    ("caption", box.top, box.bottom, clip.id, clip.text or "", w / 2, w, 0.0)
                )
                break
        if plan.title.strip() and t_us < 1_500_000:
            size = plan.caption_style.size * k * 1.35
            mid = h / 2
            out.append(("title", mid - size, mid + size, "", plan.title.strip(), w / 2, w, 0.0))
        return out

    def proxy_job(self, start_us: int = 0) -> Callable[[Progress, CancelToken], Proxy]:
        """A job making a low-resolution MP4 (with sound) of the timeline from the piece holding
        ``start_us`` to the end, for playback; only pieces not cached yet render."""
        _key, plan = self._plan()
        return self.proxies.job(plan, start_us)


def _sources_exist(plan: RenderPlan) -> bool:
    files = {s.source for s in plan.segments if s.source}
    files.update(p.source for p in (*plan.voice, *plan.clip_audio))
    if plan.music is not None:
        files.add(plan.music.source)
    if plan.watermark_image:
        files.add(plan.watermark_image)
    return all(os.path.isfile(f) for f in files)
