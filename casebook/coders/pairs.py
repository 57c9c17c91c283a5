"""Cohen's kappa of a few coder pairs among many (exercise feedback: each student with the
one or two references, in a class of thirty): :func:`few_pair_kappas`, the figures
:func:`casebook.coders.agreement.pair_kappas` gives, counting only those pairs' tables
(:meth:`casebook.coders.units.Units.pair_tables`) and finding the documents by id; with
what its caller read already (:class:`Read`) not read again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casebook.coders.agreement import _Job, pair_figures, pairs_job


@dataclass(frozen=True, slots=True)
class Read:
    """What a computation reads first, read already by its caller (exercise feedback reads
    every coding for its own comparison too): the codebook with its retired codes
    (``store.codes(include_retired=True)``), the coders (``store.coders()``) and every
    coding as ``store.coding_columns`` gives them for those two, in their order."""

    codebook: list[Any]
    coders: list[Any]
    columns: tuple[str, str, str, str, str]

    def coder(self, ref: str) -> Any | None:
        """``store.find_coder(ref)``'s coder when one coder alone is named or numbered so
        (else None: the store decides)."""
        found = [c for c in self.coders if ref in (c.name, c.id)]
        return found[0] if len(found) == 1 else None


def few_pair_kappas(store, coders: list[str], pairs: list[tuple[str, str]], *,
                    docs: list[int], unit: str = "sentence", min_overlap: float = 0.5,
                    absent: str = "missing", read: Read | None = None
                    ) -> dict[str, dict[str, float | None]]:
    """:func:`~casebook.coders.agreement.pair_kappas` (the same figures) for a few pairs
    among many coders, ``docs`` given by id (each a stored document's): the documents found
    by id in the sizes, not read one by one, and only the pairs' tables counted (exercise
    feedback: a class of thirty, with one or two references); ``read``: the codebook,
    coders and codings the caller read already (each is then not read again)."""
    if read is not None:
        store = _Known(store, read)
    job = pairs_job(_ByIds, store, coders, docs, unit, min_overlap, absent)
    return pair_figures(job, pairs, lambda wanted: job.units.pair_tables(job.reported, wanted))


class _ByIds(_Job):
    """A computation whose documents are given by id (:func:`few_pair_kappas`)."""

    @staticmethod
    def _documents(store, docs) -> list[tuple[int, str, int]]:
        sizes = store.document_sizes()
        if not docs:
            return sizes
        wanted = set(docs)
        return [s for s in sizes if s[0] in wanted]


class _Known:
    """The store as the computation reads it, with what :class:`Read` holds answered from
    there: the codebook, the coders (and each found by name or id) and the codings' columns
    of that codebook and those coders; anything else from the store."""

    def __init__(self, store, read: Read) -> None:
        self._store, self._read = store, read

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def codes(self, include_retired: bool = False) -> list[Any]:
        if include_retired:
            return list(self._read.codebook)
        return self._store.codes(include_retired=False)

    def coders(self) -> list[Any]:
        return list(self._read.coders)

    def find_coder(self, ref: str) -> Any:
        found = self._read.coder(ref)
        return found if found is not None else self._store.find_coder(ref)

    def coding_columns(self, code_ids, coder_ids) -> tuple[str, str, str, str, str]:
        read = self._read
        if list(code_ids) == [c.id for c in read.codebook] and \
                list(coder_ids) == [c.id for c in read.coders]:
            return read.columns
        return self._store.coding_columns(code_ids, coder_ids)
