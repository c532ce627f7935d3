"""A batch manifest: one row = one video request (CSV in UTF-8, UTF-8 with BOM or GBK; or JSONL).

Interface shared by the batch queue and runner (session/batch/queue.py, runner.py) and the
Batch window. Parsing lives here; it never raises on a bad row: the row is reported in
``ManifestResult.problems`` with its row number and column, and skipped.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from ...core.errors import BadInputError

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
    # safe file stem: the `name` column, else made from topic/text (unique in the manifest)
    name: str
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


# --------------------------------------------------------------------------- reading
PICTURE_CLIP_EXTENSIONS = frozenset(
    ".jpg .jpeg .png .webp .bmp .gif .tif .tiff .heic .heif .avif "
    ".mp4 .mov .m4v .mkv .webm .avi .mpg .mpeg .wmv .flv .3gp .ts .mts".split()
)
AUDIO_EXTENSIONS = frozenset(".mp3 .wav .m4a .aac .flac .ogg .oga .opus .wma .aiff .aif".split())
ASPECTS = ("9:16", "16:9", "1:1", "4:5")
LIMITS = {"seconds": (5, 600), "variants": (1, 20), "seed": (0, 2**31 - 1)}
NAME_MAX = 80  # characters of a name before `-<n>.mp4`

_ASPECT_WORDS = {
    "portrait": "9:16",
    "vertical": "9:16",
    "landscape": "16:9",
    "horizontal": "16:9",
    "square": "1:1",
}
_WINDOWS_ILLEGAL = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.I)
_LANG = re.compile(r"^(auto|[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*)$")
_GLOB_CHARS = re.compile(r"[*?\[]")
_NUMBER_SUFFIX = re.compile(r"^\s*(-?\d+(?:\.0*)?)\s*(s|sec|secs|seconds|秒)?\s*$", re.I)
_DIGITS = re.compile(r"(\d+)")


def natural_key(path: Path) -> list[object]:
    """Sort key for names as people expect: img2 before img10, case-blind."""
    return [int(p) if p.isdigit() else p.casefold() for p in _DIGITS.split(path.name)]


def _whole_file_error(path: Path, message: str) -> BadInputError:
    return BadInputError(f"Manifest {path}: {message}", path=str(path))


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode text"), else GBK
    (GB18030, a superset) as Excel writes CSV on Chinese Windows."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise _whole_file_error(
            path, "this is not a text file. Save the table as CSV (UTF-8) or write JSONL."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise _whole_file_error(
            path,
            "the text is neither UTF-8 nor GBK. Save it again as 'CSV UTF-8' (Excel: Save As, "
            "CSV UTF-8) and try again.",
        ) from None


def _looks_like_json(text: str) -> bool:
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        return s.startswith(("{", "["))
    return False


def _delimiter(header_line: str) -> str:
    """The delimiter of a CSV from its header line: the most frequent of , ; tab | (Excel in
    many European locales writes `;`); a header of one column gives `,`."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(path: Path, text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header cells and (line number, cells) of each non-empty data row."""
    lines = text.splitlines(keepends=True)
    first = next((ln for ln in lines if ln.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    line_end = 0
    try:
        for cells in reader:
            start = line_end + 1
            line_end = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = cells
                continue
            rows.append((start, cells))
    except csv.Error as exc:
        raise _whole_file_error(
            path, f"line {reader.line_num} cannot be read as CSV ({exc}); check its quotes"
        ) from None
    return header or [], rows


def _json_records(path: Path, text: str) -> list[tuple[int, object]]:
    """(line, value) for JSONL (or a JSON array of objects: (index from 1, value))."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _whole_file_error(
                path, f"not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})"
            ) from None
        if not isinstance(value, list):
            raise _whole_file_error(path, "a JSON manifest must be a list of objects")
        return list(enumerate(value, 1))
    out: list[tuple[int, object]] = []
    for number, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        try:
            out.append((number, json.loads(s)))
        except json.JSONDecodeError as exc:
            out.append((number, _BadJson(f"not valid JSON ({exc.msg} at column {exc.colno})")))
    return out


@dataclass(frozen=True)
class _BadJson:
    """A row that cannot be read at all (not JSON, not an object, too many cells)."""

    message: str


class _RowError(Exception):
    def __init__(self, column: str, message: str) -> None:
        self.column = column
        self.message = message
        super().__init__(message)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _integer(column: str, value: object, default: int) -> int:
    low, high = LIMITS[column]
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, bool):
        raise _RowError(column, f"must be a whole number from {low} to {high}; got {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        m = _NUMBER_SUFFIX.match(str(value))
        if not m:
            raise _RowError(
                column, f"must be a whole number from {low} to {high}; got {str(value)[:40]!r}"
            )
        number = int(float(m.group(1)))
    if not low <= number <= high:
        raise _RowError(column, f"must be from {low} to {high}; got {number}")
    return number


def _aspect(value: str) -> str:
    if not value:
        return ""
    v = value.strip().lower().replace("：", ":").replace("x", ":").replace("/", ":")
    v = _ASPECT_WORDS.get(v, v.replace(" ", ""))
    if v not in ASPECTS:
        raise _RowError("aspect", f"must be one of {', '.join(ASPECTS)}; got {value!r}")
    return v


def _resolve(base: Path, item: str) -> Path:
    p = Path(os.path.expanduser(item.strip().strip('"')))
    return p if p.is_absolute() else base / p


def _files_in(folder: Path, extensions: frozenset[str]) -> list[Path]:
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = [p for p in entries if p.suffix.lower() in extensions and p.is_file()]
    return sorted(found, key=natural_key)


def _media(base: Path, value: object) -> tuple[str, ...]:
    """A folder (its pictures and clips, by name), a glob, or `;`-separated files."""
    if value is None or value == "":
        return ()
    if isinstance(value, list | tuple):
        items = [_text(v) for v in value]
    else:
        items = _text(value).replace("\n", ";").split(";")
    items = [i for i in items if i]
    out: list[Path] = []
    for item in items:
        path = _resolve(base, item)
        if path.is_dir():
            found = _files_in(path, PICTURE_CLIP_EXTENSIONS)
            if not found:
                raise _RowError(
                    "media", f"the folder {path} holds no pictures or video clips; add some"
                )
            out += found
        elif path.is_file():
            out.append(path)
        elif _GLOB_CHARS.search(item):
            pattern = str(path)
            found = sorted(
                (Path(p) for p in glob.glob(pattern, recursive=True) if Path(p).is_file()),
                key=natural_key,
            )
            if not found:
                raise _RowError("media", f"{item!r} matches no files (looked in {path.parent})")
            out += found
        else:
            raise _RowError(
                "media",
                f"{path} not found; fix the path (relative paths start at the manifest's folder)",
            )
    unique = list(dict.fromkeys(os.path.abspath(p) for p in out))
    return tuple(unique)


def _music(base: Path, value: str) -> str:
    if not value:
        return ""
    path = _resolve(base, value)
    if path.is_dir():
        if not _files_in(path, AUDIO_EXTENSIONS):
            raise _RowError("music", f"the folder {path} holds no sound files (mp3, wav, m4a...)")
        return os.path.abspath(path)
    if not path.is_file():
        raise _RowError("music", f"{path} not found; give a sound file or a folder of them")
    return os.path.abspath(path)


def _script_path(base: Path, value: str) -> str:
    if not value:
        return ""
    path = _resolve(base, value)
    if not path.is_file():
        raise _RowError("script", f"the script file {path} not found")
    return os.path.abspath(path)


def safe_name(text: str, limit: int = NAME_MAX) -> str:
    """A file stem that is valid on Windows, macOS and Linux: no path separators or characters
    Windows refuses, no control characters, no trailing dots or spaces, not a reserved device
    name; spaces become `-`; CJK and other letters are kept. May be "" (nothing usable)."""
    s = unicodedata.normalize("NFC", text)
    s = _WINDOWS_ILLEGAL.sub(" ", s)
    s = re.sub(r"\s+", "-", s.strip())
    s = re.sub(r"-{2,}", "-", s).strip("-. ")
    if len(s) > limit:
        s = s[:limit].rstrip("-. ")
    if _WINDOWS_RESERVED.match(s):
        s = f"{s}_"
    return s


def _stems(name: str, variants: int) -> list[str]:
    return [name] if variants == 1 else [f"{name}-{n}" for n in range(1, variants + 1)]


def _unique_name(name: str, variants: int, used: set[str]) -> str:
    """``name``, else ``name-2``, ``name-3``...: the first that neither as a name nor through
    its output stems (``name``, or ``name-1..N`` for variants) meets another row's name or
    stems (compared case-blind, as Windows does)."""

    def taken(stem: str) -> bool:
        return any(s.casefold() in used for s in {stem, *_stems(stem, variants)})

    candidate, n = name, 1
    while taken(candidate):
        n += 1
        candidate = f"{name}-{n}"
    used.update(s.casefold() for s in {candidate, *_stems(candidate, variants)})
    return candidate


def _request(row: int, values: dict[str, object], base: Path) -> BatchRequest:
    for column, value in values.items():  # JSONL: a list only for media, never an object
        if isinstance(value, dict) or (isinstance(value, list) and column != "media"):
            raise _RowError(column, "must be text or a number, not a JSON object or list")
    topic, text = _text(values.get("topic")), _text(values.get("text"))
    script = _script_path(base, _text(values.get("script")))
    if not (topic or text or script):
        raise _RowError("topic", "the row needs a topic, a text or a script file; fill one in")
    lang = _text(values.get("lang")) or "auto"
    if not _LANG.match(lang):
        raise _RowError("lang", f"must be auto or a language code like en, zh, zh-CN; got {lang!r}")
    return BatchRequest(
        row=row,
        name=_text(values.get("name")),  # made safe and unique by the caller
        topic=topic,
        text=text,
        script=script,
        media=_media(base, values.get("media")),
        music=_music(base, _text(values.get("music"))),
        template=_text(values.get("template")),
        voice=_text(values.get("voice")),
        lang=lang,
        seconds=_integer("seconds", values.get("seconds"), 0),
        aspect=_aspect(_text(values.get("aspect"))),
        variants=_integer("variants", values.get("variants"), 1),
        seed=_integer("seed", values.get("seed"), 0),
    )


def _default_name(req: BatchRequest) -> str:
    source = req.topic or req.text or Path(req.script).stem
    first_line = source.strip().splitlines()[0] if source.strip() else ""
    return safe_name(first_line, 40)


def _header_key(cell: str) -> str:
    return cell.strip().lstrip("\ufeff").strip().lower().replace(" ", "_")


def read_manifest(path: str | Path) -> ManifestResult:
    """Parse a manifest. Raises core.errors.BadInputError only when the file as a whole is
    unusable (missing, unreadable, not CSV/JSONL, no usable column); bad rows go to problems."""
    result, records = _read_records(Path(path))
    return _requests(result, records, result.path.parent.absolute())


@dataclass(frozen=True)
class ManifestRow:
    """A manifest row as written, for editing (the Batch window's table): each known column's
    cell as text (a JSONL list of media joined with ``;``); ``problem`` when the row cannot be
    read at all."""

    row: int
    values: dict[str, str]
    problem: str = ""


def read_rows(path: str | Path) -> tuple[list[ManifestRow], list[ManifestProblem]]:
    """The rows of a manifest as written (nothing resolved or checked) and the problems of
    the file as a whole (unknown or repeated columns). Raises BadInputError like
    ``read_manifest``; ``check_rows`` checks the rows, edited or not."""
    result, records = _read_records(Path(path))
    rows: list[ManifestRow] = []
    for row, values in records:
        if isinstance(values, _BadJson):
            rows.append(ManifestRow(row, {}, values.message))
            continue
        cells = {}
        for key, value in values.items():
            if isinstance(value, list | tuple):
                cells[key] = ";".join(_text(v) for v in value)
            elif not isinstance(value, dict):
                cells[key] = _text(value)
        rows.append(ManifestRow(row, cells))
    return rows, [p for p in result.problems if p.row == 0]


def check_rows(
    rows: list[tuple[int, dict[str, object]]], base: str | Path, path: str | Path = ""
) -> ManifestResult:
    """``rows`` ((row number, column -> value)) parsed as ``read_manifest`` parses a file's:
    relative paths start at ``base``; each bad row is in ``problems``, named by its number."""
    records: list[tuple[int, dict[str, object] | _BadJson]] = [
        (row, {k: v for k, v in values.items() if k in COLUMNS}) for row, values in rows
    ]
    return _requests(ManifestResult(path=Path(path or base)), records, Path(base).absolute())


def _read_records(
    p: Path,
) -> tuple[ManifestResult, list[tuple[int, dict[str, object] | _BadJson]]]:
    """The file's rows (column -> raw value, or why the row cannot be read) and the problems
    of the file as a whole."""
    if p.is_dir():
        raise _whole_file_error(p, "this is a folder; give the CSV or JSONL file")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise _whole_file_error(p, "file not found; check the path") from None
    except OSError as exc:
        raise _whole_file_error(p, f"cannot be read ({exc.strerror or exc})") from None
    text = _decode(p, data)
    if not text.strip():
        raise _whole_file_error(
            p,
            "the file is empty; write a header row (e.g. topic,media,variants) and one row "
            "per video",
        )
    result = ManifestResult(path=p)
    records: list[tuple[int, dict[str, object] | _BadJson]] = []
    unknown: list[str] = []
    recognised = False
    json_like = p.suffix.lower() in (".jsonl", ".ndjson", ".json") or (
        p.suffix.lower() not in (".csv", ".tsv", ".txt") and _looks_like_json(text)
    )
    if json_like:
        raw = _json_records(p, text)
        if raw and all(isinstance(v, _BadJson) for _, v in raw):
            first_line, first_bad = raw[0]
            assert isinstance(first_bad, _BadJson)
            raise _whole_file_error(
                p,
                f"line {first_line}: {first_bad.message}. Write one JSON object per line, "
                'e.g. {"topic": "Why cats purr", "variants": 3}',
            )
        for row, value in raw:
            if isinstance(value, _BadJson):
                records.append((row, value))
                continue
            if not isinstance(value, dict):
                records.append((row, _BadJson('must be a JSON object like {"topic": "..."}')))
                continue
            values: dict[str, object] = {}
            for key, v in value.items():
                k = _header_key(str(key))
                if k in COLUMNS:
                    recognised = True
                    values.setdefault(k, v)
                elif k not in unknown:
                    unknown.append(k)
            records.append((row, values))
        what = "key"
    else:
        header, rows = _csv_rows(p, text)
        keys = [_header_key(c) for c in header]
        recognised = any(k in COLUMNS for k in keys)
        for k in keys:
            if k and k not in COLUMNS and k not in unknown:
                unknown.append(k)
        dupes = sorted({k for k in keys if k in COLUMNS and keys.count(k) > 1})
        for k in dupes:
            result.problems.append(
                ManifestProblem(0, k, "the column appears twice; the first one is used")
            )
        for row, cells in rows:
            if any(c.strip() for c in cells[len(keys) :]):
                message = (
                    f"has {len(cells)} cells but the header names {len(keys)} columns: put a "
                    'value that holds the delimiter in double quotes ("a, b")'
                )
                records.append((row, _BadJson(message)))
                continue
            values = {}
            for k, cell in zip(keys, cells, strict=False):
                if k in COLUMNS:
                    values.setdefault(k, cell)
            records.append((row, values))
        what = "column"
    if not recognised:
        raise _whole_file_error(
            p,
            f"no {what} it names is one ShortVid knows. The first row must be a header naming "
            f"columns from: {', '.join(COLUMNS)} (one of topic, text or script is needed).",
        )
    if not records:
        raise _whole_file_error(p, "it has a header but no rows; add one row per video")
    for k in unknown:
        shown = k or "(empty)"
        result.problems.append(
            ManifestProblem(
                0, shown, f"unknown {what}, ignored; the known ones are: {', '.join(COLUMNS)}"
            )
        )
    return result, records


def _requests(
    result: ManifestResult,
    records: list[tuple[int, dict[str, object] | _BadJson]],
    base: Path,
) -> ManifestResult:
    used: set[str] = set()
    for row, values in records:
        if isinstance(values, _BadJson):
            result.problems.append(ManifestProblem(row, "", f"{values.message}; row skipped"))
            continue
        try:
            req = _request(row, values, base)
        except _RowError as exc:
            result.problems.append(ManifestProblem(row, exc.column, f"{exc.message}; row skipped"))
            continue
        name = safe_name(req.name) or _default_name(req) or f"video-{row}"
        result.requests.append(replace(req, name=_unique_name(name, req.variants, used)))
    return result
