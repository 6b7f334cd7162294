"""The open licences of the commons, their credit lines and the share-alike rule (desktop/commons/licences.py)."""

from __future__ import annotations

import pytest

from desktop.commons.licences import (
    DEFAULT_LICENCE,
    LICENCE_IDS,
    Credit,
    UnknownLicence,
    credit_line,
    default_licence_for_remix,
    licence,
    licence_problem,
    licences_for_remix,
    lineage_credit_line,
    publish_problem,
)
from desktop.i18n import language


def test_the_three_open_licences_are_offered_with_cc_by_first_as_the_default():
    assert LICENCE_IDS == ("CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0")
    assert DEFAULT_LICENCE == "CC-BY-4.0"
    assert licence("CC-BY-SA-4.0").url == "https://creativecommons.org/licenses/by-sa/4.0/"
    with pytest.raises(UnknownLicence):
        licence("All rights reserved")


def test_a_cc_by_credit_line_names_title_authors_organisation_licence_and_link():
    work = Credit.of("Flyer as a web page", ["Ana Ruiz", "Bo Chen"], "Salon Chapter", "CC-BY-4.0")
    assert credit_line(work) == (
        '"Flyer as a web page" by Ana Ruiz and Bo Chen (Salon Chapter), CC BY 4.0, '
        "https://creativecommons.org/licenses/by/4.0/"
    )


def test_a_remix_credits_its_parent_and_the_original_source():
    source = Credit.of("Flyer", ["Ana"], "Salon Chapter", "CC-BY-4.0")
    parent = Credit.of("Flyer for unions", ["Cy", "Di", "Ed"], "Union Hall", "CC-BY-4.0")
    work = Credit.of("Flyer, short", ["Fay"], "Library", "CC-BY-4.0")
    line = credit_line(work, parent=parent, source=source)
    assert line.startswith('"Flyer, short" by Fay (Library), CC BY 4.0')
    assert ' — remixed from "Flyer for unions" by Cy, Di and Ed (Union Hall), CC BY 4.0' in line
    assert line.endswith(
        ' — original: "Flyer" by Ana (Salon Chapter), CC BY 4.0, https://creativecommons.org/licenses/by/4.0/'
    )


def test_cc0_needs_no_credit_but_the_line_gives_it_as_a_courtesy_and_says_so():
    line = credit_line(Credit.of("Passwords", ["Gil"], "", "CC0-1.0"))
    assert line == (
        '"Passwords" by Gil, CC0 1.0 (no credit required; given as a courtesy), '
        "https://creativecommons.org/publicdomain/zero/1.0/"
    )


def test_a_lesson_taken_from_the_commons_and_changed_here_says_it_was_adapted():
    line = lineage_credit_line(
        parent_title="Email basics",
        parent_authors=["Hal"],
        parent_organisation="Union Hall",
        parent_licence="CC-BY-SA-4.0",
        source_title="Email basics",
        source_authors=["Hal"],
        source_organisation="Union Hall",
        source_licence="CC-BY-SA-4.0",
        adapted=True,
    )
    # A first-generation copy: its source is its parent, credited once.
    assert line == (
        'Adapted from "Email basics" by Hal (Union Hall), CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/'
    )


def test_a_remix_of_a_share_alike_lesson_can_only_be_published_share_alike():
    assert licences_for_remix(["CC-BY-SA-4.0", "CC-BY-SA-4.0"]) == ("CC-BY-SA-4.0",)
    assert licences_for_remix(["CC-BY-4.0", "CC-BY-SA-4.0"]) == ("CC-BY-SA-4.0",)
    assert default_licence_for_remix(["CC-BY-SA-4.0"]) == "CC-BY-SA-4.0"
    assert licence_problem("CC-BY-4.0", ["CC-BY-SA-4.0"]) is not None
    assert licence_problem("CC-BY-SA-4.0", ["CC-BY-SA-4.0"]) is None


def test_a_remix_of_cc_by_or_cc0_lessons_may_choose_any_open_licence():
    assert licences_for_remix(["CC-BY-4.0", "CC0-1.0", None]) == LICENCE_IDS
    assert default_licence_for_remix([]) == "CC-BY-4.0"
    assert licence_problem("CC0-1.0", ["CC-BY-4.0"]) is None


def test_publishing_is_refused_in_plain_words_without_an_open_licence_or_authors():
    assert "CC BY 4.0, CC BY-SA 4.0, CC0 1.0" in (publish_problem("MIT", ["Ana"]) or "")
    assert publish_problem("CC-BY-4.0", ["  "]) == "Say who to credit: at least one author, as they wish to be named."
    assert publish_problem("CC-BY-4.0", ["Ana"]) is None


def test_credit_lines_read_in_spanish():
    with language("es"):
        line = credit_line(Credit.of("Correo", ["Ana", "Bo"], "Biblioteca", "CC0-1.0"))
    assert line.startswith('"Correo" de Ana y Bo (Biblioteca), CC0 1.0 (')
    assert "cortesía" in line
