"""What feedback gives each student, and its JSON: the items (one fragment's outcome each,
shared by the students who met it alike), the counts and figure per code, and the writer of
`casebook exercise feedback --json` (:func:`to_json`), which writes each shared item once.
Made by :mod:`casebook.exercise.feedback`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from itertools import chain, repeat
from typing import Any

from casebook.collector import paused
from casebook.exercise.compare import KINDS


@dataclass(slots=True)
class Item:
    """One fragment's outcome, as the student sees it; one item is shared by every student
    who met the same outcome with the same coding (read only)."""

    kind: str  # hit | missed | other | extra
    document: str
    code: str  # the reference's code; extra: the student's
    student_code: str | None  # hit and other: the student's code
    start: int  # in the text the student saw
    end: int
    text: str
    speaker: str | None
    references: list[str]  # the references that coded it
    student_text: str | None  # the student's own fragment, where it differs
    why: list[tuple[str, str]]  # (memo|description|include|exclude|not:CODE, text)

    def as_dict(self) -> dict[str, Any]:
        """As JSON shows it: its fields in order, spelled out (a class of thirty has tens of
        thousands; tests check the keys against the dataclass)."""
        return {"kind": self.kind, "document": self.document, "code": self.code,
                "student_code": self.student_code, "start": self.start, "end": self.end,
                "text": self.text, "speaker": self.speaker,
                "references": list(self.references), "student_text": self.student_text,
                "why": [{"about": about, "text": text} for about, text in self.why]}

    def as_json(self, newline: str = "\n") -> str:
        """:meth:`as_dict` as ``json.dumps(indent=2, ensure_ascii=False)`` writes it, at the
        depth whose lines begin with ``newline`` (:func:`_written`; a test compares the
        two)."""
        return _written([self], newline)[0]


@dataclass(slots=True)
class CodeScore:
    code: str
    name: str
    agreement: float | None  # Cohen's kappa on sentences, the mean over the references
    hit: int = 0
    missed: int = 0
    other: int = 0
    extra: int = 0


@dataclass(slots=True)
class StudentFeedback:
    exercise: str
    student: str
    references: list[str]
    language: str
    codes: list[CodeScore] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        return {kind: sum(getattr(c, kind) for c in self.codes) for kind in KINDS}

    def as_dict(self, items: bool = True) -> dict[str, Any]:
        """As JSON shows it (written out field by field: ``dataclasses.asdict`` deep-copies
        every value and took most of the time of ``feedback --json``); ``items=False``: with
        an empty list of items, for a writer that writes each shared item once."""
        with paused():
            shown = [item.as_dict() for item in self.items] if items else []
        data: dict[str, Any] = {
            "exercise": self.exercise, "student": self.student,
            "references": list(self.references), "language": self.language,
            "codes": [{name: getattr(c, name) for name in _SCORE} for c in self.codes],
            "items": shown}
        data["totals"] = self.totals()
        data["figure"] = {"name": "Cohen's kappa", "unit": "sentence",
                          "with": "the mean over the references"}
        return data


_SCORE = tuple(f.name for f in fields(CodeScore))
_encode = json.encoder.encode_basestring  # json.dumps(ensure_ascii=False)'s, in C


def _text(value: str | None) -> str:
    return "null" if value is None else _encode(value)


def _written(items: Iterable[Item], newline: str) -> list[str]:
    """Each of ``items`` as :meth:`Item.as_dict` written by ``json.dumps(indent=2,
    ensure_ascii=False)`` at the depth whose lines begin with ``newline``: written directly,
    each string by json's own C function, with no dict made (json's indent runs its Python
    encoder; a class of thirty has tens of thousands of items). What items share is written
    once: the lines from "kind" to "student_code" by their values; from "start" to
    "references" by the list of references (items of one fragment share it and their text:
    checked); the why by the list's id (items share their why; the items, and so the
    lists, live as long as the call)."""
    inner = newline + "  "
    deeper = inner + "  "
    heads: dict[tuple[str, str, str, str | None], str] = {}
    places: dict[int, tuple[str, int, int, str | None, str]] = {}
    whys: dict[int, str] = {}
    found = []
    for item in items:
        theirs = item.student_code
        key = (item.kind, item.document, item.code, theirs)
        head = heads.get(key)
        if head is None:
            head = heads[key] = (
                f'{{{inner}"kind": {_encode(item.kind)},{inner}"document": '
                f'{_encode(item.document)},{inner}"code": {_encode(item.code)},{inner}'
                f'"student_code": {_text(theirs)},{inner}"start": ')
        refs, text, start, end, speaker = (item.references, item.text, item.start, item.end,
                                           item.speaker)
        place = places.get(id(refs))
        if place is None or place[0] is not text or place[1] != start or place[2] != end \
                or place[3] != speaker:
            shown = "[" + ",".join(deeper + _encode(r) for r in refs) + inner + "]" \
                if refs else "[]"
            place = places[id(refs)] = (text, start, end, speaker, (
                f'{int.__repr__(start)},{inner}"end": {int.__repr__(end)},{inner}"text": '
                f'{_encode(text)},{inner}"speaker": {_text(speaker)},{inner}"references": '
                f'{shown},{inner}"student_text": '))
        why = whys.get(id(item.why))
        if why is None:
            why = whys[id(item.why)] = ("[" + ",".join(
                f'{deeper}{{{deeper}  "about": {_encode(about)},{deeper}  "text": '
                f"{_encode(said)}{deeper}}}" for about, said in item.why) + inner + "]"
                if item.why else "[]") + newline + "}"
        own = item.student_text
        found.append(f'{head}{place[4]}{"null" if own is None else _encode(own)},{inner}'
                     f'"why": {why}')
    return found


def to_json(students: list[StudentFeedback]) -> str:
    """The students' feedback as `casebook exercise feedback --json` prints it: the very
    text ``json.dumps([s.as_dict() for s in students], ensure_ascii=False, indent=2)``
    makes, with each item (shared by the students who met the same outcome alike) written
    once (:func:`_written`) however many share it, and the whole joined once."""
    if not students:
        return "[]"
    ids = list(map(id, chain.from_iterable(s.items for s in students)))
    items = dict(zip(ids, chain.from_iterable(s.items for s in students)))  # each once
    written = dict(zip(items, _written(items.values(), "\n      ")))  # the items live on
    at = 0
    out = ["[\n  "]
    for n, student in enumerate(students):
        rest = json.dumps(student.as_dict(items=False), ensure_ascii=False, indent=2)
        head, tail = rest.replace("\n", "\n  ").split(_NO_ITEMS, 1)  # the key's own line
        if n:
            out.append(",\n  ")
        out.append(head)
        if student.items:  # into the one list joined once (a join per student, then one
            # of them all, took a third of the writer's time more)
            done = list(map(written.__getitem__, ids[at:at + len(student.items)]))
            at += len(student.items)
            out.append(_ITEMS)
            out += chain.from_iterable(zip(done, repeat(_BETWEEN, len(done) - 1)))
            out.append(done[-1])  # zip stopped before the last
            out.append("\n    ]")
        else:
            out.append(_NO_ITEMS)
        out.append(tail)
    out.append("\n]")
    return "".join(out)


_NO_ITEMS = '\n    "items": []'
_ITEMS = '\n    "items": [\n      '
_BETWEEN = ",\n      "
