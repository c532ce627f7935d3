"""The settings the network layer reads, and the store protocol it reads them from.

``store.Store`` fits ``UsageStore``; ``MemoryStore`` is the same in memory (library use, tests).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

DEFAULT_TIMEOUT_S = 60.0
# One call (retries included, a stream from first byte to last) never takes longer than this:
# a service that hangs, or streams keep-alives forever, is given up and the fallback runs.
DEFAULT_DEADLINE_S = 30.0
DEFAULT_CONNECT_TIMEOUT_S = 10.0
DEFAULT_MAX_RETRIES = 3
MAX_RETRY_AFTER_S = 60.0

SETTING_PROXY = "net.proxy"
SETTING_TIMEOUT = "net.timeout_s"
SETTING_DEADLINE = "net.deadline_s"
SETTING_RETRIES = "net.max_retries"
SETTING_RATE_LIMITS = "net.rate_limits"
SETTING_PRICES = "usage.prices"
SETTING_BUDGETS = "usage.budgets"
SETTING_PROVIDER = "ai.provider"
SETTING_PROVIDERS = "ai.providers"

Unit = Literal["tokens", "chars"]


class SettingsStore(Protocol):
    def get_setting(self, key: str, default: Any = None) -> Any: ...


class UsageStore(SettingsStore, Protocol):
    """What the network layer needs from the app's database (``store.Store`` fits)."""

    def add_usage(
        self,
        provider: str,
        model: str,
        units_in: int,
        units_out: int,
        unit: Unit,
        cost_usd: float,
        project_id: str = "",
    ) -> None: ...

    def month_cost(self, provider: str, month: str) -> float: ...


def current_month() -> str:
    """This month in UTC as ``YYYY-MM`` (the ledger counts months in UTC)."""
    return datetime.now(UTC).strftime("%Y-%m")


class MemoryStore:
    """Settings and a usage ledger in memory (no database): library use and tests."""

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        self.settings: dict[str, Any] = dict(settings or {})
        self.usage: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def get_setting(self, key: str, default: Any = None) -> Any:
        return self.settings.get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self.settings[key] = value

    def add_usage(
        self,
        provider: str,
        model: str,
        units_in: int,
        units_out: int,
        unit: Unit,
        cost_usd: float,
        project_id: str = "",
    ) -> None:
        with self._lock:
            self.usage.append(
                {
                    "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                    "provider": provider,
                    "model": model,
                    "units_in": int(units_in),
                    "units_out": int(units_out),
                    "unit": unit,
                    "cost_usd": float(cost_usd),
                    "project_id": project_id,
                }
            )

    def month_cost(self, provider: str, month: str) -> float:
        with self._lock:
            return sum(
                r["cost_usd"]
                for r in self.usage
                if r["provider"] == provider and r["time"].startswith(month)
            )


def read_setting(store: SettingsStore | None, key: str, default: Any) -> Any:
    if store is None:
        return default
    try:
        value = store.get_setting(key, default)
    except Exception:  # noqa: BLE001 - an unreadable setting means the default
        return default
    return default if value is None else value
