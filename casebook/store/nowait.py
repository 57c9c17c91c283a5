"""A transaction begun only if the write lock is free now: for what the store keeps but can
compute again (a document's coverage, the privacy gate's views and words). It is not worth
waiting for another process's lock; the caller goes on without storing it."""

from __future__ import annotations

from sqlite3 import OperationalError

from casebook.store.base import _READ_TIMEOUT_MS, _busy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def begin_without_waiting(db: Any) -> bool:
    """``BEGIN IMMEDIATE`` on ``db`` (the store's connection) if the write lock is free now,
    without waiting: whether it began."""
    db.execute("PRAGMA busy_timeout = 0")
    try:
        db.execute("BEGIN IMMEDIATE")
        return True
    except OperationalError as err:
        if not _busy(err):
            raise
        return False
    finally:
        db.execute(f"PRAGMA busy_timeout = {_READ_TIMEOUT_MS:d}")
