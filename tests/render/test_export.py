"""Real ffmpeg renders of small plans: output format, exact duration, A/V length, captions in their
word's time span, loudness, glyph coverage, cancel and failure safety."""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
from pathlib import Path

import av
import numpy as np
import pytest

from shortvid_desktop.core.errors import BadInputError, MediaError, RenderError
from shortvid_desktop.core.model import (
    Asset,
    Clip,
    KenBurns,
    Project,
    Transition,
    WordTiming,
)
from shortvid_desktop.jobs import Cancelled, CancelToken, Progress
from shortvid_desktop.media.ffmpeg import ffmpeg_exe, run_ffmpeg
from shortvid_desktop.render.export import check_output_path, export
from shortvid_desktop.render.plan import compile_plan

W, H, FPS = 180, 320, 15


def small_project(**template: object) -> Project:
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = W, H, FPS
    p.template.title_card = False
    p.template.quality = "draft"
    for k, v in template.items():
        setattr(p.template, k, v)
    return p


def add_asset(p: Project, path: Path, kind: str, **kw: object) -> Asset:
    a = Asset(path=str(path), kind=kind, **kw)  # type: ignore[arg-type]
    p.assets[a.id] = a
    return a


def frame_at(path: Path, t: float) -> np.ndarray:
    """The RGB frame shown at time t (the last frame starting at or before t)."""
    with av.open(str(path)) as c:
        best = None
        for frame in c.decode(video=0):
            if frame.time is not None and frame.time <= t + 1e-6:
                best = frame
            else:
                break
        assert best is not None
        return best.to_ndarray(format="rgb24")


def stream_seconds(path: Path) -> dict[str, float]:
    out = {}
    with av.open(str(path)) as c:
        for s in c.streams:
            frames = [f for f in c.decode(s)]
            last = frames[-1]
            out[s.type] = float(last.time + (last.duration or 0) * last.time_base)
            c.seek(0)
    return out


@pytest.fixture
def voice_wav(tmp_path: Path) -> Path:
    """2 s of 'speech': a 300 Hz tone, loud enough to trigger ducking."""
    out = tmp_path / "voice.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=f=300:d=2:r=48000", "-af", "volume=0.5", str(out)])
    return out


def test_export_is_h264_high_aac_exact_length(media, tmp_path: Path, voice_wav: Path) -> None:
    p = small_project()
    a = add_asset(p, media.image("a.png", "400x300"), "image", width=400, height=300)
    b = add_asset(p, media.image("b.png", "300x400", color="red"), "image", width=300, height=400)
    c = add_asset(
        p,
        media.video("v.mp4", seconds=3),
        "video",
        width=320,
        height=240,
        has_audio=True,
        duration_us=3_000_000,
    )
    v = add_asset(p, voice_wav, "audio", duration_us=2_000_000)
    track = p.timeline.ensure_track("video")
    track.clips += [
        Clip(asset_id=a.id, start_us=0, duration_us=1_000_000, ken_burns=KenBurns("zoom_in")),
        Clip(
            asset_id=c.id,
            start_us=800_000,
            duration_us=1_000_000,
            transition_in=Transition("fade", 200_000),
            fit="fit_blur",
        ),
        Clip(
            asset_id=b.id,
            start_us=1_600_000,
            duration_us=1_000_000,
            transition_in=Transition("slideleft", 200_000),
        ),
    ]
    p.timeline.ensure_track("voice").clips.append(
        Clip(asset_id=v.id, start_us=300_000, duration_us=2_000_000)
    )
    out = tmp_path / "out.mp4"
    seen: list[float] = []
    result = export(compile_plan(p), out, progress=Progress(lambda r: seen.append(r.fraction)))
    assert result.path == out and out.is_file()
    assert seen[-1] == 1.0 and seen == sorted(seen)
    with av.open(str(out)) as cont:
        v_s, a_s = cont.streams.video[0], cont.streams.audio[0]
        assert (v_s.codec_context.name, v_s.codec_context.profile) == ("h264", "High")
        assert v_s.codec_context.format.name == "yuv420p"
        assert (v_s.codec_context.width, v_s.codec_context.height) == (W, H)
        assert v_s.average_rate == FPS
        assert a_s.codec_context.name == "aac" and a_s.codec_context.sample_rate == 48000
        assert a_s.codec_context.channels == 2
    lengths = stream_seconds(out)
    timeline_s = p.timeline.duration_us / 1e6  # 2.6 s (2.3 s voice end < 2.6 s video end)
    assert abs(lengths["video"] - timeline_s) <= 1 / FPS + 1e-6
    assert abs(lengths["audio"] - lengths["video"]) <= 1 / FPS
    data = out.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat"), "+faststart puts the index first"


def test_ken_burns_moves_and_transitions_blend(media, tmp_path: Path) -> None:
    p = small_project()
    a = add_asset(p, media.image("kb.png", "640x480"), "image", width=640, height=480)
    red = add_asset(p, media.image("red.png", "64x64", color="red"), "image", width=64, height=64)
    blue = add_asset(
        p, media.image("blue.png", "64x64", color="blue"), "image", width=64, height=64
    )
    t = p.timeline.ensure_track("video")
    t.clips += [
        Clip(
            asset_id=a.id,
            start_us=0,
            duration_us=2_000_000,
            ken_burns=KenBurns("zoom_in", 0.5, "linear"),
        ),
        Clip(asset_id=red.id, start_us=2_000_000, duration_us=1_000_000),
        Clip(
            asset_id=blue.id,
            start_us=2_600_000,
            duration_us=1_000_000,
            transition_in=Transition("fade", 400_000),
        ),
    ]
    out = tmp_path / "kb.mp4"
    export(compile_plan(p), out)
    first, last = frame_at(out, 0.0), frame_at(out, 1.9)
    assert np.abs(first.astype(int) - last.astype(int)).mean() > 10, "the still must move"
    mid = frame_at(out, 2.8).reshape(-1, 3).mean(axis=0)  # crossfade midpoint: red + blue
    assert mid[0] > 60 and mid[2] > 60, mid
    assert abs(stream_seconds(out)["video"] - 3.6) <= 1 / FPS + 1e-6


def _yellow_pixels(frame: np.ndarray) -> int:
    r, g, b = frame[..., 0].astype(int), frame[..., 1].astype(int), frame[..., 2].astype(int)
    return int(((r > 180) & (g > 150) & (b < 90)).sum())


def _white_pixels(frame: np.ndarray) -> int:
    return int((frame.min(axis=2) > 200).sum())


def test_caption_word_visible_only_in_its_time_span(media, tmp_path: Path, voice_wav: Path) -> None:
    p = small_project()
    p.template.caption.size = 200  # readable at this tiny canvas
    bg = add_asset(
        p, media.image("grey.png", "64x64", color="0x404040"), "image", width=64, height=64
    )
    v = add_asset(p, voice_wav, "audio", duration_us=2_000_000)
    p.timeline.ensure_track("video").clips.append(
        Clip(asset_id=bg.id, start_us=0, duration_us=4_000_000)
    )
    words = [WordTiming("Hello", 0, 500_000), WordTiming("world", 700_000, 1_200_000)]
    p.timeline.ensure_track("voice").clips.append(
        Clip(
            asset_id=v.id,
            start_us=1_000_000,
            duration_us=2_000_000,
            text="Hello world.",
            words=words,
        )
    )
    out = tmp_path / "cap.mp4"
    export(compile_plan(p), out)
    before = frame_at(out, 0.5)  # nothing spoken yet
    hello = frame_at(out, 1.25)  # "Hello" spoken: highlighted
    world = frame_at(out, 1.95)  # "world" spoken
    after = frame_at(out, 3.5)  # well after the block
    assert _white_pixels(before) == 0 and _yellow_pixels(before) == 0
    assert _yellow_pixels(hello) > 20 and _white_pixels(hello) > 20
    assert _yellow_pixels(world) > 20
    assert _white_pixels(after) == 0 and _yellow_pixels(after) == 0
    # the highlight moved: different yellow regions for the two words
    at_hello = np.argwhere((hello[..., 0] > 180) & (hello[..., 2] < 90)).mean(axis=0)
    at_world = np.argwhere((world[..., 0] > 180) & (world[..., 2] < 90)).mean(axis=0)
    assert np.abs(at_world - at_hello).max() > 10


def _integrated_lufs(path: Path) -> float:
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostats",
            "-i",
            str(path),
            "-af",
            "ebur128",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
    )
    m = re.findall(r"I:\s+(-?[\d.]+) LUFS", proc.stderr)
    return float(m[-1])


def test_loudness_normalised_and_music_ducked(media, tmp_path: Path, voice_wav: Path) -> None:
    p = small_project()
    bg = add_asset(p, media.image("g2.png", "64x64", color="gray"), "image", width=64, height=64)
    v = add_asset(p, voice_wav, "audio", duration_us=2_000_000)
    m = add_asset(
        p, media.audio("music.wav", seconds=1.5, freq=800), "audio", duration_us=1_500_000
    )
    p.timeline.ensure_track("video").clips.append(
        Clip(asset_id=bg.id, start_us=0, duration_us=5_000_000)
    )
    p.timeline.ensure_track("voice").clips.append(
        Clip(asset_id=v.id, start_us=2_000_000, duration_us=2_000_000)
    )
    p.timeline.ensure_track("music").clips.append(
        Clip(asset_id=m.id, start_us=0, duration_us=5_000_000)
    )  # loops
    p.template.music_fade_us = 0
    out = tmp_path / "loud.mp4"
    export(compile_plan(p), out)
    assert abs(_integrated_lufs(out) - (-14.0)) <= 1.0
    # music alone (0.5-1.5 s) vs music under the voice (2.5-3.5 s): the 800 Hz band drops
    with av.open(str(out)) as c:
        samples = np.concatenate([f.to_ndarray().mean(axis=0) for f in c.decode(audio=0)])
    sr = 48000

    def band(t0: float, t1: float) -> float:
        x = samples[int(t0 * sr) : int(t1 * sr)]
        spec = np.abs(np.fft.rfft(x))
        freqs = np.fft.rfftfreq(len(x), 1 / sr)
        return float(spec[(freqs > 780) & (freqs < 820)].sum())

    assert band(2.5, 3.5) < band(0.5, 1.5) * 0.5, "music must duck under the voice"


def test_missing_glyphs_refused_before_rendering(media, tmp_path: Path, voice_wav: Path) -> None:
    p = small_project()
    v = add_asset(p, voice_wav, "audio", duration_us=2_000_000)
    p.timeline.ensure_track("voice").clips.append(
        Clip(
            asset_id=v.id,
            start_us=0,
            duration_us=2_000_000,
            text="\U00013000 ok",
            words=[WordTiming("\U00013000", 0, 500_000), WordTiming("ok", 600_000, 900_000)],
        )
    )
    out = tmp_path / "glyph.mp4"
    with pytest.raises(BadInputError, match="\U00013000"):
        export(compile_plan(p), out)
    assert not out.exists()
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".glyph")]


def test_chinese_caption_renders_with_a_cjk_font(media, tmp_path: Path, voice_wav: Path) -> None:
    p = small_project()
    p.language = "zh"
    v = add_asset(p, voice_wav, "audio", duration_us=2_000_000)
    words = [WordTiming("你好", 0, 600_000), WordTiming("世界", 700_000, 1_300_000)]
    p.timeline.ensure_track("voice").clips.append(
        Clip(asset_id=v.id, start_us=0, duration_us=2_000_000, text="你好，世界。", words=words)
    )
    out = tmp_path / "zh.mp4"
    result = export(compile_plan(p), out)
    assert "CJK" in result.font or "Hei" in result.font or "YaHei" in result.font
    assert _white_pixels(frame_at(out, 0.3)) > 20  # glyphs drawn (black background)


def _existing(path: Path) -> bytes:
    path.write_bytes(b"previous export")
    return path.read_bytes()


def test_cancel_stops_quickly_and_keeps_previous_export(media, tmp_path: Path) -> None:
    p = small_project(width=720, height=1280, fps=30)
    a = add_asset(p, media.image("c.png", "640x480"), "image", width=640, height=480)
    p.timeline.ensure_track("video").clips.append(
        Clip(asset_id=a.id, start_us=0, duration_us=60_000_000, ken_burns=KenBurns("zoom_in"))
    )
    out = tmp_path / "keep.mp4"
    before = _existing(out)
    cancel = CancelToken()
    started = threading.Event()

    def on_progress(report) -> None:
        if report.message == "Rendering":
            started.set()
            cancel.cancel()

    with pytest.raises(Cancelled):
        export(compile_plan(p), out, progress=Progress(on_progress), cancel=cancel)
    assert started.is_set()
    assert out.read_bytes() == before
    assert sorted(f.name for f in tmp_path.iterdir()) == ["keep.mp4"]


def test_failed_render_keeps_previous_export(media, tmp_path: Path) -> None:
    p = small_project()
    bad = media.corrupt("bad.mp4")
    a = add_asset(p, bad, "video", duration_us=2_000_000, width=320, height=240)
    p.timeline.ensure_track("video").clips.append(
        Clip(asset_id=a.id, start_us=0, duration_us=1_000_000)
    )
    out = tmp_path / "prev.mp4"
    before = _existing(out)
    with pytest.raises(RenderError):
        export(compile_plan(p), out)
    assert out.read_bytes() == before
    assert sorted(f.name for f in tmp_path.iterdir()) == ["prev.mp4"]


def test_missing_media_named_in_the_error(tmp_path: Path) -> None:
    p = small_project()
    a = add_asset(p, tmp_path / "gone.png", "image")
    p.timeline.ensure_track("video").clips.append(Clip(asset_id=a.id, duration_us=1_000_000))
    with pytest.raises(MediaError, match="gone.png"):
        compile_plan(p)


def test_output_path_checks(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="does not exist"):
        check_output_path(tmp_path / "no" / "such" / "dir" / "x.mp4")
    with pytest.raises(BadInputError, match="folder"):
        check_output_path(tmp_path)
    with pytest.raises(BadInputError, match=".mp4"):
        check_output_path(tmp_path / "x.avi")
    if os.geteuid() != 0:  # root may write anywhere
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        try:
            with pytest.raises(BadInputError, match="not writable"):
                check_output_path(ro / "x.mp4")
        finally:
            ro.chmod(0o700)


def test_subtitles_side_outputs(media, tmp_path: Path, voice_wav: Path) -> None:
    p = small_project()
    v = add_asset(p, voice_wav, "audio", duration_us=2_000_000)
    p.timeline.ensure_track("voice").clips.append(
        Clip(
            asset_id=v.id,
            start_us=0,
            duration_us=2_000_000,
            text="Hi there.",
            words=[WordTiming("Hi", 0, 400_000), WordTiming("there", 500_000, 900_000)],
        )
    )
    out = tmp_path / "subs.mp4"
    result = export(compile_plan(p), out, subtitles=True)
    srt = out.with_suffix(".srt").read_text(encoding="utf-8")
    assert "00:00:00,000 -->" in srt and "Hi there." in srt
    assert out.with_suffix(".ass") in result.subtitle_paths
    assert json.dumps(srt)  # plain text
