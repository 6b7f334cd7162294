"""Point 7 of issue 17: a whole Carpentries lesson imported into the commons in one step (``onramp-hub commons
import``), from its folder, its episodes folder or a zip of its repository, in the Workbench's layout and the
older one, under CC BY 4.0 with its authors; what cannot be read is refused in plain words. The catalogue is
read over HTTP by an enrolled laptop of another organisation."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from hub.__main__ import main
from tests.hub.commons_tools import Commons
from tests.hubtools import HubProcess
from tests.sync.conftest import enrolled

WORKBENCH_EPISODE = """---
title: "{title}"
teaching: 5
exercises: 10
---

:::::::::::::::::::::::::::::::::::::: questions

- What is a command shell and why would I use one?

::::::::::::::::::::::::::::::::::::::::::::::::

::::::::::::::::::::::::::::::::::::: objectives

- Explain how the shell relates to the keyboard, the screen and the operating system.

::::::::::::::::::::::::::::::::::::::::::::::::

## Background

Humans and computers commonly interact in many different ways.

```bash
$ ls -F
```

::::::::::::::::::::::::::::::::::::::: challenge

## Exploring more `ls` flags

What does `ls -l` show?

:::::::::::::::: solution

A long listing: sizes, dates and owners.

:::::::::::::::::::::::::

::::::::::::::::::::::::::::::::::::::::::::::::

:::::::::::::::::::::::::::::::::::::::: keypoints

- A shell is a program whose primary purpose is to read commands and run other programs.

::::::::::::::::::::::::::::::::::::::::::::::::
"""

OLD_EPISODE = """---
title: "{title}"
teaching: 30
exercises: 0
questions:
- "How can I process tabular data files in Python?"
objectives:
- "Explain what a library is and what libraries are used for."
keypoints:
- "Import a library into a program using `import libraryname`."
---

Words are useful, but what's more useful are the sentences and stories we build with them.

~~~
import numpy
~~~
{{: .language-python}}

> ## Check your understanding
>
> What values do the variables `mass` and `age` have after each statement?
>
> > ## Solution
> > `mass` holds 47.5 and `age` 122.
> {{: .solution}}
{{: .challenge}}
"""


def workbench_lesson(root: Path) -> Path:
    """The Unix Shell as the Workbench lays it out: config.yaml, CITATION.cff, episodes/ with a picture."""
    lesson = root / "shell-novice"
    (lesson / "episodes" / "fig").mkdir(parents=True)
    (lesson / "config.yaml").write_text(
        'carpentry: "swc"\ntitle: "The Unix Shell"\nlife_cycle: "stable"\nepisodes:\n- 01-intro.md\n- 02-filedir.md\n',
        encoding="utf-8",
    )
    (lesson / "CITATION.cff").write_text(
        "cff-version: 1.2.0\ntitle: The Unix Shell\nauthors:\n"
        "- given-names: Gabriel A.\n  family-names: Devenyi\n"
        "- given-names: Gerard\n  family-names: Capes\n"
        "- name: The Carpentries\n",
        encoding="utf-8",
    )
    (lesson / "LICENSE.md").write_text("Instructional material: CC BY 4.0\n", encoding="utf-8")
    (lesson / "README.md").write_text("# The Unix Shell\n", encoding="utf-8")
    (lesson / "episodes" / "01-intro.md").write_text(
        WORKBENCH_EPISODE.format(title="Introducing the Shell"), encoding="utf-8"
    )
    (lesson / "episodes" / "02-filedir.md").write_text(
        WORKBENCH_EPISODE.format(title="Navigating Files and Directories"), encoding="utf-8"
    )
    (lesson / "episodes" / "fig" / "filesystem.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    return lesson


def old_style_lesson(root: Path) -> Path:
    """Programming with Python as older lessons lay it out: _config.yml, AUTHORS, _episodes/."""
    lesson = root / "python-novice-inflammation"
    (lesson / "_episodes").mkdir(parents=True)
    (lesson / "_config.yml").write_text(
        'carpentry: "swc"\ntitle: "Programming with Python"\nkind: "lesson"\n', encoding="utf-8"
    )
    (lesson / "AUTHORS").write_text(
        "Azalee Bostroem <azalee@example.org>\nTrevor Bekolay\n\nValentina Staneva\n", encoding="utf-8"
    )
    (lesson / "_episodes" / "01-numpy.md").write_text(OLD_EPISODE.format(title="Analyzing Patient Data"), "utf-8")
    (lesson / "_episodes" / "02-loop.md").write_text(OLD_EPISODE.format(title="Repeating Actions with Loops"), "utf-8")
    (lesson / "_episodes" / "10-defensive.md").write_text(OLD_EPISODE.format(title="Defensive Programming"), "utf-8")
    return lesson


def zipped(folder: Path, zip_path: Path, top: str) -> Path:
    """A zip of ``folder`` as GitHub makes one: every file under one folder named ``top``."""
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    return zip_path


def run(hub: HubProcess, *args: str) -> int:
    return main(["--database-url", hub.database_url, "commons", *args])


@pytest.fixture
def reader(hub: HubProcess, org: str, laptops):
    """An enrolled laptop of another organisation, reading the catalogue over HTTP."""
    (laptop,) = enrolled(hub, f"{org} reader", laptops(1))
    client = Commons(laptop)
    yield client
    client.close()


@pytest.fixture
def publisher(hub: HubProcess, org: str) -> str:
    hub.org(org)
    assert run(hub, "consent", "--org", org, "on") == 0
    return org


def _theirs(reader: Commons, org: str) -> list[dict]:
    return [e for e in reader.everything()[0] if e["organisation"] == org]


def test_a_workbench_lesson_folder_becomes_one_commons_lesson_per_episode_under_cc_by_crediting_its_authors(
    hub, publisher, reader, tmp_path, capsys
):
    lesson = workbench_lesson(tmp_path)
    assert run(hub, "import", str(lesson), "--org", publisher) == 0
    assert "2 episode(s) published" in capsys.readouterr().out

    entries = _theirs(reader, publisher)
    assert [e["title"] for e in entries] == [
        "Introducing the Shell",
        "Navigating Files and Directories",
    ]  # config order
    for entry in entries:
        assert entry["licence"] == "CC-BY-4.0"
        assert entry["authors"] == ["Gabriel A. Devenyi", "Gerard Capes", "The Carpentries"]
        assert entry["minutes"] == 15 and "The Unix Shell" in entry["tags"]
    assert entries[0]["text"] == (lesson / "episodes" / "01-intro.md").read_text(encoding="utf-8")


def test_a_zip_of_an_older_style_repository_is_imported_with_its_authors_file(hub, publisher, reader, tmp_path):
    archive = zipped(old_style_lesson(tmp_path / "src"), tmp_path / "python.zip", "python-novice-inflammation-gh-pages")
    assert run(hub, "import", str(archive), "--org", publisher) == 0

    entries = _theirs(reader, publisher)
    assert [e["title"] for e in entries] == [  # 01, 02, 10: numbers in order
        "Analyzing Patient Data",
        "Repeating Actions with Loops",
        "Defensive Programming",
    ]
    assert {tuple(e["authors"]) for e in entries} == {("Azalee Bostroem", "Trevor Bekolay", "Valentina Staneva")}
    assert {e["licence"] for e in entries} == {"CC-BY-4.0"}
    assert "Programming with Python" in entries[0]["tags"]


def test_a_zip_of_a_workbench_repository_and_its_episodes_folder_alone_are_imported_too(
    hub, publisher, reader, tmp_path
):
    lesson = workbench_lesson(tmp_path / "src")
    assert run(hub, "import", str(zipped(lesson, tmp_path / "shell.zip", "shell-novice-main")), "--org", publisher) == 0
    first = _theirs(reader, publisher)
    assert len(first) == 2 and first[0]["authors"][0] == "Gabriel A. Devenyi"
    # Its episodes folder alone names the same repository: the same commons lessons, nothing new.
    assert run(hub, "import", str(lesson / "episodes"), "--org", publisher) == 0
    assert _theirs(reader, publisher) == first


def test_importing_again_adds_a_version_only_to_the_episodes_that_changed(hub, publisher, reader, tmp_path, capsys):
    lesson = old_style_lesson(tmp_path)
    assert run(hub, "import", str(lesson), "--org", publisher) == 0
    episode = lesson / "_episodes" / "02-loop.md"
    episode.write_text(episode.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    capsys.readouterr()
    assert run(hub, "import", str(lesson), "--org", publisher, "--author", "Greg Wilson") == 0
    assert "3 episode(s) published" in capsys.readouterr().out  # new authors: a new version of each

    assert run(hub, "import", str(lesson), "--org", publisher, "--author", "Greg Wilson") == 0
    assert "0 episode(s) published" in capsys.readouterr().out
    entries = _theirs(reader, publisher)
    assert sorted((e["title"], e["number"]) for e in entries) == sorted(
        [
            (t, n)
            for t in ("Analyzing Patient Data", "Repeating Actions with Loops", "Defensive Programming")
            for n in (1, 2)
        ]
    )
    assert {tuple(e["authors"]) for e in entries if e["number"] == 2} == {("Greg Wilson",)}


def test_an_episode_that_cannot_be_read_stops_the_import_and_is_named_in_plain_words(
    hub, publisher, reader, tmp_path, capsys
):
    lesson = old_style_lesson(tmp_path)
    (lesson / "_episodes" / "03-broken.md").write_text("---\ntitle: 'Never closed\n---\n\nText.\n", encoding="utf-8")
    (lesson / "_episodes" / "04-plain.md").write_text("Just words, no lesson details.\n", encoding="utf-8")
    assert run(hub, "import", str(lesson), "--org", publisher) == 2
    said = capsys.readouterr().err
    assert "Nothing was imported" in said and "03-broken.md: Line" in said and "04-plain.md:" in said
    assert "Traceback" not in said
    assert _theirs(reader, publisher) == []  # not even the readable episodes


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda root: (root / "notes").mkdir() or root, "No episodes folder was found"),
        (lambda root: _without_authors(old_style_lesson(root)), "does not say who its authors are"),
        (lambda root: _file(root / "lesson.docx", b"PK-not-really"), "neither a folder nor a zip file"),
        (lambda root: root / "nowhere", "There is nothing at"),
        (lambda root: _escaping_zip(root / "evil.zip"), "names a file outside itself"),
    ],
    ids=["no-episodes", "no-authors", "not-a-zip", "missing", "zip-slip"],
)
def test_what_cannot_be_read_as_a_lesson_is_refused_in_plain_words(
    hub, publisher, reader, tmp_path, capsys, make, words
):
    assert run(hub, "import", str(make(tmp_path)), "--org", publisher) == 2
    said = capsys.readouterr().err
    assert words in said and "Traceback" not in said
    assert _theirs(reader, publisher) == []
    assert not (tmp_path.parent / "escaped.md").exists()


def _without_authors(lesson: Path) -> Path:
    (lesson / "AUTHORS").unlink()
    return lesson


def _file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _escaping_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("lesson/_episodes/01-intro.md", OLD_EPISODE.format(title="Intro"))
        archive.writestr("lesson/AUTHORS", "Ana Souza\n")
        archive.writestr("../escaped.md", OLD_EPISODE.format(title="Escaped"))
    return path


def test_a_lesson_without_authors_is_imported_when_the_authors_are_named(hub, publisher, reader, tmp_path):
    lesson = _without_authors(old_style_lesson(tmp_path))
    assert run(hub, "import", str(lesson), "--org", publisher, "--author", "Ana Souza", "--author", "Bo Chen") == 0
    assert {tuple(e["authors"]) for e in _theirs(reader, publisher)} == {("Ana Souza", "Bo Chen")}


def test_an_organisation_that_has_not_agreed_imports_nothing(hub, org, reader, tmp_path, capsys):
    hub.org(org)
    assert run(hub, "import", str(old_style_lesson(tmp_path)), "--org", org) == 2
    assert "has not agreed to share lessons" in capsys.readouterr().err
    assert _theirs(reader, org) == []


def test_consent_and_receiving_are_set_from_the_command_line(hub, org, laptops, tmp_path, capsys):
    (laptop,) = enrolled(hub, org, laptops(1))
    api = Commons(laptop)
    try:
        assert api.publish("lesson-1", "Flyer").status_code == 403
        assert run(hub, "consent", "--org", org, "on") == 0
        assert "may now publish" in capsys.readouterr().out
        assert api.publish("lesson-1", "Flyer").status_code == 200
        assert run(hub, "receive", "--org", org, "off") == 0
        assert api.page(0)["entries"] == []
        assert run(hub, "receive", "--org", org, "on") == 0
        assert "Flyer" in {e["title"] for e in api.everything()[0]}
        assert run(hub, "consent", "--org", "No Such Organisation", "on") == 2
        assert "No organisation called" in capsys.readouterr().err
    finally:
        api.close()
