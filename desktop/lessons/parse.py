"""Reading a lesson: Markdown with YAML front matter, in either Carpentries style.

The Workbench style uses pandoc fenced divs (``::: challenge`` … ``:::``) and
back-tick code fences with a language. The older style (before 2023) uses
blockquotes closed by a kramdown class (``> ## Title`` … ``{: .challenge}``)
and ``~~~`` code followed by ``{: .language-bash}``. Both become the same
``LessonDoc``; nothing the author wrote is dropped.

Every problem raises ``LessonError`` naming the file and the line, so a host
can open the file and fix it; nothing here writes anywhere.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from desktop.i18n import _
from desktop.lessons.document import Block, Code, Div, LessonDoc, LessonMeta, Markdown

# A real lesson is a few dozen kilobytes; anything this big is a mistake, not a lesson.
MAX_BYTES = 5 * 1024 * 1024
LESSON_SUFFIXES = (".md", ".rmd", ".markdown")

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_DIV_OPEN = re.compile(r"^(?P<colons>:{3,})[ \t]*(?P<attrs>[^:\s].*?)[ \t]*:*[ \t]*$")
_DIV_CLOSE = re.compile(r"^:{3,}[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}>")
_IAL = re.compile(r"^ {0,3}\{:[ \t]*\.(?P<cls>[\w-]+)[ \t]*\}[ \t]*$")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
# First characters of every line that can open or close a structure; other lines are prose.
_STRUCTURE_STARTS = frozenset(" `~:>")
# ... and of those that start with spaces: an indented fence or a quotation.
_INDENTED_STARTS = frozenset("`~>")
_FENCE_STARTS = frozenset(" `~")
_QUOTE_STARTS = frozenset(" >")
# Classes after an old-style code block that say what kind of text it holds.
_CODE_CLASSES = {"source": "", "output": "output", "error": "error", "warning": "warning"}

_KNOWN_KEYS = frozenset(
    {
        "title", "teaching", "exercises", "id", "level", "language", "audience", "materials",
        "offline", "license", "authors", "version", "tags",
    }
)


class LessonError(Exception):
    """A lesson that cannot be read. ``str()`` is ``file:line: message``."""

    def __init__(self, path: str | Path, line: int, message: str) -> None:
        self.path = str(path) if str(path) else _("lesson")
        self.line = line
        self.message = message
        super().__init__(f"{self.path}:{line}: {message}")


# Reading bytes -----------------------------------------------------------------


def parse_file(path: str | Path) -> LessonDoc:
    """Read and parse the lesson at ``path``."""
    return parse_text(read_lesson_text(path), str(path))


def read_lesson_text(path: str | Path) -> str:
    """The text of a lesson file, or ``LessonError`` if it is missing, huge, binary or not UTF-8."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:  # one open, one stat: imports read hundreds of these
            info = os.fstat(fh.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if info.st_size > MAX_BYTES:
                raise LessonError(path, 1, _too_big(info.st_size))
            data = fh.read()
    except OSError as exc:
        if path.is_dir():  # Linux refuses to open a folder (IsADirectoryError), Windows says "permission denied"
            raise LessonError(path, 1, _("This is a folder, not a lesson file.")) from None
        raise LessonError(path, 1, _("The file cannot be read: {reason}.").format(reason=exc.strerror or exc)) from exc
    return decode_lesson_bytes(data, path)


def decode_lesson_bytes(data: bytes, source: str | Path = "") -> str:
    """Bytes of a lesson as text: UTF-8 (with or without a byte-order mark), never binary."""
    if len(data) > MAX_BYTES:
        raise LessonError(source, 1, _too_big(len(data)))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LessonError(
            source, 1, _("This file is saved as UTF-16. Save it as UTF-8 text and try again.")
        )
    nul = data.find(b"\0")
    if nul >= 0:
        raise LessonError(source, data.count(b"\n", 0, nul) + 1, _binary_message())
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LessonError(
            source,
            line,
            _(
                "This file is not UTF-8 text (byte 0x{byte:02X} cannot be read). "
                "Open it in a text editor and save it as UTF-8."
            ).format(byte=data[exc.start]),
        ) from None


def _too_big(size: int) -> str:
    return _(
        "This file is {size:.1f} MB, too big to be a lesson (the limit is {limit} MB). "
        "Is it the right file?"
    ).format(size=size / 1024 / 1024, limit=MAX_BYTES // 1024 // 1024)


def _binary_message() -> str:
    return _("This is a binary file (a picture, a document or a program), not a Markdown lesson.")


# Parsing text -----------------------------------------------------------------------


def parse_text(text: str, source: str = "") -> LessonDoc:
    """Parse a lesson's Markdown. ``source`` names the file in messages."""
    _text, lines, end, meta = _front(text, source)
    body = _BodyParser(source).parse(lines[end + 1 :], end + 2, ())
    return LessonDoc(meta, body, source)


def check_text(text: str, source: str = "") -> tuple[str, LessonMeta]:
    """Check a lesson exactly as ``parse_text`` does, without building its blocks (an import
    needs only the verdict and the front matter). Returns the text as it is stored (no
    byte-order mark, ``\n`` line ends) and the front matter; raises the same ``LessonError``."""
    text, lines, end, meta = _front(text, source)
    _BodyParser(source, build=False).parse(lines[end + 1 :], end + 2, ())
    return text, meta


def _front(text: str, source: str) -> tuple[str, list[str], int, LessonMeta]:
    """The text with line ends made ``\n``, its lines, the line closing the front matter, the front matter."""
    if len(text) > MAX_BYTES:
        raise LessonError(source, 1, _too_big(len(text.encode("utf-8", "replace"))))
    nul = text.find("\0")
    if nul >= 0:
        raise LessonError(source, text.count("\n", 0, nul) + 1, _binary_message())
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise LessonError(
            source,
            1,
            _(
                "A lesson starts with front matter: a line of three dashes (---), "
                "a line such as `title: \"Your first web page\"`, and another line of three dashes."
            ),
        )
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise LessonError(
            source,
            1,
            _("The front matter that starts here is never closed: add a line of three dashes (---) after it."),
        )
    return text, lines, end, _parse_meta("\n".join(lines[1:end]), source)


# Front matter ----------------------------------------------------------------------


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))
# Building strings, lists and mappings directly is safe only while PyYAML builds them the standard way.
_QUICK = all(
    _Loader.yaml_constructors.get(tag) is constructor
    for tag, constructor in (
        (_STR, yaml.constructor.SafeConstructor.construct_yaml_str),
        (_SEQ, yaml.constructor.SafeConstructor.construct_yaml_seq),
        (_MAP, yaml.constructor.SafeConstructor.construct_yaml_map),
    )
)


class _LeaveToPyYAML(Exception):
    """The front matter uses what only PyYAML's constructor handles: a repeated (aliased)
    list or mapping, merge keys, or keys that are not strings."""


def _construct(loader: Any, node: yaml.Node) -> Any:
    """What ``loader.construct_document(node)`` gives, built faster: front matter is mostly
    strings, lists and mappings, made here directly; every other value is made by PyYAML."""
    if not _QUICK:
        return loader.construct_document(node)
    try:
        return _quick(loader, node, set())
    except _LeaveToPyYAML:
        return loader.construct_document(node)


def _quick(loader: Any, node: yaml.Node, seen: set[int]) -> Any:
    kind = type(node)
    if kind is yaml.ScalarNode and node.tag == _STR:
        return node.value
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        if id(node) in seen:
            raise _LeaveToPyYAML
        seen.add(id(node))
        return [_quick(loader, child, seen) for child in node.value]
    if kind is yaml.MappingNode and node.tag == _MAP:
        if id(node) in seen:
            raise _LeaveToPyYAML
        seen.add(id(node))
        data = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag != _STR:
                raise _LeaveToPyYAML
            data[key_node.value] = _quick(loader, value_node, seen)
        return data
    return loader.construct_object(node, deep=True)


def _parse_meta(yaml_text: str, source: str) -> LessonMeta:
    first = 2  # the line after the opening ---
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        data = _construct(loader, node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # an unclosed quote or bracket: point at where it opened
        line = first + (mark.line if mark is not None else 0)
        problem = "; ".join(filter(None, (exc.context, exc.problem))) or str(exc)
        raise LessonError(
            source,
            line,
            _("The front matter is not valid YAML ({problem}). Check the quotes, colons and brackets on this line.").format(
                problem=problem
            ),
        ) from None
    except yaml.YAMLError as exc:
        raise LessonError(
            source, first, _("The front matter is not valid YAML: {problem}.").format(problem=exc)
        ) from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise LessonError(
            source, first, _("The front matter should be `key: value` lines, such as `title: \"My lesson\"`.")
        )
    key_lines: dict[Any, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            key_lines.setdefault(getattr(key_node, "value", None), first + key_node.start_mark.line)

    def line_of(key: str) -> int:
        return key_lines.get(key, first - 1)

    def fail(key: str, message: str) -> LessonError:
        return LessonError(source, line_of(key), message)

    title = data.get("title")
    if title is None or isinstance(title, (dict, list)) or not str(title).strip():
        raise fail(
            "title",
            _("This lesson has no title: add a line such as `title: \"Your first Python program\"` to the front matter."),
        )

    def minutes(key: str) -> int:
        value = data.get(key, 0)
        if value is None:
            return 0
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 24 * 60:
            raise fail(key, _("`{key}` should be a number of minutes, such as 20.").format(key=key))
        return value

    def text(key: str, default: str) -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if isinstance(value, (dict, list)):
            raise fail(key, _("`{key}` should be a single value, not a list.").format(key=key))
        return str(value)

    def text_list(key: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        out: list[str] = []
        for item in items:
            if isinstance(item, dict) and "name" in item:
                item = item["name"]
            if isinstance(item, (dict, list)) or item is None:
                raise fail(key, _("`{key}` should be a list of words or short phrases.").format(key=key))
            out.append(str(item))
        return out

    offline = data.get("offline", True)
    if isinstance(offline, str) and offline.strip().lower() in ("yes", "true", "no", "false"):
        offline = offline.strip().lower() in ("yes", "true")
    if not isinstance(offline, bool):
        raise fail("offline", _("`offline` should be yes or no."))

    return LessonMeta(
        title=str(title).strip(),
        teaching=minutes("teaching"),
        exercises=minutes("exercises"),
        id=text("id", ""),
        level=text("level", "beginner"),
        language=text("language", "en"),
        audience=text_list("audience"),
        materials=text_list("materials"),
        offline=offline,
        license=text("license", "CC-BY-4.0"),
        authors=text_list("authors"),
        version=text("version", "1"),
        tags=text_list("tags"),
        extra={k: v for k, v in data.items() if k not in _KNOWN_KEYS},
    )


# Body -------------------------------------------------------------------------------

Line = tuple[int, str]  # (line number in the file, text)


class _BodyParser:
    """Splits a body into blocks. Only lines that can start a structure are examined one by
    one; runs of prose between them are taken whole, which keeps big imports fast."""

    def __init__(self, source: str, *, build: bool = True) -> None:
        self.source = source
        self.build = build  # False: find the structure and its errors, keep no blocks

    def error(self, line: int, message: str) -> LessonError:
        return LessonError(self.source, line, message)

    def parse(self, lines: list[str], first: int, ancestors: tuple[str, ...]) -> list[Block]:
        """Blocks of ``lines`` (the first being line ``first`` of the file); ``ancestors``
        are the kinds of the divs around them."""
        root: list[Block] = []
        stack: list[Div] = []
        n = len(lines)
        build = self.build
        candidates = [
            i for i, t in enumerate(lines)
            if t[:1] in _STRUCTURE_STARTS and (t[0] != " " or t.lstrip()[:1] in _INDENTED_STARTS)
        ]

        def here() -> list[Block]:
            return stack[-1].children if stack else root

        def flush(start: int, end: int) -> None:
            if not build:
                return
            while start < end and not lines[start].strip():
                start += 1
            while end > start and not lines[end - 1].strip():
                end -= 1
            if start < end:
                here().append(Markdown("\n".join(lines[start:end]), first + start))

        run = 0  # pending prose is lines[run:pos]
        pos = 0
        k = 0
        while k < len(candidates):
            i = candidates[k]
            k += 1
            if i < pos:
                continue
            pos = i
            line = lines[i]
            lineno = first + i
            start = line[0]  # says which structures the line could be: try only those

            fence = _FENCE.match(line) if start in _FENCE_STARTS else None
            if fence and not (fence["fence"][0] == "`" and "`" in fence["info"]):
                close = self._closing_fence(lines, candidates, k, fence["fence"])
                if close is None:
                    raise self.error(
                        lineno,
                        _("This code block is never closed: add a line {fence} after the code.").format(
                            fence=fence["fence"]
                        ),
                    )
                if fence["indent"]:
                    # Indented fences belong to a list item: keep them in the Markdown as written.
                    pos = close + 1
                    continue
                flush(run, i)
                run = pos = close + 1
                if not build:
                    continue  # an old-style class line after the code is prose to the checker
                info = fence["info"].strip()
                language = _language_of(info)
                after = close + 1
                if not info and after < n and (ial := _IAL.match(lines[after])):
                    cls = ial["cls"]
                    if cls.startswith("language-") or cls in _CODE_CLASSES:
                        language = cls.removeprefix("language-") if cls.startswith("language-") else _CODE_CLASSES[cls]
                        after += 1
                here().append(Code("\n".join(lines[i + 1 : close]), language, lineno, "" if info == language else info))
                run = pos = after
                continue

            if start == ":" and _DIV_CLOSE.match(line):
                if not stack:
                    raise self.error(lineno, _("This `:::` closes nothing: there is no open `::: …` above it."))
                flush(run, i)
                div = stack.pop()
                if build:
                    div.title = _title_of(div.children)
                run = pos = i + 1
                continue

            opening = _DIV_OPEN.match(line) if start == ":" else None
            if opening:
                flush(run, i)
                kind, attrs = _kind_of(opening["attrs"])
                if kind == "solution":  # the only kind with a required place
                    self._check_place(kind, (*ancestors, *(d.kind for d in stack)), lineno)
                div = Div(kind, [], "", lineno, attrs)
                here().append(div)
                stack.append(div)
                run = pos = i + 1
                continue

            if start in _QUOTE_STARTS and _QUOTE.match(line):
                end = i
                while end < n and _QUOTE.match(lines[end]):
                    end += 1
                ial = _IAL.match(lines[end]) if end < n else None
                if ial and not ial["cls"].startswith("language-") and ial["cls"] not in _CODE_CLASSES:
                    flush(run, i)
                    kind = ial["cls"]
                    outer = (*ancestors, *(d.kind for d in stack))
                    self._check_place(kind, outer, lineno)
                    inner = [_unquote(t) for t in lines[i:end]]
                    children = self.parse(inner, lineno, (*outer, kind))
                    if build:
                        here().append(Div(kind, children, _title_of(children), lineno))
                    run = pos = end + 1
                    continue
                pos = end  # a plain quotation: part of the prose
                continue
            pos = i + 1

        flush(run, n)
        if stack:
            div = stack[-1]
            raise self.error(
                div.line,
                _("This `::: {kind}` is never closed: add a line `:::` where it ends.").format(
                    kind=div.kind or div.attrs
                ),
            )
        return root

    def _check_place(self, kind: str, ancestors: tuple[str, ...], line: int) -> None:
        if kind == "solution" and "challenge" not in ancestors:
            raise self.error(
                line,
                _("A solution must be inside a challenge: move it above the `:::` that closes the challenge."),
            )

    @staticmethod
    def _closing_fence(lines: list[str], candidates: list[int], k: int, fence: str) -> int | None:
        """Index of the line closing ``fence``; only candidate lines can (they start with a fence
        character or a space)."""
        char, length = fence[0], len(fence)
        for j in candidates[k:]:
            stripped = lines[j].strip()
            if len(stripped) >= length and stripped[0] == char and stripped == char * len(stripped):
                return j
        return None


def _unquote(line: str) -> str:
    """One level of blockquote marker off a line: ``> text`` -> ``text``."""
    stripped = line.lstrip(" ")
    if stripped.startswith(">"):
        stripped = stripped[1:]
        if stripped.startswith(" "):
            stripped = stripped[1:]
    return stripped


def _kind_of(attrs: str) -> tuple[str, str]:
    """A div's kind and the attributes to keep: ``challenge`` -> (challenge, ""); ``{.callout #x}`` -> (callout, it)."""
    if attrs.startswith("{"):
        found = re.search(r"\.([\w-]+)", attrs)
        return (found.group(1) if found else ""), attrs
    words = attrs.split()
    return words[0], ("" if len(words) == 1 else attrs)


def _language_of(info: str) -> str:
    """``python``, ``{r, echo=FALSE}``, ``{.language-bash}`` -> python, r, bash."""
    if not info:
        return ""
    word = re.split(r"[\s,]", info.strip("{} \t"), maxsplit=1)[0].lstrip(".")
    return word.removeprefix("language-")


def _title_of(children: list[Block]) -> str:
    if children and isinstance(children[0], Markdown):
        heading = _HEADING.match(children[0].text.split("\n", 1)[0])
        if heading:
            return heading["text"].strip()
    return ""


def lesson_files(folder: str | Path) -> list[Path]:
    """Lesson files in a folder, in teaching order.

    A Carpentries Workbench lesson lists its episodes in ``config.yaml`` beside
    the ``episodes/`` folder; otherwise files are taken in name order
    (``01-intro.md``, ``02-…``), numbers compared as numbers.
    """
    folder = Path(folder)
    found = [
        p for p in folder.iterdir()
        if p.suffix.lower() in LESSON_SUFFIXES and p.stem.lower() not in _NOT_LESSONS and p.is_file()
    ]
    ordered = _config_order(folder, found)
    if ordered is not None:
        return ordered
    return sorted(found, key=_natural_key)


# Files that sit beside lessons in a folder but are not lessons.
_NOT_LESSONS = frozenset({"readme", "license", "licence", "contributing", "code_of_conduct", "changelog"})


def _config_order(folder: Path, found: list[Path]) -> list[Path] | None:
    config = folder.parent / "config.yaml"
    if folder.name != "episodes" or not config.is_file():
        return None
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    names = data.get("episodes") if isinstance(data, dict) else None
    if not isinstance(names, list):
        return None
    by_name = {p.name: p for p in found}
    listed = [by_name[str(name)] for name in names if str(name) in by_name]
    rest = sorted((p for p in found if p not in listed), key=_natural_key)
    return listed + rest


def _natural_key(path: Path) -> list[Any]:
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", path.name)]
