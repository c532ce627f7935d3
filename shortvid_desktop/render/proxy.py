"""Playback proxies built from cached pieces: only the part of the timeline that changed renders
again.

The output is cut into pieces at the points where one picture is alone on screen (the end of each
transition, and evenly inside long segments). Each piece renders, video only, at a small scale
through the export's own compiler (``window_plan`` + ``video_graph``) and is keyed by a hash of
exactly what reaches its pixels: its segments (relative to the piece, with the sources'
identities), the captions/titles/overlays on screen during it (relative to the piece, from the
very ASS file libass draws), the caption styles and font, the watermark, canvas, rate and scale.
Move a later scene along the timeline and its pieces keep their keys; change one scene's caption
and only the pieces under it render again.

Sound is one track for the whole timeline (mixed and ducked like the export, brought to its
loudness by one measured gain and a peak limiter instead of the export's two loudnorm passes),
cached as lossless FLAC by a hash of the audio part of the plan. The playable MP4 is the pieces
joined with the concat demuxer (no re-encode) plus that sound cut at the first piece and encoded
to AAC as one stream, so there are no gaps or clicks at the joins (per-piece AAC would add
encoder priming at every join).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass
from pathlib import Path

import ffmpeg

from ..core.timebase import US_PER_SECOND
from ..jobs import Cancelled, CancelToken
from . import transform_graph
from .export import _compile, _with_graph_file, encoder_video, output_args, prepare_workdir
from .graph import EncoderSettings, audio_mix, video_graph
from .plan import AudioPiece, RenderPlan
from .process import ScratchFolder, run_with_progress
from .window import window_plan

PIECE_SECONDS = 5.0  # longer stretches of one picture are cut into pieces of about this length
PROXY_LONG_SIDE = 480  # proxies are about 270x480 (a quarter of 1080x1920)
PROXY_ENCODER = EncoderSettings(preset="ultrafast", crf=27, audio_bitrate="96k")
_VERSION = "proxy-v1"  # bump when the rendering of a piece changes


def proxy_scale(plan: RenderPlan, long_side: int = PROXY_LONG_SIDE) -> float:
    """The scale that makes the plan's longer side about ``long_side`` pixels (never above 1)."""
    return min(1.0, long_side / max(1, plan.width, plan.height))


@dataclass(frozen=True)
class Piece:
    """Output frames [f0, f1) and the hash of everything that decides their pixels."""

    f0: int
    f1: int
    key: str

    @property
    def frames(self) -> int:
        return self.f1 - self.f0


def piece_bounds(plan: RenderPlan, seconds: float = PIECE_SECONDS) -> list[tuple[int, int]]:
    """Frame ranges covering the plan, each starting where one picture is alone on screen."""
    cuts = {0, plan.frames}
    for seg in plan.segments[1:]:
        f = seg.start_frame + seg.transition_frames
        if 0 < f < plan.frames:
            cuts.add(f)
    busy: set[int] = set()
    for seg in plan.segments:
        busy.update(range(seg.start_frame, seg.start_frame + seg.transition_frames + 1))
    step = max(1, int(seconds * plan.fps))
    ordered = sorted(cuts)
    out: list[tuple[int, int]] = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        n = round((b - a) / step)
        inner = [a + (b - a) * i // n for i in range(1, n)] if n > 1 else []
        inner = [f for f in inner if f not in busy]
        edges = [a, *inner, b]
        out += list(zip(edges, edges[1:], strict=False))
    return out


def _file_id(path: str) -> str:
    if not path:
        return ""
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}|missing"
    return f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}"


_ASS_TIME = re.compile(r"(\d+):(\d\d):(\d\d)\.(\d\d)")
_TIMED_TAGS = ("\\t(", "\\fad", "\\move", "\\k", "\\K")


def _ass_us(text: str) -> int:
    m = _ASS_TIME.fullmatch(text.strip())
    if not m:
        return 0
    h, mi, s, cs = (int(x) for x in m.groups())
    return ((h * 60 + mi) * 60 + s) * US_PER_SECOND + cs * 10_000


@dataclass(frozen=True)
class AssEvents:
    """The parts of a captions.ass file: everything but the styles and events, and the events
    as (start_us, end_us, the rest of the line with its style's definition in place of the
    style's name, so a key does not depend on how styles happen to be numbered)."""

    header: str
    events: tuple[tuple[int, int, str], ...]

    @classmethod
    def parse(cls, text: str) -> AssEvents:
        header: list[str] = []
        styles: dict[str, str] = {}
        raw: list[tuple[int, int, str, str, str]] = []
        for line in text.splitlines():
            if line.startswith("Style:"):
                name, _, definition = line[len("Style:") :].strip().partition(",")
                styles[name] = definition
                continue
            if line.startswith("Dialogue:"):
                parts = line[len("Dialogue:") :].split(",", 4)
                if len(parts) == 5:
                    layer, start, end, style, rest = parts
                    raw.append((_ass_us(start), _ass_us(end), layer.strip(), style, rest))
                    continue
            header.append(line)
        events = tuple(
            (start, end, f"{layer}|{styles.get(style, style)}|{rest}")
            for start, end, layer, style, rest in raw
        )
        return cls("\n".join(header), events)

    def during(self, t0_us: int, t1_us: int, half_frame_us: float) -> list[tuple[int, int, str]]:
        """The events on screen in [t0, t1), timed from t0 in half frames; events whose look
        does not depend on their timing (no fades, moves or karaoke) are cut to the window."""
        out = []
        for start, end, rest in self.events:
            if end <= t0_us or start >= t1_us:
                continue
            if not any(tag in rest for tag in _TIMED_TAGS):
                start, end = max(start, t0_us), min(end, t1_us)
            out.append(
                (
                    round((start - t0_us) / half_frame_us),
                    round((end - t0_us) / half_frame_us),
                    rest,
                )
            )
        return out


def piece_key(
    plan: RenderPlan,
    f0: int,
    f1: int,
    scale: float,
    ass: AssEvents,
    font: str,
    encoder: EncoderSettings = PROXY_ENCODER,
) -> str:
    """The hash of everything that decides the pixels of output frames [f0, f1) at ``scale``."""
    win = window_plan(plan, f0, f1)
    segs = []
    for seg in win.plan.segments:
        d = asdict(seg)
        d["source"] = _file_id(seg.source)
        d.pop("clip_id", None)
        segs.append(d)
    fps = plan.fps
    # event edges sit half a frame before a frame (captions.on_frames): an event shows on the
    # piece's frames when it starts before the last frame's time plus half a frame, and ends
    # after the first frame's time
    t0 = win.start * US_PER_SECOND // fps
    t1 = (2 * f1 - 1) * US_PER_SECOND // (2 * fps)
    data = {
        "v": _VERSION,
        "canvas": [plan.width, plan.height, fps, scale],
        "frames": [win.plan.frames, win.drop, f1 - f0],
        "segments": segs,
        "watermark": [
            _file_id(plan.watermark_image),
            plan.watermark_position,
            plan.watermark_opacity,
        ],
        "pictures": transform_graph.key_data(plan, t0, t1),  # placed on the canvas
        "video_looks": [str(look) for look in plan.video_looks],
        "ass_header": ass.header,
        "ass": ass.during(t0, t1, US_PER_SECOND / fps / 2),
        "font": font,
        "encoder": asdict(encoder),
    }
    raw = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(raw.encode("utf-8", "surrogateescape")).hexdigest()


def _audio_piece_data(p: AudioPiece) -> dict[str, object]:
    d = asdict(p)
    d["source"] = _file_id(p.source)
    d.pop("clip_id", None)
    return d


def audio_key(plan: RenderPlan) -> str:
    """The hash of everything that decides the sound of the whole plan."""
    data = {
        "v": _VERSION,
        "frames": [plan.frames, plan.fps],
        "voice": [_audio_piece_data(p) for p in plan.voice],
        "clip_audio": [_audio_piece_data(p) for p in plan.clip_audio],
        "music": _audio_piece_data(plan.music) if plan.music is not None else None,
        "mix": [plan.music_volume, plan.ducking, plan.loudness_lufs],
    }
    raw = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha1(raw.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class Workdir:
    """A folder prepared for rendering one plan: captions.ass and fonts/ (see prepare_workdir)."""

    path: Path
    ass: AssEvents
    font: str


def prepare(plan: RenderPlan, path: Path) -> Workdir:
    """Write the plan's captions.ass and fonts/ into ``path`` (see prepare_workdir)."""
    face = prepare_workdir(plan, path)
    text = (path / "captions.ass").read_text(encoding="utf-8")
    font = f"{face.path}#{face.index}|{face.family}" if face is not None else ""
    return Workdir(path, AssEvents.parse(text), font)


def pieces(
    plan: RenderPlan,
    work: Workdir,
    scale: float,
    seconds: float = PIECE_SECONDS,
    encoder: EncoderSettings = PROXY_ENCODER,
) -> list[Piece]:
    """The plan's pieces with their keys."""
    return [
        Piece(f0, f1, piece_key(plan, f0, f1, scale, work.ass, work.font, encoder))
        for f0, f1 in piece_bounds(plan, seconds)
    ]


def render_piece(
    plan: RenderPlan,
    piece: Piece,
    out_path: Path,
    work: Workdir,
    *,
    scale: float,
    encoder: EncoderSettings = PROXY_ENCODER,
    on_progress: Callable[[float], None] | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """Render the piece's frames (video only) to ``out_path`` (written beside, then renamed)."""
    win = window_plan(plan, piece.f0, piece.f1)
    v = video_graph(win.plan, scale=scale)
    if win.drop:
        v = v.filter("trim", start_frame=win.drop).filter("setpts", "PTS-STARTPTS")
    v = encoder_video(v, encoder)
    opts = {
        k: val
        for k, val in output_args(win.plan, encoder).items()
        if k not in ("c:a", "b:a", "aac_coder", "ar", "ac", "movflags", "t")
    }
    opts["frames:v"] = piece.frames
    opts["g"] = plan.fps  # a keyframe a second: the player seeks quickly
    tmp = out_path.with_name(f".partial-{threading.get_ident()}-{out_path.name}")
    args = _compile(ffmpeg.output(v, str(tmp), an=None, **opts), encoder)
    args = _with_graph_file(args, work.path, f"graph-{piece.key[:16]}.txt")
    try:
        run_with_progress(
            args,
            cwd=work.path,
            total_us=piece.frames * US_PER_SECOND // plan.fps,
            on_progress=on_progress,
            cancel=cancel,
        )
        os.replace(tmp, out_path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return out_path


_LOUDNESS = re.compile(r"Integrated loudness:\s*I:\s*(-?[\d.]+|-inf) LUFS", re.S)


@dataclass(frozen=True)
class Sound:
    """The whole plan's sound mix (lossless) and the gain that brings it to the target loudness."""

    path: Path
    gain_db: float


def render_audio(
    plan: RenderPlan,
    out_path: Path,
    work: Workdir,
    *,
    on_progress: Callable[[float], None] | None = None,
    cancel: CancelToken | None = None,
) -> Sound:
    """The whole plan's sound as the export mixes it, as FLAC, measured (EBU R128) in the same
    pass. The export normalises with two loudnorm passes (seconds for a 30 s video); playback
    gets the same loudness from one gain and a peak limiter, applied when the proxy is joined."""
    a = audio_mix(plan).filter("ebur128")
    tmp = out_path.with_name(f".partial-{threading.get_ident()}-{out_path.name}")
    out = ffmpeg.output(
        a, str(tmp), vn=None, acodec="flac", ar=48000, ac=2, t=f"{plan.frames / plan.fps:.6f}"
    )
    args = _with_graph_file(_compile(out), work.path, "graph-audio.txt")
    try:
        log = run_with_progress(
            args, cwd=work.path, total_us=plan.duration_us, on_progress=on_progress, cancel=cancel
        )
        os.replace(tmp, out_path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return Sound(out_path, loudness_gain(str(log), plan.loudness_lufs))


def loudness_gain(log: str, target_lufs: float) -> float:
    """The gain (dB) to reach ``target_lufs`` from an ebur128 summary; 0 for silence."""
    loud = _LOUDNESS.findall(log)
    if not loud or loud[-1] == "-inf" or float(loud[-1]) < -70:
        return 0.0
    return round(target_lufs - float(loud[-1]), 2)


def encode_sound(
    sound: Sound,
    out_path: Path,
    *,
    start_us: int,
    duration_us: int,
    encoder: EncoderSettings = PROXY_ENCODER,
    cancel: CancelToken | None = None,
) -> Path:
    """The sound from ``start_us`` for ``duration_us`` at the target loudness, as AAC (.m4a):
    one continuous stream, so the joined proxy has no gaps or clicks at the piece joins."""
    tmp = out_path.with_name(f".partial-{threading.get_ident()}-{out_path.name}")
    args = ["-ss", f"{start_us / US_PER_SECOND:.6f}", "-i", str(sound.path.absolute()), "-vn"]
    if sound.gain_db:  # to the target loudness; peaks held under -1.5 dBTP
        args += ["-af", f"volume={sound.gain_db:.2f}dB,alimiter=limit=0.84:level=0:latency=1"]
    args += ["-c:a", "aac", "-aac_coder", "fast", "-b:a", encoder.audio_bitrate]
    args += ["-ar", "48000", "-ac", "2", "-t", f"{duration_us / US_PER_SECOND:.6f}"]
    args += ["-f", "mp4", str(tmp)]
    try:
        run_with_progress(args, cwd=out_path.parent, total_us=0, cancel=cancel)
        os.replace(tmp, out_path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return out_path


def join(
    parts: Sequence[Path],
    audio: Path | None,
    out_path: Path,
    *,
    duration_us: int,
    cancel: CancelToken | None = None,
) -> Path:
    """The pieces one after another and the sound (from ``encode_sound``), without
    re-encoding either."""
    with ScratchFolder("shortvid-join-") as tmp_dir:
        listing = Path(tmp_dir) / "parts.txt"
        listing.write_text(
            "".join(f"file '{p.absolute().as_posix()}'\n" for p in parts), encoding="utf-8"
        )
        tmp = out_path.with_name(f".partial-{threading.get_ident()}-{out_path.name}")
        args = ["-f", "concat", "-safe", "0", "-i", str(listing)]
        if audio is not None:
            args += ["-i", str(audio.absolute()), "-map", "0:v", "-map", "1:a"]
        else:
            args += ["-map", "0:v"]
        args += ["-c", "copy", "-t", f"{duration_us / US_PER_SECOND:.6f}"]
        args += ["-movflags", "+faststart", str(tmp)]
        try:
            run_with_progress(args, cwd=tmp_dir, total_us=0, cancel=cancel)
            os.replace(tmp, out_path)
        finally:
            if tmp.exists():
                tmp.unlink()
    return out_path


def has_sound(plan: RenderPlan) -> bool:
    """Whether the plan has anything to hear."""
    return bool(plan.voice or plan.clip_audio or plan.music is not None)


def render_pieces(
    plan: RenderPlan,
    todo: Sequence[tuple[Piece, Path]],
    work: Workdir,
    *,
    scale: float,
    encoder: EncoderSettings = PROXY_ENCODER,
    workers: int = 1,
    progress: Callable[[float], None] | None = None,
    cancel: CancelToken | None = None,
    on_done: Callable[[Piece], None] | None = None,
) -> None:
    """Render several pieces, ``workers`` ffmpeg processes at a time; progress by frames."""
    total = sum(p.frames for p, _ in todo) or 1
    done = {id(p): 0.0 for p, _ in todo}
    lock = threading.Lock()

    def report(piece: Piece, fraction: float) -> None:
        with lock:
            done[id(piece)] = fraction * piece.frames
            f = sum(done.values()) / total
        if progress is not None:
            progress(f)

    def one(piece: Piece, out: Path, token: CancelToken | None) -> None:
        if token is not None:
            token.raise_if_cancelled()
        render_piece(
            plan,
            piece,
            out,
            work,
            scale=scale,
            encoder=encoder,
            on_progress=lambda f: report(piece, f),
            cancel=token,
        )
        report(piece, 1.0)
        if on_done is not None:
            on_done(piece)

    if workers <= 1 or len(todo) <= 1:
        for piece, out in todo:
            one(piece, out, cancel)
        return
    # one token for this batch: a failed piece stops the others, a cancel stops them all
    batch = CancelToken()
    remove = cancel.on_cancel(batch.cancel) if cancel is not None else None
    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="proxy") as pool:
            futures = [pool.submit(one, piece, out, batch) for piece, out in todo]
            finished, _ = wait(futures, return_when=FIRST_EXCEPTION)
            errors = [f.exception() for f in finished if f.exception() is not None]
            if errors:
                batch.cancel()
                for f in futures:
                    f.cancel()
    finally:
        if remove is not None:
            remove()
    if cancel is not None:
        cancel.raise_if_cancelled()
    if errors:
        real = [e for e in errors if not isinstance(e, Cancelled)]
        raise (real or errors)[0]  # type: ignore[misc]


__all__ = [
    "PIECE_SECONDS",
    "PROXY_ENCODER",
    "PROXY_LONG_SIDE",
    "AssEvents",
    "Piece",
    "Sound",
    "Workdir",
    "audio_key",
    "encode_sound",
    "has_sound",
    "join",
    "loudness_gain",
    "piece_bounds",
    "piece_key",
    "pieces",
    "prepare",
    "proxy_scale",
    "render_audio",
    "render_piece",
    "render_pieces",
]
