"""Helpers of the tests that build the app as people get it (the wheel, the bundle): a clean copy
of the tree, and lines on the terminal that output capture does not swallow."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def say(config: pytest.Config, tag: str, line: str) -> None:
    """A line on the terminal even under output capture (the measured figures)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None:
        return
    if capture is None:
        reporter.write_line(f"[{tag}] {line}")
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(f"[{tag}] {line}")


def tree_files() -> list[str]:
    """The files git would commit (tracked and new, not ignored) that are in the work tree."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    names = (os.fsdecode(raw) for raw in listed.split(b"\0") if raw)
    return sorted(name for name in names if (REPO / name).is_file())


def clean_copy(dest: Path) -> None:
    """This tree without its build outputs, caches, egg-info and virtual environment."""
    try:
        files = tree_files()
    except (OSError, subprocess.CalledProcessError):
        ignore = shutil.ignore_patterns(
            ".git", ".venv", "dist", "work", "lib", "__pycache__", "*.egg-info", ".*_cache"
        )
        shutil.copytree(REPO, dest, ignore=ignore, dirs_exist_ok=True)
        return
    for rel in files:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, target)
