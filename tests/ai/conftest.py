"""AI tests: the local OpenAI and edge-tts servers, an isolated keyring, hermetic network."""

from __future__ import annotations

import pytest
from servers.fixtures import *  # noqa: F403


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "secret_service: uses the real Secret Service (gnome-keyring under dbus-run-session)",
    )
