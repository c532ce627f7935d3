"""Settings for the window and the CLI: the store they live in and the keys they use.

The window's Settings dialog and the ``shortvid`` subcommands read and write settings here (never
API keys: those are in ``session.keys``). Every service that honours a setting (the AI provider,
the monthly budgets and prices, the proxy and timeouts, the voice order) reads it from the same
store, so what is set in one place governs both front ends.
"""

from __future__ import annotations

from ..net import (
    SETTING_BUDGETS,
    SETTING_PRICES,
    SETTING_PROVIDER,
    SETTING_PROXY,
    SETTING_RETRIES,
    SETTING_TIMEOUT,
    check_proxy,
)
from ..store import Store, StoreError
from ..voice.chain import DEFAULT_ORDER, SETTING_CHAIN, check_order

SETTING_BATCH_FOLDER = "batch.folder"  # the output folder of the window's last batch
SETTING_META_SIDECAR = "export.meta_sidecar"  # the export dialog's "write title and hashtags"
# the render farm's storage (s3://bucket/prefix or file:///folder) and, for S3-compatible
# servers (MinIO, Aliyun OSS), their endpoint URL and region; the keys are in the keyring ("s3")
SETTING_FARM_STORAGE = "farm.storage_url"
SETTING_FARM_S3_ENDPOINT = "farm.s3_endpoint"
SETTING_FARM_S3_REGION = "farm.s3_region"
# Settings > Rendering: where the window's exports render ("local" or "farm") and the broker's
# URL without its password (the password is in the keyring: session.farm.set_broker_password)
SETTING_FARM_MODE = "farm.mode"
SETTING_FARM_BROKER = "farm.broker_url"
# every farm job's waits (session/farm.py): the whole job's deadline, and how long it waits for
# a worker to take a task (or make progress) before asking whether any worker is alive
SETTING_FARM_DEADLINE = "farm.deadline_s"
SETTING_FARM_WORKER_WAIT = "farm.worker_wait_s"


def get_value(key: str, default: object = None) -> object:
    """One setting (``default`` when it is unset or the database cannot be read)."""
    try:
        with Store() as store:
            return store.get_setting(key, default)
    except Exception:  # noqa: BLE001 - no database: the default
        return default


def set_value(key: str, value: object) -> None:
    with Store() as store:
        store.set_setting(key, value)


def open_store() -> Store:
    """The app's database (settings, templates, usage ledger); use it in a ``with`` block."""
    return Store()


def budgets(store: Store) -> dict[str, float]:
    """The monthly budgets in USD by provider (unreadable entries left out)."""
    raw = store.get_setting(SETTING_BUDGETS, {}) or {}
    out: dict[str, float] = {}
    for name, value in dict(raw).items() if isinstance(raw, dict) else ():
        try:
            out[str(name)] = float(value)
        except (TypeError, ValueError):
            continue
    return out


def set_budget(store: Store, provider: str, amount: float | None) -> dict[str, float]:
    """Set (or with None remove) one provider's monthly budget; returns all budgets."""
    table = dict(store.get_setting(SETTING_BUDGETS, {}) or {})
    if amount is None:
        table.pop(provider, None)
    else:
        table[provider] = float(amount)
    store.set_setting(SETTING_BUDGETS, table)
    return table


def set_price(
    store: Store, provider: str, model: str, price_in: float, price_out: float
) -> list[float]:
    """The USD per million units (tokens or characters) for one provider's model."""
    prices = dict(store.get_setting(SETTING_PRICES, {}) or {})
    table = dict(prices.get(provider, {}))
    table[model] = [float(price_in), float(price_out)]
    prices[provider] = table
    store.set_setting(SETTING_PRICES, prices)
    return table[model]


__all__ = [
    "DEFAULT_ORDER",
    "SETTING_BATCH_FOLDER",
    "SETTING_BUDGETS",
    "SETTING_CHAIN",
    "SETTING_FARM_BROKER",
    "SETTING_FARM_DEADLINE",
    "SETTING_FARM_MODE",
    "SETTING_FARM_S3_ENDPOINT",
    "SETTING_FARM_S3_REGION",
    "SETTING_FARM_STORAGE",
    "SETTING_FARM_WORKER_WAIT",
    "SETTING_META_SIDECAR",
    "SETTING_PRICES",
    "SETTING_PROVIDER",
    "SETTING_PROXY",
    "SETTING_RETRIES",
    "SETTING_TIMEOUT",
    "Store",
    "StoreError",
    "budgets",
    "check_order",
    "check_proxy",
    "get_value",
    "open_store",
    "set_budget",
    "set_price",
    "set_value",
]
