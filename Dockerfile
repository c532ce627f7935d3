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
FROM python:3.12-slim-bookworm

ENV DEBIAN_FRONTEND=noninteractive \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    QT_QPA_PLATFORM=offscreen \
    SHORTVID_HOME=/var/lib/shortvid

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
RUN pip install ".[farm]" && rm -rf /src

# an unprivileged user; its data folder holds the worker's caches (fonts, stills)
RUN useradd --create-home --uid 10001 shortvid \
 && mkdir -p /var/lib/shortvid && chown shortvid /var/lib/shortvid
USER shortvid
WORKDIR /home/shortvid

ENV SHORTVID_FARM_CONCURRENCY=1
# `shortvid worker` runs `doctor` first (ffmpeg, fonts, voices) and refuses to start without them
CMD ["sh", "-c", "exec shortvid worker --broker \"$SHORTVID_FARM_BROKER\" --storage \"$SHORTVID_FARM_STORAGE\" --concurrency \"$SHORTVID_FARM_CONCURRENCY\" --name \"${SHORTVID_FARM_NAME:-$(hostname)}\""]
