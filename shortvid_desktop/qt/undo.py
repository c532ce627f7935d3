"""The QUndoStack bridge over the session's CommandStack.

The CommandStack (edits/) is the one source of truth: it applies commands, merges slider drags
and groups transactions. ``UndoBridge`` mirrors it into a real ``QUndoStack`` so Qt's undo
machinery works unchanged: ``createUndoAction``/``createRedoAction`` enable and name themselves,
a ``QUndoView`` lists the history and jumping in it undoes/redoes the real commands, and the
clean state drives the window's "unsaved" mark.

Every domain push that records a new step pushes one ``_Mirror`` (whose first ``redo`` does
nothing: the edit is already made); a domain merge pushes a mirror that merges into the top one
(Qt then drops it, or drops both when the merged command became a no-op). Undo/redo asked of Qt
drive the domain stack; undo/redo done on the domain stack directly are replayed onto Qt without
driving back. Views listen to ``changed`` (every domain event, as a Qt signal).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.errors import BadInputError
from ..core.serial import ValidationError
from ..edits import ChangeEvent, Command, CommandStack, EditError

_MERGE_ID = 0x5157


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


# The names of the edits (edits/ is Qt-free and English); listed so lupdate extracts them.
COMMAND_TEXTS = (
    QT_TRANSLATE_NOOP("Commands", "Add clip"),
    QT_TRANSLATE_NOOP("Commands", "Delete clip"),
    QT_TRANSLATE_NOOP("Commands", "Ripple delete clip"),
    QT_TRANSLATE_NOOP("Commands", "Ripple delete clips"),
    QT_TRANSLATE_NOOP("Commands", "Move clip"),
    QT_TRANSLATE_NOOP("Commands", "Move clips"),
    QT_TRANSLATE_NOOP("Commands", "Trim clip"),
    QT_TRANSLATE_NOOP("Commands", "Split clip"),
    QT_TRANSLATE_NOOP("Commands", "Split clips"),
    QT_TRANSLATE_NOOP("Commands", "Duplicate clip"),
    QT_TRANSLATE_NOOP("Commands", "Duplicate clips"),
    QT_TRANSLATE_NOOP("Commands", "Delete clips"),
    QT_TRANSLATE_NOOP("Commands", "Change fit"),
    QT_TRANSLATE_NOOP("Commands", "Move focus"),
    QT_TRANSLATE_NOOP("Commands", "Change Ken Burns"),
    QT_TRANSLATE_NOOP("Commands", "Change transition"),
    QT_TRANSLATE_NOOP("Commands", "Add transition"),
    QT_TRANSLATE_NOOP("Commands", "Remove transition"),
    QT_TRANSLATE_NOOP("Commands", "Insert clip"),
    QT_TRANSLATE_NOOP("Commands", "Edit main track"),
    QT_TRANSLATE_NOOP("Commands", "Change volume"),
    QT_TRANSLATE_NOOP("Commands", "Edit text"),
    QT_TRANSLATE_NOOP("Commands", "Change scene"),
    QT_TRANSLATE_NOOP("Commands", "Edit word timings"),
    QT_TRANSLATE_NOOP("Commands", "Replace media"),
    QT_TRANSLATE_NOOP("Commands", "Change clip"),
    QT_TRANSLATE_NOOP("Commands", "Change clips"),
    QT_TRANSLATE_NOOP("Commands", "Edit narration"),
    QT_TRANSLATE_NOOP("Commands", "Edit on-screen text"),
    QT_TRANSLATE_NOOP("Commands", "Edit scene"),
    QT_TRANSLATE_NOOP("Commands", "Change caption style"),
    QT_TRANSLATE_NOOP("Commands", "Reset caption style"),
    QT_TRANSLATE_NOOP("Commands", "Add scene"),
    QT_TRANSLATE_NOOP("Commands", "Delete scene"),
    QT_TRANSLATE_NOOP("Commands", "Move scene"),
    QT_TRANSLATE_NOOP("Commands", "Assign media to scene"),
    QT_TRANSLATE_NOOP("Commands", "Rewrite scene"),
    QT_TRANSLATE_NOOP("Commands", "Set script"),
    QT_TRANSLATE_NOOP("Commands", "Generate script"),
    QT_TRANSLATE_NOOP("Commands", "Apply template"),
    QT_TRANSLATE_NOOP("Commands", "Rename project"),
    QT_TRANSLATE_NOOP("Commands", "Change language"),
    QT_TRANSLATE_NOOP("Commands", "Change voice"),
    QT_TRANSLATE_NOOP("Commands", "Change music"),
    QT_TRANSLATE_NOOP("Commands", "Change project settings"),
    QT_TRANSLATE_NOOP("Commands", "Set music"),
    QT_TRANSLATE_NOOP("Commands", "Add asset"),
    QT_TRANSLATE_NOOP("Commands", "Remove asset"),
    QT_TRANSLATE_NOOP("Commands", "Relink media"),
    QT_TRANSLATE_NOOP("Commands", "Add track"),
    QT_TRANSLATE_NOOP("Commands", "Lay out timeline"),
    QT_TRANSLATE_NOOP("Commands", "Re-voice scenes"),
    QT_TRANSLATE_NOOP("Commands", "Add media to timeline"),
    QT_TRANSLATE_NOOP("Commands", "Add text"),
    QT_TRANSLATE_NOOP("Commands", "Tiny canvas"),
    # sound (edits/commands/audio.py)
    QT_TRANSLATE_NOOP("Commands", "Change fades"),
    QT_TRANSLATE_NOOP("Commands", "Change fade-in"),
    QT_TRANSLATE_NOOP("Commands", "Change fade-out"),
    QT_TRANSLATE_NOOP("Commands", "Change volume line"),
    QT_TRANSLATE_NOOP("Commands", "Add volume point"),
    QT_TRANSLATE_NOOP("Commands", "Move volume point"),
    QT_TRANSLATE_NOOP("Commands", "Remove volume point"),
    QT_TRANSLATE_NOOP("Commands", "Clear volume points"),
    QT_TRANSLATE_NOOP("Commands", "Change music length"),
    QT_TRANSLATE_NOOP("Commands", "Loop music to the video"),
    QT_TRANSLATE_NOOP("Commands", "Trim music to the video"),
    QT_TRANSLATE_NOOP("Commands", "Snap cuts to beats"),
    QT_TRANSLATE_NOOP("Commands", "Change speed"),  # speed and colour (edits/commands/effects.py)
    QT_TRANSLATE_NOOP("Commands", "Reverse clip"),
    QT_TRANSLATE_NOOP("Commands", "Play clip forwards"),
    QT_TRANSLATE_NOOP("Commands", "Freeze frame"),
    QT_TRANSLATE_NOOP("Commands", "Change colour"),
    QT_TRANSLATE_NOOP("Commands", "Change video colour"),
    QT_TRANSLATE_NOOP("Commands", "Move on canvas"),
    QT_TRANSLATE_NOOP("Commands", "Scale on canvas"),
    QT_TRANSLATE_NOOP("Commands", "Rotate on canvas"),
    QT_TRANSLATE_NOOP("Commands", "Change placement"),
    QT_TRANSLATE_NOOP("Commands", "Add keyframe"),
    QT_TRANSLATE_NOOP("Commands", "Remove keyframe"),
    QT_TRANSLATE_NOOP("Commands", "Move watermark"),
    QT_TRANSLATE_NOOP("Commands", "Edit caption"),
    QT_TRANSLATE_NOOP("Commands", "Change keyframe easing"),
    QT_TRANSLATE_NOOP("Commands", "Add sticker"),  # text items (edits/commands/text.py)
    QT_TRANSLATE_NOOP("Commands", "Change text style"),
    QT_TRANSLATE_NOOP("Commands", "Change animation in"),
    QT_TRANSLATE_NOOP("Commands", "Change animation out"),
)
_PATTERNS = (
    (re.compile(r"^Import (\d+) media files$"), QT_TRANSLATE_NOOP("Commands", "Import %n file(s)")),
    (re.compile(r"^Change (.+)$"), QT_TRANSLATE_NOOP("Commands", "Change %1")),
)


def command_text(text: str) -> str:
    """A command's name in the UI language."""
    tr = QCoreApplication.translate
    if text in COMMAND_TEXTS:
        return tr("Commands", text)
    m = _PATTERNS[0][0].match(text)
    if m:
        return tr("Commands", _PATTERNS[0][1], "", int(m.group(1)))
    m = _PATTERNS[1][0].match(text)
    if m:  # "Change caption size" and other template paths
        return tr("Commands", _PATTERNS[1][1]).replace("%1", m.group(1))
    return text


class _Mirror(QUndoCommand):
    def __init__(self, bridge: UndoBridge, text: str, merge: bool = False) -> None:
        super().__init__(command_text(text))
        self._bridge = bridge
        self._fresh = True
        self._merge = merge

    def id(self) -> int:
        return _MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Mirror) or not other._merge:
            return False
        top = self._bridge.stack
        if top.index > 0:
            self.setText(command_text(top.undo_text))
        self.setObsolete(self._bridge._obsolete_merge)
        return True

    def redo(self) -> None:
        if self._fresh:
            self._fresh = False
            return
        self._bridge._drive("redo")

    def undo(self) -> None:
        self._bridge._drive("undo")


class UndoBridge(QObject):
    """Mirrors a CommandStack into ``self.qstack`` and reports every change as a Qt signal."""

    changed = Signal(object)  # ChangeEvent
    clean_changed = Signal(bool)
    error = Signal(str)  # an edit that could not be made, with the reason

    def __init__(self, stack: CommandStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.qstack = QUndoStack(self)
        self._stack: CommandStack | None = None
        self._replaying = False  # replaying a domain change onto Qt: mirrors must not drive
        self._driving = False  # Qt is driving the domain stack
        self._obsolete_merge = False
        self.set_stack(stack)

    # ------------------------------------------------------------------ wiring
    @property
    def stack(self) -> CommandStack:
        assert self._stack is not None
        return self._stack

    def set_stack(self, stack: CommandStack) -> None:
        """Follow another CommandStack (a new or opened project): the Qt history is rebuilt."""
        if self._stack is not None:
            self._stack.changed.disconnect(self._on_stack_changed)
            self._stack.clean_changed.disconnect(self._on_stack_clean_changed)
        self._stack = stack
        self._replaying = True
        try:
            self.qstack.clear()
            if stack.undo_limit:
                self.qstack.setUndoLimit(stack.undo_limit)
            for i in range(stack.count):
                self.qstack.push(_Mirror(self, stack.text(i)))
            self.qstack.setIndex(stack.index)
            self._sync_clean()
        finally:
            self._replaying = False
        stack.changed.connect(self._on_stack_changed)
        stack.clean_changed.connect(self._on_stack_clean_changed)

    def set_stack_detached(self) -> None:
        """Stop following the stack (the window is being replaced)."""
        if self._stack is not None:
            self._stack.changed.disconnect(self._on_stack_changed)
            self._stack.clean_changed.disconnect(self._on_stack_clean_changed)

    # ------------------------------------------------------------------ editing
    def push(self, command: Command) -> bool:
        """Make an edit; False (and ``error`` emitted) when it cannot be made."""
        try:
            self.stack.push(command)
        except (EditError, BadInputError, ValidationError) as exc:
            self.error.emit(str(exc))
            return False
        return True

    def push_all(self, text: str, commands: Iterable[Command]) -> bool:
        """Several edits as one undo step named ``text``; all or nothing."""
        cmds = list(commands)
        if not cmds:
            return False
        try:
            with self.stack.transaction(text):
                for c in cmds:
                    self.stack.push(c)
        except (EditError, BadInputError, ValidationError) as exc:
            self.error.emit(str(exc))
            return False
        return True

    @contextmanager
    def transaction(self, text: str) -> Iterator[None]:
        """Group the session's own pushes (imports, layouts) with ours into one step."""
        with self.stack.transaction(text):
            yield

    def undo(self) -> None:
        if self.qstack.canUndo():
            self.qstack.undo()

    def redo(self) -> None:
        if self.qstack.canRedo():
            self.qstack.redo()

    def break_merge(self) -> None:
        self.stack.break_merge()

    # ------------------------------------------------------------------ domain -> Qt
    def _on_stack_changed(self, event: ChangeEvent) -> None:
        if not self._driving and not self._replaying:
            self._replaying = True
            try:
                self._replay(event)
            finally:
                self._replaying = False
        self.changed.emit(event)

    def _replay(self, event: ChangeEvent) -> None:
        stack = self.stack
        if event.kind == "push":
            if event.merged:
                self._obsolete_merge = self.qstack.count() > stack.count
                self.qstack.push(_Mirror(self, stack.undo_text, merge=True))
                self._obsolete_merge = False
                if self.qstack.index() != stack.index:  # Qt refused to merge: rebuild
                    self._rebuild()
            else:
                self.qstack.push(_Mirror(self, event.command.text if event.command else ""))
                if self.qstack.count() != stack.count:  # undo limit dropped different steps
                    self._rebuild()
        elif event.kind == "undo":
            self.qstack.undo()
        elif event.kind == "redo":
            self.qstack.redo()
        elif event.kind == "clear":
            self.qstack.clear()
        self._sync_clean()

    def _rebuild(self) -> None:
        stack = self.stack
        self.qstack.clear()
        for i in range(stack.count):
            self.qstack.push(_Mirror(self, stack.text(i)))
        self.qstack.setIndex(stack.index)

    def _on_stack_clean_changed(self, clean: bool) -> None:
        # while Qt drives, its own clean index follows when it moves its index
        if not self._replaying and not self._driving:
            self._replaying = True
            try:
                self._sync_clean()
            finally:
                self._replaying = False
        self.clean_changed.emit(clean)

    def _sync_clean(self) -> None:
        stack = self.stack
        if stack.is_clean:
            if not self.qstack.isClean():
                self.qstack.setClean()
        elif stack.clean_index < 0:
            self.qstack.resetClean()
        elif self.qstack.cleanIndex() != stack.clean_index:
            idx = self.qstack.index()
            self.qstack.setIndex(stack.clean_index)
            self.qstack.setClean()
            self.qstack.setIndex(idx)

    # ------------------------------------------------------------------ Qt -> domain
    def _drive(self, what: str) -> None:
        if self._replaying:
            return
        self._driving = True
        try:
            ok = self.stack.undo() if what == "undo" else self.stack.redo()
            if not ok:
                self.error.emit(self.tr("Nothing to {0}").format(what))
        except (EditError, BadInputError, ValidationError) as exc:
            self.error.emit(str(exc))
        finally:
            self._driving = False


__all__ = ["COMMAND_TEXTS", "UndoBridge", "command_text"]
