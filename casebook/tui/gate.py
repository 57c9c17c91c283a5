"""What waits while the rest of a long transcript is loading.

The coding screen reads the first turns of a document before the first paint and the rest
in a worker. Meanwhile keys act at once on what is loaded: a move back, a move forward that
stays clear of the last loaded turn, coding the selection, a memo. An action that needs the
whole document (End, a move or a page into the last loaded turn, a search, go to turn, the
filters, next coding, undo) is kept, and the app holds every key that comes after it. Once
the rest is in, the kept action runs and the held keys follow in the order they came: a
burst typed right after opening acts in order, on the right text, never on a part that is
not there yet.
"""

from __future__ import annotations

from collections.abc import Callable
from inspect import isawaitable


class Gate:
    """Keeps the coding ``screen``'s actions that need the whole open document."""

    def __init__(self, screen) -> None:
        self.screen = screen
        self.kept: list[Callable[[], object]] = []

    @property
    def open(self) -> bool:
        """Whether the open document (if any) is read in full."""
        doc = self.screen.session.doc
        return doc is None or doc.complete

    def waits(self, action: Callable[[], object]) -> bool:
        """True (and ``action`` is kept for later, keys held) if the document is not
        complete yet; False: go on now."""
        if self.open:
            return False
        self.kept.append(action)
        self.screen.app.hold_keys()
        return True

    def beyond(self, span: tuple[int, int]) -> bool:
        """Whether ``span`` reaches into the last loaded turn of a document still loading
        (a move there may need what comes after it)."""
        if self.open:
            return False
        turns = self.screen.session.turns
        return not turns or span[1] > turns[-1].start

    async def release(self) -> None:
        """The document is complete: run the kept actions, then let the held keys go."""
        if not self.open:
            return
        while self.kept:
            done = self.kept.pop(0)()
            if isawaitable(done):
                await done
        self.screen.app.release_keys()
