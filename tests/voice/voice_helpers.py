"""Voice test helpers: WAV reading and word-timing invariants (imported by the tests)."""

from __future__ import annotations

import wave
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from shortvid_desktop.core.model import WordTiming


def read_wav(path: Path) -> tuple[np.ndarray, int, int, int]:
    """(samples, rate, sample width, channels)."""
    with wave.open(str(path), "rb") as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        return data, w.getframerate(), w.getsampwidth(), w.getnchannels()


def rms_db(samples: np.ndarray) -> float:
    if samples.size == 0:
        return -200.0
    x = samples.astype(np.float64) / 32768.0
    return float(20 * np.log10(np.sqrt(np.mean(x * x)) + 1e-12))


def assert_timings_valid(words: Sequence[WordTiming], duration_us: int) -> None:
    prev = 0
    for w in words:
        assert isinstance(w.start_us, int) and isinstance(w.end_us, int), w
        assert 0 <= w.start_us <= w.end_us <= duration_us, (w, duration_us)
        assert w.start_us >= prev, f"{w} overlaps the word before (ends {prev})"
        prev = w.end_us
