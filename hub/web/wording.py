"""What a page calls everything its viewer may see: the whole organisation, or a coordinator's venues only.

A coordinator's figures cover their chapters' venues, not their organisation: a total labelled "the whole
organisation" would tell them wrong. The pages take the words from here, so they say it alike.
"""

from __future__ import annotations

from desktop.i18n import _
from hub.scope import Scope


def sees_part(scope: Scope) -> bool:
    """Whether the viewer sees only some venues of their organisation (a coordinator)."""
    return scope.venues is not None


def everywhere(scope: Scope) -> str:
    """The name of the row or choice that adds up everything the viewer may see."""
    return _("All your venues") if sees_part(scope) else _("The whole organisation")


def heading(scope: Scope, organisation: str, *, place_chosen: bool) -> str:
    """What a report's filter words follow: the organisation, and for a coordinator who chose no
    place that the figures are their venues'."""
    if sees_part(scope) and not place_chosen:
        return _("{organisation}, all your venues").format(organisation=organisation)
    return organisation
