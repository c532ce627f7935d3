"""Why a file cannot be used, in plain words: what the file is named as, what it really is, what
to do. No codec or library internals ("moov atom not found", "Invalid data found when
processing input"): those stay in the technical message of the error.

``plain_reason(path, error)`` turns a rejection (a :class:`~.probe.ProbeError` with its
``reason`` code, or any other error) into one sentence that names the file, e.g.

- ``photo.jpg is not a picture — it is a broken or misnamed video.``
- ``notes.txt is not a picture, clip or sound file — it is a text file.``
- ``x.mp4 is damaged or incomplete — its end is missing. Download or copy it again.``

Used by the importer, so the window (Messages panel, notice bar, "Not imported" list) and the
CLI say the same thing.
"""

from __future__ import annotations

import os
from pathlib import Path

from .probe import ProbeError, sniff

# What the name promises, by extension.
_EXPECTED: dict[str, str] = {}
for _ext in (
    "jpg jpeg jpe jfif png apng webp gif bmp tif tiff heic heif avif jxl tga qoi ppm pgm psd "
    "exr hdr dds pcx"
).split():
    _EXPECTED[_ext] = "picture"
for _ext in "mp4 m4v mov mkv webm avi wmv flv mpg mpeg mts m2ts ts 3gp 3g2 ogv vob mxf".split():
    _EXPECTED[_ext] = "video"
for _ext in "mp3 wav m4a m4b aac flac ogg oga opus wma aif aiff caf amr ac3 mka".split():
    _EXPECTED[_ext] = "sound file"

_NOUN_A = {"picture": "a picture", "video": "a video", "sound file": "a sound file"}

# What the first bytes say it is (descriptions from probe.sniff), as one of the three nouns.
_ACTUAL_WORDS = (
    ("picture", "picture"),
    ("drawing", "picture"),
    ("photo", "picture"),
    ("sound or video", "sound or video file"),
    ("wmv/wma", "video or sound file"),
    ("video", "video"),
    ("sound", "sound file"),
)

ANY = "a picture, clip or sound file"
USE_INSTEAD = "Use a picture (JPEG, PNG), a video (MP4, MOV) or a sound (MP3, WAV)."


def expected_kind(path: str | os.PathLike[str]) -> str:
    """What the file's name says it is: "picture", "video", "sound file", or "" (no hint)."""
    return _EXPECTED.get(Path(path).suffix.lower().lstrip("."), "")


def _actual_kind(what: str) -> str:
    low = what.lower()
    for word, kind in _ACTUAL_WORDS:
        if word in low:
            return kind
    return ""


def _what_it_is(path: Path) -> str:
    """The content's description from its first bytes ("" when unknown or unreadable)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64 * 1024)
    except OSError:
        return ""
    return sniff(head)[0]


def _plain_what(what: str) -> str:
    """A sniff description without format jargon where a person would not need it."""
    if what.startswith("an SVG drawing"):
        return "an SVG drawing (export it as PNG first)"
    return what


def plain_reason(path: str | os.PathLike[str], error: BaseException | str) -> str:
    """One plain sentence (or two: the second says what to do) that names ``path``."""
    p = Path(path)
    name = p.name or str(p)
    code = getattr(error, "reason", "") if isinstance(error, ProbeError) else ""
    expected = expected_kind(p)
    if code == "missing":
        return f"{name} was not found — it was moved, renamed or deleted."
    if code == "directory":
        return f"{name} is a folder — drop or import the folder to add what is inside it."
    if code == "not_regular":
        return f"{name} is not a file (it is a device, pipe or socket)."
    if code == "unreadable":
        return (
            f"{name} cannot be opened — you may not have permission to read it, or its drive "
            "is disconnected."
        )
    if code == "empty":
        return (
            f"{name} is empty (0 bytes) — probably an interrupted download or copy. "
            "Download or copy it again."
        )
    if code == "no_media":
        return f"{name} holds no picture or sound. {USE_INSTEAD}"
    if code == "no_audio":
        return f"{name} has no sound to use as music."
    if code in ("unsupported", "corrupt", "truncated"):
        return _content_reason(p, name, code, expected)
    if isinstance(error, OSError) or "cannot be read" in str(error):
        return f"{name} cannot be read — check that its drive is connected, then try again."
    return f"{name} could not be read. Try converting it to MP4, PNG or WAV and import the copy."


def _content_reason(p: Path, name: str, code: str, expected: str) -> str:
    what = _what_it_is(p)
    actual = _actual_kind(what)
    a_expected = _NOUN_A.get(expected, "")
    if what.startswith("a HEIF"):
        return f"{name} is a HEIC photo, which this app cannot read — save it as JPEG."
    if what and not actual:  # recognised, and not media: a text file, a PDF, an archive
        if expected:
            return f"{name} is not {a_expected} — it is {_plain_what(what)}."
        return f"{name} is not {ANY} — it is {_plain_what(what)}. {USE_INSTEAD}"
    if not what:  # bytes no format starts with
        if expected:
            return f"{name} is not {a_expected} — it is damaged, or not {a_expected} at all."
        return f"{name} is not {ANY} — its content is not one we can read. {USE_INSTEAD}"
    if expected and expected not in actual:  # media of another kind that does not decode
        return f"{name} is not {a_expected} — it is a broken or misnamed {actual}."
    if code == "truncated":
        return (
            f"{name} is damaged or incomplete — its end is missing (an interrupted download "
            "or copy). Download or copy it again."
        )
    if code == "unsupported":
        return f"{name} is {_plain_what(what)} this app cannot read. {USE_INSTEAD}"
    return f"{name} is damaged or incomplete. Download, copy or export it again."


def plain_folder_reason(path: str | os.PathLike[str]) -> str:
    """A folder that cannot be listed."""
    name = Path(path).name or str(path)
    return (
        f"The folder {name} cannot be opened — check its permissions, or import the files "
        "inside it directly."
    )


__all__ = ["ANY", "expected_kind", "plain_folder_reason", "plain_reason"]
