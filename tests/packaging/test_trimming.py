"""What the Linux bundle leaves out: system libraries, and the ICU data Qt never reads.

Checked here on the libraries themselves (quick); tests/packaging/test_bundle.py checks
the bundle built with them.
"""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux libraries")


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"onramp_{name}", ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


linux_libraries = _load("linux_libraries")
icu_data = _load("icu_data")


# --- Libraries left to the system ------------------------------------------------------------------

LINKS = {
    "/src/libQt6Core.so.6": ["libstdc++.so.6", "libglib-2.0.so.0", "libc.so.6"],
    "/src/libglib-2.0.so.0": ["libpcre2-8.so.0"],
    "/src/libcupsprintersupport.so": ["libcups.so.2", "libQt6Core.so.6"],
    "/src/libcups.so.2": ["libgnutls.so.30", "libz.so.1"],
    "/src/libgnutls.so.30": ["libp11-kit.so.0", "libffi.so.8"],
    "/src/libp11-kit.so.0": ["libffi.so.8"],
    "/src/_ctypes.so": ["libffi.so.8"],
    "/src/libpdfium.so": [],
}


def _entries() -> list[tuple[str, str, str]]:
    names = {
        "/src/libQt6Core.so.6": "PySide6/Qt/lib/libQt6Core.so.6",
        "/src/libcupsprintersupport.so": "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "/src/_ctypes.so": "python3.11/lib-dynload/_ctypes.so",
        "/src/libpdfium.so": "pypdfium2_raw/libpdfium.so",
    }
    entries = [(names.get(src, Path(src).name), src, "EXTENSION" if "_ctypes" in src else "BINARY") for src in LINKS]
    entries += [
        (Path(src).name, src, "BINARY")
        for src in ("/src/libstdc++.so.6", "/src/libz.so.1", "/src/libffi.so.8", "/src/libpcre2-8.so.0")
    ]
    entries.append(("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"))
    entries.append(("libgnutls.so.30", "somewhere/libgnutls.so.30", "SYMLINK"))
    return entries


def test_system_libraries_and_what_only_they_link_are_left_out() -> None:
    kept, dropped = linux_libraries.leave_to_system(_entries(), needed=lambda src: LINKS.get(src, []))
    kept_names = {Path(dest).name for dest, _src, _kind in kept}
    # Listed as system libraries, and linked only by those (glib's PCRE, CUPS's GnuTLS and p11-kit).
    assert set(dropped) == {
        "libstdc++.so.6",
        "libz.so.1",
        "libcups.so.2",
        "libglib-2.0.so.0",
        "libgnutls.so.30",
        "libp11-kit.so.0",
        "libpcre2-8.so.0",
    }
    assert not kept_names & set(dropped)
    # libffi stays: Python's ctypes links it, though the dropped p11-kit did too.
    assert "libffi.so.8" in kept_names
    # Qt, its print plugin and pdfium (loaded by name, linked by nothing) stay, with Qt's link.
    assert {"libQt6Core.so.6", "libcupsprintersupport.so", "libpdfium.so", "_ctypes.so"} <= kept_names
    assert ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK") in kept


def test_nothing_is_left_out_when_no_system_library_is_bundled() -> None:
    entries = [e for e in _entries() if Path(e[0]).name not in linux_libraries.SYSTEM_LIBRARIES]
    entries = [e for e in entries if "cups" not in e[0]]
    links = {src: [n for n in names if "cups" not in n] for src, names in LINKS.items()}
    kept, dropped = linux_libraries.leave_to_system(entries, needed=lambda src: links.get(src, []))
    # GnuTLS is linked by nothing left, but nothing was dropped for it: it stays, as a library
    # loaded by name would.
    assert dropped == []
    assert kept == entries


# --- ICU data ----------------------------------------------------------------------------------------


def _item(payload: bytes) -> bytes:
    # Item contents are opaque to the package; any bytes do, padded as ICU pads them.
    return payload + b"\0" * (-len(payload) % 16)


def _package(names: list[str]) -> bytes:
    header = bytearray(32)
    struct.pack_into("<HBB", header, 0, 32, 0xDA, 0x27)
    header[12:16] = b"CmnD"
    return icu_data.write_package(bytes(header), [(n, _item(n.encode() * 3)) for n in names])


NAMES = sorted(
    [
        "icudt73l/brkitr/cjdict.dict",
        "icudt73l/cnvalias.icu",
        "icudt73l/coll/es.res",
        "icudt73l/coll/root.res",
        "icudt73l/coll/ucadata.icu",
        "icudt73l/curr/es.res",
        "icudt73l/es.res",
        "icudt73l/gb18030.cnv",
        "icudt73l/lang/es.res",
        "icudt73l/metaZones.res",
        "icudt73l/nfkc.nrm",
        "icudt73l/region/es.res",
        "icudt73l/root.res",
        "icudt73l/translit/root.res",
        "icudt73l/unames.icu",
        "icudt73l/unit/es.res",
        "icudt73l/uts46.nrm",
        "icudt73l/zone/es.res",
        "icudt73l/zoneinfo64.res",
        "icudt73l/rbnf/es.res",
        "icudt73l/rfc3491.spp",
        "icudt73l/confusables.cfu",
    ]
)


def test_icu_package_reads_back_what_was_written() -> None:
    data = _package(NAMES)
    _header, items = icu_data.read_package(data)
    assert [n for n, _ in items] == NAMES
    assert all(item.startswith(name.encode() * 3) for name, item in items)
    # Items start on 16-byte boundaries, as ICU reads them in place.
    toc = 32
    offsets = [struct.unpack_from("<II", data, toc + 4 + 8 * i)[1] for i in range(len(NAMES))]
    assert all((toc + o) % 16 == 0 for o in offsets)


def test_icu_trim_keeps_collation_calendars_time_zones_and_normalisation() -> None:
    _header, items = icu_data.read_package(icu_data.trim_package(_package(NAMES)))
    assert [n for n, _ in items] == [
        "icudt73l/cnvalias.icu",
        "icudt73l/coll/es.res",
        "icudt73l/coll/root.res",
        "icudt73l/coll/ucadata.icu",
        "icudt73l/es.res",
        "icudt73l/metaZones.res",
        "icudt73l/nfkc.nrm",
        "icudt73l/root.res",
        "icudt73l/uts46.nrm",
        "icudt73l/zone/es.res",
        "icudt73l/zoneinfo64.res",
    ]


def test_icu_trim_refuses_what_is_not_an_icu_package() -> None:
    with pytest.raises(icu_data.IcuDataError):
        icu_data.read_package(b"\x7fELF" + bytes(60))


@linux_only
def test_icu_trim_of_qts_own_data_keeps_every_locales_collation_and_time_zone_names() -> None:
    import PySide6

    library = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"), None)
    if library is None:
        pytest.skip("this PySide6 carries no ICU")
    if icu_data.missing_tools():
        pytest.skip("needs binutils")
    _symbol, offset, size = icu_data._data_symbol(library)
    original = library.read_bytes()[offset : offset + size]
    _h, before = icu_data.read_package(original)
    _h, after = icu_data.read_package(icu_data.trim_package(original))
    before_names, after_names = {n for n, _ in before}, {n for n, _ in after}
    assert after_names < before_names
    for tree in ("coll", "zone"):
        assert {n for n in before_names if f"/{tree}/" in n} <= after_names
    assert {n for n in before_names if n.count("/") == 1 and n.endswith(".res")} <= after_names
    assert not any("/brkitr/" in n or n.endswith(".cnv") for n in after_names)
    # Most of the 32 MB goes.
    assert sum(len(i) for _n, i in after) < 0.5 * sum(len(i) for _n, i in before)


# --- Private copies shared with the bundle's own ---------------------------------------------------

SYMBOLS = {
    "/w/libXau-154567c4.so.6.0.0": ({("XauGetBestAuthByAddr", "Base"), ("XauDisposeAuth", "Base")}, set()),
    "/s/libXau.so.6": ({("XauGetBestAuthByAddr", "Base"), ("XauDisposeAuth", "Base"), ("XauFileName", "Base")}, set()),
    "/w/libxcb-9065bb12.so.1.1.0": (
        set(),
        {("XauGetBestAuthByAddr", "Base"), ("XauDisposeAuth", "Base"), ("memcpy", "GLIBC_2.14")},
    ),
    "/w/libzstd-40ad5e7e.so.1.5.7": ({("ZSTD_compress", "Base"), ("ZSTD_newFeature", "Base")}, set()),
    "/s/libzstd.so.1": ({("ZSTD_compress", "Base")}, set()),
    "/w/libtiff-20b7e810.so.6.3.0": (set(), {("ZSTD_compress", "Base"), ("ZSTD_newFeature", "Base")}),
}
NEEDS = {
    "/w/libxcb-9065bb12.so.1.1.0": ["libXau-154567c4.so.6.0.0"],
    "/w/libtiff-20b7e810.so.6.3.0": ["libzstd-40ad5e7e.so.1.5.7"],
}


def test_a_private_copy_becomes_a_link_when_the_bundles_own_has_every_symbol_its_users_take() -> None:
    entries = [
        ("pillow.libs/libXau-154567c4.so.6.0.0", "/w/libXau-154567c4.so.6.0.0", "BINARY"),
        ("libXau.so.6", "/s/libXau.so.6", "BINARY"),
        ("pillow.libs/libxcb-9065bb12.so.1.1.0", "/w/libxcb-9065bb12.so.1.1.0", "BINARY"),
        ("pillow.libs/libzstd-40ad5e7e.so.1.5.7", "/w/libzstd-40ad5e7e.so.1.5.7", "BINARY"),
        ("libzstd.so.1", "/s/libzstd.so.1", "BINARY"),
        ("pillow.libs/libtiff-20b7e810.so.6.3.0", "/w/libtiff-20b7e810.so.6.3.0", "BINARY"),
    ]
    result, shared = linux_libraries.share_duplicates(
        entries, needed=lambda src: NEEDS.get(src, []), read_symbols=lambda src: SYMBOLS[src]
    )
    assert ("pillow.libs/libXau-154567c4.so.6.0.0", "../libXau.so.6", "SYMLINK") in result
    assert shared == ["pillow.libs/libXau-154567c4.so.6.0.0 -> libXau.so.6"]
    # The bundle's zstd lacks a function Pillow's TIFF library calls: Pillow keeps its own.
    assert ("pillow.libs/libzstd-40ad5e7e.so.1.5.7", "/w/libzstd-40ad5e7e.so.1.5.7", "BINARY") in result
    assert len(result) == len(entries)


def test_symbols_reads_defined_and_undefined_names_with_their_versions() -> None:
    import sysconfig

    libpython = Path(sysconfig.get_config_var("LIBDIR") or "", sysconfig.get_config_var("LDLIBRARY") or "")
    if not sys.platform.startswith("linux") or not libpython.is_file() or ".so" not in libpython.name:
        pytest.skip("needs a shared libpython")
    defined, undefined = linux_libraries.symbols(str(libpython))
    assert ("Py_Initialize", "Base") in defined
    assert any(name == "malloc" and version.startswith("GLIBC_") for name, version in undefined)
