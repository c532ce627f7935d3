"""Music tools in real renders: clip fades, a volume line, music looped with crossfades or
played once and trimmed with its fade. The exported sound is decoded with PyAV and measured as
RMS per 100 ms."""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest

from shortvid_desktop.core.model import (
    Asset,
    Clip,
    Project,
    VolumeKey,
    project_from_json,
    project_to_dict,
)
from shortvid_desktop.media.ffmpeg import run_ffmpeg
from shortvid_desktop.render.audio_graph import key_expression
from shortvid_desktop.render.export import export
from shortvid_desktop.render.plan import compile_plan

FPS = 10
BLOCK = 4800  # 100 ms at 48 kHz


def noise(root: Path, name: str, seconds: float, seed: int = 7) -> Path:
    """White noise: as loud in every 100 ms, and a crossfade of two stretches of it keeps its
    level (an equal-power join of uncorrelated sound)."""
    out = root / name
    if not out.exists():
        src = f"anoisesrc=d={seconds}:c=white:r=44100:a=0.2:s={seed}"
        run_ffmpeg(["-f", "lavfi", "-i", src, "-ac", "2", str(out)])
    return out


def project(media, music: Path, music_s: float, video_s: float = 7.0, **clip_kw) -> Project:
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = 64, 112, FPS
    p.template.title_card = False
    p.template.quality = "draft"
    p.template.loudness_lufs = -16.0
    still = Asset(path=str(media.image("at_still.png", "64x112")), kind="image")
    song = Asset(path=str(music), kind="audio", duration_us=int(music_s * 1e6), has_audio=True)
    p.assets = {still.id: still, song.id: song}
    p.timeline.ensure_track("video").clips.append(
        Clip(asset_id=still.id, duration_us=int(video_s * 1e6))
    )
    p.timeline.ensure_track("music").clips.append(
        Clip(asset_id=song.id, duration_us=int(video_s * 1e6), **clip_kw)
    )
    p.template.music_volume = 1.0
    return p


def envelope_db(path: Path) -> np.ndarray:
    with av.open(str(path)) as c:
        rs = av.AudioResampler(format="flt", layout="mono", rate=48_000)
        pcm = np.concatenate(
            [f.to_ndarray()[0] for fr in c.decode(audio=0) for f in rs.resample(fr)]
        )
    blocks = pcm[: len(pcm) // BLOCK * BLOCK].reshape(-1, BLOCK)
    return 20 * np.log10(np.sqrt((blocks**2).mean(axis=1)) + 1e-9)


@pytest.fixture(scope="module")
def sounds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sounds")


def test_fade_in_rises_and_the_volume_line_dips(media, sounds: Path, tmp_path: Path) -> None:
    keys = [VolumeKey(3_000_000, 1.0), VolumeKey(3_400_000, 0.1), VolumeKey(4_600_000, 0.1)]
    keys.append(VolumeKey(5_000_000, 1.0))
    p = project(media, noise(sounds, "long.wav", 8.0), 8.0, fade_in_us=1_500_000, volume_keys=keys)
    out = tmp_path / "env.mp4"
    export(compile_plan(p), out)
    env = envelope_db(out)
    assert len(env) >= 69
    rising = env[0:15]  # the fade-in: 0-1.5 s
    assert all(b > a - 0.5 for a, b in zip(rising[1:], rising[2:], strict=False)), rising
    assert rising[14] - rising[1] > 12  # from near silence up to full level
    full = np.median(env[20:29])  # 2.0-2.9 s at full level
    dip = np.median(env[36:45])  # 3.6-4.5 s at gain 0.1 (-20 dB)
    after = np.median(env[52:60])  # 5.2-6.0 s back at 1.0
    assert 16 < full - dip < 24, (full, dip)
    assert abs(after - full) < 2.0
    ramp = env[30:34]  # 3.0-3.4 s: going down, block by block
    assert all(b < a for a, b in zip(ramp, ramp[1:], strict=False)), ramp


def test_short_music_loops_with_crossfades_to_the_end(media, sounds: Path, tmp_path: Path) -> None:
    p = project(media, noise(sounds, "short.wav", 3.0), 3.0, fade_out_us=500_000)
    assert p.music_fit == "loop"
    plan = compile_plan(p)
    assert plan.music is not None and plan.music.loop_crossfade_us == 750_000
    out = tmp_path / "loop.mp4"
    export(plan, out)
    env = envelope_db(out)
    assert len(env) >= 69
    steady = env[2:64]  # 0.2-6.4 s, joins at 2.25 s and 4.5 s included
    med = np.median(steady)
    assert med > -40
    assert np.abs(steady - med).max() < 3.0, np.round(steady - med, 1)
    assert len(env) >= 70
    assert env[69] < med - 12 < env[64]  # fading out over the video's last half second


def test_trim_mode_plays_once_and_fades_at_its_end(media, sounds: Path, tmp_path: Path) -> None:
    p = project(media, noise(sounds, "short.wav", 3.0), 3.0, fade_out_us=1_000_000)
    p.music_fit = "trim"
    plan = compile_plan(p)
    assert plan.music is not None and plan.music.duration_us == 3_000_000
    out = tmp_path / "trim.mp4"
    export(plan, out)
    env = envelope_db(out)
    full = np.median(env[3:18])
    assert env[24] < full - 3 and env[28] < full - 12  # the fade: 2.0-3.0 s
    assert env[32:].max() < full - 40  # silence after the music


def test_key_expression_is_the_straight_line() -> None:
    expr = key_expression([(1_000_000, 1.0), (2_000_000, 0.5)])
    assert expr.startswith("if(lt(t,1.000000),1.00000,")
    assert "(1.00000+(-0.50000)*(t-1.000000)/1.000000)" in expr
    assert key_expression([]) == "1"


def test_old_projects_load_with_defaults_and_music_keeps_its_fade() -> None:
    p = Project()
    a = Asset(path="m.wav", kind="audio", duration_us=1_000_000, has_audio=True)
    p.assets[a.id] = a
    p.timeline.ensure_track("music").clips.append(Clip(asset_id=a.id))
    p.timeline.ensure_track("voice").clips.append(Clip(asset_id=a.id))
    data = project_to_dict(p)
    data["schema_version"] = 2
    del data["music_fit"]
    data["template"]["music_fade_us"] = 750_000
    for track in data["timeline"]["tracks"]:
        for c in track["clips"]:
            for k in ("fade_in_us", "fade_out_us", "volume_keys"):
                del c[k]
    loaded = project_from_json(json.dumps(data))
    music, voice = loaded.timeline.track("music"), loaded.timeline.track("voice")
    assert music.clips[0].fade_in_us == music.clips[0].fade_out_us == 750_000
    assert voice.clips[0].fade_in_us == 0 and voice.clips[0].volume_keys == []
    assert loaded.music_fit == "loop"


def test_bad_volume_keys_are_named() -> None:
    from shortvid_desktop.core.serial import ValidationError

    p = Project()
    data = project_to_dict(p)
    data["timeline"] = {
        "tracks": [
            {
                "kind": "music",
                "clips": [
                    {"volume_keys": [{"time_us": 2, "gain": 1.0}, {"time_us": 1, "gain": 1.0}]}
                ],
            }
        ]
    }
    with pytest.raises(ValidationError) as info:
        project_from_json(json.dumps(data))
    assert info.value.path == "timeline.tracks[0].clips[0].volume_keys"
    data["timeline"]["tracks"][0]["clips"][0]["volume_keys"] = [{"time_us": 0, "gain": 9.0}]
    with pytest.raises(ValidationError) as info:
        project_from_json(json.dumps(data))
    assert info.value.path == "timeline.tracks[0].clips[0].volume_keys[0].gain"


def test_the_reference_mix_matches_the_graph_mix(media, sounds: Path, tmp_path: Path) -> None:
    """The MoviePy reference renderer shapes the same plan the same way: fades, a volume line
    and a crossfaded loop, before loudness (RMS per 100 ms within 1 dB where it is not near
    silence)."""
    import ffmpeg

    from shortvid_desktop.render.graph import audio_mix
    from shortvid_desktop.render.moviepy.audio import mix_audio

    keys = [VolumeKey(1_000_000, 1.0), VolumeKey(1_500_000, 0.3), VolumeKey(4_000_000, 0.3)]
    p = project(
        media,
        noise(sounds, "short.wav", 3.0),
        3.0,
        fade_in_us=700_000,
        fade_out_us=600_000,
        volume_keys=keys,
    )
    plan = compile_plan(p)
    assert plan.music is not None and plan.music.loop_crossfade_us > 0
    wav = tmp_path / "graph.wav"
    args = ffmpeg.compile(ffmpeg.output(audio_mix(plan), str(wav), ac=2, ar=48000), cmd="x")[1:]
    run_ffmpeg(args)
    with av.open(str(wav)) as c:
        rs = av.AudioResampler(format="fltp", layout="stereo", rate=48_000)
        graph = np.concatenate(
            [f.to_ndarray().mean(axis=0) for fr in c.decode(audio=0) for f in rs.resample(fr)]
        )
    ref = mix_audio(plan).mean(axis=1)
    n = min(len(graph), len(ref)) // BLOCK * BLOCK

    def db(x: np.ndarray) -> np.ndarray:
        blocks = x[:n].reshape(-1, BLOCK)
        return 20 * np.log10(np.sqrt((blocks**2).mean(axis=1)) + 1e-9)

    g, r = db(graph), db(ref)
    loud = g > g.max() - 30
    assert loud.sum() >= 50
    assert np.abs(g - r)[loud].max() <= 1.0, np.round(g - r, 2)
