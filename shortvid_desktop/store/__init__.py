"""Persistence: one SQLite file through sqlite-utils (schema migrations, WAL, autosave revisions,
assets, templates, export history, the export queue, usage ledger, settings, backups).
Imports core only."""

from .db import BUSY_TIMEOUT_S, MAX_REVISIONS, Store, current_month
from .errors import BuiltinTemplateError, NotFoundError, SchemaTooNewError, StoreError
from .migrations import MIGRATIONS, SCHEMA_VERSION
from .rows import (
    ExportRow,
    ExportStatus,
    ProjectRow,
    QueuedExportRow,
    QueueState,
    RecoverableProject,
    RevisionRow,
    UsageUnit,
)

__all__ = [
    "BUSY_TIMEOUT_S",
    "MAX_REVISIONS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "BuiltinTemplateError",
    "ExportRow",
    "ExportStatus",
    "NotFoundError",
    "ProjectRow",
    "QueueState",
    "QueuedExportRow",
    "RecoverableProject",
    "RevisionRow",
    "SchemaTooNewError",
    "Store",
    "StoreError",
    "UsageUnit",
    "current_month",
]
