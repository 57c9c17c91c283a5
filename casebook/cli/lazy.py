"""The standard library's :mod:`inspect`, loaded when it is first used rather than imported.

:mod:`dataclasses` imports :mod:`inspect` as it loads, and inspect imports ast, dis, tokenize
and linecache: most of what ``import dataclasses`` costs. On Python 3.11 dataclasses uses it
in one place only, ``inspect.signature(cls)`` to write a docstring for a dataclass that has
none; the records a listing loads all have one. So the quick listing (:mod:`casebook.cli.quick`)
calls :func:`defer_inspect` first: it puts a stand-in module named ``inspect`` in
``sys.modules``, and the first attribute read from it (``inspect.signature``, ``from inspect
import signature``, ``dir(inspect)``) imports the real module, takes the stand-in out of
``sys.modules`` and returns the real attribute. A listing reads none. Measured (fastest of
40 fresh processes): ``import dataclasses`` 6.9 ms, 1.3 ms with the stand-in; `casebook
codings --code X --json --raw` of 12,500 codings (fastest of 60, run in turn with the
anchor of bench/bench_listing.py) 45.2 ms before, 39.0 after, the anchor 38.9.

What it costs: nothing for code that uses inspect: from the first read on, every read
gets the real module's attribute (through the stand-in, two function calls more), and a
module that imports inspect after that read gets the real module. But module identity
differs: a module that ran ``import inspect`` before that read (dataclasses) holds the
stand-in, so ``dataclasses.inspect is inspect`` is false in a module that imports it later,
attributes set on the stand-in are not set on the real module (monkeypatch the real one), and
``importlib.util.find_spec("inspect")`` raises ValueError while the stand-in is the one in
``sys.modules`` (its ``__spec__`` is None: the import statement reads ``__spec__`` of a module
it finds there, so the stand-in must answer it without loading anything -- which is also why
``importlib.util.LazyLoader``, whose modules load on reading ``__spec__``, saves nothing).

Threads: two threads that read an attribute at once both get the real module's: the stand-in
is taken out under a lock, only while it is still the one in ``sys.modules``, and the import
lock makes the one real module. It is installed only for a listing that runs without click
(a command line :func:`casebook.cli.quick.plain_command` took: nothing else sees it), and
only when nothing imported inspect yet (tests run :func:`casebook.cli.main` in a process that
did).
"""

from __future__ import annotations

import sys
from _thread import allocate_lock
from types import ModuleType

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

NAME = "inspect"


def defer_inspect() -> bool:
    """Put the stand-in for :mod:`inspect` in ``sys.modules``, unless inspect (real or a
    stand-in) is there already; whether it did."""
    if NAME in sys.modules:
        return False
    sys.modules[NAME] = stand_in()
    return True


def stand_in() -> ModuleType:
    """A module named ``inspect`` whose attributes are those of the real one, imported on the
    first read (PEP 562's module ``__getattr__`` and ``__dir__``)."""
    stub = ModuleType(NAME, "A stand-in for inspect until it is used (casebook.cli.lazy).")
    lock = allocate_lock()
    loaded: list[ModuleType] = []

    def real() -> ModuleType:
        if loaded:
            return loaded[0]
        with lock:  # another thread may be taking it out, or have put the real one in
            if sys.modules.get(NAME) is stub:
                del sys.modules[NAME]
        module: ModuleType = __import__(NAME)  # the import lock: one real module
        loaded.append(module)
        return module

    def __getattr__(name: str) -> Any:  # noqa: N807 -- PEP 562
        return getattr(real(), name)

    def __dir__() -> list[str]:  # noqa: N807 -- PEP 562
        return dir(real())

    stub.__dict__.update(__getattr__=__getattr__, __dir__=__dir__)
    return stub
