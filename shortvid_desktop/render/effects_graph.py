"""Speed, reverse, freeze frame and colour in the ffmpeg graph.

``graph.py`` and ``audio_graph.py`` call in here with a few lines each; everything else about
these effects is in this module:

* **speed** (0.25x-4x): the picture's clock is divided by the speed (``setpts``) before ``fps``
  picks the output frames, so at 2x output frame N is source frame 2N; the sound keeps its pitch
  through a chain of ``atempo`` stages, each between 0.5 and 2 (4x is 2 x 2, 0.25x is 0.5 x 0.5);
* **reverse**: ``reverse``/``areverse`` over the clip's source range. Both filters hold the
  whole range in memory before the first frame leaves, which is why reversing is limited
  to ``MAX_REVERSE_SOURCE_US`` (30 s) of source (the commands refuse more; the plan names a
  clip over it, which a trim can make);
* **freeze frame**: the frame at the clip's in-point, decoded once and held (``trim`` to one
  frame; the segment's ``tpad`` clones it for the clip's length);
* **colour** (a clip's look on its own picture; the whole video's once on the composed
  picture, overlay pictures included: ``look_over_pictures``): ``eq`` (brightness, contrast,
  saturation) and ``vignette`` on YUV; ``colortemperature`` and ``lut3d`` (a ``.cube`` file) on
  planar RGB, converted with BT.709 limited range both ways so colours are not shifted by the
  default (BT.601) matrix.

A LUT file is checked before any render (``check_cube``: a bad line is reported with its file
name and line number) and used through a copy named by its content hash in the cache folder,
so the filter graph never holds a user's path (no escaping) and a changed file changes the
proxies' keys.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import MediaError
from ..core.model import MAX_REVERSE_SOURCE_US, ColorGrade

if TYPE_CHECKING:
    from ..core.model import Clip
    from .plan import AudioPiece, VideoSegment
    from .transform_graph import PictureOverlay

Input = Callable[..., Any]
NEUTRAL_TEMPERATURE = 6500
MAX_CUBE_SIZE = 65
MAX_CUBE_BYTES = 64 * 1024 * 1024
# YUV <-> RGB for temperature and LUTs: 4:2:0 chroma repeated, then taken back unchanged (a
# smoother upsampling blurs chroma edges on the way back: 3x the error of an identity LUT)
_RGB_FLAGS = "neighbor+accurate_rnd"


@dataclass(frozen=True)
class Look:
    """A resolved ColorGrade: the LUT is the path of its checked, content-named copy."""

    brightness: float = 0.0
    contrast: float = 1.0
    saturation: float = 1.0
    temperature: int = NEUTRAL_TEMPERATURE
    vignette: float = 0.0
    lut_path: str = ""


# ----------------------------------------------------------------------------- looks and LUTs
def luts_dir() -> Path:
    from ..paths import resource

    return resource("luts")


def bundled_looks() -> list[str]:
    """The names of the bundled looks (``resources/luts/*.cube``), sorted."""
    folder = luts_dir()
    return sorted(p.stem for p in folder.glob("*.cube")) if folder.is_dir() else []


def lut_source(name: str) -> Path:
    """The file of a look: a bundled look's name, or a path to a ``.cube`` file."""
    if name and "/" not in name and "\\" not in name and not name.lower().endswith(".cube"):
        path = luts_dir() / f"{name}.cube"
        if not path.is_file():
            raise MediaError(
                f"There is no bundled look called {name!r} (looks: "
                f"{', '.join(bundled_looks()) or 'none'}). Choose another in the Colour box."
            )
        return path
    return Path(name)


def check_cube(path: str | os.PathLike[str]) -> int:
    """Check a ``.cube`` 3D LUT; return its size. Raises MediaError naming the file and line."""
    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise MediaError(f"LUT file not found: {name}. Choose another look.", path=name)
    if p.stat().st_size > MAX_CUBE_BYTES:
        raise MediaError(f"{name} is too large to be a .cube LUT (over 64 MB).", path=name)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MediaError(f"{name} is not a .cube LUT (it is not text).", path=name) from None
    size = 0
    rows = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word = line.split()[0].upper()

        def bad(why: str, number: int = number) -> MediaError:
            return MediaError(f"{name}, line {number}: {why}. Fix the file or choose another.")

        if word == "TITLE":
            continue
        if word == "LUT_1D_SIZE":
            raise bad("a 1D LUT; only 3D LUTs (LUT_3D_SIZE) can be used as a look")
        if word == "LUT_3D_SIZE":
            parts = line.split()
            if len(parts) != 2 or not parts[1].isdigit() or not 2 <= int(parts[1]) <= MAX_CUBE_SIZE:
                raise bad(f"LUT_3D_SIZE must be a whole number from 2 to {MAX_CUBE_SIZE}")
            size = int(parts[1])
            continue
        if word in ("DOMAIN_MIN", "DOMAIN_MAX", "LUT_3D_INPUT_RANGE"):
            continue
        parts = line.split()
        try:
            values = [float(v) for v in parts]
        except ValueError:
            raise bad(f"expected three numbers, found {raw.strip()[:40]!r}") from None
        if len(values) != 3 or not all(math.isfinite(v) for v in values):
            raise bad(f"expected three numbers, found {len(values)}")
        if not size:
            raise bad("colour rows before LUT_3D_SIZE")
        rows += 1
    if not size:
        raise MediaError(f"{name} has no LUT_3D_SIZE line: it is not a 3D .cube LUT.", path=name)
    if rows != size**3:
        raise MediaError(
            f"{name}: LUT_3D_SIZE {size} needs {size**3} colour rows; the file has {rows}.",
            path=name,
        )
    return size


def _cached_lut(source: Path) -> str:
    from ..paths import cache_dir

    data = source.read_bytes()
    target = cache_dir("luts") / f"{hashlib.sha1(data).hexdigest()[:20]}.cube"
    if not target.is_file():
        tmp = target.with_name(f".{target.name}.{os.getpid()}")
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    return str(target)


def resolve(grade: ColorGrade | None) -> Look | None:
    """The grade as the plan holds it (None when it changes nothing). The LUT is checked."""
    if grade is None or grade.is_neutral():
        return None
    lut = ""
    if grade.lut:
        source = lut_source(grade.lut)
        check_cube(source)
        lut = _cached_lut(source)
    return Look(
        grade.brightness,
        grade.contrast,
        grade.saturation,
        grade.temperature,
        grade.vignette,
        lut,
    )


def looks_for(clip_grade: ColorGrade | None, video_grade: ColorGrade | None) -> tuple[Look, ...]:
    """A clip's look, then the whole video's (the plan passes None for the latter: the whole
    video's look is applied to the composed picture, ``look_over_pictures``)."""
    return tuple(x for x in (resolve(clip_grade), resolve(video_grade)) if x is not None)


# ----------------------------------------------------------------------------- video
def grade(stream: Any, looks: tuple[Look, ...]) -> Any:
    """``stream`` (yuv420p, BT.709 limited) with each look applied in turn."""
    for look in looks:
        if (look.brightness, look.contrast, look.saturation) != (0.0, 1.0, 1.0):
            stream = stream.filter(
                "eq",
                brightness=f"{look.brightness:.4f}",
                contrast=f"{look.contrast:.4f}",
                saturation=f"{look.saturation:.4f}",
            )
        if look.temperature != NEUTRAL_TEMPERATURE or look.lut_path:
            rgb = stream.filter(
                "scale", in_color_matrix="bt709", in_range="tv", flags=_RGB_FLAGS
            ).filter("format", "gbrp")
            if look.temperature != NEUTRAL_TEMPERATURE:
                rgb = rgb.filter("colortemperature", temperature=look.temperature, mix=1)
            if look.lut_path:
                rgb = rgb.filter("lut3d", file=look.lut_path, interp="tetrahedral")
            stream = rgb.filter(
                "scale", out_color_matrix="bt709", out_range="tv", flags=_RGB_FLAGS
            ).filter("format", "yuv420p")
        if look.vignette > 0:
            stream = stream.filter("vignette", angle=f"{look.vignette * 1.2:.4f}")
    return stream


def grade_alpha(stream: Any, looks: tuple[Look, ...]) -> Any:
    """``grade`` for a picture with transparency (yuva420p): the colour is graded, the alpha
    plane goes round it unchanged."""
    if not looks:
        return stream
    import ffmpeg

    parts = stream.filter_multi_output("split")
    alpha = parts[0].filter("alphaextract")
    colour = grade(parts[1].filter("format", "yuv420p"), looks)
    return ffmpeg.filter([colour, alpha], "alphamerge").filter("format", "yuva420p")


def look_over_pictures(v: Any, plan: Any, lay: Callable[[Any, Any], Any]) -> Any:
    """The composed stream ``v`` with the overlay pictures laid on it (``lay(v, plan)``) and the
    whole video's look (``plan.video_looks``) applied once to the composed picture: pictures
    and clips of the overlay tracks are graded with the main track, at the cost of one grade
    a frame (not one a layer). Drawn text (pictures marked ``text``: emoji titles, captions)
    goes on after it, ungraded, like the text libass draws."""
    pictures = tuple(getattr(plan, "pictures", ()))
    below = tuple(p for p in pictures if not p.text)
    above = tuple(p for p in pictures if p.text)
    if below:
        v = lay(v, replace(plan, pictures=below))
    v = grade(v, getattr(plan, "video_looks", ()))
    if above:
        v = lay(v, replace(plan, pictures=above))
    return v


def picture_effects(pic: PictureOverlay, clip: Clip) -> PictureOverlay:
    """An overlay track's picture with its clip's speed, direction and freeze frame (video
    clips, checked as the main track's) and colour look."""
    if pic.kind != "video":
        return replace(pic, looks=looks_for(clip.color, None))
    timing = segment_effects(clip, "video")
    return replace(pic, **timing, looks=looks_for(clip.color, None))


def retimed_picture(
    pic: PictureOverlay, f0: int, n: int, offset_us: int, fps: int, make_input: Input
) -> Any:
    """A reversed or frozen overlay clip's pictures at ``fps`` from the plan's frame ``f0``
    (``n`` of them; the caller holds the last), made as a main-track segment's are
    (``retimed_source``): the clip's frames picked forward and shown last first, or the frame
    at its in-point held. ``offset_us``: where the plan starts on the output."""

    def frame(t_us: int) -> int:
        return int(round(t_us * fps / 1_000_000))  # (transform_graph's rounding)

    first = frame(pic.start_us)
    seg = _Retimed(
        source=pic.source,
        source_in_us=pic.source_in_us,
        speed=pic.speed,
        reverse=pic.reverse,
        freeze=pic.freeze,
        frames=n,
        total_frames=max(1, frame(pic.end_us) - first),
        skip_frames=max(0, frame(offset_us) + f0 - first),
    )
    return retimed_source(seg, fps, make_input, 0.0)  # type: ignore[arg-type]


@dataclass(frozen=True)
class _Retimed:
    """What ``retimed_source`` reads of a segment, for an overlay clip."""

    source: str
    source_in_us: int
    speed: float
    reverse: bool
    freeze: bool
    frames: int
    total_frames: int
    skip_frames: int


def retimed(seg: VideoSegment) -> bool:
    """True when a video segment is sped up or down, reversed or frozen."""
    return seg.kind == "video" and (seg.speed != 1.0 or seg.reverse or seg.freeze)


def retimed_source(seg: VideoSegment, fps: int, make_input: Input, backoff_s: float = 1.0) -> Any:
    """The segment's source pictures at ``fps`` on the output clock, from its first rendered
    frame (``skip_frames`` in), not yet fitted to the canvas."""
    speed = seg.speed
    src_in = seg.source_in_us / 1e6
    if seg.freeze:
        v = make_input(seg.source, ss=f"{src_in:.6f}", t="0.5").video
        return v.filter("fps", fps=fps, start_time=0).filter("trim", end_frame=1)
    total = seg.total_frames or seg.frames
    if seg.reverse:
        span = total / fps * speed
        v = make_input(seg.source, ss=f"{src_in:.6f}", t=f"{span:.6f}").video
        if speed != 1.0:
            v = v.filter("setpts", f"PTS/{speed:.6f}")
        v = v.filter("fps", fps=fps, start_time=0).filter("trim", end_frame=total)
        v = v.filter("reverse").filter("settb", expr=f"1/{fps}").filter("setpts", "N")
        if seg.skip_frames:
            v = v.filter("trim", start_frame=seg.skip_frames).filter("setpts", "PTS-STARTPTS")
        return v
    skip_src = seg.skip_frames / fps * speed  # source seconds before the first rendered frame
    rel = max(0.0, skip_src - backoff_s)
    length = (seg.frames / fps) * speed + skip_src - rel + 0.25 * speed
    v = make_input(seg.source, ss=f"{src_in + rel:.6f}", t=f"{length:.3f}").video
    v = v.filter("setpts", f"(PTS+round({rel:.6f}/TB))/{speed:.6f}")
    v = v.filter("fps", fps=fps, start_time=0)
    if seg.skip_frames:
        v = v.filter("trim", start_frame=seg.skip_frames).filter("setpts", "PTS-STARTPTS")
    return v


# ----------------------------------------------------------------------------- opacity
_fade_serial = itertools.count()


def animated_opacity(
    stream: Any,
    opacity_at: Callable[[int], float],
    span_us: tuple[int, int],
    offset_s: float,
    fps: int,
) -> Any:
    """A yuva stream's alpha times an opacity that changes over time, without a per-pixel
    expression: ``lut`` (one table lookup a pixel) whose alpha factor ``sendcmd`` changes at
    each frame where the 8-bit level changes. (``geq`` evaluated ``alpha(X,Y)*clip(...)``
    at every pixel of every frame: ~150 ms a frame for a canvas-sized picture.)

    ``opacity_at(us)`` is the opacity ``us`` after the clip's start; it changes only within
    ``span_us`` (the first and last key). The stream's frames sit at ``k / fps`` seconds and
    show the clip ``k / fps + offset_s`` seconds after its start."""
    fps = max(1, int(fps))

    def at_frame(k: int) -> float:
        return min(1.0, max(0.0, opacity_at(round((k / fps + offset_s) * 1e6))))

    k0 = max(0, math.floor((span_us[0] / 1e6 - offset_s) * fps))
    k1 = max(k0, math.ceil((span_us[1] / 1e6 - offset_s) * fps) + 1)
    name = f"opacity{next(_fade_serial)}"
    first = at_frame(k0)
    level = round(first * 255)
    commands = []
    for k in range(k0 + 1, k1 + 1):
        value = at_frame(k)
        if round(value * 255) != level:
            level = round(value * 255)
            commands.append(f"{max(0.0, (k - 0.5) / fps):.6f} lut@{name} a val*{value:.5f}")
    if commands:
        stream = stream.filter("sendcmd", commands=";".join(commands))
    # y/u/v kept as they are (lut's default clips them to video range: a full-range still's
    # white would turn grey)
    return stream.filter(f"lut@{name}", y="val", u="val", v="val", a=f"val*{first:.5f}")


# ----------------------------------------------------------------------------- audio
def atempo_chain(speed: float) -> list[float]:
    """Tempo stages, each within atempo's best range 0.5..2, whose product is ``speed``."""
    stages = []
    s = speed
    while s > 2.0 + 1e-9:
        stages.append(2.0)
        s /= 2.0
    while s < 0.5 - 1e-9:
        stages.append(0.5)
        s /= 0.5
    if abs(s - 1.0) > 1e-9 or not stages:
        stages.append(s)
    return [x for x in stages if abs(x - 1.0) > 1e-9]


def source_span_us(piece: AudioPiece) -> int:
    """How much of its source a piece plays."""
    return round(piece.duration_us * piece.speed)


def retime_audio(stream: Any, piece: AudioPiece) -> Any:
    """A piece's trimmed source sound reversed and/or re-timed (pitch kept), cut to the piece's
    length on the output."""
    if piece.reverse:
        stream = stream.filter("areverse")
    for tempo in atempo_chain(piece.speed):
        stream = stream.filter("atempo", f"{tempo:.6f}")
    if piece.speed != 1.0:
        stream = stream.filter("atrim", duration=f"{piece.duration_us / 1e6:.6f}")
        stream = stream.filter("asetpts", "PTS-STARTPTS")
    return stream


def clip_piece(piece: AudioPiece, clip: Clip) -> AudioPiece | None:
    """The plan's piece for a clip with its speed and direction; None for a freeze frame (it
    is silent)."""
    if clip.freeze:
        return None
    if clip.speed == 1.0 and not clip.reverse:
        return piece
    return replace(piece, speed=clip.speed, reverse=clip.reverse)


def segment_effects(clip: Clip, asset_kind: str) -> dict[str, Any]:
    """The VideoSegment fields of a clip's timing effects (video sources only)."""
    if asset_kind != "video":
        return {}
    if clip.reverse and not clip.freeze and clip.source_span_us > MAX_REVERSE_SOURCE_US:
        raise MediaError(
            f"The reversed clip at {clip.start_us / 1e6:.2f} s plays "
            f"{clip.source_span_us / 1e6:.1f} s of its source; reversing is limited to "
            f"{MAX_REVERSE_SOURCE_US // 1_000_000} s (ffmpeg holds the whole range in memory). "
            "Split the clip or turn Reverse off."
        )
    return {"speed": clip.speed, "reverse": clip.reverse, "freeze": clip.freeze}


__all__ = [
    "Look",
    "animated_opacity",
    "atempo_chain",
    "bundled_looks",
    "check_cube",
    "clip_piece",
    "grade",
    "grade_alpha",
    "look_over_pictures",
    "looks_for",
    "picture_effects",
    "resolve",
    "retime_audio",
    "retimed",
    "retimed_picture",
    "retimed_source",
    "segment_effects",
    "source_span_us",
]
