"""Writing a lesson and reading it back gives the same lesson, whichever style it came in."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from desktop.lessons.document import Code, Div, LessonDoc, LessonMeta, Markdown
from desktop.lessons.parse import LessonError, parse_file, parse_text
from desktop.lessons.write import write_text

FIXTURES = Path(__file__).parent / "fixtures"
ALL_FIXTURES = [
    *sorted((FIXTURES / "workbench" / "episodes").glob("*.md")),
    *sorted((FIXTURES / "styles-old" / "_episodes").glob("*.md")),
    # Whole real Carpentries episodes of both styles.
    *sorted((FIXTURES / "workbench" / "real").glob("*.md")),
    *sorted((FIXTURES / "styles-old" / "real").glob("*.md")),
]


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_fixture_lessons_round_trip(path: Path) -> None:
    doc = parse_file(path)
    again = parse_text(write_text(doc))
    assert again == doc
    # and writing is stable from then on
    assert write_text(again) == write_text(doc)


def test_old_style_is_written_in_workbench_style() -> None:
    text = write_text(parse_file(FIXTURES / "styles-old" / "_episodes" / "01-intro.md"))
    assert "{: .challenge}" not in text and "{: .language-bash}" not in text
    assert "::: solution" in text and "```bash\n$ ls -l\n```" in text


def test_code_with_back_tick_fences_inside_gets_a_longer_fence() -> None:
    doc = LessonDoc(LessonMeta("Fences"), [Code("```python\nprint(1)\n```", "markdown")])
    text = write_text(doc)
    assert "````markdown" in text
    assert parse_text(text) == doc


def test_an_old_style_box_with_an_indented_fence_as_a_lazy_line_round_trips() -> None:
    # The indented ``` continues the quote's paragraph; without its indent it would open a code
    # block that swallows the rest of the box, the solution's ::: and all.
    text = (
        "---\ntitle: Lazy\n---\n"
        "> ## Challenge\n> Text\n    ```bash\n>\n> > ## Solution\n> > answer\n> {: .solution}\n{: .challenge}\n"
    )
    doc = parse_text(text)
    assert doc.body == [
        Div(
            "challenge",
            [
                Markdown("## Challenge\nText\n    ```bash"),
                Div("solution", [Markdown("## Solution\nanswer")], "Solution"),
            ],
            "Challenge",
        )
    ]
    assert parse_text(write_text(doc)) == doc


@pytest.mark.parametrize("lazy", ["    :::", "    ::: solution", "    ~~~"])
def test_an_old_style_box_whose_lazy_line_is_an_indented_fence_or_div_line_round_trips(lazy: str) -> None:
    doc = parse_text(f"---\ntitle: Lazy\n---\n> Text\n{lazy}\n> more\n{{: .callout}}\n")
    assert doc.body == [Div("callout", [Markdown(f"Text\n{lazy}\nmore")], "")]
    assert parse_text(write_text(doc)) == doc


# Property: text built from the pieces lessons are made of, in both styles. ------------

WORDS = st.text(alphabet=st.sampled_from(list("abcxyz ÉéñüЖ王مـ*_`[]()#-.!?1")), min_size=1, max_size=20).filter(
    lambda s: s.strip() and not s.lstrip().startswith(("#", "-", "*", ">", "[", "`", "1."))
)

LINE_PIECES = st.one_of(
    WORDS,
    WORDS.map(lambda w: f"## {w}"),
    WORDS.map(lambda w: f"- {w}"),
    st.just(""),
    st.sampled_from(
        [
            "::: challenge",
            "::: solution",
            "::: hint",
            "::: callout",
            "::: instructor",
            "::::: objectives",
            "::: {.callout #x}",
            "::: mystery-box",
            ":::",
            "::::::",
        ]
    ),
    st.sampled_from(["```python", "```", "~~~", "```{r, echo=FALSE}", "```output", "    ```bash"]),
    WORDS.map(lambda w: f"> {w}"),
    st.sampled_from(
        [
            "> ## Challenge",
            "> > ## Solution",
            "> > answer",
            "> {: .solution}",
            "{: .challenge}",
            "{: .callout}",
            "{: .language-bash}",
            "{: .output}",
            "> ~~~",
            "> ~~~",
            "  indented",
        ]
    ),
    # whole structures, so that nesting is exercised often
    st.sampled_from(
        [
            "::: challenge\n## Try it\nDo it.\n::: solution\nDone.\n:::\n:::",
            "::::: challenge\n::: hint\nLook.\n:::\n\n::: solution\n```bash\nls\n```\n:::\n:::::",
            "> ## Old challenge\n> Text\n>\n> > ## Solution\n> > ~~~\n> > ls\n> > ~~~\n> > {: .language-bash}\n> {: .solution}\n{: .challenge}",
            "~~~\n$ pwd\n~~~\n{: .language-bash}",
            "> ## Note\n> a\n{: .callout}",
        ]
    ),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    title=WORDS,
    teaching=st.integers(0, 120),
    lines=st.lists(LINE_PIECES, max_size=40),
    extra=st.dictionaries(
        st.sampled_from(["source", "questions", "keypoints"]), st.one_of(WORDS, st.lists(WORDS, max_size=3)), max_size=2
    ),
)
def test_any_lesson_that_parses_round_trips(title: str, teaching: int, lines: list[str], extra: dict) -> None:
    import yaml

    front = yaml.safe_dump({"title": title, "teaching": teaching, **extra}, allow_unicode=True)
    text = f"---\n{front}---\n" + "\n".join(lines) + "\n"
    try:
        doc = parse_text(text)
    except LessonError:
        reject()  # not a lesson; should most inputs be refused, Hypothesis fails the test
    written = write_text(doc)
    assert parse_text(written) == doc
    assert write_text(parse_text(written)) == written


# Property: any document the model can hold (in the writer's normal form) survives writing.


def _markdown() -> st.SearchStrategy[Markdown]:
    return st.lists(WORDS, min_size=1, max_size=3).map(lambda ws: Markdown("\n".join(ws)))


CODE = st.builds(
    Code,
    text=st.lists(st.one_of(WORDS, st.just("```"), st.just(":::"), st.just("> q"), st.just("")), max_size=4).map(
        "\n".join
    ),
    language=st.sampled_from(["", "python", "bash", "r", "output"]),
)


def _blocks(children: st.SearchStrategy) -> st.SearchStrategy[list]:
    return st.lists(st.one_of(_markdown(), CODE, children), max_size=4).map(_merge_markdown)


def _merge_markdown(blocks: list) -> list:
    out: list = []
    for b in blocks:
        if isinstance(b, Markdown) and out and isinstance(out[-1], Markdown):
            out[-1] = Markdown(out[-1].text + "\n" + b.text)
        else:
            out.append(b)
    return out


def _div(kind_children: tuple[str, list]) -> Div:
    from desktop.lessons.parse import _title_of

    kind, children = kind_children
    return Div(kind, children, _title_of(children))


DIVS = st.recursive(
    st.tuples(st.sampled_from(["callout", "hint", "keypoints", "my-box"]), _blocks(st.nothing())).map(_div),
    lambda inner: st.tuples(st.sampled_from(["challenge", "callout", "instructor", "discussion"]), _blocks(inner)).map(
        _div
    ),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@given(
    meta=st.builds(
        LessonMeta,
        title=WORDS.map(str.strip),
        teaching=st.integers(0, 300),
        exercises=st.integers(0, 300),
        id=st.sampled_from(["", "salon-flyer", "presupuesto-familiar"]),
        language=st.sampled_from(["en", "es", "vi"]),
        offline=st.booleans(),
        materials=st.lists(WORDS, max_size=3),
        tags=st.lists(WORDS, max_size=3),
        version=st.sampled_from(["1", "2", "1.5"]),
    ),
    body=_blocks(DIVS),
)
def test_any_document_survives_writing_and_reading(meta: LessonMeta, body: list) -> None:
    doc = LessonDoc(meta, body)
    assert parse_text(write_text(doc)) == doc
