"""A yes/no question (removing or editing another coder's coding).

Its keys have priority, so they are acted on the moment they arrive, in order with the
coding screen's keys; after the answer the question is gone and later keys go on to the
coding screen.
"""

from __future__ import annotations

from collections.abc import Callable
from inspect import isawaitable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label


class Confirm(ModalScreen[bool]):
    """On j/y dismisses with True and calls ``yes()``; n or Escape dismisses with False."""

    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical { width: 64; max-width: 100%; height: auto; border: thick $warning;
                         background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("j,y", "answer(True)", priority=True),
                Binding("n,escape", "answer(False)", priority=True)]

    def __init__(self, question: str, hint: str, yes: Callable[[], None]) -> None:
        super().__init__()
        self.question, self.hint, self.yes = question, hint, yes
        self.closed = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question)
            yield Label(self.hint, classes="hint")

    async def action_answer(self, yes: bool) -> None:
        if self.closed:
            return
        self.closed = True
        self.dismiss(yes)
        if yes:
            pushed = self.yes()  # a dialog it opens gets focus before the next key
            if isawaitable(pushed):
                await pushed
