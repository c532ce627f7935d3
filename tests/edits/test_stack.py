"""CommandStack: push/undo/redo, the redo branch, failures, clean marker, merge, limit,
transactions, events; MacroCommand; Signal."""

from __future__ import annotations

import gc
import logging
from typing import Any

import pytest

from shortvid_desktop.core import Project, to_dict
from shortvid_desktop.edits import (
    ChangeEvent,
    ClipMoveCommand,
    ClipPropertyCommand,
    Command,
    CommandStack,
    EditError,
    MacroCommand,
    ProjectPropertyCommand,
    Signal,
)


class Rename(Command):
    """A plain, non-merging command for testing the stack."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.text = f"Rename to {title}"
        self._old = ""

    def apply(self, project: Project) -> None:
        self._old = project.title
        project.title = self.title

    def revert(self, project: Project) -> None:
        project.title = self._old


class Boom(Command):
    """Refused before changing anything."""

    text = "Boom"

    def apply(self, project: Project) -> None:
        raise EditError("Cannot boom: always refused")

    def revert(self, project: Project) -> None:  # pragma: no cover - never applied
        raise AssertionError


class Flaky(Command):
    """Applies once, then refuses (to test rollback of a redo)."""

    text = "Flaky"

    def __init__(self) -> None:
        self.applied = 0

    def apply(self, project: Project) -> None:
        if self.applied:
            raise EditError("Cannot flake twice")
        self.applied += 1
        project.language = "xx"

    def revert(self, project: Project) -> None:
        project.language = "en"


@pytest.fixture
def events(stack: CommandStack) -> list[ChangeEvent]:
    seen: list[ChangeEvent] = []
    stack.changed.connect(seen.append)
    return seen


def kinds(events: list[ChangeEvent]) -> list[str]:
    return [e.kind for e in events]


# =========================================================================== basics
def test_push_undo_redo(project, stack, events):
    assert (stack.index, stack.count, stack.can_undo, stack.can_redo) == (0, 0, False, False)
    assert (stack.undo_text, stack.redo_text) == ("", "")
    stack.push(Rename("A"))
    stack.push(Rename("B"))
    assert project.title == "B"
    assert (stack.index, stack.count, stack.undo_text, stack.redo_text) == (2, 2, "Rename to B", "")
    assert stack.undo()
    assert project.title == "A"
    assert (stack.index, stack.can_undo, stack.can_redo) == (1, True, True)
    assert (stack.undo_text, stack.redo_text) == ("Rename to A", "Rename to B")
    assert stack.undo()
    assert project.title == "Test"
    assert not stack.undo()  # nothing left: a no-op
    assert stack.redo() and stack.redo() and not stack.redo()
    assert project.title == "B"
    assert [stack.text(i) for i in range(stack.count)] == ["Rename to A", "Rename to B"]
    assert isinstance(stack.command(0), Rename)
    assert [(e.kind, e.index) for e in events if e.kind != "clean"] == [
        ("push", 1),
        ("push", 2),
        ("undo", 1),
        ("undo", 0),
        ("redo", 1),
        ("redo", 2),
    ]


def test_new_push_drops_the_redo_branch(project, stack):
    for t in "ABC":
        stack.push(Rename(t))
    stack.undo()
    stack.undo()
    stack.push(Rename("D"))
    assert (stack.index, stack.count, stack.can_redo) == (2, 2, False)
    assert [stack.text(i) for i in range(2)] == ["Rename to A", "Rename to D"]
    stack.undo()
    assert project.title == "A"


def test_refused_command_changes_nothing(project, stack, events):
    stack.push(Rename("A"))
    stack.undo()
    events.clear()
    before = to_dict(project)
    with pytest.raises(EditError, match="always refused"):
        stack.push(Boom())
    assert to_dict(project) == before
    assert (stack.index, stack.count, stack.can_redo) == (0, 1, True)  # redo branch kept
    assert events == []


def test_push_needs_a_command(stack):
    with pytest.raises(TypeError):
        stack.push(lambda p: None)  # type: ignore[arg-type]


def test_set_index(project, stack):
    for t in "ABC":
        stack.push(Rename(t))
    stack.set_index(1)
    assert (project.title, stack.index) == ("A", 1)
    stack.set_index(3)
    assert project.title == "C"
    stack.set_index(0)
    assert project.title == "Test"
    with pytest.raises(EditError, match="outside 0..3"):
        stack.set_index(4)


def test_undo_limit(project, stack):
    limited = CommandStack(project, undo_limit=2)
    for t in "ABCD":
        limited.push(Rename(t))
    assert (limited.count, limited.index) == (2, 2)
    assert [limited.text(i) for i in range(2)] == ["Rename to C", "Rename to D"]
    assert not limited.is_clean and limited.clean_index == -1  # the saved state fell off
    while limited.undo():
        pass
    assert project.title == "B"
    with pytest.raises(ValueError):
        CommandStack(project, undo_limit=-1)


def test_undo_limit_keeps_a_reachable_clean_index(project):
    limited = CommandStack(project, undo_limit=3)
    limited.push(Rename("A"))
    limited.push(Rename("B"))
    limited.set_clean()
    limited.push(Rename("C"))
    limited.push(Rename("D"))  # drops "A": the clean state moves from index 2 to 1
    assert limited.clean_index == 1
    limited.undo()
    limited.undo()
    assert limited.is_clean and project.title == "B"


def test_undo_limit_setter(stack):
    stack.undo_limit = 5
    assert stack.undo_limit == 5
    stack.push(Rename("A"))
    with pytest.raises(EditError, match="while the history is empty"):
        stack.undo_limit = 3


def test_obsolete_command_is_not_recorded(project, stack, events):
    stack.push(ClipMoveCommand("c1", 0))  # already there
    assert stack.count == 0 and events == []


def test_clear(project, stack, events):
    stack.push(Rename("A"))
    stack.clear()
    assert (stack.count, stack.index, stack.is_clean, project.title) == (0, 0, True, "A")
    assert kinds(events) == ["push", "clean", "clear", "clean"]


# =========================================================================== clean marker
def test_clean_marker_through_undo_and_redo(project, stack, events):
    flips: list[bool] = []
    stack.clean_changed.connect(flips.append)
    assert stack.is_clean and stack.clean_index == 0
    stack.push(Rename("A"))
    assert not stack.is_clean
    stack.undo()
    assert stack.is_clean
    stack.redo()
    stack.set_clean()
    assert stack.is_clean and stack.clean_index == 1
    stack.push(Rename("B"))
    assert not stack.is_clean
    stack.undo()
    assert stack.is_clean
    stack.undo()
    assert not stack.is_clean
    assert flips == [False, True, False, True, False, True, False]
    assert kinds(events).count("clean") == len(flips)
    assert events[-1] == ChangeEvent("clean", None, 0)


def test_clean_state_in_a_dropped_branch_is_unreachable(stack):
    stack.push(Rename("A"))
    stack.set_clean()
    stack.undo()
    stack.push(Rename("B"))
    assert stack.clean_index == -1
    stack.undo()
    assert not stack.is_clean


def test_set_clean_twice_emits_once(stack, events):
    stack.push(Rename("A"))
    events.clear()
    stack.set_clean()
    stack.set_clean()
    assert kinds(events) == ["clean"]


def test_reset_clean(stack):
    stack.reset_clean()
    assert not stack.is_clean and stack.clean_index == -1
    stack.set_clean()
    assert stack.is_clean


# =========================================================================== merge
def test_slider_drag_merges_into_one_step(project, stack, events):
    for v in (0.4, 0.5, 0.6):
        stack.push(ClipPropertyCommand("m1", volume=v))
    m1 = project.timeline.find_clip("m1")[1]
    assert stack.count == 1 and m1.volume == 0.6
    assert [e.merged for e in events if e.kind == "push"] == [False, True, True]
    stack.undo()
    assert m1.volume == 0.3
    stack.redo()
    assert m1.volume == 0.6


def test_merge_only_same_target_and_fields(stack):
    stack.push(ClipPropertyCommand("m1", volume=0.4))
    stack.push(ClipPropertyCommand("m1", fit="fit_pad"))  # other field
    stack.push(ClipPropertyCommand("c1", fit="fit_pad"))  # other clip
    stack.push(ClipPropertyCommand("c1", fit="fit_blur", volume=0.1))  # other field set
    stack.push(ProjectPropertyCommand(title="X"))  # other kind of command
    assert stack.count == 5


def test_dragging_back_to_the_start_drops_the_step(project, stack, events):
    stack.push(Rename("A"))
    stack.push(ClipPropertyCommand("m1", volume=0.9))
    stack.push(ClipPropertyCommand("m1", volume=0.3))
    assert (stack.count, stack.index, stack.undo_text) == (1, 1, "Rename to A")
    assert events[-1].kind == "push" and events[-1].merged and events[-1].index == 1


def test_no_merge_into_the_saved_state(project, stack):
    stack.push(ClipPropertyCommand("m1", volume=0.4))
    stack.set_clean()
    stack.push(ClipPropertyCommand("m1", volume=0.5))
    assert stack.count == 2
    stack.undo()
    assert stack.is_clean and project.timeline.find_clip("m1")[1].volume == 0.4


def test_break_merge(stack):
    stack.push(ClipPropertyCommand("m1", volume=0.4))
    stack.break_merge()  # e.g. mouse released
    stack.push(ClipPropertyCommand("m1", volume=0.5))
    stack.push(ClipPropertyCommand("m1", volume=0.6))
    assert stack.count == 2


def test_no_merge_after_undo_or_redo(stack):
    stack.push(ClipPropertyCommand("m1", volume=0.4))
    stack.push(ClipPropertyCommand("c1", volume=0.4))
    stack.undo()
    stack.push(ClipPropertyCommand("m1", volume=0.5))
    assert stack.count == 2


# =========================================================================== transactions
def test_transaction_is_one_step(project, stack, events):
    before = to_dict(project)
    with stack.transaction("Rework") as macro:
        stack.push(Rename("A"))
        stack.push(ClipMoveCommand("c1", 20_000_000))
        assert events == [] and stack.in_transaction
    after = to_dict(project)
    assert isinstance(macro, MacroCommand) and len(macro.children) == 2
    assert (stack.count, stack.undo_text) == (1, "Rework")
    assert kinds(events) == ["push", "clean"] and events[0].command is macro
    stack.undo()
    assert to_dict(project) == before
    stack.redo()
    assert to_dict(project) == after


def test_transaction_rolls_back_on_an_exception(project, stack, events):
    stack.push(Rename("A"))
    stack.undo()  # leaves a redo branch, which a rolled-back transaction keeps
    events.clear()
    before = to_dict(project)
    with pytest.raises(RuntimeError, match="oops"), stack.transaction("Doomed"):
        stack.push(Rename("B"))
        stack.push(ClipMoveCommand("c1", 20_000_000))
        raise RuntimeError("oops")
    assert to_dict(project) == before
    assert (stack.index, stack.count, stack.redo_text, stack.in_transaction) == (
        0,
        1,
        "Rename to A",
        False,
    )
    assert events == []


def test_a_refused_push_rolls_back_the_whole_transaction(project, stack):
    before = to_dict(project)
    with pytest.raises(EditError, match="no clip with id"), stack.transaction("Doomed"):
        stack.push(Rename("B"))
        stack.push(ClipMoveCommand("c1", 5))
        stack.push(ClipMoveCommand("nope", 5))
    assert to_dict(project) == before and stack.count == 0


def test_nested_transactions_fold_into_the_outer(project, stack):
    with stack.transaction("Outer"):
        stack.push(Rename("A"))
        with stack.transaction("Inner"):
            stack.push(Rename("B"))
    assert (stack.count, stack.undo_text, project.title) == (1, "Outer", "B")
    stack.undo()
    assert project.title == "Test"


def test_failed_inner_transaction_reverts_only_its_own_pushes(project, stack):
    with stack.transaction("Outer") as outer:
        stack.push(Rename("A"))
        try:
            with stack.transaction("Inner"):
                stack.push(Rename("B"))
                stack.push(ClipMoveCommand("c1", 7))
                raise KeyError("inner")
        except KeyError:
            pass
        assert project.title == "A"
        assert project.timeline.find_clip("c1")[1].start_us == 0
        stack.push(ProjectPropertyCommand(language="fr"))
    assert [c.text for c in outer.children] == ["Rename to A", "Change language"]
    stack.undo()
    assert (project.title, project.language) == ("Test", "en")


def test_empty_transaction_records_nothing(stack, events):
    with stack.transaction("Nothing"):
        pass
    with stack.transaction("Only no-ops"):
        stack.push(ClipMoveCommand("c1", 0))
    assert stack.count == 0 and events == []


def test_transaction_without_text_takes_its_only_command_text(stack):
    with stack.transaction(""):
        stack.push(Rename("A"))
    assert stack.undo_text == "Rename to A"


def test_transaction_drops_the_redo_branch_on_commit(stack):
    stack.push(Rename("A"))
    stack.undo()
    with stack.transaction("T"):
        stack.push(Rename("B"))
    assert (stack.count, stack.can_redo) == (1, False)


def test_no_undo_or_merge_inside_a_transaction(project, stack):
    stack.push(Rename("A"))
    with stack.transaction("T"):
        assert not stack.can_undo and not stack.can_redo
        for call in (stack.undo, stack.redo, stack.clear, stack.set_clean):
            with pytest.raises(EditError, match="while the edit 'T' is in progress"):
                call()
        stack.push(ClipPropertyCommand("m1", volume=0.4))
        stack.push(ClipPropertyCommand("m1", volume=0.5))
    assert len(stack.command(1).children) == 2  # type: ignore[attr-defined]
    assert project.title == "A"


def test_transaction_then_merge_starts_fresh(stack):
    with stack.transaction("T"):
        stack.push(ClipPropertyCommand("m1", volume=0.4))
    stack.push(ClipPropertyCommand("m1", volume=0.5))
    assert stack.count == 2


# =========================================================================== MacroCommand
def test_macro_apply_is_all_or_nothing(project):
    flaky = Flaky()
    macro = MacroCommand("Both", [Rename("A"), flaky])
    macro.apply(project)
    assert (project.title, project.language) == ("A", "xx")
    macro.revert(project)
    assert (project.title, project.language) == ("Test", "en")
    with pytest.raises(EditError, match="flake twice"):
        macro.apply(project)  # Rename applied, then Flaky refused: Rename reverted
    assert (project.title, project.language) == ("Test", "en")


def test_failed_redo_leaves_the_stack_where_it_was(project, stack):
    with stack.transaction("Both"):
        stack.push(Rename("A"))
        stack.push(Flaky())
    stack.undo()
    before = to_dict(project)
    with pytest.raises(EditError):
        stack.redo()
    assert to_dict(project) == before and stack.index == 0


# =========================================================================== events
def test_event_fields(stack, events):
    cmd = Rename("A")
    stack.push(cmd)
    assert events[0] == ChangeEvent("push", cmd, 1, merged=False)
    assert events[1] == ChangeEvent("clean", None, 1)


def test_a_failing_listener_does_not_break_the_edit(project, stack, events, caplog):
    def bad(event: ChangeEvent) -> None:
        raise RuntimeError("listener bug")

    stack.changed.disconnect(events.append)
    stack.changed.connect(bad)
    stack.changed.connect(events.append)
    with caplog.at_level(logging.ERROR, logger="shortvid_desktop.edits.signals"):
        stack.push(Rename("A"))
    assert project.title == "A" and stack.count == 1
    assert kinds(events) == ["push", "clean"]
    assert "listener bug" in caplog.text


def test_a_listener_may_push(project, stack):
    def follow(event: ChangeEvent) -> None:
        if event.kind == "push" and isinstance(event.command, Rename) and project.language == "en":
            stack.push(ProjectPropertyCommand(language="de"))

    stack.changed.connect(follow)
    stack.push(Rename("A"))
    assert (stack.count, project.language) == (2, "de")


# =========================================================================== Signal
class View:
    def __init__(self) -> None:
        self.seen: list[Any] = []

    def _on_stack_changed(self, value: Any) -> None:
        self.seen.append(value)


def test_signal_holds_bound_methods_weakly():
    signal = Signal("s")
    view = View()
    signal.connect(view._on_stack_changed)
    signal.emit(1)
    assert view.seen == [1] and len(signal) == 1
    del view
    gc.collect()
    assert len(signal) == 0
    signal.emit(2)  # no error


def test_signal_holds_other_callables_strongly():
    signal = Signal()
    seen: list[int] = []
    signal.connect(lambda v: seen.append(v))
    gc.collect()
    signal.emit(3)
    assert seen == [3]


def test_signal_connect_disconnect():
    signal = Signal()
    view = View()
    assert signal.connect(view._on_stack_changed) == view._on_stack_changed
    signal.connect(view._on_stack_changed)  # already connected: ignored
    signal.emit("a")
    assert view.seen == ["a"]
    assert signal.disconnect(view._on_stack_changed)
    assert not signal.disconnect(view._on_stack_changed)
    signal.emit("b")
    assert view.seen == ["a"]
    seen: list[Any] = []
    signal.connect(seen.append)
    signal.connect(view._on_stack_changed)
    assert signal.disconnect() and len(signal) == 0
    with pytest.raises(TypeError):
        signal.connect(42)  # type: ignore[arg-type]


def test_signal_changes_during_emit_apply_next_time():
    signal = Signal()
    calls: list[str] = []

    def second(_: Any) -> None:
        calls.append("second")

    def first(_: Any) -> None:
        calls.append("first")
        signal.disconnect(first)
        signal.connect(second)

    signal.connect(first)
    signal.emit(None)
    assert calls == ["first"]
    signal.emit(None)
    assert calls == ["first", "second"]
