"""The main window's pages, in sidebar order.

A feature adds its page by pointing its entry's ``factory`` at ``module:Class``;
until then the entry shows an honest placeholder.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from desktop.i18n import N_, _
from desktop.ui.context import AppContext
from desktop.ui.pages.base import Page


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
        from desktop.ui.pages.placeholder import PlaceholderPage

        return PlaceholderPage(ctx, _(self.title), _(self.placeholder))


PAGES: tuple[PageSpec, ...] = (
    PageSpec("today", N_("Today"), "desktop.ui.pages.today:TodayPage"),
    PageSpec(
        "lessons",
        N_("Lessons"),
        "",
        N_("Meanwhile, the starter lessons are in the lessons folder that came with On-Ramp."),
    ),
    PageSpec(
        "sessions",
        N_("Sessions"),
        "",
        N_("Meanwhile, `onramp demo` shows what sessions will look like on the Today page."),
    ),
    PageSpec(
        "signin",
        N_("Sign-in"),
        "",
        N_("Meanwhile, print a paper sign-in sheet and enter the names afterwards."),
    ),
    PageSpec(
        "pairing",
        N_("Pairing"),
        "",
        N_("Meanwhile, pair a newer person with a more experienced one by hand."),
    ),
    PageSpec(
        "handouts",
        N_("Handouts"),
        "",
        N_("Meanwhile, lessons can be printed from any Markdown viewer."),
    ),
    PageSpec("sync", N_("Sync"), "desktop.ui.pages.sync:SyncPage"),
    PageSpec("reports", N_("Reports"), "desktop.ui.pages.reports:ReportsPage"),
)
