"""The sound of one audio piece in the ffmpeg graph: placement, fades, the volume line, and
music that loops with a crossfade (or plays once and ends with its fade).

``graph.audio_mix`` mixes, ducks and normalises; this module shapes each piece before that:

* fades: ``afade`` in at the piece's start and out at its end (sample-exact, linear);
* the volume line (``AudioPiece.volume_keys``, times from the piece's start): one ``volume``
  filter whose expression is the straight-line interpolation between the points, evaluated on
  every 10 ms of sound (``asetnsamples``), flat before the first point and after the last;
* loops: a music source shorter than its piece is played again and again, each copy joined to
  the one before by an equal-power ``acrossfade``, so there is neither a gap nor a click at a
  join.

``clip_envelope`` and ``music_piece`` turn a clip's fields into those plan values (the plan
calls them); the rest is graph building. Also used by windowed plans: a piece there is already
cut to the window, and windows never render sound (the export and the proxies mix the sound of
the whole plan once).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.model import Clip
    from .plan import AudioPiece

SAMPLE_RATE = 48_000
LOOP_CROSSFADE_US = 1_000_000  # a join of looped music, at most a quarter of the source
KEY_STEP_SAMPLES = 480  # the volume line is re-evaluated every 10 ms
MAX_LOOP_COPIES = 400  # beyond that (a 1 s loop under 6 minutes), copies join end to start

Input = Callable[..., Any]  # graph._input: a file -> an ffmpeg-python input node


# ----------------------------------------------------------------------------- plan values
def _fit_fades(fade_in: int, fade_out: int, duration: int) -> tuple[int, int]:
    """Fades shortened in proportion when together they are longer than the piece."""
    total = fade_in + fade_out
    if total <= duration or total <= 0:
        return fade_in, fade_out
    return fade_in * duration // total, fade_out * duration // total


def clip_envelope(piece: AudioPiece, clip: Clip) -> AudioPiece:
    """``piece`` with the clip's fades and volume line (a transition's fade-in is kept when it
    is the longer one)."""
    fade_in = max(piece.fade_in_us, clip.fade_in_us)
    # a piece cut short by the end of the video fades out where it is cut
    fade_in, fade_out = _fit_fades(fade_in, clip.fade_out_us, piece.duration_us)
    keys = tuple((k.time_us, float(k.gain)) for k in clip.volume_keys)
    return replace(piece, fade_in_us=fade_in, fade_out_us=fade_out, volume_keys=keys)


def music_piece(piece: AudioPiece, clip: Clip, fit: str) -> AudioPiece:
    """The music clip's piece: in "trim" mode the source plays once (the piece ends where the
    source does, or at the video's end) and fades out at that end; in "loop" mode a source that
    runs out loops with a crossfade."""
    length = piece.source_duration_us
    left = length - piece.source_in_us if length > 0 else 0
    if fit == "trim" and length > 0 and 0 < left < piece.duration_us:
        piece = replace(piece, duration_us=left)
    elif fit == "loop" and length > 0 and left < piece.duration_us:
        cross = min(LOOP_CROSSFADE_US, length // 4)
        if cross >= 10_000:  # a join shorter than 10 ms would click: plain joins then
            piece = replace(piece, loop_crossfade_us=cross)
    return clip_envelope(piece, clip)


# ----------------------------------------------------------------------------- graph
def uniform(stream: Any) -> Any:
    """48 kHz float stereo, the format every piece is mixed in."""
    return stream.filter("aresample", SAMPLE_RATE).filter(
        "aformat", sample_fmts="fltp", sample_rates=SAMPLE_RATE, channel_layouts="stereo"
    )


def key_expression(keys: Sequence[tuple[int, float]]) -> str:
    """The volume line as an ffmpeg expression of ``t`` (seconds from the piece's start)."""
    if not keys:
        return "1"
    pts = [(t / 1e6, g) for t, g in keys]
    expr = f"{pts[-1][1]:.5f}"
    for (t0, g0), (t1, g1) in reversed(list(zip(pts, pts[1:], strict=False))):
        if t1 - t0 <= 0:
            seg = f"{g1:.5f}"
        else:
            seg = f"({g0:.5f}+({g1 - g0:.5f})*(t-{t0:.6f})/{t1 - t0:.6f})"
        expr = f"if(lt(t,{t1:.6f}),{seg},{expr})"
    return f"if(lt(t,{pts[0][0]:.6f}),{pts[0][1]:.5f},{expr})"


def envelope(stream: Any, piece: AudioPiece, gain: float) -> Any:
    """Gain, the volume line and the fades of a piece whose stream starts at its start."""
    if gain != 1.0:
        stream = stream.filter("volume", f"{gain:.4f}")
    if piece.volume_keys:
        stream = stream.filter("asetnsamples", n=KEY_STEP_SAMPLES, p=0).filter(
            "volume", volume=key_expression(piece.volume_keys), eval="frame"
        )
    if piece.fade_in_us > 0:
        stream = stream.filter("afade", t="in", d=f"{piece.fade_in_us / 1e6:.4f}")
    if piece.fade_out_us > 0:
        st = max(0, piece.duration_us - piece.fade_out_us) / 1e6
        stream = stream.filter("afade", t="out", st=f"{st:.4f}", d=f"{piece.fade_out_us / 1e6:.4f}")
    return stream


def start_sample(piece: AudioPiece) -> int:
    """The output sample a piece starts on."""
    return round(piece.start_us * SAMPLE_RATE / 1_000_000)


def delay(stream: Any, piece: AudioPiece, origin: int = 0) -> Any:
    """The piece moved to its place on the output (on a track that starts at output sample
    ``origin``: a span of a joined track)."""
    samples = start_sample(piece) - origin
    return stream.filter("adelay", delays=f"{samples}S", all=1) if samples else stream


def place(piece: AudioPiece, stream: Any, gain: float | None = None, origin: int = 0) -> Any:
    """A piece of ``stream`` (its source) trimmed, shaped and placed on the output clock (on a
    track starting at output sample ``origin``)."""
    from .effects_graph import retime_audio, source_span_us  # speed and reverse

    span = source_span_us(piece)
    a = stream.filter(
        "atrim", start=f"{piece.source_in_us / 1e6:.6f}", duration=f"{span / 1e6:.6f}"
    ).filter("asetpts", "PTS-STARTPTS")
    a = uniform(retime_audio(a, piece))
    return delay(envelope(a, piece, piece.volume if gain is None else gain), piece, origin)


# ----------------------------------------------------------------------------- joined tracks
# The export joins the voice pieces (and the clips' sound) into one track each before the mix,
# so the mix opens the same few inputs however long the video (one input a clip grew the sound
# process's memory with the length: 206 MB at 10 minutes against 149 at 1). The joining passes
# open at most JOIN_BATCH pieces each and write consecutive spans of the track; a span ends
# where a piece starts and every earlier piece has ended (JOIN_GAP samples before), so each
# piece lies whole in one span and lands on the same output samples as in one mix.
JOIN_BATCH = 16
JOIN_GAP = 2_400  # 50 ms: a piece's sound may end a few samples after its nominal end


def end_sample(piece: AudioPiece) -> int:
    return start_sample(piece) + round(piece.duration_us * SAMPLE_RATE / 1_000_000)


def join_spans(
    pieces: Sequence[AudioPiece], total_samples: int, batch: int = JOIN_BATCH
) -> list[tuple[int, int, list[AudioPiece]]]:
    """Consecutive spans ``(first sample, end sample, pieces)`` tiling ``[0, total_samples)``,
    each with at least ``batch`` pieces where a cut allows (the last one: the rest)."""
    spans: list[tuple[int, int, list[AudioPiece]]] = []
    first, group, reach = 0, [], 0
    for p in sorted(pieces, key=start_sample):
        s = start_sample(p)
        if len(group) >= batch and s >= reach + JOIN_GAP and s < total_samples:
            spans.append((first, s, group))
            first, group = s, []
        group.append(p)
        reach = max(reach, end_sample(p))
    spans.append((first, total_samples, group))
    return spans


def _looped(piece: AudioPiece, make_input: Input) -> Any:
    """The music's sound for the piece's length: the source from its in-point, then whole
    copies, each joined to the one before by an equal-power crossfade."""
    length = piece.source_duration_us
    cross = piece.loop_crossfade_us
    first = length - piece.source_in_us
    step = length - cross
    copies = 1 + max(0, -(-(piece.duration_us - first) // step))
    acc = uniform(
        make_input(piece.source)
        .audio.filter("atrim", start=f"{piece.source_in_us / 1e6:.6f}")
        .filter("asetpts", "PTS-STARTPTS")
    )
    for _ in range(copies - 1):
        nxt = uniform(make_input(piece.source).audio)
        acc = _crossfade(acc, nxt, cross)
    return acc.filter("atrim", duration=f"{piece.duration_us / 1e6:.6f}").filter(
        "asetpts", "PTS-STARTPTS"
    )


def _crossfade(a: Any, b: Any, cross_us: int, samples: int = 0) -> Any:
    import ffmpeg

    d = {"ns": samples} if samples else {"d": f"{cross_us / 1e6:.6f}"}
    return ffmpeg.filter([a, b], "acrossfade", **d, c1="qsin", c2="qsin", o=1)


def loops_crossfaded(piece: AudioPiece) -> bool:
    """Whether the music bed is its source joined to itself by crossfades (``_looped``)."""
    length = piece.source_duration_us
    if not (length > 0 and piece.source_in_us + piece.duration_us > length):
        return False
    if piece.loop_crossfade_us <= 0:
        return False
    step = length - piece.loop_crossfade_us
    copies = 1 + max(0, -(-(piece.duration_us - (length - piece.source_in_us)) // step))
    return copies <= MAX_LOOP_COPIES


# A crossfaded loop from two inputs whatever its length. Every join is the same sound: the
# source's last ``cross`` samples crossfaded with its first ones (X), so the bed is the source
# from its in-point to ``n - cross``, then the unit X + source[cross : n - cross] again and
# again. The export writes the source (48 kHz float stereo, raw: n = its size / 8) and the unit
# in its work directory (``export.join_tracks``); the bed reads them as two inputs instead of
# one a copy (a 3 s loop under 3 minutes opened 80).
RAW = {"f": "f32le", "sample_rate": SAMPLE_RATE, "ch_layout": "stereo"}


def crossfade_samples(piece: AudioPiece) -> int:
    return round(piece.loop_crossfade_us * SAMPLE_RATE / 1_000_000)


def loop_source(piece: AudioPiece, make_input: Input) -> Any:
    """The whole music source as the bed mixes it (the pass that writes it raw)."""
    return uniform(make_input(piece.source).audio)


def loop_unit(piece: AudioPiece, source_name: str, n: int, make_input: Input) -> Any:
    """X + source[cross : n - cross] from the raw source ``source_name`` of ``n`` samples."""
    cross = crossfade_samples(piece)
    tail = make_input(source_name, **RAW).audio.filter("atrim", start_sample=n - cross)
    whole = make_input(source_name, **RAW).audio
    joined = _crossfade(uniform(tail.filter("asetpts", "PTS-STARTPTS")), uniform(whole), 0, cross)
    return joined.filter("atrim", end_sample=n - cross)


def looped_from_unit(
    piece: AudioPiece, music_volume: float, make_input: Input, names: tuple[str, str], n: int
) -> Any:
    """The crossfaded loop (as ``_looped`` makes it) from the raw source and unit, shaped and
    placed."""
    import ffmpeg

    cross = crossfade_samples(piece)
    head_start = round(piece.source_in_us * SAMPLE_RATE / 1_000_000)
    head = make_input(names[0], **RAW).audio.filter(
        "atrim", start_sample=head_start, end_sample=n - cross
    )
    unit = make_input(names[1], stream_loop=-1, **RAW).audio
    bed = ffmpeg.filter([uniform(head), uniform(unit)], "concat", n=2, v=0, a=1)
    bed = bed.filter("atrim", end_sample=round(piece.duration_us * SAMPLE_RATE / 1_000_000))
    bed = bed.filter("asetpts", f"N/{SAMPLE_RATE}/TB")
    return delay(envelope(bed, piece, piece.volume * music_volume), piece)


def music(piece: AudioPiece, music_volume: float, make_input: Input) -> Any:
    """The music bed: looped (with crossfades, or end to start) to fill the piece, shaped and
    placed."""
    gain = piece.volume * music_volume
    length = piece.source_duration_us
    needs_loop = length > 0 and piece.source_in_us + piece.duration_us > length
    if needs_loop and piece.loop_crossfade_us > 0:
        step = length - piece.loop_crossfade_us
        copies = 1 + max(0, -(-(piece.duration_us - (length - piece.source_in_us)) // step))
        if copies <= MAX_LOOP_COPIES:
            shaped = _looped(piece, make_input)
            return delay(envelope(shaped, piece, gain), piece)
    loops = -1
    if length > 0:
        loops = -(-(piece.source_in_us + piece.duration_us) // length)
    src = make_input(piece.source, stream_loop=loops)
    return place(piece, src.audio, gain)


__all__ = [
    "LOOP_CROSSFADE_US",
    "clip_envelope",
    "envelope",
    "join_spans",
    "key_expression",
    "music",
    "music_piece",
    "place",
]
