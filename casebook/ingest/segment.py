"""Sentence segmentation: the only module that imports spaCy.

No trained Dutch model can be installed here, so segmentation uses ``spacy.blank("nl")``'s
rule-based tokenizer and the sentencizer's rule: after a token from the sentencizer's
punctuation set, the next token that is not punctuation starts a sentence. spaCy's
Sentencizer component applies that rule in a loop that builds a Token object per token;
we apply the very same rule to the token arrays spaCy gives us (``Doc.to_array``), which is
several times cheaper. A test checks that the boundaries are identical to the component's.

Each turn -- and each paragraph inside a turn -- is segmented on its own, so a sentence
never crosses a turn. The pipeline is built once per process, on first use.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from casebook.model import Sentence, Turn
from casebook.offsets import trim

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """``spacy.blank("nl")`` with the sentencizer (for callers that want spaCy Docs)."""
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=1)
def _punct_hashes() -> frozenset[int]:
    from spacy.pipeline import Sentencizer

    strings = pipeline().vocab.strings
    return frozenset(strings.add(char) for char in Sentencizer.default_punct_chars)


def _paragraphs(text: str, turns: list[Turn]) -> Iterator[tuple[int, int]]:
    for turn in turns:
        start = turn.start
        while start < turn.end:
            newline = text.find("\n", start, turn.end)
            end = turn.end if newline == -1 else newline
            if end > start:
                yield start, end
            start = end + 1


def sentence_starts(doc: Doc) -> list[int]:
    """Character offsets (within ``doc``) where the sentencizer's rule starts a sentence."""
    from spacy.attrs import IDX, IS_PUNCT, ORTH

    punct = _punct_hashes()
    rows = doc.to_array([ORTH, IS_PUNCT, IDX]).tolist()
    starts = [0] if rows else []
    seen_period = False
    for orth, is_punct, idx in rows:
        if orth in punct:
            seen_period = True
        elif seen_period and not is_punct:
            starts.append(idx)
            seen_period = False
    return starts


def sentences(text: str, turns: list[Turn], batch_size: int = 1000) -> list[Sentence]:
    """Sentences of every turn, as code-point ranges into ``text``, trimmed of spaces."""
    tokenizer: Tokenizer = pipeline().tokenizer
    spans = list(_paragraphs(text, turns))
    result: list[Sentence] = []
    docs = tokenizer.pipe((text[s:e] for s, e in spans), batch_size=batch_size)
    for (offset, end_of_paragraph), doc in zip(spans, docs):
        starts = [offset + i for i in sentence_starts(doc)]
        for start, end in zip(starts, starts[1:] + [end_of_paragraph]):
            start, end = trim(text, start, end)
            if end > start:
                result.append(Sentence(start, end))
    return result
