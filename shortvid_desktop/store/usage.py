"""The usage ledger of external calls (AI, speech): rows, monthly totals and costs."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, get_args

from .base import StoreBase
from .rows import (
    UsageUnit,
)

_USAGE_UNITS: tuple[str, ...] = get_args(UsageUnit)
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _month_range(month: str) -> tuple[str, str]:
    if not isinstance(month, str) or not _MONTH.fullmatch(month):
        raise ValueError(f"month must look like 'YYYY-MM'; got {month!r}")
    year, mon = int(month[:4]), int(month[5:])
    nxt = f"{year + 1:04d}-01" if mon == 12 else f"{year:04d}-{mon + 1:02d}"
    return f"{month}-01", f"{nxt}-01"


class LedgerStore(StoreBase):
    """The usage ledger."""

    def add_usage(
        self,
        provider: str,
        model: str,
        units_in: int,
        units_out: int,
        unit: UsageUnit,
        cost_usd: float,
        project_id: str = "",
        *,
        at: datetime | None = None,
    ) -> None:
        """Record one external call in the usage ledger. ``unit`` is 'tokens' (LLMs) or 'chars'
        (voices). ``at`` defaults to now; a naive datetime is taken as UTC."""
        if unit not in _USAGE_UNITS:
            raise ValueError(f"unit must be one of {_USAGE_UNITS}; got {unit!r}")
        when = at or datetime.now(UTC)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        stamp = when.astimezone(UTC).isoformat(timespec="milliseconds")
        with self._write() as db:
            db.execute(
                "INSERT INTO usage (time, provider, model, project_id, units_in, units_out, unit, "
                "cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    stamp,
                    provider,
                    model,
                    project_id,
                    int(units_in),
                    int(units_out),
                    unit,
                    float(cost_usd),
                ],
            )

    def usage_totals(self, month: str | None = None) -> list[dict[str, Any]]:
        """Totals per provider/model (and unit) for a UTC month ``YYYY-MM``, or all time.

        Each dict: provider, model, unit, calls, units_in, units_out, cost_usd. Most expensive
        first.
        """
        where, params = "", []
        if month is not None:
            start, end = _month_range(month)
            where, params = "WHERE time >= ? AND time < ?", [start, end]
        return self._rows(
            "SELECT provider, model, unit, count(*) AS calls, sum(units_in) AS units_in, "
            "sum(units_out) AS units_out, sum(cost_usd) AS cost_usd "
            f"FROM usage {where} GROUP BY provider, model, unit "
            "ORDER BY cost_usd DESC, provider, model, unit",
            params,
        )

    def month_cost(self, provider: str, month: str) -> float:
        """What ``provider`` cost in the UTC month ``YYYY-MM`` (see ``current_month()``)."""
        start, end = _month_range(month)
        row = self._one(
            "SELECT coalesce(sum(cost_usd), 0.0) AS cost FROM usage "
            "WHERE provider = ? AND time >= ? AND time < ?",
            [provider, start, end],
        )
        return float(row["cost"]) if row else 0.0
