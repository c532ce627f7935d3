"""Stock tests: a local Pexels/Pixabay/Openverse/OpenAI-images server serving media made by
ffmpeg at test time, an isolated keyring, hermetic network, settings in the app's store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from servers.fixtures import *  # noqa: F403
from stock_server import PEXELS_KEY, PIXABAY_KEY, Catalog, Item, StockServer

from shortvid_desktop.media.ffmpeg import run_ffmpeg

COLORS = ("red", "green", "blue", "yellow", "purple", "orange")


def _video(out: Path, size: str, color: str, seconds: float = 3.0) -> bytes:
    run_ffmpeg(
        [
            "-f", "lavfi", "-i", f"color=c={color}:s={size}:r=15:d={seconds}",
            "-f", "lavfi", "-i", f"testsrc2=s=64x64:r=15:d={seconds}",
            "-filter_complex", "[0][1]overlay=x=8:y=8",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(out),
        ]
    )  # fmt: skip
    return out.read_bytes()


def _still(out: Path, size: str, color: str) -> bytes:
    run_ffmpeg(["-f", "lavfi", "-i", f"color=c={color}:s={size}", "-frames:v", "1", str(out)])
    return out.read_bytes()


@pytest.fixture(scope="session")
def _stock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StockServer]:
    work = tmp_path_factory.mktemp("stock-media")
    files: dict[str, bytes] = {}
    videos, photos = [], []
    for i, color in enumerate(COLORS[:4], start=1):
        # listed landscape first and largest: a portrait canvas must still get a portrait file
        rends = [(f"v{i}_land.mp4", 320, 180), (f"v{i}_big.mp4", 360, 640)]
        rends.append((f"v{i}_small.mp4", 180, 320))
        for name, w, h in rends:
            files[name] = _video(work / name, f"{w}x{h}", color)
        videos.append(Item(100 + i, "video", rends, duration=12, author=f"filmer{i}"))
    for i, color in enumerate(COLORS[:4], start=1):
        name = f"p{i}.png"
        files[name] = _still(work / name, "360x640", color)
        photos.append(Item(200 + i, "photo", [(name, 360, 640)], author=f"shooter{i}"))
    png = _still(work / "ai.png", "1024x1536", "teal")
    server = StockServer(files, Catalog(videos, photos), png).start()
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
