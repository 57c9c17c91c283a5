"""Agreement between coders on a project: reads the codings once, maps them to units
(:mod:`casebook.coders.units`) and reports the figures of :mod:`casebook.coders.figures`.

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
from itertools import combinations

import numpy as np

from casebook.coders import figures as fig
from casebook.coders import unitized as uz
from casebook.coders.units import Codings, Units
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


def choose_coders(store, names: list[str] | None, used: set[str] | None = None) -> list:
    """The named coders, or every coder with codings (``used``: their ids, if known)
    except ``consensus``."""
    if names:
        coders = [store.find_coder(n) for n in names]
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
    job.threshold, job.rule, job.confidence = threshold, segment_rule, confidence
    job.on_text = on_text
    rows = [job.code_row(c) for c in job.reported]
    groups = [job.group_row(parent, children) for parent, children in job.groups()]
    pooled = job.pooled_row(rows)
    return AgreementReport(
        coders=job.names, unit=unit, absent=absent, segment_rule=segment_rule,
        threshold=threshold, min_overlap=min_overlap, documents=job.doc_names,
        characters=int(job.doc_starts[-1]), codes=rows, groups=groups, pooled=pooled,
        confidence=confidence)


class _Job:
    """One computation: the coders, documents, codes and units it is about."""

    threshold: float = 90.0
    rule: str = "own-overlap"
    confidence: float | None = None
    on_text: bool = True

    def __init__(self, store, coders, codes, docs, unit, min_overlap, absent) -> None:
        rows = None if coders else store.coding_spans()  # read once
        chosen = choose_coders(store, coders, None if rows is None else {r[4] for r in rows})
        index = {c.id: i for i, c in enumerate(chosen)}
        rows = store.coding_spans(list(index)) if rows is None else \
            [r for r in rows if r[4] in index]
        self.names, self.unit = [c.name for c in chosen], UNIT_NAMES[unit]
        self.codebook = store.codes(include_retired=True)
        self.code_index = {c.id: i for i, c in enumerate(self.codebook)}
        documents = self._documents(store, docs)
        where = {d[0]: k for k, d in enumerate(documents)}
        rows = [r for r in rows if r[0] in where and r[3] in self.code_index]
        coded = np.zeros((len(chosen), len(documents)), dtype=bool)
        coded[[index[r[4]] for r in rows], [where[r[0]] for r in rows]] = True
        if absent == "not-coded":
            coded[:] = True
        judges = coded.sum(axis=0)
        keep = judges >= 1  # one coder: no pairs, but Gwet's category shares
        shared = [d for d, k in zip(documents, keep) if k]
        self.doc_names = [d[1] for d, n in zip(documents, judges) if n >= 2]
        self.doc_starts = np.concatenate([[0], np.cumsum([d[2] for d in shared])]
                                         ).astype(np.int64)
        offset = {d[0]: int(s) for d, s in zip(shared, self.doc_starts)}
        rows = [r for r in rows if r[0] in offset]
        self.reported = self._reported(codes, rows)
        self.named = set(codes) if codes else None
        bounds = None if unit == "char" else self._bounds(store, shared, unit)
        self.units = Units(Codings(
            np.array([offset[r[0]] + r[1] for r in rows], dtype=np.int64),
            np.array([offset[r[0]] + r[2] for r in rows], dtype=np.int64),
            np.array([self.code_index[r[3]] for r in rows], dtype=np.int64),
            np.array([index[r[4]] for r in rows], dtype=np.int64)),
            self.doc_starts, coded[:, keep], bounds, min_overlap)
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

    def _reported(self, codes, rows) -> list[int]:
        if codes:
            return [self.code_index[self._code_id(c)] for c in codes]
        return sorted({self.code_index[r[3]] for r in rows})

    def _code_id(self, ref: str) -> str:
        if ref in self.code_index:
            return ref
        raise CasebookError(f"no code '{ref}' in the codebook", field="--codes")

    def _bounds(self, store, shared, unit) -> tuple[np.ndarray, np.ndarray]:
        """Sentences or turns on the continuum; a document without them is one unit."""
        found = np.array(store.unit_spans("sentences" if unit == "sentence" else "turns"),
                         dtype=np.int64).reshape(-1, 3)
        ids = np.array([d[0] for d in shared], dtype=np.int64)
        if len(ids) == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        place = np.searchsorted(ids, found[:, 0]).clip(0, len(ids) - 1)
        found = found[ids[place] == found[:, 0]]
        place = np.searchsorted(ids, found[:, 0])
        bare = np.setdiff1d(np.arange(len(ids)), place)
        starts = np.concatenate([self.doc_starts[place] + found[:, 1], self.doc_starts[bare]])
        ends = np.concatenate([self.doc_starts[place] + found[:, 2], self.doc_starts[bare + 1]])
        order = np.argsort(starts, kind="stable")
        return starts[order], ends[order]

    # -- rows ---------------------------------------------------------------------------
    def _applied(self, ratings, weights) -> dict[str, float]:
        w = np.ones(ratings.shape[1]) if weights is None else weights
        return {n: float(((ratings[i] == 1) * w).sum()) for i, n in enumerate(self.names)}

    def code_row(self, code: int) -> Row:
        stack, weights = self.units.ratings([code])
        tally = fig.Tally.of(stack[0], 2, weights)
        row = Row(self.codebook[code].id, "code", tally.units,
                  self._applied(stack[0], weights))
        row.figures, row.pairs = fig.nominal(tally, self.names, self.unit, self.confidence)
        self.tallies.append(tally)
        self._unitized(row, [code])
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
        self._unitized(row, children, count=False)
        return row

    def pooled_row(self, rows: list[Row]) -> Row:
        """Every (code, unit) judgement of the reported codes as one binary set."""
        row = Row("(pooled)", "pooled")
        if self.tallies:
            tally = self.tallies[0]
            for other in self.tallies[1:]:
                tally = tally + other
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

    # -- on the text itself -------------------------------------------------------------
    def _continuum(self, codes: list[int]) -> tuple[list[np.ndarray], int]:
        """Each coder's spans of ``codes`` on the documents every coder judged, laid end
        to end, and the length of that continuum."""
        kept = np.diff(self.doc_starts) * self.everyone
        shift = self.doc_starts[:-1] - np.concatenate([[0], np.cumsum(kept)])[:-1]
        spans = []
        for coder in range(len(self.names)):
            found = np.vstack([self.units.spans(c, coder) for c in codes]
                              + [np.empty((0, 2), dtype=np.int64)])
            doc = np.searchsorted(self.doc_starts, found[:, 0], side="right") - 1
            found = found[self.everyone[doc]] - shift[doc[self.everyone[doc]]][:, None]
            spans.append(found)
        return spans, int(kept.sum())

    def _unitized(self, row: Row, codes: list[int], count: bool = True) -> None:
        """alpha-u, |u-alpha and segments of one code, or of a group's children."""
        if not self.on_text:
            return
        u_parts = [0.0, 0.0]
        for code in codes:
            spans, length = self._continuum([code])
            parts = uz.unitized_disagreement(spans, length)
            if parts:
                u_parts = [u_parts[0] + parts[0], u_parts[1] + parts[1]]
        spans, length = self._continuum(codes)
        binary = uz.binary_unitized_disagreement(spans, length)
        row.figures["alpha_u"] = fig.unitized(tuple(u_parts) if u_parts[1] else None,
                                              "alpha_u")
        row.figures["alpha_u_binary"] = fig.unitized(binary, "alpha_u_binary")
        if count:
            self.sums += [*u_parts, *(binary or (0.0, 0.0))]
        agree = disagree = 0
        for code in codes:
            a, d = self._segments(code)
            agree, disagree = agree + a, disagree + d
        row.segments = (agree, disagree)
        row.figures["segments"] = fig.segments(agree, disagree, self.rule)

    def _segments(self, code: int) -> tuple[int, int]:
        judged, agree, disagree = self.units.judged, 0, 0
        spans = [self.units.spans(code, i) for i in range(len(self.names))]
        for i, j in combinations(range(len(self.names)), 2):
            a, b = spans[i], spans[j]
            a = a[judged[j, np.searchsorted(self.doc_starts, a[:, 0], side="right") - 1]]
            b = b[judged[i, np.searchsorted(self.doc_starts, b[:, 0], side="right") - 1]]
            found = uz.segment_agreement(a, b, self.threshold, self.rule)
            agree, disagree = agree + found[0], disagree + found[1]
        return agree, disagree
