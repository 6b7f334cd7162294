"""The open licences a commons lesson may carry, the credit line each asks for, and the remix rule.

Defined once, here, for the laptop (publish dialog, handouts) and the hub (publish API, web pages)
alike. No Qt, no database: plain data and plain functions.

- CC BY 4.0 (the default) and CC BY-SA 4.0 require credit: title, authors, licence and a link.
- CC0 1.0 asks for no credit at all; we print the same line anyway, as a courtesy to the authors,
  and say so.
- CC BY-SA 4.0 is "share alike": a remix of a BY-SA lesson may only be published under BY-SA.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.i18n import N_, _


@dataclass(frozen=True)
class Licence:
    id: str
    short_name: str  # as the licence itself asks to be named; the same in every language
    name: str  # marked with N_: pass through _() to show it
    url: str
    in_words: str  # what it allows, in plain words (N_)
    requires_credit: bool
    share_alike: bool


DEFAULT_LICENCE = "CC-BY-4.0"

LICENCES: dict[str, Licence] = {
    "CC-BY-4.0": Licence(
        id="CC-BY-4.0",
        short_name="CC BY 4.0",
        name=N_("Creative Commons Attribution 4.0 International"),
        url="https://creativecommons.org/licenses/by/4.0/",
        in_words=N_("Anyone may use, change and share it, as long as they credit the authors."),
        requires_credit=True,
        share_alike=False,
    ),
    "CC-BY-SA-4.0": Licence(
        id="CC-BY-SA-4.0",
        short_name="CC BY-SA 4.0",
        name=N_("Creative Commons Attribution-ShareAlike 4.0 International"),
        url="https://creativecommons.org/licenses/by-sa/4.0/",
        in_words=N_(
            "Anyone may use, change and share it, as long as they credit the authors "
            "and share their changed versions under this same licence."
        ),
        requires_credit=True,
        share_alike=True,
    ),
    "CC0-1.0": Licence(
        id="CC0-1.0",
        short_name="CC0 1.0",
        name=N_("Creative Commons Zero 1.0 Universal (public domain)"),
        url="https://creativecommons.org/publicdomain/zero/1.0/",
        in_words=N_(
            "Given to the public domain: anyone may use, change and share it, with no conditions. "
            "Credit is not required; On-Ramp gives it anyway, as a courtesy."
        ),
        requires_credit=False,
        share_alike=False,
    ),
}

LICENCE_IDS: tuple[str, ...] = tuple(LICENCES)


class UnknownLicence(ValueError):
    """A licence id that is not one of LICENCE_IDS."""


def is_known(licence_id: str) -> bool:
    return licence_id in LICENCES


def licence(licence_id: str) -> Licence:
    try:
        return LICENCES[licence_id]
    except KeyError:
        raise UnknownLicence(licence_id) from None


def licence_label(licence_id: str) -> str:
    """ "CC BY 4.0 — Creative Commons Attribution 4.0 International", in the current language."""
    found = licence(licence_id)
    return _("{short_name} — {name}").format(short_name=found.short_name, name=_(found.name))


# --- The remix rule ---------------------------------------------------------------------------


def licences_for_remix(ancestor_licences: Iterable[str | None]) -> tuple[str, ...]:
    """The licences a lesson descending from these licences (its source's and parent's) may be published under.

    Share-alike is inherited: if any ancestor is BY-SA, only BY-SA. Otherwise every licence in the list
    (a remix of a CC BY or CC0 lesson may choose any, crediting its ancestors on every handout).
    """
    if any(lid and licence(lid).share_alike for lid in ancestor_licences):
        return tuple(lid for lid in LICENCE_IDS if LICENCES[lid].share_alike)
    return LICENCE_IDS


def default_licence_for_remix(ancestor_licences: Iterable[str | None]) -> str:
    allowed = licences_for_remix(ancestor_licences)
    return DEFAULT_LICENCE if DEFAULT_LICENCE in allowed else allowed[0]


def licence_problem(licence_id: str, ancestor_licences: Iterable[str | None] = ()) -> str | None:
    """Why this licence cannot be chosen for a lesson with these ancestors, in plain words; None when it can."""
    if not is_known(licence_id):
        names = ", ".join(LICENCES[lid].short_name for lid in LICENCE_IDS)
        return _("Choose one of the open licences: {names}.").format(names=names)
    ancestors = list(ancestor_licences)
    if licence_id not in licences_for_remix(ancestors):
        return _(
            "This lesson is a remix of a lesson under CC BY-SA 4.0, which asks that remixes are shared "
            "under the same licence. Choose CC BY-SA 4.0."
        )
    return None


def authors_problem(authors: Sequence[str]) -> str | None:
    """Why these authors cannot be published, in plain words; None when they can."""
    if not [a for a in authors if a.strip()]:
        return _("Say who to credit: at least one author, as they wish to be named.")
    return None


def publish_problem(
    licence_id: str, authors: Sequence[str], ancestor_licences: Iterable[str | None] = ()
) -> str | None:
    """The first reason a version cannot be published with this licence and these authors; None when it can."""
    return licence_problem(licence_id, ancestor_licences) or authors_problem(authors)


# --- Credit lines -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Credit:
    """What a credit line names for one published version."""

    title: str
    authors: tuple[str, ...]
    organisation: str
    licence_id: str

    @classmethod
    def of(cls, title: str, authors: Iterable[str], organisation: str | None, licence_id: str) -> Credit:
        return cls(title, tuple(a.strip() for a in authors if a.strip()), (organisation or "").strip(), licence_id)


def join_names(names: Sequence[str]) -> str:
    """ "Ana", "Ana and Bo", "Ana, Bo and Cy" — in the current language."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return _("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])


def _attribution(credit: Credit) -> str:
    """ "Title" by Authors (Organisation) — the part every credit names."""
    authors = join_names(credit.authors)
    if authors and credit.organisation:
        return _('"{title}" by {authors} ({organisation})').format(
            title=credit.title, authors=authors, organisation=credit.organisation
        )
    if authors or credit.organisation:
        return _('"{title}" by {authors}').format(title=credit.title, authors=authors or credit.organisation)
    return _('"{title}"').format(title=credit.title)


def _licence_part(credit: Credit) -> str:
    found = licence(credit.licence_id)
    if found.requires_credit:
        return f"{found.short_name}, {found.url}"
    return _("{short_name} (no credit required; given as a courtesy), {url}").format(
        short_name=found.short_name, url=found.url
    )


def credit_line(
    work: Credit, parent: Credit | None = None, source: Credit | None = None, *, adapted: bool = False
) -> str:
    """The credit line a licence asks for, in plain words, one line.

    '"Title" by Authors (Organisation), CC BY 4.0, https://… — remixed from "Parent" by …, CC BY 4.0,
    https://… — original: "Source" by …'. ``parent`` is the version ``work`` was remixed from, ``source``
    the original of the line (left out when it is the parent). ``adapted`` says the lesson was changed
    here after it was taken (CC BY asks that changes are indicated).
    """
    head = f"{_attribution(work)}, {_licence_part(work)}"
    line = _("Adapted from {credit}").format(credit=head) if adapted else head
    if parent is not None and parent != work:
        line += " — " + _("remixed from {credit}").format(credit=f"{_attribution(parent)}, {_licence_part(parent)}")
    if source is not None and source != work and source != parent:
        line += " — " + _("original: {credit}").format(credit=f"{_attribution(source)}, {_licence_part(source)}")
    return line


def lineage_credit_line(
    *,
    parent_title: str,
    parent_authors: Iterable[str],
    parent_organisation: str | None,
    parent_licence: str,
    source_title: str | None = None,
    source_authors: Iterable[str] = (),
    source_organisation: str | None = None,
    source_licence: str | None = None,
    adapted: bool = False,
) -> str:
    """The credit line for a local lesson taken from the commons, from its lineage's fields.

    The lesson is a copy of its parent; the parent's source is credited too when it is another lesson.
    """
    parent = Credit.of(parent_title, parent_authors, parent_organisation, parent_licence)
    source = None
    if source_title is not None and source_licence is not None:
        source = Credit.of(source_title, source_authors, source_organisation, source_licence)
    return credit_line(parent, source=source, adapted=adapted)
