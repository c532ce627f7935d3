"""HTTP for the stock providers, following the network rules (see ``net``).

Every call: the rate limit of its provider, a timeout for each try, retries on 429/5xx and lost
connections honouring the rate-limit headers (``Retry-After``, ``X-Ratelimit-Reset``), the
proxy, cancel at once, and one total deadline (setting ``net.deadline_s``) for the call and its
retries. Search answers are cached for 24 h in ``cache/stock/search``; downloads are stored by
the SHA-256 of their content in ``cache/stock/media`` (written to a temporary file, renamed when
whole). A download that breaks in the middle is tried again, then reported naming its URL.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..jobs import Cancelled, CancelToken
from ..net import (
    NetContext,
    NetError,
    ProviderAuthError,
    ProviderRequestError,
    ProviderUnavailableError,
    TransientError,
    retry_after_s,
    retrying,
)
from ..paths import cache_dir
from ..secrets import redact

SEARCH_TTL_S = 24 * 3600
SETTING_DOWNLOAD_DEADLINE = "stock.download_deadline_s"
DEFAULT_DOWNLOAD_DEADLINE_S = 300.0
USER_AGENT = "ShortVid-Desktop"


def shown_url(url: str) -> str:
    """A URL fit for a message: no query (a key may be in it)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def rate_limit_wait(headers: Mapping[str, str] | None) -> float | None:
    """Seconds the server asked us to wait: ``Retry-After`` (seconds or a date), else
    ``X-Ratelimit-Reset`` (seconds from now, or a Unix time as Pexels sends)."""
    wait = retry_after_s(headers)
    if wait is not None or not headers:
        return wait
    lower = {str(k).lower(): str(v) for k, v in headers.items()}
    value = lower.get("x-ratelimit-reset")
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    if number > 1e9:  # a Unix time
        number -= time.time()
    return max(0.0, number)


class _Broken(TransientError):
    """A download that stopped in the middle (retried)."""


class StockHttp:
    """The HTTP calls of one provider."""

    def __init__(self, context: NetContext, provider: str, secrets: tuple[str, ...] = ()) -> None:
        self.context = context
        self.provider = provider
        self.secrets = tuple(s for s in secrets if s)

    # ------------------------------------------------------------------ helpers
    def _say(self, text: str) -> str:
        return redact(text, extra=self.secrets)

    def _aiohttp_timeout(self, seconds: float) -> Any:
        import aiohttp

        return aiohttp.ClientTimeout(
            total=seconds, sock_connect=self.context.connect_timeout(), sock_read=seconds
        )

    def _run(
        self,
        attempt: Callable[[float], Any],
        cancel: CancelToken | None,
        deadline: float,
    ) -> Any:
        """``attempt(seconds_left)`` with retries and one deadline for all of them."""
        ctx = self.context
        end = time.monotonic() + deadline

        def once() -> Any:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no answer within {deadline:g} s")
            ctx.limiter(self.provider).acquire(cancel)
            return attempt(left)

        def transient(exc: BaseException) -> bool:
            import aiohttp

            return isinstance(exc, TransientError | aiohttp.ClientError | TimeoutError | OSError)

        return retrying(
            once,
            attempts=ctx.retries() + 1,
            is_transient=transient,
            cancel=cancel,
            deadline=deadline,
        )

    def _fail(self, exc: BaseException, url: str, deadline: float) -> NetError:
        where = f"{self.provider} ({shown_url(url)})"
        if isinstance(exc, NetError):
            return exc
        if isinstance(exc, TimeoutError):
            return ProviderUnavailableError(
                f"{where} did not answer within {min(self.context.timeout(), deadline):g} s "
                f"(in all {deadline:g} s with retries); stopped waiting. The limits are the "
                "settings net.timeout_s and net.deadline_s.",
                provider=self.provider,
            )
        if isinstance(exc, TransientError):
            return ProviderUnavailableError(
                f"{where} kept failing after retries: {self._say(exc)}", provider=self.provider
            )
        return ProviderUnavailableError(
            f"cannot reach {where}: {self._say(exc) or type(exc).__name__}. Check the network "
            "or the proxy setting.",
            provider=self.provider,
        )

    # ------------------------------------------------------------------ JSON
    def get_json(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        cancel: CancelToken | None = None,
        cache_key: Mapping[str, Any] | None = None,
    ) -> Any:
        """GET a JSON answer. ``cache_key`` (what identifies the search, no key in it) turns on
        the 24 h cache."""
        from ..net import run_async

        cached = self._cache_path(url, cache_key) if cache_key is not None else None
        if cached is not None:
            hit = _read_cache(cached)
            if hit is not None:
                return hit
        query = {k: str(v) for k, v in (params or {}).items() if v not in (None, "")}
        heads = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}
        proxy = self.context.proxy_for(url)
        deadline = self.context.deadline()

        def attempt(left: float) -> Any:
            seconds = min(self.context.timeout(), left)

            async def go() -> tuple[int, dict[str, str], bytes]:
                import aiohttp

                async with aiohttp.ClientSession(
                    timeout=self._aiohttp_timeout(seconds), trust_env=False
                ) as http:
                    async with http.get(url, params=query, headers=heads, proxy=proxy) as resp:
                        return resp.status, dict(resp.headers), await resp.read()

            status, hdrs, body = run_async(go, cancel, timeout=seconds)
            return self._answer(url, status, hdrs, body)

        try:
            data = self._run(attempt, cancel, deadline)
        except Cancelled:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure becomes a NetError
            if cancel is not None and cancel.cancelled:
                raise Cancelled() from None
            raise self._fail(exc, url, deadline) from None
        if cached is not None:
            _write_cache(cached, data)
        return data

    def _answer(self, url: str, status: int, headers: Mapping[str, str], body: bytes) -> Any:
        where = f"{self.provider} ({shown_url(url)})"
        text = self._say(body[:300].decode("utf-8", "replace")).strip()
        if status == 429 or status >= 500:
            raise TransientError(
                f"{where} answered {status}: {text or 'no detail'}",
                retry_after=rate_limit_wait(headers),
            )
        if status in (401, 403) or (status == 400 and "key" in text.lower()):
            raise ProviderAuthError(
                f"{where} refused the API key ({status}): {text or 'no detail'}. Store a valid "
                f"key with `shortvid keys set {self.provider}`.",
                provider=self.provider,
            )
        if status >= 400:
            raise ProviderRequestError(
                f"{where} refused the request ({status}): {text or 'no detail'}",
                provider=self.provider,
                status=status,
            )
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            snippet = " ".join(text.split())[:120] or "nothing"
            raise ProviderRequestError(
                f"{where} answered with something that is not its JSON: {snippet!r}. Check the "
                "base URL and the proxy.",
                provider=self.provider,
                status=status,
            ) from None

    def _cache_path(self, url: str, key: Mapping[str, Any]) -> Path:
        blob = json.dumps([self.provider, shown_url(url), dict(key)], sort_keys=True)
        digest = hashlib.sha256(blob.encode("utf-8")).hexdigest()
        return cache_dir("stock", "search") / f"{digest}.json"

    # ------------------------------------------------------------------ downloads
    def download(
        self,
        url: str,
        *,
        suffix: str = "",
        headers: Mapping[str, str] | None = None,
        cancel: CancelToken | None = None,
        progress: Callable[[int, int], None] | None = None,
        dest: Path | None = None,
    ) -> tuple[Path, str]:
        """Fetch ``url`` into the content-addressed cache (or ``dest``, a folder); returns the
        file and its SHA-256. A file fetched before (same URL) is not fetched again."""
        from ..net import run_async

        folder = Path(dest) if dest is not None else cache_dir("stock", "media")
        folder.mkdir(parents=True, exist_ok=True)
        index = cache_dir("stock", "urls") / (hashlib.sha256(url.encode()).hexdigest() + ".txt")
        known = _known_download(index, folder)
        if known is not None:
            return known
        heads = {"User-Agent": USER_AGENT, **(headers or {})}
        proxy = self.context.proxy_for(url)
        try:
            deadline = float(
                self.context.setting(SETTING_DOWNLOAD_DEADLINE, DEFAULT_DOWNLOAD_DEADLINE_S)
            )
        except (TypeError, ValueError):
            deadline = DEFAULT_DOWNLOAD_DEADLINE_S

        def attempt(left: float) -> tuple[Path, str]:
            read_s = min(self.context.timeout(), left)
            fd, name = tempfile.mkstemp(prefix=".part-", suffix=suffix, dir=folder)
            os.close(fd)
            part = Path(name)

            async def go() -> tuple[str, int]:
                import aiohttp

                timeout = aiohttp.ClientTimeout(
                    total=left, sock_connect=self.context.connect_timeout(), sock_read=read_s
                )
                async with aiohttp.ClientSession(timeout=timeout, trust_env=False) as http:
                    async with http.get(url, headers=heads, proxy=proxy) as resp:
                        if resp.status != 200:
                            self._answer(url, resp.status, dict(resp.headers), b"")
                        total = int(resp.headers.get("Content-Length", "0") or 0)
                        digest = hashlib.sha256()
                        got = 0
                        with open(part, "wb") as out:
                            async for chunk in resp.content.iter_chunked(1 << 16):
                                out.write(chunk)
                                digest.update(chunk)
                                got += len(chunk)
                                if progress is not None:
                                    progress(got, total)
                        if total and got != total:
                            raise _Broken(f"the download stopped after {got} of {total} bytes")
                        return digest.hexdigest(), got

            try:
                try:
                    sha, size = run_async(go, cancel, timeout=left)
                except Exception as exc:
                    import aiohttp

                    if isinstance(
                        exc, aiohttp.ClientPayloadError | aiohttp.ServerDisconnectedError
                    ):
                        raise _Broken(f"the download broke off: {exc}") from None
                    raise
                if size == 0:
                    raise _Broken("the server sent an empty file")
                final = folder / f"{sha}{suffix}"
                if final.exists():
                    part.unlink(missing_ok=True)
                else:
                    os.replace(part, final)
                return final, sha
            finally:
                part.unlink(missing_ok=True)

        try:
            path, sha = self._run(attempt, cancel, deadline)
        except Cancelled:
            raise
        except Exception as exc:
            if cancel is not None and cancel.cancelled:
                raise Cancelled() from None
            if isinstance(exc, NetError):
                raise
            raise ProviderUnavailableError(
                f"{self.provider}: could not download {shown_url(url)} after "
                f"{self.context.retries() + 1} tries: {self._say(exc) or type(exc).__name__}",
                provider=self.provider,
            ) from None
        try:
            index.write_text(path.name, encoding="utf-8")
        except OSError:
            pass
        return path, sha


def _read_cache(path: Path) -> Any:
    try:
        if time.time() - path.stat().st_mtime > SEARCH_TTL_S:
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_cache(path: Path, data: Any) -> None:
    try:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def _known_download(index: Path, folder: Path) -> tuple[Path, str] | None:
    try:
        name = index.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = folder / name
    if name and path.is_file():
        return path, name.split(".", 1)[0]
    return None
