"""The MoviePy reference engine: the same RenderPlan rendered frame by frame in Python.

It is slow on purpose and exists for two reasons: tests compare its frames with the FFmpeg graph
(graph.py) to keep the fast path honest, and users can pick it as a compatibility engine
(``--engine moviepy``). It reads only the plan and re-implements every step of the graph from the
filters' definitions rather than calling them:

- Fitting: ``fill`` crops the source to the canvas' shape (even sizes) at the focus point (offset
  rounded to nearest, then down to even on 4:2:0 video, as the crop filter does) and scales the
  crop to the canvas; ``fit_pad`` fits inside, truncates to even and pads black;
  ``fit_blur`` puts the fitted picture over a cover-scaled copy at 1/8 size blurred with the same
  recursive filter as ``gblur`` (Alvarez-Mazorra, one step), darkened with ``eq``'s brightness
  table (on Y only) and scaled up bilinearly. Scaling is Pillow's bicubic (swscale's differs by
  about 45 dB).
- Ken Burns: the rectangles of ``graph.ken_burns_rects`` and the same easing, with progress
  k / (F - 1) over the segment's frames 0..F-1; each frame shows exactly its rectangle (output
  pixel centre x + 0.5 reads source x0 + (x + 0.5) * rw / w, bilinear, no rounding to any grid).
- Video clips: frames from ``source_in_us`` picked like ``-ss`` + ``fps=R:start_time=0`` (round
  to nearest) and the last frame held when the clip is short (``tpad=stop_mode=clone``).
- Windowed sub-plans (render/window.py) work too: ``skip_frames``/``total_frames`` continue Ken
  Burns and video sources, and captions are timed on the full output's clock
  (``time_offset_us``).
- Transitions follow ``xfade`` exactly: the transition starts at the incoming segment's
  ``start_frame`` and lasts ``transition_frames``; progress = 1 - k / T falls from 1 (all of the
  outgoing picture) and the frame at k = T is all incoming. ``fade``, ``fadeblack``,
  ``fadewhite``, ``slide*``, ``wipe*`` and ``zoomin`` use xfade's formulas (fading to xfade's own
  black/white, Y = 0/255 in YUV); any other kind falls back to a crossfade.
- Captions, title card, overlays and the text watermark: the very ASS script the graph burns in
  (captions.build_ass), rendered by the same libass through the bundled ffmpeg onto black and onto
  white BT.709 Y'CbCr canvases (as the graph burns them into Y'CbCr: on an RGB canvas libass
  colours come out squeezed to 16..235); the two renders give each pixel's colour and coverage,
  so the captions match the fast engine's to ~55-60 dB. Only frames where the captions change
  are sent (mpdecimate), and one caption picture is held at a time.
- Watermark image: the same size, position and opacity as the graph's overlay (in its corner,
  or moved and scaled on the canvas like ``transform_graph.watermark``).
- Placement and keyframes (``motion``): a main-track picture moved on the canvas (over black),
  the overlay tracks' pictures and videos (a GIF/WebP sticker loops and keeps its transparency;
  in/out animations are keys already in the plan; a video at its clip's speed; each graded by
  its clip's look around its alpha; a text item with emoji is such a picture) at the values
  of the graph's own expressions (``transform_graph.value_expr``) on the same clock; scaled to
  the graph's even sizes, turned with ``rotate``'s mapping inside its square, faded, and put at
  ``overlay``'s even corner.
- Speed, freeze frame and reverse (``sources``): frames picked like ``setpts=PTS/speed`` +
  ``fps``; a freeze frame holds the in-point's frame; a reversed clip's frames are picked forward
  and shown last first (held in memory, as ``reverse`` does). The sound runs the graph's
  ``atempo`` chain through PyAV (pitch kept) and is reversed sample by sample.
- Colour (``looks``): each look on 8-bit Y'CbCr like ``effects_graph.grade``: ``eq``
  (fixed-point, its float values), ``colortemperature`` and tetrahedral ``lut3d`` on rounded
  RGB, ``vignette``; on the same input equal to the filters' output (a LUT: but for 1 level
  on the odd pixel; tests/render/test_moviepy_parity.py).
- What it cannot draw the graph's way is refused up front (``unsupported``): a MediaError
  naming the feature and the clip, never a different picture.
- Audio: voice pieces, clip audio and looped music with the same volumes and fades, the music
  ducked by a port of ``sidechaincompress`` (same threshold, ratio, attack, release and knee; its
  detector runs on 1 ms blocks) and the mix brought to the plan's loudness with one measured gain
  (pyloudnorm, or ffmpeg's ebur128 when pyloudnorm is missing) and a peak limiter at -1.5 dBFS.
  It is encoded to AAC 48 kHz stereo by MoviePy.

Video is encoded by MoviePy's ``write_videofile`` (libx264 by default, the "reference" preset:
medium, CRF 20), converted to BT.709 limited-range 4:2:0 like the graph. Frames are made one at a
time by ``VideoClip(frame_function)``; nothing holds more than the few pictures a frame needs
(peak memory does not grow with the length). Cancel is checked every frame and kills MoviePy's
encoder at once; the output is a temp file renamed on success, like ``export.export``.

Modules: ``pictures`` (colour spaces, fitting, Ken Burns), ``transitions``, ``sources`` (video
clips, speed, freeze, reverse), ``motion`` (placement), ``looks`` (colour grading), ``captions``
(libass layers, watermarks), ``frames`` (``FrameRenderer``, ``ReferenceFrames``), ``audio`` (mix,
re-timing, ducking, loudness), ``unsupported`` and ``encode`` (``export_moviepy``).
"""

from __future__ import annotations

from .audio import (
    PEAK_LIMIT_DBFS,
    atempo,
    decode_audio,
    integrated_loudness,
    limit_peaks,
    mix_audio,
    normalise_loudness,
    piece_audio,
    sidechain_gain,
)
from .captions import CaptionLayer, composite, watermark_layer
from .encode import ProgressLogger, export_moviepy
from .frames import FrameRenderer, ReferenceFrames
from .looks import grade, read_cube
from .motion import place, rotate, values_at
from .pictures import (
    contain_size,
    cover_size,
    fit_picture,
    gblur,
    ken_burns_frame,
    ken_burns_progress,
    rgb_to_yuv709,
    sample_rect,
    yuv709_to_rgb,
)
from .sources import FrozenSource, ReversedSource, VideoSource
from .transitions import DRAWN_KINDS, XFADE_KINDS, xfade, xfade_progress
from .unsupported import check_supported, unsupported

__all__ = [
    "DRAWN_KINDS",
    "CaptionLayer",
    "FrameRenderer",
    "FrozenSource",
    "PEAK_LIMIT_DBFS",
    "ProgressLogger",
    "ReferenceFrames",
    "ReversedSource",
    "VideoSource",
    "XFADE_KINDS",
    "atempo",
    "check_supported",
    "composite",
    "contain_size",
    "cover_size",
    "decode_audio",
    "export_moviepy",
    "fit_picture",
    "gblur",
    "grade",
    "integrated_loudness",
    "ken_burns_frame",
    "ken_burns_progress",
    "limit_peaks",
    "mix_audio",
    "normalise_loudness",
    "piece_audio",
    "place",
    "read_cube",
    "rgb_to_yuv709",
    "rotate",
    "sample_rect",
    "sidechain_gain",
    "unsupported",
    "values_at",
    "watermark_layer",
    "xfade",
    "xfade_progress",
    "yuv709_to_rgb",
]
