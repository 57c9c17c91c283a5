"""What the gate hands out and reads: a :class:`View` of a document as an output shows it, a
:class:`Leak` (a text that names someone), and the :class:`FindingRow` it reads every
finding as (see :mod:`casebook.privacy.guard`).
"""

from casebook.privacy.variants import Hit

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import NamedTuple

    from casebook.offsets import Edits
else:  # typing's NamedTuple without importing typing (see casebook.record); only annotations
    from casebook.record import NamedTuple  # name Path, and pathlib is not loaded for them (nor

    Path = object  # a forward reference compiled: the first one in a process costs over a ms)

# Leak and View are a named tuple and a plain class, not dataclasses: making a dataclass
# costs a millisecond, and the gate is made at the start of every output. Annotations are
# not postponed here: a named tuple's class compiles each postponed one (~0.1 ms each).


class Leak(NamedTuple):
    """A text that names what the transcripts pseudonymise."""

    field: str
    hit: Hit
    line: int | None = None
    path: Path | None = None

    @property
    def original(self) -> str:
        return self.hit.original.text

    @property
    def pseudonym(self) -> str:
        return self.hit.original.pseudonym


class FindingRow(NamedTuple):
    """A finding as the gate reads every finding of a project at once (a PrivacyFinding
    each took five times as long: a fifth of a gate's making at 4,000 findings)."""

    id: int
    document_id: int
    start: int
    end: int
    category: str
    text: str
    key: str
    replacement: str
    decision: str


class View:
    """A document as an output shows it: name, text, speakers; ``raw`` if not pseudonymised."""

    __slots__ = ("id", "name", "text", "edits", "raw", "status", "speakers", "attributes",
                 "replacements", "leaks", "kept", "plain")

    def __init__(self, id: int, name: str, text: str, edits: "Edits", raw: bool, status: str,
                 speakers: dict[str, str] | None = None,
                 attributes: dict[str, str] | None = None,
                 replacements: list[tuple[int, int, str]] | None = None,
                 leaks: list[Leak] | None = None, kept: list[tuple[int, int]] | None = None,
                 plain: bool = False) -> None:
        self.id, self.name, self.text, self.edits = id, name, text, edits
        self.raw, self.status = raw, status
        self.speakers: dict[str, str] = {} if speakers is None else speakers
        self.attributes: dict[str, str] = {} if attributes is None else attributes
        self.replacements: list[tuple[int, int, str]] = \
            [] if replacements is None else replacements
        self.leaks: list[Leak] = [] if leaks is None else leaks  # what it still names
        self.kept: list[tuple[int, int]] = [] if kept is None else kept  # what review kept
        self.plain = plain  # no markup (variants.plain)

    def __repr__(self) -> str:
        return (f"View(id={self.id!r}, name={self.name!r}, raw={self.raw!r}, "
                f"status={self.status!r}, leaks={self.leaks!r})")

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the stored text in the shown text."""
        return self.edits.span(start, end)

    def slice(self, start: int, end: int) -> str:
        s, e = self.span(start, end)
        return self.text[s:e]

    def speaker(self, label: str | None) -> str | None:
        return self.speakers.get(label, label) if label else label
