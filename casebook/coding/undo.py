"""The undo and redo history of a coding session.

Each :class:`Action` keeps a snapshot of the coding it touched, with its id and ``created``
time, so undoing a removal (or redoing an apply) brings back the *same* coding: adjudication
decisions and memos that point at a coding id keep pointing at it. The history lives in
memory and spans documents; what it replays goes through an :class:`Editor` (the session),
each step one store transaction. A step that fails (the database is busy) stays where
it was, so it can be tried again; a step whose coding, document or code another window has
removed is dropped (an undone apply whose coding is gone already is simply done).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from typing import Protocol

from casebook.errors import NotFound
from casebook.model import Coding


@dataclass(frozen=True, slots=True)
class Change:
    """What an action touched, so a view can redraw just that."""

    document_id: int
    start: int
    end: int

    @classmethod
    def of(cls, coding: Coding) -> Change:
        return cls(coding.document_id, coding.start, coding.end)

    @classmethod
    def over(cls, codings: list[Coding]) -> Change:
        return cls(codings[0].document_id, min(c.start for c in codings),
                   max(c.end for c in codings))


@dataclass(slots=True)
class Action:
    """One undoable step: an apply, a remove, a memo changed from ``old_memo`` to
    ``new_memo`` (``coding`` is a snapshot), or a batch of applies (``parts``, autocode;
    ``coding`` is the first)."""

    kind: str  # apply | remove | memo | batch
    coding: Coding
    old_memo: str | None = None
    new_memo: str | None = None
    parts: list[Action] = field(default_factory=list)


class Editor(Protocol):
    """What replaying needs: put a coding back as it was, delete one, write a memo."""

    def restore(self, coding: Coding) -> None: ...

    def delete(self, coding_id: int) -> Coding | None: ...  # None: it was gone already

    def write_memo(self, coding_id: int, memo: str | None) -> None: ...

    def batch(self) -> AbstractContextManager: ...  # one transaction around several steps


class History:
    """Two stacks of actions; a new action clears what could be redone."""

    def __init__(self) -> None:
        self.undo_stack: list[Action] = []
        self.redo_stack: list[Action] = []

    def record(self, action: Action) -> None:
        self.undo_stack.append(action)
        self.redo_stack.clear()

    def undo(self, editor: Editor) -> Action | None:
        """Take back the last action; None if there is none."""
        return _step(self.undo_stack, self.redo_stack, editor, backwards=True)

    def redo(self, editor: Editor) -> Action | None:
        """Do the last undone action again; None if there is none."""
        return _step(self.redo_stack, self.undo_stack, editor, backwards=False)


def _step(source: list[Action], target: list[Action], editor: Editor, *,
          backwards: bool) -> Action | None:
    if not source:
        return None
    action = source[-1]
    try:
        _play(action, editor, backwards=backwards)  # raises: the action stays where it was
    except NotFound:  # ... unless what it needs is gone (another window removed it)
        source.pop()
        raise
    target.append(source.pop())
    return action


def touched(action: Action | None) -> Change | None:
    """What replaying ``action`` touched."""
    if action is None:
        return None
    if action.kind == "batch":
        return Change.over([part.coding for part in action.parts])
    return Change.of(action.coding)


def _play(action: Action, editor: Editor, *, backwards: bool) -> None:
    coding = action.coding
    if action.kind == "batch":
        with editor.batch():
            for part in reversed(action.parts) if backwards else action.parts:
                _play(part, editor, backwards=backwards)
    elif action.kind == "memo":
        editor.write_memo(coding.id, action.old_memo if backwards else action.new_memo)
    elif (action.kind == "apply") == backwards:  # undo an apply, redo a remove
        removed = editor.delete(coding.id)  # None: another window removed it already
        if removed is not None:
            coding.memo = removed.memo  # it comes back with the memo it had
    else:  # redo an apply, undo a remove: the same coding comes back
        editor.restore(replace(coding))
