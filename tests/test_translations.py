"""The zh_CN translation is complete: every string the window shows has a finished translation
that keeps the source's placeholders ({0}, %1, %n), and nothing stale is left in the file."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parents[1] / "ui" / "translations" / "shortvid_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{\d*\}|%\d|%n")


def _messages() -> list[ET.Element]:
    return list(ET.parse(TS).getroot().iter("message"))


def test_every_message_is_translated_and_none_is_stale() -> None:
    messages = _messages()
    assert len(messages) > 600
    open_ones = [
        m.findtext("source")
        for m in messages
        if (m.find("translation").get("type") or "") in ("unfinished", "vanished", "obsolete")
    ]
    assert open_ones == []


def test_translations_keep_the_placeholders() -> None:
    wrong = []
    for m in _messages():
        source = m.findtext("source") or ""
        tr = m.find("translation")
        forms = [f.text or "" for f in tr.iter("numerusform")] or [tr.text or ""]
        wanted = sorted(PLACEHOLDER.findall(source))
        for text in forms:
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((source, text))
    assert wrong == []
