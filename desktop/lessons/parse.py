"""Reading a lesson: Markdown with YAML front matter, in either Carpentries style.

The Workbench style uses pandoc fenced divs (``::: challenge`` … ``:::``) and
back-tick code fences with a language. The older style (before 2023) uses
blockquotes closed by a kramdown class (``> ## Title`` … ``{: .challenge}``)
and ``~~~`` code followed by ``{: .language-bash}``. Both become the same
``LessonDoc``; nothing the author wrote is dropped.

The structure comes from the product's one Markdown parser
(``desktop.lessons.markdown``); this module turns its tokens into blocks, keeping
the Markdown between them as the author wrote it, and reads the front matter
with PyYAML.

Every problem raises ``LessonError``: one plain sentence naming the line (the file is
always given beside it), so a host who has never heard of YAML can open the file and
fix it; nothing here writes anywhere.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from markdown_it.token import Token

from desktop.i18n import _
from desktop.lessons import front_matter_problems
from desktop.lessons.document import Block, Code, Div, LessonDoc, LessonMeta, Markdown
from desktop.lessons.markdown import (
    CODE_CLASS,
    DIV_OPEN,
    DIV_STRAY,
    FENCED,
    code_language,
    lesson_block_tokens,
    matching_closes,
)

# A real lesson is a few dozen kilobytes; anything this big is a mistake, not a lesson.
MAX_BYTES = 5 * 1024 * 1024
LESSON_SUFFIXES = (".md", ".rmd", ".markdown")

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")

_KNOWN_KEYS = frozenset(
    {
        "title",
        "teaching",
        "exercises",
        "id",
        "level",
        "language",
        "audience",
        "materials",
        "offline",
        "license",
        "authors",
        "version",
        "tags",
    }
)


class LessonError(Exception):
    """A lesson that cannot be read, in plain words.

    ``message`` says what is wrong with line ``line`` ("a quotation mark is never closed."),
    or, for a problem with the whole file (``whole_file``), is a sentence of its own
    ("The file is empty."). ``sentence`` is what a host reads; ``str()`` puts the file first.
    """

    def __init__(self, path: str | Path, line: int, message: str, *, whole_file: bool = False) -> None:
        self.path = str(path) if str(path) else _("lesson")
        self.line = line
        self.message = message
        self.whole_file = whole_file
        super().__init__(f"{self.path}: {self.sentence}")

    @property
    def file_name(self) -> str:
        return Path(self.path).name or self.path

    @property
    def sentence(self) -> str:
        """ "Line 3: a quotation mark is never closed." (or the whole-file sentence)."""
        if self.whole_file:
            return self.message
        return _("Line {line}: {problem}").format(line=self.line, problem=self.message)


def _refuse_shortcuts(yaml_text: str, source: str, first: int) -> None:
    """YAML's shortcuts (``&name`` … ``*name``) repeat a value without writing it out; a few
    lines of them unfold into millions of values (the "billion laughs"). No lesson needs them."""
    if "&" not in yaml_text and "*" not in yaml_text:
        return
    for token in yaml.scan(yaml_text, Loader=_Loader):
        if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
            raise LessonError(source, first + token.start_mark.line, front_matter_problems.shortcut())


def _whole_file(source: str | Path, message: str) -> LessonError:
    return LessonError(source, 1, message, whole_file=True)


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
                raise _whole_file(path, _too_big(info.st_size))
            data = fh.read()
    except OSError as exc:
        if path.is_dir():  # Linux refuses to open a folder (IsADirectoryError), Windows says "permission denied"
            raise _whole_file(path, _("This is a folder, not a lesson file.")) from None
        raise _whole_file(path, _cannot_open(exc)) from None
    return decode_lesson_bytes(data, path)


def _cannot_open(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return _("The file cannot be read: it is not there any more.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("The file cannot be read: this computer does not allow On-Ramp to open it.")
    return _("The file cannot be read: {reason}.").format(reason=exc.strerror or exc)


def decode_lesson_bytes(data: bytes, source: str | Path = "") -> str:
    """Bytes of a lesson as text: UTF-8 (with or without a byte-order mark), never binary."""
    if len(data) > MAX_BYTES:
        raise _whole_file(source, _too_big(len(data)))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _whole_file(
            source,
            _(
                "This file is saved in a kind of text On-Ramp cannot read. Open it in a text editor and save it as UTF-8."
            ),
        )
    if b"\0" in data:
        raise _whole_file(source, _binary_message())
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
                "this line has a letter On-Ramp cannot read, because the file is not saved as UTF-8 text. "
                "Open it in a text editor and save it as UTF-8."
            ),
        ) from None


def _too_big(size: int) -> str:
    return _(
        "This file is {size:.1f} MB, too big to be a lesson (a lesson is at most {limit} MB). Is it the right file?"
    ).format(size=size / 1024 / 1024, limit=MAX_BYTES // 1024 // 1024)


def _binary_message() -> str:
    return _("This file is not text (it may be a picture or a Word document).")


# Parsing text -----------------------------------------------------------------------


def parse_text(text: str, source: str = "") -> LessonDoc:
    """Parse a lesson's Markdown. ``source`` names the file in messages."""
    _text, meta, body = _parse(text, source)
    return LessonDoc(meta, body, source)


def check_text(text: str, source: str = "") -> tuple[str, LessonMeta]:
    """Check a lesson exactly as ``parse_text`` does (an import needs only the verdict and the
    front matter). Returns the text as it is stored (no byte-order mark, ``\n`` line ends) and
    the front matter; raises the same ``LessonError``."""
    text, meta, _body = _parse(text, source)
    return text, meta


def _parse(text: str, source: str) -> tuple[str, LessonMeta, list[Block]]:
    """The text with line ends made ``\n``, its front matter and its blocks."""
    if len(text) > MAX_BYTES:
        raise _whole_file(source, _too_big(len(text.encode("utf-8", "replace"))))
    if "\0" in text:
        raise _whole_file(source, _binary_message())
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise _whole_file(source, _("The file is empty."))
    if text.split("\n", 1)[0].rstrip() != "---":
        raise _whole_file(
            source,
            _(
                "The file does not start with the lesson details between two --- lines "
                "(a line ---, then a line such as title: My lesson, then another line ---)."
            ),
        )
    tokens = lesson_block_tokens(text)
    if not tokens or tokens[0].type != "front_matter":
        raise LessonError(
            source,
            1,
            _("the lesson details that start here never end: add a line --- after them."),
        )
    front = tokens[0]
    meta = _parse_meta(front.content, source)
    lines = text.split("\n")
    assert front.map is not None
    body = _BodyReader(source, tokens).blocks(1, len(tokens), (0, lines), front.map[1], len(lines), ())
    return text, meta, body


# Front matter ----------------------------------------------------------------------


def _parse_meta(yaml_text: str, source: str) -> LessonMeta:
    first = 2  # the line after the opening ---
    # yaml.load's two steps, kept apart: the composed nodes know the line of each key.
    loader = None
    try:
        loader = _Loader(yaml_text)  # the pure-Python reader checks the characters here already
        node = loader.get_single_node()
        if node is not None:
            _refuse_shortcuts(yaml_text, source, first)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        line, problem = front_matter_problems.explain(exc, yaml_text)
        raise LessonError(source, first + line, problem) from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise LessonError(
            source,
            first,
            _("the lesson details should be lines of a name and a value, like title: My lesson."),
        )
    key_lines: dict[Any, int] = {}
    warnings: list[str] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[tuple[str, str], int] = {}
        for key_node, _value in node.value:
            key = getattr(key_node, "value", None)
            line = first + key_node.start_mark.line
            if isinstance(key_node, yaml.ScalarNode):
                # By tag and text, as YAML tells keys apart: 1 and '1' are two keys.
                same = (key_node.tag, key_node.value)
                if same in seen:  # YAML keeps the last, as every lesson tool reading it does: so do we, and say so
                    problem = front_matter_problems.duplicate_key(key, seen[same])
                    warnings.append(_("Line {line}: {problem}").format(line=line, problem=problem))
                seen[same] = line
            key_lines[key] = line

    def line_of(key: str) -> int:
        return key_lines.get(key, first - 1)

    def fail(key: str, message: str) -> LessonError:
        return LessonError(source, line_of(key), message)

    title = data.get("title")
    if title is None or isinstance(title, (dict, list)) or not str(title).strip():
        raise fail(
            "title",
            _(
                "this lesson has no title: add a line such as title: Your first Python program "
                "between the two --- lines."
            ),
        )

    def minutes(key: str) -> int:
        value = data.get(key, 0)
        if value is None:
            return 0
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 24 * 60:
            raise fail(key, _("“{key}” should be a number of minutes, such as 20.").format(key=key))
        return value

    def text(key: str, default: str) -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if isinstance(value, (dict, list)):
            raise fail(key, _("“{key}” should be a single value, not a list.").format(key=key))
        return str(value)

    def text_list(key: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        out: list[str] = []
        for listed in items:
            item = listed["name"] if isinstance(listed, dict) and "name" in listed else listed
            if isinstance(item, (dict, list)) or item is None:
                raise fail(key, _("“{key}” should be a list of words or short phrases.").format(key=key))
            out.append(str(item))
        return out

    offline = data.get("offline", True)
    if isinstance(offline, str) and offline.strip().lower() in ("yes", "true", "no", "false"):
        offline = offline.strip().lower() in ("yes", "true")
    if not isinstance(offline, bool):
        raise fail("offline", _("“offline” should be yes or no."))

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
        warnings=warnings,
    )


# Body -------------------------------------------------------------------------------

View = tuple[int, list[str]]  # (file line number of the first, lines) as a block reads them


class _BodyReader:
    """Blocks from the parser's tokens. A code fence or a div at a level is a block of its own;
    the lines between them are Markdown, kept as the author wrote them."""

    def __init__(self, source: str, tokens: list[Token]) -> None:
        self.source = source
        self.tokens = tokens
        self.closes = matching_closes(tokens)

    def error(self, line: int, message: str) -> LessonError:
        return LessonError(self.source, line, message)

    def blocks(
        self, start: int, end: int, view: View, first: int, last: int, ancestors: tuple[str, ...]
    ) -> list[Block]:
        """Blocks of the tokens ``start`` to ``end``, which hold lines ``first`` to ``last`` (0-based,
        ``last`` excluded) as ``view`` has them; ``ancestors`` are the kinds of the divs around them."""
        out: list[Block] = []
        offset, text = view
        tokens, closes = self.tokens, self.closes

        def prose(begin: int, stop: int) -> None:
            while begin < stop and not text[begin - offset].strip():
                begin += 1
            while stop > begin and not text[stop - 1 - offset].strip():
                stop -= 1
            if begin < stop:
                out.append(Markdown("\n".join(text[begin - offset : stop - offset]), begin + 1))

        run = first  # pending Markdown starts on this line
        i = start
        while i < end:
            tok = tokens[i]
            if tok.type == "fence" and tok.map is not None:
                opened, after = tok.map
                line = text[opened - offset]
                if not _fence_is_closed(tok.markup, text[after - 1 - offset], after - 1 > opened):
                    raise self.error(
                        opened + 1,
                        _("this code block is never closed: add a line {fence} after the code.").format(
                            fence=tok.markup
                        ),
                    )
                i += 1
                if line[:1] == " ":
                    continue  # an indented fence belongs to a list item: kept in the Markdown as written
                prose(run, opened)
                info = line[len(tok.markup) :].strip()
                language = _language_of(info)
                cls = (tok.meta or {}).get(CODE_CLASS)
                if cls is not None:  # the parser read the `{: .python}` line after the code as its class
                    language = language or code_language(cls)
                    after += 1
                body = "\n".join(text[opened + 1 - offset : tok.map[1] - 1 - offset])
                out.append(Code(body, language, opened + 1, "" if info == language else info))
                run = after
            elif tok.type == DIV_OPEN and tok.map is not None:
                meta = tok.meta
                opened = tok.map[0]
                prose(run, opened)
                kind = meta["kind"]
                if kind == "solution" and "challenge" not in ancestors:
                    raise self.error(
                        opened + 1,
                        _("a solution must be inside a challenge: move it above the ::: that closes the challenge."),
                    )
                inner_first, inner_last = meta["content"]
                inner_view = view if meta["style"] == FENCED else (inner_first, meta["lines"])
                children = self.blocks(i + 1, closes[i], inner_view, inner_first, inner_last, (*ancestors, kind))
                if not meta["closed"]:
                    raise self.error(
                        opened + 1,
                        _("this “::: {kind}” is never closed: add a line ::: where it ends.").format(
                            kind=kind or meta["attrs"]
                        ),
                    )
                out.append(Div(kind, children, _title_of(children), opened + 1, meta["attrs"]))
                run = tok.map[1]
                i = closes[i] + 1
            elif tok.type == DIV_STRAY and tok.map is not None:
                raise self.error(
                    tok.map[0] + 1,
                    _("this ::: closes nothing: there is no open ::: above it."),
                )
            else:  # Markdown: paragraphs, lists, quotes, tables, …
                i = closes[i] + 1
        prose(run, last)
        return out


def _fence_is_closed(fence: str, last_line: str, has_room: bool) -> bool:
    """Whether a code block's last line closes it (an unclosed one runs to the end of its container)."""
    text = last_line.strip()
    indent = len(last_line) - len(last_line.lstrip(" "))
    return has_room and indent < 4 and len(text) >= len(fence) and text == fence[0] * len(text)


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
        p
        for p in folder.iterdir()
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
