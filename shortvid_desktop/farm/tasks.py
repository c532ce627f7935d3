"""The farm's tasks: what a worker does with one message.

A job is a Celery canvas (built by ``session/farm.py``)::

    group(voice_scene per scene) -> chord([render_sound, render_window per window], join)

Every task:

- refuses a payload from another app version (``VersionMismatch``: the frames would differ);
- reads only the objects its manifest names (``manifest.materialize`` refuses the rest) from the
  worker's own storage (``SHORTVID_FARM_STORAGE``, set by ``shortvid worker``; credentials come
  from the worker's environment, never from the payload);
- is idempotent: its output is an object in storage recorded under the hash of its inputs
  (``storage.put_result``); a redelivered or repeated task finds it and returns at once;
- reports progress as ``PROGRESS`` with ``{"frames": n, "total": m}``;
- retries with backoff when storage fails (network, S3 errors), not when the input is bad.

``SHORTVID_FARM_TRACE`` (tests, benchmarks) names a file where each task that really worked (no
cached result) appends one JSON line: how the tests prove nothing was rendered twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from celery import shared_task
from celery.worker.control import inspect_command

from .. import __version__
from ..core.errors import BadInputError, ShortVidError

STORAGE_ENV = "SHORTVID_FARM_STORAGE"
TRACE_ENV = "SHORTVID_FARM_TRACE"
RETRY_KW: dict[str, Any] = {
    "max_retries": 6,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
}


class VersionMismatch(ShortVidError):
    """The job was sent by another ShortVid version."""


class StorageTrouble(ShortVidError):
    """Storage failed in a way worth trying again (network, server errors)."""


# ---------------------------------------------------------------------------------- helpers
_storage_lock = threading.Lock()
_storage: Any = None


def worker_storage() -> Any:
    """This worker's storage (opened once from SHORTVID_FARM_STORAGE)."""
    global _storage
    with _storage_lock:
        if _storage is None:
            from .storage import open_storage

            url = os.environ.get(STORAGE_ENV, "")
            if not url:
                raise BadInputError(
                    f"This worker has no storage: start it with --storage URL ({STORAGE_ENV})."
                )
            _storage = open_storage(url)
        return _storage


def check_version(payload: dict[str, Any]) -> None:
    sent = str(payload.get("version", ""))
    if sent != __version__:
        raise VersionMismatch(
            f"This worker runs ShortVid {__version__}, the job was sent by ShortVid "
            f"{sent or 'unknown'}: run workers of the same version as the desktop."
        )


def input_key(*parts: object) -> str:
    """The hash naming a task's inputs (its result pointer's key)."""
    text = json.dumps([__version__, *parts], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def job_key(payload: dict[str, Any]) -> str:
    """The job's key, computed here from what it holds (never taken on trust)."""
    from .manifest import FrozenJob

    return FrozenJob.from_dict(payload["job"]).key


def window_key(payload: dict[str, Any], f0: int, f1: int) -> str:
    return input_key("window", job_key(payload), payload.get("quality"), f0, f1)


def sound_key(payload: dict[str, Any]) -> str:
    return input_key("sound", job_key(payload), payload.get("quality"))


def join_key(payload: dict[str, Any]) -> str:
    return input_key("join", job_key(payload), payload.get("quality"), payload["bounds"])


def voice_key(payload: dict[str, Any], scene_id: str) -> str:
    return input_key("voice", job_key(payload), scene_id)


def _trace(task: str, key: str, started: float = 0.0, nbytes: int = 0, **extra: Any) -> None:
    path = os.environ.get(TRACE_ENV, "")
    if not path:
        return
    seconds = time.monotonic() - started if started else 0.0
    entry = {"task": task, "key": key, "pid": os.getpid(), "t": time.time(), "s": seconds}
    line = json.dumps({**entry, "bytes": nbytes, **extra}) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)


def _is_storage_trouble(exc: BaseException) -> bool:
    """Worth trying again: storage unreachable or failing, not refused or corrupt."""
    from .storage import (
        CorruptObjectError,
        StorageAuthError,
        StorageError,
        StorageNotFoundError,
    )

    if isinstance(exc, BadInputError | VersionMismatch | StorageAuthError):
        return False
    if isinstance(exc, StorageNotFoundError | CorruptObjectError):
        return False
    if isinstance(exc, StorageTrouble | StorageError | ConnectionError | TimeoutError):
        return True
    name = type(exc).__module__ + "." + type(exc).__name__
    return name.startswith(("botocore.", "boto3.", "urllib3."))


def _guard(task: Any, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run ``fn``; storage trouble is retried with backoff, everything else fails the task."""
    try:
        return fn()
    except Exception as exc:
        if _is_storage_trouble(exc) and task.request.retries < RETRY_KW["max_retries"]:
            delay = min(RETRY_KW["retry_backoff_max"], 2 ** (task.request.retries + 1))
            raise task.retry(exc=exc, countdown=delay) from exc
        raise


class _Reporter:
    """PROGRESS states, at most every 0.5 s (each is a write to Redis)."""

    def __init__(self, task: Any, total: int, **extra: object) -> None:
        self.task, self.total, self.extra, self.last = task, total, extra, 0.0

    def __call__(self, fraction: float) -> None:
        now = time.monotonic()
        if now - self.last < 0.5 and fraction < 1.0:
            return
        self.last = now
        if self.task.request.id is None:  # called directly (tests): no state to write
            return
        frames = max(0, min(self.total, round(fraction * self.total)))
        worker = self.task.request.hostname or ""
        meta = {"frames": frames, "total": self.total, "worker": worker, **self.extra}
        self.task.update_state(state="PROGRESS", meta=meta)


def _load(payload: dict[str, Any], workdir: Path):
    """The job's project materialised (only the manifest's objects) and its plan."""
    from ..paths import cache_dir
    from ..render.plan import compile_plan
    from .manifest import FrozenJob, materialize

    job = FrozenJob.from_dict(payload["job"])
    # objects kept between tasks (verified by hash before each use): a worker fetches an asset
    # once for all the windows it renders
    project = materialize(job, worker_storage(), cache_dir("farm"))
    plan = compile_plan(project, quality=payload.get("quality"))
    return project, plan


def _encoder(plan: Any) -> Any:
    from ..render.graph import QUALITY_PRESETS

    return QUALITY_PRESETS.get(plan.quality, QUALITY_PRESETS["standard"])


def _scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="shortvid-farm-"))


def _cached(key: str) -> str | None:
    return worker_storage().get_result(key)


# ------------------------------------------------------------------------------------ tasks
@shared_task(bind=True, name="shortvid.voice_scene")
def voice_scene(self: Any, payload: dict[str, Any], scene_id: str) -> dict[str, Any]:
    """A scene's spoken audio, checked on the worker: the objects its voice clips name, fetched
    and decoded. (The desktop voices the script before sending, with its own engines and cache:
    the layout, and so the windows, follow the voices' lengths.)"""
    check_version(payload)

    def run() -> dict[str, Any]:
        key = voice_key(payload, scene_id)
        done = _cached(key)
        if done is not None:
            return {"digest": done, "cached": True, "scene": scene_id}
        work = _scratch()
        try:
            project, _plan = _load(payload, work)
            from ..media.probe import probe

            voiced = [
                c
                for t in project.timeline.tracks
                if t.kind == "voice"
                for c in t.clips
                if c.scene_id == scene_id
            ]
            digests = []
            for clip in voiced:
                asset = project.assets[clip.asset_id]
                probe(asset.path)  # MediaError naming the file when it does not decode
                digests.append(payload["job"]["assets"].get(clip.asset_id, ""))
            digest = input_key("voices", sorted(digests))
            _trace("voice_scene", key)
            worker_storage().put_result(key, digest)
            return {"digest": digest, "cached": False, "scene": scene_id}
        finally:
            shutil.rmtree(work, ignore_errors=True)

    return _guard(self, run)


@shared_task(bind=True, name="shortvid.render_sound")
def render_sound(self: Any, payload: dict[str, Any]) -> dict[str, Any]:
    """The whole sound (both loudness passes, AAC) as an object: the join muxes it."""
    check_version(payload)

    def run() -> dict[str, Any]:
        key = sound_key(payload)
        done = _cached(key)
        if done is not None:
            return {"digest": done, "cached": True, "role": "sound"}
        from ..render.export import render_sound_part

        started = time.monotonic()
        work = _scratch()
        try:
            _project, plan = _load(payload, work)
            audio = work / "audio.m4a"
            report = _Reporter(self, plan.frames, role="sound")
            render_sound_part(plan, audio, _encoder(plan), work, report)
            digest = worker_storage().put_file(audio)
            _trace("render_sound", key, started, audio.stat().st_size)
            worker_storage().put_result(key, digest)
            return {"digest": digest, "cached": False, "role": "sound"}
        finally:
            shutil.rmtree(work, ignore_errors=True)

    return _guard(self, run)


@shared_task(bind=True, name="shortvid.render_window")
def render_window(self: Any, payload: dict[str, Any], index: int) -> dict[str, Any]:
    """Frames [f0, f1) of the video (the windowed renderer's window ``index``) as an object."""
    check_version(payload)
    f0, f1 = (int(v) for v in payload["bounds"][index])

    def run() -> dict[str, Any]:
        key = window_key(payload, f0, f1)
        done = _cached(key)
        if done is not None:
            return {"digest": done, "cached": True, "index": index, "frames": f1 - f0}
        from ..render.export import prepare_workdir, render_window_part

        started = time.monotonic()
        work = _scratch()
        try:
            _project, plan = _load(payload, work)
            prepare_workdir(plan, work)
            part = work / f"part{index:04d}.mp4"
            report = _Reporter(self, f1 - f0, index=index)
            render_window_part(plan, f0, f1, part, _encoder(plan), work, report)
            digest = worker_storage().put_file(part)
            size = part.stat().st_size
            _trace("render_window", key, started, size, index=index, worker=self.request.hostname)
            worker_storage().put_result(key, digest)
            return {"digest": digest, "cached": False, "index": index, "frames": f1 - f0}
        finally:
            shutil.rmtree(work, ignore_errors=True)

    return _guard(self, run)


@shared_task(bind=True, name="shortvid.join")
def join(self: Any, parts: list[dict[str, Any]], payload: dict[str, Any]) -> dict[str, Any]:
    """The windows joined without re-encoding, with the sound: the MP4 as an object."""
    check_version(payload)

    def run() -> dict[str, Any]:
        key = join_key(payload)
        done = _cached(key)
        if done is not None:
            return {"digest": done, "cached": True}
        from ..render.export import join_parts

        started = time.monotonic()
        storage = worker_storage()
        windows = sorted((p for p in parts if "index" in p), key=lambda p: p["index"])
        sound = next((p for p in parts if p.get("role") == "sound"), None)
        if sound is None or len(windows) != len(payload["bounds"]):
            raise BadInputError("The join got the wrong parts: send the job again.")
        work = _scratch()
        try:
            files = []
            for p in windows:
                files.append(storage.get_file(p["digest"], work / f"part{p['index']:04d}.mp4"))
            audio = storage.get_file(sound["digest"], work / "audio.m4a")
            out = work / "video.mp4"
            join_parts(files, audio, out, work, None)
            digest = storage.put_file(out)
            _trace("join", key, started, out.stat().st_size)
            storage.put_result(key, digest)
            return {"digest": digest, "cached": False, "bytes": out.stat().st_size}
        finally:
            shutil.rmtree(work, ignore_errors=True)

    return _guard(self, run)


# ------------------------------------------------------------------------ worker facts
@inspect_command(name="shortvid_info")
def shortvid_info(state: Any) -> dict[str, Any]:
    """What `shortvid farm status` shows of a worker: its version and storage (no secrets)."""
    from .app import redact_url

    return {
        "version": __version__,
        "storage": redact_url(os.environ.get(STORAGE_ENV, "")),
        "pid": os.getpid(),
    }
