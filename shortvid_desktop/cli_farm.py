"""`shortvid worker` and `shortvid farm ...`: the render farm from the command line.

Everything goes through ``session/farm.py`` (the one door). Broker passwords: in the URL, or in
``SHORTVID_FARM_PASSWORD`` / the file named by ``SHORTVID_FARM_PASSWORD_FILE`` (a container
secret) when the URL has none; never printed (the URL is shown without it).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from .cli_common import EXIT_OK, say


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give 1 or more")
    return value


def cmd_worker(args: argparse.Namespace) -> int:
    from .session.farm import broker_url, run_worker, worker_preflight

    report = worker_preflight()  # ffmpeg, fonts, voices: refuse to start when it cannot render
    ffmpeg = report.get("ffmpeg", {})
    say(f"worker checks passed (ffmpeg: {ffmpeg.get('version', ffmpeg.get('path', '?'))})")
    return run_worker(
        broker_url(args.broker),
        args.storage,
        concurrency=args.concurrency,
        name=args.name or "",
        loglevel=args.loglevel,
    )


def cmd_farm_status(args: argparse.Namespace) -> int:
    from . import __version__
    from .session.farm import broker_url, farm_status, redact_url

    broker = broker_url(args.broker)
    workers = farm_status(broker, timeout=args.timeout)
    if args.json:
        print(json.dumps({"broker": redact_url(broker), "workers": workers}, indent=2))
        return EXIT_OK
    say(f"broker {redact_url(broker)}: {len(workers)} worker(s)")
    for w in workers:
        mark = "" if w["same_version"] else f"  (not {__version__}: its tasks are refused)"
        say(
            f"  {w['name']}: version {w['version']}, {w['active']} running of "
            f"{w['concurrency']}, storage {w['storage']}{mark}"
        )
    return EXIT_OK


def add_farm_commands(sub: Any) -> None:
    w = sub.add_parser("worker", help="run a render-farm worker (Celery, Redis broker)")
    w.add_argument("--broker", required=True, help="redis://:PASSWORD@HOST:6379/0 (or rediss://)")
    w.add_argument("--storage", required=True, help="s3://bucket/prefix or file:///shared/folder")
    w.add_argument("--concurrency", type=_positive, default=1, help="tasks at once (default 1)")
    w.add_argument("--name", default="", help="this worker's name (default: shortvid)")
    w.add_argument("--loglevel", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    w.set_defaults(func=cmd_worker)

    f = sub.add_parser("farm", help="the render farm: its workers")
    fsub = f.add_subparsers(dest="farm_command", required=True)
    st = fsub.add_parser("status", help="live workers, their versions and load")
    st.add_argument("--broker", required=True, help="redis://:PASSWORD@HOST:6379/0")
    st.add_argument("--timeout", type=float, default=2.0, help="seconds to wait for replies")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=cmd_farm_status)
