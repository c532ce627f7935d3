"""Errors raised by the store. Each message names the database file or the missing thing."""

from __future__ import annotations

from ..core.errors import ShortVidError


class StoreError(ShortVidError):
    """Something is wrong with the database (unreadable, closed, misuse of a protected row)."""


class NotFoundError(StoreError, KeyError):
    """A project, revision, asset, template or export that the caller named does not exist.

    Also a ``KeyError`` so ``except KeyError`` works; ``str()`` gives the plain message (a bare
    ``KeyError`` would quote it).
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class SchemaTooNewError(StoreError):
    """The database was written by a newer ShortVid; this one will not touch it."""

    def __init__(self, path: str, found: int, known: int) -> None:
        self.path = path
        self.found = found
        self.known = known
        super().__init__(
            f"{path}: this database has schema version {found}, written by a newer ShortVid "
            f"(this one knows up to version {known}). Update ShortVid, or point SHORTVID_HOME at "
            "another folder. The file has not been changed."
        )


class BuiltinTemplateError(StoreError):
    """A built-in template cannot be overwritten by a user template or deleted."""
