"""The side panels left of the transcript: the documents and the code tree.

They are mounted after the first paint -- what they show (the document list, the counts)
comes from a worker anyway, and their widgets' styles and layout are a good part of a first
frame -- so the first screen of a transcript comes sooner. What the coding screen tells them
before that is done once they are there.

Keys meant for a focused panel (arrows, Enter, Space) come to it through the coding
screen's own bindings (:meth:`SidePanels.press`), so they are acted on in order with the
workbench's keys: a key handled in the panel's own turn came after the keys typed after it
(Enter on a code applied it to the sentence ``j`` moved to next).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.actions import parse
from textual.containers import Vertical
from textual.message import Message

from casebook.tui.messages import CodeChosen, DocumentChosen
from casebook.tui.widgets.code_tree import CodeTree
from casebook.tui.widgets.doc_list import DocumentList
from casebook.tui.widgets.ordered import actions

NARROW = 100  # below this many columns the panels start folded away
KEYS = {"next_sentence": "down", "prev_sentence": "up", "next_word": "right",  # arrow(name)
        "prev_word": "left", "first": "home", "last": "end", "page_down": "pagedown",
        "page_up": "pageup", "choose": "enter", "fold": "space"}


class SidePanels(Vertical):
    def __init__(self, documents: DocumentList, codes: CodeTree, **kwargs) -> None:
        super().__init__(**kwargs)
        self.documents, self.codes = documents, codes
        self._waiting: list[Callable[[], object]] | None = []  # None once mounted
        self.shown: dict[str, bool | None] = {"documents": None, "codes": None}  # None: fit

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_panels)

    async def _mount_panels(self) -> None:
        await self.mount(self.documents, self.codes)
        waiting, self._waiting = self._waiting or [], None
        for call in waiting:
            call()

    @property
    def ready(self) -> bool:
        return self._waiting is None

    def later(self, call: Callable[[], object]) -> None:
        """``call()`` once the panels are mounted (now, if they are)."""
        if self._waiting is None:
            call()
        else:
            self._waiting.append(call)

    def press(self, panel, name: str) -> Message | None:
        """The key of ``name`` (see KEYS) in the focused ``panel``, now. Enter returns
        what it chose (CodeChosen, DocumentChosen) for the screen to act on now too."""
        key = KEYS[name]
        if key == "enter" and panel is self.codes:
            node = panel.cursor_node
            return CodeChosen(node.data) if node is not None and node.data else None
        if key == "enter":
            option = panel.highlighted_option
            return DocumentChosen(int(option.id)) if option and option.id else None
        action = actions(*(getattr(kind, "BINDINGS", []) for kind in type(panel).__mro__)
                         ).get(key)
        if action is not None:
            _namespace, method, params = parse(action)
            getattr(panel, f"action_{method}")(*params)
        return None

    # -- folding ----------------------------------------------------------------------
    def _shown(self, name: str, width: int) -> bool:
        shown = self.shown[name]
        return width >= NARROW if shown is None else shown

    def toggle(self, name: str, width: int) -> None:
        """Show or hide the panel ``name`` ("documents" or "codes")."""
        self.shown[name] = not self._shown(name, width)
        self.fit(width)

    def fit(self, width: int) -> None:
        """Show the panels asked for; on a screen ``width`` narrower than NARROW, the
        panels nobody asked for are folded away."""
        self.documents.display = self._shown("documents", width)
        self.codes.display = self._shown("codes", width)
        self.display = self.documents.display or self.codes.display
        focused = self.screen.focused
        if focused in (self.documents, self.codes) and not focused.display:
            # keys must not go on to a panel that is not there: to the transcript
            self.screen.set_focus(self.screen.query_one("#transcript"))
