"""Reading lessons in both Carpentries styles, and the messages for files that cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.lessons.document import Code, Div, Markdown
from desktop.lessons.parse import LessonError, check_text, lesson_files, parse_file, parse_text

FIXTURES = Path(__file__).parent / "fixtures"
WORKBENCH = FIXTURES / "workbench" / "episodes"
OLD = FIXTURES / "styles-old" / "_episodes"
BAD = FIXTURES / "bad"


def kinds(blocks) -> list[str]:
    return [b.kind if isinstance(b, Div) else type(b).__name__ for b in blocks]


def test_workbench_episode_reads_front_matter_and_divs() -> None:
    doc = parse_file(WORKBENCH / "introduction.md")
    assert doc.meta.title == "Introducing the Shell"
    assert (doc.meta.teaching, doc.meta.exercises, doc.meta.minutes) == (5, 0, 5)
    assert kinds(doc.body) == [
        "questions",
        "objectives",
        "Markdown",
        "Code",
        "Code",
        "callout",
        "instructor",
        "keypoints",
    ]
    assert [c.language for c in doc.body if isinstance(c, Code)] == ["bash", "output"]
    assert doc.divs("callout")[0].title == "Why Bother?"
    assert "Señora Núñez" in doc.divs("callout")[0].children[0].text


def test_challenge_holds_its_hint_and_solution_and_the_solution_keeps_its_code() -> None:
    doc = parse_file(WORKBENCH / "navigating-files.md")
    challenge = doc.divs("challenge")[0]
    assert challenge.title == "Exploring More `ls` Options"
    assert kinds(challenge.children) == ["Markdown", "hint", "solution"]
    solution = challenge.children[2]
    assert isinstance(solution, Div)
    assert solution.children[-1] == Code("$ ls -lh", "bash")


def test_unknown_divs_and_pandoc_attributes_are_kept() -> None:
    doc = parse_file(WORKBENCH / "navigating-files.md")
    callout = doc.divs("callout")[0]
    assert callout.attrs == "{.callout #tab-completion}"
    assert doc.divs("glossary")[0].children == [Markdown("A **folder** and a **directory** are the same thing.")]
    assert doc.divs("spoiler")[0].title == "A note on drives"


def test_r_markdown_chunk_options_survive_and_the_language_is_r() -> None:
    doc = parse_file(WORKBENCH / "loops.md")
    chunk = doc.body[0]
    assert isinstance(chunk, Code)
    assert (chunk.language, chunk.info) == ("r", "{r, echo=FALSE}")
    assert doc.meta.extra == {"source": "https://example.org/shell/loops"}


def test_old_style_blockquotes_become_divs_with_nested_solution() -> None:
    doc = parse_file(OLD / "01-intro.md")
    assert kinds(doc.body) == ["Markdown", "Code", "Code", "callout", "challenge", "Markdown"]
    challenge = doc.divs("challenge")[0]
    assert challenge.title == "Exploring More `ls` Options"
    solution = doc.divs("solution")[0]
    assert solution.title == "Solution"
    assert solution.children[-1] == Code("$ ls -l", "bash")
    assert doc.meta.extra["objectives"][0].startswith("Explain how the shell")


def test_old_style_code_classes_set_the_language() -> None:
    doc = parse_file(OLD / "01-intro.md")
    codes = [b for b in doc.body if isinstance(b, Code)]
    assert [(c.language, c.text) for c in codes] == [
        ("bash", "$ ls"),
        ("output", "Desktop      Downloads    Movies       Pictures"),
    ]


def test_a_plain_blockquote_without_a_class_stays_markdown() -> None:
    doc = parse_file(OLD / "01-intro.md")
    last = doc.body[-1]
    assert isinstance(last, Markdown)
    assert last.text.startswith("> A plain quotation, kept as it is.")
    assert "{% include links.md %}" in last.text


def test_learner_copy_leaves_out_solutions_and_instructor_notes() -> None:
    doc = parse_file(WORKBENCH / "introduction.md")
    learner = doc.learner_copy()
    assert learner.divs("instructor") == []
    assert parse_file(OLD / "01-intro.md").learner_copy().divs("solution") == []


def test_line_numbers_point_into_the_file() -> None:
    doc = parse_file(WORKBENCH / "navigating-files.md")
    lines = (WORKBENCH / "navigating-files.md").read_text().split("\n")
    challenge = doc.divs("challenge")[0]
    assert "challenge" in lines[challenge.line - 1]
    solution = doc.divs("solution")[0]
    assert "solution" in lines[solution.line - 1]


def test_workbench_folder_is_read_in_config_order_and_old_folder_in_number_order() -> None:
    assert [p.name for p in lesson_files(WORKBENCH)] == ["introduction.md", "navigating-files.md", "loops.md"]
    assert [p.name for p in lesson_files(OLD)] == ["01-intro.md", "02-filedir.md", "10-shell-scripts.md"]


def test_windows_line_endings_and_byte_order_mark_are_accepted() -> None:
    text = "\ufeff---\r\ntitle: Café\r\n---\r\n\r\n::: callout\r\nHi\r\n:::\r\n"
    doc = parse_text(text)
    assert doc.meta.title == "Café"
    assert doc.divs("callout")[0].children == [Markdown("Hi")]


def test_every_front_matter_field_of_ours_is_read() -> None:
    doc = parse_text(
        "---\ntitle: Budget\nid: household-budget\nlevel: beginner\nlanguage: es\n"
        "audience: adults\nmaterials: [laptop, paper]\noffline: no\nlicense: CC0\n"
        "authors: [{name: Ana}, Bo]\nversion: 2\ntags: [money]\n---\n"
    )
    m = doc.meta
    assert (m.id, m.language, m.offline, m.license, m.version) == ("household-budget", "es", False, "CC0", "2")
    assert (m.audience, m.materials, m.authors, m.tags) == (["adults"], ["laptop", "paper"], ["Ana", "Bo"], ["money"])


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("bad-yaml.md", 4, "quotation mark is never closed"),
        ("unclosed-div.md", 9, "never closed"),
        ("no-title.md", 1, "no title"),
        ("solution-outside.md", 13, "inside a challenge"),
        ("old-solution-outside.md", 5, "inside a challenge"),
        ("latin1.md", 2, "not saved as UTF-8"),
        ("picture.md", 1, "not text"),
    ],
)
def test_bad_files_give_a_message_naming_file_and_line(name: str, line: int, words: str) -> None:
    with pytest.raises(LessonError) as info:
        parse_file(BAD / name)
    err = info.value
    assert (Path(err.path).name, err.line) == (name, line)
    assert words in err.message
    assert str(err) == f"{BAD / name}: {err.sentence}"


def test_a_50_megabyte_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.md"
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(LessonError) as info:
        parse_file(huge)
    assert info.value.line == 1
    assert "50.0 MB" in info.value.message


def test_a_missing_file_and_a_folder_give_messages_not_tracebacks(tmp_path: Path) -> None:
    with pytest.raises(LessonError, match="not there any more"):
        parse_file(tmp_path / "nope.md")
    with pytest.raises(LessonError, match="folder"):
        parse_file(tmp_path)


TEXT_PROBLEMS = [
    ("no front matter\n", 1, "lesson details between two --- lines"),
    ("---\ntitle: x\n", 1, "never end"),
    ("---\ntitle: x\nteaching: twenty\n---\n", 3, "number of minutes"),
    ("---\ntitle: x\noffline: perhaps\n---\n", 3, "yes or no"),
    ("---\n- a\n- b\n---\n", 2, "a name and a value"),
    ('---\ntitle: ""\n---\n', 2, "no title"),
    ("---\ntitle: x\n---\n\n```python\nprint(1)\n", 5, "code block is never closed"),
    ("---\ntitle: x\n---\n\ntext\n\n:::\n", 7, "closes nothing"),
    ("---\ntitle: x\n---\n\n::: challenge\n::: hint\n::: solution\n:::\n:::\n:::\n", 7, None),
]


@pytest.mark.parametrize(("text", "line", "words"), TEXT_PROBLEMS)
def test_text_problems_name_the_line(text: str, line: int, words: str | None) -> None:
    if words is None:  # a solution inside a hint inside a challenge is fine
        assert parse_text(text).divs("solution")
        return
    with pytest.raises(LessonError) as info:
        parse_text(text, "x.md")
    assert info.value.line == line
    assert words in info.value.message


STARTERS = Path(__file__).resolve().parents[2] / "lessons"


def _verdict(check, text: str):
    try:
        return check(text, "x.md")
    except LessonError as exc:
        return str(exc)


@pytest.mark.parametrize("variant", ["as written", "windows line ends", "byte-order mark"])
def test_checking_without_building_gives_the_same_verdict_as_parsing(variant: str) -> None:
    texts = [text for text, _line, _words in TEXT_PROBLEMS]
    for folder in (FIXTURES, STARTERS):
        texts += [p.read_bytes().decode("utf-8", "replace") for p in sorted(folder.rglob("*.md"))]
    for written in texts:
        text = written
        if variant == "windows line ends":
            text = written.replace("\n", "\r\n")
        elif variant == "byte-order mark":
            text = "\ufeff" + written
        parsed = _verdict(parse_text, text)
        checked = _verdict(check_text, text)
        if isinstance(parsed, str):
            assert checked == parsed
        else:
            stored, meta = checked
            assert meta == parsed.meta
            assert stored == text.removeprefix("\ufeff").replace("\r\n", "\n")


@pytest.mark.parametrize(
    "front",
    [
        "plain: text\nlist: [a, [b, {c: d}]]\nquoted: 'x'\nblock: |\n  two\n  lines\n",
        "numbers: [1, 1.5, 0x1F, .inf]\nflags: [yes, no, ~]\nwhen: 2024-05-01\nversioned: !!str 1.10\n",
        "keys: {1: one, yes: on, 2.5: x, null: n}\n",
        "set: !!set {a, b}\npairs: !!omap [a: 1, b: 2]\n",
    ],
)
def test_front_matter_is_read_exactly_as_pyyaml_reads_it(front: str) -> None:
    import yaml

    expected = yaml.safe_load(front.removesuffix("\n"))  # as the lesson hands it over
    extra = parse_text(f"---\ntitle: T\n{front}---\n").meta.extra
    assert repr(extra) == repr(expected)  # repr: tells True from 1, and shows shared lists


def test_utf16_file_gets_its_own_message(tmp_path: Path) -> None:
    f = tmp_path / "utf16.md"
    f.write_text("---\ntitle: x\n---\n", encoding="utf-16")
    with pytest.raises(LessonError, match="save it as UTF-8"):
        parse_file(f)


def test_unicode_in_every_script_is_kept() -> None:
    names = "José, Nguyễn Thị Hoa, Zoë, 王芳, Олена, محمد, דוד, はるか"
    doc = parse_text(f'---\ntitle: "{names}"\n---\n\n::: callout\n{names}\n:::\n')
    assert doc.meta.title == names
    assert doc.divs("callout")[0].children[0].text == names


def test_error_messages_never_carry_a_traceback_worthy_type() -> None:
    # Fuzzed bytes either parse or raise LessonError, nothing else.
    import random

    rng = random.Random(3)
    pieces = [
        b"---\n",
        b"title: x\n",
        b":::",
        b" challenge\n",
        b"> ",
        b"{: .solution}\n",
        b"```",
        b"~~~\n",
        b"\xff",
        b"\n",
        b"[",
        b'"',
        b"\xc3\xa9",
        b"\0",
        b"solution\n",
    ]
    from desktop.lessons.parse import decode_lesson_bytes

    for _ in range(500):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        try:
            parse_text(decode_lesson_bytes(data, "fuzz.md"), "fuzz.md")
        except LessonError as exc:
            assert str(exc).startswith("fuzz.md:")


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("shared: &s [a, b]\nagain: *s\n", 3),
        ("base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n", 3),
        ("loop: &r [*r]\n", 3),
        ("teaching: 5\nunused: &u text\n", 4),
    ],
)
def test_yaml_shortcuts_are_refused_before_they_can_unfold(front: str, line: int) -> None:
    """An alias unfolds into as many values as it likes (a 379-byte "billion laughs" fills the memory of
    whatever walks it: the form, the preview); no lesson needs one."""
    with pytest.raises(LessonError) as info:
        parse_text(f"---\ntitle: T\n{front}---\n")
    assert info.value.line == line
    assert "shortcut (&name / *name)" in info.value.message
