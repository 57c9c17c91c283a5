"""A document's attributes (its title from a Markdown heading, ``--attr`` values and their
keys) as text the detectors read after the document's text, so that a name in them becomes
a finding the researcher reviews like any other.

The scanned text is the document's text, then each attribute as a paragraph of its own
(``"\\n\\ntitle: Intake Fatima Benali"``); a finding at or beyond the end of the document's
text stands in an attribute. Such a finding replaces nothing in the text (the gate replaces
only within it); review accepting it makes its original known, and the gate shows every
attribute key and value pseudonymised (:mod:`casebook.privacy.guard`).
"""

from __future__ import annotations

from casebook.privacy.rules import Candidate

TYPE_CHECKING = False
if TYPE_CHECKING:
    from casebook.model import Document

SEPARATOR = "\n\n"


def scanned(doc: Document) -> str:
    """The document's text, then each attribute as ``key: value`` in a paragraph."""
    if not doc.attributes:
        return doc.text
    return doc.text + "".join(f"{SEPARATOR}{key}: {value}"
                              for key, value in doc.attributes.items())


def in_attribute(doc: Document, start: int) -> bool:
    """Whether a finding that starts at ``start`` stands in an attribute of ``doc``."""
    return start >= len(doc.text)


def apart(found: list[Candidate], end: int, text: str) -> list[Candidate]:
    """``found`` with no span running from the document's text (which ends at ``end``)
    into its attributes: such a span is cut in two at the separator."""
    kept = []
    for c in found:
        if c.start < end < c.end:
            tail = min(end + len(SEPARATOR), c.end)
            kept += [x for x in (Candidate(c.start, end, c.category, c.detector),
                                 Candidate(tail, c.end, c.category, c.detector))
                     if x.end > x.start and text[x.start:x.end].strip()]
        else:
            kept.append(c)
    return kept
