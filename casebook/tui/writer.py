"""The workbench's writes, in order, and never lost while another process holds the
database (a large merge or import in another shell).

A write that finds the database busy is queued, with every write after it, and the status
line says the workbench is waiting; the queue is tried again every half second and applied
in order when the lock frees. Reads and moves go on meanwhile. A write the store refuses
for good (a CasebookError: the coding was removed in another window meanwhile) is told to
``failed`` and dropped; the writes after it go on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from casebook.errors import CasebookError

RETRY = 0.5  # seconds between tries while the database is busy


def busy(error: BaseException) -> bool:
    """Whether ``error`` says another process holds the database: nothing was written,
    the same write can be tried again later."""
    from casebook.store import DatabaseError, StoreBusy

    text = str(error).lower()
    return isinstance(error, StoreBusy) or (
        isinstance(error, DatabaseError) and ("locked" in text or "busy" in text))


class Writer:
    """``run(write, then)``: ``then(write())`` now, or later in order if the database is
    busy. ``waiting(True/False)`` is told when the queue starts and stops waiting."""

    def __init__(self, timers, waiting: Callable[[bool], None],
                 failed: Callable[[CasebookError], None]) -> None:
        self.timers, self.waiting, self.failed = timers, waiting, failed
        self.queue: deque[tuple[Callable[[], Any], Callable[[Any], None]]] = deque()
        self.blocked = False

    def run(self, write: Callable[[], Any], then: Callable[[Any], None]) -> None:
        self.queue.append((write, then))
        if len(self.queue) == 1:
            self._drain()

    def _drain(self) -> None:
        while self.queue:
            write, then = self.queue[0]
            try:
                result = write()
            except Exception as error:
                if not busy(error):
                    self.queue.popleft()
                    if not isinstance(error, CasebookError):
                        raise
                    self.failed(error)
                    continue
                if not self.blocked:
                    self.blocked = True
                    self.waiting(True)
                self.timers.set_timer(RETRY, self._drain)
                return
            self.queue.popleft()
            then(result)
        if self.blocked:
            self.blocked = False
            self.waiting(False)
