"""Thumbnails and waveforms of assets for the library and the timeline, made off the GUI thread.

Asking for a picture that is not ready returns None and starts one quiet job; ``updated`` fires
with the asset id when it arrives. Pictures come from media/ (cached on disk by content hash).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QPixmap

from ..core.model import Asset
from .jobs import JobRunner

WAVE_POINTS = 400


class MediaCache(QObject):
    updated = Signal(str)  # asset id

    def __init__(self, runner: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._thumb_paths: dict[str, str] = {}
        self._pixmaps: dict[str, QPixmap] = {}
        self._waves: dict[str, list[float]] = {}
        self._pending: set[tuple[str, str]] = set()
        self._failed: set[tuple[str, str]] = set()

    def thumbnail(self, asset: Asset) -> QPixmap | None:
        pix = self._pixmaps.get(asset.id)
        if pix is not None:
            return pix
        self._request("thumb", asset)
        return None

    def thumbnail_path(self, asset_id: str) -> str:
        return self._thumb_paths.get(asset_id, "")

    def waveform(self, asset: Asset) -> list[float] | None:
        if asset.kind == "image" or (asset.kind == "video" and not asset.has_audio):
            return None
        wave = self._waves.get(asset.id)
        if wave is not None:
            return wave
        self._request("wave", asset)
        return None

    def _request(self, what: str, asset: Asset) -> None:
        key = (what, asset.id)
        if key in self._pending or key in self._failed or not asset.path:
            return
        if not os.path.isfile(asset.path):
            self._failed.add(key)
            return
        self._pending.add(key)
        path, digest = asset.path, asset.content_hash or None

        def run(progress, cancel):
            from ..session.media import thumbnail, waveform

            if what == "thumb":
                return str(thumbnail(path, (240, 240), content_hash=digest))
            return waveform(path, WAVE_POINTS, content_hash=digest, cancel=cancel)

        def done(result, key=key) -> None:
            self._pending.discard(key)
            if what == "thumb":
                pix = QPixmap(str(result))
                if pix.isNull():
                    self._failed.add(key)
                    return
                self._thumb_paths[asset.id] = str(result)
                self._pixmaps[asset.id] = pix
            else:
                self._waves[asset.id] = list(result)
            self.updated.emit(asset.id)

        def failed(_msg: str, key=key) -> None:
            self._pending.discard(key)
            self._failed.add(key)

        self.runner.run(self.tr("Thumbnails"), run, done, failed, quiet=True)

    def forget(self, asset_id: str) -> None:
        """Drop what is known about an asset (after a relink)."""
        self._pixmaps.pop(asset_id, None)
        self._waves.pop(asset_id, None)
        self._thumb_paths.pop(asset_id, None)
        self._failed = {k for k in self._failed if k[1] != asset_id}
