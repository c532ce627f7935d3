"""espeak-ng through its command-line program: robotic but intelligible, in 100+ languages.

The app's offline Mandarin voice. ``cmn`` reads Latin letters as English (so "AI" in Chinese text
comes out right), but in espeak-ng 1.51 (Debian 12, Ubuntu 24.04) it reads every Chinese character
as English-spoken pinyin ("好" -> "h a o three"; espeak-ng issue #1236). ``mandarin_voice()`` probes
for that once and answers ``cmn-latn-pinyin`` (correct characters, Latin read as pinyin) there;
``cmn`` asked of such an espeak-ng is spoken with ``cmn-latn-pinyin`` (the result names the voice
used). espeak-ng reports no word timings on its command line, so they are
estimated: the text's punctuation boundaries are pinned to the pauses found in the audio and each
clause is spread over its own stretch of speech (Chinese: per character; others: per syllable).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from shortvid_desktop.core.errors import VoiceError
from shortvid_desktop.jobs import Cancelled, CancelToken
from shortvid_desktop.jobs.spawn import no_window

from ..core.text import is_chinese_language
from . import audio as wav
from .base import SpeechResult, VoiceInfo, check_rate, speakable_text
from .timing import estimate_word_timings

DEFAULT_SPEED_WPM = 175  # espeak-ng's own default
# cmn-latn-pinyin at 175 wpm speaks ~3.5 characters/s with pauses, 200 wpm ~4.2; natural reading
# is 4-5. A little under natural keeps a robotic voice intelligible.
CHINESE_SPEED_WPM = 190
MANDARIN, MANDARIN_PINYIN = "cmn", "cmn-latn-pinyin"
_LANGUAGE_TAGS = {
    "cmn": "zh-CN",
    "cmn-latn-pinyin": "zh-CN",
    "yue": "zh-HK",
    "yue-latn-jyutping": "zh-HK",
    "hak": "zh-hak",
    "en": "en-GB",
}
_NAMES = {
    "cmn": "Mandarin (espeak-ng)",
    "cmn-latn-pinyin": "Mandarin, Latin read as pinyin (espeak-ng)",
    "yue": "Cantonese (espeak-ng)",
    "en-us": "US English (espeak-ng)",
}


def _tag(code: str) -> str:
    code = code.lower()
    if code in _LANGUAGE_TAGS:
        return _LANGUAGE_TAGS[code]
    parts = code.split("-")
    return "-".join([parts[0], *(p.upper() if len(p) == 2 else p for p in parts[1:])])


def _quiet_env() -> dict[str, str]:
    """The environment for espeak-ng. It opens the sound server at start even when it only writes
    a file, and PulseAudio's client then leaves a runtime folder in TMPDIR and a link under
    ~/.config/pulse; pointing it at a socket that cannot exist keeps it off the user's files and
    sound server (espeak-ng writes its WAV all the same)."""
    env = dict(os.environ)
    env["PULSE_SERVER"] = "unix:" + os.path.join(os.devnull, "shortvid-no-sound-server")
    return env


class EspeakEngine:
    name = "espeak"

    def __init__(self, binary: str | None = None) -> None:
        self._binary = binary
        self._voices: list[VoiceInfo] | None = None
        self._cmn_broken: bool | None = None
        self._lock = threading.RLock()  # voices() -> cmn probe

    @property
    def binary(self) -> str | None:
        return self._binary or shutil.which("espeak-ng")

    def available(self) -> bool:
        return self.binary is not None

    def voices(self) -> list[VoiceInfo]:
        binary = self.binary
        if binary is None:
            return []
        with self._lock:
            if self._voices is None:
                self._voices = self._list_voices(binary)
            return list(self._voices)

    def cmn_reads_pinyin_as_english(self) -> bool:
        """True where ``cmn`` speaks Chinese characters as English-read pinyin (espeak-ng 1.51)."""
        binary = self.binary
        if binary is None:
            return False
        with self._lock:
            if self._cmn_broken is None:
                try:
                    out = subprocess.run(
                        [binary, "-v", MANDARIN, "-q", "-x", "好"],
                        capture_output=True,
                        text=True,
                        timeout=20,
                        env=_quiet_env(),
                        **no_window(),
                    ).stdout
                    self._cmn_broken = "(en)" in out or not out.strip()
                except (OSError, subprocess.SubprocessError):
                    self._cmn_broken = True  # unknown: the pinyin voice is right either way
            return self._cmn_broken

    def mandarin_voice(self) -> str:
        """The Mandarin voice to use: ``cmn``, or ``cmn-latn-pinyin`` where ``cmn`` is broken."""
        return MANDARIN_PINYIN if self.cmn_reads_pinyin_as_english() else MANDARIN

    def _list_voices(self, binary: str) -> list[VoiceInfo]:
        try:
            out = subprocess.run(
                [binary, "--voices"],
                capture_output=True,
                text=True,
                timeout=20,
                check=True,
                env=_quiet_env(),
                **no_window(),
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        voices: list[VoiceInfo] = []
        seen: set[str] = set()
        for line in out.splitlines()[1:]:
            cols = line.split()
            if len(cols) < 5:
                continue
            language, gender, file = cols[1], cols[2], cols[4]
            if file.startswith(("mb/", "!v")) or language == "variant":
                continue  # mbrola voices need extra downloads; variants are not languages
            voice_id = file.rsplit("/", 1)[-1].lower()
            if voice_id in seen:
                continue
            seen.add(voice_id)
            chinese = is_chinese_language(voice_id)
            quality = (
                "robotic but intelligible; estimated word timings"
                if chinese
                else "robotic (formant synthesis); estimated word timings"
            )
            if voice_id == MANDARIN and self.cmn_reads_pinyin_as_english():
                quality = (
                    "this espeak-ng reads Chinese characters as English pinyin with cmn; "
                    f"{MANDARIN_PINYIN} is spoken instead"
                )
            voices.append(
                VoiceInfo(
                    id=voice_id,
                    name=_NAMES.get(voice_id, cols[3].replace("_", " ") + " (espeak-ng)"),
                    language=_tag(voice_id),
                    gender={"M": "male", "F": "female"}.get(gender[-1:], ""),
                    engine=self.name,
                    quality=quality,
                )
            )
        return voices

    def _speed(self, voice: str, rate: float) -> int:
        base = CHINESE_SPEED_WPM if is_chinese_language(voice) else DEFAULT_SPEED_WPM
        return max(80, min(500, round(base * rate)))

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
        binary = self.binary
        if binary is None:
            raise VoiceError(
                "espeak-ng is not installed; install it (e.g. apt install espeak-ng) or pick "
                "another voice"
            )
        voice = (voice or self.mandarin_voice()).lower()
        known = {v.id for v in self.voices()}
        if known and voice not in known:
            raise VoiceError(f"espeak-ng has no voice {voice!r}")
        if voice == MANDARIN and self.cmn_reads_pinyin_as_english():
            voice = MANDARIN_PINYIN
        spoken = speakable_text(text)
        if cancel is not None:
            cancel.raise_if_cancelled()
        out_path = Path(out_path)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        p = max(0, min(99, round(50 * (1 + pitch / 100))))
        fd, raw_name = tempfile.mkstemp(suffix=".wav", dir=out_path.parent, prefix=".espeak-")
        os.close(fd)
        raw = Path(raw_name)
        cmd = [binary, "-v", voice, "-s", str(self._speed(voice, rate)), "-p", str(p)]
        cmd += ["-b", "1", "-w", str(raw)]  # -b 1: UTF-8 text on stdin
        try:
            self._run(cmd, spoken, cancel)
            samples, sample_rate = wav.read_wav(raw)
        except (OSError, ValueError, EOFError) as exc:
            raise VoiceError(f"espeak-ng produced no usable audio: {exc}") from exc
        finally:
            raw.unlink(missing_ok=True)
        samples, _ = wav.trim_silence(samples, sample_rate)
        if wav.speech_bounds(samples, sample_rate) is None:
            raise VoiceError(f"espeak-ng voice {voice!r} produced silence for {spoken[:60]!r}")
        wav.write_wav(out_path, samples, sample_rate)
        duration_us = wav.samples_to_us(len(samples), sample_rate)
        bounds = wav.speech_bounds(samples, sample_rate)
        speech = (
            (wav.samples_to_us(bounds[0], sample_rate), wav.samples_to_us(bounds[1], sample_rate))
            if bounds
            else None
        )
        pauses = [
            (wav.samples_to_us(a, sample_rate), wav.samples_to_us(b, sample_rate))
            # a comma leaves >= 80 ms of silence at 1.0; gaps between syllables stay under 30 ms
            for a, b in wav.find_pauses(
                samples, sample_rate, min_pause_ms=round(max(35, 60 / rate))
            )
        ]
        language = _tag(voice)
        words = estimate_word_timings(spoken, duration_us, language, speech=speech, pauses=pauses)
        return SpeechResult(
            audio_path=out_path,
            duration_us=duration_us,
            words=words,
            words_estimated=True,
            engine=self.name,
            voice=voice,
        )

    @staticmethod
    def _run(cmd: list[str], text: str, cancel: CancelToken | None) -> None:
        timeout = 60 + len(text) / 20
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=_quiet_env(),
            **no_window(),
        )
        remove = cancel.on_cancel(proc.kill) if cancel is not None else None
        try:
            _, err = proc.communicate(text.encode("utf-8"), timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise VoiceError(f"espeak-ng took longer than {timeout:.0f} s; stopped it") from None
        finally:
            if remove is not None:
                remove()
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
        if proc.returncode != 0:
            msg = err.decode("utf-8", "replace").strip()[-300:]
            raise VoiceError(f"espeak-ng failed (exit {proc.returncode}): {msg}")


__all__ = ["EspeakEngine"]
