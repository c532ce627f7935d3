"""The desktop side of the render farm: send a project, follow it, bring the MP4 home.

``render_on_farm`` freezes the project (its JSON and the sha256 of every asset), uploads the
assets storage lacks, and sends the job as a Celery canvas::

    group(voice_scene per scene) -> chord([render_sound, render_window per window], join)

It then polls the tasks' states (frames done per window), downloads the MP4 the join left in
storage to a hidden partial file beside the output and renames it (inputs are never outputs:
``Session.check_outputs``). Cancel revokes every task (terminating the running ones).

The job's record lives in SQLite (``store/farm_jobs.py``), not in Redis: when Redis restarts
mid-job (its queues and results gone: a state seen before falls back to PENDING, or the
connection drops), the job is sent again from the record, and the tasks, keyed by the hash of
their inputs, return what storage already holds; nothing is rendered twice into the output.
``resume_farm_job`` does the same after the desktop itself restarted.

Worker side: ``run_worker`` (``shortvid worker``) and ``farm_status`` (``shortvid farm status``).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.errors import BadInputError, RenderError
from ..core.serial import clone
from ..jobs import Cancelled, CancelToken, Progress
from ..paths import user_data_dir

FARM_WINDOW_SECONDS = 20.0  # a window per task: shorter spreads wider, each costs a start-up
WINDOW_ENV = "SHORTVID_FARM_WINDOW_SECONDS"
POLL_S = 0.3
BROKER_DOWN_S = 120.0  # how long a job waits for its broker to come back before failing
# Every wait on the farm ends. A job fails when it is not done by its deadline (setting
# farm.deadline_s, CLI --farm-deadline), and when nothing moved (no task taken, no frame
# rendered) for farm.worker_wait_s (CLI --farm-wait) and no worker answers a ping then.
DEADLINE_S = 6 * 3600.0
WORKER_WAIT_S = 60.0
PING_S = 1.0  # how long a ping waits for workers' replies


@dataclass
class FarmResult:
    path: Path
    seconds: float
    job_id: str
    digest: str
    windows: int
    attempts: int
    bytes_up: int = 0
    bytes_down: int = 0
    cached: int = 0  # tasks answered from storage
    timings: dict[str, float] = field(default_factory=dict)
    # what `make`/`render` print of an export, so a farm result reads the same
    subtitle_paths: tuple[Path, ...] = ()
    encoder: str = "libx264 on the farm"
    font: str = "the workers'"


def farm_jobs_path() -> Path:
    from ..store.farm_jobs import FARM_JOBS_FILE

    return user_data_dir() / FARM_JOBS_FILE


def _jobs_store(path: Path | None = None):
    from ..store.farm_jobs import FarmJobStore

    return FarmJobStore(path or farm_jobs_path())


def window_seconds(value: float | None = None) -> float:
    if value is not None:
        return max(0.2, float(value))
    try:
        return max(0.2, float(os.environ.get(WINDOW_ENV, "") or FARM_WINDOW_SECONDS))
    except ValueError:
        return FARM_WINDOW_SECONDS


@dataclass(frozen=True)
class Waits:
    """How long a farm job may wait: in all (``deadline_s``) and with nothing moving before
    the workers are asked whether they are there (``worker_wait_s``)."""

    deadline_s: float = DEADLINE_S
    worker_wait_s: float = WORKER_WAIT_S


def farm_waits(deadline_s: float | None = None, worker_wait_s: float | None = None) -> Waits:
    """The waits given, else the settings (farm.deadline_s, farm.worker_wait_s), else the
    defaults (6 h, 60 s)."""
    from .settings import SETTING_FARM_DEADLINE, SETTING_FARM_WORKER_WAIT, get_value

    def pick(given: float | None, key: str, default: float) -> float:
        value: object = given if given is not None else get_value(key, None)
        try:
            number = float(value) if value is not None else default  # type: ignore[arg-type]
        except (TypeError, ValueError):
            number = default
        return number if number > 0 else default

    return Waits(
        pick(deadline_s, SETTING_FARM_DEADLINE, DEADLINE_S),
        pick(worker_wait_s, SETTING_FARM_WORKER_WAIT, WORKER_WAIT_S),
    )


def redact_url(url: str) -> str:
    """``url`` without its password."""
    from ..farm.app import redact_url as _redact

    return _redact(url)


def broker_url(url: str) -> str:
    """``url`` with the password from ``SHORTVID_FARM_PASSWORD`` (or the file named by
    ``SHORTVID_FARM_PASSWORD_FILE``) when it has none: secrets stay out of command lines."""
    from urllib.parse import quote, urlsplit, urlunsplit

    from ..farm.app import check_broker_url

    check_broker_url(url)
    parts = urlsplit(url)
    if parts.password is not None:
        _remember(parts.password)
        return url
    password = os.environ.get("SHORTVID_FARM_PASSWORD", "")
    secret_file = os.environ.get("SHORTVID_FARM_PASSWORD_FILE", "")
    if not password and secret_file:
        try:
            password = Path(secret_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise BadInputError(
                f"Cannot read the broker password file {secret_file}: {exc}"
            ) from None
    if not password:
        return url
    _remember(password)
    host = parts.netloc.rsplit("@", 1)[-1]
    user = quote(parts.username or "", safe="")
    netloc = f"{user}:{quote(password, safe='')}@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _need_celery() -> None:
    try:
        import celery  # noqa: F401 - the farm extra
        import redis  # noqa: F401
    except ImportError:
        raise BadInputError(
            "The render farm needs Celery and Redis' client: install ShortVid with the farm "
            "extra (pip install 'shortvid-desktop[farm]')."
        ) from None


def _remember(password: str) -> None:
    """Crash reports and logs scrub the broker's password from now on (``secrets.redact``)."""
    from ..secrets import remember_secret

    remember_secret(password)


def connect(broker: str):
    """The farm's Celery app for ``broker``, checked with one quick connection (FarmError naming
    the broker, without its password, when it refuses us)."""
    from urllib.parse import urlsplit

    _need_celery()
    from ..farm.app import check_broker, make_app

    try:
        _remember(urlsplit(broker).password or "")
    except ValueError:
        pass
    app = make_app(broker)
    check_broker(app)
    return app


# ------------------------------------------------------------------------------ the canvas
def _payload(job: Any, quality: str | None, bounds: list[tuple[int, int]]) -> dict[str, Any]:
    return {
        "version": __version__,
        "job": job.to_dict(),
        "quality": quality,
        "bounds": [list(b) for b in bounds],
    }


def _scene_ids(payload: dict[str, Any]) -> list[str]:
    from ..farm.manifest import FrozenJob

    project = FrozenJob.from_dict(payload["job"]).parsed_project()
    voiced = {c.scene_id for t in project.timeline.tracks if t.kind == "voice" for c in t.clips}
    return [s.id for s in project.script.scenes if s.id in voiced]


def send_canvas(
    app: Any, payload: dict[str, Any], expires_in_s: float | None = None
) -> dict[str, str]:
    """Send the job's tasks; their ids by role (``voice:<scene>``, ``sound``, ``window:<i>``,
    ``join``). ``expires_in_s``: a worker that gets a task after then drops it (the desktop
    gave up on the job by its deadline: a worker started tomorrow does not render it)."""
    from datetime import UTC, datetime, timedelta

    from celery import chain, chord, group

    ids: dict[str, str] = {}
    expires = None
    if expires_in_s is not None:
        expires = datetime.now(UTC) + timedelta(seconds=max(1.0, expires_in_s))

    def sig(name: str, role: str, *args: Any, immutable: bool = True):
        ids[role] = str(uuid.uuid4())
        s = app.signature(name, args=args, immutable=immutable)
        if expires is not None:
            s = s.set(expires=expires)
        return s.set(task_id=ids[role])

    voices = [sig("shortvid.voice_scene", f"voice:{sc}", payload, sc) for sc in _scene_ids(payload)]
    header = [sig("shortvid.render_sound", "sound", payload)]
    header += [
        sig("shortvid.render_window", f"window:{i}", payload, i)
        for i in range(len(payload["bounds"]))
    ]
    body = sig("shortvid.join", "join", payload, immutable=False)
    canvas = chord(header, body)
    if voices:
        canvas = chain(group(voices), canvas)
    sent = canvas.apply_async()
    # let go of the result object now, while Redis answers: it unsubscribes when collected
    del sent
    return ids


# ---------------------------------------------------------------------------------- polling
@dataclass
class _Watch:
    """What the poll has seen: the states of the tasks, the frames done."""

    frames: dict[int, int] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)  # roles seen past PENDING
    cached: int = 0


class _BrokerLost(Exception):
    pass


def _poll_once(app: Any, ids: dict[str, str], bounds: list[list[int]], watch: _Watch) -> Any:
    """One look at every task. Returns the join's result when done, else None. Raises
    _BrokerLost when Redis forgot the job, RenderError when a task failed."""
    for role, task_id in ids.items():
        try:  # the backend's record itself (AsyncResult objects subscribe, and linger)
            meta = app.backend.get_task_meta(task_id)
        except Exception as exc:
            raise _BrokerLost(str(exc)) from exc
        state, info = meta.get("status", "PENDING"), meta.get("result")
        if state == "PENDING":
            if role in watch.seen:
                raise _BrokerLost(f"the task {role} was forgotten")
            continue
        watch.seen.add(role)
        if state == "FAILURE" or state == "REVOKED":
            raise RenderError(_failure_text(role, state, info))
        if role.startswith("window:"):
            i = int(role.split(":")[1])
            total = bounds[i][1] - bounds[i][0]
            if state == "SUCCESS":
                watch.frames[i] = total
            elif state == "PROGRESS" and isinstance(info, dict):
                watch.frames[i] = min(total, int(info.get("frames", 0)))
        if role == "join" and state == "SUCCESS":
            return info
    return None


def _failure_text(role: str, state: str, info: Any) -> str:
    """What the submitter reads of a failed task: its own message when it is ours (storage
    gave up, a soft time limit, bad input), plain words for a hard time limit."""
    kind, _, index = role.partition(":")
    what = f"{kind} task {index}".strip() if index and kind == "window" else f"{kind} task"
    name = type(info).__name__
    if name == "TimeLimitExceeded":
        args = getattr(info, "args", ())
        limit = f" ({float(args[0]):g} s)" if args and isinstance(args[0], int | float) else ""
        return (
            f"The farm's {what} ran past its hard time limit{limit} and its process was "
            "killed. Raise the workers' limit (SHORTVID_FARM_TIME_LIMITS, e.g. "
            "render_window=6000:6600) or render in shorter windows."
        )
    if state == "REVOKED":
        return f"The farm's {what} was revoked (cancelled, or expired past the job's deadline)."
    text = str(info)
    return text if text.startswith("The farm") else f"The farm's {what} failed: {text}"


def _mark_sent(app: Any, job_id: str, ttl_s: float) -> None:
    """A key in Redis saying this job's tasks were sent there: when it is gone, Redis was
    restarted (or flushed) and forgot the job, even before any of its tasks was seen."""
    app.backend.client.set(f"shortvid:job:{job_id}", "sent", ex=max(60, int(ttl_s) + 3600))


def _job_known(app: Any, job_id: str) -> bool:
    try:
        return bool(app.backend.client.exists(f"shortvid:job:{job_id}"))
    except Exception as exc:
        raise _BrokerLost(str(exc)) from exc


def _live_workers(app: Any, timeout: float = PING_S) -> int:
    """How many workers answer a ping now (0 when none, or the broker cannot be asked)."""
    try:
        return len(app.control.ping(timeout=timeout) or [])
    except Exception:  # noqa: BLE001 - no answer is the answer
        return 0


def _revoke(app: Any, ids: dict[str, str]) -> None:
    try:
        app.control.revoke(list(ids.values()), terminate=True, signal="SIGKILL")
    except Exception:  # noqa: BLE001 - best effort: the broker may be gone
        pass


def _wait_for_broker(app: Any, cancel: CancelToken, deadline: float) -> None:
    from ..farm.app import FarmError, check_broker

    while True:
        cancel.raise_if_cancelled()
        try:
            check_broker(app, timeout=2.0)
            return
        except FarmError:
            if time.monotonic() > deadline:
                raise
            cancel.wait(0.5)


def follow_job(
    app: Any,
    job_id: str,
    progress: Progress,
    cancel: CancelToken,
    *,
    jobs_path: Path | None = None,
    timeout_s: float | None = None,
    worker_wait_s: float | None = None,
    started: float | None = None,
) -> dict[str, Any]:
    """Poll a sent job until its join is done (resending it when Redis lost it); the join's
    result. Cancel revokes every task. Every wait ends (``farm_waits``): RenderError when the
    job is not done by its deadline (``timeout_s`` from ``started``), or when nothing moved
    for ``worker_wait_s`` and no worker answers a ping."""

    waits = farm_waits(timeout_s, worker_wait_s)
    store = _jobs_store(jobs_path)
    try:
        row = store.get(job_id)
        payload, ids = row.payload, row.task_ids
        bounds = payload["bounds"]
        total = max(1, bounds[-1][1] if bounds else 1)
        watch = _Watch()
        started = time.monotonic() if started is None else started
        deadline = started + waits.deadline_s
        moved, last_seen = time.monotonic(), None

        def fail(message: str) -> RenderError:
            _revoke(app, ids)
            store.finish(job_id, "failed", error=message)
            return RenderError(message)

        while True:
            if cancel.cancelled:
                _revoke(app, ids)
                store.finish(job_id, "cancelled")
                raise Cancelled()
            now = time.monotonic()
            if now > deadline:
                raise fail(
                    f"The farm did not finish the job in {waits.deadline_s:.0f} s (its "
                    "deadline: setting farm.deadline_s, or --farm-deadline)."
                )
            try:
                if not _job_known(app, job_id):
                    raise _BrokerLost("Redis forgot the job")
                done = _poll_once(app, ids, bounds, watch)
            except _BrokerLost:
                _wait_for_broker(app, cancel, min(deadline, time.monotonic() + BROKER_DOWN_S))
                _mark_sent(app, job_id, deadline - time.monotonic())
                ids = send_canvas(app, payload, deadline - time.monotonic())
                store.sent(job_id, ids)
                watch = _Watch(frames=watch.frames)
                moved = time.monotonic()
                continue
            except RenderError as exc:
                raise fail(str(exc)) from None
            frames = sum(watch.frames.values())
            seen = (len(watch.seen), frames)
            if seen != last_seen:
                moved, last_seen = now, seen
            elif now - moved > waits.worker_wait_s:
                if _live_workers(app) == 0:
                    raise fail(_no_worker_message(app, waits))
                moved = now  # workers are there (busy, or a long step): wait on
            if not watch.seen:  # no task taken yet: no worker, or all of them busy
                progress(0.0, "Waiting for a farm worker")
            else:
                progress(
                    min(0.99, frames / total), f"Rendering frame {frames} of {total} on the farm"
                )
            if done is not None:
                return dict(done)
            _sleep(cancel, POLL_S)
    finally:
        store.close()


def _sleep(cancel: CancelToken, seconds: float) -> None:
    cancel.wait(seconds)


def _download(storage: Any, digest: str, out: Path, cancel: CancelToken) -> int:
    stem = out.stem if out.stem.encode("utf-8", "replace").decode() == out.stem else "video"
    tmp = out.with_name(f".{stem}.partial-{uuid.uuid4().hex[:8]}{out.suffix}")
    try:
        storage.get_file(digest, tmp, cancel=cancel)
        size = tmp.stat().st_size
        os.replace(tmp, out)
        return size
    finally:
        tmp.unlink(missing_ok=True)


# ------------------------------------------------------------------------------- the door
def render_on_farm(
    project: Any,
    out_path: str | Path,
    broker: str,
    storage_url: str,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    *,
    quality: str | None = None,
    window_s: float | None = None,
    jobs_path: Path | None = None,
    timeout_s: float | None = None,
    worker_wait_s: float | None = None,
) -> FarmResult:
    """Render ``project`` (a Project or a Session) on the farm to ``out_path``. ``timeout_s``:
    the job's deadline; ``worker_wait_s``: how long nothing may move before the workers are
    pinged (both default to the settings farm.deadline_s / farm.worker_wait_s)."""
    from ..farm.storage import open_storage
    from ..render.export import chunk_bounds
    from ..render.plan import compile_plan
    from .session import Session

    started = time.monotonic()
    progress = progress or Progress()
    cancel = cancel or CancelToken()
    session = project if isinstance(project, Session) else Session(project)
    out = session.check_outputs(out_path)
    frozen = clone(session.project)
    plan = compile_plan(frozen, quality=quality)
    bounds = chunk_bounds(plan, window_seconds(window_s))
    progress(0.0, "Connecting to the farm")
    app = connect(broker)
    storage = open_storage(storage_url)
    progress(0.01, "Uploading the project's media")
    t0 = time.monotonic()
    from ..farm.manifest import freeze

    job = freeze(frozen, storage)
    upload_s = time.monotonic() - t0
    cancel.raise_if_cancelled()
    payload = _payload(job, quality, bounds)
    from ..farm.app import redact_url

    store = _jobs_store(jobs_path)
    try:
        job_id = uuid.uuid4().hex
        store.add(job_id, job.key, str(out), redact_url(broker), storage.url, payload)
        waits = farm_waits(timeout_s, worker_wait_s)
        _mark_sent(app, job_id, waits.deadline_s)
        ids = send_canvas(app, payload, waits.deadline_s - (time.monotonic() - started))
        store.sent(job_id, ids)
    finally:
        store.close()
    return _finish(
        app, storage, job_id, out, progress, cancel, jobs_path, waits, started,
        {"upload": upload_s},
    )  # fmt: skip


def make_on_farm(
    session: Any,
    out_path: str | Path,
    broker: str,
    storage_url: str,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    **options: Any,
) -> FarmResult:
    """`make --farm`: voice and lay out first when needed, then render on the farm. The voices
    are spoken by the workers (``speak_scene`` per scene, offline voices: espeak-ng, Piper) when
    every scene's voice is offline; a scene voiced by an online engine (its keys stay here)
    makes the desktop voice the script, as the local `make` does. The layout, and so the
    windows, follow the voices' lengths."""
    progress = progress or Progress()
    cancel = cancel or CancelToken()
    session.check_outputs(out_path)
    project = session.project
    if not project.timeline.duration_us or not any(
        t.kind == "voice" and t.clips for t in project.timeline.tracks
    ):
        waits = farm_waits(options.get("timeout_s"), options.get("worker_wait_s"))
        voiced = voice_on_farm(session, broker, storage_url, progress.sub(0.0, 0.2), cancel, waits)
        if voiced is None:
            session.build_timeline(progress.sub(0.0, 0.2), cancel)
        else:
            session.apply_voices(voiced)
        progress = progress.sub(0.2, 1.0)
    return render_on_farm(session, out_path, broker, storage_url, progress, cancel, **options)


def voice_on_farm(
    session: Any,
    broker: str,
    storage_url: str,
    progress: Progress,
    cancel: CancelToken,
    waits: Waits | None = None,
) -> Any:
    """Every scene of ``session``'s script spoken by the farm's workers: a VoiceResult to lay
    the timeline out from (``Session.apply_voices``), or None when a scene's voice is an
    online engine (the desktop voices it then). Each WAV comes home into the cache folder
    ``farm-voices`` (the project's voice assets point there, as local voices point into the
    voice cache)."""
    from ..core.model import Asset, WordTiming
    from ..core.text import clean_for_speech
    from ..farm.storage import open_storage
    from ..paths import cache_dir
    from ..voice.registry import is_online
    from .layout import SpokenScene
    from .session import BuildReport, VoiceResult, check_script_length

    waits = waits or farm_waits()
    started = time.monotonic()
    project = session.project
    if not project.script.scenes:
        raise BadInputError("The script is empty: type or paste some text first.")
    if not session.allow_long:
        check_script_length(project.script)
    asks: dict[str, dict[str, Any]] = {}
    texts: dict[str, str] = {}
    for scene in project.script.scenes:
        text = clean_for_speech(scene.narration)
        if not text.strip():
            continue
        engine, voice = session.voice_for(project.language, scene.voice or project.voice)
        if is_online(engine):
            return None
        texts[scene.id] = text
        asks[scene.id] = {
            "version": __version__,
            "scene": scene.id,
            "text": text,
            "language": project.language,
            "engine": engine,
            "voice": voice,
        }
    progress(0.0, "Voicing the script on the farm")
    app = connect(broker)
    storage = open_storage(storage_url)
    ids: dict[str, str] = {}
    for scene_id, ask in asks.items():
        ids[f"voice:{scene_id}"] = str(uuid.uuid4())
        app.signature("shortvid.speak_scene", args=(ask,), immutable=True).set(
            task_id=ids[f"voice:{scene_id}"]
        ).apply_async()
    done = _gather(app, ids, progress.sub(0.0, 0.8), cancel, waits, started)
    report = BuildReport()
    spoken: dict[str, SpokenScene] = {}
    folder = cache_dir("farm-voices")
    for n, (scene_id, ask) in enumerate(asks.items()):
        cancel.raise_if_cancelled()
        got = done[f"voice:{scene_id}"]
        digest = str(got["audio"])
        local = folder / f"{digest}.wav"
        if not (local.is_file() and local.stat().st_size == int(got.get("bytes", -1))):
            storage.get_file(digest, local, cancel=cancel)
        words = tuple(
            WordTiming(str(w[0]), int(w[1]), int(w[2]), bool(w[3]) if len(w) > 3 else True)
            for w in got.get("words", [])
        )
        duration = int(got["duration_us"])
        asset = Asset(
            path=str(local),
            kind="audio",
            duration_us=duration,
            audio_codec="pcm_s16le",
            generated=True,
        )
        spoken[scene_id] = SpokenScene(asset, duration, words, texts[scene_id])
        report.voices[scene_id] = f"{got.get('engine', ask['engine'])}:{got.get('voice', '')}"
        progress(0.8 + 0.2 * (n + 1) / max(1, len(asks)), "Voices ready")
    return VoiceResult(spoken, report)


def _no_worker_message(app: Any, waits: Waits) -> str:
    from ..farm.app import redact_url

    return (
        f"No farm worker answered in {waits.worker_wait_s:g} s: is `shortvid worker` running "
        f"with the broker {redact_url(str(app.conf.broker_url))}? (setting "
        "farm.worker_wait_s, or --farm-wait, sets how long to wait)"
    )


def _gather(
    app: Any,
    ids: dict[str, str],
    progress: Progress,
    cancel: CancelToken,
    waits: Waits,
    started: float,
) -> dict[str, Any]:
    """Wait for independent tasks (no job record): their results by role. The same ends as
    ``follow_job``: Cancel, the deadline, no worker answering."""
    results: dict[str, Any] = {}
    seen: set[str] = set()
    deadline = started + waits.deadline_s
    moved = time.monotonic()
    try:
        while True:
            if cancel.cancelled:
                raise Cancelled()
            now = time.monotonic()
            if now > deadline:
                raise RenderError(
                    f"The farm did not finish the job in {waits.deadline_s:.0f} s (its "
                    "deadline: setting farm.deadline_s, or --farm-deadline)."
                )
            for role, task_id in ids.items():
                if role in results:
                    continue
                meta = app.backend.get_task_meta(task_id)
                state, info = meta.get("status", "PENDING"), meta.get("result")
                if state in ("FAILURE", "REVOKED"):
                    raise RenderError(_failure_text(role, state, info))
                if state != "PENDING" and role not in seen:
                    seen.add(role)
                    moved = now
                if state == "SUCCESS":
                    results[role] = info
            if len(results) == len(ids):
                return results
            if now - moved > waits.worker_wait_s:
                if _live_workers(app) == 0:
                    raise RenderError(_no_worker_message(app, waits))
                moved = now
            progress(
                len(results) / max(1, len(ids)),
                f"Voicing scene {len(results) + 1} of {len(ids)} on the farm",
            )
            _sleep(cancel, POLL_S)
    except BaseException:
        _revoke(app, {r: t for r, t in ids.items() if r not in results})
        raise


def resume_farm_job(
    job_id: str,
    broker: str,
    storage_url: str,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    *,
    jobs_path: Path | None = None,
    timeout_s: float | None = None,
    worker_wait_s: float | None = None,
) -> FarmResult:
    """Follow a job this desktop sent before (after a restart): its tasks are sent again and
    whatever storage holds already is not rendered again."""
    from ..farm.storage import open_storage

    started = time.monotonic()
    progress = progress or Progress()
    cancel = cancel or CancelToken()
    app = connect(broker)
    storage = open_storage(storage_url)
    store = _jobs_store(jobs_path)
    try:
        row = store.get(job_id)
        if row.state == "done":
            raise BadInputError(f"The farm job {job_id} is done already: {row.out_path}.")
        waits = farm_waits(timeout_s, worker_wait_s)
        _mark_sent(app, job_id, waits.deadline_s)
        ids = send_canvas(app, row.payload, waits.deadline_s)
        store.sent(job_id, ids)
        out = Path(row.out_path)
    finally:
        store.close()
    return _finish(app, storage, job_id, out, progress, cancel, jobs_path, waits, started, {})


def _finish(
    app: Any,
    storage: Any,
    job_id: str,
    out: Path,
    progress: Progress,
    cancel: CancelToken,
    jobs_path: Path | None,
    waits: Waits,
    started: float,
    timings: dict[str, float],
) -> FarmResult:
    t0 = time.monotonic()
    done = follow_job(
        app, job_id, progress, cancel, jobs_path=jobs_path, timeout_s=waits.deadline_s,
        worker_wait_s=waits.worker_wait_s, started=started,
    )  # fmt: skip
    timings["render"] = time.monotonic() - t0
    progress(0.99, "Downloading the video")
    t0 = time.monotonic()
    size = _download(storage, done["digest"], out, cancel)
    timings["download"] = time.monotonic() - t0
    store = _jobs_store(jobs_path)
    try:
        row = store.finish(job_id, "done", digest=done["digest"])
    finally:
        store.close()
    progress(1.0, "Done")
    return FarmResult(
        path=out,
        seconds=time.monotonic() - started,
        job_id=job_id,
        digest=done["digest"],
        windows=len(row.payload["bounds"]),
        attempts=row.attempts,
        bytes_down=size,
        timings=timings,
    )


def farm_job_ids(job_id: str, jobs_path: Path | None = None) -> dict[str, str]:
    store = _jobs_store(jobs_path)
    try:
        return store.get(job_id).task_ids
    finally:
        store.close()


# ------------------------------------------------------------------------ the worker side
def worker_preflight() -> dict[str, Any]:
    """`doctor` before a worker starts: ffmpeg, fonts and the offline voices it will be asked
    to speak with (``speak_scene``: espeak-ng or Piper). BadInputError naming what is missing
    when it cannot render or speak."""
    from .doctor import doctor_report

    report = doctor_report()
    problems = []
    for name in ("ffmpeg", "fonts", "voices"):
        item = report.get(name) or {}
        if isinstance(item, dict) and item.get("ok") is False:
            why = item.get("error") or item.get("detail") or "missing"
            if name == "voices":
                offline = item.get("offline", {}) if isinstance(item.get("offline"), dict) else {}
                why = (
                    f"no offline voice for English ({offline.get('en') or why}): install "
                    "espeak-ng (the farm's voice tasks speak with it)"
                )
            problems.append(f"{name}: {why}")
    if problems:
        raise BadInputError(
            "This machine cannot render: " + "; ".join(problems) + " (see `shortvid doctor`)."
        )
    return report


def run_worker(
    broker: str,
    storage_url: str,
    *,
    concurrency: int = 1,
    name: str = "",
    loglevel: str = "INFO",
) -> int:
    """Run a Celery worker of the farm's tasks in this process (until stopped)."""
    import socket

    _need_celery()
    from ..farm.app import QUEUE
    from ..farm.storage import open_storage
    from ..farm.tasks import STORAGE_ENV

    open_storage(storage_url)  # BadInputError now rather than in every task
    os.environ[STORAGE_ENV] = storage_url
    app = connect(broker)
    import shortvid_desktop.farm.tasks  # noqa: F401 - registers the tasks on the app

    node = f"{name or 'shortvid'}-{__version__}@{socket.gethostname()}"
    argv = [
        "worker",
        f"--concurrency={max(1, concurrency)}",
        f"--hostname={node}",
        f"--queues={QUEUE}",
        f"--loglevel={loglevel}",
        "--pool=prefork",
        "--without-mingle",
        "--without-gossip",
    ]
    app.worker_main(argv)
    return 0


def farm_status(broker: str, timeout: float = 2.0) -> list[dict[str, Any]]:
    """The live workers: name, version, storage, active tasks, processes, offline voices. One
    broadcast (``shortvid_info`` answers all of it), so this takes ``timeout``, not 3x."""
    app = connect(broker)
    infos = app.control.broadcast("shortvid_info", reply=True, timeout=timeout) or []
    workers = []
    for reply in infos:
        for node, info in reply.items():
            workers.append(
                {
                    "name": node,
                    "version": info.get("version", "?"),
                    "storage": info.get("storage", ""),
                    "active": int(info.get("active", 0) or 0),
                    "concurrency": int(info.get("concurrency", 0) or 0),
                    "voices": dict(info.get("voices") or {}),
                    "same_version": info.get("version") == __version__,
                }
            )
    return sorted(workers, key=lambda w: w["name"])


Runner = Callable[[Progress, CancelToken], FarmResult]


# ------------------------------------------------------------------- the window's settings
BROKER_PASSWORD_KEY = "farm-broker"  # the keyring entry of the broker's password


def set_broker_password(password: str) -> str:
    """Keep the broker's password in the keyring (never in settings); where it went."""
    from ..secrets import set_key

    return set_key(BROKER_PASSWORD_KEY, password)


def broker_password() -> str:
    """The broker's password from the keyring ("" when none is stored)."""
    from ..secrets import get_key

    return get_key(BROKER_PASSWORD_KEY) or ""


def with_password(url: str, password: str) -> str:
    """``url`` with ``password`` when it has none of its own (BadInputError for a bad URL)."""
    from urllib.parse import quote, urlsplit, urlunsplit

    from ..farm.app import check_broker_url

    url = (url or "").strip()
    check_broker_url(url)
    parts = urlsplit(url)
    if parts.password is not None or not password:
        return url
    _remember(password)
    host = parts.netloc.rsplit("@", 1)[-1]
    user = quote(parts.username or "", safe="")
    netloc = f"{user}:{quote(password, safe='')}@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def farm_settings() -> dict[str, str]:
    """Settings > Rendering: {"mode": "local"|"farm", "broker": URL, "storage": URL,
    "worker_wait_s": seconds, "deadline_s": seconds} (``farm_waits``)."""
    from .settings import SETTING_FARM_BROKER, SETTING_FARM_MODE, SETTING_FARM_STORAGE, get_value

    mode = str(get_value(SETTING_FARM_MODE, "local") or "local")
    waits = farm_waits()
    return {
        "mode": "farm" if mode == "farm" else "local",
        "broker": str(get_value(SETTING_FARM_BROKER, "") or "").strip(),
        "storage": str(get_value(SETTING_FARM_STORAGE, "") or "").strip(),
        "worker_wait_s": f"{waits.worker_wait_s:g}",
        "deadline_s": f"{waits.deadline_s:g}",
    }


def configured_farm() -> tuple[str, str] | None:
    """(broker URL with the keyring's password, storage URL) when Settings choose the farm,
    else None. BadInputError saying what to set when the farm is chosen but incomplete."""
    chosen = farm_settings()
    if chosen["mode"] != "farm":
        return None
    if not chosen["broker"] or not chosen["storage"]:
        raise BadInputError(
            "Settings > Rendering choose the farm but its broker URL or storage URL is empty: "
            "fill both in (or choose This computer)."
        )
    return with_password(chosen["broker"], broker_password()), chosen["storage"]
