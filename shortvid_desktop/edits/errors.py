"""The error an impossible edit raises."""

from __future__ import annotations

from ..core.errors import BadInputError

__all__ = ["EditError"]


class EditError(BadInputError, ValueError):
    """An edit that cannot be made (unknown id, negative time, wrong track kind, ...).

    Raised before anything changes: the project and the stack are as they were. The message says
    what was asked and why it cannot be done; ``path`` names the field when one field is at fault.
    """
