"""The command line, run as a person would: real subprocesses on real data folders."""

import csv
from pathlib import Path

from desktop import __version__
from tests.conftest import run_onramp


def test_version_is_printed():
    result = run_onramp("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_demo_fills_the_database_then_export_writes_one_csv_per_table(tmp_path: Path):
    data = tmp_path / "data"
    result = run_onramp("demo", data_dir=data)
    assert result.returncode == 0, result.stderr
    assert "60 participants" in result.stdout
    out = tmp_path / "csv"
    result = run_onramp("export", "--out", str(out), data_dir=data)
    assert result.returncode == 0, result.stderr
    names = sorted(p.stem for p in out.glob("*.csv"))
    assert names == ["exit_cards", "pairings", "participants", "sessions", "sign_ins", "venues"]
    with (out / "participants.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 60
    first_names = {r["first_name"] for r in rows}
    assert {"José", "Nguyễn", "王芳", "Олена", "محمد", "Zoë", "Siobhán"} <= first_names
    assert "search_key" not in rows[0]


def test_self_test_builds_every_page_and_exits_zero(tmp_path: Path):
    data = tmp_path / "data"
    assert run_onramp("demo", data_dir=data).returncode == 0
    result = run_onramp("--self-test", data_dir=data)
    assert result.returncode == 0, result.stderr
    assert "self-test ok: 8 pages" in result.stdout


def test_self_test_on_a_corrupt_database_says_so_without_a_traceback(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "onramp.sqlite3").write_bytes(b"\x00garbage" * 1000)
    result = run_onramp("--self-test", data_dir=data)
    assert result.returncode == 1
    assert "damaged or is not an On-Ramp database" in result.stderr
    assert "Traceback" not in result.stderr
    assert (data / "onramp.sqlite3").read_bytes().startswith(b"\x00garbage")


def test_commands_on_a_corrupt_database_point_to_restore(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "onramp.sqlite3").write_bytes(b"not sqlite" * 500)
    result = run_onramp("export", "--out", str(tmp_path / "x"), data_dir=data)
    assert result.returncode == 1
    assert "onramp restore" in result.stderr and "Traceback" not in result.stderr


def test_backup_then_restore_from_the_command_line(tmp_path: Path):
    data = tmp_path / "data"
    assert run_onramp("demo", "--participants", "5", "--sessions", "2", data_dir=data).returncode == 0
    assert run_onramp("backup", data_dir=data).returncode == 0
    listing = run_onramp("backups", data_dir=data)
    assert "manual" in listing.stdout
    (data / "onramp.sqlite3").write_bytes(b"broken")
    restored = run_onramp("restore", data_dir=data)
    assert restored.returncode == 0, restored.stderr
    assert run_onramp("--self-test", data_dir=data).returncode == 0


def test_the_environment_variable_chooses_the_data_folder(tmp_path: Path, monkeypatch):
    import os

    data = tmp_path / "from-env"
    result = run_onramp(
        "demo", "--participants", "3", "--sessions", "1", env={**os.environ, "ONRAMP_DATA_DIR": str(data)}
    )
    assert result.returncode == 0, result.stderr
    assert (data / "onramp.sqlite3").exists()


def test_data_dir_works_before_or_after_the_subcommand(tmp_path: Path, data_dir: Path):
    before, after, nested = tmp_path / "before", tmp_path / "after", tmp_path / "nested"
    small = ("--participants", "3", "--sessions", "1")
    assert run_onramp("--data-dir", str(before), "demo", *small).returncode == 0
    result = run_onramp("demo", *small, "--data-dir", str(after))
    assert result.returncode == 0, result.stderr
    assert str(after) in result.stdout
    assert (before / "onramp.sqlite3").exists() and (after / "onramp.sqlite3").exists()
    assert not data_dir.exists()  # the default folder (ONRAMP_DATA_DIR here) was left alone
    # A subcommand of a subcommand takes it too, and the one after the subcommand wins.
    listing = run_onramp("--data-dir", str(nested), "sessions", "list", "--data-dir", str(after))
    assert listing.returncode == 0, listing.stderr
    assert "No sessions yet" not in listing.stdout and not nested.exists()


def test_a_command_speaks_the_language_asked_for_before_or_after_it(data_dir):
    from tests.conftest import run_onramp

    assert run_onramp("demo", data_dir=data_dir).returncode == 0
    before = run_onramp("--language", "es", "sessions", "list", data_dir=data_dir)
    after = run_onramp("sessions", "list", "--language", "es", data_dir=data_dir)
    english = run_onramp("sessions", "list", data_dir=data_dir)
    assert before.returncode == after.returncode == english.returncode == 0, before.stderr + after.stderr
    assert before.stdout == after.stdout != english.stdout
    assert "Cerrada" in before.stdout and "Closed" in english.stdout


def test_output_read_only_in_part_ends_quietly(data_dir):
    """``onramp sessions list | head -1``: the reader stops early, and that is no error of ours."""
    import subprocess
    import sys

    from tests.conftest import ROOT, run_onramp

    assert run_onramp("demo", "--sessions", "60", data_dir=data_dir).returncode == 0
    onramp = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "sessions", "list"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert onramp.stdout is not None and onramp.stderr is not None
    onramp.stdout.readline()
    onramp.stdout.close()  # as head does after its first line
    errors = onramp.stderr.read().decode()
    assert onramp.wait(timeout=60) == 0 and errors == ""


def test_backing_up_a_damaged_database_says_so_in_one_line_and_leaves_no_partial_file(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "onramp.sqlite3").write_bytes(b"not sqlite" * 500)
    result = run_onramp("backup", data_dir=data)
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "damaged" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in data.rglob("*")) == ["onramp.sqlite3"]  # no backups folder, no .partial


def _every_command(parser) -> list[list[str]]:
    """Each subcommand, at every depth, with made-up values for what it requires."""
    import argparse

    found = []
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for name, sub in action.choices.items():
            deeper = _every_command(sub)
            if deeper:
                found += [[name, *rest] for rest in deeper]
                continue
            needed = []
            for a in sub._actions:
                value = str(a.choices[0]) if a.choices else "1" if a.type is int else "x"
                if not a.option_strings and a.nargs not in ("?", "*"):
                    needed.append(value)
                elif a.option_strings and a.required:
                    needed += [a.option_strings[0], value]
            found.append([name, *needed])
    return found


def test_a_data_folder_that_is_a_file_gets_one_plain_line_from_the_window_and_every_command(
    tmp_path: Path, capsys, monkeypatch
):
    from desktop.cli import build_parser, main

    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    commands = _every_command(build_parser())
    assert ["demo"] in commands and ["sessions", "list"] in commands and len(commands) > 10
    for where in (a_file, a_file / "inside"):
        for command in [[], ["--self-test"], ["--demo"], *commands]:
            assert main(["--data-dir", str(where), *command]) == 2, command
            out, err = capsys.readouterr()
            assert out == "" and err.count("\n") == 1 and f"{a_file} is a file, not a folder" in err, command
    monkeypatch.setenv("ONRAMP_DATA_DIR", str(a_file))
    assert main(["backups"]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert a_file.read_text() == "not a folder"


def test_the_window_started_on_a_file_for_a_data_folder_says_one_plain_line(tmp_path: Path):
    a_file = tmp_path / "onramp-data"
    a_file.write_text("")
    result = run_onramp("--self-test", data_dir=a_file)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{a_file} is a file, not a folder: On-Ramp keeps its data in a folder. Choose one with --data-dir."
    ]


def test_a_command_speaks_the_language_saved_in_the_app_unless_asked_for_another(data_dir):
    from desktop.settings import LANGUAGE, Settings

    assert run_onramp("demo", data_dir=data_dir).returncode == 0
    Settings(data_dir).set(LANGUAGE, "es")
    saved = run_onramp("sessions", "list", data_dir=data_dir)
    asked = run_onramp("sessions", "list", "--language", "en", data_dir=data_dir)
    assert saved.returncode == asked.returncode == 0, saved.stderr + asked.stderr
    assert "Cerrada" in saved.stdout and "Closed" not in saved.stdout
    assert "Closed" in asked.stdout


def test_a_data_folder_that_is_a_file_is_reported_in_the_language_asked_for(tmp_path: Path):
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    english = run_onramp("sessions", "list", data_dir=not_a_folder)
    spanish = run_onramp("--language", "es", "sessions", "list", data_dir=not_a_folder)
    assert english.returncode == spanish.returncode == 2
    assert english.stderr.strip() and spanish.stderr.strip() != english.stderr.strip()


def _database_with_damaged_pages(data: Path) -> Path:
    """A real database, closed cleanly, then pages overwritten in the middle: SQLite calls it malformed."""
    from desktop.models import Participant, open_database

    db = open_database(data / "onramp.sqlite3")
    with db.transaction() as s:
        s.add_all(Participant(first_name=f"Zoë {i}", notes="x" * 400) for i in range(300))
    db.close()
    raw = bytearray(db.path.read_bytes())
    raw[4096 * 3 : 4096 * 6] = b"\xab" * (4096 * 3)
    db.path.write_bytes(bytes(raw))
    return db.path


def test_backing_up_a_damaged_database_with_no_backup_says_how_to_start_a_new_empty_one(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    damaged = _database_with_damaged_pages(data)
    result = run_onramp("backup", data_dir=data)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "onramp restore --new-empty" in result.stderr and "puts the newest backup" not in result.stderr
    assert sorted(p.name for p in data.iterdir()) == ["onramp.sqlite3"]  # no -wal, no -shm left beside it
    assert "onramp restore --new-empty" in run_onramp("restore", data_dir=data).stderr  # no dead end there either
    result = run_onramp("restore", "--new-empty", data_dir=data)
    assert result.returncode == 0, result.stderr
    kept = [p for p in data.iterdir() if p.name.startswith("onramp-damaged-")]
    assert len(kept) == 1 and str(kept[0]) in result.stdout and not damaged.exists()
    assert run_onramp("sessions", "list", data_dir=data).returncode == 0  # a new, empty database opens


def test_backing_up_a_damaged_database_with_a_backup_points_to_restore(tmp_path: Path):
    from desktop.backup import take_backup
    from desktop.models import open_database
    from desktop.paths import backups_dir

    data = tmp_path / "data"
    data.mkdir()
    open_database(data / "onramp.sqlite3").close()
    take_backup(data / "onramp.sqlite3", backups_dir(data), "manual")
    (data / "onramp.sqlite3").unlink()
    _database_with_damaged_pages(data)
    result = run_onramp("backup", data_dir=data)
    assert result.returncode == 1 and "`onramp restore` puts the newest backup in its place." in result.stderr
    assert "--new-empty" not in result.stderr


def test_a_new_empty_database_is_refused_for_a_database_that_is_not_damaged(tmp_path: Path):
    from desktop.models import open_database

    data = tmp_path / "data"
    data.mkdir()
    open_database(data / "onramp.sqlite3").close()
    result = run_onramp("restore", "--new-empty", data_dir=data)
    assert result.returncode == 1 and "not damaged" in result.stderr
    assert (data / "onramp.sqlite3").exists() and not list(data.glob("onramp-damaged-*"))


def test_help_speaks_the_language_asked_for(tmp_path: Path):
    result = run_onramp("--language", "es", "backup", "--help", data_dir=tmp_path / "data")
    assert result.returncode == 0
    assert result.stdout.startswith("uso: onramp")
    assert "opciones:" in result.stdout and "mostrar esta ayuda y salir" in result.stdout
    assert "idioma de la aplicación" in result.stdout and "show this help" not in result.stdout


def test_a_usage_error_speaks_the_language_saved_in_the_app(tmp_path: Path):
    from desktop.settings import LANGUAGE, Settings

    data = tmp_path / "data"
    Settings(data).set(LANGUAGE, "es")
    result = run_onramp("restore", "--bogus", data_dir=data)
    assert result.returncode == 2
    assert "argumentos no reconocidos: --bogus" in result.stderr and result.stderr.startswith("uso: ")
    assert run_onramp("--language", "en", "--help", data_dir=data).stdout.startswith("usage: onramp")
