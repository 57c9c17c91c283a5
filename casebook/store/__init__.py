"""The only code that speaks SQL.

``Store`` is one class; its methods are grouped by concept in the modules of this package
(documents, codings, ...), each of which also brings its named migrations. Every write
runs inside :meth:`Store.transaction`, so a command's change is all written or not at all.
"""

from __future__ import annotations

from sqlite3 import DatabaseError

from casebook.store import codings, documents
from casebook.store import codebook as _codebook
from casebook.store import merge as _merge
from casebook.store import privacy as _privacy
from casebook.store import tui as _tui
from casebook.store import reports as _reports
from casebook.store.base import StoreBase, now

MIGRATIONS: dict[str, list[str]] = {**documents.MIGRATIONS, **codings.MIGRATIONS,
                                   **_privacy.MIGRATIONS, **_merge.MIGRATIONS,
                                   **_codebook.MIGRATIONS, **_tui.MIGRATIONS,
                                   **_reports.MIGRATIONS}


class Store(documents.DocumentStore, codings.CodingStore, _privacy.PrivacyStore,
            _merge.MergeStore, _codebook.CodebookStore, _tui.TuiStore,
            _reports.ReportStore):
    """Typed access to one project's casebook.db."""


__all__ = ["Store", "StoreBase", "MIGRATIONS", "DatabaseError", "now"]
