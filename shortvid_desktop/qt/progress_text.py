"""Progress messages from the lower layers (English, Qt-free) in the UI language."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("Progress", text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


_SOURCES = frozenset(
    {
        QT_TRANSLATE_NOOP("Progress", "Checking fonts"),
        QT_TRANSLATE_NOOP("Progress", "Done"),
        QT_TRANSLATE_NOOP("Progress", "Looking for media files"),
        QT_TRANSLATE_NOOP("Progress", "Measuring loudness"),
        QT_TRANSLATE_NOOP("Progress", "Rendering sound"),
        QT_TRANSLATE_NOOP("Progress", "Rendering"),
        QT_TRANSLATE_NOOP("Progress", "Rendering preview"),
        QT_TRANSLATE_NOOP("Progress", "Repairing the AI answer"),
        QT_TRANSLATE_NOOP("Progress", "Script ready (offline)"),
        QT_TRANSLATE_NOOP("Progress", "Voices ready"),
        QT_TRANSLATE_NOOP("Progress", "Writing the script"),
        QT_TRANSLATE_NOOP("Progress", "Splitting the script into scenes"),
        QT_TRANSLATE_NOOP("Progress", "Downloaded"),
    }
)
_PATTERNS = (
    (
        re.compile(r"^Rendering frame (\d+) of (\d+)$"),
        lambda m: QCoreApplication.translate("Progress", "Rendering frame {0} of {1}").format(
            *m.groups()
        ),
    ),
    (
        re.compile(r"^Voicing scene (\d+) of (\d+)$"),
        lambda m: QCoreApplication.translate("Progress", "Voicing scene {0} of {1}").format(
            *m.groups()
        ),
    ),
    (
        re.compile(r"^Writing the script: scene (\d+)$"),
        lambda m: QCoreApplication.translate("Progress", "Writing the script: scene {0}").format(
            *m.groups()
        ),
    ),
    (
        re.compile(r"^Script ready: (\d+) scenes$"),
        lambda m: QCoreApplication.translate("Progress", "Script ready: {0} scenes").format(
            *m.groups()
        ),
    ),
    (
        re.compile(r"^Checking (.+) \((\d+) of (\d+)\)$"),
        lambda m: QCoreApplication.translate("Progress", "Checking {0} ({1} of {2})").format(
            *m.groups()
        ),
    ),
    (
        re.compile(r"^Asking (.+) for a script$"),
        lambda m: QCoreApplication.translate("Progress", "Asking {0} for a script").format(
            *m.groups()
        ),
    ),
    (  # the visuals picker (session.visuals)
        re.compile(r"^Searching (\S+) for “(.*)”$"),
        lambda m: QCoreApplication.translate("Progress", "Searching {0} for “{1}”").format(
            *m.groups()
        ),
    ),
    (
        re.compile(r"^Downloading (.+)'s file: ([\d.]+) MB$"),
        lambda m: QCoreApplication.translate("Progress", "Downloading {0}'s file: {1} MB").format(
            *m.groups()
        ),
    ),
    (
        re.compile(r"^Downloading (.+)'s file$"),
        lambda m: QCoreApplication.translate("Progress", "Downloading {0}'s file").format(
            *m.groups()
        ),
    ),
    (
        re.compile(r"^(\d+) candidates$"),
        lambda m: QCoreApplication.translate("Progress", "{0} candidates").format(*m.groups()),
    ),
)


def progress_text(message: str) -> str:
    """``message`` translated when it is one the app knows, else as it is."""
    if message in _SOURCES:
        return _t(message)
    for pattern, render in _PATTERNS:
        m = pattern.match(message)
        if m:
            return render(m)
    return message
