"""Build the On-Ramp bundle with PyInstaller (what ``make package`` runs).

    .venv/bin/python packaging/build.py                  dist/onramp/ (one folder)
    .venv/bin/python packaging/build.py --archive        ... and a .tar.gz / .zip of it to hand out
    .venv/bin/python packaging/build.py --onefile        dist/onramp, one self-extracting file
    .venv/bin/python packaging/build.py --console        dist/onramp-console/, keeps a console

Everything PyInstaller writes besides the result (its analysis, its cache of
processed libraries) stays under the work folder, build/pyinstaller/ by default,
so a second build of an unchanged tree takes seconds.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "onramp.spec"
DEFAULT_DIST = ROOT / "dist"
DEFAULT_WORK = ROOT / "build" / "pyinstaller"


class BuildFailed(Exception):
    """The bundle could not be built; ``str()`` says why, for a person."""


def bundle_name(console: bool = False) -> str:
    return "onramp-console" if console else "onramp"


def executable(dist: Path, *, onefile: bool = False, console: bool = False) -> Path:
    """Where the program of a built bundle is."""
    name = bundle_name(console)
    suffix = ".exe" if sys.platform.startswith("win") else ""
    if onefile:
        return dist / f"{name}{suffix}"
    return dist / name / f"{name}{suffix}"


def missing_tools() -> list[str]:
    """PyInstaller reads library dependencies with binutils on Linux; the spec relinks ICU's data with it."""
    if sys.platform.startswith("linux"):
        tools = ("objdump", "objcopy", "strip", "readelf", "as", "ld")
        return [tool for tool in tools if shutil.which(tool) is None]
    return []


def build(
    dist: Path = DEFAULT_DIST,
    work: Path = DEFAULT_WORK,
    *,
    onefile: bool = False,
    console: bool = False,
    quiet: bool = False,
) -> Path:
    """Build the bundle and return the path of its program."""
    missing = missing_tools()
    if missing:
        raise BuildFailed(
            f"PyInstaller needs {', '.join(missing)} (from binutils): run `make system-deps` or install binutils."
        )
    # One file and one folder keep separate work folders, so each stays cached.
    work = work / ("onefile" if onefile else "onedir")
    env = {
        **os.environ,
        # PyInstaller's cache of processed libraries, kept with the rest of the build.
        "PYINSTALLER_CONFIG_DIR": str(work / "cache"),
        # The bundle must not pick up this checkout's Python path settings.
        "PYTHONNOUSERSITE": "1",
    }
    env.pop("PYTHONPATH", None)
    argv = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        "--log-level",
        "WARN" if quiet else "INFO",
        str(SPEC),
        "--",
    ]
    if onefile:
        argv.append("--onefile")
    if console:
        argv.append("--console")
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=quiet, text=True, check=False)
    if proc.returncode != 0:
        detail = (proc.stderr or "")[-4000:] if quiet else ""
        raise BuildFailed(f"PyInstaller failed (exit {proc.returncode}).\n{detail}".rstrip())
    program = executable(dist, onefile=onefile, console=console)
    if not program.exists():
        raise BuildFailed(f"PyInstaller finished but {program} is missing.")
    return program


def archive(dist: Path, console: bool = False) -> Path:
    """Pack the one-folder bundle for handing out: .zip on Windows, .tar.gz elsewhere."""
    from desktop import __version__

    name = bundle_name(console)
    system = {"darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform)
    base = dist / f"{name}-{__version__}-{system}-{platform.machine().lower()}"
    if sys.platform.startswith("win"):
        return Path(shutil.make_archive(str(base), "zip", root_dir=dist, base_dir=name))
    import tarfile

    target = base.with_name(base.name + ".tar.gz")
    # Level 6 packs within a few percent of 9 in a fraction of the time.
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(dist / name, arcname=name)
    return target


def folder_size(folder: Path) -> int:
    """Bytes on disk of every file in the folder (symbolic links not followed)."""
    total = 0
    for parent, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(parent, name)
            if not path.is_symlink():
                total += path.stat().st_size
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the On-Ramp bundle with PyInstaller.")
    parser.add_argument("--onefile", action="store_true", help="one self-extracting file")
    parser.add_argument("--console", action="store_true", help="keep a console (for debugging)")
    parser.add_argument("--archive", action="store_true", help="also pack the folder to hand out")
    parser.add_argument("--dist", type=Path, default=DEFAULT_DIST)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    try:
        program = build(args.dist, args.work, onefile=args.onefile, console=args.console)
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Built {program}")
    if not args.onefile:
        size = folder_size(program.parent)
        print(f"Bundle folder: {program.parent} ({size / 1e6:.1f} MB)")
        if args.archive:
            print(f"Archive: {archive(args.dist, args.console)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
