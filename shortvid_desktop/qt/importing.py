"""Importing media as jobs: probe, hash and de-duplicate off the GUI thread, then add the good
files as one undo step (optionally placed on the timeline in the same step)."""

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
from .undo import UndoBridge


class ImportController(QObject):
    finished = Signal(object)  # ImportResult
    notice = Signal(str)
    rejected = Signal(list)  # [(path, reason)]

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

        def run(progress, cancel):
            from ..session.media import scan_paths

            return scan_paths([Path(p) for p in paths], existing, progress, cancel)

        job = QtJob(self.tr("Importing {0} item(s)").format(len(paths)), run)
        job.signals.succeeded.connect(lambda result: self._on_scanned(job, session, result, place))
        job.signals.failed.connect(lambda msg: self._on_failed(job, msg))
        job.signals.cancelled.connect(lambda: self._on_failed(job, self.tr("Import cancelled.")))
        self.jobs.append(job)
        return self.runner.start(job)

    def _on_failed(self, job: QtJob, message: str) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
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
        for path, reason in result.rejected:
            self.notice.emit(self.tr("Skipped {0}: {1}").format(Path(path).name, reason))
        if result.rejected:
            self.rejected.emit([(str(p), r) for p, r in result.rejected])
        if result.added:
            self.notice.emit(self.tr("Imported {0} file(s)").format(len(result.added)))
        self.finished.emit(result)

    def busy(self) -> bool:
        return bool(self.jobs)
