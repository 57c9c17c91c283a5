"""The status line under the transcript: the selected text, the codings under the cursor
(with their coders), the filters, the search, recent codes -- and, while another casebook
process holds the database, that the workbench is waiting for it."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from casebook.coding.session import CodingSession, Filters
from casebook.i18n import tr

QUOTE = 48  # characters of the selected text shown


def shorten(text: str, size: int = QUOTE) -> str:
    """``text`` on one line, its middle left out (between words) if it is longer than
    ``size``: "Ik wil graag werken. … dat helpt wel."."""
    text = " ".join(text.split())
    if len(text) <= size:
        return text
    half = (size - 3) // 2
    head, tail = text[:half], text[-half:]
    head = head[:head.rfind(" ")] if " " in head[1:] else head
    tail = tail[tail.find(" ") + 1:] if " " in tail[:-1] else tail
    return f"{head} … {tail}"


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 2; background: $boost; padding: 0 1; }
    """
    language = reactive("nl")
    span = reactive((0, 0), always_update=True)
    filters = reactive(Filters(), init=False)
    notice = reactive("")

    def __init__(self, session: CodingSession, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.session = session

    def watch_language(self) -> None:
        self.refresh_status()

    def watch_span(self) -> None:
        self.refresh_status()

    def watch_filters(self) -> None:
        self.refresh_status()

    def watch_notice(self) -> None:
        self.refresh_status()

    def refresh_status(self) -> None:
        session, lang = self.session, self.language
        if session.doc is None:
            self.update(tr("no_documents", lang), layout=False)
            return
        line = Text(no_wrap=True, overflow="ellipsis")  # two lines, each cut to fit
        if self.notice:
            line.append(self.notice + "  ", style="bold yellow")
        start, end = session.selection.span
        quote = shorten(session.text[start:end]) if end > start else tr("caret", lang)
        line.append(f"“{quote}”", style="bold")
        for coding in session.codings_here()[:6]:
            code = session.code_by_id.get(coding.code_id)
            line.append("  ■ ", style=code.colour if code else "grey50")
            line.append(session.code_label(coding.code_id, lang))
            line.append(f" ({coding.coder_name})" if coding.coder_name else "", style="grey50")
            if session.has_memo(coding):
                line.append(" ✎", style="yellow")
        line.append("\n")
        line.append_text(self._second_line())
        self.update(line, layout=False)  # fixed height: no reflow of the screen

    def _second_line(self) -> Text:
        session, lang = self.session, self.language
        second = Text()
        shown = session.filters
        what = [value for value in (
            shown.speaker, shown.code and session.code_label(shown.code, lang),
            shown.coder and tr("coder_is", lang, name=self._coder_name(shown.coder)))
            if value]
        if what:
            second.append(tr("filter_on", lang, what=", ".join(what)) + "  ", style="magenta")
        selection = session.selection
        if selection.query:
            second.append(tr("hits", lang, n=len(selection.hits), q=selection.query) + "  ",
                          style="yellow")
        if session.recent:
            second.append(tr("recent", lang) + ": ", style="grey50")
            for code_id in session.recent[:5]:
                code = session.code_by_id.get(code_id)
                hotkey = f"[{code.hotkey}]" if code and code.hotkey else ""
                second.append(f"{hotkey}{session.code_label(code_id, lang)} ",
                              style=code.colour if code else "")
        return second

    def _coder_name(self, coder_id: str) -> str:
        session = self.session
        if coder_id == session.coder.id:
            return session.coder.name
        return next((c.name for c in session.store.coders() if c.id == coder_id), coder_id)
