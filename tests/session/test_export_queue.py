"""The persistent export queue (no Qt): snapshots, running an entry into the history, removal,
an interrupted render going back to the queue, and adopting what a closed queue left."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import av
import pytest

from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.core.model import Asset, Clip, Project
from shortvid_desktop.jobs import Cancelled, CancelToken, Progress
from shortvid_desktop.session.exports import (
    INTERRUPTED,
    REMOVED,
    PersistentQueue,
    export_history,
    owner_alive,
)
from shortvid_desktop.store import Store


def tiny_project(media, title: str = "Queued", seconds: float = 1.0) -> Project:
    p = Project(title=title)
    p.template.width, p.template.height, p.template.fps = 180, 320, 15
    p.template.quality = "draft"
    p.template.title_card = False
    img = media.image("q_red.png", "64x64", color="red")
    a = Asset(path=str(img), kind="image", width=64, height=64)
    p.assets[a.id] = a
    p.timeline.ensure_track("video").clips.append(
        Clip(asset_id=a.id, duration_us=int(seconds * 1_000_000))
    )
    return p


def test_entries_are_snapshots_and_run_into_the_history(media, tmp_path: Path) -> None:
    queue = PersistentQueue()
    project = tiny_project(media)
    out = tmp_path / "a.mp4"
    entry = queue.add(project, out, quality="draft", subtitles=False)
    project.title = "Edited later"
    project.timeline.tracks[0].clips[0].duration_us = 3_000_000  # not what was queued
    assert [e.id for e in queue.pending()] == [entry.id]
    assert entry.settings["quality"] == "draft" and entry.settings["width"] == 180
    result = queue.job(entry)(Progress(), CancelToken())
    assert result.path == out.absolute()
    with av.open(str(out)) as c:
        assert abs(float(c.duration / 1_000_000) - 1.0) < 0.15  # the snapshot's one second
    assert queue.pending() == []
    rows = export_history()
    assert rows[0].status == "done" and rows[0].output_path == str(out.absolute())
    assert rows[0].settings["width"] == 180


def test_bad_input_is_refused_before_queueing(media, tmp_path: Path) -> None:
    queue = PersistentQueue()
    with pytest.raises(BadInputError):
        queue.add(tiny_project(media), tmp_path / "nope" / "a.mp4")
    with pytest.raises(BadInputError):
        queue.add(tiny_project(media), tmp_path / "a.mp4", quality="ultra")
    with pytest.raises(BadInputError):
        queue.add(Project(), tmp_path / "a.mp4")  # empty timeline
    assert queue.pending() == []


def test_remove_and_user_cancel_leave_the_queue_for_the_history(media, tmp_path: Path) -> None:
    queue = PersistentQueue()
    first = queue.add(tiny_project(media), tmp_path / "a.mp4")
    second = queue.add(tiny_project(media), tmp_path / "b.mp4")
    assert queue.remove(first)
    assert not queue.remove(first)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        queue.job(second)(Progress(), token)
    assert queue.pending() == []
    statuses = [(r.status, r.error) for r in export_history()]
    assert statuses[1] == ("cancelled", REMOVED)
    assert statuses[0][0] == "cancelled"
    assert not (tmp_path / "a.mp4").exists() and not (tmp_path / "b.mp4").exists()


def test_a_closed_queue_leaves_its_entries_to_the_next_one(media, tmp_path: Path) -> None:
    old = PersistentQueue()
    entries = [old.add(tiny_project(media, f"P{i}"), tmp_path / f"{i}.mp4") for i in range(2)]
    fresh = PersistentQueue()
    assert fresh.orphans() == []  # the old queue is still open: nothing to take
    assert fresh.adopt() == []
    # the old queue's first render is cut off by the window closing
    token = CancelToken()
    started = threading.Event()

    def on_progress(report) -> None:
        if report.fraction > 0.05 and not started.is_set():
            started.set()
            old.close()
            token.cancel()

    job = old.job(entries[0])
    with pytest.raises(Cancelled):
        job(Progress(on_progress), token)
    assert not owner_alive(old.owner)
    with Store() as store:
        rows = store.queued_exports()
    assert [(r.state, r.attempts) for r in rows] == [("queued", 1), ("queued", 0)]
    assert export_history()[0].error == INTERRUPTED
    assert [e.id for e in fresh.orphans()] == [e.id for e in entries]
    adopted = fresh.adopt()
    assert [e.title for e in adopted] == ["P0", "P1"]
    assert PersistentQueue().adopt() == []  # taken: nobody else gets them
    # the old queue's late bookkeeping cannot touch what was adopted
    with Store() as store:
        assert not store.release_queued_export(entries[0].id, old.owner)
    for e in adopted:  # the interrupted one starts again from the beginning
        fresh.job(e)(Progress(), CancelToken())
    assert (tmp_path / "0.mp4").is_file() and (tmp_path / "1.mp4").is_file()
    assert fresh.pending() == []
    assert [r.status for r in export_history()[:2]] == ["done", "done"]


def test_an_owner_from_a_dead_process_or_another_machine_is_gone() -> None:
    q = PersistentQueue()
    host, pid, token = q.owner.split("|")
    assert owner_alive(q.owner)
    assert not owner_alive(f"{host}|{pid}|someoneelse")  # this process, a closed queue
    assert not owner_alive(f"elsewhere-{host}|{pid}|x")
    assert not owner_alive(f"{host}|999999999|x")
    assert not owner_alive("garbage")
    assert owner_alive(f"{host}|{os.getppid()}|x")  # another live process (another ShortVid)
    q.close()
    assert not owner_alive(q.owner)
