"""Job results reach the window on its own thread, and never a window that let go of the job:
a result already on its way when the window closed is dropped on arrival (it used to reach the
deleted runner and panels: "Signal source has been deleted", seen in CI)."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThreadPool

from shortvid_desktop.qt.jobs import JobRunner, QtJob


def test_results_and_progress_arrive_on_the_gui_thread(qtbot) -> None:
    runner = JobRunner(pool=QThreadPool())
    seen: list[tuple[str, object, bool]] = []
    gui = threading.get_ident()

    def work(progress, cancel) -> int:
        progress(0.5, "half")
        return 42

    job = QtJob("t", work)
    job.signals.progress.connect(
        lambda f, m, _e: seen.append(("progress", f, gui == threading.get_ident()))
    )
    job.signals.succeeded.connect(
        lambda r: seen.append(("succeeded", r, gui == threading.get_ident()))
    )
    with qtbot.waitSignal(job.signals.finished, timeout=10_000):
        runner.start(job)
    assert seen == [("progress", 0.5, True), ("succeeded", 42, True)]
    assert runner.jobs == []
    runner.deleteLater()


def test_a_result_on_its_way_when_the_window_closes_is_dropped(qtbot) -> None:
    pool = QThreadPool()
    window = QObject()
    runner = JobRunner(window, pool=pool)
    counts: list[int] = []
    runner.running_changed.connect(counts.append)
    got: list[object] = []
    job = QtJob("t", lambda progress, cancel: "late")
    job.signals.succeeded.connect(got.append)
    runner.start(job)
    assert pool.waitForDone(10_000)  # the job is done and its result posted, not yet delivered
    shiboken6.delete(window)  # the window (and its runner) go before the event loop runs
    QCoreApplication.processEvents()  # the posted result arrives now
    assert got == [] and counts == [1]  # nothing reached the deleted runner or the panel
