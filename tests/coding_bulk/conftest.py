"""A project with two documents and a small codebook (with a category among its codes), and
helpers to write a file of codings and read back what the project holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.model import Code, Codebook, Document, Turn
from casebook.offsets import sha256

GESPREK = "I: Wat wil je?\n\nR: Ik wil werken. Maar het lukt niet 😅. Café één."
LEERTAFEL = "Interviewer: En nu?\nKlant: Ik wil werken, echt werken."
CODEBOOK = Codebook("Test", [
    Code("willen", "Willen", hotkey="W"),
    Code("willen.houding", "Houding", parent="willen", hotkey="1"),
    Code("kunnen", "Kunnen", hotkey="2"),
    Code("groep", "Groep", codable=False),
])


@pytest.fixture
def proj(project):
    """The test project (its default coder is "tester") with "gesprek" (id 1) and
    "leertafel" (id 2)."""
    store = project.store
    store.set_codebook(CODEBOOK)
    for name, text in (("gesprek", GESPREK), ("leertafel", LEERTAFEL)):
        store.add_document(Document(name=name, text=text, sha256=sha256(text)),
                           [Turn(0, len(text), "R")], [], [])
    return project


def at(text: str, quote: str) -> tuple[int, int]:
    """The span of the first ``quote`` in ``text``."""
    start = text.index(quote)
    return start, start + len(quote)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """A file of codings, written byte for byte (no newline translation)."""
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def held(store) -> list[tuple[int, int, int, str, str, str | None]]:
    """Every coding of the project as (document id, start, end, code, coder, memo)."""
    return sorted((c.document_id, c.start, c.end, c.code_id, c.coder_name or "", c.memo)
                  for c in store.codings())
