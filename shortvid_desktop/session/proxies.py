"""Playback proxies for the window's Play: built from cached pieces, so after an edit only the
pieces it touched render again (see ``render/proxy.py`` for how pieces are cut and keyed).

The cache lives in the user's cache folder (``cache/playback``), so a project opened again plays
at once; the oldest files go when it grows past its size limit.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.timebase import US_PER_SECOND
from ..jobs import CancelToken, Progress
from ..paths import cache_dir
from ..render.plan import RenderPlan
from ..render.playback import sound_track as render_sound_track
from ..render.process import ScratchFolder
from ..render.proxy import (
    PIECE_SECONDS,
    PROXY_ENCODER,
    Piece,
    Sound,
    Workdir,
    audio_key,
    encode_sound,
    has_sound,
    join,
    pieces,
    prepare,
    proxy_scale,
    render_audio,
    render_pieces,
)

CACHE_LIMIT_BYTES = 1 << 30  # 1 GiB of pieces, sound and joined proxies


@dataclass(frozen=True)
class Proxy:
    """A playable low-resolution MP4 of the timeline from ``start_us`` to the end."""

    path: Path
    start_us: int  # timeline time of the proxy's first frame
    duration_us: int
    has_audio: bool
    rendered: int  # pieces rendered for it (the rest came from the cache)
    reused: int
    seconds: float  # time it took to build


def default_workers() -> int:
    """ffmpeg processes at once: two on a small machine (the graph is partly single-threaded),
    up to four on a big one."""
    return max(2, min(4, (os.cpu_count() or 2) // 2))


class ProxyCache:
    """Builds playback proxies of render plans from pieces kept on disk."""

    def __init__(
        self,
        root: Path | None = None,
        *,
        scale: float | None = None,
        piece_seconds: float = PIECE_SECONDS,
        workers: int | None = None,
        limit_bytes: int = CACHE_LIMIT_BYTES,
    ) -> None:
        self.root = Path(root) if root is not None else cache_dir("playback")
        self.root.mkdir(parents=True, exist_ok=True)
        self.scale = scale  # None: about 480 pixels on the longer side (``proxy_scale``)
        self.piece_seconds = piece_seconds
        self.workers = workers or default_workers()
        self.limit_bytes = limit_bytes
        self._lock = threading.Lock()
        self.renders = 0  # pieces rendered so far (what a test counts)
        self.audio_renders = 0
        self.rendered: list[tuple[int, int]] = []  # (f0, f1) of each piece rendered, in order

    # ------------------------------------------------------------------ files
    def piece_path(self, piece: Piece) -> Path:
        return self.root / f"piece-{piece.key[:32]}.mp4"

    def _sound_paths(self, key: str) -> tuple[Path, Path]:
        return self.root / f"sound-{key[:32]}.flac", self.root / f"sound-{key[:32]}.json"

    def _cached_sound(self, key: str) -> Sound | None:
        flac, meta = self._sound_paths(key)
        if not (flac.is_file() and meta.is_file()):
            return None
        try:
            gain = float(json.loads(meta.read_text(encoding="utf-8"))["gain_db"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        _touch(flac, meta)
        return Sound(flac, gain)

    # ------------------------------------------------------------------ jobs
    def job(self, plan: RenderPlan, start_us: int = 0) -> Callable[[Progress, CancelToken], Proxy]:
        """A job building the proxy of ``plan`` from the piece that holds ``start_us`` to the
        end (run it on any thread; ``plan`` is frozen)."""

        def run(progress: Progress, cancel: CancelToken) -> Proxy:
            return self.build(plan, start_us, progress, cancel)

        return run

    def build(
        self,
        plan: RenderPlan,
        start_us: int = 0,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Proxy:
        """The proxy of ``plan`` from the piece holding ``start_us``: missing pieces and sound
        render (pieces in parallel), then everything joins without re-encoding the video."""
        started = time.monotonic()
        progress = progress or Progress()
        cancel = cancel or CancelToken()
        # the messages are ones the window knows how to translate (qt/progress_text.py)
        progress(0.0, "Rendering preview")
        scale = self.scale or proxy_scale(plan)
        with ScratchFolder("shortvid-play-") as tmp:
            work = prepare(plan, Path(tmp))
            all_pieces = pieces(plan, work, scale, self.piece_seconds, PROXY_ENCODER)
            f = min(plan.frames - 1, max(0, start_us * plan.fps // US_PER_SECOND))
            first = next(i for i, p in enumerate(all_pieces) if p.f1 > f)
            chosen = all_pieces[first:]
            todo = [(p, self.piece_path(p)) for p in chosen if not self.piece_path(p).is_file()]
            for p in chosen:
                if self.piece_path(p).is_file():
                    _touch(self.piece_path(p))
            frames_todo = sum(p.frames for p, _ in todo)
            # rough costs: a frame of video ~ 1, the sound of a frame ~ 0.05, the join ~ 0.05
            sound = None
            skey = audio_key(plan) if has_sound(plan) else ""
            if skey:
                sound = self._cached_sound(skey)
            sound_cost = 0.05 * plan.frames if skey and sound is None else 0.0
            join_cost = 0.05 * sum(p.frames for p in chosen)
            total = max(1.0, frames_todo + sound_cost + join_cost)
            a, b = sound_cost / total, (sound_cost + frames_todo) / total
            if skey and sound is None:
                sound = self._render_sound(plan, skey, work, progress.sub(0.0, a), cancel)
            if todo:
                sub = progress.sub(a, b)

                def done(piece: Piece) -> None:
                    with self._lock:
                        self.renders += 1
                        self.rendered.append((piece.f0, piece.f1))

                render_pieces(
                    plan,
                    todo,
                    work,
                    scale=scale,
                    encoder=PROXY_ENCODER,
                    workers=self.workers,
                    progress=lambda x: sub(
                        x, f"Rendering frame {round(x * frames_todo)} of {frames_todo}"
                    ),
                    cancel=cancel,
                    on_done=done,
                )
            progress(b, "Rendering preview")
            start = chosen[0].f0 * US_PER_SECOND // plan.fps
            duration = sum(p.frames for p in chosen) * US_PER_SECOND // plan.fps
            key = "|".join([*(p.key for p in chosen), skey])
            name = hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()
            name = name[:24]
            out = self.root / f"play-{name}.mp4"
            track = None
            if sound is not None:
                track = self.root / f"sound-{skey[:32]}-{chosen[0].f0}.m4a"
                if track.is_file():
                    _touch(track)
                else:
                    encode_sound(
                        sound,
                        track,
                        start_us=start,
                        duration_us=duration,
                        encoder=PROXY_ENCODER,
                        cancel=cancel,
                    )
            if out.is_file():
                _touch(out)
            else:
                join(
                    [self.piece_path(p) for p in chosen],
                    track,
                    out,
                    duration_us=duration,
                    cancel=cancel,
                )
        keep = {out, *(self.piece_path(p) for p in all_pieces)}
        if track is not None:
            keep.update({track, *self._sound_paths(skey)})
        self.evict(keep)
        progress(1.0, "Done")
        return Proxy(
            path=out,
            start_us=start,
            duration_us=duration,
            has_audio=sound is not None,
            rendered=len(todo),
            reused=len(chosen) - len(todo),
            seconds=time.monotonic() - started,
        )

    def _render_sound(
        self, plan: RenderPlan, key: str, work: Workdir, progress: Progress, cancel: CancelToken
    ) -> Sound:
        flac, meta = self._sound_paths(key)
        progress(0.0, "Rendering sound")
        sound = render_audio(plan, flac, work, on_progress=lambda x: progress(x), cancel=cancel)
        tmp = meta.with_name(f".partial-{threading.get_ident()}-{meta.name}")
        tmp.write_text(json.dumps({"gain_db": sound.gain_db}), encoding="utf-8")
        os.replace(tmp, meta)
        with self._lock:
            self.audio_renders += 1
        return sound

    def sound_track(
        self, plan: RenderPlan, key: str, work: Workdir, cancel: CancelToken | None = None
    ) -> Path:
        """The whole plan's sound at its loudness as one seekable FLAC (instant playback plays
        it beside the pieces); rendered only when the audio part of the plan changed."""
        out = self.root / f"sound-{key[:32]}-play.flac"
        if out.is_file():
            _touch(out)
            return out
        cancel = cancel or CancelToken()
        sound = self._cached_sound(key)
        if sound is None:
            sound = self._render_sound(plan, key, work, Progress(), cancel)
        return render_sound_track(sound, out, cancel=cancel)

    def play_sound_path(self, key: str) -> Path:
        """Where ``sound_track`` keeps the track of the audio key ``key``."""
        return self.root / f"sound-{key[:32]}-play.flac"

    # ------------------------------------------------------------------ size
    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.root.iterdir() if p.is_file())

    def evict(self, keep: set[Path] | None = None) -> int:
        """Delete the least recently used files until the cache fits its limit (never one in
        ``keep``); also stale partial files. Returns how many went."""
        keep = keep or set()
        files = []
        now = time.time()
        removed = 0
        for p in self.root.iterdir():
            try:
                st = p.stat()
            except OSError:
                continue
            if p.name.startswith(".partial-"):
                if now - st.st_mtime > 3600:
                    _unlink(p)
                    removed += 1
                continue
            files.append((st.st_mtime, st.st_size, p))
        total = sum(size for _, size, _ in files)
        for _mtime, size, p in sorted(files):
            if total <= self.limit_bytes:
                break
            if p in keep:
                continue
            if _unlink(p):
                total -= size
                removed += 1
        return removed

    def clear(self) -> None:
        """Delete every cached file."""
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True, exist_ok=True)


def _touch(*paths: Path) -> None:
    for p in paths:
        try:
            os.utime(p)
        except OSError:
            pass


def _unlink(p: Path) -> bool:
    try:
        p.unlink()
        return True
    except OSError:  # e.g. open in the player on Windows
        return False


__all__ = ["CACHE_LIMIT_BYTES", "Proxy", "ProxyCache", "default_workers"]
