"""Platform-ready metadata for a video: a title (at most 100 characters), a description and 3-8
hashtags, in Chinese or English (or the script's language).

``video_meta`` asks the AI provider (named, else the configured one) for them as JSON, checks
the answer and, when there is no provider, it cannot be reached or its answer is unusable,
makes them offline from the script: its title, its hook and first sentences, and its keywords
(jieba for Chinese, yake for the rest) as hashtags, with a notice saying why. ``write_sidecar``
writes them beside the MP4 as ``<stem>.json`` (atomically).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ...ai.client import LLMClient
from ...ai.generate import ScriptFormatError, clean_text, extract_json
from ...ai.offline import detect_language, keywords, sentence_key, split_sentences
from ...core.errors import BadInputError
from ...core.model import Script
from ...core.text import is_chinese_language, strip_markdown
from ...jobs import Cancelled, CancelToken
from ...net import NetContext, NetError, default_provider

TITLE_MAX = 100
DESCRIPTION_MAX = 1000
HASHTAGS_MIN, HASHTAGS_MAX = 3, 8
OFFLINE = "offline"

# Tags that fit any short video, used only when the script gives fewer than three.
_GENERIC = {
    "zh": ["#短视频", "#知识分享", "#涨知识", "#每日分享"],
    "en": ["#shorts", "#learnsomething", "#didyouknow", "#explained"],
}
_TAG_DROP = re.compile(r"[^\w\u00b7]", re.UNICODE)  # keep letters, digits, _ (CJK is \w)

META_SCHEMA: dict[str, Any] = {
    "name": "video_metadata",
    "strict": True,
    "schema": {
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "description", "hashtags"],
        "properties": {
            "title": {"type": "string"},
            "description": {"type": "string"},
            "hashtags": {"type": "array", "items": {"type": "string"}},
        },
    },
}

_SYSTEM = """You write the metadata of a short vertical video (TikTok, Douyin, YouTube Shorts,
Reels) from its script. Answer with ONE JSON object and nothing else (no markdown, no code fence):
{{"title": string, "description": string, "hashtags": [string]}}
Rules:
- title: catchy and honest, at most {title_max} characters ({zh_max} for Chinese), no hashtags.
- description: 1 to 3 plain sentences saying what the viewer gets; no hashtags, no URLs.
- hashtags: {tags_min} to {tags_max} tags, each starting with # and with no spaces inside, from
  specific to broad.
- Write everything in {language}."""


@dataclass
class VideoMeta:
    title: str
    description: str
    hashtags: list[str]
    lang: str
    source: str = OFFLINE  # "offline" or the provider that wrote it
    notices: list[str] = field(default_factory=list)  # why it was made offline, for the user

    def to_dict(self) -> dict[str, Any]:
        """What the sidecar holds (the notices are for the user, not the file)."""
        data = asdict(self)
        data.pop("notices")
        return data


# --------------------------------------------------------------------------- pieces
def _base_lang(script: Script, lang: str) -> str:
    if lang and lang != "auto":
        return "zh" if is_chinese_language(lang) else lang.lower().replace("_", "-").split("-")[0]
    if script.language and script.language != "auto":
        return _base_lang(script, script.language)
    return detect_language(_narration(script) or script.title) or "en"


def _narration(script: Script) -> str:
    zh = is_chinese_language(script.language or "")
    return ("" if zh else " ").join(s.narration.strip() for s in script.scenes if s.narration)


def truncate_title(text: str, limit: int = TITLE_MAX) -> str:
    """``text`` on one line, at most ``limit`` characters: cut at a word boundary (for
    languages with spaces) and ended with "…" when it was longer."""
    t = re.sub(r"\s+", " ", text).strip()
    if len(t) <= limit:
        return t
    cut = t[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:，、；：-") + "…"


def hashtag(text: str) -> str:
    """One keyword as a hashtag: `#` and the words without spaces or punctuation (several Latin
    words CamelCased: "city skyline" -> "#CitySkyline"; one word as written, acronyms kept);
    "" when nothing is left."""
    words = [w for w in re.split(r"[\s\-–—/]+", strip_markdown(text).strip().lstrip("#")) if w]
    words = [_TAG_DROP.sub("", unicodedata.normalize("NFC", w)) for w in words]
    words = [w for w in words if w]
    if not words:
        return ""
    if len(words) == 1:
        body = words[0]
    else:
        body = "".join(
            w if (w.isupper() or not w[:1].isascii()) else w[:1].upper() + w[1:] for w in words
        )
    if body.replace("_", "").isdigit():
        return ""
    return "#" + body[:40]


def _dedupe_tags(tags: Sequence[str], limit: int = HASHTAGS_MAX) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for raw in tags:
        tag = hashtag(raw)
        key = tag.casefold()
        if tag and key not in seen:
            seen.add(key)
            out.append(tag)
        if len(out) == limit:
            break
    return out


def offline_hashtags(script: Script, lang: str) -> list[str]:
    """3-8 hashtags from the script's keywords (its title's first, then the whole narration's,
    then each scene's), padded with general ones when the script gives fewer than three."""
    text = _narration(script)
    found: list[str] = []
    if script.title:
        found += keywords(script.title, lang, n=2)
    if text:
        found += keywords(text, lang, n=HASHTAGS_MAX)
    for scene in script.scenes:
        found += scene.keywords
    tags = _dedupe_tags(found, HASHTAGS_MAX)
    if len(tags) < HASHTAGS_MIN:
        tags = _dedupe_tags([*tags, *_GENERIC["zh" if lang == "zh" else "en"]], HASHTAGS_MAX)
    return tags


def _description(script: Script, lang: str) -> str:
    joiner = "" if lang == "zh" else " "
    sentences: list[str] = []
    seen: set[str] = set()
    for source in (script.hook, _narration(script)):
        for sentence in split_sentences(clean_text(source, lang), lang):
            key = sentence_key(sentence)
            if key and key not in seen and len(sentences) < 3:
                seen.add(key)
                sentences.append(sentence)
    text = joiner.join(sentences).strip()
    return truncate_title(text, 300) if text else ""


def offline_meta(script: Script, lang: str = "auto", notices: Sequence[str] = ()) -> VideoMeta:
    """Title, description and hashtags from the script alone (no network)."""
    if not script.scenes and not script.title.strip():
        raise BadInputError("The project has no script: write or generate one first")
    base = _base_lang(script, lang)
    title = clean_text(script.title, base) or clean_text(script.hook, base)
    if not title:
        first = split_sentences(clean_text(_narration(script), base), base)
        title = first[0] if first else ""
    return VideoMeta(
        title=truncate_title(title),
        description=_description(script, base),
        hashtags=offline_hashtags(script, base),
        lang=base,
        source=OFFLINE,
        notices=list(notices),
    )


# --------------------------------------------------------------------------- the LLM
def _language_name(lang: str) -> str:
    from ...ai.generate import LANGUAGE_NAMES

    return LANGUAGE_NAMES.get("zh" if is_chinese_language(lang) else lang, lang)


def meta_messages(script: Script, lang: str) -> list[dict[str, str]]:
    """The chat messages asking for a script's metadata."""
    system = _SYSTEM.format(
        title_max=TITLE_MAX,
        zh_max=30,
        tags_min=HASHTAGS_MIN,
        tags_max=HASHTAGS_MAX,
        language=_language_name(lang),
    )
    body = _narration(script)
    user = [f"Title of the script: {script.title}"] if script.title else []
    if script.hook:
        user.append(f"Hook: {script.hook}")
    user.append(f"Narration: {body[:4000]}")
    return [{"role": "system", "content": system}, {"role": "user", "content": "\n".join(user)}]


def meta_from_answer(text: str, script: Script, lang: str, provider: str) -> VideoMeta:
    """The model's answer checked and tidied; ScriptFormatError says what is wrong with it."""
    data = extract_json(text)
    if not isinstance(data, dict):
        raise ScriptFormatError("the answer must be one JSON object with title and hashtags")
    title = data.get("title")
    if not isinstance(title, str) or not clean_text(title, lang):
        raise ScriptFormatError("title: is missing or not text")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise ScriptFormatError("description: must be text")
    raw_tags = data.get("hashtags", data.get("tags", []))
    if isinstance(raw_tags, str):
        raw_tags = re.split(r"[\s,，、]+", raw_tags)
    if not isinstance(raw_tags, list) or not all(isinstance(t, str) for t in raw_tags):
        raise ScriptFormatError("hashtags: must be a list of text")
    tags = _dedupe_tags(raw_tags, HASHTAGS_MAX)
    if len(tags) < HASHTAGS_MIN:  # too few from the model: the script's keywords fill in
        tags = _dedupe_tags([*tags, *offline_hashtags(script, lang)], HASHTAGS_MAX)
    return VideoMeta(
        title=truncate_title(clean_text(title, lang)),
        description=truncate_title(clean_text(description, lang), DESCRIPTION_MAX),
        hashtags=tags,
        lang=lang,
        source=provider,
    )


def _offline_notice(reason: str) -> str:
    return f"{reason}; the title and hashtags were made offline from the script's keywords"


def video_meta(
    script: Script,
    lang: str = "auto",
    provider: str | None = None,
    *,
    context: NetContext | None = None,
    model: str | None = None,
    base_url: str | None = None,
    project_id: str = "",
    cancel: CancelToken | None = None,
) -> VideoMeta:
    """Title (<= 100 characters), description and 3-8 hashtags for ``script`` in ``lang``
    ("auto": the script's language). From ``provider`` (None: the configured one; "offline":
    none) when there is one, else, or when it fails or answers badly, offline with a notice in
    ``notices``. Without ``context`` the app's settings, budgets and ledger apply (the database
    is opened for the call). Raises BadInputError (no script, unknown provider), Cancelled."""
    base = _base_lang(script, lang)
    if not script.scenes and not script.title.strip():
        raise BadInputError("The project has no script: write or generate one first")
    if context is None and provider != OFFLINE:
        from ...secrets import install_log_redaction
        from ...store import Store
        from ..ai import net_context

        install_log_redaction()
        with Store() as store:
            return video_meta(
                script,
                base,
                provider,
                context=net_context(store, project_id),
                model=model,
                base_url=base_url,
                cancel=cancel,
            )
    name = provider
    if name is None and context is not None:
        name = default_provider(context.store, context.env)
    if name in (None, "", OFFLINE, "none"):
        return offline_meta(script, base)
    assert context is not None
    try:
        client = LLMClient(context.resolve(name, model=model, base_url=base_url), context)
        chat = client.chat(
            meta_messages(script, base), schema=META_SCHEMA, max_tokens=600, cancel=cancel
        )
        return meta_from_answer(chat.text, script, base, client.provider)
    except Cancelled:
        raise
    except ScriptFormatError as exc:
        reason = f"The AI answer from {name} for the title and hashtags was unusable ({exc.reason})"
        return offline_meta(script, base, [_offline_notice(reason)])
    except NetError as exc:
        return offline_meta(
            script, base, [_offline_notice(f"The AI provider {name} could not be used ({exc})")]
        )


def write_sidecar(meta: VideoMeta, mp4_path: str | Path) -> Path:
    """Write ``meta`` as ``<stem>.json`` beside the video, atomically (a temporary file renamed
    over it; a failed write leaves no half file). Returns the path."""
    video = Path(mp4_path)
    target = video.with_suffix(".json")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    text = json.dumps(meta.to_dict(), ensure_ascii=False, indent=2) + "\n"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return target


__all__ = [
    "HASHTAGS_MAX",
    "HASHTAGS_MIN",
    "META_SCHEMA",
    "TITLE_MAX",
    "VideoMeta",
    "hashtag",
    "meta_from_answer",
    "meta_messages",
    "offline_hashtags",
    "offline_meta",
    "truncate_title",
    "video_meta",
    "write_sidecar",
]
