"""The fallback chain: when one voice engine fails, the next one speaks, and the user is told.

The user orders the engines (setting ``voice.chain``, default ``edge, openai, offline``; ``offline``
means the best offline voice for the language: piper or espeak-ng). A scene is first tried with the
voice the user chose (which need not be in the chain), then with each engine of the chain in turn,
each with its default voice for the language. An engine that fails is not tried again for the
rest of the run (so one 403 does not cost every scene a timeout, and the voice stays the same from
scene to scene) - but its cached speech is still used. Engines that cannot work here (no key, not
installed) are skipped. ``ChainResult.notices`` say which engine spoke and why the earlier ones
did not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from shortvid_desktop.core.errors import BadInputError, ShortVidError, VoiceError
from shortvid_desktop.jobs import Cancelled, CancelToken
from shortvid_desktop.net import NetContext, UsageStore

from .base import SpeechResult, VoiceEngine
from .cache import lookup, synthesize_cached
from .registry import best_offline_voice, default_voice, get_engine

OFFLINE = "offline"
DEFAULT_ORDER: tuple[str, ...] = ("edge", "openai", OFFLINE)
SETTING_CHAIN = "voice.chain"


def check_order(order: Sequence[str] | str) -> list[str]:
    """A chain as stored: engine names (``offline`` allowed), lower-case, no repeats."""
    items = order.split(",") if isinstance(order, str) else list(order)
    out: list[str] = []
    for item in items:
        name = str(item).strip().lower()
        if not name:
            continue
        if not name.replace("_", "").replace("-", "").isalnum():
            raise BadInputError(f"Bad engine name {item!r} in the voice chain")
        if name not in out:
            out.append(name)
    if not out:
        raise BadInputError("The voice chain is empty: name at least one engine, e.g. offline")
    return out


@dataclass
class ChainResult:
    result: SpeechResult
    engine: str
    voice: str
    notices: list[str] = field(default_factory=list)
    from_cache: bool = False
    fell_back: bool = False

    @property
    def spec(self) -> str:
        return f"{self.engine}:{self.voice}"


class VoiceChain:
    """Speak texts through the first engine of the chain that works (see the module doc)."""

    def __init__(
        self,
        order: Sequence[str] | str = DEFAULT_ORDER,
        *,
        context: NetContext | None = None,
        engine_lookup: Callable[[str], VoiceEngine] = get_engine,
    ) -> None:
        self.order = check_order(order)
        self.context = context or NetContext()
        self._lookup = engine_lookup
        self.failed: dict[str, str] = {}  # engine -> why it failed earlier in this run
        self._engines: dict[str, VoiceEngine] = {}

    @classmethod
    def from_settings(cls, store: UsageStore | None, project_id: str = "") -> VoiceChain:
        """The user's chain (setting ``voice.chain``) with the app's store for usage rows."""
        context = NetContext(store=store, project_id=project_id)
        raw: Any = context.setting(SETTING_CHAIN, list(DEFAULT_ORDER))
        try:
            order = check_order(raw if isinstance(raw, list | str) else list(DEFAULT_ORDER))
        except BadInputError:
            order = list(DEFAULT_ORDER)
        return cls(order, context=context)

    def engine(self, name: str) -> VoiceEngine:
        """The engine ``name`` bound to this chain's context (raises VoiceError)."""
        if name not in self._engines:
            engine = self._lookup(name)
            bind = getattr(engine, "with_context", None)
            self._engines[name] = bind(self.context) if callable(bind) else engine
        return self._engines[name]

    def candidates(
        self, language: str, first: tuple[str, str] | None = None
    ) -> list[tuple[str, str]]:
        """(engine, voice) pairs in the order they will be tried; voice "" = the engine's
        default for the language, decided when it is tried."""
        out: list[tuple[str, str]] = []
        if first is not None and first[0]:
            out.append((first[0], first[1]))
        for name in self.order:
            if name == OFFLINE:
                try:
                    pair = best_offline_voice(language)
                except (VoiceError, BadInputError):
                    continue
            else:
                pair = (name, "")
            if any(pair[0] == e for e, _ in out):
                continue
            out.append(pair)
        return out

    def speak(
        self,
        text: str,
        language: str,
        first: tuple[str, str] | None = None,
        rate: float = 1.0,
        pitch: int = 0,
        cancel: CancelToken | None = None,
        label: str = "",
    ) -> ChainResult:
        """Speak ``text``: the first candidate that works. Raises VoiceError listing every
        engine's reason when none does, BadInputError for unusable text, Cancelled."""
        what = f"{label}: " if label else ""
        reasons: list[tuple[str, str, str]] = []  # (engine:voice, failed/skipped, why)
        wanted = first if first is not None and first[0] else None
        for engine_name, voice in self.candidates(language, wanted):
            if cancel is not None:
                cancel.raise_if_cancelled()
            try:
                engine = self.engine(engine_name)
            except VoiceError as exc:
                reasons.append((engine_name, "skipped", str(exc)))
                continue
            try:
                voice = voice or default_voice(engine, language)
            except (VoiceError, BadInputError) as exc:
                reasons.append((engine_name, "skipped", str(exc)))
                continue
            spec = f"{engine_name}:{voice}"
            cached = lookup(engine, voice, rate, pitch, text)
            if cached is not None:
                return self._done(cached, engine_name, voice, reasons, wanted, what, True)
            if engine_name in self.failed:
                reasons.append((spec, "skipped", f"not tried again: {self.failed[engine_name]}"))
                continue
            if not engine.available():
                why = getattr(engine, "unavailable_reason", None)
                reason = (why() if callable(why) else "") or "not available here"
                reasons.append((spec, "skipped", reason))
                self.failed[engine_name] = reason
                continue
            try:
                result = synthesize_cached(engine, text, voice, rate, pitch, cancel=cancel)
            except (Cancelled, BadInputError):
                raise
            except ShortVidError as exc:
                reasons.append((spec, "failed", str(exc)))
                self.failed[engine_name] = f"it failed earlier ({_short(str(exc))})"
                continue
            except Exception as exc:  # noqa: BLE001 - an engine's library broke: fall back
                from shortvid_desktop.secrets import redact

                message = f"{type(exc).__name__}: {redact(exc)}"
                reasons.append((spec, "failed", message))
                self.failed[engine_name] = f"it failed earlier ({_short(message)})"
                continue
            return self._done(result, engine_name, voice, reasons, wanted, what, False)
        detail = "; ".join(f"{spec} {how}: {why}" for spec, how, why in reasons)
        raise VoiceError(f"{what}no voice engine could speak it ({detail or 'none is set up'})")

    @staticmethod
    def _done(
        result: SpeechResult,
        engine: str,
        voice: str,
        reasons: list[tuple[str, str, str]],
        wanted: tuple[str, str] | None,
        what: str,
        from_cache: bool,
    ) -> ChainResult:
        notices: list[str] = []
        fell_back = bool(reasons)
        if reasons:
            why = "; ".join(f"{spec} {how}: {_short(r, 240)}" for spec, how, r in reasons)
            instead = f" instead of {wanted[0]}:{wanted[1]}" if wanted and wanted[1] else ""
            notices.append(f"{what}spoken by {engine}:{voice}{instead}. {why.rstrip('.')}.")
        return ChainResult(result, engine, voice, notices, from_cache, fell_back)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["DEFAULT_ORDER", "OFFLINE", "SETTING_CHAIN", "ChainResult", "VoiceChain", "check_order"]
