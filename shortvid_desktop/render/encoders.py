"""Choosing the video encoder: hardware encoders are used only after a real one-frame encode
worked on this machine; otherwise libx264. The export reports which encoder ran."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from dataclasses import replace

from ..jobs.spawn import no_window
from ..media.ffmpeg import ffmpeg_encoders, ffmpeg_exe
from .graph import QUALITY_PRESETS, EncoderSettings

# name -> (extra global args before inputs, the pixel format it takes from memory)
HARDWARE: dict[str, tuple[tuple[str, ...], str]] = {
    "h264_nvenc": ((), "yuv420p"),
    "h264_qsv": ((), "nv12"),
    "h264_videotoolbox": ((), "yuv420p"),
    "h264_amf": ((), "nv12"),
    "h264_vaapi": (("-vaapi_device", "/dev/dri/renderD128"), "vaapi"),
}

# quality preset -> per-encoder settings (constant-quality modes, H.264 High)
_HW_QUALITY = {
    "h264_nvenc": {"draft": ("p2", 30), "standard": ("p5", 23), "high": ("p6", 19)},
    "h264_qsv": {"draft": ("veryfast", 30), "standard": ("medium", 23), "high": ("slow", 19)},
    "h264_videotoolbox": {"draft": ("", 45), "standard": ("", 62), "high": ("", 72)},
    "h264_amf": {"draft": ("speed", 30), "standard": ("balanced", 23), "high": ("quality", 19)},
    "h264_vaapi": {"draft": ("", 30), "standard": ("", 23), "high": ("", 19)},
}


def _probe_args(name: str) -> list[str]:
    pre, pix = HARDWARE[name]
    vf = ["-vf", "format=nv12,hwupload"] if pix == "vaapi" else ["-pix_fmt", pix]
    return [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        *pre,
        "-f",
        "lavfi",
        "-i",
        "color=c=gray:s=256x256:r=30:d=0.1",
        *vf,
        "-frames:v",
        "1",
        "-c:v",
        name,
        "-f",
        "null",
        "-",
    ]


_probe_lock = threading.Lock()


def _device_missing(name: str) -> bool:
    """On Linux, an encoder whose device nodes are absent cannot work: not probed (each probe is
    an ffmpeg start, ~20 ms, on the way to every first export). NVENC needs the NVIDIA driver's
    nodes (or WSL's /dev/dxg); QSV, AMF and VA-API a DRM render node."""
    if not sys.platform.startswith("linux"):
        return False
    if name == "h264_nvenc":
        return not any(os.path.exists(p) for p in ("/dev/nvidiactl", "/dev/nvidia0", "/dev/dxg"))
    if name in ("h264_qsv", "h264_amf", "h264_vaapi"):
        return not os.path.isdir("/dev/dri")
    return False


def working_hardware_encoders() -> tuple[str, ...]:
    """Hardware H.264 encoders that really encoded a frame here (probed once per process: a
    caller while another probes waits for its answer)."""
    with _probe_lock:
        return _working_hardware_encoders()


@functools.cache
def _working_hardware_encoders() -> tuple[str, ...]:
    found = []
    available = ffmpeg_encoders()
    for name in HARDWARE:
        if name not in available or _device_missing(name):
            continue
        try:
            proc = subprocess.run(
                _probe_args(name), capture_output=True, timeout=15, check=False, **no_window()
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if proc.returncode == 0:
            found.append(name)
    return tuple(found)


def encoder_report() -> dict[str, object]:
    """For ``doctor``: what is compiled in and what works."""
    available = ffmpeg_encoders()
    return {
        "compiled": sorted(n for n in HARDWARE if n in available),
        "working": list(working_hardware_encoders()),
        "default": choose_encoder("auto", "standard").codec,
    }


def hardware_settings(name: str, quality: str) -> EncoderSettings:
    preset, q = _HW_QUALITY[name].get(quality, _HW_QUALITY[name]["standard"])
    base = QUALITY_PRESETS.get(quality, QUALITY_PRESETS["standard"])
    extra: list[tuple[str, str]] = [("profile:v", "high")]
    if name == "h264_nvenc":
        extra += [("preset", preset), ("rc", "vbr"), ("cq", str(q)), ("b:v", "0")]
    elif name == "h264_qsv":
        extra += [("preset", preset), ("global_quality", str(q))]
    elif name == "h264_videotoolbox":
        extra += [("q:v", str(q))]
    elif name == "h264_amf":
        extra += [("quality", preset), ("rc", "cqp"), ("qp_i", str(q)), ("qp_p", str(q))]
    elif name == "h264_vaapi":
        extra += [("qp", str(q))]
    return EncoderSettings(
        codec=name,
        preset="",
        crf=0,
        audio_bitrate=base.audio_bitrate,
        aac_coder=base.aac_coder,
        extra=tuple(extra),
        profile=None,
        pix_fmt=HARDWARE[name][1],
        global_args=HARDWARE[name][0],
    )


def choose_encoder(preference: str, quality: str) -> EncoderSettings:
    """``preference``: "auto" (a working hardware encoder, else libx264), "libx264", or an
    encoder name (used when it works, else libx264)."""
    software = QUALITY_PRESETS.get(quality, QUALITY_PRESETS["standard"])
    if preference == "libx264":
        return software
    working = working_hardware_encoders()
    if preference == "auto":
        return hardware_settings(working[0], quality) if working else software
    if preference in working:
        return hardware_settings(preference, quality)
    return replace(software)


def window_encoder(enc: EncoderSettings, workers: int, cores: int | None = None) -> EncoderSettings:
    """``enc`` for one of ``workers`` windows encoding at once: each window keeps to its share of
    the cores (cores // workers, at least 1) instead of every window starting threads for all
    of them. libx264 gets ``threads`` = that share (by default it starts ~1.5 frame threads a
    core plus lookahead threads), and the filter graph ``-filter_complex_threads`` = that share.

    Measured on 2 cores, 2 windows, the reference job at standard (benchmarks/RESULTS.md,
    "Standard preset, session 7"): the two halves encoded at once cost 22.6-24.0 CPU-s with one
    x264 thread each against 24.5-25.6 with x264's own (5 pairs, same size to 0.1 %); the two
    windows' graphs 9.2-10.0 CPU-s with one filter thread each against 9.4-10.4. The graph
    thread of each window keeps the other core busy, so the wall time does not grow. One
    window, a hardware encoder, or threads already chosen: ``enc`` unchanged."""
    if enc.codec != "libx264" or workers <= 1 or any(k == "threads" for k, _ in enc.extra):
        return enc
    share = str(max(1, (cores or os.cpu_count() or 1) // workers))
    return replace(
        enc,
        extra=(*enc.extra, ("threads", share)),
        global_args=(*enc.global_args, "-filter_complex_threads", share),
    )
