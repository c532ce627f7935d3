"""Store: projects, revisions and recovery, assets, templates, exports, usage, settings."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from shortvid_desktop import paths
from shortvid_desktop.core import (
    Asset,
    Clip,
    Project,
    Template,
    ValidationError,
    project_to_dict,
)
from shortvid_desktop.store import (
    MAX_REVISIONS,
    BuiltinTemplateError,
    NotFoundError,
    Store,
    StoreError,
    current_month,
)
from shortvid_desktop.store import projects as projects_module

MakeProject = Callable[..., Project]


def raw(path: Path) -> sqlite3.Connection:
    """A plain second connection to the same file, for looking behind the store's back."""
    return sqlite3.connect(str(path))


# ---------------------------------------------------------------------------- opening
def test_default_path_is_under_shortvid_home(shortvid_home: Path) -> None:
    with Store() as store:
        assert store.path == paths.database_path()
        assert store.path.parent == shortvid_home
        assert store.path.exists()


def test_creates_missing_parent_folders(tmp_path: Path) -> None:
    with Store(tmp_path / "a" / "b" / "db.sqlite3") as store:
        assert store.integrity_check() == "ok"


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a ShortVid database"):
        Store(path)
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_unopenable_path_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "folder.sqlite3").mkdir()
    with pytest.raises(StoreError, match="cannot open the database"):
        Store(tmp_path / "folder.sqlite3")


def test_closed_store_refuses_use(db_path: Path) -> None:
    store = Store(db_path)
    store.close()
    store.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        store.list_projects()
    with Store(db_path) as again:
        pass
    with pytest.raises(StoreError, match="closed"):
        again.get_setting("x")


# ---------------------------------------------------------------------------- projects
def test_project_round_trip(store: Store, make_project: MakeProject) -> None:
    project = make_project()
    store.save_project(project)

    loaded = store.load_project(project.id)

    assert project_to_dict(loaded) == project_to_dict(project)
    assert loaded.timeline.track("voice").clips[0].words[1].word == "幕"
    assert len(loaded.assets) == 4
    assert loaded.duration_us == project.duration_us > 0
    [row] = store.list_projects()
    assert (row.id, row.title, row.language) == (project.id, project.title, "zh")
    assert (row.created, row.modified) == (project.created, project.modified)
    assert row.duration_us == project.duration_us
    assert row.saved


def test_saving_again_updates_the_same_row(store: Store, make_project: MakeProject) -> None:
    project = make_project()
    store.save_project(project)
    project.title = "Renamed"
    project.timeline.tracks[0].clips.pop()
    store.save_project(project)

    assert [r.title for r in store.list_projects()] == ["Renamed"]
    assert len(store.load_project(project.id).timeline.tracks[0].clips) == 2


def test_list_projects_most_recently_saved_first(store: Store, make_project: MakeProject) -> None:
    a, b, c = make_project("A"), make_project("B"), make_project("C")
    for p in (a, b, c):
        store.save_project(p)
    store.save_project(a)
    assert [r.title for r in store.list_projects()] == ["A", "C", "B"]


def test_load_missing_project_is_a_clear_key_error(store: Store) -> None:
    with pytest.raises(KeyError) as info:
        store.load_project("pr_nope")
    assert isinstance(info.value, NotFoundError)
    assert "pr_nope" in str(info.value)
    assert str(store.path) in str(info.value)


def test_stored_json_that_fails_validation_raises_validation_error(
    store: Store, make_project: MakeProject
) -> None:
    project = make_project()
    store.save_project(project)
    with raw(store.path) as conn:
        conn.execute('UPDATE projects SET json = replace(json, \'"fps": 30\', \'"fps": "fast"\')')
    with pytest.raises(ValidationError, match=r"template\.fps"):
        store.load_project(project.id)


def test_save_refuses_a_project_that_would_not_load(
    store: Store, make_project: MakeProject
) -> None:
    good = make_project()
    store.save_project(good)
    bad = make_project()
    bad.id = good.id
    bad.timeline.tracks[0].clips.append(Clip(asset_id="as_missing"))

    with pytest.raises(ValidationError, match="names no asset"):
        store.save_project(bad, revision_reason="save")

    assert project_to_dict(store.load_project(good.id)) == project_to_dict(good)
    assert store.revisions(good.id) == []


def test_delete_project_removes_its_revisions(store: Store, make_project: MakeProject) -> None:
    keep, gone = make_project("keep"), make_project("gone")
    for p in (keep, gone):
        store.save_project(p, revision_reason="save")
        store.add_revision(p)

    assert store.delete_project(gone.id) is True
    assert store.delete_project(gone.id) is False

    assert [r.id for r in store.list_projects()] == [keep.id]
    assert store.revisions(gone.id) == []
    assert len(store.revisions(keep.id)) == 2
    with pytest.raises(NotFoundError):
        store.load_project(gone.id)


# ---------------------------------------------------------------------------- crash safety
def test_failing_serialisation_leaves_the_old_row(
    store: Store, make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project("before")
    store.save_project(project, revision_reason="save")
    before = project_to_dict(project)

    def explode(_project: Project) -> str:
        raise RuntimeError("disk full while serialising")

    monkeypatch.setattr(projects_module, "_project_json", explode)
    project.title = "after"
    with pytest.raises(RuntimeError, match="disk full"):
        store.save_project(project, revision_reason="save")
    with pytest.raises(RuntimeError, match="disk full"):
        store.add_revision(project)

    assert project_to_dict(store.load_project(project.id)) == before
    assert len(store.revisions(project.id)) == 1


def test_failure_after_the_row_was_written_rolls_everything_back(
    store: Store, make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project("before")
    store.save_project(project)
    before = project_to_dict(project)

    def explode(self: Store, db: object, project_id: str) -> None:
        raise RuntimeError("power cut")  # runs after the revision insert and the row upsert

    monkeypatch.setattr(Store, "_prune_revisions", explode)
    project.title = "after"
    with pytest.raises(RuntimeError, match="power cut"):
        store.save_project(project, revision_reason="manual save")

    # Seen from another connection, too: nothing of the failed save was committed.
    with Store(store.path) as other:
        assert project_to_dict(other.load_project(project.id)) == before
        assert other.revisions(project.id) == []
    assert store.list_projects()[0].title == "before"
    # ... and the store still works afterwards.
    monkeypatch.undo()
    store.save_project(project, revision_reason="retry")
    assert store.load_project(project.id).title == "after"


def test_transaction_groups_calls_and_nests(store: Store, make_project: MakeProject) -> None:
    project = make_project()
    with store.transaction():
        for asset in project.assets.values():
            store.upsert_asset(asset)
        store.save_project(project)
    assert store.get_asset(project.music_asset_id).path == "/media/music.mp3"

    with pytest.raises(RuntimeError, match="abort"), store.transaction():
        store.set_setting("outer", 1)
        with pytest.raises(RuntimeError, match="inner"), store.transaction():
            store.set_setting("inner", 1)
            raise RuntimeError("inner")
        assert store.get_setting("inner") is None  # the savepoint rolled back
        assert store.get_setting("outer") == 1  # visible inside the open transaction
        store.delete_project(project.id)
        raise RuntimeError("abort")
    assert store.get_setting("outer") is None
    assert store.load_project(project.id).title == project.title


# ---------------------------------------------------------------------------- revisions
def test_revisions_are_bounded_and_newest_first(db_path: Path, make_project: MakeProject) -> None:
    project = make_project()
    with Store(db_path, max_revisions=5) as store:
        made = []
        for i in range(8):
            project.title = f"v{i}"
            made.append(store.add_revision(project, reason=f"autosave {i}"))

        revs = store.revisions(project.id)
        assert [r.reason for r in revs] == [f"autosave {i}" for i in (7, 6, 5, 4, 3)]
        assert revs == sorted(revs, key=lambda r: r.id, reverse=True)
        assert revs[0] == made[-1] == store.latest_revision(project.id)
        assert store.load_revision(revs[0].id).title == "v7"
        assert store.load_revision(revs[-1].id).title == "v3"
        with pytest.raises(NotFoundError):
            store.load_revision(made[0].id)  # pruned


def test_default_bound_is_thirty_per_project(store: Store, make_project: MakeProject) -> None:
    assert MAX_REVISIONS == 30
    a, b = make_project("a", clips=1), make_project("b", clips=1)
    for _ in range(MAX_REVISIONS + 3):
        store.add_revision(a)
    store.add_revision(b)
    assert len(store.revisions(a.id)) == MAX_REVISIONS
    assert len(store.revisions(b.id)) == 1


def test_save_with_revision_reason_adds_a_revision(store: Store, make_project: MakeProject) -> None:
    project = make_project()
    store.save_project(project)
    assert store.latest_revision(project.id) is None
    store.save_project(project, revision_reason="before export")
    rev = store.latest_revision(project.id)
    assert rev is not None and rev.reason == "before export"
    assert project_to_dict(store.load_revision(rev.id)) == project_to_dict(project)


def test_recoverable_projects(store: Store, make_project: MakeProject) -> None:
    saved, dirty, fresh = make_project("saved"), make_project("dirty"), make_project("fresh")
    store.save_project(saved, revision_reason="save")  # revision and row agree
    store.add_revision(saved)
    store.save_project(saved)  # a save supersedes the autosaves before it
    store.save_project(dirty)
    dirty.title = "dirty, unsaved edit"
    store.add_revision(dirty)
    store.add_revision(fresh)  # never saved at all

    rec = {r.project_id: r for r in store.recoverable_projects()}

    assert set(rec) == {dirty.id, fresh.id}
    assert rec[dirty.id].title == "dirty, unsaved edit"
    assert rec[dirty.id].saved_modified == dirty.modified
    assert rec[dirty.id].revision == store.latest_revision(dirty.id)
    assert rec[fresh.id].saved_modified is None
    assert store.load_revision(rec[fresh.id].revision.id).title == "fresh"
    assert [r.project_id for r in store.recoverable_projects()] == [fresh.id, dirty.id]

    store.save_project(store.load_revision(rec[dirty.id].revision.id))  # recovered and saved
    assert store.discard_unsaved(fresh.id) == 1  # declined
    assert store.recoverable_projects() == []
    assert store.load_project(dirty.id).title == "dirty, unsaved edit"


def test_discard_unsaved_keeps_revisions_the_row_already_covers(
    store: Store, make_project: MakeProject
) -> None:
    project = make_project()
    store.save_project(project, revision_reason="save")
    store.add_revision(project)
    store.add_revision(project)
    assert store.discard_unsaved(project.id) == 2
    assert [r.reason for r in store.revisions(project.id)] == ["save"]
    assert store.recoverable_projects() == []


# ---------------------------------------------------------------------------- assets
def test_asset_round_trip_and_hash_lookup(store: Store, make_project: MakeProject) -> None:
    video = next(a for a in make_project().assets.values() if a.kind == "video")
    store.upsert_asset(video, thumbnail="/thumbs/v.jpg")

    assert store.get_asset(video.id) == video
    assert store.find_asset_by_hash("h-vid") == video
    assert store.find_asset_by_hash("nope") is None
    assert store.find_asset_by_hash("") is None
    assert store.asset_thumbnail(video.id) == "/thumbs/v.jpg"


def test_asset_upsert_updates_and_keeps_thumbnail(store: Store) -> None:
    asset = Asset(path="/a.png", kind="image", content_hash="h1")
    store.upsert_asset(asset, thumbnail="/t.jpg")
    moved = dataclasses.replace(asset, path="/moved/a.png", width=640, height=480)
    store.upsert_asset(moved)

    assert store.get_asset(asset.id) == moved
    assert store.asset_thumbnail(asset.id) == "/t.jpg"
    store.upsert_asset(moved, thumbnail="/t2.jpg")
    assert store.asset_thumbnail(asset.id) == "/t2.jpg"


def test_find_by_hash_returns_the_first_added(store: Store) -> None:
    first = Asset(path="/one.png", content_hash="same")
    second = Asset(path="/two.png", content_hash="same")
    store.upsert_asset(first)
    store.upsert_asset(second)
    store.upsert_asset(first)  # an update does not make it newer
    assert store.find_asset_by_hash("same") == first


def test_missing_and_invalid_assets(store: Store) -> None:
    with pytest.raises(NotFoundError, match="as_nope"):
        store.get_asset("as_nope")
    with pytest.raises(NotFoundError):
        store.asset_thumbnail("as_nope")
    with pytest.raises(ValidationError, match="path"):
        store.upsert_asset(Asset(path=""))
    asset = Asset(path="/x.wav", kind="audio")
    store.upsert_asset(asset)
    assert store.delete_asset(asset.id) is True
    assert store.delete_asset(asset.id) is False


# ---------------------------------------------------------------------------- templates
def test_builtin_templates_are_protected(store: Store) -> None:
    story = Template(name="Vertical Story", builtin=True)
    store.ensure_builtin_templates([story, Template(name="Clean", builtin=True)])

    with pytest.raises(BuiltinTemplateError, match="built-in"):
        store.save_template(Template(name="Vertical Story", fps=60))
    with pytest.raises(BuiltinTemplateError, match="cannot be deleted"):
        store.delete_template("Vertical Story")
    assert store.get_template("Vertical Story") == story


def test_user_templates_save_list_get_delete(store: Store) -> None:
    store.ensure_builtin_templates([Template(name="Vertical Story", builtin=True)])
    mine = Template(name="my style", fps=25, watermark_text="@me")
    store.save_template(mine)
    store.save_template(Template(name="Another"))
    mine.fps = 24
    store.save_template(mine)

    assert store.get_template("my style") == mine
    assert [(t.name, t.builtin) for t in store.list_templates()] == [
        ("Vertical Story", True),
        ("Another", False),
        ("my style", False),
    ]
    store.delete_template("my style")
    with pytest.raises(NotFoundError):
        store.get_template("my style")
    with pytest.raises(NotFoundError):
        store.delete_template("my style")


def test_ensure_builtin_templates_refreshes_and_forces_builtin(store: Store) -> None:
    store.ensure_builtin_templates([Template(name="Vertical Story", builtin=True, fps=30)])
    store.ensure_builtin_templates([Template(name="Vertical Story", builtin=False, fps=60)])
    [t] = store.list_templates()
    assert (t.fps, t.builtin) == (60, True)


def test_a_user_template_squatting_on_a_builtin_name_is_kept(store: Store) -> None:
    store.save_template(Template(name="Vertical Story", fps=24))
    store.save_template(Template(name="Vertical Story (mine)", fps=25))

    store.ensure_builtin_templates([Template(name="Vertical Story", builtin=True)])

    assert store.get_template("Vertical Story").builtin is True
    kept = store.get_template("Vertical Story (mine 2)")
    assert (kept.name, kept.fps, kept.builtin) == ("Vertical Story (mine 2)", 24, False)
    assert store.get_template("Vertical Story (mine)").fps == 25


# ---------------------------------------------------------------------------- exports
def test_export_history(store: Store) -> None:
    first = store.export_started("pr_a", {"quality": "high", "fps": 30}, Path("/out/a.mp4"))
    store.export_finished(first, "done", seconds=12.5)
    second = store.export_started("pr_b", {"quality": "draft"}, "/out/b.mp4")
    store.export_finished(second, "failed", error="ffmpeg exited 1")
    third = store.export_started("pr_a", {}, "/out/a2.mp4")
    store.export_finished(third, "cancelled")
    running = store.export_started("pr_a", {}, "/out/a3.mp4")

    history = store.exports()
    assert [e.id for e in history] == [running, third, second, first]
    done = history[-1]
    assert (done.project_id, done.status, done.seconds) == ("pr_a", "done", 12.5)
    assert done.settings == {"quality": "high", "fps": 30}
    assert done.output_path == str(Path("/out/a.mp4"))
    assert done.started and done.finished and done.error == ""
    assert history[2].error == "ffmpeg exited 1"
    assert history[1].seconds is not None and history[1].seconds >= 0  # measured
    assert history[0].status == "running" and history[0].finished is None

    assert [e.id for e in store.exports("pr_a")] == [running, third, first]
    assert [e.id for e in store.exports(limit=2)] == [running, third]
    assert store.exports("pr_none") == []


def test_queued_exports_and_interrupted_ones(store: Store) -> None:
    queued = store.export_started("pr_a", {}, "/out/q.mp4", status="queued")
    running = store.export_started("pr_a", {}, "/out/r.mp4")
    [q] = store.exports(limit=2)[1:]
    assert (q.id, q.status, q.started) == (queued, "queued", None)

    assert store.mark_interrupted_exports() == 1
    by_id = {e.id: e for e in store.exports()}
    assert by_id[running].status == "failed" and "interrupted" in by_id[running].error
    assert by_id[queued].status == "queued"

    store.export_running(queued)
    now_running = {e.id: e for e in store.exports()}[queued]
    assert now_running.status == "running" and now_running.started
    with pytest.raises(StoreError, match="not queued"):
        store.export_running(queued)


def test_export_misuse(store: Store) -> None:
    eid = store.export_started("pr_a", {}, "/out/a.mp4")
    with pytest.raises(ValueError, match="finished export"):
        store.export_finished(eid, "running")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="queued"):
        store.export_started("pr_a", {}, "/x.mp4", status="done")  # type: ignore[arg-type]
    with pytest.raises(NotFoundError):
        store.export_finished(9999, "done")
    with pytest.raises(NotFoundError):
        store.export_running(9999)
    with pytest.raises(TypeError):
        store.export_started("pr_a", {"bad": object()}, "/x.mp4")
    assert len(store.exports()) == 1


# ---------------------------------------------------------------------------- usage
def test_usage_totals_per_month(store: Store) -> None:
    jan = datetime(2025, 1, 15, 12, tzinfo=UTC)
    feb = datetime(2025, 2, 1, tzinfo=UTC)
    store.add_usage("openai", "gpt-4o-mini", 1000, 200, "tokens", 0.01, "pr_a", at=jan)
    store.add_usage("openai", "gpt-4o-mini", 500, 100, "tokens", 0.005, at=jan)
    store.add_usage("openai", "tts-1", 300, 0, "chars", 0.0045, at=jan)
    store.add_usage("deepseek", "deepseek-chat", 4000, 800, "tokens", 0.002, at=jan)
    store.add_usage("openai", "gpt-4o-mini", 10, 10, "tokens", 1.0, at=feb)
    # 23:30 on 31 Jan at UTC-5 is already February in UTC.
    late = datetime(2025, 1, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    store.add_usage("deepseek", "deepseek-chat", 1, 1, "tokens", 0.5, at=late)

    january = store.usage_totals("2025-01")
    assert [(r["provider"], r["model"]) for r in january] == [
        ("openai", "gpt-4o-mini"),
        ("openai", "tts-1"),
        ("deepseek", "deepseek-chat"),
    ]
    gpt = january[0]
    assert (gpt["calls"], gpt["units_in"], gpt["units_out"], gpt["unit"]) == (
        2,
        1500,
        300,
        "tokens",
    )
    assert gpt["cost_usd"] == pytest.approx(0.015)
    assert january[1]["unit"] == "chars"

    assert store.month_cost("openai", "2025-01") == pytest.approx(0.0195)
    assert store.month_cost("openai", "2025-02") == pytest.approx(1.0)
    assert store.month_cost("deepseek", "2025-02") == pytest.approx(0.5)
    assert store.month_cost("openai", "2024-12") == 0.0
    assert store.usage_totals("2025-03") == []
    all_time = {(r["provider"], r["model"]): r["calls"] for r in store.usage_totals()}
    assert all_time[("openai", "gpt-4o-mini")] == 3


def test_usage_defaults_to_now_and_year_end(store: Store) -> None:
    store.add_usage("edge", "zh-CN-XiaoxiaoNeural", 120, 0, "chars", 0.0)
    assert store.usage_totals(current_month())[0]["units_in"] == 120
    store.add_usage("x", "m", 1, 1, "tokens", 2.0, at=datetime(2024, 12, 31, 23, 59))  # naive=UTC
    assert store.month_cost("x", "2024-12") == 2.0
    assert store.month_cost("x", "2025-01") == 0.0


def test_usage_misuse(store: Store) -> None:
    with pytest.raises(ValueError, match="unit"):
        store.add_usage("x", "m", 1, 1, "words", 0.0)  # type: ignore[arg-type]
    for bad in ("2025-13", "2025-1", "25-01", "2025/01", ""):
        with pytest.raises(ValueError, match="YYYY-MM"):
            store.usage_totals(bad)
    with pytest.raises(ValueError, match="YYYY-MM"):
        store.month_cost("x", "January")


# ---------------------------------------------------------------------------- settings
def test_settings_round_trip(store: Store, db_path: Path) -> None:
    assert store.get_setting("ui.theme") is None
    assert store.get_setting("ui.theme", "dark") == "dark"
    value = {"voice": "edge:zh-CN-XiaoxiaoNeural", "rate": 1.1, "recent": ["a", "b"], "on": True}
    store.set_setting("voice.default", value)
    store.set_setting("ui.theme", "light")
    store.set_setting("ui.theme", None)  # None is a value, not "missing"

    assert store.get_setting("voice.default") == value
    assert store.get_setting("ui.theme", "dark") is None
    with Store(db_path) as reopened:
        assert reopened.get_setting("voice.default") == value
    store.delete_setting("ui.theme")
    assert store.get_setting("ui.theme", "dark") == "dark"
    with pytest.raises(TypeError):
        store.set_setting("bad", object())


@pytest.mark.parametrize("key", ["openai.api_key", "llm.apiKey", "proxy.password", "secret"])
def test_settings_refuse_secrets(store: Store, key: str) -> None:
    with pytest.raises(StoreError, match="keyring"):
        store.set_setting(key, "sk-123")
    assert store.get_setting(key) is None


def test_no_column_anywhere_is_meant_for_keys(store: Store) -> None:
    with raw(store.path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        columns = {f"{t}.{c[1]}" for t in tables for c in conn.execute(f"PRAGMA table_info('{t}')")}
    suspicious = [c for c in columns if any(w in c.lower() for w in ("secret", "api_key", "pass"))]
    assert suspicious == []


# ---------------------------------------------------------------------------- maintenance
def test_integrity_check_and_backup(
    store: Store, make_project: MakeProject, tmp_path: Path
) -> None:
    project = make_project()
    store.save_project(project, revision_reason="save")
    store.set_setting("k", [1, 2])
    assert store.integrity_check() == "ok"

    dest = tmp_path / "backups" / "copy.sqlite3"
    assert store.backup(dest) == dest
    store.set_setting("k", "after the backup")

    assert not dest.with_name(dest.name + ".partial").exists()
    assert not dest.with_name(dest.name + "-wal").exists()
    with Store(dest) as copy:
        assert copy.integrity_check() == "ok"
        assert project_to_dict(copy.load_project(project.id)) == project_to_dict(project)
        assert copy.get_setting("k") == [1, 2]
    with pytest.raises(StoreError, match="onto itself"):
        store.backup(store.path)
