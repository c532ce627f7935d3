"""What a media file is: kind (by content, never by extension), size, duration, rate and codecs.

Probing uses PyAV (the machine may have no ffprobe). A file is accepted only when its first picture
(or, for sound, its first audio frame) really decodes, so a damaged download is caught at import and
not halfway through an export. Every rejection is a :class:`ProbeError` (a
:class:`~shortvid_desktop.core.errors.MediaError`) whose message names the file, says what is wrong
and what to do, and whose ``reason`` is a short machine-readable code.

Rotation convention: ``rotation`` is the clockwise angle (0, 90, 180 or 270) by which the stored
picture must be turned for display. This is the value of the old ``rotate`` tag phones write (a
portrait iPhone clip has ``rotation == 90``) and the negation of FFmpeg's display-matrix angle.
JPEG EXIF orientation is reported the same way. ``display_width``/``display_height`` are the size
after that turn (what the user sees, and what ffmpeg's default autorotate hands to a filter graph).
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..core.errors import MediaError

if TYPE_CHECKING:
    from av.container import InputContainer
    from av.frame import Frame
    from av.stream import Stream
    from av.video.frame import VideoFrame

MediaKind = Literal["image", "video", "audio"]

ProblemCode = Literal[
    "missing",
    "directory",
    "not_regular",
    "unreadable",
    "empty",
    "unsupported",
    "no_media",
    "corrupt",
    "truncated",
    "no_audio",
]

SUPPORTED_HINT = (
    "Use a picture (PNG, JPEG, WebP, GIF, BMP), a video (MP4, MOV, MKV, WebM) "
    "or a sound file (WAV, MP3, M4A, AAC, OGG, FLAC)."
)

# Codecs whose single-frame files are still pictures. A stream in one of these codecs with more than
# one frame (animated GIF/PNG, MJPEG in AVI) is a video.
IMAGE_CODECS = frozenset(
    {
        "png",
        "apng",
        "mjpeg",
        "jpegls",
        "jpeg2000",
        "jpegxl",
        "webp",
        "bmp",
        "gif",
        "tiff",
        "ppm",
        "pgm",
        "pgmyuv",
        "pbm",
        "pam",
        "pfm",
        "phm",
        "qoi",
        "targa",
        "sgi",
        "pcx",
        "xbm",
        "xpm",
        "xwd",
        "sunrast",
        "dds",
        "exr",
        "hdr",
        "psd",
        "photocd",
        "pictor",
        "ptx",
        "vbn",
        "msp2",
    }
)

# Demuxers that read other files or URLs named inside the input, or that turn text into pictures.
_REFUSED_FORMATS = frozenset({"hls", "dash", "concat", "ffmetadata", "sdp", "tty", "lavfi"})

# Top-level MP4/MOV boxes; one of these running past the end of the file means it was cut off.
_ISO_TOP_BOXES = frozenset(
    {b"ftyp", b"moov", b"mdat", b"moof", b"mfra", b"free", b"skip", b"wide", b"uuid", b"meta"}
    | {b"sidx", b"styp", b"pdin", b"udta", b"emsg", b"prft", b"ssix", b"pnot", b"junk"}
)

_HEAD_BYTES = 64 * 1024
_MAX_PACKETS_TO_FIRST_FRAME = 600


class ProbeError(MediaError):
    """A media file cannot be used. ``reason`` is one of :data:`ProblemCode`."""

    def __init__(self, message: str, *, path: str | None = None, reason: ProblemCode) -> None:
        self.reason: ProblemCode = reason
        super().__init__(message, path=path)


@dataclass(frozen=True)
class ProbeInfo:
    """Facts about one media file. Times are integer microseconds.

    ``width``/``height`` are the stored (coded) picture size; ``display_width``/``display_height``
    are the size after applying ``rotation`` (see the module docstring for the convention).
    Images have ``duration_us == 0`` and ``fps_num == 0``; audio has zero sizes.
    """

    path: str
    kind: MediaKind
    format_name: str
    size_bytes: int
    duration_us: int = 0
    width: int = 0
    height: int = 0
    display_width: int = 0
    display_height: int = 0
    rotation: int = 0
    fps_num: int = 0
    fps_den: int = 1
    has_audio: bool = False
    video_codec: str = ""
    audio_codec: str = ""
    sample_rate: int = 0
    channels: int = 0

    @property
    def fps(self) -> float:
        return self.fps_num / self.fps_den if self.fps_num and self.fps_den else 0.0


# --------------------------------------------------------------------------- file checks
def check_file(path: str | os.PathLike[str]) -> tuple[Path, int]:
    """Check that ``path`` is an existing, readable, non-empty regular file.

    Returns the absolute path and its size in bytes; raises :class:`ProbeError` otherwise.
    """
    p = Path(os.path.abspath(os.fspath(path)))
    try:
        st = p.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise ProbeError(
            f"'{p}' was not found. It may have been moved, renamed or deleted; "
            "locate it and import it again.",
            path=str(p),
            reason="missing",
        ) from None
    except PermissionError:
        raise _unreadable(p) from None
    except OSError as exc:
        raise ProbeError(
            f"'{p}' cannot be opened ({exc.strerror or exc}). "
            "Check that the drive is connected, then try again.",
            path=str(p),
            reason="unreadable",
        ) from None
    if stat.S_ISDIR(st.st_mode):
        raise ProbeError(
            f"'{p}' is a folder, not a media file. Import the folder itself to add the "
            "pictures, videos and sounds inside it.",
            path=str(p),
            reason="directory",
        )
    if not stat.S_ISREG(st.st_mode):
        raise ProbeError(
            f"'{p}' is not a regular file (it is a device, pipe or socket). "
            "Pick a picture, video or sound file instead.",
            path=str(p),
            reason="not_regular",
        )
    if st.st_size == 0:
        raise ProbeError(
            f"'{p}' is empty (0 bytes), probably from an interrupted download or copy. "
            "Download or export it again.",
            path=str(p),
            reason="empty",
        )
    return p, st.st_size


def _unreadable(p: Path) -> ProbeError:
    return ProbeError(
        f"'{p}' cannot be read: permission denied. Give your user read access to it, "
        "or copy it to a folder you own and import the copy.",
        path=str(p),
        reason="unreadable",
    )


def _read_head(p: Path, n: int = _HEAD_BYTES) -> bytes:
    """The first ``n`` bytes of ``p`` (raises ProbeError when the file cannot be read)."""
    try:
        with open(p, "rb") as fh:
            return fh.read(n)
    except PermissionError:
        raise _unreadable(p) from None
    except OSError as exc:
        raise ProbeError(
            f"'{p}' cannot be read ({exc.strerror or exc}). "
            "Check that the drive is connected and the file is intact, then try again.",
            path=str(p),
            reason="unreadable",
        ) from None


# --------------------------------------------------------------------------- sniffing
def sniff(head: bytes) -> tuple[str, bool]:
    """Describe content from its first bytes: ``(description, is_media_signature)``.

    ``description`` is "" when nothing is recognised. ``is_media_signature`` says the bytes look
    like a picture/video/sound container, so a failure to read it means the file is damaged.
    """
    h = head
    media: list[tuple[bool, str]] = [
        (h.startswith(b"\x89PNG\r\n\x1a\n"), "a PNG picture"),
        (h.startswith(b"\xff\xd8\xff"), "a JPEG picture"),
        (h[:6] in (b"GIF87a", b"GIF89a"), "a GIF picture"),
        (h[:4] == b"RIFF" and h[8:12] == b"WEBP", "a WebP picture"),
        (h[:4] == b"RIFF" and h[8:12] == b"WAVE", "a WAV sound"),
        (h[:4] == b"RIFF" and h[8:12] == b"AVI ", "an AVI video"),
        (h[:2] == b"BM" and len(h) > 14, "a BMP picture"),
        (h[4:8] == b"ftyp" and h[8:12] in (b"heic", b"heix", b"mif1", b"msf1"), "a HEIF picture"),
        (h[4:8] == b"ftyp" and h[8:12] in (b"M4A ", b"M4B "), "an M4A sound"),
        (h[4:8] == b"ftyp" and h[8:10] == b"qt", "a QuickTime (MOV) video"),
        (h[4:8] == b"ftyp", "an MP4 video"),
        (h[4:8] in (b"moov", b"mdat", b"wide", b"free"), "a QuickTime (MOV) video"),
        (h.startswith(b"\x1aE\xdf\xa3"), "a Matroska/WebM video"),
        (h.startswith(b"OggS"), "an Ogg sound or video"),
        (h.startswith(b"fLaC"), "a FLAC sound"),
        (h.startswith(b"ID3"), "an MP3 sound"),
        (len(h) > 1 and h[0] == 0xFF and (h[1] & 0xE0) == 0xE0, "an MP3/AAC sound"),
        (h.startswith((b"II*\x00", b"MM\x00*")), "a TIFF picture"),
        (h.startswith(b"\x00\x00\x01\xba"), "an MPEG-PS video"),
        (len(h) > 188 and h[0] == 0x47 and h[188] == 0x47, "an MPEG-TS video"),
        (h.startswith(b"FLV"), "an FLV video"),
        (h.startswith(b"0&\xb2u\x8ef\xcf\x11"), "a WMV/WMA file"),
    ]
    for hit, what in media:
        if hit:
            return what, True
    other: list[tuple[bool, str]] = [
        (h.startswith(b"%PDF"), "a PDF document"),
        (h.startswith(b"PK\x03\x04"), "a ZIP archive (or an Office document)"),
        (h.startswith(b"Rar!"), "a RAR archive"),
        (h.startswith(b"7z\xbc\xaf\x27\x1c"), "a 7-Zip archive"),
        (h.startswith(b"\x1f\x8b"), "a gzip archive"),
        (h.startswith(b"\x7fELF") or h.startswith(b"MZ"), "a program"),
        (h.startswith(b"SQLite format 3\x00"), "a database"),
        (h.startswith(b"\xd0\xcf\x11\xe0"), "an old Office document"),
    ]
    for hit, what in other:
        if hit:
            return what, False
    text = _as_text(h)
    if text is not None:
        lowered = text.lstrip("\ufeff \t\r\n").lower()
        if "<svg" in lowered[:4096]:
            return "an SVG drawing (export it as PNG first)", False
        if lowered.startswith("#extm3u"):
            return "a playlist", False
        if lowered.startswith(("<!doctype html", "<html")):
            return "a web page", False
        return "a text file", False
    return "", False


def _as_text(head: bytes) -> str | None:
    """``head`` decoded when it is plainly text (UTF-8/UTF-16 with BOM), else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head.decode("utf-16", errors="replace")
        except UnicodeError:
            return None
    if b"\x00" in head:
        return None
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\b\x1b")
    return text if controls <= len(text) // 100 else None


# --------------------------------------------------------------------------- probing
def open_container(path: str | os.PathLike[str]) -> InputContainer:
    """Open ``path`` with PyAV for reading, as exactly that one file.

    ``pattern_type=none`` stops FFmpeg's image demuxer from reading ``shot%03d.png`` as the
    sequence ``shot001.png, shot002.png, ...`` (a different file!). Non-UTF-8 tags are ignored.
    """
    import av

    return av.open(os.fspath(path), "r", options={"pattern_type": "none"}, metadata_errors="ignore")


def probe(path: str | os.PathLike[str]) -> ProbeInfo:
    """Probe ``path`` and return its :class:`ProbeInfo`; raise :class:`ProbeError` if unusable.

    The kind comes from the content: a still picture is ``image``, a file with a moving picture
    (more than one frame) is ``video``, sound only is ``audio``. The first video frame (or audio
    frame) is decoded, and MP4/MOV files are checked for truncation.
    """
    import av

    p, size = check_file(path)
    head = _read_head(p)
    what, is_media = sniff(head)
    if what and not is_media:
        raise _unsupported(p, what)
    if what == "a WebP picture" and _is_animated_webp(head):
        return _probe_animated_webp(p, size)

    try:
        container = open_container(p)
    except PermissionError:  # av.error.PermissionError is one too
        raise _unreadable(p) from None
    except (av.FFmpegError, OSError, ValueError, UnicodeError) as exc:
        if what.startswith("a HEIF"):
            raise _unsupported(
                p, "a HEIF/HEIC photo, which this build cannot read (save it as JPEG)"
            ) from None
        if is_media:
            if head[4:8] == b"ftyp":
                _check_iso_boxes(p, size, what)  # a cut-off MP4 with its index at the end
            raise _corrupt(p, what, exc) from None
        raise _unsupported(p, what) from None
    with container:
        fmt = container.format.name
        if fmt in _REFUSED_FORMATS:
            raise _unsupported(p, what or f"a '{fmt}' file")
        return _probe_container(container, p, size, what)


def _probe_container(container: InputContainer, p: Path, size: int, what: str) -> ProbeInfo:
    import av

    fmt = container.format.name
    videos = [
        s
        for s in container.streams.video
        if not (s.disposition & av.stream.Disposition.attached_pic)
    ]
    audios = list(container.streams.audio)
    if not videos and not audios:
        kinds = sorted({s.type for s in container.streams}) or ["nothing"]
        raise ProbeError(
            f"'{p}' holds no picture or sound (only {', '.join(kinds)}). " + SUPPORTED_HINT,
            path=str(p),
            reason="no_media",
        )
    audio = audios[0] if audios else None
    a_codec = _codec_name(audio) if audio is not None else ""
    sample_rate = int(audio.codec_context.sample_rate or 0) if audio is not None else 0
    channels = int(audio.codec_context.channels or 0) if audio is not None else 0

    is_iso = fmt.startswith("mov") or "mp4" in fmt.split(",")
    if not videos:
        assert audio is not None
        _decode_first(container, audio, p, what or "a sound file")
        if is_iso:
            _check_iso_boxes(p, size, what or "an M4A sound")
        duration = _duration_us(container, audio)
        return ProbeInfo(
            path=str(p),
            kind="audio",
            format_name=fmt,
            size_bytes=size,
            duration_us=duration,
            has_audio=True,
            audio_codec=a_codec,
            sample_rate=sample_rate,
            channels=channels,
        )

    video = videos[0]
    v_codec = _codec_name(video)
    frame = _decode_first(container, video, p, what or "a video")
    width = int(frame.width or video.codec_context.width or 0)
    height = int(frame.height or video.codec_context.height or 0)
    rotation = _clockwise(frame)
    if rotation in (90, 270):
        display_w, display_h = height, width
    else:
        display_w, display_h = width, height

    is_image = v_codec in IMAGE_CODECS and _frame_count_at_most_one(container, video)
    if is_image:
        return ProbeInfo(
            path=str(p),
            kind="image",
            format_name=fmt,
            size_bytes=size,
            width=width,
            height=height,
            display_width=display_w,
            display_height=display_h,
            rotation=rotation,
            video_codec=v_codec,
        )
    if is_iso:
        _check_iso_boxes(p, size, what or "an MP4 video")
    rate = _frame_rate(video)
    return ProbeInfo(
        path=str(p),
        kind="video",
        format_name=fmt,
        size_bytes=size,
        duration_us=_duration_us(container, video),
        width=width,
        height=height,
        display_width=display_w,
        display_height=display_h,
        rotation=rotation,
        fps_num=rate.numerator if rate else 0,
        fps_den=rate.denominator if rate else 1,
        has_audio=audio is not None,
        video_codec=v_codec,
        audio_codec=a_codec,
        sample_rate=sample_rate,
        channels=channels,
    )


def _codec_name(stream: Stream) -> str:
    cc = stream.codec_context
    try:
        return str(cc.codec.canonical_name)
    except Exception:  # noqa: BLE001 - an unknown codec still has a context name
        return str(cc.name or "")


def _decode_first(container: InputContainer, stream: Stream, p: Path, what: str) -> Frame:
    """Decode and return the first frame of ``stream``; ProbeError(corrupt) when none decodes."""
    import av

    packets = 0
    try:
        for packet in container.demux(stream):
            packets += 1
            for frame in packet.decode():
                if getattr(frame, "is_corrupt", False):
                    raise _corrupt(p, what, "the first frame is damaged")
                return frame
            if packets > _MAX_PACKETS_TO_FIRST_FRAME:
                break
    except ProbeError:
        raise
    except (av.FFmpegError, OSError, ValueError, EOFError) as exc:
        raise _corrupt(p, what, exc) from None
    raise _corrupt(p, what, "no frame could be decoded")


def _clockwise(frame: VideoFrame) -> int:
    """Clockwise display rotation of a decoded video frame, snapped to 0/90/180/270."""
    try:
        ccw = float(frame.rotation or 0)
    except Exception:  # noqa: BLE001 - PyAV may not know a side-data type of a newer FFmpeg
        return 0
    return int(round(-ccw / 90.0)) * 90 % 360


def _frame_count_at_most_one(container: InputContainer, stream: Stream) -> bool:
    if stream.frames:
        return stream.frames <= 1
    try:
        container.seek(0)
    except Exception:  # noqa: BLE001 - a pipe demuxer may not seek; demux from here then
        pass
    count = 0
    try:
        for packet in container.demux(stream):
            if packet.size:
                count += 1
                if count > 1:
                    return False
    except Exception:  # noqa: BLE001 - the first frame decoded; later damage is not our question
        pass
    return True


def _frame_rate(stream: Stream) -> Fraction | None:
    for name in ("average_rate", "base_rate", "guessed_rate"):
        try:
            rate = getattr(stream, name)
        except Exception:  # noqa: BLE001
            rate = None
        if rate and rate > 0:
            return Fraction(rate)
    return None


def _duration_us(container: InputContainer, stream: Stream) -> int:
    if stream.duration and stream.time_base:
        return max(0, int(round(stream.duration * stream.time_base * 1_000_000)))
    if container.duration:
        return max(0, int(container.duration))
    # No duration in the headers (raw streams, some live recordings): read the packet times.
    end = 0
    start = stream.start_time or 0
    try:
        container.seek(0)
    except Exception:  # noqa: BLE001
        pass
    try:
        for packet in container.demux(stream):
            if packet.pts is not None:
                end = max(end, packet.pts + (packet.duration or 0))
    except Exception:  # noqa: BLE001 - keep what was read
        pass
    if not stream.time_base:
        return 0
    return max(0, int(round((end - start) * stream.time_base * 1_000_000)))


def _check_iso_boxes(p: Path, size: int, what: str) -> None:
    """Walk the top-level MP4/MOV boxes; a box running past the end means a truncated file.

    A cut-off MP4 with its index at the front opens and decodes its first frame fine, then ends
    early in the middle of a render; this catches it at import.
    """
    offset = 0
    try:
        with open(p, "rb") as fh:
            while offset + 8 <= size:
                fh.seek(offset)
                header = fh.read(16)
                box_size = int.from_bytes(header[:4], "big")
                if box_size == 1 and len(header) >= 16:
                    box_size = int.from_bytes(header[8:16], "big")
                elif box_size == 0:  # runs to the end of the file
                    return
                if box_size < 8:
                    return  # not a box structure we understand; leave it to the decoder
                box_type = header[4:8]
                if offset + box_size > size and box_type not in _ISO_TOP_BOXES:
                    return  # trailing bytes that are not a box (some cameras pad files)
                offset += box_size
    except OSError:
        return
    if offset > size:
        missing = offset - size
        raise ProbeError(
            f"'{p}' is truncated: it looks like {what} but the last {missing:,} bytes are "
            "missing (an interrupted download or copy). Download or copy it again.",
            path=str(p),
            reason="truncated",
        )


def _is_animated_webp(head: bytes) -> bool:
    # VP8X chunk: flags byte at offset 20, animation bit 0x02.
    return head[12:16] == b"VP8X" and len(head) > 20 and bool(head[20] & 0x02)


def _probe_animated_webp(p: Path, size: int) -> ProbeInfo:
    """Animated WebP: PyAV's FFmpeg cannot decode it (the ffmpeg binary can), so ask Pillow."""
    from PIL import Image

    try:
        with Image.open(p) as im:
            width, height = im.size
            n = int(getattr(im, "n_frames", 1))
            total_ms = 0
            for i in range(n):
                im.seek(i)
                total_ms += int(im.info.get("duration", 0) or 100)
    except Exception as exc:  # noqa: BLE001 - any failure means the file is damaged
        raise _corrupt(p, "an animated WebP picture", exc) from None
    if n <= 1:
        return ProbeInfo(
            path=str(p),
            kind="image",
            format_name="webp_pipe",
            size_bytes=size,
            width=width,
            height=height,
            display_width=width,
            display_height=height,
            video_codec="webp",
        )
    rate = Fraction(n * 1000, max(1, total_ms))
    return ProbeInfo(
        path=str(p),
        kind="video",
        format_name="webp_pipe",
        size_bytes=size,
        duration_us=total_ms * 1000,
        width=width,
        height=height,
        display_width=width,
        display_height=height,
        fps_num=rate.numerator,
        fps_den=rate.denominator,
        video_codec="webp",
    )


def _unsupported(p: Path, what: str) -> ProbeError:
    looks = f"it is {what}" if what else "its content is not a format ffmpeg can read"
    return ProbeError(
        f"'{p}' is not a picture, video or sound file: {looks}. " + SUPPORTED_HINT,
        path=str(p),
        reason="unsupported",
    )


def _corrupt(p: Path, what: str, detail: object) -> ProbeError:
    looks = f"it looks like {what} but its" if what else "its"
    text = str(detail).strip() or type(detail).__name__
    return ProbeError(
        f"'{p}' is damaged or incomplete: {looks} data cannot be decoded ({text}). "
        "Download, copy or export it again.",
        path=str(p),
        reason="corrupt",
    )


__all__ = [
    "IMAGE_CODECS",
    "MediaKind",
    "ProbeError",
    "ProbeInfo",
    "ProblemCode",
    "check_file",
    "open_container",
    "probe",
    "sniff",
]
