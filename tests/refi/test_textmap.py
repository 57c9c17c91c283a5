"""Offsets in a text as another tool stored it, moved onto the normalised text."""

from __future__ import annotations

import random
import unicodedata

import pytest

from casebook.offsets import normalise
from casebook.refi.textmap import normalise_with_map

PIECES = ["a", "e", "\u0301", "\u0308", "\r", "\n", "\r\n", "\u2028", "\u2029", "\x85",
          "😅", "\ufeff", "\u1100", "\u1161", " ", "\u212b", "\uf900", "\x0b"]


@pytest.mark.parametrize("raw", ["a\r", "\r", "Mac\rregels\r", "b\r\r\n", "😅豈\r",
                                 "\ufeffx\r\n"])
def test_a_text_ending_in_a_line_end(raw):
    text, positions = normalise_with_map(raw)
    assert text == normalise(raw) and text.endswith("\n")
    assert positions[-1] == len(text)


def test_positions_follow_normalisation_on_random_texts():
    rng = random.Random(7)
    for _ in range(3000):
        raw = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14)))
        text, positions = normalise_with_map(raw)
        assert text == normalise(raw)
        assert len(positions) == len(raw) + 1 and positions == sorted(positions)
        assert positions[-1] == len(text)


def test_a_span_of_plain_characters_keeps_its_text():
    raw = "Eerste regel\r\nTweede re\u0301gel\rDerde 😅 regel\r\n"
    text, positions = normalise_with_map(raw)
    for word in ("Eerste", "Tweede", "Derde 😅 regel"):
        start = raw.index(word)
        assert text[positions[start]:positions[start + len(word)]] == word
    start = raw.index("re\u0301gel")  # a decomposed accent composes: the span follows
    assert text[positions[start]:positions[start + 6]] == unicodedata.normalize(
        "NFC", "re\u0301gel")
