"""Errors beside their fields: each names its field, is announced when it appears, brings its field
into view, and goes as soon as the field is fixed. The messages are kept as the domain's check (not as
text), so a change of language re-words the errors showing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from desktop.i18n import _
from desktop.ui.a11y import announce
from desktop.ui.signin.kiosk.common import label

Problems = dict[str, str]  # field -> the domain's message, in the current language


class FieldErrors:
    def __init__(self, check: Callable[[], Problems], scroll: QScrollArea | None = None) -> None:
        self.check = check  # the domain's check of the form as it stands, asked again in a new language
        self.scroll = scroll
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self._captions: dict[str, Callable[[], str]] = {}
        self._shown: Problems = {}  # field -> the domain's message shown

    def add(self, name: str, field: QWidget, caption: Callable[[], str]) -> QLabel:
        """The error label for ``field``, hidden until needed; place it beside the field."""
        error = label("error")
        error.hide()
        self.fields[name] = field
        self.labels[name] = error
        self._captions[name] = caption
        return error

    def show(self, problems: Problems) -> None:
        """Show these problems (and only these), announce them, and take the person to the first."""
        said = self._render(problems)
        first = next(iter(self._shown), None)
        if first is None:
            return
        field = self.fields[first]
        field.setFocus()
        if self.scroll is not None:
            body = self.scroll.widget()
            layout = body.layout() if body is not None else None
            if layout is not None:
                layout.activate()  # place the error just shown before scrolling to it
            self.scroll.ensureWidgetVisible(field, 16, 24)
            self.scroll.ensureWidgetVisible(self.labels[first], 16, 24)  # below its field: both in view
        announce(self.labels[first], " ".join(said), assertive=True)

    def retranslate(self) -> None:
        """Re-word the errors showing in the language just chosen (asked again of the domain, which
        words them); they are not announced again, as nothing about them changed."""
        if self._shown:
            fresh = self.check()
            self._render({name: fresh[name] for name in self._shown if name in fresh})

    def _render(self, problems: Problems) -> list[str]:
        self._shown = {name: text for name, text in problems.items() if name in self.fields}
        said = []
        for name, error in self.labels.items():
            if name in self._shown:
                text = _("{field}: {problem}").format(field=self._captions[name](), problem=self._shown[name])
                error.setText(text)
                error.setAccessibleName(text)
                self.fields[name].setAccessibleDescription(text)
                error.show()
                said.append(text)
            else:
                self._hide(name)
        return said

    def keep_only(self, problems: Problems) -> None:
        """As the person types: an error whose field is now fine goes at once (no new ones appear)."""
        for name in list(self._shown):
            if name not in problems:
                del self._shown[name]
                self._hide(name)

    def showing(self) -> dict[str, str]:
        return {name: self.labels[name].text() for name in self._shown}

    def _hide(self, name: str) -> None:
        error = self.labels[name]
        error.hide()
        error.setText("")
        error.setAccessibleName("")
        self.fields[name].setAccessibleDescription("")
