"""Helpers of the tests that build the app as people get it (the wheel, the bundle): a clean copy
of the tree, lines on the terminal that output capture does not swallow, and an early start: the
build begins when the tests are collected and runs in a thread beside the other tests, so that on
CI its minutes overlap the rest of the suite instead of adding to it. The fixture that needs the
build waits for it (or runs it then, when nothing started it early); what it builds and checks is
the same either way."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


class EarlyBuild:
    """One build in a thread: its result, or the exception it raised (``pytest.fail`` too)."""

    def __init__(self, work: Callable[[EarlyBuild], Any]) -> None:
        self._work = work
        self._procs: list[subprocess.Popen] = []
        self._lock = threading.Lock()
        self._stopped = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="early-build", daemon=True)

    def _run(self) -> None:
        try:
            self.result = self._work(self)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the fixture's thread
            self.error = exc

    def run(self, args: list[str], *, timeout: float, **kwargs: Any) -> subprocess.CompletedProcess:
        """``subprocess.run(args, capture_output=True, text=True)`` that ``stop`` can end, with
        the whole process group (PyInstaller's, pip's children)."""
        with self._lock:
            if self._stopped:
                raise RuntimeError("the test session ended")
            proc = subprocess.Popen(
                args,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
                **kwargs,
            )
            self._procs.append(proc)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            out, err = proc.communicate()
            raise
        return subprocess.CompletedProcess(args, proc.returncode, out, err)

    def wait(self, timeout: float) -> Any:
        self.thread.join(timeout)
        if self.thread.is_alive():
            pytest.fail(f"the build did not end within {timeout:.0f} s")
        if self.error is not None:
            raise self.error
        return self.result

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            for proc in self._procs:
                if proc.poll() is None:
                    _kill_group(proc)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()


_EARLY: dict[str, EarlyBuild] = {}


def start_early(name: str, work: Callable[[EarlyBuild], Any]) -> None:
    """Start ``work(build)`` now, in a thread; ``take_build(name, ...)`` gets its result."""
    if name not in _EARLY:
        build = _EARLY[name] = EarlyBuild(work)
        build.thread.start()


def take_build(name: str, work: Callable[[EarlyBuild], Any], timeout: float) -> Any:
    """The result of the build started early under ``name``, or of ``work`` run now."""
    build = _EARLY.get(name)
    if build is None:
        build = _EARLY[name] = EarlyBuild(work)
        build.thread.start()
    return build.wait(timeout)


def start_early_builds(session: pytest.Session) -> None:
    """Each collected test module's ``start_early_build(config)``, if it has one."""
    if session.config.option.collectonly:
        return
    modules = {}
    for item in session.items:
        module = getattr(item, "module", None)
        if module is not None and hasattr(module, "start_early_build"):
            modules[module.__name__] = module
    for module in modules.values():
        module.start_early_build(session.config)


def stop_early_builds() -> None:
    """At the session's end: no build left running (an interrupted or -x run)."""
    for build in _EARLY.values():
        build.stop()
