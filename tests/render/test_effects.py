"""Speed, reverse, freeze frame and colour in real renders (render/effects_graph.py): frames are
decoded with PyAV and compared with the source's (PSNR), the sound's pitch and length are
measured, colour changes move pixels the expected way, and the preview frame equals the
export's after a speed change and after a LUT."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from shortvid_desktop.core.errors import MediaError
from shortvid_desktop.core.model import (
    Asset,
    Clip,
    ColorGrade,
    Project,
    project_from_json,
    project_to_json,
)
from shortvid_desktop.jobs import CancelToken, Progress
from shortvid_desktop.media.ffmpeg import run_ffmpeg
from shortvid_desktop.render.effects_graph import atempo_chain, check_cube
from shortvid_desktop.render.export import export
from shortvid_desktop.render.plan import compile_plan
from shortvid_desktop.session.preview import PreviewService
from shortvid_desktop.session.session import Session

W, H, FPS = 160, 284, 10
SRC_S = 4.0


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(float) - b.astype(float)) ** 2))
    return 99.0 if mse == 0 else 10 * np.log10(255**2 / mse)


@pytest.fixture(scope="module")
def src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4 s canvas-sized clip (every frame different) with a 440 Hz tone, lightly
    compressed."""
    out = tmp_path_factory.mktemp("fx") / "src.mp4"
    run_ffmpeg(
        [
            "-f", "lavfi", "-i", f"testsrc2=s={W}x{H}:r={FPS}:d={SRC_S}",
            "-f", "lavfi", "-i", f"sine=f=440:d={SRC_S}:r=48000",
            "-c:v", "libx264", "-preset", "ultrafast", "-qp", "4", "-pix_fmt", "yuv420p",
            "-g", "10", "-c:a", "pcm_s16le", "-shortest", str(out).replace(".mp4", ".mkv"),
        ]
    )  # fmt: skip
    return Path(str(out).replace(".mp4", ".mkv"))


def frames_of(path: Path, fmt: str = "rgb24") -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format=fmt) for f in c.decode(video=0)]


def sound_of(path: Path) -> np.ndarray:
    with av.open(str(path)) as c:
        rs = av.AudioResampler(format="flt", layout="mono", rate=48_000)
        return np.concatenate(
            [f.to_ndarray()[0] for fr in c.decode(audio=0) for f in rs.resample(fr)]
        )


def project(src: Path, *, tail_s: float = 0.0, **clip_kw) -> Project:
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = W, H, FPS
    p.template.title_card = False
    p.template.quality = "high"
    p.template.loudness_lufs = -16.0
    a = Asset(
        path=str(src), kind="video", width=W, height=H, duration_us=int(SRC_S * 1e6),
        has_audio=True, fps_num=FPS,
    )  # fmt: skip
    p.assets[a.id] = a
    track = p.timeline.ensure_track("video")
    clip = Clip(asset_id=a.id, **clip_kw)
    track.clips.append(clip)
    if tail_s:  # a silent still after the clip, so the clip's sound can be seen to end
        still = Asset(path=str(src.with_name("tail.png")), kind="image", width=W, height=H)
        if not Path(still.path).exists():
            run_ffmpeg(
                ["-f", "lavfi", "-i", f"color=c=gray:s={W}x{H}", "-frames:v", "1", still.path]
            )
        p.assets[still.id] = still
        track.clips.append(
            Clip(asset_id=still.id, start_us=clip.end_us, duration_us=int(tail_s * 1e6))
        )
    return p


def render(p: Project, tmp_path: Path, name: str = "out.mp4") -> Path:
    out = tmp_path / name
    export(compile_plan(p), out)
    return out


def dominant_hz(pcm: np.ndarray) -> float:
    spec = np.abs(np.fft.rfft(pcm * np.hanning(len(pcm))))
    return float(np.argmax(spec) * 48_000 / len(pcm))


def tone_seconds(pcm: np.ndarray) -> float:
    """How long the tone plays from the start: the last 50 ms block above a tenth of the
    loudest block's RMS."""
    blocks = pcm[: len(pcm) // 2400 * 2400].reshape(-1, 2400)
    rms = np.sqrt((blocks**2).mean(axis=1))
    loud = np.nonzero(rms > rms.max() * 0.1)[0]
    return (loud[-1] + 1) * 0.05


def test_atempo_chain_stays_within_half_and_double() -> None:
    assert atempo_chain(4.0) == [2.0, 2.0]
    assert atempo_chain(0.25) == [0.5, 0.5]
    assert atempo_chain(1.0) == []
    chain = atempo_chain(3.0)
    assert all(0.5 <= s <= 2.0 for s in chain) and abs(np.prod(chain) - 3.0) < 1e-9


def test_twice_as_fast_shows_every_second_frame_and_keeps_the_pitch(src, tmp_path) -> None:
    source = frames_of(src)
    p = project(src, duration_us=2_000_000, speed=2.0, tail_s=1.0)
    out = render(p, tmp_path)
    got = frames_of(out)
    assert len(got) == 30  # 4 s of source in 2 s, then the 1 s still
    for n in (1, 5, 9, 14, 19):
        match = psnr(got[n], source[2 * n])
        assert match >= 30, f"frame {n}: {match:.1f} dB against source frame {2 * n}"
        assert match > psnr(got[n], source[2 * n + 1]) + 3
    pcm = sound_of(out)
    assert abs(tone_seconds(pcm) - 2.0) <= 0.1
    hz = dominant_hz(pcm[4800:86400])
    assert abs(hz - 440) / 440 < 0.03, hz


def test_half_speed_doubles_the_length_and_keeps_the_pitch(src, tmp_path) -> None:
    source = frames_of(src)
    p = project(src, duration_us=4_000_000, speed=0.5, tail_s=1.0)  # 2 s of source
    out = render(p, tmp_path)
    got = frames_of(out)
    assert psnr(got[20], source[10]) >= 30  # output 2 s shows source 1 s
    pcm = sound_of(out)
    assert abs(tone_seconds(pcm) - 4.0) <= 0.1
    hz = dominant_hz(pcm[4800:168000])
    assert abs(hz - 440) / 440 < 0.03, hz


def test_reverse_starts_on_the_last_frame(src, tmp_path) -> None:
    source = frames_of(src)
    p = project(src, duration_us=int(SRC_S * 1e6), reverse=True)
    got = frames_of(render(p, tmp_path))
    assert psnr(got[0], source[-1]) >= 30
    assert psnr(got[0], source[-1]) > psnr(got[0], source[0]) + 3
    assert psnr(got[-1], source[0]) >= 30


def test_freeze_frame_holds_one_frame(src, tmp_path) -> None:
    source = frames_of(src)
    p = project(src, duration_us=1_500_000, source_in_us=1_000_000, freeze=True)
    got = frames_of(render(p, tmp_path))
    assert len(got) == 15
    assert psnr(got[0], source[10]) >= 30
    assert all(psnr(f, got[0]) >= 45 for f in got[1:])
    assert psnr(got[0], source[12]) < psnr(got[0], source[10]) - 3


def test_reverse_longer_than_thirty_seconds_is_refused(src) -> None:
    p = project(src, duration_us=31_000_000, reverse=True)
    again = project_from_json(project_to_json(p))  # a saved project always loads
    with pytest.raises(MediaError, match=r"31.0 s of its source.*limited to 30 s"):
        compile_plan(again)


def _mean_frame(p: Project, tmp_path: Path, name: str, fmt: str = "rgb24") -> np.ndarray:
    got = frames_of(render(p, tmp_path, name), fmt)
    return got[len(got) // 2].astype(float)


def test_colour_controls_move_pixels_the_expected_way(src, tmp_path) -> None:
    plain = _mean_frame(project(src, duration_us=1_000_000), tmp_path, "plain.mp4")

    bright = project(src, duration_us=1_000_000, color=ColorGrade(brightness=0.2))
    assert _mean_frame(bright, tmp_path, "bright.mp4").mean() > plain.mean() + 20

    grey = project(src, duration_us=1_000_000, color=ColorGrade(saturation=0.0))
    g = _mean_frame(grey, tmp_path, "grey.mp4")
    spread = lambda f: np.abs(f - f.mean(axis=2, keepdims=True)).mean()  # noqa: E731
    assert spread(g) < spread(plain) / 5

    warm = project(src, duration_us=1_000_000, color=ColorGrade(temperature=3000))
    wf = _mean_frame(warm, tmp_path, "warm.mp4")
    assert wf[..., 0].mean() - wf[..., 2].mean() > plain[..., 0].mean() - plain[..., 2].mean() + 20

    vig = project(src, duration_us=1_000_000, color=ColorGrade(vignette=1.0))
    vf = _mean_frame(vig, tmp_path, "vig.mp4")
    corner, centre = (
        (slice(0, 30), slice(0, 30)),
        (slice(H // 2 - 15, H // 2 + 15), slice(W // 2 - 15, W // 2 + 15)),
    )
    assert vf[corner].mean() < plain[corner].mean() * 0.6
    assert abs(vf[centre].mean() - plain[centre].mean()) < 6


def _identity_cube(path: Path, size: int = 9) -> Path:
    rows = [f"LUT_3D_SIZE {size}"]
    n = size - 1
    for b in range(size):
        for g in range(size):
            for r in range(size):
                rows.append(f"{r / n:.6f} {g / n:.6f} {b / n:.6f}")
    path.write_text("\n".join(rows) + "\n")
    return path


def test_identity_lut_changes_nothing_and_the_mono_look_has_no_colour(src, tmp_path) -> None:
    plain = _mean_frame(project(src, duration_us=1_000_000), tmp_path, "p.mp4", "yuv420p")
    cube = _identity_cube(tmp_path / "identity.cube")
    same = project(src, duration_us=1_000_000, color=ColorGrade(lut=str(cube)))
    diff = np.abs(_mean_frame(same, tmp_path, "id.mp4", "yuv420p") - plain)
    # through RGB and back, then encoded again: within 2 levels (a few test-card edges more)
    assert diff[:H].mean() <= 1 and diff[H:].mean() <= 1.5
    assert np.percentile(diff, 95) <= 2

    mono = project(src, duration_us=1_000_000)
    mono.template.color = ColorGrade(lut="mono")  # the whole video's look
    with av.open(str(render(mono, tmp_path, "mono.mp4"))) as c:
        yuv = next(c.decode(video=0)).to_ndarray(format="yuv420p")
    uv = yuv[H:].astype(float)
    assert np.abs(uv - 128).mean() < 2


def test_a_bad_cube_file_is_named_with_its_line(src, tmp_path) -> None:
    bad = tmp_path / "broken look.cube"
    bad.write_text("TITLE x\nLUT_3D_SIZE 2\n0 0 0\n1 0 zero\n")
    with pytest.raises(MediaError, match=r"broken look\.cube, line 4"):
        check_cube(bad)
    p = project(src, duration_us=1_000_000, color=ColorGrade(lut=str(bad)))
    with pytest.raises(MediaError, match="line 4"):
        compile_plan(p)
    short = tmp_path / "short.cube"
    short.write_text("LUT_3D_SIZE 2\n0 0 0\n")
    with pytest.raises(MediaError, match="needs 8 colour rows"):
        check_cube(short)


def _export_vs_preview(p: Project, tmp_path: Path, times_us: list[int]) -> None:
    out = render(p, tmp_path, "ep.mp4")
    exported = frames_of(out)
    service = PreviewService(Session(p))
    try:
        for t in times_us:
            img = service.frame_job(t, 1.0)(Progress(), CancelToken())
            got = np.frombuffer(img.rgb, np.uint8).reshape(img.height, img.width, 3)
            f = (t + 1) * FPS // 1_000_000
            assert psnr(got, exported[f]) >= 40, f"t={t}"
    finally:
        service.close()


def test_export_equals_preview_after_a_speed_change(src, tmp_path) -> None:
    p = project(src, duration_us=1_600_000, speed=2.5)
    _export_vs_preview(p, tmp_path, [0, 300_000, 900_000, 1_500_000])


def test_export_equals_preview_after_a_lut(src, tmp_path) -> None:
    p = project(src, duration_us=1_500_000, color=ColorGrade(lut="film", vignette=0.4))
    p.template.color = ColorGrade(contrast=1.2)
    _export_vs_preview(p, tmp_path, [0, 700_000, 1_400_000])


def test_export_equals_preview_for_reverse_and_freeze_across_a_fade(src, tmp_path) -> None:
    from shortvid_desktop.core.model import Transition

    p = project(src, duration_us=1_500_000, source_in_us=500_000, reverse=True, speed=1.5)
    a = p.timeline.track("video").clips[0]
    frozen = Clip(
        asset_id=a.asset_id,
        start_us=1_200_000,
        duration_us=1_000_000,
        source_in_us=2_000_000,
        freeze=True,
        transition_in=Transition("fade", 300_000),
    )
    p.timeline.track("video").clips.append(frozen)
    _export_vs_preview(p, tmp_path, [0, 600_000, 1_300_000, 2_100_000])
