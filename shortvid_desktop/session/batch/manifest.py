"""A batch manifest: one row = one video request (CSV in UTF-8, UTF-8 with BOM or GBK; or JSONL).

Interface shared by the batch queue and runner (session/batch/queue.py, runner.py) and the
Batch window. Parsing lives here; it never raises on a bad row: the row is reported in
``ManifestResult.problems`` with its row number and column, and skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

COLUMNS = (
    "topic",
    "text",
    "script",
    "media",
    "music",
    "template",
    "voice",
    "lang",
    "seconds",
    "aspect",
    "variants",
    "name",
    "seed",
)


@dataclass(frozen=True)
class BatchRequest:
    """One video request: a manifest row (variants expand later, in the queue)."""

    row: int  # 1-based data row number as the user sees it (CSV: line of the row; JSONL: line)
    name: str  # safe file stem: the `name` column, else made from topic/text (unique in the manifest)
    topic: str = ""
    text: str = ""
    script: str = ""  # path to a script file (resolved against the manifest's folder)
    media: tuple[str, ...] = ()  # resolved absolute paths (folder/glob/`;`-list expanded)
    music: str = ""  # a file or a folder (a folder gives each variant another track)
    template: str = ""
    voice: str = ""
    lang: str = "auto"
    seconds: int = 0  # 0 = the default length
    aspect: str = ""  # "9:16", "16:9", "1:1", "4:5" or "" for the template's
    variants: int = 1
    seed: int = 0


@dataclass(frozen=True)
class ManifestProblem:
    row: int  # 0 for the manifest as a whole
    column: str  # "" when not about one column
    message: str  # plain words, says what to do

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "manifest"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass
class ManifestResult:
    path: Path
    requests: list[BatchRequest] = field(default_factory=list)
    problems: list[ManifestProblem] = field(default_factory=list)


def read_manifest(path: str | Path) -> ManifestResult:
    """Parse a manifest. Raises core.errors.BadInputError only when the file as a whole is
    unusable (missing, unreadable, not CSV/JSONL, no usable column); bad rows go to problems."""
    raise NotImplementedError  # filled in by the manifest work
