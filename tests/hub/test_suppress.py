"""The funder view's disclosure control: small counts hidden, others rounded to 5, no lone hidden cell."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.i18n import language
from hub.boards.suppress import CountTable, Hidden, Shown, hidden_positions, rounded, suppress

# Mostly small numbers, where the rules bite, with zeros and some big ones.
counts = st.one_of(st.just(0), st.integers(1, 9), st.integers(10, 60), st.integers(0, 500))


@st.composite
def tables(draw: st.DrawFn, summed: bool = True) -> CountTable:
    rows = draw(st.integers(1, 5))
    columns = draw(st.integers(1, 6))
    cells = [[draw(counts) for _ in range(columns)] for _ in range(rows)]
    table = CountTable.summed(cells)
    if summed:
        return table
    # Totals of distinct people are not sums: any number at least the largest of the line.
    row_totals = tuple(max(row) + draw(st.integers(0, 20)) for row in table.cells)
    column_totals = tuple(max(col) + draw(st.integers(0, 20)) for col in zip(*table.cells, strict=True))
    return CountTable(table.cells, row_totals, column_totals, max(*row_totals, *column_totals) + draw(counts))


def lines(grid: list[list[Shown]]) -> list[list[Shown]]:
    return [list(row) for row in grid] + [list(col) for col in zip(*grid, strict=True)]


def check_no_lone_hidden(table: CountTable) -> None:
    grid = suppress(table).grid()
    for line in lines(grid):
        hidden_cells = sum(s.hidden is not None for s in line[:-1])
        total_hidden = line[-1].hidden is not None
        assert hidden_cells != 1 or total_hidden, line
        assert sum(s.hidden is not None for s in line) != 1, line


@given(tables())
def test_no_row_or_column_has_a_lone_hidden_cell_a_total_would_give_back(table: CountTable) -> None:
    check_no_lone_hidden(table)


@given(tables(summed=False))
def test_no_lone_hidden_cell_when_totals_are_not_sums_either(table: CountTable) -> None:
    check_no_lone_hidden(table)


@given(st.one_of(tables(), tables(summed=False)))
def test_every_shown_number_is_zero_or_a_multiple_of_5_from_10_up_near_the_truth(table: CountTable) -> None:
    for true_row, shown_row in zip(table.grid(), suppress(table).grid(), strict=True):
        for n, shown in zip(true_row, shown_row, strict=True):
            if 1 <= n <= 9:
                assert shown.hidden is Hidden.SMALL
            if shown.hidden is None:
                assert shown.value is not None
                assert shown.value % 5 == 0
                assert not 1 <= shown.value <= 9
                assert abs(shown.value - n) <= 2
                assert (shown.value == 0) == (n == 0)
            else:
                assert shown.value is None


@given(tables())
def test_secondary_suppression_hides_only_what_a_lone_hidden_cell_needs(table: CountTable) -> None:
    small, secondary = hidden_positions(table)
    assert not small & secondary
    if not small:
        assert not secondary


def test_rounding_to_the_nearest_5() -> None:
    assert [rounded(n) for n in (0, 10, 12, 13, 17, 18, 22, 1234)] == [0, 10, 10, 15, 15, 20, 20, 1235]


def texts(table: CountTable) -> list[list[str]]:
    with language("en"):
        return [[s.text() for s in row] for row in suppress(table).grid()]


def test_a_small_cell_takes_the_smallest_other_cell_of_its_row_and_column_with_it() -> None:
    # Row 1's 3 is hidden, so the smallest other cell of its row (25) and of its column (30) are hidden
    # too; that leaves 25 alone in column 3, so 60 goes with it. Totals are rounded, never summed.
    assert texts(CountTable.summed([[3, 40, 25], [30, 50, 60]])) == [
        ["fewer than 10", "40", "not shown", "70"],
        ["not shown", "50", "not shown", "140"],
        ["35", "90", "85", "210"],
    ]


def test_a_zero_stays_a_zero_and_a_small_total_is_hidden_like_its_cell() -> None:
    # Row 1's total is its 4 again, so both are hidden; column 2's 4 takes the 20 below it, column
    # 4's small total takes the 35 below it, and row 2 then has two hidden.
    assert texts(CountTable.summed([[0, 4, 0], [0, 20, 15]])) == [
        ["0", "fewer than 10", "0", "fewer than 10"],
        ["0", "not shown", "15", "not shown"],
        ["0", "25", "15", "40"],
    ]


def test_hidden_numbers_read_in_words_in_english_and_spanish() -> None:
    with language("en"):
        assert Shown(None, Hidden.SMALL).text() == "fewer than 10"
        assert Shown(None, Hidden.SECONDARY).text() == "not shown"
        assert Shown(35).text() == "35"
    with language("es"):
        assert Shown(None, Hidden.SMALL).text() == "menos de 10"
        assert Shown(None, Hidden.SECONDARY).text() == "no se muestra"
