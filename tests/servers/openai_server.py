"""A local server speaking the OpenAI HTTP protocol (the parts ShortVid uses).

Endpoints: ``POST /v1/chat/completions`` (plain, and ``stream=true`` as server-sent events with
``chat.completion.chunk`` objects, a usage chunk when ``stream_options.include_usage`` and
``data: [DONE]``), ``GET /v1/models``, ``POST /v1/audio/speech`` (real audio bytes made by ffmpeg).

Failure modes, queued per endpoint with ``fail_next("chat", "429", "500", ...)``:
``401`` (the error message echoes the key it got, as some providers do, to test redaction),
``429`` (with ``Retry-After: 0`` and ``retry-after-ms: 10``), ``500``, ``slow`` (never answers
until the test ends: a client timeout must fire), ``malformed`` (cut-off JSON content),
``markdown`` (JSON wrapped in a code fence and prose), ``invalid`` (JSON of the wrong shape),
``reject_format`` (400 about ``response_format``), ``keepalive`` (answers at once, then sends
keep-alives (SSE comments, or JSON whitespace) every 0.2 s and never the answer: only a total
deadline ends it; at most 3,000 of them, until the test ends), ``html`` (200 with a proxy's
sign-in page).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import deque
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .base import ServerThread

CHAT, MODELS, SPEECH = "chat", "models", "speech"


def default_script(body: dict[str, Any]) -> str:
    """A valid script JSON for the topic and scene count in the user message."""
    user = next(
        (m["content"] for m in reversed(body.get("messages", [])) if m.get("role") == "user"), ""
    )
    first_user = next(
        (m["content"] for m in body.get("messages", []) if m.get("role") == "user"), user
    )
    topic = re.search(r"Topic: (.+)", first_user)
    count = re.search(r"(\d+) scenes", first_user)
    name = topic.group(1).strip() if topic else "the topic"
    n = int(count.group(1)) if count else 3
    zh = "Simplified Chinese" in first_user
    scenes = []
    for i in range(n):
        if zh:
            narration = f"第{i + 1}点，关于{name}的**重要**事实。"
            caption = f"第{i + 1}点"
            kws = [name, "城市夜景"]
        else:
            narration = f"Point {i + 1} about {name} is **really** interesting 🚀. It matters."
            caption = f"Point {i + 1}"
            kws = [f"{name} close up", "city skyline", "Skyline"]
        scenes.append(
            {
                "narration": narration,
                "on_screen_text": caption,
                "keywords": kws,
                "mood": "Upbeat!",
                "duration_s": 4.5,
            }
        )
    return json.dumps(
        {"title": f"All about {name}", "hook": f"You won't believe {name}.", "scenes": scenes},
        ensure_ascii=False,
    )


def default_scene(body: dict[str, Any]) -> str:
    user = body["messages"][-1]["content"]
    if "Translate" in user:
        narration = "这是翻译后的场景。"
    elif "Shorten" in user:
        narration = "A shorter scene."
    else:
        narration = "A brand new version of this scene, told differently."
    return json.dumps(
        {
            "narration": narration,
            "on_screen_text": "New caption",
            "keywords": ["fresh visual"],
            "mood": "calm",
            "duration_s": 3,
        },
        ensure_ascii=False,
    )


def default_reply(body: dict[str, Any]) -> str:
    system = body.get("messages", [{}])[0].get("content", "")
    if "ONE scene" in system:
        return default_scene(body)
    if "Reply with the word OK" in json.dumps(body):
        return "OK"
    return default_script(body)


class OpenAIServer:
    def __init__(self, audio: dict[str, bytes]) -> None:
        self.audio = audio
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_get("/v1/models", self._models)
        app.router.add_post("/v1/audio/speech", self._speech)
        self.thread = ServerThread(app)
        self._release: asyncio.Event | None = None
        self.reset()

    # ------------------------------------------------------------------ control
    def start(self) -> OpenAIServer:
        self.thread.start()
        self.thread.call(self._new_release)
        return self

    def _new_release(self) -> None:
        if self._release is not None:
            self._release.set()
        self._release = asyncio.Event()

    def stop(self) -> None:
        self.thread.call(lambda: self._release.set() if self._release else None)
        self.thread.stop()

    def reset(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.plans: dict[str, deque[str]] = {CHAT: deque(), MODELS: deque(), SPEECH: deque()}
        self.api_key: str | None = None
        self.reply: Callable[[dict[str, Any]], str] = default_reply
        self.models = ["gpt-test", "gpt-other"]
        self.report_usage = True
        self.on_request: Callable[[str], None] | None = None
        if self.thread.port:
            self.thread.call(self._new_release)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.thread.port}/v1"

    def fail_next(self, endpoint: str, *modes: str) -> None:
        self.plans[endpoint].extend(modes)

    def calls(self, endpoint: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["endpoint"] == endpoint]

    # ------------------------------------------------------------------ helpers
    def _error(self, status: int, message: str, **headers: str) -> web.Response:
        body = {"error": {"message": message, "type": "test_error", "code": str(status)}}
        return web.json_response(body, status=status, headers=headers)

    async def _common(self, request: web.Request, endpoint: str) -> tuple[str, web.Response | None]:
        body: dict[str, Any] = {}
        if request.method == "POST":
            try:
                body = await request.json()
            except json.JSONDecodeError:
                body = {}
        auth = request.headers.get("Authorization", "")
        self.requests.append(
            {"endpoint": endpoint, "body": body, "authorization": auth, "url": str(request.url)}
        )
        if self.on_request is not None:
            self.on_request(endpoint)
        mode = self.plans[endpoint].popleft() if self.plans[endpoint] else "ok"
        if self.api_key is not None and auth != f"Bearer {self.api_key}":
            given = auth.removeprefix("Bearer ")
            return mode, self._error(401, f"Incorrect API key provided: {given}.")
        if mode == "401":
            given = auth.removeprefix("Bearer ")
            return mode, self._error(401, f"Incorrect API key provided: {given}.")
        if mode == "429":
            return mode, self._error(
                429, "Rate limit reached", **{"Retry-After": "0", "retry-after-ms": "10"}
            )
        if mode == "500":
            return mode, self._error(500, "The server had an error", **{"retry-after-ms": "10"})
        if mode == "slow":
            assert self._release is not None
            await self._release.wait()
            return mode, self._error(503, "released at the end of the test")
        if mode == "reject_format" and "response_format" in body:
            fmt = body["response_format"].get("type")
            return mode, self._error(
                400, f"response_format type {fmt} is not supported by this model"
            )
        return mode, None

    # ------------------------------------------------------------------ endpoints
    async def _models(self, request: web.Request) -> web.StreamResponse:
        _mode, failure = await self._common(request, MODELS)
        if failure is not None:
            return failure
        data = [{"id": m, "object": "model", "created": 0, "owned_by": "test"} for m in self.models]
        return web.json_response({"object": "list", "data": data})

    async def _keepalive(self, request: web.Request, stream: bool) -> web.StreamResponse:
        kind = "text/event-stream" if stream else "application/json"
        resp = web.StreamResponse(headers={"Content-Type": kind})
        await resp.prepare(request)
        assert self._release is not None
        for _ in range(3000):  # bounded: 10 minutes at most
            try:
                await resp.write(b": keep-alive\n\n" if stream else b" ")
            except (ConnectionError, RuntimeError):
                break  # the client gave up: what this mode is for
            try:
                await asyncio.wait_for(self._release.wait(), 0.2)
                break
            except TimeoutError:
                continue
        return resp

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        mode, failure = await self._common(request, CHAT)
        if failure is not None:
            return failure
        if mode == "keepalive":
            return await self._keepalive(request, bool(self.requests[-1]["body"].get("stream")))
        if mode == "html":
            page = (
                "<!DOCTYPE html><html><head><title>Sign in to Guest Wi-Fi</title></head>"
                "<body><form>Accept the terms to continue</form></body></html>"
            )
            return web.Response(text=page, content_type="text/html")
        body = self.requests[-1]["body"]
        content = self.reply(body)
        if mode == "malformed":
            content = content[: max(10, len(content) // 2)]
        elif mode == "markdown":
            content = f"Sure! Here is the script:\n\n```json\n{content}\n```\n\nHave fun 🎬"
        elif mode == "invalid":
            content = json.dumps({"title": "Bad", "scenes": [{"narration": 5}]})
        model = body.get("model", "gpt-test")
        usage = {
            "prompt_tokens": 100,
            "completion_tokens": 50,
            "total_tokens": 150,
        }
        if not body.get("stream"):
            reply = {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": 0,
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
            }
            if self.report_usage:
                reply["usage"] = usage
            return web.json_response(reply)
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)

        def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
            data = {
                "id": "chatcmpl-test",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            return f"data: {json.dumps(data, ensure_ascii=False)}\n\n".encode()

        await resp.write(chunk({"role": "assistant", "content": ""}))
        for i in range(0, len(content), 24):
            await resp.write(chunk({"content": content[i : i + 24]}))
        await resp.write(chunk({}, "stop"))
        if self.report_usage and (body.get("stream_options") or {}).get("include_usage"):
            data = {
                "id": "chatcmpl-test",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": model,
                "choices": [],
                "usage": usage,
            }
            await resp.write(f"data: {json.dumps(data)}\n\n".encode())
        await resp.write(b"data: [DONE]\n\n")
        await resp.write_eof()
        return resp

    async def _speech(self, request: web.Request) -> web.StreamResponse:
        _mode, failure = await self._common(request, SPEECH)
        if failure is not None:
            return failure
        body = self.requests[-1]["body"]
        fmt = body.get("response_format", "mp3")
        if fmt not in self.audio:
            return self._error(400, f"unsupported response_format {fmt}")
        types = {"mp3": "audio/mpeg", "wav": "audio/wav", "flac": "audio/flac"}
        return web.Response(body=self.audio[fmt], content_type=types.get(fmt, "audio/octet-stream"))
