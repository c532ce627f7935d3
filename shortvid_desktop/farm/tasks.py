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
# A task that meets storage trouble runs again after BACKOFF_S * 2**n s (n = retries so far,
# capped at BACKOFF_MAX_S, jittered to 50-100 %), at most RETRIES times; then it fails naming
# the storage and the object. Workers may change these (tests lower them) by environment:
RETRIES, BACKOFF_S, BACKOFF_MAX_S = 6, 2.0, 60.0
RETRIES_ENV = "SHORTVID_FARM_RETRIES"
BACKOFF_ENV = "SHORTVID_FARM_RETRY_BACKOFF"
STORAGE_RETRIES_ENV = "SHORTVID_FARM_STORAGE_RETRIES"  # attempts per storage call (default 4)


class VersionMismatch(ShortVidError):
    """The job was sent by another ShortVid version."""


class StorageTrouble(ShortVidError):
    """Storage failed in a way worth trying again (network, server errors)."""


class TaskTimedOut(ShortVidError):
    """A task ran past its soft time limit and was stopped."""


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if value >= 0 else default


def retry_policy() -> tuple[int, float, float]:
    """(retries, first delay, longest delay) of this worker."""
    return (
        int(_env_number(RETRIES_ENV, RETRIES)),
        _env_number(BACKOFF_ENV, BACKOFF_S),
        BACKOFF_MAX_S,
    )


def backoff_delay(retries: int, first: float, longest: float) -> float:
    """Seconds before try ``retries + 2``: exponential, capped, jittered (50-100 %)."""
    import random

    return min(longest, first * 2**retries) * (0.5 + random.random() / 2)


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
            options: dict[str, Any] = {}
            tries = os.environ.get(STORAGE_RETRIES_ENV, "")
            if tries.isdigit() and int(tries) > 0 and url.startswith("s3:"):
                options["retries"] = int(tries)
            _storage = open_storage(url, **options)
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


def _guard(task: Any, fn: Callable[[], dict[str, Any]], what: str) -> dict[str, Any]:
    """Run ``fn``; storage trouble is retried with backoff, a soft time limit becomes a clear
    TaskTimedOut, everything else fails the task. ``what`` names the task in messages."""
    from celery.exceptions import SoftTimeLimitExceeded

    try:
        return fn()
    except SoftTimeLimitExceeded:
        raise TaskTimedOut(_time_limit_message(task, what)) from None
    except Exception as exc:
        if not _is_storage_trouble(exc):
            raise
        retries, first, longest = retry_policy()
        done = task.request.retries
        if done < retries:
            delay = backoff_delay(done, first, longest)
            raise task.retry(exc=exc, countdown=delay, max_retries=retries) from exc
        from .storage import StorageError

        raise StorageError(
            f"{exc} (the {what} gave up after {done + 1} tries, waiting longer each time)"
        ) from None


def _time_limit_message(task: Any, what: str) -> str:
    hard, soft = (task.request.timelimit or (None, None))[:2]
    soft = soft or getattr(task, "soft_time_limit", None)
    limit = f" ({float(soft):g} s)" if soft else ""
    return (
        f"The farm's {what} ran past its time limit{limit} on {task.request.hostname or 'a worker'}"
        " and was stopped. Raise the workers' limit (SHORTVID_FARM_TIME_LIMITS, e.g. "
        "render_window=6000:6600) or render in shorter windows (SHORTVID_FARM_WINDOW_SECONDS)."
    )


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


def _strings(value: Any, out: set[str]) -> set[str]:
    """Every string held anywhere in ``value`` (dataclasses, tuples, lists, dicts)."""
    import dataclasses

    if isinstance(value, str):
        out.add(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _strings(getattr(value, f.name), out)
    elif isinstance(value, tuple | list | set | frozenset):
        for v in value:
            _strings(v, out)
    elif isinstance(value, dict):
        for v in value.values():
            _strings(v, out)
    return out


def picture_files(f0: int, f1: int) -> Callable[[Any], set[str]]:
    """What the picture of frames [f0, f1) reads: the sub-plan of that window without its
    sound (its segments' sources, LUT files, overlay pictures, the watermark image)."""

    def need(plan: Any) -> set[str]:
        from dataclasses import replace

        from ..render.subplan import window_plan

        win = window_plan(plan, f0, f1).plan
        return _strings(replace(win, voice=(), clip_audio=(), music=None), set())

    return need


def sound_files(plan: Any) -> set[str]:
    """What the sound reads: the voice, the clips' own audio and the music."""
    return _strings((plan.voice, plan.clip_audio, plan.music), set())


class _Loaded:
    """A task's project, materialised with only the objects it reads, and its plan."""

    def __init__(self, project: Any, plan: Any, needed: list[str], fetched: list[str]) -> None:
        self.project, self.plan, self.needed, self.fetched = project, plan, needed, fetched


def _load(
    payload: dict[str, Any], workdir: Path, need: Callable[[Any], set[str]] | None = None
) -> _Loaded:
    """The job's project materialised and its plan. With ``need`` (the files a plan's part
    reads), only the objects that part reads are fetched: the plan is first compiled from
    empty stand-ins of every object (compile_plan checks that files exist, it does not read
    them), ``need`` picks the stand-ins it uses, and only those objects are downloaded; the
    others stay stand-ins, never opened. Without ``need`` (or when the plan cannot be
    compiled from stand-ins), every object of the manifest is fetched."""
    from ..paths import cache_dir
    from ..render.plan import compile_plan
    from .manifest import FrozenJob, materialize

    job = FrozenJob.from_dict(payload["job"])
    quality = payload.get("quality")
    # objects kept between tasks (verified by hash before each use): a worker fetches an asset
    # once for all the windows it renders
    cache = cache_dir("farm")
    storage = worker_storage()
    stubs = workdir / "stubs"
    wanted: set[str] | None = None
    if need is not None:
        try:
            stand_ins = materialize(job, storage, cache, only=set(), stubs=stubs)
            used = need(compile_plan(stand_ins, quality=quality))
            wanted = {Path(p).name[:64] for p in used if os.path.dirname(p) == str(stubs.resolve())}
        except (BadInputError, ShortVidError, OSError, ValueError):
            wanted = None  # every object, as before: slower, never wrong
    fetched: list[str] = []
    project = materialize(job, storage, cache, only=wanted, stubs=stubs, fetched=fetched)
    plan = compile_plan(project, quality=quality)
    needed = sorted(job.objects if wanted is None else wanted)
    return _Loaded(project, plan, needed, fetched)


def _encoder(plan: Any) -> Any:
    from ..render.graph import QUALITY_PRESETS

    return QUALITY_PRESETS.get(plan.quality, QUALITY_PRESETS["standard"])


def _scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="shortvid-farm-")).resolve()


def _cached(key: str) -> str | None:
    return worker_storage().get_result(key)


UNSENT_MAX_AGE_S = 24 * 3600


def _unsent(key: str, suffix: str) -> Path:
    """Where a task's finished output waits when storage refused it: the retry sends it
    instead of rendering it again (named by the task's input hash; older ones are dropped)."""
    from ..paths import cache_dir

    folder = cache_dir("farm", "unsent")
    now = time.time()
    for old in folder.iterdir():
        try:
            if now - old.stat().st_mtime > UNSENT_MAX_AGE_S:
                old.unlink()
        except OSError:
            pass
    return folder / f"{key}{suffix}"


def _send(key: str, path: Path) -> str:
    """Upload a task's output (its sha256); when storage fails, keep the file for the retry."""
    try:
        digest = worker_storage().put_file(path)
    except Exception:
        kept = _unsent(key, path.suffix)
        if path != kept:
            try:
                shutil.move(str(path), str(kept))
            except OSError:
                pass
        raise
    if path.parent.name == "unsent":
        path.unlink(missing_ok=True)
    return digest


def _resend(key: str, suffix: str) -> tuple[str, int] | None:
    """(digest, bytes) of an output an earlier try of this task made but could not upload."""
    kept = _unsent(key, suffix)
    if not kept.is_file():
        return None
    size = kept.stat().st_size
    return _send(key, kept), size


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
            loaded = _load(payload, work, _scene_voice_files(payload, scene_id))
            project = loaded.project
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
            _trace("voice_scene", key, **_facts(self, loaded))
            worker_storage().put_result(key, digest)
            return {"digest": digest, "cached": False, "scene": scene_id}
        finally:
            shutil.rmtree(work, ignore_errors=True)

    return _guard(self, run, f"voice task of scene {scene_id}")


def _scene_voice_files(payload: dict[str, Any], scene_id: str) -> Callable[[Any], set[str]]:
    """The files of one scene's voice clips (the plan's voice pieces of those clips)."""
    tracks = payload["job"]["project"].get("timeline", {}).get("tracks", [])
    clips = {
        str(c.get("id"))
        for t in tracks
        if isinstance(t, dict) and t.get("kind") == "voice"
        for c in t.get("clips", [])
        if isinstance(c, dict) and c.get("scene_id") == scene_id
    }

    def need(plan: Any) -> set[str]:
        return _strings([p for p in plan.voice if p.clip_id in clips], set())

    return need


def _facts(task: Any, loaded: _Loaded | None = None) -> dict[str, Any]:
    """What the trace records of a task beside its timing: tries, and the objects it read."""
    facts: dict[str, Any] = {"retries": int(task.request.retries or 0)}
    if loaded is not None:
        facts["needed"] = loaded.needed
        facts["fetched"] = loaded.fetched
    return facts


@shared_task(bind=True, name="shortvid.speak_scene")
def speak_scene(self: Any, payload: dict[str, Any]) -> dict[str, Any]:
    """One scene's narration spoken on the worker with an offline voice (espeak-ng, Piper):
    the WAV as an object, its length and word timings. Online engines need keys, which never
    travel to workers: refused. The worker's voice cache keeps what it spoke."""
    check_version(payload)
    text = str(payload.get("text", ""))
    language = str(payload.get("language", "en"))
    engine_name = str(payload.get("engine", ""))
    voice = str(payload.get("voice", ""))
    scene = str(payload.get("scene", ""))

    def run() -> dict[str, Any]:
        from ..core.errors import VoiceError
        from ..voice.cache import synthesize_cached
        from ..voice.registry import default_voice, get_engine, is_online

        where = self.request.hostname or "this worker"
        engine = get_engine(engine_name)  # VoiceError naming an unknown engine
        if is_online(engine):
            raise BadInputError(
                f"Workers speak with offline voices only; {engine_name} needs keys, which stay "
                "on the desktop."
            )
        if not engine.available():
            raise VoiceError(
                f"{where} has no {engine_name} voice (see `shortvid doctor` there): install "
                "espeak-ng on the workers, or voice on the desktop."
            )
        chosen = voice or default_voice(engine, language)
        started = time.monotonic()
        result = synthesize_cached(engine, text, chosen, 1.0, 0)
        digest = worker_storage().put_file(result.audio_path)
        size = Path(result.audio_path).stat().st_size
        _trace("speak_scene", digest, started, size, scene=scene, **_facts(self))
        return {
            "scene": scene,
            "audio": digest,
            "bytes": size,
            "duration_us": int(result.duration_us),
            "words": [[w.word, w.start_us, w.end_us, w.estimated] for w in result.words],
            "engine": result.engine or engine_name,
            "voice": result.voice or chosen,
        }

    return _guard(self, run, f"voice task of scene {scene}")


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
        again = _resend(key, ".m4a")
        if again is not None:
            _trace("render_sound", key, started, again[1], resent=True, **_facts(self))
            worker_storage().put_result(key, again[0])
            return {"digest": again[0], "cached": False, "role": "sound"}
        work = _scratch()
        try:
            loaded = _load(payload, work, sound_files)
            plan = loaded.plan
            audio = work / "audio.m4a"
            report = _Reporter(self, plan.frames, role="sound")
            render_sound_part(plan, audio, _encoder(plan), work, report)
            size = audio.stat().st_size
            digest = _send(key, audio)
            _trace("render_sound", key, started, size, **_facts(self, loaded))
            worker_storage().put_result(key, digest)
            return {"digest": digest, "cached": False, "role": "sound"}
        finally:
            shutil.rmtree(work, ignore_errors=True)

    return _guard(self, run, "sound task")


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
        again = _resend(key, ".mp4")
        if again is not None:  # rendered by an earlier try; only its upload failed
            _trace("render_window", key, started, again[1], index=index,
                   worker=self.request.hostname, resent=True, **_facts(self))  # fmt: skip
            worker_storage().put_result(key, again[0])
            return {"digest": again[0], "cached": False, "index": index, "frames": f1 - f0}
        work = _scratch()
        try:
            loaded = _load(payload, work, picture_files(f0, f1))
            plan = loaded.plan
            prepare_workdir(plan, work)
            part = work / f"part{index:04d}.mp4"
            report = _Reporter(self, f1 - f0, index=index)
            render_window_part(plan, f0, f1, part, _encoder(plan), work, report)
            size = part.stat().st_size
            digest = _send(key, part)
            _trace(
                "render_window", key, started, size, index=index,
                worker=self.request.hostname, **_facts(self, loaded),
            )  # fmt: skip
            worker_storage().put_result(key, digest)
            return {"digest": digest, "cached": False, "index": index, "frames": f1 - f0}
        finally:
            shutil.rmtree(work, ignore_errors=True)

    return _guard(self, run, f"window task {index} (frames {f0}-{f1 - 1})")


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
        again = _resend(key, ".mp4")
        if again is not None:
            _trace("join", key, started, again[1], resent=True, **_facts(self))
            storage.put_result(key, again[0])
            return {"digest": again[0], "cached": False, "bytes": again[1]}
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
            size = out.stat().st_size
            digest = _send(key, out)
            _trace("join", key, started, size, **_facts(self))
            storage.put_result(key, digest)
            return {"digest": digest, "cached": False, "bytes": size}
        finally:
            shutil.rmtree(work, ignore_errors=True)

    return _guard(self, run, "join task")


# ------------------------------------------------------------------------ worker facts
@inspect_command(name="shortvid_info")
def shortvid_info(state: Any) -> dict[str, Any]:
    """What `shortvid farm status` shows of a worker: its version and storage (no secrets)."""
    from celery.worker import state as worker_state

    from .app import redact_url

    pool = getattr(getattr(state, "consumer", None), "pool", None)
    return {
        "version": __version__,
        "storage": redact_url(os.environ.get(STORAGE_ENV, "")),
        "pid": os.getpid(),
        # load, in the same reply (one broadcast answers `farm status`, not three)
        "active": len(worker_state.active_requests),
        "concurrency": int(getattr(pool, "num_processes", 0) or 0),
        "voices": _offline_voices(),
    }


def _offline_voices() -> dict[str, str]:
    """The offline voice this worker speaks per language ("" when it has none)."""
    from ..voice.registry import best_offline_voice

    out = {}
    for lang in ("en", "zh"):
        try:
            out[lang] = ":".join(best_offline_voice(lang))
        except Exception:  # noqa: BLE001 - no voice for it here
            out[lang] = ""
    return out
