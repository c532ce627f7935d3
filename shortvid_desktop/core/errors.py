"""Errors that reach the user. Each message names the file or field and says what to do."""

from __future__ import annotations


class ShortVidError(Exception):
    """Base of the app's own errors."""


class BadInputError(ShortVidError):
    """The user's input cannot be used (CLI exit code 2). The message says which and why."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(message)


class MediaError(BadInputError):
    """A media file is missing, unreadable, corrupt or of an unsupported type."""


class RenderError(ShortVidError):
    """ffmpeg failed; ``log_tail`` holds the end of its log."""

    def __init__(self, message: str, log_tail: str = "") -> None:
        self.log_tail = log_tail
        super().__init__(message)


class VoiceError(ShortVidError):
    """A voice engine could not speak a text."""


class EnvironmentProblem(ShortVidError):
    """Not the input but this machine: a full disk, a read-only or missing folder, a locked
    database, a missing program (CLI exit code 1). The message names the place and what to do."""


class DataFolderError(EnvironmentProblem, OSError):
    """ShortVid's data folder cannot be created or written. Also an OSError, so code that
    tolerates a missing cache (``except OSError``) goes on without one."""
