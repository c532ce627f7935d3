"""Import: turn the files and folders a user dropped into Assets, de-duplicated by content.

Good files become Assets, files whose content is already known reuse that Asset, and every file
that cannot be used is listed with a reason that names it, in plain words (media/reasons.py:
"photo.jpg is not a picture — it is a broken or misnamed video"); the technical message stays in
``ImportResult.details``. One bad file never stops a batch.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import MediaError
from ..core.model import Asset
from ..jobs import Cancelled, CancelToken
from .hashing import content_hash
from .probe import ProbeInfo, check_file, probe
from .reasons import Reason, explain, explain_folder

ProgressFn = Callable[[float, str], None]

# Files the operating system leaves in folders; never media, so not worth a rejection line.
_OS_JUNK = frozenset({"thumbs.db", "desktop.ini", "ehthumbs.db", "icon\r"})


@dataclass
class ImportResult:
    """The outcome of :func:`scan_paths`.

    ``added``: new Assets, in the order found. ``reused``: files whose content equals an existing
    Asset (or an earlier file of this batch), paired with that Asset. ``rejected``: files that
    cannot be used, each with a plain-words reason that names the file (no codec internals).
    ``reasons``: the same reason for each rejected path as a :class:`~.reasons.Reason` (which
    the window shows in its own language). ``details``: the technical message for each.
    """

    added: list[Asset] = field(default_factory=list)
    reused: list[tuple[Path, Asset]] = field(default_factory=list)
    rejected: list[tuple[Path, str]] = field(default_factory=list)
    reasons: dict[Path, Reason] = field(default_factory=dict)
    details: dict[Path, str] = field(default_factory=dict)

    def reject(self, path: Path, error: BaseException | str, folder: bool = False) -> None:
        """Record ``path`` as unusable: plain words in ``rejected`` and ``reasons``, ``error``
        in ``details``."""
        reason = explain_folder(path) if folder else explain(path, error)
        self.rejected.append((path, reason.text()))
        self.reasons[path] = reason
        self.details[path] = str(error)

    @property
    def assets(self) -> list[Asset]:
        """Every usable Asset (added, then reused), each once."""
        seen: set[str] = set()
        out: list[Asset] = []
        for asset in [*self.added, *(a for _, a in self.reused)]:
            if asset.id not in seen:
                seen.add(asset.id)
                out.append(asset)
        return out

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return not self.rejected

    def summary(self) -> str:
        """One line of counts, then one line per rejected file."""
        parts = [f"{_count(len(self.added), 'file')} imported"]
        if self.reused:
            parts.append(f"{_count(len(self.reused), 'duplicate')} reused")
        if self.rejected:
            parts.append(f"{_count(len(self.rejected), 'file')} could not be used")
        lines = ["; ".join(parts) + "."]
        lines += [f"  - {reason}" for _, reason in self.rejected]
        return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def asset_from_info(info: ProbeInfo, digest: str) -> Asset:
    """An Asset for a probed file. ``width``/``height`` are the display size (rotation applied)."""
    return Asset(
        path=info.path,
        kind=info.kind,
        content_hash=digest,
        duration_us=info.duration_us,
        width=info.display_width,
        height=info.display_height,
        fps_num=info.fps_num,
        fps_den=info.fps_den,
        has_audio=info.has_audio,
        rotation=info.rotation,
        video_codec=info.video_codec,
        audio_codec=info.audio_codec,
    )


def asset_from_path(path: str | os.PathLike[str]) -> Asset:
    """Probe and hash one file and return a new Asset with its absolute path.

    Raises :class:`~shortvid_desktop.core.errors.MediaError` when the file cannot be used.
    ``Asset.width``/``height`` are the display size (after rotation); ``rotation`` is clockwise.
    """
    p, _size = check_file(path)
    digest = _hash(p)
    return asset_from_info(_probe(p, digest), digest)


SAMPLE_PROBES = ("samples", "probes.json")  # under resources/ (build/make_samples.py writes it)


def sample_probes(samples: Path) -> str:
    """What probing finds in each file under ``samples`` (the bundled sample media), keyed by
    content hash: the JSON build/make_samples.py writes beside them."""
    files = sorted(
        f for f in samples.rglob("*") if f.is_file() and f.suffix not in {".md", ".json"}
    )
    rows = []
    for f in files:
        info = dataclasses.asdict(probe(f))
        del info["path"]
        name = f.relative_to(samples).as_posix()
        rows.append({"file": name, "content_hash": content_hash(f), "info": info})
    return json.dumps({"version": 1, "files": rows}, indent=1) + "\n"


@functools.lru_cache(maxsize=1)
def _known_probes() -> dict[str, dict]:
    from ..paths import resource

    try:
        data = json.loads(resource(*SAMPLE_PROBES).read_text(encoding="utf-8"))
        return {row["content_hash"]: row["info"] for row in data["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _probe(p: Path, digest: str) -> ProbeInfo:
    """``probe(p)``, or for a bundled sample (its content hash in resources/samples/probes.json)
    what probing it found when it was made: `make` on the embedded defaults brings in all eight
    samples, and probing them (each picture decoded, each file opened by FFmpeg) cost ~0.15-0.2
    CPU-s of the ~0.5 s before the voices could start."""
    known = _known_probes().get(digest)
    if known is not None:
        try:
            return ProbeInfo(path=str(p), **known)
        except TypeError:  # written by another version: probe it
            pass
    return probe(p)


def _hash(p: Path, cancel: CancelToken | None = None) -> str:
    def check(_: int) -> None:
        if cancel is not None:
            cancel.raise_if_cancelled()

    try:
        return content_hash(p, on_chunk=check)
    except OSError as exc:
        raise MediaError(
            f"'{p}' cannot be read ({exc.strerror or exc}). "
            "Check that the drive is connected and you may read the file, then try again.",
            path=str(p),
        ) from None


def expand_paths(
    paths: Iterable[str | os.PathLike[str]],
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand folders recursively into files (sorted; hidden files and folders skipped).

    Returns ``(files, problems)``: absolute file paths in order, each once, and folders that could
    not be listed or given paths that do not exist, each with a reason. Files named directly are
    kept even when hidden or of an unknown type; the probe decides about them.
    """
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        if p not in seen:
            seen.add(p)
            files.append(p)

    for raw in paths:
        p = Path(os.path.abspath(os.fspath(raw)))
        if p.is_dir():
            for found in _walk(p, problems):
                add(found)
        elif p.exists():
            add(p)
        else:
            try:
                check_file(p)
            except MediaError as exc:
                problems.append((p, str(exc)))
    return files, problems


def _walk(root: Path, problems: list[tuple[Path, str]]) -> Iterable[Path]:
    def on_error(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        problems.append(
            (
                where,
                f"The folder '{where}' cannot be read ({exc.strerror or exc}). "
                "Check its permissions, or import the files inside it directly.",
            )
        )

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        base = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not _hidden(base / d, d))
        for name in sorted(filenames):
            if name.lower() in _OS_JUNK or _hidden(base / name, name):
                continue
            yield base / name


def _hidden(p: Path, name: str) -> bool:
    if name.startswith("."):
        return True
    attrs = getattr(os.lstat(p), "st_file_attributes", 0) if os.name == "nt" else 0
    return bool(attrs & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def scan_paths(
    paths: Iterable[str | os.PathLike[str]],
    existing: Mapping[str, Asset] | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    on_count: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import files and folders: probe, hash and de-duplicate each file.

    ``existing`` holds the project's known Assets (keyed by anything, usually id or content hash);
    a file whose content hash matches one of them, or an earlier file of this batch, goes to
    ``reused`` with that Asset instead of making a new one. ``progress(fraction, message)`` is
    called before each file and once at the end; ``cancel`` is checked between files (and while
    hashing big files) and raises :class:`~shortvid_desktop.jobs.Cancelled`. ``on_count(n)``
    is told how many files the folders held, once they are listed (before the first probe).
    """
    result = ImportResult()
    known: dict[str, Asset] = {}
    for asset in (existing or {}).values():
        if asset.content_hash:
            known.setdefault(asset.content_hash, asset)

    if cancel is not None:
        cancel.raise_if_cancelled()
    if progress is not None:
        progress(0.0, "Looking for media files")
    files, problems = expand_paths(paths)
    for where, message in problems:
        if where.is_dir():
            result.reject(where, message, folder=True)
        else:
            try:
                check_file(where)
            except MediaError as exc:
                result.reject(where, exc)
            else:
                result.reject(where, message)
    total = len(files)
    if on_count is not None:
        on_count(total)

    for index, p in enumerate(files):
        if cancel is not None:
            cancel.raise_if_cancelled()
        if progress is not None:
            progress(index / total, f"Checking {p.name} ({index + 1} of {total})")
        try:
            check_file(p)
            digest = _hash(p, cancel)
            if digest in known:
                result.reused.append((p, known[digest]))
                continue
            asset = asset_from_info(_probe(p, digest), digest)
        except Cancelled:
            raise
        except MediaError as exc:
            result.reject(p, exc)
            continue
        except Exception as exc:  # noqa: BLE001 - one odd file must not stop the batch
            result.reject(p, f"'{p}' could not be read ({type(exc).__name__}: {exc}).")
            continue
        known[digest] = asset
        result.added.append(asset)

    if progress is not None:
        progress(1.0, result.summary().splitlines()[0])
    return result


__all__ = [
    "ImportResult",
    "asset_from_info",
    "asset_from_path",
    "expand_paths",
    "scan_paths",
]
