"""What an agreement computation reads first (:class:`Read`): read once, and handed to it by
a caller that read it already (exercise feedback reads every coding for its own comparison
too), so it is not read again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Read:
    """What a computation reads first (:meth:`of`), perhaps read already by its caller
    (exercise feedback reads every coding for its own comparison too): the codebook with
    its retired codes, the coders, and every coding as ``store.coding_columns`` gives them
    for those two, in their order."""

    codebook: list[Any]
    coders: list[Any]
    columns: tuple[str, str, str, str, str]

    @classmethod
    def of(cls, store) -> Read:
        codebook, coders = store.codes(include_retired=True), store.coders()
        return cls(codebook, coders, store.coding_columns([c.id for c in codebook],
                                                          [c.id for c in coders]))

    def coder(self, ref: str) -> Any | None:
        """``store.find_coder(ref)``'s coder when one coder alone is named or numbered so
        (else None: the store decides)."""
        found = [c for c in self.coders if ref in (c.name, c.id)]
        return found[0] if len(found) == 1 else None

    def find(self, store, ref: str) -> Any:
        """``store.find_coder(ref)``, from here when :meth:`coder` tells."""
        found = self.coder(ref)
        return found if found is not None else store.find_coder(ref)
