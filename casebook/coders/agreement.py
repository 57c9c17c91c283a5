"""Agreement between coders on a project: reads the codings once (as integer columns),
maps them to units (:mod:`casebook.coders.units`) and reports the figures of
:mod:`casebook.coders.figures` and, on the text itself, of :mod:`casebook.coders.ontext` --
every code's in one pass, so the work grows with the codings.

Rules (also in ``casebook agree --help`` and the reliability report):

- ``absent="missing"``: a coder has *judged a document* when they have at least one coding
  in it (any code); elsewhere their judgements are missing, not "not applied". A document
  judged by one coder has no pairs: it counts only in Gwet's category shares (as irrCAC
  counts units rated once); ``documents`` lists those judged by two or more.
  ``absent="not-coded"``: every chosen
  coder has judged every chosen document, and text without their codings counts as "not
  coded" (NVivo's coding comparison counts it so).
- Per code, every unit gets a binary judgement per coder (applied or not).
- A code with ``exclusive: true`` in the codebook makes its children one variable: a unit
  gets the child a coder applied, or "(none)"; a unit with two of them is missing for that
  coder and counted as a conflict. ``ordered: true`` adds the ordered figures, on the units
  that got a child ("(none)" has no place on the order).
- *Pooled* (not a multi-category figure): every (code, unit) judgement of all codes as
  one binary set.
- alpha-u and |u-alpha use the documents every chosen coder judged, laid end to end; for
  several codes ``1 - sum(D_o) / sum(D_e)``.
- Segments: every pair of coders, per code, by the chosen rule
  (:data:`casebook.coders.unitized.SEGMENT_RULES`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from casebook.coders import figures as fig
from casebook.coders import unitized as uz
from casebook.coders.ontext import OnText
from casebook.coders.read import Read
from casebook.coders.stats import cohen_kappas, distinct
from casebook.coders.units import Binary, Codings, Units
from casebook.errors import CasebookError
from casebook.model import CONSENSUS

UNITS = ("sentence", "turn", "char")
ABSENT = ("missing", "not-coded")
UNIT_NAMES = {"sentence": "sentence", "turn": "turn", "char": "character"}


@dataclass(slots=True)
class Row:
    """One line of the report: a code, an exclusive/ordered group, or the pooled figure."""

    code: str
    kind: str  # code, group, pooled
    units: float = 0
    applied: dict[str, float] = field(default_factory=dict)
    figures: dict[str, fig.Figure] = field(default_factory=dict)
    pairs: dict[str, dict] = field(default_factory=dict)
    segments: tuple[int, int] = (0, 0)  # agreements, disagreements
    categories: list[str] = field(default_factory=list)
    conflicts: float = 0

    def value(self, key: str) -> float | None:
        return self.figures[key].value if key in self.figures else None

    def as_dict(self) -> dict:
        data = {"code": self.code, "kind": self.kind, "units": self.units,
                "applied": self.applied,
                "figures": {k: f.as_dict() for k, f in self.figures.items()},
                "pairs": self.pairs,
                "segments": {"agreements": self.segments[0],
                             "disagreements": self.segments[1]}}
        if self.kind == "group":
            data.update(categories=self.categories, conflicts=self.conflicts)
        return data


@dataclass(slots=True)
class AgreementReport:
    coders: list[str]
    unit: str
    absent: str
    segment_rule: str
    threshold: float
    min_overlap: float
    documents: list[str]
    characters: int
    codes: list[Row]
    groups: list[Row]
    pooled: Row
    confidence: float | None = None

    def as_dict(self) -> dict:
        return {"coders": self.coders, "unit": self.unit, "absent": self.absent,
                "segment_rule": self.segment_rule, "threshold": self.threshold,
                "min_overlap": self.min_overlap, "confidence": self.confidence,
                "documents": self.documents, "characters": self.characters,
                "codes": [r.as_dict() for r in self.codes],
                "groups": [r.as_dict() for r in self.groups],
                "pooled": self.pooled.as_dict()}


def choose_coders(store, names: list[str] | None, used: set[str] | None = None,
                  read: Read | None = None) -> list:
    """The named coders (found in ``read`` where it tells), or every coder with codings
    (``used``: their ids, if known) except ``consensus``."""
    if names:
        coders = [read.find(store, n) if read is not None else store.find_coder(n)
                  for n in names]
    else:
        used = {row[4] for row in store.coding_spans()} if used is None else used
        coders = [c for c in store.coders() if c.id in used and c.name != CONSENSUS]
    if len({c.id for c in coders}) < 2:
        raise CasebookError("agreement needs at least two coders with codings", field="--coders")
    return coders


def _check(unit, threshold, min_overlap, absent, segment_rule, confidence) -> None:
    if unit not in UNITS:
        raise CasebookError(f"unit is one of {', '.join(UNITS)}", field="--unit")
    if not 0 < threshold <= 100:
        raise CasebookError("threshold is a percentage above 0, at most 100", field="--threshold")
    if not 0 < min_overlap <= 1:
        raise CasebookError("min-overlap is a share above 0, at most 1", field="--min-overlap")
    if absent not in ABSENT:
        raise CasebookError(f"absent is one of {', '.join(ABSENT)}", field="--absent")
    if segment_rule not in uz.SEGMENT_RULES:
        raise CasebookError(f"segment rule is one of {', '.join(uz.SEGMENT_RULES)}",
                            field="--segment-rule")
    if confidence is not None and not 0 < confidence < 1:
        raise CasebookError("confidence is a share above 0, below 1", field="--ci")


def compute(store, *, coders: list[str] | None = None, codes: list[str] | None = None,
            docs: list[str] | None = None, unit: str = "sentence", threshold: float = 90.0,
            min_overlap: float = 0.5, absent: str = "missing",
            segment_rule: str = "own-overlap", confidence: float | None = None,
            on_text: bool = True) -> AgreementReport:
    """Agreement per code, per exclusive/ordered group and pooled between the coders
    (``on_text=False``: the figures on units only, without alpha-u, |u-alpha and segments)."""
    _check(unit, threshold, min_overlap, absent, segment_rule, confidence)
    job = _Job(store, coders, codes, docs, unit, min_overlap, absent)
    job.rule, job.confidence = segment_rule, confidence
    if on_text:
        job.text = OnText(job.units, job.everyone, threshold, segment_rule)
    none = [None] * len(job.reported)
    binary = job.units.binary(job.reported) if unit != "char" else none
    measured = job.text.each(job.reported) if job.text else none
    rows = [job.code_row(*found) for found in zip(job.reported, binary, measured)]
    groups = [job.group_row(parent, children) for parent, children in job.groups()]
    pooled = job.pooled_row(rows)
    return AgreementReport(
        coders=job.names, unit=unit, absent=absent, segment_rule=segment_rule,
        threshold=threshold, min_overlap=min_overlap, documents=job.doc_names,
        characters=int(job.doc_starts[-1]), codes=rows, groups=groups, pooled=pooled,
        confidence=confidence)


def pair_kappas(store, coders: list[str], pairs: list[tuple[str, str]], *,
                docs: list | None = None, unit: str = "sentence", min_overlap: float = 0.5,
                absent: str = "missing") -> dict[str, dict[str, float | None]]:
    """Per code in use, Cohen's kappa of only the coder ``pairs`` named (each key
    ``"a|b"`` in the order of ``coders``, the value :func:`compute` reports in
    ``Row.pairs``): exercise feedback's figure for its reference-student pairs, without the
    other pairs and figures of a class of thirty (``unit`` sentence or turn)."""
    job = pairs_job(_Job, store, coders, docs, unit, min_overlap, absent)
    return pair_figures(job, pairs, lambda wanted: [
        binary.pairs for binary in job.units.binary(job.reported, wanted)])


def pairs_job(kind, store, coders, docs, unit: str, min_overlap: float, absent: str,
              read: Read | None = None):
    """The computation (a ``kind`` of :class:`_Job`) behind figures of coder pairs, its
    options checked (``unit`` sentence or turn); ``read``: what it reads first, if read."""
    _check(unit, 90.0, min_overlap, absent, "own-overlap", None)
    if unit == "char":
        raise CasebookError("pair figures per character need compute()", field="--unit")
    return kind(store, coders, None, docs, unit, min_overlap, absent, read)


def pair_figures(job, pairs: list[tuple[str, str]], tables_of
                 ) -> dict[str, dict[str, float | None]]:
    """Per code of ``job``, Cohen's kappa of each of the coder ``pairs`` (named), from
    ``tables_of(wanted)``: per code, each wanted pair's (``i < j``, by place) 2 x 2 table."""
    place = {name: i for i, name in enumerate(job.names)}
    wanted = sorted({tuple(sorted((place[a], place[b]))) for a, b in pairs if a != b})
    found = {}
    for code, by_pair in zip(job.reported, tables_of(wanted)):
        tables = np.array(list(by_pair.values()), dtype=float).reshape(-1, 2, 2)
        found[job.codebook[code].id] = {
            f"{job.names[i]}|{job.names[j]}": kappa
            for (i, j), kappa in zip(by_pair, cohen_kappas(tables))}
    return found


def ratings(store, *, unit: str = "sentence", min_overlap: float = 0.5,
            absent: str = "missing") -> dict[str, np.ndarray]:
    """Per code in use, the ``coders x units`` ratings its figures are computed from (1
    applied, 0 not, -1 not judged; ``unit`` sentence or turn): for cross-checks against
    other implementations and for the benchmark's anchor."""
    _check(unit, 90.0, min_overlap, absent, "own-overlap", None)
    if unit == "char":
        raise CasebookError("ratings per character are not kept as an array", field="--unit")
    job = _Job(store, None, None, None, unit, min_overlap, absent)
    return {job.codebook[c].id: job.units.ratings([c])[0][0] for c in job.reported}


def _ints(column: str) -> np.ndarray:
    """A column of comma-separated integers (the store's columns) as an int64 array."""
    if not column:
        return np.empty(0, dtype=np.int64)
    return np.fromstring(column, dtype=np.int64, sep=",")


def _inside(ids: np.ndarray, where: np.ndarray, doc_id: np.ndarray) -> np.ndarray:
    """Whether each coding's document is among ``ids`` (``where``: its place there)."""
    if len(ids) == 0:
        return np.zeros(len(doc_id), dtype=bool)
    return ids[where] == doc_id


class _Job:
    """One computation: the coders, documents, codes and units it is about."""

    rule: str = "own-overlap"
    confidence: float | None = None
    text: OnText | None = None  # the figures on the text itself, unless on units only

    def __init__(self, store, coders, codes, docs, unit, min_overlap, absent,
                 read: Read | None = None) -> None:
        read = read or Read.of(store)  # (the caller's, if it read them already)
        self.codebook = read.codebook
        self.code_index = {c.id: i for i, c in enumerate(self.codebook)}
        known = read.coders
        doc_id, start, end, code, coder = map(_ints, read.columns)
        used = {known[i].id for i in distinct(coder).tolist() if i >= 0}
        chosen = choose_coders(store, coders, used, read)
        place = {c.id: k for k, c in enumerate(known)}
        index = np.full(len(known) + 1, -1, dtype=np.int64)  # known coder -> chosen; -1 last
        for i, c in enumerate(chosen):
            index[place[c.id]] = i
        self.names, self.unit = [c.name for c in chosen], UNIT_NAMES[unit]
        documents = self._documents(store, docs)
        ids = np.array([d[0] for d in documents], dtype=np.int64)
        where = np.searchsorted(ids, doc_id).clip(0, max(len(ids) - 1, 0))
        coder = index[coder]
        rows = (coder >= 0) & (code >= 0) & _inside(ids, where, doc_id)
        coded = np.zeros((len(chosen), len(documents)), dtype=bool)
        coded[coder[rows], where[rows]] = True
        if absent == "not-coded":
            coded[:] = True
        judges = coded.sum(axis=0)
        keep = judges >= 1  # one coder: no pairs, but Gwet's category shares
        self.doc_names = [d[1] for d, n in zip(documents, judges) if n >= 2]
        lengths = np.array([d[2] for d in documents], dtype=np.int64)[keep]
        self.doc_starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        offset = np.full(len(documents), -1, dtype=np.int64)
        offset[keep] = self.doc_starts[:-1]
        rows &= keep[where]
        self.reported = self._reported(codes, code[rows])
        self.named = set(codes) if codes else None
        shared = ids[keep]
        bounds = None if unit == "char" else self._bounds(store, shared, unit)
        shift = offset[where[rows]]
        self.units = Units(Codings(shift + start[rows], shift + end[rows], code[rows],
                                   coder[rows]), self.doc_starts, coded[:, keep], bounds,
                           min_overlap)
        self.everyone = coded[:, keep].all(axis=0)
        self.tallies: list[fig.Tally] = []
        self.sums = np.zeros(4)  # D_o, D_e of alpha-u; o, e of |u-alpha, over the codes

    @staticmethod
    def _documents(store, docs) -> list[tuple[int, str, int]]:
        """(id, name, length) of the documents compared."""
        sizes = store.document_sizes()
        if not docs:
            return sizes
        wanted = {store.document(d).id for d in docs}
        return [s for s in sizes if s[0] in wanted]

    def _reported(self, codes, code) -> list[int]:
        if codes:
            return [self.code_index[self._code_id(c)] for c in codes]
        return distinct(code).tolist()

    def _code_id(self, ref: str) -> str:
        if ref in self.code_index:
            return ref
        raise CasebookError(f"no code '{ref}' in the codebook", field="--codes")

    def _bounds(self, store, ids, unit) -> tuple[np.ndarray, np.ndarray]:
        """Sentences or turns on the continuum (by start); a document without them is one
        unit."""
        doc, start, end = (_ints(c) for c in store.unit_columns(
            "sentences" if unit == "sentence" else "turns"))
        if len(ids) == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        place = np.searchsorted(ids, doc).clip(0, len(ids) - 1)
        found = ids[place] == doc
        place = place[found]
        bare = np.flatnonzero(np.bincount(place, minlength=len(ids)) == 0)  # no units
        starts = np.concatenate([self.doc_starts[place] + start[found], self.doc_starts[bare]])
        ends = np.concatenate([self.doc_starts[place] + end[found], self.doc_starts[bare + 1]])
        order = np.lexsort((ends, starts))
        return starts[order], ends[order]

    # -- rows ---------------------------------------------------------------------------
    def _applied(self, ratings, weights) -> dict[str, float]:
        w = np.ones(ratings.shape[1]) if weights is None else weights
        return {n: float(((ratings[i] == 1) * w).sum()) for i, n in enumerate(self.names)}

    def code_row(self, code: int, binary: Binary | None = None, measured=None) -> Row:
        """One code's row; ``binary``: its judgements summarised (sentences or turns);
        ``measured``: its figures on the text."""
        if binary is None:  # characters: the continuum cut where this code's codings are
            stack, weights = self.units.ratings([code])
            tally = fig.Tally.of(stack[0], 2, weights)
            applied = self._applied(stack[0], weights)
        else:
            tally = fig.Tally(2, binary.table, binary.weights, binary.pairs)
            applied = {n: float(binary.applied[i]) for i, n in enumerate(self.names)}
        row = Row(self.codebook[code].id, "code", tally.units, applied)
        row.figures, row.pairs = fig.nominal(tally, self.names, self.unit, self.confidence)
        self.tallies.append(tally)
        self._unitized(row, measured)
        return row

    def groups(self) -> list[tuple[int, list[int]]]:
        """Codes marked exclusive or ordered (those named, when codes are named), with
        their children in codebook order."""
        found = []
        for k, code in enumerate(self.codebook):
            if (code.exclusive or code.ordered) and (self.named is None or code.id in self.named):
                children = [i for i, c in enumerate(self.codebook) if c.parent == code.id]
                if len(children) >= 2:
                    found.append((k, children))
        return found

    def group_row(self, parent: int, children: list[int]) -> Row:
        """One variable of the children: category 1..k (0 "(none)"), -1 missing."""
        stack, weights = self.units.ratings(children)
        applied = (stack == 1)
        value = (applied * np.arange(1, len(children) + 1)[:, None, None]).sum(axis=0)
        many = applied.sum(axis=0) > 1
        ratings = np.where((stack[0] < 0) | many, -1, value)
        w = np.ones(ratings.shape[1]) if weights is None else weights
        code = self.codebook[parent]
        row = Row(code.id, "group", categories=["(none)"] + [self.codebook[c].id
                                                           for c in children],
                  conflicts=float((many * w).sum()))
        tally = fig.Tally.of(ratings, len(children) + 1, weights)
        row.units = tally.units
        row.applied = {n: float(((ratings[i] > 0) * w).sum()) for i, n in enumerate(self.names)}
        row.figures, row.pairs = fig.nominal(tally, self.names, self.unit, self.confidence)
        if code.ordered:
            graded = fig.Tally.of(np.where(ratings > 0, ratings - 1, -1), len(children),
                                  weights)
            row.figures.update(fig.ordered(graded, self.unit, self.confidence))
        self._unitized(row, self.text.group(children) if self.text else None, count=False)
        return row

    def pooled_row(self, rows: list[Row]) -> Row:
        """Every (code, unit) judgement of the reported codes as one binary set."""
        row = Row("(pooled)", "pooled")
        if self.tallies:
            tally = fig.Tally.total(self.tallies)
            row.units = tally.units
            row.figures, row.pairs = fig.nominal(tally, self.names, self.unit,
                                                 self.confidence)
        d_o, d_e, o, e = self.sums
        row.figures["alpha_u"] = fig.unitized((d_o, d_e) if d_e else None, "alpha_u")
        row.figures["alpha_u_binary"] = fig.unitized((o, e) if e else None, "alpha_u_binary")
        row.segments = (sum(r.segments[0] for r in rows), sum(r.segments[1] for r in rows))
        row.figures["segments"] = fig.segments(*row.segments, self.rule)
        row.applied = {n: sum(r.applied[n] for r in rows) for n in self.names}
        return row

    def _unitized(self, row: Row, measured, count: bool = True) -> None:
        """alpha-u, |u-alpha and segments of one code, or of a group's children, from
        ``measured`` (:class:`OnText`'s figures; None: on units only)."""
        if measured is None:
            return
        parts, binary, row.segments = measured
        u_parts = parts or (0.0, 0.0)
        row.figures["alpha_u"] = fig.unitized(u_parts if u_parts[1] else None, "alpha_u")
        row.figures["alpha_u_binary"] = fig.unitized(binary, "alpha_u_binary")
        if count:
            self.sums += [*u_parts, *(binary or (0.0, 0.0))]
        row.figures["segments"] = fig.segments(*row.segments, self.rule)
