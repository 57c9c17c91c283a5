"""The key bar at the bottom of every screen: the keys its bindings show, each with its
description (a key of casebook.i18n) in the app's language; a click on a key presses it.
One widget drawing one line (Textual's Footer makes a widget per key, and the workbench's
first paint is counted in milliseconds)."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from casebook.i18n import CATALOGUE, tr

TEXTUAL_WORDS = {"palette": "k_palette_short"}  # descriptions of Textual's own bindings


def words(description: str, language: str) -> str:
    """A binding's description in ``language``: a catalogue key is translated, anything
    else is shown as it is."""
    key = TEXTUAL_WORDS.get(description, description)
    return tr(key, language) if key in CATALOGUE else description


class KeyFooter(Widget):
    DEFAULT_CSS = """
    KeyFooter { dock: bottom; height: 1; background: $footer-background; }
    KeyFooter > .key-footer--key { color: $footer-key-foreground; text-style: bold; }
    KeyFooter > .key-footer--description { color: $footer-description-foreground; }
    """
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description"}

    def on_mount(self) -> None:
        if hasattr(type(self.app), "language"):
            self.watch(self.app, "language", lambda _language: self.refresh(), init=False)
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def render(self) -> Text:
        language = getattr(self.app, "language", "nl")
        key_style = self.get_component_rich_style("key-footer--key")
        text_style = self.get_component_rich_style("key-footer--description")
        line = Text(no_wrap=True, overflow="ellipsis")
        shown: set[str] = set()
        palette = None
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if binding.action in ("command_palette", "app.command_palette"):
                palette = (key, binding)
            if not binding.show or binding.action in shown:
                continue
            shown.add(binding.action)
            self._entry(line, key, binding, language, key_style, text_style)
        if palette is not None:
            self._entry(line, *palette, language, key_style, text_style)
        return line

    def _entry(self, line: Text, key: str, binding, language: str, key_style: Style,
               text_style: Style) -> None:
        click = Style(meta={"@click": f"app.simulate_key({key!r})"})
        line.append(f" {self.app.get_key_display(binding)} ", key_style + click)
        line.append(f"{words(binding.description, language)} ", text_style + click)
