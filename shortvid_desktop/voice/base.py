"""The voice protocol: every engine turns text into a WAV file plus word timings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from shortvid_desktop.core.model import WordTiming
from shortvid_desktop.jobs import CancelToken


@dataclass(frozen=True)
class VoiceInfo:
    id: str  # what ``synthesize(voice=...)`` takes, e.g. "en_US-joe-medium", "cmn"
    name: str  # for people: "Joe (US English)"
    language: str  # BCP 47-ish: "en-US", "zh-CN"
    gender: str = ""  # "male", "female" or "" when unknown
    engine: str = ""
    quality: str = ""  # an honest note: "natural", "robotic but intelligible", ...

    @property
    def spec(self) -> str:
        """``"engine:voice"``, the form a Project stores."""
        return f"{self.engine}:{self.id}"


@dataclass
class SpeechResult:
    audio_path: Path  # 16-bit PCM WAV
    duration_us: int
    words: list[WordTiming] = field(default_factory=list)  # relative to the audio's start
    words_estimated: bool = True
    engine: str = ""
    voice: str = ""


@runtime_checkable
class VoiceEngine(Protocol):
    """A text-to-speech engine.

    ``rate`` is a speed factor (1.0 = the voice's normal pace, 1.5 = half as fast again);
    ``pitch`` a relative change in percent (-50..50, 0 = the voice's own; engines that cannot
    change pitch ignore it). ``synthesize`` writes ``out_path`` and raises VoiceError when the
    engine fails, BadInputError for unusable text, Cancelled when ``cancel`` is set.
    """

    name: str

    def available(self) -> bool: ...

    def voices(self) -> list[VoiceInfo]: ...

    def synthesize(
        self,
        text: str,
        voice: str,
        rate: float = 1.0,
        pitch: int = 0,
        *,
        out_path: Path,
        cancel: CancelToken | None = None,
    ) -> SpeechResult: ...


MIN_RATE, MAX_RATE = 0.25, 4.0


def speakable_text(text: str) -> str:
    """The text a voice will speak (markdown, emoji and links removed); BadInputError if none."""
    from shortvid_desktop.core.errors import BadInputError
    from shortvid_desktop.core.text import clean_for_speech

    spoken = clean_for_speech(text)
    if not spoken:
        raise BadInputError(
            "Nothing to speak: the text is empty once markdown, emoji and links are removed"
        )
    return spoken


def check_rate(rate: float) -> float:
    from shortvid_desktop.core.errors import BadInputError

    if not (MIN_RATE <= float(rate) <= MAX_RATE):
        raise BadInputError(
            f"The speaking rate must be between {MIN_RATE} and {MAX_RATE}; got {rate}"
        )
    return float(rate)


__all__ = ["SpeechResult", "VoiceEngine", "VoiceInfo", "check_rate"]
