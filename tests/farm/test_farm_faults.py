"""Faults on a real farm: storage that fails for a while (retried with backoff) or for good (a
clear error naming the storage and the object), tasks past their time limit (stopped, the
submitter told), and a farm with no worker (the desktop's wait ends with a clear message).

The S3 storage is moto's server behind ``FlakyProxy`` (tests/farm/flaky_proxy.py), a loopback
TCP proxy that resets the connection of chosen requests: the workers reach S3 through it, the
test process directly. Retry delays and time limits are lowered through the workers'
environment (``SHORTVID_FARM_RETRY_BACKOFF``, ``SHORTVID_FARM_TIME_LIMITS``), the desktop's
waits through ``render_on_farm``'s options and the settings the window and CLI read.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from farm_cluster import (
    REDIS,
    Cluster,
    RedisServer,
    assert_same_video,
    run_task,
    sent_payload,
    tiny_project,
    traces,
)
from flaky_proxy import FlakyProxy

from shortvid_desktop.core.errors import RenderError
from shortvid_desktop.session import Session
from shortvid_desktop.session.farm import farm_jobs_path, render_on_farm
from shortvid_desktop.store.farm_jobs import FarmJobStore

pytest.importorskip("celery")
pytestmark = pytest.mark.skipif(REDIS is None, reason="redis-server is not installed")

WINDOW_S = 1.5  # 5 s at 15 fps -> 3 windows


def _frames(project) -> int:
    from shortvid_desktop.render.plan import compile_plan

    return compile_plan(project).frames


def _local(project, out: Path) -> Path:
    Session(project).export(out, encoder="libx264", record=False)
    return out


def _last_job():
    with FarmJobStore(farm_jobs_path()) as store:
        return store.jobs()[-1]


# ------------------------------------------------------------------------- flaky storage
@pytest.fixture(scope="module")
def flaky(tmp_path_factory: pytest.TempPathFactory, moto_s3_server) -> Iterator[tuple]:
    """One worker whose S3 endpoint is the flaky proxy in front of moto; its retries wait
    0.1 s, 0.2 s, 0.4 s ... instead of 2 s, 4 s, 8 s; its storage client tries each request
    once (the task's retry is what is shown)."""
    proxy = FlakyProxy(int(moto_s3_server.endpoint.rsplit(":", 1)[1]))
    bucket = moto_s3_server.new_bucket()
    env = {
        "AWS_ACCESS_KEY_ID": moto_s3_server.access_key_id,
        "AWS_SECRET_ACCESS_KEY": moto_s3_server.secret_access_key,
        "AWS_DEFAULT_REGION": "us-east-1",
        "SHORTVID_S3_ENDPOINT": proxy.endpoint,
        "SHORTVID_FARM_RETRY_BACKOFF": "0.1",
        "SHORTVID_FARM_RETRIES": "5",
        "SHORTVID_FARM_STORAGE_RETRIES": "1",
    }
    cluster = Cluster(
        tmp_path_factory.mktemp("flaky"), ["f1"], storage=f"s3://{bucket}/farm", env=env
    )
    try:
        yield cluster, proxy, moto_s3_server
    finally:
        cluster.close()
        proxy.close()


@pytest.fixture
def s3_desktop(flaky, monkeypatch: pytest.MonkeyPatch):
    """The desktop side reaches moto directly (its uploads are not what is tested here)."""
    cluster, proxy, moto = flaky
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", moto.access_key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", moto.secret_access_key)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("SHORTVID_S3_ENDPOINT", moto.endpoint)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    proxy.heal()
    yield cluster, proxy
    proxy.heal()


def test_storage_failing_for_a_while_is_retried_with_backoff_and_the_render_completes(
    media, tmp_path: Path, s3_desktop
):
    cluster, proxy = s3_desktop
    project = tiny_project(media, tmp_path)
    # the worker's first 3 downloads of an object and its first 3 uploads of one are cut
    proxy.fail("GET", "/objects/", 3)
    proxy.fail("PUT", "/objects/", 3)
    before = len(traces(cluster.trace))
    out = tmp_path / "farm.mp4"
    result = render_on_farm(
        project, out, cluster.redis.url, cluster.storage, window_s=WINDOW_S, timeout_s=180
    )
    assert proxy.failed_count("GET", "/objects/") == 3
    assert proxy.failed_count("PUT", "/objects/") == 3
    assert result.windows == 3
    assert_same_video(out, _local(project, tmp_path / "local.mp4"), _frames(project))
    runs = traces(cluster.trace)[before:]
    # the tasks that met the failures ran again (Celery retries), and finished
    assert sum(t.get("retries", 0) for t in runs) >= 2, runs
    # an output whose upload was cut was sent again, not rendered again: one record per task
    assert any(t.get("resent") for t in runs), runs
    keys = [t["key"] for t in runs if t["task"] != "speak_scene"]
    assert len(keys) == len(set(keys)), runs
    log = cluster.workers["f1"].text()
    assert "Retry in" in log and "cannot be reached" in log


def test_storage_that_stays_down_fails_the_job_naming_the_storage_and_object(
    media, tmp_path: Path, s3_desktop
):
    cluster, proxy = s3_desktop
    project = tiny_project(media, tmp_path, seconds=3.0)
    proxy.fail("PUT", "/objects/", None)  # no upload ever gets through
    out = tmp_path / "farm.mp4"
    with pytest.raises(RenderError) as err:
        render_on_farm(
            project, out, cluster.redis.url, cluster.storage, window_s=WINDOW_S, timeout_s=180
        )
    text = str(err.value)
    assert f"127.0.0.1:{proxy.port}" in text, text  # the storage endpoint the worker used
    assert "uploading" in text and "tries" in text, text
    assert "object" in text, text
    assert moto_secret(cluster) not in text
    assert not out.exists()
    row = _last_job()
    assert row.state == "failed" and "uploading" in row.error


def moto_secret(cluster: Cluster) -> str:
    return cluster.extra_env["AWS_SECRET_ACCESS_KEY"]


# ------------------------------------------------------------------------ time limits
@pytest.fixture(scope="module")
def slow_limits(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """One worker whose window tasks may run 0.3 s (soft) and whose sound task 0.3 s (hard,
    no soft limit): every real render of them is past it."""
    env = {"SHORTVID_FARM_TIME_LIMITS": "render_window=0.3:30,render_sound=0:0.3"}
    cluster = Cluster(tmp_path_factory.mktemp("limits"), ["t1"], env=env)
    try:
        yield cluster
    finally:
        cluster.close()


def test_a_task_past_its_hard_time_limit_is_killed_and_the_submitter_told(
    media, tmp_path: Path, slow_limits: Cluster
):
    """The sound task (first in the queue of the one worker) is killed at 0.3 s; the job
    fails at once with the limit named, and its record says so. Two minutes of sound, one
    window: the pool enforces hard limits on a timer (up to ~1 s late), and a 5 s sound now
    ends before that on a busy machine (then the window's soft limit answered instead)."""
    project = tiny_project(media, tmp_path, size="360x640", seconds=120.0)
    out = tmp_path / "farm.mp4"
    with pytest.raises(RenderError) as err:
        render_on_farm(
            project, out, slow_limits.redis.url, slow_limits.storage, window_s=120.0,
            timeout_s=120,
        )  # fmt: skip
    text = str(err.value)
    assert "sound task ran past its hard time limit (0.3 s)" in text, text
    assert "SHORTVID_FARM_TIME_LIMITS" in text, text
    row = _last_job()
    assert row.state == "failed" and "time limit" in row.error
    assert not out.exists()
    assert not [t for t in traces(slow_limits.trace) if t["task"] in ("render_sound", "join")]


def test_a_task_past_its_soft_time_limit_stops_with_a_clear_error(
    media, tmp_path: Path, slow_limits: Cluster
):
    """A window task stops itself at its soft limit (0.3 s): FAILURE with words saying which
    task, which limit and what to change, and no part recorded."""
    project = tiny_project(media, tmp_path, size="360x640")
    payload = sent_payload(project, slow_limits.storage, WINDOW_S)
    state, info = run_task(slow_limits.redis.url, "shortvid.render_window", payload, 0)
    assert state == "FAILURE"
    text = str(info)
    assert "window task 0" in text and "ran past its time limit (0.3 s)" in text, text
    assert "SHORTVID_FARM_TIME_LIMITS" in text, text
    assert not [t for t in traces(slow_limits.trace) if t["task"] == "render_window"]


def test_the_cli_reports_a_task_past_its_time_limit(media, tmp_path: Path, slow_limits: Cluster):
    project = tiny_project(media, tmp_path, size="360x640", seconds=2.0)
    saved = Session(project).save_file(tmp_path / "project.json")
    out = tmp_path / "cli.mp4"
    env = dict(os.environ, SHORTVID_FARM_WINDOW_SECONDS=str(WINDOW_S))
    done = subprocess.run(
        [sys.executable, "-m", "shortvid_desktop.cli", "render", str(saved), "-o", str(out),
         "--farm", slow_limits.redis.url, "--storage", slow_limits.storage],
        capture_output=True, text=True, timeout=180, env=env,
    )  # fmt: skip
    assert done.returncode != 0
    assert "time limit" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert slow_limits.redis.password not in done.stderr
    assert not out.exists()


# ------------------------------------------------------------------ no worker answers
@pytest.fixture(scope="module")
def lonely_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A broker with no worker at all."""
    import gc

    server = RedisServer(tmp_path_factory.mktemp("lonely"))
    server.start()
    try:
        yield server
    finally:
        gc.collect()  # Celery results of these tests let go while Redis still answers
        server.kill()


def test_a_farm_with_no_worker_ends_the_wait_with_a_clear_message(
    media, tmp_path: Path, lonely_broker: RedisServer
):
    share = tmp_path / "share"
    share.mkdir()
    project = tiny_project(media, tmp_path, seconds=2.0)
    out = tmp_path / "farm.mp4"
    with pytest.raises(RenderError) as err:
        render_on_farm(
            project, out, lonely_broker.url, share.as_uri(), window_s=WINDOW_S,
            worker_wait_s=1.0,
        )  # fmt: skip
    text = str(err.value)
    assert "No farm worker answered in 1 s" in text and "shortvid worker" in text, text
    assert lonely_broker.password not in text
    row = _last_job()
    assert row.state == "failed" and "No farm worker answered" in row.error
    assert not out.exists()


def test_the_cli_and_settings_bound_the_wait_for_a_worker(
    media, tmp_path: Path, lonely_broker: RedisServer
):
    """`shortvid render --farm` with the setting farm.worker_wait_s = 1 (what Settings and the
    window use) ends with the message and exit 1 instead of waiting for ever; --farm-wait
    overrides the setting."""
    from shortvid_desktop.session.settings import SETTING_FARM_WORKER_WAIT, set_value

    share = tmp_path / "share"
    share.mkdir()
    project = tiny_project(media, tmp_path, seconds=2.0)
    saved = Session(project).save_file(tmp_path / "project.json")
    set_value(SETTING_FARM_WORKER_WAIT, 1)
    args = [
        sys.executable,
        "-m",
        "shortvid_desktop.cli",
        "render",
        str(saved),
        "-o",
        str(tmp_path / "cli.mp4"),
        "--farm",
        lonely_broker.url,
        "--storage",
        share.as_uri(),
    ]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "No farm worker answered in 1 s" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and lonely_broker.password not in done.stderr
    done = subprocess.run([*args, "--farm-wait", "2"], capture_output=True, text=True, timeout=120)
    assert "No farm worker answered in 2 s" in done.stderr, done.stderr
