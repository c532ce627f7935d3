"""Plain-text helpers shared by voices and the script helper: markdown/emoji stripping, CJK tests.

Standard library only, so it can sit below both ``voice`` and ``ai`` (it belongs in ``core`` once
that is possible: nothing here knows about voices).

- ``strip_markdown`` turns markdown (as users paste it and as LLMs write it) into plain text with
  the same lines: headings, emphasis, list markers, links, images, code, tables, blockquotes, HTML
  tags and emoji go; sentence punctuation stays.
- ``clean_for_speech`` is what reaches a voice: ``strip_markdown``, bare URLs dropped, each line
  ended with a full stop when it has none (so headings and list items are spoken as sentences, not
  run together), joined into one line.
"""

from __future__ import annotations

import html
import re
import unicodedata

# --------------------------------------------------------------------------- characters
_CJK_RANGES = (
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x2FA1F),  # Extensions B.. and compatibility supplement
)


def is_cjk(ch: str) -> bool:
    """True for a Han character (the ones a Chinese voice reads one syllable each)."""
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


def count_cjk(text: str) -> int:
    return sum(1 for ch in text if is_cjk(ch))


_LATIN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)*")


def detect_language(text: str) -> str:
    """``"zh"`` when Han characters dominate, else ``"en"``.

    Han characters are weighed against Latin *words* (not letters), so Chinese text with English
    terms in it ("我买了 iPhone 和 MacBook") still counts as Chinese.
    """
    han = count_cjk(text)
    if han == 0:
        return "en"
    latin_words = len(_LATIN_WORD.findall(text))
    return "zh" if han / (han + latin_words) > 0.5 else "en"


def is_chinese_language(language: str) -> bool:
    """True for "zh", "zh-CN", "zh_Hans", "cmn", "yue" and the like."""
    lang = language.lower().replace("_", "-")
    return lang.startswith(("zh", "cmn", "yue", "hak", "wuu"))


# Emoji and pictographs; not ordinary symbols such as © ® ™ → or CJK punctuation.
_EMOJI = re.compile(
    "["
    "\U0001f000-\U0001faff"  # mahjong .. symbols & pictographs ext-A (incl. flags, faces)
    "\U00002600-\U000027bf"  # misc symbols, dingbats
    "\U00002300-\U000023ff"  # misc technical (⌚ ⏰ ⏩ ...)
    "\U00002b00-\U00002bff"  # ⭐ ⬛ ...
    "\U0000fe0e\U0000fe0f"  # variation selectors
    "\U0000200d"  # zero-width joiner
    "\U000020e3"  # combining keycap
    "\U000e0020-\U000e007f"  # tag characters (subdivision flags)
    "\U00003030\U0000303d\U00003297\U00003299"
    "]+"
)


def strip_emoji(text: str) -> str:
    return _EMOJI.sub("", text)


# --------------------------------------------------------------------------- markdown
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
_SETEXT_OR_RULE = re.compile(r"^\s{0,3}(?:=+|-{2,}|(?:[-*_]\s*){3,})\s*$")
_BLOCKQUOTE = re.compile(r"^\s*(?:>\s?)+")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+•·]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
_REF_DEFINITION = re.compile(r"^\s{0,3}\[[^\]^]+\]:\s*\S+.*$")
_FOOTNOTE_DEFINITION = re.compile(r"^\s{0,3}\[\^[^\]]+\]:\s*")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_BREAK = re.compile(r"<br\s*/?>", re.I)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_IMAGE = re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_REF_LINK = re.compile(r"\[([^\]^][^\]]*)\]\[[^\]]*\]")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_ITALIC_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_SPACES = re.compile(r"[ \t\u00a0\u3000]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S)[ \t]+([,.!?;:。，！？；：、](?:\s|$))")


def _strip_inline(line: str) -> str:
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _REF_LINK.sub(r"\1", line)
    line = _FOOTNOTE_REF.sub("", line)
    line = _AUTOLINK.sub(r"\1", line)
    # Inline code keeps its text; protect it from the emphasis rules below.
    codes: list[str] = []

    def _keep_code(m: re.Match[str]) -> str:
        codes.append(m.group(2).strip())
        return f"\x00{len(codes) - 1}\x00"

    line = _INLINE_CODE.sub(_keep_code, line)
    line = _HTML_BREAK.sub(" ", line)
    line = _HTML_TAG.sub("", line)
    for _ in range(2):  # nested emphasis: ***x***, **_x_**
        line = _BOLD.sub(r"\2", line)
        line = _ITALIC_STAR.sub(r"\1", line)
        line = _ITALIC_UNDERSCORE.sub(r"\1", line)
        line = _STRIKE.sub(r"\1", line)
    line = _ESCAPE.sub(r"\1", line)
    line = re.sub(r"\x00(\d+)\x00", lambda m: codes[int(m.group(1))], line)
    line = html.unescape(line)
    line = strip_emoji(line)
    line = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", line))
    return line.strip()


def _table_lines(lines: list[str]) -> set[int]:
    """Indexes of lines that belong to a pipe table (found from its separator row)."""
    rows: set[int] = set()
    for i, line in enumerate(lines):
        if "-" in line and _TABLE_SEPARATOR.match(line) and ("|" in line or i > 0):
            if i == 0 or "|" not in lines[i - 1]:
                continue
            rows.add(i)
            j = i - 1
            while j >= 0 and "|" in lines[j] and lines[j].strip():
                rows.add(j)
                j -= 1
            j = i + 1
            while j < len(lines) and "|" in lines[j] and lines[j].strip():
                rows.add(j)
                j += 1
    return rows


def strip_markdown(text: str) -> str:
    """Markdown to plain text, line by line; emoji removed, sentence punctuation kept.

    Headings keep their text, emphasis markers go, list/quote markers go, ``[t](u)`` becomes ``t``,
    images vanish, code fences go but the code text stays (LLMs often wrap a whole answer in a
    fence), table rows become "cell, cell", HTML tags and comments go, entities are decoded.
    Blank lines are collapsed to one; the result has no leading or trailing blank lines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _HTML_COMMENT.sub("", text)
    lines = text.split("\n")
    table = _table_lines(lines)
    out: list[str] = []
    in_fence: str | None = None
    for i, raw in enumerate(lines):
        fence = _FENCE.match(raw)
        if in_fence is not None:
            if fence and fence.group(1)[0] == in_fence[0] and len(fence.group(1)) >= len(in_fence):
                in_fence = None
            else:
                out.append(strip_emoji(raw).rstrip())
            continue
        if fence:
            in_fence = fence.group(1)
            continue
        if i in table:
            if _TABLE_SEPARATOR.match(raw):
                continue
            cells = [_strip_inline(c) for c in raw.strip().strip("|").split("|")]
            out.append(", ".join(c for c in cells if c))
            continue
        if _REF_DEFINITION.match(raw):
            continue
        if _SETEXT_OR_RULE.match(raw) and raw.strip():
            continue
        line = _FOOTNOTE_DEFINITION.sub("", raw)
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(1)
        else:
            line = _BLOCKQUOTE.sub("", line)
            line = _LIST_MARKER.sub("", line)
        out.append(_strip_inline(line))
    # collapse blank lines
    result: list[str] = []
    for line in out:
        if not line.strip():
            if result and result[-1] != "":
                result.append("")
            continue
        result.append(line)
    while result and result[-1] == "":
        result.pop()
    return "\n".join(result)


# --------------------------------------------------------------------------- speech
_URL = re.compile(r"(?:https?://|ftp://|www\.)\S+", re.I)
_ENDS_CLAUSE = re.compile(r"[.!?;:,…。！？；：，、]['\"’”」』）)\]】》]*$")


def _continues(prev: str, nxt: str) -> bool:
    """A hard-wrapped line: the next line starts in lower case after an unfinished line."""
    return len(prev.split()) >= 5 and not _ENDS_CLAUSE.search(prev) and nxt[:1].islower()


def clean_for_speech(text: str) -> str:
    """The text a voice should read: no markdown, emoji or URLs; one line; lines end in stops."""
    plain = _URL.sub("", strip_markdown(text))
    lines = [_SPACES.sub(" ", ln).strip() for ln in plain.split("\n")]
    lines = [ln for ln in lines if ln and any(unicodedata.category(c)[0] in "LN" for c in ln)]
    parts: list[str] = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if nxt and _continues(line, nxt):
            parts.append(line + " ")
            continue
        if not _ENDS_CLAUSE.search(line):
            line += "。" if is_cjk(line[-1]) else "."
        last = next((c for c in reversed(line) if unicodedata.category(c)[0] in "LN"), "")
        sep = "" if last and is_cjk(last) and nxt and is_cjk(nxt[0]) else " "
        parts.append(line + sep)
    return "".join(parts).strip()


__all__ = [
    "clean_for_speech",
    "count_cjk",
    "detect_language",
    "is_chinese_language",
    "is_cjk",
    "strip_emoji",
    "strip_markdown",
]
