"""The status line under the transcript: selection, codings under the cursor, filter,
search, recent codes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from casebook.coding.session import CodingSession
from casebook.i18n import tr


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 2; background: $boost; padding: 0 1; }
    """

    def __init__(self, session: CodingSession, language: str = "nl", **kwargs) -> None:
        super().__init__("", **kwargs)
        self.session, self.language = session, language

    def refresh_status(self) -> None:
        session, lang = self.session, self.language
        if session.doc is None:
            self.update(tr("no_documents", lang), layout=False)
            return
        start, end = session.selection.span
        line = Text(no_wrap=True, overflow="ellipsis")  # two lines, each cut to fit
        line.append(f"{tr('selection', lang)} {start}-{end}", style="bold")
        for coding in session.codings_here()[:6]:
            code = session.code_by_id.get(coding.code_id)
            line.append("  ■ ", style=code.colour if code else "grey50")
            line.append(session.code_label(coding.code_id, lang))
            line.append(f" ({coding.coder_name})" if coding.coder_name else "", style="grey50")
            if coding.memo:
                line.append(" ✎", style="yellow")
        second = Text()
        shown = session.selection
        if shown.filter_speaker or shown.filter_code:
            what = shown.filter_speaker or session.code_label(shown.filter_code, lang)
            second.append(tr("filter_on", lang, what=what) + "  ", style="magenta")
        if shown.query:
            second.append(tr("hits", lang, n=len(shown.hits), q=shown.query) + "  ",
                          style="yellow")
        if session.recent:
            second.append(tr("recent", lang) + ": ", style="grey50")
            for code_id in session.recent[:5]:
                code = session.code_by_id.get(code_id)
                hotkey = f"[{code.hotkey}]" if code and code.hotkey else ""
                second.append(f"{hotkey}{session.code_label(code_id, lang)} ",
                              style=code.colour if code else "")
        line.append("\n")
        line.append_text(second)
        self.update(line, layout=False)  # fixed height: no reflow of the screen
