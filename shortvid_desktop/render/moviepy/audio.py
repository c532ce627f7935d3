"""The mix: voice, clip audio and looped music with volumes and fades, music ducked by a port of
``sidechaincompress``, loudness-normalised with one gain and a peak limiter.

A piece played at another speed keeps its pitch through the graph's own ``atempo`` chain
(``effects_graph.atempo_chain``), run by libavfilter through PyAV (a WSOLA time stretch is not
re-implemented here, as libass is not); a reversed piece is its source range backwards."""

from __future__ import annotations

import math
import re
import subprocess
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from ...core.errors import MediaError
from ...jobs import CancelToken
from ...jobs.spawn import no_window
from ...media.ffmpeg import ffmpeg_exe
from ..effects_graph import atempo_chain, source_span_us
from ..graph import SAMPLE_RATE
from ..plan import AudioPiece, RenderPlan
from .pictures import Array

PEAK_LIMIT_DBFS = -1.5


def decode_audio(path: str, start_us: int = 0, duration_us: int | None = None) -> Array:
    """A range of a file's first audio stream as float32 (samples, 2) at 48 kHz.

    Trimmed at the source rate and then resampled and upmixed/downmixed by swresample, in the
    graph's order (atrim, then aresample/aformat). Missing samples at the end are silence."""
    import av

    try:
        container = av.open(path)
    except (av.FFmpegError, OSError) as exc:
        raise MediaError(f"The audio of {path} cannot be decoded: {exc}", path=path) from None
    with container:
        if not container.streams.audio:
            raise MediaError(f"{path} has no audio stream.", path=path)
        stream = container.streams.audio[0]
        base_us = int(container.start_time or 0)
        if start_us > 2_000_000:
            container.seek(base_us + start_us - 1_000_000, backward=True, any_frame=False)
        end_s = None if duration_us is None else (start_us + duration_us) / 1e6 + 0.2
        chunks: list[Array] = []
        first_t: float | None = None
        rate = 0
        layout = "stereo"
        uniform: Any = None
        for frame in container.decode(stream):
            if uniform is None:
                rate, layout = frame.sample_rate, frame.layout.name
                uniform = av.AudioResampler(format="fltp", layout=layout, rate=rate)
            t = (
                float(frame.pts * frame.time_base) - base_us / 1e6
                if frame.pts is not None
                else None
            )
            for out in uniform.resample(frame):
                if first_t is None:
                    first_t = t if t is not None else 0.0
                chunks.append(out.to_ndarray())
            if end_s is not None and t is not None and t > end_s:
                break
    if not chunks or first_t is None:
        n = 0 if duration_us is None else round(duration_us * SAMPLE_RATE / 1e6)
        return np.zeros((n, 2), np.float32)
    data = np.concatenate(chunks, axis=1).astype(np.float32)
    i0 = max(0, round((start_us / 1e6 - first_t) * rate))
    data = (
        data[:, i0:] if duration_us is None else data[:, i0 : i0 + round(duration_us * rate / 1e6)]
    )
    data = np.ascontiguousarray(data)
    if data.shape[1] == 0:
        n = 0 if duration_us is None else round(duration_us * SAMPLE_RATE / 1e6)
        return np.zeros((n, 2), np.float32)
    frame = av.AudioFrame.from_ndarray(data, format="fltp", layout=layout)
    frame.sample_rate = rate
    frame.pts = 0
    frame.time_base = Fraction(1, rate)
    to_out = av.AudioResampler(format="fltp", layout="stereo", rate=SAMPLE_RATE)
    parts = [f.to_ndarray() for f in to_out.resample(frame)]
    parts += [f.to_ndarray() for f in to_out.resample(None)]
    out = np.concatenate(parts, axis=1).T.astype(np.float32) if parts else np.zeros((0, 2))
    if duration_us is not None:
        n = round(duration_us * SAMPLE_RATE / 1e6)
        out = out[:n] if len(out) >= n else np.vstack([out, np.zeros((n - len(out), 2))])
    return np.ascontiguousarray(out, dtype=np.float32)


def atempo(audio: Array, stages: list[float]) -> Array:
    """``atempo`` stages (each 0.5..2, pitch kept) over float32 (samples, 2) at 48 kHz."""
    import av

    graph = av.filter.Graph()
    tb = Fraction(1, SAMPLE_RATE)
    src = graph.add_abuffer(format="fltp", sample_rate=SAMPLE_RATE, layout="stereo", time_base=tb)
    node = src
    for tempo in stages:
        nxt = graph.add("atempo", f"{tempo:.6f}")
        node.link_to(nxt)
        node = nxt
    fmt = graph.add("aformat", "sample_fmts=fltp:channel_layouts=stereo")
    node.link_to(fmt)
    sink = graph.add("abuffersink")
    fmt.link_to(sink)
    graph.configure()
    out: list[Array] = []

    def drain() -> None:
        while True:
            try:
                out.append(sink.pull().to_ndarray())
            except (av.error.BlockingIOError, av.error.EOFError, BlockingIOError, EOFError):
                return

    data = np.ascontiguousarray(audio.T, dtype=np.float32)
    step = 8192
    for i in range(0, data.shape[1], step):
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(data[:, i : i + step]), format="fltp", layout="stereo"
        )
        frame.sample_rate = SAMPLE_RATE
        frame.pts = i
        frame.time_base = tb
        src.push(frame)
        drain()
    src.push(None)
    drain()
    if not out:
        return np.zeros((0, 2), np.float32)
    return np.ascontiguousarray(np.concatenate(out, axis=1).T, dtype=np.float32)


def piece_audio(p: AudioPiece) -> Array:
    """A voice or clip piece's sound for its length on the output: its source range, reversed
    and/or re-timed (pitch kept) like effects_graph.retime_audio."""
    if p.speed == 1.0 and not p.reverse:
        return decode_audio(p.source, p.source_in_us, p.duration_us)
    audio = decode_audio(p.source, p.source_in_us, source_span_us(p))
    if p.reverse:
        audio = np.ascontiguousarray(audio[::-1])
    stages = atempo_chain(p.speed)
    if stages and len(audio):
        audio = atempo(audio, stages)
    n = round(p.duration_us * SAMPLE_RATE / 1e6)
    if len(audio) >= n:
        return audio[:n]
    return np.vstack([audio, np.zeros((n - len(audio), 2), np.float32)])


def _shape_piece(audio: Array, piece: AudioPiece, volume: float) -> Array:
    """volume, the volume line, then afade in and out (linear), as render/audio_graph.py."""
    if volume != 1.0:
        audio = audio * np.float32(float(f"{volume:.4f}"))
    if piece.volume_keys and len(audio):
        t = np.arange(len(audio), dtype=np.float64) * (1e6 / SAMPLE_RATE)
        times = [k[0] for k in piece.volume_keys]
        gains = [k[1] for k in piece.volume_keys]
        audio = audio * np.interp(t, times, gains).astype(np.float32)[:, None]
    if piece.fade_in_us > 0 and len(audio):
        n = max(1, round(float(f"{piece.fade_in_us / 1e6:.4f}") * SAMPLE_RATE))
        ramp = np.minimum(np.arange(len(audio), dtype=np.float32) / n, 1.0)
        audio = audio * ramp[:, None]
    if piece.fade_out_us > 0 and len(audio):
        st = max(0, piece.duration_us - piece.fade_out_us) / 1e6
        s0 = round(float(f"{st:.4f}") * SAMPLE_RATE)
        d = max(1, round(float(f"{piece.fade_out_us / 1e6:.4f}") * SAMPLE_RATE))
        idx = np.arange(len(audio), dtype=np.float32)
        audio = audio * np.clip(1.0 - (idx - s0) / d, 0.0, 1.0)[:, None]
    return audio


def _looped(whole: Array, m: AudioPiece) -> Array:
    """The song from its in-point, then whole copies joined by equal-power crossfades (the
    ``acrossfade`` of render/audio_graph.py), cut to the piece's length."""
    x = round(m.loop_crossfade_us * SAMPLE_RATE / 1e6)
    i0 = round(m.source_in_us * SAMPLE_RATE / 1e6)
    need = round(m.duration_us * SAMPLE_RATE / 1e6)
    out = whole[i0:]
    u = (np.arange(x, dtype=np.float64) + 0.5) / max(1, x)
    fade_in = np.sin(u * np.pi / 2).astype(np.float32)[:, None]
    fade_out = np.cos(u * np.pi / 2).astype(np.float32)[:, None]
    while len(out) < need and len(whole) > x > 0:
        joined = out[len(out) - x :] * fade_out + whole[:x] * fade_in
        out = np.vstack([out[: len(out) - x], joined, whole[x:]])
    return out[:need]


def _place(bus: Array, audio: Array, start_us: int) -> None:
    at = round(start_us * SAMPLE_RATE / 1_000_000)
    if at >= len(bus):
        return
    n = min(len(audio), len(bus) - at)
    bus[at : at + n] += audio[:n]


def sidechain_gain(
    sidechain: Array,
    ducking: float,
    *,
    threshold: float = 0.015,
    attack_ms: float = 30.0,
    release_ms: float = 450.0,
    knee: float = 4.0,
    block: int = 48,
) -> Array:
    """The gain ``sidechaincompress`` (rms detection, average link, makeup 1) applies to the
    music, per sample. Its detector (a one-pole follower with separate attack and release) runs
    on 1 ms blocks here instead of per sample."""
    n = len(sidechain)
    if n == 0:
        return np.ones(0, np.float32)
    ratio = float(f"{1 + ducking * 19:.2f}")
    det = np.abs(sidechain).mean(axis=1) ** 2  # link=average, detection=rms (power)
    nblocks = -(-n // block)
    padded = np.zeros(nblocks * block, np.float64)
    padded[:n] = det
    det_b = padded.reshape(nblocks, block).mean(axis=1)
    ca = min(1.0, 1.0 / (attack_ms * SAMPLE_RATE / 4000.0))
    cr = min(1.0, 1.0 / (release_ms * SAMPLE_RATE / 4000.0))
    ca_b, cr_b = 1 - (1 - ca) ** block, 1 - (1 - cr) ** block
    slope = np.empty(nblocks, np.float64)
    s = 0.0
    for i, x in enumerate(det_b.tolist()):
        s += (x - s) * (ca_b if x > s else cr_b)
        slope[i] = s
    thres = math.log(threshold)
    lin_knee_start = threshold / math.sqrt(knee)
    lin_knee_stop = threshold * math.sqrt(knee)
    adj_knee_start = lin_knee_start**2
    knee_start, knee_stop = math.log(lin_knee_start), math.log(lin_knee_stop)
    comp_knee_stop = (knee_stop - thres) / ratio + thres
    gain = np.ones(nblocks, np.float64)
    on = slope > adj_knee_start
    if on.any():
        sl = 0.5 * np.log(slope[on])
        g = (sl - thres) / ratio + thres
        if knee > 1.0:
            width = knee_stop - knee_start
            t = (sl - knee_start) / width
            m0, m1 = 1.0 * width, (1.0 / ratio) * width
            p0, p1 = knee_start, comp_knee_stop
            ct2 = -3 * p0 - 2 * m0 + 3 * p1 - m1
            ct3 = 2 * p0 + m0 - 2 * p1 + m1
            herm = ct3 * t**3 + ct2 * t**2 + m0 * t + p0
            g = np.where(sl < knee_stop, herm, g)
        gain[on] = np.exp(g - sl)
    # Block gains to samples, linearly between block centres.
    centres = (np.arange(nblocks) + 0.5) * block
    return np.interp(np.arange(n), centres, gain).astype(np.float32)


def mix_audio(plan: RenderPlan, cancel: CancelToken | None = None) -> Array:
    """Voice + clip audio + ducked music, before loudness normalisation (graph.audio_mix)."""
    total = round(plan.frames * SAMPLE_RATE / plan.fps)
    voice = np.zeros((total, 2), np.float32)
    for p in plan.voice:
        if cancel is not None:
            cancel.raise_if_cancelled()
        _place(
            voice,
            _shape_piece(piece_audio(p), p, p.volume),
            p.start_us,
        )
    out = voice.copy()
    if plan.music is not None:
        m = plan.music
        whole = decode_audio(m.source)
        need = round((m.source_in_us + m.duration_us) * SAMPLE_RATE / 1e6)
        if m.loop_crossfade_us > 0 and len(whole) and need > len(whole):
            piece = _looped(whole, m)
        else:
            if len(whole) and need > len(whole):
                whole = np.tile(whole, (-(-need // len(whole)), 1))
            i0 = round(m.source_in_us * SAMPLE_RATE / 1e6)
            piece = whole[i0 : i0 + round(m.duration_us * SAMPLE_RATE / 1e6)]
        music = np.zeros((total, 2), np.float32)
        _place(music, _shape_piece(piece, m, m.volume * plan.music_volume), m.start_us)
        if plan.voice and plan.ducking > 0:
            music *= sidechain_gain(voice, plan.ducking)[:, None]
        out += music
    for p in plan.clip_audio:
        if cancel is not None:
            cancel.raise_if_cancelled()
        _place(out, _shape_piece(piece_audio(p), p, p.volume), p.start_us)
    return out


def _ebur128_lufs(audio: Array, workdir: Path) -> float:
    path = workdir / "mix.f32"
    audio.astype("<f4").tofile(path)
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-f", "f32le", "-ar", str(SAMPLE_RATE)]
        + ["-ac", "2", "-i", str(path), "-af", "ebur128=framelog=quiet", "-f", "null", "-"],
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
        **no_window(),
    )
    path.unlink(missing_ok=True)
    found = re.findall(r"I:\s+(-?[\d.]+|-inf)\s+LUFS", proc.stderr)
    if not found:
        return -math.inf
    return -math.inf if found[-1] == "-inf" else float(found[-1])


def integrated_loudness(audio: Array, workdir: Path) -> float:
    """Integrated loudness (LUFS, BS.1770): pyloudnorm if installed, else ffmpeg's ebur128."""
    if len(audio) < SAMPLE_RATE // 2:
        return -math.inf
    try:
        import pyloudnorm
    except ImportError:
        return _ebur128_lufs(audio, workdir)
    value = float(pyloudnorm.Meter(SAMPLE_RATE).integrated_loudness(audio.astype(np.float64)))
    return value if math.isfinite(value) else -math.inf


def limit_peaks(audio: Array, ceiling_dbfs: float = PEAK_LIMIT_DBFS) -> Array:
    """A simple look-ahead peak limiter: instant 5 ms look-ahead attack, 50 ms release."""
    ceiling = 10 ** (ceiling_dbfs / 20)
    peak = np.abs(audio).max(axis=1) if len(audio) else np.zeros(0)
    if not len(peak) or peak.max() <= ceiling:
        return audio
    need = np.minimum(1.0, ceiling / np.maximum(peak, 1e-12))
    look = int(0.005 * SAMPLE_RATE)
    # minimum over the look-ahead window (a running min via a strided view)
    padded = np.concatenate([need, np.ones(look)])
    win = np.lib.stride_tricks.sliding_window_view(padded, look + 1).min(axis=1)
    rel = math.exp(-1.0 / (0.05 * SAMPLE_RATE))
    env = np.empty_like(win)
    g = 1.0
    step = 64  # follow the release per 64-sample block; the attack is the window min itself
    for i in range(0, len(win), step):
        target = float(win[i : i + step].min())
        g = target if target < g else target + (g - target) * rel**step
        env[i : i + step] = g
    env = np.minimum(env, win)
    return (audio * env[:, None]).astype(np.float32)


def normalise_loudness(
    audio: Array, target_lufs: float, workdir: Path
) -> tuple[Array, float | None]:
    """One gain to ``target_lufs`` and the peak limiter; (audio, measured input loudness)."""
    measured = integrated_loudness(audio, workdir)
    if not math.isfinite(measured) or measured < -70:
        return audio, None
    gained = audio * np.float32(10 ** ((target_lufs - measured) / 20))
    return limit_peaks(gained), measured
