"""OpenAI TTS (``/audio/speech``): natural multilingual voices; word timings estimated.

Any OpenAI-compatible endpoint that offers ``/audio/speech`` works (setting
``voice.openai.provider``, default ``openai``; its key comes from the keyring or
``OPENAI_API_KEY``). ``rate`` is sent as the ``speed`` (0.25-4.0); ``pitch`` cannot be
changed and is ignored. The service reports no word timings, so they are estimated from the text
and the pauses in the audio, and marked estimated.
The answer format (setting ``voice.openai.format``: mp3, wav, flac, aac, opus or pcm) is decoded
to 16-bit mono WAV with ffmpeg. Timeouts, retries (the SDK's: 429 honouring Retry-After, 5xx,
connection errors), the rate limit, the budget check and the usage row (characters) work as for
every external call (see ``net``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from shortvid_desktop.core.errors import BadInputError, VoiceError
from shortvid_desktop.jobs import Cancelled, CancelToken
from shortvid_desktop.net import (
    Endpoint,
    NetContext,
    NetError,
    describe_deadline,
    describe_openai_error,
    openai_client,
    run_cancellable,
)

from . import audio as wav
from .base import SpeechResult, VoiceInfo, check_rate, speakable_text
from .timing import estimate_word_timings

VOICES = (
    "alloy",
    "ash",
    "ballad",
    "coral",
    "echo",
    "fable",
    "nova",
    "onyx",
    "sage",
    "shimmer",
    "verse",
)
FORMATS = ("mp3", "wav", "flac", "aac", "opus", "pcm")
DEFAULT_VOICE = "alloy"
DEFAULT_MODEL = "gpt-4o-mini-tts"
PCM_RATE = 24000


class OpenAITTSEngine:
    name = "openai"
    online = True

    def __init__(
        self,
        context: NetContext | None = None,
        *,
        provider: str | None = None,
        model: str | None = None,
        response_format: str | None = None,
    ) -> None:
        self.context = context or NetContext()
        self.provider = provider or str(self.context.setting("voice.openai.provider", "openai"))
        self.model = model or str(self.context.setting("voice.openai.model", "") or "")
        fmt = response_format or str(self.context.setting("voice.openai.format", "mp3"))
        if fmt not in FORMATS:
            raise BadInputError(f"OpenAI TTS format must be one of {', '.join(FORMATS)}")
        self.response_format = fmt

    def with_context(self, context: NetContext) -> OpenAITTSEngine:
        return OpenAITTSEngine(context)

    @property
    def cache_id(self) -> str:
        model = self.model or "default"
        return f"{self.name}:{self.provider}:{model}"

    def _endpoint(self, require_key: bool = True) -> Endpoint:
        return self.context.resolve(self.provider, require_key=require_key)

    def available(self) -> bool:
        """True when the provider resolves and has a key (no network is used)."""
        return self.context.ready(self.provider)

    def unavailable_reason(self) -> str:
        try:
            self._endpoint()
        except Exception as exc:  # noqa: BLE001 - the message is the reason
            return str(exc)
        return ""

    def voices(self) -> list[VoiceInfo]:
        return [
            VoiceInfo(
                id=v,
                name=f"{v.capitalize()} (OpenAI, multilingual)",
                language="mul",
                engine=self.name,
                quality="natural multilingual voice (online, paid); estimated word timings",
            )
            for v in VOICES
        ]

    def default_voice(self, language: str) -> str:
        voice = str(self.context.setting("voice.openai.voice", DEFAULT_VOICE) or DEFAULT_VOICE)
        return voice

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
        voice = voice or self.default_voice("")
        ctx = self.context
        try:
            ep = self._endpoint()
        except NetError as exc:
            raise VoiceError(str(exc)) from None
        model = self.model or ep.tts_model or DEFAULT_MODEL
        try:
            ctx.accounting.check(ep.name, model, len(spoken), 0)
        except NetError as exc:
            raise VoiceError(str(exc)) from None
        ctx.limiter(ep.name).acquire(cancel)
        client = openai_client(ep, ctx)
        fmt = self.response_format

        def call() -> bytes:
            response = client.audio.speech.create(
                model=model, voice=voice, input=spoken, speed=rate, response_format=fmt
            )
            return response.content

        budget = ctx.deadline() + len(spoken) / 20  # in all, its retries included
        try:
            audio = run_cancellable(call, cancel, on_cancel=client.close, deadline=budget)
        except Cancelled:
            raise
        except TimeoutError:
            raise VoiceError(f"OpenAI TTS: {describe_deadline(ep, budget)}") from None
        except Exception as exc:  # noqa: BLE001 - every SDK failure becomes a VoiceError
            if cancel is not None and cancel.cancelled:
                raise Cancelled() from None
            raise VoiceError(
                f"OpenAI TTS: {describe_openai_error(exc, ep, ctx.timeout())}"
            ) from None
        finally:
            if cancel is None or not cancel.cancelled:
                client.close()
        if not audio:
            raise VoiceError(f"OpenAI TTS ({ep.name}) returned no audio")
        result = self._to_wav(audio, spoken, voice, Path(out_path))
        ctx.accounting.record(ep.name, f"{model}:{voice}", len(spoken), 0, "chars")
        return result

    def _to_wav(self, audio: bytes, spoken: str, voice: str, out_path: Path) -> SpeechResult:
        from shortvid_desktop.core.text import detect_language
        from shortvid_desktop.media.ffmpeg import run_ffmpeg

        out_path.parent.mkdir(parents=True, exist_ok=True)
        fd, src_name = tempfile.mkstemp(
            suffix=f".{self.response_format}", dir=out_path.parent, prefix=".openai-"
        )
        os.close(fd)
        src = Path(src_name)
        raw = src.with_suffix(".decoded.wav")
        fmt_args = (
            ["-f", "s16le", "-ar", str(PCM_RATE), "-ac", "1"]
            if self.response_format == "pcm"
            else []
        )
        try:
            src.write_bytes(audio)
            run_ffmpeg(
                [*fmt_args, "-i", str(src), "-ac", "1", "-c:a", "pcm_s16le", str(raw)],
                timeout=120,
            )
            samples, rate = wav.read_wav(raw)
        except (OSError, RuntimeError, ValueError, EOFError) as exc:
            raise VoiceError(f"OpenAI TTS sent audio that could not be decoded: {exc}") from None
        finally:
            src.unlink(missing_ok=True)
            raw.unlink(missing_ok=True)
        samples, _head = wav.trim_silence(samples, rate)
        bounds = wav.speech_bounds(samples, rate)
        if bounds is None:
            raise VoiceError(f"OpenAI TTS voice {voice} returned silence")
        wav.write_wav(out_path, samples, rate)
        duration_us = wav.samples_to_us(len(samples), rate)
        speech = (wav.samples_to_us(bounds[0], rate), wav.samples_to_us(bounds[1], rate))
        pauses = [
            (wav.samples_to_us(a, rate), wav.samples_to_us(b, rate))
            for a, b in wav.find_pauses(samples, rate, min_pause_ms=80)
        ]
        language = "zh-CN" if detect_language(spoken) == "zh" else "en-US"
        words = estimate_word_timings(spoken, duration_us, language, speech=speech, pauses=pauses)
        return SpeechResult(
            audio_path=out_path,
            duration_us=duration_us,
            words=words,
            words_estimated=True,
            engine=self.name,
            voice=voice,
        )


__all__ = ["FORMATS", "VOICES", "OpenAITTSEngine"]
