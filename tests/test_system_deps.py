"""`make run` on a fresh Debian or Ubuntu desktop: the system libraries the real window needs are
installed (as root) or named (otherwise) first, as `make test` does for its own."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "system-deps"
# The C and C++ runtime: any system that runs Python has these.
RUNTIME = {
    "linux-vdso.so.1",
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
    "libc.so.6",
    "libm.so.6",
    "libdl.so.2",
    "libpthread.so.0",
    "librt.so.1",
    "libstdc++.so.6",
    "libgcc_s.so.1",
}


def window_libs() -> dict[str, str]:
    """soname -> Debian package, as the script lists them for the window."""
    block = SCRIPT.read_text().split("WINDOW_LIBS=(", 1)[1].split(")", 1)[0]
    return dict(re.findall(r'"(\S+) (\S+)"', block))


def qt_folder() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt"


def window_plugins() -> list[Path]:
    """What Qt loads for a window on X11: the xcb platform, its GL integrations, the compose-key input."""
    plugins = qt_folder() / "plugins"
    found = [
        plugins / "platforms" / "libqxcb.so",
        *sorted((plugins / "xcbglintegrations").glob("*.so")),
        plugins / "platforminputcontexts" / "libcomposeplatforminputcontextplugin.so",
    ]
    return [p for p in found if p.exists()]


def linked(library: Path) -> dict[str, str]:
    """Every library ``library`` needs, at any depth, as ldd reports it: soname -> path or 'not found'."""
    out = subprocess.run(["ldd", str(library)], capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        parts = line.split()
        if not parts:
            continue
        if "=>" in parts:
            where = parts[parts.index("=>") + 1]
            found[parts[0]] = "not found" if where == "not" else where
        else:
            found[Path(parts[0]).name] = parts[0]
    return found


@pytest.mark.skipif(shutil.which("ldd") is None, reason="ldd is how the window's libraries are found")
def test_every_library_the_window_loads_is_in_the_scripts_list():
    plugins = window_plugins()
    assert plugins and plugins[0].name == "libqxcb.so"
    listed = window_libs()
    qt = str(qt_folder())
    missing = {}
    for plugin in plugins:
        for soname, where in linked(plugin).items():
            if where.startswith(qt) or soname in RUNTIME or soname.startswith(("libQt6", "libpyside6")):
                continue
            if soname not in listed:
                missing[soname] = (plugin.name, where)
    assert missing == {}, "scripts/system-deps does not list these libraries the window needs"
    for essential in ("libxcb-cursor.so.0", "libxkbcommon-x11.so.0", "libxcb-icccm.so.4", "libEGL.so.1"):
        assert essential in listed


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="package names are checked on Debian or Ubuntu")
def test_each_library_is_named_with_the_package_that_holds_it():
    cache = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    wrong = {}
    for soname, package in window_libs().items():
        paths = re.findall(rf"^\s+{re.escape(soname)} \(.*?\) => (\S+)$", cache, re.MULTILINE)
        if not paths:
            continue  # not installed here: nothing to compare with
        real = str(Path(paths[0]).resolve())
        candidates = {paths[0], real, *(p.replace("/usr/lib/", "/lib/", 1) for p in (paths[0], real))}
        found = subprocess.run(["dpkg", "-S", *candidates], capture_output=True, text=True, check=False)
        owners = {line.split(":")[0] for line in found.stdout.splitlines()}
        if owners and package not in owners and f"{package}t64" not in owners:
            wrong[soname] = (package, owners)
    assert wrong == {}


def run_script(
    tmp_path: Path, *args: str, user_id: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The script on a machine with none of the libraries, as root or as an ordinary user, installing nothing."""
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "id").write_text(f"#!/bin/sh\necho {user_id}\n")
    (fake / "ldconfig").write_text("#!/bin/sh\necho '0 libs found in cache'\n")
    (fake / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> {tmp_path}/apt-get.log\n')
    for tool in fake.iterdir():
        tool.chmod(0o755)
    env = {"PATH": f"{fake}:/usr/bin:/bin", "ONRAMP_CHROMIUM": str(tmp_path / "no-chromium"), **(env or {})}
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, env=env, check=False)


def test_as_an_ordinary_user_the_script_names_every_window_package_and_how_to_install_them(tmp_path: Path):
    result = run_script(tmp_path, "window", user_id="1000")
    assert result.returncode == 0
    named = result.stderr.split("sudo apt-get install", 1)[1].split()
    assert set(window_libs().values()) <= set(named)
    assert not {"postgresql", "xvfb", "chromium"} & set(named)  # the window needs none of them
    assert not (tmp_path / "apt-get.log").exists()


def test_as_root_the_script_installs_what_is_missing(tmp_path: Path):
    result = run_script(tmp_path, "window", user_id="0")
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "apt-get.log").read_text().splitlines()
    assert calls[0].split()[0] == "update"
    installed = calls[1].split()
    assert installed[0] == "install" and set(window_libs().values()) <= set(installed)
    assert "chromium" not in installed


def test_the_tests_need_debians_chromium_installed_as_root_or_named_otherwise(tmp_path: Path):
    """The hub's web pages are tested in Debian's chromium (tests/web): `make test` installs or names it."""
    as_user = run_script(tmp_path, user_id="1000")
    assert as_user.returncode == 0
    assert "chromium" in as_user.stderr.split("sudo apt-get install", 1)[1].split()
    as_root = run_script(tmp_path, user_id="0")
    assert as_root.returncode == 0, as_root.stderr
    assert "chromium" in (tmp_path / "apt-get.log").read_text().splitlines()[1].split()


def test_an_installed_chromium_is_not_asked_for_again(tmp_path: Path):
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    result = run_script(tmp_path, user_id="1000", env={"ONRAMP_CHROMIUM": str(browser)})
    assert result.returncode == 0
    assert "chromium" not in result.stderr.split()


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize(("target", "purpose"), [("run", "window"), ("demo", "window"), ("test", "")])
def test_make_run_first_installs_or_names_the_system_libraries_as_make_test_does(target: str, purpose: str):
    planned = subprocess.run(
        ["make", "-n", target], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout.splitlines()
    deps = [i for i, line in enumerate(planned) if line.strip().startswith("bash scripts/system-deps")]
    assert len(deps) == 1 and planned[deps[0]].split()[2:] == ([purpose] if purpose else [])
    starts = [i for i, line in enumerate(planned) if "bin/onramp" in line or "pytest" in line]
    assert starts and deps[0] < starts[0]
