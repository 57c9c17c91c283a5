"""What feedback gives each student, and its JSON: the items (one fragment's outcome each,
shared by the students who met it alike), the counts and figure per code, and the writer of
`casebook exercise feedback --json` (:func:`to_json`), which writes each shared item once.
Made by :mod:`casebook.exercise.feedback`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from itertools import chain, repeat
from typing import Any, cast

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

    def as_json(self, newline: str = "\n", whys: dict[int, str] | None = None,
                places: dict[tuple[Any, ...], str] | None = None) -> str:
        """:meth:`as_dict` as ``json.dumps(indent=2, ensure_ascii=False)`` writes it, at the
        depth whose lines begin with ``newline``: written directly, each string by json's
        own C function, with no dict made (json's indent runs its Python encoder; a class of
        thirty has tens of thousands of items; a test compares the two). For a writer of
        many items at one depth, what items share written once: ``whys``, the text of each
        ``why`` list by the list's id (items share their why); ``places``, the text from
        "start" to "references" by the ids of the text and the references (items of one
        fragment share both) with the rest it is made of."""
        inner = newline + "  "
        key = (id(self.text), id(self.references), self.start, self.end, self.speaker)
        place = places.get(key) if places is not None else None
        if place is None:
            refs = "[" + ",".join(inner + "  " + _encode(r) for r in self.references) \
                + inner + "]" if self.references else "[]"
            place = (f'{int.__repr__(self.start)},{inner}"end": {int.__repr__(self.end)},'
                     f'{inner}"text": {_encode(self.text)},{inner}"speaker": '
                     f'{_text(self.speaker)},{inner}"references": {refs}')
            if places is not None:
                places[key] = place
        why = whys.get(id(self.why)) if whys is not None else None
        if why is None:
            deeper = inner + "  "
            why = "[" + ",".join(
                f'{deeper}{{{deeper}  "about": {_encode(about)},{deeper}  "text": '
                f"{_encode(text)}{deeper}}}" for about, text in self.why) + inner + "]" \
                if self.why else "[]"
            if whys is not None:
                whys[id(self.why)] = why
        return (f'{{{inner}"kind": {_encode(self.kind)},{inner}"document": '
                f'{_encode(self.document)},{inner}"code": {_encode(self.code)},{inner}'
                f'"student_code": {_text(self.student_code)},{inner}"start": {place},'
                f'{inner}"student_text": {_text(self.student_text)},{inner}"why": {why}'
                f'{newline}}}')


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


def to_json(students: list[StudentFeedback]) -> str:
    """The students' feedback as `casebook exercise feedback --json` prints it: the very
    text ``json.dumps([s.as_dict() for s in students], ensure_ascii=False, indent=2)``
    makes, with each item (shared by the students who met the same outcome alike) written
    once (:meth:`Item.as_json`) however many share it, and the whole joined once."""
    written: dict[int, str] = {}  # by the item's id: the items live as long as the students
    whys: dict[int, str] = {}  # by the why's id: shared by items, as long-lived
    places: dict[tuple[Any, ...], str] = {}  # by the ids of text and references, as long
    out = ["[\n  "] if students else ["[]"]
    for n, student in enumerate(students):
        texts: list[str | None] = list(map(written.get, map(id, student.items)))
        if None in texts:  # items no student before met (looked up again: one may repeat)
            for k, item in enumerate(student.items):
                if texts[k] is None:
                    text = written.get(id(item))
                    if text is None:
                        text = written[id(item)] = item.as_json("\n      ", whys, places)
                    texts[k] = text
        done = cast("list[str]", texts)
        rest = json.dumps(student.as_dict(items=False), ensure_ascii=False, indent=2)
        head, tail = rest.replace("\n", "\n  ").split(_NO_ITEMS, 1)  # the key's own line
        if n:
            out.append(",\n  ")
        out.append(head)
        if done:
            out.append(_ITEMS)
            out += chain.from_iterable(zip(done, repeat(_BETWEEN, len(done) - 1)))
            out.append(done[-1])  # zip stopped before the last
            out.append("\n    ]")
        else:
            out.append(_NO_ITEMS)
        out.append(tail)
    if students:
        out.append("\n]")
    return "".join(out)


_NO_ITEMS = '\n    "items": []'
_ITEMS = '\n    "items": [\n      '
_BETWEEN = ",\n      "
