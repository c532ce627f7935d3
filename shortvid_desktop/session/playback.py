"""Instant playback: the proxy pieces render in the background as edits land, Play plays what is
ready, and scrubbing shows the nearest ready frame at once.

The timeline is cut into the pieces of ``render/proxy.py`` (keyed by a hash of what reaches their
pixels, cached on disk by ``ProxyCache``). After an edit the window asks for a ``PlayMap`` of the
new plan (``layout_job``: the pieces, their keys and which are on disk already) and renders the
missing ones one job each (``piece_job``), nearest the playhead first; a piece the edit did not
touch keeps its key and its file. Sound is one track for the whole timeline (``sound_job``),
rendered again only when the audio part of the plan changed.

Play does not wait for a joined file: a ``FrameFeed`` streams the frames of the ready pieces from
the playhead on (an ffmpeg child per piece, the next one opened ahead), and the window shows the
newest frame due at each tick of its clock while the sound plays beside it. Where a piece is not
ready yet the feed waits for it and the window shows a quick composed frame meanwhile.

Every piece also leaves a strip of small frames in memory (``StripCache``, about 10 a second at
half the piece's size), so dragging the playhead shows the nearest ready frame in the same event
and the exact composed frame replaces it when it has rendered.
"""

from __future__ import annotations

import bisect
import collections
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.timebase import US_PER_SECOND
from ..jobs import Cancelled, CancelToken, Progress
from ..render.graph import canvas_size
from ..render.plan import RenderPlan
from ..render.playback import FrameStream, strip_frames
from ..render.process import ScratchFolder
from ..render.proxy import (
    PROXY_ENCODER,
    Piece,
    Workdir,
    audio_key,
    has_sound,
    pieces,
    prepare,
    proxy_scale,
    render_piece,
)
from .proxies import ProxyCache

PLAY_PIECE_SECONDS = 2.0  # shorter than the proxy's pieces: the one under the playhead lands
# sooner after an edit (one ffmpeg start more every 2 s is cheap beside that)
STRIP_FPS = 10  # small frames kept per second of the timeline, for scrubbing
STRIP_BUDGET_BYTES = 64 << 20


@dataclass(frozen=True)
class PlayPiece:
    """Output frames [f0, f1) of one plan, the hash of their pixels and their cached file."""

    f0: int
    f1: int
    key: str
    path: Path

    @property
    def frames(self) -> int:
        return self.f1 - self.f0


@dataclass(frozen=True)
class PlayMap:
    """One project state cut into pieces: what Play and the scrub strips work from."""

    plan_key: str
    fps: int
    frames: int
    scale: float  # of the canvas, for the pieces
    width: int  # the pieces' picture size
    height: int
    pieces: tuple[PlayPiece, ...]
    sound_key: str  # "" when there is nothing to hear
    sound_path: Path | None
    on_disk: frozenset[str]  # keys of the pieces whose files existed when it was made
    sound_on_disk: bool
    plan: RenderPlan = field(repr=False, compare=False)

    def index_at(self, f: int) -> int:
        starts = [p.f0 for p in self.pieces]
        return max(0, min(len(self.pieces) - 1, bisect.bisect_right(starts, f) - 1))

    def piece_at(self, f: int) -> PlayPiece:
        return self.pieces[self.index_at(f)]

    def frame_of(self, t_us: int) -> int:
        """The frame showing at ``t_us`` (1 us of slack, as the preview's frames)."""
        return min(self.frames - 1, max(0, (t_us + 1) * self.fps // US_PER_SECOND))

    def time_of(self, f: int) -> int:
        return f * US_PER_SECOND // self.fps

    def strip_size(self) -> tuple[int, int]:
        return max(2, self.width // 2 // 2 * 2), max(2, self.height // 2 // 2 * 2)

    def strip_stride(self) -> int:
        return max(1, round(self.fps / STRIP_FPS))


@dataclass(frozen=True)
class StripFrame:
    f: int  # the timeline frame it shows
    width: int
    height: int
    rgb: bytes


class StripCache:
    """Small frames of pieces by piece key, least recently used out past ``budget_bytes``."""

    def __init__(self, budget_bytes: int = STRIP_BUDGET_BYTES) -> None:
        self.budget = budget_bytes
        self._lock = threading.Lock()
        # key -> (stride, width, height, frames)
        self._strips: collections.OrderedDict[str, tuple[int, int, int, list[bytes]]] = (
            collections.OrderedDict()
        )
        self._bytes = 0

    def has(self, key: str) -> bool:
        with self._lock:
            return key in self._strips

    def put(self, key: str, stride: int, width: int, height: int, frames: list[bytes]) -> None:
        size = sum(len(f) for f in frames)
        with self._lock:
            old = self._strips.pop(key, None)
            if old is not None:
                self._bytes -= sum(len(f) for f in old[3])
            self._strips[key] = (stride, width, height, frames)
            self._bytes += size
            while self._bytes > self.budget and len(self._strips) > 1:
                _k, (_s, _w, _h, gone) = self._strips.popitem(last=False)
                self._bytes -= sum(len(f) for f in gone)

    def _frame(self, piece: PlayPiece, f: int) -> StripFrame | None:
        entry = self._strips.get(piece.key)
        if entry is None or not entry[3]:
            return None
        stride, w, h, frames = entry
        self._strips.move_to_end(piece.key)
        i = max(0, min(len(frames) - 1, round((f - piece.f0) / stride)))
        return StripFrame(piece.f0 + i * stride, w, h, frames[i])

    def nearest(self, pmap: PlayMap, f: int) -> StripFrame | None:
        """The ready small frame nearest to frame ``f`` of ``pmap`` (its own piece's if that is
        ready, else the closest end of the nearest ready piece)."""
        with self._lock:
            i = pmap.index_at(f)
            hit = self._frame(pmap.pieces[i], f)
            if hit is not None:
                return hit
            best: StripFrame | None = None
            for j, piece in enumerate(pmap.pieces):
                if j == i or piece.key not in self._strips:
                    continue
                frame = self._frame(piece, piece.f1 - 1 if j < i else piece.f0)
                if frame is not None and (best is None or abs(frame.f - f) < abs(best.f - f)):
                    best = frame
            return best


class Playback:
    """Jobs and caches of instant playback for one project (run the jobs on any thread)."""

    def __init__(
        self,
        cache: ProxyCache | None = None,
        strips: StripCache | None = None,
        piece_seconds: float = PLAY_PIECE_SECONDS,
    ) -> None:
        self.cache = cache or ProxyCache()
        self.strips = strips or StripCache()
        self.piece_seconds = piece_seconds
        self._lock = threading.Lock()
        # plan key -> [folder, workdir, users]; the newest few are kept
        self._work: collections.OrderedDict[str, list] = collections.OrderedDict()
        self.rendered: list[tuple[int, int]] = []  # (f0, f1) of every piece rendered, in order
        self.sounds_rendered = 0

    # ------------------------------------------------------------------ work folders
    def _acquire(self, plan_key: str, plan: RenderPlan) -> Workdir:
        with self._lock:
            entry = self._work.get(plan_key)
            if entry is not None:
                entry[2] += 1
                self._work.move_to_end(plan_key)
                return entry[1]
        folder = ScratchFolder("shortvid-pieces-")
        work = prepare(plan, Path(folder.name))
        with self._lock:
            entry = self._work.get(plan_key)
            if entry is not None:  # made meanwhile by another job: use that one
                folder.cleanup()
                entry[2] += 1
                return entry[1]
            self._work[plan_key] = [folder, work, 1]
            self._prune()
        return work

    def _release(self, plan_key: str) -> None:
        with self._lock:
            entry = self._work.get(plan_key)
            if entry is not None:
                entry[2] -= 1
            self._prune()

    def _prune(self, keep: int = 2) -> None:
        for key in list(self._work)[:-keep]:
            if self._work[key][2] <= 0:
                self._work.pop(key)[0].cleanup()

    def close(self) -> None:
        with self._lock:
            for key in list(self._work):
                self._work.pop(key)[0].cleanup()

    # ------------------------------------------------------------------ jobs
    def layout_job(
        self, plan_key: str, plan: RenderPlan
    ) -> Callable[[Progress, CancelToken], PlayMap]:
        """A job cutting ``plan`` into keyed pieces and noting which are on disk already."""

        def run(progress: Progress, cancel: CancelToken) -> PlayMap:
            scale = self.cache.scale or proxy_scale(plan)
            work = self._acquire(plan_key, plan)
            try:
                cancel.raise_if_cancelled()
                cut = pieces(plan, work, scale, self.piece_seconds, PROXY_ENCODER)
            finally:
                self._release(plan_key)
            out = tuple(PlayPiece(p.f0, p.f1, p.key, self.cache.piece_path(p)) for p in cut)
            skey = audio_key(plan) if has_sound(plan) else ""
            spath = self.cache.play_sound_path(skey) if skey else None
            w, h = canvas_size(plan, scale)
            on_disk = frozenset(p.key for p in out if p.path.is_file())
            keep = {p.path for p in out}
            if spath is not None:
                keep.add(spath)
            self.cache.evict(keep)
            progress(1.0, "")
            return PlayMap(
                plan_key=plan_key,
                fps=plan.fps,
                frames=plan.frames,
                scale=scale,
                width=w,
                height=h,
                pieces=out,
                sound_key=skey,
                sound_path=spath,
                on_disk=on_disk,
                sound_on_disk=spath is not None and spath.is_file(),
                plan=plan,
            )

        return run

    def piece_job(self, pmap: PlayMap, piece: PlayPiece) -> Callable[[Progress, CancelToken], str]:
        """A job making ``piece`` ready: its file (rendered unless cached) and its strip of small
        frames in memory. Returns its key."""

        def run(progress: Progress, cancel: CancelToken) -> str:
            if not piece.path.is_file():
                plan = pmap.plan
                work = self._acquire(pmap.plan_key, plan)
                try:
                    render_piece(
                        plan,
                        Piece(piece.f0, piece.f1, piece.key),
                        piece.path,
                        work,
                        scale=pmap.scale,
                        encoder=PROXY_ENCODER,
                        cancel=cancel,
                    )
                finally:
                    self._release(pmap.plan_key)
                with self._lock:
                    self.rendered.append((piece.f0, piece.f1))
            if not self.strips.has(piece.key):
                w, h = pmap.strip_size()
                stride = pmap.strip_stride()
                frames = strip_frames(piece.path, width=w, height=h, stride=stride, cancel=cancel)
                self.strips.put(piece.key, stride, w, h, frames)
            progress(1.0, "")
            return piece.key

        return run

    def sound_job(self, pmap: PlayMap) -> Callable[[Progress, CancelToken], Path]:
        """A job making the whole timeline's sound track (cached by the audio key)."""

        def run(progress: Progress, cancel: CancelToken) -> Path:
            assert pmap.sound_key
            work = self._acquire(pmap.plan_key, pmap.plan)
            try:
                path = self.cache.sound_track(pmap.plan, pmap.sound_key, work, cancel)
            finally:
                self._release(pmap.plan_key)
            with self._lock:
                self.sounds_rendered += 1
            progress(1.0, "")
            return path

        return run


class FrameFeed:
    """Frames of a PlayMap's ready pieces from a frame on, decoded ahead on a worker (``run``)
    into a short queue; the window takes the newest frame due at each tick (``take``).

    A piece that is not ready is waited for (``mark_ready`` says it landed) and skipped once the
    clock has passed it; ``seek`` starts again elsewhere."""

    def __init__(self, pmap: PlayMap, ready: set[str], start_f: int, queue: int = 8) -> None:
        self.map = pmap
        self._ready = set(ready)
        self._cond = threading.Condition()
        self._queue: collections.deque[tuple[int, bytes]] = collections.deque()
        self._limit = max(2, queue)
        self._want = start_f  # the frame the window shows now
        self._gen = 0  # bumped by seek
        self._closed = False
        self.frames_read = 0

    # ------------------------------------------------------------------ GUI side
    def take(self, f: int) -> tuple[int, bytes] | None:
        """The newest decoded frame at or before ``f`` (older ones dropped), or None."""
        with self._cond:
            self._want = f
            last = None
            while self._queue and self._queue[0][0] <= f:
                last = self._queue.popleft()
            self._cond.notify_all()
            return last

    def seek(self, f: int) -> None:
        with self._cond:
            self._want = f
            self._gen += 1
            self._queue.clear()
            self._cond.notify_all()

    def mark_ready(self, key: str) -> None:
        with self._cond:
            self._ready.add(key)
            self._cond.notify_all()

    def is_ready(self, f: int) -> bool:
        with self._cond:
            return self.map.piece_at(f).key in self._ready

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    # ------------------------------------------------------------------ worker side
    def run(self, progress: Progress, cancel: CancelToken) -> int:
        """Decode until closed or cancelled; returns how many frames were read."""
        streams: dict[tuple[str, int], FrameStream] = {}
        remove = cancel.on_cancel(self.close)

        def open_stream(piece: PlayPiece, offset: int) -> FrameStream:
            s = streams.pop((piece.key, offset), None)
            return s or FrameStream(
                piece.path, offset, self.map.fps, self.map.width, self.map.height
            )

        try:
            f = self._want
            gen = self._gen
            while True:
                with self._cond:
                    if self._closed:
                        break
                    if gen != self._gen:
                        gen = self._gen
                        f = self._want
                        for s in streams.values():
                            s.close()
                        streams.clear()
                    f = max(f, self._want)
                    if f >= self.map.frames:
                        self._cond.wait(0.05)
                        continue
                    i = self.map.index_at(f)
                    piece = self.map.pieces[i]
                    if piece.key not in self._ready:
                        self._cond.wait(0.05)  # the clock may pass it, or it may land
                        continue
                nxt = self.map.pieces[i + 1] if i + 1 < len(self.map.pieces) else None
                stream = open_stream(piece, f - piece.f0)
                if nxt is not None and nxt.key in self._ready and (nxt.key, 0) not in streams:
                    streams[(nxt.key, 0)] = open_stream(nxt, 0)  # opened ahead: no gap there
                try:
                    f = self._read_piece(stream, piece, f, gen)
                finally:
                    stream.close()
        finally:
            remove()
            for s in streams.values():
                s.close()
        if cancel.cancelled:
            raise Cancelled()
        return self.frames_read

    def _read_piece(self, stream: FrameStream, piece: PlayPiece, f: int, gen: int) -> int:
        """Queue the piece's frames from ``f``; returns the frame to go on from."""
        while f < piece.f1:
            data = stream.read()
            if data is None:
                return piece.f1  # the piece ended early (or was closed): go on after it
            with self._cond:
                if self._closed or gen != self._gen:
                    return f
                self.frames_read += 1
                if f < self._want:  # late: the window is past it already
                    if self._want - f > self.map.fps // 2:
                        return f  # far behind (a slow machine): start again at the clock
                    if self._queue:
                        f += 1
                        continue
                    # nothing queued: keep the newest late frame rather than show nothing
                while len(self._queue) >= self._limit and not self._closed and gen == self._gen:
                    self._cond.wait(0.05)
                if self._closed or gen != self._gen:
                    return f
                self._queue.append((f, data))
            f += 1
        return f


__all__ = [
    "PLAY_PIECE_SECONDS",
    "STRIP_FPS",
    "FrameFeed",
    "PlayMap",
    "PlayPiece",
    "Playback",
    "StripCache",
    "StripFrame",
]
