"""A local server speaking the Pexels, Pixabay, Openverse and OpenAI images JSON, and serving
the media it lists (files made by ffmpeg at test time).

Base URLs: ``pexels_url`` (``/videos/search``, ``/v1/search``), ``pixabay_url`` (``/api/videos/``,
``/api/``), ``openverse_url`` (``/v1/images/``), ``openai_url`` (``POST /images/generations``);
media under ``/media/NAME``. Every request is recorded in ``requests`` as (endpoint, query or
JSON body, headers).

Failure modes, queued per endpoint with ``fail_next(endpoint, mode, ...)``: ``401``; ``429``
(with ``Retry-After: 0`` and ``X-Ratelimit-Reset: 0``); ``500``; ``slow`` (answers only when the
test ends: a client timeout must fire); ``malformed`` (cut-off JSON); ``broken`` (media: the
headers promise the whole file, half is sent, then the connection closes).
Endpoints: ``pexels_videos``, ``pexels_photos``, ``pixabay_videos``, ``pixabay_images``,
``openverse``, ``images``, ``media``.
"""

from __future__ import annotations

import asyncio
import base64
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web
from servers.base import ServerThread

from shortvid_desktop.media.ffmpeg import run_ffmpeg

PEXELS_KEY = "pexels-test-key-5f1c9a"
PIXABAY_KEY = "pixabay-test-key-7d2e4b"


@dataclass
class Item:
    """One served video or photo: its renditions are (media name, width, height)."""

    id: int
    kind: str  # "video" | "photo"
    renditions: list[tuple[str, int, int]]
    duration: int = 0
    author: str = ""


@dataclass
class Catalog:
    videos: list[Item] = field(default_factory=list)
    photos: list[Item] = field(default_factory=list)


class StockServer(ServerThread):
    def __init__(self, files: dict[str, bytes], catalog: Catalog, png: bytes) -> None:
        self.files = files
        self.catalog = catalog
        self.png = png
        self.requests: list[tuple[str, dict[str, Any], dict[str, str]]] = []
        self.failures: dict[str, deque[str]] = {}
        self._release: asyncio.Event | None = None
        self.on_request: Any = None  # called with the endpoint name as each request arrives
        app = web.Application()
        app.router.add_get("/pexels/videos/search", self._pexels_videos)
        app.router.add_get("/pexels/v1/search", self._pexels_photos)
        app.router.add_get("/pixabay/api/videos/", self._pixabay_videos)
        app.router.add_get("/pixabay/api/", self._pixabay_images)
        app.router.add_get("/openverse/v1/images/", self._openverse)
        app.router.add_post("/openai/v1/images/generations", self._images)
        app.router.add_get("/media/{name}", self._media)
        super().__init__(app)

    # ------------------------------------------------------------------ test controls
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pexels_url(self) -> str:
        return self.base + "/pexels"

    @property
    def pixabay_url(self) -> str:
        return self.base + "/pixabay"

    @property
    def openverse_url(self) -> str:
        return self.base + "/openverse"

    @property
    def openai_url(self) -> str:
        return self.base + "/openai/v1"

    def fail_next(self, endpoint: str, *modes: str) -> None:
        self.failures.setdefault(endpoint, deque()).extend(modes)

    def hits(self, endpoint: str) -> list[dict[str, Any]]:
        return [q for e, q, _h in self.requests if e == endpoint]

    def reset(self) -> None:
        self.requests.clear()
        self.failures.clear()
        self.on_request = None
        self.call(self._free)

    def _free(self) -> None:
        if self._release is not None:
            self._release.set()
        self._release = asyncio.Event()

    # ------------------------------------------------------------------ helpers
    async def _failure(self, endpoint: str) -> web.StreamResponse | None:
        queue = self.failures.get(endpoint)
        mode = queue.popleft() if queue else ""
        if not mode:
            return None
        if mode == "401":
            return web.json_response({"error": "Invalid API key"}, status=401)
        if mode == "429":
            return web.json_response(
                {"error": "Too many requests"},
                status=429,
                headers={"Retry-After": "0", "X-Ratelimit-Reset": "0"},
            )
        if mode == "500":
            return web.json_response({"error": "boom"}, status=500)
        if mode == "slow":
            if self._release is None:
                self._release = asyncio.Event()
            await self._release.wait()
            return web.json_response({"error": "too late"}, status=500)
        if mode == "malformed":
            return web.Response(text='{"videos": [{"id": 1, "vid', content_type="application/json")
        return None

    def _record(self, endpoint: str, request: web.Request, body: Any = None) -> None:
        query = dict(request.query) if body is None else body
        self.requests.append((endpoint, query, dict(request.headers)))
        if self.on_request is not None:
            self.on_request(endpoint)

    def _media_url(self, name: str) -> str:
        return f"{self.base}/media/{name}"

    def _page(self, items: list[Item], request: web.Request, size_key: str) -> list[Item]:
        per = int(request.query.get(size_key, "15"))
        page = int(request.query.get("page", "1"))
        return items[(page - 1) * per : page * per]

    # ------------------------------------------------------------------ Pexels
    def _pexels_auth(self, request: web.Request) -> web.Response | None:
        if not request.headers.get("Authorization"):
            return web.json_response({"error": "Unauthorized"}, status=401)
        return None

    async def _pexels_videos(self, request: web.Request) -> web.StreamResponse:
        self._record("pexels_videos", request)
        failed = await self._failure("pexels_videos") or self._pexels_auth(request)
        if failed is not None:
            return failed
        items = self._page(self.catalog.videos, request, "per_page")
        videos = [
            {
                "id": it.id,
                "width": max(w for _n, w, _h in it.renditions),
                "height": max(h for _n, _w, h in it.renditions),
                "url": f"https://www.pexels.com/video/clip-{it.id}/",
                "image": self._media_url(it.renditions[0][0]),
                "duration": it.duration,
                "user": {"name": it.author, "url": f"https://www.pexels.com/@{it.author}"},
                "video_files": [
                    {
                        "id": it.id * 10 + i,
                        "quality": "hd",
                        "file_type": "video/mp4",
                        "width": w,
                        "height": h,
                        "link": self._media_url(name),
                    }
                    for i, (name, w, h) in enumerate(it.renditions)
                ],
            }
            for it in items
        ]
        return web.json_response({"page": 1, "per_page": 15, "videos": videos})

    async def _pexels_photos(self, request: web.Request) -> web.StreamResponse:
        self._record("pexels_photos", request)
        failed = await self._failure("pexels_photos") or self._pexels_auth(request)
        if failed is not None:
            return failed
        photos = []
        for it in self._page(self.catalog.photos, request, "per_page"):
            name, w, h = it.renditions[0]
            photos.append(
                {
                    "id": it.id,
                    "width": w,
                    "height": h,
                    "url": f"https://www.pexels.com/photo/p-{it.id}/",
                    "photographer": it.author,
                    "photographer_url": f"https://www.pexels.com/@{it.author}",
                    "alt": "a photo",
                    "src": {"original": self._media_url(name), "tiny": self._media_url(name)},
                }
            )
        return web.json_response({"page": 1, "per_page": 15, "photos": photos})

    # ------------------------------------------------------------------ Pixabay
    async def _pixabay_videos(self, request: web.Request) -> web.StreamResponse:
        self._record("pixabay_videos", request)
        failed = await self._failure("pixabay_videos")
        if failed is not None:
            return failed
        if not request.query.get("key"):
            return web.Response(text="[ERROR 400] Invalid or missing API key", status=400)
        hits = []
        for it in self._page(self.catalog.videos, request, "per_page"):
            sizes = ("large", "medium", "small", "tiny")
            hits.append(
                {
                    "id": it.id,
                    "pageURL": f"https://pixabay.com/videos/clip-{it.id}/",
                    "type": "film",
                    "tags": "test, clip",
                    "duration": it.duration,
                    "videos": {
                        size: {
                            "url": self._media_url(name),
                            "width": w,
                            "height": h,
                            "size": len(self.files[name]),
                            "thumbnail": self._media_url(name),
                        }
                        for size, (name, w, h) in zip(sizes, it.renditions, strict=False)
                    },
                    "user_id": 1000 + it.id,
                    "user": it.author,
                }
            )
        return web.json_response({"total": len(hits), "totalHits": len(hits), "hits": hits})

    async def _pixabay_images(self, request: web.Request) -> web.StreamResponse:
        self._record("pixabay_images", request)
        failed = await self._failure("pixabay_images")
        if failed is not None:
            return failed
        hits = []
        for it in self._page(self.catalog.photos, request, "per_page"):
            name, w, h = it.renditions[0]
            hits.append(
                {
                    "id": it.id,
                    "pageURL": f"https://pixabay.com/photos/p-{it.id}/",
                    "type": "photo",
                    "tags": "test",
                    "previewURL": self._media_url(name),
                    "webformatURL": self._media_url(name),
                    "webformatWidth": w,
                    "webformatHeight": h,
                    "largeImageURL": self._media_url(name),
                    "imageWidth": w,
                    "imageHeight": h,
                    "user_id": 2000 + it.id,
                    "user": it.author,
                }
            )
        return web.json_response({"total": len(hits), "totalHits": len(hits), "hits": hits})

    # ------------------------------------------------------------------ Openverse
    async def _openverse(self, request: web.Request) -> web.StreamResponse:
        self._record("openverse", request)
        failed = await self._failure("openverse")
        if failed is not None:
            return failed
        results = []
        for it in self._page(self.catalog.photos, request, "page_size"):
            name, w, h = it.renditions[0]
            results.append(
                {
                    "id": f"ov-{it.id}",
                    "title": "a picture",
                    "foreign_landing_url": f"https://www.flickr.com/photos/x/{it.id}",
                    "url": self._media_url(name),
                    "creator": it.author,
                    "creator_url": f"https://www.flickr.com/people/{it.author}",
                    "license": "by",
                    "license_version": "2.0",
                    "license_url": "https://creativecommons.org/licenses/by/2.0/",
                    "width": w,
                    "height": h,
                    "thumbnail": self._media_url(name),
                }
            )
        return web.json_response({"result_count": len(results), "results": results})

    # ------------------------------------------------------------------ OpenAI images
    async def _images(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self._record("images", request, body)
        failed = await self._failure("images")
        if failed is not None:
            return failed
        if request.headers.get("Authorization", "") in ("", "Bearer not-needed"):
            return web.json_response({"error": {"message": "no key"}}, status=401)
        return web.json_response(
            {
                "created": 1,
                "data": [{"b64_json": base64.b64encode(self.png).decode()}],
                "usage": {"input_tokens": 10, "output_tokens": 1584, "total_tokens": 1594},
            }
        )

    # ------------------------------------------------------------------ media
    async def _media(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        self._record("media", request, {"name": name})
        queue = self.failures.get("media")
        mode = queue.popleft() if queue else ""
        data = self.files.get(name)
        if data is None:
            return web.Response(status=404)
        if mode in ("401", "429", "500", "slow"):
            self.failures.setdefault("media", deque()).appendleft(mode)
            failed = await self._failure("media")
            assert failed is not None
            return failed
        if mode == "broken":
            resp = web.StreamResponse()
            resp.content_length = len(data)
            resp.content_type = "application/octet-stream"
            await resp.prepare(request)
            await resp.write(data[: len(data) // 2])
            assert request.transport is not None
            request.transport.close()
            return resp
        return web.Response(body=data, content_type="application/octet-stream")


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


def make_stock_server(work: Path) -> StockServer:
    """A started server with 4 videos (each in three sizes) and 4 photos made in ``work``."""
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
    return StockServer(files, Catalog(videos, photos), png).start()
