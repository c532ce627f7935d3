"""A real farm on 127.0.0.1 for the tests: redis-server (random port, a password) and
`shortvid worker` processes; plus the tiny project they render and how to compare videos.

Every wait polls with a total deadline; nothing sleeps for timing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
from farm_helpers import free_port

from shortvid_desktop.core.model import Asset, Clip, KenBurns, Project, Scene, Transition
from shortvid_desktop.media.ffmpeg import run_ffmpeg

REDIS = shutil.which("redis-server")


def wait_for(check: Callable[[], object], deadline_s: float, what: str) -> object:
    end = time.monotonic() + deadline_s
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"{what}: not within {deadline_s:.0f} s")
        time.sleep(0.05)


class RedisServer:
    """redis-server with a password, no persistence (a restart forgets everything)."""

    def __init__(self, workdir: Path, password: str = "farm-test-pw") -> None:
        self.workdir, self.password = workdir, password
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def args(self) -> list[str]:
        return ["--port", str(self.port)]

    def start(self) -> None:
        assert REDIS is not None
        log = open(self.workdir / "redis.log", "ab")
        self.proc = subprocess.Popen(
            [REDIS, *self.args(), "--bind", "127.0.0.1", "--requirepass",
             self.password, "--save", "", "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        log.close()
        import redis

        def answers() -> bool:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise AssertionError(f"redis-server exited with {self.proc.returncode}")
            try:
                return bool(self.client().ping())
            except redis.exceptions.ConnectionError:
                return False

        wait_for(answers, 20, "redis-server answers")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def restart(self) -> None:
        self.kill()
        self.start()

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, password=self.password)


class TlsRedisServer(RedisServer):
    """redis-server speaking TLS only, with a certificate for 127.0.0.1 from a CA of its own
    (made with openssl here)."""

    def __init__(self, workdir: Path, password: str = "farm-test-pw") -> None:
        super().__init__(workdir, password)
        self.ca, self.cert, self.key = (workdir / n for n in ("ca.pem", "server.pem", "key.pem"))
        ca_key = workdir / "ca-key.pem"
        csr = workdir / "server.csr"
        ext = workdir / "ext.cnf"
        ext.write_text("subjectAltName=IP:127.0.0.1\n")

        def ssl(*args: str) -> None:
            subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60)

        ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key), "-out",
            str(self.ca), "-days", "2", "-subj", "/CN=farm test CA")  # fmt: skip
        ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(self.key), "-out", str(csr),
            "-subj", "/CN=127.0.0.1")  # fmt: skip
        ssl("x509", "-req", "-in", str(csr), "-CA", str(self.ca), "-CAkey", str(ca_key),
            "-CAcreateserial", "-out", str(self.cert), "-days", "2",
            "-extfile", str(ext))  # fmt: skip

    @property
    def url(self) -> str:
        return f"rediss://:{self.password}@127.0.0.1:{self.port}/0"

    def args(self) -> list[str]:
        return ["--port", "0", "--tls-port", str(self.port), "--tls-cert-file", str(self.cert),
                "--tls-key-file", str(self.key), "--tls-ca-cert-file", str(self.ca),
                "--tls-auth-clients", "no"]  # fmt: skip

    def client(self):
        import redis

        return redis.Redis(
            host="127.0.0.1",
            port=self.port,
            password=self.password,
            ssl=True,
            ssl_ca_certs=str(self.ca),
        )


class Worker:
    """One `shortvid worker` process (its own process group: kill -9 takes its pool too)."""

    def __init__(self, name: str, broker: str, storage: str, workdir: Path, env: dict) -> None:
        self.name = name
        self.log = workdir / f"worker-{name}.log"
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "shortvid_desktop.cli", "worker", "--broker", broker,
                 "--storage", storage, "--name", name, "--concurrency", "1",
                 "--loglevel", "INFO"],
                stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
            )  # fmt: skip

    def kill9(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        """Gone at once (the tests need no graceful shutdown: Redis goes next; its ffmpeg
        children die with it)."""
        self.kill9()

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def worker_env(trace: Path, visibility_s: float = 6.0) -> dict[str, str]:
    env = dict(os.environ)
    env["SHORTVID_FARM_TRACE"] = str(trace)
    env["SHORTVID_FARM_VISIBILITY_TIMEOUT"] = str(visibility_s)
    env.pop("SHORTVID_FARM_PASSWORD", None)
    return env


def wait_workers(broker: str, names: list[str], workers: list[Worker], deadline_s: float = 90):
    """Until every named worker answers a ping (a broadcast that returns as soon as all of
    them replied, not after a fixed wait)."""
    from shortvid_desktop.farm.app import make_app

    app = make_app(broker)

    def ready():
        for w in workers:
            if w.proc.poll() is not None:
                raise AssertionError(f"worker {w.name} exited:\n{w.text()[-3000:]}")
        replies = app.control.broadcast("ping", reply=True, timeout=0.5, limit=len(names))
        found = {node.split("-")[0] for r in replies or [] for node in r}
        return found if set(names) <= found else None

    return wait_for(ready, deadline_s, f"workers {names} answer")


def traces(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


# ------------------------------------------------------------------------------ the project
FPS = 15


def tiny_project(media, tmp_path: Path, size: str = "120x214", seconds: float = 5.0) -> Project:
    """A small real project: three stills with Ken Burns and fades, a spoken scene (a tone)
    with its caption, music; ``seconds`` long."""
    w, h = (int(v) for v in size.split("x"))
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = w, h, FPS
    p.template.title_card = False
    p.template.quality = "high"
    stills = [
        Asset(path=str(media.image(f"farm{i}.png", "320x480")), kind="image", width=320, height=480)
        for i in range(3)
    ]
    tone = tmp_path / "voice.wav"
    run_ffmpeg(["-f", "lavfi", "-i", f"sine=f=220:d={seconds + 1}:r=48000", str(tone)])
    voice = Asset(path=str(tone), kind="audio", duration_us=int((seconds + 1) * 1e6))
    for a in [*stills, voice]:
        p.assets[a.id] = a
    scene = Scene(narration="Farms render windows side by side.")
    p.script.scenes.append(scene)
    t = p.timeline.ensure_track("video")
    n = 3
    step = int(seconds * 1e6 / n)
    for i in range(n):
        t.clips.append(
            Clip(
                asset_id=stills[i].id,
                start_us=i * step - (300_000 if i else 0),
                duration_us=step + (300_000 if i else 0),
                ken_burns=KenBurns("zoom_in", 0.3),
                transition_in=Transition("fade", 300_000) if i else Transition(),
            )
        )
    p.timeline.ensure_track("voice").clips.append(
        Clip(asset_id=voice.id, start_us=0, duration_us=int(seconds * 1e6), scene_id=scene.id)
    )
    return p


def decode(path: Path) -> tuple[list[np.ndarray], float, float]:
    with av.open(str(path)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
        c.seek(0)
        audio = list(c.decode(audio=0))
    a_end = float(audio[-1].time + audio[-1].samples / audio[-1].sample_rate)
    return frames, len(frames) / FPS, a_end


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return 99.0 if mse == 0 else 10 * np.log10(255.0**2 / mse)


_apps: dict[str, object] = {}


def task_meta(broker: str, task_id: str) -> dict:
    """A task's state and result as the backend holds them (one app per broker: polled often)."""
    import redis

    from shortvid_desktop.farm.app import make_app

    for attempt in range(2):
        app = _apps.get(broker)
        if app is None:
            app = _apps[broker] = make_app(broker)
        try:
            return app.backend.get_task_meta(task_id)  # type: ignore[attr-defined]
        except redis.exceptions.ConnectionError:
            _apps.pop(broker, None)  # Redis was restarted: a new client
            if attempt:
                raise
    raise AssertionError("unreachable")


def assert_same_video(farm: Path, local: Path, frames: int) -> tuple[float, float]:
    """Same frame count and duration, A/V in step, the video's PSNR (all frames' mean squared
    error) >= 40 dB and no frame below 30 dB (windows start on a key frame: the frames there are
    coded differently, as in a local windowed export). Returns (PSNR, worst frame's PSNR)."""
    f1, v1, a1 = decode(local)
    f2, v2, a2 = decode(farm)
    assert len(f2) == len(f1) == frames, (len(f2), len(f1), frames)
    assert abs(v2 - v1) <= 1 / FPS
    assert abs(a2 - v2) <= 2 / FPS, (a2, v2)
    mses = [float(np.mean((x.astype(np.float64) - y) ** 2)) for x, y in zip(f1, f2, strict=True)]
    overall = 10 * np.log10(255.0**2 / max(1e-9, float(np.mean(mses))))
    worst = 10 * np.log10(255.0**2 / max(1e-9, max(mses)))
    assert overall >= 40.0, (overall, worst)
    assert worst >= 30.0, (overall, worst)
    return overall, worst


class Cluster:
    """redis-server + named workers on one file:// storage."""

    def __init__(
        self,
        root: Path,
        names: list[str],
        visibility_s: float = 6.0,
        storage: str = "",
        env: dict[str, str] | None = None,
        redis_server: RedisServer | None = None,
    ) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.share = root / "share"
        self.share.mkdir(exist_ok=True)
        self.storage = storage or self.share.as_uri()
        self.extra_env = dict(env or {})
        self.trace = root / "trace.jsonl"
        self.redis = redis_server or RedisServer(root)
        self.redis.start()
        self.visibility_s = visibility_s
        self.workers: dict[str, Worker] = {}
        for name in names:
            self.add_worker(name)
        wait_workers(self.redis.url, names, list(self.workers.values()))

    def add_worker(self, name: str) -> Worker:
        env = worker_env(self.trace, self.visibility_s)
        env["SHORTVID_HOME"] = str(self.root / f"home-{name}")
        env.update(self.extra_env)
        w = Worker(name, self.redis.url, self.storage, self.root, env)
        self.workers[name] = w
        return w

    def close(self) -> None:
        import gc

        gc.collect()  # results of this test's Celery clients let go while Redis still answers
        for w in self.workers.values():
            w.stop()
        self.redis.kill()

    def logs(self) -> str:
        return "\n".join(f"--- {n}\n{w.text()[-4000:]}" for n, w in self.workers.items())


def sent_payload(project: Project, storage: str, window_s: float) -> dict:
    """The payload render_on_farm would send for ``project`` (its media put in ``storage``)."""
    from shortvid_desktop.farm.manifest import freeze
    from shortvid_desktop.farm.storage import open_storage
    from shortvid_desktop.render.export import chunk_bounds
    from shortvid_desktop.render.plan import compile_plan
    from shortvid_desktop.session.farm import _payload

    job = freeze(project, open_storage(storage))
    return _payload(job, None, chunk_bounds(compile_plan(project), window_s))


def run_task(broker: str, name: str, *args, deadline_s: float = 120) -> tuple[str, object]:
    """Send one task by name; its final state and result."""
    from shortvid_desktop.farm.app import make_app

    task_id = make_app(broker).send_task(name, args=args).id

    def finished():
        meta = task_meta(broker, task_id)
        return meta if meta["status"] in ("SUCCESS", "FAILURE") else None

    meta = wait_for(finished, deadline_s, f"{name} finishes")
    return meta["status"], meta["result"]
