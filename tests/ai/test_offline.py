from __future__ import annotations

import pytest

from shortvid_desktop.ai import (
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
from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.core.text import count_cjk

EN_LONG = (
    "Artificial intelligence is changing the way we create videos. In the past, making a short "
    "video required a camera, lighting, editing software, and hours of work. Today, a single "
    "person can write a script, generate a voice, and assemble clips in minutes. This is "
    "amazing! But there are risks too. Deepfakes can spread misinformation, and creators must "
    "be careful about copyright. The best tools keep you in control, running on your own "
    "computer, without sending your data to the cloud, while still giving professional results "
    "that look great on every platform from TikTok to YouTube Shorts and Instagram Reels, which "
    "all prefer vertical video in a nine by sixteen aspect ratio. Try it today."
)
ZH_LONG = (
    "人工智能正在改变我们制作视频的方式。过去，制作一个短视频需要摄像机、灯光、剪辑软件和好几个小时的"
    "工作。今天，一个人就可以在几分钟内写好脚本、生成配音并拼接素材！这真是太棒了。但是风险也存在，"
    "深度伪造可能传播虚假信息，创作者必须注意版权问题。最好的工具让你掌控一切，在你自己的电脑上运行，"
    "不需要把数据发送到云端，同时还能在抖音、快手、小红书和视频号等平台上得到专业的效果。"
)


# --------------------------------------------------------------------------- language
@pytest.mark.parametrize(
    ("text", "lang"),
    [("Hello there", "en"), ("你好，世界", "zh"), ("我买了 iPhone 和 MacBook", "zh"), ("", "en")],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


# --------------------------------------------------------------------------- markdown
@pytest.mark.parametrize(
    ("md", "plain"),
    [
        ("# Heading\nText.", "Heading\nText."),
        ("### Deep heading ###", "Deep heading"),
        ("**bold**, __bold__, *it*, _it_ and ***both***!", "bold, bold, it, it and both!"),
        ("snake_case and 2*3*4 stay", "snake_case and 2*3*4 stay"),
        ("- one\n* two\n+ three\n1. four\n2) five", "one\ntwo\nthree\nfour\nfive"),
        ("- [x] done\n- [ ] todo", "done\ntodo"),
        ('See [the site](https://a.b/c_(d) "T") now.', "See the site now."),
        ("Logo: ![alt text](img.png) end.", "Logo: end."),
        ("Ref [link][1].\n\n[1]: https://x.y", "Ref link."),
        ("Use `pip install` now.", "Use pip install now."),
        ("```python\nprint('hi')\n```\nAfter.", "print('hi')\nAfter."),
        ("| Name | Age |\n|------|----:|\n| Bob | 42 |", "Name, Age\nBob, 42"),
        ("> Quoted line.\n> > nested", "Quoted line.\nnested"),
        ("<b>Bold</b> &amp; <i>it</i><br/>next <!-- hidden -->", "Bold & it next"),
        ("Great job 🎉🔥 everyone 👍🏽!", "Great job everyone!"),
        ("Title\n=====\nText\n\n---\n\n\n\nMore", "Title\nText\n\nMore"),
        ("Footnote[^1] here.\n\n[^1]: The note.", "Footnote here.\n\nThe note."),
        ("## 第一部分\n**人工智能**很重要！😀", "第一部分\n人工智能很重要！"),
        ("Sentence one. Sentence two? Yes!", "Sentence one. Sentence two? Yes!"),
    ],
)
def test_strip_markdown(md: str, plain: str) -> None:
    assert strip_markdown(md) == plain


# --------------------------------------------------------------------------- sentences
def test_split_sentences_chinese() -> None:
    text = "他说：“你好。”然后走了！真的吗？？好吧……\n没有标点的一行\n价格是3.5元。最后一句"
    assert split_sentences(text, "zh") == [
        "他说：“你好。”",
        "然后走了！",
        "真的吗？？",
        "好吧……",
        "没有标点的一行",
        "价格是3.5元。",
        "最后一句",
    ]


def test_split_sentences_chinese_semicolon_and_brackets() -> None:
    assert split_sentences("第一；第二（注释。）第三。", "zh") == [
        "第一；",
        "第二（注释。）",
        "第三。",
    ]


def test_split_sentences_english_abbreviations() -> None:
    text = (
        "Mr. Smith went to Washington D.C. on Monday. He paid $3.50 for apples, pears, etc. "
        "and more. I live in the U.S. It is big. J. K. Rowling wrote e.g. this one. "
        '"Is it true?" she asked. Wait... What? No. 5 is next. I said no. Then I left.'
    )
    assert split_sentences(text, "en") == [
        "Mr. Smith went to Washington D.C. on Monday.",
        "He paid $3.50 for apples, pears, etc. and more.",
        "I live in the U.S.",
        "It is big.",
        "J. K. Rowling wrote e.g. this one.",
        '"Is it true?" she asked.',
        "Wait...",
        "What?",
        "No. 5 is next.",
        "I said no.",
        "Then I left.",
    ]


def test_split_sentences_english_lines() -> None:
    text = (
        "A list item\nAnother item\nthis line is long enough to be wrapped\nand continues.\n\nEnd"
    )
    assert split_sentences(text, "en") == [
        "A list item",
        "Another item",
        "this line is long enough to be wrapped and continues.",
        "End",
    ]


def test_split_sentences_auto_and_empty() -> None:
    assert split_sentences("你好。再见。") == ["你好。", "再见。"]
    assert split_sentences("   \n ") == []


# --------------------------------------------------------------------------- scenes
@pytest.mark.parametrize(("text", "lang"), [(EN_LONG, "en"), (ZH_LONG, "zh")], ids=["en", "zh"])
def test_scenes_are_3_to_8_seconds(text: str, lang: str) -> None:
    scenes = split_scenes(text, lang)
    assert len(scenes) >= 4
    for sc in scenes:
        assert sc.narration.strip()
        seconds = sc.duration_us / 1e6
        assert seconds == pytest.approx(estimate_speech_s(sc.narration, lang), abs=0.01)
        assert 3.0 <= seconds <= 8.0, (seconds, sc.narration)
        assert 1 <= len(sc.keywords) <= 3
        assert sc.on_screen_text
        assert sc.mood in {"upbeat", "calm", "serious", "neutral"}
    # nothing lost, nothing reordered
    joined = ("" if lang == "zh" else " ").join(sc.narration for sc in scenes)
    assert joined.replace(" ", "") == text.replace(" ", "")


def test_on_screen_text_is_short() -> None:
    for sc in split_scenes(EN_LONG, "en"):
        assert len(sc.on_screen_text.split()) <= 6
    for sc in split_scenes(ZH_LONG, "zh"):
        assert count_cjk(sc.on_screen_text) <= 16 and len(sc.on_screen_text) <= 16
    assert on_screen_text("Today, we build things.", "en") == "Today"
    assert on_screen_text("过去，制作视频很难。", "zh") == "过去"
    assert on_screen_text("One two three four five six seven eight.", "en") == (
        "One two three four five six…"
    )


def test_long_sentence_is_split_at_commas() -> None:
    sentence = (
        "We walked along the river for hours, we talked about everything and nothing, "
        "we watched the boats drift slowly past the old stone bridge, and when the sun went "
        "down we finally headed home."
    )
    scenes = split_scenes(sentence, "en")
    assert len(scenes) >= 2
    assert all(sc.duration_us <= 8_000_000 for sc in scenes)
    assert scenes[0].narration.endswith(",")
    zh = (
        "我们沿着河边走了好几个小时，聊了很多很多有趣的事情，"
        "看着小船慢慢地从古老的石桥下面漂过，直到太阳落山以后我们才终于回家。"
    )
    zh_scenes = split_scenes(zh, "zh")
    assert len(zh_scenes) >= 2 and all(sc.duration_us <= 8_000_000 for sc in zh_scenes)
    assert "".join(sc.narration for sc in zh_scenes) == zh


def test_a_clause_without_commas_is_split_at_words() -> None:
    words = " ".join(["word"] * 60) + "."
    scenes = split_scenes(words, "en")
    assert all(sc.duration_us <= 8_000_000 for sc in scenes)
    assert sum(len(sc.narration.split()) for sc in scenes) == 60


def test_short_text_is_one_scene() -> None:
    (scene,) = split_scenes("Hi.", "en")
    assert scene.narration == "Hi." and scene.keywords == ["hi"]
    assert split_scenes("", "en") == []
    assert split_scenes("🎉 **", "en") == []


# --------------------------------------------------------------------------- keywords
def test_keywords_english() -> None:
    kws = keywords(EN_LONG, "en", n=3)
    assert 1 <= len(kws) <= 3
    assert "artificial intelligence" in keywords(
        "Artificial intelligence is changing the world. Artificial intelligence helps doctors.",
        "en",
    )
    lowered = [k.lower() for k in kws]
    assert len(set(lowered)) == len(lowered)
    for a in lowered:  # no keyword inside another
        assert not any(a != b and a in b for b in lowered)
        assert len(a) > 1 and a not in {"the", "and", "is"}


def test_keywords_chinese() -> None:
    kws = keywords("人工智能正在改变世界，机器学习和深度学习是人工智能的核心技术。", "zh")
    assert kws[0] == "人工智能"
    assert 1 <= len(kws) <= 3
    assert all(len(k) >= 2 for k in kws)
    assert len(set(kws)) == len(kws)


def test_keywords_edge_cases() -> None:
    assert keywords("", "en") == []
    assert keywords("The AI revolution", "en", n=1) in (["AI revolution"], ["revolution"], ["AI"])
    assert keywords("我们", "zh") == []  # only a stopword
    assert len(keywords(EN_LONG, "auto", n=5)) == 5


# --------------------------------------------------------------------------- tone
@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("This is amazing and so much fun!", "upbeat"),
        ("Relax, breathe slowly and rest in the quiet.", "calm"),
        ("Warning: the crisis is a serious danger.", "serious"),
        ("The meeting is on Tuesday.", "neutral"),
        ("太棒了！我们成功了，真开心！", "upbeat"),
        ("今天很平静，我们慢慢休息。", "calm"),
        ("这是一个严重的危机，存在很大风险。", "serious"),
        ("", "neutral"),
    ],
)
def test_tone(text: str, mood: str) -> None:
    assert tone(text) == mood


# --------------------------------------------------------------------------- script
def test_script_title_from_heading() -> None:
    script = script_from_text("# My **Video** 🎬\n\nHello there. " + EN_LONG)
    assert script.title == "My Video"
    assert script.language == "en"
    assert script.hook == "Hello there."
    assert not any("My Video" in sc.narration for sc in script.scenes)
    assert script.scenes[0].narration.startswith("Hello there.")


def test_script_title_from_first_sentence_and_override() -> None:
    script = script_from_text(ZH_LONG)
    assert script.language == "zh"
    assert script.title == "人工智能正在改变我们制作视频的方式"
    long = script_from_text("One two three four five six seven eight nine ten. Next.")
    assert long.title == "One two three four five six seven eight…"
    assert script_from_text("Hi there.", title="Mine").title == "Mine"
    assert script_from_text("Hello.", language="en-US").language == "en"
    assert script_from_text("你好。", language="zh-CN").language == "zh"


def test_a_lone_heading_is_narrated() -> None:
    script = script_from_text("# Just a title")
    assert script.title == "Just a title"
    assert [sc.narration for sc in script.scenes] == ["Just a title"]


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_empty_script(text: str) -> None:
    with pytest.raises(BadInputError, match="The script is empty: "):
        script_from_text(text)


def test_script_of_only_markup_is_empty() -> None:
    with pytest.raises(BadInputError, match="The script is empty: "):
        script_from_text("🎉🎉 **  ** ---")
