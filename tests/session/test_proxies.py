"""Playback proxies from cached pieces: an edit renders again only the pieces it touched; the
joined proxy has the timeline's length and one continuous sound track."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from shortvid_desktop.core.errors import MediaError
from shortvid_desktop.core.model import Asset, Clip, KenBurns, Project
from shortvid_desktop.edits import ClipMoveCommand, ClipPropertyCommand
from shortvid_desktop.jobs import Cancelled, CancelToken, Progress
from shortvid_desktop.media.ffmpeg import run_ffmpeg
from shortvid_desktop.render.plan import compile_plan
from shortvid_desktop.render.proxy import AssEvents, piece_bounds
from shortvid_desktop.session import Session
from shortvid_desktop.session.preview import PreviewService
from shortvid_desktop.session.proxies import ProxyCache

FPS = 15


def three_scenes(media, tmp_path: Path) -> Session:
    """Three 2 s pictures (cuts at 2 s and 4 s), a caption-like overlay on each, one continuous
    tone as the voice: 6 s, 90 frames, three pieces."""
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = 180, 320, FPS
    p.template.title_card = False
    p.template.quality = "draft"
    stills = [
        Asset(path=str(media.image("px_a.png", "320x480")), kind="image", width=320, height=480),
        Asset(
            path=str(media.image("px_b.png", "320x480", color="teal")),
            kind="image",
            width=320,
            height=480,
        ),
        Asset(
            path=str(media.image("px_c.png", "480x320", color="orange")),
            kind="image",
            width=480,
            height=320,
        ),
    ]
    tone = tmp_path / "px_tone.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=f=330:d=6:r=48000", str(tone)])
    voice = Asset(path=str(tone), kind="audio", duration_us=6_000_000)
    for a in [*stills, voice]:
        p.assets[a.id] = a
    video = p.timeline.ensure_track("video")
    overlay = p.timeline.ensure_track("overlay")
    for i, (asset, word) in enumerate(zip(stills, ("one", "two", "three"), strict=True)):
        video.clips.append(
            Clip(id=f"v{i}", asset_id=asset.id, start_us=i * 2_000_000, duration_us=2_000_000)
        )
        overlay.clips.append(
            Clip(id=f"o{i}", start_us=i * 2_000_000, duration_us=2_000_000, text=word)
        )
    p.timeline.ensure_track("voice").clips.append(
        Clip(id="voice", asset_id=voice.id, start_us=0, duration_us=6_000_000)
    )
    return Session(p)


def build(service: PreviewService, start_us: int = 0):
    return service.proxy_job(start_us)(Progress(), CancelToken())


def probe(path: Path) -> tuple[int, tuple[int, int], float, np.ndarray]:
    """(video frames, size, seconds of sound, the sound as mono float samples at 48 kHz)."""
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        size = (v.codec_context.width, v.codec_context.height)
        frames = sum(1 for _ in c.decode(video=0))
        c.seek(0)
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=48000)
        chunks = []
        for f in c.decode(audio=0):
            chunks += [g.to_ndarray()[0] for g in resampler.resample(f)]
        chunks += [g.to_ndarray()[0] for g in resampler.resample(None)]
    samples = np.concatenate(chunks)
    return frames, size, len(samples) / 48000, samples


def test_pieces_cut_where_one_picture_is_alone(media, tmp_path: Path) -> None:
    s = three_scenes(media, tmp_path)
    plan = compile_plan(s.project)
    assert piece_bounds(plan, 5.0) == [(0, 30), (30, 60), (60, 90)]
    assert piece_bounds(plan, 1.0) == [(0, 15), (15, 30), (30, 45), (45, 60), (60, 75), (75, 90)]


def test_an_edit_renders_only_the_pieces_it_touched(media, tmp_path: Path) -> None:
    s = three_scenes(media, tmp_path)
    cache = ProxyCache(tmp_path / "cache")
    service = PreviewService(s, proxies=cache)
    try:
        first = build(service)
        assert (first.rendered, first.reused, cache.renders) == (3, 0, 3)
        assert first.start_us == 0 and first.has_audio
        frames, size, sound_s, _ = probe(first.path)
        assert size == (180, 320)  # a small canvas plays at full size
        assert frames == 90
        assert abs(first.duration_us - 6_000_000) <= 1_000_000 // FPS
        assert abs(sound_s - 6.0) <= 1 / FPS  # the sound runs the whole length

        again = build(service)  # nothing changed: nothing renders, the same file plays
        assert (again.rendered, again.path) == (0, first.path)

        s.stack.push(ClipPropertyCommand("o1", text="two, changed"))  # the middle caption
        changed = build(service)
        assert changed.rendered == 1 and cache.rendered[-1] == (30, 60)
        assert changed.path != first.path

        s.stack.push(ClipPropertyCommand("v0", ken_burns=KenBurns("zoom_in", 0.3)))
        moved = build(service)
        assert moved.rendered == 1 and cache.rendered[-1] == (0, 30)

        s.stack.undo()
        s.stack.undo()
        back = build(service)  # undone: every piece is still in the cache
        assert (back.rendered, back.path) == (0, first.path)

        sounds = cache.audio_renders
        s.stack.push(ClipPropertyCommand("voice", volume=0.5))  # sound only
        quieter = build(service)
        assert quieter.rendered == 0 and cache.audio_renders == sounds + 1
        assert quieter.path != first.path
    finally:
        service.close()


def test_moving_a_scene_later_renders_only_the_gap(media, tmp_path: Path) -> None:
    s = three_scenes(media, tmp_path)
    cache = ProxyCache(tmp_path / "cache")
    service = PreviewService(s, proxies=cache)
    try:
        build(service)
        with s.stack.transaction("Move the last scene"):
            s.stack.push(ClipMoveCommand("v2", 5_000_000))
            s.stack.push(ClipMoveCommand("o2", 5_000_000))
        later = build(service)
        # the moved scene looks the same from its own start: only the black gap is new
        assert later.rendered == 1 and cache.rendered[-1] == (60, 75)
        assert abs(later.duration_us - 7_000_000) <= 1_000_000 // FPS
    finally:
        service.close()


def test_sound_is_continuous_across_the_joins(media, tmp_path: Path) -> None:
    s = three_scenes(media, tmp_path)
    service = PreviewService(s, proxies=ProxyCache(tmp_path / "cache"))
    try:
        proxy = build(service)
    finally:
        service.close()
    _, _, _, samples = probe(proxy.path)
    window = 480  # 10 ms
    rms = np.sqrt(np.mean(samples[: len(samples) // window * window].reshape(-1, window) ** 2, 1))
    inner = rms[5:-10]  # the tone fades in and out at its ends only
    assert inner.min() > 0.7 * float(np.median(inner))  # no gap or dip at 2 s or 4 s


def test_playing_from_the_middle_builds_from_its_piece(media, tmp_path: Path) -> None:
    s = three_scenes(media, tmp_path)
    cache = ProxyCache(tmp_path / "cache")
    service = PreviewService(s, proxies=cache)
    try:
        proxy = build(service, 3_100_000)
        assert proxy.start_us == 2_000_000
        assert proxy.rendered == 2 and sorted(cache.rendered) == [(30, 60), (60, 90)]
        frames, _, sound_s, _ = probe(proxy.path)
        assert frames == 60 and abs(sound_s - 4.0) <= 1 / FPS
        whole = build(service)  # from the start: only the first piece is new
        assert whole.rendered == 1 and whole.reused == 2
    finally:
        service.close()


def test_cancel_leaves_no_partial_files(media, tmp_path: Path) -> None:
    s = three_scenes(media, tmp_path)
    cache = ProxyCache(tmp_path / "cache")
    service = PreviewService(s, proxies=cache)
    token = CancelToken()

    def report(r) -> None:
        if r.fraction > 0.05:
            token.cancel()

    try:
        with pytest.raises(Cancelled):
            service.proxy_job(0)(Progress(report), token)
    finally:
        service.close()
    names = [p.name for p in (tmp_path / "cache").iterdir()]
    assert not [n for n in names if n.startswith(".partial-") or n.startswith("play-")]


def test_the_plan_is_compiled_once_per_project_state(media, tmp_path: Path) -> None:
    s = three_scenes(media, tmp_path)
    service = PreviewService(s, proxies=ProxyCache(tmp_path / "cache"))
    try:
        first = service.frame_job(500_000, 0.5)(Progress(), CancelToken())
        for t in (100_000, 900_000, 2_500_000):
            service.frame_job(t, 0.5)
        assert service.plans_compiled == 1  # scrubbing does not clone or compile again
        s.stack.set_clean()
        service.frame_job(500_000, 0.5)
        assert service.plans_compiled == 1  # saving changes nothing that shows
        s.stack.push(ClipPropertyCommand("o0", text="ONE"))
        changed = service.frame_job(500_000, 0.5)(Progress(), CancelToken())
        assert service.plans_compiled == 2 and changed.rgb != first.rgb
        s.stack.undo()
        again = service.frame_job(500_000, 0.5)(Progress(), CancelToken())
        assert again is first  # the same state again: the frame comes from the cache
        # a media file gone behind our back is noticed and named
        still = Path(s.project.assets[s.project.timeline.track("video").clips[1].asset_id].path)
        moved = still.with_name("px_moved.png")
        still.rename(moved)
        try:
            with pytest.raises(MediaError, match="px_b.png"):
                service.frame_job(500_000, 0.5)
        finally:
            moved.rename(still)
    finally:
        service.close()


def test_the_cache_keeps_to_its_size(media, tmp_path: Path) -> None:
    s = three_scenes(media, tmp_path)
    cache = ProxyCache(tmp_path / "cache")
    plan = compile_plan(s.project)
    proxy = cache.build(plan)
    assert cache.size_bytes() > 0
    cache.limit_bytes = 0
    assert cache.evict({proxy.path}) > 0
    assert [p.name for p in cache.root.iterdir()] == [proxy.path.name]
    cache.clear()
    assert not list(cache.root.iterdir())


def test_piece_keys_name_styles_by_their_look() -> None:
    head = "[Script Info]\nPlayResX: 180\n\n[V4+ Styles]\n"
    one = AssEvents.parse(
        head + "Style: Caption,Sans,20,&H00FFFFFF\nStyle: Caption2,Sans,30,&H0000FFFF\n"
        "[Events]\nDialogue: 1,0:00:01.00,0:00:02.00,Caption2,,0,0,0,,Hi\n"
    )
    two = AssEvents.parse(  # another scene gained a look: the numbers moved, the look did not
        head + "Style: Caption,Sans,20,&H00FFFFFF\nStyle: Caption2,Sans,25,&H00FF00FF\n"
        "Style: Caption3,Sans,30,&H0000FFFF\n"
        "[Events]\nDialogue: 1,0:00:01.00,0:00:02.00,Caption3,,0,0,0,,Hi\n"
    )
    assert one.header == two.header
    assert one.during(0, 3_000_000, 33_333) == two.during(0, 3_000_000, 33_333)
    assert one.during(2_000_000, 3_000_000, 33_333) == []  # over before the window
