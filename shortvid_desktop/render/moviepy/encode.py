"""``export_moviepy``: frames and mix encoded by MoviePy; cancel kills its encoder at once."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import proglog

from ...core.errors import RenderError
from ...jobs import Cancelled, CancelToken, Progress
from ..export import ExportResult, check_output_path, prepare_workdir
from ..graph import QUALITY_PRESETS, SAMPLE_RATE, EncoderSettings
from ..plan import RenderPlan
from ..process import track_leftovers
from .audio import mix_audio, normalise_loudness
from .frames import FrameRenderer
from .pictures import Array


class ProgressLogger(proglog.ProgressBarLogger):  # type: ignore[misc]
    """Maps MoviePy's progress bars onto the job's Progress; raises Cancelled when asked to."""

    def __init__(self, progress: Progress, cancel: CancelToken | None) -> None:
        super().__init__()
        self.progress = progress
        self.cancel = cancel

    def bars_callback(self, bar: str, attr: str, value: Any, old_value: Any = None) -> None:
        if self.cancel is not None and self.cancel.cancelled:
            raise Cancelled()
        if attr != "index":
            return
        total = self.bars.get(bar, {}).get("total") or 1
        done = min(1.0, (value + 1) / total)
        if bar == "chunk":
            self.progress(0.10 + 0.05 * done, "Encoding audio")
        elif bar == "frame_index":
            self.progress(0.15 + 0.85 * done, "Rendering (MoviePy)")


def _ffmpeg_params(enc: EncoderSettings) -> list[str]:
    params = [
        "-vf",
        "scale=out_color_matrix=bt709:out_range=tv:flags=bicubic,format=yuv420p",
        "-pix_fmt",
        "yuv420p",
        "-colorspace",
        "bt709",
        "-color_primaries",
        "bt709",
        "-color_trc",
        "bt709",
        "-color_range",
        "tv",
        "-movflags",
        "+faststart",
    ]
    if enc.codec == "libx264":
        params += ["-crf", str(enc.crf)]
        if enc.profile:
            params += ["-profile:v", enc.profile]
    for key, value in enc.extra:
        params += [f"-{key.lstrip('-')}", str(value)]
    return params


# MoviePy's encoder processes by output file, so a cancel can end one at once instead of letting it
# finish the frames x264 still holds (seconds at 1080p). Filled by the writer hook below.
_WRITERS: dict[str, subprocess.Popen[bytes]] = {}
_WRITERS_LOCK = threading.Lock()


def _hook_moviepy_writer() -> None:
    """Make MoviePy's FFMPEG_VideoWriter record its process in ``_WRITERS`` (once; harmless to
    other MoviePy users: the subclass only adds the bookkeeping)."""
    try:
        from moviepy.video.io import ffmpeg_writer
    except ImportError:  # pragma: no cover - MoviePy's layout changed: cancel per frame only
        return
    base = getattr(ffmpeg_writer, "FFMPEG_VideoWriter", None)
    if base is None or getattr(base, "_shortvid_tracked", False):
        return

    class TrackedWriter(base):  # type: ignore[misc, valid-type]
        _shortvid_tracked = True

        def __init__(self, filename: str, *args: Any, **kwargs: Any) -> None:
            super().__init__(filename, *args, **kwargs)
            with _WRITERS_LOCK:
                _WRITERS[os.path.abspath(str(filename))] = self.proc

        def close(self) -> None:
            with _WRITERS_LOCK:
                _WRITERS.pop(os.path.abspath(str(self.filename)), None)
            super().close()

    ffmpeg_writer.FFMPEG_VideoWriter = TrackedWriter


def _kill_writer(path: Path) -> None:
    with _WRITERS_LOCK:
        proc = _WRITERS.get(os.path.abspath(str(path)))
    if proc is not None and proc.poll() is None:
        proc.kill()


def export_moviepy(
    plan: RenderPlan,
    out_path: str | Path,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    encoder: EncoderSettings | None = None,
) -> ExportResult:
    """Render ``plan`` to ``out_path`` with MoviePy (the reference engine); see the module doc.

    Same contract as ``export.export``: a temp file beside the target renamed on success, so a
    failed or cancelled render leaves an earlier file untouched; Cancelled when ``cancel`` fires.
    """
    from moviepy import AudioArrayClip, VideoClip

    from .unsupported import check_supported

    check_supported(plan)  # anything it cannot draw as the graph does: said before any work
    started = time.monotonic()
    progress = progress or Progress()
    out = check_output_path(out_path)
    enc = encoder or QUALITY_PRESETS["reference"]
    if enc.global_args or enc.pix_fmt != "yuv420p":
        # An encoder that needs a device and GPU upload (VAAPI) cannot sit behind MoviePy's
        # writer: encode in software with the reference settings instead (ExportResult says so).
        enc = QUALITY_PRESETS["reference"]
    progress(0.0, "Checking fonts")
    workdir = Path(tempfile.mkdtemp(prefix="shortvid-mpy-"))
    tmp_out = out.with_name(f".{out.stem}.partial-{uuid.uuid4().hex[:8]}{out.suffix}")
    tracked = contextlib.ExitStack()  # a killed run's scratch is swept at the next start
    tracked.enter_context(track_leftovers(workdir, tmp_out))
    renderer: FrameRenderer | None = None
    unhook = cancel.on_cancel(lambda: _kill_writer(tmp_out)) if cancel is not None else None
    try:
        _hook_moviepy_writer()
        face = prepare_workdir(plan, workdir)
        progress(0.02, "Mixing audio")
        audio = mix_audio(plan, cancel)
        if cancel is not None:
            cancel.raise_if_cancelled()
        progress(0.07, "Measuring loudness")
        audio, measured = normalise_loudness(audio, plan.loudness_lufs, workdir)
        renderer = FrameRenderer(plan, workdir)
        fps = plan.fps

        def frame_function(t: float) -> Array:
            if cancel is not None and cancel.cancelled:
                raise Cancelled()
            assert renderer is not None
            return renderer.frame(int(round(float(t) * fps)))

        # A duration a hair over frames/fps so MoviePy's int(duration * fps) is exactly frames.
        clip = VideoClip(frame_function, duration=(plan.frames + 0.25) / fps)
        clip.fps = fps
        clip = clip.with_audio(AudioArrayClip(np.clip(audio, -1.0, 1.0), fps=SAMPLE_RATE))
        progress(0.10, "Rendering (MoviePy)")
        clip.write_videofile(
            str(tmp_out),
            fps=fps,
            codec=enc.codec,
            preset=enc.preset,
            audio=True,
            audio_fps=SAMPLE_RATE,
            audio_nbytes=2,
            audio_codec="aac",
            audio_bitrate=enc.audio_bitrate,
            temp_audiofile=str(workdir / "audio.m4a"),
            ffmpeg_params=_ffmpeg_params(enc),
            logger=ProgressLogger(progress, cancel),
        )
        if cancel is not None:
            cancel.raise_if_cancelled()
        if not tmp_out.is_file() or tmp_out.stat().st_size == 0:
            raise RenderError("MoviePy did not write the video", str(tmp_out))
        os.replace(tmp_out, out)
        progress(1.0, "Done")
        return ExportResult(
            path=out,
            seconds=time.monotonic() - started,
            encoder=enc.codec,
            font=str(face) if face else "",
            loudness_in=measured,
        )
    except OSError as exc:  # MoviePy reports a dead encoder as IOError (also when we killed it)
        if cancel is not None and cancel.cancelled:
            raise Cancelled() from None
        raise RenderError(f"The MoviePy render failed: {exc}", str(exc)[-2000:]) from exc
    finally:
        if unhook is not None:
            unhook()
        _kill_writer(tmp_out)  # only ever alive here after an error
        if renderer is not None:
            renderer.close()
        if tmp_out.exists():
            tmp_out.unlink()
        shutil.rmtree(workdir, ignore_errors=True)
        tracked.close()
