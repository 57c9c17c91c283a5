"""Write or edit a memo (on a coding, a document or the project).

Safe under a burst of keys: the text area has focus from the moment the editor is mounted
and acts on Ctrl+S, Escape and its other keys itself, in order after the keys typed before
them (casebook.tui.widgets.ordered).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from casebook.tui.widgets.ordered import InOrder, actions


class MemoArea(InOrder, TextArea):
    BINDINGS = [Binding("ctrl+s", "save"), Binding("escape", "cancel")]
    ORDER = actions(BINDINGS, TextArea.BINDINGS)

    def action_save(self) -> None:
        self.screen.finish(self.text)

    def action_cancel(self) -> None:
        self.screen.finish(None)


class MemoEditor(ModalScreen[str | None]):
    """Calls ``saved(text)`` on Ctrl+S (empty text clears the memo) and dismisses with it;
    Escape dismisses with None."""

    DEFAULT_CSS = """
    MemoEditor { align: center middle; }
    MemoEditor > Vertical { width: 80; max-width: 100%; height: 18; max-height: 100%;
                            border: thick $accent; background: $surface; padding: 0 1; }
    MemoEditor TextArea { height: 1fr; }
    MemoEditor .quote { color: $text-muted; max-height: 6; }
    """

    def __init__(self, title: str, memo: str | None, context: str,
                 saved: Callable[[str], None]) -> None:
        """``context`` is shown above the text: the coded words, other memos."""
        super().__init__()
        self.title_text, self.memo, self.context, self.saved = title, memo or "", context, saved
        self.closed = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text)
            if self.context:
                yield Label(self.context, classes="quote")
            yield MemoArea(self.memo, id="memo")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(MemoArea))

    def finish(self, text: str | None) -> None:
        if self.closed:
            return
        self.closed = True
        self.dismiss(text)
        if text is not None:
            self.saved(text)
