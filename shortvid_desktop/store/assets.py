"""Imported media (assets) and their thumbnails, found again by content hash."""

from __future__ import annotations

import json

from ..core.model import Asset
from ..core.serial import from_dict, to_dict
from .base import StoreBase, _utcnow


class AssetStore(StoreBase):
    """Assets."""

    def upsert_asset(self, asset: Asset, thumbnail: str = "") -> None:
        """Insert or update an asset (keyed on ``asset.id``). The whole Asset is kept as the
        ``probe`` JSON. An empty ``thumbnail`` keeps the one already stored; ``added`` is kept."""
        data = to_dict(asset)
        from_dict(Asset, data)  # refuse an asset that would not load back
        with self._write() as db:
            db.execute(
                """
                INSERT INTO assets (id, path, content_hash, kind, probe, thumbnail, added)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    path = excluded.path,
                    content_hash = excluded.content_hash,
                    kind = excluded.kind,
                    probe = excluded.probe,
                    thumbnail = CASE WHEN excluded.thumbnail <> '' THEN excluded.thumbnail
                                     ELSE assets.thumbnail END
                """,
                [
                    asset.id,
                    asset.path,
                    asset.content_hash,
                    asset.kind,
                    json.dumps(data, ensure_ascii=False),
                    str(thumbnail),
                    _utcnow(),
                ],
            )

    def get_asset(self, asset_id: str) -> Asset:
        """The stored asset; NotFoundError if there is none."""
        row = self._one("SELECT probe FROM assets WHERE id = ?", [asset_id])
        if row is None:
            raise self._not_found("asset", asset_id)
        return from_dict(Asset, json.loads(row["probe"]))

    def find_asset_by_hash(self, content_hash: str) -> Asset | None:
        """The first-added asset with this content hash (de-duplication), or None."""
        if not content_hash:
            return None
        row = self._one(
            "SELECT probe FROM assets WHERE content_hash = ? ORDER BY added, rowid LIMIT 1",
            [content_hash],
        )
        return from_dict(Asset, json.loads(row["probe"])) if row else None

    def asset_thumbnail(self, asset_id: str) -> str:
        """The stored thumbnail path of an asset ("" if none); NotFoundError if no such asset."""
        row = self._one("SELECT thumbnail FROM assets WHERE id = ?", [asset_id])
        if row is None:
            raise self._not_found("asset", asset_id)
        return str(row["thumbnail"])

    def delete_asset(self, asset_id: str) -> bool:
        """Forget an asset (the file itself is untouched). Returns whether it existed."""
        with self._write() as db:
            return db.execute("DELETE FROM assets WHERE id = ?", [asset_id]).rowcount > 0
