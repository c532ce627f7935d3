"""Settings: JSON values by key; keys that look like secrets are refused."""

from __future__ import annotations

import json
import re
from typing import Any

from .base import StoreBase
from .errors import StoreError

_SECRET_KEY = re.compile(r"api[_\-. ]?key|secret|password|passwd|credential", re.IGNORECASE)


class ConfigStore(StoreBase):
    """Settings."""

    def get_setting(self, key: str, default: Any = None) -> Any:
        """The stored value (decoded from JSON), or ``default``."""
        row = self._one("SELECT value FROM settings WHERE key = ?", [key])
        return default if row is None else json.loads(row["value"])

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON-able value. Keys that look like secrets are refused: API keys belong in
        the OS keyring (``secrets.py``), never in this file."""
        if _SECRET_KEY.search(key):
            raise StoreError(
                f"setting {key!r} looks like a secret; API keys and passwords go in the OS "
                "keyring (shortvid_desktop.secrets), not in the database"
            )
        text = json.dumps(value, ensure_ascii=False)
        with self._write() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, text],
            )

    def delete_setting(self, key: str) -> None:
        """Remove a setting (no error if it is not there)."""
        with self._write() as db:
            db.execute("DELETE FROM settings WHERE key = ?", [key])
