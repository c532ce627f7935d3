"""Layer rules: only qt/ imports PySide6 (import-linter contracts in pyproject.toml), and
everything outside qt/ works with PySide6 absent."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    code = (
        "import sys; from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(no_cache=True))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


SERVICES = ("ai", "voice", "store", "render", "media", "net", "secrets", "stock", "farm")
FRONT_ENDS = (
    "shortvid_desktop.qt",
    "shortvid_desktop.cli",
    "shortvid_desktop.cli_ai",
    "shortvid_desktop.cli_batch",
    "shortvid_desktop.cli_farm",
    "shortvid_desktop.cli_common",
)


def test_the_window_and_the_cli_reach_services_only_through_session() -> None:
    """The contract exists (so it cannot be dropped quietly) and holds on the real import graph:
    no module of qt/ or the CLI imports ai, voice, store, render, media, net, secrets, stock or
    farm."""
    import grimp

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    services = {f"shortvid_desktop.{name}" for name in SERVICES}
    door = [
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if c["type"] == "forbidden" and services <= set(c["forbidden_modules"])
    ]
    assert door and set(FRONT_ENDS) <= set(door[0]["source_modules"])
    graph = grimp.build_graph("shortvid_desktop", cache_dir=None)
    for front in FRONT_ENDS:
        modules = {front} | graph.find_descendants(front)
        for module in modules:
            direct = {
                m
                for m in graph.find_modules_directly_imported_by(module)
                if any(m == s or m.startswith(s + ".") for s in services)
            }
            assert not direct, f"{module} imports {sorted(direct)}: go through session/"


def test_cli_and_cli_ai_import_each_other_one_way_only() -> None:
    import grimp

    graph = grimp.build_graph("shortvid_desktop", cache_dir=None)
    assert graph.find_shortest_chain("shortvid_desktop.cli_ai", "shortvid_desktop.cli") is None


BLOCK_QT = """
import importlib.abc, sys
class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("PySide6 is absent in this run")
sys.meta_path.insert(0, NoQt())
import pkgutil, importlib, shortvid_desktop
for m in pkgutil.walk_packages(shortvid_desktop.__path__, "shortvid_desktop."):
    if m.name.startswith("shortvid_desktop.qt"):
        continue
    importlib.import_module(m.name)
from shortvid_desktop.cli import main
sys.exit(main(["make", "--text", "No Qt here.", "--size", "120x214", "--fps", "24",
               "--quality", "draft", "-o", sys.argv[1]]))
"""


def test_everything_outside_qt_runs_without_pyside6(tmp_path: Path) -> None:
    out = tmp_path / "noqt.mp4"
    proc = subprocess.run(
        [sys.executable, "-c", BLOCK_QT, str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert out.is_file()
