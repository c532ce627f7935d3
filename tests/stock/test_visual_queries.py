"""Search queries written by the LLM: one call for the whole script, its queries are what the
stock server receives (in English, en-US), the call is in the usage ledger; a bad answer or a
failing provider falls back to the scenes' offline keywords with a notice."""

from __future__ import annotations

import json

import pytest
from servers.fixtures import TEST_KEY

from shortvid_desktop import secrets
from shortvid_desktop.ai.offline import script_from_text
from shortvid_desktop.ai.visual_queries import VisualQueryError, parse_queries
from shortvid_desktop.edits import TemplatePropertyCommand
from shortvid_desktop.session import Session, visuals
from shortvid_desktop.store import Store

LONG = (
    "Tall forests grow slowly over many hundreds of quiet years. Wide rivers run down from the "
    "mountains to the open sea. Small birds sing loudly in the early morning light every day. "
    "Soft snow falls gently on the sleeping village all night long."
)


def _tiny(session: Session) -> None:
    with session.stack.transaction("Tiny canvas"):
        for path, value in (("width", 180), ("height", 320), ("fps", 15)):
            session.stack.push(TemplatePropertyCommand(path, value))


@pytest.fixture
def llm(openai_server, settings):
    """The openai provider pointed at the local chat server (the stock server keeps images)."""
    secrets.set_key("openai", TEST_KEY)
    with Store() as store:
        store.set_setting("ai.provider", "openai")
        store.set_setting("ai.providers", {"openai": {"base_url": openai_server.url}})

    def reply(body: dict) -> str:
        user = body["messages"][-1]["content"]
        n = user.count("\nScene ")
        scenes = [
            {"scene": i + 1, "queries": [f"llm shot {i + 1}", f"llm wide {i + 1}"]}
            for i in range(n)
        ]
        return json.dumps({"scenes": scenes})

    openai_server.reply = reply
    return openai_server


def _calls(store: Store) -> int:
    return sum(r["calls"] for r in store.usage_totals() if r["provider"] == "openai")


def test_the_llm_writes_the_queries_the_stock_server_receives(stock_server, keys, llm) -> None:
    session = Session.new()
    _tiny(session)
    session.set_script(script_from_text(LONG))
    with Store() as store:
        before = _calls(store)
    report = visuals.fill_visuals(session, ["pexels"])
    [chat] = llm.calls("chat")  # one call for the whole script
    system, user = chat["body"]["messages"][0]["content"], chat["body"]["messages"][1]["content"]
    assert "search queries" in system and "Scene 1: Tall forests" in user
    asked = stock_server.hits("pexels_videos")
    assert [q["query"] for q in asked] == ["llm shot 1", "llm shot 2", "llm shot 3"]
    assert {q["locale"] for q in asked} == {"en-US"}
    assert set(report.used.values()) == {"pexels"}
    with Store() as store:
        assert _calls(store) == before + 1  # in the usage ledger like other calls
    assert not any("Search queries" in n for n in report.notices)


@pytest.mark.parametrize("mode", ["malformed", "invalid", "500"])
def test_a_bad_answer_falls_back_to_the_offline_keywords(stock_server, keys, llm, mode) -> None:
    llm.fail_next("chat", *([mode] * 3))
    session = Session.new()
    _tiny(session)
    session.set_script(script_from_text(LONG))
    report = visuals.fill_visuals(session, ["pexels"])
    notes = "\n".join(report.notices)
    assert "Search queries: the AI provider openai could not write them" in notes
    assert "searching the scenes' keywords instead" in notes
    asked = [q["query"] for q in stock_server.hits("pexels_videos")]
    assert asked and not any(q.startswith("llm") for q in asked)
    keywords = [s.keywords[0] for s in session.project.script.scenes if s.keywords]
    assert asked[0] == keywords[0]
    assert set(report.used.values()) == {"pexels"}  # the video still gets its clips


def test_no_provider_means_no_call_and_no_notice(stock_server, keys, openai_server) -> None:
    session = Session.new()
    _tiny(session)
    session.set_script(script_from_text("A calm lake at dawn."))
    report = visuals.fill_visuals(session, ["pexels"])
    assert openai_server.calls("chat") == []
    assert not any("Search queries" in n for n in report.notices)


def test_parse_checks_the_shape_and_cleans_the_queries() -> None:
    text = '```json\n{"scenes": [{"scene": 1, "queries": ["  #Misty  lake. ", "misty lake", '
    text += '"boat", "pier", "fog"]}, {"scene": 2, "queries": ["city night"]}]}\n```'
    assert parse_queries(text, 2) == [["Misty lake", "misty lake", "boat"], ["city night"]]
    for bad, where in (
        ('{"scenes": [{"queries": ["a"]}]}', "2 scenes"),
        ('{"scenes": [{"queries": "a"}, {"queries": ["b"]}]}', "scenes[0].queries"),
        ('{"scenes": [{"queries": [5]}, {"queries": ["b"]}]}', "scenes[0].queries[0]"),
        ('{"scenes": [{"queries": []}, {"queries": ["b"]}]}', "has no query"),
        ('{"scenes": [', "not valid JSON"),
    ):
        with pytest.raises(VisualQueryError, match=None) as info:
            parse_queries(bad, 2)
        assert where in str(info.value)
