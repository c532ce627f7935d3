"""Manifest rows for editing (read_rows, check_rows) and the window's manifest (write_manifest,
pending_batch): no renders."""

from __future__ import annotations

import json
from pathlib import Path

from shortvid_desktop.session.batch.control import pending_batch, write_manifest
from shortvid_desktop.session.batch.manifest import check_rows, read_manifest, read_rows
from shortvid_desktop.session.batch.queue import BatchQueue, NewJob


def test_read_rows_keeps_cells_as_written_and_bad_rows_too(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text(
        '{"topic": "猫为什么呼噜", "media": ["a.png", "b.png"], "seconds": 20}\n'
        "not json\n"
        '{"text": "Hello.", "colour": "red"}\n',
        encoding="utf-8",
    )
    rows, problems = read_rows(path)
    assert [r.row for r in rows] == [1, 2, 3]
    assert rows[0].values == {"topic": "猫为什么呼噜", "media": "a.png;b.png", "seconds": "20"}
    assert rows[1].values == {} and "not valid JSON" in rows[1].problem
    assert rows[2].values == {"text": "Hello."}
    assert [(p.row, p.column) for p in problems] == [(0, "colour")]


def test_read_rows_reads_gbk_csv(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes("topic,variants\n为什么天是蓝的,2\n".encode("gbk"))
    rows, _problems = read_rows(path)
    assert rows[0].values == {"topic": "为什么天是蓝的", "variants": "2"}


def test_check_rows_names_the_row_and_column_and_resolves_from_base(tmp_path: Path, media) -> None:
    picture = media.image("rows_pic.png")
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "p.png").write_bytes(picture.read_bytes())
    result = check_rows(
        [
            (1, {"topic": "Fine", "media": "pics"}),
            (2, {"topic": "Missing", "media": "nowhere/x.png"}),
            (3, {"topic": "Too long", "seconds": "9000"}),
            (4, {}),
        ],
        tmp_path,
    )
    assert [r.row for r in result.requests] == [1]
    assert result.requests[0].media == (str(tmp_path / "pics" / "p.png"),)
    found = {(p.row, p.column) for p in result.problems}
    assert found == {(2, "media"), (3, "seconds"), (4, "topic")}
    missing = next(p for p in result.problems if p.row == 2)
    assert str(tmp_path / "nowhere" / "x.png") in missing.message


def test_write_manifest_makes_paths_absolute_and_keeps_row_numbers(tmp_path: Path) -> None:
    base = tmp_path / "here"
    path = write_manifest(
        tmp_path / "out",
        [{"topic": "One", "media": "a.png; b/c.png", "music": "m.mp3"}, {}, {"text": "Three."}],
        base,
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    first = json.loads(lines[0])
    assert first["media"] == f"{base / 'a.png'};{base / 'b/c.png'}"
    assert first["music"] == str(base / "m.mp3")
    assert json.loads(lines[2]) == {"text": "Three."}
    result = read_manifest(path)
    assert [p.row for p in result.problems] == [1, 2]  # media missing; an empty row
    assert [r.row for r in result.requests] == [3]


def test_pending_batch_sees_unfinished_jobs_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert pending_batch(out) is None and pending_batch(None) is None
    queue = BatchQueue.create(out, [NewJob(1, 1, "a", {}), NewJob(2, 1, "b", {})])
    try:
        (a, b) = queue.jobs()
        queue.store.claim_next()
        queue.store.mark_done(
            a.id, output_path="x", output_sha256="", duration_s=1.0, size_bytes=1, voices=[]
        )
        pending = pending_batch(out)
        assert pending is not None and (pending.total, pending.done, pending.unfinished) == (
            2,
            1,
            1,
        )
        queue.store.claim_next()
        queue.store.mark_failed(b.id, "bad input")
        assert pending_batch(out) is None  # failed is finished (Retry failed is the window's)
    finally:
        queue.close()
