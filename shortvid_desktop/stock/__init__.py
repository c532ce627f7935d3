"""Pictures and clips for people without footage: stock search, AI pictures, matching, credits.

Providers follow ``VisualProvider`` (``base.py``): Pexels and Pixabay (keys in the keyring or
``PEXELS_API_KEY`` / ``PIXABAY_API_KEY``), Openverse (no key) in ``providers.py``, and pictures
from the configured OpenAI-compatible provider in ``ai_images.py``. Every call follows the
network rules (``http.py``). ``matching.py`` chooses per scene; ``credits.py`` writes what the
licences ask for. The window and the CLI reach this package through ``session.visuals`` only.
"""

from __future__ import annotations

from ..net import NetContext
from .ai_images import AIImageProvider
from .base import Candidate, Downloaded, Rendition, VisualProvider, orientation_of
from .credits import credit_line, credits_text, end_card_text
from .matching import Choice, best_rendition, choose, covers_scene
from .providers import (
    OpenverseProvider,
    PexelsProvider,
    PixabayProvider,
    base_url,
    locale_for,
    provider_key,
)

STOCK_NAMES = ("pexels", "pixabay", "openverse", "ai")


def make_provider(name: str, context: NetContext | None = None) -> VisualProvider:
    table = {
        "pexels": PexelsProvider,
        "pixabay": PixabayProvider,
        "openverse": OpenverseProvider,
        "ai": AIImageProvider,
    }
    if name not in table:
        raise ValueError(f"unknown visual source {name!r}")
    return table[name](context)  # type: ignore[return-value]


__all__ = [
    "AIImageProvider",
    "Candidate",
    "Choice",
    "Downloaded",
    "OpenverseProvider",
    "PexelsProvider",
    "PixabayProvider",
    "Rendition",
    "STOCK_NAMES",
    "VisualProvider",
    "base_url",
    "best_rendition",
    "choose",
    "covers_scene",
    "credit_line",
    "credits_text",
    "end_card_text",
    "locale_for",
    "make_provider",
    "orientation_of",
    "provider_key",
]
