"""Export helpers for the window: file names, subtitles files, the export history and the
persistent export queue (no Qt).

A one-click export goes to ``default_export_folder()`` (the folder remembered from the last
"Export as…" or set in Settings, else Videos, else home) under ``export_stem()`` (the title or
the first words, cleaned by ``clean_file_stem`` for every file system), never over a file that
exists (``free_path``).

The queue (``PersistentQueue``) keeps every export that has not finished in the store, with a
snapshot of the project taken when it was queued: later edits do not change what was queued (the
export renders the project as it was when the user asked for it, like the in-memory queue always
did). When ShortVid quits or crashes with exports still queued or rendering, the next start finds
them (their owner process is gone), adopts them and runs them again; one cut off mid-render
starts again from the beginning (the output is only ever renamed into place when complete, so
nothing half-written is left). A finished, failed or cancelled export leaves the queue and is
recorded in the export history. The window queues in two steps, so pressing Export never waits
for the database: ``snapshot()`` on its thread, ``PendingExport.store()`` on a worker.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import sys
import threading
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import paths
from ..core.errors import BadInputError
from ..core.model import Project
from ..core.serial import clone, from_dict, to_dict
from ..jobs import Cancelled, CancelToken, Progress
from ..render.captions import build_ass, build_srt
from ..render.export import ExportResult, check_output_path, pick_font
from ..render.graph import QUALITY_PRESETS
from ..render.plan import compile_plan
from ..store import ExportRow, ExportStatus, QueuedExportRow, Store, StoreError

SETTING_LAST_FOLDER = "export.last_folder"
SETTING_QUALITY = "render.quality"
SETTING_ENCODER = "render.encoder"
SETTING_CREDITS_CARD = "render.credits_end_card"  # the window's "Credit stock media" box


# Names Windows keeps for devices, whatever the extension ("con.mp4" cannot be created there).
_RESERVED_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]]
)
_KEEP_PUNCTUATION = "-_&+'()"  # looks ordinary in a file name on every system
MAX_STEM_CHARS = 60
MAX_STEM_BYTES = 150  # UTF-8; file systems allow 255, and " (2)", ".partial-…" must still fit
UNTITLED = ("", "Untitled")


def clean_file_stem(text: str, fallback: str = "video", max_chars: int = MAX_STEM_CHARS) -> str:
    """A file name (without extension) from free text, safe on Windows, macOS and Linux.

    Letters and digits of any script (CJK too) are kept; path separators, the ellipsis, quotes,
    emoji and other punctuation become spaces (a dot only stays between digits: "v2.1"); runs
    of spaces become one; Windows' device names (CON, NUL, COM1…) get a trailing "_"; the
    result is cut at a word boundary to ``max_chars`` characters and 150 UTF-8 bytes. Empty
    text gives ``fallback``.
    """
    text = unicodedata.normalize("NFC", text or "")
    out = []
    for i, ch in enumerate(text):
        cat = unicodedata.category(ch)
        if cat[0] in "LN" or cat in ("Mn", "Mc") or ch in _KEEP_PUNCTUATION:
            out.append(ch)
        elif ch in "’‘ʼ":
            out.append("'")  # a typographic apostrophe: "Don’t" stays one word
        elif (
            ch == "." and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
        ):
            out.append(ch)
        else:
            out.append(" ")  # separators, symbols, emoji, controls, other punctuation
    stem = re.sub(r"\s+", " ", "".join(out)).strip()
    stem = _shorten(stem, max_chars)
    stem = re.sub(r"^[-_&+',) ]+|[-_&+',( ]+$", "", stem)
    if re.fullmatch(r"[()\s]*", stem):
        stem = ""
    if not stem:
        return fallback
    if stem.split(".")[0].upper() in _RESERVED_NAMES:
        stem += "_"
    return stem


def _shorten(stem: str, max_chars: int) -> str:
    if len(stem) <= max_chars and len(stem.encode("utf-8")) <= MAX_STEM_BYTES:
        return stem
    cut = stem[:max_chars]
    while len(cut.encode("utf-8")) > MAX_STEM_BYTES:
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space >= len(cut) // 2 and not stem[len(cut) : len(cut) + 1].isspace():
        cut = cut[:space]  # a whole word, when the cut fell inside one
    return cut.strip()


def export_stem(project: Project) -> str:
    """The file name for an export of ``project`` (no extension): its title, else the script's
    title, else the first words of the narration (up to the first sentence's end), else
    "video"; cleaned by clean_file_stem."""
    for title in (project.title, project.script.title):
        stem = clean_file_stem(title or "", fallback="")
        if stem and (title or "").strip() not in UNTITLED:
            return stem
    narration = " ".join(s.narration for s in project.script.scenes if s.narration.strip())
    first = next((p for p in re.split(r"[.!?。！？…]+", narration) if p.strip()), "")
    return clean_file_stem(first, max_chars=40)


def suggest_name(title: str, suffix: str = ".mp4") -> str:
    """A safe file name from a project title (see clean_file_stem)."""
    return clean_file_stem(title) + suffix


def default_export_folder(videos_dir: str | Path | None = None) -> Path:
    """Where a one-click export goes: the folder remembered in the settings (the last
    "Export as…", or the one set in Settings), else ``videos_dir`` (the platform's Videos
    folder, given by the window), else ~/Videos, else the home folder; only folders that
    exist count."""
    remembered = str(get_setting(SETTING_LAST_FOLDER, "") or "")
    home = Path.home()
    for cand in (remembered, videos_dir, home / "Videos"):
        if cand and os.path.isdir(os.path.expanduser(str(cand))):
            return Path(os.path.expanduser(str(cand)))
    return home


def remember_export_folder(folder: str | Path) -> None:
    """Remember ``folder`` for the next one-click export (the store's export.last_folder)."""
    set_setting(SETTING_LAST_FOLDER, str(Path(folder).expanduser().absolute()))


def free_path(folder: str | Path, name: str, taken: Iterable[str | Path] = ()) -> Path:
    """``folder/name``, or ``name (2)`` ... when that file exists (or is in ``taken``: outputs
    of exports already queued)."""
    busy = {os.path.normcase(os.path.abspath(p)) for p in taken}

    def free(p: Path) -> bool:
        return not p.exists() and os.path.normcase(os.path.abspath(p)) not in busy

    base = Path(folder) / name
    if free(base):
        return base
    n = 2
    while True:
        cand = base.with_name(f"{base.stem} ({n}){base.suffix}")
        if free(cand):
            return cand
        n += 1


def subtitles_text(project: Project, fmt: str) -> str:
    """The captions as SRT or ASS text (the ASS names the font the export would use)."""
    plan = compile_plan(clone(project))
    if fmt == "srt":
        if not plan.captions:
            raise BadInputError(
                "There are no captions yet: build the timeline from the script (voices give "
                "the words their timing) first."
            )
        return build_srt(plan)
    if fmt == "ass":
        face = pick_font(plan)
        return build_ass(plan, face.family if face is not None else "sans-serif")
    raise BadInputError(f"Unknown subtitle format {fmt!r}: use srt or ass.")


def subtitles_job(
    project: Project, out_path: str | Path
) -> Callable[[Progress, CancelToken], Path]:
    """A job writing the captions of a frozen copy of ``project`` to ``out_path`` (.srt/.ass)."""
    frozen = clone(project)
    out = Path(out_path)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("srt", "ass"):
        raise BadInputError(f"The subtitles file {out.name} must end in .srt or .ass.")

    def run(progress: Progress, cancel: CancelToken) -> Path:
        text = subtitles_text(frozen, fmt)
        out.write_text(text, encoding="utf-8")
        progress(1.0, "Done")
        return out

    return run


def export_history(project_id: str | None = None, limit: int = 100) -> list[ExportRow]:
    try:
        with Store() as store:
            return store.exports(project_id, limit)
    except Exception:  # noqa: BLE001 - history is informative only
        return []


def get_setting(key: str, default: object = None) -> object:
    try:
        with Store() as store:
            return store.get_setting(key, default)
    except Exception:  # noqa: BLE001
        return default


def set_setting(key: str, value: object) -> None:
    with Store() as store:
        store.set_setting(key, value)


def mark_interrupted() -> int:
    """At start-up: exports left 'running' by a crash become 'failed (interrupted)'."""
    try:
        with Store() as store:
            return store.mark_interrupted_exports()
    except Exception:  # noqa: BLE001
        return 0


# --------------------------------------------------------------------------- the queue
INTERRUPTED = "interrupted: ShortVid closed during the export; it starts again from the beginning"
REMOVED = "removed from the queue before it started"
_live_owners: set[str] = set()
_live_lock = threading.Lock()


def _host() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


def _pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (never signals it)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return bool(ok) and code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    except OSError:
        return False
    return True


def owner_alive(owner: str) -> bool:
    """Whether the queue named ``owner`` ("host|pid|token") still runs: one of this process's
    open queues, or another ShortVid process on this machine. A queue on another machine counts
    as gone (a portable data folder moved between computers)."""
    host, _, rest = owner.partition("|")
    pid_text, _, _token = rest.partition("|")
    with _live_lock:
        if owner in _live_owners:
            return True
    if host != _host():
        return False
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid == os.getpid():
        return False  # this process, but that queue was closed
    return _pid_alive(pid)


@dataclass(frozen=True)
class QueuedExport:
    """One export in the persistent queue (what the window shows and runs)."""

    id: int
    project_id: str
    title: str
    output_path: str
    settings: dict[str, Any] = field(default_factory=dict)
    attempts: int = 0
    created: str = ""

    @classmethod
    def from_row(cls, row: QueuedExportRow) -> QueuedExport:
        return cls(
            row.id,
            row.project_id,
            row.title,
            row.output_path,
            dict(row.settings),
            row.attempts,
            row.created,
        )


class PersistentQueue:
    """The export queue of one window, kept in the store so it survives a restart.

    ``add`` queues a snapshot of a project; ``job`` gives the function that renders one entry on
    a worker thread (it marks the row running, renders, then moves it to the history);
    ``orphans``/``adopt`` find and take over entries left by a ShortVid that quit or crashed;
    ``close`` marks this queue gone (a render cancelled by the close goes back to the queue for
    the next start instead of counting as cancelled by the user).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else paths.database_path()
        self.owner = f"{_host()}|{os.getpid()}|{uuid.uuid4().hex[:12]}"
        self.closing = False
        with _live_lock:
            _live_owners.add(self.owner)

    def _store(self) -> Store:
        return Store(self.path)

    # ------------------------------------------------------------------ queueing
    def snapshot(
        self,
        project: Project,
        out_path: str | Path,
        *,
        quality: str | None = None,
        encoder: str = "auto",
        subtitles: bool = False,
        poster: bool = False,
        engine: str = "ffmpeg",
        title: str | None = None,
        from_settings: bool = False,
        credits_end_card: bool = False,
    ) -> PendingExport:
        """Check an export of ``project`` and take a snapshot of it as it is now: cheap, so the
        window does it on its own thread; ``PendingExport.store()`` then puts it in the queue
        (serialising, validating and writing the database: a worker's job). With
        ``from_settings`` the quality and encoder chosen in Settings replace ``quality`` and
        ``encoder`` (read by ``store()``, so the caller's thread never opens the database).
        BadInputError for a bad output path, quality or engine (nothing is queued then)."""
        if quality and quality not in QUALITY_PRESETS:
            raise BadInputError(
                f"Unknown quality {quality!r}: use one of {', '.join(QUALITY_PRESETS)}."
            )
        if engine not in ("ffmpeg", "moviepy"):
            raise BadInputError(f"Unknown render engine {engine!r}: use ffmpeg or moviepy.")
        out = check_output_path(out_path)
        if project.timeline.duration_us <= 0:
            raise BadInputError(
                "The timeline is empty: add a script (for a voice) or some media before exporting."
            )
        tpl = project.template
        settings = {
            "quality": quality or tpl.quality,
            "width": tpl.width,
            "height": tpl.height,
            "fps": tpl.fps,
            "engine": engine,
            "encoder": encoder,
            "subtitles": bool(subtitles),
            "poster": bool(poster),
            "credits_end_card": bool(credits_end_card),
        }
        title = project.title if title is None else title
        pending = PendingExport(self, to_dict(project), project.id, out, settings, title)
        pending.from_settings = from_settings
        return pending

    def add(self, project: Project, out_path: str | Path, **options: Any) -> QueuedExport:
        """Queue an export of ``project`` as it is now (options as ``snapshot``), in one go."""
        return self.snapshot(project, out_path, **options).store()

    def pending(self) -> list[QueuedExport]:
        """This queue's entries still in the store, oldest first."""
        with self._store() as store:
            return [QueuedExport.from_row(r) for r in store.queued_exports(self.owner)]

    def orphans(self) -> list[QueuedExport]:
        """Entries whose queue is gone (ShortVid quit or crashed before they finished)."""
        with self._store() as store:
            rows = store.queued_exports()
        return [QueuedExport.from_row(r) for r in rows if not owner_alive(r.owner)]

    def adopt(self, entries: list[QueuedExport] | None = None) -> list[QueuedExport]:
        """Take over orphaned entries (all of them by default), in queue order; an entry
        another ShortVid adopted first is skipped."""
        taken = []
        with self._store() as store:
            rows = {r.id: r for r in store.queued_exports()}
            wanted = [e.id for e in entries] if entries is not None else sorted(rows)
            for queue_id in wanted:
                row = rows.get(queue_id)
                if row is None or owner_alive(row.owner):
                    continue
                if store.adopt_queued_export(queue_id, row.owner, self.owner):
                    fresh = store.queued_export(queue_id)
                    if fresh is not None:
                        taken.append(QueuedExport.from_row(fresh))
        return taken

    def remove(self, entry: QueuedExport | int, reason: str = REMOVED) -> bool:
        """Take a queued entry out before it runs; the history records it as cancelled."""
        queue_id = entry if isinstance(entry, int) else entry.id
        with self._store() as store, store.transaction():
            row = store.queued_export(queue_id)
            if row is None or row.owner != self.owner:
                return False
            history = store.export_started(
                row.project_id, _history_settings(row.settings), row.output_path, status="queued"
            )
            store.export_finished(history, "cancelled", error=reason)
            return store.remove_queued_export(queue_id, self.owner)

    def close(self) -> None:
        """This queue is going away: what it still holds stays in the store for the next start;
        a render cancelled from now on is an interruption, not the user's cancel."""
        self.closing = True
        with _live_lock:
            _live_owners.discard(self.owner)

    # ------------------------------------------------------------------ running
    def job(self, entry: QueuedExport) -> Callable[[Progress, CancelToken], ExportResult]:
        """The function rendering ``entry`` (run it on a worker thread)."""

        def run(progress: Progress, cancel: CancelToken) -> ExportResult:
            return self._run(entry, progress, cancel)

        return run

    def _run(self, entry: QueuedExport, progress: Progress, cancel: CancelToken) -> ExportResult:
        from .session import Session

        with self._store() as store:
            if not store.claim_queued_export(entry.id, self.owner):
                raise BadInputError(
                    f"The export to {entry.output_path} is no longer in this queue "
                    "(removed, or taken over by another ShortVid window)."
                )
            project = store.queued_export_project(entry.id)
            opts = entry.settings
            history = store.export_started(
                entry.project_id, _history_settings(opts), entry.output_path
            )
        status: ExportStatus = "failed"
        seconds: float | None = None
        error, requeue = "", False
        try:
            result = _render(Session(project), entry.output_path, progress, cancel, opts, False)
            status, seconds = "done", result.seconds
            return result
        except Cancelled as exc:
            requeue = self.closing
            status, error = ("failed", INTERRUPTED) if requeue else ("cancelled", str(exc))
            raise
        except BaseException as exc:
            error = str(exc) or type(exc).__name__
            raise
        finally:
            with self._store() as store, store.transaction():
                store.export_finished(history, status, seconds=seconds, error=error)
                if requeue:
                    store.release_queued_export(entry.id, self.owner)
                else:
                    store.remove_queued_export(entry.id, self.owner)


class PendingExport:
    """An export checked and snapshotted on the window's thread (``PersistentQueue.snapshot``)
    and written to the store by ``store()`` on a worker: once, by whoever calls first (the
    quiet job that queues it, or the render job when that starts sooner). ``discard()`` takes
    it back, from the store too when it got there."""

    def __init__(
        self,
        queue: PersistentQueue,
        data: dict[str, Any],
        project_id: str,
        output_path: Path,
        settings: dict[str, Any],
        title: str,
    ) -> None:
        self.queue = queue
        self.data = data  # the project's serial form, detached from the live model
        self.project_id = project_id
        self.output_path = output_path
        self.settings = settings
        self.title = title
        self._lock = threading.Lock()
        self._queued: QueuedExport | None = None
        self._discarded = False
        self.from_settings = False  # take quality and encoder from Settings when storing

    @property
    def queued(self) -> QueuedExport | None:
        """The entry in the store, once written."""
        return self._queued

    def project(self) -> Project:
        return from_dict(Project, self.data)

    def store(self) -> QueuedExport:
        """Write the export into the persistent queue (once); Cancelled when discarded."""
        with self._lock:
            if self._discarded:
                raise Cancelled(REMOVED)
            if self._queued is None:
                project = self.project()
                with self.queue._store() as store:
                    if self.from_settings:
                        self._apply_settings(store)
                    queue_id = store.queue_export(
                        project, self.output_path, self.settings, self.queue.owner, title=self.title
                    )
                    row = store.queued_export(queue_id)
                assert row is not None
                self._queued = QueuedExport.from_row(row)
            return self._queued

    def _apply_settings(self, store: Store) -> None:
        quality = str(store.get_setting(SETTING_QUALITY, "") or "")
        if quality in QUALITY_PRESETS:
            self.settings["quality"] = quality
        self.settings["encoder"] = str(store.get_setting(SETTING_ENCODER, "") or "") or "auto"
        self.from_settings = False

    def discard(self) -> bool:
        """Take the export back before it runs (the history records it once it was stored)."""
        with self._lock:
            self._discarded = True
            queued = self._queued
        return self.queue.remove(queued) if queued is not None else True

    def job(self) -> Callable[[Progress, CancelToken], ExportResult]:
        """The function rendering this export (run it on a worker thread): it stores the entry
        first when that has not happened yet. Without a usable database it renders from
        memory (this run only: nothing to resume after a crash)."""

        def run(progress: Progress, cancel: CancelToken) -> ExportResult:
            try:
                queued = self.store()
            except (StoreError, OSError, sqlite3.Error):
                from .session import Session

                return _render(
                    Session(self.project()), self.output_path, progress, cancel, self.settings
                )
            return self.queue._run(queued, progress, cancel)

        return run


def _render(
    session: Any,
    out: str | Path,
    progress: Progress,
    cancel: CancelToken,
    settings: dict[str, Any],
    record: bool = True,
) -> Any:
    """A local export, or, when Settings > Rendering choose the farm, ``render_on_farm`` with
    the same progress, cancel and output rules (the result has ``path`` and ``seconds``)."""
    from .farm import configured_farm, render_on_farm

    farm = configured_farm()
    if farm is None:
        return session.export(out, progress, cancel, record=record, **_export_options(settings))
    broker, storage = farm
    quality = _export_options(settings)["quality"]
    return render_on_farm(session, out, broker, storage, progress, cancel, quality=quality)


def _export_options(settings: dict[str, Any]) -> dict[str, Any]:
    """Session.export's keywords from a queued export's settings."""
    return {
        "quality": settings.get("quality") or None,
        "subtitles": bool(settings.get("subtitles", False)),
        "poster": bool(settings.get("poster", False)),
        "encoder": str(settings.get("encoder", "auto") or "auto"),
        "engine": str(settings.get("engine", "ffmpeg") or "ffmpeg"),
        "credits_end_card": bool(settings.get("credits_end_card", False)),
    }


def _history_settings(settings: dict[str, Any]) -> dict[str, Any]:
    keys = ("quality", "width", "height", "fps", "engine", "encoder")
    return {k: settings[k] for k in keys if k in settings}


__all__ = [
    "INTERRUPTED",
    "REMOVED",
    "SETTING_CREDITS_CARD",
    "SETTING_ENCODER",
    "SETTING_LAST_FOLDER",
    "SETTING_QUALITY",
    "PendingExport",
    "PersistentQueue",
    "QueuedExport",
    "export_history",
    "clean_file_stem",
    "default_export_folder",
    "export_stem",
    "free_path",
    "get_setting",
    "mark_interrupted",
    "owner_alive",
    "remember_export_folder",
    "set_setting",
    "subtitles_job",
    "subtitles_text",
    "suggest_name",
]
