"""Agreement between coders on a project: reads codings from the store, builds units and
hands plain arrays to :mod:`casebook.coders.stats`.

Rules (also in ``casebook agree --help``):

- A coder has *coded a document* when they have at least one coding in it (any code). The
  units of a document a coder has not coded are missing data for that coder, not "not
  applied"; documents coded by fewer than two of the chosen coders drop out.
- ``unit="sentence"`` or ``"turn"``: a coder applies a code to a unit when one of their
  codings of that code overlaps the unit by at least ``min_overlap`` (default one half) of
  the shorter of the two (see :func:`casebook.coders.stats.applied`). ``unit="char"``: every
  character is a unit.
- Per code, every unit gets a binary judgement (applied / not) per coder; *overall* pools the
  (code, unit) judgements of all codes.
- alpha-u (Krippendorff 1995, unitized, on characters) and the binary |u-alpha of Krippendorff
  et al. 2016 (ATLAS.ti's "alpha-binary") use the documents coded by every chosen coder, laid
  end to end as one continuum; their overall figure is ``1 - sum(D_o) / sum(D_e)`` over the
  codes.
- Segment match (MAXQDA style): every coding of every coder is checked against each other
  coder; it is matched when that coder coded the same code over at least ``threshold``
  percent of it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import permutations

import numpy as np

from casebook.coders import stats as ag
from casebook.errors import CasebookError
from casebook.model import CONSENSUS

UNITS = ("sentence", "turn", "char")


@dataclass(slots=True)
class CodeAgreement:
    code: str
    units: int = 0
    applied: dict[str, int] = field(default_factory=dict)
    percent: float | None = None
    cohen: dict[str, float | None] = field(default_factory=dict)
    cohen_mean: float | None = None
    fleiss: float | None = None
    alpha: float | None = None
    u_alpha: float | None = None
    u_alpha_binary: float | None = None
    segments_matched: int = 0
    segments: int = 0

    @property
    def segment_percent(self) -> float | None:
        return 100.0 * self.segments_matched / self.segments if self.segments else None

    def as_dict(self) -> dict:
        return {"code": self.code, "units": self.units, "applied": self.applied,
                "percent_agreement": self.percent, "cohen_kappa": self.cohen,
                "cohen_kappa_mean": self.cohen_mean, "fleiss_kappa": self.fleiss,
                "alpha": self.alpha, "u_alpha": self.u_alpha,
                "u_alpha_binary": self.u_alpha_binary,
                "segments_matched": self.segments_matched,
                "segments_unmatched": self.segments - self.segments_matched,
                "segments": self.segments,
                "segment_match_percent": self.segment_percent}


@dataclass(slots=True)
class AgreementReport:
    coders: list[str]
    unit: str
    threshold: float
    min_overlap: float
    documents: list[str]
    codes: list[CodeAgreement]
    overall: CodeAgreement

    def as_dict(self) -> dict:
        return {"coders": self.coders, "unit": self.unit, "threshold": self.threshold,
                "min_overlap": self.min_overlap, "documents": self.documents,
                "codes": [c.as_dict() for c in self.codes], "overall": self.overall.as_dict()}


def choose_coders(store, names: list[str] | None) -> list:
    """The named coders, or every coder with codings except ``consensus``."""
    if names:
        coders = [store.find_coder(n) for n in names]
    else:
        used = {c.coder_id for c in store.codings()}
        coders = [c for c in store.coders() if c.id in used and c.name != CONSENSUS]
    if len({c.id for c in coders}) < 2:
        raise CasebookError("agreement needs at least two coders with codings", field="--coders")
    return coders


def _ratings(per_coder: list[np.ndarray | None], size: int) -> np.ndarray:
    rows = np.full((len(per_coder), size), np.nan)
    for i, hits in enumerate(per_coder):
        if hits is not None:
            rows[i] = hits
    return rows


def _fill(result: CodeAgreement, ratings: np.ndarray, names: list[str]) -> None:
    result.units = ag.pairable_units(ratings)
    result.applied = {n: int(np.nansum(ratings[i])) for i, n in enumerate(names)}
    result.percent = ag.percent_agreement(ratings)
    result.cohen = ag.pairwise_cohen(ratings, names)
    kappas = [k for k in result.cohen.values() if k is not None]
    result.cohen_mean = float(np.mean(kappas)) if kappas else None
    result.fleiss = ag.fleiss_kappa(ag.value_counts(ratings))
    result.alpha = ag.alpha_nominal(ratings)


def compute(store, *, coders: list[str] | None = None, codes: list[str] | None = None,
            docs: list[str] | None = None, unit: str = "sentence", threshold: float = 90.0,
            min_overlap: float = 0.5) -> AgreementReport:
    """Agreement per code and overall between the chosen coders."""
    if unit not in UNITS:
        raise CasebookError(f"unit is one of {', '.join(UNITS)}", field="--unit")
    if not 0 < threshold <= 100:
        raise CasebookError("threshold is a percentage above 0, at most 100", field="--threshold")
    if not 0 < min_overlap <= 1:
        raise CasebookError("min-overlap is a share above 0, at most 1", field="--min-overlap")
    chosen = choose_coders(store, coders)
    names = [c.name for c in chosen]
    index = {c.id: i for i, c in enumerate(chosen)}
    documents = ([store.document(d) for d in docs] if docs
                 else [store.document(s.id) for s in store.documents()])
    doc_ids = {d.id for d in documents}
    code_ids = [store.code(c).id for c in codes] if codes else None
    spans: dict[tuple[str, int, int], list[ag.Span]] = defaultdict(list)  # code, doc, coder
    coded: dict[int, set[int]] = defaultdict(set)  # doc -> coders who coded it
    used: list[str] = []
    for coding in store.codings(coder_ids=list(index)):
        if coding.document_id not in doc_ids:
            continue
        coded[coding.document_id].add(index[coding.coder_id])
        if code_ids is None or coding.code_id in code_ids:
            spans[(coding.code_id, coding.document_id, index[coding.coder_id])].append(
                (coding.start, coding.end))
            if coding.code_id not in used:
                used.append(coding.code_id)
    if code_ids is None:
        order = [c.id for c in store.codes(include_retired=True)]
        code_ids = sorted(used, key=lambda c: order.index(c) if c in order else len(order))
    shared = [d for d in documents if len(coded[d.id]) >= 2]
    everyone = [d for d in shared if len(coded[d.id]) == len(chosen)]
    bounds = {d.id: _unit_bounds(store, d, unit) for d in shared}

    rows, pooled = [], []
    sums = {"u": [0.0, 0.0], "binary": [0.0, 0.0]}  # observed, expected over the codes
    for code_id in code_ids:
        result = CodeAgreement(code_id)
        parts = []
        for doc in shared:
            starts, ends = bounds[doc.id]
            parts.append(_ratings(
                [ag.applied(starts, ends, spans.get((code_id, doc.id, i), ()), min_overlap)
                 if i in coded[doc.id] else None for i in range(len(chosen))], len(starts)))
        ratings = np.hstack(parts) if parts else np.empty((len(chosen), 0))
        _fill(result, ratings, names)
        pooled.append(ratings)
        continuum, length = _continuum(spans, code_id, everyone, len(chosen))
        result.u_alpha = _alpha(ag.unitized_disagreement(continuum, length), sums["u"])
        result.u_alpha_binary = _alpha(ag.binary_unitized_disagreement(continuum, length),
                                       sums["binary"])
        for doc in shared:
            for i, j in permutations(sorted(coded[doc.id]), 2):
                hit, total = ag.segment_match(spans.get((code_id, doc.id, i), []),
                                              spans.get((code_id, doc.id, j), []), threshold)
                result.segments_matched += hit
                result.segments += total
        rows.append(result)
    overall = CodeAgreement("(overall)")
    _fill(overall, np.hstack(pooled) if pooled else np.empty((len(chosen), 0)), names)
    overall.u_alpha = 1.0 - sums["u"][0] / sums["u"][1] if sums["u"][1] else None
    overall.u_alpha_binary = (1.0 - sums["binary"][0] / sums["binary"][1]
                              if sums["binary"][1] else None)
    overall.segments_matched = sum(r.segments_matched for r in rows)
    overall.segments = sum(r.segments for r in rows)
    return AgreementReport(coders=names, unit=unit, threshold=threshold, min_overlap=min_overlap,
                           documents=[d.name for d in shared], codes=rows, overall=overall)


def _unit_bounds(store, doc, unit: str) -> tuple[np.ndarray, np.ndarray]:
    if unit == "char":
        starts = np.arange(len(doc.text))
        return starts, starts + 1
    units = store.sentences(doc.id) if unit == "sentence" else store.turns(doc.id)
    if not units:  # a document without segmentation is one unit
        return np.array([0]), np.array([len(doc.text)])
    return np.array([u.start for u in units]), np.array([u.end for u in units])


def _continuum(spans, code_id: str, documents: list, coders: int
               ) -> tuple[list[list[ag.Span]], int]:
    """Each coder's spans of ``code_id`` on the documents laid end to end."""
    continuum: list[list[ag.Span]] = [[] for _ in range(coders)]
    offset = 0
    for doc in documents:
        for i in range(coders):
            continuum[i].extend((offset + s, offset + e)
                                for s, e in spans.get((code_id, doc.id, i), ()))
        offset += len(doc.text)
    return continuum, offset


def _alpha(parts: tuple[float, float] | None, sums: list[float]) -> float | None:
    """``1 - D_o / D_e``, adding both to ``sums`` for the overall figure."""
    if parts is None or parts[1] == 0:
        return None
    sums[0] += parts[0]
    sums[1] += parts[1]
    return 1.0 - parts[0] / parts[1]
