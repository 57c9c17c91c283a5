"""Cohen's kappa of a few coder pairs among many (exercise feedback: each student with the
one or two references, in a class of thirty): :func:`few_pair_kappas`, the figures
:func:`casebook.coders.agreement.pair_kappas` gives, counting only those pairs' tables
(:meth:`casebook.coders.units.Units.pair_tables`) and finding the documents by id; with
what its caller read already (:class:`Read`) not read again."""

from __future__ import annotations

from casebook.coders.agreement import _Job, pair_figures, pairs_job
from casebook.coders.read import Read


def few_pair_kappas(store, coders: list[str], pairs: list[tuple[str, str]], *,
                    docs: list[int], unit: str = "sentence", min_overlap: float = 0.5,
                    absent: str = "missing", read: Read | None = None
                    ) -> dict[str, dict[str, float | None]]:
    """:func:`~casebook.coders.agreement.pair_kappas` (the same figures) for a few pairs
    among many coders, ``docs`` given by id (each a stored document's): the documents found
    by id in the sizes, not read one by one, and only the pairs' tables counted (exercise
    feedback: a class of thirty, with one or two references); ``read``: the codebook,
    coders and codings the caller read already (each is then not read again)."""
    job = pairs_job(_ByIds, store, coders, docs, unit, min_overlap, absent, read)
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
