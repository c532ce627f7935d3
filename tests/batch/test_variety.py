"""Variants of one row differ: opening sentence, media order, Ken Burns seed, music track."""

from __future__ import annotations

import json
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
from servers.openai_server import OpenAIServer, default_script

from shortvid_desktop import net
from shortvid_desktop.ai.offline import sentence_key
from shortvid_desktop.core.model import Scene, Script
from shortvid_desktop.session import Session
from shortvid_desktop.session.batch.manifest import BatchRequest
from shortvid_desktop.session.batch.variety import (
    apply_variant,
    check_variety,
    opening_sentence,
    plan_variants,
    script_for_variant,
    scripts_for_variants,
    visual_order,
)


@pytest.fixture
def llm(request: pytest.FixtureRequest) -> OpenAIServer:
    """The local OpenAI server as the `openai` provider (through the environment)."""
    return request.getfixturevalue("openai_env")


@pytest.fixture
def ctx(request: pytest.FixtureRequest) -> net.NetContext:
    return request.getfixturevalue("fast_context")


def _files(folder: Path, *names: str) -> tuple[str, ...]:
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        (folder / n).write_bytes(b"x")
    return tuple(str(folder / n) for n in names)


def _distinct(values: list) -> bool:
    return len(set(values)) == len(values)


@pytest.mark.parametrize("topic", ["Why cats purr", "为什么猫会打呼噜"])
def test_three_offline_variants_differ(tmp_path: Path, topic: str) -> None:
    media = _files(tmp_path / "pics", "a.jpg", "b.jpg", "c.jpg", "d.jpg")
    req = BatchRequest(row=2, name="cats", topic=topic, media=media, variants=3)
    plans = plan_variants(req)
    assert [p.name for p in plans] == ["cats-1", "cats-2", "cats-3"]
    assert plans[0].media == media  # variant 1 keeps the manifest's order
    assert _distinct([p.media for p in plans]) and all(
        sorted(p.media) == list(media) for p in plans
    )
    assert _distinct([p.ken_burns_seed for p in plans])
    results = scripts_for_variants(req, plans, provider="offline")
    assert all(r.offline for r in results)
    openings = [opening_sentence(r.script) for r in results]
    assert _distinct([sentence_key(o) for o in openings]), openings
    assert topic.rstrip("?") in openings[0] or "猫" in openings[0]
    assert check_variety([r.script for r in results], [p.media for p in plans]) == []
    assert plan_variants(req) == plans  # the same row plans the same variants (resume)


def test_text_rows_open_with_another_sentence(tmp_path: Path) -> None:
    text = (
        "Cats purr when they are content. They also purr when they are hurt. "
        "The sound comes from the larynx. Big cats cannot purr at all."
    )
    req = BatchRequest(row=3, name="t", text=text, topic="Purring", variants=3)
    results = scripts_for_variants(req, plan_variants(req))
    openings = [opening_sentence(r.script) for r in results]
    assert openings == [
        "Cats purr when they are content.",
        "They also purr when they are hurt.",
        "The sound comes from the larynx.",
    ]
    assert all(r.script.title == "Purring" for r in results)
    words = [" ".join(s.narration for s in r.script.scenes).split() for r in results]
    assert all(sorted(w) == sorted(words[0]) for w in words)  # the same words, another order


def test_script_file_text_varies_and_json_is_reported(tmp_path: Path) -> None:
    txt = tmp_path / "s.txt"
    txt.write_text("第一句话。第二句话很重要。第三句话。", encoding="utf-8")
    req = BatchRequest(row=2, name="s", script=str(txt), variants=2)
    results = scripts_for_variants(req, plan_variants(req))
    assert [opening_sentence(r.script) for r in results] == ["第一句话。", "第二句话很重要。"]
    js = tmp_path / "s.json"
    script = Script(title="T", hook="Hi.", language="en", scenes=[Scene(narration="Hi there.")])
    from shortvid_desktop.core.serial import to_dict

    js.write_text(json.dumps(to_dict(script)), encoding="utf-8")
    req = BatchRequest(row=4, name="j", script=str(js), variants=2)
    results = scripts_for_variants(req, plan_variants(req))
    assert check_variety([r.script for r in results], [(), ()]) == [
        'variants 1 and 2 open with the same sentence: "Hi there."'
    ]


def test_impossible_variety_is_reported_not_raised(tmp_path: Path) -> None:
    (one,) = _files(tmp_path, "only.jpg")
    req = BatchRequest(row=5, name="x", topic="Tea", media=(one,), variants=3)
    plans = plan_variants(req)
    assert all(p.media == (one,) for p in plans)
    problems = check_variety(["A.", "B.", "C."], [p.media for p in plans])
    assert problems == [
        "variants 1 and 2 show the same pictures in the same order (there is only one picture "
        "or clip to show; give the row more media to vary them)",
        "variants 1 and 3 show the same pictures in the same order (there is only one picture "
        "or clip to show; give the row more media to vary them)",
    ]
    two = _files(tmp_path, "p.jpg", "q.jpg")
    req = BatchRequest(row=6, name="y", topic="Tea", media=two, variants=3)
    orders = [p.media for p in plan_variants(req)]
    assert orders[0] != orders[1] and orders[2] in orders[:2]  # only two orders exist
    (problem,) = check_variety(["A.", "B.", "C."], orders)
    assert "2 pictures or clips allow only 2 orders for 3 variants" in problem
    assert check_variety([], []) == [] and check_variety(["", ""], [(), ()]) == []


def test_music_folder_gives_each_variant_another_track(tmp_path: Path) -> None:
    tracks = _files(tmp_path / "music", "a.mp3", "b.wav", "c.m4a", "cover.jpg")
    req = BatchRequest(row=2, name="m", topic="Tea", music=str(tmp_path / "music"), variants=3)
    chosen = [p.music for p in plan_variants(req)]
    assert sorted(chosen) == sorted(tracks[:3])
    single = BatchRequest(row=2, name="m", topic="Tea", music=tracks[0], variants=2)
    assert [p.music for p in plan_variants(single)] == [tracks[0], tracks[0]]
    assert [p.name for p in plan_variants(BatchRequest(row=2, name="solo", topic="x"))] == ["solo"]


def test_media_order_and_ken_burns_seed_reach_the_project(tmp_path: Path, media) -> None:
    pictures = tuple(
        str(media.image(f"variety-{c}.png", size="160x284", color=c))
        for c in ("red", "green", "blue", "yellow")
    )
    req = BatchRequest(row=2, name="v", topic="Tea", media=pictures, variants=2)
    orders = []
    for plan in plan_variants(req):
        session = Session.new()
        session.import_media(list(plan.media))
        before = session.project.template.ken_burns_seed
        apply_variant(session, plan)
        assert session.project.template.ken_burns_seed == plan.ken_burns_seed != before
        session.stack.undo()  # one named edit, undoable like any other
        assert session.project.template.ken_burns_seed == before
        session.stack.redo()
        orders.append(visual_order(session.project))
        assert orders[-1] == plan.media  # imported in the plan's order
    assert orders[0] != orders[1]
    assert check_variety(["One.", "Two."], orders) == []


def test_llm_variant_two_is_told_variant_ones_opening(llm, ctx) -> None:
    req = BatchRequest(row=2, name="c", topic="Why cats purr", lang="en", seconds=12, variants=2)
    plans = plan_variants(req)
    results = scripts_for_variants(req, plans, provider="openai", context=ctx)
    assert [r.provider for r in results] == ["openai", "openai"]
    first = opening_sentence(results[0].script)
    assert first == "Point 1 about Why cats purr is really interesting."
    # the test server answers the same script every time: asked once more, then reported
    one, two, again = (c["body"]["messages"][1]["content"] for c in llm.calls("chat"))
    assert "Earlier versions opened with" not in one and first not in one
    assert f'- "{first}"' in two and "different angle" in two and "version 2" in two
    assert again == two
    assert results[1].notices == [
        "openai opened like an earlier variant; asked once more, and it did again"
    ]
    assert check_variety([r.script for r in results], [p.media for p in plans]) == [
        f'variants 1 and 2 open with the same sentence: "{first}"'
    ]


def test_llm_that_repeats_an_opening_is_asked_once_more(llm, ctx) -> None:
    answers = iter(["Point 1 about Tea is really interesting", "Tea has a secret"])

    def reply(body: dict) -> str:
        script = json.loads(default_script(body))
        script["scenes"][0]["narration"] = next(answers) + ". It matters."
        return json.dumps(script)

    llm.reply = reply
    req = BatchRequest(row=2, name="t", topic="Tea", lang="en", seconds=12, variants=2)
    plan = plan_variants(req)[1]
    avoid = ["Point 1 about Tea is really interesting!"]  # case and punctuation do not count
    result = script_for_variant(req, plan, avoid, provider="openai", context=ctx)
    assert opening_sentence(result.script) == "Tea has a secret."
    assert result.notices == ["openai opened like an earlier variant; asked once more"]
    assert len(llm.calls("chat")) == 2


def test_llm_failure_falls_back_to_a_different_offline_opening(llm, ctx) -> None:
    req = BatchRequest(row=2, name="c", topic="Green tea", lang="en", variants=2)
    plans = plan_variants(req)
    first = script_for_variant(req, plans[0], provider="offline")
    llm.fail_next("chat", "invalid", "invalid")
    second = script_for_variant(
        req, plans[1], [opening_sentence(first.script)], provider="openai", context=ctx
    )
    assert second.offline and "could not be used" in second.notices[0]
    assert sentence_key(opening_sentence(second.script)) != sentence_key(
        opening_sentence(first.script)
    )
