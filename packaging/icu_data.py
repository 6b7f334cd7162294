"""A smaller ICU data library for the Linux bundle.

PySide6's Qt links ICU, whose data library (libicudata.so.NN) is about 32 MB:
a quarter of the bundle. Qt calls only a few ICU services: collation
(QCollator, the file dialog's sorting), case mapping, time zone names and
calendars (QTimeZone), and legacy text encodings (QStringConverter by name).
The data library is one ICU "common data" package, a table of contents and
the items it names; this module copies that package without the kinds of item
none of those services reads (line-break dictionaries, transliteration, unit,
currency, language and region display names, spell-out rules, legacy code
page tables), and links the result as a library of the same name and symbol.

Every locale's collation, calendar and time zone data stays, so sorting and
dates behave as with the full data in any language. Text in legacy code pages
(Shift_JIS, Big5, ...) is the one thing lost: Qt 6 reads and writes UTF-8 on
Linux, and On-Ramp reads lessons as UTF-8 through Python.

Needs the GNU assembler and linker (binutils, which PyInstaller needs anyway).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

# Version of the rules below; part of the cache key, so changing them rebuilds the library.
RULES_VERSION = "1"

# Item trees (the folder after "icudtNNl/") none of the ICU services Qt calls opens.
DROPPED_TREES = frozenset({"brkitr", "translit", "unit", "curr", "lang", "region", "rbnf"})
# Items at the top level none of them opens: code page tables (the alias table, cnvalias.icu,
# stays, so asking for one fails cleanly), StringPrep profiles (IDNA), confusables (spoof
# checks), Unicode character names.
DROPPED_SUFFIXES = (".cnv", ".spp", ".cfu")
DROPPED_NAMES = frozenset({"unames.icu"})

ALIGN = 16


class IcuDataError(Exception):
    """The ICU data could not be trimmed; ``str()`` says why."""


def item_wanted(name: str) -> bool:
    """Whether an item (named as in the table of contents, e.g. "icudt73l/coll/es.res") is kept."""
    parts = name.split("/")
    if len(parts) > 2 and parts[1] in DROPPED_TREES:
        return False
    leaf = parts[-1]
    return not (leaf in DROPPED_NAMES or (len(parts) == 2 and leaf.endswith(DROPPED_SUFFIXES)))


def _align(n: int) -> int:
    return (n + ALIGN - 1) // ALIGN * ALIGN


def read_package(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Split a common-data package into its header and its (name, item) pairs, in table order."""
    if len(data) < 32 or data[2:4] != b"\xda\x27":
        raise IcuDataError("not an ICU data package (no ICU magic number)")
    header_size = struct.unpack_from("<H", data, 0)[0]
    if data[12:16] != b"CmnD":  # UDataInfo.dataFormat of a package with a table of contents
        raise IcuDataError(f"not an ICU common-data package (format {data[12:16]!r})")
    toc = header_size
    (count,) = struct.unpack_from("<I", data, toc)
    entries = [struct.unpack_from("<II", data, toc + 4 + 8 * i) for i in range(count)]
    starts = [toc + offset for _name, offset in entries] + [len(data)]
    items = []
    for i, (name_offset, _data_offset) in enumerate(entries):
        end = data.index(b"\0", toc + name_offset)
        items.append((data[toc + name_offset : end].decode("ascii"), data[starts[i] : starts[i + 1]]))
    return data[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """A common-data package of the items; the order (sorted by name, which ICU's lookup
    relies on) is kept as given."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    toc_size = 4 + 8 * len(items)
    offset = _align(len(header) + toc_size + len(names)) - len(header)
    name_offset = toc_size
    toc = bytearray(struct.pack("<I", len(items)))
    body = bytearray()
    for name, item in items:
        toc += struct.pack("<II", name_offset, offset + len(body))
        name_offset += len(name) + 1
        body += item + b"\0" * (_align(len(item)) - len(item))
    head = bytes(header) + bytes(toc) + names
    return head + b"\0" * (len(header) + offset - len(head)) + bytes(body)


def trim_package(data: bytes) -> bytes:
    header, items = read_package(data)
    return write_package(header, [(name, item) for name, item in items if item_wanted(name)])


def _data_symbol(library: Path) -> tuple[str, int, int]:
    """The exported package symbol (icudtNN_dat), its file offset and size."""
    out = subprocess.run(
        ["readelf", "-W", "--dyn-syms", "--section-headers", str(library)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    symbol = re.search(r"\s([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\w+\s+(\d+)\s+(icudt\d+_dat)\b", out)
    if symbol is None:
        raise IcuDataError(f"{library.name} exports no icudtNN_dat symbol")
    address, size, section_index, name = symbol.groups()
    section = re.search(rf"\[\s*{section_index}\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", out)
    if section is None:
        raise IcuDataError(f"{library.name}: cannot find the section holding {name}")
    section_address, section_offset = (int(v, 16) for v in section.groups())
    return name, int(address, 16) - section_address + section_offset, int(size, 0)


def missing_tools() -> list[str]:
    return [tool for tool in ("readelf", "as", "ld") if shutil.which(tool) is None]


def trimmed_library(library: Path, cache: Path) -> Path:
    """A copy of ``library`` (libicudataNN) holding only the items kept; built once per input."""
    missing = missing_tools()
    if missing:
        raise IcuDataError(f"needs {', '.join(missing)} (binutils)")
    original = library.read_bytes()
    key = hashlib.sha256(original + RULES_VERSION.encode()).hexdigest()[:16]
    target = cache / key / library.name
    if target.exists():
        return target
    symbol, offset, size = _data_symbol(library)
    package = trim_package(original[offset : offset + size])
    soname = library.name  # libicudata.so.73: the file name is the soname PySide6's ICU asks for
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        (tmpdir / "data.bin").write_bytes(package)
        (tmpdir / "data.s").write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol}, STT_OBJECT\n"
            f"\t.balign {ALIGN}\n"
            f"{symbol}:\n"
            '\t.incbin "data.bin"\n'
            f"\t.size {symbol}, . - {symbol}\n"
            '\t.section .note.GNU-stack,"",%progbits\n'
        )
        run = {"cwd": tmpdir, "capture_output": True, "text": True}
        steps = [
            ["as", "-o", "data.o", "data.s"],
            ["ld", "-shared", "-soname", soname, "--hash-style=both", "-z", "noexecstack", "-o", soname, "data.o"],
        ]
        for argv in steps:
            proc = subprocess.run(argv, **run, check=False)
            if proc.returncode != 0:
                raise IcuDataError(f"{argv[0]} failed: {proc.stderr.strip()}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(tmpdir / soname, target)
    return target
