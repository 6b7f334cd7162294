"""The lesson form reads and writes the same Markdown: nothing lost, only what was edited changes."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.lessons.document import Div
from desktop.lessons.form import (
    OLD,
    WORKBENCH,
    Challenge,
    HostNote,
    LessonForm,
    Step,
    form_from_markdown,
    markdown_from_form,
)
from desktop.lessons.parse import LessonError, parse_text
from desktop.lessons.render import to_html
from desktop.paths import bundled_lessons_dir

FIXTURES = Path(__file__).parent / "fixtures"
STARTERS = sorted(p for p in bundled_lessons_dir().glob("*/*.md") if p.name != "README.md")
# Whole real Carpentries episodes, as their repositories hold them (CC BY 4.0): see each folder.
REAL_EPISODES = sorted((FIXTURES / "workbench" / "real").glob("*.md")) + sorted(
    (FIXTURES / "styles-old" / "real").glob("*.md")
)
EPISODES = (
    sorted((FIXTURES / "workbench" / "episodes").glob("*.md"))
    + sorted((FIXTURES / "styles-old" / "_episodes").glob("*.md"))
    + REAL_EPISODES
)
ALL = STARTERS + EPISODES

# From swcarpentry/shell-novice (CC BY 4.0): an old-style challenge with two solutions and text between.
TWO_SOLUTIONS = """---
title: "Loops"
teaching: 40
exercises: 10
questions:
- "How can I perform the same actions on many different files?"
---

> ## Limiting Sets of Files
>
> What would be the output of running the following loop?
>
> ~~~
> $ for filename in c*
> > do
> >     ls $filename
> > done
> ~~~
> {: .language-bash}
>
> > ## Solution
> > 4 is the correct answer.
> {: .solution}
>
> How would the output differ from using this command instead?
>
> > ## Solution
> > 4 is the correct answer again.
> {: .solution}
{: .challenge}

[rm]: https://example.org/loops
"""


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.split("\n"), after.split("\n"), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_an_unedited_form_writes_the_lesson_back_exactly(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    form = form_from_markdown(text)
    written = markdown_from_form(form)
    assert written == text
    assert form_from_markdown(written) == form
    doc, again = parse_text(text), parse_text(written)
    assert again == doc
    assert again.references() == doc.references()
    assert again.shown() == doc.shown()


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_part_written_afresh_reads_back_as_the_same_form_and_lesson(path: Path) -> None:
    """The writer's own output for each modelled part (used once a part is edited) means what the author wrote."""
    text = path.read_text(encoding="utf-8")
    form = form_from_markdown(text)
    fresh = markdown_from_form(form, keep_unchanged=False)
    assert form_from_markdown(fresh) == form
    doc, again = parse_text(text), parse_text(fresh)
    assert to_html(again.shown(), host=True) == to_html(doc.shown(), host=True)
    assert again.references() == doc.references()
    assert again.meta == doc.meta


def test_the_form_shows_a_starter_lessons_fields() -> None:
    form = form_from_markdown((bundled_lessons_dir() / "en" / "first-python-program.md").read_text(encoding="utf-8"))
    assert (form.title, form.level, form.language, form.teaching, form.exercises) == (
        "Your first Python program",
        "beginner",
        "en",
        35,
        55,
    )
    assert form.objectives[0] == "Run a one-line Python program and change what it says."
    assert [s.heading for s in form.steps][:3] == ["Talking to the computer", "", "Remembering things: variables"]
    first = form.challenges[0]
    assert first.title == "Challenge 1: three lines"
    assert first.body.startswith("Make your program print three lines")
    assert first.solution.startswith('```python\nprint("Marcus")')
    assert form.challenges[1].hints == ["You need two `input` lines, each with its own variable name."]
    assert form.notes[0].text.startswith("**Timings (90 minutes)**")
    assert form.materials[0].startswith("one laptop per pair")
    assert form.keypoints[-1] == "Red error messages say what went wrong and on which line."
    assert form.style == WORKBENCH


def test_an_old_style_episode_keeps_its_lists_in_the_front_matter_and_its_quotes() -> None:
    text = (FIXTURES / "styles-old" / "_episodes" / "02-filedir.md").read_text(encoding="utf-8")
    form = form_from_markdown(text)
    assert form.style == OLD
    assert form.questions == ["How can I move around on my computer?"]
    assert form.challenges[0].title == "Relative Path Resolution"
    assert form.challenges[0].solution.startswith("1. No: there *is* a directory")
    form.objectives.append("Say where you are with `pwd`.")
    form.challenges[0].solution += "\n3. Maybe."
    written = markdown_from_form(form)
    assert "- Say where you are with `pwd`." in written.split("---")[1]
    assert "> > 3. Maybe.\n> {: .solution}\n{: .challenge}" in written
    assert "::: " not in written
    assert form_from_markdown(written) == form


def test_editing_one_field_changes_only_that_in_the_markdown() -> None:
    path = bundled_lessons_dir() / "en" / "first-python-program.md"
    text = path.read_text(encoding="utf-8")

    def edited(change: object) -> list[str]:
        form = form_from_markdown(text)
        change(form)  # type: ignore[operator]
        written = markdown_from_form(form)
        assert form_from_markdown(written) == form
        return _changed_lines(text, written)

    def title(form: LessonForm) -> None:
        form.title = "My first Python program"

    def step_heading(form: LessonForm) -> None:
        form.steps[0].heading = "Talking to a computer"

    def challenge_title(form: LessonForm) -> None:
        form.challenges[2].title = "Challenge 3: dinner"

    def solution(form: LessonForm) -> None:
        form.challenges[0].solution = form.challenges[0].solution.replace("Jollof rice", "Gumbo")

    def teaching(form: LessonForm) -> None:
        form.teaching = 40

    assert edited(title) == ['-title: "Your first Python program"', "+title: My first Python program"]
    assert edited(step_heading) == ["-## Talking to the computer", "+## Talking to a computer"]
    assert edited(challenge_title) == ["-## Challenge 3: what's for dinner", "+## Challenge 3: dinner"]
    assert edited(solution) == ['-print("Jollof rice")', '+print("Gumbo")']
    assert edited(teaching) == ["-teaching: 35", "+teaching: 40"]


def test_unknown_front_matter_and_unmodelled_blocks_stay_as_written() -> None:
    text = (FIXTURES / "workbench" / "episodes" / "loops.md").read_text(encoding="utf-8")
    form = form_from_markdown(text)
    form.steps[0].body += "\n\nOne more line."
    form.materials = ["a laptop"]
    written = markdown_from_form(form)
    assert 'source: "https://example.org/shell/loops"' in written
    assert "```{r, echo=FALSE}" in written and "::::::::::::::::::::::::::::::::::::::: discussion" in written
    assert written.endswith("One more line.\n") and "materials:\n- a laptop\n---" in written


def test_a_challenge_with_two_solutions_keeps_the_second_in_its_text() -> None:
    form = form_from_markdown(TWO_SOLUTIONS)
    challenge = form.challenges[0]
    assert challenge.solution == "4 is the correct answer."
    assert "How would the output differ" in challenge.body and "> ## Solution" in challenge.body
    challenge.title = "Sets of files"
    written = markdown_from_form(form)
    assert written.count("{: .solution}") == 2 and "[rm]: https://example.org/loops" in written
    again = parse_text(written)
    assert len(again.divs("solution")) == 2
    assert again.references() == parse_text(TWO_SOLUTIONS).references()
    assert form_from_markdown(written) == form


def test_items_added_removed_and_moved_land_in_their_places() -> None:
    text = (bundled_lessons_dir() / "en" / "first-python-program.md").read_text(encoding="utf-8")
    form = form_from_markdown(text)
    form.challenges[0], form.challenges[1] = form.challenges[1], form.challenges[0]
    del form.challenges[3]
    form.challenges.append(Challenge("Challenge 5: a receipt", "Print a receipt.", "print('Total')", ["Use print."]))
    form.steps.append(Step("What next", "Come back next week."))
    form.notes.append(HostNote("Bring spare chargers."))
    written = markdown_from_form(form)
    again = form_from_markdown(written)
    assert [c.title for c in again.challenges] == [
        "Challenge 2: a greeting",
        "Challenge 1: three lines",
        "Challenge 3: what's for dinner",
        "Challenge 5: a receipt",
    ]
    assert again.challenges[3].hints == ["Use print."]
    assert again.steps[-1] == Step("What next", "Come back next week.")
    assert again.notes[-1].text == "Bring spare chargers."
    # The key points stay last.
    assert parse_text(written).body[-1].kind == "keypoints"  # type: ignore[union-attr]


def test_a_new_form_writes_a_lesson_the_library_can_read() -> None:
    form = LessonForm(
        title="Sign-up sheets",
        teaching=10,
        exercises=20,
        objectives=["Make a sheet."],
        keypoints=["Sheets help."],
        steps=[Step("Start", "Open the editor.")],
        challenges=[Challenge("Try it", "Make one.", "Like this.", [])],
        notes=[HostNote("Print extra copies.")],
        materials=["paper"],
    )
    written = markdown_from_form(form)
    assert form_from_markdown(written) == form
    doc = parse_text(written)
    assert doc.meta.title == "Sign-up sheets" and doc.meta.materials == ["paper"]
    assert isinstance(doc.body[0], Div) and doc.body[0].kind == "objectives"


def test_text_that_is_not_a_lesson_is_refused_with_its_line() -> None:
    with pytest.raises(LessonError) as caught:
        form_from_markdown('---\ntitle: "Open\n---\n')
    assert caught.value.line >= 2


def _append(field: str) -> Callable[[LessonForm], bool]:
    """An edit that adds a paragraph at the end of one field of the first item that has it."""

    def edit(form: LessonForm) -> bool:
        kind, attr = field.split(".")
        items = {"step": form.steps[1:], "challenge": form.challenges, "note": form.notes}[kind]
        for item in items:
            if getattr(item, attr).strip():
                setattr(item, attr, getattr(item, attr) + "\n\nAn added sentence.")
                return True
        return False

    return edit


FIELDS = ("challenge.body", "challenge.solution", "step.body", "note.text")
# Each real episode with each field it has: an episode without host notes has no note to edit.
EPISODE_FIELDS = [
    (path, field)
    for path in REAL_EPISODES
    for field in FIELDS
    if _append(field)(form_from_markdown(path.read_text(encoding="utf-8")))
]


def test_the_real_episodes_between_them_have_every_field_to_edit() -> None:
    assert {field for _path, field in EPISODE_FIELDS} == set(FIELDS)


@pytest.mark.parametrize(("path", "field"), EPISODE_FIELDS, ids=lambda v: getattr(v, "name", v))
def test_adding_to_one_field_of_a_real_episode_adds_only_those_lines(path: Path, field: str) -> None:
    """Byte for byte elsewhere: no line the host did not touch is rewritten (a tab after >, trailing
    spaces, the order of a challenge's parts)."""
    text = path.read_text(encoding="utf-8")
    form = form_from_markdown(text)
    assert _append(field)(form)
    written = markdown_from_form(form)
    changed = _changed_lines(text, written)
    assert all(line.startswith("+") for line in changed), changed
    assert [line.lstrip("+> ") for line in changed if line.lstrip("+> ")] == ["An added sentence."]
    assert form_from_markdown(written) == form


@pytest.mark.parametrize("path", REAL_EPISODES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_renaming_a_challenge_or_a_key_point_of_a_real_episode_changes_only_its_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    form = form_from_markdown(text)
    if form.challenges:
        form.challenges[0].title = "A new name"
    form.keypoints[0] = "A new key point"
    written = markdown_from_form(form)
    changed = _changed_lines(text, written)
    assert len(changed) == (4 if form.challenges else 2), changed
    assert all(line.endswith(("A new name", "A new key point")) for line in changed if line.startswith("+"))
    assert form_from_markdown(written) == form


def test_editing_a_challenges_text_keeps_its_second_challenge_after_the_first_answer() -> None:
    """The Workbench template's introduction: text after a challenge's solution (a second question with
    its own solution) is part of the challenge's text, and stays after that solution when edited."""
    text = (FIXTURES / "workbench" / "real" / "workbench-template-introduction.md").read_text(encoding="utf-8")
    form = form_from_markdown(text)
    challenge = form.challenges[0]
    assert challenge.body.startswith("What is the output of this command?")
    challenge.body = challenge.body.replace("What is the output of", "What does")
    written = markdown_from_form(form)
    assert _changed_lines(text, written) == [
        "-What is the output of this command?",
        "+What does this command?",
    ]
    assert written.index("## Output") < written.index("## Challenge 2") < written.index("`solution` tag")
    assert form_from_markdown(written) == form


def test_text_removed_from_the_middle_of_a_challenge_takes_only_that_run_away() -> None:
    form = form_from_markdown(TWO_SOLUTIONS)
    challenge = form.challenges[0]
    # The text before the first solution, and the text (with the second solution) after it.
    first, _second = challenge.body.split("\n\nHow would", 1)
    challenge.body = first
    written = markdown_from_form(form)
    assert "How would the output differ" not in written and written.count("{: .solution}") == 1
    assert written.index("What would be the output") < written.index("4 is the correct answer.")
    assert form_from_markdown(written).challenges[0].body == first
