"""Exact time: every time in the model is an integer number of microseconds."""

from __future__ import annotations

from fractions import Fraction

US_PER_SECOND = 1_000_000


def us(seconds: float | Fraction | int) -> int:
    """Seconds -> integer microseconds (rounded to the nearest microsecond)."""
    return int(round(seconds * US_PER_SECOND))


def seconds(value_us: int) -> float:
    """Integer microseconds -> float seconds (for display and ffmpeg arguments only)."""
    return value_us / US_PER_SECOND


def frame_time(index: int, fps: Fraction | int) -> int:
    """Start time of frame ``index`` in microseconds (rounded)."""
    return int(round(Fraction(index) / Fraction(fps) * US_PER_SECOND))


def snap_to_frame(value_us: int, fps: Fraction | int) -> int:
    """Round a time to the nearest frame boundary."""
    fr = Fraction(fps)
    n = round(Fraction(value_us, US_PER_SECOND) * fr)
    return int(round(Fraction(n) / fr * US_PER_SECOND))


def fmt_time(value_us: int) -> str:
    """``mm:ss.mmm`` for display."""
    total_ms = value_us // 1000
    m, rem = divmod(total_ms, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{m:02d}:{s:02d}.{ms:03d}"


def ass_time(value_us: int) -> str:
    """``h:mm:ss.cc`` as ASS subtitles want it (centiseconds, rounded)."""
    cs = (value_us + 5_000) // 10_000
    h, rem = divmod(cs, 360_000)
    m, rem = divmod(rem, 6_000)
    s, c = divmod(rem, 100)
    return f"{h:d}:{m:02d}:{s:02d}.{c:02d}"


def srt_time(value_us: int) -> str:
    ms = (value_us + 500) // 1000
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"
