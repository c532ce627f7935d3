"""Build helpers for ``shortvid.spec`` that make the bundle smaller (issue 5: under 450 MB).

* ``pack_ffmpeg``: the ffmpeg program xz-compressed (165 MB -> about 50 MB on Linux) with a
  manifest of its size and SHA-256; ``shortvid_desktop/media/ffmpeg.py`` unpacks it on first use.
* ``hollow_library``: a placeholder for a shared library the app loads but never uses: same
  soname, same version nodes, the symbols other files in the bundle import from it, and no code
  (every function returns 0, every variable is zeros). PyAV's FFmpeg libraries link the x265,
  x264, SVT-AV1, LAME and WebP encoders and GnuTLS, and the app only reads local files with PyAV
  (ffmpeg, a separate program, does all encoding); Qt's FFmpeg media plugin links Qt Quick and
  QML to capture Qt Quick windows, which the app does not have. Returning 0 matters: FFmpeg asks
  some encoder libraries what they support when it lists its codecs (``x265_api_get`` -> NULL:
  8-bit only), and an encoder that is opened fails cleanly (``x264_encoder_open`` -> NULL). Linux
  x86-64 only: built with binutils' assembler and linker (``as``, ``ld``, ``nm``, ``readelf``).

* ``trim_icu_data``: Qt's ICU data library (30 MB) without the data Qt never asks ICU for. Qt
  uses ICU for collation (QCollator), case mapping, time-zone IDs and names, and text codecs
  (QStringConverter) only; ICU's break iterators, units, currencies, language/region names,
  transliterators and number spell-out rules are never loaded, and the app needs no legacy
  codecs (``.cnv`` tables) or time-zone display names (``zone/``). 30 -> 8 MB.

Needs no PyInstaller: ``python build/slim.py hollow REAL.so OUT.so CONSUMER.so...`` or
``python build/slim.py icu libicudata.so.73 OUT.so`` for a try.
"""

from __future__ import annotations

import hashlib
import json
import lzma
import os
import platform
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

# --------------------------------------------------------------------------------- packed ffmpeg
XZ_PRESET = os.environ.get("SHORTVID_FFMPEG_XZ_PRESET", "6")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def pack_ffmpeg(binary: Path, out_dir: Path, cache_dir: Path | None = None) -> tuple[Path, Path]:
    """``<name>.xz`` and ``ffmpeg.json`` (name, size, sha256, archive) in ``out_dir``.

    xz with the x86 branch filter on x86-64 (a few per cent smaller); the ``xz`` program with a
    thread per core where there is one, else Python's lzma. The archive is kept in ``cache_dir``
    by the binary's hash, so a rebuild does not compress it again."""
    binary = Path(binary)
    digest = _sha256(binary)
    name = binary.name
    archive_name = f"{name}.xz"
    out_dir.mkdir(parents=True, exist_ok=True)
    archive = out_dir / archive_name
    cached = (cache_dir / f"{digest[:16]}-{XZ_PRESET}.xz") if cache_dir else None
    if cached is not None and cached.is_file():
        shutil.copyfile(cached, archive)
    else:
        x86 = platform.machine().lower() in ("x86_64", "amd64")
        xz = shutil.which("xz")
        tmp = archive.with_suffix(".xz.part")
        if xz:
            args = [xz, "-T0", "-c", "-z"]
            args += ["--x86", f"--lzma2=preset={XZ_PRESET}"] if x86 else [f"-{XZ_PRESET}"]
            with tmp.open("wb") as out:
                subprocess.run([*args, str(binary)], stdout=out, check=True)
        else:
            filters = [{"id": lzma.FILTER_X86}] if x86 else []
            filters.append({"id": lzma.FILTER_LZMA2, "preset": int(XZ_PRESET)})
            with binary.open("rb") as src, lzma.open(tmp, "wb", filters=filters) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        tmp.replace(archive)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(archive, cached)
    manifest = out_dir / "ffmpeg.json"
    info = {
        "name": name,
        "size": binary.stat().st_size,
        "sha256": digest,
        "archive": archive_name,
        "archive_size": archive.stat().st_size,
    }
    manifest.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return archive, manifest


# --------------------------------------------------------------------------------- hollow libraries
def can_hollow() -> bool:
    return (
        sys.platform.startswith("linux")
        and platform.machine() == "x86_64"
        and all(shutil.which(tool) for tool in ("as", "ld", "nm", "readelf"))
    )


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def soname(path: Path) -> str:
    found = re.search(
        r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", _run("readelf", "-dW", str(path))
    )
    return found.group(1) if found else Path(path).name


def needed(path: Path) -> list[str]:
    return re.findall(
        r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", _run("readelf", "-dW", str(path))
    )


def _version_nodes(path: Path) -> list[str]:
    """The library's version definitions, without the first (its own file name)."""
    text = _run("readelf", "-VW", str(path))
    section = text.split("Version definition section", 1)
    if len(section) < 2:
        return []
    section = section[1].split("Version needs section", 1)[0]
    names = re.findall(r"Flags: [^\n]*?Name: (\S+)", section)
    return names[1:]


def defined_symbols(path: Path) -> dict[str, tuple[str, int]]:
    """``{name or name@VER or name@@VER: (nm type letter, size)}`` of the dynamic symbols."""
    out = {}
    for line in _run("nm", "-D", "--defined-only", "-S", "-P", str(path)).splitlines():
        parts = line.split()
        if len(parts) < 2 or parts[1] in ("A", "a"):
            continue
        size = int(parts[3], 16) if len(parts) > 3 else 0
        out[parts[0]] = (parts[1], size)
    return out


def undefined_symbols(path: Path) -> set[str]:
    """Base names (no version) of the dynamic symbols ``path`` imports."""
    try:
        text = _run("nm", "-D", "--undefined-only", "-P", str(path))
    except subprocess.CalledProcessError:
        return set()
    return {line.split()[0].split("@", 1)[0] for line in text.splitlines() if line.strip()}


def hollow_library(real: Path, out: Path, imported: set[str]) -> Path:
    """Write a placeholder for ``real`` at ``out``: its soname and version nodes, and of its
    symbols those named in ``imported`` (functions return 0; data is zeros of the real size)."""
    real, out = Path(real), Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    versions = _version_nodes(real)
    by_version: dict[str, list[str]] = {v: [] for v in versions}
    text_lines = ["\t.text", "__hollow_zero:", "\txorl %eax, %eax", "\tret"]
    data_lines = ["\t.data"]
    symver_lines = []
    count = 0
    for full, (kind, size) in sorted(defined_symbols(real).items()):
        base, _, version = full.partition("@")
        if base not in imported:
            continue
        default = version.startswith("@") or not version
        version = version.lstrip("@")
        label = base
        if not default:  # an older, non-default version of a symbol: name@VER via .symver
            count += 1
            label = f"__hollow_old_{count}"
            symver_lines.append(f"\t.symver {label}, {base}@{version}")
        elif version:
            by_version.setdefault(version, []).append(base)
        if kind.upper() in ("T", "W", "I"):
            text_lines += [
                f"\t.globl {label}",
                f"\t.type {label}, @function",
                f"{label}:",
                "\tjmp __hollow_zero",
            ]
        else:  # data: D B R V u G S
            size = max(size, 8)
            data_lines += [
                f"\t.globl {label}",
                f"\t.type {label}, @object",
                f"\t.size {label}, {size}",
                "\t.balign 16",
                f"{label}:",
                f"\t.zero {size}",
            ]
    source = "\n".join(
        [
            *text_lines,
            *data_lines,
            *symver_lines,
            '\t.section .note.GNU-stack,"",@progbits',
            "",
        ]
    )
    work = out.parent / f".{out.name}.hollow"
    work.mkdir(exist_ok=True)
    asm, obj, script = work / "stub.s", work / "stub.o", work / "stub.map"
    asm.write_text(source, encoding="utf-8")
    subprocess.run(["as", "-o", str(obj), str(asm)], check=True, capture_output=True, text=True)
    args = ["ld", "-shared", "-soname", soname(real), "-z", "noexecstack", "--hash-style=both"]
    if by_version:
        nodes = []
        for version, names in by_version.items():
            body = "".join(f" {n};" for n in names)
            nodes.append(f"{version} {{ global:{body} }};" if names else f"{version} {{ }};")
        script.write_text("\n".join(nodes) + "\n", encoding="utf-8")
        args.append(f"--version-script={script}")
    subprocess.run([*args, "-o", str(out), str(obj)], check=True, capture_output=True, text=True)
    shutil.rmtree(work, ignore_errors=True)
    return out


# --------------------------------------------------------------------------------- ICU data
# Item folders (under icudt<N><e>/) and suffixes Qt never has ICU load; see the module doc.
ICU_DROP_DIRS = ("brkitr", "unit", "curr", "lang", "region", "translit", "rbnf", "zone")
ICU_DROP_SUFFIXES = (".cnv",)


def _icu_symbol(path: Path) -> tuple[str, int, int]:
    """The data symbol (icudt73_dat), its file offset and size."""
    for line in _run("nm", "-D", "--defined-only", "-S", "-P", str(path)).splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(r"icudt\d+_dat", parts[0]):
            address, size = int(parts[2], 16), int(parts[3], 16)
            break
    else:
        raise ValueError(f"{path}: no icudt*_dat symbol")
    for line in _run("readelf", "-SW", str(path)).splitlines():
        cols = re.match(
            r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", line
        )
        if cols:
            start, offset, length = (int(cols.group(i), 16) for i in (2, 3, 4))
            if start <= address < start + length and start:
                return parts[0], address - start + offset, size
    raise ValueError(f"{path}: {parts[0]} is in no section")


def _filter_common_data(blob: bytes, keep) -> tuple[bytes, int, int]:
    """An ICU common data package (``CmnD``: header, table of contents, items) with only the
    items whose names ``keep`` accepts. Returns the new package and the item counts before/after.
    """
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD" or blob[8] != 0:
        raise ValueError("not a little-endian ICU common data package")
    toc = header_size
    (count,) = struct.unpack_from("<I", blob, toc)
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_off, data_off) in enumerate(entries):
        end = blob.index(b"\0", toc + name_off)
        name = blob[toc + name_off : end]
        stop = toc + entries[i + 1][1] if i + 1 < count else len(blob)
        items.append((name, blob[toc + data_off : stop]))
    kept = [(n, d) for n, d in items if keep(n.decode("ascii"))]
    names_at = 4 + 8 * len(kept)
    names = b""
    name_offsets = []
    for name, _ in kept:
        name_offsets.append(names_at + len(names))
        names += name + b"\0"
    body_at = names_at + len(names)
    body_at += -body_at % 16
    table = struct.pack("<I", len(kept))
    body = b""
    for (_, data), name_off in zip(kept, name_offsets, strict=True):
        body += b"\0" * (-len(body) % 16)
        table += struct.pack("<II", name_off, body_at + len(body))
        body += data
    out = blob[:header_size] + table + names
    out += b"\0" * (header_size + body_at - len(out)) + body
    return out, count, len(kept)


def icu_item_wanted(name: str) -> bool:
    rel = name.split("/", 1)[1] if "/" in name else name
    folder = rel.split("/", 1)[0] if "/" in rel else ""
    return folder not in ICU_DROP_DIRS and not rel.endswith(ICU_DROP_SUFFIXES)


def trim_icu_data(real: Path, out: Path) -> Path:
    """``real`` (libicudata.so.NN) rebuilt with only the items ``icu_item_wanted`` accepts."""
    real, out = Path(real), Path(out)
    symbol, offset, size = _icu_symbol(real)
    with real.open("rb") as fh:
        fh.seek(offset)
        blob = fh.read(size)
    data, before, after = _filter_common_data(blob, icu_item_wanted)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = out.parent / f".{out.name}.icu"
    work.mkdir(exist_ok=True)
    (work / "data.bin").write_bytes(data)
    asm, obj = work / "data.s", work / "data.o"
    asm.write_text(
        "\n".join(
            [
                "\t.section .rodata",
                f"\t.globl {symbol}",
                f"\t.type {symbol}, @object",
                "\t.balign 16",
                f"{symbol}:",
                f'\t.incbin "{work / "data.bin"}"',
                f"\t.size {symbol}, . - {symbol}",
                '\t.section .note.GNU-stack,"",@progbits',
                "",
            ]
        ),
        encoding="utf-8",
    )
    subprocess.run(["as", "-o", str(obj), str(asm)], check=True, capture_output=True, text=True)
    subprocess.run(
        ["ld", "-shared", "-soname", soname(real), "-z", "noexecstack", "-o", str(out), str(obj)],
        check=True,
        capture_output=True,
        text=True,
    )
    shutil.rmtree(work, ignore_errors=True)
    print(f"ICU data: {before} -> {after} items, {len(blob) >> 20} -> {len(data) >> 20} MB")
    return out


def _main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "hollow":
        real, out, consumers = Path(argv[1]), Path(argv[2]), argv[3:]
        imported = set().union(*(undefined_symbols(Path(c)) for c in consumers))
        hollow_library(real, out, imported)
        print(out, out.stat().st_size)
        return 0
    if len(argv) == 3 and argv[0] == "icu":
        print(trim_icu_data(Path(argv[1]), Path(argv[2])))
        return 0
    if len(argv) == 3 and argv[0] == "pack-ffmpeg":
        print(*pack_ffmpeg(Path(argv[1]), Path(argv[2])))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
