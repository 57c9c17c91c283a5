"""A small modal list to pick one item from, with fuzzy search (codes, codings, filters).

Safe under a burst of keys: the query field has focus from the moment the picker is
mounted, the list is filtered on every key in the field's own turn (so Enter sees the list
of the text typed before it), and the choice is acted on before the picker closes; keys
that arrive after that (a second Enter) land nowhere. A picker without a query field (which
coding?) has the keys of its list as priority bindings of its own, acted on in order with
every key; in the list's own turn, Enter came after the keys typed behind it.

A picker opened often (the code picker) is made once, installed, and :meth:`Picker.again`
on each open: mounting its widgets anew each time cost several times what the app does
to show it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from inspect import isawaitable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from casebook.tui.widgets.ordered import InOrder, actions


@dataclass(frozen=True, slots=True)
class Item:
    """One choice: its id, what the list shows, a colour swatch, and the texts a query is
    matched against (``names`` fuzzily, ``more`` -- a description -- as a substring)."""

    id: str
    label: str
    colour: str | None = None
    names: tuple[str, ...] = ()
    more: str = ""


def plain(text: str) -> str:
    """``text`` folded for matching: lower case, accents dropped ("Barrières" ->
    "barrieres")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def rank(items: list[Item], query: str) -> list[Item]:
    """The items that match ``query``, best first; of equal scores, a name that begins with
    the query first, then the given order (recent codes first). An empty query keeps every
    item in order."""
    query = plain(query.strip())
    if not query:
        return list(items)
    matcher = Matcher(query)
    scored = []
    for index, item in enumerate(items):
        names = [plain(name) for name in (item.label, *item.names) if name]
        score = max((matcher.match(name) for name in names), default=0.0)
        if not score and item.more and query in plain(item.more):
            score = 0.5  # a word of the description: after every name match
        if score > 0:
            begins = any(name.startswith(query) for name in names)
            scored.append((-score, not begins, index, item))
    return [row[-1] for row in sorted(scored, key=lambda row: row[:3])]


class QueryInput(InOrder, Input):
    """The picker's query field: moves the list's highlight and picks, in its own turn."""

    ORDER = actions({"down": "move(1)", "up": "move(-1)", "pagedown": "move(10)",
                     "pageup": "move(-10)", "escape": "cancel"}, Input.BINDINGS)

    def watch_value(self, value: str) -> None:
        self.screen.filter(value)

    def action_move(self, step: int) -> None:
        self.screen.move(step)

    async def action_submit(self) -> None:
        done = self.screen.choose()
        if isawaitable(done):  # a dialog it opens has focus before the next key
            await done

    def action_cancel(self) -> None:
        self.screen.action_cancel()


class Picker(ModalScreen[str | None]):
    """Dismisses with the picked item's id and then calls ``chosen(id)``; Escape dismisses
    with None. ``items`` keep their order while the query is empty (callers put
    recent codes first)."""

    DEFAULT_CSS = """
    Picker { align: center middle; background: $background; }  /* opaque: a translucent
       one draws the whole screen below again, which doubled the time to open */
    Picker > Vertical { width: 70; max-width: 100%; height: auto; max-height: 90%;
                        border: thick $accent; background: $surface; padding: 0 1; }
    Picker OptionList { height: 12; }
    """
    BINDINGS = [Binding("escape", "cancel", "k_close", show=False),
                *(Binding(key, action, show=False, priority=True) for key, action in [
                    ("enter", "choose"), ("down", "move(1)"), ("up", "move(-1)"),
                    ("pagedown", "move(10)"), ("pageup", "move(-10)")])]

    def __init__(self, title: str, items: list[Item], chosen: Callable[[str], object],
                 *, search: bool = True) -> None:
        super().__init__()
        self.title_text, self.items, self.chosen = title, items, chosen
        self.searchable = search
        self.shown: list[Item] = list(items)
        self.query_text = ""
        self.closed = False

    def again(self, title: str, items: list[Item], chosen: Callable[[str], object]) -> Picker:
        """Make this (installed) picker ready to be pushed again: the new title and items,
        an empty query, the first item highlighted, not closed."""
        self.title_text, self.chosen, self.closed = title, chosen, False
        self.query_text = ""
        if self.is_mounted:
            self.query_one(Label).update(title)
            if self.searchable:
                self.query_one("#query", Input).value = ""  # filter("") does nothing now
            choices = self.query_one("#choices", OptionList)
            if items != self.items or self.shown != items:
                choices.set_options(self._options(items))
            choices.highlighted = 0 if items else None
        self.items, self.shown = items, list(items)
        return self

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text)
            if self.searchable:
                yield QueryInput(id="query")
            yield OptionList(*self._options(self.items), id="choices")

    def on_mount(self) -> None:
        choices = self.query_one("#choices", OptionList)
        if self.items:
            choices.highlighted = 0
        # with a query field, keys stay in it (Tab too): the list acts on a key in its own
        # turn, after the keys behind it, and keys that bubble up from it land nowhere
        choices.can_focus = not self.searchable
        self.set_focus(self.query_one("#query") if self.searchable else choices)

    @staticmethod
    def _options(items: list[Item]) -> list[Option]:
        """Options for ``items``; their prompts are Content, Textual's own text (quicker to
        draw again on every key than rich Text)."""
        return [Option(Content.assemble(("■ ", item.colour), " ", item.label) if item.colour
                       else Content(item.label), id=item.id) for item in items]

    def filter(self, query: str) -> None:
        """Show the items matching ``query`` (called on every key in the query field)."""
        if query == self.query_text:
            return
        self.query_text = query
        self.shown = rank(self.items, query)
        choices = self.query_one("#choices", OptionList)
        choices.set_options(self._options(self.shown))
        choices.highlighted = 0 if self.shown else None

    def move(self, step: int) -> None:
        choices = self.query_one("#choices", OptionList)
        if self.shown:
            current = choices.highlighted or 0
            choices.highlighted = max(0, min(len(self.shown) - 1, current + step))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return action not in ("choose", "move") or not self.searchable  # else: the field's

    async def action_choose(self) -> None:
        done = self.choose()
        if isawaitable(done):  # a dialog it opens has focus before the next key
            await done

    def action_move(self, step: int) -> None:
        self.move(step)

    def choose(self) -> object:
        """Pick the highlighted item (Enter); what ``chosen`` returned."""
        highlighted = self.query_one("#choices", OptionList).highlighted
        if highlighted is not None and highlighted < len(self.shown):
            return self._done(self.shown[highlighted].id)
        return None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click, or Enter in a list without a query field
        self._done(event.option.id)

    def _done(self, item_id: str | None) -> object:
        if self.closed:  # a second Enter, or a click, after the choice
            return None
        self.closed = True
        self.dismiss(item_id)  # first: what ``chosen`` pushes goes on top of the screen below
        return self.chosen(item_id) if item_id is not None else None

    def action_cancel(self) -> None:
        self._done(None)
