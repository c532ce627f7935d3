"""Settings: UI language and folders, rendering, AI providers and API keys (OS keyring, shown
masked, "Test connection"), the voice engine order, proxy and monthly budgets.

Settings live in the store (never keys: those go through ``secrets``); the UI language also goes
to the UI settings file so it applies before the store is opened. Keyring access and connection
tests run as jobs.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import BadInputError, ShortVidError
from ..session import ai, farm, keys
from ..session.autosave import DEFAULT_IDLE_S, SETTING_IDLE
from ..session.exports import SETTING_ENCODER, SETTING_LAST_FOLDER, SETTING_QUALITY
from ..session.media import working_hardware_encoders
from ..session.settings import (
    DEFAULT_ORDER,
    SETTING_BUDGETS,
    SETTING_CHAIN,
    SETTING_FARM_BROKER,
    SETTING_FARM_DEADLINE,
    SETTING_FARM_MODE,
    SETTING_FARM_STORAGE,
    SETTING_FARM_WORKER_WAIT,
    SETTING_PROVIDER,
    SETTING_PROXY,
    Store,
    StoreError,
    check_order,
    check_proxy,
)
from .jobs import JobRunner
from .state import ui_settings

SETTING_PROJECT_FOLDER = "projects.folder"
LANGUAGES = (("", "System"), ("en_US", "English"), ("zh_CN", "简体中文"))


class SettingsDialog(QDialog):
    language_changed = Signal(str)  # "" (system), "en_US", "zh_CN"
    saved = Signal()

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(self.tr("Settings"))
        self.setModal(False)
        self.resize(640, 520)
        self.tabs = QTabWidget(self)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self._providers: list[dict[str, Any]] = []
        self._wanted_encoder = ""
        self._farm_password_stored = False
        self._build_general()
        self._build_render()
        self._build_ai()
        self._build_voices()
        self._build_network()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Apply).setText(self.tr("Apply"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.load()

    # ------------------------------------------------------------------ pages
    def _page(self, title: str) -> QFormLayout:
        page = QWidget()
        form = QFormLayout(page)
        self.tabs.addTab(page, title)
        return form

    def _folder_row(self, edit: QLineEdit) -> QWidget:
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(edit, 1)
        b = QToolButton(row)
        b.setText("…")
        b.clicked.connect(lambda: self._pick_folder(edit))
        h.addWidget(b)
        return row

    def _pick_folder(self, edit: QLineEdit) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"), edit.text())
        if path:
            edit.setText(path)

    def _build_general(self) -> None:
        f = self._page(self.tr("General"))
        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(self.tr("System") if not code else name, code)
        self.project_folder = QLineEdit()
        self.export_folder = QLineEdit()
        self.autosave = QSpinBox()
        self.autosave.setRange(1, 600)
        self.autosave.setSuffix(self.tr(" s"))
        f.addRow(self.tr("Language"), self.language)
        f.addRow(self.tr("Projects folder"), self._folder_row(self.project_folder))
        f.addRow(self.tr("Export folder"), self._folder_row(self.export_folder))
        f.addRow(self.tr("Autosave after idle"), self.autosave)

    def _build_render(self) -> None:
        f = self._page(self.tr("Rendering", "settings tab"))
        self.quality = QComboBox()
        for key, label in (
            ("", self.tr("As the template says")),
            ("draft", self.tr("Draft (fast)")),
            ("standard", self.tr("Standard")),
            ("high", self.tr("High (slow)")),
        ):
            self.quality.addItem(label, key)
        self.encoder = QComboBox()
        self.encoder.addItem(self.tr("Automatic (hardware when it works, else libx264)"), "")
        self.encoder.addItem(self.tr("libx264 (software)"), "libx264")
        note = QLabel(
            self.tr(
                "A hardware encoder is offered only after a one-frame test encode worked on "
                "this computer; an export falls back to libx264 when it fails."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("hint")
        f.addRow(self.tr("Default quality"), self.quality)
        f.addRow(self.tr("Encoder"), self.encoder)
        f.addRow("", note)
        self._build_farm(f)

    def _build_farm(self, f: QFormLayout) -> None:
        """Where exports render: this computer, or the render farm (broker, storage, the
        broker's password in the keyring, Test connection listing the live workers)."""
        self.render_here = QRadioButton(self.tr("This computer"))
        self.render_farm = QRadioButton(self.tr("Farm"))
        self.render_here.setChecked(True)
        self._where = QButtonGroup(self)
        self._where.addButton(self.render_here)
        self._where.addButton(self.render_farm)
        where = QWidget()
        h = QHBoxLayout(where)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.render_here)
        h.addWidget(self.render_farm)
        h.addStretch(1)
        self.farm_broker = QLineEdit()
        self.farm_broker.setPlaceholderText("redis://farm-host:6379/0")
        self.farm_storage = QLineEdit()
        self.farm_storage.setPlaceholderText("s3://bucket/prefix  " + self.tr("or") + "  file:///…")
        self.farm_password = QLineEdit()
        self.farm_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.farm_password_state = QLabel("")
        self.farm_test_button = QPushButton(self.tr("Test connection"))
        self.farm_test_button.clicked.connect(self.test_farm)
        self.farm_result = QLabel("")
        self.farm_result.setWordWrap(True)
        self.farm_workers = QListWidget()
        self.farm_workers.setMaximumHeight(90)
        # how long a farm job may wait (session.farm.farm_waits)
        self.farm_worker_wait = QSpinBox()
        self.farm_worker_wait.setRange(5, 3600)
        self.farm_worker_wait.setSuffix(" s")
        self.farm_worker_wait.setValue(round(farm.WORKER_WAIT_S))
        self.farm_worker_wait.setToolTip(
            self.tr(
                "When nothing has moved for this long, the workers are asked whether they are "
                "there; with none answering the export stops and says so."
            )
        )
        self.farm_deadline = QSpinBox()
        self.farm_deadline.setRange(1, 72)
        self.farm_deadline.setSuffix(" h")
        self.farm_deadline.setValue(round(farm.DEADLINE_S / 3600))
        self.farm_deadline.setToolTip(
            self.tr("A farm export still unfinished after this long is stopped.")
        )
        f.addRow(self.tr("Render exports on"), where)
        f.addRow(self.tr("Broker URL"), self.farm_broker)
        f.addRow(self.tr("Broker password"), self.farm_password)
        f.addRow("", self.farm_password_state)
        f.addRow(self.tr("Storage URL"), self.farm_storage)
        f.addRow(self.farm_test_button, self.farm_result)
        f.addRow("", self.farm_workers)
        f.addRow(self.tr("Wait for a worker"), self.farm_worker_wait)
        f.addRow(self.tr("Longest farm export"), self.farm_deadline)

    def _show_farm(self, chosen: dict[str, str], stored: bool) -> None:
        (self.render_farm if chosen["mode"] == "farm" else self.render_here).setChecked(True)
        self.farm_broker.setText(chosen["broker"])
        self.farm_storage.setText(chosen["storage"])
        self.farm_worker_wait.setValue(round(float(chosen["worker_wait_s"])))
        self.farm_deadline.setValue(max(1, round(float(chosen["deadline_s"]) / 3600)))
        self._farm_password_stored = stored
        self.farm_password.clear()
        if stored:
            self.farm_password.setPlaceholderText("••••••••  " + self.tr("(stored)"))
            self.farm_password_state.setText(self.tr("The password is in the keyring."))
        else:
            self.farm_password.setPlaceholderText("")
            self.farm_password_state.setText(self.tr("No password stored."))

    def _load_farm(self) -> None:
        def run(progress, cancel):
            return farm.farm_settings(), bool(farm.broker_password())

        self.runner.run(
            self.tr("Reading the farm settings"),
            run,
            lambda got: self._show_farm(*got),
            self.farm_result.setText,
            quiet=True,
        )

    def _farm_broker_text(self) -> str:
        """The broker URL as typed; BadInputError when it carries a password (that belongs in
        the keyring, through the password field)."""
        from urllib.parse import urlsplit

        url = self.farm_broker.text().strip()
        try:
            has_password = bool(url) and urlsplit(url).password is not None
        except ValueError:
            has_password = False
        if has_password:
            raise BadInputError(
                self.tr(
                    "Broker URL: leave the password out of the URL and type it in the "
                    "Broker password field (it is kept in the keyring)."
                )
            )
        return url

    def test_farm(self) -> None:
        """Run farm_status with the typed broker (and the typed or stored password) as a job;
        list the live workers, or say what went wrong."""
        try:
            url = self._farm_broker_text()
        except BadInputError as exc:
            self.farm_result.setText("✗ " + str(exc))
            return
        if not url:
            self.farm_result.setText("✗ " + self.tr("Type the broker URL first."))
            return
        typed = self.farm_password.text()
        self.farm_workers.clear()
        self.farm_result.setText(self.tr("Testing the farm…"))

        def run(progress, cancel):
            password = typed or farm.broker_password()
            return farm.farm_status(farm.with_password(url, password), timeout=2.0)

        def done(workers) -> None:
            self.farm_workers.clear()
            for w in workers:
                self.farm_workers.addItem(
                    self.tr("{0}: version {1}, {2} of {3} busy").format(
                        w["name"], w["version"], w["active"], w["concurrency"]
                    )
                )
            if workers:
                self.farm_result.setText(
                    "✓ " + self.tr("Connected: {0} live workers.").format(len(workers))
                )
            else:
                self.farm_result.setText(
                    "✗ " + self.tr("Connected, but no worker answered: start `shortvid worker`.")
                )

        self.runner.run(
            self.tr("Testing the farm"),
            run,
            done,
            lambda m: self.farm_result.setText("✗ " + m),
            quiet=True,
        )

    def _save_farm_password(self) -> None:
        value = self.farm_password.text()
        if not value:
            return

        def run(progress, cancel):
            return farm.set_broker_password(value)

        def done(where) -> None:
            self._farm_password_stored = True
            self.farm_password.clear()
            self.farm_password.setPlaceholderText("••••••••  " + self.tr("(stored)"))
            self.farm_password_state.setText(self.tr("The password is in the keyring."))

        self.runner.run(
            self.tr("Saving the broker password"),
            run,
            done,
            self.farm_password_state.setText,
            quiet=True,
        )

    def _build_ai(self) -> None:
        page = QWidget()
        v = QVBoxLayout(page)
        self.provider_list = QListWidget(page)
        self.provider_list.currentRowChanged.connect(self._on_provider_selected)
        form = QFormLayout()
        self.base_url = QLineEdit()
        self.model = QLineEdit()
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_state = QLabel("")
        self.default_provider = QComboBox()
        form.addRow(self.tr("Base URL"), self.base_url)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.tr("API key"), self.api_key)
        form.addRow("", self.key_state)
        row = QHBoxLayout()
        self.save_key_button = QPushButton(self.tr("Save key"))
        self.delete_key_button = QPushButton(self.tr("Delete key"))
        self.test_button = QPushButton(self.tr("Test connection"))
        self.save_key_button.clicked.connect(self._save_key)
        self.delete_key_button.clicked.connect(self._delete_key)
        self.test_button.clicked.connect(self.test_connection)
        row.addWidget(self.save_key_button)
        row.addWidget(self.delete_key_button)
        row.addStretch(1)
        row.addWidget(self.test_button)
        self.test_result = QLabel("")
        self.test_result.setWordWrap(True)
        dform = QFormLayout()
        dform.addRow(self.tr("Use for scripts"), self.default_provider)
        v.addLayout(dform)
        v.addWidget(self.provider_list, 1)
        v.addLayout(form)
        v.addLayout(row)
        v.addWidget(self.test_result)
        self.tabs.addTab(page, self.tr("AI providers"))

    def _build_voices(self) -> None:
        page = QWidget()
        v = QVBoxLayout(page)
        hint = QLabel(
            self.tr("Voice engines are tried in this order; when one fails the next one speaks.")
        )
        hint.setWordWrap(True)
        self.voice_order = QListWidget(page)
        up = QPushButton(self.tr("Up"))
        down = QPushButton(self.tr("Down"))
        up.clicked.connect(lambda: self._move_voice(-1))
        down.clicked.connect(lambda: self._move_voice(1))
        row = QHBoxLayout()
        row.addWidget(up)
        row.addWidget(down)
        row.addStretch(1)
        v.addWidget(hint)
        v.addWidget(self.voice_order, 1)
        v.addLayout(row)
        self.tabs.addTab(page, self.tr("Voices"))

    def _build_network(self) -> None:
        f = self._page(self.tr("Network and budget"))
        self.proxy = QLineEdit()
        self.proxy.setPlaceholderText(self.tr("empty = system proxy; 'direct' = none"))
        self.budget_provider = QComboBox()
        self.budget = QDoubleSpinBox()
        self.budget.setRange(0, 100000)
        self.budget.setPrefix("$")
        self.budget.setSpecialValueText(self.tr("no limit"))
        self.budget_provider.currentIndexChanged.connect(self._on_budget_provider)
        self.budget.valueChanged.connect(self._on_budget_value)
        f.addRow(self.tr("Proxy"), self.proxy)
        f.addRow(self.tr("Monthly budget for"), self.budget_provider)
        f.addRow(self.tr("Budget (USD)"), self.budget)
        self._budgets: dict[str, float] = {}

    # ------------------------------------------------------------------ load / save
    def load(self) -> None:
        lang = str(ui_settings().value("ui/language", "") or "")
        self.language.setCurrentIndex(max(0, self.language.findData(lang)))
        try:
            with Store() as store:
                get = store.get_setting
                self.project_folder.setText(str(get(SETTING_PROJECT_FOLDER, "") or ""))
                self.export_folder.setText(str(get(SETTING_LAST_FOLDER, "") or ""))
                self.autosave.setValue(int(float(get(SETTING_IDLE, DEFAULT_IDLE_S))))
                self.quality.setCurrentIndex(
                    max(0, self.quality.findData(get(SETTING_QUALITY, "")))
                )
                self._wanted_encoder = str(get(SETTING_ENCODER, "") or "")
                self.encoder.setCurrentIndex(max(0, self.encoder.findData(self._wanted_encoder)))
                self.proxy.setText(str(get(SETTING_PROXY, "") or ""))
                budgets = get(SETTING_BUDGETS, {}) or {}
                self._budgets = {str(k): float(v) for k, v in dict(budgets).items()}
                chain = get(SETTING_CHAIN, list(DEFAULT_ORDER))
                self._default = str(get(SETTING_PROVIDER, "") or "")
        except (StoreError, OSError, ValueError, TypeError) as exc:
            self.status.setText(self.tr("Cannot read the settings: {0}").format(exc))
            chain, self._default = list(DEFAULT_ORDER), ""
            self._wanted_encoder = ""
        self.voice_order.clear()
        names = list(chain if isinstance(chain, list) else str(chain).split(","))
        for extra in DEFAULT_ORDER:
            if extra not in names:
                names.append(extra)
        self.voice_order.addItems([str(n) for n in names])
        self._load_providers()
        self._probe_encoders()
        self._load_farm()

    def _probe_encoders(self) -> None:
        def run(progress, cancel):
            return working_hardware_encoders()

        def done(names) -> None:
            wanted = self._wanted_encoder
            for name in names:
                if self.encoder.findData(name) < 0:
                    self.encoder.addItem(name, name)
            self.encoder.setCurrentIndex(max(0, self.encoder.findData(wanted)))

        self.runner.run(self.tr("Testing encoders"), run, done, quiet=True)

    def _load_providers(self) -> None:
        def run(progress, cancel):
            with Store() as store:
                return ai.provider_table(store)

        def done(rows) -> None:
            self._providers = list(rows)
            self.provider_list.clear()
            self.default_provider.clear()
            self.default_provider.addItem(self.tr("None (offline helper)"), "")
            self.budget_provider.clear()
            for r in self._providers:
                self.provider_list.addItem(f"{r['label']} ({r['name']})")
                self.default_provider.addItem(r["label"], r["name"])
                self.budget_provider.addItem(r["label"], r["name"])
            self.default_provider.setCurrentIndex(
                max(0, self.default_provider.findData(self._default))
            )
            if self._providers:
                self.provider_list.setCurrentRow(0)

        self.runner.run(self.tr("Reading AI providers"), run, done, self.status.setText, quiet=True)

    def _provider(self) -> dict[str, Any] | None:
        row = self.provider_list.currentRow()
        return self._providers[row] if 0 <= row < len(self._providers) else None

    def _on_provider_selected(self, _row: int) -> None:
        p = self._provider()
        if p is None:
            return
        self.base_url.setText(p.get("base_url", ""))
        self.model.setText(p.get("model", ""))
        self._show_key_state(p)
        self.test_result.setText(p.get("notes", ""))

    def _show_key_state(self, p: dict[str, Any]) -> None:
        self.api_key.clear()
        where = p.get("key")
        if where:
            self.api_key.setPlaceholderText("••••••••  " + self.tr("(stored)"))
            self.key_state.setText(self.tr("A key is stored ({0}).").format(where))
        else:
            self.api_key.setPlaceholderText("")
            needs = p.get("needs_key")
            self.key_state.setText(
                self.tr("No key stored.") if needs else self.tr("This provider needs no key.")
            )

    def _save_key(self) -> None:
        p = self._provider()
        value = self.api_key.text().strip()
        if p is None or not value:
            self.key_state.setText(self.tr("Type the key first."))
            return
        name = p["name"]

        def run(progress, cancel):
            return keys.set_key(name, value)

        def done(where) -> None:
            p["key"] = where
            self._show_key_state(p)

        self.runner.run(self.tr("Saving the key"), run, done, self.key_state.setText, quiet=True)

    def _delete_key(self) -> None:
        p = self._provider()
        if p is None:
            return
        name = p["name"]

        def run(progress, cancel):
            return keys.delete_key(name)

        def done(_where) -> None:
            p["key"] = None
            self._show_key_state(p)

        self.runner.run(self.tr("Deleting the key"), run, done, self.key_state.setText, quiet=True)

    def test_connection(self) -> None:
        p = self._provider()
        if p is None:
            return
        name, url, model = p["name"], self.base_url.text().strip(), self.model.text().strip()
        self.test_result.setText(self.tr("Testing {0}…").format(p["label"]))

        def run(progress, cancel):
            return ai.check_connection(
                name, model=model or None, base_url=url or None, cancel=cancel
            )

        def done(report) -> None:
            mark = "✓" if report.ok else "✗"
            self.test_result.setText(f"{mark} {report.message}")

        self.runner.run(
            self.tr("Testing the connection"),
            run,
            done,
            lambda m: self.test_result.setText("✗ " + m),
            quiet=True,
        )

    def _move_voice(self, delta: int) -> None:
        row = self.voice_order.currentRow()
        if row < 0 or not 0 <= row + delta < self.voice_order.count():
            return
        item = self.voice_order.takeItem(row)
        self.voice_order.insertItem(row + delta, item)
        self.voice_order.setCurrentRow(row + delta)

    def _on_budget_provider(self) -> None:
        name = self.budget_provider.currentData()
        self.budget.blockSignals(True)
        self.budget.setValue(self._budgets.get(str(name), 0.0))
        self.budget.blockSignals(False)

    def _on_budget_value(self, value: float) -> None:
        name = self.budget_provider.currentData()
        if name:
            if value > 0:
                self._budgets[str(name)] = value
            else:
                self._budgets.pop(str(name), None)

    def apply(self) -> bool:
        try:
            proxy = check_proxy(self.proxy.text())
            order = check_order(
                [self.voice_order.item(i).text() for i in range(self.voice_order.count())]
            )
            broker = self._farm_broker_text()
            storage = self.farm_storage.text().strip()
            use_farm = self.render_farm.isChecked()
            if use_farm and (not broker or not storage):
                raise BadInputError(
                    self.tr(
                        "Farm: type the broker URL and the storage URL (or choose This computer)."
                    )
                )
            with Store() as store:
                store.set_setting(SETTING_FARM_MODE, "farm" if use_farm else "local")
                store.set_setting(SETTING_FARM_BROKER, broker)
                store.set_setting(SETTING_FARM_STORAGE, storage)
                store.set_setting(SETTING_FARM_WORKER_WAIT, self.farm_worker_wait.value())
                store.set_setting(SETTING_FARM_DEADLINE, self.farm_deadline.value() * 3600)
                store.set_setting(SETTING_PROJECT_FOLDER, self.project_folder.text().strip())
                store.set_setting(SETTING_LAST_FOLDER, self.export_folder.text().strip())
                store.set_setting(SETTING_IDLE, self.autosave.value())
                store.set_setting(SETTING_QUALITY, self.quality.currentData() or "")
                store.set_setting(SETTING_ENCODER, self.encoder.currentData() or "")
                store.set_setting(SETTING_PROXY, proxy)
                store.set_setting(SETTING_BUDGETS, self._budgets)
                store.set_setting(SETTING_CHAIN, order)
                if self._providers:
                    store.set_setting(SETTING_PROVIDER, self.default_provider.currentData() or "")
                    p = self._provider()
                    if p is not None and (
                        self.base_url.text().strip() != p.get("base_url", "")
                        or self.model.text().strip() != p.get("model", "")
                    ):
                        ai.configure_provider(
                            store,
                            p["name"],
                            base_url=self.base_url.text().strip(),
                            model=self.model.text().strip(),
                        )
        except (BadInputError, ShortVidError, StoreError, OSError) as exc:
            self.status.setText(str(exc))
            return False
        lang = str(self.language.currentData() or "")
        settings = ui_settings()
        old = str(settings.value("ui/language", "") or "")
        settings.setValue("ui/language", lang)
        settings.sync()
        self._save_farm_password()
        self.status.setText(self.tr("Saved."))
        self.saved.emit()
        if lang != old:
            self.language_changed.emit(lang)
        return True

    def _on_ok(self) -> None:
        if self.apply():
            self.accept()


__all__ = ["SettingsDialog", "Qt"]
