"""The schema of casebook.db, as one ordered list of migrations.

A migration is applied once and then never changed: to change the schema, append one.
:mod:`casebook.store.migrate` applies them. The steps are written in
:mod:`~casebook.store.migrations_first` (0001-0052) and
:mod:`~casebook.store.migrations_later` (0060 on: append there), of the pieces of SQL in
:mod:`~casebook.store.migration_sql`.
"""

from __future__ import annotations

from casebook.store.migrations_first import FIRST
from casebook.store.migrations_later import LATER

STEPS: list[tuple[str, tuple[str, ...]]] = [*FIRST, *LATER]

KNOWN = [name for name, _ in STEPS]
