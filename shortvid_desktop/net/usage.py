"""Prices, monthly budgets and the usage ledger: a call is refused before it is sent when it
would take a provider past its budget."""

from __future__ import annotations

import math
from typing import Any

from .errors import BudgetExceededError
from .settings import SETTING_BUDGETS, SETTING_PRICES, Unit, UsageStore, current_month, read_setting

# USD per million units (tokens in / tokens out; characters for speech). Rough list prices to
# estimate spending; edit them with `shortvid usage --price PROVIDER MODEL IN OUT` ("*" = any
# model of that provider).
DEFAULT_PRICES: dict[str, dict[str, tuple[float, float]]] = {
    "openai": {
        "gpt-4o-mini": (0.15, 0.60),
        "gpt-4o": (2.50, 10.00),
        "gpt-4.1-mini": (0.40, 1.60),
        "gpt-4.1": (2.00, 8.00),
        "tts-1": (15.00, 0.0),
        "tts-1-hd": (30.00, 0.0),
        "gpt-4o-mini-tts": (15.00, 0.0),
        # images count as output tokens (stock/ai_images.py: a 1024x1536 picture ~1584)
        "gpt-image-1": (5.00, 40.00),
        "dall-e-3": (0.0, 40.00),
        "*": (2.50, 10.00),
    },
    "deepseek": {"*": (0.28, 1.10)},
    "qwen": {"qwen-turbo": (0.05, 0.20), "qwen-max": (1.60, 6.40), "*": (0.40, 1.20)},
    "moonshot": {"*": (1.70, 1.70)},
    "ollama": {"*": (0.0, 0.0)},
    "lmstudio": {"*": (0.0, 0.0)},
    "edge": {"*": (0.0, 0.0)},
}


def _price_pair(value: Any) -> tuple[float, float] | None:
    try:
        if isinstance(value, int | float):
            return float(value), 0.0
        if isinstance(value, list | tuple) and 1 <= len(value) <= 2:
            pair = [float(v) for v in value]
            return pair[0], pair[1] if len(pair) > 1 else 0.0
        if isinstance(value, dict):
            return float(value.get("in", 0.0)), float(value.get("out", 0.0))
    except (TypeError, ValueError):
        return None
    return None


class Accounting:
    """Prices, budgets and the usage ledger for one project's calls."""

    def __init__(self, store: UsageStore | None = None, project_id: str = "") -> None:
        self.store = store
        self.project_id = project_id

    def prices(self) -> dict[str, dict[str, tuple[float, float]]]:
        table = {p: dict(models) for p, models in DEFAULT_PRICES.items()}
        custom = read_setting(self.store, SETTING_PRICES, {}) or {}
        for provider, models in custom.items() if isinstance(custom, dict) else ():
            if not isinstance(models, dict):
                continue
            for model, value in models.items():
                pair = _price_pair(value)
                if pair is not None:
                    table.setdefault(str(provider), {})[str(model)] = pair
        return table

    def price(self, provider: str, model: str) -> tuple[float, float] | None:
        """(in, out) USD per million units; None when nothing is known for the provider."""
        models = self.prices().get(provider)
        if not models:
            return None
        base = model.split(":", 1)[0]
        return models.get(model) or models.get(base) or models.get("*")

    def cost(self, provider: str, model: str, units_in: int, units_out: int) -> float:
        price = self.price(provider, model)
        if price is None:
            return 0.0
        return (units_in * price[0] + units_out * price[1]) / 1_000_000

    def budget(self, provider: str) -> float | None:
        budgets = read_setting(self.store, SETTING_BUDGETS, {}) or {}
        value = budgets.get(provider) if isinstance(budgets, dict) else None
        try:
            return None if value is None else float(value)
        except (TypeError, ValueError):
            return None

    def spent(self, provider: str, month: str | None = None) -> float:
        if self.store is None:
            return 0.0
        return float(self.store.month_cost(provider, month or current_month()))

    def check(self, provider: str, model: str, units_in: int, units_out: int) -> float:
        """The estimated cost; raises BudgetExceededError (nothing sent) when it would take the
        provider past its monthly budget."""
        estimate = self.cost(provider, model, units_in, units_out)
        budget = self.budget(provider)
        if budget is not None:
            spent = self.spent(provider)
            if spent + estimate > budget + 1e-12:
                raise BudgetExceededError(provider, budget, spent, estimate)
        return estimate

    def record(self, provider: str, model: str, units_in: int, units_out: int, unit: Unit) -> float:
        """Write one ledger row; returns its cost. A ledger failure never fails the call."""
        cost = self.cost(provider, model, units_in, units_out)
        if self.store is not None:
            try:
                self.store.add_usage(
                    provider, model, int(units_in), int(units_out), unit, cost, self.project_id
                )
            except Exception:
                import logging

                logging.getLogger(__name__).warning("could not write a usage row", exc_info=True)
        return cost


def estimate_tokens(text: str) -> int:
    """A rough token count: one per CJK character, one per four other characters."""
    cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")
    return cjk + math.ceil((len(text) - cjk) / 4)
