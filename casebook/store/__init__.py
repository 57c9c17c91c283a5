"""The only code that speaks SQL.

``Store`` is one class, put together from one mixin per group of tables: documents
(documents, speakers, turns, sentences), codes (codes, the codebook, GUIDs, coders),
codings, memos, adjudications and privacy, and copies of databases to read or hand out.
The schema is :mod:`casebook.store.migrations`. Every write runs inside
:meth:`Store.transaction`, so a command's change is all written or not at all.
"""

from __future__ import annotations

from sqlite3 import DatabaseError

from casebook.store.adjudications import AdjudicationStore
from casebook.store.base import StoreBase, StoreBusy, now
from casebook.store.codes import CodeStore
from casebook.store.codings import CodingStore
from casebook.store.copies import CopyStore
from casebook.store.documents import DocumentStore
from casebook.store.memos import MemoStore
from casebook.store.privacy import PrivacyStore


class Store(DocumentStore, CodeStore, CodingStore, MemoStore, AdjudicationStore,
            PrivacyStore, CopyStore):
    """Typed access to one project's casebook.db: ``Store(path)`` opens (creating and
    migrating it), ``Store.open(path, read_only=True)`` reads another project's."""


__all__ = ["Store", "StoreBase", "StoreBusy", "DatabaseError", "now"]
