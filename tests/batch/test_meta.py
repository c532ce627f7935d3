"""Titles, descriptions and hashtags: offline from keywords (zh, en), from the LLM, fallbacks,
the sidecar and `shortvid meta`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from servers.fixtures import (  # noqa: F401 - fixtures used through the wrappers below
    _hermetic_network,
    _openai_server,
    fast_context,
    keyring_file,
    memory_store,
    openai_env,
    openai_server,
)
from servers.openai_server import OpenAIServer

from shortvid_desktop import net
from shortvid_desktop.ai.offline import script_from_text
from shortvid_desktop.cli import main
from shortvid_desktop.core.model import Scene, Script
from shortvid_desktop.session import Session
from shortvid_desktop.session.batch.meta import (
    VideoMeta,
    hashtag,
    truncate_title,
    video_meta,
    write_sidecar,
)

EN = (
    "Cats purr when they are content. They also purr when they are hurt. "
    "The sound comes from the larynx, a box in the throat. Big cats like lions cannot purr."
)
ZH = (
    "猫咪在开心的时候会打呼噜。它们受伤的时候也会打呼噜。这个声音来自喉咙里的喉部。狮子不会打呼噜。"
)
TAG = re.compile(r"^#[^\s#]+$")


@pytest.fixture
def llm(request: pytest.FixtureRequest) -> OpenAIServer:
    return request.getfixturevalue("openai_env")


@pytest.fixture
def ctx(request: pytest.FixtureRequest) -> net.NetContext:
    return request.getfixturevalue("fast_context")


def _check_shape(meta: VideoMeta) -> None:
    assert 0 < len(meta.title) <= 100
    assert 3 <= len(meta.hashtags) <= 8
    assert all(TAG.match(t) for t in meta.hashtags), meta.hashtags
    assert len({t.casefold() for t in meta.hashtags}) == len(meta.hashtags)


def test_offline_english() -> None:
    meta = video_meta(script_from_text(EN, "en"), provider="offline")
    _check_shape(meta)
    assert (meta.lang, meta.source, meta.notices) == ("en", "offline", [])
    assert meta.title == "Cats purr when they are content"
    assert meta.description.startswith("Cats purr when they are content. They also purr")
    assert {"#purr", "#larynx"} <= set(meta.hashtags)


def test_offline_chinese() -> None:
    meta = video_meta(script_from_text(ZH, "zh"), provider="offline")
    _check_shape(meta)
    assert meta.lang == "zh" and meta.title == "猫咪在开心的时候会打呼噜"
    assert "#猫咪" in meta.hashtags and "#打呼噜" in meta.hashtags
    assert meta.description.startswith("猫咪在开心的时候会打呼噜。它们受伤")


def test_offline_pads_a_tiny_script_and_honours_lang() -> None:
    tiny = Script(title="Hi", hook="", language="en", scenes=[Scene(narration="Hi.")])
    meta = video_meta(tiny, provider="offline")
    _check_shape(meta)
    assert "#shorts" in meta.hashtags
    zh = video_meta(
        Script(title="早", language="zh", scenes=[Scene(narration="早。")]),
        "zh-CN",
        provider="offline",
    )
    assert zh.lang == "zh" and "#短视频" in zh.hashtags


def test_title_truncation_and_hashtag_shapes() -> None:
    long = "How " + "very " * 40 + "long titles are cut"
    cut = truncate_title(long)
    assert len(cut) <= 100 and cut.endswith("…") and cut[:-1] == cut[:-1].rstrip()
    assert long.startswith(cut[:-1]) and long[len(cut) - 1] == " "  # at a word boundary
    zh = "标题" * 80
    assert truncate_title(zh) == "标题" * 49 + "标…"
    assert truncate_title("  short \n title ") == "short title"
    assert hashtag("city skyline") == "#CitySkyline"
    assert hashtag("#AI tools") == "#AITools"
    assert hashtag("iPhone") == "#iPhone"
    assert hashtag("rock'n'roll!") == "#rocknroll"
    assert hashtag("城市 夜景") == "#城市夜景"
    assert hashtag("2024") == "" and hashtag("!!") == ""
    script = Script(title="T" * 300, language="en", scenes=[Scene(narration="A short one.")])
    assert len(video_meta(script, provider="offline").title) == 100


def test_from_the_llm(llm, ctx) -> None:
    llm.reply = lambda body: json.dumps(
        {
            "title": "Why do cats purr? " * 10,
            "description": "Three surprising reasons, in 30 seconds. #cats https://x.example",
            "hashtags": ["#cats", "Cats", "#city life", "purring science", "#猫", "#", "#pets"],
        },
        ensure_ascii=False,
    )
    meta = video_meta(script_from_text(EN, "en"), provider="openai", context=ctx)
    _check_shape(meta)
    assert meta.source == "openai" and meta.notices == []
    assert meta.title.startswith("Why do cats purr? Why do") and meta.title.endswith("…")
    assert meta.description == "Three surprising reasons, in 30 seconds."
    assert meta.hashtags == ["#cats", "#CityLife", "#PurringScience", "#猫", "#pets"]
    (call,) = llm.calls("chat")
    system, user = (m["content"] for m in call["body"]["messages"])
    assert "ONE JSON object" in system and "English" in system and "3 to 8" in system
    assert "Cats purr when they are content." in user
    assert call["body"]["response_format"]["type"] == "json_schema"


def test_llm_in_chinese_and_too_few_tags(llm, ctx) -> None:
    llm.reply = lambda body: json.dumps(
        {"title": "猫为什么打呼噜", "description": "三个原因。", "hashtags": ["#猫"]},
        ensure_ascii=False,
    )
    meta = video_meta(script_from_text(ZH, "zh"), provider="openai", context=ctx)
    _check_shape(meta)
    assert meta.title == "猫为什么打呼噜" and meta.hashtags[0] == "#猫"  # then the keywords
    assert "Simplified Chinese" in llm.calls("chat")[0]["body"]["messages"][0]["content"]


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ("Sure! Here are some ideas: a title, and tags", "not valid JSON"),
        ('{"title": 5, "hashtags": []}', "title"),
        ('{"title": "Ok", "hashtags": "#a #b", "description": ["x"]}', "description"),
        ('["just", "a", "list"]', "one JSON object"),
    ],
)
def test_bad_answers_fall_back_with_a_notice(llm, ctx, answer: str, why: str) -> None:
    llm.reply = lambda body: answer
    meta = video_meta(script_from_text(EN, "en"), provider="openai", context=ctx)
    _check_shape(meta)
    assert meta.source == "offline" and meta.title == "Cats purr when they are content"
    (notice,) = meta.notices
    assert "openai" in notice and why in notice and "made offline" in notice


def test_cut_off_json_and_a_refusing_server_fall_back(llm, ctx) -> None:
    llm.fail_next("chat", "malformed")
    meta = video_meta(script_from_text(EN, "en"), provider="openai", context=ctx)
    assert meta.source == "offline" and "unusable" in meta.notices[0]
    llm.fail_next("chat", "401")
    meta = video_meta(script_from_text(EN, "en"), provider="openai", context=ctx)
    assert meta.source == "offline" and "could not be used" in meta.notices[0]


def test_sidecar_is_written_atomically(tmp_path: Path) -> None:
    video = tmp_path / "猫-1.mp4"
    video.write_bytes(b"mp4")
    meta = VideoMeta("Title", "Desc.", ["#a", "#b", "#c"], "en", "offline", ["a notice"])
    path = write_sidecar(meta, video)
    assert path == tmp_path / "猫-1.json"
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "title": "Title",
        "description": "Desc.",
        "hashtags": ["#a", "#b", "#c"],
        "lang": "en",
        "source": "offline",
    }
    meta.title = "New"
    write_sidecar(meta, video)
    assert json.loads(path.read_text(encoding="utf-8"))["title"] == "New"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["猫-1.json", "猫-1.mp4"]
    with pytest.raises(OSError):
        write_sidecar(meta, tmp_path / "no-such-folder" / "x.mp4")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["猫-1.json", "猫-1.mp4"]


def _project(tmp_path: Path, text: str | None) -> Path:
    session = Session.new()
    if text:
        session.set_script_text(text)
    return session.save_file(tmp_path / "project.json")


def test_cli_meta(tmp_path: Path, capsys, llm) -> None:
    project = _project(tmp_path, EN)
    assert main(["meta", str(project), "--offline"]) == 0
    out, _err = capsys.readouterr()
    data = json.loads(out)
    assert data["title"] == "Cats purr when they are content" and data["source"] == "offline"
    assert 3 <= len(data["hashtags"]) <= 8
    assert main(["meta", str(project), "--provider", "openai", "-o", str(tmp_path / "m.json")]) == 0
    _out, err = capsys.readouterr()
    assert "wrote" in err
    written = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert written["source"] == "openai" and written["lang"] == "en"
    llm.fail_next("chat", "malformed")
    assert main(["meta", str(project), "--provider", "openai"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["source"] == "offline" and "note: The AI answer" in err


def test_cli_meta_bad_input_exits_2(tmp_path: Path, capsys) -> None:
    assert main(["meta", str(tmp_path / "missing.json")]) == 2
    assert "Project file not found" in capsys.readouterr().err
    empty = _project(tmp_path, None)
    assert main(["meta", str(empty), "--offline"]) == 2
    assert "has no script" in capsys.readouterr().err
    assert main(["meta", str(_project(tmp_path, EN)), "--provider", "nope"]) == 2
