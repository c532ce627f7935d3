"""Batch manifests: CSV in UTF-8, UTF-8 with BOM and GBK; JSONL; bad rows named and skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.session.batch.manifest import (
    BatchRequest,
    ManifestProblem,
    read_manifest,
    safe_name,
)


def _pictures(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name in names:
        p = folder / name
        p.write_bytes(b"not probed by the manifest")
        out.append(p)
    return out


def _problems(result) -> list[str]:
    return [str(p) for p in result.problems]


def test_utf8_csv_with_all_columns(tmp_path: Path) -> None:
    shots = _pictures(tmp_path / "shots", "b.jpg", "a10.png", "a2.png", "notes.txt")
    (tmp_path / "music").mkdir()
    (tmp_path / "music" / "song.mp3").write_bytes(b"x")
    (tmp_path / "story.md").write_text("A story.", encoding="utf-8")
    csv_text = (
        "Topic,Media,Music,Template,Voice,Lang,Seconds,Aspect,Variants,Name,Seed\n"
        "Why cats purr,shots,music,clean,edge:en-US-AriaNeural,en,30,9:16,3,cats,7\n"
        ",,music/song.mp3,,,,20s,16x9,,,\n"
    )
    # the second row has no topic: reported, not fatal
    manifest = tmp_path / "m.csv"
    manifest.write_text(csv_text, encoding="utf-8")
    result = read_manifest(manifest)
    (req,) = result.requests
    assert req == BatchRequest(
        row=2,
        name="cats",
        topic="Why cats purr",
        media=tuple(str(p) for p in (shots[2], shots[1], shots[0])),  # natural order, no .txt
        music=str(tmp_path / "music"),
        template="clean",
        voice="edge:en-US-AriaNeural",
        lang="en",
        seconds=30,
        aspect="9:16",
        variants=3,
        seed=7,
    )
    assert result.problems == [
        ManifestProblem(3, "topic", result.problems[0].message)
    ] and "needs a topic, a text or a script" in str(result.problems[0])
    assert str(result.problems[0]).startswith("row 3, column topic:")


def test_bom_csv_and_semicolons(tmp_path: Path) -> None:
    manifest = tmp_path / "bom.csv"
    manifest.write_bytes("\ufefftopic;seconds;aspect\n咖啡的历史;45;1：1\nTea;;4:5\n".encode())
    result = read_manifest(manifest)
    assert [(r.topic, r.seconds, r.aspect) for r in result.requests] == [
        ("咖啡的历史", 45, "1:1"),
        ("Tea", 0, "4:5"),
    ]
    assert result.problems == []  # the BOM did not make "\ufefftopic" an unknown column
    assert [r.name for r in result.requests] == ["咖啡的历史", "Tea"]


def test_gbk_csv_from_excel(tmp_path: Path) -> None:
    manifest = tmp_path / "excel.csv"
    text = "topic,name,variants\r\n为什么猫会打呼噜,猫咪：呼噜/声,2\r\n人工智能入门,,1\r\n"
    manifest.write_bytes(text.encode("gbk"))
    with pytest.raises(UnicodeDecodeError):
        manifest.read_bytes().decode("utf-8")  # really not UTF-8
    result = read_manifest(manifest)
    assert [r.topic for r in result.requests] == ["为什么猫会打呼噜", "人工智能入门"]
    assert result.requests[0].name == "猫咪：呼噜-声"  # CJK and full-width `：` kept, `/` not
    assert result.requests[0].variants == 2
    assert result.requests[1].name == "人工智能入门"
    assert [r.row for r in result.requests] == [2, 3]


def test_jsonl_with_comments_lists_and_bad_lines(tmp_path: Path) -> None:
    clips = _pictures(tmp_path / "clips", "one.mp4", "two.mov")
    lines = [
        "# my batch",
        json.dumps({"TOPIC": "Sleep tips", "media": ["clips/two.mov", "clips/one.mp4"]}),
        "",
        '{"topic": "broken", ',
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "My own words. Second sentence.", "variants": 25}),
        json.dumps({"text": "Fine", "colour": "red", "seconds": 12.0, "seed": 3}),
        json.dumps({"topic": {"en": "Tea"}}),
    ]
    manifest = tmp_path / "batch.jsonl"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_manifest(manifest)
    assert [(r.row, r.topic or r.text) for r in result.requests] == [
        (2, "Sleep tips"),
        (7, "Fine"),
    ]
    assert result.requests[0].media == (str(clips[1]), str(clips[0]))  # the order given
    assert result.requests[1].seconds == 12 and result.requests[1].seed == 3
    problems = _problems(result)
    assert problems[0].startswith("manifest, column colour: unknown key")
    assert problems[1].startswith("row 4: not valid JSON")
    assert problems[2].startswith("row 5: must be a JSON object")
    assert problems[3].startswith("row 6, column variants: must be from 1 to 20; got 25")
    assert problems[4].startswith("row 8, column topic: must be text or a number")
    assert len(problems) == 5


def test_bad_values_name_row_and_column(tmp_path: Path) -> None:
    manifest = tmp_path / "bad.csv"
    manifest.write_text(
        "topic,seconds,variants,aspect,lang,seed,script\n"
        "a,3,1,9:16,en,0,\n"
        "b,thirty,1,,,,\n"
        "c,30,0,,,,\n"
        "d,30,2,3:2,,,\n"
        "e,,,,english!,,\n"
        "f,,,,,-1,\n"
        ",,,,,,nope.txt\n"
        "g,600,20,portrait,zh-CN,5,\n"
        "cats, explained,30,1,9:16,en,0,notes.txt\n",
        encoding="utf-8",
    )
    result = read_manifest(manifest)
    assert [p.row for p in result.problems] == [2, 3, 4, 5, 6, 7, 8, 10]
    assert "has 8 cells but the header names 7 columns" in str(result.problems[-1])
    assert [p.column for p in result.problems] == [
        "seconds",
        "seconds",
        "variants",
        "aspect",
        "lang",
        "seed",
        "script",
        "",
    ]
    assert "must be from 5 to 600; got 3" in str(result.problems[0])
    assert "'thirty'" in str(result.problems[1])
    assert "9:16, 16:9, 1:1, 4:5" in str(result.problems[3])
    assert "nope.txt" in str(result.problems[6]) and "not found" in str(result.problems[6])
    (good,) = result.requests
    assert (good.topic, good.seconds, good.variants, good.aspect, good.lang) == (
        "g",
        600,
        20,
        "9:16",
        "zh-CN",
    )


def test_missing_media_skips_only_that_row(tmp_path: Path) -> None:
    _pictures(tmp_path / "pics", "x.jpg", "y.jpg")
    (tmp_path / "empty").mkdir()
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "topic,media,music\n"
        "ok,pics/x.jpg;pics/y.jpg,\n"
        "gone,pics/x.jpg; pics/missing.jpg,\n"
        "no match,pics/*.png,\n"
        "empty folder,empty,\n"
        "no music,,tunes/none.mp3\n"
        "silent folder,,empty\n",
        encoding="utf-8",
    )
    result = read_manifest(manifest)
    assert [r.topic for r in result.requests] == ["ok"]
    assert [(p.row, p.column) for p in result.problems] == [
        (3, "media"),
        (4, "media"),
        (5, "media"),
        (6, "music"),
        (7, "music"),
    ]
    assert str(tmp_path / "pics" / "missing.jpg") in result.problems[0].message
    assert "matches no files" in result.problems[1].message
    assert "no pictures or video clips" in result.problems[2].message


def test_globs_folders_and_absolute_paths(tmp_path: Path) -> None:
    pics = _pictures(tmp_path / "a", "img10.jpg", "img2.jpg", "img1.jpg", "clip.mp4")
    deep = _pictures(tmp_path / "a" / "sub", "z.jpg")
    manifest_dir = tmp_path / "lists"
    manifest_dir.mkdir()
    manifest = manifest_dir / "m.csv"
    manifest.write_text(
        "topic,media\n"
        "glob,../a/img*.jpg\n"
        f"absolute,{pics[3]};{deep[0]}\n"
        "recursive,../a/**/*.jpg\n"
        "folder then file,../a/sub;../a/img1.jpg;../a/sub/z.jpg\n",
        encoding="utf-8",
    )
    result = read_manifest(manifest)
    assert result.problems == []
    glob_row, absolute, recursive, mixed = result.requests
    assert [Path(m).name for m in glob_row.media] == ["img1.jpg", "img2.jpg", "img10.jpg"]
    assert all(Path(m).is_absolute() for m in glob_row.media)
    assert absolute.media == (str(pics[3]), str(deep[0]))
    assert {Path(m).name for m in recursive.media} == {"img1.jpg", "img2.jpg", "img10.jpg", "z.jpg"}
    assert [Path(m).name for m in mixed.media] == ["z.jpg", "img1.jpg"]  # each file once


def test_names_are_safe_and_unique(tmp_path: Path) -> None:
    manifest = tmp_path / "names.csv"
    manifest.write_text(
        "topic,name,variants\n"
        'One,a/b\\c:d*e?f"g<h>i|j,1\n'
        "Two,Tea,1\n"
        "Three,tea,1\n"
        "Four,tea,2\n"
        "Five,tea-3,1\n"
        "Six,CON,1\n"
        "Seven,...  ,1\n"
        "Why do cats purr when they are happy and also when they are hurt?,,1\n",
        encoding="utf-8",
    )
    names = [r.name for r in read_manifest(manifest).requests]
    assert names[0] == "a-b-c-d-e-f-g-h-i-j"
    # "tea" clashes with "Tea" case-blind (as on Windows) -> tea-2; "tea" with 2 variants
    # writes tea-1 and tea-2 (taken) and tea-2 is a name already -> tea-3 (tea-3-1, tea-3-2)
    assert names[1:4] == ["Tea", "tea-2", "tea-3"]
    assert names[4] == "tea-3-3"  # tea-3 is a name, tea-3-2 a variant's file already
    assert names[5] == "CON_"
    assert names[6] == "Seven"  # nothing usable in the name: made from the topic
    assert names[7] == "Why-do-cats-purr-when-they-are-happy-and"
    assert len(set(n.casefold() for n in names)) == len(names)


def test_safe_name_keeps_cjk_and_limits_length() -> None:
    assert safe_name("咖啡 / 历史？.") == "咖啡-历史？"  # full-width ？ is legal on Windows
    assert safe_name("x" * 200) == "x" * 80
    assert safe_name("\x00\x07") == ""
    assert safe_name("lpt1.txt") == "lpt1.txt_"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"colour,size\nred,2\n", "topic, text, script"),
        (b"topic,media\n", "no rows"),
        (b"topic\n\x80\xff\n", "neither UTF-8 nor GBK"),
    ],
)
def test_unusable_files_raise_bad_input(tmp_path: Path, content: bytes, expected: str) -> None:
    manifest = tmp_path / "bad.csv"
    manifest.write_bytes(content)
    with pytest.raises(BadInputError) as info:
        read_manifest(manifest)
    assert str(manifest) in str(info.value) and expected in str(info.value)


def test_missing_file_folder_and_non_json(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="not found"):
        read_manifest(tmp_path / "nope.csv")
    with pytest.raises(BadInputError, match="folder"):
        read_manifest(tmp_path)
    bad = tmp_path / "x.jsonl"
    bad.write_text("topic,media\nTea,\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="line 1: not valid JSON"):
        read_manifest(bad)
    array = tmp_path / "x.json"
    array.write_text(json.dumps([{"topic": "Tea"}, {"topic": "Tea"}]), encoding="utf-8")
    assert [r.name for r in read_manifest(array).requests] == ["Tea", "Tea-2"]


def test_utf16_excel_unicode_text_with_tabs(tmp_path: Path) -> None:
    manifest = tmp_path / "unicode.txt"
    manifest.write_bytes("topic\tseconds\r\n早安\t20\r\n".encode("utf-16"))
    (req,) = read_manifest(manifest).requests
    assert (req.topic, req.seconds) == ("早安", 20)
