"""A lesson file that cannot be read is explained in one plain sentence, with its line, in English and Spanish.

Each kind of mistake a host makes (or a file that is not a lesson at all) is written to a real file and
read as an import reads it; the sentence is the one the host sees, beside the file's name.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.i18n import current_language, set_language
from desktop.lessons.parse import LessonError, parse_file

GOOD_BODY = "\nSome text.\n"


def _lesson(front: str) -> bytes:
    return f"---\n{front}---\n{GOOD_BODY}".encode()


def _word_document() -> bytes:
    from io import BytesIO

    out = BytesIO()
    with zipfile.ZipFile(out, "w") as docx:  # a .docx is a zip of XML parts
        docx.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


# (kind, the file's bytes, the English sentence, the Spanish sentence)
CASES: list[tuple[str, bytes, str, str]] = [
    (
        "an unclosed quotation mark",
        _lesson('title: "A flyer for your salon\nteaching: 20\n'),
        "Line 2: a quotation mark is never closed.",
        "Línea 2: unas comillas no se cierran nunca.",
    ),
    (
        "an unclosed quotation mark in a list",
        _lesson('title: Salon\nteaching: 20\nmaterials: [laptop, "printer\nexercises: 30\n'),
        "Line 4: a quotation mark is never closed.",
        "Línea 4: unas comillas no se cierran nunca.",
    ),
    (
        "a name with no colon",
        _lesson("title: Salon\nteaching 20\nexercises: 30\n"),
        "Line 3: this line needs a colon after the name, like title: My lesson.",
        "Línea 3: esta línea necesita dos puntos después del nombre, como title: Mi lección.",
    ),
    (
        "a first line with no colon",
        _lesson("title Salon flyer\nteaching: 20\n"),
        "Line 2: this line needs a colon after the name, like title: My lesson.",
        "Línea 2: esta línea necesita dos puntos después del nombre, como title: Mi lección.",
    ),
    (
        "a colon inside a value",
        _lesson("title: Python: the basics\n"),
        'Line 2: this value has a colon in it: put the whole value in quotation marks, like title: "Python: the basics".',
        'Línea 2: este valor tiene dos puntos: pon todo el valor entre comillas, como title: "Python: lo básico".',
    ),
    (
        "tab indentation",
        _lesson("title: Salon\nmaterials:\n\t- laptop\n"),
        "Line 4: this line is indented with a tab: use spaces instead.",
        "Línea 4: esta línea tiene sangría con un tabulador: usa espacios en su lugar.",
    ),
    (
        "a name indented under another",
        _lesson("title: Salon\n  teaching: 20\n"),
        "Line 3: this line is not lined up with the lines around it: start each name at the very beginning of its line.",
        "Línea 3: esta línea no está alineada con las de alrededor: empieza cada nombre justo al principio de su línea.",
    ),
    (
        "an unclosed quotation mark closed lines below by another value's",
        _lesson('title: "A flyer for your salon\nteaching: 20\nexercises: 10\nquestions:\n- "Why print?"\n'),
        "Line 2: a quotation mark is never closed.",
        "Línea 2: unas comillas no se cierran nunca.",
    ),
    (
        "a shortcut that repeats a value (billion laughs)",
        _lesson(
            "title: Laughs\nteaching: 5\n"
            + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True))
            + "objectives: *i\n"
        ),
        "Line 4: this lesson uses a shortcut (&name / *name) that On-Ramp does not read; write the value out in full.",
        "Línea 4: esta lección usa un atajo (&nombre / *nombre) que On-Ramp no lee; escribe el valor completo.",
    ),
    (
        "an unclosed bracket",
        _lesson("title: Salon\nmaterials: [laptop, printer\nteaching: 20\n"),
        "Line 3: a bracket [ is never closed: add ] where the list ends.",
        "Línea 3: un corchete [ no se cierra nunca: añade ] donde termina la lista.",
    ),
    (
        "text after a closing quotation mark",
        _lesson('title: "Salon" flyer\n'),
        "Line 2: there is more text after the closing quotation mark: put the whole value inside the quotation marks.",
        "Línea 2: hay más texto después de cerrar las comillas: pon todo el valor dentro de las comillas.",
    ),
    (
        "a value starting with a sign",
        _lesson("title: @home coding\n"),
        'Line 2: a value cannot start with @: put the whole value in quotation marks, like title: "@…".',
        'Línea 2: un valor no puede empezar con @: pon todo el valor entre comillas, como title: "@…".',
    ),
    (
        "a backslash inside double quotation marks",
        _lesson('title: "C:\\Users\\salon"\n'),
        "Line 2: a backslash (\\) inside double quotation marks must be written twice (\\\\), "
        "or use single quotation marks.",
        "Línea 2: una barra invertida (\\) dentro de comillas dobles se escribe dos veces (\\\\), "
        "o usa comillas simples.",
    ),
    (
        "an invisible control character",
        _lesson("title: Salon\nteaching: 2\x070\n"),
        "Line 3: this line has an invisible control character in it: delete the line and type it again.",
        "Línea 3: esta línea tiene un carácter de control invisible: borra la línea y escríbela otra vez.",
    ),
    (
        "lesson details that are a list",
        _lesson("- title\n- teaching\n"),
        "Line 2: the lesson details should be lines of a name and a value, like title: My lesson.",
        "Línea 2: los datos de la lección tienen que ser líneas con un nombre y un valor, como title: Mi lección.",
    ),
    (
        "no title",
        _lesson("teaching: 20\n"),
        "Line 1: this lesson has no title: add a line such as title: Your first Python program "
        "between the two --- lines.",
        "Línea 1: esta lección no tiene título: añade una línea como title: Tu primer programa en Python "
        "entre las dos líneas ---.",
    ),
    (
        "minutes that are not a number",
        _lesson("title: Salon\nteaching: twenty\n"),
        "Line 3: “teaching” should be a number of minutes, such as 20.",
        "Línea 3: «teaching» tiene que ser un número de minutos, como 20.",
    ),
    (
        "lesson details that never end",
        b"---\ntitle: Salon\n\nSome text.\n",
        "Line 1: the lesson details that start here never end: add a line --- after them.",
        "Línea 1: los datos de la lección que empiezan aquí no terminan nunca: añade una línea --- después de ellos.",
    ),
    (
        "no lesson details",
        b"# Salon flyer\n\nSome text.\n",
        "The file does not start with the lesson details between two --- lines "
        "(a line ---, then a line such as title: My lesson, then another line ---).",
        "El archivo no empieza con los datos de la lección entre dos líneas --- "
        "(una línea ---, luego una línea como title: Mi lección, y luego otra línea ---).",
    ),
    ("an empty file", b"", "The file is empty.", "El archivo está vacío."),
    ("a file of blank lines", b"\n  \n\n", "The file is empty.", "El archivo está vacío."),
    (
        "a picture",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        "This file is not text (it may be a picture or a Word document).",
        "Este archivo no es texto (puede ser una imagen o un documento de Word).",
    ),
    (
        "a Word document",
        _word_document(),
        "This file is not text (it may be a picture or a Word document).",
        "Este archivo no es texto (puede ser una imagen o un documento de Word).",
    ),
    (
        "text that is not UTF-8",
        "---\ntitle: Café\n---\n".encode("latin-1"),
        "Line 2: this line has a letter On-Ramp cannot read, because the file is not saved as UTF-8 text. "
        "Open it in a text editor and save it as UTF-8.",
        "Línea 2: esta línea tiene una letra que On-Ramp no puede leer, porque el archivo no está guardado como "
        "texto UTF-8. Ábrelo en un editor de texto y guárdalo como UTF-8.",
    ),
    (
        "UTF-16 text",
        "---\ntitle: Café\n---\n".encode("utf-16"),
        "This file is saved in a kind of text On-Ramp cannot read. Open it in a text editor and save it as UTF-8.",
        "Este archivo está guardado en un tipo de texto que On-Ramp no puede leer. Ábrelo en un editor de texto "
        "y guárdalo como UTF-8.",
    ),
    (
        "an unclosed challenge",
        _lesson("title: Salon\n") + b"\n::: challenge\n\nTry it.\n",
        "Line 7: this “::: challenge” is never closed: add a line ::: where it ends.",
        "Línea 7: este «::: challenge» no se cierra nunca: añade una línea ::: donde termina.",
    ),
]

JARGON = ("yaml", "scanner", "mapping", "parser", "traceback", "front matter", "token", "byte", "0x", "stream")


@pytest.fixture(params=["en", "es"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    was = current_language()
    set_language(request.param)
    yield request.param
    set_language(was)


def _error(path: Path) -> LessonError:
    with pytest.raises(LessonError) as info:
        parse_file(path)
    return info.value


@pytest.mark.parametrize(("kind", "data", "english", "spanish"), CASES, ids=[case[0] for case in CASES])
def test_each_kind_of_bad_file_gets_its_own_plain_sentence_with_its_line(
    tmp_path: Path, language: str, kind: str, data: bytes, english: str, spanish: str
) -> None:
    path = tmp_path / "salon.md"
    path.write_bytes(data)
    err = _error(path)
    assert err.sentence == (english if language == "en" else spanish)
    assert err.file_name == "salon.md"
    assert str(err) == f"{path}: {err.sentence}"  # the file is still named, wherever the sentence is shown
    assert not any(word in err.sentence.lower() for word in JARGON), err.sentence


def test_a_huge_file_says_its_size_and_the_limit(tmp_path: Path, language: str) -> None:
    huge = tmp_path / "film.md"
    with huge.open("wb") as fh:
        fh.truncate(7 * 1024 * 1024)  # sparse: costs no disk
    assert _error(huge).sentence == (
        "This file is 7.0 MB, too big to be a lesson (a lesson is at most 5 MB). Is it the right file?"
        if language == "en"
        else "Este archivo ocupa 7.0 MB, demasiado para ser una lección (una lección ocupa como mucho 5 MB). "
        "¿Es el archivo correcto?"
    )


def test_a_missing_file_and_a_folder_are_said_plainly(tmp_path: Path, language: str) -> None:
    missing = _error(tmp_path / "gone.md").sentence
    folder = _error(tmp_path).sentence
    if language == "en":
        assert (missing, folder) == (
            "The file cannot be read: it is not there any more.",
            "This is a folder, not a lesson file.",
        )
    else:
        assert missing == "No se puede leer el archivo: ya no está ahí."
        assert "carpeta" in folder


def test_the_same_mistakes_read_with_the_pure_python_reader_get_the_same_sentences(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The C reader (libyaml) and the pure-Python one word their problems differently; hosts see one sentence."""
    import yaml

    from desktop.lessons import parse

    path = tmp_path / "salon.md"
    c_reader = []
    for _kind, data, _english, _spanish in CASES:
        path.write_bytes(data)
        c_reader.append(_error(path).sentence)
    monkeypatch.setattr(parse, "_Loader", yaml.SafeLoader)
    python_reader = []
    for _kind, data, _english, _spanish in CASES:
        path.write_bytes(data)
        python_reader.append(_error(path).sentence)
    assert python_reader == c_reader


def test_a_name_given_twice_keeps_the_last_value_and_warns_with_both_lines(tmp_path: Path, language: str) -> None:
    """As every YAML reader does (shell-novice's 01-intro.md repeats keypoints): imported, with a warning."""
    path = tmp_path / "salon.md"
    path.write_bytes(_lesson("title: Salon\nkeypoints:\n- first\nteaching: 20\nkeypoints:\n- last\n"))
    meta = parse_file(path).meta
    assert meta.extra["keypoints"] == ["last"]
    assert meta.warnings == [
        "Line 6: “keypoints” is given twice (also on line 3); On-Ramp uses this one, the last. "
        "Delete the one you do not want."
        if language == "en"
        else "Línea 6: «keypoints» aparece dos veces (también en la línea 3); On-Ramp usa esta, la última. "
        "Borra la que no quieras."
    ]


def test_keys_one_and_quoted_one_are_two_names_not_one_given_twice(tmp_path: Path) -> None:
    path = tmp_path / "salon.md"
    path.write_bytes(_lesson("title: Salon\n1: number\n'1': text\n"))
    meta = parse_file(path).meta
    assert meta.warnings == []
    assert meta.extra == {1: "number", "1": "text"}
