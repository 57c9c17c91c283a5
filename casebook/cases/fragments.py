"""Resolving a case against a project: its fragments become whole turns of pseudonymised
text with the chosen coders' codings, ready to draw (:mod:`casebook.export` renders them).
A bad reference names the case file's line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from casebook.cases.reader import Case, FragmentSpec
from casebook.coding.service import find_quote
from casebook.errors import CasebookError
from casebook.model import CONSENSUS, Coder, Coding, Document, Speaker, Turn
from casebook.privacy.guard import Gate, Leak, View, case_leaks

if TYPE_CHECKING:
    from casebook.store import Store

# a document, its id, its turns, its speakers by label, how the gate shows it, its replacements
Entry = tuple[Document, int, list[Turn], dict[str, Speaker], View, list[tuple[int, int, str]]]


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a turn's text with one set of codes; ``replaced``: a pseudonym."""

    text: str
    codes: tuple[str, ...] = ()
    replaced: bool = False


@dataclass(slots=True)
class FragmentTurn:
    speaker: str | None
    role: str | None
    time_start: float | None
    pieces: list[Piece]
    labels: list[str]                          # code ids, in order of first appearance
    memos: list[tuple[str, str]]               # (code id, memo)


@dataclass(slots=True)
class Fragment:
    """A resolved fragment: whole turns of one document, ready to draw."""

    document: str
    document_id: int
    start: int
    end: int
    turns: list[FragmentTurn]
    codings: list[Coding]          # intersecting [start, end), of the chosen coders
    status: str                    # privacy status: none | scanned | reviewed
    note: str = ""

    @property
    def raw(self) -> bool:
        """Shown without a reviewed pseudonymisation."""
        return self.status != "reviewed"


@dataclass(slots=True)
class ResolvedCase:
    case: Case
    fragments: list[Fragment]
    coders: list[str]              # names of the coders whose codings are drawn
    # personal data the case's own text, its memos or its documents still name
    leaks: list[Leak] = field(default_factory=list)

    @property
    def raw(self) -> bool:
        return bool(self.leaks) or any(f.raw for f in self.fragments)


# -- resolving against the project ----------------------------------------------------
def _coders(store: Store, case: Case, names: list[str] | None,
            unless_named: frozenset[str] = frozenset()) -> list[Coder]:
    """The coders whose codings are drawn: given, the case's, consensus, or every coder but
    those ``unless_named`` (the students of the project's exercises)."""
    wanted = names or case.coders
    if wanted:
        found = []
        for name in wanted:
            try:
                found.append(store.find_coder(name))
            except CasebookError:
                line, where = (case.coders_line, case.path) if not names else (None, None)
                raise CasebookError(f"no coder '{name}'", path=where, line=line,
                                    field="coders") from None
        return found
    everyone = [c for c in store.coders() if c.name not in unless_named]
    return [c for c in everyone if c.name == CONSENSUS] or everyone


def _turn_range(turns: list[Turn], start: int, end: int, context: int = 0) -> tuple[int, int]:
    """Indexes [first, last] of the turns overlapping [start, end), widened by context."""
    hit = [i for i, t in enumerate(turns) if t.start < end and t.end > start]
    if not hit:  # between turns (e.g. in a label): the nearest turn before
        before = [i for i, t in enumerate(turns) if t.start <= start] or [0]
        hit = [before[-1]]
    return max(0, hit[0] - context), min(len(turns) - 1, hit[-1] + context)


def pieces(text: str, start: int, end: int, codings: list[Coding],
           replacements: list[tuple[int, int, str]]) -> list[Piece]:
    """``text[start:end]`` cut at every boundary of a coding or a replacement; a replaced
    run is one piece with the replacement text, carrying the codes that cover any of it, so
    highlights stay aligned when a pseudonym is longer or shorter than the name."""
    spans = [(max(c.start, start), min(c.end, end), c.code_id) for c in codings
             if c.start < end and c.end > start]
    reps = [(s, e, r) for s, e, r in replacements if s < end and e > start]
    cuts = {start, end}
    for s, e, _ in spans:
        cuts.update((s, e))
    for s, e, _ in reps:
        cuts.update((max(s, start), min(e, end)))
    marks = sorted(cuts)
    out: list[Piece] = []
    r = 0
    for a, b in zip(marks, marks[1:]):
        while r < len(reps) and reps[r][1] <= a:
            r += 1
        codes = tuple(dict.fromkeys(code for s, e, code in spans if s < b and e > a))
        if r < len(reps) and reps[r][0] <= a:
            if a == max(reps[r][0], start):
                out.append(Piece(reps[r][2], codes, True))
            elif codes and out and out[-1].replaced:  # a coding starts inside the name
                out[-1] = Piece(out[-1].text, tuple(dict.fromkeys(out[-1].codes + codes)), True)
            continue
        if out and not out[-1].replaced and out[-1].codes == codes:
            out[-1] = Piece(out[-1].text + text[a:b], codes)
        else:
            out.append(Piece(text[a:b], codes))
    return out


def _clip(reps: list[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    """The replacements intersecting [start, end), clipped to it (a name cut by the range is
    replaced whole within the range)."""
    return [(max(s, start), min(e, end), r) for s, e, r in reps if s < end and e > start]


class _Resolver:
    def __init__(self, store: Store, case: Case, coders: list[Coder], gate: Gate) -> None:
        self.store, self.case, self.coders, self.gate = store, case, coders, gate
        self.coder_ids = [c.id for c in coders]
        self.codes = {c.id for c in store.codes(include_retired=True)}
        self.cache: dict[str, Entry] = {}
        self.leaks: list[Leak] = []

    def error(self, message: str, spec: FragmentSpec, number: int,
              name: str) -> CasebookError:
        return CasebookError(message, path=self.case.path, line=spec.lines.get(name, spec.line),
                             field=f"fragments[{number}].{name}")

    def document(self, spec: FragmentSpec, number: int, ref: Any) -> Entry:
        key = str(ref)
        if key not in self.cache:
            try:
                doc = self.store.document(ref)
            except CasebookError as err:
                raise self.error(err.message, spec, number, "document") from None
            doc_id = doc.id
            assert doc_id is not None  # a stored document has one
            speakers = {s.label: s for s in self.store.speakers(doc_id)}
            view = self.gate.view(doc_id)
            self.leaks += [leak for leak in view.leaks if leak not in self.leaks]
            reps = view.replacements if not view.raw else \
                self.gate.replacements(doc_id, doc.text)
            self.cache[key] = (doc, doc_id, self.store.turns(doc_id), speakers, view, reps)
        return self.cache[key]

    def fragment(self, spec: FragmentSpec, entry: Entry, start: int, end: int,
                 whole_turns: bool = True, only: Coding | None = None) -> Fragment:
        doc, doc_id, turns, speakers, view, all_reps = entry
        if turns and whole_turns:
            first, last = _turn_range(turns, start, end, spec.get("context") or 0)
            start, end = min(start, turns[first].start), max(end, turns[last].end)
        shown = [t for t in turns if t.start < end and t.end > start] or [Turn(start, end)]
        codings = [c for c in self.store.codings(document_id=doc_id, coder_ids=self.coder_ids)
                   if c.start < end and c.end > start]
        if only is not None and all(c.id != only.id for c in codings):
            codings.append(only)
        reps = _clip(all_reps, start, end)
        out = []
        for t in shown:
            s, e = max(t.start, start), min(t.end, end)
            inside = [c for c in codings if c.start < e and c.end > s]
            speaker = speakers.get(t.speaker) if t.speaker else None
            out.append(FragmentTurn(
                speaker=(speaker.pseudonym or speaker.label) if speaker else t.speaker,
                role=speaker.role if speaker else None, time_start=t.time_start,
                pieces=pieces(doc.text, s, e, inside, reps),
                labels=list(dict.fromkeys(c.code_id for c in inside)),
                memos=[(c.code_id, self.memo(c)) for c in inside if c.memo and c.start >= s]))
        return Fragment(document=view.name, document_id=doc_id, start=start, end=end,
                        turns=out, codings=codings, status=view.status,
                        note=str(spec.get("title") or ""))

    def memo(self, coding: Coding) -> str:
        """A coder's memo with the originals review accepted replaced; what still names
        someone is a leak of the case."""
        shown = self.gate.pseudonymise(coding.memo)
        for leak in self.gate.leaks(f"memo on coding {coding.id}", shown):
            if leak not in self.leaks:
                self.leaks.append(leak)
        return shown

    def by_code(self, spec: FragmentSpec, number: int) -> list[Fragment]:
        code_id = spec.get("code")
        if code_id not in self.codes:
            raise self.error(f"no code '{code_id}' in the codebook", spec, number, "code")
        ids = self.coder_ids
        if spec.get("coder"):
            try:
                ids = [self.store.find_coder(spec.get("coder")).id]
            except CasebookError:
                raise self.error(f"no coder '{spec.get('coder')}'", spec, number,
                                 "coder") from None
        doc_id = None
        if spec.get("document"):
            doc_id = self.document(spec, number, spec.get("document"))[0].id
        found = self.store.codings(document_id=doc_id, code_ids=[code_id], coder_ids=ids)
        if spec.get("limit"):
            found = found[:spec.get("limit")]
        if not found:
            raise self.error(f"no codings with code '{code_id}'", spec, number, "code")
        return [self.fragment(spec, self.document(spec, number, c.document_id), c.start,
                              c.end, only=c) for c in found]

    def one(self, spec: FragmentSpec, number: int) -> Fragment:
        entry = self.document(spec, number, spec.get("document"))
        doc, turns = entry[0], entry[2]
        if spec.get("quote") is not None:
            try:
                start, end = find_quote(doc.text, spec.get("quote"),
                                        spec.get("occurrence") or 1)
            except CasebookError as err:
                raise self.error(f"{err.message} of '{doc.name}'", spec, number,
                                 "quote") from None
            return self.fragment(spec, entry, start, end)
        if spec.get("turns") is not None:
            first, last = spec.get("turns")
            if last > len(turns):
                raise self.error(f"'{doc.name}' has {len(turns)} turns", spec, number, "turns")
            return self.fragment(spec, entry, turns[first - 1].start, turns[last - 1].end)
        start, end = spec.get("start"), spec.get("end")
        if end > len(doc.text):
            raise self.error(f"range {start}-{end} is outside '{doc.name}' "
                             f"(0-{len(doc.text)})", spec, number, "end")
        # a range is shown as given, unless context asks for whole turns around it
        return self.fragment(spec, entry, start, end, whole_turns=spec.get("context") is not None)


def resolve(store: Store, case: Case, coders: list[str] | None = None,
            gate: Gate | None = None, *,
            unless_named: frozenset[str] = frozenset()) -> ResolvedCase:
    """The case's fragments against a store, pseudonymised by ``gate`` (default: the
    project's); a bad reference names the case file's line. Fragments by code that land on
    the same turns are shown once. Coders in ``unless_named`` are drawn only when ``coders``
    or the case names them."""
    gate = gate or Gate.for_project(store, override="--allow-raw")
    resolver = _Resolver(store, case, _coders(store, case, coders, unless_named), gate)
    fragments: list[Fragment] = []
    seen: set[tuple[int, int, int]] = set()
    for number, spec in enumerate(case.fragments, 1):
        if spec.get("code") is not None:
            for fragment in resolver.by_code(spec, number):
                key = (fragment.document_id, fragment.start, fragment.end)
                if key not in seen:
                    seen.add(key)
                    fragments.append(fragment)
        else:
            fragments.append(resolver.one(spec, number))
    names = [c.name for c in resolver.coders]
    if not (coders or case.coders):  # by default: only the coders that show
        drawn = {c.coder_name for f in fragments for c in f.codings}
        names = [name for name in names if name in drawn]
    return ResolvedCase(case=case, fragments=fragments, coders=names,
                        leaks=case_leaks(gate, case) + resolver.leaks)


