"""The code tree: the codebook as a tree with, per code, how often it is applied in the open
document and in the whole project (the codings shown: a coder filter counts that coder's).
Space folds a branch open or shut; Enter applies the code to the selection."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Tree

from casebook.i18n import tr
from casebook.model import Code
from casebook.tui.messages import CodeChosen


class CodeTree(Tree[str]):
    DEFAULT_CSS = """
    CodeTree { height: 2fr; border: tall $border-blurred; border-title-align: left;
               overflow-x: hidden;
               padding: 0 1; }
    CodeTree:focus { border: tall $border; }
    """
    language = reactive("nl")

    def __init__(self, **kwargs) -> None:
        super().__init__("codes", **kwargs)
        self.show_root = False
        self.auto_expand = False
        self.codes: list[Code] = []
        self.here: Counter = Counter()
        self.everywhere: Counter = Counter()

    def watch_language(self) -> None:
        self.border_title = tr("codes_title", self.language)
        self._relabel()

    def show(self, codes: list[Code]) -> None:
        """Build the tree for ``codes`` (again: a code was added)."""
        self.codes = list(codes)
        self.clear()
        known = {code.id for code in codes}
        nodes = {}
        for code in codes:  # parents come before their children in a codebook
            parent = nodes.get(code.parent) if code.parent in known else None
            nodes[code.id] = (parent or self.root).add(self._label(code), data=code.id,
                                                       expand=True)
        for node in nodes.values():
            if not node.children:
                node.allow_expand = False

    def set_counts(self, here: Counter, everywhere: Counter) -> None:
        self.here, self.everywhere = here, everywhere
        self._relabel()

    def _relabel(self) -> None:
        by_id = {code.id: code for code in self.codes}
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            stack.extend(node.children)
            if node.data in by_id:
                node.set_label(self._label(by_id[node.data]))

    def _label(self, code: Code) -> Text:
        name = (code.name_en or code.name) if self.language == "en" else code.name
        label = Text("■ ", style=code.colour)  # the counts first: a long name is cut
        label.append(f"{self.here[code.id]}/{self.everywhere[code.id]} ", style="grey62")
        label.append(name)
        if code.hotkey:
            label.append(f" [{code.hotkey}]", style="grey50")
        return label

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        if event.node.data:
            self.post_message(CodeChosen(event.node.data))
