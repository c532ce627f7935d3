"""The app's SQLite database: projects, revisions, assets, templates, exports (history and the
queue), usage, settings.

One file (``paths.database_path()`` unless told otherwise), opened through sqlite-utils with WAL,
foreign keys on and a busy timeout. The schema comes from the ordered migrations in
``store/migrations.py`` keyed on ``PRAGMA user_version``; a database written by a newer ShortVid is
refused before anything touches it.

Transactions are explicit: every write method runs in one ``BEGIN IMMEDIATE`` ... ``COMMIT`` and
rolls back on any exception, so a crash or an error mid-save leaves the previous state intact.
Writes use plain SQL rather than sqlite-utils' insert/upsert helpers, because sqlite-utils 3.x
commits through ``with conn:`` inside those helpers, which would end our transaction early.

One connection is shared by all threads (``check_same_thread=False``); a re-entrant lock
serialises every use of it, so the app may call the store from a worker thread. Other processes or
other ``Store`` objects on the same file use their own connections; WAL lets their reads run while
one of them writes, and the busy timeout makes a second writer wait instead of failing.

API keys never go here (``secrets.py`` keeps them in the OS keyring); ``set_setting`` refuses keys
that look like one.

``Store`` is composed here from one class per subject, each over ``StoreBase`` (``store/base.py``:
the connection, lock, transactions and migrations): ``projects`` (projects and revisions),
``assets``, ``templates``, ``exports`` (history and queue), ``usage`` and ``settings``.
"""

from __future__ import annotations

from .assets import AssetStore
from .base import BUSY_TIMEOUT_S, MAX_REVISIONS, current_month
from .exports import ExportStore
from .migrations import MIGRATIONS
from .projects import ProjectStore
from .settings import ConfigStore
from .templates import TemplateStore
from .usage import LedgerStore

__all__ = ["BUSY_TIMEOUT_S", "MAX_REVISIONS", "MIGRATIONS", "Store", "current_month"]


class Store(ProjectStore, AssetStore, TemplateStore, ExportStore, LedgerStore, ConfigStore):
    """The SQLite database behind the app. See the module docstring for the guarantees.

    Use as a context manager or call ``close()``. Every public method is thread-safe.
    """
