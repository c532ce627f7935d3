"""Scripts from a topic through the local OpenAI server; parsing, repair, fallback, scene edits."""

from __future__ import annotations

import json
import socket

import pytest

from shortvid_desktop import net
from shortvid_desktop.ai.client import client_for
from shortvid_desktop.ai.generate import (
    ScriptFormatError,
    ScriptRequest,
    build_messages,
    clean_text,
    extract_json,
    merge_keywords,
    offline_script,
    parse_script,
    revise_scene,
    scene_count,
    script_from_data,
    script_from_topic,
)
from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.core.model import Script
from shortvid_desktop.core.serial import from_dict, to_dict
from shortvid_desktop.jobs import Progress, ProgressReport


def _progress() -> tuple[Progress, list[ProgressReport]]:
    reports: list[ProgressReport] = []
    return Progress(reports.append), reports


def test_topic_becomes_a_structured_multi_scene_script(openai_env, fast_context) -> None:
    progress, reports = _progress()
    streamed: list[str] = []
    result = script_from_topic(
        "Why cats purr", "openai", "en", 30, progress, context=fast_context, on_text=streamed.append
    )
    assert len(streamed) > 5 and json.loads(streamed[-1])["title"] == "All about Why cats purr"
    script = result.script
    assert not result.offline and result.provider == "openai" and result.model == "gpt-test"
    assert len(script.scenes) == scene_count(30) == 5
    assert script.title == "All about Why cats purr" and script.language == "en"
    assert script.hook == "You won't believe Why cats purr."
    for i, scene in enumerate(script.scenes, 1):
        assert (
            scene.narration == f"Point {i} about Why cats purr is really interesting. It matters."
        )
        assert "*" not in scene.narration and "🚀" not in scene.narration
        assert scene.on_screen_text == f"Point {i}"
        assert 1 <= len(scene.keywords) <= 3
        assert scene.keywords[:2] == ["Why cats purr close up", "city skyline"]  # LLM's first
        assert "Skyline" not in scene.keywords  # de-duplicated, case-blind
        assert scene.mood == "upbeat"
        assert scene.duration_us == 4_500_000
    assert from_dict(Script, to_dict(script)) == script  # valid against the core model
    fractions = [r.fraction for r in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("scene" in r.message for r in reports) and reports[-1].message.startswith("Script")
    (request,) = openai_env.calls("chat")
    assert request["body"]["response_format"]["type"] == "json_schema"
    assert "Why cats purr" in request["body"]["messages"][1]["content"]


def test_chinese_topic_asks_for_chinese_and_cleans_markdown(openai_env, fast_context) -> None:
    result = script_from_topic("人工智能", "openai", seconds=12, context=fast_context)
    assert result.script.language == "zh"
    system = openai_env.calls("chat")[0]["body"]["messages"][0]["content"]
    assert "Simplified Chinese" in system
    assert result.script.scenes[0].narration == "第1点，关于人工智能的重要事实。"


def test_markdown_wrapped_json_is_accepted_without_a_repair(openai_env, fast_context) -> None:
    openai_env.fail_next("chat", "markdown")
    result = script_from_topic("Tea", "openai", "en", 12, context=fast_context)
    assert not result.repaired and len(openai_env.calls("chat")) == 1
    assert len(result.script.scenes) == 2


def test_malformed_json_gets_one_repair_retry(openai_env, fast_context, memory_store) -> None:
    openai_env.fail_next("chat", "malformed")
    progress, reports = _progress()
    result = script_from_topic("Tea", "openai", "en", 12, progress, context=fast_context)
    assert result.repaired and "second try" in result.notices[0]
    first, second = openai_env.calls("chat")
    repair = second["body"]["messages"]
    assert repair[-2]["role"] == "assistant" and repair[-2]["content"]
    assert "cannot be used: not valid JSON" in repair[-1]["content"]
    assert any("Repairing" in r.message for r in reports)
    assert len(memory_store.usage) == 2  # one ledger row per call


def test_a_wrong_shape_twice_names_the_field(openai_env, fast_context) -> None:
    openai_env.fail_next("chat", "invalid", "invalid")
    with pytest.raises(ScriptFormatError, match=r"scenes\[0\]\.narration: must be a string"):
        script_from_topic("Tea", "openai", "en", 12, context=fast_context, fallback=False)


def test_without_a_provider_the_offline_helper_writes_an_honest_template() -> None:
    result = script_from_topic("Why cats purr", None, "en", 30)
    assert result.offline and result.provider == "offline"
    assert "No AI provider is set up" in result.notices[0] and "template" in result.notices[0]
    scenes = result.script.scenes
    assert 3 <= len(scenes) <= 6 and all(
        "cats purr" in s.narration.lower() or s.narration for s in scenes
    )
    assert scenes[0].narration.startswith("What is Why cats purr?")
    assert result.script.title == "Why cats purr"


def test_network_down_falls_back_offline_with_a_notice(
    openai_env, memory_store, monkeypatch
) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    dead = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    sock.close()  # nothing listens there: connection refused
    monkeypatch.setenv("OPENAI_BASE_URL", dead)
    ctx = net.NetContext(store=memory_store, timeout_s=5, max_retries=0)
    result = script_from_topic("猫为什么会打呼噜", "openai", context=ctx)
    assert result.offline and result.script.language == "zh" and result.script.scenes
    assert "openai could not be used" in result.notices[0] and "cannot reach" in result.notices[0]
    with pytest.raises(net.ProviderUnavailableError):
        script_from_topic("Tea", "openai", context=ctx, fallback=False)


def test_no_key_falls_back_and_says_how_to_add_one(openai_server, fast_context) -> None:
    result = script_from_topic("Tea", "deepseek", "en", 12, context=fast_context)
    assert result.offline and "shortvid keys set deepseek" in result.notices[0]


def test_prose_topic_is_split_into_scenes_offline() -> None:
    text = (
        "Cats purr when they are content. They also purr when they are hurt or scared, which "
        "surprises many owners. Scientists think the vibration may even help bones heal."
    )
    result = script_from_topic(text, "offline", "en", 30)
    assert result.offline
    assert " ".join(s.narration for s in result.script.scenes).startswith("Cats purr when")


def test_bad_requests_are_bad_input() -> None:
    with pytest.raises(BadInputError, match="topic is empty"):
        script_from_topic("  ", "offline")
    with pytest.raises(BadInputError, match="Unknown style"):
        script_from_topic("Tea", "offline", style="opera")
    with pytest.raises(BadInputError, match="5-600 seconds"):
        script_from_topic("Tea", "offline", seconds=2)
    with pytest.raises(BadInputError, match="Unknown AI provider 'nope'"):
        script_from_topic("Tea", "nope")


def test_prompt_carries_the_request() -> None:
    req = ScriptRequest("Tea", "mention green tea", "students", "product promo", "en", 45).checked()
    system, user = build_messages(req)
    assert "ONE JSON object" in system["content"] and "English" in system["content"]
    text = user["content"]
    assert "Topic: Tea" in text and "green tea" in text and "students" in text
    assert "product promo" in text and "45 seconds, 8 scenes" in text


# --------------------------------------------------------------------------- parsing
@pytest.mark.parametrize(
    "text",
    [
        '{"scenes": [{"narration": "Hi."}]}',
        'Sure!\n```json\n{"scenes": [{"narration": "Hi."}]}\n```\nDone.',
        'Here you go: {"scenes": [{"narration": "Hi.",},],} hope it helps',
        "{“scenes”: [{“narration”: “Hi.”}]}",
        '[{"narration": "Hi."}]',
        '{"script": {"scenes": ["Hi."]}}',
    ],
)
def test_tolerant_parser(text: str) -> None:
    script = parse_script(text, "en")
    assert [s.narration for s in script.scenes] == ["Hi."]


def test_parser_reports_where_the_json_broke() -> None:
    with pytest.raises(ScriptFormatError, match="line 2 column"):
        extract_json('{"scenes": [\n  {"narration": "Hi." "x"}]}')
    with pytest.raises(ScriptFormatError, match="empty"):
        extract_json("   ")
    with pytest.raises(ScriptFormatError, match="scenes: is missing"):
        parse_script('{"title": "x"}', "en")


def test_other_field_names_and_types_are_mapped() -> None:
    data = {
        "headline": "## The **Title** ✨",
        "scenes": [
            {
                "voiceover": "Narrator: Visit https://x.io now! #ad [upbeat music] It is *great*.",
                "caption": "Big `news`",
                "visual_keywords": "ocean waves, beach, Ocean Waves",
                "tone": "Calm and slow",
                "duration": "6s",
            }
        ],
    }
    script = script_from_data(data, "en")
    scene = script.scenes[0]
    assert script.title == "The Title"
    assert scene.narration == "Visit now! It is great."
    assert scene.on_screen_text == "Big news"
    assert scene.keywords[:2] == ["ocean waves", "beach"] and len(scene.keywords) <= 3
    assert scene.mood == "calm" and scene.duration_us == 6_000_000
    assert script.hook == "Visit now!"


def test_type_errors_name_the_path() -> None:
    with pytest.raises(ScriptFormatError, match=r"scenes\[1\]\.keywords\[0\]"):
        script_from_data(
            {"scenes": [{"narration": "a"}, {"narration": "b", "keywords": [3]}]}, "en"
        )
    with pytest.raises(ScriptFormatError, match=r"scenes\[0\]\.duration_s"):
        script_from_data({"scenes": [{"narration": "a", "duration_s": "long"}]}, "en")
    with pytest.raises(ScriptFormatError, match=r"scenes\[0\]\.narration: is empty"):
        script_from_data({"scenes": [{"narration": "🎉 **  **"}]}, "en")


def test_keywords_merge_and_dedupe() -> None:
    assert merge_keywords(["Cat", "cats sleeping", "#sun"], ["cat", "window"]) == [
        "Cat",
        "cats sleeping",
        "sun",
    ]
    assert merge_keywords([" "], ["window", "Window light"]) == ["window"]


def test_clean_text_for_voices() -> None:
    assert clean_text("**Bold** and _it_ 😀\n- item", "en") == "Bold and it item"
    assert clean_text("旁白：你好\n世界", "zh") == "你好世界"


# --------------------------------------------------------------------------- scenes
def _three_scene_script() -> Script:
    return parse_script(
        json.dumps(
            {
                "title": "T",
                "hook": "H.",
                "scenes": [
                    {"narration": "First scene here. It has two sentences.", "mood": "calm"},
                    {"narration": "Second scene is in the middle. It has more words in it."},
                    {"narration": "Third scene closes the video."},
                ],
            }
        ),
        "en",
    )


@pytest.mark.parametrize(
    ("action", "kwargs", "expected"),
    [
        ("rewrite", {}, "A brand new version of this scene, told differently."),
        ("shorten", {}, "A shorter scene."),
        ("tone", {"tone": "Serious"}, "A brand new version of this scene, told differently."),
        ("translate", {"language": "zh"}, "这是翻译后的场景。"),
    ],
)
def test_one_scene_changes_and_the_others_do_not(
    openai_env, fast_context, action: str, kwargs: dict, expected: str
) -> None:
    script = _three_scene_script()
    script.scenes[1].voice = "edge:en-US-GuyNeural"
    before = to_dict(script)
    client = client_for("openai", fast_context)
    out = revise_scene(script, 1, action, client, **kwargs)
    assert to_dict(script) == before  # the input is not touched
    assert to_dict(out.scenes[0]) == before["scenes"][0]
    assert to_dict(out.scenes[2]) == before["scenes"][2]
    changed = out.scenes[1]
    assert changed.id == script.scenes[1].id and changed.voice == "edge:en-US-GuyNeural"
    assert changed.narration == expected
    if action == "tone":
        assert changed.mood == "serious"
    sent = openai_env.calls("chat")[0]["body"]["messages"][1]["content"]
    assert "Second scene is in the middle" in sent and "First scene here" in sent


def test_offline_scene_edits() -> None:
    script = _three_scene_script()
    out = revise_scene(script, 0, "shorten")
    assert out.scenes[0].narration == "First scene here."
    assert to_dict(out.scenes[1:]) == to_dict(script.scenes[1:])
    with pytest.raises(BadInputError, match="needs an AI provider"):
        revise_scene(script, 0, "rewrite")
    with pytest.raises(BadInputError, match="no scene 4"):
        revise_scene(script, 3, "shorten")
    with pytest.raises(BadInputError, match="which tone"):
        revise_scene(script, 0, "tone")


def test_offline_script_for_each_style() -> None:
    for style in ("explainer", "story", "promo", "listicle"):
        script = offline_script(ScriptRequest("Green tea", style=style, language="en"))
        assert len(script.scenes) >= 3 and all(s.narration for s in script.scenes)
    zh = offline_script(ScriptRequest("绿茶", language="zh", seconds=20))
    assert zh.language == "zh" and "绿茶" in zh.scenes[0].narration
