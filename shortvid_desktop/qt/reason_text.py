"""Plain-words reasons for files that cannot be used (media/reasons.py), in the UI language.

The importer hands the window each rejection as a ``Reason``: an English sentence template and its
fields. The template and every field but the file name are translated here (context "Reasons");
the strings below are those of media/reasons.py, listed for the translators' tools
(tests/qt/test_reason_text.py keeps the two lists equal).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication

CONTEXT = "Reasons"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


class ReasonLike(Protocol):
    template: str
    fields: dict[str, str]


TEMPLATES = (
    QT_TRANSLATE_NOOP("Reasons", "{name} was not found — it was moved, renamed or deleted."),
    QT_TRANSLATE_NOOP(
        "Reasons", "{name} is a folder — drop or import the folder to add what is inside it."
    ),
    QT_TRANSLATE_NOOP("Reasons", "{name} is not a file (it is a device, pipe or socket)."),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "{name} cannot be opened — you may not have permission to read it, or its drive is disconnected.",  # noqa: E501 - one literal for the translators' tools
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "{name} is empty (0 bytes) — probably an interrupted download or copy. Download or copy it again.",  # noqa: E501 - one literal for the translators' tools
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "{name} holds no picture or sound. Use a picture (JPEG, PNG), a video (MP4, MOV) or a sound (MP3, WAV).",  # noqa: E501 - one literal for the translators' tools
    ),
    QT_TRANSLATE_NOOP("Reasons", "{name} has no sound to use as music."),
    QT_TRANSLATE_NOOP(
        "Reasons", "{name} is a HEIC photo, which this app cannot read — save it as JPEG."
    ),
    QT_TRANSLATE_NOOP("Reasons", "{name} is not {expected} — it is {what}."),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "{name} is not a picture, clip or sound file — it is {what}. Use a picture (JPEG, PNG), a video (MP4, MOV) or a sound (MP3, WAV).",  # noqa: E501 - one literal for the translators' tools
    ),
    QT_TRANSLATE_NOOP(
        "Reasons", "{name} is not {expected} — it is damaged, or not {expected} at all."
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "{name} is not a picture, clip or sound file — its content is not one we can read. Use a picture (JPEG, PNG), a video (MP4, MOV) or a sound (MP3, WAV).",  # noqa: E501 - one literal for the translators' tools
    ),
    QT_TRANSLATE_NOOP("Reasons", "{name} is not {expected} — it is a broken or misnamed {actual}."),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "{name} is damaged or incomplete — its end is missing (an interrupted download or copy). Download or copy it again.",  # noqa: E501 - one literal for the translators' tools
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "{name} is {what} this app cannot read. Use a picture (JPEG, PNG), a video (MP4, MOV) or a sound (MP3, WAV).",  # noqa: E501 - one literal for the translators' tools
    ),
    QT_TRANSLATE_NOOP(
        "Reasons", "{name} is damaged or incomplete. Download, copy or export it again."
    ),
    QT_TRANSLATE_NOOP(
        "Reasons", "{name} cannot be read — check that its drive is connected, then try again."
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "{name} could not be read. Try converting it to MP4, PNG or WAV and import the copy.",
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "The folder {name} cannot be opened — check its permissions, or import the files inside it directly.",  # noqa: E501 - one literal for the translators' tools
    ),
)
VOCABULARY = (
    QT_TRANSLATE_NOOP("Reasons", "a picture"),
    QT_TRANSLATE_NOOP("Reasons", "a video"),
    QT_TRANSLATE_NOOP("Reasons", "a sound file"),
    QT_TRANSLATE_NOOP("Reasons", "picture"),
    QT_TRANSLATE_NOOP("Reasons", "video"),
    QT_TRANSLATE_NOOP("Reasons", "sound file"),
    QT_TRANSLATE_NOOP("Reasons", "sound or video file"),
    QT_TRANSLATE_NOOP("Reasons", "video or sound file"),
    QT_TRANSLATE_NOOP("Reasons", "a text file"),
    QT_TRANSLATE_NOOP("Reasons", "a web page"),
    QT_TRANSLATE_NOOP("Reasons", "a playlist"),
    QT_TRANSLATE_NOOP("Reasons", "an SVG drawing (export it as PNG first)"),
    QT_TRANSLATE_NOOP("Reasons", "a PDF document"),
    QT_TRANSLATE_NOOP("Reasons", "a ZIP archive (or an Office document)"),
    QT_TRANSLATE_NOOP("Reasons", "a RAR archive"),
    QT_TRANSLATE_NOOP("Reasons", "a 7-Zip archive"),
    QT_TRANSLATE_NOOP("Reasons", "a gzip archive"),
    QT_TRANSLATE_NOOP("Reasons", "a program"),
    QT_TRANSLATE_NOOP("Reasons", "a database"),
    QT_TRANSLATE_NOOP("Reasons", "an old Office document"),
    QT_TRANSLATE_NOOP("Reasons", "a WMV/WMA file"),
    QT_TRANSLATE_NOOP("Reasons", "an MPEG-PS video"),
    QT_TRANSLATE_NOOP("Reasons", "an MPEG-TS video"),
    QT_TRANSLATE_NOOP("Reasons", "an FLV video"),
)


def reason_text(reason: ReasonLike) -> str:
    """``reason`` in the UI language (English where no translation is installed)."""

    def tr(text: str) -> str:
        return QCoreApplication.translate(CONTEXT, text)

    fields = {k: (v if k == "name" else tr(v)) for k, v in reason.fields.items()}
    try:
        return tr(reason.template).format(**fields)
    except (KeyError, IndexError, ValueError):  # a translation that lost a field
        return reason.template.format(**reason.fields)


__all__ = ["TEMPLATES", "VOCABULARY", "reason_text"]
