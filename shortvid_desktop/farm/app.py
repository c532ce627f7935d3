"""The farm's Celery app: Redis as broker and result backend, JSON only, late acks.

``make_app`` is used by both sides: the worker (``shortvid worker``) and the desktop that sends
jobs (``session/farm.py``). Delivery rules (DESIGN.md section 11):

- JSON only (no pickle): a message can carry data, never code.
- ``task_acks_late`` + ``task_reject_on_worker_lost``: a message is acknowledged when its task has
  finished, so a worker killed mid-task leaves it to be delivered again (to another worker once
  the Redis visibility timeout runs out, or at once when only a pool process died). Workers
  look for such messages every quarter of the timeout (``_restore_options``), not kombu's
  default of every 100 s.
- ``worker_prefetch_multiplier=1``: a worker takes one window at a time, so idle workers get the
  rest.
- Time limits per task (soft: the task stops cleanly; hard: its process is killed), changed on
  a worker by ``SHORTVID_FARM_TIME_LIMITS``; the desktop reports either as a clear error.
- Only our tasks: the app imports ``farm.tasks`` alone; a message naming any other task is
  refused by the worker (unregistered) and dropped.
- Broker passwords: in the URL (``redis://:PASSWORD@host:port/0``) taken from the keyring or the
  worker's environment, never logged: ``redact_url`` hides them in every message.
- TLS: a ``rediss://`` URL verifies the server's certificate (``SHORTVID_FARM_CA`` names a CA
  bundle for a private one).
"""

from __future__ import annotations

import os
import ssl
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from celery import Celery

from ..core.errors import BadInputError

TASKS_MODULE = "shortvid_desktop.farm.tasks"
TASK_NAMES = (
    "shortvid.speak_scene",
    "shortvid.voice_scene",
    "shortvid.render_sound",
    "shortvid.render_window",
    "shortvid.join",
)
QUEUE = "shortvid"

# per task (soft, hard) seconds; a window of 40 s at 4K stays well inside. A worker's
# SHORTVID_FARM_TIME_LIMITS changes them: "render_window=600:660,join=300:330" (0 = none).
TIME_LIMITS: dict[str, tuple[float, float]] = {
    "shortvid.speak_scene": (300, 360),
    "shortvid.voice_scene": (300, 360),
    "shortvid.render_sound": (1800, 1900),
    "shortvid.render_window": (3000, 3300),
    "shortvid.join": (1800, 1900),
}
TIME_LIMITS_ENV = "SHORTVID_FARM_TIME_LIMITS"
# A message taken by a worker that dies comes back after this long (Redis transport). It must
# outlast the longest task, or a slow window is handed to a second worker (harmless: tasks are
# idempotent, but wasted). Tests shorten it with SHORTVID_FARM_VISIBILITY_TIMEOUT.
VISIBILITY_TIMEOUT_S = 3600


class FarmError(BadInputError):
    """The farm cannot be reached or used; the message says which and what to do."""


def redact_url(url: str) -> str:
    """``url`` without its password (``redis://:***@host:6379/0``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unreadable URL>"
    if parts.password is None and "@" not in parts.netloc:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = parts.username or ""
    cred = f"{user}:***@" if parts.password is not None else f"{user}@"
    return urlunsplit((parts.scheme, cred + host, parts.path, parts.query, parts.fragment))


def check_broker_url(url: str, what: str = "broker") -> str:
    """``url`` if it names Redis (``redis://`` or ``rediss://``); FarmError otherwise."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in ("redis", "rediss"):
        raise FarmError(
            f"The farm {what} {redact_url(url)!r} is not a Redis URL: use "
            "redis://:PASSWORD@HOST:6379/0 (or rediss:// for TLS)."
        )
    return url


def _tls_options() -> dict[str, Any]:
    opts: dict[str, Any] = {"ssl_cert_reqs": ssl.CERT_REQUIRED}
    ca = os.environ.get("SHORTVID_FARM_CA", "")
    if ca:
        opts["ssl_ca_certs"] = ca
    return opts


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, "") or default)
    except ValueError:
        return default


def time_limits(env: dict[str, str] | None = None) -> dict[str, tuple[float, float]]:
    """The (soft, hard) limits per task: TIME_LIMITS changed by ``SHORTVID_FARM_TIME_LIMITS``
    ("NAME=SOFT:HARD,...", NAME with or without "shortvid."; 0 = no such limit). FarmError
    for an entry that cannot be read (a worker must not start with limits it did not mean)."""
    limits = dict(TIME_LIMITS)
    raw = (os.environ if env is None else env).get(TIME_LIMITS_ENV, "").strip()
    for entry in filter(None, (e.strip() for e in raw.split(","))):
        name, _, values = entry.partition("=")
        name = name.strip()
        if not name.startswith("shortvid."):
            name = "shortvid." + name
        try:
            soft_text, _, hard_text = values.partition(":")
            soft, hard = float(soft_text or 0), float(hard_text or 0)
            if name not in limits or soft < 0 or hard < 0:
                raise ValueError
        except ValueError:
            raise FarmError(
                f"{TIME_LIMITS_ENV}: cannot read {entry!r}: give NAME=SOFT:HARD seconds, NAME "
                f"one of {', '.join(n.split('.', 1)[1] for n in TIME_LIMITS)}"
            ) from None
        limits[name] = (soft, hard)
    return limits


def _restore_options(visibility_timeout: float) -> dict[str, float]:
    """How often a worker looks for messages whose worker vanished (kombu's Redis transport).
    Kombu sweeps every ``unacked_restore_interval`` s but scans only every
    ``unacked_restore_throttle``-th sweep: 10 x 10 = 100 s by default, so a message came back
    up to 100 s after its visibility timeout ran out. One cheap scan (ZRANGE on the unacked
    index) per interval, the interval a quarter of the timeout (0.5-10 s): a killed worker's
    window is handed on within ~1.25x the visibility timeout."""
    return {
        "unacked_restore_interval": max(0.5, min(10.0, visibility_timeout / 4)),
        "unacked_restore_throttle": 1,
    }


def make_app(
    broker_url: str,
    backend_url: str | None = None,
    *,
    visibility_timeout: float | None = None,
) -> Celery:
    """The Celery app of the farm for ``broker_url`` (results in ``backend_url``, else the same
    Redis). FarmError when a URL is not Redis."""
    check_broker_url(broker_url)
    backend_url = check_broker_url(backend_url or broker_url, "result backend")
    if visibility_timeout is None:
        visibility_timeout = _env_float("SHORTVID_FARM_VISIBILITY_TIMEOUT", VISIBILITY_TIMEOUT_S)
    app = Celery("shortvid", broker=broker_url, backend=backend_url, set_as_current=False)
    transport = {
        "visibility_timeout": visibility_timeout,
        **_restore_options(visibility_timeout),
        "socket_connect_timeout": 5,
        "socket_timeout": 30,
        "retry_on_timeout": True,
    }
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_track_started=True,
        result_extended=True,
        result_expires=7 * 24 * 3600,
        imports=(TASKS_MODULE,),
        include=(),
        task_default_queue=QUEUE,
        task_annotations={
            name: {"soft_time_limit": soft or None, "time_limit": hard or None}
            for name, (soft, hard) in time_limits().items()
        },
        broker_transport_options=transport,
        result_backend_transport_options={"retry_policy": {"timeout": 5.0}},
        redis_socket_connect_timeout=5,
        redis_socket_timeout=30,
        redis_retry_on_timeout=True,
        redis_backend_health_check_interval=10,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # a running worker waits out a Redis restart
        broker_connection_timeout=5,
        worker_send_task_events=True,
        task_send_sent_event=False,
        worker_hijack_root_logger=False,
        worker_cancel_long_running_tasks_on_connection_loss=False,
    )
    if urlsplit(broker_url).scheme.lower() == "rediss":
        app.conf.broker_use_ssl = _tls_options()
    if urlsplit(backend_url).scheme.lower() == "rediss":
        app.conf.redis_backend_use_ssl = _tls_options()
    return app


def check_broker(app: Celery, timeout: float = 5.0) -> None:
    """Connect to the broker once (no long retry loop); FarmError naming the broker without its
    password when it refuses us (wrong password, no such host, TLS trouble)."""
    raw = str(app.conf.broker_url)
    url = redact_url(raw)
    secret = urlsplit(raw).password
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=timeout
            )
            client = conn.default_channel.client  # a real command: AUTH problems show here
            client.ping()
    except Exception as exc:  # noqa: BLE001 - every failure becomes one clear message
        message = _broker_problem(url, exc)
        raise FarmError(message.replace(secret, "***") if secret else message) from None


def _broker_problem(url: str, exc: BaseException) -> str:
    text = " ".join(str(a) for a in getattr(exc, "args", ())) or type(exc).__name__
    chain: list[BaseException] = [exc]
    while chain[-1].__cause__ is not None or chain[-1].__context__ is not None:
        nxt = chain[-1].__cause__ or chain[-1].__context__
        assert nxt is not None
        if nxt in chain:
            break
        chain.append(nxt)
    names = " ".join(type(e).__name__ for e in chain) + " " + text
    low = names.lower()
    if "auth" in low or "password" in low or "noperm" in low:
        why = "refused the password (check the password in the broker URL or its secret file)"
    elif "ssl" in low or "certificate" in low:
        why = "failed the TLS handshake (check rediss://, the certificate and SHORTVID_FARM_CA)"
    elif "refused" in low or "timed out" in low or "timeout" in low or "resolve" in low:
        why = "cannot be reached (is redis-server running there, and the port open?)"
    else:
        why = f"failed: {text}"
    return f"The farm broker {url} {why}."
