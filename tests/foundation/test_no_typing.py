"""The quick listing imports no :mod:`typing` (casebook.record): its modules name typing's names
in annotations only, and make their named tuples with :func:`casebook.record.NamedTuple`,
which makes what typing's makes."""

from __future__ import annotations

import ast
import pickle
import types
import typing
from pathlib import Path

import pytest

from casebook import model, record
from casebook.privacy import records, variants
from tests.foundation.test_cli import listed_project  # noqa: F401 -- fixture
from tests.foundation.test_startup import ROOT, imported

MADE = [model.CodedFragment, model.CodingSpeaker, model.TurnRow, records.Leak,
        records.FindingRow, variants.Original, variants.Hit]


@pytest.mark.parametrize("args", [["--json"], ["--json", "--raw"], ["--csv"], ["--raw"]],
                         ids=" ".join)
def test_a_quick_listing_imports_no_typing(listed_project, args):  # noqa: F811
    """Through the gate (every document reviewed: the second) and raw, as JSON, CSV, text."""
    loaded, done = imported(["-p", str(listed_project), "codings", "--doc", "2", *args],
                            listed_project)
    assert done.returncode == 0, done.stderr[-800:]
    assert "casebook.cli.quick" in loaded and "casebook.model" in loaded
    assert ("casebook.privacy.guard" in loaded) is ("--raw" not in args)
    assert "typing" not in loaded


def twin(cls: type) -> type:
    """``cls`` as typing.NamedTuple makes it from the same fields, defaults and docstring."""
    def body(ns: dict[str, object]) -> None:
        ns.update(__annotations__=dict(cls.__annotations__), __doc__=cls.__doc__,
                  __module__=cls.__module__, **cls._field_defaults)  # type: ignore[attr-defined]

    return types.new_class(cls.__name__, (typing.NamedTuple,), {}, body)


@pytest.mark.parametrize("cls", MADE, ids=lambda c: c.__name__)
def test_each_named_tuple_is_what_typing_makes(cls):
    other = twin(cls)
    for name in ("_fields", "_field_defaults", "__annotations__", "__match_args__"):
        assert getattr(cls, name) == getattr(other, name), name
    assert cls.__module__ != "casebook.record" and cls.__qualname__ == cls.__name__
    assert cls.__doc__ and issubclass(cls, tuple)
    values = [f"v{n}" for n in range(len(cls._fields))]  # type: ignore[attr-defined]
    made, same = cls(*values), other(*values)
    assert made == same and repr(made) == repr(same) and made._asdict() == same._asdict()
    assert made._replace(**{cls._fields[0]: 1}) == same._replace(**{cls._fields[0]: 1})
    assert pickle.loads(pickle.dumps(made)) == made and type(pickle.loads(pickle.dumps(made))) \
        is cls
    required = len(cls._fields) - len(cls._field_defaults)  # type: ignore[attr-defined]
    assert cls(*values[:required]) == other(*values[:required])


def test_the_class_statement_makes_what_typing_makes():
    """Docstring, defaults, methods, properties, class attributes; a field without a default
    after one with a default is refused, as typing refuses it."""
    made = {}
    for base in (record.NamedTuple, typing.NamedTuple):
        class Point(base):  # type: ignore[misc,valid-type]
            """A point."""

            x: int
            y: int = 0
            unit = "cm"

            @property
            def twice(self) -> int:
                return 2 * self.x

            def moved(self, by: int) -> object:
                return self._replace(x=self.x + by)

        made[base] = Point
    ours, theirs = made.values()
    assert ours._fields == theirs._fields and ours.__doc__ == theirs.__doc__ == "A point."
    assert ours._field_defaults == theirs._field_defaults
    assert ours(3).twice == theirs(3).twice == 6 and ours(3).moved(1) == theirs(3).moved(1)
    assert repr(ours(3)) == repr(theirs(3)) and ours.unit == theirs.unit == "cm"
    for base in (record.NamedTuple, typing.NamedTuple):
        with pytest.raises(TypeError, match="default"):
            class Bad(base):  # type: ignore[misc,valid-type]
                a: int = 0
                b: int


def test_no_dataclass_annotates_a_class_variable():
    """@dataclass knows a ClassVar only when typing is loaded: where it is not (the quick
    listing), an annotated class variable of a dataclass would be a field."""
    found = []
    for path in sorted((ROOT / "casebook").rglob("*.py")):
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                    "dataclass" in ast.unparse(d) for d in node.decorator_list):
                found += [f"{path.name}: {node.name}.{ast.unparse(s.target)}"
                          for s in node.body if isinstance(s, ast.AnnAssign)
                          and "ClassVar" in ast.unparse(s.annotation)]
    assert found == []
