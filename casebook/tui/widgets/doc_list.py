"""The document list: name, kind, share coded and number of codings per document."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from casebook.i18n import tr
from casebook.model import DocumentSummary
from casebook.tui.messages import DocumentChosen

KINDS = {"focus group": "kind_focus_group", "other": "kind_other"}  # "interview" is both


def _bar(share: float, width: int = 6) -> str:
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)


def kind_label(kind: str, language: str) -> str:
    return tr(KINDS[kind], language) if kind in KINDS else kind


class DocumentList(OptionList):
    """Posts DocumentChosen when a document is picked (Enter or click)."""

    DEFAULT_CSS = """
    DocumentList { height: 1fr; border-title-align: left; overflow-x: hidden;
                   scrollbar-size-vertical: 1; }
    """
    language = reactive("nl")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.summaries: list[DocumentSummary] = []
        self.current: int | None = None

    def watch_language(self) -> None:
        self.show(self.summaries, self.current)

    def show(self, summaries: list[DocumentSummary], current: int | None = None) -> None:
        self.summaries = list(summaries)
        self.border_title = tr("documents", self.language)
        self.set_options([Option(self._prompt(s), id=str(s.id)) for s in self.summaries])
        if current is not None:
            self.mark(current)

    def mark(self, document_id: int) -> None:
        self.current = document_id
        for index, summary in enumerate(self.summaries):
            if summary.id == document_id:
                self.highlighted = index

    def update_counts(self, document_id: int, codings: int, coded_chars: int) -> None:
        """Update one document's row after coding, without asking the store again."""
        for index, summary in enumerate(self.summaries):
            if summary.id == document_id:
                self.summaries[index] = replace(summary, codings=codings,
                                                coded_chars=coded_chars)
                self.replace_option_prompt_at_index(index, self._prompt(self.summaries[index]))

    def _prompt(self, s: DocumentSummary) -> Text:
        share = s.coded_chars / s.length if s.length else 0.0
        text = Text(s.name, style="bold", overflow="ellipsis", no_wrap=True)
        text.append(f"\n{kind_label(s.kind, self.language):<11.11} ", style="grey62")
        text.append(_bar(share), style="green")
        text.append(f" {share:4.0%}", style="green")
        text.append(f" {s.codings:>4}", style="grey62")
        return text

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(DocumentChosen(int(event.option.id)))
