"""The export's sound process: the voice pieces and the clips' sound joined into one track each
before the mix (in spans of a few pieces a pass) put every sample where the one big mix put it,
and the mix opens the same inputs however long the video."""

from __future__ import annotations

from pathlib import Path

import av
import ffmpeg
import numpy as np
import pytest

from shortvid_desktop.core.model import Asset, Clip, Project
from shortvid_desktop.media.ffmpeg import run_ffmpeg
from shortvid_desktop.render import audio_graph, export
from shortvid_desktop.render.graph import audio_mix
from shortvid_desktop.render.plan import compile_plan

SR = 48_000


def pcm(path: Path) -> np.ndarray:
    """The sound as float stereo at 48 kHz, shape (samples, 2)."""
    with av.open(str(path)) as c:
        rs = av.AudioResampler(format="fltp", layout="stereo", rate=SR)
        return np.concatenate(
            [f.to_ndarray() for fr in c.decode(audio=0) for f in rs.resample(fr)], axis=1
        ).T


def click(root: Path, name: str, rate: int) -> Path:
    """0.2 s of silence with one full-scale sample at 0.1 s, then a 0.4 s 500 Hz tone."""
    out = root / name
    if not out.exists():
        expr = f"if(eq(n,{rate // 10}),0.9,if(gt(t,0.2),0.3*sin(2*PI*500*t),0))"
        src = f"aevalsrc='{expr}':s={rate}:d=0.6"
        run_ffmpeg(["-f", "lavfi", "-i", src, "-c:a", "pcm_s16le", str(out)])
    return out


def voice_project(media, seconds: float, every_us: int, clip_at_us: int | None = None) -> Project:
    """A still, a voice piece (a click) every ``every_us`` at odd offsets, some with fades,
    music under them, and optionally a video clip's own sound."""
    root = media.root
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = 64, 112, 10
    p.template.title_card = False
    p.template.quality = "draft"
    still = Asset(path=str(media.image("sp_still.png", "64x112")), kind="image")
    song = Asset(
        path=str(media.audio("sp_music.wav", seconds=3.0, freq=700)),
        kind="audio",
        duration_us=3_000_000,
    )
    voices = [
        Asset(path=str(click(root, f"sp_click_{r}.wav", r)), kind="audio", duration_us=600_000)
        for r in (22_050, 24_000, 48_000)
    ]
    p.assets = {a.id: a for a in (still, song, *voices)}
    total = int(seconds * 1e6)
    p.timeline.ensure_track("video").clips.append(Clip(asset_id=still.id, duration_us=total))
    track = p.timeline.ensure_track("voice")
    t, i = 130_017, 0
    while t + 600_000 <= total:
        track.clips.append(
            Clip(
                asset_id=voices[i % 3].id,
                start_us=t,
                duration_us=600_000,
                fade_out_us=100_000 if i % 2 else 0,
                volume=0.8 if i % 3 == 1 else 1.0,
            )
        )
        t += every_us + 3_331 * (i % 5)
        i += 1
    if clip_at_us is not None:
        vid = Asset(
            path=str(media.video("sp_clip.mp4", "64x112", 1.0)),
            kind="video",
            duration_us=1_000_000,
            has_audio=True,
        )
        p.assets[vid.id] = vid
        p.timeline.ensure_track("audio").clips.append(
            Clip(asset_id=vid.id, start_us=clip_at_us, duration_us=800_000, source_in_us=100_000)
        )
    p.timeline.ensure_track("music").clips.append(Clip(asset_id=song.id, duration_us=total))
    return p


def render_mix(plan, workdir: Path, joined: dict[str, str] | None) -> np.ndarray:
    out = workdir / ("joined.wav" if joined else "whole.wav")
    stream = ffmpeg.output(audio_mix(plan, joined=joined), out.name, acodec="pcm_f32le")
    run_ffmpeg(ffmpeg.compile(stream, cmd="x")[1:], cwd=workdir)
    return pcm(out)


def test_joined_voice_and_clip_sound_land_on_the_same_samples(
    media, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nine clicks over 6 s (sources at 22.05, 24 and 48 kHz, fades, gains) and a clip's
    sound, joined in spans of 3 pieces (three passes and a concat list): the mix is the one
    the big graph makes, sample for sample, and each click is on the sample its start says."""
    monkeypatch.setattr(audio_graph, "JOIN_BATCH", 3)
    plan = compile_plan(voice_project(media, 6.0, 650_000, clip_at_us=2_000_000))
    assert len(plan.voice) == 9 and len(plan.clip_audio) == 1
    joined = export.join_tracks(plan, tmp_path, None)
    assert joined["voice"] == "voice.ffconcat" and joined["clip"] == "clip-0000.wav"
    assert len(list(tmp_path.glob("voice-*.wav"))) == 3  # spans of 3 pieces
    whole = render_mix(plan, tmp_path, None)
    new = render_mix(plan, tmp_path, joined)
    assert whole.shape == new.shape == (round(plan.duration_s * SR), 2)
    assert np.abs(whole).max() > 0.5
    # the same sound, to float rounding, to the last sample (the ducked music's end too: it
    # used to come out a frame short or not from run to run)
    assert np.abs(new - whole).max() < 1e-5
    assert np.array_equal(new, render_mix(plan, tmp_path, joined))
    # the clicks: a piece's sample 0.1 s from its start, full scale over a quiet tone
    # (resampled from 22.05 or 24 kHz, it stays within 1 ms of where it belongs)
    for p in plan.voice:
        at = audio_graph.start_sample(p) + SR // 10
        seg = np.abs(new[at - 480 : at + 480, 0])
        assert abs(int(seg.argmax()) - 480) <= 48, (p.start_us, int(seg.argmax()) - 480)


def test_join_spans_cut_only_between_pieces() -> None:
    from shortvid_desktop.render.plan import AudioPiece

    pieces = [AudioPiece("a.wav", t, 500_000) for t in (0, 400_000, 1_000_000, 2_000_000)]
    spans = audio_graph.join_spans(pieces, 3 * SR, batch=1)
    # 0 and 0.4 s overlap: one span; 1.0 s starts after 0.9 s + 50 ms: a cut
    assert [(a, b, len(g)) for a, b, g in spans] == [
        (0, SR, 2),
        (SR, 2 * SR, 1),
        (2 * SR, 3 * SR, 1),
    ]


def count_inputs(args: list[str]) -> int:
    return sum(1 for a in args if a == "-i")


def sound_passes(plan, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The ffmpeg command lines of the export's sound part (each really run)."""
    seen: list[list[str]] = []
    real = export.run_with_progress

    def spy(args, **kw):
        seen.append(list(args))
        return real(args, **kw)

    monkeypatch.setattr(export, "run_with_progress", spy)
    workdir.mkdir()
    export.render_sound_part(plan, workdir / "audio.m4a", export.QUALITY_PRESETS["draft"], workdir)
    monkeypatch.setattr(export, "run_with_progress", real)
    return seen


def test_a_long_video_mixes_as_few_inputs_as_a_short_one(
    media, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """30 s with 15 voice pieces against 3 minutes with 89, under a 3 s music loop (13 and 80
    crossfaded copies): the loudness passes open the same inputs (the joined voice, the music's
    source and loop unit); the joining passes open at most JOIN_BATCH pieces. (~8-12 s: three
    minutes of sound really mixed, metered and encoded, as the brief asks.)"""
    short = compile_plan(voice_project(media, 30.0, 2_000_000))
    long = compile_plan(voice_project(media, 180.0, 2_000_000))
    assert len(short.voice) == 15 and len(long.voice) >= 80
    a = sound_passes(short, tmp_path / "short", monkeypatch)
    b = sound_passes(long, tmp_path / "long", monkeypatch)
    mixes_a = [x for x in a if not x[-1].endswith(".wav")]
    mixes_b = [x for x in b if not x[-1].endswith(".wav")]
    assert len(mixes_a) == len(mixes_b) >= 2  # measuring, then the AAC
    assert [count_inputs(x) for x in mixes_a] == [count_inputs(x) for x in mixes_b]
    assert max(count_inputs(x) for x in mixes_b) <= 3
    joins = [x for x in b if x not in mixes_b]
    assert len(joins) >= len(long.voice) // audio_graph.JOIN_BATCH
    assert max(count_inputs(x) for x in joins) <= audio_graph.JOIN_BATCH + 2


def ebur128(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) of a file."""
    from shortvid_desktop.media.ffmpeg import run_ffmpeg as run

    log = run(["-nostats", "-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"])
    levels = export.meter_levels(log.replace("[Parsed_ebur128_0 @", "[ebur128@x @"))
    return levels["x"][0], levels["x"][1] or 0.0


def normalised_wav(plan, workdir: Path) -> tuple[np.ndarray, dict, Path]:
    workdir.mkdir()
    audio, measured = export.normalised_audio(plan, workdir, None)
    out = workdir / "normalised.wav"
    run_ffmpeg(
        ffmpeg.compile(ffmpeg.output(audio, out.name, acodec="pcm_f32le"), cmd="x")[1:],
        cwd=workdir,
    )
    return pcm(out), measured, out


def test_loud_peaks_are_limited_to_the_true_peak_and_the_loudness_is_met(
    media, tmp_path: Path
) -> None:
    """Full-scale clicks in a tone, to -11 LUFS: the gain that reaches the
    target would take the clicks over -1.5 dBTP, so they are limited (at 4x the rate: the true
    peak holds), the gain makes up for what limiting took, and nothing moves in time."""
    p = voice_project(media, 6.0, 650_000)
    p.template.loudness_lufs = -11.0
    p.timeline.track("music").clips.clear()
    plan = compile_plan(p)
    raw = render_mix(plan, _fresh(tmp_path / "raw"), None)
    sound, measured, out = normalised_wav(plan, tmp_path / "norm")
    assert measured["limit"] is True, measured
    loud, peak = ebur128(out)
    assert abs(loud - (-11.0)) <= 0.5, (loud, measured)
    assert peak <= -1.4, peak
    # each click still on its sample (the limiter's look-ahead is compensated), and the tone
    # after it scaled by the gain (no pumping: within 1 dB of the linear gain)
    gain = 10 ** (measured["gain_db"] / 20)
    for piece in plan.voice:
        at = audio_graph.start_sample(piece) + SR // 10
        seg = np.abs(sound[at - 480 : at + 480, 0])
        assert abs(int(seg.argmax()) - 480) <= 48
        tone = slice(at + SR // 5, at + SR // 5 + 4800)  # 0.3-0.4 s into the piece
        ratio = np.sqrt((sound[tone] ** 2).mean() / (raw[tone] ** 2).mean())
        assert abs(20 * np.log10(ratio / gain)) <= 1.0


def test_a_quiet_mix_is_only_made_louder(media, tmp_path: Path) -> None:
    """Music alone, far under its peak limit: one linear gain, the target within 0.3 LU."""
    p = voice_project(media, 4.0, 10_000_000)
    p.timeline.track("voice").clips.clear()
    p.template.loudness_lufs = -23.0
    plan = compile_plan(p)
    raw = render_mix(plan, _fresh(tmp_path / "raw"), None)
    sound, measured, out = normalised_wav(plan, tmp_path / "norm")
    assert measured["limit"] is False
    assert abs(ebur128(out)[0] - (-23.0)) <= 0.3
    gain = 10 ** (measured["gain_db"] / 20)
    assert np.abs(sound - raw * gain).max() < 1e-4


def _fresh(path: Path) -> Path:
    path.mkdir()
    return path
