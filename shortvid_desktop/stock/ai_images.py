"""AI pictures from the configured OpenAI-compatible provider (``/images/generations``).

The provider is the setting ``stock.ai.provider`` (default: the AI provider in use), the model
``stock.ai.model`` (default ``gpt-image-1``). ``search`` costs nothing: it returns one candidate
holding the prompt; ``download`` asks for the picture. Before it is sent the cost is checked
against the provider's monthly budget (refused over it, nothing sent); after, one ledger row.
Pictures are counted as output tokens (``IMAGE_TOKENS``), priced by the usage table.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from pathlib import Path

from ..jobs import Cancelled, CancelToken
from ..net import (
    NetContext,
    NetError,
    ProviderRequestError,
    default_provider,
    describe_deadline,
    describe_openai_error,
    estimate_tokens,
    openai_client,
    run_cancellable,
)
from ..paths import cache_dir
from .base import Candidate, Downloaded, DownloadProgress, Kind, Orientation, Rendition
from .http import StockHttp

DEFAULT_MODEL = "gpt-image-1"
# Output tokens one picture counts as (gpt-image-1 at medium quality; dall-e-3 priced alike).
IMAGE_TOKENS = {"1024x1024": 1056, "1024x1536": 1584, "1536x1024": 1568}
DALLE_SIZES = {"portrait": "1024x1792", "landscape": "1792x1024", "square": "1024x1024"}
GPT_SIZES = {"portrait": "1024x1536", "landscape": "1536x1024", "square": "1024x1024"}


class AIImageProvider:
    name = "ai"
    needs_key = True

    def __init__(
        self, context: NetContext | None = None, *, provider: str = "", model: str = ""
    ) -> None:
        self.context = context or NetContext()
        self.provider = provider or str(self.context.setting("stock.ai.provider", "") or "")
        if not self.provider:
            self.provider = default_provider(self.context.store, self.context.env) or "openai"
        self.model = model or str(self.context.setting("stock.ai.model", "") or DEFAULT_MODEL)

    def _endpoint(self, require_key: bool = True):
        return self.context.resolve(self.provider, require_key=require_key)

    def available(self) -> bool:
        return self.context.ready(self.provider)

    def unavailable_reason(self) -> str:
        try:
            self._endpoint()
        except Exception as exc:  # noqa: BLE001 - the message is the reason
            return f"ai: {exc}"
        return ""

    def _size(self, orientation: Orientation) -> str:
        table = DALLE_SIZES if self.model.startswith("dall-e") else GPT_SIZES
        return table.get(orientation or "square", table["square"])

    def search(
        self,
        query: str,
        *,
        orientation: Orientation = "",
        min_width: int = 0,
        min_height: int = 0,
        locale: str = "",
        kind: Kind = "photo",
        per_page: int = 1,
        page: int = 1,
        cancel: CancelToken | None = None,
    ) -> list[Candidate]:
        if kind != "photo":
            return []
        size = self._size(orientation)
        w, h = (int(v) for v in size.split("x"))
        ident = hashlib.sha256(f"{self.model}|{size}|{query}|{page}".encode()).hexdigest()[:16]
        return [
            Candidate(
                provider=f"ai:{self.provider}",
                id=ident,
                kind="photo",
                author=f"AI-generated ({self.model} via {self.provider})",
                licence="AI-generated image; check the provider's terms",
                width=w,
                height=h,
                renditions=(Rendition("", w, h, size),),
                ai_generated=True,
                prompt=query,
            )
        ]

    def download(
        self,
        candidate: Candidate,
        dest: Path | None = None,
        cancel: CancelToken | None = None,
        progress: DownloadProgress | None = None,
        rendition: Rendition | None = None,
    ) -> Downloaded:
        ctx = self.context
        ep = self._endpoint()
        chosen = rendition or candidate.renditions[0]
        size = chosen.kind or f"{chosen.width}x{chosen.height}"
        prompt = candidate.prompt
        units_in = estimate_tokens(prompt)
        units_out = IMAGE_TOKENS.get(size, 2000)
        ctx.accounting.check(ep.name, self.model, units_in, units_out)  # refused before sending
        ctx.limiter(ep.name).acquire(cancel)
        client = openai_client(ep, ctx)

        def call():
            return client.images.generate(model=self.model, prompt=prompt, size=size, n=1)

        deadline = ctx.deadline() + 60  # a picture takes a while to draw
        try:
            answer = run_cancellable(call, cancel, on_cancel=client.close, deadline=deadline)
        except Cancelled:
            raise
        except TimeoutError:
            raise describe_deadline(ep, deadline) from None
        except Exception as exc:  # noqa: BLE001 - every SDK failure becomes a NetError
            if cancel is not None and cancel.cancelled:
                raise Cancelled() from None
            raise describe_openai_error(exc, ep, ctx.timeout()) from None
        finally:
            if cancel is None or not cancel.cancelled:
                client.close()
        usage = getattr(answer, "usage", None)  # gpt-image-1 reports its tokens; else estimates
        units_in = int(getattr(usage, "input_tokens", 0) or units_in)
        units_out = int(getattr(usage, "output_tokens", 0) or units_out)
        ctx.accounting.record(ep.name, self.model, units_in, units_out, "tokens")
        item = (getattr(answer, "data", None) or [None])[0]
        b64 = getattr(item, "b64_json", None)
        url = getattr(item, "url", None)
        if b64:
            try:
                data = base64.b64decode(b64)
            except ValueError:
                data = b""
            path, sha = _store(data, dest, ".png")
        elif url:
            path, sha = StockHttp(ctx, ep.name).download(
                url, suffix=".png", cancel=cancel, progress=progress, dest=dest
            )
        else:
            raise ProviderRequestError(
                f"{ep.name} ({ep.base_url}) sent no picture for the prompt", provider=ep.name
            )
        return Downloaded(candidate, chosen, path, sha)


def _store(data: bytes, dest: Path | None, suffix: str) -> tuple[Path, str]:
    if not data:
        raise NetError("the image model sent an empty picture", provider="ai")
    folder = Path(dest) if dest is not None else cache_dir("stock", "media")
    folder.mkdir(parents=True, exist_ok=True)
    sha = hashlib.sha256(data).hexdigest()
    final = folder / f"{sha}{suffix}"
    if not final.exists():
        fd, name = tempfile.mkstemp(prefix=".part-", suffix=suffix, dir=folder)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(name, final)
    return final, sha
