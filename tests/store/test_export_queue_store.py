"""The persistent export queue table (schema v2): queue, claim, release, adopt, remove; a v1
database gains the table without losing data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from shortvid_desktop.core import Project
from shortvid_desktop.store import MIGRATIONS, NotFoundError, Store


def test_queue_keeps_a_snapshot_and_settings(store: Store, make_project) -> None:
    project = make_project("Queued")
    qid = store.queue_export(project, "/out/a.mp4", {"quality": "draft"}, "me")
    project.title = "Edited after queueing"
    rows = store.queued_exports()
    assert [(r.id, r.title, r.state, r.owner, r.attempts) for r in rows] == [
        (qid, "Queued", "queued", "me", 0)
    ]
    assert rows[0].settings == {"quality": "draft"} and rows[0].output_path == "/out/a.mp4"
    assert rows[0].created and rows[0].started is None
    snap = store.queued_export_project(qid)
    assert snap.title == "Queued" and snap.id == project.id
    assert len(snap.timeline.tracks) == len(project.timeline.tracks)
    with pytest.raises(NotFoundError):
        store.queued_export_project(qid + 100)


def test_claim_release_adopt_remove_respect_the_owner(store: Store) -> None:
    a = store.queue_export(Project(title="A"), "/o/a.mp4", {}, "one")
    b = store.queue_export(Project(title="B"), "/o/b.mp4", {}, "one")
    assert [r.id for r in store.queued_exports("one")] == [a, b]
    assert store.queued_exports("two") == []
    assert not store.claim_queued_export(a, "two")  # not its entry
    assert store.claim_queued_export(a, "one")
    row = store.queued_export(a)
    assert row is not None and row.state == "running" and row.attempts == 1 and row.started
    # another process takes over what "one" left behind; "one" can no longer touch it
    assert store.adopt_queued_export(a, "one", "two")
    assert not store.adopt_queued_export(a, "one", "three")  # compare-and-set
    row = store.queued_export(a)
    assert row is not None and (row.owner, row.state, row.started) == ("two", "queued", None)
    assert not store.release_queued_export(a, "one")
    assert not store.remove_queued_export(a, "one")
    assert store.claim_queued_export(a, "two") and store.release_queued_export(a, "two")
    row = store.queued_export(a)
    assert row is not None and row.state == "queued" and row.attempts == 2
    assert store.remove_queued_export(a, "two")
    assert store.remove_queued_export(b)
    assert store.queued_exports() == []


def test_a_v1_database_gains_the_queue_table(db_path: Path, make_project) -> None:
    with Store(db_path, migrations=MIGRATIONS[:1]) as old:
        old.save_project(make_project("Old"))
        assert old.schema_version == 1
    with Store(db_path) as store:
        assert store.schema_version == len(MIGRATIONS) >= 2
        assert store.list_projects()[0].title == "Old"
        store.queue_export(Project(), "/o/x.mp4", {}, "me")
        assert len(store.queued_exports()) == 1
    with sqlite3.connect(str(db_path)) as conn:
        cols = {r[1] for r in conn.execute("PRAGMA table_info(export_queue)")}
    assert {"project_json", "output_path", "settings", "state", "created", "owner"} <= cols


def test_only_queued_or_running_states(store: Store) -> None:
    qid = store.queue_export(Project(), "/o/x.mp4", {}, "me")
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store._require_open().execute("UPDATE export_queue SET state = 'done' WHERE id = ?", [qid])
    assert store.queued_export(qid).state == "queued"  # type: ignore[union-attr]
