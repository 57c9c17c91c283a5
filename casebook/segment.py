"""Sentence segmentation: the only module that imports spaCy.

No trained Dutch model can be installed here, so the pipeline is ``spacy.blank("nl")`` with
the rule-based sentencizer. It is built once per process, on first use. Each turn -- and
each paragraph inside a turn -- is segmented on its own, so a sentence never crosses a turn.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from casebook.model import Sentence, Turn
from casebook.offsets import trim


@lru_cache(maxsize=1)
def pipeline():
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    return nlp


def _paragraphs(text: str, turns: list[Turn]) -> Iterator[tuple[int, int]]:
    for turn in turns:
        start = turn.start
        while start < turn.end:
            newline = text.find("\n", start, turn.end)
            end = turn.end if newline == -1 else newline
            if end > start:
                yield start, end
            start = end + 1


def sentences(text: str, turns: list[Turn], batch_size: int = 512) -> list[Sentence]:
    nlp = pipeline()
    spans = list(_paragraphs(text, turns))
    result: list[Sentence] = []
    docs = nlp.pipe((text[s:e] for s, e in spans), batch_size=batch_size)
    for (offset, _), doc in zip(spans, docs):
        for sent in doc.sents:
            start, end = trim(text, offset + sent.start_char, offset + sent.end_char)
            if end > start:
                result.append(Sentence(start, end))
    return result
