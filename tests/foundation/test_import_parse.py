"""Import's reading: a clean line is kept as it is, any other is cleaned as before (words
joined by one space), whatever white space it holds."""

import random

from casebook.ingest.build import clean_line

SPACES = [" ", "  ", "\t", "\u00a0", "\u2003", "\u3000", "\x1c", "\x85", "\u2028", "\r", "\n"]
WORDS = ["ja", "Nee.", "é", "e\u0301", "😅", "\u200b", "zo'n", ":", ""]


def test_clean_line_is_words_joined_by_one_space():
    rng = random.Random(11)
    for _ in range(5000):
        line = "".join(rng.choice(WORDS + SPACES) for _ in range(rng.randint(0, 12)))
        assert clean_line(line) == " ".join(line.split()), repr(line)


def test_a_clean_line_is_the_same_object():
    line = "I: Dat is toch het idee van gewogen maatwerk, zegt ze 😊."
    assert clean_line(line) is line
    assert clean_line(" " + line) == line
    assert clean_line(line.replace(" ", "\u00a0", 1)) == line
