"""The help screen (?): every key, and the codebook's hotkeys."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from casebook.i18n import tr
from casebook.model import Code
from casebook.tui import keys


def key_table(language: str, codes: list[Code]) -> Table:
    table = Table(show_header=False, box=None, expand=True)
    table.add_column(style="bold cyan", no_wrap=True, width=16)
    table.add_column()
    for shown, text in keys.help_rows():
        table.add_row(shown, tr(text, language))
    table.add_row(tr("mouse", language), tr("k_mouse", language))
    table.add_row("ctrl+p", tr("k_palette", language))
    table.add_row("", "")
    table.add_row(Text(tr("help_hotkeys", language), style="bold"), "")
    for code in codes:
        name = (code.name_en or code.name) if language == "en" else code.name
        table.add_row(code.hotkey or "·", Text("■ ", style=code.colour) + Text(name)
                      + Text(f"  {code.id}", style="grey50"))
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 84; max-width: 100%; height: 90%;
                                  border: thick $accent; background: $surface;
                                  padding: 0 1; }
    """
    BINDINGS = [Binding("escape,question_mark,q", "close", "k_close")]

    def __init__(self, language: str, codes: list[Code]) -> None:
        super().__init__()
        self.language, self.codes = language, codes

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = tr("help_title", self.language)
            yield Static(key_table(self.language, self.codes), id="keys")

    def action_close(self) -> None:
        self.dismiss(None)
