"""Retrieval: codings listed with what a reader needs beside them.

:func:`fragments` is the one way to ask "which fragments were coded, and what do they say":
the workbench's retrieval screen, ``casebook codings`` and the fragments report all list its
:class:`Fragment` rows (a coding with its document's name, the text it covers and the
speakers whose turns it overlaps), filtered by document, codes and coders.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from casebook.model import Coding


@dataclass(slots=True)
class Fragment:
    """One coding with its document's name, its text and its speakers (in order)."""

    coding: Coding
    document: str
    text: str
    speakers: list[str] = field(default_factory=list)


def _speakers(turns: list, ends: list[int], coding: Coding) -> list[str]:
    """The speakers of the turns (in order, each once) that ``coding`` overlaps."""
    found: dict[str, None] = {}
    i = bisect_right(ends, coding.start)  # the first turn that ends after the coding starts
    while i < len(turns) and turns[i].start < coding.end:
        if turns[i].speaker:
            found.setdefault(turns[i].speaker, None)
        i += 1
    return list(found)


def fragments(store, *, document_id: int | None = None, code_ids: list[str] | None = None,
              coder_ids: list[str] | None = None) -> list[Fragment]:
    """Every coding that passes the filters (None or empty: no filter), ordered by document,
    position, code and coder name, as :class:`Fragment` rows."""
    documents: dict[int, tuple[str, str, list, list[int]]] = {}
    found = []
    for coding in store.codings(document_id=document_id, code_ids=code_ids,
                                coder_ids=coder_ids):
        if coding.document_id not in documents:
            document = store.document(coding.document_id)
            turns = store.turn_rows(document.id)
            documents[document.id] = (document.name, document.text, turns,
                                      [turn.end for turn in turns])
        name, text, turns, ends = documents[coding.document_id]
        found.append(Fragment(coding, name, text[coding.start:coding.end],
                              _speakers(turns, ends, coding)))
    return found


def code_counts(store, coder_id: str | None = None) -> Counter:
    """Codings per code id in the whole project (of one coder, if given)."""
    return Counter(store.coding_counts(coder_id))
