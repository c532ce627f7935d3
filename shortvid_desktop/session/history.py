"""Export history that is never lost: when the database cannot take a row (another program holds
it locked past the bounded wait, or the data folder is read-only), the row waits in a small
file in the data folder and goes into the database at the next start of any command."""

from __future__ import annotations

import contextlib
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import paths
from ..store import Store

log = logging.getLogger(__name__)

PENDING_NAME = "pending-history.jsonl"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _pending_file() -> Path:
    return paths.user_data_dir() / PENDING_NAME


class ExportHistory:
    """One export's history row: started when the export starts, closed when it ends."""

    def __init__(self, project_id: str, settings: dict[str, Any], output_path: str) -> None:
        self.row: dict[str, Any] = {
            "project_id": project_id,
            "settings": settings,
            "output_path": output_path,
            "started": _now(),
        }
        self.export_id: int | None = None
        self.busy = ""
        try:
            with Store() as store:
                self.export_id = store.export_started(project_id, settings, output_path)
        except Exception as exc:  # noqa: BLE001 - history never blocks an export
            self.busy = str(exc)
            log.warning("export history not written now (%s); it will be queued", exc)

    def finish(self, status: str, seconds: float | None = None, error: str = "") -> str | None:
        """Close the row; a notice for the user when it had to be queued (or was lost)."""
        if self.export_id is not None:
            try:
                with Store() as store:
                    store.export_finished(self.export_id, status, seconds=seconds, error=error)
                return None
            except Exception as exc:  # noqa: BLE001 - queued below instead
                self.busy = str(exc)
        entry = {**self.row, "id": self.export_id, "status": status, "finished": _now()}
        entry.update(seconds=seconds, error=error)
        try:
            with open(_pending_file(), "a", encoding="utf-8") as out:
                out.write(json.dumps(entry, ensure_ascii=True) + "\n")
        except OSError as exc:
            return f"This export could not be added to the export history ({exc})."
        return (
            f"The database was busy ({self.busy}); this export's history entry is kept and "
            "will be recorded the next time ShortVid starts."
        )


def flush_pending_history() -> int:
    """Move queued history rows into the database; how many went in. Rows stay queued while
    the database is still unavailable."""
    try:
        pending = _pending_file()
    except OSError:
        return 0
    if not pending.is_file():
        return 0
    work = pending.with_name(f"{PENDING_NAME}.{os.getpid()}")
    try:
        os.replace(pending, work)  # one starting process takes them
    except OSError:
        return 0
    rows = []
    for line in work.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(ValueError):
            rows.append(json.loads(line))
    done = 0
    try:
        with Store() as store:
            for row in rows:
                if row.get("id") is not None:
                    with contextlib.suppress(Exception):  # the row may be gone
                        store.export_finished(
                            row["id"], row["status"], seconds=row["seconds"], error=row["error"]
                        )
                else:
                    store.record_export(
                        row["project_id"],
                        row["settings"],
                        row["output_path"],
                        row["status"],
                        started=row["started"],
                        finished=row["finished"],
                        seconds=row["seconds"],
                        error=row["error"],
                    )
                done += 1
    except Exception:  # noqa: BLE001 - still busy: put the rest back for the next start
        with open(pending, "a", encoding="utf-8") as out:
            for row in rows[done:]:
                out.write(json.dumps(row, ensure_ascii=True) + "\n")
    work.unlink(missing_ok=True)
    return done
