"""Layer rules: only qt/ imports PySide6 (import-linter contracts in pyproject.toml), and
everything outside qt/ works with PySide6 absent."""

from __future__ import annotations

import subprocess
import sys
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
