"""Why a lesson's details (its front matter) cannot be read, in words a host understands.

PyYAML reports a problem as an exception class with marks: where the construct it was
reading began (``context_mark``) and where it gave up (``problem_mark``). Its problem
texts differ between the C and the pure-Python reader, so they are never read here;
the class, the marks and the host's own text at those marks say what went wrong
("a quotation mark is never closed"), and which line to fix.
"""

from __future__ import annotations

from typing import Any

import yaml

from desktop.i18n import _

# Characters YAML reserves at the start of a value; a host types them meaning plain text.
_RESERVED_STARTS = frozenset("@`*&!%|>]}")
_QUOTES = frozenset("\"'")
_CLOSING = {"[": "]", "{": "}"}
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def explain(exc: yaml.YAMLError, text: str) -> tuple[int, str]:
    """The line (0-based, in ``text``) to fix and what is wrong with it, for a failed read of ``text``."""
    lines = text.split("\n")
    if isinstance(exc, yaml.reader.ReaderError):  # a control character: the reader gives its position
        return text.count("\n", 0, exc.position), _control_character()
    if not isinstance(exc, yaml.MarkedYAMLError) or exc.problem_mark is None:
        return 0, _unreadable()
    return _Marks(lines, exc).explain()


class _Marks:
    """The host's text at the places a YAML error points to."""

    def __init__(self, lines: list[str], exc: yaml.MarkedYAMLError) -> None:
        self.lines = lines
        self.exc = exc
        problem = exc.problem_mark
        assert problem is not None
        self.problem_line = min(problem.line, len(lines) - 1)
        self.problem_column = problem.column if problem.line < len(lines) else 0
        self.at_end = problem.line >= len(lines) or (
            problem.line == len(lines) - 1 and not lines[-1][problem.column :].strip()
        )
        context = exc.context_mark
        self.context_line = min(context.line, len(lines) - 1) if context is not None else None
        self.context_column = context.column if context is not None else 0
        self.context_char = self._char(context.line, context.column) if context is not None else ""

    def _char(self, line: int, column: int) -> str:
        text = self.lines[line] if 0 <= line < len(self.lines) else ""
        return text[column] if 0 <= column < len(text) else ""

    def _quote_left_open(self) -> int | None:
        """The line of a quoted value that runs on over lines and ends where the reader gave up:
        its closing quotation mark is missing, so the next quotation mark, lines below, closed
        it and the text after that makes no sense. YAML's context mark points at the mapping
        then, not at the quote; the scanner's tokens know where the quote opened."""
        if not isinstance(self.exc, yaml.parser.ParserError):
            return None
        try:
            for token in yaml.scan("\n".join(self.lines), Loader=_Loader):
                if token.start_mark.line > self.problem_line:
                    break
                if (
                    isinstance(token, yaml.ScalarToken)
                    and token.style in _QUOTES
                    and token.start_mark.line < token.end_mark.line == self.problem_line
                ):
                    return int(token.start_mark.line)
        except yaml.YAMLError:
            pass
        return None

    def explain(self) -> tuple[int, str]:
        line, column = self.problem_line, self.problem_column
        text = self.lines[line]
        if "\t" in text[: len(text) - len(text.lstrip())] or self._char(line, column) == "\t":
            return line, _("this line is indented with a tab: use spaces instead.")
        if self.context_line is not None and self.context_char in _QUOTES:
            opened = self.context_column + 1 if self.context_line == line else 0
            if not self.at_end and "\\" in text[opened : column + 1]:  # an escape such as \U in C:\Users
                return line, _(
                    "a backslash (\\) inside double quotation marks must be written twice (\\\\), "
                    "or use single quotation marks."
                )
            return self.context_line, _("a quotation mark is never closed.")
        left_open = self._quote_left_open()
        if left_open is not None:
            return left_open, _("a quotation mark is never closed.")
        if self.context_line is not None and self.context_char in _CLOSING:
            return self.context_line, _(
                "a bracket {opening} is never closed: add {closing} where the list ends."
            ).format(opening=self.context_char, closing=_CLOSING[self.context_char])
        sign = self._char(line, column)
        if sign in _RESERVED_STARTS:
            return line, _(
                'a value cannot start with {sign}: put the whole value in quotation marks, like title: "{sign}…".'
            ).format(sign=sign)
        if self.context_line is not None and _lacks_colon(self.lines[self.context_line]):
            return self.context_line, _needs_colon()
        if sign == ":":  # a colon where no name can start
            if ": " in text[:column] + " ":
                return line, _(
                    "this value has a colon in it: put the whole value in quotation marks, "
                    'like title: "Python: the basics".'
                )
            above = _line_above(self.lines, line)
            if above is not None and _lacks_colon(self.lines[above]):
                return above, _needs_colon()
            return line, _indented()
        before = text[:column].rstrip()
        if before[-1:] in _QUOTES and before.count(before[-1]) >= 2:
            return line, _(
                "there is more text after the closing quotation mark: put the whole value inside the quotation marks."
            )
        if _lacks_colon(text):
            return line, _needs_colon()
        if isinstance(self.exc, yaml.parser.ParserError):
            return line, _indented()
        return line, _unreadable()


def _lacks_colon(line: str) -> bool:
    """A line of the details that is neither ``name: value``, a list item, a comment nor blank."""
    stripped = line.strip()
    return bool(stripped) and ":" not in stripped and not stripped.startswith(("-", "#"))


def _line_above(lines: list[str], line: int) -> int | None:
    for above in range(line - 1, -1, -1):
        if lines[above].strip():
            return above
    return None


def _needs_colon() -> str:
    return _("this line needs a colon after the name, like title: My lesson.")


def _indented() -> str:
    return _("this line is not lined up with the lines around it: start each name at the very beginning of its line.")


def _control_character() -> str:
    return _("this line has an invisible control character in it: delete the line and type it again.")


def _unreadable() -> str:
    return _("this line of the lesson details cannot be read: check its quotation marks, colons and brackets.")


def duplicate_key(key: Any, first_line: int) -> str:
    return _(
        "“{key}” is given twice (also on line {line}); On-Ramp uses this one, the last. Delete the one you do not want."
    ).format(key=key, line=first_line)


def shortcut() -> str:
    return _("this lesson uses a shortcut (&name / *name) that On-Ramp does not read; write the value out in full.")
