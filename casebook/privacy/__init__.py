"""Pseudonymisation: find personal data in transcripts, propose replacements that stay
consistent across the project, let the researcher review them.

This module is what other parts (export) ask; it stays light: deduce is loaded only by
:mod:`casebook.privacy.deduce_detector`, when a scan asks for it.

- :func:`status` -- "none", "scanned" or "reviewed" for a document;
- :func:`replacements` -- the accepted replacements within a range of a document.
"""

from __future__ import annotations

from collections.abc import Sequence

TYPE_CHECKING = False
if TYPE_CHECKING:  # (typing is not imported at run time: see casebook.record)
    from typing import Protocol

    from casebook.store import Store

    class Finding(Protocol):
        """What is read of a finding here and by the gate: a PrivacyFinding, or a row of the
        gate's one read of every finding (:class:`casebook.privacy.guard.FindingRow`)."""

        @property
        def id(self) -> int | None: ...
        @property
        def document_id(self) -> int: ...
        @property
        def start(self) -> int: ...
        @property
        def end(self) -> int: ...
        @property
        def category(self) -> str: ...
        @property
        def text(self) -> str: ...
        @property
        def key(self) -> str: ...
        @property
        def replacement(self) -> str: ...
        @property
        def decision(self) -> str: ...


STATUSES = ("none", "scanned", "reviewed")


def status(store: Store, document_id: int) -> str:
    """"none" (never scanned), "scanned" (some finding undecided, or not applied since),
    "reviewed" (every finding decided, applied, and the text is the one scanned)."""
    made_of = store.privacy_status_inputs(document_id)  # one read
    if made_of is None:
        return "none"
    scanned, reviewed, sha, proposed = made_of
    if scanned != sha or reviewed != sha or proposed:
        return "scanned"
    return "reviewed"


def replacements(store: Store, document_id: int, start: int, end: int,
                 *, text: str | None = None, findings: Sequence[Finding] | None = None,
                 ) -> list[tuple[int, int, str]]:
    """Accepted (or edited) replacements intersecting [start, end), clipped to it: sorted
    ``(start, end, replacement)`` in document code-point offsets, end exclusive, never
    overlapping. A finding cut by the range is replaced whole within the range. Given the
    document's ``text``, a name that ends in an initial takes the initial's full stop with
    it where the sentence goes on (:func:`_with_stop`). ``findings``: the document's, in
    document order, if the caller has read them."""
    result: list[tuple[int, int, str]] = []
    for f in store.privacy_findings(document_id) if findings is None else findings:
        if f.decision not in ("accepted", "edited") or f.end <= start or f.start >= end:
            continue
        s, e = max(f.start, start), min(f.end, end)
        if result and s < result[-1][1]:  # overlapping: the earlier one stands
            continue
        result.append((s, e, f.replacement))
    if text is not None:
        limits = [s for s, _e, _r in result[1:]] + [end]
        result = [(s, _with_stop(text, s, e, r, limit), r)
                  for (s, e, r), limit in zip(result, limits)]
    return result


def _with_stop(text: str, start: int, end: int, replacement: str, limit: int) -> int:
    """The end of a replacement, one further where the original ends in an initial ("meneer
    D") whose full stop only abbreviates: "meneer D., 55" reads "Persoon 7, 55", not
    "Persoon 7., 55". The stop stays where it may also end the sentence (before a capital,
    a line end or the end of the text), and where the replacement ends in an initial too."""
    if not (end < limit and end < len(text) and text[end] == "." and _initial(text, start, end)
            and not _initial(replacement, 0, len(replacement))):
        return end
    after = text[end + 1:end + 3]
    goes_on = after[:1] in {",", ";", ":", ")"} or (
        after[:1] == " " and after[1:2].isalpha() and after[1:2].islower())
    return end + 1 if goes_on else end


def _initial(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends in a single capital letter standing alone."""
    return (end - start >= 1 and text[end - 1].isupper()
            and (end - 1 == start or not text[end - 2].isalnum()))


__all__ = ["STATUSES", "status", "replacements"]
