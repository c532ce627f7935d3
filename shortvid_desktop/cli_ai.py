"""`shortvid` subcommands for AI scripts, voices, usage and keys (wired in by ``cli.py``).

    shortvid script --topic "Why cats purr" [--provider deepseek] [--lang en] [--seconds 30]
                    [--style explainer] [-o script.json]
    shortvid script --input script.json --scene 2 --action shorten|rewrite|tone|translate
    shortvid voices [--engine edge] [--lang zh] [--refresh] [--json]
    shortvid voices --preview edge:zh-CN-XiaoxiaoNeural [-o sample.wav]
    shortvid voices --chain edge,openai,offline
    shortvid usage [--month YYYY-MM] [--json] [--budget PROVIDER USD]
                   [--price PROVIDER MODEL IN OUT]
    shortvid keys set|delete|list [PROVIDER] [--file-store]      (the key is read from a prompt
                                                                   or stdin, never from argv)
    shortvid providers [list | test NAME | models NAME | use NAME | set NAME --base-url --model]
    shortvid providers proxy [URL | direct | system]
    shortvid meta PROJECT.json [--provider NAME | --offline] [--lang zh] [-o meta.json]

``add_ai_commands(subparsers)`` adds them to the main parser. The work is done by ``session``
(``session.ai``, ``session.settings``, ``session.keys``, ``session.voice_admin``), the functions
the window uses too, so both honour the same settings. Errors are raised (BadInputError -> exit
2, other ShortVidError -> exit 1, Cancelled -> 130) for ``cli.main`` to report; ``run(argv)``
does the same on its own.
"""

from __future__ import annotations

import argparse
import getpass
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from .cli_common import (
    EXIT_BAD_INPUT,
    EXIT_CANCELLED,
    EXIT_FAIL,
    EXIT_OK,
    run_job,
    say,
    write_json,
)
from .core.errors import BadInputError, ShortVidError
from .jobs import CancelToken, Progress
from .session import ai, keys, voice_admin
from .session.settings import SETTING_PROXY, budgets, check_proxy, open_store, set_budget, set_price


# --------------------------------------------------------------------------- script
def cmd_script(args: argparse.Namespace) -> int:
    from .core.serial import to_dict

    if args.input:
        return _revise(args)
    if not args.topic:
        raise BadInputError("Say what the video is about: --topic TEXT (or --input to edit)")
    provider = "offline" if args.offline else args.provider
    result = run_job(
        ai.script_from_topic,
        args.topic,
        provider=provider,
        lang=args.lang,
        seconds=args.seconds,
        style=args.style,
        notes=args.notes or "",
        audience=args.audience or "",
        model=args.model,
        base_url=args.base_url,
        fallback=not args.no_fallback,
    )
    for notice in result.notices:
        say(f"note: {notice}")
    write_json(to_dict(result.script), args.output)
    source = "offline helper" if result.offline else f"{result.provider} ({result.model})"
    say(f"{len(result.script.scenes)} scenes from the {source}")
    return EXIT_OK


def _revise(args: argparse.Namespace) -> int:
    from .core.model import Script
    from .core.serial import ValidationError, from_dict, to_dict

    path = Path(args.input)
    try:
        script = from_dict(Script, json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise BadInputError(f"Script file not found: {path}", path=str(path)) from None
    except json.JSONDecodeError as exc:
        raise BadInputError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except ValidationError as exc:
        raise BadInputError(f"{path}: {exc}", path=str(path)) from None
    if not args.scene or not args.action:
        raise BadInputError("Editing a script needs --scene N and --action")
    revised = run_job(
        ai.revise_scene,
        script,
        args.scene - 1,
        args.action,
        provider=ai.OFFLINE if args.offline else args.provider,
        model=args.model,
        base_url=args.base_url,
        tone=args.tone,
        language=args.to,
    )
    write_json(to_dict(revised), args.output)
    return EXIT_OK


# --------------------------------------------------------------------------- meta
def cmd_meta(args: argparse.Namespace) -> int:
    """Title, description and hashtags for a project's script, as JSON."""
    from .session import Session
    from .session.batch import meta

    session = Session.load_file(args.project)
    script = session.project.script
    if not script.scenes:
        raise BadInputError(
            f"{args.project}: the project has no script; write or generate one first",
            path=str(args.project),
        )
    result = run_job(
        lambda progress, cancel: meta.video_meta(
            script,
            args.lang,
            meta.OFFLINE if args.offline else args.provider,
            model=args.model,
            base_url=args.base_url,
            project_id=session.project.id,
            cancel=cancel,
        )
    )
    for notice in result.notices:
        say(f"note: {notice}")
    write_json(result.to_dict(), args.output)
    return EXIT_OK


# --------------------------------------------------------------------------- voices
def cmd_voices(args: argparse.Namespace) -> int:
    if args.chain is not None:
        order = voice_admin.set_chain(args.chain)
        say(f"voice fallback chain: {' -> '.join(order)}")
        return EXIT_OK
    if args.preview:
        return _preview(args)
    rows = voice_admin.voice_rows(args.engine, args.lang, refresh=args.refresh)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        if not row["available"]:
            print(f"{row['engine']}: not available here")
            continue
        gender = f" {row['gender']}" if row["gender"] else ""
        print(f"{row['voice']:<44} {row['language']:<8}{gender:<8} {row['name']}")
    return EXIT_OK


def _preview(args: argparse.Namespace) -> int:
    def job(progress: Progress, cancel: CancelToken):
        progress(0.1, f"Speaking a sample with {args.preview}")
        return voice_admin.speak_sample(
            args.preview, language=args.lang, text=args.text, cancel=cancel
        )

    result = run_job(job)
    out = Path(args.output or "voice-preview.wav")
    shutil.copyfile(result.audio_path, out)
    print(out)
    say(f"{result.engine}:{result.voice}, {result.duration_us / 1e6:.1f} s")
    return EXIT_OK


# --------------------------------------------------------------------------- usage
def cmd_usage(args: argparse.Namespace) -> int:
    with open_store() as store:
        if args.budget:
            provider, amount = args.budget
            provider = ai.check_provider_name(provider)
            if amount.lower() in ("none", "off", "-"):
                set_budget(store, provider, None)
                say(f"no monthly budget for {provider}")
            else:
                table = set_budget(store, provider, _money(amount))
                say(f"monthly budget for {provider}: ${table[provider]:.2f}")
            return EXIT_OK
        if args.price:
            provider, model, price_in, *rest = args.price
            provider = ai.check_provider_name(provider)
            pair = set_price(
                store, provider, model, _money(price_in), _money(rest[0]) if rest else 0.0
            )
            say(f"price for {provider} {model}: ${pair[0]} in / ${pair[1]} out per million units")
            return EXIT_OK
        month = args.month or ai.current_month()
        try:
            rows = store.usage_totals(None if month == "all" else month)
        except ValueError as exc:
            raise BadInputError(f"--month: {exc}") from None
        spending = {
            p: {"budget_usd": b, "spent_usd": ai.spent_this_month(store, p)}
            for p, b in budgets(store).items()
        }
    total = sum(float(r["cost_usd"] or 0) for r in rows)
    if args.json:
        print(
            json.dumps(
                {"month": month, "rows": rows, "total_usd": total, "budgets": spending}, indent=2
            )
        )
        return EXIT_OK
    print(f"Usage {month} (UTC)" if month != "all" else "Usage, all time")
    if not rows:
        print("  no calls")
    else:
        print(
            f"  {'provider':<10} {'model':<28} {'calls':>5} {'in':>9} {'out':>9} {'unit':<6} cost"
        )
        for r in rows:
            print(
                f"  {r['provider']:<10} {r['model'][:28]:<28} {r['calls']:>5} {r['units_in']:>9} "
                f"{r['units_out']:>9} {r['unit']:<6} ${float(r['cost_usd'] or 0):.4f}"
            )
        print(f"  total ${total:.4f} (estimated from the price table; edit it with --price)")
    for provider, b in sorted(spending.items()):
        share = 100 * b["spent_usd"] / b["budget_usd"] if b["budget_usd"] else 100.0
        print(
            f"  budget {provider}: ${b['spent_usd']:.4f} of ${b['budget_usd']:.2f} this month "
            f"({share:.0f}%)"
        )
    return EXIT_OK


def _money(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise BadInputError(f"{text!r} is not an amount in USD") from None
    if value < 0:
        raise BadInputError(f"An amount cannot be negative: {text}")
    return value


# --------------------------------------------------------------------------- keys
def _read_secret(provider: str) -> str:
    """The key from a hidden prompt (terminal) or one line of stdin (scripts); never argv."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"API key for {provider} (input hidden): ")
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.strip()


def cmd_keys(args: argparse.Namespace) -> int:
    keys.install_log_redaction()
    if args.action == "list":
        names = keys.provider_names()
        if args.provider:
            names = [keys.check_provider_name(args.provider)]
        info = keys.backend_info()
        where = keys.list_keys(names)
        backend = info.get("backend") if info.get("usable") else f"none ({info.get('reason', '')})"
        print(f"keyring: {backend}")
        if info.get("file_store"):
            print(f"PLAIN-TEXT key file in use: {info['file_store']}")
        for name, source in where.items():
            print(f"  {name:<12} {source or '-'}")
        return EXIT_OK
    if not args.provider:
        raise BadInputError(f"Say which provider: shortvid keys {args.action} PROVIDER")
    provider = keys.check_provider_name(args.provider)
    if args.action == "set":
        value = _read_secret(provider)
        if not value:
            raise BadInputError("No key was given (type it at the prompt, or pipe it on stdin)")
        if args.file_store:
            say(
                "WARNING: storing the key in a PLAIN-TEXT file in your user data folder, as you "
                "asked; anyone who can read your files can read it."
            )
        where = keys.set_key(provider, value, file_store=args.file_store)
        say(f"stored the {provider} key in the {'OS keyring' if where == 'keyring' else where}")
        return EXIT_OK
    removed = keys.delete_key(provider)
    say(
        f"deleted the {provider} key from: {', '.join(removed)}"
        if removed
        else f"no key was stored for {provider}"
    )
    return EXIT_OK


# --------------------------------------------------------------------------- providers
def cmd_providers(args: argparse.Namespace) -> int:
    keys.install_log_redaction()
    action = args.action or "list"
    with open_store() as store:
        if action == "list":
            rows = ai.provider_table(store)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
                return EXIT_OK
            for r in rows:
                mark = "*" if r["default"] else " "
                key = r["key"] or ("-" if r["needs_key"] else "not needed")
                print(
                    f"{mark} {r['name']:<10} {r['model'] or '(any)':<18} key: {key:<10} "
                    f"{r['base_url']}"
                )
            print("(* = default; none = the offline helper)")
            return EXIT_OK
        if action == "proxy":
            value = check_proxy(args.name or "")
            if "@" in value.split("://", 1)[-1]:
                raise BadInputError(
                    "A proxy with a user name or password would be stored in plain text: set it "
                    "as the system proxy (HTTPS_PROXY) instead and use `providers proxy system`"
                )
            store.set_setting(SETTING_PROXY, value)
            say(f"proxy: {value or 'system'}")
            return EXIT_OK
        if not args.name:
            raise BadInputError(f"Say which provider: shortvid providers {action} NAME")
        if action == "use":
            ai.use_provider(store, args.name)
            say(f"default AI provider: {args.name}")
            return EXIT_OK
        if action == "set":
            entry = ai.configure_provider(
                store,
                args.name,
                base_url=args.base_url,
                model=args.model,
                json_mode=args.json_mode,
                preset=args.preset,
            )
            say(f"{args.name}: {json.dumps(entry)}")
            return EXIT_OK
    options = {"model": args.model, "base_url": args.base_url}
    if action == "models":
        models = run_job(
            lambda progress, cancel: ai.list_models(args.name, cancel=cancel, **options)
        )
        for model in models:
            print(model)
        return EXIT_OK
    report = run_job(
        lambda progress, cancel: ai.check_connection(args.name, cancel=cancel, **options)
    )
    print(
        f"{'ok' if report.ok else 'FAILED'}: {report.provider} {report.base_url} "
        f"model {report.model or '(any)'}: {report.message}"
    )
    return EXIT_OK if report.ok else EXIT_FAIL


# --------------------------------------------------------------------------- parser
def add_ai_commands(sub: Any) -> None:
    """Add ``script``, ``meta``, ``voices``, ``usage``, ``keys`` and ``providers`` to the
    subparsers."""
    s = sub.add_parser("script", help="an AI (or offline) script from a topic; edit one scene")
    s.add_argument("--topic", help="what the video is about")
    s.add_argument("--notes", help="facts or points to include")
    s.add_argument("--audience", help="who it is for")
    s.add_argument("--style", default="explainer", help=f"one of: {', '.join(ai.STYLES)}")
    s.add_argument("--provider", help="openai, deepseek, qwen, moonshot, ollama, lmstudio, ...")
    s.add_argument("--model", help="the model (default: the provider's)")
    s.add_argument("--base-url", help="an OpenAI-compatible endpoint for this call")
    s.add_argument("--lang", default="auto", help="auto, en, zh, ... (default: from the topic)")
    s.add_argument("--seconds", type=int, default=30, help="target length (default 30)")
    s.add_argument("--offline", action="store_true", help="no provider: the offline helper")
    s.add_argument(
        "--no-fallback",
        action="store_true",
        help="fail instead of falling back to the offline helper",
    )
    s.add_argument("--input", help="a script JSON to edit (with --scene and --action)")
    s.add_argument("--scene", type=int, help="the scene to edit, from 1")
    s.add_argument("--action", choices=ai.ACTIONS)
    s.add_argument("--tone", help="for --action tone: e.g. calm, upbeat, serious")
    s.add_argument("--to", help="for --action translate: the language, e.g. zh")
    s.add_argument("-o", "--output", help="write the script JSON here (default: stdout)")
    s.set_defaults(func=cmd_script)

    m = sub.add_parser("meta", help="title, description and hashtags for a project, as JSON")
    m.add_argument("project", help="the project file (.json)")
    m.add_argument("--provider", help="the AI provider (default: the configured one)")
    m.add_argument("--model", help="the model (default: the provider's)")
    m.add_argument("--base-url", help="an OpenAI-compatible endpoint for this call")
    m.add_argument("--offline", action="store_true", help="no provider: from the keywords")
    m.add_argument("--lang", default="auto", help="auto (the script's), zh, en, ...")
    m.add_argument("-o", "--output", help="write the JSON here (default: stdout)")
    m.set_defaults(func=cmd_meta)

    v = sub.add_parser("voices", help="list voices, preview one, order the fallback chain")
    v.add_argument("--engine", help="piper, espeak, edge or openai")
    v.add_argument("--lang", help="only voices for this language, e.g. zh or en-US")
    v.add_argument("--refresh", action="store_true", help="download the edge-tts list again")
    v.add_argument("--json", action="store_true")
    v.add_argument("--preview", metavar="ENGINE:VOICE", help="speak a short sample")
    v.add_argument("--text", help="for --preview: your own sample text")
    v.add_argument("-o", "--output", help="for --preview: the WAV to write")
    v.add_argument(
        "--chain", metavar="E1,E2,...", help="set the fallback order, e.g. edge,openai,offline"
    )
    v.set_defaults(func=cmd_voices)

    u = sub.add_parser("usage", help="what AI and voice calls cost; budgets and prices")
    u.add_argument("--month", help="YYYY-MM (UTC; default this month) or 'all'")
    u.add_argument("--json", action="store_true")
    u.add_argument(
        "--budget",
        nargs=2,
        metavar=("PROVIDER", "USD"),
        help="set a monthly budget ('none' removes it)",
    )
    u.add_argument(
        "--price",
        nargs="+",
        metavar="X",
        help="PROVIDER MODEL IN [OUT]: USD per million tokens (or characters)",
    )
    u.set_defaults(func=_usage_entry)

    k = sub.add_parser("keys", help="API keys in the OS keyring")
    k.add_argument("action", choices=["set", "delete", "list"])
    k.add_argument("provider", nargs="?")
    k.add_argument(
        "--file-store",
        action="store_true",
        help="no OS keyring: store the key in a PLAIN-TEXT file (you opt in)",
    )
    k.set_defaults(func=cmd_keys)

    p = sub.add_parser("providers", help="AI providers: list, test, models, default, endpoints")
    p.add_argument("action", nargs="?", choices=["list", "test", "models", "use", "set", "proxy"])
    p.add_argument("name", nargs="?", help="the provider (for proxy: URL, direct or system)")
    p.add_argument("--base-url")
    p.add_argument("--model")
    p.add_argument("--json-mode", choices=["json_schema", "json_object", "none"])
    p.add_argument("--preset", help="for a new provider: the preset it is like")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_providers)


def _usage_entry(args: argparse.Namespace) -> int:
    if args.price is not None and len(args.price) not in (3, 4):
        raise BadInputError("--price takes PROVIDER MODEL IN [OUT]")
    return cmd_usage(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shortvid", description="AI scripts, voices, usage, keys")
    add_ai_commands(parser.add_subparsers(dest="command", required=True))
    return parser


def run(argv: list[str] | None = None) -> int:
    """Run one of these subcommands with the same exit codes as ``shortvid``."""
    from .core.serial import ValidationError
    from .jobs import Cancelled

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except Cancelled:
        say("cancelled")
        return EXIT_CANCELLED
    except (BadInputError, ValidationError) as exc:
        say(f"error: {keys.redact(exc)}")
        return EXIT_BAD_INPUT
    except ShortVidError as exc:
        say(f"error: {keys.redact(exc)}")
        return EXIT_FAIL


__all__ = ["add_ai_commands", "build_parser", "run"]


if __name__ == "__main__":
    sys.exit(run())
