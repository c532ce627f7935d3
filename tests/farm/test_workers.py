"""Delivery guarantees on a real farm: Cancel, Redis restarted mid-job, a worker killed
mid-window. One redis-server and two workers for the module, made whole before each test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from farm_cluster import (
    REDIS,
    Cluster,
    assert_same_video,
    task_meta,
    tiny_project,
    traces,
    wait_for,
    wait_workers,
)

from shortvid_desktop.jobs import Cancelled, CancelToken, Progress
from shortvid_desktop.session import Session
from shortvid_desktop.session.farm import farm_job_ids, farm_jobs_path, render_on_farm

pytest.importorskip("celery")
pytestmark = pytest.mark.skipif(REDIS is None, reason="redis-server is not installed")

# bigger windows than the render test: long enough to be caught in the middle
SIZE, SECONDS, WINDOW_S = "360x640", 6.0, 3.0  # 6 s at 15 fps -> 2 windows of 3 s


@pytest.fixture(scope="module")
def farm_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    c = Cluster(tmp_path_factory.mktemp("workers") / "farm", ["w1", "w2"], visibility_s=6.0)
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def cluster(farm_base: Cluster) -> Cluster:
    """The module's farm made whole for each test (one start-up for all: these tests restart
    Redis and kill a worker): Redis answering, both workers alive, the trace emptied. Each
    test's project has asset ids of its own, so no job finds another's results."""
    c = farm_base
    if c.redis.proc is None or c.redis.proc.poll() is not None:
        c.redis.start()
    dead = [name for name, w in c.workers.items() if w.proc.poll() is not None]
    for name in dead:
        c.add_worker(name)
    if dead:
        wait_workers(c.redis.url, list(c.workers), list(c.workers.values()))
    c.trace.write_text("")
    return c


class Background:
    """render_on_farm on a thread (as the window's job runs it), its result or error kept."""

    def __init__(self, *args, **kwargs) -> None:
        self.result = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=args, kwargs=kwargs, daemon=True)
        self.thread.start()

    def _run(self, *args, **kwargs) -> None:
        try:
            self.result = render_on_farm(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            self.error = exc

    def join(self, deadline_s: float):
        self.thread.join(deadline_s)
        assert not self.thread.is_alive(), "the farm job did not finish in time"
        if self.error is not None:
            raise self.error
        return self.result


def _running_window(cluster: Cluster, job_ids: dict[str, str]):
    """(role, facts) of a window some worker has started and not half rendered, else None;
    facts: {"index": i, "worker": node}. STARTED counts (the task began: it is fetching its
    media or starting ffmpeg), so a quick window is caught too."""
    for role, tid in job_ids.items():
        if not role.startswith("window:"):
            continue
        meta = task_meta(cluster.redis.url, tid)
        info = meta.get("result")
        if not isinstance(info, dict):
            continue
        index = int(role.split(":")[1])
        if meta["status"] == "STARTED" and info.get("hostname"):
            return role, {"index": index, "worker": info["hostname"]}
        if meta["status"] == "PROGRESS" and info.get("frames", 0) < info.get("total", 1) // 2:
            return role, {"index": index, "worker": info.get("worker", "")}
    return None


def _job_ids(jobs: Path) -> dict[str, str]:
    from shortvid_desktop.store.farm_jobs import FarmJobStore

    if not jobs.exists():
        return {}
    with FarmJobStore(jobs) as store:
        rows = store.jobs()
        return rows[-1].task_ids if rows else {}


def _local(project, out: Path) -> Path:
    Session(project).export(out, encoder="libx264", record=False)
    return out


def _frames(project) -> int:
    from shortvid_desktop.render.plan import compile_plan

    return compile_plan(project).frames


def test_redis_restarted_mid_job_the_job_completes_nothing_rendered_twice(
    media, tmp_path: Path, cluster
):
    project = tiny_project(media, tmp_path, SIZE, SECONDS)
    out = tmp_path / "farm.mp4"
    job = Background(
        project, out, cluster.redis.url, cluster.storage, window_s=WINDOW_S, timeout_s=400
    )
    jobs = farm_jobs_path()
    wait_for(lambda: _running_window(cluster, _job_ids(jobs)), 180, "a window renders")
    first_ids = dict(_job_ids(jobs))
    cluster.redis.restart()  # queues, results and the chord's counter: all gone
    result = job.join(400)
    assert result.attempts >= 2  # sent again from the SQLite record
    assert farm_job_ids(result.job_id) != first_ids
    assert_same_video(out, _local(project, tmp_path / "local.mp4"), _frames(project))
    runs = traces(cluster.trace)
    window_keys = [t["key"] for t in runs if t["task"] == "render_window"]
    assert len(set(window_keys)) == 2
    # a window finished before the restart is not rendered again; the join ran once
    assert len([t for t in runs if t["task"] == "join"]) == 1
    assert len(window_keys) <= 3  # at most the window in flight during the restart twice


def test_cancel_revokes_every_task_and_leaves_no_output(media, tmp_path: Path, cluster):
    project = tiny_project(media, tmp_path, SIZE, SECONDS)
    out = tmp_path / "farm.mp4"
    cancel = CancelToken()
    job = Background(
        project, out, cluster.redis.url, cluster.storage, Progress(), cancel,
        window_s=WINDOW_S, timeout_s=400,
    )  # fmt: skip
    jobs = farm_jobs_path()
    wait_for(lambda: _running_window(cluster, _job_ids(jobs)), 180, "a window renders")
    cancel.cancel()
    with pytest.raises(Cancelled):
        job.join(120)
    assert not out.exists() and not list(tmp_path.glob(".farm.partial-*"))
    from shortvid_desktop.store.farm_jobs import FarmJobStore

    with FarmJobStore(jobs) as store:
        assert store.jobs()[-1].state == "cancelled"
    # the workers were told: the running window was terminated, none is left running
    from shortvid_desktop.farm.app import make_app

    app = make_app(cluster.redis.url)

    def idle() -> bool:
        import redis

        try:
            active = app.control.inspect(timeout=1).active() or {}
        except redis.exceptions.ConnectionError:  # a pooled connection from before a restart
            return False
        return bool(active) and not any(active.values())

    wait_for(idle, 60, "the workers are idle")
    assert not [t for t in traces(cluster.trace) if t["task"] == "join"]


def test_a_worker_killed_mid_window_leaves_its_window_to_another(media, tmp_path: Path, cluster):
    project = tiny_project(media, tmp_path, SIZE, SECONDS)
    out = tmp_path / "farm.mp4"
    job = Background(
        project, out, cluster.redis.url, cluster.storage, window_s=WINDOW_S, timeout_s=400
    )
    jobs = farm_jobs_path()
    caught = wait_for(lambda: _running_window(cluster, _job_ids(jobs)), 180, "a window renders")
    _role, info = caught
    node = str(info.get("worker", ""))  # "w1-VERSION@host"
    victim = cluster.workers[node.split("-")[0]]
    victim.kill9()
    result = job.join(400)
    assert result.path == out
    assert_same_video(out, _local(project, tmp_path / "local.mp4"), _frames(project))
    # the killed worker never finished that window: the survivor rendered it
    window_runs = [t for t in traces(cluster.trace) if t["task"] == "render_window"]
    assert len({t["key"] for t in window_runs}) == 2
    assert victim.proc.returncode is not None  # it really died
    # the window it was rendering was delivered again and rendered by the other worker
    redone = [t for t in window_runs if t["index"] == info["index"]]
    assert len(redone) == 1 and not str(redone[0]["worker"]).startswith(victim.name + "-")
