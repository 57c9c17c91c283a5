"""The footer in the app's language: Textual's Footer, with each binding's description (a
key of casebook.i18n) translated when the footer is composed, again when the language
changes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from casebook.i18n import CATALOGUE, tr

TEXTUAL_WORDS = {"palette": "k_palette_short"}  # descriptions of Textual's own bindings


def words(description: str, language: str) -> str:
    """A binding's description in ``language``: a catalogue key is translated, anything
    else is shown as it is."""
    key = TEXTUAL_WORDS.get(description, description)
    return tr(key, language) if key in CATALOGUE else description


class KeyFooter(Footer):
    def on_mount(self) -> None:
        self.watch(self.app, "language", lambda _language: self.recompose(), init=False)

    def compose(self) -> ComposeResult:
        language = getattr(self.app, "language", "nl")
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = words(widget.description, language)
            yield widget
