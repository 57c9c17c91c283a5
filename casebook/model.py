"""Plain dataclasses shared by every layer. Imports nothing of the project.

Offsets (``start``/``end``) are Unicode code-point offsets into a document's normalised
text, end exclusive -- see :mod:`casebook.offsets`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DOCUMENT_KINDS = ("interview", "focus group", "other")
MEMO_TARGETS = ("project", "document", "code", "coding")
CONSENSUS = "consensus"  # the coder that adjudication builds


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's utterance: ``start``/``end`` cover the utterance, not the label."""

    start: int
    end: int
    speaker: str | None = None
    time_start: float | None = None
    time_end: float | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Speaker:
    label: str
    role: str | None = None
    pseudonym: str | None = None


@dataclass(slots=True)
class Transcript:
    """What a reader makes of a file: normalised text plus its turns (and its heading)."""

    text: str
    turns: list[Turn]
    format: str
    title: str | None = None


@dataclass(slots=True)
class Document:
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


@dataclass(frozen=True, slots=True)
class DocumentSummary:
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


@dataclass(slots=True)
class Code:
    id: str
    name: str
    parent: str | None = None
    name_en: str | None = None
    description: str = ""
    include: str = ""
    exclude: str = ""
    examples: list[str] = field(default_factory=list)
    colour: str = "#888888"
    hotkey: str | None = None


@dataclass(slots=True)
class Codebook:
    name: str
    codes: list[Code]
    version: str = "1"
    language: str = "nl"
    description: str = ""

    def by_id(self) -> dict[str, Code]:
        return {code.id: code for code in self.codes}


@dataclass(frozen=True, slots=True)
class Coder:
    id: str
    name: str


@dataclass(slots=True)
class Coding:
    document_id: int
    start: int
    end: int
    code_id: str
    coder_id: str
    id: int | None = None
    created: str | None = None
    memo: str | None = None
    coder_name: str | None = None


@dataclass(slots=True)
class Memo:
    target_kind: str
    target_id: str
    text: str
    coder_id: str | None = None
    id: int | None = None
    created: str | None = None
