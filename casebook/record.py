"""The base of the model's records (:mod:`casebook.model`): equality, hash and repr by fields,
and immutability for frozen ones, as @dataclass would generate them, without compiling
methods at every start (see the model's docstring); and :func:`NamedTuple`, typing's, without
importing typing.

A record's ``__init__`` is written out in the model (generated ones are compiled at every
start: ~0.2 ms each); a field with a default factory takes :data:`FACTORY` as its default,
where a generated one takes dataclasses' own sentinel, and makes a new value for it.

The quick listing (:mod:`casebook.cli.quick`) imports no typing (~2.5 ms of its ~40 ms):
the modules it loads name typing's names in annotations only (postponed, or under
``TYPE_CHECKING``: a name mypy takes as true, False at run time), and make their named
tuples with :func:`NamedTuple` here, which mypy sees as typing's (tests compare the two).
"""

from __future__ import annotations

import sys
from collections import namedtuple
from dataclasses import FrozenInstanceError, fields
from operator import attrgetter
from reprlib import recursive_repr

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar


class _Factory:
    """The default of a field with a default factory: "make a new one" (shown as @dataclass
    shows its own)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<factory>"


FACTORY: Any = _Factory()


_COMPARED: dict[type, Callable[[Any], Any]] = {}
_SHOWN: dict[type, tuple[str, ...]] = {}


def _compared(cls: type) -> Callable[[Any], Any]:
    """The values of a record that equality and hash go by (its fields with compare=True)."""
    if cls not in _COMPARED:
        _COMPARED[cls] = attrgetter(*(f.name for f in fields(cls) if f.compare))
    return _COMPARED[cls]


def _shown(cls: type) -> tuple[str, ...]:
    """The fields a record's repr shows."""
    if cls not in _SHOWN:
        _SHOWN[cls] = tuple(f.name for f in fields(cls) if f.repr)
    return _SHOWN[cls]


class Record:
    """Equality and repr by fields, as @dataclass(eq=True, repr=True) would generate them:
    equal when of the same class with equal fields; unhashable (mutable)."""

    __slots__ = ()
    __hash__: ClassVar[None] = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            values = _compared(self.__class__)
            return bool(values(self) == values(other))
        return NotImplemented

    @recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _shown(self.__class__))
        return f"{self.__class__.__qualname__}({shown})"


class Frozen(Record):
    """A frozen record: hashed by the fields it compares; set once, by ``__init__``."""

    __slots__: tuple[str, ...] = ()  # a record's: its fields, in order

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(_compared(self.__class__)(self))

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> list[Any]:  # copy and pickle, as in @dataclass(frozen=True)
        return [getattr(self, name) for name in self.__slots__]

    def __setstate__(self, state: list[Any]) -> None:
        fill(self, *state)


def fill(record: Frozen, *values: Any) -> None:
    """Set a frozen record's fields, in the order of its slots (its fields' order)."""
    for name, value in zip(record.__slots__, values):
        object.__setattr__(record, name, value)


# -- named tuples ---------------------------------------------------------------------------
def NamedTuple(typename: str, fields: list[tuple[str, Any]], /) -> Any:  # noqa: N802
    """``typing.NamedTuple(typename, fields)``; as a base class, ``class X(NamedTuple)`` makes
    X as typing's does: a :func:`collections.namedtuple` of the class's annotated names (those
    with a value are its defaults), with its docstring, methods and properties."""
    module = sys._getframe(1).f_globals.get("__name__", "__main__")
    return _named(typename, dict(fields), {}, module)


def _named(typename: str, types: dict[str, Any], defaults: dict[str, Any], module: str) -> Any:
    names = list(types)
    if any(name not in defaults for name in names[len(names) - len(defaults):]):
        raise TypeError(f"{typename}: a field without a default follows one with a default")
    made: Any = namedtuple(typename, names, defaults=list(defaults.values()),  # type: ignore[misc]
                           module=module)  # (what mypy cannot know of it, typing's tells it)
    made.__annotations__ = made.__new__.__annotations__ = dict(types)
    return made


class _Made(type):
    """The metaclass of :data:`_Base`: a class statement on it makes the named tuple."""

    def __new__(cls, typename: str, bases: tuple[type, ...], ns: dict[str, Any]) -> Any:
        types = ns.get("__annotations__", {})
        made = _named(typename, types, {n: ns[n] for n in types if n in ns}, ns["__module__"])
        for key, value in ns.items():
            if key not in types and key not in _OWN:
                setattr(made, key, value)  # the docstring, methods, properties
        return made


_OWN = frozenset({"__module__", "__qualname__", "__annotations__", "__orig_bases__"})
_Base = type.__new__(_Made, "NamedTuple", (), {})
NamedTuple.__mro_entries__ = lambda bases: (_Base,)  # type: ignore[attr-defined]
