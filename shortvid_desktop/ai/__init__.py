"""Script help: LLM providers behind one OpenAI-compatible client, and the offline helper.

    from shortvid_desktop.ai import script_from_topic
    result = script_from_topic("Why cats purr", provider="deepseek", lang="en", seconds=30)
    result.script, result.notices

``generate`` asks a provider for a structured script (JSON, validated against core.model.Script,
cleaned for voices, one repair retry) and edits single scenes; ``client`` is the one client for
OpenAI, DeepSeek, Qwen, Moonshot, Ollama, LM Studio and custom endpoints; ``providers`` holds the
presets and settings; ``offline`` splits the user's own text into scenes with no network.
"""

from __future__ import annotations

from .client import ChatResult, ConnectionReport, LLMClient, client_for
from .generate import (
    ScriptFormatError,
    ScriptRequest,
    ScriptResult,
    generate_script,
    merge_keywords,
    offline_script,
    revise_scene,
    script_from_topic,
)
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
    "ChatResult",
    "ConnectionReport",
    "LLMClient",
    "ScriptFormatError",
    "ScriptRequest",
    "ScriptResult",
    "client_for",
    "detect_language",
    "generate_script",
    "merge_keywords",
    "offline_script",
    "revise_scene",
    "script_from_topic",
    "estimate_speech_s",
    "keywords",
    "on_screen_text",
    "script_from_text",
    "split_scenes",
    "split_sentences",
    "strip_markdown",
    "tone",
]
