"""A local websocket server speaking the edge-tts ("read aloud") protocol.

In: a ``speech.config`` text message (checked: word boundaries on, MP3 output) and an ``ssml``
text message. Out: ``turn.start``; binary ``audio`` frames framed as the service does (2-byte
big-endian header length, ``X-RequestId/Content-Type: audio/mpeg/X-StreamId/Path: audio``
headers, then MP3 bytes made by ffmpeg); ``audio.metadata`` messages with ``WordBoundary``
entries (Offset and Duration in 100-ns ticks); a final empty audio frame; ``turn.end``.
``GET .../voices/list`` serves a voice list.

The audio is real: word ``i`` is a 250 ms tone starting at 100 ms + 300 ms * i, and its
WordBoundary says exactly that, so tests can check timings against the sound.

Failure modes, queued with ``fail_next(...)``: ``403`` (refused at the handshake, with a Date
header as the service sends), ``500`` (handshake), ``close_mid`` (closes after the first audio
frame, no ``turn.end``), ``no_audio`` (``turn.start`` then ``turn.end``), ``hang`` (takes the
request, then says nothing until the test ends). ``on_ssml`` is called (on the server thread)
when a request arrives.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections import deque
from pathlib import Path
from typing import Any
from xml.sax.saxutils import unescape

from aiohttp import web

from shortvid_desktop.core.text import is_cjk
from shortvid_desktop.media.ffmpeg import run_ffmpeg

from .base import ServerThread

BASE = "/consumer/speech/synthesize/readaloud"
WS_PATH = f"{BASE}/edge/v1"
VOICES_PATH = f"{BASE}/voices/list"
LEAD_S, STEP_S, TONE_S = 0.1, 0.3, 0.25
TICKS = 10_000_000

VOICES = [
    {
        "Name": f"Microsoft Server Speech Text to Speech Voice ({loc}, {name})",
        "ShortName": f"{loc}-{name}",
        "Gender": gender,
        "Locale": loc,
        "SuggestedCodec": "audio-24khz-48kbitrate-mono-mp3",
        "FriendlyName": f"Microsoft {name} Online (Natural) - {loc}",
        "Status": "GA",
        "VoiceTag": {"ContentCategories": ["General"], "VoicePersonalities": ["Friendly"]},
    }
    for loc, name, gender in (
        ("en-US", "AriaNeural", "Female"),
        ("en-US", "GuyNeural", "Male"),
        ("zh-CN", "XiaoxiaoNeural", "Female"),
        ("zh-CN", "YunxiNeural", "Male"),
        ("de-DE", "KatjaNeural", "Female"),
        ("sw-KE", "ZuriNeural", "Female"),
    )
]


def split_words(text: str) -> list[str]:
    """Words as the service reports them: Latin words; Chinese in pairs of characters."""
    words: list[str] = []
    for token in re.findall(r"[\w'’-]+", text):
        if all(is_cjk(c) for c in token):
            words += [token[i : i + 2] for i in range(0, len(token), 2)]
        else:
            words.append(token)
    return words


def _text_message(path: str, body: str, request_id: str) -> str:
    return (
        f"X-RequestId:{request_id}\r\n"
        "Content-Type:application/json; charset=utf-8\r\n"
        f"Path:{path}\r\n\r\n{body}"
    )


def _audio_frame(data: bytes, request_id: str) -> bytes:
    if data:
        header = (
            f"X-RequestId:{request_id}\r\nContent-Type:audio/mpeg\r\n"
            f"X-StreamId:{uuid.uuid4().hex}\r\nPath:audio\r\n"
        )
    else:  # the service ends a turn's audio with an empty frame without Content-Type
        header = f"X-RequestId:{request_id}\r\nPath:audio\r\n"
    raw = header.encode("utf-8")
    return len(raw).to_bytes(2, "big") + raw + data


def _metadata(word: str, index: int) -> str:
    entry = {
        "Type": "WordBoundary",
        "Data": {
            "Offset": round((LEAD_S + STEP_S * index) * TICKS),
            "Duration": round(TONE_S * TICKS),
            "text": {"Text": word, "Length": len(word), "BoundaryType": "WordBoundary"},
        },
    }
    return json.dumps({"Metadata": [entry]}, ensure_ascii=False)


class EdgeServer:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self._mp3: dict[int, bytes] = {}
        app = web.Application()
        app.router.add_get(WS_PATH, self._ws)
        app.router.add_get(VOICES_PATH, self._voices)
        self.thread = ServerThread(app)
        self.reset()

    def start(self) -> EdgeServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.thread.stop()

    def reset(self) -> None:
        self.plan: deque[str] = deque()
        self.requests: list[dict[str, Any]] = []
        self.handshakes = 0
        self.voice_list_calls = 0
        self.voice_plan: deque[str] = deque()
        self.on_ssml: Any = None
        old: asyncio.Event | None = getattr(self, "_release", None)
        self._release: asyncio.Event | None = None
        if old is not None:
            self.thread.call(old.set)  # let a hanging handler finish

    def fail_next(self, *modes: str) -> None:
        self.plan.extend(modes)

    @property
    def wss_url(self) -> str:
        return f"ws://127.0.0.1:{self.thread.port}{WS_PATH}?TrustedClientToken=test"

    @property
    def voices_url(self) -> str:
        return f"http://127.0.0.1:{self.thread.port}{VOICES_PATH}?trustedclienttoken=test"

    # ------------------------------------------------------------------ audio
    def mp3(self, words: int) -> bytes:
        """Real MP3 (24 kHz mono 48 kbit/s, as the service sends): one tone per word."""
        if words not in self._mp3:
            seconds = LEAD_S + STEP_S * words + 0.2
            expr = (
                f"if(gte(t\\,{LEAD_S})*lt(t\\,{LEAD_S + STEP_S * words})"
                f"*lt(mod(t-{LEAD_S}\\,{STEP_S})\\,{TONE_S})\\,0.4*sin(2*PI*220*t)\\,0)"
            )
            out = self.workdir / f"edge-{words}.mp3"
            run_ffmpeg(
                [
                    "-f", "lavfi", "-i", f"aevalsrc={expr}:s=24000:d={seconds:.3f}",
                    "-ac", "1", "-ar", "24000", "-c:a", "libmp3lame", "-b:a", "48k", str(out),
                ]
            )  # fmt: skip
            self._mp3[words] = out.read_bytes()
        return self._mp3[words]

    # ------------------------------------------------------------------ handlers
    async def _voices(self, request: web.Request) -> web.StreamResponse:
        self.voice_list_calls += 1
        mode = self.voice_plan.popleft() if self.voice_plan else "ok"
        if mode != "ok":
            return web.Response(status=int(mode), text="no")
        return web.json_response(VOICES)

    async def _ws(self, request: web.Request) -> web.StreamResponse:
        self.handshakes += 1
        mode = self.plan.popleft() if self.plan else "ok"
        if mode in ("403", "500", "429"):
            return web.Response(status=int(mode), text="refused")
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        config = await ws.receive_str()
        ssml = await ws.receive_str()
        request_id = re.search(r"X-RequestId:(\w+)", ssml)
        rid = request_id.group(1) if request_id else uuid.uuid4().hex
        voice = re.search(r"<voice name='([^']+)'>", ssml)
        prosody = re.search(r"<prosody pitch='([^']+)' rate='([^']+)' volume='([^']+)'>", ssml)
        text = re.search(r"<prosody[^>]*>(.*)</prosody>", ssml, re.S)
        spoken = unescape(text.group(1)) if text else ""
        self.requests.append(
            {
                "config": config,
                "word_boundary": '"wordBoundaryEnabled":"true"' in config,
                "voice": voice.group(1) if voice else "",
                "pitch": prosody.group(1) if prosody else "",
                "rate": prosody.group(2) if prosody else "",
                "volume": prosody.group(3) if prosody else "",
                "text": spoken,
                "mode": mode,
                "url": str(request.url),
            }
        )
        if self.on_ssml is not None:
            self.on_ssml()
        if mode == "hang":
            if self._release is None:
                self._release = asyncio.Event()
            await self._release.wait()
            await ws.close()
            return ws
        await ws.send_str(_text_message("turn.start", '{"context":{"serviceTag":"test"}}', rid))
        if mode == "no_audio":
            await ws.send_str(_text_message("turn.end", "{}", rid))
            await ws.close()
            return ws
        words = split_words(spoken)
        audio = await asyncio.get_running_loop().run_in_executor(None, self.mp3, len(words))
        pieces = 4
        step = max(1, len(audio) // pieces + 1)
        frames = [audio[i : i + step] for i in range(0, len(audio), step)]
        per_frame = max(1, -(-len(words) // len(frames)))
        sent_words = 0
        for frame in frames:
            await ws.send_bytes(_audio_frame(frame, rid))
            for _ in range(per_frame):
                if sent_words < len(words):
                    await ws.send_str(
                        _text_message(
                            "audio.metadata", _metadata(words[sent_words], sent_words), rid
                        )
                    )
                    sent_words += 1
            if mode == "close_mid":
                await ws.close()
                return ws
        while sent_words < len(words):
            await ws.send_str(
                _text_message("audio.metadata", _metadata(words[sent_words], sent_words), rid)
            )
            sent_words += 1
        await ws.send_bytes(_audio_frame(b"", rid))
        await ws.send_str(_text_message("turn.end", "{}", rid))
        await ws.close()
        return ws
