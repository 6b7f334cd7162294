"""Which shared libraries the Linux bundle leaves to the system it runs on.

PyInstaller copies every library the program links, down to the C++ runtime
and the font configuration library. A few of those must not travel: they are
on every Linux desktop, and a copy from the build machine does harm there.
The C++ runtime is the clearest case: graphics drivers load into the program
and need the system's own, newer copy (the well-known "GLIBCXX_3.4.30 not
found" failure). The list follows the AppImage project's exclude list of
libraries present on every target system, narrowed to those PyInstaller
picks up here, plus the CUPS client library, which Qt's print plugin uses and
which must match the system's print service; where no CUPS is installed
there are no printers to print to, and Qt offers printing to a PDF file.

A library that only these libraries needed (GnuTLS, Kerberos and Avahi for
CUPS, say) goes too: ``leave_to_system`` drops it when nothing else in the
bundle links it.

Wheels carry private copies of libraries under a hashed name (Pillow's
``pillow.libs/libXau-154567c4.so.6.0.0``), some of which the bundle already
holds under the usual name. ``share_duplicates`` turns such a copy into a link
to the bundle's own, when that one has every symbol (and symbol version) the
copy's users take from it; Pillow's libXau is 2 MB of padding around 14 KB.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

SYSTEM_LIBRARIES = frozenset(
    {
        # AppImage exclude list: base system, C++ runtime, X11 and font configuration.
        "libgcc_s.so.1",
        "libstdc++.so.6",
        "libz.so.1",
        "libuuid.so.1",
        "libexpat.so.1",
        "libcom_err.so.2",
        "libgpg-error.so.0",
        "libgmp.so.10",
        "libp11-kit.so.0",
        "libglib-2.0.so.0",
        "libgthread-2.0.so.0",
        "libgobject-2.0.so.0",
        "libgio-2.0.so.0",
        "libX11.so.6",
        "libxcb.so.1",
        "libfontconfig.so.1",
        "libfreetype.so.6",
        "libharfbuzz.so.0",
        "libdrm.so.2",
        "libgbm.so.1",
        "libasound.so.2",
        "libusb-1.0.so.0",
        "libICE.so.6",
        "libSM.so.6",
        # Printing: the CUPS client, which must speak the system's print service's language.
        "libcups.so.2",
    }
)

_NEEDED = re.compile(r"^\s*NEEDED\s+(\S+)", re.MULTILINE)

Entry = tuple[str, str, str]  # PyInstaller's (name in the bundle, source path, type)

# A wheel's private copy: "lib<name>-<8 hex digits>.so.<major>[...]" in a "<package>.libs" folder.
_PRIVATE_COPY = re.compile(r"^(lib[\w+.]+?)-[0-9a-f]{8}\.so\.(\d+)")
Symbol = tuple[str, str]  # (name, version); version "Base" when unversioned


def symbols(path: str) -> tuple[set[Symbol], set[Symbol]]:
    """(defined, undefined) dynamic symbols of a library, read with objdump."""
    proc = subprocess.run(["objdump", "-T", path], capture_output=True, text=True, check=False)
    defined, undefined = set(), set()
    for line in proc.stdout.splitlines():
        fields = line.split()
        if len(fields) < 4 or not re.fullmatch(r"[0-9a-f]{8,16}", fields[0]):
            continue
        name, version = fields[-1], fields[-2].strip("()")
        (undefined if "*UND*" in fields else defined).add((name, version))
    return defined, undefined


def needed_by(path: str) -> list[str]:
    """The sonames a library or program links (ELF DT_NEEDED), read with objdump."""
    proc = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=False)
    return _NEEDED.findall(proc.stdout) if proc.returncode == 0 else []


def _basename(dest: str) -> str:
    return PurePosixPath(dest.replace("\\", "/")).name


def leave_to_system(
    entries: Iterable[Entry],
    system: frozenset[str] = SYSTEM_LIBRARIES,
    needed: Callable[[str], list[str]] = needed_by,
) -> tuple[list[Entry], list[str]]:
    """The entries without the system libraries and what only they needed; and the names dropped.

    A library no bundled file links (loaded by name at run time, like pdfium through ctypes)
    is never dropped for that reason: only one whose every user went.
    """
    entries = list(entries)
    # Python's extension modules link libraries too (_ctypes links libffi), but are never dropped.
    linking = [e for e in entries if e[2] in ("BINARY", "EXTENSION")]
    binaries = [e for e in entries if e[2] == "BINARY"]
    users: dict[str, set[str]] = {}
    for dest, src, _kind in linking:
        for name in needed(src):
            users.setdefault(name, set()).add(dest)
    dropped = {dest for dest, _src, _kind in binaries if _basename(dest) in system}
    changed = True
    while changed:
        changed = False
        for dest, _src, _kind in binaries:
            if dest in dropped:
                continue
            linked_by = users.get(_basename(dest), set())
            if linked_by and linked_by <= dropped:
                dropped.add(dest)
                changed = True
    dropped_names = {_basename(d) for d in dropped}
    kept = [e for e in entries if e[0] not in dropped and not (e[2] == "SYMLINK" and _basename(e[0]) in dropped_names)]
    return kept, sorted(dropped_names)


def share_duplicates(
    entries: Iterable[Entry],
    needed: Callable[[str], list[str]] = needed_by,
    read_symbols: Callable[[str], tuple[set[Symbol], set[Symbol]]] = symbols,
) -> tuple[list[Entry], list[str]]:
    """The entries with wheels' private copies replaced by links to the bundle's own copy of the
    same library (same name and major version) where that serves every user; and the names linked."""
    entries = list(entries)
    by_name = {_basename(dest): (dest, src) for dest, src, kind in entries if kind == "BINARY"}
    linking = [(dest, src) for dest, src, kind in entries if kind in ("BINARY", "EXTENSION")]
    result, shared = [], []
    for dest, src, kind in entries:
        folder = PurePosixPath(dest.replace("\\", "/")).parent
        match = _PRIVATE_COPY.match(_basename(dest))
        public = f"{match[1]}.so.{match[2]}" if match else None
        if kind != "BINARY" or not folder.name.endswith(".libs") or public not in by_name:
            result.append((dest, src, kind))
            continue
        provided, _ = read_symbols(src)
        own, _ = read_symbols(by_name[public][1])
        own_any_version = {name for name, _v in own}
        users = [user for user_dest, user in linking if _basename(dest) in needed(user)]
        wanted = set()
        for user in users:
            _, imports = read_symbols(user)
            wanted |= {
                (n, v) for n, v in imports if (n, v) in provided or (v == "Base" and n in {p for p, _ in provided})
            }
        if all((n, v) in own or (v == "Base" and n in own_any_version) for n, v in wanted):
            target = PurePosixPath(*[".."] * len(folder.parts), by_name[public][0])
            result.append((dest, str(target), "SYMLINK"))
            shared.append(f"{dest} -> {by_name[public][0]}")
        else:
            result.append((dest, src, kind))
    return result, shared
