"""The PyInstaller bundle: built from this checkout, started offscreen as a volunteer would start it.

The bundle is built once per test run into build/test-bundle/ (PyInstaller's
work folder stays there too, so an unchanged tree rebuilds in seconds).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.lessons.library import starter_lesson_files
from tests.helpers import ROOT, run_onramp

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the suite builds the Linux bundle"),
]

TEST_BUILD = ROOT / "build" / "test-bundle"


def _load_build_script():
    spec = importlib.util.spec_from_file_location("onramp_build", ROOT / "packaging" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def bundle() -> Path:
    """The program of a one-folder bundle built from this checkout."""
    build = _load_build_script()
    missing = build.missing_tools()
    if missing:
        pytest.fail(f"binutils is needed to build the bundle (missing {', '.join(missing)}): make system-deps")
    try:
        return build.build(TEST_BUILD / "dist", TEST_BUILD / "work", quiet=True)
    except build.BuildFailed as exc:
        pytest.fail(str(exc))


def run_bundle(
    program: Path, *args: str, home: Path, timeout: float = 120, platform: str = "offscreen", wrapper=()
) -> subprocess.CompletedProcess:
    """Run the bundled program as a person would: own home folder, no Python settings, offscreen."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "ONRAMP_", "XDG_", "VIRTUAL_ENV"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        QT_QPA_PLATFORM=platform,
    )
    home.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [*wrapper, str(program), *args], capture_output=True, text=True, timeout=timeout, cwd=home, env=env, check=False
    )


def _table_counts(db_path: Path, tables: tuple[str, ...]) -> dict[str, int]:
    with sqlite3.connect(db_path) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def _schema_revision(db_path: Path) -> str:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def _tables(db_path: Path) -> set[str]:
    with sqlite3.connect(db_path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _files(folder: Path, suffixes: set[str] | None = None) -> set[str]:
    if not folder.is_dir():
        return set()
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".") and (suffixes is None or p.suffix in suffixes)
    }


def test_bundle_starts_and_creates_its_data_folder_on_first_run(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    proc = run_bundle(bundle, "--self-test", home=home)
    assert proc.returncode == 0, proc.stderr
    assert "self-test ok" in proc.stdout
    data_dir = home / ".local" / "share" / "onramp"
    assert (data_dir / "onramp.sqlite3").is_file()


def test_bundle_runs_its_own_code_not_this_checkout(bundle: Path, tmp_path: Path) -> None:
    proc = run_bundle(bundle, "about", "--json", home=tmp_path / "home")
    assert proc.returncode == 0, proc.stderr
    facts = json.loads(proc.stdout)
    internal = bundle.parent / "_internal"
    assert facts["bundled"] is True
    assert Path(facts["lessons"]["path"]) == internal / "lessons"
    assert Path(facts["migrations"]["path"]).is_relative_to(internal)


def test_bundle_finds_its_lessons_fonts_translations_and_migrations(bundle: Path, tmp_path: Path) -> None:
    proc = run_bundle(bundle, "about", "--json", home=tmp_path / "home")
    facts = json.loads(proc.stdout)
    internal = bundle.parent / "_internal"
    # Every file of the source folders is in the bundle, where the app looks for it.
    assert _files(internal / "lessons") == _files(ROOT / "lessons")
    assert facts["lessons"]["files"] == len(starter_lesson_files(ROOT / "lessons"))
    fonts = {".ttf", ".otf"}
    assert _files(internal / "desktop/handouts/fonts", fonts) == _files(ROOT / "desktop/handouts/fonts", fonts)
    assert facts["handout_fonts"]["files"] == len(_files(ROOT / "desktop/handouts/fonts", fonts))
    assert _files(internal / "desktop/locale", {".mo"}) == _files(ROOT / "desktop/locale", {".mo"})
    assert facts["languages"]["es"] == len(_files(ROOT / "desktop/locale/es", {".mo"}))
    versions = ROOT / "desktop/models/migrations/versions"
    assert facts["migrations"]["files"] == len(_files(versions, {".py"})) >= 1
    assert Path(facts["icons"]["path"]) == internal / "desktop" / "icons"
    assert facts["icons"]["files"] == len(_files(ROOT / "desktop" / "icons", {".svg", ".png"})) == 3
    # And the catalogs load: the bundle speaks Spanish.
    spanish = run_bundle(bundle, "--language", "es", "about", home=tmp_path / "home")
    assert "Carpeta de datos:" in spanish.stdout, spanish.stderr


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs Xvfb (xvfb-run)")
def test_bundle_starts_on_a_real_x_display_with_its_own_xcb_plugin(bundle: Path, tmp_path: Path) -> None:
    proc = run_bundle(bundle, "--self-test", home=tmp_path / "home", platform="xcb", wrapper=("xvfb-run", "-a"))
    assert proc.returncode == 0, proc.stderr
    assert "self-test ok" in proc.stdout


def test_bundle_starts_in_spanish_with_large_text(bundle: Path, tmp_path: Path) -> None:
    proc = run_bundle(bundle, "--language", "es", "--large-text", "--self-test", home=tmp_path / "home")
    assert proc.returncode == 0, proc.stderr


def test_bundle_opens_a_database_made_by_the_pip_installed_app(bundle: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "made-by-pip"
    made = run_onramp("demo", "--participants", "40", "--sessions", "10", data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    db_path = data_dir / "onramp.sqlite3"
    tables = ("participants", "sessions", "sign_ins", "venues")
    before = _table_counts(db_path, tables)
    assert before["participants"] == 40

    proc = run_bundle(bundle, "--data-dir", str(data_dir), "--self-test", home=tmp_path / "home")
    assert proc.returncode == 0, proc.stderr
    assert _table_counts(db_path, tables) == before
    # The bundle reads and writes it too: a backup through the bundle, then the pip app still opens it.
    backup = run_bundle(bundle, "--data-dir", str(data_dir), "backup", home=tmp_path / "home")
    assert backup.returncode == 0, backup.stderr
    assert list((data_dir / "backups").glob("*"))
    assert run_onramp("--self-test", data_dir=data_dir).returncode == 0


def test_bundle_migrates_a_database_made_at_the_first_schema_revision(bundle: Path, tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    from desktop.models.database import make_engine
    from desktop.models.migrations import HEAD, alembic_config, upgrade

    first = ScriptDirectory.from_config(alembic_config(None)).get_base()
    data_dir = tmp_path / "old"
    data_dir.mkdir()
    db_path = data_dir / "onramp.sqlite3"
    engine = make_engine(db_path)
    upgrade(engine, first)
    engine.dispose()
    assert _schema_revision(db_path) == first

    proc = run_bundle(bundle, "--data-dir", str(data_dir), "--self-test", home=tmp_path / "home")
    assert proc.returncode == 0, proc.stderr
    assert _schema_revision(db_path) == HEAD
    # Same tables as a database the pip-installed app makes today.
    from desktop.models import open_database

    fresh = tmp_path / "fresh.sqlite3"
    open_database(fresh).close()
    assert _tables(db_path) == _tables(fresh)


def test_bundle_refuses_a_damaged_database_with_a_message_not_a_traceback(bundle: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "damaged"
    data_dir.mkdir()
    (data_dir / "onramp.sqlite3").write_bytes(b"this is not a database" * 100)
    proc = run_bundle(bundle, "--data-dir", str(data_dir), "--self-test", home=tmp_path / "home")
    assert proc.returncode != 0
    assert "damaged" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bundle_leaves_out_what_the_app_does_not_use(bundle: Path) -> None:
    internal = bundle.parent / "_internal"
    qt = internal / "PySide6" / "Qt"
    platforms = {p.name for p in (qt / "plugins" / "platforms").iterdir()}
    assert {"libqxcb.so", "libqoffscreen.so"} <= platforms
    import PySide6

    if (Path(PySide6.__file__).parent / "Qt/plugins/platforms/libqwayland.so").exists():
        assert "libqwayland.so" in platforms
    assert not platforms & {"libqeglfs.so", "libqvnc.so", "libqlinuxfb.so", "libqvkkhrdisplay.so"}
    plugin_types = {p.name for p in (qt / "plugins").iterdir()}
    assert not plugin_types & {"sqldrivers", "qmltooling", "egldeviceintegrations", "generic", "designer"}
    assert {p.name for p in (qt / "translations").iterdir()} == {"qtbase_es.qm"}
    if (qt / "plugins" / "wayland-shell-integration").is_dir():
        shells = {p.name for p in (qt / "plugins" / "wayland-shell-integration").iterdir()}
        assert "libxdg-shell.so" in shells and "libivi-shell.so" not in shells
    top_level = {p.name.split(".")[0] for p in internal.iterdir()}
    assert not top_level & {"tkinter", "_tkinter", "hub", "fastapi", "uvicorn", "pytest", "babel"}
    assert not list(internal.rglob("_tkinter*")) and not list(internal.rglob("libtk*"))


def test_bundle_folder_carries_the_linux_menu_entry_icons_and_installer(bundle: Path) -> None:
    folder = bundle.parent
    assert (folder / "share/applications/onramp.desktop").is_file()
    assert (folder / "share/icons/onramp-256.png").is_file()
    assert (folder / "share/icons/onramp.svg").is_file()
    assert os.access(folder / "install.sh", os.X_OK)
    assert (folder / "README.txt").is_file()


def test_install_script_adds_a_menu_entry_that_starts_the_app_and_removes_it_again(
    bundle: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / ".local/share")}
    installed = subprocess.run(
        ["sh", str(bundle.parent / "install.sh")], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert installed.returncode == 0, installed.stderr
    entry = home / ".local/share/applications/onramp.desktop"
    program = home / ".local/lib/onramp/onramp"
    assert program.is_file() and os.access(program, os.X_OK)
    text = entry.read_text(encoding="utf-8")
    assert f'Exec="{program}"' in text
    assert f'Exec="{program}" --demo' in text
    assert (home / ".local/share/icons/hicolor/256x256/apps/onramp.png").is_file()
    assert (home / ".local/share/icons/hicolor/scalable/apps/onramp.svg").is_file()
    # Started through the `onramp` command the installer made (a symbolic link).
    command = home / ".local/bin/onramp"
    assert command.is_symlink()
    started = run_bundle(command, "--self-test", home=home)
    assert started.returncode == 0, started.stderr
    assert (home / ".local/share/onramp/onramp.sqlite3").is_file()

    removed = subprocess.run(
        ["sh", str(program.parent / "install.sh"), "--remove"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert removed.returncode == 0, removed.stderr
    assert not program.exists() and not entry.exists() and not command.exists()
    # The host's data stays.
    assert (home / ".local/share/onramp/onramp.sqlite3").is_file()


def test_bundle_makes_handouts_with_names_in_every_script_and_lesson_pictures(bundle: Path, tmp_path: Path) -> None:
    from PIL import Image

    from tests.handouts.conftest import pdf_reader, pdf_text

    names = ["José Hernández", "Zoë", "محمد الأحمد", "王芳", "Олена"]
    names_file = tmp_path / "names.txt"
    names_file.write_text("\n".join(names) + "\n", encoding="utf-8")
    badges = tmp_path / "badges.pdf"
    proc = run_bundle(
        bundle, "handout", "badges", "--names", str(names_file), "--out", str(badges), home=tmp_path / "home"
    )
    assert proc.returncode == 0, proc.stderr
    # A long name may wrap onto two lines of its badge.
    text = "".join(pdf_text(badges.read_bytes()).split())
    assert all("".join(name.split()) in text for name in names), text
    # Arabic is set right to left and shaped: the bundle carries python-bidi and arabic-reshaper.
    assert "Traceback" not in proc.stderr

    # A lesson with a PNG and a JPEG picture: reportlab reads them through Pillow.
    Image.new("RGB", (40, 30), (200, 40, 40)).save(tmp_path / "red.png")
    Image.new("RGB", (40, 30), (40, 40, 200)).save(tmp_path / "blue.jpg")
    lesson = tmp_path / "pictures.md"
    lesson.write_text(
        textwrap.dedent("""\
        ---
        title: Pictures
        teaching: 10
        exercises: 5
        ---

        A red square: ![Red](red.png)

        A blue square: ![Blue](blue.jpg)
        """),
        encoding="utf-8",
    )
    handout = tmp_path / "lesson.pdf"
    proc = run_bundle(bundle, "handout", str(lesson), "--out", str(handout), home=tmp_path / "home")
    assert proc.returncode == 0, proc.stderr
    images = [image for page in pdf_reader(handout.read_bytes()).pages for image in page.images]
    assert sorted(image.image.size for image in images) == [(40, 30), (40, 30)]


def _elf_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and ".so" in p.name]


def test_bundle_links_only_libraries_it_carries_or_leaves_to_the_system_on_purpose(bundle: Path) -> None:
    from PyInstaller.depend.dylib import include_library

    from tests.packaging.test_trimming import linux_libraries

    internal = bundle.parent / "_internal"
    carried = {p.name for p in internal.rglob("*") if ".so" in p.name}
    unmet = set()
    for path in [bundle, *_elf_files(internal)]:
        out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=False).stdout
        for name in re.findall(r"^\s*NEEDED\s+(\S+)", out, re.MULTILINE):
            # PyInstaller's own list (the C library, OpenGL drivers), the dynamic loader, and ours.
            left_to_system = (
                not include_library(name) or name.startswith("ld-linux") or name in linux_libraries.SYSTEM_LIBRARIES
            )
            if name not in carried and not left_to_system:
                unmet.add(f"{path.relative_to(bundle.parent)} needs {name}")
    assert not unmet, sorted(unmet)
    assert not carried & linux_libraries.SYSTEM_LIBRARIES


ICU_PROBE = """
import json
from PySide6.QtCore import QCollator, QDateTime, QLocale, QTimeZone
names = ["Zoë", "zoe", "Ángel", "Andrés", "Ñandú", "Nube", "Chávez", "Cruz", "Ça", "王芳", "李娜", "Олена", "محمد"]
out = {}
for code in ["es", "en", "sv", "tr", "zh", "ar"]:
    out["sorted " + code] = sorted(names, key=QCollator(QLocale(code)).sortKey)
zone, when = QTimeZone(b"Europe/Madrid"), QDateTime.fromString("2024-07-01T12:00:00", "yyyy-MM-ddTHH:mm:ss")
for code in ["es", "en", "ar", "zh"]:
    out["zone " + code] = zone.displayName(when, QTimeZone.NameType.LongName, QLocale(code))
out["upper tr"] = QLocale("tr").toUpper("istanbul")
out["upper de"] = QLocale("de").toUpper("straße")
maps = open("/proc/self/maps", encoding="utf-8").read().splitlines()
out["icu data"] = sorted({line.split()[-1] for line in maps if "libicudata" in line})
print(json.dumps(out, ensure_ascii=False))
"""


def test_bundle_icu_data_sorts_and_names_time_zones_as_the_full_data_does(bundle: Path, tmp_path: Path) -> None:
    shipped = next((bundle.parent / "_internal" / "PySide6" / "Qt" / "lib").glob("libicudata.so.*"), None)
    if shipped is None:
        pytest.skip("this PySide6 carries no ICU")
    # Qt from this checkout's Python, once with its own ICU data and once with the bundle's.
    only_icu = tmp_path / "icu"
    only_icu.mkdir()
    shutil.copy2(shipped, only_icu / shipped.name)

    def probe(**env: str) -> dict:
        proc = subprocess.run(
            [sys.executable, "-c", ICU_PROBE],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, **env},
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    full = probe()
    trimmed = probe(LD_LIBRARY_PATH=str(only_icu))
    assert trimmed.pop("icu data") == [str(only_icu / shipped.name)]
    assert full.pop("icu data") != [str(only_icu / shipped.name)]
    assert trimmed == full
    assert trimmed["sorted es"].index("Ñandú") > trimmed["sorted es"].index("Nube")
    assert trimmed["zone es"] == "hora de verano de Europa central"
    assert shipped.stat().st_size < 16e6


def test_bundle_without_its_database_scripts_says_so_plainly_and_leaves_the_database(
    bundle: Path, tmp_path: Path
) -> None:
    # A damaged copy: the folder of Alembic revisions deleted by hand.
    damaged = tmp_path / "onramp"
    shutil.copytree(bundle.parent, damaged, symlinks=True)
    shutil.rmtree(damaged / "_internal" / "desktop" / "models" / "migrations" / "versions")
    data_dir = tmp_path / "data"
    proc = run_bundle(damaged / bundle.name, "--data-dir", str(data_dir), "--self-test", home=tmp_path / "home")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "scripts that set it up are missing" in proc.stderr and "install On-Ramp again" in proc.stderr
    # The CLI says the same.
    proc = run_bundle(damaged / bundle.name, "--data-dir", str(data_dir), "lessons", "list", home=tmp_path / "home")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "scripts that set it up are missing" in proc.stderr
