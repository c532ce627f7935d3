"""The application's front door (used by the window and the CLI)."""

from .session import (
    BuildReport,
    Session,
    builtin_templates,
    default_template,
    sample_music,
    sample_script,
    sample_visuals,
)

__all__ = [
    "BuildReport",
    "Session",
    "builtin_templates",
    "default_template",
    "sample_music",
    "sample_script",
    "sample_visuals",
]
