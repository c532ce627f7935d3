"""Why a file cannot be used, in plain words: what the file is named as, what it really is, what
to do. No codec or library internals ("moov atom not found", "Invalid data found when
processing input"): those stay in the technical message of the error.

``explain(path, error)`` turns a rejection (a :class:`~.probe.ProbeError` with its ``reason``
code, or any other error) into a :class:`Reason`: one of the sentence ``TEMPLATES`` and its
fields; ``plain_reason`` is its English text, e.g.

- ``photo.jpg is not a picture — it is a broken or misnamed video.``
- ``notes.txt is not a picture, clip or sound file — it is a text file. Use a picture …``
- ``x.mp4 is damaged or incomplete. Download, copy or export it again.``

The importer keeps both (``ImportResult.rejected`` the text, ``ImportResult.reasons`` the
Reason), so the CLI prints the text and the window shows it in the UI language: it translates
the template and every field but the file name (``VOCABULARY`` lists the words a field can hold;
qt/reason_text.py lists the same strings for the translators).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .probe import ProbeError, sniff

# --------------------------------------------------------------------------- the sentences
MISSING = "{name} was not found — it was moved, renamed or deleted."
FOLDER = "{name} is a folder — drop or import the folder to add what is inside it."
NOT_A_FILE = "{name} is not a file (it is a device, pipe or socket)."
UNREADABLE = (
    "{name} cannot be opened — you may not have permission to read it, or its drive is "
    "disconnected."
)
EMPTY = (
    "{name} is empty (0 bytes) — probably an interrupted download or copy. Download or copy it "
    "again."
)
NO_MEDIA = (
    "{name} holds no picture or sound. Use a picture (JPEG, PNG), a video (MP4, MOV) or a sound "
    "(MP3, WAV)."
)
NO_SOUND = "{name} has no sound to use as music."
HEIC = "{name} is a HEIC photo, which this app cannot read — save it as JPEG."
NOT_EXPECTED_IS = "{name} is not {expected} — it is {what}."
NOT_MEDIA_IS = (
    "{name} is not a picture, clip or sound file — it is {what}. Use a picture (JPEG, PNG), a "
    "video (MP4, MOV) or a sound (MP3, WAV)."
)
NOT_EXPECTED_UNKNOWN = "{name} is not {expected} — it is damaged, or not {expected} at all."
NOT_MEDIA_UNKNOWN = (
    "{name} is not a picture, clip or sound file — its content is not one we can read. Use a "
    "picture (JPEG, PNG), a video (MP4, MOV) or a sound (MP3, WAV)."
)
MISNAMED = "{name} is not {expected} — it is a broken or misnamed {actual}."
TRUNCATED = (
    "{name} is damaged or incomplete — its end is missing (an interrupted download or copy). "
    "Download or copy it again."
)
CANNOT_READ_KIND = (
    "{name} is {what} this app cannot read. Use a picture (JPEG, PNG), a video (MP4, MOV) or a "
    "sound (MP3, WAV)."
)
DAMAGED = "{name} is damaged or incomplete. Download, copy or export it again."
DRIVE = "{name} cannot be read — check that its drive is connected, then try again."
ODD = "{name} could not be read. Try converting it to MP4, PNG or WAV and import the copy."
FOLDER_UNREADABLE = (
    "The folder {name} cannot be opened — check its permissions, or import the files inside it "
    "directly."
)

TEMPLATES = (
    MISSING,
    FOLDER,
    NOT_A_FILE,
    UNREADABLE,
    EMPTY,
    NO_MEDIA,
    NO_SOUND,
    HEIC,
    NOT_EXPECTED_IS,
    NOT_MEDIA_IS,
    NOT_EXPECTED_UNKNOWN,
    NOT_MEDIA_UNKNOWN,
    MISNAMED,
    TRUNCATED,
    CANNOT_READ_KIND,
    DAMAGED,
    DRIVE,
    ODD,
    FOLDER_UNREADABLE,
)

# --------------------------------------------------------------------------- the words
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

# What the first bytes say it is (descriptions from probe.sniff), as a kind of media.
_ACTUAL_WORDS = (
    ("picture", "picture"),
    ("drawing", "picture"),
    ("photo", "picture"),
    ("sound or video", "sound or video file"),
    ("wmv/wma", "video or sound file"),
    ("video", "video"),
    ("sound", "sound file"),
)

# Everything but a file name that a field can hold: the nouns above and probe.sniff's
# descriptions of files that are not media (and of media this app cannot read).
VOCABULARY = (
    "a picture",
    "a video",
    "a sound file",
    "picture",
    "video",
    "sound file",
    "sound or video file",
    "video or sound file",
    "a text file",
    "a web page",
    "a playlist",
    "an SVG drawing (export it as PNG first)",
    "a PDF document",
    "a ZIP archive (or an Office document)",
    "a RAR archive",
    "a 7-Zip archive",
    "a gzip archive",
    "a program",
    "a database",
    "an old Office document",
    "a WMV/WMA file",
    "an MPEG-PS video",
    "an MPEG-TS video",
    "an FLV video",
)


@dataclass(frozen=True)
class Reason:
    """One plain sentence: a template of :data:`TEMPLATES` and its fields (``name`` is the file
    name; the other fields hold words of :data:`VOCABULARY` or a file-type description)."""

    template: str
    fields: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        return self.template.format(**self.fields)


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


def explain(path: str | os.PathLike[str], error: BaseException | str) -> Reason:
    """Why ``path`` cannot be used, as a :class:`Reason` (see the module docstring)."""
    p = Path(path)
    name = p.name or str(p)
    code = getattr(error, "reason", "") if isinstance(error, ProbeError) else ""
    simple = {
        "missing": MISSING,
        "directory": FOLDER,
        "not_regular": NOT_A_FILE,
        "unreadable": UNREADABLE,
        "empty": EMPTY,
        "no_media": NO_MEDIA,
        "no_audio": NO_SOUND,
    }
    if code in simple:
        return Reason(simple[code], {"name": name})
    if code in ("unsupported", "corrupt", "truncated"):
        return _content_reason(p, name, code)
    if isinstance(error, OSError) or "cannot be read" in str(error):
        return Reason(DRIVE, {"name": name})
    return Reason(ODD, {"name": name})


def _content_reason(p: Path, name: str, code: str) -> Reason:
    what = _what_it_is(p)
    actual = _actual_kind(what)
    expected = expected_kind(p)
    a_expected = _NOUN_A.get(expected, "")
    if what.startswith("a HEIF"):
        return Reason(HEIC, {"name": name})
    if what and not actual:  # recognised, and not media: a text file, a PDF, an archive
        if expected:
            return Reason(NOT_EXPECTED_IS, {"name": name, "expected": a_expected, "what": what})
        return Reason(NOT_MEDIA_IS, {"name": name, "what": what})
    if not what:  # bytes no format starts with
        if expected:
            return Reason(NOT_EXPECTED_UNKNOWN, {"name": name, "expected": a_expected})
        return Reason(NOT_MEDIA_UNKNOWN, {"name": name})
    if expected and expected not in actual:  # media of another kind that does not decode
        return Reason(MISNAMED, {"name": name, "expected": a_expected, "actual": actual})
    if code == "truncated":
        return Reason(TRUNCATED, {"name": name})
    if code == "unsupported":
        return Reason(CANNOT_READ_KIND, {"name": name, "what": what})
    return Reason(DAMAGED, {"name": name})


def explain_folder(path: str | os.PathLike[str]) -> Reason:
    """A folder that cannot be listed."""
    return Reason(FOLDER_UNREADABLE, {"name": Path(path).name or str(path)})


def plain_reason(path: str | os.PathLike[str], error: BaseException | str) -> str:
    """One plain sentence (or two: the second says what to do) that names ``path``."""
    return explain(path, error).text()


def plain_folder_reason(path: str | os.PathLike[str]) -> str:
    """A folder that cannot be listed, in plain words."""
    return explain_folder(path).text()


__all__ = [
    "TEMPLATES",
    "VOCABULARY",
    "Reason",
    "expected_kind",
    "explain",
    "explain_folder",
    "plain_folder_reason",
    "plain_reason",
]
