"""Stock search queries written by the LLM: per scene, 2-3 concrete things a camera can film.

One call for the whole script (not one per scene), a JSON answer validated here; the call goes
through ``LLMClient`` like every other, so the budget is checked before sending and the usage
ledger gets its row. The queries are in English: the stock libraries (Pexels, Pixabay,
Openverse) index their media in English first, whatever the script's language. Callers fall
back to the scene's offline keywords when this raises (``VisualQueryError``, any NetError).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.model import Scene
from ..jobs import CancelToken
from ..net import NetError
from .client import LLMClient
from .generate import ScriptFormatError, extract_json

MIN_QUERIES, MAX_QUERIES = 2, 3
MAX_QUERY_CHARS = 60
QUERY_LANGUAGE = "en"

_SYSTEM = """You choose stock footage for a short video.
For each scene, write 2 or 3 search queries for a stock video site such as Pexels or Pixabay.
Each query names something concrete a camera can film: objects, places, animals, people doing
something, light and weather. 1 to 4 words, in English, whatever the script's language. No
abstract ideas, no brand or person names, no text on screen.
Answer with ONE JSON object and nothing else (no markdown, no code fence):
{"scenes": [{"scene": 1, "queries": ["query", "query"]}, ...]}
with exactly one entry per scene, in the scenes' order."""

QUERIES_SCHEMA: dict[str, Any] = {
    "name": "visual_queries",
    "strict": True,
    "schema": {
        "type": "object",
        "additionalProperties": False,
        "required": ["scenes"],
        "properties": {
            "scenes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["scene", "queries"],
                    "properties": {
                        "scene": {"type": "integer"},
                        "queries": {"type": "array", "items": {"type": "string"}},
                    },
                },
            }
        },
    },
}


class VisualQueryError(ScriptFormatError):
    """The model's answer is not usable search queries; ``reason`` says where."""

    def __init__(self, reason: str, *, provider: str = "") -> None:
        self.reason = reason
        NetError.__init__(
            self, f"The AI answer is not usable search queries: {reason}", provider=provider
        )


@dataclass
class VisualQueries:
    """Queries per scene id, in the order to try them, and who wrote them."""

    queries: dict[str, list[str]]
    provider: str
    model: str = ""
    language: str = QUERY_LANGUAGE


def build_messages(scenes: Sequence[Scene], language: str) -> list[dict[str, str]]:
    lines = [f"The script is in language '{language or 'en'}'. {len(scenes)} scenes:"]
    for i, scene in enumerate(scenes, start=1):
        text = " ".join(scene.narration.split())[:500]
        extra = []
        if scene.keywords:
            extra.append("keywords: " + ", ".join(k for k in scene.keywords if k))
        if scene.mood:
            extra.append(f"mood: {scene.mood}")
        tail = f" ({'; '.join(extra)})" if extra else ""
        lines.append(f"Scene {i}: {text}{tail}")
    return [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": "\n".join(lines)}]


def _clean(query: Any, path: str) -> str:
    if not isinstance(query, str):
        raise VisualQueryError(f"{path} is {type(query).__name__}, not text")
    text = " ".join(query.replace("#", " ").split()).strip(" .,;:\"'")
    return text[:MAX_QUERY_CHARS].strip()


def parse_queries(text: str, count: int) -> list[list[str]]:
    """``count`` lists of 1-3 queries from the model's answer (scene order). Raises
    VisualQueryError naming the field that is wrong."""
    try:
        data = extract_json(text)
    except ScriptFormatError as exc:
        raise VisualQueryError(exc.reason) from None
    items = data.get("scenes") if isinstance(data, Mapping) else data
    if not isinstance(items, list):
        raise VisualQueryError("'scenes' is missing or not a list")
    if len(items) != count:
        raise VisualQueryError(f"'scenes' has {len(items)} entries for {count} scenes")
    out: list[list[str]] = []
    for i, item in enumerate(items):
        raw = item.get("queries") if isinstance(item, Mapping) else item
        if not isinstance(raw, list):
            raise VisualQueryError(f"scenes[{i}].queries is missing or not a list")
        queries = [_clean(q, f"scenes[{i}].queries[{j}]") for j, q in enumerate(raw)]
        queries = list(dict.fromkeys(q for q in queries if q))[:MAX_QUERIES]
        if not queries:
            raise VisualQueryError(f"scenes[{i}].queries has no query")
        out.append(queries)
    return out


def visual_queries(
    scenes: Sequence[Scene],
    language: str,
    client: LLMClient,
    cancel: CancelToken | None = None,
) -> VisualQueries:
    """Ask ``client`` once for every scene's queries. Raises VisualQueryError for an unusable
    answer, BudgetExceededError before sending, other NetErrors, Cancelled."""
    if not scenes:
        return VisualQueries({}, client.provider)
    result = client.chat(
        build_messages(scenes, language),
        schema=QUERIES_SCHEMA,
        stream=False,
        max_tokens=60 + 40 * len(scenes),
        temperature=0.4,
        cancel=cancel,
    )
    try:
        lists = parse_queries(result.text, len(scenes))
    except VisualQueryError as exc:
        raise VisualQueryError(exc.reason, provider=client.provider) from None
    return VisualQueries(
        {s.id: q for s, q in zip(scenes, lists, strict=True)}, client.provider, result.model
    )


__all__ = [
    "QUERIES_SCHEMA",
    "QUERY_LANGUAGE",
    "VisualQueries",
    "VisualQueryError",
    "build_messages",
    "parse_queries",
    "visual_queries",
]
