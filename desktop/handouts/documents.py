"""Every kind of handout by name, as the command line and the Handouts page offer them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.handouts.data import SessionInfo
from desktop.handouts.layout import LANGUAGES, Options
from desktop.i18n import N_


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # marked with N_
    needs: str  # "lesson", "session", "flyer" (a session, read as the public may know it) or "names"


KINDS: tuple[Kind, ...] = (
    Kind("lesson", N_("Lesson handout"), "lesson"),
    Kind("signin-sheet", N_("Paper sign-in sheet"), "session"),
    Kind("badges", N_("Name badges"), "session"),
    Kind("pair-cards", N_("Table cards for pairs"), "session"),
    Kind("certificates", N_("Certificates of participation"), "session"),
    Kind("take-home", N_("Take-home sheets"), "session"),
    Kind("flyer", N_("Flyer for the session"), "flyer"),
)
KIND_BY_KEY = {k.key: k for k in KINDS}
SESSION_KINDS = tuple(k.key for k in KINDS if k.needs == "session")


def handout_language(language: str | None) -> str:
    """The language a handout prints in: the session's or lesson's, where we have it."""
    code = (language or "en").split("-")[0].lower()
    return code if code in LANGUAGES else "en"


def session_document(kind: str, info: SessionInfo, paper: str, large_print: bool) -> bytes:
    from desktop.handouts.badges import badges_pdf
    from desktop.handouts.cards import certificates_pdf, tents_pdf
    from desktop.handouts.signin_sheet import signin_sheet_pdf
    from desktop.handouts.takehome import takehome_pdf

    options = Options(paper, large_print, handout_language(info.language))
    makers: dict[str, Callable[[], bytes]] = {
        "signin-sheet": lambda: signin_sheet_pdf(info, options),
        "badges": lambda: badges_pdf(info.people, options, info.title),
        "pair-cards": lambda: tents_pdf(info, options),
        "certificates": lambda: certificates_pdf(info, options),
        "take-home": lambda: takehome_pdf(info, options),
    }
    return makers[kind]()
