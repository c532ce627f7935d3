# A ShortVid render-farm worker: `shortvid worker` on a Redis broker, objects in S3 or a share.
#
#   docker build -t shortvid-worker .
#   docker run --rm -e SHORTVID_FARM_BROKER=redis://redis:6379/0 \
#       -e SHORTVID_FARM_PASSWORD_FILE=/run/secrets/redis_password \
#       -e SHORTVID_FARM_STORAGE=s3://bucket/prefix --env-file s3.env shortvid-worker
#
# Secrets come from the environment or secret files only (never baked into the image, never on
# the command line): SHORTVID_FARM_PASSWORD(_FILE) for Redis, AWS_ACCESS_KEY_ID /
# AWS_SECRET_ACCESS_KEY (+ SHORTVID_S3_ENDPOINT for MinIO/OSS) for S3. See docs/farm.md.
#
# BASE: any Debian bookworm image with python3 (>= 3.11) and its venv module: the official
# python image by default, or a local one where Docker Hub is out of reach, e.g. the base that
# build/docker_smoke.sh makes with debootstrap (--build-arg BASE=localhost/shortvid-base).
# ShortVid goes into a venv at /opt/venv (on PATH) on either base, so both behave the same.
ARG BASE=python:3.12-slim-bookworm
FROM ${BASE}

ENV DEBIAN_FRONTEND=noninteractive \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    QT_QPA_PLATFORM=offscreen \
    SHORTVID_HOME=/var/lib/shortvid \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# espeak-ng: the offline voices; fonts: captions in Latin and CJK scripts; libgl/libegl/
# libfontconfig/libglib: what the Qt wheels' shared objects link against (the worker never opens
# a window, but the package installs them).
RUN apt-get update -q \
 && apt-get install -y -q --no-install-recommends \
      espeak-ng fonts-noto-cjk fonts-dejavu-core \
      libegl1 libgl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libxkbcommon0 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY pyproject.toml setup.py README.md LICENSE ./
COPY shortvid_desktop ./shortvid_desktop
COPY resources ./resources
COPY ui ./ui
# pip_ca, an optional build secret: a CA bundle for pip behind a TLS-inspecting proxy, used by
# this step only and not kept in the image
# (--secret id=pip_ca,src=/etc/ssl/certs/ca-certificates.crt).
RUN --mount=type=secret,id=pip_ca \
    if [ -s /run/secrets/pip_ca ]; then export PIP_CERT=/run/secrets/pip_ca; fi \
 && python3 -m venv /opt/venv \
 && pip install --upgrade pip \
 && pip install ".[farm]" \
 && cd / && rm -rf /src

# an unprivileged user; its data folder holds the worker's caches (fonts, stills); /shared is
# where compose mounts the farm's file storage: a new named volume takes this owner (Docker
# copies the mount point's owner into it; without this the workers could not write there)
RUN useradd --create-home --uid 10001 shortvid \
 && mkdir -p /var/lib/shortvid /shared && chown shortvid /var/lib/shortvid /shared
USER shortvid
WORKDIR /home/shortvid

ENV SHORTVID_FARM_CONCURRENCY=1
# `shortvid worker` runs `doctor` first (ffmpeg, fonts, voices) and refuses to start without them
CMD ["sh", "-c", "exec shortvid worker --broker \"$SHORTVID_FARM_BROKER\" --storage \"$SHORTVID_FARM_STORAGE\" --concurrency \"$SHORTVID_FARM_CONCURRENCY\" --name \"${SHORTVID_FARM_NAME:-$(hostname)}\""]
