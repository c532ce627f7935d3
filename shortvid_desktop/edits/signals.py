"""A minimal observer: ``Signal.connect(fn)``, ``disconnect(fn)``, ``emit(*args)``.

References: a **bound method** is held weakly (``weakref.WeakMethod``), so a view that connects
``self._on_stack_changed`` does not stay alive because of the connection; once the view is collected
its slot is dropped silently. **Any other callable** (function, lambda, ``functools.partial``,
callable object) is held strongly, so ``signal.connect(lambda e: ...)`` keeps working; disconnect
it explicitly when done.

Slots are called in connection order. Connecting a slot that is already connected does nothing.
A slot that raises does not stop the others and does not propagate to the emitter (an edit that
already happened must not look as if it failed); the error is logged on this module's logger.
Slots may connect or disconnect slots while an emit is running; the change applies to the next
emit.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from types import MethodType
from typing import Any

__all__ = ["Signal"]

log = logging.getLogger(__name__)

Slot = Callable[..., Any]


class _Strong:
    """Same call shape as a weak reference: ``ref()`` returns the slot."""

    __slots__ = ("slot",)

    def __init__(self, slot: Slot) -> None:
        self.slot = slot

    def __call__(self) -> Slot:
        return self.slot


class Signal:
    """A list of slots called by :meth:`emit`; see the module docstring for reference rules."""

    def __init__(self, name: str = "") -> None:
        self.name = name
        self._refs: list[weakref.WeakMethod[Any] | _Strong] = []

    def __repr__(self) -> str:
        return f"<Signal {self.name or '?'} with {len(self)} slot(s)>"

    def __len__(self) -> int:
        return sum(1 for ref in self._refs if ref() is not None)

    def _index(self, slot: Slot) -> int:
        for i, ref in enumerate(self._refs):
            target = ref()
            if target is not None and target == slot:
                return i
        return -1

    def connect(self, slot: Slot) -> Slot:
        """Call ``slot(*args)`` on every emit. Returns ``slot`` (usable as a decorator)."""
        if not callable(slot):
            raise TypeError(f"Signal.connect needs a callable; got {slot!r}")
        if self._index(slot) >= 0:
            return slot
        ref: weakref.WeakMethod[Any] | _Strong
        if isinstance(slot, MethodType):
            ref = weakref.WeakMethod(slot, self._drop_dead)
        else:
            ref = _Strong(slot)
        self._refs = [*self._refs, ref]  # copy-on-write: a running emit keeps its list
        return slot

    def disconnect(self, slot: Slot | None = None) -> bool:
        """Remove ``slot`` (or every slot when None). Returns whether anything was connected."""
        if slot is None:
            had = bool(self._refs)
            self._refs = []
            return had
        i = self._index(slot)
        if i < 0:
            return False
        self._refs = self._refs[:i] + self._refs[i + 1 :]
        return True

    def emit(self, *args: Any) -> None:
        """Call every live slot with ``args``; a slot's exception is logged, not raised."""
        for ref in self._refs:
            slot = ref()
            if slot is None:
                continue
            try:
                slot(*args)
            except Exception:  # a listener's bug must not look like a failed edit
                log.exception("slot %r of signal %r raised", slot, self.name or self)

    def _drop_dead(self, dead: weakref.WeakMethod[Any]) -> None:
        self._refs = [ref for ref in self._refs if ref is not dead]
