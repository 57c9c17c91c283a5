"""Between two copies of one project (a strict plan: ``merge``), what one copy removed or
renamed, told apart from what the other never had.

Each copy keeps tombstones of removed codings and codes and every earlier meaning of a code
(triggers in the store). With them:

* a code or coding removed in one copy and unchanged in the other stays removed (a code
  merged into another one takes the other copy's codings along); removed in one and changed
  in the other (another name, parent or description; another memo) is a conflict to decide;
* a code whose meaning in one copy is an earlier meaning in the other was renamed (or moved)
  there: the later meaning wins, and that is no conflict. Only when neither meaning is an
  earlier one of the other did both copies change it: a conflict.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from typing import Any

from casebook.ingest.plan import (
    REMOVED_CHANGED,
    Applied,
    Conflict,
    IntakeReport,
    Meaning,
    Plan,
)
from casebook.model import Code, RemovedCode, RemovedCoding


def meaning(code: Code | RemovedCode) -> Meaning:
    """What makes two versions of a code the same code: name, parent, description."""
    return (code.name.strip(), code.parent or None, code.description.strip())


def _meanings(history: list[Meaning]) -> set[Meaning]:
    return {(name.strip(), parent or None, description.strip())
            for name, parent, description in history}


class Versions:
    """This project's tombstones and history, set against a strict plan's."""

    def __init__(self, store: Any, plan: Plan, report: IntakeReport) -> None:
        self.store, self.plan, self.report = store, plan, report
        self.theirs = {code_id: _meanings(h) for code_id, h in plan.history.items()}

    @cached_property
    def mine(self) -> dict[str, set[Meaning]]:
        """This project's earlier meanings of its codes (read when a code differs)."""
        return {code_id: _meanings(h) for code_id, h in self.store.code_history().items()}

    @cached_property
    def removed(self) -> dict[str, RemovedCode]:
        """This project's tombstones of codes (read when a code is not here)."""
        return {tomb.id: tomb for tomb in self.store.removed_codes()}

    def conflict(self, item: str, detail: str, kind: str = REMOVED_CHANGED) -> None:
        self.report.conflicts.append(Conflict(self.plan.source, kind, item, detail))

    def removed_here(self, code: Code, active: set[str], done: Applied) -> bool:
        """``code`` of the other copy is not here: True if this copy removed it (its
        codings go to the code it was merged into, or stay out), or a conflict."""
        tomb = self.removed.get(code.id)
        if tomb is None:
            return False
        theirs = meaning(code)
        if theirs != meaning(tomb) and theirs not in self.mine.get(code.id, set()):
            self.conflict(code.id, f"code removed here, changed there ({theirs[0]!r})")
            return True
        if tomb.merged_into in active:
            done.codes[code.id] = tomb.merged_into
        self.report.notes.append(f"code '{code.id}': removed here; stays removed"
                                 + (f" (its codings go to '{tomb.merged_into}')"
                                    if tomb.merged_into in active else ""))
        return True

    def renamed(self, mine: Code, theirs: Code, changed: list[Code]) -> bool:
        """Same id, another meaning: True if one is an earlier meaning of the other (the
        later one is kept, ``changed`` gets it if it is theirs); False: both changed it."""
        if meaning(theirs) in self.mine.get(mine.id, set()):
            return True  # theirs is older: ours stays
        if meaning(mine) not in self.theirs.get(mine.id, set()):
            return False
        changed.append(replace(mine, name=theirs.name, parent=theirs.parent,
                               description=theirs.description, examples=list(mine.examples)))
        self.report.codes_renamed.append(f"{mine.id}: '{mine.name}' -> '{theirs.name}'")
        return True

    def removed_there(self, here: dict[str, Code], active: set[str]) -> list[RemovedCode]:
        """The codes active here that the other copy removed and this one did not change
        since: to retire here. One changed here since is a conflict."""
        retire = []
        for tomb in self.plan.removed_codes:
            mine = here.get(tomb.id)
            if mine is None or tomb.id not in active:
                continue
            if meaning(mine) == meaning(tomb) or meaning(mine) in self.theirs.get(tomb.id, set()):
                retire.append(tomb)
                self.report.codes_retired.append(tomb.id)
            else:
                self.conflict(tomb.id, f"code changed here ({mine.name!r}), removed there")
        return retire


def removed_codings_there(store: Any, plan: Plan, report: IntakeReport, done: Applied) -> None:
    """Remove the codings here that the other copy removed, unless changed here since (a
    conflict)."""
    where = {incoming.document.sha256: done.document_id(incoming.key)
             for incoming in plan.documents}
    for tomb in plan.removed_codings:
        doc_id = where.get(tomb.document_sha256)
        coder_id = done.coders.get(tomb.coder_id, tomb.coder_id)  # code ids: the same
        found = None if doc_id is None else store.find_coding(doc_id, tomb.code_id, coder_id,
                                                              tomb.start, tomb.end)
        if found is None:
            continue
        coding = store.get_coding(found)
        if coding.created != tomb.created:
            continue  # another coding of that span: made again, here
        if coding.changed == tomb.changed:
            store.remove_coding(found)
            report.codings_removed += 1
        else:
            report.conflicts.append(Conflict(plan.source, REMOVED_CHANGED,
                                             f"coding {found}", "memo changed here, coding "
                                             "removed there"))


def kept_removed(tomb: RemovedCoding | None, created: str | None, changed: str | None,
                 plan: Plan, report: IntakeReport, item: str) -> bool:
    """An incoming coding that is not here: True if this copy removed that very coding
    (left out, or a conflict if the other copy changed its memo since)."""
    if tomb is None or tomb.created != created:
        return False
    if tomb.changed == changed:
        report.codings_kept_removed += 1
    else:
        report.conflicts.append(Conflict(plan.source, REMOVED_CHANGED, item,
                                         "coding removed here, its memo changed there"))
    return True


__all__ = ["Versions", "kept_removed", "meaning", "removed_codings_there"]
