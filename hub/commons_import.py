"""Import a whole Carpentries lesson into the commons in one step (``onramp-hub commons import``).

Given the lesson's repository (a folder, or a zip of it as GitHub makes one) or its episodes folder,
every episode becomes a commons lesson of the organisation, under CC BY 4.0 (the licence of every
Carpentries lesson), crediting the lesson's authors as its repository names them: ``AUTHORS``,
``CITATION.cff`` or ``_config.yml``/``config.yaml``. Episodes are read by the laptop's own lesson
parser, in either Carpentries style (the Workbench's ``episodes/``, the older ``_episodes/``). All or
nothing: if any episode cannot be read, nothing is published and each problem is named.
Importing the same lesson again adds a version only to the episodes that changed.
"""

from __future__ import annotations

import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from sqlalchemy import Engine

from desktop.commons.licences import DEFAULT_LICENCE
from desktop.lessons.document import LessonMeta
from desktop.lessons.parse import (
    LESSON_SUFFIXES,
    MAX_BYTES,
    LessonError,
    check_text,
    lesson_files,
    read_lesson_text,
)
from hub import commons
from hub.accounts import org_id_named
from hub.admin import AdminError
from hub.store import writing

CARPENTRIES_LICENCE = DEFAULT_LICENCE  # CC BY 4.0: https://docs.carpentries.org/policies/
EPISODE_FOLDERS = ("episodes", "_episodes")  # the Workbench's, then the older Jekyll style's
AUTHOR_FILES = ("AUTHORS", "AUTHORS.md", "AUTHORS.txt")
CONFIG_FILES = ("_config.yml", "config.yaml")
MAX_ZIP_FILES = 20_000  # a lesson repository has hundreds; more is not a lesson
# What an import may unpack in all (a lesson's text files come to a few megabytes): a zip of many files
# that compress to nothing would otherwise fill the hub's disk, each file stopped only at MAX_BYTES.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
SEARCH_DEPTH = 3  # how deep below what was given an episodes folder is looked for
_BRANCH_SUFFIX = re.compile(r"-(main|master|gh-pages)$")  # GitHub names a zip's folder repo-branch


class ImportRefused(AdminError):
    """The lesson cannot be imported as it is; the message says why, in plain words."""


@dataclass
class Episode:
    path: Path
    text: str
    meta: LessonMeta


@dataclass
class CarpentriesLesson:
    key: str  # the repository's name ("shell-novice"): with an episode's file, the commons lesson's own key
    title: str
    authors: list[str]
    episodes: list[Episode] = field(default_factory=list)


@dataclass(frozen=True)
class Imported:
    title: str
    authors: list[str]
    added: int  # episodes published for the first time or as a new version
    unchanged: int  # episodes the commons already held as they are


# Reading ------------------------------------------------------------------------------------------


@contextmanager
def opened(path: Path) -> Iterator[Path]:
    """``path`` as a folder: itself, or a zip's lesson files unpacked into a temporary one."""
    if path.is_dir():
        yield path
        return
    if not path.is_file():
        raise ImportRefused(
            f"There is nothing at {path}. Give the lesson's folder, its episodes folder or a zip of it."
        )
    if not zipfile.is_zipfile(path):
        raise ImportRefused(f"{path.name} is neither a folder nor a zip file. Give the lesson's folder or a zip of it.")
    folder = Path(tempfile.mkdtemp(prefix="onramp-carpentries-"))
    try:
        _unzip(path, folder)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _wanted(name: PurePosixPath) -> bool:
    """The files an import reads: lessons, configuration and the authors' files (pictures and data stay)."""
    return (
        name.suffix.lower() in LESSON_SUFFIXES
        or name.name in CONFIG_FILES
        or name.name in AUTHOR_FILES
        or name.name == "CITATION.cff"
    )


def _unzip(path: Path, folder: Path) -> None:
    """Unpack what an import reads, refusing a name that would land outside ``folder`` and never
    following a link; a file is copied at most one byte past the largest lesson (so the parser says too big)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_FILES:
                raise ImportRefused(f"{path.name} holds {len(members)} files: too many for a lesson's repository.")
            wanted = [m for m in members if not m.is_dir() and _wanted(PurePosixPath(m.filename.replace("\\", "/")))]
            # A member's declared size bounds what reading it gives, so the sum is known before unpacking.
            if sum(m.file_size for m in wanted) > MAX_UNPACKED_BYTES:
                raise ImportRefused(f"{path.name} is too large once unpacked for a lesson's repository: not imported.")
            for member in wanted:
                name = PurePosixPath(member.filename.replace("\\", "/"))
                if name.is_absolute() or ".." in name.parts or stat.S_ISLNK(member.external_attr >> 16):
                    raise ImportRefused(f"{path.name} names a file outside itself ({member.filename}): not imported.")
                target = folder.joinpath(*name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source, open(target, "wb") as out:
                    out.write(source.read(MAX_BYTES + 1))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as exc:
        raise ImportRefused(f"{path.name} cannot be unpacked: {exc}.") from None


def episodes_folder(root: Path) -> Path:
    """The episodes folder of the lesson at ``root`` (which may be that folder itself): the shallowest
    ``episodes/`` (the Workbench) or ``_episodes/`` (older lessons) that holds lesson files."""
    if root.name in EPISODE_FOLDERS and lesson_files(root):
        return root
    level = [root]
    for _depth in range(SEARCH_DEPTH):
        for wanted in EPISODE_FOLDERS:
            for folder in sorted(level):
                candidate = folder / wanted
                if candidate.is_dir() and lesson_files(candidate):
                    return candidate
        level = sorted(p for folder in level for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    raise ImportRefused(
        "No episodes folder was found: a Carpentries lesson keeps its episodes in episodes/ (the Workbench) "
        "or _episodes/ (older lessons), with a .md file for each episode."
    )


def _inside(repository: Path, path: Path) -> bool:
    """``path`` is in the repository once links are followed: a link out of it (to the hub's own files)
    is never read, never published."""
    return path.resolve().is_relative_to(repository.resolve())


def _repository_file(repository: Path, name: str) -> Path | None:
    path = repository / name
    return path if path.is_file() and _inside(repository, path) else None


def _yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int)) and str(v).strip()]
    return []


def _from_authors_file(path: Path) -> list[str]:
    """One author a line; headings, bullets and e-mail addresses left out."""
    found = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = re.sub(r"<[^>]*>|\([^)]*@[^)]*\)", "", raw).strip().lstrip("-*+ ").strip()
        if line and not line.startswith("#") and not line.endswith(":") and "@" not in line:
            found.append(line)
    return found


def _from_citation(path: Path) -> list[str]:
    data = _yaml(path)
    people = data.get("authors") if isinstance(data, dict) else None
    found = []
    for person in people if isinstance(people, list) else []:
        if isinstance(person, dict):
            name = person.get("name") or " ".join(
                str(person[k]) for k in ("given-names", "name-particle", "family-names") if person.get(k)
            )
            if str(name).strip():
                found.append(str(name).strip())
    return found


def _from_config(path: Path) -> list[str]:
    data = _yaml(path)
    if not isinstance(data, dict):
        return []
    return _names(data.get("authors")) or _names(data.get("maintainers"))


def lesson_authors(repository: Path) -> list[str]:
    """The lesson's authors as its repository names them: AUTHORS, else CITATION.cff, else its configuration."""
    for name in AUTHOR_FILES:
        if (file := _repository_file(repository, name)) and (found := _from_authors_file(file)):
            return found
    if (file := _repository_file(repository, "CITATION.cff")) and (found := _from_citation(file)):
        return found
    for name in CONFIG_FILES:
        if (file := _repository_file(repository, name)) and (found := _from_config(file)):
            return found
    return []


def _lesson_title(repository: Path, key: str) -> str:
    for name in CONFIG_FILES:
        data = _yaml(file) if (file := _repository_file(repository, name)) else None
        if isinstance(data, dict) and isinstance(data.get("title"), str) and data["title"].strip():
            return " ".join(data["title"].split())
    return key


def _key(repository: Path, root: Path, root_name: str) -> str:
    name = root_name if repository == root else repository.name
    return _BRANCH_SUFFIX.sub("", name.strip()) or "lesson"


def read_lesson(path: Path, authors: Sequence[str] = (), name: str = "") -> CarpentriesLesson:
    """Read the Carpentries lesson at ``path`` (a folder; ``name`` is its own name when that is not the
    folder's, as for a zip unpacked). ``authors`` given: credited instead of those the repository names.
    Refuses (ImportRefused) what cannot be read, naming every episode's problem."""
    folder = episodes_folder(path)
    repository = folder.parent
    key = _key(repository, path, name or path.name)
    credited = [" ".join(a.split()) for a in authors if a.strip()] or lesson_authors(repository)
    if not credited:
        raise ImportRefused(
            "The lesson does not say who its authors are (no AUTHORS file, no authors in CITATION.cff or "
            "_config.yml). Name them with --author, once for each."
        )
    lesson = CarpentriesLesson(key=key, title=_lesson_title(repository, key), authors=credited)
    problems = []
    for file in lesson_files(folder):
        if not _inside(repository, file):
            problems.append(f"{file.name}: it links to a file outside the lesson, which is not imported.")
            continue
        try:
            text, meta = check_text(read_lesson_text(file), str(file))
        except LessonError as exc:
            problems.append(f"{exc.file_name}: {exc.sentence}")
            continue
        lesson.episodes.append(Episode(file, text, meta))
    if problems:
        raise ImportRefused(
            "Nothing was imported: these episodes cannot be read.\n" + "\n".join(f"  {p}" for p in problems)
        )
    return lesson


# Publishing ---------------------------------------------------------------------------------------


def import_lesson(engine: Engine, org: str, path: Path, authors: Sequence[str] = ()) -> Imported:
    """Publish every episode of the Carpentries lesson at ``path`` (folder or zip) for ``org``, in one
    transaction, with the organisation's consent."""
    with opened(path) as folder:
        lesson = read_lesson(folder, authors, name=path.name if path.is_dir() else path.stem)
    added = unchanged = 0
    with writing(engine) as conn:
        org_id = org_id_named(conn, org)
        for episode in lesson.episodes:
            meta = episode.meta
            done = commons.publish(
                conn,
                org_id,
                commons.Draft(
                    lesson_id=f"carpentries:{lesson.key}/{episode.path.name}"[:200],
                    title=meta.title.strip() or episode.path.stem,
                    level=meta.level,
                    language=meta.language,
                    minutes=meta.minutes,
                    tags=[*meta.tags, lesson.title],
                    text=episode.text,
                    licence=CARPENTRIES_LICENCE,
                    authors=lesson.authors,
                ),
            )
            added, unchanged = (added + 1, unchanged) if done.new else (added, unchanged + 1)
    return Imported(lesson.title, lesson.authors, added, unchanged)
