"""`shortvid doctor` and the Diagnostics dialog: what works on this machine and what does not."""

from __future__ import annotations

import platform
import sys
from typing import Any

from .. import __version__


def _check(fn) -> dict[str, Any]:
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - every check reports, none crashes doctor
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


def _ffmpeg() -> dict[str, Any]:
    from ..media.ffmpeg import ffmpeg_encoders, ffmpeg_exe, ffmpeg_filters, ffmpeg_version

    enc = ffmpeg_encoders()
    filters = ffmpeg_filters()
    need_filters = ["xfade", "subtitles", "perspective", "sidechaincompress", "loudnorm"]
    missing = [f for f in need_filters if f not in filters]
    from ..render.encoders import encoder_report

    h264 = sorted(e for e in enc if "264" in e)
    ok = "libx264" in enc and "aac" in enc and not missing
    hw = encoder_report()
    return {
        "ok": ok,
        "path": ffmpeg_exe(),
        "version": ffmpeg_version(),
        "h264_encoders": h264,
        "hardware_encoders_working": hw["working"],
        "export_encoder": hw["default"],
        "missing_filters": missing,
    }


def _fonts() -> dict[str, Any]:
    from ..render.fonts import font_report

    rep = font_report()
    rep["ok"] = rep.get("font") is not None  # Latin captions at least; CJK reported apart
    if not rep.get("cjk"):
        rep["warning"] = (
            "No font with Chinese glyphs was found: Chinese captions will be refused. "
            "Install Noto Sans CJK (fonts-noto-cjk) or WenQuanYi."
        )
    return rep


def _voices() -> dict[str, Any]:
    from ..voice.registry import best_offline_voice, doctor_info

    engines = doctor_info()
    langs = {}
    for lang in ("en", "zh"):
        try:
            langs[lang] = ":".join(best_offline_voice(lang))
        except Exception as exc:  # noqa: BLE001
            langs[lang] = f"none ({exc})"
    return {"ok": not langs["en"].startswith("none"), "engines": engines, "offline": langs}


def _database() -> dict[str, Any]:
    from ..store import Store

    with Store() as store:
        return {
            "ok": store.integrity_check() == "ok",
            "path": str(store.path),
            "integrity": store.integrity_check(),
            "schema_version": store.schema_version,
        }


def _keyring() -> dict[str, Any]:
    from ..secrets import backend_info

    info = backend_info()
    info["ok"] = True  # optional: only AI providers need it
    if not info.get("usable"):
        info["warning"] = "No usable keyring: API keys cannot be stored (offline use is fine)."
    return info


def doctor_report() -> dict[str, Any]:
    checks = {
        "ffmpeg": _check(_ffmpeg),
        "fonts": _check(_fonts),
        "voices": _check(_voices),
        "database": _check(_database),
        "keyring": _check(_keyring),
    }
    required = ("ffmpeg", "fonts", "voices", "database")
    return {
        "ok": all(checks[k].get("ok") for k in required),
        "version": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        **checks,
    }


def format_report(report: dict[str, Any]) -> str:
    lines = [f"ShortVid {report['version']} on Python {report['python']} ({report['platform']})"]
    for key in ("ffmpeg", "fonts", "voices", "database", "keyring"):
        item = report[key]
        mark = "ok " if item.get("ok") else "BAD"
        lines.append(f"[{mark}] {key}")
        for k, v in item.items():
            if k == "ok":
                continue
            if isinstance(v, list) and v and isinstance(v[0], dict):
                for entry in v:
                    lines.append(f"      - {entry}")
            else:
                lines.append(f"      {k}: {v}")
    lines.append("all required checks pass" if report["ok"] else "SOMETHING REQUIRED IS BROKEN")
    return "\n".join(lines)
