"""Exporting a RenderPlan to an MP4: font check, captions file, loudness pass, one ffmpeg graph.

The output is written to a hidden temp file beside the target and renamed only on success, so a
failed or cancelled export never clobbers an earlier one.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import ffmpeg

from ..core.errors import BadInputError
from ..jobs import Cancelled, CancelToken, Progress
from .captions import build_ass, build_srt
from .fonts import FontFace, choose_font
from .graph import QUALITY_PRESETS, EncoderSettings, audio_mix, loudnorm_filter, video_graph
from .plan import RenderPlan
from .process import run_with_progress, track_leftovers
from .stills import keyed_lock


@dataclass(frozen=True)
class ExportResult:
    path: Path
    seconds: float
    encoder: str
    font: str
    loudness_in: float | None
    subtitle_paths: tuple[Path, ...] = ()  # and other side outputs (poster, .otio)


def write_poster(video: Path, plan: RenderPlan) -> Path:
    """A JPEG poster frame beside the video (at 1 s: the title card when there is one)."""
    from ..media.ffmpeg import run_ffmpeg

    out = video.with_suffix(".jpg")
    t = min(1.0, plan.duration_us / 2e6)
    run_ffmpeg(["-ss", f"{t:.3f}", "-i", str(video), "-frames:v", "1", "-q:v", "3", str(out)])
    return out


def check_output_path(out_path: str | Path) -> Path:
    """The output path, absolute; BadInputError when its folder is missing or read-only."""
    out = Path(out_path).expanduser().absolute()
    if out.is_dir():
        raise BadInputError(f"The output {out} is a folder: give a file name ending in .mp4.")
    if out.suffix.lower() not in (".mp4", ".m4v", ".mov"):
        raise BadInputError(f"The output {out.name} must end in .mp4 (or .m4v/.mov).")
    parent = out.parent
    if not parent.is_dir():
        raise BadInputError(f"The output folder does not exist: {parent}. Create it first.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BadInputError(f"The output folder is not writable: {parent}. Choose another.")
    if out.exists() and not os.access(out, os.W_OK):
        raise BadInputError(f"The output file {out} exists and is read-only.")
    return out


def pick_font(plan: RenderPlan) -> FontFace | None:
    text = plan.all_text()
    if not text.strip():
        return None
    style = plan.caption_style
    return choose_font(text, family=style.font, bold=style.bold)


_BASE_CHARS = "".join(chr(c) for c in range(0x20, 0x7F)) + "，。！？、；：“”‘’（）《》…—·"


def subset_font(face: FontFace, text: str) -> Path | None:
    """A small font with just the glyphs ``text`` needs (plus ASCII), cached: libass then loads a
    few kilobytes instead of a 20 MB CJK collection in every render and preview process. None
    when HarfBuzz cannot subset the font: the whole font draws the same, a little slower."""
    import hashlib

    from ..paths import cache_dir

    chars = "".join(sorted(set(text) | set(_BASE_CHARS)))
    key = hashlib.sha1(f"{face.path}#{face.index}|{chars}|hb1".encode()).hexdigest()[:20]
    out = cache_dir("fonts") / f"{key}.otf"
    if out.is_file():
        return out
    with keyed_lock(f"font:{key}"):  # a preview and an export starting together subset once
        if out.is_file():
            return out
        data = _subset(face, chars)
        if data is None:
            return None
        tmp = out.with_name(f"{out.name}.{uuid.uuid4().hex[:8]}.tmp")  # exports side by side
        try:
            tmp.write_bytes(data)
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
        return out


def _subset(face: FontFace, chars: str) -> bytes | None:
    """HarfBuzz's subsetter (hb-subset): ~10 ms for a CJK face, where fontTools' took ~0.5 CPU-s
    in the process (and held the interpreter lock for tens of milliseconds at a time, so it ran
    in a child interpreter: ~0.8-1.0 CPU-s). Every name, layout feature and the .notdef outline
    are kept, hinting dropped: libass draws the same pixels as with the whole font
    (tests/render/test_font_subset.py)."""
    try:
        import uharfbuzz as hb

        blob = hb.Blob.from_file_path(face.path)
        source = hb.Face(blob, face.index)
        wanted = hb.SubsetInput()
        for ch in chars:
            wanted.unicode_set.add(ord(ch))
        for kept in (
            hb.SubsetInputSets.NAME_ID,
            hb.SubsetInputSets.NAME_LANG_ID,
            hb.SubsetInputSets.LAYOUT_FEATURE_TAG,
        ):
            every = wanted.sets(kept)
            every.clear()
            every.invert()  # the empty set's complement: all of them
        wanted.flags = (
            hb.SubsetFlags.NAME_LEGACY | hb.SubsetFlags.NOTDEF_OUTLINE | hb.SubsetFlags.NO_HINTING
        )
        made = hb.subset(source, wanted)
        data = bytes(made.blob.data) if made is not None else b""
    except Exception:  # noqa: BLE001 - an odd font: the whole font still works, only slower
        return None
    return data or None


def prepare_workdir(plan: RenderPlan, workdir: Path) -> FontFace | None:
    """Write captions.ass and a fonts/ folder holding just the chosen font."""
    face = pick_font(plan)
    fonts = workdir / "fonts"
    fonts.mkdir(exist_ok=True)
    family = "sans-serif"
    if face is not None:
        source = subset_font(face, plan.all_text()) or Path(face.path)
        target = fonts / source.name
        if target.exists() or target.is_symlink():
            target.unlink()
        try:
            os.symlink(source, target)
        except (OSError, NotImplementedError):
            shutil.copyfile(source, target)
        family = face.family
    (workdir / "captions.ass").write_text(build_ass(plan, family), encoding="utf-8")
    return face


def _compile(stream_out, enc: EncoderSettings | None = None) -> list[str]:
    args = ffmpeg.compile(stream_out, cmd="ffmpeg", overwrite_output=False)[1:]
    return [*(enc.global_args if enc else ()), *args]


def encoder_video(video, enc: EncoderSettings):
    """The last steps of the video graph for this encoder (GPU upload for VAAPI)."""
    if enc.pix_fmt == "vaapi":
        return video.filter("format", "nv12").filter("hwupload")
    return video


def _with_graph_file(args: list[str], workdir: Path, name: str = "graph.txt") -> list[str]:
    """Move the filter graph into a file (Windows caps a command line at 32k characters)."""
    if "-filter_complex" not in args:
        return args
    i = args.index("-filter_complex")
    (workdir / name).write_text(args[i + 1], encoding="utf-8")
    return [*args[:i], "-/filter_complex", name, *args[i + 2 :]]


def join_tracks(plan: RenderPlan, workdir: Path, cancel: CancelToken | None) -> dict[str, str]:
    """The voice pieces, and the clips' sound, each joined into one track in ``workdir`` (WAV,
    48 kHz float stereo, the whole video long): {"voice": name, "clip": name} for those the plan
    has. Each pass opens at most ``audio_graph.JOIN_BATCH`` pieces and writes a span of the
    track; spans join by a concat list. The mix then opens one input a track (its memory stays
    that of a short video) and decodes each piece once instead of once a loudness pass."""
    from . import audio_graph
    from .graph import track_span

    total = round(plan.duration_us * audio_graph.SAMPLE_RATE / 1_000_000)
    joined: dict[str, str] = {}
    for kind, pieces in (("voice", plan.voice), ("clip", plan.clip_audio)):
        if not pieces:
            continue
        names = []
        for i, (first, end, group) in enumerate(
            audio_graph.join_spans(pieces, total, audio_graph.JOIN_BATCH)
        ):
            name = f"{kind}-{i:04d}.wav"
            out = ffmpeg.output(track_span(group, kind, first, end), name, acodec="pcm_f32le")
            args = _with_graph_file(_compile(out), workdir, f"graph-{kind}.txt")
            run_with_progress(args, cwd=workdir, total_us=0, cancel=cancel)
            names.append(name)
        if len(names) == 1:
            joined[kind] = names[0]
        else:
            listing = "".join(f"file '{n}'\n" for n in names)
            (workdir / f"{kind}.ffconcat").write_text(
                f"ffconcat version 1.0\n{listing}", encoding="utf-8"
            )
            joined[kind] = f"{kind}.ffconcat"
    if plan.music is not None and audio_graph.loops_crossfaded(plan.music):
        _join_music_loop(plan, workdir, cancel, joined)
    return joined


def _join_music_loop(
    plan: RenderPlan, workdir: Path, cancel: CancelToken | None, joined: dict[str, str]
) -> None:
    """The crossfaded music loop's source and unit, raw, in ``workdir`` (audio_graph: the bed
    then opens two inputs however many copies it plays)."""
    from . import audio_graph
    from .graph import _input

    piece = plan.music
    assert piece is not None
    raw = {"f": "f32le", "acodec": "pcm_f32le"}
    src = audio_graph.loop_source(piece, _input)
    run_with_progress(
        _compile(ffmpeg.output(src, "music-src.f32", **raw)), cwd=workdir, total_us=0, cancel=cancel
    )
    n = (workdir / "music-src.f32").stat().st_size // 8
    cross = audio_graph.crossfade_samples(piece)
    head = round(piece.source_in_us * audio_graph.SAMPLE_RATE / 1_000_000)
    if n < 2 * cross + 1 or head >= n - cross:
        return  # (a source shorter than its probe said): the copies as inputs, as before
    unit = audio_graph.loop_unit(piece, "music-src.f32", n, _input)
    run_with_progress(
        _compile(ffmpeg.output(unit, "music-unit.f32", **raw)),
        cwd=workdir,
        total_us=0,
        cancel=cancel,
    )
    joined.update({"music": "music-src.f32", "music_unit": "music-unit.f32", "music_n": str(n)})


LIMIT_PROBE_DB = 3.0  # the second limited measurement: this much more gain
LIMIT_EXTRA_MAX_DB = 6.0  # at most this much gain above the linear one to make up for limiting


def meter_levels(log: str) -> dict[str, tuple[float, float | None]]:
    """{meter name: (integrated LUFS, true peak dBTP or None)} from ``ebur128@name`` summaries."""
    out = {}
    for name, body in re.findall(r"\[ebur128@(\w+) @ [^\]]*\] Summary:(.*?)(?=\n\[|\Z)", log, re.S):
        i = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", body)
        tp = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", body)
        if i:
            out[name] = (float(i.group(1)), float(tp.group(1)) if tp else None)
    return out


def _meter(outputs: list, workdir: Path, cancel: CancelToken | None, name: str) -> dict:
    merged = outputs[0] if len(outputs) == 1 else ffmpeg.merge_outputs(*outputs)
    args = _with_graph_file(_compile(merged), workdir, name)
    return meter_levels(run_with_progress(args, cwd=workdir, total_us=0, cancel=cancel))


def measure_loudness(
    plan: RenderPlan,
    workdir: Path,
    cancel: CancelToken | None,
    joined: dict[str, str] | None = None,
) -> dict | None:
    """The gain that brings the mix to ``plan.loudness_lufs``: {"input_i", "input_tp" (of the
    mix), "gain_db", "limit" (whether the true peak must be limited)}; None when there is no
    sound. ``joined``: the tracks ``join_tracks`` wrote (joined here when not given).

    One pass meters the mix (ebur128 at 48 kHz, true peak 4x oversampled). When the gain would
    take the true peak over ``graph.TRUE_PEAK_DB``, a second pass meters the mix limited at that
    gain and at LIMIT_PROBE_DB more (limiting takes loudness off the peaks: 1.4 LU on the
    reference job's voice) and the gain is moved along that line to the target."""
    from .graph import TRUE_PEAK_DB, loudness_meter, peak_limiter

    if not plan.voice and plan.music is None and not plan.clip_audio:
        return None
    if joined is None:
        joined = join_tracks(plan, workdir, cancel)
    mix = loudness_meter(audio_mix(plan, joined=joined), "mix", peak=True)
    levels = _meter([ffmpeg.output(mix, "-", f="null")], workdir, cancel, "graph.txt")
    if "mix" not in levels:
        return None
    loud, peak = levels["mix"]
    if loud <= -70 or peak is None:  # digital silence: nothing to normalise
        return None
    target = plan.loudness_lufs
    gain = target - loud
    limit = peak + gain > TRUE_PEAK_DB
    if limit:
        split = audio_mix(plan, joined=joined).filter_multi_output("asplit", 2)
        outs = []
        for i, name in enumerate(("at", "above")):
            s = split[i].filter("volume", f"{gain + i * LIMIT_PROBE_DB:.3f}dB")
            s = loudness_meter(peak_limiter(s, oversample=False), name)
            outs.append(ffmpeg.output(s, "-", f="null"))
        got = _meter(outs, workdir, cancel, "graph-limit.txt")
        if "at" in got and "above" in got:
            at, above = got["at"][0], got["above"][0]
            per_db = max(0.2, (above - at) / LIMIT_PROBE_DB)  # LU a dB of gain, limited
            gain += min(LIMIT_EXTRA_MAX_DB, max(0.0, (target - at) / per_db))
    return {"input_i": f"{loud:.2f}", "input_tp": f"{peak:.2f}", "gain_db": gain, "limit": limit}


def normalised_audio(plan: RenderPlan, workdir: Path, cancel: CancelToken | None):
    """The audio mix with loudness normalised (first pass measured here); and the measurement."""
    joined = join_tracks(plan, workdir, cancel)
    measured = measure_loudness(plan, workdir, cancel, joined)
    audio = audio_mix(plan, joined=joined)
    if measured:
        audio = loudnorm_filter(audio, plan.loudness_lufs, measured)
        # ends on its exact last sample in the graph itself, whatever the chain before did to
        # its end (the ducking's end varied from run to run: see audio_mix), not where the
        # output's -t cuts it (tests/session/test_make_overlap.py: the same sound twice)
        d = f"{plan.duration_us / 1e6:.6f}"
        audio = audio.filter("apad", whole_dur=d).filter("atrim", duration=d)
    return audio, measured


def output_args(plan: RenderPlan, enc: EncoderSettings) -> dict[str, object]:
    pix = {} if enc.pix_fmt == "vaapi" else {"pix_fmt": enc.pix_fmt}
    return {
        **enc.args(),
        **pix,
        "colorspace": "bt709",
        "color_primaries": "bt709",
        "color_trc": "bt709",
        "color_range": "tv",
        "r": plan.fps,
        "c:a": "aac",
        "b:a": enc.audio_bitrate,
        "aac_coder": enc.aac_coder,
        "ar": 48000,
        "ac": 2,
        "movflags": "+faststart",
        "t": f"{plan.frames / plan.fps:.6f}",
    }


# Longer videos render in windows of about this length, one after another, then join without
# re-encoding: memory stays that of one window however long the video (one ffmpeg graph with
# every input open at once grows with the length). A window's memory grows with the pictures it
# holds: 30 s, the size of a 1-minute video's two windows side by side, so a 10-minute export
# peaks where a 1-minute one does (at 40 s: 233 MB against 180 at 360x640).
CHUNK_SECONDS = 30


def chunk_bounds(plan: RenderPlan, seconds: float = CHUNK_SECONDS) -> list[tuple[int, int]]:
    """Frame windows of about ``seconds``, each cut where no transition is running."""
    step = int(seconds * plan.fps)
    busy = set()
    for seg in plan.segments:
        busy.update(range(seg.start_frame, seg.start_frame + seg.transition_frames + 1))
    cuts = [0]
    while plan.frames - cuts[-1] > step * 1.5:
        f = cuts[-1] + step
        while f in busy and f < plan.frames - 1:
            f += 1
        cuts.append(f)
    cuts.append(plan.frames)
    return list(zip(cuts, cuts[1:], strict=False))


# What a frame of each kind of segment costs above the encoder, relative to the encoder's own
# cost of a frame (standard preset, 1080x1920; benchmarks/RESULTS.md "Session 8: the export's
# wall clock"): a clip ~0.1 plus ~0.05 a Mb/s of its video (decoding, and x264 on its grain: the
# bench's 16 Mb/s fit_blur clip ~1.0 a frame above a still's window, its 1 Mb/s fill clip ~0.15),
# its blurred background ~0.15 more, a Ken Burns zoom ~0.1. Only the windows' cuts and order
# use it.
def _frame_costs(plan: RenderPlan) -> list[float]:
    from .graph import _zooms, clip_mbps

    cost = [1.0] * plan.frames
    for seg in plan.segments:
        extra = 0.0
        if seg.kind == "video":
            extra = 0.1 + 0.05 * min(clip_mbps(seg.source) or 8.0, 60.0)  # (not known: 8)
            extra += 0.15 if seg.fit == "fit_blur" else 0.0
        elif seg.kind == "image" and _zooms(seg):
            extra = 0.1
        for f in range(max(0, seg.start_frame), min(plan.frames, seg.end_frame)):
            cost[f] += extra
    return cost


def balanced_bounds(plan: RenderPlan, windows: int) -> list[tuple[int, int]]:
    """At most ``windows`` frame windows of about the same estimated cost (a clip's frame costs
    more than a still's), each cut where no transition is running (as chunk_bounds)."""
    if windows <= 1 or plan.frames < 2:
        return [(0, plan.frames)]
    # no cut in a transition, nor inside a clip past its first second: a window starting there
    # decodes the clip from its last key frame (the bench's 16 Mb/s clip cut half-way cost ~2
    # CPU-s more), where a still costs nothing to start anywhere
    banned = set()
    for seg in plan.segments:
        banned.update(range(seg.start_frame, seg.start_frame + seg.transition_frames + 1))
        if seg.kind == "video":
            lead = seg.transition_frames + 1 + plan.fps
            banned.update(range(seg.start_frame + lead, seg.start_frame + seg.frames))
    allowed = [f for f in range(1, plan.frames) if f not in banned]
    # windows that start on a whole millisecond: the join (concat demuxer) places each part by
    # its duration in ms, so a part of 191 frames at 30 fps put the next one 0.65 ms early
    # (460278 against 460288 at 1/15360 for the last frame; with whole-ms parts every frame
    # lands on its k/fps as in one process)
    allowed = [f for f in allowed if f * 1000 % plan.fps == 0] or allowed
    if not allowed:
        return [(0, plan.frames)]
    cost = _frame_costs(plan)
    at = [0.0]  # cost of frames [0, f)
    for c in cost:
        at.append(at[-1] + c)
    cuts = [0]
    for k in range(1, windows):
        goal = at[-1] * k / windows
        c = min(allowed, key=lambda f: (abs(at[f] - goal), f))
        if c > cuts[-1]:
            cuts.append(c)
    cuts.append(plan.frames)
    return list(zip(cuts, cuts[1:], strict=False))


def _costliest_first(plan: RenderPlan, bounds: list[tuple[int, int]]) -> list[int]:
    """The windows' indexes, the costliest first: the cheap ones fill in at the end, so the cores
    finish together (the last window started is the shortest)."""
    cost = _frame_costs(plan)
    return sorted(range(len(bounds)), key=lambda i: (-sum(cost[bounds[i][0] : bounds[i][1]]), i))


def export_workers(enc: EncoderSettings) -> int:
    """How many windows render at once. One ffmpeg graph composes every frame on a single thread,
    so with a fast preset that thread, not the encoder, sets the pace; windows rendered side by
    side keep every core busy (measured on 2 cores: 0.75x the time of one process, standard
    preset). Hardware encoders keep one session: consumer GPUs allow only a few."""
    if enc.codec != "libx264":
        return 1
    return max(1, min(4, os.cpu_count() or 1))


PARALLEL_MIN_SECONDS = 6.0  # shorter windows cost more in start-up than they save
# Windows rendered side by side: this many a worker, so the one still running at the end is short
# (with one a worker the costlier half ran alone for ~40 % of the standard job's wall clock)
WINDOWS_PER_WORKER = 2


def render_window_part(
    plan: RenderPlan,
    f0: int,
    f1: int,
    part: Path,
    enc: EncoderSettings,
    workdir: Path,
    on_progress: Callable[[float], None] | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """The picture of frames [f0, f1) of ``plan`` to ``part`` (one window of a windowed render;
    the farm renders each window as a task). ``workdir`` holds captions.ass and fonts/."""
    from .subplan import window_plan

    v_opts = {
        k: v
        for k, v in output_args(plan, enc).items()
        if k not in ("c:a", "b:a", "aac_coder", "ar", "ac", "movflags")
    }
    win = window_plan(plan, f0, f1)
    # windows side by side (encoders.window_encoder gave x264 its share of the cores): the clips
    # are decoded with as many threads (h264's frame threads on a busy core cost CPU)
    share = dict(enc.extra).get("threads") if enc.codec == "libx264" else None
    v = video_graph(win.plan, decoder_threads=int(share) if str(share).isdigit() else None)
    if win.drop:
        v = v.filter("trim", start_frame=win.drop).filter("setpts", "PTS-STARTPTS")
    v = encoder_video(v, enc)
    w_opts = {**v_opts, "t": f"{(f1 - f0) / plan.fps:.6f}"}
    args = _with_graph_file(
        _compile(ffmpeg.output(v, str(part), an=None, **w_opts), enc),
        workdir,
        f"graph-{part.stem}.txt",
    )
    run_with_progress(
        args,
        cwd=workdir,
        total_us=(f1 - f0) * 1_000_000 // plan.fps,
        on_progress=on_progress,
        cancel=cancel,
    )
    return part


def render_sound_part(
    plan: RenderPlan,
    audio_file: Path,
    enc: EncoderSettings,
    workdir: Path,
    on_progress: Callable[[float], None] | None = None,
    cancel: CancelToken | None = None,
) -> dict | None:
    """The sound of ``plan`` (both loudness passes) to ``audio_file``; the measurement."""
    sound_keys = ("c:a", "b:a", "aac_coder", "ar", "ac", "t")
    a_opts = {k: v for k, v in output_args(plan, enc).items() if k in sound_keys}
    audio, measured = normalised_audio(plan, workdir, cancel)
    args = _with_graph_file(
        _compile(ffmpeg.output(audio, str(audio_file), vn=None, **a_opts)),
        workdir,
        "audio_graph.txt",
    )
    run_with_progress(
        args, cwd=workdir, total_us=plan.duration_us, cancel=cancel, on_progress=on_progress
    )
    return measured


def join_parts(
    parts: list[Path], audio_file: Path, out: Path, workdir: Path, cancel: CancelToken | None
) -> None:
    """The windows (in ``workdir``) and the sound joined into ``out`` without re-encoding."""
    listing = workdir / "parts.txt"
    listing.write_text("".join(f"file '{p.name}'\n" for p in parts), encoding="utf-8")
    join = [
        "-f",
        "concat",
        "-safe",
        "0",
        "-i",
        "parts.txt",
        "-i",
        audio_file.name,
        "-map",
        "0:v",
        "-map",
        "1:a",
        "-c",
        "copy",
        "-movflags",
        "+faststart",
        str(out),
    ]
    run_with_progress(join, cwd=workdir, total_us=0, cancel=cancel)


def _cut_windows(plan: RenderPlan, seconds: float, workers: int) -> list[tuple[int, int]]:
    """The frame windows of a windowed render: of at most ``seconds``; with ``workers`` > 1 and
    fewer than WINDOWS_PER_WORKER a worker, cut to the same estimated cost, as many for each
    worker (up to WINDOWS_PER_WORKER) as stay PARALLEL_MIN_SECONDS long: 4 for 2 workers at
    24 s and more, 2 below (3 equal windows on 2 workers would leave one running alone)."""
    bounds = chunk_bounds(plan, seconds)
    if workers > 1 and len(bounds) < workers * WINDOWS_PER_WORKER:
        each = int(plan.frames / plan.fps / PARALLEL_MIN_SECONDS / workers)
        n = workers * max(1, min(WINDOWS_PER_WORKER, each))
        balanced = balanced_bounds(plan, max(len(bounds), n))
        # not where keeping out of the clips leaves a window longer than the equal cuts' (a
        # long clip: memory grows with a window's length)
        if max(b - a for a, b in balanced) <= max(b - a for a, b in bounds):
            bounds = balanced
    return bounds


def _render_chunked(
    plan: RenderPlan,
    tmp_out: Path,
    enc: EncoderSettings,
    workdir: Path,
    progress: Progress,
    cancel: CancelToken | None,
    seconds: float,
    workers: int,
    ready: Callable[[], object] | None = None,
) -> dict | None:
    """Render the sound (both loudness passes) and the picture in frame windows, ``workers``
    ffmpeg processes at a time, the costliest first, then join them without re-encoding.
    Returns the loudness measurement. Any failure cancels the other windows; a cancel stops them
    all. ``ready`` (waited for before the first window: the captions and fonts in ``workdir``)
    runs while the sound has started and the windows are cut."""
    import threading

    from .encoders import window_encoder

    audio_file = workdir / "audio.m4a"
    share_audio = 0.04
    inner = CancelToken()  # stops the other windows when one fails
    unlink = cancel.on_cancel(inner.cancel) if cancel is not None else None
    lock = threading.Lock()
    bounds: list[tuple[int, int]] = []  # cut while the sound starts
    done: dict[int, float] = {}  # the sound's fraction (0), then each window's (i + 1)

    def report(index: int, fraction: float) -> None:
        with lock:
            done[index] = fraction
            video = sum(done.get(i + 1, 0.0) * (b - a) for i, (a, b) in enumerate(bounds))
            frame = round(video)
            progress(
                share_audio * done.get(0, 0.0) + (1 - share_audio) * video / plan.frames,
                f"Rendering frame {frame} of {plan.frames}",
            )

    def sound() -> dict | None:
        return render_sound_part(plan, audio_file, enc, workdir, lambda f: report(0, f), inner)

    def window(i: int) -> Path:
        inner.raise_if_cancelled()  # queued behind a window that failed or was cancelled
        f0, f1 = bounds[i]
        part = workdir / f"part{i:04d}.mp4"
        on_progress = lambda f: report(i + 1, f)  # noqa: E731
        return render_window_part(plan, f0, f1, part, win_enc, workdir, on_progress, inner)

    try:
        # the sound (one thread, mostly waiting on its passes) from the start, beside
        # ``workers`` windows at a time: it needs neither the fonts nor the cuts
        with (
            ThreadPoolExecutor(max_workers=1) as sound_pool,
            ThreadPoolExecutor(max_workers=workers) as pool,
        ):
            sound_job = sound_pool.submit(sound)
            sound_job.add_done_callback(lambda j: j.exception() and inner.cancel())
            try:
                cut = _cut_windows(plan, seconds, workers)
                with lock:
                    bounds.extend(cut)
                win_enc = window_encoder(enc, min(workers, len(bounds)))  # a share of the cores
                if ready is not None:
                    ready()
            except BaseException:
                inner.cancel()  # the sound stops; the pools wait for it before the folder goes
                raise
            # (a long video's 30 s windows run in order: its costs would probe every clip)
            few = len(bounds) <= workers * WINDOWS_PER_WORKER
            order = _costliest_first(plan, bounds) if few else range(len(bounds))
            started = {i: pool.submit(window, i) for i in order}
            jobs = [started[i] for i in range(len(bounds))]
            for job in jobs:
                job.add_done_callback(lambda j: j.exception() and inner.cancel())
            # a failure first: a window cancelled because another failed says less
            errors = [j.exception() for j in [sound_job, *jobs] if j.exception() is not None]
            first = next((e for e in errors if not isinstance(e, Cancelled)), None)
            if first is not None:
                raise first
            if errors:
                raise errors[0]
            measured = sound_job.result()
            parts = [j.result() for j in jobs]
    finally:
        if unlink is not None:
            unlink()
    join_parts(parts, audio_file, tmp_out, workdir, cancel)
    return measured


def export(
    plan: RenderPlan,
    out_path: str | Path,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    encoder: EncoderSettings | None = None,
    subtitles: bool = False,
    poster: bool = False,
    chunk_seconds: float = CHUNK_SECONDS,
    workers: int | None = None,
) -> ExportResult:
    """Render ``plan`` to ``out_path`` (MP4, H.264 High/AAC, BT.709, +faststart).

    Videos longer than 1.5 x ``chunk_seconds`` render in windows joined without re-encoding;
    with ``workers`` > 1 (default: one per core, software encoder) videos of at least
    2 x PARALLEL_MIN_SECONDS render that many windows at once.
    """
    started = time.monotonic()
    progress = progress or Progress()
    out = check_output_path(out_path)
    enc = encoder or QUALITY_PRESETS.get(plan.quality, QUALITY_PRESETS["standard"])
    progress(0.0, "Checking fonts")
    workdir = Path(tempfile.mkdtemp(prefix="shortvid-render-"))
    # the partial file's name goes through ffmpeg-python, which needs it as UTF-8
    stem = out.stem if out.stem.encode("utf-8", "replace").decode() == out.stem else "video"
    tmp_out = out.with_name(f".{stem}.partial-{uuid.uuid4().hex[:8]}{out.suffix}")
    tracked = contextlib.ExitStack()  # a killed run's scratch is swept at the next start
    tracked.enter_context(track_leftovers(workdir, tmp_out))
    # the captions and the font (choosing it asks fontconfig, subsetting a child interpreter:
    # ~0.2-0.3 s) while a windowed render starts its sound and cuts its windows
    prep = ThreadPoolExecutor(max_workers=1)
    try:
        font_job = prep.submit(prepare_workdir, plan, workdir)
        workers = export_workers(enc) if workers is None else max(1, workers)
        long = plan.frames > chunk_seconds * 1.5 * plan.fps
        parallel = workers > 1 and plan.frames >= 2 * PARALLEL_MIN_SECONDS * plan.fps
        if long or parallel:
            # windows of at most chunk_seconds (memory stays that of one window), and at least
            # one per worker
            seconds = chunk_seconds
            if parallel:
                per_window = plan.frames / plan.fps / workers
                seconds = max(PARALLEL_MIN_SECONDS, min(chunk_seconds, per_window))
            progress(0.01, "Rendering")
            main = progress.sub(0.01, 1.0)
            measured = _render_chunked(
                plan,
                tmp_out,
                enc,
                workdir,
                main,
                cancel,
                seconds,
                workers if parallel else 1,
                ready=font_job.result,
            )
        else:
            font_job.result()
            progress(0.01, "Measuring loudness")
            audio, measured = normalised_audio(plan, workdir, cancel)
            progress(0.05, "Rendering")
            main = progress.sub(0.05, 1.0)
            video = encoder_video(video_graph(plan), enc)
            stream = ffmpeg.output(video, audio, str(tmp_out), **output_args(plan, enc))
            args = _with_graph_file(_compile(stream, enc), workdir)
            run_with_progress(
                args,
                cwd=workdir,
                total_us=plan.duration_us,
                on_progress=lambda f: main(
                    f, f"Rendering frame {round(f * plan.frames)} of {plan.frames}"
                ),
                cancel=cancel,
            )
        face = font_job.result()
        os.replace(tmp_out, out)
        subs: list[Path] = []
        if subtitles and plan.captions:
            srt = out.with_suffix(".srt")
            srt.write_text(build_srt(plan), encoding="utf-8")
            ass = out.with_suffix(".ass")
            shutil.copyfile(workdir / "captions.ass", ass)
            subs = [srt, ass]
        if poster:
            subs.append(write_poster(out, plan))
        progress(1.0, "Done")
        return ExportResult(
            path=out,
            seconds=time.monotonic() - started,
            encoder=enc.codec,
            font=str(face) if face else "",
            loudness_in=float(measured["input_i"]) if measured else None,
            subtitle_paths=tuple(subs),
        )
    finally:
        prep.shutdown(wait=True)  # done with the folder before it goes
        if tmp_out.exists():
            tmp_out.unlink()
        shutil.rmtree(workdir, ignore_errors=True)
        tracked.close()
