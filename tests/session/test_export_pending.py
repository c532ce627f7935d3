"""An export queued from the window: checked and snapshotted at once (on the GUI thread),
written into the persistent queue once by whichever worker comes first, or taken back."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.core.model import Asset, Clip, Project
from shortvid_desktop.jobs import Cancelled, CancelToken, Progress
from shortvid_desktop.session.exports import PersistentQueue, export_history
from shortvid_desktop.store import Store


def tiny_project(media) -> Project:
    p = Project(title="Pending")
    p.template.width, p.template.height, p.template.fps = 180, 320, 15
    p.template.quality = "draft"
    p.template.title_card = False
    img = media.image("pending.png", "64x64", color="green")
    a = Asset(path=str(img), kind="image", width=64, height=64)
    p.assets[a.id] = a
    p.timeline.ensure_track("video").clips.append(Clip(asset_id=a.id, duration_us=1_000_000))
    return p


def _rows() -> list:
    with Store() as store:
        return store.queued_exports()


def test_snapshot_checks_at_once_and_stores_once(media, tmp_path: Path) -> None:
    queue = PersistentQueue()
    project = tiny_project(media)
    with pytest.raises(BadInputError):
        queue.snapshot(project, tmp_path / "missing" / "a.mp4")
    pending = queue.snapshot(project, tmp_path / "a.mp4", quality="draft")
    assert _rows() == []  # nothing written on the caller's thread
    project.title = "Edited after queueing"
    stored: list = []
    workers = [threading.Thread(target=lambda: stored.append(pending.store())) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert len({q.id for q in stored}) == 1 and len(_rows()) == 1
    assert stored[0].title == "Pending"  # the snapshot, not the later edit
    result = pending.job()(Progress(), CancelToken())
    assert result.path == (tmp_path / "a.mp4").absolute() and _rows() == []
    assert export_history()[0].status == "done"


def test_discarded_before_or_after_storing_leaves_no_row(media, tmp_path: Path) -> None:
    queue = PersistentQueue()
    early = queue.snapshot(tiny_project(media), tmp_path / "early.mp4")
    early.discard()
    with pytest.raises(Cancelled):
        early.store()  # the quiet job that would have written it comes too late
    late = queue.snapshot(tiny_project(media), tmp_path / "late.mp4")
    late.store()
    assert len(_rows()) == 1
    late.discard()
    assert _rows() == []
    assert export_history()[0].status == "cancelled"
