"""Write or edit the memo on one coding."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea


class MemoEditor(ModalScreen[str | None]):
    """Dismisses with the memo text on Ctrl+S (empty clears it), None on Escape."""

    DEFAULT_CSS = """
    MemoEditor { align: center middle; }
    MemoEditor > Vertical { width: 80; height: 16; border: thick $accent;
                            background: $surface; padding: 0 1; }
    MemoEditor TextArea { height: 1fr; }
    """
    BINDINGS = [Binding("ctrl+s", "save", "save"), Binding("escape", "cancel", "cancel")]

    def __init__(self, title: str, memo: str | None, quote: str) -> None:
        super().__init__()
        self.title_text, self.memo, self.quote = title, memo or "", quote

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text)
            yield Label(f"“{self.quote[:150]}”", classes="quote")
            yield TextArea(self.memo, id="memo")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
