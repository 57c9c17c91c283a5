"""Retrieval (r): choose a code, see every fragment coded with it in every document -- with
the speakers who say it and the coder -- and jump to one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from casebook.coding import query
from casebook.coding.session import CodingSession
from casebook.i18n import tr
from casebook.tui.messages import JumpTo
from casebook.tui.widgets.footer import KeyFooter


class RetrievalScreen(Screen[None]):
    DEFAULT_CSS = """
    RetrievalScreen #body { height: 1fr; }
    RetrievalScreen #codes { width: 36; height: 1fr; }
    RetrievalScreen #fragments { height: 1fr; }
    RetrievalScreen #count { padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q", "close", "k_close"),
                Binding("tab", "app.focus_next", show=False),
                # Enter in the screen's turn, in order with the keys after it (in a list's
                # own turn the next Enter of a burst would still find the code list)
                Binding("enter", "choose", show=False, priority=True)]

    def __init__(self, session: CodingSession, language: str, code_id: str | None = None) -> None:
        super().__init__()
        self.session, self.language, self.code_id = session, language, code_id
        self.fragments: list[query.Fragment] = []
        self.closed = False  # a second Enter in a burst must not close what is below

    def compose(self) -> ComposeResult:
        yield Label(tr("retrieval", self.language), id="title")
        with Horizontal(id="body"):
            codes = [Option(Text("■ ", style=c.colour) + Text(self.session.code_label(
                c.id, self.language)), id=c.id) for c in self.session.codes]
            yield OptionList(*codes, id="codes")
            with Vertical():
                yield Label("", id="count")
                yield OptionList(id="fragments")
        yield KeyFooter()

    def on_mount(self) -> None:
        codes = self.query_one("#codes", OptionList)
        self.set_focus(codes)
        if self.session.codes:
            ids = [c.id for c in self.session.codes]
            codes.highlighted = ids.index(self.code_id) if self.code_id in ids else 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "codes":
            self.show(event.option.id)

    def show(self, code_id: str) -> None:
        self.code_id = code_id
        self.fragments = query.fragments(self.session.store, code_ids=[code_id])
        label = self.session.code_label(code_id, self.language)
        self.query_one("#count", Label).update(
            tr("retrieval_count", self.language, n=len(self.fragments), code=label))
        options = []
        for number, fragment in enumerate(self.fragments):
            prompt = Text(f"{fragment.document}", style="bold")
            if fragment.speakers:
                prompt.append(f"  {', '.join(fragment.speakers)}", style="bold cyan")
            prompt.append(f"  ({fragment.coding.coder_name or ''})", style="grey50")
            quote = " ".join(fragment.text.split())
            prompt.append("\n" + (quote[:300] + ("…" if len(quote) > 300 else "")))
            if fragment.coding.memo:
                prompt.append(f"\n✎ {fragment.coding.memo}", style="italic yellow")
            prompt.append("\n")
            options.append(Option(prompt, id=str(number)))
        fragments = self.query_one("#fragments", OptionList)
        fragments.set_options(options)
        if options:
            fragments.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click
        self.choose(event.option_list, event.option_index)

    def action_choose(self) -> None:
        if isinstance(self.focused, OptionList):
            self.choose(self.focused, self.focused.highlighted)

    def choose(self, options: OptionList, index: int | None) -> None:
        """A code: show its fragments, go to them; a fragment: jump to it."""
        if options.id == "codes":
            self.set_focus(self.query_one("#fragments"))
        elif index is not None and index < len(self.fragments):
            coding = self.fragments[index].coding
            if self.action_close():
                self.app.screen.post_message(JumpTo(coding.document_id, coding.start,
                                                    coding.end))

    def action_close(self) -> bool:
        """Close, once: False if closed already."""
        if self.closed:
            return False
        self.closed = True
        self.dismiss(None)
        return True
