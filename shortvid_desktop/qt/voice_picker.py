"""A voice picker: an editable combo of the voices this machine can use, filtered by language,
with a Preview button.

The list comes from ``session.voices`` in jobs, never on the GUI thread: the offline voices and
the online engines' cached lists first, then (when the list is first opened) the edge-tts list
downloaded again; offline that download fails quietly and the cached list stays, with a note in
the tooltip. One ``VoiceCatalog`` per JobRunner is shared by every picker of a window. Preview
speaks a short sample through ``voice.preview`` (cached) in a job and plays it.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, QUrl, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from ..session.voices import (
    VoiceInfo,
    VoiceListing,
    base_language,
    filter_voices,
    list_voices,
    preview_job,
    voice_languages,
)
from .jobs import JobRunner

try:  # QtMultimedia ships in PySide6-Addons
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

    HAVE_MULTIMEDIA = True
except ImportError:  # pragma: no cover - depends on the installed wheel
    HAVE_MULTIMEDIA = False

_catalogs: weakref.WeakKeyDictionary[JobRunner, VoiceCatalog] = weakref.WeakKeyDictionary()


class VoiceCatalog(QObject):
    """The voice list, loaded in jobs; ``changed`` when a (longer) list arrives."""

    changed = Signal()

    def __init__(self, runner: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent or runner)
        self.runner = runner
        self.voices: list[VoiceInfo] = []
        self.notes: list[str] = []
        self.loaded = False  # the offline list (and cached online lists) arrived
        self.online_loaded = False
        self._loading: set[bool] = set()

    @classmethod
    def for_runner(cls, runner: JobRunner) -> VoiceCatalog:
        """The window's shared catalog (one per JobRunner)."""
        found = _catalogs.get(runner)
        if found is None:
            found = cls(runner)
            _catalogs[runner] = found
        return found

    def load(self, online: bool = False) -> None:
        """Fetch the list in a job (``online``: download the edge-tts list again); a load
        already running or done is not repeated."""
        if online in self._loading or (self.online_loaded if online else self.loaded):
            return
        self._loading.add(online)

        def run(progress, cancel) -> VoiceListing:
            return list_voices(online=online, cancel=cancel)

        def done(listing: VoiceListing) -> None:
            self._loading.discard(online)
            if online or not self.online_loaded:
                self.voices = listing.voices
                self.notes = listing.notes
            self.loaded = True
            self.online_loaded = self.online_loaded or online
            self.changed.emit()

        def failed(message: str) -> None:
            self._loading.discard(online)
            self.notes = [message]
            self.changed.emit()

        self.runner.run(
            self.tr("Listing voices"),
            run,
            done,
            failed,
            quiet=True,
            on_cancel=lambda: self._loading.discard(online),
        )

    def busy(self) -> bool:
        return bool(self._loading)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


# Language and region names in the UI language (lupdate extracts them; the rest fall back to
# the language's own name, which Qt knows for every language).
LANGUAGE_NAMES = {
    "en": QT_TRANSLATE_NOOP("Languages", "English"),
    "zh": QT_TRANSLATE_NOOP("Languages", "Chinese"),
    "cmn": QT_TRANSLATE_NOOP("Languages", "Mandarin"),
    "yue": QT_TRANSLATE_NOOP("Languages", "Cantonese"),
    "es": QT_TRANSLATE_NOOP("Languages", "Spanish"),
    "fr": QT_TRANSLATE_NOOP("Languages", "French"),
    "de": QT_TRANSLATE_NOOP("Languages", "German"),
    "pt": QT_TRANSLATE_NOOP("Languages", "Portuguese"),
    "it": QT_TRANSLATE_NOOP("Languages", "Italian"),
    "ru": QT_TRANSLATE_NOOP("Languages", "Russian"),
    "ja": QT_TRANSLATE_NOOP("Languages", "Japanese"),
    "ko": QT_TRANSLATE_NOOP("Languages", "Korean"),
    "ar": QT_TRANSLATE_NOOP("Languages", "Arabic"),
    "hi": QT_TRANSLATE_NOOP("Languages", "Hindi"),
    "mul": QT_TRANSLATE_NOOP("Languages", "Multilingual"),
}
REGION_NAMES = {
    "US": QT_TRANSLATE_NOOP("Languages", "US"),
    "GB": QT_TRANSLATE_NOOP("Languages", "UK"),
    "AU": QT_TRANSLATE_NOOP("Languages", "Australia"),
    "CA": QT_TRANSLATE_NOOP("Languages", "Canada"),
    "IN": QT_TRANSLATE_NOOP("Languages", "India"),
    "CN": QT_TRANSLATE_NOOP("Languages", "Mainland China"),
    "TW": QT_TRANSLATE_NOOP("Languages", "Taiwan"),
    "HK": QT_TRANSLATE_NOOP("Languages", "Hong Kong"),
    "ES": QT_TRANSLATE_NOOP("Languages", "Spain"),
    "MX": QT_TRANSLATE_NOOP("Languages", "Mexico"),
    "BR": QT_TRANSLATE_NOOP("Languages", "Brazil"),
    "PT": QT_TRANSLATE_NOOP("Languages", "Portugal"),
    "FR": QT_TRANSLATE_NOOP("Languages", "France"),
    "DE": QT_TRANSLATE_NOOP("Languages", "Germany"),
}
ENGINE_KINDS = {
    "piper": QT_TRANSLATE_NOOP("Languages", "offline"),
    "espeak": QT_TRANSLATE_NOOP("Languages", "offline, robotic"),
    "edge": QT_TRANSLATE_NOOP("Languages", "online"),
    "openai": QT_TRANSLATE_NOOP("Languages", "OpenAI, online"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Languages", text)


# The label formats given to _tr() below, listed so lupdate extracts them.
LABEL_FORMATS = (
    QT_TRANSLATE_NOOP("Languages", "{0} ({1})"),
    QT_TRANSLATE_NOOP("Languages", "{0} — {1} ({2})"),
    QT_TRANSLATE_NOOP("Languages", "{0}, pinyin"),
)


def language_name(code: str) -> str:
    """ "en" -> "English", "en-US" -> "English (US)", in the UI language: translated for the
    common languages; others by Qt's English name in an English UI, else by the language's own
    name ("español"); else the code."""
    norm = code.strip().replace("_", "-")
    if not norm:
        return code
    base, _, region = norm.partition("-")
    base = base.lower()
    locale = QLocale(base)
    known = locale.language() != QLocale.Language.C
    if base in LANGUAGE_NAMES:
        name = _tr(LANGUAGE_NAMES[base])
    elif known and _tr("English") == "English":  # an English UI: Qt's English names
        name = QLocale.languageToString(locale.language())
    else:  # a translated UI: the language's own name ("español"), which its speakers find
        native = locale.nativeLanguageName() if known else ""
        name = native[:1].upper() + native[1:] if native else code
    region = region.split("-")[-1].upper() if region else ""
    if not region or len(region) != 2:
        return name
    if region in REGION_NAMES:
        where = _tr(REGION_NAMES[region])
    else:
        where = QLocale(f"{base}_{region}").nativeTerritoryName() or region
    if where.upper() == region and not known:
        return name
    return _tr("{0} ({1})").format(name, where)


def voice_label(voice: VoiceInfo) -> str:
    """How a voice is listed: "English (US) — Joe (offline)", in the UI language. The person's
    name stays as it is; espeak-ng voices have none, so their language names them."""
    language = language_name(voice.language) if voice.language else ""
    kind = _tr(ENGINE_KINDS[voice.engine]) if voice.engine in ENGINE_KINDS else voice.engine
    if voice.engine == "edge":
        person = voice.id.rsplit("-", 1)[-1].removesuffix("Neural") or voice.id
    elif voice.engine == "espeak":
        person = ""
        if "pinyin" in voice.id:
            kind = _tr("{0}, pinyin").format(kind)
    else:
        person = voice.name.split(" (", 1)[0].strip()
    if not language:
        return _tr("{0} ({1})").format(person or voice.name, kind)
    if not person:
        return _tr("{0} ({1})").format(language, kind)
    return _tr("{0} — {1} ({2})").format(language, person, kind)


class _VoiceCombo(QComboBox):
    """The editable combo; opening its list asks the catalog for the online lists."""

    opened = Signal()

    def showPopup(self) -> None:
        self.opened.emit()
        super().showPopup()


class VoicePicker(QWidget):
    """Language filter + editable voice combo + Preview. ``voice_chosen`` carries the spec
    ("engine:voice", or "" for the default) when the user picks or types one."""

    voice_chosen = Signal(str)
    preview_ready = Signal(object)  # Path of the sample WAV
    preview_failed = Signal(str)

    play_previews = True  # tests turn sound off

    def __init__(
        self,
        runner: JobRunner,
        default_label: str = "",
        parent: QWidget | None = None,
        *,
        two_rows: bool = False,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.catalog = VoiceCatalog.for_runner(runner)
        self.default_label = default_label or self.tr("(default voice)")
        self._spec = ""
        self._language = ""  # the project's language: what Preview speaks, the first filter
        self._player: Any = None
        self._audio: Any = None
        self.language = QComboBox(self)
        self.language.setToolTip(self.tr("Show the voices of one language"))
        self.language.setMinimumContentsLength(6)
        self.language.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo = _VoiceCombo(self)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMinimumContentsLength(10)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setToolTip(
            self.tr('Pick a voice, or type one as "engine:voice" (e.g. edge:zh-CN-YunxiNeural)')
        )
        self.preview_button = QToolButton(self)
        self.preview_button.setText(self.tr("Preview"))
        self.preview_button.setToolTip(self.tr("Speak a short sample with this voice"))
        if two_rows:  # narrow places (the inspector): the voice, then filter and Preview
            outer = QVBoxLayout(self)
            outer.setContentsMargins(0, 0, 0, 0)
            outer.addWidget(self.combo)
            row = QHBoxLayout()
            outer.addLayout(row)
            row.addWidget(self.language, 1)
            row.addWidget(self.preview_button)
        else:
            row = QHBoxLayout(self)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(self.language)
            row.addWidget(self.combo, 1)
            row.addWidget(self.preview_button)
        self.language.currentIndexChanged.connect(self._fill_voices)
        self.combo.activated.connect(self._on_activated)
        line = self.combo.lineEdit()
        assert line is not None
        line.editingFinished.connect(self._on_edited)
        self.combo.opened.connect(self._on_opened)
        self.preview_button.clicked.connect(self.preview)
        self.catalog.changed.connect(self._on_catalog_changed)
        self._fill_languages()
        self.catalog.load()

    # ------------------------------------------------------------------ API
    def voice(self) -> str:
        """The chosen spec ("" = the default)."""
        return self._spec

    def set_voice(self, spec: str, language: str | None = None) -> None:
        """Show ``spec`` (no signal); ``language`` is the project's (filter and preview)."""
        if language is not None and base_language(language) != self._language:
            self._language = base_language(language)
            self._select_language(self._language)
        self._spec = spec.strip()
        self._show_spec()

    # ------------------------------------------------------------------ list
    def _on_catalog_changed(self) -> None:
        self._fill_languages()
        notes = "\n".join(self.catalog.notes)
        tip = self.tr('Pick a voice, or type one as "engine:voice" (e.g. edge:zh-CN-YunxiNeural)')
        self.combo.setToolTip(f"{tip}\n{notes}" if notes else tip)

    def _fill_languages(self) -> None:
        wanted = self.language.currentData()
        if wanted is None:
            wanted = self._language
        self.language.blockSignals(True)
        self.language.clear()
        self.language.addItem(self.tr("All languages"), "")
        langs = voice_languages(self.catalog.voices)
        if self._language and self._language not in langs:
            langs = sorted({*langs, self._language})
        for code in langs:
            self.language.addItem(language_name(code), code)
        i = self.language.findData(wanted)
        self.language.setCurrentIndex(max(0, i))
        self.language.blockSignals(False)
        self._fill_voices()

    def _select_language(self, code: str) -> None:
        i = self.language.findData(code)
        if i < 0:
            self.language.addItem(language_name(code), code)
            i = self.language.count() - 1
        self.language.setCurrentIndex(i)

    def _fill_voices(self, *_args: object) -> None:
        code = str(self.language.currentData() or "")
        shown = filter_voices(self.catalog.voices, code)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.default_label, "")
        last_engine = ""
        labels: set[str] = set()
        for v in shown:
            if v.engine != last_engine:
                self.combo.insertSeparator(self.combo.count())
                last_engine = v.engine
            label = voice_label(v)
            if label in labels:  # e.g. several espeak-ng voices of one language
                label = f"{label} · {v.id}"
            labels.add(label)
            self.combo.addItem(label, v.spec)
            tip = f"{v.name}\n{v.spec}\n{v.language}" + (f" · {v.gender}" if v.gender else "")
            tip += f"\n{v.quality}" if v.quality else ""
            self.combo.setItemData(self.combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.combo.blockSignals(False)
        self._show_spec()

    def _show_spec(self) -> None:
        self.combo.blockSignals(True)
        i = self.combo.findData(self._spec)
        if i >= 0:
            self.combo.setCurrentIndex(i)
        else:
            self.combo.setCurrentIndex(-1)
            self.combo.setEditText(self._spec)
        self.combo.blockSignals(False)

    def _on_opened(self) -> None:
        if not self.catalog.online_loaded:
            self.catalog.load(online=True)

    # ------------------------------------------------------------------ choosing
    def _spec_from_text(self) -> str:
        text = self.combo.currentText().strip()
        if text == self.default_label or not text:
            return ""
        i = self.combo.findText(text)
        if i >= 0:
            return str(self.combo.itemData(i) or "")
        return text

    def _on_activated(self, index: int) -> None:
        self._choose(str(self.combo.itemData(index) or ""))

    def _on_edited(self) -> None:
        self._choose(self._spec_from_text())

    def _choose(self, spec: str) -> None:
        if spec == self._spec:
            return
        self._spec = spec
        self._show_spec()
        self.voice_chosen.emit(spec)

    # ------------------------------------------------------------------ preview
    def preview(self) -> None:
        """Speak the sample with the shown voice (what is typed, even before it is chosen)."""
        spec = self._spec_from_text()
        language = self._language or "en"
        try:
            fn = preview_job(spec, language)
        except Exception as exc:  # noqa: BLE001 - a bad spec: told, never raised
            self.preview_failed.emit(str(exc))
            return
        self.preview_button.setEnabled(False)

        def done(path: Path) -> None:
            try:
                self.preview_button.setEnabled(True)
                self._play(path)
                self.preview_ready.emit(path)
            except RuntimeError:  # the picker (a table cell's editor) is gone meanwhile
                pass

        def failed(message: str) -> None:
            try:
                self.preview_button.setEnabled(True)
                self.preview_failed.emit(message)
            except RuntimeError:
                pass

        def cancelled() -> None:
            try:
                self.preview_button.setEnabled(True)
            except RuntimeError:
                pass

        self.runner.run(self.tr("Previewing a voice"), fn, done, failed, on_cancel=cancelled)

    def _play(self, path: Path) -> None:
        if not (self.play_previews and HAVE_MULTIMEDIA):
            return
        if self._player is None:
            self._player = QMediaPlayer(self)
            self._audio = QAudioOutput(self)
            self._player.setAudioOutput(self._audio)
        self._player.stop()
        self._player.setSource(QUrl.fromLocalFile(str(path)))
        self._player.play()


__all__ = ["HAVE_MULTIMEDIA", "VoiceCatalog", "VoicePicker", "language_name"]
