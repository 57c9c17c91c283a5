"""A one-line question (search text, a turn number, a new code's name).

Safe under a burst of keys, like the picker: the answer field has focus from the moment the
prompt is mounted, Enter is handled in the field's own turn after the keys typed before it,
the answer is acted on before the prompt closes, and a second Enter lands nowhere.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from casebook.tui.widgets.ordered import InOrder, actions


class AnswerInput(InOrder, Input):
    ORDER = actions({"escape": "cancel"}, Input.BINDINGS)

    async def action_submit(self) -> None:
        self.screen.answer(self.value)

    def action_cancel(self) -> None:
        self.screen.action_cancel()


class Prompt(ModalScreen[str | None]):
    """On Enter dismisses with the text and calls ``answered(text)``; Escape dismisses
    with None."""

    DEFAULT_CSS = """
    Prompt { align: center bottom; }
    Prompt > Vertical { width: 100%; height: auto; border-top: thick $accent;
                        background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "k_close", show=False)]

    def __init__(self, question: str, answered: Callable[[str], None], value: str = "",
                 *, restrict: str | None = None) -> None:
        super().__init__()
        self.question, self.answered, self.value = question, answered, value
        self.restrict = restrict
        self.closed = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question)
            yield AnswerInput(value=self.value, id="answer", restrict=self.restrict)

    def on_mount(self) -> None:
        self.set_focus(self.query_one(AnswerInput))

    def answer(self, text: str) -> None:
        if self.closed:  # a second Enter after the answer
            return
        self.closed = True
        self.dismiss(text)  # first: what ``answered`` pushes goes on the screen below
        self.answered(text)

    def action_cancel(self) -> None:
        if not self.closed:
            self.closed = True
            self.dismiss(None)
