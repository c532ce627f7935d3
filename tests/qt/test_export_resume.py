"""The export queue survives the window: exports queued (or rendering) when it closes are
resumed by the next window on the same store, and run to completion."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from shortvid_desktop.core.model import Asset, Clip
from shortvid_desktop.session import Session
from shortvid_desktop.session.exports import PersistentQueue, export_history
from shortvid_desktop.store import Store


def tiny_render_session(media, title: str) -> Session:
    """One second of a still on a 180x320, 15 fps draft canvas."""
    s = Session.new(title=title)
    p = s.project
    p.template.width, p.template.height, p.template.fps = 180, 320, 15
    p.template.quality = "draft"
    p.template.title_card = False
    img = media.image("resume_blue.png", "64x64", color="blue")
    a = Asset(path=str(img), kind="image", width=64, height=64)
    p.assets[a.id] = a
    p.timeline.ensure_track("video").clips.append(Clip(asset_id=a.id, duration_us=1_000_000))
    return s


def _queue_rows() -> list:
    with Store() as store:
        return store.queued_exports()


def _wait_until_drained(qtbot, window, outs: list[Path]) -> None:
    def drained() -> bool:
        q = window.export_queue
        return not q.busy() and not q.queued() and all(o.is_file() for o in outs)

    qtbot.waitUntil(drained, timeout=120_000)


def test_queued_exports_resume_in_the_next_window(
    make_window, qtbot, media, tmp_path, monkeypatch
) -> None:
    # The first window's render holds (as a long one would) until the window closes, so the
    # close lands mid-render whatever the machine's speed; the next window renders for real.
    real_export = Session.export
    hold = threading.Event()
    hold.set()

    def held_export(self, out, progress=None, cancel=None, **options):
        if hold.is_set():
            progress(0.1, "Rendering")
            while not cancel.cancelled:
                time.sleep(0.01)
            cancel.raise_if_cancelled()
        return real_export(self, out, progress, cancel, **options)

    monkeypatch.setattr(Session, "export", held_export)
    first = make_window(tiny_render_session(media, "Resume me"))
    outs = [tmp_path / "one.mp4", tmp_path / "two.mp4"]
    closed = []

    def close_mid_render(fraction: float, _message: str, _eta: object) -> None:
        if fraction > 0.05 and not closed:
            closed.append(True)
            first.close()  # the first export is rendering, the second still queued

    first.export_queue.progress.connect(close_mid_render)
    entries = [first.exporter.queue_current(str(o)) for o in outs]
    assert all(e is not None for e in entries)
    # their rows are written off the GUI thread; the close (which may come first) writes them
    qtbot.waitUntil(lambda: bool(closed), timeout=60_000)
    QThreadPool.globalInstance().waitForDone(60_000)
    QApplication.processEvents()
    assert gc.isenabled()  # the export cut off with its window gave the collector back
    assert not any(o.exists() for o in outs)
    rows = _queue_rows()
    assert [r.output_path for r in rows] == [str(o) for o in outs]
    assert [r.state for r in rows] == ["queued", "queued"]  # the cut-off one restarts
    assert export_history()[0].error.startswith("interrupted")
    hold.clear()

    second = make_window(tiny_render_session(media, "Another project"))
    qtbot.waitUntil(lambda: len(second.export_queue.entries) == 2, timeout=10_000)
    assert [e.title for e in second.export_queue.entries] == ["Resume me", "Resume me"]
    _wait_until_drained(qtbot, second, outs)
    assert _queue_rows() == []
    assert [r.status for r in export_history()[:2]] == ["done", "done"]
    assert "Resuming 2 export(s)" in second.messages.toPlainText()


def test_exports_queued_before_a_crash_are_resumed(make_window, qtbot, media, tmp_path) -> None:
    # a queue that never ran its entries (the app was killed): its owner is gone
    gone = PersistentQueue()
    outs = [tmp_path / "a.mp4", tmp_path / "b.mp4"]
    for o in outs:
        gone.add(tiny_render_session(media, o.stem).project, o)
    gone.close()
    window = make_window(tiny_render_session(media, "Open"))
    qtbot.waitUntil(lambda: len(window.export_queue.entries) == 2, timeout=10_000)
    dialog = window.show_export_dialog()
    assert dialog.queue_list.count() >= 1
    _wait_until_drained(qtbot, window, outs)
    assert _queue_rows() == []
