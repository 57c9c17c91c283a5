"""Small hand-made projects for the agreement, merge and adjudication tests."""

from __future__ import annotations

from casebook.model import Code, Codebook, Coding, Document, Sentence, Speaker, Turn
from casebook.offsets import sha256

CODEBOOK = Codebook(name="Test", codes=[
    Code(id="willen", name="Willen"),
    Code(id="kunnen", name="Kunnen"),
    Code(id="doen", name="Doen", parent=None),
])


SENTENCE = 22  # 21 characters and a space


def add_document(store, name: str = "doc", sentences: int = 10, word: str = "zin") -> int:
    """A document of ``sentences`` sentences of 21 characters ("Dit is zin nummer 00.") with
    a space between; two turns of half the sentences each; see :func:`sentence`."""
    parts = [f"Dit is {word:<3} nummer {i:02d}." for i in range(sentences)]
    text = " ".join(parts)
    spans = [Sentence(*sentence(i)) for i in range(sentences)]
    assert all(text[s.start:s.end] == part for s, part in zip(spans, parts))
    half = sentences // 2
    turns = [Turn(0, spans[half - 1].end, "A"), Turn(spans[half].start, len(text), "B")]
    if not store.codes():
        store.set_codebook(CODEBOOK)
    return store.add_document(Document(name=name, text=text, sha256=sha256(text)), turns, spans,
                              [Speaker("A"), Speaker("B")])


def code(store, doc_id: int, coder: str, code_id: str, start: int, end: int) -> int:
    return store.add_coding(Coding(document_id=doc_id, start=start, end=end, code_id=code_id,
                                   coder_id=store.coder(coder).id))


def sentence(i: int, share: float = 1.0) -> tuple[int, int]:
    """The span of sentence ``i`` (its first ``share``)."""
    return SENTENCE * i, SENTENCE * i + round((SENTENCE - 1) * share)


def three_coders(store) -> int:
    """anna, bram and cees code one document of ten sentences."""
    doc = add_document(store)
    for coder, sentences in (("anna", [0, 1, 2]), ("bram", [0, 1, 3]), ("cees", [0, 1, 2])):
        for i in sentences:
            code(store, doc, coder, "willen", *sentence(i))
    code(store, doc, "anna", "kunnen", *sentence(5))
    code(store, doc, "bram", "kunnen", *sentence(5, 0.6))
    code(store, doc, "cees", "doen", *sentence(9))
    return doc
