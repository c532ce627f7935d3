"""Several connections and threads on one database file: no "database is locked", no torn reads.

No sleeps and no timing assertions: threads run a fixed amount of work and report exceptions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from shortvid_desktop.core import Project, project_to_dict
from shortvid_desktop.store import Store

MakeProject = Callable[..., Project]


def run_threads(*targets: Callable[[], None]) -> list[BaseException]:
    errors: list[BaseException] = []

    def guard(fn: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                fn()
            except BaseException as exc:  # noqa: BLE001 - reported to the test
                errors.append(exc)

        return run

    threads = [threading.Thread(target=guard(t)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
        assert not t.is_alive(), "a thread hung"
    return errors


def test_a_second_store_sees_committed_data(db_path: Path, make_project: MakeProject) -> None:
    project = make_project()
    with Store(db_path) as first, Store(db_path) as second:
        first.save_project(project, revision_reason="save")
        first.set_setting("k", "v")
        assert project_to_dict(second.load_project(project.id)) == project_to_dict(project)
        assert second.get_setting("k") == "v"
        assert [r.reason for r in second.revisions(project.id)] == ["save"]
        second.set_setting("k", "from second")
        assert first.get_setting("k") == "from second"


def test_uncommitted_writes_are_invisible_to_another_connection(db_path: Path) -> None:
    with Store(db_path) as writer, Store(db_path) as reader:
        with writer._write() as db:
            db.execute("INSERT INTO settings (key, value) VALUES ('pending', '1')")
            assert reader.get_setting("pending") is None  # WAL: the reader is not blocked
        assert reader.get_setting("pending") == 1


def test_writer_thread_and_reader_on_another_connection(
    db_path: Path, make_project: MakeProject
) -> None:
    project = make_project(clips=5)
    with Store(db_path) as writer_store, Store(db_path) as reader_store:
        writer_store.save_project(project)
        done = threading.Event()
        reads = []

        def writer() -> None:
            try:
                for i in range(40):
                    project.title = f"edit {i}"
                    writer_store.add_revision(project)
                    writer_store.save_project(project)
                    writer_store.add_usage("p", "m", i, i, "tokens", 0.001)
            finally:
                done.set()

        def reader() -> None:
            while not done.is_set():
                loaded = reader_store.load_project(project.id)
                assert loaded.title.startswith(("edit", "山间"))
                reader_store.list_projects()
                reader_store.recoverable_projects()
                reads.append(reader_store.usage_totals())

        assert run_threads(writer, reader) == []
        assert reader_store.load_project(project.id).title == "edit 39"
        assert reader_store.usage_totals()[0]["calls"] == 40


def test_two_writers_on_separate_connections_wait_for_each_other(db_path: Path) -> None:
    with Store(db_path) as a, Store(db_path) as b:

        def write(store: Store, name: str) -> Callable[[], None]:
            def run() -> None:
                for i in range(100):
                    store.set_setting(f"{name}.{i}", i)
                    store.add_usage(name, "m", 1, 1, "chars", 0.0)

            return run

        assert run_threads(write(a, "a"), write(b, "b")) == []
        totals = {r["provider"]: r["calls"] for r in a.usage_totals()}
        assert totals == {"a": 100, "b": 100}
        assert b.get_setting("a.99") == 99


def test_one_store_shared_by_threads(db_path: Path, make_project: MakeProject) -> None:
    projects = [make_project(f"p{i}", clips=2) for i in range(4)]
    with Store(db_path) as store:

        def work(project: Project) -> Callable[[], None]:
            def run() -> None:
                for _ in range(15):
                    store.save_project(project, revision_reason="save")
                    store.load_project(project.id)
                    store.revisions(project.id)

            return run

        assert run_threads(*(work(p) for p in projects)) == []
        assert {r.title for r in store.list_projects()} == {"p0", "p1", "p2", "p3"}
        assert all(len(store.revisions(p.id)) == 15 for p in projects)
        assert store.integrity_check() == "ok"
