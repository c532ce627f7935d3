"""Voice tests: the local edge-tts and OpenAI servers, an isolated keyring, hermetic network."""

from __future__ import annotations

from servers.fixtures import *  # noqa: F403
