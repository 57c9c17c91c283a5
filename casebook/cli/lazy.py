"""The standard library's :mod:`inspect`, loaded when it is first used rather than imported.

:mod:`dataclasses` imports :mod:`inspect` as it loads, and inspect imports ast, dis, tokenize
and linecache: about 5.5 ms of the 7 that ``import dataclasses`` costs. On Python 3.11
dataclasses uses it in one place only, ``inspect.signature(cls)`` to write a docstring for a
dataclass that has none; the records a listing loads all have one. So the quick listing
(:mod:`casebook.cli.quick`, 12,500 codings in about 40 ms) calls :func:`defer_inspect` first:
it puts a stand-in module named ``inspect`` in ``sys.modules``, and the first attribute read
from it (``inspect.signature``, ``from inspect import signature``, ``dir(inspect)``) imports
the real module, takes the stand-in out of ``sys.modules`` and returns the real attribute.
A listing never reads one, and starts ~5.5 ms sooner (RESULTS in the commit message).

What it costs: nothing for code that uses inspect, which gets the real module's attributes
from its first read on, at one more function call each. But a module that ran ``import
inspect`` before that read (dataclasses) holds the stand-in, not the real module:
``dataclasses.inspect is inspect`` is false once another module imported the real one,
attributes set on the stand-in are not set on the real module (monkeypatch the real one), and
``importlib.util.find_spec("inspect")`` raises ValueError while the stand-in is the one in
``sys.modules`` (its ``__spec__`` is None: the import statement reads ``__spec__`` of a module
it finds there, so the stand-in must answer it without loading anything -- which is also why
``importlib.util.LazyLoader``, whose modules load on reading ``__spec__``, saves nothing).

Threads: two threads that read an attribute at once both get the real module's: the stand-in
is taken out under a lock, only while it is still the one in ``sys.modules``, and the import
lock makes the one real module. It is installed only on the quick path and only when nothing
imported inspect yet (tests run :func:`casebook.cli.main` in a process that did).
"""

from __future__ import annotations

import sys
from _thread import allocate_lock
from types import ModuleType
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
