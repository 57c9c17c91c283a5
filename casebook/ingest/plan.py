"""What a source brings, before it touches the project: a :class:`Plan` of plain model
objects, and the report :func:`casebook.ingest.intake.intake` fills while applying it.

A plan speaks only of its source. Ids are the source's own: ``Document.id`` and
``Coding.id`` are the source's keys, ``Coding.document_id``/``code_id``/``coder_id`` and a
memo's ``target_id`` refer to items of the same plan (a memo on the project keeps its
target as it is). Nothing in a plan says how it fits this project; that is decided once,
by the intake.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from casebook.model import (
    Code,
    Coder,
    Coding,
    Document,
    Memo,
    RemovedCode,
    RemovedCoding,
    Sentence,
    Speaker,
    Turn,
)
from casebook.offsets import sha256

TEXT_DIFFERS = "text differs"
CODE_DIFFERS = "code means something else"
CODER_DIFFERS = "coder name has another id"
REMOVED_CHANGED = "removed in one copy, changed in the other"
SPEAKER_DIFFERS = "speaker differs"
Meaning = tuple[str, str | None, str]  # a code's name, parent and description


def text_key(text: str) -> str:
    """What makes two documents the same: the sha256 of their normalised text without
    trailing white space (NVivo's Mac and Windows exports of one project differ by one
    final newline)."""
    return sha256(text.rstrip())


class Digests(dict[str, str]):
    """The sha256 of each text, computed once per intake: the thirty plans of a collect
    bring the same documents, whose hashes are checked and matched plan after plan."""

    def of(self, text: str) -> str:
        """``sha256(text)``."""
        found = self.get(text)
        if found is None:
            found = self[text] = sha256(text)
        return found

    def key(self, text: str) -> str:
        """:func:`text_key` of ``text``."""
        return self.of(text.rstrip())


def unique_name(wanted: str, taken: set[str]) -> str:
    """``wanted``, else ``wanted-2``, ``wanted-3`` ...; the result is added to ``taken``."""
    name, number = wanted, 2
    while name in taken:
        name, number = f"{wanted}-{number}", number + 1
    taken.add(name)
    return name


@dataclass(slots=True)
class Incoming:
    """One document of a plan (``document.id`` is the source's key for it)."""

    document: Document
    turns: list[Turn]
    speakers: list[Speaker]
    sentences: list[Sentence] | None = None  # None: segmented by the intake if it is new
    origin: str = ""  # what progress and reports call it: a file, an archive member

    @property
    def key(self) -> int:
        """The source's key for the document (``document.id`` in a plan)."""
        if self.document.id is None:
            raise ValueError(f"{self.document.name}: a planned document needs a key as id")
        return self.document.id


@dataclass(slots=True)
class Plan:
    """Everything one source brings.

    ``strict``: the source is another copy of this very project (``merge``), so whatever
    differs is a conflict; otherwise it is foreign material that is made to fit."""

    source: str
    strict: bool = False
    documents: list[Incoming] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    retired: set[str] = field(default_factory=set)  # codes the source no longer uses
    vouched: set[str] = field(default_factory=set)  # codes whose GUID is known here
    guids: dict[str, str] = field(default_factory=dict)  # code id -> REFI-QDA GUID
    codebook_name: str = ""  # the codebook's name, if the project has none yet
    coders: list[Coder] = field(default_factory=list)  # id "": whoever has that name here
    codings: list[Coding] = field(default_factory=list)
    memos: list[Memo] = field(default_factory=list)
    # strict plans: what the other copy removed, and every earlier meaning of its codes
    removed_codes: list[RemovedCode] = field(default_factory=list)
    removed_codings: list[RemovedCoding] = field(default_factory=list)
    history: dict[str, list[Meaning]] = field(default_factory=dict)
    # (document sha256, label) -> {"role": earlier roles, "pseudonym": earlier pseudonyms}
    speaker_history: dict[tuple[str, str], dict[str, set[str]]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Conflict:
    source: str
    kind: str
    item: str
    detail: str


@dataclass(slots=True)
class IntakeReport:
    """What an intake did (names and counts), for the CLI to print or dump as JSON."""

    dry_run: bool = False
    applied: bool = False
    documents_added: list[str] = field(default_factory=list)
    documents_matched: list[str] = field(default_factory=list)
    codes_added: list[str] = field(default_factory=list)
    codes_matched: list[str] = field(default_factory=list)
    coders_added: list[str] = field(default_factory=list)
    codings_added: int = 0
    codings_present: int = 0
    codings_skipped: int = 0  # on a document, code or coder in conflict
    codings_removed: int = 0  # removed here, as the other copy removed them
    codings_kept_removed: int = 0  # removed here, unchanged there: not brought back
    codes_renamed: list[str] = field(default_factory=list)  # renamed there: renamed here
    codes_retired: list[str] = field(default_factory=list)  # removed there: retired here
    speakers_set: int = 0  # roles and pseudonyms taken from the other copy
    memos_added: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a document of a plan went."""

    status: str  # "added" | "matched" | "conflict"
    id: int | None
    name: str


@dataclass(slots=True)
class Applied:
    """How one plan was applied: its keys -> ids here."""

    documents: dict[int, Placement] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    coders: dict[str, str] = field(default_factory=dict)
    codings: dict[int, int] = field(default_factory=dict)
    codebook_changed: bool = False
    new_coders: set[str] = field(default_factory=set)  # added by this plan: no codings yet

    def document_id(self, key: int) -> int | None:
        placed = self.documents.get(key)
        return placed.id if placed else None
