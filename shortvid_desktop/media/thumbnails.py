"""Thumbnails and waveforms, cached on disk by content hash.

``thumbnail`` makes a JPEG no larger than ``max_size`` (a picture, a video frame, or a waveform
picture for sound), turned upright. ``waveform`` returns the peak level per bucket of the sound.
Both live in ``paths.cache_dir("thumbs")``; their file names start with the content hash, so a
moved file keeps its cache and a changed file gets a new one. Writes are atomic (temp + rename),
so two workers asking for the same thumbnail at once are safe.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from ..core.errors import MediaError
from .hashing import content_hash as _content_hash
from .hashing import short_key
from .probe import ProbeError, ProbeInfo, check_file, open_container, probe

if TYPE_CHECKING:
    from av.container import InputContainer
    from av.video.frame import VideoFrame
    from av.video.stream import VideoStream
    from PIL import Image as PILImage

    from ..jobs import CancelToken

THUMB_DIR = "thumbs"
JPEG_QUALITY = 85
BACKGROUND = (255, 255, 255)  # under transparent pictures
WAVE_BACKGROUND = (30, 30, 36)
WAVE_COLOUR = (79, 195, 247)
_MAX_FRAMES_AFTER_SEEK = 300
WAVEFORM_POINTS = 200  # the default, shared by audio thumbnails so one decode serves both


def thumbnail(
    path: str | os.PathLike[str],
    max_size: tuple[int, int] = (320, 320),
    *,
    content_hash: str | None = None,
) -> Path:
    """Return a cached JPEG thumbnail of ``path`` that fits in ``max_size`` (width, height).

    Pictures are downscaled (EXIF orientation applied); videos show their first frame, or the frame
    at about 10% for videos longer than 2 s; sound shows a waveform picture. Rotation metadata is
    respected. Pass ``content_hash`` when known (e.g. ``Asset.content_hash``) to skip hashing.
    Raises :class:`~shortvid_desktop.core.errors.MediaError` when the file cannot be used.
    """
    box = _box(max_size)
    p, _ = check_file(path)
    digest = content_hash or _hash(p)
    out = paths.cache_dir(THUMB_DIR) / f"{short_key(digest)}_{box[0]}x{box[1]}.jpg"
    if out.exists():
        return out
    info = probe(p)
    if info.kind == "image":
        picture = _image_picture(p, info, box)
    elif info.kind == "video":
        picture = _video_picture(p, info, box)
    else:
        picture = waveform_picture(waveform(p, WAVEFORM_POINTS, content_hash=digest), box)
    picture = _fit(picture, box)
    _atomic_write(out, lambda fh: picture.save(fh, "JPEG", quality=JPEG_QUALITY, optimize=True))
    return out


def waveform(
    path: str | os.PathLike[str],
    points: int = WAVEFORM_POINTS,
    *,
    content_hash: str | None = None,
    cancel: CancelToken | None = None,
) -> list[float]:
    """Peak level (0..1 of full scale, mono mix) in each of ``points`` equal slices of the sound.

    Works for sound files and for videos with sound; cached as JSON next to the thumbnails.
    Raises :class:`~shortvid_desktop.core.errors.MediaError` when the file has no sound or cannot
    be used, and :class:`~shortvid_desktop.jobs.Cancelled` when ``cancel`` is set while decoding.
    """
    if points < 1:
        raise ValueError("points must be at least 1")
    p, _ = check_file(path)
    digest = content_hash or _hash(p)
    out = paths.cache_dir(THUMB_DIR) / f"{short_key(digest)}_wave{points}.json"
    if out.exists():
        try:
            data = json.loads(out.read_text(encoding="utf-8"))
            if isinstance(data, list) and len(data) == points:
                return [float(x) for x in data]
        except (OSError, ValueError):
            pass  # a damaged cache entry is rebuilt
    peaks = _decode_peaks(p, points, cancel)
    text = json.dumps([round(v, 4) for v in peaks])
    _atomic_write(out, lambda fh: fh.write(text.encode("utf-8")))
    return peaks


def waveform_picture(peaks: list[float], size: tuple[int, int] = (320, 180)) -> PILImage.Image:
    """Draw ``peaks`` as mirrored bars; the picture fills ``size`` (height at most 9/16 width)."""
    from PIL import Image, ImageDraw

    width = max(1, size[0])
    height = max(1, min(size[1], round(width * 9 / 16)))
    img = Image.new("RGB", (width, height), WAVE_BACKGROUND)
    draw = ImageDraw.Draw(img)
    mid = height / 2
    draw.line([(0, mid), (width, mid)], fill=tuple(c // 2 for c in WAVE_COLOUR))
    if not peaks:
        return img
    loudest = max(max(peaks), 1e-3)
    step = width / len(peaks)
    bar = max(1.0, step * 0.7)
    for i, peak in enumerate(peaks):
        half = max(0.5, (peak / loudest) * (height * 0.45))
        x0 = i * step
        draw.rectangle([x0, mid - half, x0 + bar - 1, mid + half], fill=WAVE_COLOUR)
    return img


# --------------------------------------------------------------------------- helpers
def _box(max_size: tuple[int, int]) -> tuple[int, int]:
    w, h = int(max_size[0]), int(max_size[1])
    if w < 1 or h < 1:
        raise ValueError(f"max_size must be positive, got {max_size!r}")
    return w, h


def _hash(p: Path) -> str:
    try:
        return _content_hash(p)
    except OSError as exc:
        raise MediaError(
            f"'{p}' cannot be read ({exc.strerror or exc}). Check the file and try again.",
            path=str(p),
        ) from None


def _atomic_write(out: Path, write: Callable[[object], object]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=out.stem + ".", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, out)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _fit(img: PILImage.Image, box: tuple[int, int]) -> PILImage.Image:
    from PIL import Image

    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        flat = Image.new("RGB", rgba.size, BACKGROUND)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        img = flat
    elif img.mode != "RGB":
        img = img.convert("RGB")
    if img.width > box[0] or img.height > box[1]:
        img.thumbnail(box, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return img


def _upright(img: PILImage.Image, clockwise: int) -> PILImage.Image:
    from PIL import Image

    turn = {
        90: Image.Transpose.ROTATE_270,
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_90,
    }.get(clockwise % 360)
    return img.transpose(turn) if turn is not None else img


def _image_picture(p: Path, info: ProbeInfo, box: tuple[int, int]) -> PILImage.Image:
    from PIL import Image, ImageOps

    try:
        with Image.open(p) as im:
            if im.format == "JPEG":
                im.draft("RGB", (box[0] * 2, box[1] * 2))  # decode at a reduced scale
            im.load()
            return ImageOps.exif_transpose(im) or im.copy()
    except Exception:  # noqa: BLE001 - Pillow lacks some formats PyAV reads; use PyAV then
        pass
    return _upright(_first_frame_image(p, info, box, 0), info.rotation)


def _video_picture(p: Path, info: ProbeInfo, box: tuple[int, int]) -> PILImage.Image:
    target_us = info.duration_us // 10 if info.duration_us > 2_000_000 else 0
    try:
        img = _first_frame_image(p, info, box, target_us)
    except MediaError:
        if info.format_name != "webp_pipe":
            raise
        from PIL import Image  # animated WebP: PyAV cannot decode it, Pillow can

        with Image.open(p) as im:
            im.seek(0)
            img = im.convert("RGBA")
    return _upright(img, info.rotation)


def _first_frame_image(
    p: Path, info: ProbeInfo, box: tuple[int, int], target_us: int
) -> PILImage.Image:
    """Decode the video frame at (or just after) ``target_us`` and return it, not yet rotated."""
    import av

    try:
        with open_container(p) as container:
            stream = next(
                s
                for s in container.streams.video
                if not (s.disposition & av.stream.Disposition.attached_pic)
            )
            stream.thread_type = "AUTO"
            frame = None
            if target_us > 0 and stream.time_base:
                start = stream.start_time or 0
                target_pts = start + int(target_us / 1_000_000 / stream.time_base)
                try:
                    container.seek(target_pts, stream=stream, backward=True)
                    frame = _decode_until(container, stream, target_pts)
                except av.FFmpegError:
                    frame = None
                if frame is None:
                    container.seek(0)
            if frame is None:
                frame = _decode_until(container, stream, None)
            if frame is None:
                raise ProbeError(
                    f"'{p}' is damaged: no picture could be decoded. Export it again.",
                    path=str(p),
                    reason="corrupt",
                )
            return _frame_to_image(frame, info, box)
    except (av.FFmpegError, StopIteration) as exc:
        raise ProbeError(
            f"'{p}' is damaged: its picture cannot be decoded ({exc}). Export it again.",
            path=str(p),
            reason="corrupt",
        ) from None


def _decode_until(
    container: InputContainer, stream: VideoStream, target_pts: int | None
) -> VideoFrame | None:
    last = None
    for count, frame in enumerate(container.decode(stream)):
        last = frame
        if target_pts is None or frame.pts is None or frame.pts >= target_pts:
            return frame
        if count >= _MAX_FRAMES_AFTER_SEEK:
            break
    return last


def _frame_to_image(frame: VideoFrame, info: ProbeInfo, box: tuple[int, int]) -> PILImage.Image:
    # Let swscale do the bulk of a large downscale, Pillow the last (quality) step.
    dw, dh = info.display_width or frame.width, info.display_height or frame.height
    scale = min(1.0, 2.0 * min(box[0] / dw, box[1] / dh)) if dw and dh else 1.0
    if scale < 1.0:
        width = max(2, round(frame.width * scale))
        height = max(2, round(frame.height * scale))
        return frame.to_image(width=width, height=height)
    return frame.to_image()


WAVE_RATE = 8000  # samples a second decoded for a waveform: plenty for bars a few pixels wide


def _decode_peaks(p: Path, points: int, cancel: CancelToken | None) -> list[float]:
    """``points`` peak levels (0..1) of the sound of ``p``, its channels averaged (a mix-down
    whose weights sum to one). ffmpeg decodes it in a child process (float samples through a
    pipe), so the app's interpreter is free meanwhile: opening and decoding the file with PyAV
    here held the GIL for tens of milliseconds, which stalled the window as an export started."""
    import subprocess

    import numpy as np

    from ..jobs.spawn import no_window
    from .ffmpeg import ffmpeg_exe

    mono = f"aresample={WAVE_RATE}:rematrix_maxval=1.0,aformat=sample_fmts=flt:channel_layouts=mono"
    cmd = [ffmpeg_exe(), "-v", "error", "-nostdin", "-i", os.fspath(p), "-vn", "-map", "0:a:0"]
    cmd += ["-af", mono, "-f", "f32le", "-"]
    proc = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **no_window()
    )
    remove = cancel.on_cancel(proc.kill) if cancel is not None else None
    try:
        raw, err = proc.communicate(timeout=600)  # far more than decoding ever takes
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raw, err = b"", b""
    finally:
        if remove is not None:
            remove()
    if cancel is not None:
        cancel.raise_if_cancelled()
    samples = np.frombuffer(raw[: len(raw) // 4 * 4], dtype="<f4")
    if not samples.size:
        if b"matches no streams" in err:
            raise ProbeError(
                f"'{p}' has no sound, so it has no waveform. Pick a sound file or a video with "
                "sound.",
                path=str(p),
                reason="no_audio",
            )
        if proc.returncode != 0:
            raise ProbeError(
                f"'{p}' is damaged: its sound cannot be decoded. Download or export it again.",
                path=str(p),
                reason="corrupt",
            )
        return [0.0] * points  # a damaged tail keeps what was decoded; silence is zeros
    level = np.abs(samples)
    edges = np.linspace(0, level.size, points + 1).astype(np.int64)
    out: list[float] = []
    for i in range(points):
        lo = min(int(edges[i]), level.size - 1)
        hi = max(lo + 1, int(edges[i + 1]))
        out.append(float(min(1.0, level[lo:hi].max())))
    return out


__all__ = ["THUMB_DIR", "thumbnail", "waveform", "waveform_picture"]
