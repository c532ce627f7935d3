"""The text-style library (resources/text_styles.json) for the window: the presets text items
use, and the fields they share with a template's caption style (so the template editor can start
its captions from one)."""

from __future__ import annotations

from typing import Any

from ..render.text_anim import PRESET_FIELDS, load_presets

CAPTION_FIELDS = PRESET_FIELDS  # size, bold, colours, outline, shadow, box: as in CaptionStyle


def text_styles() -> dict[str, dict[str, Any]]:
    """Every preset by name (title, subtitle, label, quote, callout)."""
    return load_presets()


def caption_fields(name: str) -> dict[str, Any]:
    """The preset ``name``'s values for a template's caption style (``caption.<field>``)."""
    preset = load_presets()[name]
    return {f"caption.{key}": preset[key] for key in CAPTION_FIELDS}


__all__ = ["CAPTION_FIELDS", "caption_fields", "text_styles"]
