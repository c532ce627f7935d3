"""Importing media as jobs: probe, hash and de-duplicate off the GUI thread, then add the good
files as one undo step (optionally placed on the timeline in the same step).

Import…, and files dropped on any drop target (qt/drops.py), come here. While a job runs,
``status`` says what it does ("Importing 12 files…"; "" when no import runs). Each file that
cannot be used goes to the Messages panel in plain words that name it, and ``problems`` sums them
up for the notice bar.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..core.errors import BadInputError
from ..core.model import Asset
from ..core.serial import ValidationError
from ..session import Session
from ..session.editing import place_assets
from ..session.media import ImportResult
from .jobs import JobRunner, QtJob
from .reason_text import reason_text
from .undo import UndoBridge


class _Counted(QObject):
    """Carries the number of files a job found from its pool thread to the GUI thread."""

    counted = Signal(int)


class ImportController(QObject):
    finished = Signal(object)  # ImportResult
    notice = Signal(str)
    rejected = Signal(list)  # [(path, plain reason, technical detail)]
    status = Signal(str)  # what runs now, for the status bar; "" when nothing
    problems = Signal(str)  # the files not imported, summed up for the notice bar

    def __init__(
        self,
        session_getter: Callable[[], Session],
        bridge: UndoBridge,
        runner: JobRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session_getter
        self.bridge = bridge
        self.runner = runner
        self.jobs: list[QtJob] = []
        self._status: dict[QtJob, str] = {}

    def import_paths(
        self,
        paths: list[str],
        place: tuple[str, str, int] | None = None,
    ) -> QtJob | None:
        """Import files/folders; with ``place`` = (track id, lane kind, time) the usable files
        also go on the timeline there, in the same undo step."""
        if not paths:
            return None
        session = self.session()
        existing = dict(session.project.assets)
        counter = _Counted(self)

        def run(progress, cancel):
            from ..session.media import scan_paths

            return scan_paths(
                [Path(p) for p in paths], existing, progress, cancel, counter.counted.emit
            )

        job = QtJob(self._importing_text(paths), run)
        counter.counted.connect(lambda n: self._on_counted(job, n))
        job.signals.succeeded.connect(lambda result: self._on_scanned(job, session, result, place))
        job.signals.failed.connect(lambda msg: self._on_failed(job, msg))
        job.signals.cancelled.connect(lambda: self._on_failed(job, self.tr("Import cancelled.")))
        job.signals.finished.connect(counter.deleteLater)
        self.jobs.append(job)
        self._set_status(job, job.title)
        return self.runner.start(job)

    def _importing_text(self, paths: list[str]) -> str:
        folders = sum(1 for p in paths if Path(p).is_dir())
        if folders == 0:
            return self._files_text(len(paths))
        if folders == len(paths) == 1:
            return self.tr("Importing the folder {0}…").format(Path(paths[0]).name)
        return self.tr("Importing %n item(s)…", "", len(paths))

    def _files_text(self, count: int) -> str:
        if count == 1:
            return self.tr("Importing 1 file…")
        return self.tr("Importing {0} files…").format(count)

    def _on_counted(self, job: QtJob, count: int) -> None:
        if job in self._status:
            job.title = self._files_text(count)
            self._set_status(job, job.title)

    def _set_status(self, job: QtJob, text: str | None) -> None:
        if text is None:
            self._status.pop(job, None)
        else:
            self._status[job] = text
        self.status.emit(next(reversed(self._status.values()), ""))

    def _on_failed(self, job: QtJob, message: str) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        self._set_status(job, None)
        self.notice.emit(message)

    def _on_scanned(
        self,
        job: QtJob,
        session: Session,
        result: ImportResult,
        place: tuple[str, str, int] | None,
    ) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        self._set_status(job, None)
        if session is not self.session():
            return  # the project changed while scanning
        project = session.project
        try:
            if place is None:
                session.add_imported(result)
            else:
                with self.bridge.transaction("Add media to timeline"):
                    session.add_imported(result)
                    by_hash = {a.content_hash: a for a in project.assets.values() if a.content_hash}
                    usable: dict[str, Asset] = {}
                    for a in result.assets:
                        b = project.assets.get(a.id) or by_hash.get(a.content_hash)
                        if b is not None:
                            usable.setdefault(b.id, b)
                    track_id, kind, t = place
                    placement = place_assets(
                        project, list(usable.values()), t, track_id or None, kind or None
                    )
                    for cmd in placement.commands:
                        self.bridge.stack.push(cmd)
        except (BadInputError, ValidationError) as exc:
            self.notice.emit(str(exc))
        for path, asset in result.reused:
            self.notice.emit(
                self.tr("{0} is already in the library (as {1}): reused it.").format(
                    Path(path).name, Path(asset.path).name
                )
            )
        # plain words that name the file, in the UI language
        rejected = [(p, self._reason(result, p, text)) for p, text in result.rejected]
        for _path, reason in rejected:
            self.notice.emit(reason)
        if rejected:
            self.rejected.emit([(str(p), r, result.details.get(p, "")) for p, r in rejected])
            self.problems.emit(self._problems_text(rejected))
        if result.added:
            self.notice.emit(self.tr("Imported {0} file(s)").format(len(result.added)))
        self.finished.emit(result)

    @staticmethod
    def _reason(result: ImportResult, path: Path, text: str) -> str:
        reason = result.reasons.get(path)
        return reason_text(reason) if reason is not None else text

    def _problems_text(self, rejected: list[tuple[Path, str]]) -> str:
        if len(rejected) == 1:
            return self.tr("Not imported: {0}").format(rejected[0][1])
        names = ", ".join(Path(p).name for p, _ in rejected[:4])
        if len(rejected) > 4:
            names += ", …"
        text = self.tr("%n file(s) not imported ({0}): see Messages for why.", "", len(rejected))
        return text.format(names)

    def busy(self) -> bool:
        return bool(self.jobs)
