"""A project rendered on a real farm (redis-server with a password, two `shortvid worker`
processes, file:// storage, all on 127.0.0.1) equals the local export of it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from farm_cluster import (
    REDIS,
    Cluster,
    assert_same_video,
    task_meta,
    tiny_project,
    traces,
    wait_for,
)

from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.jobs import Progress
from shortvid_desktop.session import Session
from shortvid_desktop.session.farm import farm_status, render_on_farm

pytest.importorskip("celery")
pytestmark = pytest.mark.skipif(REDIS is None, reason="redis-server is not installed")

WINDOW_S = 1.5  # 5 s at 15 fps -> 3 windows


@pytest.fixture(scope="module")
def farm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    cluster = Cluster(tmp_path_factory.mktemp("farm"), ["w1", "w2"])
    try:
        yield cluster
    finally:
        cluster.close()


def local_export(project, out: Path) -> Path:
    Session(project).export(out, encoder="libx264", record=False)
    return out


def test_a_project_renders_on_the_farm_as_it_does_here(media, tmp_path: Path, farm: Cluster):
    project = tiny_project(media, tmp_path)
    seen: list[str] = []
    progress = Progress(lambda r: seen.append(r.message))
    out = tmp_path / "farm.mp4"
    result = render_on_farm(
        project, out, farm.redis.url, farm.storage, progress, window_s=WINDOW_S, timeout_s=240
    )
    assert result.path == out and out.is_file()
    assert result.windows == 3
    local = local_export(project, tmp_path / "local.mp4")
    from shortvid_desktop.render.plan import compile_plan

    frames = compile_plan(project).frames
    overall, worst = assert_same_video(out, local, frames)
    print(f"farm vs local: PSNR {overall:.1f} dB, worst frame {worst:.1f} dB")
    # the farm is the local windowed renderer, spread out: the same windows here, same frames
    from shortvid_desktop.render.export import export

    here = export(
        compile_plan(project), tmp_path / "windows.mp4", chunk_seconds=WINDOW_S, workers=1
    )
    same, worst_same = assert_same_video(out, here.path, frames)
    assert worst_same >= 50.0, worst_same
    # every window rendered exactly once, by the two workers between them
    done = traces(farm.trace)
    windows = [t for t in done if t["task"] == "render_window"]
    mine = {t["key"] for t in windows}
    assert len(mine) == 3
    assert sorted(t["task"] for t in done if t["key"] in mine) == ["render_window"] * 3
    assert any(m.startswith("Rendering frame") and "on the farm" in m for m in seen)
    assert not list(tmp_path.glob(".farm.partial-*"))  # the partial file was renamed

    # the same project again: every task answers from storage, nothing renders again
    before = len(traces(farm.trace))
    again = render_on_farm(
        project, tmp_path / "again.mp4", farm.redis.url, farm.storage, window_s=WINDOW_S,
        timeout_s=120,
    )  # fmt: skip
    assert again.digest == result.digest
    assert len(traces(farm.trace)) == before
    assert (tmp_path / "again.mp4").read_bytes() == out.read_bytes()


def test_the_output_may_not_be_an_input(media, tmp_path: Path, farm: Cluster):
    project = tiny_project(media, tmp_path)
    still = next(a.path for a in project.assets.values() if a.kind == "image")
    victim = Path(still).with_suffix(".mp4")
    Path(still).rename(victim)  # an asset that looks like an output
    next(a for a in project.assets.values() if a.kind == "image").path = str(victim)
    with pytest.raises(BadInputError, match="project"):
        render_on_farm(project, victim, farm.redis.url, farm.storage, window_s=WINDOW_S)
    assert victim.read_bytes()[:8] == (b"\x89PNG\r\n\x1a\n")


def test_a_wrong_password_fails_fast_with_a_clear_message(media, tmp_path: Path, farm: Cluster):
    project = tiny_project(media, tmp_path)
    wrong = farm.redis.url.replace(farm.redis.password, "not-the-password")
    with pytest.raises(BadInputError) as err:
        render_on_farm(project, tmp_path / "x.mp4", wrong, farm.storage, window_s=WINDOW_S)
    text = str(err.value)
    assert f"127.0.0.1:{farm.redis.port}" in text and "password" in text
    assert "not-the-password" not in text
    # the worker command too: exit 2, the broker named, no password, no traceback
    done = subprocess.run(
        [sys.executable, "-m", "shortvid_desktop.cli", "worker", "--broker", wrong,
         "--storage", farm.storage],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "refused the password" in done.stderr and "not-the-password" not in done.stderr
    assert "Traceback" not in done.stderr


def test_farm_status_shows_the_live_workers_and_their_version(farm: Cluster):
    from shortvid_desktop import __version__

    workers = farm_status(farm.redis.url, timeout=2.0)
    names = sorted(w["name"].split("@")[0] for w in workers)
    assert names == [f"w1-{__version__}", f"w2-{__version__}"]
    assert all(w["version"] == __version__ and w["same_version"] for w in workers)
    assert all(w["concurrency"] == 1 for w in workers)
    # the workers checked their offline voices at start and say which they speak with
    assert all(w["voices"].get("en", "").split(":")[0] in ("espeak", "piper") for w in workers)
    done = subprocess.run(
        [sys.executable, "-m", "shortvid_desktop.cli", "farm", "status", "--broker",
         farm.redis.url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "2 worker(s)" in done.stderr and farm.redis.password not in done.stderr + done.stdout
    assert "offline voices: en " in done.stderr


def test_a_voice_task_refuses_an_online_engine(farm: Cluster):
    """Workers hold no API keys: a scene sent to be spoken by an online engine is refused
    with words saying so (the desktop voices such scenes itself)."""
    from farm_cluster import run_task

    from shortvid_desktop import __version__

    ask = {"version": __version__, "scene": "s1", "text": "Hello.", "language": "en",
           "engine": "edge", "voice": ""}  # fmt: skip
    state, info = run_task(farm.redis.url, "shortvid.speak_scene", ask)
    assert state == "FAILURE" and "offline voices only" in str(info)


def _sent_payload(project, farm: Cluster) -> dict:
    from shortvid_desktop.farm.manifest import freeze
    from shortvid_desktop.farm.storage import open_storage
    from shortvid_desktop.render.export import chunk_bounds
    from shortvid_desktop.render.plan import compile_plan
    from shortvid_desktop.session.farm import _payload

    job = freeze(project, open_storage(farm.storage))
    return _payload(job, None, chunk_bounds(compile_plan(project), WINDOW_S))


def _run_task(farm: Cluster, name: str, *args) -> tuple[str, object]:
    from shortvid_desktop.farm.app import make_app

    app = make_app(farm.redis.url)
    task_id = app.send_task(name, args=args).id

    def finished():
        meta = task_meta(farm.redis.url, task_id)
        return meta if meta["status"] in ("SUCCESS", "FAILURE") else None

    meta = wait_for(finished, 120, f"{name} finishes")
    return meta["status"], meta["result"]


def test_a_job_naming_an_asset_outside_its_manifest_is_refused(
    media, tmp_path: Path, farm: Cluster
):
    project = tiny_project(media, tmp_path)
    payload = _sent_payload(project, farm)
    data = payload["job"]["project"]
    secret = tmp_path / "not-sent.png"
    secret.write_bytes(Path(next(iter(project.assets.values())).path).read_bytes())
    data["assets"]["as_intruder"] = {
        **next(iter(data["assets"].values())),
        "id": "as_intruder",
        "path": str(secret),
    }
    before = len(traces(farm.trace))
    state, info = _run_task(farm, "shortvid.render_window", payload, 0)
    assert state == "FAILURE"
    assert "manifest" in str(info)
    assert len(traces(farm.trace)) == before  # nothing rendered


def test_a_job_from_another_version_is_refused(media, tmp_path: Path, farm: Cluster):
    from shortvid_desktop import __version__

    project = tiny_project(media, tmp_path)
    payload = _sent_payload(project, farm)
    payload["version"] = "0.0.1-elsewhere"
    state, info = _run_task(farm, "shortvid.render_window", payload, 0)
    assert state == "FAILURE"
    assert f"runs ShortVid {__version__}" in str(info) and "0.0.1-elsewhere" in str(info)


def test_a_project_renders_on_the_farm_through_s3(
    media, tmp_path: Path, moto_s3, monkeypatch: pytest.MonkeyPatch
):
    """The same with S3-compatible storage (moto's server, signed requests): the workers take
    the credentials from their own environment; the tasks carry none."""
    bucket = moto_s3.new_bucket()
    env = {
        "AWS_ACCESS_KEY_ID": moto_s3.access_key_id,
        "AWS_SECRET_ACCESS_KEY": moto_s3.secret_access_key,
        "AWS_DEFAULT_REGION": "us-east-1",
        "SHORTVID_S3_ENDPOINT": moto_s3.endpoint,
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    cluster = Cluster(tmp_path / "farm", ["s1"], storage=f"s3://{bucket}/farm", env=env)
    try:
        project = tiny_project(media, tmp_path)
        out = tmp_path / "farm.mp4"
        result = render_on_farm(
            project, out, cluster.redis.url, cluster.storage, window_s=WINDOW_S, timeout_s=240
        )
        assert result.windows == 3
        from shortvid_desktop.render.plan import compile_plan

        local = local_export(project, tmp_path / "local.mp4")
        assert_same_video(out, local, compile_plan(project).frames)
        # no secret rode in a task: the messages and results in Redis hold none
        r = cluster.redis.client()
        blob = b"".join(
            str(r.dump(k)).encode() for k in r.keys("*") if r.type(k) in (b"string", b"list")
        )
        assert moto_s3.secret_access_key.encode() not in blob
        assert moto_s3.access_key_id.encode() not in blob
    finally:
        cluster.close()


def test_a_job_is_followed_again_from_its_record(media, tmp_path: Path, farm: Cluster):
    """The desktop stopped following a job (here: its deadline passed at once); the record in
    SQLite is enough to send it again and bring the video home."""
    from shortvid_desktop.core.errors import RenderError
    from shortvid_desktop.session.farm import farm_jobs_path, resume_farm_job
    from shortvid_desktop.store.farm_jobs import FarmJobStore

    project = tiny_project(media, tmp_path)
    out = tmp_path / "farm.mp4"
    with pytest.raises(RenderError, match="did not finish"):
        render_on_farm(
            project, out, farm.redis.url, farm.storage, window_s=WINDOW_S, timeout_s=0.01
        )
    assert not out.exists()
    with FarmJobStore(farm_jobs_path()) as store:
        row = store.jobs()[-1]
    assert row.state == "failed" and row.attempts == 1
    assert farm.redis.password not in row.broker and "***" in row.broker
    result = resume_farm_job(row.id, farm.redis.url, farm.storage, timeout_s=240)
    assert result.path == out and result.attempts == 2
    local = local_export(project, tmp_path / "local.mp4")
    from shortvid_desktop.render.plan import compile_plan

    assert_same_video(out, local, compile_plan(project).frames)
    with FarmJobStore(farm_jobs_path()) as store:
        assert store.get(row.id).state == "done"


def test_tls_broker_verifies_the_server_and_a_job_runs_over_it(
    media, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """rediss://: the server's certificate is checked (an unknown CA fails fast, saying TLS);
    with SHORTVID_FARM_CA naming the CA a worker and the desktop render over TLS."""
    from farm_cluster import TlsRedisServer

    from shortvid_desktop.farm.app import FarmError, check_broker, make_app

    root = tmp_path / "farm"
    root.mkdir()
    server = TlsRedisServer(root)
    monkeypatch.delenv("SHORTVID_FARM_CA", raising=False)
    server.start()
    try:
        with pytest.raises(FarmError, match="TLS"):
            check_broker(make_app(server.url))
    finally:
        server.kill()
    monkeypatch.setenv("SHORTVID_FARM_CA", str(server.ca))
    cluster = Cluster(root, ["t1"], env={"SHORTVID_FARM_CA": str(server.ca)}, redis_server=server)
    try:
        project = tiny_project(media, tmp_path, seconds=2.0)
        out = tmp_path / "farm.mp4"
        result = render_on_farm(
            project, out, cluster.redis.url, cluster.storage, window_s=WINDOW_S, timeout_s=240
        )
        assert result.windows == 1 and out.is_file()
        from shortvid_desktop.render.plan import compile_plan

        local = local_export(project, tmp_path / "local.mp4")
        assert_same_video(out, local, compile_plan(project).frames)
    finally:
        cluster.close()


def test_shortvid_render_with_farm(media, tmp_path: Path, farm: Cluster):
    """`shortvid render PROJECT.json -o OUT.mp4 --farm BROKER --storage URL`, the password
    from SHORTVID_FARM_PASSWORD (not on the command line)."""
    import os

    project = tiny_project(media, tmp_path)
    saved = Session(project).save_file(tmp_path / "project.json")
    out = tmp_path / "cli.mp4"
    broker = farm.redis.url.replace(f":{farm.redis.password}@", "")
    env = dict(os.environ, SHORTVID_FARM_PASSWORD=farm.redis.password,
               SHORTVID_FARM_WINDOW_SECONDS=str(WINDOW_S))  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "shortvid_desktop.cli", "render", str(saved), "-o", str(out),
         "--farm", broker, "--storage", farm.storage],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "on the farm" in done.stderr and farm.redis.password not in done.stderr
    assert out.is_file()
    from shortvid_desktop.render.plan import compile_plan

    assert_same_video(
        out, local_export(project, tmp_path / "local.mp4"), compile_plan(project).frames
    )
    # --storage without --farm is refused with a clear message
    done = subprocess.run(
        [sys.executable, "-m", "shortvid_desktop.cli", "render", str(saved), "-o",
         str(tmp_path / "x.mp4"), "--storage", farm.storage],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2 and "--farm" in done.stderr


def test_shortvid_make_with_farm_voices_on_the_workers_as_here(tmp_path: Path, farm: Cluster):
    """`shortvid make --text ... --voice espeak --farm BROKER --storage URL`: the workers speak
    every scene (speak_scene, espeak-ng), the desktop lays the timeline out from their voices
    and the workers render it. The same `make` here speaks the same narration: the voices' WAVs
    are the same bytes (espeak-ng is deterministic; Piper is not), the videos last as long
    (within a frame) and both have sound; the farm make left nothing in the desktop's own voice
    cache."""
    import os

    import av

    from shortvid_desktop.farm.storage import sha256_file

    def make(out: Path, home: Path, *farm_args: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, SHORTVID_FARM_WINDOW_SECONDS="1.5", SHORTVID_HOME=str(home))
        return subprocess.run(
            [sys.executable, "-m", "shortvid_desktop.cli", "make", "--text",
             "Hello farm. This video was rendered by two workers.", "-o", str(out),
             "--size", "160x284", "--fps", "24", "--quality", "draft", "--voice", "espeak",
             *farm_args],
            capture_output=True, text=True, timeout=300, env=env,
        )  # fmt: skip

    def probe(path: Path) -> tuple[list[str], float, float]:
        with av.open(str(path)) as c:
            kinds = sorted(s.type for s in c.streams)
            seconds = (c.duration or 0) / 1e6
            audio = list(c.decode(audio=0))
        end = float(audio[-1].time + audio[-1].samples / audio[-1].sample_rate)
        return kinds, seconds, end

    out, here = tmp_path / "made.mp4", tmp_path / "here.mp4"
    before = len(traces(farm.trace))
    done = make(out, tmp_path / "home-farm", "--farm", farm.redis.url, "--storage", farm.storage)
    assert done.returncode == 0, done.stderr
    assert "on the farm" in done.stderr
    new = traces(farm.trace)[before:]
    spoken = [t for t in new if t["task"] == "speak_scene"]
    assert spoken and all(t["bytes"] > 1000 for t in spoken)
    assert [t["task"] for t in new].count("render_window") >= 2
    assert [t["task"] for t in new].count("join") == 1
    assert not list((tmp_path / "home-farm").glob("cache/voice/**/*.wav"))  # not spoken here
    done = make(here, tmp_path / "home-here")
    assert done.returncode == 0, done.stderr
    local_voices = {sha256_file(p) for p in (tmp_path / "home-here").glob("cache/voice/**/*.wav")}
    assert {t["key"] for t in spoken} == local_voices
    kinds, seconds, audio_end = probe(out)
    kinds_here, seconds_here, audio_end_here = probe(here)
    assert kinds == kinds_here == ["audio", "video"]
    assert 1.0 < seconds < 30.0 and abs(seconds - seconds_here) <= 1 / 24
    assert abs(audio_end - audio_end_here) <= 1 / 24


def _four_stills(media, tmp_path: Path):
    """Four stills of their own colours, 2 s each (frames [30i, 30i + 30)), cut (no
    transition), under a voice."""
    from shortvid_desktop.core.model import Asset, Clip, Project, Scene
    from shortvid_desktop.media.ffmpeg import run_ffmpeg

    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = 120, 214, 15
    p.template.title_card = False
    colours = ["0x8a1f3c", "0x1f8a4c", "0x2c3f9a", "0xc8b41e"]
    stills = [
        Asset(path=str(media.image(f"own-{c}.png", "160x240", color=c)), kind="image",
              width=160, height=240)
        for c in colours
    ]  # fmt: skip
    tone = tmp_path / "voice-own.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=f=310:d=8.5:r=48000", str(tone)])
    voice = Asset(path=str(tone), kind="audio", duration_us=8_500_000)
    for a in [*stills, voice]:
        p.assets[a.id] = a
    scene = Scene(narration="Each window shows its own picture.")
    p.script.scenes.append(scene)
    track = p.timeline.ensure_track("video")
    for i, still in enumerate(stills):
        track.clips.append(Clip(asset_id=still.id, start_us=i * 2_000_000, duration_us=2_000_000))
    p.timeline.ensure_track("voice").clips.append(
        Clip(asset_id=voice.id, start_us=0, duration_us=8_000_000, scene_id=scene.id)
    )
    return p, stills, voice


def test_a_window_task_fetches_only_the_media_its_window_shows(
    media, tmp_path: Path, farm: Cluster
):
    from farm_cluster import run_task, sent_payload

    from shortvid_desktop.farm.storage import sha256_file

    project, stills, voice = _four_stills(media, tmp_path)
    digest = {a.id: sha256_file(a.path) for a in [*stills, voice]}
    payload = sent_payload(project, farm.storage, 1.0)
    assert set(payload["job"]["assets"].values()) == set(digest.values())
    # a window inside the third still's frames [60, 90) (cuts avoid a segment's first frame)
    index = next(i for i, (f0, f1) in enumerate(payload["bounds"]) if 60 <= f0 and f1 <= 90)
    before = len(traces(farm.trace))
    state, info = run_task(farm.redis.url, "shortvid.render_window", payload, index)
    assert state == "SUCCESS", info
    state, info = run_task(farm.redis.url, "shortvid.render_sound", payload)
    assert state == "SUCCESS", info
    runs = {t["task"]: t for t in traces(farm.trace)[before:]}
    # the window read the third still alone: not the others, not the voice
    assert runs["render_window"]["needed"] == [digest[stills[2].id]]
    assert runs["render_window"]["fetched"] in ([], [digest[stills[2].id]])
    # the sound read the voice alone
    assert runs["render_sound"]["needed"] == [digest[voice.id]]
    # and the workers' caches hold nothing else of this project's media
    cached = {f.name[:64] for f in farm.root.glob("home-*/cache/farm/objects/*") if f.is_file()}
    mine = cached & set(digest.values())
    assert mine == {digest[stills[2].id], digest[voice.id]}, mine
