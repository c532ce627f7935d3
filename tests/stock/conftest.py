"""Stock tests: a local Pexels/Pixabay/Openverse/OpenAI-images server serving media made by
ffmpeg at test time, an isolated keyring, hermetic network, settings in the app's store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from servers.fixtures import *  # noqa: F403
from stock_server import PEXELS_KEY, PIXABAY_KEY, StockServer, make_stock_server


@pytest.fixture(scope="session")
def _stock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StockServer]:
    server = make_stock_server(tmp_path_factory.mktemp("stock-media"))
    yield server
    server.stop()


@pytest.fixture
def stock_server(
    _stock_server: StockServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[StockServer]:
    for var in ("PEXELS_API_KEY", "PIXABAY_API_KEY", "SHORTVID_PEXELS_URL", "SHORTVID_PIXABAY_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("SHORTVID_OPENVERSE_URL", raising=False)
    _stock_server.reset()
    yield _stock_server
    _stock_server.reset()  # releases any request still hanging ("slow")


@pytest.fixture
def settings(stock_server: StockServer) -> dict:
    """The providers pointed at the local server through the app's settings (the store)."""
    from shortvid_desktop.store import Store

    values = {
        "stock.pexels.url": stock_server.pexels_url,
        "stock.pixabay.url": stock_server.pixabay_url,
        "stock.openverse.url": stock_server.openverse_url,
        "net.rate_limits": {"*": 0},
        "net.max_retries": 2,
        "ai.providers": {"openai": {"base_url": stock_server.openai_url}},
    }
    with Store() as store:
        for key, value in values.items():
            store.set_setting(key, value)
    return values


@pytest.fixture
def keys(settings: dict) -> None:
    from shortvid_desktop import secrets

    secrets.set_key("pexels", PEXELS_KEY)
    secrets.set_key("pixabay", PIXABAY_KEY)
