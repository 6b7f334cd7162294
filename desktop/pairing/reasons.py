"""One line in plain words saying why a group is together: "Ana has come 4 times and helps; Bea is new; both speak Spanish"."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.i18n import _, ngettext
from desktop.languages import language_name
from desktop.pairing.model import History, Person
from desktop.pairing.rules import came_together, shared_languages


def isolate(name: str) -> str:
    """A name set apart from the text around it, so a right-to-left name keeps the sentence in order."""
    return f"\u2068{name}\u2069"


def describe_person(p: Person) -> str:
    name = isolate(p.name)
    if p.helper:
        if p.visits:
            return ngettext("{name} has come once and helps", "{name} has come {n} times and helps", p.visits).format(
                name=name, n=p.visits
            )
        return _("{name} helps").format(name=name)
    if p.visits == 0:
        if p.experience == "some":
            return _("{name} is new here and has coded before").format(name=name)
        if p.experience == "a_little":
            return _("{name} is new here and has coded a little").format(name=name)
        return _("{name} is new").format(name=name)
    return ngettext("{name} has come once", "{name} has come {n} times", p.visits).format(name=name, n=p.visits)


def _language_phrase(members: Sequence[Person]) -> str:
    common = sorted(shared_languages(members), key=lambda c: (c != "en", language_name(c)))
    if common:
        names = [language_name(c) for c in common[:2]]
        spoken = _("{a} and {b}").format(a=names[0], b=names[1]) if len(names) == 2 else names[0]
        if len(members) == 2:
            return _("both speak {languages}").format(languages=spoken)
        return _("all three speak {languages}").format(languages=spoken)
    if len(members) == 3:
        return _("each shares a language with the others")
    return ""


def _history_phrase(members: Sequence[Person], history: History) -> str:
    if len(members) == 2 and came_together(members[0], members[1]):
        return _("came together")
    if len(members) == 3 and all(
        came_together(a, b) or came_together(b, a) for i, a in enumerate(members) for b in members[i + 1 :]
    ):
        return _("came together")
    most = max((history.met(a.id, b.id) for i, a in enumerate(members) for b in members[i + 1 :]), default=0)
    if most:
        return ngettext(
            "met once before (no better match today)",
            "met {n} times before (no better match today)",
            most,
        ).format(n=most)
    return ""


def explain(members: Sequence[Person], history: History | None = None) -> str:
    """The reason line, in the current language."""
    history = history or History()
    parts = [describe_person(p) for p in members]
    for extra in (_language_phrase(members), _history_phrase(members, history)):
        if extra:
            parts.append(extra)
    return _("; ").join(parts)
