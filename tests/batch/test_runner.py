"""The batch runner in-process: real renders (tiny), real queue file, the local OpenAI server."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest
from servers.fixtures import (  # noqa: F401 - fixtures used through the wrappers below
    _hermetic_network,
    _openai_server,
    keyring_file,
    openai_env,
    openai_server,
)
from servers.openai_server import OpenAIServer

from shortvid_desktop.jobs import Cancelled, CancelToken
from shortvid_desktop.session.batch.manifest import read_manifest
from shortvid_desktop.session.batch.queue import BatchQueue, file_sha256
from shortvid_desktop.session.batch.runner import (
    BatchEvent,
    BatchOptions,
    BatchRunner,
    is_transient,
    plan_jobs,
    queue_settings,
)


@pytest.fixture
def llm(request: pytest.FixtureRequest) -> OpenAIServer:
    """The local OpenAI server as the `openai` provider (through the environment)."""
    return request.getfixturevalue("openai_env")


SMALL = {"size": (180, 320), "fps": 24, "quality": "draft", "backoff_s": 0.01}


def _manifest(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "manifest.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _queue(manifest: Path, out: Path, options: BatchOptions) -> BatchQueue:
    result = read_manifest(manifest)
    jobs, problems, _notes = plan_jobs(result, options)
    return BatchQueue.create(out, jobs, problems, queue_settings(options, result))


def _frames(path: Path) -> tuple[int, int, float]:
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        assert c.streams.audio, f"{path.name} has no sound"
        return v.codec_context.width, v.codec_context.height, float(c.duration or 0) / 1e6


def test_good_rows_are_made_and_a_bad_one_fails_at_once(tmp_path: Path, media) -> None:
    broken = media.corrupt("batch-broken.mp4")
    manifest = _manifest(
        tmp_path,
        [
            "name,text,media,variants",
            "hello,Hello from a batch. It is short.,,",
            f"broken,This row's only media is broken.,{broken},",
            "twice,One sentence here. Another one there. A third to pick from.,,2",
        ],
    )
    options = BatchOptions(**SMALL)
    queue = _queue(manifest, tmp_path / "out", options)
    events: list[BatchEvent] = []
    try:
        summary = BatchRunner(queue, options, on_event=events.append).run()
        states = {j.name: (j.state, j.attempts) for j in queue.jobs()}
    finally:
        queue.close()
    assert states == {
        "hello": ("done", 1),
        "broken": ("failed", 1),  # bad input: no second try
        "twice-1": ("done", 1),
        "twice-2": ("done", 1),
    }
    out = tmp_path / "out"
    for name in ("hello", "twice-1", "twice-2"):
        w, h, seconds = _frames(out / f"{name}.mp4")
        assert (w, h) == (180, 320) and seconds > 1
        sidecar = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        assert sidecar["title"] and 3 <= len(sidecar["hashtags"]) <= 8
    assert not (out / "broken.mp4").exists()
    (failed,) = summary.failed
    assert failed["name"] == "broken" and "media" in failed["error"].lower()
    data = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    rows = {r["name"]: r for r in data["videos"]}
    assert rows["hello"]["status"] == "done"
    assert rows["hello"]["size_bytes"] == (out / "hello.mp4").stat().st_size
    assert rows["hello"]["voices"] and rows["hello"]["voices"][0].startswith(("piper:", "espeak"))
    assert rows["twice-1"]["duration_s"] > 1
    # the variants of one row open with another sentence (session/batch/variety.py)
    assert rows["twice-1"]["description"].split(".")[0] == "One sentence here"
    assert rows["twice-2"]["description"].split(".")[0] != "One sentence here"
    assert rows["broken"]["status"] == "failed" and rows["broken"]["error"]
    with open(out / "batch.csv", encoding="utf-8-sig") as fh:
        assert fh.readline().startswith("row,variant,name,status,output")
    assert any(e.kind == "failed" and e.job.name == "broken" for e in events)
    # nothing half-written is left beside the outputs
    assert not [p.name for p in out.iterdir() if ".partial" in p.name or p.name.endswith(".tmp")]


def test_a_transient_provider_failure_is_tried_again(tmp_path: Path, llm: OpenAIServer) -> None:
    # the client's own retries (3) run out on the first four 429s: the batch tries again
    llm.fail_next("chat", "429", "429", "429", "429")
    manifest = _manifest(tmp_path, ["name,topic,seconds", "cats,Why cats purr,10"])
    options = BatchOptions(provider="openai", **SMALL)
    queue = _queue(manifest, tmp_path / "out", options)
    events: list[BatchEvent] = []
    try:
        BatchRunner(queue, options, on_event=events.append).run()
        (job,) = queue.jobs()
    finally:
        queue.close()
    assert (job.state, job.attempts) == ("done", 2)
    retries = [e for e in events if e.kind == "retry"]
    assert len(retries) == 1, [e.message for e in retries]
    assert "rate" in retries[0].message.lower() or "429" in retries[0].message
    assert not any("made offline" in e.message for e in events if e.kind == "note")
    assert file_sha256(job.output_path) == job.output_sha256


def test_a_provider_that_keeps_failing_fails_the_row_after_the_attempts(
    tmp_path: Path, llm: OpenAIServer
) -> None:
    llm.fail_next("chat", *["500"] * 8)  # 2 attempts x (1 + 3 client retries)
    manifest = _manifest(tmp_path, ["name,topic", "down,Why the sky is blue"])
    options = BatchOptions(provider="openai", attempts=2, **SMALL)
    queue = _queue(manifest, tmp_path / "out", options)
    try:
        summary = BatchRunner(queue, options).run()
        (job,) = queue.jobs()
    finally:
        queue.close()
    assert (job.state, job.attempts) == ("failed", 2)
    assert "--resume tries again" in job.error
    assert [r["name"] for r in summary.failed] == ["down"]


def test_cancel_stops_the_batch_and_resume_finishes_it(tmp_path: Path) -> None:
    manifest = _manifest(
        tmp_path,
        ["name,text"] + [f"v{i},Video number {i}. It is tiny." for i in range(1, 4)],
    )
    options = BatchOptions(**SMALL)
    out = tmp_path / "out"
    queue = _queue(manifest, out, options)
    cancel = CancelToken()

    def on_event(event: BatchEvent) -> None:
        if event.kind == "done":
            cancel.cancel()  # like Ctrl+C once the first video is made

    try:
        with pytest.raises(Cancelled):
            BatchRunner(queue, options, on_event=on_event).run(cancel=cancel)
        states = [j.state for j in queue.jobs()]
    finally:
        queue.close()
    assert states.count("done") >= 1 and "running" not in states
    assert set(states) <= {"done", "cancelled", "queued"} and states.count("done") < 3
    made = {p.name: p.stat().st_mtime_ns for p in out.glob("*.mp4")}
    queue, report = BatchQueue.resume(out)
    try:
        assert len(report.kept) == states.count("done")
        BatchRunner(queue, options).run()
        assert [j.state for j in queue.jobs()] == ["done"] * 3
    finally:
        queue.close()
    for name, mtime in made.items():
        assert (out / name).stat().st_mtime_ns == mtime  # finished videos were not made again


def test_what_counts_as_transient() -> None:
    from shortvid_desktop.core.errors import BadInputError, RenderError
    from shortvid_desktop.net.errors import ProviderAuthError, ProviderUnavailableError

    assert is_transient(ProviderUnavailableError("HTTP 429", provider="openai"))
    assert is_transient(ConnectionResetError())
    assert not is_transient(BadInputError("Media not found: x.png"))
    assert not is_transient(ProviderAuthError("bad key", provider="openai"))
    assert not is_transient(RenderError("ffmpeg failed"))
    assert not is_transient(Cancelled())
