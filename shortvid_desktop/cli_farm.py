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
    offline = (report.get("voices") or {}).get("offline") or {}
    voices = ", ".join(f"{k} {v}" for k, v in sorted(offline.items()))
    say(
        f"worker checks passed (ffmpeg: {ffmpeg.get('version', ffmpeg.get('path', '?'))}; "
        f"offline voices: {voices or 'none'})"
    )
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
        voices = ", ".join(f"{k} {v}" for k, v in sorted(w.get("voices", {}).items()) if v)
        say(
            f"  {w['name']}: version {w['version']}, {w['active']} running of "
            f"{w['concurrency']}, storage {w['storage']}, offline voices: {voices or 'none'}"
            f"{mark}"
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


# --------------------------------------------------------------------------- share, keys s3
# `shortvid share FILE.mp4 [--storage URL] [--expires 7d]` prints a link that expires;
# `shortvid keys set s3` stores the storage's access key id and secret (read from a prompt,
# or two lines of stdin: the id, then the secret; never from argv).


def cmd_share(args: argparse.Namespace) -> int:
    from .cli_common import run_job
    from .session.farm_share import upload_export

    link = run_job(upload_export, args.file, args.storage, args.expires)
    print(link)
    return EXIT_OK


def _read_s3_credentials() -> tuple[str, str]:
    import getpass
    import sys

    if sys.stdin is not None and sys.stdin.isatty():
        key_id = input("S3 access key id: ").strip()
        secret = getpass.getpass("S3 secret access key (input hidden): ").strip()
        return key_id, secret
    lines = sys.stdin.read().splitlines() if sys.stdin is not None else []
    lines = [line.strip() for line in lines if line.strip()]
    return (lines[0] if lines else ""), (lines[1] if len(lines) > 1 else "")


def cmd_keys_s3(args: argparse.Namespace) -> int:
    """``keys set s3``: two values (the id and the secret) in one keyring entry."""
    from .core.errors import BadInputError
    from .session.keys import install_log_redaction, set_s3_credentials

    install_log_redaction()
    key_id, secret = _read_s3_credentials()
    if not key_id or not secret:
        raise BadInputError(
            "Give the S3 access key id and the secret (at the prompts, or as two lines on stdin)"
        )
    if args.file_store:
        say(
            "WARNING: storing the S3 keys in a PLAIN-TEXT file in your user data folder, as you "
            "asked; anyone who can read your files can read them."
        )
    where = set_s3_credentials(key_id, secret, file_store=args.file_store)
    say(f"stored the s3 keys in the {'OS keyring' if where == 'keyring' else where}")
    return EXIT_OK


def add_share_commands(sub: Any) -> None:
    """``share``, and ``keys set s3`` on the ``keys`` command (register after cli_ai's)."""
    s = sub.add_parser(
        "share",
        help="upload an exported video to the storage and print a link that expires",
        description="Put FILE in the storage (s3://bucket/prefix or file:///folder; default: the "
        "setting farm.storage_url) and print a link to it. S3 keys: `shortvid keys set s3` or "
        "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; endpoint: farm.s3_endpoint or "
        "SHORTVID_S3_ENDPOINT.",
    )
    s.add_argument("file", help="the MP4 to share")
    s.add_argument("--storage", default=None, help="s3://bucket/prefix or file:///folder")
    s.add_argument(
        "--expires", default="7d", help="how long the link works: 30m, 12h, 7d (at most 7d)"
    )
    s.set_defaults(func=cmd_share)

    keys = getattr(sub, "choices", {}).get("keys")
    if keys is not None:  # `keys set s3` takes two values; other providers as before
        plain = keys.get_default("func")

        def keys_entry(args: argparse.Namespace) -> int:
            if args.action == "set" and (args.provider or "").strip().lower() == "s3":
                return cmd_keys_s3(args)
            return plain(args)

        keys.set_defaults(func=keys_entry)
