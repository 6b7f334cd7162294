"""Inviting a person from People and access (/users/new): what the viewer may choose, what is wrong with
what they asked, and making the account with its single-use invite link.

Who may create what is the Scope's to say (``Scope.require_invitable``): an organisation admin creates
admins and coordinators of their own organisation, a hub admin any account. Anything asked outside
that — another organisation, a hub admin account, another organisation's chapter — is NotFound (404),
as every out-of-scope id is. The account is made by ``accounts.create_user``, which records it in the
audit log with the viewer as the one who did it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, select

from desktop.i18n import LANGUAGES, _
from hub import accounts
from hub.accounts_store import COORDINATOR, FUNDER, HUB_ADMIN, ORG_ADMIN, chapters, funders, users
from hub.admin import AdminError
from hub.scope import NotFound, Scope
from hub.store import organisations

MAX_NAME = 200


@dataclass(frozen=True)
class ChapterChoice:
    id: int
    name: str
    org_id: int
    org_name: str


@dataclass(frozen=True)
class Choices:
    """What the form offers this viewer: roles, organisations, funders and chapters they may choose."""

    roles: tuple[str, ...]
    orgs: list[tuple[int, str]]
    funders: list[tuple[int, str]]
    chapters: list[ChapterChoice]

    def org_name(self, org_id: int | None) -> str:
        return dict(self.orgs).get(org_id, "") if org_id is not None else ""

    def funder_name(self, funder_id: int | None) -> str:
        return dict(self.funders).get(funder_id, "") if funder_id is not None else ""


def choices_for(conn: Connection, scope: Scope) -> Choices:
    """The form's choices for ``scope``: NotFound for a viewer who may invite nobody."""
    roles = scope.invitable_roles()
    if not roles:
        raise NotFound
    found = conn.execute(
        select(organisations.c.id, organisations.c.name).where(organisations.c.id.in_(sorted(scope.orgs)))
    )
    orgs = sorted(((int(i), str(n)) for i, n in found), key=lambda o: o[1].casefold())
    names = dict(orgs)
    chapter_rows = conn.execute(
        select(chapters.c.id, chapters.c.name, chapters.c.org_id).where(chapters.c.org_id.in_(list(names)))
    )
    chapter_choices = sorted(
        (ChapterChoice(int(i), str(n), int(o), names[int(o)]) for i, n, o in chapter_rows),
        key=lambda c: (c.org_name.casefold(), c.name.casefold()),
    )
    funder_choices: list[tuple[int, str]] = []
    if FUNDER in roles:
        funder_choices = sorted(
            ((int(i), str(n)) for i, n in conn.execute(select(funders.c.id, funders.c.name))),
            key=lambda f: f[1].casefold(),
        )
    return Choices(tuple(roles_in_order(roles)), orgs, funder_choices, chapter_choices)


@dataclass
class Invitation:
    """What the form asked for, as typed (ids already read as numbers)."""

    email: str = ""
    name: str = ""
    role: str = ""
    org_id: int | None = None
    funder_id: int | None = None
    chapter_ids: tuple[int, ...] = ()
    language: str = "en"
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field id, message) for the error summary


def check(conn: Connection, scope: Scope, choices: Choices, asked: Invitation) -> Invitation:
    """``asked`` with its problems in words (``errors``). NotFound when it asks for what the viewer may not
    give: a role above theirs, another organisation, a chapter of another organisation, an unknown funder."""
    if asked.org_id is not None:
        scope.require_org(asked.org_id)  # another organisation's id: as if there were none
    elif not scope.is_hub_admin and len(choices.orgs) == 1:
        asked.org_id = choices.orgs[0][0]  # an organisation admin invites into their own organisation
    if asked.role:
        if asked.role not in choices.roles:
            raise NotFound
        scope.require_invitable(asked.role, asked.org_id if asked.role in (ORG_ADMIN, COORDINATOR) else None)
    if asked.funder_id is not None and asked.funder_id not in dict(choices.funders):
        raise NotFound
    offered = {c.id: c for c in choices.chapters}
    for chapter_id in asked.chapter_ids:
        if chapter_id not in offered:
            raise NotFound
    errors = asked.errors
    email = accounts.normalise_email(asked.email)
    if not email:
        errors.append(("email", _("Enter their email address")))
    elif "@" not in email or email.startswith("@") or email.endswith("@") or len(email) > 320:
        errors.append(("email", _("Enter an email address like name@example.org")))
    elif conn.execute(select(users.c.id).where(users.c.email == email)).first() is not None:
        errors.append(("email", _("There is already an account for {email}").format(email=email)))
    if len(asked.name) > MAX_NAME:
        errors.append(("name", _("Use at most {n} characters").format(n=MAX_NAME)))
    if not asked.role:
        errors.append((f"role-{choices.roles[0]}", _("Choose what they will do")))
    if asked.role in (ORG_ADMIN, COORDINATOR) and asked.org_id is None:
        errors.append(("org", _("Choose their organisation")))
    if asked.role == FUNDER and asked.funder_id is None:
        errors.append(("funder", _("Choose the funder they work for")))
    if asked.role == COORDINATOR and asked.org_id is not None:
        if not asked.chapter_ids and any(c.org_id == asked.org_id for c in choices.chapters):
            errors.append((_first_chapter(choices, asked.org_id), _("Choose at least one chapter they coordinate")))
        elif not any(c.org_id == asked.org_id for c in choices.chapters):
            errors.append(("org", _("This organisation has no chapters yet: a coordinator needs one")))
        elif any(offered[i].org_id != asked.org_id for i in asked.chapter_ids):
            errors.append((_first_chapter(choices, asked.org_id), _("Choose chapters of their organisation only")))
    if asked.language not in LANGUAGES:
        raise NotFound
    return asked


def _first_chapter(choices: Choices, org_id: int) -> str:
    first = next((c for c in choices.chapters if c.org_id == org_id), choices.chapters[0])
    return f"chapter-{first.id}"


def invite(engine: Engine, scope: Scope, actor_id: int, asked: Invitation, choices: Choices) -> str:
    """Make the account ``asked`` (checked, with no errors) describes; the single-use invite token.

    The Scope is asked once more here, so nothing reaches ``create_user`` that the viewer may not give."""
    org_id = asked.org_id if asked.role in (ORG_ADMIN, COORDINATOR) else None
    scope.require_invitable(asked.role, org_id)
    chapter_names = [c.name for c in choices.chapters if c.id in asked.chapter_ids and c.org_id == org_id]
    try:
        _user_id, token = accounts.create_user(
            engine,
            asked.email,
            asked.role,
            org=choices.org_name(org_id) or None,
            funder=choices.funder_name(asked.funder_id) if asked.role == FUNDER else None,
            chapter_names=chapter_names if asked.role == COORDINATOR else None,
            display_name=asked.name,
            language=asked.language,
            actor_id=actor_id,
        )
    except AdminError:  # made at the same moment by someone else: the form says so
        asked.errors.append(("email", _("There is already an account for {email}").format(email=asked.email)))
        return ""
    return token


def roles_in_order(roles: Sequence[str]) -> list[str]:
    """The roles as the form lists them: the usual first."""
    order = (COORDINATOR, ORG_ADMIN, FUNDER, HUB_ADMIN)
    return [r for r in order if r in roles]
