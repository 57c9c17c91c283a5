"""Plain dataclasses shared by every layer. Imports nothing of the project but the base of
its records (:mod:`casebook.record`).

Offsets (``start``/``end``) are Unicode code-point offsets into a document's normalised
text, end exclusive -- see :mod:`casebook.offsets`.

Every command imports this module, so it is made to import fast: @dataclass compiles the
methods it generates at every start (most of the import time). So equality, hash and repr
come from :class:`~casebook.record.Record`; a frozen record is immutable by
:class:`~casebook.record.Frozen`, not by ``frozen=True`` (three methods each); every
``__init__`` is written out (a field with a default factory defaults to
:data:`~casebook.record.FACTORY`); each has a docstring (else @dataclass computes one);
annotations are no strings (@dataclass reads those slowly).
tests/foundation/test_startup.py checks that they behave as generated dataclasses would.
"""

from dataclasses import dataclass, field

from casebook.record import FACTORY, Frozen, Record, fill

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple
else:  # typing's, without importing typing (see casebook.record)
    from casebook.record import NamedTuple

DOCUMENT_KINDS = ("interview", "focus group", "other")
MEMO_TARGETS = ("project", "document", "code", "coding")
CONSENSUS = "consensus"  # the coder that adjudication builds
DEFAULT_COLOUR = "#888888"  # a code's highlight when it names none


@dataclass(slots=True, init=False, eq=False, repr=False)
class Turn(Frozen):
    """One speaker's utterance: ``start``/``end`` cover the utterance, not the label."""

    start: int
    end: int
    speaker: str | None = None
    time_start: float | None = None
    time_end: float | None = None

    def __init__(self, start: int, end: int, speaker: str | None = None,
                 time_start: float | None = None, time_end: float | None = None) -> None:
        fill(self, start, end, speaker, time_start, time_end)


@dataclass(slots=True, init=False, eq=False, repr=False)
class Sentence(Frozen):
    """A sentence of a document: the unit a selection snaps to."""

    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        fill(self, start, end)


@dataclass(slots=True, init=False, eq=False, repr=False)
class Speaker(Frozen):
    """A participant label in a document, with a role and a pseudonym."""

    label: str
    role: str | None = None
    pseudonym: str | None = None

    def __init__(self, label: str, role: str | None = None, pseudonym: str | None = None) -> None:
        fill(self, label, role, pseudonym)


@dataclass(slots=True, init=False, eq=False, repr=False)
class Transcript(Record):
    """What a reader makes of a file: normalised text plus its turns (and its heading)."""

    text: str
    turns: list[Turn]
    format: str
    title: str | None = None

    def __init__(self, text: str, turns: list[Turn], format: str,
                 title: str | None = None) -> None:
        self.text, self.turns, self.format, self.title = text, turns, format, title


@dataclass(slots=True, init=False, eq=False, repr=False)
class Document(Record):
    """An imported transcript: its normalised text, which never changes once stored, and
    what is known about it."""

    name: str
    text: str
    sha256: str
    kind: str = "other"
    date: str | None = None
    format: str = "text"
    source: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    id: int | None = None
    imported_at: str | None = None

    def __init__(self, name: str, text: str, sha256: str, kind: str = "other",
                 date: str | None = None, format: str = "text", source: str | None = None,
                 attributes: dict[str, str] = FACTORY, id: int | None = None,
                 imported_at: str | None = None) -> None:
        self.name, self.text, self.sha256, self.kind = name, text, sha256, kind
        self.date, self.format, self.source, self.id = date, format, source, id
        self.imported_at = imported_at
        self.attributes = dict() if attributes is FACTORY else attributes


@dataclass(slots=True, init=False, eq=False, repr=False)
class DocumentSummary(Frozen):
    """A document as the list of documents shows it: no text, counts instead."""

    id: int
    name: str
    kind: str
    date: str | None
    format: str
    sha256: str
    length: int
    turns: int
    speakers: int
    codings: int
    coded_chars: int
    imported_at: str

    def __init__(self, id: int, name: str, kind: str, date: str | None, format: str, sha256: str,
                 length: int, turns: int, speakers: int, codings: int, coded_chars: int,
                 imported_at: str) -> None:
        fill(self, id, name, kind, date, format, sha256, length, turns, speakers, codings,
              coded_chars, imported_at)


@dataclass(slots=True, init=False, eq=False, repr=False)
class Code(Record):
    """A code of the codebook, with a stable ``id``."""

    id: str
    name: str
    parent: str | None = None
    name_en: str | None = None
    description: str = ""
    include: str = ""
    exclude: str = ""
    examples: list[str] = field(default_factory=list)
    colour: str = DEFAULT_COLOUR
    hotkey: str | None = None
    codable: bool = True  # False: a category that only groups codes (REFI isCodable)
    exclusive: bool = False  # its children are mutually exclusive per unit
    ordered: bool = False  # its children are ordered, first to last (and exclusive)

    def __init__(self, id: str, name: str, parent: str | None = None, name_en: str | None = None,
                 description: str = "", include: str = "", exclude: str = "",
                 examples: list[str] = FACTORY, colour: str = DEFAULT_COLOUR,
                 hotkey: str | None = None, codable: bool = True, exclusive: bool = False,
                 ordered: bool = False) -> None:
        self.id, self.name, self.parent, self.name_en = id, name, parent, name_en
        self.description, self.include, self.exclude = description, include, exclude
        self.colour, self.hotkey, self.codable, self.exclusive = colour, hotkey, codable, exclusive
        self.ordered = ordered
        self.examples = list() if examples is FACTORY else examples


@dataclass(slots=True, init=False, eq=False, repr=False)
class Codebook(Record):
    """The codes in codebook order, with the codebook's name and version."""

    name: str
    codes: list[Code]
    version: str = "1"
    language: str = "nl"
    description: str = ""

    def __init__(self, name: str, codes: list[Code], version: str = "1", language: str = "nl",
                 description: str = "") -> None:
        self.name, self.codes, self.version, self.language = name, codes, version, language
        self.description = description

    def by_id(self) -> dict[str, Code]:
        """The codes by id."""
        return {code.id: code for code in self.codes}

    def tree(self) -> list[tuple[int, Code]]:
        """(level, code) depth first, in codebook order; level 0 is the top."""
        children: dict[str | None, list[Code]] = {}
        by_id = self.by_id()
        for code in self.codes:
            children.setdefault(code.parent if code.parent in by_id else None, []).append(code)
        rows: list[tuple[int, Code]] = []

        def walk(parent: str | None, level: int) -> None:
            for code in children.get(parent, []):
                rows.append((level, code))
                if level < len(self.codes):
                    walk(code.id, level + 1)

        walk(None, 0)
        return rows


@dataclass(slots=True, init=False, eq=False, repr=False)
class Coder(Frozen):
    """Who coded: a name and a stable id."""

    id: str
    name: str

    def __init__(self, id: str, name: str) -> None:
        fill(self, id, name)


@dataclass(slots=True, init=False, eq=False, repr=False)
class Coding(Record):
    """A code applied by a coder to a span of a document."""

    document_id: int
    start: int
    end: int
    code_id: str
    coder_id: str
    id: int | None = None
    created: str | None = None
    memo: str | None = None
    coder_name: str | None = None
    changed: str | None = None  # when its memo last changed (None: never)

    def __init__(self, document_id: int, start: int, end: int, code_id: str, coder_id: str,
                 id: int | None = None, created: str | None = None, memo: str | None = None,
                 coder_name: str | None = None, changed: str | None = None) -> None:
        self.document_id, self.start, self.end, self.code_id = document_id, start, end, code_id
        self.coder_id, self.id, self.created, self.memo = coder_id, id, created, memo
        self.coder_name, self.changed = coder_name, changed


@dataclass(slots=True, init=False, eq=False, repr=False)
class RemovedCoding(Frozen):
    """A tombstone: a coding that was removed (or moved), named by what is the same in every
    copy of a project -- its document's sha256, code, coder and span -- and the version it
    had (``created``, ``changed``)."""

    document_sha256: str
    code_id: str
    coder_id: str
    start: int
    end: int
    created: str
    changed: str | None
    removed: str

    def __init__(self, document_sha256: str, code_id: str, coder_id: str, start: int, end: int,
                 created: str, changed: str | None, removed: str) -> None:
        fill(self, document_sha256, code_id, coder_id, start, end, created, changed, removed)


@dataclass(slots=True, init=False, eq=False, repr=False)
class RemovedCode(Frozen):
    """A tombstone: a code that left the codebook, with its meaning then, and the code a
    `codebook merge` moved its codings into."""

    id: str
    name: str
    parent: str | None
    description: str
    removed: str
    merged_into: str | None = None

    def __init__(self, id: str, name: str, parent: str | None, description: str, removed: str,
                 merged_into: str | None = None) -> None:
        fill(self, id, name, parent, description, removed, merged_into)


class CodedFragment(NamedTuple):
    """A coding with its document's name, its coder's name and the text it covers."""

    id: int
    document_id: int
    document: str
    start: int
    end: int
    code_id: str
    coder: str
    memo: str | None
    text: str


class CodingSpeaker(NamedTuple):
    """A speaker whose turns a coding overlaps, and by how many characters."""

    coding_id: int
    speaker: str
    role: str | None
    chars: int


@dataclass(slots=True, init=False, eq=False, repr=False)
class Memo(Record):
    """Free text on the project, a document, a code or a coding."""

    target_kind: str
    target_id: str
    text: str
    coder_id: str | None = None
    id: int | None = None
    created: str | None = None

    def __init__(self, target_kind: str, target_id: str, text: str, coder_id: str | None = None,
                 id: int | None = None, created: str | None = None) -> None:
        self.target_kind, self.target_id, self.text = target_kind, target_id, text
        self.coder_id, self.id, self.created = coder_id, id, created


class TurnRow(NamedTuple):
    """A turn as a light tuple (the workbench reads 20,000 of them at once); the fields of
    :class:`Turn`."""

    start: int
    end: int
    speaker: str | None = None
    time_start: float | None = None
    time_end: float | None = None


@dataclass(slots=True, init=False, eq=False, repr=False)
class Decision(Frozen):
    """One adjudication decision: which side of a difference between coders A and B the
    consensus takes, and the consensus codings it made. ``sources`` are the codings of A
    and B it settled, as they were: ``(coding id, side "a"/"b", start, end)``."""

    key: str
    coder_a: str
    coder_b: str
    document_id: int
    code_id: str
    kind: str
    take: str
    coding_ids: tuple[int, ...]
    decided: str
    sources: tuple[tuple[int, str, int, int], ...] = ()

    def __init__(self, key: str, coder_a: str, coder_b: str, document_id: int, code_id: str,
                 kind: str, take: str, coding_ids: tuple[int, ...], decided: str,
                 sources: tuple[tuple[int, str, int, int], ...] = ()) -> None:
        fill(self, key, coder_a, coder_b, document_id, code_id, kind, take, coding_ids, decided,
              sources)


FINDING_DECISIONS = ("proposed", "accepted", "rejected", "edited")


@dataclass(slots=True, init=False, eq=False, repr=False)
class PrivacyFinding(Record):
    """One stretch of personal data in a document and what to put in its place.
    ``decision`` is ``proposed`` until the researcher accepts, rejects or edits it."""

    id: int | None
    document_id: int
    start: int
    end: int
    category: str
    text: str
    key: str
    replacement: str
    decision: str = "proposed"
    detector: str = "rules"
    created: str | None = None
    decided: str | None = None

    def __init__(self, id: int | None, document_id: int, start: int, end: int, category: str,
                 text: str, key: str, replacement: str, decision: str = "proposed",
                 detector: str = "rules", created: str | None = None,
                 decided: str | None = None) -> None:
        self.id, self.document_id, self.start, self.end = id, document_id, start, end
        self.category, self.text, self.key, self.replacement = category, text, key, replacement
        self.decision, self.detector, self.created = decision, detector, created
        self.decided = decided


@dataclass(slots=True, init=False, eq=False, repr=False)
class PrivacyScan(Frozen):
    """Which text of a document was scanned for personal data, and which was reviewed."""

    document_id: int
    scanned_sha256: str
    scanned_at: str
    detectors: str
    reviewed_sha256: str | None
    reviewed_at: str | None

    def __init__(self, document_id: int, scanned_sha256: str, scanned_at: str, detectors: str,
                 reviewed_sha256: str | None, reviewed_at: str | None) -> None:
        fill(self, document_id, scanned_sha256, scanned_at, detectors, reviewed_sha256,
              reviewed_at)
