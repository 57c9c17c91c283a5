"""Cohen's kappa of a few coder pairs among many (exercise feedback: each student with the
one or two references, in a class of thirty): :func:`few_pair_kappas`, the figures
:func:`casebook.coders.agreement.pair_kappas` gives, counting only those pairs' tables
(:meth:`casebook.coders.units.Units.pair_tables`) and finding the documents by id."""

from __future__ import annotations

import numpy as np

from casebook.coders.agreement import _check, _Job
from casebook.coders.stats import cohen_kappas
from casebook.errors import CasebookError


def few_pair_kappas(store, coders: list[str], pairs: list[tuple[str, str]], *,
                    docs: list[int], unit: str = "sentence", min_overlap: float = 0.5,
                    absent: str = "missing") -> dict[str, dict[str, float | None]]:
    """:func:`~casebook.coders.agreement.pair_kappas` (the same figures) for a few pairs
    among many coders, ``docs`` given by id (each a stored document's): the documents found
    by id in the sizes, not read one by one, and only the pairs' tables counted (exercise
    feedback: a class of thirty, with one or two references)."""
    _check(unit, 90.0, min_overlap, absent, "own-overlap", None)
    if unit == "char":
        raise CasebookError("pair figures per character need compute()", field="--unit")
    job = _ByIds(store, coders, None, docs, unit, min_overlap, absent)
    place = {name: i for i, name in enumerate(job.names)}
    wanted = sorted({tuple(sorted((place[a], place[b]))) for a, b in pairs if a != b})
    found = {}
    for code, by_pair in zip(job.reported, job.units.pair_tables(job.reported, wanted)):
        tables = np.array(list(by_pair.values()), dtype=float).reshape(-1, 2, 2)
        found[job.codebook[code].id] = {
            f"{job.names[i]}|{job.names[j]}": kappa
            for (i, j), kappa in zip(by_pair, cohen_kappas(tables))}
    return found


class _ByIds(_Job):
    """A computation whose documents are given by id (:func:`few_pair_kappas`)."""

    @staticmethod
    def _documents(store, docs) -> list[tuple[int, str, int]]:
        sizes = store.document_sizes()
        if not docs:
            return sizes
        wanted = set(docs)
        return [s for s in sizes if s[0] in wanted]
