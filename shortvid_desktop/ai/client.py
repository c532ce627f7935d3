"""One client for every OpenAI-compatible provider, on the ``openai`` SDK.

``LLMClient(endpoint, context)`` talks to OpenAI, DeepSeek, Qwen, Moonshot, Ollama, LM Studio or a
custom base URL alike. ``chat`` asks for JSON the way the provider supports it (``json_schema``,
``json_object``, or plain text parsed tolerantly) and drops a ``response_format`` or
``stream_options`` the server refuses (once, remembered for the client's life); it streams the
answer into an ``on_text`` callback on the calling thread, is cancellable at any moment, checks
the monthly budget before sending, waits for the provider's rate limit and writes one usage row.
The SDK does the retrying (429 honouring Retry-After, 5xx, connection errors: exponential backoff
with jitter), all of it inside one total deadline per call (``NetContext.deadline()``, 30 s by
default), so a server that never answers or streams keep-alives forever is given up in time and
the caller's fallback runs; an answer that is not the API's JSON (an HTML login page from a
proxy) says so. Every failure comes back as a ``net.NetError`` whose message names the provider,
says what to do and never contains the key.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from shortvid_desktop.jobs import Cancelled, CancelToken
from shortvid_desktop.net import (
    Endpoint,
    NetContext,
    NetError,
    ProviderRequestError,
    describe_deadline,
    describe_not_json,
    describe_openai_error,
    estimate_tokens,
    openai_client,
)

Message = Mapping[str, str]


@dataclass
class ChatResult:
    text: str
    model: str
    tokens_in: int
    tokens_out: int
    usage_estimated: bool = False  # the provider reported no token counts
    finish_reason: str = ""
    json_mode: str = "none"  # how JSON was asked for


@dataclass
class ConnectionReport:
    ok: bool
    provider: str
    base_url: str
    model: str
    models: list[str] = field(default_factory=list)
    message: str = ""


class LLMClient:
    """Chat completions against one endpoint. Thread-safe for sequential use per thread."""

    def __init__(self, endpoint: Endpoint, context: NetContext | None = None) -> None:
        self.endpoint = endpoint
        self.context = context or NetContext()
        self._no_response_format = False
        self._json_mode = endpoint.json_mode
        self._no_stream_options = False

    @property
    def provider(self) -> str:
        return self.endpoint.name

    @property
    def model(self) -> str:
        return self.endpoint.model

    # ------------------------------------------------------------------ calls
    def _deadline_at(self) -> float:
        return time.monotonic() + self.context.deadline()

    def _call(
        self,
        fn: Callable[[Any], Any],
        cancel: CancelToken | None,
        deadline_at: float | None = None,
    ) -> Any:
        """Run ``fn(client)`` with a fresh client; cancel, or the total deadline passing, closes
        its connection at once."""
        from shortvid_desktop.net import run_cancellable

        deadline_at = deadline_at if deadline_at is not None else self._deadline_at()
        remaining = max(0.01, deadline_at - time.monotonic())
        client = openai_client(self.endpoint, self.context)
        try:
            return run_cancellable(
                lambda: fn(client), cancel, on_cancel=client.close, deadline=remaining
            )
        except (Cancelled, NetError):
            raise
        except TimeoutError:
            raise describe_deadline(self.endpoint, self.context.deadline()) from None
        except Exception as exc:  # noqa: BLE001 - every SDK failure becomes a NetError
            if cancel is not None and cancel.cancelled:
                raise Cancelled() from None
            raise describe_openai_error(exc, self.endpoint, self.context.timeout()) from None
        finally:
            if cancel is None or not cancel.cancelled:
                client.close()

    def list_models(self, cancel: CancelToken | None = None) -> list[str]:
        """Model ids the endpoint offers (``GET /models``), sorted."""
        page = self._call(lambda c: c.models.list(), cancel)
        return sorted({m.id for m in page.data})

    def test_connection(self, cancel: CancelToken | None = None) -> ConnectionReport:
        """Reach the endpoint with the key: list models, else send a one-word chat."""
        ep = self.endpoint
        report = ConnectionReport(False, ep.name, ep.base_url, ep.model)
        try:
            report.models = self.list_models(cancel)
            if ep.model and report.models and ep.model not in report.models:
                report.ok = True
                report.message = (
                    f"connected; note: the model {ep.model!r} is not in this endpoint's list "
                    f"({', '.join(report.models[:8])}{'...' if len(report.models) > 8 else ''})"
                )
                return report
            report.ok = True
            report.message = f"connected; {len(report.models)} models offered"
            return report
        except ProviderRequestError as exc:
            if exc.status not in (404, 405, 501):
                report.message = str(exc)
                return report
        except NetError as exc:
            report.message = str(exc)
            return report
        try:  # no model list here: a tiny chat proves the key and the model
            self.chat(
                [{"role": "user", "content": "Reply with the word OK."}],
                max_tokens=5,
                stream=False,
                cancel=cancel,
                json=False,
            )
            report.ok = True
            report.message = "connected (this endpoint offers no model list)"
        except NetError as exc:
            report.message = str(exc)
        return report

    def resolved_model(self, cancel: CancelToken | None = None) -> str:
        """The endpoint's model, or the first it offers when none is set (LM Studio)."""
        if self.endpoint.model:
            return self.endpoint.model
        models = self.list_models(cancel)
        if not models:
            raise ProviderRequestError(
                f"{self.provider} offers no model and none is set: load one in the app, or "
                f"`shortvid providers set {self.provider} --model NAME`",
                provider=self.provider,
            )
        self.endpoint.model = models[0]
        return models[0]

    def chat(
        self,
        messages: Sequence[Message],
        *,
        json: bool = True,
        schema: Mapping[str, Any] | None = None,
        stream: bool = True,
        on_text: Callable[[str], None] | None = None,
        max_tokens: int | None = None,
        temperature: float = 0.7,
        cancel: CancelToken | None = None,
    ) -> ChatResult:
        """One chat completion. ``on_text(total_so_far)`` is called (on this thread) as the
        answer streams in. Raises NetError subclasses, BudgetExceededError before sending,
        Cancelled."""
        model = self.resolved_model(cancel)
        ctx = self.context
        prompt_chars = "".join(str(m.get("content", "")) for m in messages)
        est_in = estimate_tokens(prompt_chars) + 8 * len(messages)
        est_out = max_tokens or 2000
        ctx.accounting.check(self.provider, model, est_in, est_out)
        ctx.limiter(self.provider).acquire(cancel)

        deadline_at = self._deadline_at()  # for the whole call, its retries included
        for _attempt in range(3):  # drop what the server refuses, at most twice
            kwargs = self._request(messages, model, json, schema, stream, max_tokens, temperature)
            try:
                result = self._send(kwargs, stream, on_text, cancel, deadline_at)
                break
            except ProviderRequestError as exc:
                if exc.status not in (400, 422) or not self._downgrade(kwargs, str(exc)):
                    raise
        else:  # pragma: no cover - the loop always breaks or raises
            raise AssertionError("unreachable")
        if not result.tokens_in and not result.tokens_out:
            result.tokens_in = est_in
            result.tokens_out = estimate_tokens(result.text)
            result.usage_estimated = True
        result.json_mode = (
            "none" if "response_format" not in kwargs else kwargs["response_format"]["type"]
        )
        ctx.accounting.record(self.provider, model, result.tokens_in, result.tokens_out, "tokens")
        return result

    def _request(
        self,
        messages: Sequence[Message],
        model: str,
        json: bool,
        schema: Mapping[str, Any] | None,
        stream: bool,
        max_tokens: int | None,
        temperature: float,
    ) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "model": model,
            "messages": [dict(m) for m in messages],
            "temperature": temperature,
        }
        if max_tokens:
            kwargs["max_tokens"] = max_tokens
        if json and not self._no_response_format:
            mode = self._json_mode
            if mode == "json_schema" and schema is not None:
                kwargs["response_format"] = {"type": "json_schema", "json_schema": dict(schema)}
            elif mode in ("json_object", "json_schema"):
                kwargs["response_format"] = {"type": "json_object"}
        if stream:
            kwargs["stream"] = True
            if not self._no_stream_options:
                kwargs["stream_options"] = {"include_usage": True}
        return kwargs

    def _downgrade(self, kwargs: dict[str, Any], message: str) -> bool:
        """Drop the feature a 400 complains about; False when there is nothing left to drop."""
        low = message.lower()
        if "stream_options" in kwargs and ("stream_options" in low or "include_usage" in low):
            self._no_stream_options = True
            return True
        if "response_format" in kwargs:
            if kwargs["response_format"]["type"] == "json_schema":
                self._json_mode = "json_object"  # try the simpler JSON mode next
            else:
                self._no_response_format = True
            return True
        if "stream_options" in kwargs:
            self._no_stream_options = True
            return True
        return False

    def _send(
        self,
        kwargs: dict[str, Any],
        stream: bool,
        on_text: Callable[[str], None] | None,
        cancel: CancelToken | None,
        deadline_at: float,
    ) -> ChatResult:
        if not stream:
            resp = self._call(lambda c: self._create(c, kwargs), cancel, deadline_at)
            choice = resp.choices[0] if resp.choices else None
            text = (choice.message.content or "") if choice else ""
            usage = getattr(resp, "usage", None)
            if on_text is not None:
                on_text(text)
            return ChatResult(
                text,
                resp.model or kwargs["model"],
                int(getattr(usage, "prompt_tokens", 0) or 0),
                int(getattr(usage, "completion_tokens", 0) or 0),
                finish_reason=(choice.finish_reason or "") if choice else "",
            )
        return self._stream(kwargs, on_text, cancel, deadline_at)

    def _create(self, client: Any, kwargs: dict[str, Any]) -> Any:
        """``chat.completions.create``, refusing an answer that is not the API's (an HTML page
        from a proxy's sign-in, a website at the base URL) with a message that says so."""
        raw = client.chat.completions.with_raw_response.create(**kwargs)
        content_type = raw.headers.get("content-type", "")
        expected = "text/event-stream" if kwargs.get("stream") else "json"
        if expected not in content_type.lower():
            body = raw.http_response.read().decode("utf-8", "replace")
            if kwargs.get("stream") and body.lstrip().startswith(("data:", ":")):
                return raw.parse()  # a server that streams without saying so
            if not kwargs.get("stream") and body.lstrip().startswith("{"):
                return raw.parse()  # JSON under another content type
            raise describe_not_json(body, content_type, self.endpoint)
        return raw.parse()

    def _stream(
        self,
        kwargs: dict[str, Any],
        on_text: Callable[[str], None] | None,
        cancel: CancelToken | None,
        deadline_at: float,
    ) -> ChatResult:
        """Stream on a helper thread; deltas come back through a queue to this thread."""
        client = openai_client(self.endpoint, self.context)
        events: queue.Queue[tuple[str, Any]] = queue.Queue()
        info: dict[str, Any] = {"model": kwargs["model"], "in": 0, "out": 0, "finish": ""}

        def work() -> None:
            try:
                response = self._create(client, kwargs)
                for chunk in response:
                    if chunk.model:
                        info["model"] = chunk.model
                    usage = getattr(chunk, "usage", None)
                    if usage is not None:
                        info["in"] = int(usage.prompt_tokens or 0)
                        info["out"] = int(usage.completion_tokens or 0)
                    for choice in chunk.choices or ():
                        delta = getattr(choice.delta, "content", None)
                        if delta:
                            events.put(("text", delta))
                        if choice.finish_reason:
                            info["finish"] = choice.finish_reason
                events.put(("done", None))
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
                events.put(("error", exc))

        remove = cancel.on_cancel(lambda: events.put(("cancel", None))) if cancel else None
        thread = threading.Thread(target=work, name="shortvid-llm", daemon=True)
        thread.start()
        parts: list[str] = []
        try:
            while True:
                try:
                    kind, value = events.get(timeout=max(0.0, deadline_at - time.monotonic()))
                except queue.Empty:  # keep-alives forever, or an answer that never ends
                    client.close()
                    got = sum(map(len, parts))
                    raise describe_deadline(
                        self.endpoint,
                        self.context.deadline(),
                        f" (the answer was still streaming: {got} characters so far)"
                        if got
                        else " (the connection stayed open with no answer)",
                    ) from None
                if kind == "text":
                    parts.append(value)
                    if on_text is not None:
                        on_text("".join(parts))
                elif kind == "done":
                    break
                elif kind == "cancel":
                    client.close()
                    raise Cancelled()
                else:
                    if cancel is not None and cancel.cancelled:
                        raise Cancelled()
                    if isinstance(value, NetError):
                        raise value
                    raise describe_openai_error(
                        value, self.endpoint, self.context.timeout()
                    ) from None
        finally:
            if remove is not None:
                remove()
        client.close()
        return ChatResult(
            "".join(parts), info["model"], info["in"], info["out"], finish_reason=info["finish"]
        )


def client_for(
    provider: str,
    context: NetContext | None = None,
    *,
    model: str | None = None,
    base_url: str | None = None,
) -> LLMClient:
    """An LLMClient for a provider name (settings, keyring and presets resolved)."""
    ctx = context or NetContext()
    return LLMClient(ctx.resolve(provider, model=model, base_url=base_url), ctx)


__all__ = ["ChatResult", "ConnectionReport", "LLMClient", "client_for"]
