"""Video clip frames picked like ``-ss`` + ``fps=R:start_time=0``; the last frame held. Speed
(``setpts=PTS/speed``), reverse (``reverse`` over the clip's frames) and freeze frames as
effects_graph.retimed_source makes them."""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import numpy as np

from ...core.errors import MediaError
from .pictures import Array


def _round_half_up(x: Fraction) -> int:
    return math.floor(x + Fraction(1, 2)) if x >= 0 else -math.floor(-x + Fraction(1, 2))


def _has_alpha(frame: Any) -> bool:
    fmt = frame.format
    return fmt.name == "pal8" or any(getattr(c, "is_alpha", False) for c in fmt.components)


def _oriented(frame: Any, alpha: bool = False) -> Array:
    """A decoded frame as RGB (RGBA when ``alpha`` and the frame has transparency: a GIF's
    palette, VP9 with alpha), turned upright like ffmpeg's autorotate."""
    rgb = frame.to_ndarray(format="rgba" if alpha and _has_alpha(frame) else "rgb24")
    try:
        turn = round(-float(frame.rotation)) % 360
    except (AttributeError, TypeError, ValueError):
        turn = 0
    if turn == 90:
        rgb = np.rot90(rgb, k=-1)
    elif turn == 180:
        rgb = rgb[::-1, ::-1]
    elif turn == 270:
        rgb = np.rot90(rgb, k=1)
    return np.ascontiguousarray(rgb)


class VideoSource:
    """One video segment's frames, chosen like ``-ss S -i src`` + ``fps=R`` + ``tpad=clone``.

    After the seek, frames earlier than S are dropped; a frame at time t after S lands in output
    slot round(t * R) (ties away from zero); output frame k shows the latest frame whose slot is
    at most k (the first frame until one is due), and the last frame is held when the source
    ends. (Measured against the bundled ffmpeg at 12/24/25/30 fps from 25 fps sources.)"""

    def __init__(
        self,
        path: str,
        source_in_us: int,
        fps: int,
        speed: float = 1.0,
        loop: bool = False,
        alpha: bool = False,
    ) -> None:
        import av

        self.path = path
        self.fps = fps
        # setpts=PTS/speed (the speed written with 6 decimals, the result truncated)
        self._speed = float(f"{speed:.6f}")
        self._loop = loop  # an animated GIF/WebP sticker plays again (ignore_loop=0)
        self._alpha = alpha  # pictures on overlay tracks keep their transparency
        self._container: Any = None
        self._still_frames: list[tuple[int, int, Array]] | None = None
        if path.lower().endswith(".webp"):
            # PyAV's FFmpeg has no animated WebP decoder: Pillow's frames and durations (ms)
            self._still_frames = _pillow_frames(path, alpha)
            self._tb = Fraction(1, 1000)
            self._offset = _round_half_up(Fraction(source_in_us, 1000))
        else:
            try:
                self._container = av.open(path)
                self._stream = self._container.streams.video[0]
            except (av.FFmpegError, IndexError, OSError) as exc:
                raise MediaError(f"The video {path} cannot be decoded: {exc}", path=path) from None
            self._stream.thread_type = "AUTO"
            start_us = int(self._container.start_time or 0)
            tb = self._stream.time_base or Fraction(1, 1_000_000)
            self._tb = Fraction(tb)
            self._offset = _round_half_up(Fraction(start_us + source_in_us, 1_000_000) / self._tb)
            if source_in_us > 0:
                self._container.seek(start_us + source_in_us, backward=True, any_frame=False)
        self._frames = self._decode()
        self._current: tuple[int, Any] | None = None
        self._pending: tuple[int, Any] | None = None
        self._ended = False
        self.position = -1  # the last frame index asked for
        self.end_slot: int | None = None  # once the source has ended: the slots it filled

    def _slot(self, rel: int) -> int:
        if self._speed != 1.0:
            rel = int(rel / self._speed)
        return _round_half_up(rel * self._tb * self.fps)

    def _timed(self) -> Iterator[tuple[int, int, Any]]:
        """One pass over the source: (pts, duration, frame) in ``self._tb`` units."""
        if self._still_frames is not None:
            yield from self._still_frames
            return
        rate = self._stream.average_rate or self._stream.guessed_rate
        step = max(1, round(1 / (Fraction(rate) * self._tb))) if rate else 1
        for frame in self._container.decode(self._stream):
            if frame.pts is not None:
                yield frame.pts, int(frame.duration or 0) or step, frame

    def _decode(self) -> Iterator[tuple[int, Any]]:
        shift = 0  # pts added on each pass of a looping source
        while True:
            last_end = None
            for pts, duration, frame in self._timed():
                rel = pts + shift - self._offset
                last_end = pts + duration
                if rel < 0:
                    continue
                yield self._slot(rel), frame
            if not self._loop or last_end is None:
                if last_end is not None:  # fps stops at the end of the last frame
                    self.end_slot = self._slot(last_end + shift - self._offset)
                return
            shift += last_end
            if self._container is not None:
                self._container.seek(0, stream=self._stream, backward=True, any_frame=False)

    def _pull(self) -> tuple[int, Any] | None:
        if self._ended:
            return None
        try:
            return next(self._frames)
        except StopIteration:
            self._ended = True
            return None

    def frame(self, k: int) -> tuple[int, Array] | None:
        """(identity, RGB picture) for output frame k of the segment; None if nothing decodes."""
        if k < self.position:
            raise ValueError("VideoSource reads forward only")
        self.position = k
        if self._current is None:
            first = self._pull()
            if first is None:
                return None
            self._current = first
            self._pending = self._pull()
        while self._pending is not None and self._pending[0] <= k:
            self._current = self._pending
            self._pending = self._pull()
        ident, frame = self._current
        if not isinstance(frame, np.ndarray):
            frame = _oriented(frame, self._alpha)
            self._current = (ident, frame)
        return ident, frame

    def close(self) -> None:
        if self._container is not None:
            self._container.close()
        self._still_frames = None


def _pillow_frames(path: str, alpha: bool) -> list[tuple[int, int, Array]]:
    """An animated (or still) WebP's frames as (start ms, duration ms, RGB(A) array)."""
    from PIL import Image

    out: list[tuple[int, int, Array]] = []
    t = 0
    try:
        with Image.open(path) as im:
            for i in range(getattr(im, "n_frames", 1)):
                im.seek(i)
                im.load()  # (the frame's duration is known once it is loaded)
                duration = max(1, int(im.info.get("duration") or 100))
                rgba = np.asarray(im.convert("RGBA" if alpha else "RGB"))
                out.append((t, duration, np.ascontiguousarray(rgba)))
                t += duration
    except OSError as exc:
        raise MediaError(f"The picture {path} cannot be decoded: {exc}", path=path) from None
    if not out:
        raise MediaError(f"The picture {path} has no frames.", path=path)
    return out


class FrozenSource:
    """A freeze frame: the frame at the in-point (``trim=end_frame=1``), held."""

    position = -1  # any frame, in any order

    def __init__(self, path: str, source_in_us: int, fps: int, alpha: bool = False) -> None:
        source = VideoSource(path, source_in_us, fps, alpha=alpha)
        try:
            self._frame = source.frame(0)
        finally:
            source.close()

    def frame(self, k: int) -> tuple[int, Array] | None:
        return self._frame

    def close(self) -> None:
        self._frame = None


class ReversedSource:
    """A reversed clip: its ``total`` frames (at its speed) picked forward, then shown last
    first; a source that ends sooner gives fewer frames (up to the end of its last frame, as
    ``fps`` stops there), reversed, the last held. Like ffmpeg's ``reverse`` it holds the clip's
    pictures (each distinct one once); the plan limits a reversed clip to
    ``MAX_REVERSE_SOURCE_US`` of source."""

    position = -1

    def __init__(
        self, path: str, source_in_us: int, fps: int, speed: float, total: int, alpha: bool = False
    ) -> None:
        self._args = (path, source_in_us, fps, speed)
        self._alpha = alpha  # (an overlay clip's transparency kept)
        self._total = max(1, total)
        self._slots: list[int] | None = None
        self._pictures: dict[int, Array] = {}

    def _load(self) -> None:
        source = VideoSource(*self._args, alpha=self._alpha)
        slots: list[int] = []
        try:
            for k in range(self._total):
                got = source.frame(k)
                if got is None or (source.end_slot is not None and k >= source.end_slot):
                    break  # a source shorter than the clip: fewer frames, reversed
                ident, rgb = got
                self._pictures.setdefault(ident, rgb)
                slots.append(ident)
        finally:
            source.close()
        self._slots = slots

    def frame(self, k: int) -> tuple[int, Array] | None:
        if self._slots is None:
            self._load()
        assert self._slots is not None
        if not self._slots:
            return None
        # the reversed frames, then the last of them (the first forward) held: tpad=clone
        ident = self._slots[max(0, len(self._slots) - 1 - k)]
        return ident, self._pictures[ident]

    def close(self) -> None:
        self._pictures.clear()
        self._slots = None
