"""Autosave to the store while editing, and recovery after a crash (a real killed process)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("PySide6")

from shortvid_desktop.edits import ProjectPropertyCommand
from shortvid_desktop.store import Store

CHILD = textwrap.dedent(
    """
    import time
    from shortvid_desktop.core.model import Scene
    from shortvid_desktop.edits import ProjectPropertyCommand, SceneAddCommand
    from shortvid_desktop.session import Session
    from shortvid_desktop.session.autosave import autosave_job
    from shortvid_desktop.jobs import CancelToken, Progress

    s = Session.new(title="Crashy")
    s.stack.push(ProjectPropertyCommand(title="Before the crash"))
    s.stack.push(SceneAddCommand(Scene(narration="Words nobody saved")))
    autosave_job(s.project)(Progress(), CancelToken())   # what the window's autosave runs
    s.stack.push(ProjectPropertyCommand(title="After the last autosave"))
    print("autosaved", flush=True)
    time.sleep(600)   # mid-edit when it is killed
    """
)


def test_autosave_after_idle_and_when_a_job_starts(window, qtbot) -> None:
    saver = window.autosaver
    saver.timer.setInterval(30)
    with qtbot.waitSignal(saver.saved, timeout=10_000):
        window.bridge.push(ProjectPropertyCommand(title="Idle edit"))
    with Store() as store:
        rows = store.revisions(window.session.project.id)
    assert rows and rows[0].reason == "autosave"
    saver.timer.setInterval(60_000)  # now only a job start triggers it
    window.bridge.push(ProjectPropertyCommand(title="Before a job"))
    with qtbot.waitSignal(saver.saved, timeout=10_000):
        window.runner.run("Some job", lambda p, c: None)
    with Store() as store:
        rows = store.revisions(window.session.project.id)
        assert rows[0].reason == "job"
        assert store.load_revision(rows[0].id).title == "Before a job"


def test_crash_recovery_offers_the_newest_autosave(make_window, qtbot, shortvid_home) -> None:
    env = dict(os.environ, SHORTVID_HOME=str(shortvid_home))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "autosaved"
    finally:
        child.kill()  # SIGKILL: no clean shutdown, nothing saved
        child.wait(timeout=30)
    assert child.returncode != 0

    window = make_window()
    assert window.check_recovery()
    assert window.notice_bar.isVisible()
    labels = [b.text() for b in window.notice_bar.buttons()]
    assert labels == ["Recover", "Discard"]
    assert "Before the crash" in window.notice_bar.label.text()
    window.notice_bar.buttons()[0].click()
    project = window.session.project
    assert project.title == "Before the crash"
    assert [s.narration for s in project.script.scenes] == ["Words nobody saved"]
    assert "•" in window.windowTitle()  # recovered work counts as unsaved
    assert window.scenes_panel.model.rowCount() == 1
    # once saved it is no longer offered
    window.save_project(str(shortvid_home / "recovered.json"))
    window2 = make_window()
    assert not window2.check_recovery()


def test_discarding_a_recovery(make_window, shortvid_home) -> None:
    from shortvid_desktop.session import Session
    from shortvid_desktop.session.autosave import save_revision

    s = Session.new(title="Throwaway")
    save_revision(s.project)
    window = make_window()
    assert window.check_recovery()
    window.notice_bar.buttons()[1].click()
    assert "Discarded" in window.messages.toPlainText()
    assert not make_window().check_recovery()
