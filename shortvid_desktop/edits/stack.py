"""Undo/redo: the Command protocol, MacroCommand and the CommandStack.

The stack mirrors ``QUndoStack`` so a Qt bridge can wrap it one to one: ``index`` (commands
applied), ``count``, ``can_undo``/``can_redo``, ``undo_text``/``redo_text``, ``text(i)``,
``set_index(i)``, ``undo_limit``, a clean marker (``set_clean``/``reset_clean``/``is_clean``/
``clean_index``) and change events.

Rules every command follows:

* ``apply(project)`` either makes the whole edit or raises (an :class:`EditError` for an impossible
  edit) having changed nothing: it validates first, then mutates with steps that cannot fail.
* ``revert(project)`` restores exactly the state ``apply`` started from; it is only ever called on
  the state ``apply`` left behind (the stack guarantees the order).
* Commands name their targets by id and look them up on every call; they never keep a reference
  to a live model object across calls (undo/redo may rebuild those objects).

Events (see :mod:`.signals`): ``changed`` emits a :class:`ChangeEvent` after a push, merge, undo,
redo, clean-state change or clear; ``clean_changed`` emits ``is_clean`` (bool) when it flips. Pushes
inside a transaction emit nothing until the transaction commits (one ``push`` event for the whole
MacroCommand); a rolled-back transaction emits nothing.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from ..core.model import Project
from .errors import EditError
from .signals import Signal

__all__ = ["ChangeEvent", "ChangeKind", "Command", "CommandStack", "MacroCommand"]

ChangeKind = Literal["push", "undo", "redo", "clean", "clear"]


class Command(ABC):
    """One named, reversible edit of a Project.

    Subclasses set ``text`` (the user-visible name, e.g. "Move clip") and implement ``apply`` and
    ``revert``. To merge consecutive edits (slider drags, typing) set ``merge_id`` to a value shared
    by commands of the same kind and implement ``merge_with``; ``is_obsolete`` lets a merged
    command that ended where it started (a slider dragged back) drop out of the history.
    """

    text: str = ""
    merge_id: str | None = None  # None: never merges

    @abstractmethod
    def apply(self, project: Project) -> None:
        """Make the edit, or raise having changed nothing."""

    @abstractmethod
    def revert(self, project: Project) -> None:
        """Undo the edit; called only on the state ``apply`` left."""

    def merge_with(self, other: Command) -> bool:
        """Absorb ``other`` (already applied, same ``merge_id``, pushed right after this one).

        Return True when merged: from then on this command reverts to the state before itself and
        re-applies to the state after ``other``. The default never merges.
        """
        return False

    def is_obsolete(self) -> bool:
        """True when the command (after apply or a merge) changes nothing; it is then dropped."""
        return False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.text!r}>"


class MacroCommand(Command):
    """A group of commands applied in order and reverted in reverse order, as one step.

    ``apply``/``revert`` are all-or-nothing: if a child fails, the children already done are put
    back before the error is re-raised.
    """

    def __init__(self, text: str, children: Sequence[Command] = ()) -> None:
        self.text = text
        self._children: list[Command] = list(children)

    @property
    def children(self) -> tuple[Command, ...]:
        return tuple(self._children)

    def apply(self, project: Project) -> None:
        done: list[Command] = []
        try:
            for child in self._children:
                child.apply(project)
                done.append(child)
        except BaseException:
            for child in reversed(done):
                child.revert(project)
            raise

    def revert(self, project: Project) -> None:
        undone: list[Command] = []
        try:
            for child in reversed(self._children):
                child.revert(project)
                undone.append(child)
        except BaseException:
            for child in reversed(undone):
                child.apply(project)
            raise

    def is_obsolete(self) -> bool:
        return all(child.is_obsolete() for child in self._children)

    # used by CommandStack.transaction
    def _append(self, command: Command) -> None:
        self._children.append(command)

    def _rollback_to(self, mark: int, project: Project) -> None:
        """Revert and drop the children after ``mark`` (newest first)."""
        while len(self._children) > mark:
            self._children[-1].revert(project)
            self._children.pop()


@dataclass(frozen=True)
class ChangeEvent:
    """What ``CommandStack.changed`` reports.

    ``kind``: 'push' (a command or committed transaction was applied; ``merged`` is True when it
    was folded into the previous command, which is then ``command``), 'undo', 'redo', 'clean'
    (the clean state flipped; see ``CommandStack.is_clean``) or 'clear' (history dropped; the
    project did not change). ``index`` is the stack index after the change.
    """

    kind: ChangeKind
    command: Command | None
    index: int
    merged: bool = False


class CommandStack:
    """The undo history of one Project.

    Use it from one thread (the GUI thread); it is not locked. It does not touch
    ``project.modified``: the owner (session) can do that from the ``changed`` event.
    """

    def __init__(self, project: Project, *, undo_limit: int = 0) -> None:
        if undo_limit < 0:
            raise ValueError("undo_limit must be 0 (no limit) or more")
        self._project = project
        self._commands: list[Command] = []
        self._index = 0
        self._clean_index = 0  # -1: the clean state can no longer be reached
        self._undo_limit = undo_limit
        self._macro: MacroCommand | None = None
        self._merge_allowed = True
        self.changed = Signal("changed")
        self.clean_changed = Signal("clean_changed")

    # ------------------------------------------------------------------ state
    @property
    def project(self) -> Project:
        return self._project

    @property
    def index(self) -> int:
        """How many commands are applied (the next undo is ``command(index - 1)``)."""
        return self._index

    @property
    def count(self) -> int:
        return len(self._commands)

    @property
    def can_undo(self) -> bool:
        return self._index > 0 and self._macro is None

    @property
    def can_redo(self) -> bool:
        return self._index < len(self._commands) and self._macro is None

    @property
    def undo_text(self) -> str:
        return self._commands[self._index - 1].text if self._index > 0 else ""

    @property
    def redo_text(self) -> str:
        return self._commands[self._index].text if self._index < len(self._commands) else ""

    @property
    def is_clean(self) -> bool:
        return self._clean_index == self._index

    @property
    def clean_index(self) -> int:
        """The index marked clean, or -1 when that state is gone (never clean until set again)."""
        return self._clean_index

    @property
    def undo_limit(self) -> int:
        return self._undo_limit

    @undo_limit.setter
    def undo_limit(self, limit: int) -> None:
        if limit < 0:
            raise ValueError("undo_limit must be 0 (no limit) or more")
        if self._commands:
            raise EditError("the undo limit can only be set while the history is empty")
        self._undo_limit = limit

    @property
    def in_transaction(self) -> bool:
        return self._macro is not None

    def command(self, i: int) -> Command:
        return self._commands[i]

    def text(self, i: int) -> str:
        return self._commands[i].text

    # ------------------------------------------------------------------ editing
    def push(self, command: Command) -> None:
        """Apply ``command`` and record it (or merge it into the previous one).

        If ``apply`` raises, the error propagates and neither the project nor the stack changes.
        A command that changes nothing (``is_obsolete()`` after apply) is not recorded. Recording
        drops the redo branch.
        """
        if not isinstance(command, Command):
            raise TypeError(f"push needs a Command; got {command!r}")
        command.apply(self._project)  # all-or-nothing by contract; raises before any change
        if self._macro is not None:
            if not command.is_obsolete():
                self._macro._append(command)
            return
        was_clean = self.is_clean
        top = self._commands[self._index - 1] if self._index > 0 else None
        if (
            top is not None
            and self._merge_allowed
            and self._index != self._clean_index  # never merge into the saved state
            and top.merge_id is not None
            and top.merge_id == command.merge_id
            and top.merge_with(command)
        ):
            self._drop_redo_branch()
            if top.is_obsolete():
                self._commands.pop()
                self._index -= 1
            self._emit(ChangeEvent("push", top, self._index, merged=True), was_clean)
            return
        if command.is_obsolete():
            return
        self._record(command)
        self._emit(ChangeEvent("push", command, self._index), was_clean)

    def undo(self) -> bool:
        """Revert the last applied command. Returns False when there is nothing to undo."""
        self._check_idle("undo")
        if self._index == 0:
            return False
        was_clean = self.is_clean
        command = self._commands[self._index - 1]
        command.revert(self._project)
        self._index -= 1
        self._merge_allowed = False
        self._emit(ChangeEvent("undo", command, self._index), was_clean)
        return True

    def redo(self) -> bool:
        """Re-apply the next command. Returns False when there is nothing to redo."""
        self._check_idle("redo")
        if self._index >= len(self._commands):
            return False
        was_clean = self.is_clean
        command = self._commands[self._index]
        command.apply(self._project)
        self._index += 1
        self._merge_allowed = False
        self._emit(ChangeEvent("redo", command, self._index), was_clean)
        return True

    def set_index(self, index: int) -> None:
        """Undo or redo until ``index`` commands are applied (what a history list does)."""
        self._check_idle("jump in the history")
        if not 0 <= index <= len(self._commands):
            raise EditError(f"history index {index} is outside 0..{len(self._commands)}")
        while self._index > index:
            self.undo()
        while self._index < index:
            self.redo()

    def break_merge(self) -> None:
        """The next push starts a new undo step even if it could merge (call on mouse release,
        focus out, or a typing pause)."""
        self._merge_allowed = False

    def clear(self) -> None:
        """Forget the history (the project stays as it is). The current state becomes clean."""
        self._check_idle("clear the history")
        was_clean = self.is_clean
        self._commands.clear()
        self._index = 0
        self._clean_index = 0
        self._merge_allowed = True
        self._emit(ChangeEvent("clear", None, 0), was_clean)

    def set_clean(self) -> None:
        """Mark the current state as saved."""
        self._check_idle("mark the project saved")
        was_clean = self.is_clean
        self._clean_index = self._index
        self._emit(None, was_clean)

    def reset_clean(self) -> None:
        """Forget the saved state: the project counts as modified until ``set_clean``."""
        self._check_idle("reset the saved state")
        was_clean = self.is_clean
        self._clean_index = -1
        self._emit(None, was_clean)

    @contextmanager
    def transaction(self, text: str) -> Iterator[MacroCommand]:
        """Group the pushes made inside into one undo step named ``text``.

        On an exception inside, everything pushed in the block is reverted (newest first) and the
        exception re-raised; the stack and project are as before. A transaction inside another
        folds into it: its pushes become part of the outer step, and an exception that escapes it
        reverts only its own pushes (like a savepoint) before propagating. Nothing is recorded for
        a block that pushed nothing. Commands do not merge inside a transaction, and undo/redo
        are refused while one is open.
        """
        outer = self._macro
        if outer is not None:
            mark = len(outer._children)
            try:
                yield outer
            except BaseException:
                outer._rollback_to(mark, self._project)
                raise
            return
        macro = MacroCommand(text)
        self._macro = macro
        try:
            yield macro
        except BaseException:
            try:
                macro._rollback_to(0, self._project)
            finally:
                self._macro = None
            raise
        self._macro = None
        if not macro._children:
            return
        if not text and len(macro._children) == 1:
            macro.text = macro._children[0].text
        was_clean = self.is_clean
        self._record(macro)
        self._emit(ChangeEvent("push", macro, self._index), was_clean)

    # ------------------------------------------------------------------ internals
    def _check_idle(self, what: str) -> None:
        if self._macro is not None:
            raise EditError(f"cannot {what} while the edit {self._macro.text!r} is in progress")

    def _drop_redo_branch(self) -> None:
        del self._commands[self._index :]
        if self._clean_index > self._index:
            self._clean_index = -1

    def _record(self, command: Command) -> None:
        self._drop_redo_branch()
        self._commands.append(command)
        self._index += 1
        self._merge_allowed = True
        if self._undo_limit and len(self._commands) > self._undo_limit:
            extra = len(self._commands) - self._undo_limit
            del self._commands[:extra]
            self._index -= extra
            if self._clean_index >= 0:
                self._clean_index -= extra
                if self._clean_index < 0:
                    self._clean_index = -1

    def _emit(self, event: ChangeEvent | None, was_clean: bool) -> None:
        if event is not None:
            self.changed.emit(event)
        if self.is_clean != was_clean:
            self.clean_changed.emit(self.is_clean)
            self.changed.emit(ChangeEvent("clean", None, self._index))
