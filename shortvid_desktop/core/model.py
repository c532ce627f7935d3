"""The project model: plain dataclasses, standard library only, times in integer microseconds.

A Project holds its Template (canvas and style), its Script (scenes), the Assets it uses and a
Timeline of Tracks of Clips. Everything round-trips through JSON (``project_to_json`` /
``project_from_json``) with a ``schema_version``; bad data is rejected with a ValidationError that
names the field path.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any, Literal

from .serial import ValidationError, from_dict, load_json, to_dict

SCHEMA_VERSION = 3

TrackKind = Literal["video", "overlay", "voice", "music", "audio"]
AssetKind = Literal["image", "video", "audio"]
FitMode = Literal["fill", "fit_blur", "fit_pad"]
KenBurnsMode = Literal["none", "zoom_in", "zoom_out", "pan_left", "pan_right", "pan_up", "pan_down"]
TransitionKind = Literal[
    "cut",
    "fade",
    "fadeblack",
    "fadewhite",
    "slideleft",
    "slideright",
    "slideup",
    "slidedown",
    "wipeleft",
    "wiperight",
    "zoomin",
]
Easing = Literal["linear", "ease_in_out"]
MusicFit = Literal["loop", "trim"]  # music shorter than its clip: loop with a crossfade / play once


def new_id(prefix: str = "") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _min(v: float) -> dict[str, Any]:
    return {"min": v}


def _range(lo: float, hi: float) -> dict[str, Any]:
    return {"min": lo, "max": hi}


# Sane limits, checked when a project or template is read (so a hand-edited file with fps 1000
# or a 100,000-pixel canvas is refused, naming the field, before any work starts).
MAX_SIDE = 4096  # pixels: 4K (2160x3840) and DCI 4K fit
MAX_FPS = 120
MAX_TIMELINE_US = 4 * 3600 * 1_000_000  # four hours
# canvas placement (Transform, Keyframe, the moved watermark)
_POS = {"min": -1.0, "max": 2.0}  # the centre may sit off the canvas (a picture sliding in)
_SCALE = {"min": 0.05, "max": 10.0}
_ROT = {"min": -3600.0, "max": 3600.0}
_OPACITY = {"min": 0.0, "max": 1.0}


def _check_color(value: str, path: str) -> None:
    v = value.lstrip("#")
    if (
        not value.startswith("#")
        or len(v) not in (6, 8)
        or any(c not in "0123456789abcdefABCDEF" for c in v)
    ):
        raise ValidationError(path, f"must be a colour like #RRGGBB or #RRGGBBAA; got {value!r}")


# --------------------------------------------------------------------------- style pieces
@dataclass
class KenBurns:
    mode: KenBurnsMode = "none"
    amount: float = field(default=0.12, metadata={"min": 0.0, "max": 1.0})
    easing: Easing = "ease_in_out"


@dataclass
class Transition:
    kind: TransitionKind = "cut"
    duration_us: int = field(default=0, metadata=_min(0))

    @property
    def overlap_us(self) -> int:
        return 0 if self.kind == "cut" else self.duration_us


@dataclass
class CaptionStyle:
    font: str = "Noto Sans CJK SC"
    size: int = field(default=72, metadata=_range(8, 600))  # pixels at the canvas height
    bold: bool = True
    color: str = "#FFFFFF"
    highlight_color: str = "#FFD400"
    outline_color: str = "#000000"
    outline: float = field(default=5.0, metadata=_range(0.0, 40.0))
    shadow: float = field(default=2.0, metadata=_range(0.0, 40.0))
    box: bool = False
    box_color: str = "#000000A0"
    position: Literal["bottom", "middle", "top"] = "bottom"
    margin_v: int = field(default=420, metadata=_range(0, MAX_SIDE))  # at the canvas height
    max_chars_per_line: int = field(default=14, metadata=_range(4, 200))  # CJK; Latin x2
    max_lines: int = field(default=2, metadata=_range(1, 20))
    karaoke: bool = True
    pop: bool = False  # the spoken word grows a little, then settles

    def validate(self, path: str) -> None:
        for name in ("color", "highlight_color", "outline_color", "box_color"):
            _check_color(getattr(self, name), f"{path}.{name}" if path else name)


CaptionPosition = Literal["bottom", "middle", "top"]


@dataclass
class CaptionOverride:
    """A scene's own caption look: each field set here replaces the template's
    (``CaptionStyle``); a field left None follows the template. Font, line limits and karaoke
    stay the template's (one font for the whole video)."""

    size: int | None = field(default=None, metadata=_range(8, 600))
    color: str | None = None
    highlight_color: str | None = None
    outline_color: str | None = None
    outline: float | None = field(default=None, metadata={"min": 0.0, "max": 40.0})
    box: bool | None = None
    box_color: str | None = None
    position: CaptionPosition | None = None

    def validate(self, path: str) -> None:
        for name in ("color", "highlight_color", "outline_color", "box_color"):
            value = getattr(self, name)
            if value is not None:
                _check_color(value, f"{path}.{name}" if path else name)

    def fields_set(self) -> dict[str, Any]:
        """The overridden fields and their values."""
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) is not None
        }

    def is_empty(self) -> bool:
        return not self.fields_set()

    def apply_to(self, style: CaptionStyle) -> CaptionStyle:
        """``style`` with these overrides (a new object; ``style`` is left alone)."""
        return dataclasses.replace(style, **self.fields_set())


# --------------------------------------------------------------------------- colour
MIN_SPEED, MAX_SPEED = 0.25, 4.0
# ffmpeg's ``reverse`` filter holds every frame of the clip in memory before it sends the first
# (a 30 s 1080x1920 clip is ~2.8 GB of raw frames at 30 fps, less from the small preview
# proxies), so reversing is offered for clips that use at most this much of their source.
MAX_REVERSE_SOURCE_US = 30_000_000


@dataclass
class ColorGrade:
    """A look: ``eq`` brightness/contrast/saturation, a colour temperature in kelvin (6500 is
    neutral; lower is warmer), a vignette (0 none .. 1 strong) and a ``.cube`` LUT: the name of
    a bundled look ("warm", "cool", "film", "mono", "vivid") or a file path ("" for none)."""

    brightness: float = field(default=0.0, metadata={"min": -0.5, "max": 0.5})
    contrast: float = field(default=1.0, metadata={"min": 0.25, "max": 2.0})
    saturation: float = field(default=1.0, metadata={"min": 0.0, "max": 3.0})
    temperature: int = field(default=6500, metadata=_range(2000, 12000))
    vignette: float = field(default=0.0, metadata={"min": 0.0, "max": 1.0})
    lut: str = ""

    def is_neutral(self) -> bool:
        return self == ColorGrade()


@dataclass
class Template:
    name: str = "Vertical Story"
    builtin: bool = False
    width: int = field(default=1080, metadata=_range(16, MAX_SIDE))
    height: int = field(default=1920, metadata=_range(16, MAX_SIDE))
    fps: int = field(default=30, metadata=_range(1, MAX_FPS))
    fit: FitMode = "fill"
    pad_color: str = "#000000"  # behind pictures in "fit_pad" mode
    still_duration_us: int = field(default=4_000_000, metadata=_range(100_000, 600_000_000))
    transition: Transition = field(default_factory=lambda: Transition("fade", 500_000))
    ken_burns: KenBurns = field(default_factory=lambda: KenBurns("zoom_in", 0.12))
    ken_burns_variety: bool = True
    ken_burns_seed: int = 0  # variety picks moves from this seed: the same project, same moves
    caption: CaptionStyle = field(default_factory=CaptionStyle)
    title_card: bool = True
    outro_text: str = ""  # a closing card over the last seconds ("Follow for more")
    scene_text: bool = False  # show each scene's on-screen text at the top
    music_volume: float = field(default=0.30, metadata={"min": 0.0, "max": 4.0})
    ducking: float = field(default=0.7, metadata={"min": 0.0, "max": 1.0})
    music_fade_us: int = field(default=1_000_000, metadata=_range(0, 60_000_000))
    watermark_text: str = ""
    watermark_image: str = ""
    watermark_position: Literal["top_left", "top_right", "bottom_left", "bottom_right"] = (
        "top_right"
    )
    watermark_opacity: float = field(default=0.6, metadata={"min": 0.0, "max": 1.0})
    # moved on the canvas: the logo's centre as canvas fractions (None: by watermark_position)
    watermark_x: float | None = field(default=None, metadata=_POS)
    watermark_y: float | None = field(default=None, metadata=_POS)
    watermark_scale: float = field(default=1.0, metadata=_SCALE)
    loudness_lufs: float = field(default=-14.0, metadata={"min": -40.0, "max": 0.0})
    quality: Literal["draft", "standard", "high"] = "standard"
    color: ColorGrade = field(default_factory=ColorGrade)  # the whole video's look

    def validate(self, path: str) -> None:
        _check_color(self.pad_color, f"{path}.pad_color" if path else "pad_color")
        for name in ("width", "height"):
            if getattr(self, name) % 2:
                raise ValidationError(
                    f"{path}.{name}" if path else name, "must be even (H.264 4:2:0 needs it)"
                )

    @property
    def fps_fraction(self) -> Fraction:
        return Fraction(self.fps)


ASPECTS: dict[str, tuple[int, int]] = {
    "9:16": (9, 16),
    "16:9": (16, 9),
    "1:1": (1, 1),
    "4:5": (4, 5),
}
RESOLUTIONS: dict[str, int] = {"720p": 720, "1080p": 1080, "1440p": 1440, "4k": 2160}
FRAME_RATES = (24, 25, 30, 50, 60)


def canvas_for(aspect: str, resolution: str) -> tuple[int, int]:
    """Canvas size for an aspect ("9:16", "16:9", "1:1", "4:5") and a resolution ("720p" ...
    "4k", the short side); both even."""
    try:
        aw, ah = ASPECTS[aspect]
        short = RESOLUTIONS[resolution.lower()]
    except KeyError:
        raise ValidationError(
            "canvas",
            f"unknown aspect {aspect!r} or resolution {resolution!r}; aspects: "
            f"{', '.join(ASPECTS)}; resolutions: {', '.join(RESOLUTIONS)}",
        ) from None
    if aw <= ah:
        w, h = short, short * ah / aw
    else:
        w, h = short * aw / ah, short
    return int(round(w / 2)) * 2, int(round(h / 2)) * 2


# --------------------------------------------------------------------------- script
@dataclass
class Scene:
    id: str = field(default_factory=lambda: new_id("sc_"))
    narration: str = ""
    on_screen_text: str = ""
    keywords: list[str] = field(default_factory=list)
    duration_us: int = field(default=0, metadata=_range(0, MAX_TIMELINE_US))  # 0: the voice's
    mood: str = ""
    voice: str = ""  # "" = the project's voice
    media: list[str] = field(default_factory=list)  # asset ids chosen for this scene
    caption_style: CaptionOverride | None = None  # None = the template's caption style


@dataclass
class Script:
    title: str = ""
    hook: str = ""
    language: str = "en"
    scenes: list[Scene] = field(default_factory=list)


# --------------------------------------------------------------------------- media
@dataclass
class Asset:
    id: str = field(default_factory=lambda: new_id("as_"))
    path: str = ""
    kind: AssetKind = "image"
    content_hash: str = ""
    duration_us: int = field(default=0, metadata=_min(0))
    width: int = field(default=0, metadata=_min(0))
    height: int = field(default=0, metadata=_min(0))
    fps_num: int = field(default=0, metadata=_min(0))
    fps_den: int = field(default=1, metadata=_min(1))
    has_audio: bool = False
    rotation: int = 0
    video_codec: str = ""
    audio_codec: str = ""
    generated: bool = False  # made by the app (a voice segment), not imported by the user
    # Where a stock or AI picture came from, for the credits its licence asks for ("" = the
    # user's own file). Optional: project files written before these fields still load.
    source_provider: str = ""  # "pexels", "pixabay", "openverse", "ai:openai", ...
    source_id: str = ""  # the provider's id of the item
    source_url: str = ""  # the item's page on the provider's site
    author: str = ""
    author_url: str = ""
    licence: str = ""
    ai_generated: bool = False  # made by an image model (said so in the credits)

    def validate(self, path: str) -> None:
        if not self.path:
            raise ValidationError(f"{path}.path" if path else "path", "must not be empty")


@dataclass
class WordTiming:
    word: str
    start_us: int = field(metadata=_min(0))
    end_us: int = field(metadata=_min(0))
    estimated: bool = False

    def validate(self, path: str) -> None:
        if self.end_us < self.start_us:
            raise ValidationError(f"{path}.end_us", "must not be before start_us")


# --------------------------------------------------------------------------- timeline
MAX_VOLUME_KEYS = 200


@dataclass
class VolumeKey:
    """A point of a clip's volume line: ``gain`` (x the clip's volume) at ``time_us`` from the
    clip's start; the line runs straight between points and flat before the first/after the
    last."""

    time_us: int = field(default=0, metadata=_range(0, MAX_TIMELINE_US))
    gain: float = field(default=1.0, metadata={"min": 0.0, "max": 4.0})


# ------------------------------------------------------------------ canvas placement (transform)
MAX_KEYFRAMES = 200
KeyEasing = Literal["linear", "ease_in_out"]
TRANSFORM_PROPS = ("x", "y", "scale", "rotation", "opacity")


@dataclass
class Transform:
    """Where a picture sits on the canvas: its centre (``x``, ``y`` as fractions of the canvas
    width and height; 0.5, 0.5 is the middle), ``scale`` (1.0: as it is fitted today: the main
    track's picture fills the canvas its usual way, an overlay picture fits inside it),
    ``rotation`` in degrees (clockwise) and ``opacity``."""

    x: float = field(default=0.5, metadata=_POS)
    y: float = field(default=0.5, metadata=_POS)
    scale: float = field(default=1.0, metadata=_SCALE)
    rotation: float = field(default=0.0, metadata=_ROT)
    opacity: float = field(default=1.0, metadata=_OPACITY)

    def is_identity(self) -> bool:
        return self == Transform()

    def values(self) -> tuple[float, float, float, float, float]:
        return (self.x, self.y, self.scale, self.rotation, self.opacity)


@dataclass
class Keyframe:
    """The transform at ``time_us`` from the clip's start; ``easing`` shapes the way to the
    next keyframe (before the first and after the last the values hold)."""

    time_us: int = field(default=0, metadata=_range(0, MAX_TIMELINE_US))
    x: float = field(default=0.5, metadata=_POS)
    y: float = field(default=0.5, metadata=_POS)
    scale: float = field(default=1.0, metadata=_SCALE)
    rotation: float = field(default=0.0, metadata=_ROT)
    opacity: float = field(default=1.0, metadata=_OPACITY)
    easing: KeyEasing = "linear"

    def transform(self) -> Transform:
        return Transform(self.x, self.y, self.scale, self.rotation, self.opacity)


def ease(p: float, easing: str) -> float:
    """``p`` (0..1) shaped by an easing: linear, or ease in and out (half a cosine)."""
    import math

    p = min(1.0, max(0.0, p))
    return 0.5 - 0.5 * math.cos(math.pi * p) if easing == "ease_in_out" else p


def transform_at(transform: Transform | None, keyframes: list[Keyframe], t_us: int) -> Transform:
    """The transform at ``t_us`` from a clip's start: interpolated between its keyframes, or
    its fixed transform (the default when it has none)."""
    if not keyframes:
        return transform if transform is not None else Transform()
    if t_us <= keyframes[0].time_us:
        return keyframes[0].transform()
    for a, b in zip(keyframes, keyframes[1:], strict=False):
        if t_us < b.time_us:
            p = ease((t_us - a.time_us) / max(1, b.time_us - a.time_us), a.easing)
            va, vb = a.transform().values(), b.transform().values()
            return Transform(*(u + (v - u) * p for u, v in zip(va, vb, strict=True)))
    return keyframes[-1].transform()


# ------------------------------------------------------------------ text items and stickers
# A text item's look: a preset of resources/text_styles.json ("" = the template's overlay look)
TEXT_STYLES = ("title", "subtitle", "label", "quote", "callout")
TEXT_ANIMS = ("none", "fade", "pop", "slide", "typewriter", "bounce")
TextAnimKind = Literal["none", "fade", "pop", "slide", "typewriter", "bounce"]
MAX_TEXT_ANIM_US = 10_000_000


@dataclass
class TextAnim:
    """How a text item or sticker comes in (or goes out): ``kind`` over ``duration_us``."""

    kind: TextAnimKind = "none"
    duration_us: int = field(default=500_000, metadata=_range(1, MAX_TEXT_ANIM_US))


@dataclass
class Clip:
    id: str = field(default_factory=lambda: new_id("cl_"))
    asset_id: str = ""  # "" for text clips
    start_us: int = field(default=0, metadata=_range(0, MAX_TIMELINE_US))  # on the timeline
    duration_us: int = field(default=1_000_000, metadata=_range(1, MAX_TIMELINE_US))
    source_in_us: int = field(default=0, metadata=_range(0, MAX_TIMELINE_US))
    fit: FitMode = "fill"
    focus_x: float = field(default=0.5, metadata={"min": 0.0, "max": 1.0})
    focus_y: float = field(default=0.5, metadata={"min": 0.0, "max": 1.0})
    ken_burns: KenBurns = field(default_factory=KenBurns)
    transition_in: Transition = field(default_factory=Transition)
    volume: float = field(default=1.0, metadata={"min": 0.0, "max": 4.0})
    text: str = ""  # overlay text, or the narration a voice clip speaks
    scene_id: str = ""
    words: list[WordTiming] = field(default_factory=list)  # voice clips; relative to clip start
    # sound: fades at the clip's ends, and a volume line (times from the clip's start)
    fade_in_us: int = field(default=0, metadata=_range(0, MAX_TIMELINE_US))
    fade_out_us: int = field(default=0, metadata=_range(0, MAX_TIMELINE_US))
    volume_keys: list[VolumeKey] = field(default_factory=list)
    # speed and colour (video clips): ``duration_us`` is on the timeline, so the clip uses
    # ``duration_us * speed`` of its source; ``freeze`` holds the frame at ``source_in_us``;
    # ``reverse`` plays that source range backwards (at most MAX_REVERSE_SOURCE_US of it)
    speed: float = field(default=1.0, metadata={"min": MIN_SPEED, "max": MAX_SPEED})
    reverse: bool = False
    freeze: bool = False
    color: ColorGrade = field(default_factory=ColorGrade)
    # canvas placement (pictures): None/[] = today's look; keyframes animate it
    transform: Transform | None = None
    keyframes: list[Keyframe] = field(default_factory=list)
    # text items and stickers (overlay tracks): a style preset and in/out animations
    text_style: str = ""  # "" = the template's overlay look, else one of TEXT_STYLES
    anim_in: TextAnim = field(default_factory=TextAnim)
    anim_out: TextAnim = field(default_factory=TextAnim)

    @property
    def end_us(self) -> int:
        return self.start_us + self.duration_us

    def transform_at(self, t_us: int) -> Transform:
        """The clip's transform at ``t_us`` from its start (keyframes interpolated)."""
        return transform_at(self.transform, self.keyframes, t_us)

    @property
    def source_span_us(self) -> int:
        """How much of its source the clip plays (one frame's worth when frozen)."""
        return 0 if self.freeze else round(self.duration_us * self.speed)

    def validate(self, path: str) -> None:
        if len(self.volume_keys) > MAX_VOLUME_KEYS:
            raise ValidationError(
                f"{path}.volume_keys" if path else "volume_keys",
                f"has {len(self.volume_keys)} points; at most {MAX_VOLUME_KEYS}",
            )
        times = [k.time_us for k in self.volume_keys]
        if times != sorted(times):
            raise ValidationError(
                f"{path}.volume_keys" if path else "volume_keys", "must be in time order"
            )
        kpath = f"{path}.keyframes" if path else "keyframes"
        if len(self.keyframes) > MAX_KEYFRAMES:
            raise ValidationError(
                kpath, f"has {len(self.keyframes)} keyframes; at most {MAX_KEYFRAMES}"
            )
        ktimes = [k.time_us for k in self.keyframes]
        if any(b <= a for a, b in zip(ktimes, ktimes[1:], strict=False)):
            raise ValidationError(kpath, "must be in time order, one keyframe a time")
        if self.text_style and self.text_style not in TEXT_STYLES:
            raise ValidationError(
                f"{path}.text_style" if path else "text_style",
                f"must be one of {', '.join(TEXT_STYLES)} (or empty); got {self.text_style!r}",
            )


@dataclass
class Track:
    id: str = field(default_factory=lambda: new_id("tr_"))
    kind: TrackKind = "video"
    name: str = ""
    muted: bool = False
    clips: list[Clip] = field(default_factory=list)

    def sorted_clips(self) -> list[Clip]:
        return sorted(self.clips, key=lambda c: (c.start_us, c.id))

    @property
    def end_us(self) -> int:
        return max((c.end_us for c in self.clips), default=0)


@dataclass
class Timeline:
    tracks: list[Track] = field(default_factory=list)

    def track(self, kind: str) -> Track | None:
        return next((t for t in self.tracks if t.kind == kind), None)

    def ensure_track(self, kind: TrackKind, name: str = "") -> Track:
        t = self.track(kind)
        if t is None:
            t = Track(kind=kind, name=name or kind.capitalize())
            self.tracks.append(t)
        return t

    def find_clip(self, clip_id: str) -> tuple[Track, Clip] | None:
        for t in self.tracks:
            for c in t.clips:
                if c.id == clip_id:
                    return t, c
        return None

    @property
    def duration_us(self) -> int:
        return max((t.end_us for t in self.tracks), default=0)


@dataclass
class Project:
    schema_version: int = SCHEMA_VERSION
    id: str = field(default_factory=lambda: new_id("pr_"))
    title: str = "Untitled"
    language: str = "en"
    voice: str = ""  # "engine:voice"; "" = the best offline voice for the language
    template: Template = field(default_factory=Template)
    script: Script = field(default_factory=Script)
    assets: dict[str, Asset] = field(default_factory=dict)
    timeline: Timeline = field(default_factory=Timeline)
    music_asset_id: str = ""
    music_fit: MusicFit = "loop"  # music shorter than its clip loops with a crossfade, or ends
    created: str = field(default_factory=_now)
    modified: str = field(default_factory=_now)

    def validate(self, path: str) -> None:
        seen: set[str] = set()
        for ti, track in enumerate(self.timeline.tracks):
            for ci, clip in enumerate(track.clips):
                cpath = f"timeline.tracks[{ti}].clips[{ci}]"
                if clip.id in seen:
                    raise ValidationError(f"{cpath}.id", f"duplicate clip id {clip.id!r}")
                seen.add(clip.id)
                if clip.asset_id and clip.asset_id not in self.assets:
                    raise ValidationError(
                        f"{cpath}.asset_id", f"names no asset in this project: {clip.asset_id!r}"
                    )
        for key, asset in self.assets.items():
            if key != asset.id:
                raise ValidationError(f"assets.{key}.id", f"must equal its key; got {asset.id!r}")

    @property
    def duration_us(self) -> int:
        return self.timeline.duration_us

    def touch(self) -> None:
        self.modified = _now()


# --------------------------------------------------------------------------- JSON
class ProjectFormatError(ValidationError):
    pass


def project_to_dict(project: Project) -> dict[str, Any]:
    return to_dict(project)


def project_to_json(project: Project, indent: int | None = 2) -> str:
    """The project as JSON text, always encodable as UTF-8: Chinese stays readable, and a file
    name that is not valid UTF-8 (its undecodable bytes are lone surrogates in Python) is written
    escaped (``\\udce9``), which reads back as the same name."""
    return project_dict_to_json(project_to_dict(project), indent)


def project_dict_to_json(data: dict[str, Any], indent: int | None = 2) -> str:
    """``project_to_json`` of a project already in its serial form (``project_to_dict``)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(data, ensure_ascii=True, indent=indent)
    return text


def project_from_dict(data: Any) -> Project:
    if not isinstance(data, dict):
        raise ValidationError("", "a project must be a JSON object")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValidationError("schema_version", "is required and must be an integer")
    if version > SCHEMA_VERSION:
        raise ValidationError(
            "schema_version",
            f"{version} was written by a newer ShortVid (this one reads up to {SCHEMA_VERSION})",
        )
    data = migrate(data)
    return from_dict(Project, data)


def project_from_json(text: str) -> Project:
    return project_from_dict(load_json(text))


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 added ``Scene.caption_style`` (optional, None by default): nothing to change."""
    return data


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 gave clips their own fades (the music's came from ``template.music_fade_us``):
    music clips take the template's fade at both ends, so old projects sound the same."""
    template = data.get("template")
    fade = template.get("music_fade_us", 1_000_000) if isinstance(template, dict) else 1_000_000
    if not isinstance(fade, int) or isinstance(fade, bool):
        fade = 1_000_000  # the template's own check names a bad value
    timeline = data.get("timeline")
    tracks = timeline.get("tracks") if isinstance(timeline, dict) else None
    if not isinstance(tracks, list):
        return data
    new_tracks = []
    for track in tracks:
        if isinstance(track, dict) and track.get("kind") == "music":
            clips = track.get("clips")
            if isinstance(clips, list):
                track = dict(track)
                track["clips"] = [
                    {"fade_in_us": fade, "fade_out_us": fade, **c} if isinstance(c, dict) else c
                    for c in clips
                ]
        new_tracks.append(track)
    return {**data, "timeline": {**timeline, "tracks": new_tracks}}


# Ordered migrations: MIGRATIONS[n] turns a version-n dict into version n+1.
MIGRATIONS: dict[int, Any] = {1: _v1_to_v2, 2: _v2_to_v3}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data["schema_version"]
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](dict(data))
        version += 1
        data["schema_version"] = version
    return data
