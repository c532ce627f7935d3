"""Rejections in plain words reach the window in the UI language: the sentence and its words
are translated (context "Reasons"), the file name is not."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QCoreApplication, QTranslator

from shortvid_desktop.media import reasons
from shortvid_desktop.qt import reason_text


def test_the_translators_see_every_sentence_and_word() -> None:
    assert reason_text.TEMPLATES == reasons.TEMPLATES
    assert reason_text.VOCABULARY == reasons.VOCABULARY


class Shouting(QTranslator):
    """A stand-in language: every "Reasons" string in capitals."""

    def translate(self, context, source, disambiguation=None, n=-1):
        if context == "Reasons":
            return source.upper().replace("{NAME}", "{name}").replace("{EXPECTED}", "{expected}")
        return ""

    def isEmpty(self) -> bool:
        return False


def test_a_reason_in_the_ui_language(qapp) -> None:
    reason = reasons.Reason(
        reasons.NOT_EXPECTED_UNKNOWN, {"name": "photo.jpg", "expected": "a picture"}
    )
    assert reason_text.reason_text(reason) == reason.text()  # English without a translation
    shouting = Shouting()
    QCoreApplication.installTranslator(shouting)
    try:
        text = reason_text.reason_text(reason)
    finally:
        QCoreApplication.removeTranslator(shouting)
    assert text == "photo.jpg IS NOT A PICTURE — IT IS DAMAGED, OR NOT A PICTURE AT ALL."
