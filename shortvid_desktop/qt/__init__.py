"""The window (the only package that imports PySide6)."""

from __future__ import annotations

import sys


def _guard_none_refcount() -> bool:
    """Work around a PySide6 6.12 bug on Python < 3.12: methods returning void hand back ``None``
    without a new reference, so every such call lowers None's reference count and the process
    aborts ("none_dealloc") after a few thousand calls. Python 3.12+ makes None immortal, which
    hides the bug; here None is given the same practical immortality. Only done when the bug is
    measured, so a fixed PySide6 leaves None alone. Returns whether the guard was applied."""
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QSize

    size = QSize()
    before = sys.getrefcount(None)
    for _ in range(16):
        size.setWidth(1)
    if sys.getrefcount(None) >= before:
        return False
    import ctypes

    # ob_refcnt is the first field of every object in a CPython (non-debug) build
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    return True


NONE_GUARD_APPLIED = _guard_none_refcount()
