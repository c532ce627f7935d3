"""Fault tests: the local OpenAI-protocol server, an isolated keyring, hermetic network."""

from servers.fixtures import *  # noqa: F403
