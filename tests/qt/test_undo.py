"""The QUndoStack bridge: Qt's undo machinery mirrors the CommandStack one to one."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QUndoView

from shortvid_desktop.edits import (
    ProjectPropertyCommand,
    TemplatePropertyCommand,
)
from shortvid_desktop.qt.undo import UndoBridge, command_text
from shortvid_desktop.session import Session


@pytest.fixture
def bridge(qtbot):
    s = Session.new(title="A")
    b = UndoBridge(s.stack)
    yield s, b


def test_push_undo_redo_and_actions(bridge, qtbot) -> None:
    s, b = bridge
    q: QUndoStack = b.qstack
    undo = q.createUndoAction(None, "Undo")
    assert not undo.isEnabled()
    assert b.push(ProjectPropertyCommand(title="B"))
    assert q.count() == 1 and q.index() == 1 and undo.isEnabled()
    assert undo.text() == "Undo Rename project"
    undo.trigger()
    assert s.project.title == "A" and s.stack.index == 0 and q.index() == 0
    q.redo()
    assert s.project.title == "B" and s.stack.index == 1
    # undo on the domain stack directly is mirrored, without driving back
    s.stack.undo()
    assert q.index() == 0 and s.project.title == "A"


def test_slider_drags_merge_into_one_step(bridge) -> None:
    s, b = bridge
    for size in (80, 90, 100, 110):
        b.push(TemplatePropertyCommand("caption.size", size))
    assert s.stack.count == 1 and b.qstack.count() == 1
    assert b.qstack.text(0) == "Change caption size"
    # dragged back to where it started: the step disappears from both stacks
    b.push(TemplatePropertyCommand("caption.size", 72))
    assert s.stack.count == 0 and b.qstack.count() == 0
    b.push(TemplatePropertyCommand("caption.size", 80))
    b.break_merge()
    b.push(TemplatePropertyCommand("caption.size", 90))
    assert s.stack.count == b.qstack.count() == 2


def test_transactions_are_one_step_and_errors_change_nothing(bridge) -> None:
    s, b = bridge
    errors: list[str] = []
    b.error.connect(errors.append)
    assert b.push_all(
        "Change project settings",
        [TemplatePropertyCommand("fps", 24), ProjectPropertyCommand(title="T")],
    )
    assert b.qstack.count() == 1
    assert not b.push_all(
        "x", [TemplatePropertyCommand("fps", 25), TemplatePropertyCommand("width", 181)]
    )
    assert s.project.template.fps == 24 and b.qstack.count() == 1
    assert errors and "width" in errors[0]


def test_history_view_jumps_and_clean_state(bridge, qtbot) -> None:
    s, b = bridge
    view = QUndoView(b.qstack)
    qtbot.addWidget(view)
    for title in ("B", "C", "D"):
        b.push(ProjectPropertyCommand(title=title))
        b.break_merge()
    s.stack.set_clean()
    assert b.qstack.isClean()
    b.qstack.setIndex(1)  # what clicking an entry of the history does
    assert s.stack.index == 1 and s.project.title == "B"
    assert not s.stack.is_clean and not b.qstack.isClean()
    b.qstack.setIndex(3)
    assert s.stack.is_clean and b.qstack.isClean()
    # a new project: the Qt history follows the new stack
    other = Session.new()
    other.stack.push(ProjectPropertyCommand(title="X"))
    b.set_stack(other.stack)
    assert b.qstack.count() == 1 and b.qstack.index() == 1 and not b.qstack.isClean()
    b.undo()
    assert other.project.title == "Untitled" and s.project.title == "D"


def test_command_names_translate() -> None:
    assert command_text("Move clip") == "Move clip"
    assert command_text("Import 3 media files") == "Import 3 file(s)"
    assert command_text("Change caption size") == "Change caption size"
