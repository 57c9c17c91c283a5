"""Pseudonymisation: find personal data in transcripts, propose replacements that stay
consistent across the project, let the researcher review them.

This module is what other parts (export) ask; it stays light: deduce is loaded only by
:mod:`casebook.privacy.deduce_detector`, when a scan asks for it.

- :func:`status` -- "none", "scanned" or "reviewed" for a document;
- :func:`replacements` -- the accepted replacements within a range of a document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casebook.model import PrivacyFinding
    from casebook.store import Store

STATUSES = ("none", "scanned", "reviewed")


def status(store: Store, document_id: int) -> str:
    """"none" (never scanned), "scanned" (some finding undecided, or not applied since),
    "reviewed" (every finding decided, applied, and the text is the one scanned)."""
    scan = store.privacy_scan(document_id)
    if scan is None:
        return "none"
    sha = store.document(document_id).sha256
    if (scan.scanned_sha256 != sha or scan.reviewed_sha256 != sha
            or store.privacy_counts(document_id)["proposed"]):
        return "scanned"
    return "reviewed"


def replacements(store: Store, document_id: int, start: int, end: int,
                 findings: list[PrivacyFinding] | None = None) -> list[tuple[int, int, str]]:
    """Accepted (or edited) replacements intersecting [start, end), clipped to it: sorted
    ``(start, end, replacement)`` in document code-point offsets, end exclusive, never
    overlapping. A finding cut by the range is replaced whole within the range.
    ``findings``: the document's, in document order, if the caller has read them."""
    result: list[tuple[int, int, str]] = []
    for f in store.privacy_findings(document_id) if findings is None else findings:
        if f.decision not in ("accepted", "edited") or f.end <= start or f.start >= end:
            continue
        s, e = max(f.start, start), min(f.end, end)
        if result and s < result[-1][1]:  # overlapping: the earlier one stands
            continue
        result.append((s, e, f.replacement))
    return result


__all__ = ["STATUSES", "status", "replacements"]
