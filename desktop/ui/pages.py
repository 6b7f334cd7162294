"""The main window's pages, in sidebar order.

A feature adds its page by pointing its entry's ``factory`` at ``module:Class``;
until then the entry shows an honest placeholder.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.i18n import N_, _

if TYPE_CHECKING:  # a page's module is imported when the page is built, not with the list of pages
    from desktop.ui.context import AppContext
    from desktop.ui.page import Page


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # marked with N_, translated when shown
    factory: str  # "module:Class", or "" for the placeholder
    placeholder: str = ""  # what to do meanwhile, for the placeholder

    def build(self, ctx: AppContext) -> Page:
        if self.factory:
            module_name, class_name = self.factory.split(":")
            cls: Callable[..., Page] = getattr(importlib.import_module(module_name), class_name)
            return cls(ctx, _(self.title))
        from desktop.ui.placeholder import PlaceholderPage

        return PlaceholderPage(ctx, _(self.title), _(self.placeholder))


PAGES: tuple[PageSpec, ...] = (
    PageSpec("today", N_("Today"), "desktop.ui.today.page:TodayPage"),
    PageSpec("lessons", N_("Lessons"), "desktop.ui.lessons.page:LessonsPage"),
    PageSpec("sessions", N_("Sessions"), "desktop.ui.sessions.page:SessionsPage"),
    PageSpec("signin", N_("Sign-in"), "desktop.ui.signin.page:SignInPage"),
    PageSpec("pairing", N_("Pairing"), "desktop.ui.pairing.page:PairingPage"),
    PageSpec("handouts", N_("Handouts"), "desktop.ui.handouts.page:HandoutsPage"),
    PageSpec("sync", N_("Sync"), "desktop.ui.sync.page:SyncPage"),
    PageSpec("reports", N_("Reports"), "desktop.ui.reports.page:ReportsPage"),
)
