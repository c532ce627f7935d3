"""16-bit mono WAV in and out, and silence analysis for voice audio (numpy)."""

from __future__ import annotations

import os
import uuid
import wave
from pathlib import Path

import numpy as np

FRAME_MS = 5
SILENCE_DB = -50.0  # frame RMS below this (dBFS) is silence


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Samples as int16 (first channel) and the sample rate."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16-bit PCM, got {8 * w.getsampwidth()}-bit")
        rate, channels = w.getframerate(), w.getnchannels()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    if channels > 1:
        data = data.reshape(-1, channels)[:, 0]
    return data.astype(np.int16, copy=False), rate


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    """Write mono 16-bit PCM; written to a temp name and renamed, so readers never see half."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.asarray(samples, dtype="<i2").tobytes())
    os.replace(tmp, path)


def float_to_int16(audio: np.ndarray) -> np.ndarray:
    return (np.clip(audio, -1.0, 1.0) * 32767.0).astype(np.int16)


def samples_to_us(samples: int, rate: int) -> int:
    return round(samples * 1_000_000 / rate)


def _voiced_frames(samples: np.ndarray, rate: int, threshold_db: float) -> tuple[np.ndarray, int]:
    frame = max(1, rate * FRAME_MS // 1000)
    n = len(samples) // frame
    if n == 0:
        return np.zeros(0, dtype=bool), frame
    x = samples[: n * frame].astype(np.float32).reshape(n, frame) / 32768.0
    rms = np.sqrt(np.mean(x * x, axis=1))
    return rms > 10 ** (threshold_db / 20), frame


def speech_bounds(
    samples: np.ndarray, rate: int, threshold_db: float = SILENCE_DB
) -> tuple[int, int] | None:
    """(first, last) sample of the voiced part, or None for silence."""
    voiced, frame = _voiced_frames(samples, rate, threshold_db)
    idx = np.flatnonzero(voiced)
    if idx.size == 0:
        return None
    return int(idx[0]) * frame, min(len(samples), (int(idx[-1]) + 1) * frame)


def find_pauses(
    samples: np.ndarray,
    rate: int,
    min_pause_ms: int = 100,
    threshold_db: float = SILENCE_DB,
) -> list[tuple[int, int]]:
    """Silent stretches of at least ``min_pause_ms`` between voiced parts, in samples."""
    voiced, frame = _voiced_frames(samples, rate, threshold_db)
    idx = np.flatnonzero(voiced)
    if idx.size < 2:
        return []
    gaps = np.flatnonzero(np.diff(idx) > 1)
    min_frames = max(1, min_pause_ms // FRAME_MS)
    out: list[tuple[int, int]] = []
    for g in gaps:
        a, b = int(idx[g]) + 1, int(idx[g + 1])  # silent frames a..b-1
        if b - a >= min_frames:
            out.append((a * frame, b * frame))
    return out


def trim_silence(
    samples: np.ndarray,
    rate: int,
    max_head_ms: int = 50,
    max_tail_ms: int = 150,
    threshold_db: float = SILENCE_DB,
) -> tuple[np.ndarray, int]:
    """Cut leading/trailing silence beyond a natural margin; returns (samples, samples cut at head).

    Voices pad speech differently (espeak-ng leaves ~0.1 s in front and ~0.35 s after); trimming to
    the same margins keeps scenes evenly paced and makes estimated timings fit the speech.
    """
    bounds = speech_bounds(samples, rate, threshold_db)
    if bounds is None:
        return samples, 0
    head = max(0, bounds[0] - rate * max_head_ms // 1000)
    tail = min(len(samples), bounds[1] + rate * max_tail_ms // 1000)
    return samples[head:tail], head
