"""Laying a script out on a timeline: voice per scene, visuals under it, music under all.

Pure functions over the model: given the scenes, each scene's spoken audio (an Asset plus word
timings) and a pool of visuals, return a new Timeline. The session wraps the result in one
TimelineReplaceCommand so the whole layout is one undo step.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from fractions import Fraction

from ..core.model import (
    Asset,
    Clip,
    KenBurns,
    Project,
    Scene,
    Timeline,
    Track,
    Transition,
    WordTiming,
)
from ..core.timebase import snap_to_frame

LEAD_IN_US = 300_000  # silence before the first word
SCENE_GAP_US = 250_000  # breath between scenes
TAIL_US = 700_000  # after the last word
MIN_SCENE_US = 1_500_000
KB_CYCLE = ("zoom_in", "pan_left", "zoom_out", "pan_right", "pan_up", "pan_down")


@dataclass(frozen=True)
class SpokenScene:
    """One scene's synthesized narration."""

    asset: Asset
    duration_us: int
    words: tuple[WordTiming, ...]
    text: str


def _snap(value: int, fps: int) -> int:
    return snap_to_frame(value, Fraction(fps))


def scene_spans(
    scenes: list[Scene], spoken: dict[str, SpokenScene], fps: int, still_us: int
) -> list[tuple[int, int]]:
    """(start, end) of each scene on the timeline, frame-aligned and contiguous."""
    spans = []
    cursor = 0
    for i, scene in enumerate(scenes):
        sp = spoken.get(scene.id)
        lead = LEAD_IN_US if i == 0 else 0
        if sp is not None:
            length = lead + sp.duration_us + (TAIL_US if i == len(scenes) - 1 else SCENE_GAP_US)
        else:
            length = scene.duration_us or still_us
        length = max(length, MIN_SCENE_US)
        end = _snap(cursor + length, fps)
        spans.append((cursor, end))
        cursor = end
    return spans


class _KenBurnsVariety:
    """Seeded choice of moves: the first still uses the template's move, then each next one a
    different move than the one before (the same seed gives the same moves)."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        self._last: str | None = None

    def pick(self, first: str) -> str:
        if self._last is None:
            choice = first
        else:
            choice = self._rng.choice([m for m in KB_CYCLE if m != self._last])
        self._last = choice
        return choice


def _fill_span(
    span: tuple[int, int], still_us: int, fps: int, pick, margin_us: int
) -> list[tuple[int, int, Asset]]:
    """Cover one scene with visuals: stills about ``still_us`` each, clips no longer than their
    source (less ``margin_us`` for the transitions), a short remainder absorbed by the last."""
    start, end = span
    out: list[tuple[int, int, Asset]] = []
    cur = start
    min_len = min(500_000, end - start)
    tries = 0
    while cur < end:
        asset = pick()
        if asset is None:
            break
        length = min(still_us, end - cur)
        if end - (cur + length) < still_us // 2:
            length = end - cur
        if asset.kind == "video" and asset.duration_us > 0:
            usable = asset.duration_us - margin_us
            if usable < min_len and tries < 8:  # too short for any slot: try the next one
                tries += 1
                continue
            length = min(length, max(usable, min_len))
        stop = _snap(cur + length, fps) if cur + length < end else end
        if stop <= cur:
            break
        out.append((cur, stop, asset))
        cur = stop
    return out


def layout_timeline(
    project: Project,
    spoken: dict[str, SpokenScene],
    visuals: list[Asset],
    music: Asset | None,
) -> Timeline:
    """A fresh timeline for ``project.script`` (the project itself is not changed)."""
    tpl = project.template
    fps = tpl.fps
    scenes = project.script.scenes
    spans = scene_spans(scenes, spoken, fps, tpl.still_duration_us)
    video = Track(kind="video", name="Video")
    overlay = Track(kind="overlay", name="Text")
    voice = Track(kind="voice", name="Voice")
    music_track = Track(kind="music", name="Music")

    pool = [a for a in visuals if a.kind in ("image", "video")]
    by_id = {a.id: a for a in pool}
    cycle = itertools.cycle(pool) if pool else None
    kb_modes = _KenBurnsVariety(tpl.ken_burns_seed)
    trans = tpl.transition
    half = _snap(trans.overlap_us // 2, fps) if trans.kind != "cut" else 0
    slots: list[tuple[int, int, Asset, str]] = []
    for scene, span in zip(scenes, spans, strict=True):
        chosen = [by_id[a] for a in scene.media if a in by_id]
        own = itertools.cycle(chosen) if chosen else None
        source = own or cycle

        def pick(src=source) -> Asset | None:
            return next(src) if src is not None else None

        for a, b, asset in _fill_span(span, tpl.still_duration_us, fps, pick, 2 * half + 40_000):
            slots.append((a, b, asset, scene.id))
    for i, (a, b, asset, scene_id) in enumerate(slots):
        start = a - half if i > 0 else a
        end = b + half if i < len(slots) - 1 else b
        if asset.kind == "image":
            mode = tpl.ken_burns.mode
            if tpl.ken_burns_variety and mode != "none":
                mode = kb_modes.pick(mode)
            kb = KenBurns(mode, tpl.ken_burns.amount, tpl.ken_burns.easing)
        else:
            kb = KenBurns("none")
        fit = tpl.fit
        portrait = tpl.height >= tpl.width
        if (
            fit == "fill"
            and asset.width
            and asset.height
            and ((asset.width > asset.height) == portrait and asset.width != asset.height)
        ):
            fit = "fit_blur"  # a landscape picture on a portrait canvas (or the reverse)
        source_in = 0
        if asset.kind == "video" and asset.duration_us > 0:
            spare = asset.duration_us - (end - start)
            if spare < 0:  # shorter than its slot (a very short clip): hold its last frame
                end = start + asset.duration_us
            source_in = max(0, min(1_000_000, spare // 2))
            source_in = (source_in * fps // 1_000_000) * 1_000_000 // fps
        video.clips.append(
            Clip(
                asset_id=asset.id,
                start_us=start,
                duration_us=end - start,
                source_in_us=source_in,
                fit=fit,
                ken_burns=kb,
                transition_in=Transition(trans.kind, 2 * half) if i > 0 and half else Transition(),
                volume=0.0 if scene_id in spoken else 1.0,
                scene_id=scene_id,
            )
        )

    for i, (scene, (a, b)) in enumerate(zip(scenes, spans, strict=True)):
        sp = spoken.get(scene.id)
        if sp is not None:
            start = a + (LEAD_IN_US if i == 0 else 0)
            voice.clips.append(
                Clip(
                    asset_id=sp.asset.id,
                    start_us=start,
                    duration_us=min(sp.duration_us, b - start),
                    text=sp.text,
                    scene_id=scene.id,
                    words=list(sp.words),
                )
            )
        if tpl.scene_text and scene.on_screen_text.strip():
            overlay.clips.append(
                Clip(
                    start_us=a,
                    duration_us=b - a,
                    text=scene.on_screen_text.strip(),
                    scene_id=scene.id,
                )
            )
    total = spans[-1][1] if spans else 0
    if music is not None and total > 0:
        music_track.clips.append(
            Clip(
                asset_id=music.id,
                start_us=0,
                duration_us=total,
                fade_in_us=min(tpl.music_fade_us, total // 2),
                fade_out_us=min(tpl.music_fade_us, total // 2),
            )
        )
    return Timeline(tracks=[video, overlay, voice, music_track])
