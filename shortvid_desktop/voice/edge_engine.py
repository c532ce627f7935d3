"""edge-tts: Microsoft Edge's online neural voices (free, many locales) with real word timings.

The service reports a ``WordBoundary`` for each spoken word (offset and duration in 100-ns ticks)
when asked (edge-tts 7 needs ``boundary="WordBoundary"``); those become the caption timings, so
they are real, not estimated. Audio arrives as MP3 and is decoded to 16-bit mono WAV with ffmpeg;
leading/trailing silence is trimmed to the same margins as the offline voices and the word times
shifted to match.

Every call has a connect and a receive timeout plus an overall one, is retried with exponential
backoff and jitter (tenacity) on connection errors, timeouts, 429/5xx and a stream that ends
before the service says ``turn.end``; a 403 (the service changed its token scheme, or refuses
this network) and "no audio" are not retried but reported, so the fallback chain can move on.
The system proxy is used, or the explicit proxy setting (an HTTP proxy; websockets tunnel
through it). The voice list is cached on disk and refreshed when older than a week.

``rate`` is a speed factor (1.5 = "+50%"), ``pitch`` percent (about 2 Hz per percent, as the
service takes Hz), ``volume`` (constructor) percent.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shortvid_desktop import paths
from shortvid_desktop.core.errors import BadInputError, VoiceError
from shortvid_desktop.core.model import WordTiming
from shortvid_desktop.jobs import Cancelled, CancelToken
from shortvid_desktop.net import NetContext, NetError, TransientError, retrying, run_async

from ..core.text import is_chinese_language
from . import audio as wav
from .base import SpeechResult, VoiceInfo, check_rate, speakable_text

PROVIDER = "edge"
VOICE_LIST_MAX_AGE_S = 7 * 24 * 3600
TICKS_PER_US = 10  # the service counts 100-ns ticks
HZ_PER_PITCH_PERCENT = 2
SAMPLE_RATE = 24000

# Good default voices per language (also the list used before the first download).
DEFAULT_VOICES: dict[str, str] = {
    "en": "en-US-AriaNeural",
    "zh": "zh-CN-XiaoxiaoNeural",
    "zh-tw": "zh-TW-HsiaoChenNeural",
    "zh-hk": "zh-HK-HiuMaanNeural",
    "ja": "ja-JP-NanamiNeural",
    "ko": "ko-KR-SunHiNeural",
    "es": "es-ES-ElviraNeural",
    "fr": "fr-FR-DeniseNeural",
    "de": "de-DE-KatjaNeural",
    "pt": "pt-BR-FranciscaNeural",
    "it": "it-IT-ElsaNeural",
    "ru": "ru-RU-SvetlanaNeural",
}
_BUILTIN: tuple[tuple[str, str, str], ...] = (
    ("en-US-AriaNeural", "en-US", "female"),
    ("en-US-GuyNeural", "en-US", "male"),
    ("en-US-JennyNeural", "en-US", "female"),
    ("en-GB-SoniaNeural", "en-GB", "female"),
    ("zh-CN-XiaoxiaoNeural", "zh-CN", "female"),
    ("zh-CN-YunxiNeural", "zh-CN", "male"),
    ("zh-CN-YunyangNeural", "zh-CN", "male"),
    ("zh-TW-HsiaoChenNeural", "zh-TW", "female"),
    ("zh-HK-HiuMaanNeural", "zh-HK", "female"),
    ("ja-JP-NanamiNeural", "ja-JP", "female"),
    ("ko-KR-SunHiNeural", "ko-KR", "female"),
    ("es-ES-ElviraNeural", "es-ES", "female"),
    ("fr-FR-DeniseNeural", "fr-FR", "female"),
    ("de-DE-KatjaNeural", "de-DE", "female"),
    ("pt-BR-FranciscaNeural", "pt-BR", "female"),
    ("it-IT-ElsaNeural", "it-IT", "female"),
    ("ru-RU-SvetlanaNeural", "ru-RU", "female"),
)


def _info(short_name: str, locale: str, gender: str, friendly: str = "") -> VoiceInfo:
    person = short_name.split("-")[-1].removesuffix("Neural") or short_name
    return VoiceInfo(
        id=short_name,
        name=friendly or f"{person} ({locale}, edge-tts)",
        language=locale,
        gender=gender.lower(),
        engine="edge",
        quality="natural neural voice (online); real word timings",
    )


def _voice_list_path() -> Path:
    return paths.cache_dir("voices") / "edge-voices.json"


@dataclass
class _Boundary:
    text: str
    offset: int  # ticks
    duration: int  # ticks


class EdgeEngine:
    name = "edge"
    online = True

    def __init__(self, context: NetContext | None = None, volume: int = 0) -> None:
        self.context = context or NetContext()
        if not -100 <= int(volume) <= 100:
            raise BadInputError(f"The edge-tts volume must be -100..100 percent; got {volume}")
        self.volume = int(volume)

    def with_context(self, context: NetContext) -> EdgeEngine:
        volume = context.setting("voice.edge.volume", self.volume)
        try:
            volume = int(volume)
        except (TypeError, ValueError):
            volume = self.volume
        return EdgeEngine(context, volume)

    @property
    def cache_id(self) -> str:
        """What the speech cache keys on: the volume changes the audio, so it is part of it."""
        return self.name if self.volume == 0 else f"{self.name}@vol{self.volume:+d}"

    def available(self) -> bool:
        import importlib.util

        return importlib.util.find_spec("edge_tts") is not None

    # ------------------------------------------------------------------ voices
    def cached_voices(self) -> list[VoiceInfo]:
        """The voice list from the disk cache (any age), else the built-in short list; no
        network."""
        data = self._read_list()
        if data is not None:
            return self._to_infos(data["voices"])
        return [_info(*v) for v in _BUILTIN]

    def voices(self, refresh: bool = False) -> list[VoiceInfo]:
        """All voices: the disk cache when younger than a week, else downloaded (and cached).
        When the download fails the stale cache or the built-in list is returned."""
        data = self._read_list()
        fresh = (
            data is not None and time.time() - float(data.get("fetched", 0)) < VOICE_LIST_MAX_AGE_S
        )
        if data is not None and fresh and not refresh:
            return self._to_infos(data["voices"])
        try:
            voices = self.fetch_voices()
        except (NetError, VoiceError):
            return self.cached_voices()
        return self._to_infos(voices)

    def fetch_voices(self, cancel: CancelToken | None = None) -> list[dict[str, Any]]:
        """Download the voice list now and cache it; raises VoiceError on failure."""
        import edge_tts

        ctx = self.context
        proxy = self._proxy()
        ctx.limiter(PROVIDER).acquire(cancel)

        async def fetch() -> list[dict[str, Any]]:
            return list(await edge_tts.list_voices(proxy=proxy))

        deadline_at = time.monotonic() + ctx.deadline()

        def once() -> list[dict[str, Any]]:
            try:
                return run_async(fetch, cancel, timeout=_left(deadline_at, ctx.timeout()))
            except (Cancelled, BadInputError):
                raise
            except Exception as exc:
                raise _classify(exc) from exc

        try:
            raw = retrying(
                once,
                attempts=ctx.retries() + 1,
                is_transient=_transient,
                cancel=cancel,
                deadline=ctx.deadline(),
            )
        except TransientError as exc:
            raise VoiceError(f"edge-tts: the voice list could not be downloaded: {exc}") from None
        voices = [
            {k: v.get(k, "") for k in ("ShortName", "Locale", "Gender", "FriendlyName")}
            for v in raw
            if isinstance(v, dict) and v.get("ShortName")
        ]
        if not voices:
            raise VoiceError("edge-tts: the voice list came back empty")
        path = _voice_list_path()
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps({"fetched": time.time(), "voices": voices}), encoding="utf-8")
        os.replace(tmp, path)
        return voices

    def _read_list(self) -> dict[str, Any] | None:
        try:
            data = json.loads(_voice_list_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("voices"), list):
            return None
        return data

    @staticmethod
    def _to_infos(voices: Sequence[dict[str, Any]]) -> list[VoiceInfo]:
        out = []
        for v in voices:
            name = str(v.get("ShortName", ""))
            if name:
                out.append(_info(name, str(v.get("Locale", "")), str(v.get("Gender", ""))))
        return out

    def default_voice(self, language: str) -> str:
        """A good voice for a language: the curated default, else the first listed one."""
        lang = language.strip().lower().replace("_", "-")
        if is_chinese_language(lang):
            key = (
                "zh-tw"
                if lang in ("zh-tw", "zh-hant")
                else "zh-hk"
                if lang in ("zh-hk", "yue")
                else "zh"
            )
        else:
            key = lang.split("-")[0]
        if key in DEFAULT_VOICES:
            return DEFAULT_VOICES[key]
        for v in self.cached_voices():
            if v.language.lower() == lang or v.language.lower().split("-")[0] == key:
                return v.id
        raise VoiceError(f"edge-tts has no voice for {language!r} in its voice list")

    # ------------------------------------------------------------------ speech
    def _proxy(self) -> str | None:
        from edge_tts import communicate

        proxy = self.context.proxy_for(str(communicate.WSS_URL))
        if proxy and not proxy.startswith(("http://", "https://")):
            raise VoiceError(
                f"edge-tts can only use an HTTP proxy; the proxy setting is {proxy.split('@')[-1]}"
            )
        return proxy

    def synthesize(
        self,
        text: str,
        voice: str = "",
        rate: float = 1.0,
        pitch: int = 0,
        *,
        out_path: Path,
        cancel: CancelToken | None = None,
    ) -> SpeechResult:
        rate = check_rate(rate)
        spoken = speakable_text(text)
        voice = voice or self.default_voice("en")
        if not self.available():
            raise VoiceError("edge-tts is not installed: pip install edge-tts")
        ctx = self.context
        try:
            ctx.accounting.check(PROVIDER, voice, len(spoken), 0)
        except NetError as exc:
            raise VoiceError(str(exc)) from None
        proxy = self._proxy()
        ctx.limiter(PROVIDER).acquire(cancel)
        options = {
            "rate": f"{round((rate - 1.0) * 100):+d}%",
            "pitch": f"{round(pitch * HZ_PER_PITCH_PERCENT):+d}Hz",
            "volume": f"{self.volume:+d}%",
        }

        # one total deadline for the call and its retries; a long text gets the time it needs
        # to stream (a hung service is caught sooner, by the per-message timeout)
        budget = ctx.deadline() + len(spoken) / 20
        deadline_at = time.monotonic() + budget

        def once() -> tuple[bytes, list[_Boundary]]:
            try:
                return run_async(
                    lambda: _stream(spoken, voice, options, proxy, ctx),
                    cancel,
                    timeout=_left(deadline_at, budget),
                )
            except (Cancelled, BadInputError, VoiceError):
                raise
            except Exception as exc:
                raise _classify(exc) from exc

        try:
            audio, boundaries = retrying(
                once,
                attempts=ctx.retries() + 1,
                is_transient=_transient,
                cancel=cancel,
                deadline=budget,
            )
        except TransientError as exc:
            raise VoiceError(
                f"edge-tts failed (gave up after {ctx.retries() + 1} tries or {budget:.0f} s, "
                f"the deadline): {exc}"
            ) from None
        result = self._to_wav(audio, boundaries, spoken, voice, Path(out_path))
        ctx.accounting.record(PROVIDER, voice, len(spoken), 0, "chars")
        return result

    def _to_wav(
        self,
        audio: bytes,
        boundaries: list[_Boundary],
        spoken: str,
        voice: str,
        out_path: Path,
    ) -> SpeechResult:
        from shortvid_desktop.media.ffmpeg import run_ffmpeg

        out_path.parent.mkdir(parents=True, exist_ok=True)
        fd, mp3_name = tempfile.mkstemp(suffix=".mp3", dir=out_path.parent, prefix=".edge-")
        os.close(fd)
        mp3 = Path(mp3_name)
        raw = mp3.with_suffix(".wav")
        try:
            mp3.write_bytes(audio)
            run_ffmpeg(
                [
                    "-i",
                    str(mp3),
                    "-ac",
                    "1",
                    "-ar",
                    str(SAMPLE_RATE),
                    "-c:a",
                    "pcm_s16le",
                    str(raw),
                ],
                timeout=120,
            )
            samples, rate = wav.read_wav(raw)
        except (OSError, RuntimeError, ValueError, EOFError) as exc:
            raise VoiceError(f"edge-tts sent audio that could not be decoded: {exc}") from None
        finally:
            mp3.unlink(missing_ok=True)
            raw.unlink(missing_ok=True)
        samples, head = wav.trim_silence(samples, rate)
        if wav.speech_bounds(samples, rate) is None:
            raise VoiceError(f"edge-tts voice {voice} sent silence for {spoken[:60]!r}")
        wav.write_wav(out_path, samples, rate)
        duration_us = wav.samples_to_us(len(samples), rate)
        words = boundaries_to_words(boundaries, wav.samples_to_us(head, rate), duration_us)
        if not words:
            from .timing import estimate_word_timings

            words = estimate_word_timings(spoken, duration_us, _locale(voice))
        return SpeechResult(
            audio_path=out_path,
            duration_us=duration_us,
            words=words,
            words_estimated=any(w.estimated for w in words) or not words,
            engine=self.name,
            voice=voice,
        )


def _locale(voice: str) -> str:
    parts = voice.split("-")
    return "-".join(parts[:2]) if len(parts) >= 2 else "en-US"


def boundaries_to_words(
    boundaries: Sequence[_Boundary], shift_us: int, duration_us: int
) -> list[WordTiming]:
    """WordBoundary events as word timings: ticks to microseconds, shifted by the trimmed head,
    clamped to the audio, monotonic; punctuation-only boundaries dropped."""
    words: list[WordTiming] = []
    prev_end = 0
    for b in sorted(boundaries, key=lambda b: b.offset):
        text = b.text.strip()
        if not text or not any(ch.isalnum() for ch in text):
            continue
        start = b.offset // TICKS_PER_US - shift_us
        end = (b.offset + b.duration) // TICKS_PER_US - shift_us
        start = min(max(start, prev_end, 0), duration_us)
        end = min(max(end, start), duration_us)
        words.append(WordTiming(text, start, end, False))
        prev_end = end
    return words


# --------------------------------------------------------------------------- protocol
class _StreamCutShort(TransientError):
    """The websocket closed before ``turn.end``: the audio is incomplete."""


async def _stream(
    text: str,
    voice: str,
    options: dict[str, str],
    proxy: str | None,
    ctx: NetContext,
) -> tuple[bytes, list[_Boundary]]:
    import edge_tts

    connect = max(1, round(ctx.connect_timeout()))
    receive = max(1, round(ctx.timeout()))
    comm = edge_tts.Communicate(
        text,
        voice,
        boundary="WordBoundary",
        proxy=proxy,
        connect_timeout=connect,
        receive_timeout=receive,
        **options,
    )
    audio = bytearray()
    boundaries: list[_Boundary] = []
    messages = comm.stream().__aiter__()
    idle = ctx.timeout()
    while True:
        try:  # a per-message timeout: a stream that goes quiet fails, a long one does not
            chunk = await asyncio.wait_for(messages.__anext__(), idle)
        except StopAsyncIteration:
            break
        except TimeoutError:
            raise TimeoutError(f"the service said nothing for {idle:g} s") from None
        kind = chunk.get("type")
        if kind == "audio":
            audio += chunk.get("data", b"")
        elif kind == "WordBoundary":
            boundaries.append(
                _Boundary(str(chunk.get("text", "")), int(chunk["offset"]), int(chunk["duration"]))
            )
    state = getattr(comm, "state", None)
    if isinstance(state, dict) and state.get("chunk_audio_bytes"):
        # edge-tts resets this counter when it sees turn.end; audio left in it means the
        # connection closed mid-stream and the library returned what it had.
        raise _StreamCutShort("the connection closed before the service finished speaking")
    if not _covers(text, boundaries):
        raise _StreamCutShort("the service stopped before the last word")
    return bytes(audio), boundaries


def _alnum(text: str) -> int:
    return sum(1 for ch in text if ch.isalnum())


def _covers(text: str, boundaries: Sequence[_Boundary]) -> bool:
    """Whether the boundaries reach (nearly) the end of the text; True when there are none
    (the service sent audio but no boundaries: timings are estimated then)."""
    if not boundaries:
        return True
    said = _alnum("".join(b.text for b in boundaries))
    return said >= 0.8 * _alnum(text)


def _status(exc: BaseException) -> int | None:
    status = getattr(exc, "status", None)
    return status if isinstance(status, int) else None


def _left(deadline_at: float, cap: float) -> float:
    """What is left of a total deadline, at most ``cap`` seconds (never zero: ends at once)."""
    return max(0.05, min(cap, deadline_at - time.monotonic()))


def _classify(exc: BaseException) -> BaseException:
    """Transient failures become TransientError (retried); the rest VoiceError (reported)."""
    import aiohttp
    from edge_tts import exceptions as ex

    from shortvid_desktop.net import retry_after_s

    from ..secrets import redact

    if isinstance(exc, TransientError):
        return exc
    status = _status(exc)
    if isinstance(exc, aiohttp.ClientResponseError) and status is not None:
        headers = getattr(exc, "headers", None) or {}
        if status == 429 or status >= 500:
            return TransientError(
                f"the service answered {status}", retry_after=retry_after_s(dict(headers))
            )
        if status == 403:
            return VoiceError(
                "edge-tts was refused (403 Forbidden): Microsoft changes this service's access "
                "token from time to time. Update edge-tts (pip install -U edge-tts) or use "
                "another voice."
            )
        return VoiceError(f"edge-tts was refused ({status}): {redact(exc)}")
    if isinstance(exc, ex.NoAudioReceived):
        return VoiceError(
            "edge-tts returned no audio (is the voice name right? see `shortvid voices "
            "--engine edge`)"
        )
    if isinstance(exc, aiohttp.ClientConnectorError):
        why = getattr(exc.os_error, "strerror", None) or str(exc.os_error)
        return TransientError(f"cannot connect to {exc.host}:{exc.port} ({why})")
    if isinstance(exc, TimeoutError | aiohttp.ServerTimeoutError):
        return TransientError(f"no answer in time ({exc})")
    if isinstance(exc, aiohttp.ClientError | ConnectionError | ex.WebSocketError):
        return TransientError(f"cannot reach the service: {redact(exc) or type(exc).__name__}")
    if isinstance(exc, ex.EdgeTTSException):
        return VoiceError(
            f"edge-tts failed ({type(exc).__name__}: {redact(exc)}); the service may have "
            "changed: update edge-tts or use another voice"
        )
    if isinstance(exc, ValueError):  # bad rate/pitch/voice format
        return VoiceError(f"edge-tts refused the request: {exc}")
    return VoiceError(f"edge-tts failed: {type(exc).__name__}: {redact(exc)}")


def _transient(exc: BaseException) -> bool:
    return isinstance(exc, TransientError)


__all__ = ["DEFAULT_VOICES", "EdgeEngine", "boundaries_to_words"]
