"""The timeline as OpenTimelineIO JSON (``.otio``), written without the OTIO library.

Each ShortVid track becomes an OTIO track of clips and gaps at the project's frame rate. Two
clips that overlap on a track (a crossfade) become clip, Transition, clip: the cut sits in the
middle of the overlap and the transition reaches half the overlap to each side, which is how OTIO
describes a transition. Text clips carry their text in metadata with a MissingReference.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..core.model import Clip, Project, Track
from ..core.timebase import US_PER_SECOND

_OTIO_TRANSITIONS = {"cut": "SMPTE_Dissolve", "fade": "SMPTE_Dissolve"}


def _rt(value_us: int, fps: int) -> dict[str, Any]:
    return {
        "OTIO_SCHEMA": "RationalTime.1",
        "rate": float(fps),
        "value": float(round(value_us * fps / US_PER_SECOND)),
    }


def _range(start_us: int, duration_us: int, fps: int) -> dict[str, Any]:
    return {
        "OTIO_SCHEMA": "TimeRange.1",
        "start_time": _rt(start_us, fps),
        "duration": _rt(duration_us, fps),
    }


def _item(schema: str, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "OTIO_SCHEMA": schema,
        "name": name,
        "metadata": extra.pop("metadata", {}),
        "effects": [],
        "markers": [],
        "enabled": True,
        **extra,
    }


def _gap(duration_us: int, fps: int) -> dict[str, Any]:
    return _item("Gap.1", "", source_range=_range(0, duration_us, fps))


def _clip(project: Project, clip: Clip, start_us: int, end_us: int, fps: int) -> dict[str, Any]:
    """Clip showing [start_us, end_us) of the timeline (a part of ``clip``)."""
    asset = project.assets.get(clip.asset_id) if clip.asset_id else None
    offset = start_us - clip.start_us
    meta: dict[str, Any] = {
        "shortvid": {
            "clip_id": clip.id,
            "scene_id": clip.scene_id,
            "volume": clip.volume,
            "fit": clip.fit,
            "ken_burns": clip.ken_burns.mode,
            "text": clip.text,
        }
    }
    if asset is None:
        ref: dict[str, Any] = {
            "OTIO_SCHEMA": "MissingReference.1",
            "name": "",
            "available_range": None,
            "available_image_bounds": None,
            "metadata": {},
        }
        name = clip.text[:40] or "Text"
        source_in = offset
    else:
        timed = asset.kind in ("video", "audio")
        ref = {
            "OTIO_SCHEMA": "ExternalReference.1",
            "name": os.path.basename(asset.path),
            "target_url": Path(os.path.abspath(asset.path)).as_uri(),
            "available_range": _range(0, asset.duration_us, fps)
            if timed and asset.duration_us
            else None,
            "available_image_bounds": None,
            "metadata": {},
        }
        name = os.path.basename(asset.path)
        source_in = clip.source_in_us + offset if timed else offset
    return _item(
        "Clip.2",
        name,
        metadata=meta,
        source_range=_range(source_in, end_us - start_us, fps),
        media_references={"DEFAULT_MEDIA": ref},
        active_media_reference_key="DEFAULT_MEDIA",
    )


def _track(project: Project, track: Track, fps: int) -> dict[str, Any]:
    kind = "Audio" if track.kind in ("voice", "music", "audio") else "Video"
    children: list[dict[str, Any]] = []
    clips = track.sorted_clips()
    cursor = 0
    for i, clip in enumerate(clips):
        start = max(clip.start_us, 0)
        nxt = clips[i + 1] if i + 1 < len(clips) else None
        end = clip.end_us
        half_in = 0
        if i > 0:
            prev = clips[i - 1]
            overlap = max(0, prev.end_us - clip.start_us)
            if overlap and clip.transition_in.kind != "cut":
                half_in = overlap // 2
        if nxt is not None and nxt.start_us < end:
            overlap = end - nxt.start_us
            end = nxt.start_us + (overlap // 2 if nxt.transition_in.kind != "cut" else 0)
        start = max(start + half_in, cursor)
        if start > cursor:
            children.append(_gap(start - cursor, fps))
        if half_in:
            children.append(
                {
                    "OTIO_SCHEMA": "Transition.1",
                    "name": clip.transition_in.kind,
                    "metadata": {"shortvid": {"kind": clip.transition_in.kind}},
                    "transition_type": _OTIO_TRANSITIONS.get(clip.transition_in.kind, "Custom"),
                    "in_offset": _rt(half_in, fps),
                    "out_offset": _rt(half_in, fps),
                }
            )
        if end > start:
            children.append(_clip(project, clip, start, end, fps))
            cursor = end
    return _item(
        "Track.1",
        track.name or track.kind,
        metadata={"shortvid": {"kind": track.kind, "muted": track.muted}},
        source_range=None,
        kind=kind,
        children=children,
    )


def timeline_to_otio(project: Project) -> dict[str, Any]:
    """The project's timeline as an OTIO ``Timeline.1`` document (a JSON-able dict)."""
    fps = project.template.fps
    stack = _item(
        "Stack.1",
        "tracks",
        source_range=None,
        children=[_track(project, t, fps) for t in project.timeline.tracks],
    )
    return {
        "OTIO_SCHEMA": "Timeline.1",
        "name": project.title,
        "metadata": {
            "shortvid": {
                "project_id": project.id,
                "width": project.template.width,
                "height": project.template.height,
                "fps": fps,
            }
        },
        "global_start_time": None,
        "tracks": stack,
    }


def write_otio(project: Project, path: str | Path) -> Path:
    p = Path(path)
    tmp = p.with_name(f".{p.name}.tmp")
    tmp.write_text(
        json.dumps(timeline_to_otio(project), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    os.replace(tmp, p)
    return p


__all__ = ["timeline_to_otio", "write_otio"]
