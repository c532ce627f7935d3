"""The timeline as OpenTimelineIO (.otio), so a project opens in Kdenlive, Resolve and others."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

from ..core.model import Project, Track


def _rt(us_value: int, fps: int):
    import opentimelineio as otio

    return otio.opentime.RationalTime(float(Fraction(us_value * fps, 1_000_000)), fps)


def _range(start_us: int, dur_us: int, fps: int):
    import opentimelineio as otio

    return otio.opentime.TimeRange(_rt(start_us, fps), _rt(dur_us, fps))


def _track(project: Project, track: Track, fps: int):
    import opentimelineio as otio

    kind = (
        otio.schema.TrackKind.Video
        if track.kind in ("video", "overlay")
        else (otio.schema.TrackKind.Audio)
    )
    out = otio.schema.Track(name=track.name or track.kind, kind=kind)
    cursor = 0
    for clip in track.sorted_clips():
        start = clip.start_us
        overlap = cursor - start
        if overlap > 0 and out and isinstance(out[-1], otio.schema.Clip):
            # OTIO clips abut: cut in the middle of the overlap, and let a transition borrow
            # half of it from each side
            mid = start + overlap // 2
            prev = out[-1]
            prev.source_range = otio.opentime.TimeRange(
                prev.source_range.start_time, prev.source_range.duration - _rt(cursor - mid, fps)
            )
            if clip.transition_in.kind != "cut":
                out.append(
                    otio.schema.Transition(
                        name=clip.transition_in.kind,
                        transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
                        in_offset=_rt(mid - start, fps),
                        out_offset=_rt(cursor - mid, fps),
                    )
                )
            start = mid
        elif start > cursor:
            out.append(otio.schema.Gap(source_range=_range(0, start - cursor, fps)))
        duration = clip.end_us - start
        if duration <= 0:
            continue
        asset = project.assets.get(clip.asset_id) if clip.asset_id else None
        if asset is not None:
            ref = otio.schema.ExternalReference(target_url=Path(asset.path).absolute().as_uri())
            name = Path(asset.path).name.encode("utf-8", "replace").decode()  # any bytes
        else:
            ref = otio.schema.GeneratorReference(
                generator_kind="text", parameters={"text": clip.text}
            )
            name = clip.text[:40] or "text"
        source_in = clip.source_in_us + (start - clip.start_us)
        item = otio.schema.Clip(
            name=name, media_reference=ref, source_range=_range(source_in, duration, fps)
        )
        item.metadata["shortvid"] = {
            "clip_id": clip.id,
            "scene_id": clip.scene_id,
            "text": clip.text,
            "volume": clip.volume,
            "ken_burns": clip.ken_burns.mode,
            "fit": clip.fit,
        }
        out.append(item)
        cursor = clip.end_us
    return out


def project_to_otio(project: Project):
    """An ``opentimelineio.schema.Timeline`` for the project."""
    import opentimelineio as otio

    fps = project.template.fps
    tl = otio.schema.Timeline(name=project.title or "ShortVid project")
    tl.global_start_time = _rt(0, fps)
    for track in project.timeline.tracks:  # every track, empty ones too (as in the editor)
        tl.tracks.append(_track(project, track, fps))
    tl.metadata["shortvid"] = {
        "width": project.template.width,
        "height": project.template.height,
        "fps": fps,
    }
    return tl


def write_otio(project: Project, path: str | Path) -> Path:
    import opentimelineio as otio

    out = Path(path)  # written from Python, so a file name in any byte encoding works
    text = otio.adapters.write_to_string(project_to_otio(project), "otio_json")
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out)  # whole or not at all
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return out
