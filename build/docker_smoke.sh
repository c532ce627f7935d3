#!/usr/bin/env bash
# A manual check of the worker container (NOT part of the CI suite: minutes, root, podman):
# build the worker image from ./Dockerfile with podman, run `shortvid --version` and `doctor`
# in it, then start redis-server (a password) on the host's loopback, run two worker containers
# (--network host, file:// storage on a bind-mounted folder) and render a tiny project through
# them with the host's `shortvid render ... --farm ... --storage file://...`; the MP4 is checked
# with PyAV. With --compose it also tries `podman-compose` on docker-compose.yml. See the
# "Containers" section of docs/farm.md for what ran here and what could not.
#
#   sudo apt-get install -y podman buildah debootstrap runc podman-compose   # once, as root
#   build/docker_smoke.sh [--compose] [--keep]
#
# Docker Hub may be out of reach: the base image is then made here with debootstrap (Debian
# bookworm minbase + python3 + python3-venv, from the mirror apt uses) and imported as
# localhost/shortvid-base:bookworm; the Dockerfile takes it as --build-arg BASE=... .
# Set SMOKE_BASE=python:3.12-slim-bookworm to build on the official image instead.
#
# Environment: SMOKE_DIR (scratch folder, default /var/tmp/shortvid-docker-smoke), SMOKE_BASE,
# SMOKE_IMAGE (default localhost/shortvid-worker:smoke), SMOKE_REBUILD_BASE=1, SMOKE_PIP_CA (a CA
# bundle for pip in the build; default $PIP_CERT or the system bundle), SMOKE_COMPOSE (a
# podman-compose), PYTHON (the host's ShortVid, default .venv/bin/python), SMOKE_ENGINE (default
# podman; a docker CLI with BuildKit built in, e.g. Debian's /usr/bin/docker, for a running
# dockerd named by DOCKER_HOST). Containers, Redis and compose volumes are removed on exit; the
# scratch folder keeps the logs and MP4s (--keep also keeps the share, secrets and compose copy).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${SMOKE_DIR:-/var/tmp/shortvid-docker-smoke}
BASE_LOCAL=localhost/shortvid-base:bookworm
BASE=${SMOKE_BASE:-$BASE_LOCAL}
IMAGE=${SMOKE_IMAGE:-localhost/shortvid-worker:smoke}
ENGINE=${SMOKE_ENGINE:-podman}
PY=${PYTHON:-$REPO/.venv/bin/python}
COMPOSE=0
KEEP=0
for arg in "$@"; do
    case $arg in
        --compose) COMPOSE=1 ;;
        --keep) KEEP=1 ;;
        *) echo "usage: $0 [--compose] [--keep]" >&2; exit 2 ;;
    esac
done

say() { printf '\n== %s\n' "$*"; }
die() { printf 'docker_smoke: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

[ "$(id -u)" = 0 ] || die "run as root (rootful podman; debootstrap)"
for tool in "$ENGINE" debootstrap redis-server openssl; do
    command -v "$tool" >/dev/null || die "$tool is missing: apt-get install -y podman buildah debootstrap runc redis-server"
done
[ -x "$PY" ] || die "no host ShortVid at $PY (build/setup.sh makes .venv)"
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

# ---------------------------------------------------------------- podman's settings, here only
# CONTAINERS_CONF points podman (and the buildah inside `podman build`) at a file of our own;
# nothing under /etc changes. Two things this sandbox needs, harmless elsewhere:
# - rlimits: podman asks for nofile=1048576 by default; without CAP_SYS_RESOURCE a process
#   cannot raise its hard limit, so the OCI runtime fails ("setrlimit RLIMIT_NOFILE: Operation
#   not permitted"). Ask for the hard limits we have (podman lowers its own nproc to 32768).
# - crun refuses a cgroup v1/v2 hybrid host whose v2 tree has controllers ("cgroups in hybrid
#   mode not supported"); runc runs there.
nofile=$(ulimit -Hn)
nproc=$(ulimit -Hu)
[ "$nofile" = unlimited ] && nofile=1048576
{ [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; } && nproc=32768
runtime=crun
if grep -qs . /sys/fs/cgroup/unified/cgroup.controllers && command -v runc >/dev/null; then
    runtime=runc
fi
cat >"$WORK/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
runtime = "$runtime"
EOF
export CONTAINERS_CONF=$WORK/containers.conf
if [ "$ENGINE" = podman ]; then
    say "podman $(podman version --format '{{.Client.Version}}'), runtime $runtime, storage $(podman info --format '{{.Store.GraphDriverName}}'), cgroups $(podman info --format '{{.Host.CgroupsVersion}}')"
else
    # docker: a running daemon (DOCKER_HOST) with BuildKit; builds use the host's network
    export DOCKER_BUILDKIT=1
    say "$ENGINE: server $("$ENGINE" version --format '{{.Server.Version}}'), storage $("$ENGINE" info --format '{{.Driver}}')"
    [ "$COMPOSE" = 0 ] || die "--compose runs podman-compose: use it with SMOKE_ENGINE=podman"
fi
image_exists() { "$ENGINE" image inspect "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------- cleanup
REDIS_PID=
WORKERS=()
COMPOSE_UP=0
cleanup() {
    set +e
    [ "$COMPOSE_UP" = 1 ] && compose down -v >/dev/null 2>&1
    for c in "${WORKERS[@]}"; do "$ENGINE" rm -f "$c" >/dev/null 2>&1; done
    [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null
    if [ "$KEEP" = 0 ]; then rm -rf "$WORK/share" "$WORK/rootfs" "$WORK/secrets" "$WORK/compose"; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- helpers for both runs
# wait_workers BROKER CONTAINER...: until `farm status` lists as many workers as containers
wait_workers() {
    local broker=$1 live=0 t
    shift
    t=$(now)
    for _ in $(seq 240); do
        live=$("$PY" -m shortvid_desktop.cli farm status --broker "$broker" --timeout 1 --json 2>/dev/null |
            "$PY" -c 'import json, sys; print(len(json.load(sys.stdin)["workers"]))' 2>/dev/null || echo 0)
        [ "$live" -ge $# ] && break
        for c in "$@"; do
            [ "$("$ENGINE" inspect -f '{{.State.Running}}' "$c")" = true ] ||
                { "$ENGINE" logs "$c" 2>&1 | tail -n 30; die "$c exited"; }
        done
        sleep 0.5
    done
    [ "$live" -ge $# ] || { for c in "$@"; do "$ENGINE" logs "$c" 2>&1 | tail -n 20; done; die "the workers did not answer"; }
    echo "$# workers answer after $(since "$t"):"
    "$PY" -m shortvid_desktop.cli farm status --broker "$broker"
}

# render_on_farm BROKER STORAGE OUT.mp4: the host's CLI renders $WORK/out/project.json there.
# The desktop (root here) and the workers (uid 10001 in the image) both create folders in the
# storage: the desktop runs with umask 0 so that the workers can write in its folders.
render_on_farm() {
    local t
    t=$(now)
    (
        umask 000
        SHORTVID_FARM_WINDOW_SECONDS=2 "$PY" -m shortvid_desktop.cli render "$WORK/out/project.json" \
            -o "$3" --farm "$1" --storage "$2"
    )
    echo "rendered on the farm in $(since "$t") (3 windows of 2 s)"
}

# check_mp4 OUT.mp4: 6 s, an audio and a video stream, the audio as long as the video
check_mp4() {
    "$PY" - "$1" <<'EOF'
import sys

import av

path = sys.argv[1]
with av.open(path) as c:
    kinds = sorted(s.type for s in c.streams)
    duration = c.duration / 1e6
    frames = sum(1 for _ in c.decode(video=0))
    c.seek(0)
    audio = list(c.decode(audio=0))
a_end = float(audio[-1].time + audio[-1].samples / audio[-1].sample_rate)
v = frames / 15
print(f"{path}: streams {kinds}, duration {duration:.2f} s, {frames} frames ({v:.2f} s),"
      f" audio to {a_end:.2f} s")
assert kinds == ["audio", "video"], kinds
assert abs(v - 6.0) <= 1 / 15 and abs(a_end - v) <= 2 / 15, (v, a_end)
print("MP4 OK: 6 s, audio and video in step")
EOF
}

# ---------------------------------------------------------------- the base image
if [ "$BASE" = "$BASE_LOCAL" ]; then
    if [ "${SMOKE_REBUILD_BASE:-0}" = 1 ] || ! image_exists "$BASE_LOCAL"; then
        # the mirror apt uses here (deb822 URIs: or a one-line deb entry), else deb.debian.org
        mirror=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' \
            /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null |
            awk '{print $2}' | head -n1 || true)
        mirror=${mirror:-http://deb.debian.org/debian}
        say "base: debootstrap bookworm minbase + python3, python3-venv from $mirror"
        t=$(now)
        rm -rf "$WORK/rootfs"
        debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
            bookworm "$WORK/rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1 ||
            { tail -n 20 "$WORK/debootstrap.log"; die "debootstrap failed"; }
        rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"*
        echo "deb $mirror bookworm main" >"$WORK/rootfs/etc/apt/sources.list"
        tar -C "$WORK/rootfs" --numeric-owner -c . |
            "$ENGINE" import --change 'CMD ["/bin/bash"]' \
                --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
                - "$BASE_LOCAL" >/dev/null
        rm -rf "$WORK/rootfs"
        echo "base image $BASE_LOCAL in $(since "$t")"
    fi
fi
"$ENGINE" image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' "$BASE" 2>/dev/null | sed 's/^/  /' || true

# ---------------------------------------------------------------- the worker image
# pip inside the build goes through the same network as the host's: behind a TLS-inspecting
# proxy it needs the host's CA bundle, given as a build secret (not kept in the image)
ca=${SMOKE_PIP_CA:-${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}}
opts=()
[ -s "$ca" ] && opts=(--secret "id=pip_ca,src=$ca")
[ "$ENGINE" = podman ] || opts+=(--network host --progress plain)
say "build: $ENGINE build ${opts[*]} --build-arg BASE=$BASE -t $IMAGE $REPO"
t=$(now)
"$ENGINE" build "${opts[@]}" --build-arg "BASE=$BASE" -t "$IMAGE" "$REPO" >"$WORK/build.log" 2>&1 ||
    { tail -n 40 "$WORK/build.log"; die "$ENGINE build failed (log: $WORK/build.log)"; }
echo "built $IMAGE in $(since "$t"): $("$ENGINE" image ls --format '{{.Size}}' "$IMAGE")" \
    "($("$ENGINE" image inspect --format '{{.Size}}' "$IMAGE") bytes)"

say "in the image: shortvid --version; shortvid doctor"
"$ENGINE" run --rm "$IMAGE" shortvid --version
"$ENGINE" run --rm "$IMAGE" sh -c 'id; python3 --version; command -v shortvid'
doctor_rc=0
"$ENGINE" run --rm "$IMAGE" shortvid doctor || doctor_rc=$?
echo "doctor exit code: $doctor_rc"

# ---------------------------------------------------------------- Redis on the host's loopback
say "redis-server on 127.0.0.1 (a password)"
mkdir -p "$WORK/secrets" "$WORK/share" "$WORK/out"
chmod 700 "$WORK/secrets"
openssl rand -hex 24 | tr -d '\n' >"$WORK/secrets/redis_password"
chmod 644 "$WORK/secrets/redis_password" # the container's user (uid 10001) reads it
PASSWORD=$(cat "$WORK/secrets/redis_password")
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$PORT" --bind 127.0.0.1 --requirepass "$PASSWORD" --save "" \
    --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
BROKER=redis://127.0.0.1:$PORT/0
for _ in $(seq 100); do
    redis-cli -p "$PORT" -a "$PASSWORD" --no-auth-warning ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
done
echo "redis-server pid $REDIS_PID on port $PORT"

# ---------------------------------------------------------------- two worker containers
# The share: the desktop (root here) and the workers (uid 10001 in the image) both create
# folders in it, so it is world-writable with the sticky bit and the desktop runs with umask 0.
chmod 1777 "$WORK/share"
say "workers: two containers, --network host, storage file:///shared (bind mount of $WORK/share)"
for n in 1 2; do
    name=svsmoke-worker$n
    "$ENGINE" rm -f "$name" >/dev/null 2>&1 || true
    "$ENGINE" run -d --name "$name" --network host \
        -e SHORTVID_FARM_BROKER="$BROKER" \
        -e SHORTVID_FARM_PASSWORD_FILE=/run/secrets/redis_password \
        -e SHORTVID_FARM_STORAGE=file:///shared \
        -e SHORTVID_FARM_NAME="box$n" \
        -v "$WORK/secrets/redis_password:/run/secrets/redis_password:ro" \
        -v "$WORK/share:/shared" \
        "$IMAGE" >/dev/null
    WORKERS+=("$name")
done
export SHORTVID_FARM_PASSWORD=$PASSWORD
wait_workers "$BROKER" "${WORKERS[@]}"

# ---------------------------------------------------------------- a tiny project on the farm
say "render a tiny project on the farm from the host CLI"
"$PY" - "$WORK/out" <<'EOF'
"""A 6 s project at 180x320, 15 fps: three stills with Ken Burns and fades, a tone as its voice."""
import sys
from pathlib import Path

from shortvid_desktop.core.model import Asset, Clip, KenBurns, Project, Scene, Transition
from shortvid_desktop.media.ffmpeg import run_ffmpeg
from shortvid_desktop.session import Session

out = Path(sys.argv[1])
seconds = 6.0
p = Project(title="")
p.template.width, p.template.height, p.template.fps = 180, 320, 15
p.template.title_card = False
stills = []
for i, colour in enumerate(["steelblue", "darkorange", "seagreen"]):
    png = out / f"still{i}.png"
    run_ffmpeg(["-f", "lavfi", "-i", f"testsrc2=s=320x480,hue=h={i * 90}", "-frames:v", "1",
                str(png)])  # fmt: skip
    stills.append(Asset(path=str(png), kind="image", width=320, height=480))
tone = out / "voice.wav"
run_ffmpeg(["-f", "lavfi", "-i", f"sine=f=220:d={seconds}:r=48000", str(tone)])
voice = Asset(path=str(tone), kind="audio", duration_us=int(seconds * 1e6))
for a in [*stills, voice]:
    p.assets[a.id] = a
scene = Scene(narration="Rendered by two containers.")
p.script.scenes.append(scene)
track = p.timeline.ensure_track("video")
step = int(seconds * 1e6 / 3)
for i in range(3):
    track.clips.append(
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
Session(p).save_file(out / "project.json")
EOF
render_on_farm "$BROKER" "file://$WORK/share" "$WORK/out/farm.mp4"
check_mp4 "$WORK/out/farm.mp4"
for c in "${WORKERS[@]}"; do
    echo "$c: $("$ENGINE" logs "$c" 2>&1 | grep -c 'succeeded in') task(s) succeeded"
done
say "image size"
"$ENGINE" image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' "$IMAGE"

[ "$COMPOSE" = 1 ] || exit 0
# ---------------------------------------------------------------- docker-compose.yml
# The repository's docker-compose.yml, copied to $WORK/compose (its ./secrets stay out of the
# work tree) and run with podman-compose, with one override: Docker Hub's redis:7-alpine is out
# of reach, so redis is Debian's redis-server 7.0 on the same base. The workers use the image
# built above (tagged localhost/shortvid-worker:latest, which `image: shortvid-worker` names).
# Debian's podman-compose 1.0.3 cannot read this file (env_file with path/required is Compose
# 2.24 syntax): a newer one from PyPI goes into $WORK/compose-venv unless SMOKE_COMPOSE names one.
say "compose: podman-compose on docker-compose.yml (2 workers, Redis on the compose network)"
pc_version() { { "$1" --version 2>&1 || true; } | sed -n 's/^podman-compose[a-z]* version *//p'; }
PC=${SMOKE_COMPOSE:-}
if [ -z "$PC" ]; then
    if command -v podman-compose >/dev/null && ! pc_version podman-compose | grep -q '^1\.0\.'; then
        PC=podman-compose
    else
        [ -x "$WORK/compose-venv/bin/podman-compose" ] ||
            { python3 -m venv "$WORK/compose-venv" &&
                "$WORK/compose-venv/bin/pip" install 'podman-compose>=1.1' >"$WORK/pip.log" 2>&1; } ||
            { tail -n 20 "$WORK/pip.log"; die "podman-compose did not install"; }
        PC=$WORK/compose-venv/bin/podman-compose
    fi
fi
echo "podman-compose $(pc_version "$PC")"
CDIR=$WORK/compose
rm -rf "$CDIR"
mkdir -p "$CDIR/secrets"
cp "$REPO/docker-compose.yml" "$CDIR/"
openssl rand -hex 24 | tr -d '\n' >"$CDIR/secrets/redis_password"
if ! image_exists localhost/shortvid-redis:smoke; then
    mkdir -p "$WORK/redis-image"
    cat >"$WORK/redis-image/Containerfile" <<'EOF'
ARG BASE
FROM ${BASE}
RUN apt-get update -q && apt-get install -y -q --no-install-recommends redis-server redis-tools \
 && rm -rf /var/lib/apt/lists/* && mkdir -p /data
WORKDIR /data
EOF
    podman build -q --build-arg "BASE=$BASE" -t localhost/shortvid-redis:smoke \
        "$WORK/redis-image" >"$WORK/redis-build.log" 2>&1 ||
        { tail -n 20 "$WORK/redis-build.log"; die "the redis image did not build"; }
fi
cat >"$CDIR/compose.smoke.yml" <<'EOF'
services:
  redis:
    image: localhost/shortvid-redis:smoke
EOF
podman tag "$IMAGE" localhost/shortvid-worker:latest
compose() { (cd "$CDIR" && "$PC" -p svsmoke -f docker-compose.yml -f compose.smoke.yml "$@"); }
COMPOSE_UP=1
t=$(now)
compose up -d >"$WORK/compose-up.log" 2>&1 || { cat "$WORK/compose-up.log"; die "compose up failed"; }
echo "compose up -d: $(since "$t")"
grep -iE 'warn|error' "$WORK/compose-up.log" | sed 's/^/  (compose up) /' || true
podman ps --filter label=io.podman.compose.project=svsmoke --format '  {{.Names}}  {{.Image}}  {{.Status}}'
# Redis publishes no port: the host reaches it on the compose network's bridge, and the share
# is the named volume's folder on the host
rip=$(podman inspect svsmoke_redis_1 -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}')
share=$(podman volume inspect svsmoke_shared -f '{{.Mountpoint}}')
SHORTVID_FARM_PASSWORD=$(cat "$CDIR/secrets/redis_password")
export SHORTVID_FARM_PASSWORD
wait_workers "redis://$rip:6379/0" svsmoke_worker_1 svsmoke_worker_2
render_on_farm "redis://$rip:6379/0" "file://$share" "$WORK/out/compose.mp4"
check_mp4 "$WORK/out/compose.mp4"
for c in svsmoke_worker_1 svsmoke_worker_2; do
    echo "$c: $(podman logs "$c" 2>&1 | grep -c 'succeeded in') task(s) succeeded"
done
podman healthcheck run svsmoke_redis_1 >/dev/null && echo "redis healthcheck (run by hand): healthy"
