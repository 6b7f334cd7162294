"""Statistical disclosure control for a table of counts with row and column totals (the funder view).

With few people behind a number, a reader could tell who they are; with one number hidden in a row
and the row's total shown, they could work it out by subtraction. So, as national statistics
offices do (the ONS "10-5" rule):

- primary: counts from 1 to 9 are hidden, shown as "fewer than 10";
- rounding: every other count is rounded to the nearest 5 (0 stays 0: a true zero points at nobody);
- secondary: in every row and column (totals included) where exactly one number is hidden, another
  is hidden too — the smallest other non-zero one — and again until no line has exactly one; these
  are shown as "not shown".

Totals go through the same rules; rounded separately, shown numbers need not add up to a shown total.
The functions here are pure: numbers in, what may be shown out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from desktop.i18n import N_, _

SMALLEST_SHOWN = 10  # counts from 1 to SMALLEST_SHOWN - 1 are hidden
ROUND_TO = 5

FEWER_THAN_TEN = N_("fewer than 10")
NOT_SHOWN = N_("not shown")
RULE = N_(
    "To protect the people counted, counts from 1 to 9 are shown as “fewer than 10”, and every other count "
    "is rounded to the nearest 5, so the numbers in a row may not add up exactly to its total. Where a row "
    "or column would have only one number hidden, a second one is hidden too (“not shown”), so a hidden "
    "number cannot be worked out from the total. A 0 means nobody."
)


class Hidden(Enum):
    SMALL = "small"  # a count from 1 to 9
    SECONDARY = "secondary"  # hidden so a small count beside it cannot be worked out


@dataclass(frozen=True)
class Shown:
    """One number as a funder may see it: rounded, or hidden (``value`` is then None)."""

    value: int | None
    hidden: Hidden | None = None

    def text(self) -> str:
        """The words or digits shown on the page and in the CSV."""
        if self.hidden is Hidden.SMALL:
            return _(FEWER_THAN_TEN)
        if self.hidden is Hidden.SECONDARY:
            return _(NOT_SHOWN)
        return str(self.value)


@dataclass(frozen=True)
class CountTable:
    """True counts: ``cells[row][column]``, each row's total, each column's total, and the grand total.

    Totals are given, not summed: a total of distinct people is not the sum of its cells."""

    cells: tuple[tuple[int, ...], ...]
    row_totals: tuple[int, ...]
    column_totals: tuple[int, ...]
    total: int

    @classmethod
    def summed(cls, cells: Sequence[Sequence[int]]) -> CountTable:
        """A table whose totals are the sums of its cells."""
        rows = tuple(tuple(row) for row in cells)
        width = len(rows[0]) if rows else 0
        column_totals = tuple(sum(row[j] for row in rows) for j in range(width))
        return cls(rows, tuple(sum(row) for row in rows), column_totals, sum(column_totals))

    def grid(self) -> list[list[int]]:
        """The table with its totals as one grid: the last column the row totals, the last row the column
        totals and, in its corner, the grand total."""
        return [[*row, total] for row, total in zip(self.cells, self.row_totals, strict=True)] + [
            [*self.column_totals, self.total]
        ]


@dataclass(frozen=True)
class SuppressedTable:
    cells: tuple[tuple[Shown, ...], ...]
    row_totals: tuple[Shown, ...]
    column_totals: tuple[Shown, ...]
    total: Shown

    def grid(self) -> list[list[Shown]]:
        return [[*row, total] for row, total in zip(self.cells, self.row_totals, strict=True)] + [
            [*self.column_totals, self.total]
        ]


def rounded(n: int) -> int:
    """``n`` to the nearest multiple of 5 (halves cannot happen with whole numbers: 12 -> 10, 13 -> 15)."""
    return ROUND_TO * ((n + ROUND_TO // 2) // ROUND_TO)


def is_small(n: int) -> bool:
    return 0 < n < SMALLEST_SHOWN


Position = tuple[int, int]


def _lines(rows: int, columns: int) -> list[list[Position]]:
    """Every row, then every column, of a grid; each line's own total last."""
    return [[(i, j) for j in range(columns)] for i in range(rows)] + [
        [(i, j) for i in range(rows)] for j in range(columns)
    ]


def _second_to_hide(line: list[Position], grid: list[list[int]], hidden: set[Position]) -> Position | None:
    """The one to hide beside a line's lone hidden number: the smallest non-zero cell of the line, then
    its total, then (a line of zeros beside a lone total) a zero. Ties go to the first in the line."""
    cells = [p for p in line[:-1] if p not in hidden]
    total = [line[-1]] if line[-1] not in hidden else []

    def value(p: Position) -> int:
        return grid[p[0]][p[1]]

    for group in ([p for p in cells if value(p)], [p for p in total if value(p)], cells + total):
        if group:
            return min(group, key=value)
    return None


def hidden_positions(table: CountTable) -> tuple[set[Position], set[Position]]:
    """(small, secondary): where in ``table.grid()`` a number is hidden, and why."""
    grid = table.grid()
    small = {(i, j) for i, row in enumerate(grid) for j, n in enumerate(row) if is_small(n)}
    hidden = set(small)
    lines = _lines(len(grid), len(grid[0]))
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(p in hidden for p in line) == 1:
                second = _second_to_hide(line, grid, hidden)
                if second is not None:
                    hidden.add(second)
                    changed = True
    return small, hidden - small


def suppress(table: CountTable) -> SuppressedTable:
    """What a funder may see of ``table``: small counts hidden, the rest rounded, and no hidden number
    left alone in its row or column."""
    grid = table.grid()
    small, secondary = hidden_positions(table)

    def shown(i: int, j: int) -> Shown:
        if (i, j) in small:
            return Shown(None, Hidden.SMALL)
        if (i, j) in secondary:
            return Shown(None, Hidden.SECONDARY)
        return Shown(rounded(grid[i][j]))

    out = [[shown(i, j) for j in range(len(grid[0]))] for i in range(len(grid))]
    return SuppressedTable(
        tuple(tuple(row[:-1]) for row in out[:-1]),
        tuple(row[-1] for row in out[:-1]),
        tuple(out[-1][:-1]),
        out[-1][-1],
    )
