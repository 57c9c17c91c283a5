"""The title line at the top: the app's title and the open document (one widget, where
Textual's Header makes several)."""

from __future__ import annotations

from textual.widgets import Static


class TitleBar(Static):
    DEFAULT_CSS = """
    TitleBar { dock: top; height: 1; background: $panel; color: $foreground;
               text-align: center; text-style: bold; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", lambda _title: self._show(), init=False)
        self.watch(self.app, "sub_title", lambda _title: self._show())

    def _show(self) -> None:
        title, document = self.app.title, self.app.sub_title
        self.update(f"{title} — {document}" if document else title)
