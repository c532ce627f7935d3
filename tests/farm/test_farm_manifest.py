"""Freezing a project for the farm and materialising it on a worker: the same pictures, only
the objects its own manifest names, malformed jobs refused plainly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from farm_helpers import StorageCase

from shortvid_desktop import __version__
from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.core.model import Asset, Clip, Project, WordTiming
from shortvid_desktop.farm.manifest import PREFIX, FrozenJob, freeze, materialize
from shortvid_desktop.farm.storage import sha256_file
from shortvid_desktop.media.ffmpeg import run_ffmpeg
from shortvid_desktop.render.plan import compile_plan
from shortvid_desktop.render.window import FrameRenderer


def build(media, tmp_path: Path) -> Project:
    p = Project(title="Farm manifest")
    p.template.width, p.template.height, p.template.fps = 160, 284, 25
    p.template.caption.size = 60
    p.template.watermark_image = str(media.image("mark.png", "64x64", color="red"))
    a = Asset(path=str(media.image("m1.png", "320x240")), kind="image", width=320, height=240)
    c = Asset(
        path=str(media.video("m2.mp4", seconds=1.5)),
        kind="video",
        width=320,
        height=240,
        duration_us=1_500_000,
        has_audio=True,
    )
    voice = tmp_path / "voice.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=f=300:d=2:r=48000", str(voice)])
    v = Asset(path=str(voice), kind="audio", duration_us=2_000_000)
    unused = Asset(path=str(media.image("unused.png", "32x32", color="blue")), kind="image")
    for asset in (a, c, v, unused):
        p.assets[asset.id] = asset
    t = p.timeline.ensure_track("video")
    t.clips += [
        Clip(asset_id=a.id, start_us=0, duration_us=1_000_000),
        Clip(asset_id=c.id, start_us=1_000_000, duration_us=1_000_000),
    ]
    p.timeline.ensure_track("voice").clips.append(
        Clip(
            asset_id=v.id,
            start_us=0,
            duration_us=2_000_000,
            text="One two",
            words=[WordTiming("One", 0, 500_000), WordTiming("two", 600_000, 1_100_000)],
        )
    )
    return p


def frames(project: Project, times: list[int]) -> list[bytes]:
    with FrameRenderer(compile_plan(project)) as renderer:
        return [renderer.frame(t, scale=1.0).rgb for t in times]


@pytest.mark.slow
def test_freeze_and_materialize_render_the_same_frames(
    farm_storage: StorageCase, media, tmp_path: Path
) -> None:
    project = build(media, tmp_path)
    store = farm_storage.open()
    seen: list[float] = []
    job = freeze(project, store, progress=lambda f, m="": seen.append(f))
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    assert store.uploads == 4  # image, video, voice, watermark; not the unused picture
    used = [a for a in project.assets.values() if "unused" not in a.path]
    assert set(job.assets) == {a.id for a in used}
    for asset in used:
        assert job.assets[asset.id] == sha256_file(asset.path)
        assert job.project["assets"][asset.id]["path"] == PREFIX + job.assets[asset.id]
    assert job.version == __version__
    assert job.fonts == [project.template.caption.font]
    text = job.to_json()
    assert str(tmp_path) not in text and str(media.root) not in text  # no local paths travel

    received = FrozenJob.from_json(text)
    assert received.key == job.key
    work = tmp_path / "worker"
    got = materialize(received, farm_storage.open(), work)
    for asset in got.assets.values():
        assert Path(asset.path).parent == work / "objects"
    fetched = sorted(p.name for p in (work / "objects").iterdir())
    assert fetched == sorted(d + received.suffixes[d] for d in received.objects)  # only these
    assert Path(got.template.watermark_image).parent == work / "objects"
    times = [200_000, 1_400_000]
    assert frames(got, times) == frames(project, times)

    # a second freeze uploads nothing and names the same job (the times do not count)
    again = farm_storage.open()
    project.touch()
    assert freeze(project, again).key == job.key
    assert again.uploads == 0
    project.template.caption.size = 61
    assert freeze(project, again).key != job.key


def test_a_job_naming_a_path_or_an_unlisted_hash_is_refused(
    farm_storage: StorageCase, media, tmp_path: Path
) -> None:
    project = build(media, tmp_path)
    store = farm_storage.open()
    job = freeze(project, store)
    other = store.put_file(media.image("elsewhere.png", "48x48", color="green"))
    asset_id = next(iter(job.assets))
    work = tmp_path / "worker"

    for bad_path in ("/etc/passwd", str(media.image("m1.png", "320x240")), PREFIX + other):
        data = json.loads(job.to_json())
        data["project"]["assets"][asset_id]["path"] = bad_path
        with pytest.raises(BadInputError) as info:
            FrozenJob.from_dict(data)
        assert asset_id in str(info.value) and "own manifest" in str(info.value)
        # and materialize checks again (a job built in memory, not parsed)
        forged = FrozenJob(**{**job.__dict__, "project": data["project"]})
        with pytest.raises(BadInputError, match=asset_id):
            materialize(forged, store, work)
        assert not (work / "objects").exists() or not any((work / "objects").iterdir())

    data = json.loads(job.to_json())  # a hash listed for an asset the project lacks
    data["assets"]["as_extra"] = other
    with pytest.raises(BadInputError, match="lacks"):
        FrozenJob.from_dict(data)
    data = json.loads(job.to_json())  # an asset the manifest does not list
    del data["assets"][asset_id]
    with pytest.raises(BadInputError, match=f"{asset_id}.*not in its manifest"):
        FrozenJob.from_dict(data)
    data = json.loads(job.to_json())  # the watermark pointing elsewhere
    data["project"]["template"]["watermark_image"] = "/etc/hostname"
    with pytest.raises(BadInputError, match="watermark"):
        FrozenJob.from_dict(data)


def test_lut_files_travel_as_objects_and_bundled_looks_by_name(media, tmp_path: Path) -> None:
    from shortvid_desktop.farm.storage import open_storage

    root = tmp_path / "share"
    root.mkdir()
    cube = tmp_path / "my look.cube"
    cube.write_text(
        "LUT_3D_SIZE 2\n"
        + "".join(f"{r} {g} {b}\n" for b in (0, 1) for g in (0, 1) for r in (0, 1)),
        encoding="utf-8",
    )
    project = build(media, tmp_path)
    project.template.color.lut = str(cube)
    clips = project.timeline.tracks[0].clips
    clips[0].color.lut = "warm"  # a bundled look: a name, not a file
    clips[1].color.lut = str(cube)
    store = open_storage(root.as_uri())
    job = freeze(project, store)
    digest = sha256_file(cube)
    assert job.resources == {
        "template.watermark_image": job.resources["template.watermark_image"],
        "template.color.lut": digest,
        "timeline.tracks[0].clips[1].color.lut": digest,
    }
    assert job.project["template"]["color"]["lut"] == PREFIX + digest
    assert str(cube) not in job.to_json()
    got = materialize(FrozenJob.from_json(job.to_json()), store, tmp_path / "worker")
    assert got.template.color.lut == str(tmp_path / "worker" / "objects" / f"{digest}.cube")
    assert got.timeline.tracks[0].clips[1].color.lut == got.template.color.lut
    assert got.timeline.tracks[0].clips[0].color.lut == "warm"

    for forged in ("/etc/passwd", "../../secret.cube", PREFIX + "0" * 64):
        data = json.loads(job.to_json())
        data["project"]["timeline"]["tracks"][0]["clips"][0]["color"]["lut"] = forged
        with pytest.raises(BadInputError, match=r"clips\[0\]\.color\.lut.*own manifest"):
            FrozenJob.from_dict(data)
    data = json.loads(job.to_json())
    data["resources"]["timeline.tracks[0].clips[9].color.lut"] = digest
    with pytest.raises(BadInputError, match="does not name"):
        FrozenJob.from_dict(data)


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda d: "[1, 2", "not JSON"),
        (lambda d: {**d, "format": 99}, "format 99"),
        (lambda d: {**d, "assets": {"as_1": "../../etc/passwd"}}, "is not valid"),
        (lambda d: {**d, "assets": {"../x": "a" * 64}}, "bad key"),
        (lambda d: {**d, "sizes": {"a" * 64: -1}}, "is not valid"),
        (lambda d: {**d, "suffixes": {"a" * 64: "/../x"}}, "is not valid"),
        (lambda d: {**d, "project": []}, "project must be"),
        (lambda d: {**d, "project": {**d["project"], "schema_version": "x"}}, "schema_version"),
        (lambda d: "x" * (16 * 1024 * 1024 + 1), "at most 16 MB"),
    ],
)
def test_malformed_jobs_are_refused_with_a_clear_error(
    change, words: str, media, tmp_path: Path
) -> None:
    root = tmp_path / "share"
    root.mkdir()
    from shortvid_desktop.farm.storage import open_storage

    job = freeze(build(media, tmp_path), open_storage(root.as_uri()))
    changed = change(job.to_dict())
    text = changed if isinstance(changed, str) else json.dumps(changed)
    with pytest.raises(BadInputError, match=words) as info:
        FrozenJob.from_json(text)
    assert str(info.value).startswith(("Malformed farm job", "The job's"))


def test_a_missing_file_is_named_when_freezing(media, tmp_path: Path) -> None:
    from shortvid_desktop.farm.storage import open_storage

    root = tmp_path / "share"
    root.mkdir()
    project = build(media, tmp_path)
    gone = tmp_path / "voice.wav"
    gone.unlink()
    with pytest.raises(BadInputError, match="voice.wav"):
        freeze(project, open_storage(root.as_uri()))
