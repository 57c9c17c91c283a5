"""Import's segmentation, at any size: the boundaries of spaCy's Sentencizer component, turn
by turn and paragraph by paragraph, on texts made to trip it -- runs of white space that
the tokenizer keeps as tokens, punctuation only, turns that begin or end with spaces --
and on many paragraphs at once (more than one batch)."""

import random

from casebook.ingest.segment import sentences
from casebook.model import Turn
from tests.foundation.test_segment import spacy_sentences  # spaCy's Sentencizer, trimmed

PIECES = ["Ja", "nee", "Dr.", "Jansen", "10.30", "uur", "😅", "e\u0301", "“ga", "maar”", ".",
          "!", "?", "...", "?!", "…", "(", ")", ":", ";", ",", "'", "—", "-", "。", "१",
          " ", "  ", "\t", "\u00a0", "\u2003", "\n", "\u200b", "x.", "a.b", "U.S.A."]


def random_text(rng: random.Random, turns: int) -> tuple[str, list[Turn]]:
    text, found = "", []
    for _ in range(turns):
        label = rng.choice(["I: ", "R: ", ""])
        body = "".join(rng.choice(PIECES) + rng.choice(["", " ", " ", "  "])
                       for _ in range(rng.randint(1, 25)))
        text += label
        found.append(Turn(len(text), len(text) + len(body)))
        text += body + "\n\n"
    return text, found


def test_random_texts_give_the_components_boundaries():
    rng = random.Random(23)
    for _ in range(300):
        text, turns = random_text(rng, rng.randint(1, 6))
        ours = [(s.start, s.end) for s in sentences(text, turns)]
        assert ours == spacy_sentences(text, turns), repr(text)


def test_many_paragraphs_over_several_batches():
    rng = random.Random(5)
    text, turns = random_text(rng, 260)
    expected = spacy_sentences(text, turns)
    for batch_size in (1, 7, 100, 1000):
        assert [(s.start, s.end) for s in sentences(text, turns, batch_size)] == expected


def test_white_space_and_punctuation_only():
    text = " \t \n . \n\u00a0\n?! "
    turns = [Turn(0, len(text))]
    assert [(s.start, s.end) for s in sentences(text, turns)] == spacy_sentences(text, turns)
    assert sentences("   ", [Turn(0, 3)]) == []
    assert sentences("", []) == []
