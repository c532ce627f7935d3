"""Pexels, Pixabay and Openverse behind ``VisualProvider``.

Keys come from the keyring (``shortvid keys set pexels`` / ``pixabay``), else the environment
(``PEXELS_API_KEY`` / ``PIXABAY_API_KEY``). Each API's base URL can be changed by a setting
(``stock.pexels.url``, ``stock.pixabay.url``, ``stock.openverse.url``) and, over it, by the
environment (``SHORTVID_PEXELS_URL``, ``SHORTVID_PIXABAY_URL``, ``SHORTVID_OPENVERSE_URL``):
tests, proxies and mirrors.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..jobs import CancelToken
from ..net import MissingKeyError, NetContext, ProviderRequestError
from .base import Candidate, Downloaded, DownloadProgress, Kind, Orientation, Rendition
from .http import StockHttp

DEFAULT_URLS = {
    "pexels": "https://api.pexels.com",
    "pixabay": "https://pixabay.com",
    "openverse": "https://api.openverse.org",
}
KEY_ENV = {"pexels": "PEXELS_API_KEY", "pixabay": "PIXABAY_API_KEY"}
URL_ENV = {
    "pexels": "SHORTVID_PEXELS_URL",
    "pixabay": "SHORTVID_PIXABAY_URL",
    "openverse": "SHORTVID_OPENVERSE_URL",
}


def provider_key(name: str, env: Any = None) -> str:
    """The stored key (keyring or the opt-in file), else the environment variable; "" if none."""
    from ..secrets import get_key, remember_secret

    try:
        value = get_key(name, env=env)
    except Exception:  # noqa: BLE001 - an unreadable keyring means "no key here"
        value = None
    if not value:
        value = (os.environ if env is None else env).get(KEY_ENV.get(name, ""), "") or ""
        remember_secret(value)
    return value or ""


def base_url(name: str, context: NetContext) -> str:
    env = os.environ if context.env is None else context.env
    url = env.get(URL_ENV[name]) or context.setting(f"stock.{name}.url", "") or DEFAULT_URLS[name]
    return str(url).rstrip("/")


def _suffix(url: str, default: str) -> str:
    tail = url.split("?", 1)[0].rsplit("/", 1)[-1]
    ext = os.path.splitext(tail)[1].lower()
    return ext if ext in (".mp4", ".mov", ".webm", ".jpg", ".jpeg", ".png", ".webp") else default


def locale_for(provider: str, language: str) -> str:
    """The provider's locale for a script language ("zh" -> Pexels "zh-CN", Pixabay "zh")."""
    lang = (language or "en").lower()
    if provider == "pexels":
        if lang.startswith("zh"):
            return "zh-TW" if lang in ("zh-tw", "zh-hk", "zh-hant") else "zh-CN"
        table = {"en": "en-US", "pt": "pt-BR", "es": "es-ES", "de": "de-DE", "fr": "fr-FR"}
        table |= {"ja": "ja-JP", "ko": "ko-KR", "it": "it-IT", "ru": "ru-RU", "nl": "nl-NL"}
        return table.get(lang[:2], "en-US")
    if provider == "pixabay":
        return lang[:2]
    return ""


class _KeyedProvider:
    name = ""
    needs_key = True
    licence = ""

    def __init__(self, context: NetContext | None = None, api_key: str | None = None) -> None:
        self.context = context or NetContext()
        self._key = api_key

    @property
    def api_key(self) -> str:
        if self._key is None:
            self._key = provider_key(self.name, self.context.env) if self.needs_key else ""
        return self._key

    def available(self) -> bool:
        return bool(self.api_key) or not self.needs_key

    def unavailable_reason(self) -> str:
        if self.available():
            return ""
        return (
            f"{self.name}: no API key (store one with `shortvid keys set {self.name}` or set "
            f"{KEY_ENV[self.name]})"
        )

    def _need_key(self) -> str:
        if not self.available():
            raise MissingKeyError(self.unavailable_reason(), provider=self.name)
        return self.api_key

    @property
    def url(self) -> str:
        return base_url(self.name, self.context)

    def http(self) -> StockHttp:
        return StockHttp(self.context, self.name, (self.api_key,))

    def _headers(self) -> dict[str, str]:
        return {}

    def download(
        self,
        candidate: Candidate,
        dest: Path | None = None,
        cancel: CancelToken | None = None,
        progress: DownloadProgress | None = None,
        rendition: Rendition | None = None,
    ) -> Downloaded:
        chosen = rendition or (candidate.renditions[0] if candidate.renditions else None)
        if chosen is None:
            raise ProviderRequestError(
                f"{self.name}: {candidate.page_url or candidate.id} has no file to download",
                provider=self.name,
            )
        default = ".mp4" if candidate.kind == "video" else ".jpg"
        path, sha = self.http().download(
            chosen.url,
            suffix=_suffix(chosen.url, default),
            cancel=cancel,  # no key sent with the file: media URLs need none
            progress=progress,
            dest=dest,
        )
        return Downloaded(candidate, chosen, path, sha)


class PexelsProvider(_KeyedProvider):
    """Pexels videos (``/videos/search``) and photos (``/v1/search``)."""

    name = "pexels"
    licence = "Pexels License (https://www.pexels.com/license/)"

    def _headers(self) -> dict[str, str]:
        return {"Authorization": self.api_key} if self.api_key else {}

    def search(
        self,
        query: str,
        *,
        orientation: Orientation = "",
        min_width: int = 0,
        min_height: int = 0,
        locale: str = "",
        kind: Kind = "video",
        per_page: int = 15,
        page: int = 1,
        cancel: CancelToken | None = None,
    ) -> list[Candidate]:
        self._need_key()
        big = max(min_width, min_height)  # Pexels: large = 4K, medium = Full HD
        size = "large" if big >= 2160 else ("medium" if big >= 1080 else "")
        params = {
            "query": query,
            "orientation": orientation,
            "size": size,
            "locale": locale,
            "per_page": max(1, min(80, per_page)),
            "page": max(1, page),
        }
        path = "/videos/search" if kind == "video" else "/v1/search"
        data = self.http().get_json(
            self.url + path, params, self._headers(), cancel=cancel, cache_key=params
        )
        items = (
            data.get("videos" if kind == "video" else "photos") if isinstance(data, dict) else None
        )
        if not isinstance(items, list):
            raise ProviderRequestError(
                f"pexels ({self.url}{path}) answered without a list of results", provider=self.name
            )
        out = [self._candidate(item, kind) for item in items if isinstance(item, dict)]
        return [c for c in out if c is not None and c.renditions]

    def _candidate(self, item: dict[str, Any], kind: Kind) -> Candidate | None:
        try:
            if kind == "video":
                files = [
                    Rendition(
                        str(f["link"]),
                        int(f["width"] or 0),
                        int(f["height"] or 0),
                        str(f.get("quality") or ""),
                    )
                    for f in item.get("video_files", [])
                    if f.get("link")
                    and f.get("width")
                    and f.get("height")
                    and str(f.get("file_type", "video/mp4")) == "video/mp4"
                ]
                user = item.get("user") or {}
                return Candidate(
                    provider=self.name,
                    id=str(item["id"]),
                    kind="video",
                    page_url=str(item.get("url") or ""),
                    author=str(user.get("name") or ""),
                    author_url=str(user.get("url") or ""),
                    licence=self.licence,
                    width=int(item.get("width") or 0),
                    height=int(item.get("height") or 0),
                    duration_s=float(item.get("duration") or 0),
                    renditions=tuple(files),
                    thumbnail_url=str(item.get("image") or ""),
                )
            w, h = int(item["width"]), int(item["height"])
            src = item.get("src") or {}
            files = []
            if src.get("original"):
                files.append(Rendition(str(src["original"]), w, h, "original"))
            if src.get("large2x") and h:
                scale = min(1.0, 1300 / h, 1880 / max(w, 1))
                files.append(
                    Rendition(str(src["large2x"]), round(w * scale), round(h * scale), "large2x")
                )
            if src.get("portrait"):
                files.append(Rendition(str(src["portrait"]), 800, 1200, "portrait"))
            return Candidate(
                provider=self.name,
                id=str(item["id"]),
                kind="photo",
                page_url=str(item.get("url") or ""),
                author=str(item.get("photographer") or ""),
                author_url=str(item.get("photographer_url") or ""),
                licence=self.licence,
                width=w,
                height=h,
                renditions=tuple(files),
                thumbnail_url=str(src.get("tiny") or src.get("small") or ""),
                title=str(item.get("alt") or ""),
            )
        except (KeyError, TypeError, ValueError):
            return None


class PixabayProvider(_KeyedProvider):
    """Pixabay videos (``/api/videos/``) and images (``/api/``)."""

    name = "pixabay"
    licence = "Pixabay Content License (https://pixabay.com/service/license-summary/)"

    def search(
        self,
        query: str,
        *,
        orientation: Orientation = "",
        min_width: int = 0,
        min_height: int = 0,
        locale: str = "",
        kind: Kind = "video",
        per_page: int = 15,
        page: int = 1,
        cancel: CancelToken | None = None,
    ) -> list[Candidate]:
        key = self._need_key()
        params: dict[str, Any] = {
            "q": query[:100],
            "lang": locale,
            "min_width": min_width or "",
            "min_height": min_height or "",
            "per_page": max(3, min(200, per_page)),
            "page": max(1, page),
            "safesearch": "true",
        }
        if kind == "photo":
            params["orientation"] = {"portrait": "vertical", "landscape": "horizontal"}.get(
                orientation, "all"
            )
            params["image_type"] = "photo"
        path = "/api/videos/" if kind == "video" else "/api/"
        data = self.http().get_json(
            self.url + path, {**params, "key": key}, cancel=cancel, cache_key=params
        )
        hits = data.get("hits") if isinstance(data, dict) else None
        if not isinstance(hits, list):
            raise ProviderRequestError(
                f"pixabay ({self.url}{path}) answered without a list of results",
                provider=self.name,
            )
        out = [self._candidate(h, kind) for h in hits if isinstance(h, dict)]
        return [c for c in out if c is not None and c.renditions]

    def _candidate(self, hit: dict[str, Any], kind: Kind) -> Candidate | None:
        try:
            user = str(hit.get("user") or "")
            author_url = (
                f"https://pixabay.com/users/{user}-{hit['user_id']}/"
                if user and hit.get("user_id")
                else ""
            )
            if kind == "video":
                videos = hit.get("videos") or {}
                files = [
                    Rendition(str(v["url"]), int(v["width"]), int(v["height"]), size)
                    for size, v in videos.items()
                    if isinstance(v, dict) and v.get("url") and v.get("width") and v.get("height")
                ]
                thumb = next(
                    (
                        str(v.get("thumbnail"))
                        for v in videos.values()
                        if isinstance(v, dict) and v.get("thumbnail")
                    ),
                    "",
                )
                best = max(files, key=lambda r: r.width * r.height, default=None)
                return Candidate(
                    provider=self.name,
                    id=str(hit["id"]),
                    kind="video",
                    page_url=str(hit.get("pageURL") or ""),
                    author=user,
                    author_url=author_url,
                    licence=self.licence,
                    width=best.width if best else 0,
                    height=best.height if best else 0,
                    duration_s=float(hit.get("duration") or 0),
                    renditions=tuple(files),
                    thumbnail_url=thumb,
                    title=str(hit.get("tags") or ""),
                )
            w, h = int(hit["imageWidth"]), int(hit["imageHeight"])
            files = []
            if hit.get("largeImageURL"):
                scale = min(1.0, 1280 / max(w, h, 1))
                files.append(
                    Rendition(
                        str(hit["largeImageURL"]), round(w * scale), round(h * scale), "large"
                    )
                )
            if hit.get("webformatURL"):
                files.append(
                    Rendition(
                        str(hit["webformatURL"]),
                        int(hit.get("webformatWidth") or 0),
                        int(hit.get("webformatHeight") or 0),
                        "webformat",
                    )
                )
            return Candidate(
                provider=self.name,
                id=str(hit["id"]),
                kind="photo",
                page_url=str(hit.get("pageURL") or ""),
                author=user,
                author_url=author_url,
                licence=self.licence,
                width=w,
                height=h,
                renditions=tuple(r for r in files if r.width and r.height),
                thumbnail_url=str(hit.get("previewURL") or ""),
                title=str(hit.get("tags") or ""),
            )
        except (KeyError, TypeError, ValueError):
            return None


class OpenverseProvider(_KeyedProvider):
    """Openverse: CC-licensed images, no key needed (``/v1/images/``)."""

    name = "openverse"
    needs_key = False

    def search(
        self,
        query: str,
        *,
        orientation: Orientation = "",
        min_width: int = 0,
        min_height: int = 0,
        locale: str = "",
        kind: Kind = "photo",
        per_page: int = 15,
        page: int = 1,
        cancel: CancelToken | None = None,
    ) -> list[Candidate]:
        if kind != "photo":
            return []
        params = {
            "q": query[:200],
            "page_size": max(1, min(20, per_page)),
            "page": max(1, page),
            "aspect_ratio": {"portrait": "tall", "landscape": "wide", "square": "square"}.get(
                orientation, ""
            ),
            "size": "large" if max(min_width, min_height) > 1000 else "",
            "mature": "false",
        }
        data = self.http().get_json(
            self.url + "/v1/images/", params, cancel=cancel, cache_key=params
        )
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, list):
            raise ProviderRequestError(
                f"openverse ({self.url}/v1/images/) answered without a list of results",
                provider=self.name,
            )
        out = []
        for r in results:
            try:
                w, h = int(r.get("width") or 0), int(r.get("height") or 0)
                if not r.get("url") or not w or not h:
                    continue
                code = str(r.get("license") or "").lower()
                version = str(r.get("license_version") or "")
                if code in ("cc0", "pdm"):
                    licence = "CC0" if code == "cc0" else "Public Domain Mark"
                else:
                    licence = f"CC {code.upper()} {version}".strip()
                if r.get("license_url"):
                    licence += f" ({r['license_url']})"
                out.append(
                    Candidate(
                        provider=self.name,
                        id=str(r["id"]),
                        kind="photo",
                        page_url=str(r.get("foreign_landing_url") or ""),
                        author=str(r.get("creator") or ""),
                        author_url=str(r.get("creator_url") or ""),
                        licence=licence,
                        width=w,
                        height=h,
                        renditions=(Rendition(str(r["url"]), w, h, "original"),),
                        thumbnail_url=str(r.get("thumbnail") or ""),
                        title=str(r.get("title") or ""),
                    )
                )
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
        return out
