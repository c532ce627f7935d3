"""Onset detection on a generated click track: every click found within 20 ms, nothing else;
the tempo of a regular pulse; the cache and the job."""

from __future__ import annotations

from pathlib import Path

import pytest

from shortvid_desktop.jobs import CancelToken, Progress
from shortvid_desktop.media import beats as beats_mod
from shortvid_desktop.media.beats import BeatsJob, detect_beats
from shortvid_desktop.media.ffmpeg import run_ffmpeg

CLICKS = (0.40, 0.95, 1.37, 1.90, 2.50, 2.78, 3.40, 3.95)


def click_track(path: Path, times: tuple[float, ...], seconds: float, hum: float = 0.05) -> Path:
    """Short 2 kHz bursts (decaying in ~5 ms) at ``times`` over a quiet 220 Hz hum."""
    bursts = "+".join(
        f"between(t,{t},{t + 0.03})*sin(2*PI*2000*t)*exp(-abs(t-{t})*200)" for t in times
    )
    expr = f"{hum}*sin(2*PI*220*t)+0.8*({bursts})"
    run_ffmpeg(["-f", "lavfi", "-i", f"aevalsrc='{expr}':s=44100:d={seconds}", str(path)])
    return path


@pytest.fixture(scope="module")
def clicks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return click_track(tmp_path_factory.mktemp("beats") / "clicks.wav", CLICKS, 4.5)


def test_clicks_are_found_within_20_ms(clicks: Path, shortvid_home: Path) -> None:
    found = detect_beats(clicks)
    got = [t / 1e6 for t in found.times_us]
    assert len(got) == len(CLICKS), got
    errors = [abs(a - b) for a, b in zip(got, CLICKS, strict=True)]
    assert max(errors) <= 0.020, errors
    assert all(0 < s <= 1 for s in found.strengths)


def test_a_regular_pulse_has_its_tempo(tmp_path: Path, shortvid_home: Path) -> None:
    times = tuple(round(0.2 + i * 0.5, 3) for i in range(12))  # 120 a minute
    found = detect_beats(click_track(tmp_path / "pulse.wav", times, 6.4))
    assert len(found.times_us) == 12
    assert abs(found.tempo_bpm - 120) <= 2


def test_silence_and_a_steady_tone_have_no_beats(tmp_path: Path, shortvid_home: Path) -> None:
    tone = tmp_path / "tone.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=f=330:d=2:r=44100", str(tone)])
    found = detect_beats(tone)
    assert len(found.times_us) <= 1  # at most its very start
    assert found.tempo_bpm == 0 or len(found.times_us) <= 1


def test_cached_by_content_and_run_as_a_job(clicks: Path, shortvid_home: Path, monkeypatch) -> None:
    first = detect_beats(clicks)

    def no_decoding(*_a, **_k):  # a second call must come from the cache
        raise AssertionError("decoded again")

    monkeypatch.setattr(beats_mod, "decode_mono", no_decoding)
    seen: list[float] = []
    job = BeatsJob(str(clicks))
    result = job.run(Progress(lambda r: seen.append(r.fraction)), CancelToken())
    assert result == first and seen[-1] == 1.0


def test_a_file_without_sound_is_named(media, shortvid_home: Path) -> None:
    from shortvid_desktop.core.errors import MediaError

    still = media.image("beats_still.png")
    with pytest.raises(MediaError) as info:
        detect_beats(still)
    assert "beats_still.png" in str(info.value)


def clicks_in_noise(path: Path, period: float, seconds: float) -> Path:
    """A click every ``period`` seconds over loud pink noise (about a tenth of full scale)."""
    click = f"0.8*lt(mod(t,{period}),0.02)*sin(2*PI*2000*t)*exp(-mod(t,{period})*200)"
    run_ffmpeg(
        [
            "-f", "lavfi", "-i", f"anoisesrc=d={seconds}:c=pink:a=0.1:r=44100:s=3",
            "-f", "lavfi", "-i", f"aevalsrc='{click}':s=44100:d={seconds}",
            "-filter_complex", "[0][1]amix=inputs=2:normalize=0", str(path),
        ]
    )  # fmt: skip
    return path


@pytest.mark.parametrize("bpm", [90, 120, 150])
def test_clicks_in_loud_noise_found_and_tempo(tmp_path: Path, bpm: int) -> None:
    period = round(60 / bpm, 4)
    found = detect_beats(clicks_in_noise(tmp_path / "noisy.wav", period, 20.0))
    clicks = [i * period for i in range(int(20.0 / period) + 1) if i * period < 19.99]
    got = [t / 1e6 for t in found.times_us]
    hits = [c for c in clicks if any(abs(c - g) <= 0.020 for g in got)]
    true = [g for g in got if any(abs(c - g) <= 0.020 for c in clicks)]
    assert len(hits) >= 0.95 * len(clicks), (len(hits), len(clicks))  # recall
    assert len(true) >= 0.95 * len(got), (len(true), len(got))  # precision
    assert abs(found.tempo_bpm - bpm) <= 3, found.tempo_bpm
