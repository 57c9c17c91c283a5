"""Python's cyclic garbage collector, paused for work that makes many objects without cycles.

An import, an export or a class's feedback makes hundreds of thousands of objects (elements,
selections, rows, outcomes) that hold no cycles and live to the end of the work; the
collector walked them all again and again (a fifth of an import's time, half of
ElementTree's parse, half of writing out feedback). Reference counting still frees what is
dropped.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the ``with`` block, and as it was after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
