"""The MoviePy reference engine against the FFmpeg graph: the same small plan rendered by both,
frames compared by PSNR where the features are the same (Ken Burns ends, a fit_blur clip, a
crossfade midpoint, captions, a padded still), plus length, audio, loudness and cancel safety."""

from __future__ import annotations

import math
import os
import re
import subprocess
import time
from dataclasses import dataclass, replace
from pathlib import Path

import av
import numpy as np
import pytest

from shortvid_desktop.core.model import CaptionStyle, KenBurns
from shortvid_desktop.jobs import Cancelled, CancelToken, Progress
from shortvid_desktop.media.ffmpeg import ffmpeg_exe
from shortvid_desktop.render.export import export
from shortvid_desktop.render.graph import QUALITY_PRESETS
from shortvid_desktop.render.moviepy import (
    ReferenceFrames,
    export_moviepy,
    xfade_progress,
)
from shortvid_desktop.render.plan import (
    AudioPiece,
    CaptionBlock,
    CaptionWord,
    RenderPlan,
    VideoSegment,
)

W, H, FPS, FRAMES = 360, 640, 15, 45
MIN_PSNR = 30.0  # on displayed luma; RGB gets 3 dB less: the graph's chroma goes 4:2:0 -> 4:4:4
# (xfade, libass) -> 4:2:0 and comes out a little softer than the reference's single conversion
MIN_PSNR_MID_MOVE = 25.0  # see test_ken_burns_mid_move_on_time
# Frames of the plan below where one feature is on screen.
KB_START, KB_END = 0, 15  # first and last frame of the zooming still (a cut follows)
FIT_BLUR = 22  # the landscape clip over its blurred copy
FADE_START, FADE_FRAMES = 26, 6
FADE_MID = FADE_START + FADE_FRAMES // 2  # xfade progress 0.5
CAPTION = 38  # a caption page with a highlighted word, over the padded still
PADDED = 43  # the padded portrait still with the logo and text watermark only


def build_plan(media) -> RenderPlan:  # the MediaFactory from tests/conftest.py
    still = media.image("mpy_land.png", "320x240")
    portrait = media.image("mpy_port.png", "240x320")
    clip = media.video("mpy_clip.mp4", "320x240", seconds=2.0, fps=25)
    voice = media.audio("mpy_voice.wav", seconds=2.0, freq=300)
    music = media.audio("mpy_music.wav", seconds=1.3, freq=180)
    logo = media.image("mpy_logo.png", "96x48", color="orange")
    segments = (
        VideoSegment(
            "image",
            str(still),
            0,
            16,
            fit="fill",
            focus_x=0.3,
            focus_y=0.6,
            ken_burns=KenBurns("zoom_in", 0.15, "ease_in_out"),
        ),
        VideoSegment("video", str(clip), 16, 16, source_in_us=330_000, fit="fit_blur"),
        VideoSegment(
            "image",
            str(portrait),
            FADE_START,
            FRAMES - FADE_START,
            fit="fit_pad",
            transition="fade",
            transition_frames=FADE_FRAMES,
        ),
    )
    words = ("Every ", "frame ", "matches ", "here.")
    start = 1_900_000
    caption = CaptionBlock(
        tuple(
            CaptionWord(t, start + i * 230_000, start + (i + 1) * 230_000 - 20_000)
            for i, t in enumerate(words)
        ),
        start,
        2_900_000,
    )
    return RenderPlan(
        width=W,
        height=H,
        fps=FPS,
        frames=FRAMES,
        segments=segments,
        voice=(AudioPiece(str(voice), 200_000, 2_000_000),),
        clip_audio=(AudioPiece(str(clip), 1_066_667, 1_066_666, 330_000, 0.8),),
        music=AudioPiece(str(music), 0, 3_000_000, 0, 1.0, 500_000, 500_000),
        music_volume=0.3,
        ducking=0.7,
        loudness_lufs=-14.0,
        captions=(caption,),
        overlays=(),
        title="Reference",
        caption_style=CaptionStyle(),
        language="en",
        watermark_text="@shortvid",
        watermark_image=str(logo),
        watermark_position="bottom_right",
        watermark_opacity=0.6,
    )


def decode_rgb(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24").astype(np.float64) for f in c.decode(video=0)]


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a - b) ** 2))
    return 99.0 if mse == 0 else 10 * math.log10(255**2 / mse)


def luma(rgb: np.ndarray) -> np.ndarray:
    """Displayed luma (BT.709 weights of the decoded RGB): the Y plane where it is in gamut,
    so out-of-range Y (xfade fades through Y=0, a darkened blur below black) counts as seen."""
    return rgb @ np.array([0.2126, 0.7152, 0.0722])


def lufs(path: Path) -> float:
    log = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path), "-map", "0:a"]
        + ["-af", "ebur128=framelog=quiet", "-f", "null", "-"],
        capture_output=True,
        text=True,
        errors="replace",
        check=True,
    ).stderr
    return float(re.findall(r"I:\s+(-?[\d.]+) LUFS", log)[-1])


def stream_seconds(path: Path) -> dict[str, float]:
    out = {}
    with av.open(str(path)) as c:
        for s in c.streams:
            last = list(c.decode(s))[-1]
            out[s.type] = float(last.time + (last.duration or 0) * last.time_base)
            c.seek(0)
    return out


@dataclass(frozen=True)
class Renders:
    plan: RenderPlan
    fast: Path
    ref: Path
    fast_s: float
    ref_s: float


@pytest.fixture(scope="module")
def renders(media, tmp_path_factory: pytest.TempPathFactory) -> Renders:
    """The plan rendered once by each engine, both at the reference encoder settings."""
    out = tmp_path_factory.mktemp("mpy")
    with pytest.MonkeyPatch.context() as mp:  # module scope: our own user-data dir (stills cache)
        mp.setenv("SHORTVID_HOME", str(tmp_path_factory.mktemp("mpy-home")))
        plan = build_plan(media)
        enc = QUALITY_PRESETS["reference"]
        t0 = time.monotonic()
        export(plan, out / "fast.mp4", encoder=enc)
        t1 = time.monotonic()
        result = export_moviepy(plan, out / "ref.mp4", encoder=enc)
        t2 = time.monotonic()
    assert result.path == out / "ref.mp4"
    print(f"\nrender time: ffmpeg graph {t1 - t0:.2f} s, MoviePy reference {t2 - t1:.2f} s")
    return Renders(plan, out / "fast.mp4", out / "ref.mp4", t1 - t0, t2 - t1)


@pytest.fixture(scope="module")
def frames(renders: Renders) -> tuple[list[np.ndarray], list[np.ndarray]]:
    return decode_rgb(renders.fast), decode_rgb(renders.ref)


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, n",
    [
        ("Ken Burns start", KB_START),
        ("Ken Burns end", KB_END),
        ("fit_blur clip", FIT_BLUR),
        ("crossfade midpoint", FADE_MID),
        ("caption", CAPTION),
        ("fit_pad still + logo", PADDED),
    ],
)
def test_frames_match_the_ffmpeg_graph(frames, name: str, n: int) -> None:
    fast, ref = frames
    assert len(fast) == len(ref) == FRAMES
    y, rgb = psnr(luma(fast[n]), luma(ref[n])), psnr(fast[n], ref[n])
    print(f"{name} (frame {n}): luma {y:.1f} dB, RGB {rgb:.1f} dB")
    assert y >= MIN_PSNR, f"{name}: luma PSNR {y:.1f} dB"
    assert rgb >= MIN_PSNR - 3, f"{name}: RGB PSNR {rgb:.1f} dB"


def test_crossfade_midpoint_is_half_of_each_side() -> None:
    assert xfade_progress(0, FADE_FRAMES) == 1.0  # the first overlap frame is all outgoing
    assert xfade_progress(FADE_FRAMES // 2, FADE_FRAMES) == 0.5


@pytest.mark.slow
def test_ken_burns_mid_move_on_time(frames) -> None:
    """Mid-move a graph may round the rectangle to its pixel grid (zoompan on a 2x still: at
    most a quarter of an output pixel, 28-33 dB on this hard-edged pattern), so the bar is lower
    here; a move running a frame early or late (23 dB) or on another path still fails it."""
    fast, ref = frames
    scores = [psnr(luma(fast[n]), luma(ref[n])) for n in range(KB_START + 3, KB_END - 2)]
    print("Ken Burns mid-move luma PSNR:", " ".join(f"{v:.1f}" for v in scores))
    assert min(scores) >= MIN_PSNR_MID_MOVE


@pytest.mark.slow
def test_captions_are_libass_identical(frames, renders: Renders) -> None:
    """The caption region alone: both engines burn the same ASS events with the same libass."""
    fast, ref = frames
    with ReferenceFrames(renders.plan) as full:
        with_caption = full.frame(CAPTION).astype(np.float64)
    with ReferenceFrames(replace(renders.plan, captions=())) as bare:
        no_caption = bare.frame(CAPTION).astype(np.float64)
    region = np.abs(with_caption - no_caption).max(axis=2) > 8  # where the caption is drawn
    assert region.sum() > 500, "the caption is on screen"
    ys, xs = np.nonzero(region)
    box = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
    y = psnr(luma(fast[CAPTION][box]), luma(ref[CAPTION][box]))
    print(f"caption box {ys.min()}..{ys.max()} x {xs.min()}..{xs.max()}: luma {y:.1f} dB")
    assert y >= MIN_PSNR


@pytest.mark.slow
def test_length_audio_and_loudness(renders: Renders) -> None:
    seconds = stream_seconds(renders.ref)
    assert abs(seconds["video"] - FRAMES / FPS) <= 1 / FPS + 1e-6
    assert abs(seconds["audio"] - seconds["video"]) <= 1 / FPS
    with av.open(str(renders.ref)) as c:
        v, a = c.streams.video[0], c.streams.audio[0]
        assert (v.codec_context.name, v.codec_context.profile) == ("h264", "High")
        assert v.codec_context.format.name == "yuv420p" and v.average_rate == FPS
        assert (a.codec_context.name, a.codec_context.sample_rate) == ("aac", 48_000)
        assert a.codec_context.channels == 2
    assert abs(lufs(renders.ref) + 14.0) <= 1.0
    assert abs(lufs(renders.ref) - lufs(renders.fast)) <= 1.0


@pytest.mark.slow
def test_audio_follows_the_graph_mix(renders: Renders) -> None:
    """Voice, ducked music and clip audio land at the same times at about the same levels."""

    def envelope(path: Path) -> np.ndarray:
        with av.open(str(path)) as c:
            rs = av.AudioResampler(format="flt", layout="mono", rate=48_000)
            pcm = np.concatenate(
                [f.to_ndarray()[0] for fr in c.decode(audio=0) for f in rs.resample(fr)]
            )
        blocks = pcm[: len(pcm) // 4800 * 4800].reshape(-1, 4800)  # 0.1 s
        return 20 * np.log10(np.sqrt((blocks**2).mean(axis=1)) + 1e-6)

    fast, ref = envelope(renders.fast), envelope(renders.ref)
    n = min(len(fast), len(ref))
    loud = fast[:n] > -45  # ignore near-silence at the fades
    assert loud.sum() >= 20
    assert np.abs(fast[:n] - ref[:n])[loud].max() <= 3.0


@pytest.mark.slow
def test_cancel_removes_temp_and_keeps_existing_file(media, tmp_path: Path) -> None:
    plan = build_plan(media)
    out = tmp_path / "out.mp4"
    out.write_bytes(b"earlier export")
    token = CancelToken()

    def on_progress(report) -> None:
        if report.fraction >= 0.3 and "Rendering" in report.message:
            token.cancel()

    with pytest.raises(Cancelled):
        export_moviepy(plan, out, progress=Progress(on_progress), cancel=token)
    assert out.read_bytes() == b"earlier export"
    assert sorted(os.listdir(tmp_path)) == ["out.mp4"], "no partial file left behind"


@pytest.mark.slow
def test_progress_reaches_one_and_only_rises(media, tmp_path: Path) -> None:
    plan = replace(build_plan(media), frames=8, captions=(), title="")
    seen: list[float] = []
    export_moviepy(
        plan,
        tmp_path / "short.mp4",
        progress=Progress(lambda r: seen.append(r.fraction)),
        encoder=QUALITY_PRESETS["draft"],
    )
    assert seen[-1] == 1.0 and seen == sorted(seen)
    assert stream_seconds(tmp_path / "short.mp4")["video"] == pytest.approx(8 / FPS, abs=1e-3)
