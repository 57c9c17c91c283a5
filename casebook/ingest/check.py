"""Every row a plan brings is checked before anything is written, by the rules the CLI holds
its own input to: ids, names and colours of codes (the codebook schema), spans inside their
text, memo kinds, dates, texts that are text. Another coder's casebook.db may be damaged or
crafted; what does not pass is one error naming the source, the table, the row and the
field."""

from __future__ import annotations

from datetime import date
from operator import attrgetter
from typing import Any

from casebook.codebook.schema import COLOUR_RE, ID_RE
from casebook.errors import CasebookError
from casebook.ingest.plan import Digests, Incoming, Plan
from casebook.model import DOCUMENT_KINDS, MEMO_TARGETS, Code

_CODING = attrgetter("start", "end", "code_id", "coder_id", "memo", "created")


def valid_date(value: str) -> bool:
    """Whether ``value`` is a date written YYYY-MM-DD (2024-13-45 is not)."""
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return len(value) == 10


def _text(value: Any, *, empty: bool = True, null: bool = False) -> bool:
    return (null and value is None) or (isinstance(value, str) and (empty or bool(value.strip())))


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _span(start: Any, end: Any, length: int | None = None) -> bool:
    return _whole(start) and _whole(end) and 0 <= start <= end and \
        (length is None or end <= length)


def relative_source(source: Any) -> bool:
    """Whether ``source`` is None or a relative path that stays inside the folder it is
    joined to (no absolute path, drive, ``..`` or NUL)."""
    if source is None:
        return True
    if not isinstance(source, str) or not source or "\0" in source:
        return False
    parts = source.replace("\\", "/").split("/")
    return not (parts[0] == "" or ":" in parts[0][1:2] or ".." in parts)


class _Checker:
    def __init__(self, plan: Plan, digests: Digests) -> None:
        self.source = plan.source
        self.digests = digests

    def fail(self, where: str, message: str) -> CasebookError:
        return CasebookError(message, path=self.source, field=where)

    def document(self, incoming: Incoming) -> None:
        doc = incoming.document
        if not _text(doc.name, empty=False):
            raise self.fail(f"documents {doc.id}.name", "must be a name")
        where = f"documents {doc.name!r}"
        if not _text(doc.text, empty=False):
            raise self.fail(f"{where}.text", "must be text (it is empty or NULL)")
        if doc.sha256 != self.digests.of(doc.text):
            raise self.fail(f"{where}.sha256", "does not match the document's text")
        if doc.kind not in DOCUMENT_KINDS:
            raise self.fail(f"{where}.kind", f"must be one of {', '.join(DOCUMENT_KINDS)}")
        if doc.date is not None and not valid_date(doc.date):
            raise self.fail(f"{where}.date", f"{doc.date!r} is not a date YYYY-MM-DD")
        if not all(_text(k) and _text(v) for k, v in doc.attributes.items()):
            raise self.fail(f"{where}.attributes", "must map names to texts")
        if not relative_source(doc.source):  # `pseudo purge` replaces (removes) the file it names
            raise self.fail(f"{where}.source", f"{doc.source!r}: must name a file in the "
                            "project (sources/...)")
        length = len(doc.text)
        for number, turn in enumerate(incoming.turns, 1):
            if not _span(turn.start, turn.end, length) or not _text(turn.speaker, null=True):
                raise self.fail(f"{where} turn {number}", "span outside the text")
        for number, sentence in enumerate(incoming.sentences or [], 1):
            if not _span(sentence.start, sentence.end, length):
                raise self.fail(f"{where} sentence {number}", "span outside the text")
        for speaker in incoming.speakers:
            if not (_text(speaker.label, empty=False) and _text(speaker.role, null=True)
                    and _text(speaker.pseudonym, null=True)):
                raise self.fail(f"{where} speakers", f"{speaker.label!r}: not text")

    def code(self, code: Code) -> None:
        if not _text(code.id) or not ID_RE.match(code.id):
            raise self.fail(f"codes {code.id!r}.id", "is not a valid id (letters, digits, "
                            "'.', '_' and '-'; no spaces)")
        where = f"codes {code.id}"
        if not _text(code.name, empty=False):
            raise self.fail(f"{where}.name", "must be a name")
        for name in ("description", "include", "exclude"):
            if not _text(getattr(code, name)):
                raise self.fail(f"{where}.{name}", "must be text")
        if not _text(code.name_en, null=True) or not _text(code.parent, null=True):
            raise self.fail(f"{where}.name_en/parent", "must be text")
        if not _text(code.colour) or not COLOUR_RE.match(code.colour):
            raise self.fail(f"{where}.colour", f"{code.colour!r} is not a colour like #1f77b4")
        if code.hotkey is not None and not (_text(code.hotkey) and len(code.hotkey) == 1):
            raise self.fail(f"{where}.hotkey", f"{code.hotkey!r} must be a single key")
        if not all(_text(example) for example in code.examples):
            raise self.fail(f"{where}.examples", "must be a list of texts")

    def rest(self, plan: Plan) -> None:
        for coder in plan.coders:
            if not _text(coder.id) or not _text(coder.name, empty=False):
                raise self.fail(f"coders {coder.id!r}", "needs an id and a name")
        for coding in plan.codings:
            start, end, code, coder, memo, created = _CODING(coding)
            if type(start) is int and type(end) is int and 0 <= start < end and \
                    type(code) is str and type(coder) is str and \
                    (memo is None or type(memo) is str) and \
                    (created is None or type(created) is str):
                continue  # what nearly every row is, seen at once; else, below, why not
            where = f"codings {coding.id}"
            if not _span(coding.start, coding.end) or coding.start == coding.end:
                raise self.fail(f"{where}.start/end", "must be whole numbers, start < end")
            if not (_text(coding.code_id) and _text(coding.coder_id)
                    and _text(coding.memo, null=True) and _text(coding.created, null=True)):
                raise self.fail(where, "code, coder, memo and created must be text")
        for memo in plan.memos:
            where = f"memos {memo.id}"
            if memo.target_kind not in MEMO_TARGETS:
                raise self.fail(f"{where}.target_kind", f"{memo.target_kind!r} is not one of "
                                f"{', '.join(MEMO_TARGETS)}")
            if not _text(memo.text) or not _text(memo.coder_id, null=True):
                raise self.fail(f"{where}.text", "must be text (it is NULL)")
            if not isinstance(memo.target_id, (str, int)):
                raise self.fail(f"{where}.target_id", "must be an id")


def check_plan(plan: Plan, digests: Digests | None = None,
               checked: dict[int, object] | None = None) -> None:
    """Raise the first problem in ``plan`` (see the module docstring). An intake checks all
    its plans with one ``digests`` (each text hashed once) and one ``checked``: the
    documents and codes that passed, by ``id()`` (and kept alive there), which plans may
    share (collect's thirty bring the project's own)."""
    checker = _Checker(plan, Digests() if digests is None else digests)
    seen = {} if checked is None else checked
    for incoming in plan.documents:
        if id(incoming) not in seen:
            checker.document(incoming)
            seen[id(incoming)] = incoming
    for code in plan.codes:
        if id(code) not in seen:
            checker.code(code)
            seen[id(code)] = code
    checker.rest(plan)
