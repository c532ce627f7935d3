"""Script help: the offline helper (scenes, keywords, tone from the user's own text).

LLM providers will live beside it behind one protocol; the offline helper needs no network.
"""

from __future__ import annotations

from .offline import (
    detect_language,
    estimate_speech_s,
    keywords,
    on_screen_text,
    script_from_text,
    split_scenes,
    split_sentences,
    strip_markdown,
    tone,
)

__all__ = [
    "detect_language",
    "estimate_speech_s",
    "keywords",
    "on_screen_text",
    "script_from_text",
    "split_scenes",
    "split_sentences",
    "strip_markdown",
    "tone",
]
