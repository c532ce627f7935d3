"""The words of a clip's caption timing: re-timed to a window of the clip, and split (with the
text) where a clip is split."""

from __future__ import annotations

from collections.abc import Iterable

from ...core.model import WordTiming


def _slice_words(words: Iterable[WordTiming], offset: int, length: int) -> list[WordTiming]:
    """Words re-timed to a window ``[offset, offset + length)`` of the clip they belong to.

    Words outside the window are dropped; words cut by its edges are clamped to it.
    """
    out: list[WordTiming] = []
    for w in words:
        start, end = w.start_us - offset, w.end_us - offset
        if end < 0 or start >= length or (end == 0 and start < 0):
            continue
        out.append(WordTiming(w.word, max(0, start), min(length, end), w.estimated))
    return out


def _split_words(
    words: list[WordTiming], offset: int, length: int
) -> tuple[list[WordTiming], list[WordTiming]]:
    """Divide a clip's words at ``offset``: each word goes to the side holding its middle,
    clamped to that side; the second side's times become relative to its own start."""
    first: list[WordTiming] = []
    second: list[WordTiming] = []
    for w in words:
        if (w.start_us + w.end_us) / 2 < offset:
            first.append(WordTiming(w.word, w.start_us, min(w.end_us, offset), w.estimated))
        else:
            start, end = max(0, w.start_us - offset), max(0, w.end_us - offset)
            second.append(WordTiming(w.word, min(start, length), min(end, length), w.estimated))
    return first, second


def _split_text(text: str, words: list[WordTiming], k: int) -> tuple[str, str] | None:
    """Split ``text`` before its ``k``-th word (words located in order).

    None (keep the text on both parts) when there are no words or they cannot be found in it.
    """
    if not words:
        return None
    if k <= 0:
        return "", text
    if k >= len(words):
        return text, ""
    cursor = 0
    for i, w in enumerate(words):
        pos = text.find(w.word, cursor) if w.word else cursor
        if pos < 0:
            return None
        if i == k:
            return text[:pos].rstrip(), text[pos:]
        cursor = pos + len(w.word)
    return None
