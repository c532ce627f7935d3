"""Visuals per scene through the session and the CLI: a topic becomes a video whose scenes use
the served clips in script order with no repeats, credited; the fallback chain says what it
used; a Chinese topic is searched with zh-CN; an AI picture over budget is refused unsent."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest
from stock_server import PEXELS_KEY

from shortvid_desktop import secrets
from shortvid_desktop.ai.offline import script_from_text
from shortvid_desktop.cli import main
from shortvid_desktop.core.model import Asset, project_from_json
from shortvid_desktop.core.serial import clone, from_dict, to_dict
from shortvid_desktop.edits import TemplatePropertyCommand
from shortvid_desktop.session import Session, visuals
from shortvid_desktop.store import Store

LONG = (
    "Tall forests grow slowly over many hundreds of quiet years. Wide rivers run down from the "
    "mountains to the open sea. Small birds sing loudly in the early morning light every day. "
    "Soft snow falls gently on the sleeping village all night long."
)
TINY = ["--size", "180x320", "--fps", "24", "--quality", "draft", "--no-music"]


def _tiny(session: Session, width: int = 180, height: int = 320) -> None:
    with session.stack.transaction("Tiny canvas"):
        for path, value in (("width", width), ("height", height), ("fps", 15)):
            session.stack.push(TemplatePropertyCommand(path, value))


def _scene_assets(project) -> list[Asset]:
    return [project.assets[s.media[0]] for s in project.script.scenes]


def test_topic_becomes_a_video_of_the_served_clips_in_order_credited(
    stock_server, keys, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "cats.mp4"
    saved = tmp_path / "cats.json"
    code = main(
        ["make", "--topic", "Why cats purr", "--seconds", "10", "--visuals", "pexels"]
        + ["--save-project", str(saved), "-o", str(out), *TINY]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Visuals: 3 scenes from pexels" in err
    project = project_from_json(saved.read_text(encoding="utf-8"))
    picked = _scene_assets(project)
    assert [a.source_id for a in picked] == ["101", "102", "103"]  # script order, no repeats
    assert all(a.source_provider == "pexels" and a.kind == "video" for a in picked)
    assert [(a.width, a.height) for a in picked] == [(180, 320)] * 3  # portrait, smallest
    video = project.timeline.track("video")
    by_scene = {c.scene_id: c.asset_id for c in video.sorted_clips()}
    assert [by_scene[s.id] for s in project.script.scenes] == [a.id for a in picked]
    asked = stock_server.hits("pexels_videos")
    assert asked and all(q["query"] == "cats purr" and q["locale"] == "en-US" for q in asked)
    with av.open(str(out)) as container:
        assert container.streams.video[0].height == 320
    credits = (tmp_path / "cats.credits.txt").read_text(encoding="utf-8")
    for i in (1, 2, 3):
        assert f"Video by filmer{i} on Pexels" in credits
        assert f"https://www.pexels.com/video/clip-10{i}/" in credits
    assert "Pexels License" in credits and "filmer4" not in credits
    assert f"also wrote {tmp_path / 'cats.credits.txt'}" in err
    assert PEXELS_KEY not in saved.read_text(encoding="utf-8") + credits + err


def test_no_key_still_makes_the_video_and_says_why(stock_server, settings, tmp_path, capsys):
    out = tmp_path / "plain.mp4"
    code = main(
        ["make", "--text", "The sea is wide. Boats sail on it.", "--visuals", "pexels,pixabay"]
        + ["-o", str(out), *TINY]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    assert "pexels: no API key (store one with `shortvid keys set pexels`" in err
    assert "pixabay: no API key" in err and "sample pictures fill the video" in err
    assert out.is_file() and not (tmp_path / "plain.credits.txt").exists()
    assert stock_server.requests == []


def test_fallback_chain_reports_what_it_used(stock_server, settings, media) -> None:
    secrets.set_key("pexels", PEXELS_KEY)  # refused by the server below
    session = Session.new()
    _tiny(session)
    session.set_script(script_from_text(LONG))
    own = media.image("own_still.png", size="180x320", color="white")
    session.import_media([own])
    stock_server.fail_next("pexels_videos", "401")
    report = visuals.fill_visuals(session, ["own", "pexels", "pixabay", "openverse"])
    notes = "\n".join(report.notices)
    assert "pixabay: no API key" in notes
    assert "refused the API key (401)" in notes and "Not asking pexels again" in notes
    scenes = session.project.script.scenes
    assert [report.used[s.id] for s in scenes] == ["own", "openverse", "openverse"]
    picked = _scene_assets(session.project)
    assert picked[0].path == str(own.resolve())
    assert [a.source_id for a in picked[1:]] == ["ov-201", "ov-202"]
    assert len(stock_server.hits("pexels_videos")) == 1  # not asked again after the 401
    assert "Visuals: 1 scene from own, 2 scenes from openverse" in notes
    text = visuals.credits_text(session.project)
    assert "Photo by shooter1 on Openverse" in text and "CC BY 2.0" in text
    assert session.stack.can_undo and session.stack.undo_text == "Find visuals"


def test_unreachable_providers_fall_back_to_samples(stock_server, keys) -> None:
    stock_server.fail_next("pexels_videos", "500", "500", "500")
    stock_server.fail_next("pexels_photos", "500", "500", "500")
    session = Session.new()
    _tiny(session)
    session.set_script(script_from_text("One idea. Another idea."))
    report = visuals.fill_visuals(session, ["pexels"])
    notes = "\n".join(report.notices)
    assert "pexels" in notes and "500" in notes and "trying the next source" in notes
    assert "sample pictures fill the video" in notes
    assert session.project.assets and not any(
        a.source_provider for a in session.project.assets.values()
    )


def test_chinese_topic_is_searched_with_zh_cn(stock_server, keys) -> None:
    session = Session.new()
    _tiny(session)
    from shortvid_desktop.session import ai

    topic = ai.script_from_topic("猫为什么会呼噜", lang="zh", seconds=10)  # offline: no provider
    assert topic.offline and topic.script.language == "zh"
    session.set_script(topic.script)
    report = visuals.fill_visuals(session, ["pexels", "pixabay"])
    asked = stock_server.hits("pexels_videos")
    assert asked and {q["locale"] for q in asked} == {"zh-CN"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in q["query"]) for q in asked)
    assert set(report.used.values()) == {"pexels"}
    assert [a.source_id for a in _scene_assets(session.project)] == ["101", "102", "103"]
    again = Session.new()
    again.set_script(clone(topic.script))
    visuals.fill_visuals(again, ["pixabay"])
    assert {q["lang"] for q in stock_server.hits("pixabay_videos")} == {"zh"}


def test_ai_picture_over_budget_is_refused_before_sending(stock_server, settings) -> None:
    secrets.set_key("openai", "sk-test-images-Zq8vK2mW9xR4")
    with Store() as store:
        store.set_setting("usage.budgets", {"openai": 0.01})  # a picture is about $0.06
    session = Session.new()
    _tiny(session)
    session.set_script(script_from_text("A calm lake at dawn."))
    report = visuals.fill_visuals(session, ["ai"])
    notes = "\n".join(report.notices)
    assert "Refused before sending" in notes and "monthly budget" in notes
    assert stock_server.hits("images") == []
    with Store() as store:
        store.set_setting("usage.budgets", {"openai": 1.0})
        before = store.month_cost("openai", _month())
    report = visuals.fill_visuals(session, ["ai"])
    [body] = stock_server.hits("images")
    assert body["model"] == "gpt-image-1" and body["size"] == "1024x1536"
    assert "calm lake" in body["prompt"] and "vertical 9:16" in body["prompt"]
    with Store() as store:  # the tokens the server reported: 10 in, 1584 out
        spent = store.month_cost("openai", _month()) - before
    assert spent == pytest.approx((10 * 5.00 + 1584 * 40.00) / 1_000_000)
    [asset] = _scene_assets(session.project)
    assert asset.ai_generated and asset.source_provider == "ai:openai"
    assert "AI-generated" in visuals.credits_text(session.project)


def _month() -> str:
    from shortvid_desktop.net import current_month

    return current_month()


def test_old_project_files_load_and_credit_fields_round_trip() -> None:
    old = {"id": "as_1", "path": "/x.png", "kind": "image", "width": 10, "height": 10}
    asset = from_dict(Asset, old)
    assert asset.source_provider == "" and not asset.ai_generated
    asset.source_provider, asset.author, asset.licence = "pexels", "Ann", "Pexels License"
    again = from_dict(Asset, json.loads(json.dumps(to_dict(asset))))
    assert again == asset


def test_unknown_visual_source_is_bad_input(capsys) -> None:
    code = main(["make", "--text", "Hi.", "--visuals", "pexels,flickr", "-o", "x.mp4"])
    assert code == 2 and "Unknown visual source 'flickr'" in capsys.readouterr().err


def test_a_scene_naming_its_media_keeps_it_and_stock_fills_the_rest(
    stock_server, keys, media
) -> None:
    from shortvid_desktop.edits import SceneEditCommand

    session = Session.new()
    _tiny(session)
    session.set_script(script_from_text(LONG))
    mine = media.image("named.png", size="180x320", color="gray")
    session.import_media([mine])
    [own_id] = list(session.project.assets)
    first = session.project.script.scenes[0]
    session.stack.push(SceneEditCommand(first.id, media=[own_id]))
    report = visuals.fill_visuals(session, ["pexels"])
    assert first.id not in report.used and first.media == [own_id]
    picked = _scene_assets(session.project)[1:]
    assert [a.source_id for a in picked] == ["101", "102"]


def test_clips_shorter_than_the_scene_give_way_to_a_still_with_ken_burns(
    stock_server, keys, monkeypatch
) -> None:
    for item in stock_server.catalog.videos:
        monkeypatch.setattr(item, "duration", 1)  # every served clip is too short
    session = Session.new()
    _tiny(session)
    session.set_script(script_from_text("A calm lake at dawn, with mist over the water."))
    visuals.fill_visuals(session, ["pexels"])
    [asset] = _scene_assets(session.project)
    assert asset.kind == "image" and asset.source_id == "201"
    assert stock_server.hits("pexels_photos")
    session.build_timeline()
    [clip] = [c for c in session.project.timeline.track("video").clips]
    assert clip.asset_id == asset.id and clip.ken_burns.mode != "none"
