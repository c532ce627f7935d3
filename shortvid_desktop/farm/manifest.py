"""A project frozen for the farm: its JSON with every file named by the sha256 of its bytes.

``freeze`` hashes the files a render reads (the assets the timeline and the music use, the
template's watermark image, and .cube LUT files of the video's or a clip's look), uploads what
the storage lacks, and returns a ``FrozenJob``: the project JSON in which each of those paths
reads ``sha256:<hex>``, the table of those hashes, their sizes and file suffixes, the app version
and the caption font's family. ``materialize`` on a worker downloads the objects the job
names (all, or only those one task reads) into ``workdir/objects/`` and points the project at
them. A job can only read objects
named by hash in its own manifest: a path that is not ``sha256:`` of a listed hash is refused
(BadInputError naming the field), never opened.

Fonts do not travel: captions name a font family, and every worker must have it (``shortvid
doctor`` and the worker's start-up check list the fonts); the job records the family so a
worker can say which one it lacks. The job's ``key`` hashes the project (without its
created/modified times), the objects and the version, so the same render has the same key.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.errors import BadInputError
from ..core.model import Project, project_from_dict
from ..core.serial import ValidationError, clone, to_dict
from ..jobs import CancelToken
from .storage import Storage, check_digest, sha256_file

FORMAT = 1
MAX_JOB_CHARS = 16 * 1024 * 1024  # a job's JSON; projects are far smaller
MAX_OBJECTS = 20_000
PREFIX = "sha256:"
WATERMARK = "template.watermark_image"
# files named outside the assets: the watermark, and .cube LUTs (a bundled look's name is no file)
_RESOURCE_KEY = re.compile(
    r"^(template\.watermark_image|template\.color\.lut"
    r"|timeline\.tracks\[\d{1,6}\]\.clips\[\d{1,6}\]\.color\.lut)$"
)
_SUFFIX = re.compile(r"^(\.[A-Za-z0-9]{1,8})?$")
_ID = re.compile(r"^[A-Za-z0-9_.:\-]{1,128}$")

ProgressLike = Callable[..., Any]  # jobs.Progress: (fraction, message)


def _bad(what: str) -> BadInputError:
    return BadInputError(f"Malformed farm job: {what}")


def _suffix(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return suffix if _SUFFIX.match(suffix) else ""


@dataclass
class FrozenJob:
    """What a worker needs to render a project: nothing here is a path on the sender's disk."""

    project: dict[str, Any]  # the project JSON; asset paths read "sha256:<hex>"
    assets: dict[str, str]  # asset id -> sha256
    resources: dict[str, str] = field(default_factory=dict)  # field path -> sha256
    sizes: dict[str, int] = field(default_factory=dict)  # sha256 -> bytes
    suffixes: dict[str, str] = field(default_factory=dict)  # sha256 -> ".png" (decoders like it)
    fonts: list[str] = field(default_factory=list)  # font families the captions name
    version: str = __version__
    format: int = FORMAT

    # -------------------------------------------------------------- identity
    @property
    def objects(self) -> set[str]:
        """Every object this job may read."""
        return set(self.assets.values()) | set(self.resources.values())

    @property
    def key(self) -> str:
        """sha256 over the project (without its times), the objects and the version."""
        project = {k: v for k, v in self.project.items() if k not in ("created", "modified")}
        basis = {
            "project": project,
            "assets": self.assets,
            "resources": self.resources,
            "version": self.version,
            "format": self.format,
        }
        text = json.dumps(basis, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(text.encode("ascii")).hexdigest()

    @property
    def total_bytes(self) -> int:
        return sum(self.sizes.get(d, 0) for d in self.objects)

    # -------------------------------------------------------------- JSON
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "version": self.version,
            "project": self.project,
            "assets": dict(self.assets),
            "resources": dict(self.resources),
            "sizes": dict(self.sizes),
            "suffixes": dict(self.suffixes),
            "fonts": list(self.fonts),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: Any) -> FrozenJob:
        """A job received from the queue, checked field by field (BadInputError saying what is
        wrong); its project is checked against the model and against its own manifest."""
        if not isinstance(data, dict):
            raise _bad("a job must be a JSON object")
        fmt = data.get("format")
        if fmt != FORMAT:
            raise _bad(f"format {fmt!r} (this ShortVid reads format {FORMAT})")
        version = data.get("version")
        if not isinstance(version, str) or not 0 < len(version) <= 64:
            raise _bad("version must be the sending app's version")
        project = data.get("project")
        if not isinstance(project, dict):
            raise _bad("project must be a JSON object")

        def table(name: str, keys: re.Pattern[str] | None, check: Callable[[Any], Any]) -> dict:
            raw = data.get(name, {})
            if not isinstance(raw, dict) or len(raw) > MAX_OBJECTS:
                raise _bad(f"{name} must be an object of at most {MAX_OBJECTS} entries")
            out = {}
            for k, v in raw.items():
                if keys is not None and not (isinstance(k, str) and keys.match(k)):
                    raise _bad(f"{name} has a bad key {str(k)[:80]!r}")
                try:
                    out[k] = check(v)
                except (BadInputError, TypeError, ValueError):
                    raise _bad(f"{name}[{str(k)[:80]!r}] = {str(v)[:80]!r} is not valid") from None
            return out

        def size(v: Any) -> int:
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                raise ValueError
            return v

        def suffix(v: Any) -> str:
            if not isinstance(v, str) or not _SUFFIX.match(v):
                raise ValueError
            return v

        assets = table("assets", _ID, check_digest)
        resources = table("resources", _RESOURCE_KEY, check_digest)
        sizes = table("sizes", re.compile(r"^[0-9a-f]{64}$"), size)
        suffixes = table("suffixes", re.compile(r"^[0-9a-f]{64}$"), suffix)
        fonts = data.get("fonts", [])
        if not isinstance(fonts, list) or not all(
            isinstance(f, str) and len(f) <= 200 for f in fonts[:50]
        ):
            raise _bad("fonts must be a list of font family names")
        job = cls(
            project=project,
            assets=assets,
            resources=resources,
            sizes=sizes,
            suffixes=suffixes,
            fonts=list(fonts[:50]),
            version=version,
            format=fmt,
        )
        job.check()
        return job

    @classmethod
    def from_json(cls, text: str | bytes) -> FrozenJob:
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError:
                raise _bad("not UTF-8 text") from None
        if len(text) > MAX_JOB_CHARS:
            raise _bad(f"{len(text) // 1_000_000} MB of JSON (at most {MAX_JOB_CHARS >> 20} MB)")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _bad(f"not JSON ({exc.msg} at line {exc.lineno})") from None
        except RecursionError:
            raise _bad("nested too deeply") from None
        return cls.from_dict(data)

    # -------------------------------------------------------------- the rule
    def parsed_project(self) -> Project:
        """The project as the model (ValidationError -> BadInputError naming the field)."""
        try:
            return project_from_dict(json.loads(json.dumps(self.project)))
        except ValidationError as exc:
            raise _bad(f"its project: {exc}") from None
        except RecursionError:
            raise _bad("its project is nested too deeply") from None

    def check(self) -> Project:
        """Every file the project names is ``sha256:`` of an object this job lists."""
        project = self.parsed_project()
        for asset_id, asset in project.assets.items():
            listed = self.assets.get(asset_id)
            if listed is None:
                raise BadInputError(
                    f"The job's asset {asset_id} ({asset.path[:100]!r}) is not in its manifest: "
                    "a job can only read objects named by hash in its own manifest.",
                    path=f"assets.{asset_id}.path",
                )
            if asset.path != PREFIX + listed:
                raise BadInputError(
                    f"The job's asset {asset_id} names {asset.path[:100]!r}, not the object "
                    f"{PREFIX}{listed} of its manifest: a job can only read objects named by "
                    "hash in its own manifest.",
                    path=f"assets.{asset_id}.path",
                )
        extra = set(self.assets) - set(project.assets)
        if extra:
            raise _bad(f"its manifest lists assets the project lacks: {sorted(extra)[:5]}")
        fields = {name: (owner, attr) for name, owner, attr in _file_fields(project)}
        unknown = set(self.resources) - set(fields)
        if unknown:
            raise _bad(f"its manifest lists files the project does not name: {sorted(unknown)[:5]}")
        for name, (owner, attr) in fields.items():
            value = getattr(owner, attr)
            listed = self.resources.get(name)
            if not _names_a_file(name, value) and listed is None:
                continue  # nothing, or a bundled look's name
            if listed is None or value != PREFIX + listed:
                raise BadInputError(
                    f"The job's {name} names {value[:100]!r}, not an object of its manifest: "
                    "a job can only read objects named by hash in its own manifest.",
                    path=name,
                )
        return project


# ------------------------------------------------------------------------------ freezing
def _file_fields(project: Project) -> list[tuple[str, Any, str]]:
    """(field path, the object holding it, attribute) of every file the project names outside
    its assets: the watermark image, the video's LUT and each clip's LUT."""
    out: list[tuple[str, Any, str]] = [(WATERMARK, project.template, "watermark_image")]
    color = getattr(project.template, "color", None)
    if color is not None and hasattr(color, "lut"):
        out.append(("template.color.lut", color, "lut"))
    for ti, track in enumerate(project.timeline.tracks):
        for ci, clip in enumerate(track.clips):
            color = getattr(clip, "color", None)
            if color is not None and hasattr(color, "lut"):
                out.append((f"timeline.tracks[{ti}].clips[{ci}].color.lut", color, "lut"))
    return out


def _names_a_file(name: str, value: str) -> bool:
    """True when ``value`` of the field ``name`` is a file (a LUT may be a bundled look's name:
    no path separator, no ``.cube``; render/effects_graph.lut_source reads it the same way)."""
    if not value:
        return False
    if name.endswith(".lut"):
        return (
            "/" in value
            or "\\" in value
            or value.lower().endswith(".cube")
            or value.startswith(PREFIX)
        )
    return True


def _used_asset_ids(project: Project) -> list[str]:
    used: list[str] = []
    for track in project.timeline.tracks:
        for clip in track.clips:
            if clip.asset_id and clip.asset_id not in used:
                used.append(clip.asset_id)
    if project.music_asset_id and project.music_asset_id in project.assets:
        if project.music_asset_id not in used:
            used.append(project.music_asset_id)
    return used


def freeze(
    project: Project,
    storage: Storage,
    progress: ProgressLike | None = None,
    cancel: CancelToken | None = None,
) -> FrozenJob:
    """The project as a FrozenJob, with every file it renders from in ``storage`` (uploaded
    when missing). Assets no clip uses are left out. ``progress(fraction, message)``."""
    frozen = clone(project)
    used = _used_asset_ids(frozen)
    files: dict[str, str] = {}  # asset id or WATERMARK -> the local path
    for asset_id in used:
        asset = frozen.assets.get(asset_id)
        if asset is None:
            raise BadInputError(f"A clip names the asset {asset_id}, which the project lacks")
        files[asset_id] = asset.path
    holders: dict[str, tuple[Any, str]] = {}
    for name, owner, attr in _file_fields(frozen):
        if _names_a_file(name, getattr(owner, attr)):
            files[name] = getattr(owner, attr)
            holders[name] = (owner, attr)
    sizes_by_path: dict[str, int] = {}
    for key, path in files.items():
        full = os.path.abspath(path)
        if path.startswith(PREFIX) or not os.path.isfile(full):
            raise BadInputError(
                f"The file of {key} is missing: {path}. Relink it, then send the job again.",
                path=path,
            )
        files[key] = full
        sizes_by_path[full] = os.path.getsize(full)
    total = sum(sizes_by_path.values()) or 1
    done = 0

    def report(fraction: float, message: str) -> None:
        if progress is not None:
            progress(min(1.0, fraction), message)

    # hash (a third of the bar) then upload what is missing (the rest)
    digests: dict[str, str] = {}
    for full, size in sizes_by_path.items():
        base = done

        def hashed(n: int, base: int = base) -> None:
            report((base + n) / total / 3, "Hashing the project's media")

        digests[full] = sha256_file(full, on_chunk=hashed, cancel=cancel)
        done += size
    done = 0
    uploaded: set[str] = set()
    for full, size in sizes_by_path.items():
        digest = digests[full]
        if digest in uploaded:
            continue
        base = done

        def sent(n: int, _t: int, base: int = base) -> None:
            report(1 / 3 + 2 / 3 * (base + n) / total, "Uploading the project's media")

        storage.put_file(full, digest=digest, progress=sent, cancel=cancel)
        uploaded.add(digest)
        done += size
    report(1.0, "The project's media are in the storage")

    assets: dict[str, str] = {}
    resources: dict[str, str] = {}
    sizes: dict[str, int] = {}
    suffixes: dict[str, str] = {}
    for key, full in files.items():
        digest = digests[full]
        sizes[digest] = sizes_by_path[full]
        suffixes[digest] = suffixes.get(digest) or _suffix(full)
        if key in holders:
            owner, attr = holders[key]
            resources[key] = digest
            setattr(owner, attr, PREFIX + digest)
        else:
            assets[key] = digest
            frozen.assets[key].path = PREFIX + digest
    frozen.assets = {k: v for k, v in frozen.assets.items() if k in assets}
    fonts = sorted({frozen.template.caption.font} - {""})
    job = FrozenJob(
        project=to_dict(frozen),
        assets=assets,
        resources=resources,
        sizes=sizes,
        suffixes=suffixes,
        fonts=fonts,
    )
    job.check()
    return job


def materialize(
    job: FrozenJob,
    storage: Storage,
    workdir: str | Path,
    progress: ProgressLike | None = None,
    cancel: CancelToken | None = None,
    *,
    only: set[str] | None = None,
    stubs: str | Path | None = None,
    fetched: list[str] | None = None,
) -> Project:
    """The job's project with its files in ``workdir/objects/`` (downloaded and verified; ones
    already there from an earlier job are kept, so ``workdir`` may be a cache shared by jobs).
    Only objects named by hash in the job's own manifest are read; anything else is refused
    before a byte is fetched.

    ``only``: fetch just these objects (a task that renders part of the video); every other
    object of the manifest is an empty stand-in file in ``stubs`` (needed: the plan checks
    that files exist), never opened. ``fetched`` collects the objects actually downloaded."""
    project = job.check()
    objects = Path(workdir) / "objects"
    objects.mkdir(parents=True, exist_ok=True)
    wanted = sorted(job.objects if only is None else job.objects & set(only))
    total = sum(job.sizes.get(d, 0) for d in wanted) or 1
    done = 0
    local: dict[str, Path] = {}
    for digest in wanted:
        check_digest(digest)
        dest = objects / (digest + job.suffixes.get(digest, ""))
        if cancel is not None:
            cancel.raise_if_cancelled()
        # an object reaches its final name only after it was verified (temp + rename), so one
        # already there with the right size is this object: no re-hashing for every task
        if not (dest.is_file() and dest.stat().st_size == job.sizes.get(digest, -1)):
            base = done

            def got(n: int, _t: int, base: int = base) -> None:
                if progress is not None:
                    progress(min(1.0, (base + n) / total), "Downloading the project's media")

            storage.get_file(digest, dest, progress=got, cancel=cancel)
            if fetched is not None:
                fetched.append(digest)
        local[digest] = dest
        done += job.sizes.get(digest, 0)
    left = job.objects - set(wanted)
    if left:
        if stubs is None:
            raise ValueError("materialize: objects left out need a stubs folder")
        folder = Path(stubs).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        for digest in sorted(left):
            stand_in = folder / (check_digest(digest) + job.suffixes.get(digest, ""))
            stand_in.touch()
            local[digest] = stand_in
    for asset_id, asset in project.assets.items():
        asset.path = str(local[job.assets[asset_id]])
    for name, owner, attr in _file_fields(project):
        if name in job.resources:
            setattr(owner, attr, str(local[job.resources[name]]))
    if progress is not None:
        progress(1.0, "The project's media are here")
    return project


__all__ = [
    "FORMAT",
    "MAX_JOB_CHARS",
    "PREFIX",
    "WATERMARK",
    "FrozenJob",
    "freeze",
    "materialize",
]
