"""`shortvid`: no arguments opens the window; subcommands do headless work.

Exit codes: 0 done, 2 bad input (the message names the file or field), 130 cancelled,
1 anything else.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import __version__
from .cli_common import (
    EXIT_BAD_INPUT,
    EXIT_CANCELLED,
    EXIT_FAIL,
    EXIT_OK,
    emit_path,
    run_job,
    say,
)
from .core.errors import BadInputError, ShortVidError
from .core.serial import ValidationError
from .jobs import Cancelled, CancelToken, Progress


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT (e.g. 720x1280)") from None
    if w < 16 or h < 16 or w % 2 or h % 2:
        raise argparse.ArgumentTypeError(f"{text!r}: width and height must be even, at least 16")
    return w, h


def _apply_canvas(session, args: argparse.Namespace) -> None:
    """--size/--fps/--aspect/--resolution override the template (one undo step)."""
    from .session.make import apply_canvas

    apply_canvas(session, _request_from_args(args))


def _request_from_args(args: argparse.Namespace):
    """The MakeRequest of `make`/`demo` (and the canvas options of `render`)."""
    from .session.make import MakeRequest

    def opt(name: str, default=None):
        value = getattr(args, name, None)
        return default if value is None else value

    return MakeRequest(
        topic=opt("topic", ""),
        text=opt("text", ""),
        script=opt("script", ""),
        media=list(opt("media", []) or []),
        music=opt("music", ""),
        no_music=bool(opt("no_music", False)),
        template=opt("template", ""),
        voice=opt("voice", ""),
        lang=opt("lang", "auto") or "auto",
        seconds=opt("seconds", 30),
        style=opt("style", "explainer"),
        provider=opt("provider", ""),
        visuals=opt("visuals", ""),
        aspect=opt("aspect", ""),
        resolution=opt("resolution", ""),
        size=opt("size", None),
        fps=opt("fps", 0),
        allow_long=bool(opt("allow_long", False)),
    )


def _export_options(args: argparse.Namespace) -> dict[str, object]:
    return {
        "quality": args.quality,
        "subtitles": args.subtitles,
        "poster": args.poster,
        "otio": args.otio,
        "encoder": args.encoder,
        "engine": args.engine,
        "credits_end_card": bool(getattr(args, "credit_card", False)),
    }


def _make_session(args: argparse.Namespace):
    """The session `make` builds (session.make.build_session, shared with `batch`)."""
    from .session.make import build_session

    built = run_job(build_session, _request_from_args(args), notify=say)
    return built.session


def cmd_demo(args: argparse.Namespace) -> int:
    from .session import sample_script

    args.script = str(sample_script(args.lang))
    args.text = None
    args.media = None
    args.music = None
    args.template = None
    args.voice = None
    args.visuals = "samples"  # the embedded defaults alone: no network
    return _make_and_export(args)


def cmd_make(args: argparse.Namespace) -> int:
    return _make_and_export(args)


def _make_and_export(args: argparse.Namespace) -> int:
    from .session.media import check_output_path

    check_output_path(args.output)
    session = _make_session(args)
    report_notices = session.notices

    def job(progress: Progress, cancel: CancelToken):
        if _farm(args):
            from .session.farm import broker_url, make_on_farm

            farm = broker_url(args.farm)
            return make_on_farm(
                session, args.output, farm, args.storage, progress, cancel, **_farm_waits(args)
            )
        return session.make(
            args.output,
            progress=progress,
            cancel=cancel,
            **_export_options(args),
        )

    result = run_job(job)
    for notice in report_notices:
        say(f"note: {notice}")
    if getattr(args, "save_project", None):
        session.save_file(args.save_project)
        say(f"project saved: {args.save_project}")
    emit_path(result.path)
    for extra in result.subtitle_paths:
        say(f"also wrote {extra}")
    say(f"made {result.path} in {result.seconds:.1f} s ({result.encoder}; font {result.font})")
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    from .session import Session
    from .session.media import check_output_path

    check_output_path(args.output)
    session = Session.load_file(args.project)
    _apply_canvas(session, args)
    if _farm(args):
        from .session.farm import broker_url, render_on_farm

        farm, quality = broker_url(args.farm), args.quality
        result = run_job(
            render_on_farm, session, args.output, farm, args.storage, quality=quality,
            **_farm_waits(args),
        )  # fmt: skip
        emit_path(result.path)
        say(f"rendered {result.path} on the farm in {result.seconds:.1f} s")
        return EXIT_OK
    result = run_job(session.export, args.output, **_export_options(args))
    emit_path(result.path)
    say(f"rendered {result.path} in {result.seconds:.1f} s")
    return EXIT_OK


def _farm_waits(args: argparse.Namespace) -> dict[str, float | None]:
    """--farm-deadline / --farm-wait (None: the settings farm.deadline_s / farm.worker_wait_s)."""
    return {
        "timeout_s": getattr(args, "farm_deadline", None),
        "worker_wait_s": getattr(args, "farm_wait", None),
    }


def _farm(args: argparse.Namespace) -> bool:
    """--farm BROKER needs --storage URL (and the farm renders with ffmpeg only)."""
    if not getattr(args, "farm", None):
        if getattr(args, "storage", None):
            raise BadInputError("--storage is for the farm: add --farm BROKER_URL.")
        return False
    if not args.storage:
        raise BadInputError("--farm needs --storage s3://bucket/prefix or file:///folder.")
    return True


def cmd_doctor(args: argparse.Namespace) -> int:
    from .session.doctor import doctor_report, format_report

    report = doctor_report()
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(format_report(report))
    return EXIT_OK if report["ok"] else EXIT_FAIL


def cmd_about(args: argparse.Namespace) -> int:
    from .about import about_text

    print(about_text())
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from .qt.app import run_app
    except ImportError as exc:
        say(
            f"error: the window needs PySide6 ({exc}). Install it, or use the subcommands "
            "(shortvid --help)."
        )
        return EXIT_FAIL
    return run_app(project=getattr(args, "project", None))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="shortvid",
        description="Make a short vertical video from text, on your own machine. "
        "With no command, opens the window.",
    )
    p.add_argument("--version", action="version", version=f"shortvid {__version__}")
    sub = p.add_subparsers(dest="command")

    def out_opts(sp: argparse.ArgumentParser, default: str | None) -> None:
        sp.add_argument(
            "-o", "--output", default=default, required=default is None, help="the MP4 to write"
        )
        sp.add_argument("--quality", choices=["draft", "standard", "high"], default=None)
        sp.add_argument(
            "--subtitles",
            action="store_true",
            help="also write .srt and .ass captions beside the MP4",
        )
        sp.add_argument("--size", type=_size, help="canvas WIDTHxHEIGHT, e.g. 720x1280")
        sp.add_argument("--aspect", choices=["9:16", "16:9", "1:1", "4:5"])
        sp.add_argument("--resolution", choices=["720p", "1080p", "1440p", "4k"])
        sp.add_argument("--poster", action="store_true", help="also write a .jpg poster frame")
        sp.add_argument(
            "--credit-card",
            action="store_true",
            help="credit the stock and AI pictures over the video's last 2 s "
            '("Video by X on Pexels"); the .credits.txt is written either way',
        )
        sp.add_argument(
            "--otio", action="store_true", help="also write the timeline as OpenTimelineIO (.otio)"
        )
        sp.add_argument(
            "--encoder",
            default="auto",
            help="auto (a hardware encoder that works here, else libx264), "
            "libx264, h264_nvenc, h264_qsv, h264_vaapi, h264_videotoolbox, h264_amf",
        )
        sp.add_argument(
            "--engine",
            choices=["ffmpeg", "moviepy"],
            default="ffmpeg",
            help="moviepy: the slow reference renderer (compatibility)",
        )
        sp.add_argument("--fps", type=int, choices=[24, 25, 30, 50, 60])
        sp.add_argument("--farm", metavar="BROKER", help="render on the farm: redis://HOST:6379/0")
        sp.add_argument("--storage", help="the farm's storage: s3://bucket/prefix or file:///dir")
        sp.add_argument(
            "--farm-deadline", type=float, metavar="SECONDS",
            help="give up on the farm job after this long (default: setting farm.deadline_s, 6 h)",
        )  # fmt: skip
        sp.add_argument(
            "--farm-wait", type=float, metavar="SECONDS",
            help="fail when nothing moved this long and no worker answers (default: setting "
            "farm.worker_wait_s, 60 s)",
        )  # fmt: skip

    d = sub.add_parser("demo", help="a video from the embedded defaults alone")
    out_opts(d, "demo.mp4")
    d.add_argument("--lang", choices=["en", "zh"], default="en")
    d.set_defaults(func=cmd_demo, no_music=False, save_project=None)

    m = sub.add_parser("make", help="a video from your text or script file")
    src = m.add_mutually_exclusive_group(required=True)
    src.add_argument("--script", help="a text/markdown file, or a JSON script")
    src.add_argument("--text", help="the narration text itself")
    src.add_argument(
        "--topic",
        help="what the video is about (an AI provider writes the script; "
        "offline, a simple template)",
    )
    m.add_argument("--provider", help="AI provider for --topic (see `shortvid providers list`)")
    m.add_argument("--seconds", type=int, default=30, help="target length for --topic")
    m.add_argument(
        "--style", default="explainer", choices=["explainer", "story", "product promo", "listicle"]
    )
    m.add_argument("--media", nargs="+", help="images, clips or folders to use")
    m.add_argument(
        "--visuals",
        metavar="SOURCES",
        help="where pictures come from, in order: a comma list of own, pexels, pixabay, "
        "openverse, ai, samples (default: own when --media is given, then every stock "
        "provider with a key, then samples)",
    )
    m.add_argument("--music", help="a music file (default: the bundled loop)")
    m.add_argument("--no-music", action="store_true")
    m.add_argument("--template", help="template name (default: Vertical Story)")
    m.add_argument("--voice", help="ENGINE[:VOICE], e.g. piper:en_US-joe-medium or espeak:cmn")
    m.add_argument("--lang", choices=["auto", "en", "zh"], default="auto")
    m.add_argument("--save-project", help="also save the project as JSON")
    m.add_argument(
        "--allow-long",
        action="store_true",
        help="voice a script longer than a short video (over 200 scenes or 15 minutes)",
    )
    out_opts(m, None)
    m.set_defaults(func=cmd_make)

    r = sub.add_parser("render", help="render a saved project JSON")
    r.add_argument("project")
    out_opts(r, None)
    r.set_defaults(func=cmd_render)

    doc = sub.add_parser("doctor", help="check ffmpeg, fonts, voices, keyring and database")
    doc.add_argument("--json", action="store_true")
    doc.set_defaults(func=cmd_doctor)

    from .cli_farm import add_farm_commands

    add_farm_commands(sub)

    from .cli_batch import add_batch_command

    add_batch_command(sub)

    from .cli_ai import add_ai_commands

    add_ai_commands(sub)

    from .cli_farm import add_share_commands

    add_share_commands(sub)  # share; keys set s3 (after the keys command exists)

    ab = sub.add_parser("about", help="version and licences of the bundled parts")
    ab.set_defaults(func=cmd_about)

    g = sub.add_parser("gui", help="open the window (the default)")
    g.add_argument("project", nargs="?")
    g.set_defaults(func=cmd_gui)
    return p


def main(argv: list[str] | None = None) -> int:
    from .session.keys import install_log_redaction

    install_log_redaction()  # API keys never reach a log line
    parser = build_parser()
    args = parser.parse_args(argv)
    from .session.housekeeping import sweep_leftovers

    sweep_leftovers()  # what a killed run left: partial outputs, work folders
    if not getattr(args, "command", None):
        return cmd_gui(args)
    try:
        return _run_command(args, argv)
    finally:
        from .paths import degraded_notices

        for notice in degraded_notices():  # e.g. no caches: the data folder is read-only
            say(f"note: {notice}")


def _run_command(args: argparse.Namespace, argv: list[str] | None) -> int:
    try:
        return args.func(args)
    except Cancelled:
        say("cancelled")
        return EXIT_CANCELLED
    except (BadInputError, ValidationError) as exc:
        say(f"error: {exc}")
        return EXIT_BAD_INPUT
    except ShortVidError as exc:
        say(f"error: {exc}")
        tail = getattr(exc, "log_tail", "")
        if tail and os.environ.get("SHORTVID_DEBUG"):
            say(tail)
        return EXIT_FAIL
    except KeyboardInterrupt:
        say("cancelled")
        return EXIT_CANCELLED
    except Exception as exc:  # noqa: BLE001 - the one path for everything else
        return _unexpected(exc, argv)


def _unexpected(exc: Exception, argv: list[str] | None) -> int:
    """A full disk or a locked database in plain words; anything else is a bug: one sentence
    and a crash report (traceback, version, platform, the command with keys redacted)."""
    from .session.crash import explain_environment, write_crash_report

    plain = explain_environment(exc)
    if plain is not None:
        say(f"error: {plain}")
        return EXIT_FAIL
    report = write_crash_report(exc, ["shortvid", *(sys.argv[1:] if argv is None else argv)])
    where = (
        f" The details are in {report}; please attach that file to a bug report." if report else ""
    )
    say(f"error: ShortVid stopped on an unexpected problem ({type(exc).__name__}).{where}")
    if report is None or os.environ.get("SHORTVID_DEBUG"):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    return EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
