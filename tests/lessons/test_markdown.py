"""The one Markdown parser: how fenced divs, old-style classes and front matter are read."""

from __future__ import annotations

import pytest

from desktop.lessons.document import Code, Div, Markdown
from desktop.lessons.markdown import lesson_markdown
from desktop.lessons.parse import LessonError, parse_text
from desktop.lessons.render import to_html

FRONT = "---\ntitle: T\n---\n\n"


def body(text: str) -> list:
    return parse_text(FRONT + text).body


def test_same_colon_count_nesting_keeps_solution_inside_challenge() -> None:
    blocks = body("::: challenge\nWhat is 2 + 2?\n\n::: solution\n4\n:::\n\nStill the challenge.\n:::\n\nAfter it.\n")
    assert blocks == [
        Div(
            "challenge",
            [
                Markdown("What is 2 + 2?"),
                Div("solution", [Markdown("4")]),
                Markdown("Still the challenge."),
            ],
        ),
        Markdown("After it."),
    ]


def test_workbench_long_colon_style_nests_hint_and_solution() -> None:
    blocks = body(
        ":::::::::: challenge\n## Try it\n\n:::: hint\nLook up.\n::::\n\n::: solution\n```bash\nls\n```\n:::\n::::::::::\n"
    )
    (challenge,) = blocks
    assert isinstance(challenge, Div) and challenge.title == "Try it"
    assert challenge.children[1:] == [
        Div("hint", [Markdown("Look up.")]),
        Div("solution", [Code("ls", "bash")]),
    ]


def test_a_colon_line_inside_a_code_block_closes_nothing() -> None:
    assert body("::: callout\n```text\n:::\n```\n:::\n") == [Div("callout", [Code(":::", "text")])]


def test_a_div_line_ends_the_paragraph_above_it() -> None:
    assert body("Some text.\n::: callout\nA note.\n:::\n") == [
        Markdown("Some text."),
        Div("callout", [Markdown("A note.")]),
    ]


def test_a_bare_colon_line_after_a_list_closes_the_div() -> None:
    assert body("::: keypoints\n- one\n- two\n:::\nAfter.\n") == [
        Div("keypoints", [Markdown("- one\n- two")]),
        Markdown("After."),
    ]


def test_a_div_inside_a_list_item_stays_in_the_markdown_as_written() -> None:
    text = "- Step one\n\n  ::: callout\n  Inside.\n  :::\n"
    assert body(text) == [Markdown(text.rstrip("\n"))]


def test_old_style_class_line_is_not_read_as_part_of_the_quotes_last_paragraph() -> None:
    assert body("> ## Challenge\n> Try it.\n{: .challenge}\nAfter.\n") == [
        Div("challenge", [Markdown("## Challenge\nTry it.")], "Challenge"),
        Markdown("After."),
    ]


def test_old_style_nested_solution_is_inside_its_challenge_and_unquoted() -> None:
    (challenge,) = body(
        "> ## Challenge\n> Q?\n>\n> > ## Solution\n> > ~~~\n> > ls\n> > ~~~\n> > {: .language-bash}\n> {: .solution}\n{: .challenge}\n"
    )
    assert challenge == Div(
        "challenge",
        [
            Markdown("## Challenge\nQ?"),
            Div("solution", [Markdown("## Solution"), Code("ls", "bash")], "Solution"),
        ],
        "Challenge",
    )


def test_a_quote_followed_by_a_code_class_is_an_ordinary_quotation() -> None:
    text = "> ~~~\n> ls\n> ~~~\n{: .language-bash}"
    assert body(text + "\n") == [Markdown(text)]


def test_an_unclosed_code_block_inside_a_div_names_the_code_line() -> None:
    with pytest.raises(LessonError) as info:
        parse_text(FRONT + "::: callout\n\n```python\nprint(1)\n", "x.md")
    assert info.value.line == 7
    assert "code block is never closed" in info.value.message


def test_front_matter_is_read_only_at_the_top_of_a_file_not_of_a_markdown_run() -> None:
    page = lesson_markdown().render("---\n\nBetween two rules.\n\n---\n")
    assert page.count("<hr />") == 2 and "Between two rules." in page


def test_previews_use_the_shared_parser_with_strikethrough() -> None:
    page = to_html(parse_text(FRONT + "Was ~~ten~~ twelve.\n"), host=False)
    assert "<s>ten</s>" in page


def test_a_div_in_a_preview_is_a_div_with_its_kind() -> None:
    page = lesson_markdown().render("- Step\n\n  ::: callout\n  Inside.\n  :::\n")
    assert '<div class="callout">' in page and ":::" not in page


def test_old_style_solution_with_a_lazy_line_stays_a_solution_inside_its_challenge() -> None:
    (challenge,) = body(
        "> ## Ch\n>\n> > ## Solution\n> > secret answer\n> lazy line\n> {: .solution}\n{: .challenge}\n"
    )
    assert challenge == Div(
        "challenge",
        [Markdown("## Ch"), Div("solution", [Markdown("## Solution\nsecret answer\nlazy line")], "Solution")],
        "Ch",
    )
    learner = to_html(
        parse_text(FRONT + "> ## Ch\n> > ## Solution\n> > secret\n> lazy\n> {: .solution}\n{: .challenge}\n"),
        host=False,
    )
    assert "{:" not in learner and "secret" not in learner


@pytest.mark.parametrize(
    ("cls", "language"),
    [
        ("python", "python"),
        ("r", "r"),
        ("sql", "sql"),
        ("bash", "bash"),
        ("matlab", "matlab"),
        ("language-python", "python"),
        ("source", ""),
        ("output", "output"),
        ("error", "error"),
    ],
)
def test_any_class_line_after_a_code_block_is_the_codes_class(cls: str, language: str) -> None:
    assert body(f"~~~\nprint(1)\n~~~\n{{: .{cls}}}\nAfter.\n") == [Code("print(1)", language), Markdown("After.")]
    assert "{:" not in lesson_markdown().render(f"~~~\nprint(1)\n~~~\n{{: .{cls}}}\n")


def test_a_block_kind_class_after_a_code_block_is_not_the_codes_class() -> None:
    assert body("~~~\nls\n~~~\n{: .callout}\n") == [Code("ls", ""), Markdown("{: .callout}")]


def test_old_style_box_with_a_lazy_line_is_still_a_box() -> None:
    assert body("> ## Vim\n> text\nlazy line\n{: .callout}\n") == [
        Div("callout", [Markdown("## Vim\ntext\nlazy line")], "Vim")
    ]
    page = to_html(parse_text(FRONT + "> ## Vim\n> text\nlazy line\n{: .callout}\n"), host=False)
    assert "text\nlazy line" in page and "{:" not in page


def test_a_code_class_inside_a_plain_quote_belongs_to_its_code_block() -> None:
    text = "> plain quote\n>\n> ~~~\n> x\n> ~~~\n> {: .language-bash}"
    assert body(text + "\n") == [Markdown(text)]
    page = lesson_markdown().render(text + "\n")
    assert "<pre><code>x\n</code></pre>" in page and "{:" not in page
