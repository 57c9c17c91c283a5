"""Scan, review and apply: the pseudonymisation workflow over the store.

Every function that writes does so in one transaction, so a command is all done or not
at all. Detection itself (slow with deduce) runs before the transaction begins.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from casebook.errors import CasebookError
from casebook.model import PrivacyFinding
from casebook.privacy import attributes, names, places, rules
from casebook.privacy.mapping import NUMBERED, Mapper, normalise
from casebook.privacy.natural import gender, gender_of
from casebook.privacy.rules import Candidate
from casebook.privacy.shown import Shown

if TYPE_CHECKING:
    from casebook.store import Store

# Which finding wins where two overlap: exact formats first, then names, then the rest.
# An organisation outranks a person: "Bakkerij De Graaf" is one organisation, not a bakery
# and a person; "Albert Heijn" a shop.
PRIORITY = {"email": 9, "url": 9, "iban": 9, "bsn": 9, "telefoon": 8, "postcode": 8,
            "adres": 7, "instelling": 7, "persoon": 6, "datum": 5, "leeftijd": 4,
            "locatie": 3, "id": 2}
DETECTOR_RANK = {"speaker": 0, "rules": 1, "deduce": 2, "known": 3}
_TRIM = " \t\n.,;:!?\"'’()[]-–"


@dataclass(slots=True)
class ScanResult:
    document: str
    document_id: int
    findings: int = 0
    new: int = 0
    removed: int = 0
    decided: int = 0


@dataclass(slots=True)
class ApplyResult:
    document: str
    document_id: int
    replaced: int = 0
    kept: int = 0
    categories: dict[str, int] = field(default_factory=dict)
    pseudonyms: dict[str, str] = field(default_factory=dict)
    display_name: str = ""  # the name outputs show
    text: str | None = None


class _Spans:
    """Non-overlapping spans, sorted, for fast overlap look-ups."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        found = []
        while i < len(self.starts) and self.starts[i] < end:
            if self.ends[i] > start:
                found.append((self.starts[i], self.ends[i]))
            i += 1
        return found

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def merge(candidates: Iterable[Candidate], text: str) -> list[Candidate]:
    """Non-overlapping findings: the higher priority (then longer) span wins; what a loser
    covers beyond the winners is kept as its own finding (so "Utrecht" in a place span
    that also holds a postcode is not lost)."""
    chosen: list[Candidate] = []
    taken = _Spans()
    ordered = sorted(set(candidates), key=lambda c: (-PRIORITY.get(c.category, 1),
                                                     -(c.end - c.start),
                                                     DETECTOR_RANK.get(c.detector, 9),
                                                     c.start))
    for cand in ordered:
        for piece in _uncovered(cand, taken.overlapping(cand.start, cand.end), text):
            chosen.append(piece)
            taken.add(piece.start, piece.end)
    return sorted(chosen, key=lambda c: c.start)


def _uncovered(cand: Candidate, winners: list[tuple[int, int]], text: str) -> list[Candidate]:
    """The parts of ``cand`` that no winner (sorted, non-overlapping) covers."""
    if not winners:
        return [cand]
    pieces, pos = [], cand.start
    for start, end in winners:
        if start > pos:
            pieces.append((pos, start))
        pos = max(pos, end)
    if pos < cand.end:
        pieces.append((pos, cand.end))
    result = []
    for s, e in pieces:  # remainders: trimmed, and kept only if they say something
        while s < e and text[s] in _TRIM:
            s += 1
        while e > s and text[e - 1] in _TRIM:
            e -= 1
        if e - s >= 2 and re.search(r"\w", text[s:e]):
            result.append(Candidate(s, e, cand.category, cand.detector))
    return result


KNOWN = ("persoon", "instelling")  # names found again wherever they occur


def detect(text: str, turns, *, use_deduce: bool, known: dict[str, set[str]] | None = None,
           status: Callable[[str], None] | None = None) -> list[Candidate]:
    """All detectors on one document's text as a reader sees it (privacy/shown.py), merged."""
    shown = Shown(text)
    text, turns = shown.text, shown.turns(turns)
    found = list(rules.detect(text))
    found += places.detect(text)
    found += [*names.speaker_candidates(text, turns), *names.find_known(text, known or {})]
    if use_deduce:
        from casebook.privacy import deduce_detector

        found += deduce_detector.detect(text, status)
    return shown.back(_merge_outside_roles(found, text, turns))


def _merge_outside_roles(found: list[Candidate], text: str, turns) -> list[Candidate]:
    roles = []  # "I:", "Interviewer:", "Klantmanager" of "Klantmanager Ellen:" name no one
    for s, e, label in names.label_spans(text, turns):
        name = names.label_name(label) or (e - s, e - s)
        roles += [(s, s + name[0]), (s + name[1], e)]
    merged = merge([c for c in names.tidy(found, text)
                    if not any(s <= c.start and c.end <= e for s, e in roles)], text)
    return names.tidy(merged, text)  # what a winner left of a person, tidied too


def scan(store: Store, refs: Iterable[str | int] = (), *, use_deduce: bool = True,
         language: str = "nl", style: str = "numbered",
         progress: Callable[[str], None] | None = None,
         status: Callable[[str], None] | None = None) -> list[ScanResult]:
    """Detect personal data in the documents (all when ``refs`` is empty) and propose
    replacements (``style``: numbered stand-ins, or natural names for people). Earlier
    decisions are kept; stale proposals of the detectors run now are replaced. One
    transaction."""
    from casebook.privacy.natural import STYLES

    if style not in STYLES:
        raise CasebookError(f"must be one of {', '.join(STYLES)}", field="pseudonyms")
    docs = [store.document(r) for r in refs] if refs else \
        [store.document(d.id) for d in store.documents()]
    turns = {d.id: store.turns(d.id) for d in docs}
    known = {category: set(store.privacy_known_keys(category)) for category in KNOWN}
    known["persoon"] |= {d.text[s:e] for d in docs for s, e, _l in names.name_spans(
        d.text, turns[d.id])}
    if use_deduce:
        from casebook.privacy import deduce_detector

        deduce_detector.load(status)
    detected, full = {}, {d.id: attributes.scanned(d) for d in docs}  # text, attributes
    for doc in docs:
        detected[doc.id] = detect(full[doc.id], turns[doc.id], use_deduce=use_deduce,
                                  known=known)
        for c in detected[doc.id]:
            if c.category in known:
                known[c.category].add(full[doc.id][c.start:c.end])
        if progress:
            progress(doc.name)
    for doc in docs:  # second pass: names found in a later document, found everywhere
        detected[doc.id] = attributes.apart(_merge_outside_roles(
            detected[doc.id] + names.find_known(full[doc.id], known), full[doc.id],
            turns[doc.id]), len(doc.text), full[doc.id])
    ran = {"rules", "speaker", "known"} | ({"deduce"} if use_deduce else set())
    results = []
    with store.transaction():
        mapper = Mapper(store, language, style, originals=known["persoon"])
        texts = [doc.text for doc in docs]
        for doc in docs:  # speakers first, so a speaker's role names her everywhere
            speakers = {sp.label: sp for sp in store.speakers(doc.id)}
            for s, e, label in names.name_spans(doc.text, turns[doc.id]):
                if label in speakers:  # (a pseudonym set by hand: of a label that is a name)
                    mapper.replacement("persoon", doc.text[s:e], speakers[label].role,
                                       speakers[label].pseudonym if names.is_person_label(label)
                                       else None, gender_of(doc.text[s:e], texts)
                                       if style == "natural" else None)
        for doc in docs:
            results.append(_reconcile(store, mapper, doc, full[doc.id], turns[doc.id],
                                      detected[doc.id], ran))
            store.set_privacy_scanned(doc.id, doc.sha256, ",".join(sorted(ran)))
    return results


def _reconcile(store: Store, mapper: Mapper, doc, text: str, turns, found: list[Candidate],
               ran: set[str]) -> ScanResult:
    result = ScanResult(doc.name, doc.id)
    roles = {sp.label: sp.role for sp in store.speakers(doc.id)}
    label_at = {(s, e): label for s, e, label in names.name_spans(doc.text, turns)}
    kept, stale = [], []
    wanted = {(c.start, c.end, c.category) for c in found}
    for f in store.privacy_findings(doc.id):
        if f.decision == "proposed" and f.detector in ran and \
                (f.start, f.end, f.category) not in wanted:
            stale.append(f.id)
        else:
            kept.append(f)
    store.delete_privacy_findings(stale)
    result.removed = len(stale)
    result.decided = sum(f.decision != "proposed" for f in kept)
    taken = _Spans()
    for f in kept:
        taken.add(f.start, f.end)
    for cand in found:
        if taken.overlapping(cand.start, cand.end):
            continue
        taken.add(cand.start, cand.end)
        surface = text[cand.start:cand.end]
        label = label_at.get((cand.start, cand.end))
        role = roles.get(label) if label else None
        sex = gender(text, cand.start, cand.end) if cand.category == "persoon" else None
        finding = PrivacyFinding(
            id=None, document_id=doc.id, start=cand.start, end=cand.end,
            category=cand.category, text=surface, key=normalise(surface),
            replacement=mapper.replacement(cand.category, surface, role, gender=sex),
            detector=cand.detector)
        store.add_privacy_finding(finding)
        kept.append(finding)
        result.new += 1
    result.findings = len(kept)
    return result


# -- review ---------------------------------------------------------------------------
def findings(store: Store, ref: str | int | None = None) -> list[PrivacyFinding]:
    return store.privacy_findings(store.document(ref).id if ref is not None else None)


def context(text: str, start: int, end: int, width: int = 40) -> tuple[str, str, str]:
    """(before, finding, after) on one line each, for showing a finding in its place."""
    flat = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    return (flat(text[max(0, start - width):start]), flat(text[start:end]),
            flat(text[end:end + width]))


def _parse_ids(values: Iterable[str], option: str) -> list[int]:
    ids = []
    for value in values:
        for part in str(value).replace(",", " ").split():
            if not part.isdigit():
                raise CasebookError(f"expected a finding id, got {part!r}", field=option)
            ids.append(int(part))
    return ids


def decide(store: Store, *, ref: str | int | None = None, accept: Iterable[str] = (),
           reject: Iterable[str] = (), edits: Iterable[str] = (),
           accept_all: bool = False) -> Counter:
    """Record decisions in one transaction; every id is checked before anything is
    written. ``edits`` are "ID=TEXT"; an edit also becomes the project-wide mapping of
    that surface form, which every not individually edited finding of it follows."""
    doc_id = store.document(ref).id if ref is not None else None
    plan: list[tuple[int, str, str | None]] = []
    for fid in _parse_ids(accept, "--accept"):
        plan.append((fid, "accepted", None))
    for fid in _parse_ids(reject, "--reject"):
        plan.append((fid, "rejected", None))
    for edit in edits:
        fid, sep, text = edit.partition("=")
        if not sep or not fid.strip().isdigit():
            raise CasebookError(f"expected ID=TEXT, got {edit!r}", field="--set")
        if not text.strip():
            raise CasebookError(f"finding {fid.strip()}: the replacement is empty",
                                field="--set")
        plan.append((int(fid), "edited", text.strip()))
    option = {"accepted": "--accept", "rejected": "--reject", "edited": "--set"}
    targets = {}
    for fid, decision, _text in plan:
        try:
            finding = store.privacy_finding(fid)
        except CasebookError:
            raise CasebookError(f"no finding {fid} (see `casebook pseudo review`)",
                                field=option[decision]) from None
        if doc_id is not None and finding.document_id != doc_id:
            raise CasebookError(f"finding {fid} is not in this document",
                                field=option[decision])
        targets[fid] = finding
    counts: Counter = Counter()
    with store.transaction():
        if accept_all:
            for f in store.privacy_findings(doc_id, decision="proposed"):
                if f.id not in targets:
                    store.decide_privacy_finding(f.id, "accepted")
                    counts["accepted"] += 1
        for fid, decision, text in plan:
            store.decide_privacy_finding(fid, decision, text)
            counts[decision] += 1
            if decision == "edited":
                followed = _follow(store, targets[fid], text)
                if followed:
                    counts["followed"] += followed
    return counts


def _follow(store: Store, f: PrivacyFinding, text: str) -> int:
    """Make ``text`` the mapping of f's surface form -- and, for numbered stand-ins
    ("Persoon 1"), of every form that had the same stand-in (first name and full name of
    one person). Returns how many other findings followed."""
    keys = {f.key}
    if f.category in NUMBERED["nl"]:
        keys |= {key for (cat, key), value in store.privacy_mapping(f.category).items()
                 if value == f.replacement}
    followed = 0
    for key in sorted(keys):
        store.set_privacy_mapping(f.category, key, text)
        followed += store.follow_privacy_mapping(f.category, key, text)
    return followed


# -- apply ----------------------------------------------------------------------------
def pseudonymise(text: str, reps: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for start, end, replacement in reps:
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def apply(store: Store, refs: Iterable[str | int] = (), *,
          dry_run: bool = False) -> list[ApplyResult]:
    """Mark documents reviewed (every finding must be decided) and give speakers whose
    label is a name their pseudonym. ``dry_run`` writes nothing and returns the text."""
    from casebook.privacy import replacements

    docs = [store.document(r) for r in refs] if refs else \
        [store.document(d.id) for d in store.documents() if store.privacy_scan(d.id)]
    results = []
    for doc in docs:
        scan_row = store.privacy_scan(doc.id)
        if scan_row is None or scan_row.scanned_sha256 != doc.sha256:
            raise CasebookError("not scanned yet (run `casebook pseudo scan`)", path=doc.name)
        open_ = store.privacy_counts(doc.id)["proposed"]
        if open_:
            raise CasebookError(f"{open_} finding(s) not decided yet (run `casebook pseudo"
                                " review`)", path=doc.name)
    with store.transaction():
        for doc in docs:
            result = ApplyResult(doc.name, doc.id)
            all_findings = store.privacy_findings(doc.id)
            result.kept = sum(f.decision == "rejected" for f in all_findings)
            reps = replacements(store, doc.id, 0, len(doc.text), text=doc.text)
            result.replaced = len(reps)
            result.categories = dict(Counter(f.category for f in all_findings
                                             if f.decision in ("accepted", "edited")))
            by_span = {(f.start, f.end): f for f in all_findings
                       if f.decision in ("accepted", "edited")}
            for s, e, label in names.name_spans(doc.text, store.turns(doc.id)):
                if (s, e) in by_span:  # "Klantmanager Ellen" -> "Klantmanager 1" (labels.py)
                    result.pseudonyms[label] = names.with_name(label, names.label_name(label) or (
                        0, len(label)), by_span[(s, e)].replacement)
            results.append(result)
            if dry_run:
                result.text = pseudonymise(doc.text, reps)
                continue
            for label, pseudonym in result.pseudonyms.items():
                store.set_speaker(doc.id, label, pseudonym=pseudonym)
            store.set_privacy_reviewed(doc.id, doc.sha256)
        _name_documents(store, results, dry_run)
    return results


def _name_documents(store: Store, results: list[ApplyResult], dry_run: bool) -> None:
    """Give each applied document a display name that names nobody ("clientgesprek-1")."""
    from casebook.privacy.guard import Gate

    gate = Gate.for_project(store)
    names = store.privacy_display_names()
    for result in results:
        taken = {d.name for d in store.documents() if d.id != result.document_id} | \
            {n for i, n in names.items() if i != result.document_id}
        result.display_name = gate.neutral_name(result.document, taken)
        names[result.document_id] = result.display_name
        if not dry_run:
            store.set_privacy_display_name(result.document_id, result.display_name)
