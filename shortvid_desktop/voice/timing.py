"""Caption words and estimated word timings.

``split_words`` turns the text a voice spoke into caption words (edge punctuation stripped, text
order kept) with a relative speaking weight each: syllables for English-like text, characters for
Chinese (jieba words weighted by their character count), plus a pause weight after punctuation.

``estimate_word_timings`` spreads those weights over the audio. Given the silent stretches found
in the audio (``pauses``), it first pins punctuation boundaries to the pauses that fit them best and
then spreads each clause over its own stretch of speech, which keeps a long estimate from drifting.
All times are integer microseconds; the result is monotonic and non-overlapping.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from shortvid_desktop.core.model import WordTiming

from ..core.text import count_cjk, is_chinese_language, is_cjk

# Punctuation that ends a sentence or a clause, and the pause weight (in syllables) it adds.
_END = set(".!?。！？…‼⁉")
_CLAUSE = set(",;:，、；：—–-()（）[]【】《》")
_PAUSE_EN = {"end": 1.5, "clause": 0.8}
_PAUSE_ZH = {"end": 1.5, "clause": 0.8}
# Kept on a word's edges although Unicode calls them punctuation: they are spoken.
_SPOKEN_PUNCT = set("%‰&#@")
# Titles and abbreviations whose full stop is part of the word.
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sr",
    "jr",
    "st",
    "mt",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "fig",
    "approx",
    "dept",
}
_SPLIT_INSIDE = re.compile(r"(?<=[^\s—…])(—|…|\.\.\.)(?=\w)")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Token:
    """One caption word with its speaking weight and the pause weight that follows it."""

    word: str
    weight: float
    pause_after: float = 0.0
    trailing: str = ""  # the punctuation that followed the word in the text


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P") and ch not in _SPOKEN_PUNCT


def _pause_kind(punct: str) -> str:
    if any(c in _END for c in punct):
        return "end"
    if any(c in _CLAUSE for c in punct):
        return "clause"
    return ""


def _strip_edges(piece: str) -> tuple[str, str]:
    """(word, trailing punctuation) with leading punctuation dropped; abbreviations keep '.'."""
    start = 0
    while start < len(piece) and _is_punct(piece[start]):
        start += 1
    end = len(piece)
    while end > start and _is_punct(piece[end - 1]):
        end -= 1
    if start == len(piece):  # punctuation only
        return "", piece
    word, trailing = piece[start:end], piece[end:]
    if trailing.startswith(".") and word:
        abbreviation = word.lower() in _ABBREVIATIONS or (
            "." in word and all(len(p) <= 2 for p in word.split("."))  # U.S., e.g., a.m.
        )
        if abbreviation:
            word, trailing = word + ".", trailing[1:]
    return word, trailing


def english_syllables(word: str) -> float:
    """A rough syllable count for speaking time: vowel groups, acronyms spelled, digits read."""
    weight = 0.0
    for part in re.findall(r"[A-Za-z\u00C0-\u024F]+|\d+|[%‰&#@$€£¥+=]", word):
        if part.isdigit():
            weight += 1.2 * min(len(part), 6)
        elif part in "%‰":
            weight += 2.0
        elif part in "&#@$€£¥+=":
            weight += 1.0
        elif part.isupper() and len(part) <= 5 and len(part) > 1:
            weight += len(part)  # acronym, spelled out
        else:
            lower = part.lower()
            groups = len(_VOWEL_GROUPS.findall(lower))
            if lower.endswith("e") and not lower.endswith(("le", "ee", "ye")) and groups > 1:
                groups -= 1
            weight += max(1, groups)
    return weight


def chinese_weight(word: str) -> float:
    """Speaking weight in Han syllables: one per character; Latin words by syllables."""
    han = count_cjk(word)
    rest = "".join(" " if is_cjk(c) else c for c in word)
    weight = float(han)
    for part in rest.split():
        latin = english_syllables(part)
        digits = sum(c.isdigit() for c in part)
        weight += latin - 0.2 * digits  # Chinese reads digits one syllable each
        if "%" in part:
            weight += 1.0  # 百分之
    return weight


_jieba_lock = threading.Lock()


def jieba_cut(text: str) -> list[str]:
    """``jieba.lcut`` with its start-up chatter silenced (first call loads a dictionary, ~1 s)."""
    import jieba

    with _jieba_lock:
        jieba.setLogLevel(logging.WARNING)
        return jieba.lcut(text)


def _english_pieces(text: str) -> list[str]:
    pieces: list[str] = []
    for raw in text.split():
        parts = _SPLIT_INSIDE.split(raw)
        # re-attach each dash/ellipsis to the word before it (it marks the pause after it)
        buf = ""
        for part in parts:
            if part in ("—", "…", "..."):
                buf += part
            else:
                if buf:
                    pieces.append(buf)
                buf = part
        if buf:
            pieces.append(buf)
    return pieces


def split_words(text: str, language: str) -> list[Token]:
    """Caption words in text order, punctuation stripped from their edges, with weights."""
    chinese = is_chinese_language(language)
    pause_weights = _PAUSE_ZH if chinese else _PAUSE_EN
    pieces = jieba_cut(text) if chinese else _english_pieces(text)
    words: list[str] = []
    pauses: list[float] = []
    weights: list[float] = []
    trailings: list[str] = []
    for piece in pieces:
        if not piece.strip():
            continue
        word, trailing = _strip_edges(piece.strip())
        pause = pause_weights.get(_pause_kind(trailing), 0.0)
        if not word:
            if pauses:
                pauses[-1] = max(pauses[-1], pause)
                trailings[-1] += trailing
            continue
        words.append(word)
        weights.append(max(0.5, chinese_weight(word) if chinese else english_syllables(word)))
        pauses.append(pause)
        trailings.append(trailing)
    return [
        Token(w, wt, p, tr) for w, wt, p, tr in zip(words, weights, pauses, trailings, strict=True)
    ]


def words_to_text(words: Sequence[WordTiming | Token | str], language: str = "en") -> str:
    """Caption words joined back into display text (no spaces between Chinese words)."""
    texts = [w if isinstance(w, str) else w.word for w in words]
    if not is_chinese_language(language):
        return " ".join(texts)
    out = ""
    for t in texts:
        if out and t and not is_cjk(out[-1]) and not is_cjk(t[0]):
            out += " "
        out += t
    return out


# --------------------------------------------------------------------------- estimation
def _spread(
    tokens: Sequence[Token], start_us: int, end_us: int, with_last_pause: bool = False
) -> list[tuple[int, int]]:
    """Spread tokens over [start_us, end_us] by weight; inner pauses become gaps."""
    positions: list[tuple[float, float]] = []
    x = 0.0
    for i, tok in enumerate(tokens):
        positions.append((x, x + tok.weight))
        x += tok.weight
        if i < len(tokens) - 1 or with_last_pause:
            x += tok.pause_after
    total = x or 1.0
    span = max(0, end_us - start_us)
    out = [
        (start_us + round(span * a / total), start_us + round(span * b / total))
        for a, b in positions
    ]
    if out and not with_last_pause:
        out[-1] = (out[-1][0], end_us)
    return out


def _match_pauses(
    expected: Sequence[int], pauses: Sequence[tuple[int, int]], tolerance: int
) -> list[int | None]:
    """Monotonic assignment of boundaries to pauses minimising the distance to their centres."""
    nb, npz = len(expected), len(pauses)
    inf = float("inf")
    centres = [(a + b) / 2 for a, b in pauses]
    # cost[i][j]: best cost for the first i boundaries using the first j pauses
    cost = [[inf] * (npz + 1) for _ in range(nb + 1)]
    move: list[list[int]] = [[0] * (npz + 1) for _ in range(nb + 1)]
    for j in range(npz + 1):
        cost[0][j] = 0.0
    for i in range(1, nb + 1):
        cost[i][0] = cost[i - 1][0] + tolerance
        move[i][0] = 1
        for j in range(1, npz + 1):
            best, how = cost[i][j - 1], 2  # leave pause j unused
            if cost[i - 1][j] + tolerance < best:
                best, how = cost[i - 1][j] + tolerance, 1  # leave boundary i unmatched
            d = abs(expected[i - 1] - centres[j - 1])
            if d < tolerance and cost[i - 1][j - 1] + d < best:
                best, how = cost[i - 1][j - 1] + d, 3  # match
            cost[i][j], move[i][j] = best, how
    result: list[int | None] = [None] * nb
    i, j = nb, npz
    while i > 0:
        how = move[i][j]
        if how == 3:
            result[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif how == 2:
            j -= 1
        else:
            i -= 1
    return result


def estimate_word_timings(
    text: str,
    duration_us: int,
    language: str,
    *,
    speech: tuple[int, int] | None = None,
    pauses: Sequence[tuple[int, int]] = (),
) -> list[WordTiming]:
    """Estimated timings for the caption words of ``text`` spoken in ``duration_us``.

    Without ``speech``/``pauses`` the words fill [0, duration_us] in proportion to their weights
    (punctuation pauses become gaps) and the last word ends at ``duration_us``. ``speech`` bounds
    the voiced part of the audio (the words then fill it instead); ``pauses`` are silent stretches
    inside it, used to pin punctuation boundaries. Every timing has ``estimated=True``.
    """
    return estimate_token_timings(
        split_words(text, language), duration_us, speech=speech, pauses=pauses
    )


def estimate_token_timings(
    tokens: Sequence[Token],
    duration_us: int,
    *,
    speech: tuple[int, int] | None = None,
    pauses: Sequence[tuple[int, int]] = (),
) -> list[WordTiming]:
    """``estimate_word_timings`` for words already split (see there)."""
    if not tokens:
        return []
    duration_us = max(0, int(duration_us))
    start, end = speech if speech is not None else (0, duration_us)
    start = min(max(0, int(start)), duration_us)
    end = min(max(start, int(end)), duration_us)

    boundaries = [i for i, t in enumerate(tokens[:-1]) if t.pause_after > 0]
    usable = sorted((max(a, start), min(b, end)) for a, b in pauses if a < b)
    usable = [(a, b) for a, b in usable if start < a and b < end]
    anchors: dict[int, tuple[int, int]] = {}
    if boundaries and usable:
        spread = _spread(tokens, start, end)
        expected = [
            (spread[i][1] + spread[i + 1][0]) // 2 for i in boundaries
        ]  # middle of the gap after word i
        tolerance = max(400_000, (end - start) // 6)
        for b, p in zip(boundaries, _match_pauses(expected, usable, tolerance), strict=True):
            if p is not None:
                anchors[b] = usable[p]

    spans: list[tuple[int, int]] = []
    seg_first, seg_start = 0, start
    for i in sorted(anchors):
        pause_start, pause_end = anchors[i]
        spans += _spread(tokens[seg_first : i + 1], seg_start, pause_start)
        seg_first, seg_start = i + 1, pause_end
    spans += _spread(tokens[seg_first:], seg_start, end)

    out: list[WordTiming] = []
    prev_end = 0
    for tok, (s, e) in zip(tokens, spans, strict=True):
        s = max(s, prev_end)
        e = max(e, s)
        out.append(WordTiming(tok.word, s, e, True))
        prev_end = e
    return out


__all__ = [
    "Token",
    "chinese_weight",
    "english_syllables",
    "estimate_token_timings",
    "estimate_word_timings",
    "jieba_cut",
    "split_words",
    "words_to_text",
]
