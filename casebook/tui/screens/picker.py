"""A small modal list to pick one item from, with fuzzy search (codes, codings, filters)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option


class Picker(ModalScreen[str | None]):
    """Dismisses with the chosen item's id, or None on Escape.

    ``items`` are ``(id, label, colour)``; their order is kept while the search is empty
    (callers put recent codes first), and typing ranks them by fuzzy match."""

    DEFAULT_CSS = """
    Picker { align: center middle; }
    Picker > Vertical { width: 70; height: auto; max-height: 80%; border: thick $accent;
                        background: $surface; padding: 0 1; }
    Picker OptionList { height: auto; max-height: 20; }
    """
    BINDINGS = [Binding("escape", "cancel", "Esc", show=False),
                Binding("down", "move(1)", show=False), Binding("up", "move(-1)", show=False)]

    def __init__(self, title: str, items: list[tuple[str, str, str | None]],
                 search: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.items = items
        self.searchable = search

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text)
            if self.searchable:
                yield Input(id="query")
            yield OptionList(*self._options(self.items), id="choices")

    def on_mount(self) -> None:
        choices = self.query_one("#choices", OptionList)
        if self.items:
            choices.highlighted = 0
        (self.query_one("#query") if self.searchable else choices).focus()

    @staticmethod
    def _options(items) -> list[Option]:
        options = []
        for id_, label, colour in items:
            prompt = Text("■ ", style=colour) + Text(label) if colour else Text(label)
            options.append(Option(prompt, id=id_))
        return options

    def ranked(self, query: str) -> list[tuple[str, str, str | None]]:
        if not query.strip():
            return self.items
        from rapidfuzz import fuzz, process

        labels = [f"{label} {id_}" for id_, label, _ in self.items]
        found = process.extract(query, labels, scorer=fuzz.WRatio, limit=len(labels),
                                score_cutoff=60)
        return [self.items[index] for _, _, index in found]

    def on_input_changed(self, event: Input.Changed) -> None:
        choices = self.query_one("#choices", OptionList)
        choices.set_options(self._options(self.ranked(event.value)))
        if choices.option_count:
            choices.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        choices = self.query_one("#choices", OptionList)
        if choices.highlighted is not None and choices.option_count:
            self.dismiss(choices.get_option_at_index(choices.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        choices = self.query_one("#choices", OptionList)
        if choices.option_count:
            current = choices.highlighted or 0
            choices.highlighted = max(0, min(choices.option_count - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)
