"""Sentence segmentation: the only module that imports spaCy.

No trained Dutch model can be installed here, so segmentation uses ``spacy.blank("nl")``'s
rule-based tokenizer and the sentencizer's rule: after a token from the sentencizer's
punctuation set, the next token that is not punctuation starts a sentence. spaCy's
Sentencizer component applies that rule in a loop that builds a Token object per token;
we apply the very same rule to the token arrays spaCy gives us (``Doc.to_array``), with
numpy, for a thousand paragraphs at a time (:func:`_boundaries`). Tests check that the
boundaries are identical to the component's.

Each turn -- and each paragraph inside a turn -- is segmented on its own, so a sentence
never crosses a turn. The pipeline is built once per process, on first use.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from casebook.model import Sentence, Turn

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """``spacy.blank("nl")`` with the sentencizer (for callers that want spaCy Docs)."""
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=1)
def _punct_array() -> NDArray[np.uint64]:
    """The hashes (``ORTH``) of the sentencizer's punctuation characters."""
    import numpy as np
    from spacy.pipeline import Sentencizer

    strings = pipeline().vocab.strings  # a string's hash is the same in every vocab
    return np.array(sorted(strings.add(char) for char in Sentencizer.default_punct_chars),
                    dtype=np.uint64)


@lru_cache(maxsize=1)
def _attrs() -> list[int]:
    """What :func:`_boundaries` reads of each token."""
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, ORTH

    return [ORTH, IS_PUNCT, IDX, IS_SPACE, LENGTH]


def _paragraphs(text: str, turns: list[Turn]) -> Iterator[tuple[int, int]]:
    for turn in turns:
        start = turn.start
        while start < turn.end:
            newline = text.find("\n", start, turn.end)
            end = turn.end if newline == -1 else newline
            if end > start:
                yield start, end
            start = end + 1


def _boundaries(spans: list[tuple[int, int]], rows: list[NDArray[np.uint64]]
                ) -> tuple[list[int], list[int]]:
    """The sentences of these paragraphs by the sentencizer's rule, as ranges into the text
    trimmed of white space: ``spans`` are the paragraphs' ranges, ``rows`` their tokens'
    :func:`_attrs`.

    The rule, token by token: a paragraph's first token starts a sentence; a token from the
    punctuation set marks a sentence end as seen; the next token that is neither in the set
    nor punctuation starts a sentence (and clears the mark). Put otherwise: such a token
    starts a sentence when a token of the set lies between it and the one like it before it
    in the paragraph (or the paragraph's start). A sentence, trimmed, runs from the start of
    its first token that is not white space to the end of its last one (the tokenizer splits
    at every change between white space and not: a token is all white space or has none).
    All the paragraphs' tokens are taken at once, not one Python step per token.
    """
    import numpy as np

    counts = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    if not counts.sum():
        return [], []
    tokens = np.concatenate(rows)
    orth = tokens[:, 0]  # hashes: 64 bits, unsigned
    is_punct, idx, is_space, length = tokens[:, 1:].astype(np.int64).T
    marks = _punct_array()
    in_set = marks[np.searchsorted(marks, orth) % len(marks)] == orth
    other = ~in_set & (is_punct == 0)
    paragraph = np.repeat(np.arange(len(rows)), counts)
    first = np.cumsum(counts) - counts  # each paragraph's first token
    seen = np.concatenate(([0], np.cumsum(in_set)))  # tokens of the set before each token
    others = np.flatnonzero(other)
    owner = paragraph[others]
    after = first[owner]  # where a mark counts: after the one before, in the paragraph
    same = np.zeros(len(others), dtype=bool)
    same[1:] = owner[1:] == owner[:-1]
    after[same] = others[:-1][same[1:]] + 1
    opens = np.zeros(len(tokens), dtype=bool)
    opens[first[counts > 0]] = True
    opens[others[seen[others] > seen[after]]] = True
    begins = np.flatnonzero(opens)
    where = paragraph[begins]
    stops = (first + counts)[where]  # the token after each sentence ...
    follows = where[1:] == where[:-1]
    stops[:-1][follows] = begins[1:][follows]  # ... the next one's first, in a paragraph
    words = np.flatnonzero(is_space == 0)
    head = np.searchsorted(words, begins)  # the first token that is not white space
    tail = np.searchsorted(words, stops) - 1  # the last one
    kept = head <= tail  # a sentence of white space only is none
    head, tail, where = words[head[kept]], words[tail[kept]], where[kept]
    offsets = np.fromiter((s for s, _ in spans), dtype=np.int64, count=len(spans))[where]
    return (offsets + idx[head]).tolist(), (offsets + idx[tail] + length[tail]).tolist()


def sentences(text: str, turns: list[Turn], batch_size: int = 1000) -> list[Sentence]:
    """Sentences of every turn, as code-point ranges into ``text``, trimmed of spaces."""
    spans = list(_paragraphs(text, turns))
    tokenizer: Tokenizer = pipeline().tokenizer
    attrs = _attrs()
    result: list[Sentence] = []
    for first in range(0, len(spans), batch_size):
        chunk = spans[first:first + batch_size]
        docs = tokenizer.pipe((text[s:e] for s, e in chunk), batch_size=batch_size)
        starts, ends = _boundaries(chunk, [doc.to_array(attrs) for doc in docs])
        result += map(Sentence, starts, ends)
    return result
