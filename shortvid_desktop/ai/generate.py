"""Scripts from a topic: structured LLM output, validated, cleaned for voices; per-scene edits.

``script_from_topic`` is the front door: with a provider it asks for JSON (title, hook, scenes
with narration, on-screen text, 1-3 visual keywords, mood and a duration hint), streams progress,
parses the answer tolerantly (code fences, prose around the object, trailing commas), validates it
against ``core.model.Script`` (errors name the field, e.g. ``scenes[2].narration``) and asks the
model once to repair an answer that fails. Narration, captions, title and hook lose markdown,
emoji, hashtags and URLs before anything reaches a voice. Keywords are the model's merged with the
offline helper's (jieba/yake), de-duplicated; a missing mood is the offline tone.

Without a provider, or when it cannot be used (network down, no key, budget), it falls back to
the offline helper with a notice that says why and that the result is a template.

``revise_scene`` rewrites, shortens, changes the tone of or translates one scene; every other
scene is returned unchanged (same ids and content).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.core.model import Scene, Script
from shortvid_desktop.core.serial import ValidationError, clone, from_dict
from shortvid_desktop.core.text import (
    detect_language,
    is_chinese_language,
    is_cjk,
    strip_markdown,
)
from shortvid_desktop.jobs import Cancelled, CancelToken, Progress
from shortvid_desktop.net import NetContext, NetError, default_provider

from .client import ChatResult, LLMClient
from .offline import (
    estimate_speech_s,
    keywords,
    on_screen_text,
    pick_opening,
    script_from_text,
    split_sentences,
    tone,
)

STYLES: dict[str, str] = {
    "explainer": "an explainer: one idea made clear, step by step, with a concrete example",
    "story": "a story: a character, a turn of events and a payoff",
    "promo": "a product promo: the problem, the product as the answer, proof, a call to action",
    "listicle": "a listicle: a numbered list of short, punchy points",
}
_STYLE_ALIASES = {"product promo": "promo", "product": "promo", "list": "listicle"}
LANGUAGE_NAMES = {
    "en": "English",
    "zh": "Simplified Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
    "ru": "Russian",
}
MIN_SECONDS, MAX_SECONDS = 5, 600
ACTIONS = ("rewrite", "shorten", "tone", "translate")

SCRIPT_SCHEMA: dict[str, Any] = {
    "name": "short_video_script",
    "strict": True,
    "schema": {
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "hook", "scenes"],
        "properties": {
            "title": {"type": "string"},
            "hook": {"type": "string"},
            "scenes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["narration", "on_screen_text", "keywords", "mood", "duration_s"],
                    "properties": {
                        "narration": {"type": "string"},
                        "on_screen_text": {"type": "string"},
                        "keywords": {"type": "array", "items": {"type": "string"}},
                        "mood": {"type": "string"},
                        "duration_s": {"type": "number"},
                    },
                },
            },
        },
    },
}
SCENE_SCHEMA: dict[str, Any] = {
    "name": "short_video_scene",
    "strict": True,
    "schema": SCRIPT_SCHEMA["schema"]["properties"]["scenes"]["items"],
}


class ScriptFormatError(NetError):
    """The model's answer is not a usable script; ``reason`` says where (a field path)."""

    def __init__(self, reason: str, *, provider: str = "") -> None:
        self.reason = reason
        super().__init__(f"The AI answer is not a usable script: {reason}", provider=provider)


@dataclass
class ScriptRequest:
    topic: str
    notes: str = ""
    audience: str = ""
    style: str = "explainer"
    language: str = "auto"
    seconds: int = 30
    # Variants of one topic (batch): which one (from 1), its seed, and the opening sentences
    # of the earlier ones, which this one must not reuse.
    variant: int = 1
    seed: int = 0
    avoid_openings: tuple[str, ...] = ()

    def checked(self) -> ScriptRequest:
        topic = (self.topic or "").strip()
        if not topic:
            raise BadInputError("The topic is empty: say what the video is about")
        style = _STYLE_ALIASES.get(self.style.strip().lower(), self.style.strip().lower())
        if style not in STYLES:
            raise BadInputError(f"Unknown style {self.style!r}: use one of {', '.join(STYLES)}")
        try:
            seconds = int(self.seconds)
        except (TypeError, ValueError):
            raise BadInputError(f"The length must be whole seconds; got {self.seconds!r}") from None
        if not MIN_SECONDS <= seconds <= MAX_SECONDS:
            raise BadInputError(
                f"The length must be {MIN_SECONDS}-{MAX_SECONDS} seconds; got {seconds}"
            )
        lang = (self.language or "auto").strip()
        if lang == "auto":
            lang = detect_language(f"{topic}\n{self.notes}")
        avoid = tuple(dict.fromkeys(a.strip() for a in self.avoid_openings if a and a.strip()))
        return ScriptRequest(
            topic,
            self.notes.strip(),
            self.audience.strip(),
            style,
            lang,
            seconds,
            max(1, int(self.variant)),
            int(self.seed),
            avoid,
        )


@dataclass
class ScriptResult:
    script: Script
    provider: str  # "offline" when the offline helper wrote it
    model: str = ""
    notices: list[str] = field(default_factory=list)
    offline: bool = False
    repaired: bool = False


# --------------------------------------------------------------------------- prompts
def _language_name(language: str) -> str:
    if is_chinese_language(language):
        return LANGUAGE_NAMES["zh"]
    base = language.lower().replace("_", "-").split("-")[0]
    return LANGUAGE_NAMES.get(base, language)


def scene_count(seconds: int) -> int:
    """How many scenes suit a length: about one per 6 s, 2..12."""
    return max(2, min(12, round(seconds / 6)))


def _amount(seconds: int, language: str) -> str:
    if is_chinese_language(language):
        return f"about {round(seconds * 4.5)} Chinese characters of narration in all"
    return f"about {round(seconds * 2.6)} words of narration in all"


_SYSTEM = """You write scripts for short vertical videos (TikTok, Douyin, YouTube Shorts, Reels).
Answer with ONE JSON object and nothing else: no markdown, no code fence, no commentary.
Shape:
{{"title": string, "hook": string, "scenes": [{{"narration": string, "on_screen_text": string,
"keywords": [string], "mood": string, "duration_s": number}}]}}
Rules:
- narration is exactly what the voice says: plain spoken sentences. No markdown, emoji,
  hashtags, URLs, stage directions or speaker labels.
- hook: the first sentence of the first scene, made to stop the scroll.
- on_screen_text: a short caption for the scene, at most 6 words (12 Chinese characters).
- keywords: 1 to 3 concrete things to show, as stock-footage search terms.
- mood: one word such as upbeat, calm, serious, dramatic, inspiring, playful.
- duration_s: the seconds the narration takes to say.
- Write title, hook, narration, on_screen_text and keywords in {language}."""


def _variant_lines(req: ScriptRequest) -> list[str]:
    """For a variant of a topic: what the earlier ones opened with, and a different angle."""
    if req.variant <= 1 and not req.avoid_openings:
        return []
    lines = [
        f"This is version {req.variant} of several different videos on this topic, "
        "published side by side: it must not sound like the others."
    ]
    if req.avoid_openings:
        lines.append("The earlier versions opened with:")
        lines += [f'- "{opening[:300]}"' for opening in req.avoid_openings[-10:]]
        lines.append(
            "Open with a different first sentence (do not reuse those openings or their wording) "
            "and take a different angle: another example, question or structure."
        )
    else:
        lines.append("Take a fresh angle: another example, question or structure.")
    return lines


def build_messages(req: ScriptRequest) -> list[dict[str, str]]:
    """The chat messages asking for a script (the request must be ``checked()``)."""
    lines = [f"Topic: {req.topic}"]
    if req.notes:
        lines.append(f"Notes from the creator: {req.notes}")
    if req.audience:
        lines.append(f"Audience: {req.audience}")
    lines.append(f"Style: {STYLES[req.style]}")
    lines.append(f"Language: {_language_name(req.language)}")
    lines.append(
        f"Length: {req.seconds} seconds, {scene_count(req.seconds)} scenes, "
        f"{_amount(req.seconds, req.language)}."
    )
    lines += _variant_lines(req)
    return [
        {"role": "system", "content": _SYSTEM.format(language=_language_name(req.language))},
        {"role": "user", "content": "\n".join(lines)},
    ]


# --------------------------------------------------------------------------- parsing
_FENCE = re.compile(r"```[ \t]*(?:json|JSON|javascript|js)?[ \t]*\r?\n?(.*?)```", re.S)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"'})


def extract_json(text: str) -> Any:
    """The JSON value in a model's answer: tolerates a code fence, prose before/after the
    object, trailing commas and curly quotes. Raises ScriptFormatError saying where it broke."""
    t = (text or "").strip().lstrip("\ufeff")
    if not t:
        raise ScriptFormatError("the answer is empty")
    candidates: list[str] = []
    fence = _FENCE.search(t)
    if fence:
        candidates.append(fence.group(1).strip())
    candidates.append(t)
    for c in list(candidates):
        for open_, close in (("{", "}"), ("[", "]")):
            i, j = c.find(open_), c.rfind(close)
            if i != -1 and j > i:
                candidates.append(c[i : j + 1])
    first_error: json.JSONDecodeError | None = None
    for c in candidates:
        for variant in (
            c,
            _TRAILING_COMMA.sub(r"\1", c),
            _TRAILING_COMMA.sub(r"\1", c).translate(_SMART_QUOTES),
        ):
            try:
                return json.loads(variant)
            except json.JSONDecodeError as exc:
                if first_error is None or len(c) < len(t):
                    first_error = exc
    assert first_error is not None
    raise ScriptFormatError(
        f"not valid JSON (line {first_error.lineno} column {first_error.colno}: {first_error.msg})"
    )


def _pick(d: Mapping[str, Any], *names: str) -> Any:
    for n in names:
        if n in d and d[n] not in (None, ""):
            return d[n]
    return None


_SPLIT_KEYWORDS = re.compile(r"[,，、;；|/]+")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)")


def _scene_fields(raw: Any) -> dict[str, Any]:
    """One scene from the model, with our field names (values not yet checked)."""
    if isinstance(raw, str):
        return {"narration": raw}
    if not isinstance(raw, dict):
        return {"narration": raw}
    out: dict[str, Any] = {}
    narration = _pick(raw, "narration", "voiceover", "voice_over", "script", "text", "speech")
    if narration is not None:
        out["narration"] = narration
    caption = _pick(raw, "on_screen_text", "onScreenText", "caption", "text_overlay", "overlay")
    if caption is not None:
        out["on_screen_text"] = caption
    kws = _pick(raw, "keywords", "visual_keywords", "visuals", "visual", "search_terms")
    if isinstance(kws, str):
        kws = [k for k in _SPLIT_KEYWORDS.split(kws) if k.strip()]
    if kws is not None:
        out["keywords"] = kws
    mood = _pick(raw, "mood", "tone", "emotion")
    if mood is not None:
        out["mood"] = mood
    dur = _pick(raw, "duration_s", "duration", "duration_hint", "seconds", "length_s")
    if isinstance(dur, str):
        m = _DURATION.search(dur)
        dur = float(m.group(1)) if m else dur
    if dur is not None:
        out["duration_s"] = dur
    return out


def _seconds(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(path, f"must be a number of seconds; got {value!r}"[:120])
    return float(value)


_HASHTAG = re.compile(r"(?<![\w&])#[^\s#]+")
_BRACKETED = re.compile(r"\[[^\]\n]{0,60}\]|【[^】\n]{0,60}】")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_SPEAKER = re.compile(r"^\s*(?:narrator|voice ?over|vo|旁白|解说)\s*[:：]\s*", re.I)
_SPACES = re.compile(r"\s+")


def clean_text(text: str, language: str) -> str:
    """Plain text for a voice or a caption: markdown, emoji, hashtags, URLs, [stage directions]
    and speaker labels removed; lines joined."""
    plain = strip_markdown(text)
    plain = _URL.sub("", plain)
    plain = _HASHTAG.sub("", plain)
    plain = _BRACKETED.sub("", plain)
    lines = [_SPEAKER.sub("", ln).strip() for ln in plain.split("\n")]
    joiner = "" if is_chinese_language(language) else " "
    return _SPACES.sub(" ", joiner.join(ln for ln in lines if ln)).strip()


def _same_keyword(a: str, b: str) -> bool:
    """Duplicates: one's words inside the other's ("skyline" / "city skyline"); for Chinese,
    one inside the other ("城市" / "城市夜景")."""
    a, b = a.lower(), b.lower()
    if any(is_cjk(ch) for ch in a + b):
        return a in b or b in a
    wa, wb = set(re.findall(r"\w+", a)), set(re.findall(r"\w+", b))
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


def merge_keywords(*groups: Iterable[str], n: int = 3) -> list[str]:
    """Keywords from several sources in order of trust, de-duplicated (case and containment),
    at most ``n``."""
    chosen: list[str] = []
    for group in groups:
        for raw in group:
            if not isinstance(raw, str):
                continue
            kw = _SPACES.sub(" ", raw.strip().strip("\"'#“”‘’「」")).strip()
            if not kw or len(kw) > 40 or not any(ch.isalnum() for ch in kw):
                continue
            if any(_same_keyword(kw, c) for c in chosen):
                continue
            chosen.append(kw)
            if len(chosen) == n:
                return chosen
    return chosen


def _mood(value: str, narration: str) -> str:
    words = re.findall(r"[^\W\d_]+", (value or "").lower())
    return words[0][:20] if words else tone(narration)


def _finish_scene(fields: Mapping[str, Any], base: Scene, language: str, path: str) -> Scene:
    narration = clean_text(str(fields.get("narration", "")), language)
    if not narration or not any(ch.isalnum() for ch in narration):
        raise ValidationError(f"{path}.narration", "is empty")
    caption = clean_text(str(fields.get("on_screen_text", "")), language)
    llm_keywords = [clean_text(k, language) for k in fields.get("keywords", [])]
    hint = fields.get("duration_s")
    secs = float(hint) if isinstance(hint, int | float) and 0.5 <= hint <= 120 else 0.0
    base.narration = narration
    base.on_screen_text = caption or on_screen_text(narration, language)
    base.keywords = merge_keywords(llm_keywords, keywords(narration, language, n=3))
    base.mood = _mood(str(fields.get("mood", "")), narration)
    base.duration_us = round((secs or estimate_speech_s(narration, language)) * 1_000_000)
    return base


def script_from_data(data: Any, language: str) -> Script:
    """A Script from the model's JSON value (tolerant about names; strict about types)."""
    if isinstance(data, dict) and isinstance(data.get("script"), dict):
        data = data["script"]
    if isinstance(data, list):
        data = {"scenes": data}
    if not isinstance(data, dict):
        raise ScriptFormatError("the answer must be a JSON object with title, hook and scenes")
    raw_scenes = _pick(data, "scenes", "segments", "sections", "shots")
    if not isinstance(raw_scenes, list) or not raw_scenes:
        raise ScriptFormatError("scenes: is missing or empty (need a list of scenes)")
    fields = [_scene_fields(s) for s in raw_scenes]
    title = _pick(data, "title", "headline")
    hook = _pick(data, "hook", "opening")
    shaped = {
        "title": "" if title is None else title,
        "hook": "" if hook is None else hook,
        "language": language,
        "scenes": [
            {k: v for k, v in f.items() if k in ("narration", "on_screen_text", "keywords", "mood")}
            for f in fields
        ],
    }
    try:
        from_dict(Script, shaped)  # types and field paths, e.g. scenes[2].narration
        for i, f in enumerate(fields):
            if "duration_s" in f:
                f["duration_s"] = _seconds(f["duration_s"], f"scenes[{i}].duration_s")
            if "narration" not in f:
                raise ValidationError(f"scenes[{i}].narration", "is required")
        scenes = [_finish_scene(f, Scene(), language, f"scenes[{i}]") for i, f in enumerate(fields)]
    except ValidationError as exc:
        raise ScriptFormatError(str(exc)) from None
    title_text = clean_text(str(shaped["title"]), language)
    hook_text = clean_text(str(shaped["hook"]), language)
    if not hook_text:
        first = split_sentences(scenes[0].narration, language)
        hook_text = first[0] if first else scenes[0].narration
    if not title_text:
        title_text = scenes[0].on_screen_text
    return Script(title=title_text, hook=hook_text, language=language, scenes=scenes)


def parse_script(text: str, language: str) -> Script:
    """``extract_json`` + ``script_from_data``; ScriptFormatError names what is wrong."""
    return script_from_data(extract_json(text), language)


# --------------------------------------------------------------------------- generation
ProgressLike = Progress | Callable[[float, str], None]


def _expected_chars(req: ScriptRequest) -> int:
    per_s = 4.5 if is_chinese_language(req.language) else 15.0
    return int(req.seconds * per_s * 1.2 + 160 * scene_count(req.seconds) + 60)


def _streamer(
    progress: ProgressLike | None,
    expected: int,
    start: float,
    end: float,
    on_text: Callable[[str], None] | None = None,
) -> Callable[[str], None]:
    def report(so_far: str) -> None:
        if on_text is not None:
            on_text(so_far)
        if progress is None:
            return
        frac = start + (end - start) * min(0.97, len(so_far) / max(1, expected))
        scenes = so_far.count('"narration"')
        msg = f"Writing the script: scene {scenes}" if scenes else "Writing the script"
        progress(frac, msg)

    return report


def _ask_json(
    client: LLMClient,
    messages: list[dict[str, str]],
    parse: Callable[[str], Any],
    schema: Mapping[str, Any],
    progress: ProgressLike | None,
    expected: int,
    cancel: CancelToken | None,
    max_tokens: int,
    on_text: Callable[[str], None] | None = None,
) -> tuple[Any, ChatResult, bool]:
    """Ask, parse, and on a bad answer ask once more for a repaired one."""
    first = client.chat(
        messages,
        schema=schema,
        on_text=_streamer(progress, expected, 0.05, 0.85, on_text),
        max_tokens=max_tokens,
        cancel=cancel,
    )
    try:
        return parse(first.text), first, False
    except ScriptFormatError as exc:
        reason = exc.reason
        if first.finish_reason == "length":
            reason += " (the answer was cut off: make it shorter)"
    if progress is not None:
        progress(0.86, "Repairing the AI answer")
    repair = [
        *messages,
        {"role": "assistant", "content": first.text[:8000]},
        {
            "role": "user",
            "content": (
                f"That answer cannot be used: {reason}. Reply again with only the corrected "
                "JSON object in the shape described, and nothing else."
            ),
        },
    ]
    second = client.chat(
        repair,
        schema=schema,
        on_text=_streamer(progress, expected, 0.86, 0.98, on_text),
        max_tokens=max_tokens,
        cancel=cancel,
    )
    try:
        return parse(second.text), second, True
    except ScriptFormatError as exc:
        raise ScriptFormatError(
            f"{exc.reason} (also after asking {client.provider} to repair it)",
            provider=client.provider,
        ) from None


def generate_script(
    request: ScriptRequest,
    client: LLMClient,
    progress: ProgressLike | None = None,
    cancel: CancelToken | None = None,
    on_text: Callable[[str], None] | None = None,
) -> ScriptResult:
    """Ask ``client`` for a structured script. ``on_text(answer_so_far)`` sees the raw answer
    as it streams (for a live view). Raises NetError subclasses (ScriptFormatError when even
    the repaired answer is unusable), BudgetExceededError, Cancelled."""
    req = request.checked()
    if progress is not None:
        progress(0.02, f"Asking {client.provider} for a script")
    expected = _expected_chars(req)
    max_tokens = max(800, min(8000, expected))
    script, chat, repaired = _ask_json(
        client,
        build_messages(req),
        lambda text: parse_script(text, req.language),
        SCRIPT_SCHEMA,
        progress,
        expected,
        cancel,
        max_tokens,
        on_text,
    )
    if progress is not None:
        progress(1.0, f"Script ready: {len(script.scenes)} scenes")
    notices = [f"{client.provider} needed a second try to return valid JSON"] if repaired else []
    return ScriptResult(script, client.provider, chat.model, notices, repaired=repaired)


# --------------------------------------------------------------------------- offline topic
_TEMPLATES_EN = {
    "explainer": [
        "What is {t}? Here it is in {s} seconds.",
        "Start with the key idea behind {t}.",
        "Here is how {t} works in practice.",
        "A common mistake people make about {t}.",
        "Why {t} matters to you.",
        "Now you know the basics of {t}. Follow for more.",
    ],
    "story": [
        "This is a story about {t}.",
        "It started with a simple question.",
        "Then something unexpected happened.",
        "That moment changed everything about {t}.",
        "Here is what we learned.",
        "And that is the story of {t}.",
    ],
    "promo": [
        "Meet {t}.",
        "Here is the problem {t} solves.",
        "Here is what makes {t} different.",
        "See {t} in action.",
        "People who try {t} do not go back.",
        "Try {t} today.",
    ],
    "listicle": [
        "Things you should know about {t}.",
        "Number one: the basics of {t}.",
        "Number two: the part most people miss.",
        "Number three: how to get started with {t}.",
        "Number four: the best tip for {t}.",
        "Which one surprised you? Tell me in the comments.",
    ],
}
_TEMPLATES_ZH = {
    "explainer": [
        "什么是{t}？{s}秒带你看懂。",
        "先说{t}最核心的一点。",
        "再看{t}在实际中是怎么运作的。",
        "关于{t}，很多人都有一个误解。",
        "为什么{t}和你有关。",
        "现在你了解{t}的基础了，关注我看更多。",
    ],
    "story": [
        "这是一个关于{t}的故事。",
        "一切从一个简单的问题开始。",
        "然后，意想不到的事情发生了。",
        "那一刻改变了关于{t}的一切。",
        "我们从中学到了什么？",
        "这就是{t}的故事。",
    ],
    "promo": [
        "认识一下{t}。",
        "{t}解决的是这个问题。",
        "{t}的不同之处在这里。",
        "看看{t}的实际效果。",
        "用过{t}的人都说好。",
        "今天就试试{t}吧。",
    ],
    "listicle": [
        "关于{t}，你需要知道这几件事。",
        "第一，{t}的基础。",
        "第二，大多数人忽略的部分。",
        "第三，如何开始{t}。",
        "第四，关于{t}最实用的建议。",
        "哪一条让你最意外？评论区告诉我。",
    ],
}


# Other first lines for the variants of one topic (variant 1 keeps the style's own).
_OPENINGS_EN = [
    "Most people get {t} wrong.",
    "Stop scrolling: this is {t} in {s} seconds.",
    "Ever wondered how {t} really works?",
    "Here is what nobody tells you about {t}.",
    "You see {t} every day, but do you know this?",
    "This will change how you think about {t}.",
    "Let me show you {t} the quick way.",
    "One minute, one idea: {t}.",
]
_OPENINGS_ZH = [
    "关于{t}，大多数人都想错了。",
    "先别划走，{s}秒讲清楚{t}。",
    "你有没有想过，{t}到底是怎么回事？",
    "关于{t}，没人告诉你的一件事。",
    "{t}天天见，但这一点你可能不知道。",
    "看完这个，你对{t}的看法会改变。",
    "用最快的方式带你看懂{t}。",
    "一分钟，一个重点：{t}。",
]
_SHUFFLE_STYLES = ("explainer", "promo")  # a story and a numbered list keep their order


def _template_lines(req: ScriptRequest, templates: list[str], pool: list[str]) -> list[str]:
    """The template lines of a variant: another opening (not one to avoid), and for styles whose
    middle has no order, the middle lines shuffled by the variant's seed."""
    count = max(3, min(len(templates), scene_count(req.seconds)))
    if req.variant <= 1 and not req.avoid_openings:
        return templates[: count - 1] + [templates[-1]]
    fill = {"t": clean_text(req.topic, req.language).rstrip("。.!?！？"), "s": req.seconds}
    openings = [templates[0], *pool]
    i = pick_opening([o.format(**fill) for o in openings], req.variant, req.avoid_openings)
    opening = openings[max(0, i)]
    middle = templates[1:-1]
    if req.style in _SHUFFLE_STYLES:
        middle = list(middle)
        random.Random(f"{req.seed}:{req.variant}").shuffle(middle)
    return [opening, *middle[: count - 2], templates[-1]]


def offline_script(request: ScriptRequest) -> Script:
    """A script without a network: the user's own text split into scenes when the topic and
    notes are prose, else a simple template around the topic (honestly a template: it states no
    facts; the user is told to edit it). A variant (``request.variant`` > 1 or openings to
    avoid) opens with another sentence: another of the text's sentences, or another template
    opening with the middle lines in another order."""
    req = request.checked()
    text = f"{req.topic}\n\n{req.notes}".strip()
    zh = is_chinese_language(req.language)
    sentences = split_sentences(text, req.language)
    long_enough = (len(text) >= 60) if zh else (len(text.split()) >= 25)
    if len(sentences) >= 2 and long_enough:
        return script_from_text(
            text, language=req.language, variant=req.variant, avoid_openings=req.avoid_openings
        )
    topic = clean_text(req.topic, req.language).rstrip("。.!?！？")
    templates = (_TEMPLATES_ZH if zh else _TEMPLATES_EN)[req.style]
    chosen = _template_lines(req, templates, _OPENINGS_ZH if zh else _OPENINGS_EN)
    kws = keywords(topic, req.language, n=3) or [topic[:40]]
    scenes = []
    for line in chosen:
        narration = line.format(t=topic, s=req.seconds)
        scenes.append(
            Scene(
                narration=narration,
                on_screen_text=on_screen_text(narration, req.language),
                keywords=list(kws),
                duration_us=round(estimate_speech_s(narration, req.language) * 1_000_000),
                mood=tone(narration),
            )
        )
    return Script(title=topic, hook=scenes[0].narration, language=req.language, scenes=scenes)


def _offline_notice(reason: str) -> str:
    return (
        f"{reason}; this script was made offline from your topic alone. It is a simple "
        "template that states no facts: edit the narration before you publish. Set up a provider "
        "(`shortvid keys set openai`, or `shortvid providers use ollama` for a local model) for "
        "a written script."
    )


def script_from_topic(
    topic: str,
    provider: str | None = None,
    lang: str = "auto",
    seconds: int = 30,
    progress: ProgressLike | None = None,
    cancel: CancelToken | None = None,
    *,
    notes: str = "",
    audience: str = "",
    style: str = "explainer",
    context: NetContext | None = None,
    model: str | None = None,
    base_url: str | None = None,
    fallback: bool = True,
    on_text: Callable[[str], None] | None = None,
    variant: int = 1,
    seed: int = 0,
    avoid_openings: Sequence[str] = (),
) -> ScriptResult:
    """A script for ``topic``: from ``provider`` (default: the configured one) or, when there is
    none or it fails and ``fallback`` is true, from the offline helper with a notice.

    ``variant``/``seed``/``avoid_openings``: one of several videos on the topic; the model is
    told what the earlier ones opened with and asked for another angle, the offline helper
    opens with another sentence.

    Raises BadInputError for bad input (empty topic, unknown provider or style), Cancelled, and
    NetError subclasses only when ``fallback`` is false.
    """
    req = ScriptRequest(
        topic, notes, audience, style, lang, seconds, variant, seed, tuple(avoid_openings)
    ).checked()
    ctx = context or NetContext()
    name = provider or default_provider(ctx.store, ctx.env)
    if name in (None, "", "offline", "none"):
        script = offline_script(req)
        if progress is not None:
            progress(1.0, "Script ready (offline)")
        reason = "No AI provider is set up" if not name else "Offline was asked for"
        return ScriptResult(script, "offline", notices=[_offline_notice(reason)], offline=True)
    try:
        client = LLMClient(ctx.resolve(name, model=model, base_url=base_url), ctx)
        return generate_script(req, client, progress, cancel, on_text)
    except Cancelled:
        raise
    except NetError as exc:
        if not fallback:
            raise
        script = offline_script(req)
        if progress is not None:
            progress(1.0, "Script ready (offline)")
        notice = _offline_notice(f"The AI provider {name} could not be used ({exc})")
        return ScriptResult(script, "offline", notices=[notice], offline=True)


# --------------------------------------------------------------------------- one scene
_SCENE_SYSTEM = """You edit ONE scene of a short-video script and leave everything else alone.
Answer with ONE JSON object and nothing else (no markdown, no code fence):
{"narration": string, "on_screen_text": string, "keywords": [string], "mood": string,
"duration_s": number}
narration is exactly what the voice says: plain spoken sentences, no markdown, emoji, hashtags,
URLs or stage directions. on_screen_text: at most 6 words (12 Chinese characters). keywords: 1 to 3
concrete things to show. mood: one word."""


def _instruction(action: str, scene: Scene, tone_: str | None, language: str | None) -> str:
    if action == "rewrite":
        return "Rewrite this scene with fresh wording. Keep its meaning, language and length."
    if action == "shorten":
        return "Shorten the narration to about half its length. Keep the key point and language."
    if action == "tone":
        return f"Rewrite the narration in a {tone_} tone. Keep its meaning, language and length."
    return (
        f"Translate narration, on_screen_text and keywords into {_language_name(language or '')}. "
        "Keep the meaning; make it sound natural when spoken."
    )


def _scene_from_data(data: Any, base: Scene, language: str) -> Scene:
    if isinstance(data, dict) and isinstance(data.get("scene"), dict):
        data = data["scene"]
    if isinstance(data, dict) and isinstance(data.get("scenes"), list) and data["scenes"]:
        data = data["scenes"][0]
    if not isinstance(data, dict):
        raise ScriptFormatError("the answer must be one JSON object for the scene")
    fields = _scene_fields(data)
    try:
        from_dict(
            Scene,
            {
                k: v
                for k, v in fields.items()
                if k in ("narration", "on_screen_text", "keywords", "mood")
            },
        )
        if "duration_s" in fields:
            fields["duration_s"] = _seconds(fields["duration_s"], "duration_s")
        if "narration" not in fields:
            raise ValidationError("narration", "is required")
        return _finish_scene(fields, base, language, "")
    except ValidationError as exc:
        raise ScriptFormatError(str(exc)) from None


def offline_shorten(scene: Scene, language: str) -> Scene:
    """Keep the first half of the scene's sentences (at least one) - no network."""
    out = clone(scene)
    sentences = split_sentences(scene.narration, language)
    if len(sentences) > 1:
        keep = sentences[: max(1, len(sentences) // 2)]
        out.narration = ("" if is_chinese_language(language) else " ").join(keep)
    else:
        words = scene.narration.split()
        if is_chinese_language(language) or len(words) < 8:
            return out
        out.narration = " ".join(words[: len(words) // 2]).rstrip(",;:") + "."
    out.on_screen_text = on_screen_text(out.narration, language)
    out.duration_us = round(estimate_speech_s(out.narration, language) * 1_000_000)
    return out


def revise_scene(
    script: Script,
    index: int,
    action: str,
    client: LLMClient | None = None,
    *,
    tone: str | None = None,
    language: str | None = None,
    progress: ProgressLike | None = None,
    cancel: CancelToken | None = None,
) -> Script:
    """A copy of ``script`` with scene ``index`` rewritten, shortened, given another ``tone`` or
    translated into ``language``; every other scene is unchanged. ``shorten`` works without a
    client; the others need one (BadInputError otherwise)."""
    if action not in ACTIONS:
        raise BadInputError(f"Unknown scene action {action!r}: use one of {', '.join(ACTIONS)}")
    if not 0 <= index < len(script.scenes):
        raise BadInputError(
            f"There is no scene {index + 1}: the script has {len(script.scenes)} scenes"
        )
    if action == "tone" and not (tone or "").strip():
        raise BadInputError("Say which tone, e.g. --tone calm")
    if action == "translate" and not (language or "").strip():
        raise BadInputError("Say which language to translate into, e.g. --to zh")
    out = clone(script)
    old = out.scenes[index]
    target_lang = (language or "").strip() if action == "translate" else script.language
    if client is None:
        if action != "shorten":
            raise BadInputError(
                f"'{action}' needs an AI provider (set one up with `shortvid keys set openai`); "
                "only 'shorten' works offline"
            )
        out.scenes[index] = offline_shorten(old, script.language)
        return out
    context = {
        "title": script.title,
        "previous_scene": script.scenes[index - 1].narration if index > 0 else "",
        "next_scene": script.scenes[index + 1].narration if index + 1 < len(script.scenes) else "",
        "scene": {
            "narration": old.narration,
            "on_screen_text": old.on_screen_text,
            "keywords": old.keywords,
            "mood": old.mood,
            "duration_s": round(old.duration_us / 1_000_000, 1),
        },
    }
    messages = [
        {"role": "system", "content": _SCENE_SYSTEM},
        {
            "role": "user",
            "content": _instruction(action, old, tone, target_lang)
            + "\n\n"
            + json.dumps(context, ensure_ascii=False),
        },
    ]
    expected = len(old.narration) * 2 + 200

    def parse(text: str) -> Scene:
        base = clone(old)
        return _scene_from_data(extract_json(text), base, target_lang or script.language)

    scene, _chat, _repaired = _ask_json(
        client, messages, parse, SCENE_SCHEMA, progress, expected, cancel, 1500
    )
    if action == "tone" and tone:
        scene.mood = _mood(tone, scene.narration)
    scene.id, scene.voice, scene.media = old.id, old.voice, list(old.media)
    out.scenes[index] = scene
    if progress is not None:
        progress(1.0, f"Scene {index + 1} updated")
    return out


__all__ = [
    "ACTIONS",
    "SCENE_SCHEMA",
    "SCRIPT_SCHEMA",
    "STYLES",
    "ScriptFormatError",
    "ScriptRequest",
    "ScriptResult",
    "build_messages",
    "clean_text",
    "extract_json",
    "generate_script",
    "merge_keywords",
    "offline_script",
    "offline_shorten",
    "parse_script",
    "revise_scene",
    "scene_count",
    "script_from_data",
    "script_from_topic",
]
