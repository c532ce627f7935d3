"""Providers against the local server: their JSON, locales, keys, base URLs, the network rules
(401, 429 with rate-limit headers, 500, slow, malformed JSON, a download broken mid-file), the
24 h search cache, the content-addressed downloads, and orientation-aware choice."""

from __future__ import annotations

import hashlib

import pytest
from stock_server import PEXELS_KEY, PIXABAY_KEY

from shortvid_desktop import net
from shortvid_desktop.jobs import CancelToken
from shortvid_desktop.stock import (
    OpenverseProvider,
    PexelsProvider,
    PixabayProvider,
    choose,
    locale_for,
)
from shortvid_desktop.stock.http import rate_limit_wait
from shortvid_desktop.store import Store


def _ctx(store, **kw) -> net.NetContext:
    return net.NetContext(store=store, **kw)


def test_pexels_videos_photos_with_key_header_locale_and_portrait_choice(
    stock_server, keys
) -> None:
    with Store() as store:
        pexels = PexelsProvider(_ctx(store))
        videos = pexels.search(
            "城市夜景", orientation="portrait", locale=locale_for("pexels", "zh"), kind="video"
        )
        photos = pexels.search("sea", orientation="portrait", kind="photo", min_width=1080)
    assert stock_server.hits("pexels_photos")[0]["size"] == "medium"  # Full HD or more
    query = stock_server.hits("pexels_videos")[0]
    assert query["query"] == "城市夜景" and query["locale"] == "zh-CN"
    assert query["orientation"] == "portrait"
    headers = [h for e, _q, h in stock_server.requests if e == "pexels_videos"][0]
    assert headers["Authorization"] == PEXELS_KEY
    assert [c.id for c in videos] == ["101", "102", "103", "104"]
    first = videos[0]
    assert first.author == "filmer1" and first.page_url.endswith("/clip-101/")
    assert first.licence.startswith("Pexels License") and first.duration_s == 12
    assert [r.width for r in first.renditions] == [320, 360, 180]  # landscape listed first
    assert photos[0].kind == "photo" and photos[0].author == "shooter1"
    # a 9:16 canvas never gets the landscape file when a portrait one was served; the smallest
    # portrait file at or above the canvas wins
    pick = choose(videos, 180, 320, 5.0, set())
    assert pick is not None and (pick.rendition.width, pick.rendition.height) == (180, 320)
    pick = choose(videos, 360, 640, 5.0, set())
    assert pick is not None and (pick.rendition.width, pick.rendition.height) == (360, 640)
    # even when the canvas is bigger than every portrait file, landscape is not taken
    pick = choose(videos, 720, 1280, 5.0, set())
    assert pick is not None and pick.rendition.height > pick.rendition.width
    # a 16:9 canvas takes the landscape file; a used candidate is never taken again
    pick = choose(videos, 320, 180, 5.0, {"pexels:101"})
    assert pick is not None and pick.candidate.id == "102" and pick.rendition.width == 320


def test_pixabay_key_in_query_lang_and_filters(stock_server, keys) -> None:
    with Store() as store:
        pixabay = PixabayProvider(_ctx(store))
        videos = pixabay.search(
            "猫", orientation="portrait", min_width=180, locale="zh", kind="video", per_page=5
        )
        photos = pixabay.search("cat", orientation="portrait", kind="photo")
    q = stock_server.hits("pixabay_videos")[0]
    assert q["key"] == PIXABAY_KEY and q["q"] == "猫" and q["lang"] == "zh"
    assert q["min_width"] == "180" and q["per_page"] == "5" and q["safesearch"] == "true"
    assert stock_server.hits("pixabay_images")[0]["orientation"] == "vertical"
    assert videos[0].author == "filmer1"
    assert videos[0].author_url == "https://pixabay.com/users/filmer1-1101/"
    assert photos[0].page_url.endswith("/p-201/")
    pick = choose(videos, 180, 320, 5.0, set())
    assert pick is not None and pick.rendition.height > pick.rendition.width


def test_openverse_needs_no_key_and_gives_cc_licences(stock_server, settings) -> None:
    with Store() as store:
        found = OpenverseProvider(_ctx(store)).search("forest", orientation="portrait")
    assert stock_server.hits("openverse")[0]["aspect_ratio"] == "tall"
    assert found[0].licence.startswith("CC BY 2.0") and found[0].author == "shooter1"


def test_keys_and_urls_from_the_environment(stock_server, monkeypatch) -> None:
    monkeypatch.setenv("PEXELS_API_KEY", "env-pexels-key-1234")
    monkeypatch.setenv("SHORTVID_PEXELS_URL", stock_server.pexels_url)
    ctx = net.NetContext(store=net.MemoryStore({net.SETTING_RATE_LIMITS: {"*": 0}}))
    assert PexelsProvider(ctx).search("sky")
    headers = [h for e, _q, h in stock_server.requests if e == "pexels_videos"][0]
    assert headers["Authorization"] == "env-pexels-key-1234"
    assert not PixabayProvider(ctx).available()
    assert "shortvid keys set pixabay" in PixabayProvider(ctx).unavailable_reason()
    with pytest.raises(net.MissingKeyError):
        PixabayProvider(ctx).search("sky")


def test_401_is_reported_at_once_naming_the_key(stock_server, keys) -> None:
    stock_server.fail_next("pexels_videos", "401")
    with Store() as store, pytest.raises(net.ProviderAuthError) as err:
        PexelsProvider(_ctx(store)).search("sky")
    assert "shortvid keys set pexels" in str(err.value)
    assert len(stock_server.hits("pexels_videos")) == 1  # never retried
    assert PEXELS_KEY not in str(err.value)


def test_429_with_rate_limit_headers_and_500_are_retried(stock_server, keys) -> None:
    stock_server.fail_next("pexels_videos", "429", "500")
    with Store() as store:
        found = PexelsProvider(_ctx(store)).search("sky")
    assert found and len(stock_server.hits("pexels_videos")) == 3
    assert rate_limit_wait({"X-Ratelimit-Reset": "7"}) == 7.0
    assert rate_limit_wait({"Retry-After": "3", "X-Ratelimit-Reset": "9"}) == 3.0
    import time

    assert 50 < rate_limit_wait({"X-Ratelimit-Reset": str(int(time.time()) + 60)}) <= 60
    stock_server.fail_next("pixabay_videos", "500", "500", "500")
    with Store() as store, pytest.raises(net.ProviderUnavailableError) as err:
        PixabayProvider(_ctx(store)).search("sky")
    assert "pixabay" in str(err.value) and "500" in str(err.value)
    assert PIXABAY_KEY not in str(err.value)


def test_malformed_json_and_slow_answers(stock_server, keys) -> None:
    stock_server.fail_next("pexels_videos", "malformed")
    with Store() as store, pytest.raises(net.ProviderRequestError) as err:
        PexelsProvider(_ctx(store)).search("sky")
    assert "not its JSON" in str(err.value)
    stock_server.fail_next("pexels_videos", "slow")
    with Store() as store, pytest.raises(net.ProviderUnavailableError) as err:
        PexelsProvider(_ctx(store, timeout_s=0.3, deadline_s=0.6, max_retries=0)).search("sea")
    assert "did not answer" in str(err.value)


def test_cancel_stops_a_slow_search(stock_server, keys) -> None:
    from shortvid_desktop.jobs import Cancelled

    stock_server.fail_next("pexels_videos", "slow")
    cancel = CancelToken()
    stock_server.on_request = lambda _endpoint: cancel.cancel()  # once the server has it
    with Store() as store, pytest.raises(Cancelled):
        PexelsProvider(_ctx(store, timeout_s=30, deadline_s=60)).search("sea", cancel=cancel)


def test_search_results_are_cached(stock_server, keys) -> None:
    with Store() as store:
        a = PexelsProvider(_ctx(store)).search("forest")
        b = PexelsProvider(_ctx(store)).search("forest")
        PexelsProvider(_ctx(store)).search("forest", page=2)
    assert a == b and len(stock_server.hits("pexels_videos")) == 2


def test_downloads_are_content_addressed_and_a_broken_one_is_retried(stock_server, keys) -> None:
    with Store() as store:
        pexels = PexelsProvider(_ctx(store))
        cand = pexels.search("sky")[0]
        stock_server.fail_next("media", "broken")
        seen: list[tuple[int, int]] = []
        got = pexels.download(
            cand, rendition=cand.renditions[2], progress=lambda a, b: seen.append((a, b))
        )
        data = got.path.read_bytes()
        assert got.sha256 == hashlib.sha256(data).hexdigest() == got.path.stem
        assert data == stock_server.files["v1_small.mp4"]
        assert len(stock_server.hits("media")) == 2 and seen[-1] == (len(data), len(data))
        assert not list(got.path.parent.glob(".part-*"))
        media_headers = [h for e, _q, h in stock_server.requests if e == "media"]
        assert not any("Authorization" in h for h in media_headers)  # the key stays with the API
        again = pexels.download(cand, rendition=cand.renditions[2])
        assert again.path == got.path and len(stock_server.hits("media")) == 2
        # broken every time: reported naming the URL
        stock_server.fail_next("media", "broken", "broken", "broken")
        with pytest.raises(net.ProviderUnavailableError) as err:
            pexels.download(cand, rendition=cand.renditions[1])
    assert "/media/v1_big.mp4" in str(err.value) and "could not download" in str(err.value)
    assert not list(got.path.parent.glob(".part-*"))


def test_searches_go_through_the_proxy_setting(stock_server, keys) -> None:
    with Store() as store:
        store.set_setting("stock.pexels.url", "http://stock.example.invalid/pexels")
        store.set_setting("net.proxy", stock_server.base)  # the local server acts as the proxy
        found = PexelsProvider(_ctx(store)).search("harbour")
    assert found
    [headers] = [h for e, _q, h in stock_server.requests if e == "pexels_videos"]
    assert headers["Host"] == "stock.example.invalid"
