"""The offline script helper: the user's text to scenes, keywords and a tone, with no network.

Used when no LLM provider is set up (and to post-process what one returns): sentences are split
with care for abbreviations, decimals and Chinese punctuation, grouped into scenes of about 3-8 s of
speech, and given short on-screen text and 1-3 visual keywords (jieba for Chinese, yake for other
languages).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable, Sequence
from types import ModuleType

from shortvid_desktop import paths
from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.core.model import Scene, Script

# The one markdown/emoji/CJK implementation, shared with the voices (stdlib only; see there).
from shortvid_desktop.core.text import (
    count_cjk,
    detect_language,
    is_chinese_language,
    is_cjk,
    strip_markdown,
)

log = logging.getLogger(__name__)

# Speaking pace used to plan scenes (the voice decides the real length).
EN_WORDS_PER_S = 2.7
ZH_CHARS_PER_S = 4.5
SCENE_MIN_S, SCENE_TARGET_S, SCENE_MAX_S = 3.0, 5.0, 8.0
ON_SCREEN_MAX_CJK, ON_SCREEN_MAX_WORDS = 16, 6

_jieba_lock = threading.Lock()


def _lang(text: str, language: str) -> str:
    """ "zh", "en" or another base language code ("en-US" -> "en"); "auto" detects."""
    if not language or language == "auto":
        return detect_language(text)
    if is_chinese_language(language):
        return "zh"
    return language.lower().replace("_", "-").split("-")[0]


# --------------------------------------------------------------------------- sentences
_ZH_TERMINATORS = set("。！？；!?;…")
_CLOSERS = set("”’」』）)》】〕\"'»")
_TITLES = {
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
    "fig",
    "cf",
    "approx",
    "no",
    "vol",
    "gen",
    "gov",
    "sen",
    "rep",
    "rev",
    "capt",
    "lt",
    "col",
    "sgt",
}
_SENTENCE_STARTERS = set(
    "The It This That These Those We I He She They You In But And So A An There Our My His Her "
    "Its Their What Why How When Where If As At On For Today Now Then Yet Still Also".split()
)
_EN_END = re.compile(r"(?:[.!?]+|…|\.{3})[”’\"')\]»]*(?=\s|$)")
_WORD_BEFORE = re.compile(r"(\S+)$")
_NEXT_WORD = re.compile(r"\s*(\S+)")
_LONGEST_WORD = 64  # how far back the word before a full stop is looked for


def _is_continuation(prev: str, nxt: str) -> bool:
    """A hard-wrapped English line: the previous is unfinished, the next starts lower-case."""
    return (
        bool(prev)
        and prev[-1] not in ".!?…:;。！？"
        and nxt[:1].islower()
        and len(prev.split()) >= 5
    )


def _split_zh_block(block: str) -> list[str]:
    out: list[str] = []
    start, i, n = 0, 0, len(block)
    while i < n:
        ch = block[i]
        end_here = ch in _ZH_TERMINATORS or (
            ch == "." and (i + 1 == n or block[i + 1].isspace()) and not block[i - 1 : i].isdigit()
        )
        if not end_here:
            i += 1
            continue
        j = i + 1
        while j < n and (block[j] in _ZH_TERMINATORS or block[j] == "."):
            j += 1
        while j < n and block[j] in _CLOSERS:
            j += 1
        out.append(block[start:j])
        start = i = j
    out.append(block[start:])
    return [s.strip() for s in out if s.strip()]


def _ends_en_sentence(block: str, match: re.Match[str]) -> bool:
    punct = match.group(0)
    after = _NEXT_WORD.match(block, match.end())  # looks at the next word only: linear overall
    if after is None:
        return True
    next_word = after.group(1).lstrip("\"'“‘(")
    if (
        not next_word[:1].isupper()
        and not next_word[:1].isdigit()
        and next_word[:1] not in "“\"'‘("
    ):
        return False  # "etc. and", "e.g. this", "... and then", '"Is it?" she asked'
    if any(c in "!?" for c in punct):
        return True
    if punct.startswith("…") or punct.startswith(".."):
        return True
    word = _WORD_BEFORE.search(block, max(0, match.start() - _LONGEST_WORD), match.start())
    token = (word.group(1) if word else "").lstrip("\"'“‘([")
    bare = token.lower()
    if bare in _TITLES:
        return bare == "no" and not next_word[:1].isdigit()
    if len(token) == 1 and token.isupper():
        return False  # an initial: "J. K. Rowling"
    if "." in token:  # U.S., e.g., a.m.
        return next_word.strip("\"'“‘(") in _SENTENCE_STARTERS
    return True


def _split_en_block(block: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _EN_END.finditer(block):
        if m.end() <= start:
            continue
        if _ends_en_sentence(block, m):
            out.append(block[start : m.end()])
            start = m.end()
    out.append(block[start:])
    return [s.strip() for s in out if s.strip()]


def _blocks(text: str, chinese: bool) -> list[str]:
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    blocks: list[str] = []
    for line in lines:
        if not line:
            blocks.append("")
            continue
        if not chinese and blocks and blocks[-1] and _is_continuation(blocks[-1], line):
            blocks[-1] += " " + line
        else:
            blocks.append(line)
    return [b for b in blocks if b]


def split_sentences(text: str, language: str = "auto") -> list[str]:
    """Sentences in order, stripped.

    Chinese: on 。！？；… and newlines, closing quotes kept with the sentence. English: on . ! ?
    (not after Mr./Dr./e.g./U.S./initials, not inside 3.5) and line breaks.
    """
    chinese = _lang(text, language) == "zh"
    out: list[str] = []
    for block in _blocks(text, chinese):
        out += _split_zh_block(block) if chinese else _split_en_block(block)
    return out


# --------------------------------------------------------------------------- durations
_LATIN_OR_NUMBER = re.compile(r"[A-Za-z\u00C0-\u024F0-9]+(?:['’.,][A-Za-z0-9]+)*")


def estimate_speech_s(text: str, language: str = "auto") -> float:
    """Seconds a voice needs for ``text`` at a typical pace (English 2.7 words/s, Chinese 4.5
    characters/s; Latin words inside Chinese count as English words)."""
    if _lang(text, language) == "zh":
        han = count_cjk(text)
        latin = len(_LATIN_OR_NUMBER.findall("".join(" " if is_cjk(c) else c for c in text)))
        return han / ZH_CHARS_PER_S + latin / EN_WORDS_PER_S
    return len(_LATIN_OR_NUMBER.findall(text)) / EN_WORDS_PER_S


_CLAUSE_SPLIT = re.compile(r"(?<=[，、,;；:：])")


def _jieba() -> ModuleType:
    """jieba, set up once: quiet, and its dictionary cache in our cache folder (by default it
    writes ``jieba.cache`` into TMPDIR, outside the app's data folder). Call with the lock held."""
    import jieba

    if not getattr(jieba.dt, "_shortvid_ready", False):
        jieba.setLogLevel(logging.WARNING)
        try:
            jieba.dt.tmp_dir = str(paths.cache_dir("jieba"))
        except OSError:  # no writable data folder: jieba then builds its dictionary each run
            jieba.dt.tmp_dir = os.path.join(os.devnull, "jieba")  # a folder that cannot exist
        jieba.dt._shortvid_ready = True
    return jieba


def _jieba_cut(text: str) -> list[str]:
    with _jieba_lock:
        return _jieba().lcut(text)


def _hard_split(text: str, chinese: bool, max_s: float) -> list[str]:
    """Split one over-long clause at word boundaries into pieces of at most ``max_s``."""
    words = _jieba_cut(text) if chinese else text.split()
    joiner = "" if chinese else " "
    lang = "zh" if chinese else "en"
    pieces: list[str] = []
    cur: list[str] = []
    for w in words:
        if cur and estimate_speech_s(joiner.join([*cur, w]), lang) > max_s:
            pieces.append(joiner.join(cur).strip())
            cur = []
        cur.append(w)
    if cur:
        pieces.append(joiner.join(cur).strip())
    return [p for p in pieces if p]


def _units(sentence: str, chinese: bool, max_s: float) -> list[str]:
    """A sentence, or its clauses (packed up to ``max_s``) when it is too long to be one scene."""
    lang = "zh" if chinese else "en"
    if estimate_speech_s(sentence, lang) <= max_s:
        return [sentence]
    clauses: list[str] = []
    for clause in (c.strip() for c in _CLAUSE_SPLIT.split(sentence)):
        if not clause:
            continue
        if estimate_speech_s(clause, lang) > max_s:
            clauses += _hard_split(clause, chinese, max_s)
        else:
            clauses.append(clause)
    joiner = "" if chinese else " "
    packed: list[str] = []
    for clause in clauses:
        if packed and estimate_speech_s(packed[-1] + joiner + clause, lang) <= max_s:
            packed[-1] = packed[-1] + joiner + clause
        else:
            packed.append(clause)
    return packed


# --------------------------------------------------------------------------- scenes
def on_screen_text(narration: str, language: str = "auto") -> str:
    """A short caption for the scene: its first clause, at most 16 CJK characters or 6 words."""
    chinese = _lang(narration, language) == "zh"
    first = split_sentences(narration, "zh" if chinese else "en")
    clause = first[0] if first else narration.strip()
    clause = re.split(r"[，、,;；:：。！？!?…]|\.(?=\s|$)", clause, maxsplit=1)[0]
    clause = clause.strip().strip("\"'“”‘’「」『』()（）[]【】 ")
    if chinese:
        if len(clause) > ON_SCREEN_MAX_CJK:
            clause = clause[: ON_SCREEN_MAX_CJK - 1].rstrip() + "…"
        return clause
    words = clause.split()
    if len(words) > ON_SCREEN_MAX_WORDS:
        return " ".join(words[:ON_SCREEN_MAX_WORDS]).rstrip(".,;:") + "…"
    return " ".join(words)


def split_scenes(text: str, language: str = "auto") -> list[Scene]:
    """Group the text's sentences into scenes of about 3-8 s of speech (target 5 s).

    A sentence longer than 8 s is split at its commas (and, if a clause is still too long, at word
    boundaries). ``duration_us`` is the estimate; ``on_screen_text`` a short version; ``keywords``
    1-3 visual search terms; ``mood`` the scene's tone. Never returns an empty scene.
    """
    plain = strip_markdown(text)
    lang = _lang(plain, language)
    chinese = lang == "zh"
    joiner = "" if chinese else " "
    units: list[tuple[str, float]] = []
    for sentence in split_sentences(plain, lang):
        if not any(ch.isalnum() for ch in sentence):
            continue  # nothing to say: stray markup or punctuation
        for unit in _units(sentence, chinese, SCENE_MAX_S):
            units.append((unit, estimate_speech_s(unit, lang)))

    groups: list[list[tuple[str, float]]] = []
    cur: list[tuple[str, float]] = []
    cur_s = 0.0
    for unit, secs in units:
        if cur and cur_s + secs > SCENE_MAX_S:
            groups.append(cur)
            cur, cur_s = [], 0.0
        cur.append((unit, secs))
        cur_s += secs
        if cur_s >= SCENE_TARGET_S:
            groups.append(cur)
            cur, cur_s = [], 0.0
    if cur:
        groups.append(cur)
    groups = _merge_short(groups)

    scenes: list[Scene] = []
    for group in groups:
        narration = joiner.join(u for u, _ in group).strip()
        if not narration:
            continue
        scenes.append(
            Scene(
                narration=narration,
                on_screen_text=on_screen_text(narration, lang),
                keywords=keywords(narration, lang, n=3),
                duration_us=round(sum(s for _, s in group) * 1_000_000),
                mood=tone(narration),
            )
        )
    return scenes


def _merge_short(groups: list[list[tuple[str, float]]]) -> list[list[tuple[str, float]]]:
    """Fold scenes shorter than the minimum into a neighbour when that stays under the maximum."""

    def secs(g: list[tuple[str, float]]) -> float:
        return sum(s for _, s in g)

    out: list[list[tuple[str, float]]] = []
    for group in groups:
        if out and (secs(group) < SCENE_MIN_S or secs(out[-1]) < SCENE_MIN_S):
            if secs(out[-1]) + secs(group) <= SCENE_MAX_S:
                out[-1] = out[-1] + group
                continue
        out.append(group)
    return out


# --------------------------------------------------------------------------- keywords
_ZH_STOPWORDS = set(
    "我们 你们 他们 她们 它们 自己 什么 怎么 这个 那个 这些 那些 这样 那样 因为 所以 但是 可以 "
    "没有 就是 还是 已经 一个 一些 非常 真的 今天 现在 如果 然后 而且 或者 不是 这里 那里 时候 "
    "大家 一起 知道 觉得 需要 应该 可能 其实 为了 通过 进行 开始 之后 之前 成为".split()
)
_EN_STOPWORDS = set(
    "the a an and or but if then so of to in on at for with by from as is are was were be been "
    "being it its this that these those i you he she we they me him her us them my your his our "
    "their what which who whom how why when where there here not no yes do does did done have has "
    "had will would can could should may might must just very really also about into over more "
    "most some any all each every one two get got make made like".split()
)


_ZH_NOUN_POS = ("n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "ng", "vn", "an", "eng")


def _dedupe(candidates: Iterable[str], n: int) -> list[str]:
    chosen: list[str] = []
    for cand in candidates:
        low = cand.lower()
        if any(low in c.lower() or c.lower() in low for c in chosen):
            continue
        chosen.append(cand)
        if len(chosen) == n:
            break
    return chosen


def _ok_keyword(word: str, chinese: bool) -> bool:
    w = word.strip()
    if len(w) < 2 or w.replace(".", "").replace(",", "").isdigit():
        return False
    if not any(ch.isalpha() for ch in w):
        return False
    if chinese and count_cjk(w) == 1 and len(w) == 1:
        return False
    parts = w.lower().split()
    return not all(p in _EN_STOPWORDS or p in _ZH_STOPWORDS for p in parts)


def _case(word: str) -> str:
    """Lower-case for searching, but keep acronyms ("AI", "NASA") as written."""
    return " ".join(p if p.isupper() and len(p) > 1 else p.lower() for p in word.split())


def keywords(text: str, language: str = "auto", n: int = 3) -> list[str]:
    """Up to ``n`` visual keywords: jieba TF-IDF for Chinese, yake for other languages.

    De-duplicated (a keyword inside another is dropped), no stopwords, numbers or single letters.
    """
    text = strip_markdown(text)
    if not text.strip() or n <= 0:
        return []
    lang = _lang(text, language)
    chinese = lang == "zh"
    if chinese:
        import jieba.analyse

        with _jieba_lock:
            _jieba()
            nouns = jieba.analyse.extract_tags(text, topK=n * 5, allowPOS=_ZH_NOUN_POS)
            tags = jieba.analyse.extract_tags(text, topK=n * 5)
        candidates = [t.strip() for t in [*nouns, *tags]]  # nouns first: they make visuals
    else:
        import yake

        extractor = yake.KeywordExtractor(lan=lang.split("-")[0], n=2, top=n * 5, dedup_lim=0.8)
        ranked = [_case(k) for k, _ in extractor.extract_keywords(text)]
        # Noun phrases make better visual search terms than "video required" or "changing".
        candidates = sorted(ranked, key=lambda k: k.split()[-1].endswith(("ing", "ed", "ly")))
    found = _dedupe((c for c in candidates if _ok_keyword(c, chinese)), n)
    if not found:  # very short text: fall back to its longest content words
        words = _jieba_cut(text) if chinese else re.findall(r"[^\W\d_][\w'’-]*", text)
        longest = sorted((w for w in words if _ok_keyword(w, chinese)), key=lambda w: -len(w))
        found = _dedupe((_case(w) for w in longest), n)
    return found


# --------------------------------------------------------------------------- tone
_TONE_EN = {
    "upbeat": (
        "amaz awesom great exciting excited fun love happy happi best incredibl wow celebrat win "
        "success joy fantastic beautiful brilliant delight thrill epic cool perfect wonderful "
        "enjoy smile laugh party"
    ),
    "calm": (
        "calm relax peace gentl quiet slow breath soft rest sleep meditat seren tranquil soothing "
        "mindful patien cozy still warm breeze nature"
    ),
    "serious": (
        "warn danger crisis death die dead war risk problem serious important must diseas loss "
        "fail threat urgent tragedy tragic attack crime poverty sad fear victim collapse emergency"
    ),
}
_TONE_ZH = {
    "upbeat": "太棒 开心 快乐 惊喜 精彩 喜欢 成功 厉害 有趣 激动 美好 棒 赞 哇 庆祝 幸福 兴奋 好玩",
    "calm": "平静 安静 放松 慢慢 宁静 温柔 休息 睡眠 冥想 舒适 悠闲 自然 呼吸 轻松 治愈",
    "serious": (
        "危险 警告 危机 死亡 战争 风险 问题 严重 重要 必须 疾病 损失 失败 威胁 紧急 悲剧 犯罪 灾难"
    ),
}
_TONE_EN_STEMS = {k: v.split() for k, v in _TONE_EN.items()}
_TONE_ZH_WORDS = {k: v.split() for k, v in _TONE_ZH.items()}


def tone(text: str) -> str:
    """A simple lexicon tag: "upbeat", "calm", "serious" or "neutral" (English and Chinese)."""
    scores = dict.fromkeys(("upbeat", "calm", "serious"), 0.0)
    lowered = text.lower()
    for word in re.findall(r"[a-z']+", lowered):
        for mood, stems in _TONE_EN_STEMS.items():
            if any(word.startswith(s) for s in stems):
                scores[mood] += 1
    for mood, words in _TONE_ZH_WORDS.items():
        scores[mood] += sum(text.count(w) for w in words)
    scores["upbeat"] += 0.5 * min(4, text.count("!") + text.count("！"))
    best = max(scores, key=lambda m: scores[m])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 1 or ranked[0] == ranked[1]:
        return "neutral"
    return best


# --------------------------------------------------------------------------- variants
def sentence_key(sentence: str) -> str:
    """A sentence as a listener hears it: case, spaces, punctuation and emoji ignored (two
    openings are "the same" when their keys are equal)."""
    return "".join(ch for ch in strip_markdown(sentence).casefold() if ch.isalnum())


def first_sentence(text: str, language: str = "auto") -> str:
    """The first sentence of ``text`` ("" when it has none)."""
    sentences = split_sentences(strip_markdown(text), language)
    return sentences[0] if sentences else text.strip()


def pick_opening(
    candidates: Sequence[str], variant: int = 1, avoid_openings: Iterable[str] = ()
) -> int:
    """Which of ``candidates`` opens variant ``variant`` (from 1): variant 1 the first, variant
    k the k-th (cycling), then onwards past any whose key is in ``avoid_openings`` or that says
    nothing. Returns -1 when every candidate is to be avoided (the caller keeps its order)."""
    if not candidates:
        return -1
    avoid = {sentence_key(a) for a in avoid_openings}
    avoid.discard("")
    n = len(candidates)
    start = (max(1, variant) - 1) % n
    for step in range(n):
        i = (start + step) % n
        key = sentence_key(candidates[i])
        if key and key not in avoid:
            return i
    return -1


def vary_sentences(
    sentences: Sequence[str], variant: int = 1, avoid_openings: Iterable[str] = ()
) -> list[str]:
    """The sentences of a variant: variant 1 (with no opening to avoid) unchanged; otherwise
    rotated so that another sentence opens (the k-th for variant k, skipping openings to avoid),
    which keeps neighbouring sentences together. Unchanged when none can open."""
    items = list(sentences)
    avoid = list(avoid_openings)
    if variant <= 1 and not avoid:
        return items
    i = pick_opening(items, variant, avoid)
    if i <= 0:
        return items
    return items[i:] + items[:i]


# --------------------------------------------------------------------------- script
_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")


def _short_title(sentence: str, chinese: bool) -> str:
    title = sentence.strip().rstrip("。！？!?.…;；:：,，").strip("\"'“”‘’「」 ")
    if chinese:
        return title if len(title) <= 20 else title[:19] + "…"
    words = title.split()
    return " ".join(words) if len(words) <= 8 else " ".join(words[:8]).rstrip(",;:") + "…"


def script_from_text(
    text: str,
    language: str = "auto",
    title: str | None = None,
    *,
    variant: int = 1,
    avoid_openings: Sequence[str] = (),
) -> Script:
    """A Script from the user's own text: title, hook (the first sentence) and scenes.

    The title is ``title``, else the first markdown heading (which is then not narrated when it
    opens the text), else the first sentence shortened. Raises BadInputError for empty text.
    ``variant`` > 1 or ``avoid_openings`` give a variant of the same text that opens with another
    sentence (see ``vary_sentences``); the title stays that of the text.
    """
    if not text or not text.strip():
        raise BadInputError("The script is empty: type or paste the text to turn into a video")
    body = text
    heading_title = ""
    lines = text.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        m = _HEADING_LINE.match(line)
        if m:
            heading_title = strip_markdown(m.group(1)).strip()
            rest = "\n".join(lines[i + 1 :])
            if strip_markdown(rest).strip():  # keep a lone heading as the narration
                body = rest
        break
    plain = strip_markdown(body)
    if not plain.strip():
        raise BadInputError(
            "The script is empty: nothing is left once markdown, emoji and links are removed"
        )
    lang = _lang(plain, language)
    chinese = lang == "zh"
    sentences = split_sentences(plain, lang)
    first = sentences[0] if sentences else plain.strip()
    varied = vary_sentences(sentences, variant, avoid_openings)
    if varied != sentences:
        plain = ("" if chinese else " ").join(varied)
    scenes = split_scenes(plain, lang)
    if not scenes:
        raise BadInputError("The script is empty: it has no words to narrate")
    final_title = (title or "").strip() or heading_title or _short_title(first, chinese)
    return Script(
        title=final_title,
        hook=varied[0] if varied else first,
        language=lang,
        scenes=scenes,
    )


__all__ = [
    "detect_language",
    "estimate_speech_s",
    "first_sentence",
    "keywords",
    "on_screen_text",
    "pick_opening",
    "script_from_text",
    "sentence_key",
    "split_scenes",
    "split_sentences",
    "strip_markdown",
    "tone",
    "vary_sentences",
]
