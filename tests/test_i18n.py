"""Every user-facing string is marked, extracted, and translated into Spanish."""

import gettext

import pytest
from babel.messages.pofile import read_po

from desktop import i18n, i18n_tools


@pytest.mark.parametrize("catalog", sorted(i18n_tools.CATALOGS))
def test_every_marked_string_has_a_spanish_translation(catalog):
    extracted = i18n_tools.extract(catalog)
    with i18n_tools.po_path("es", catalog).open("rb") as fh:
        po = read_po(fh, locale="es")
    missing = []
    for msgid in extracted:
        message = po.get(msgid)
        if message is None or not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            missing.append(msgid)
    assert missing == [], f"run `make translations` and translate: {missing}"


@pytest.mark.parametrize("catalog", sorted(i18n_tools.CATALOGS))
def test_compiled_catalog_matches_its_po_file(catalog):
    po_file = i18n_tools.po_path("es", catalog)
    with po_file.open("rb") as fh:
        po = read_po(fh, locale="es")
    with po_file.with_suffix(".mo").open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for message in po:
        if message.id and not isinstance(message.id, tuple):
            assert mo.gettext(message.id) == message.string


def test_every_source_file_with_marked_strings_belongs_to_a_catalog():
    covered = {p for name in i18n_tools.CATALOGS for p in i18n_tools.catalog_files(name)}
    uncovered = [
        str(p.relative_to(i18n_tools.ROOT))
        for p in i18n_tools.ROOT.rglob("*.py")
        if p not in covered
        and p.name != "i18n_tools.py"
        and "migrations" not in p.parts
        and any(k in p.read_text(encoding="utf-8") for k in ('_("', "_('", 'N_("'))
    ]
    assert uncovered == []


def test_language_switches_at_call_time_and_unknown_languages_fall_back_to_english():
    try:
        i18n.set_language("es")
        assert i18n._("Today") == "Hoy"
        i18n.set_language("xx")
        assert i18n._("Today") == "Today"
        assert i18n.translate_in("es", "Reports") == "Informes"
    finally:
        i18n.set_language("en")
