"""The detectors see a transcript as its reader does: a name with an invisible character
inside is found, replaced whole, and mapped like the name without it."""

from __future__ import annotations

import random

from casebook.model import Turn
from casebook.privacy import service
from casebook.privacy.mapping import normalise
from casebook.privacy.rules import Candidate
from casebook.privacy.shown import Shown, seen
from casebook.privacy.unseen import code_points

UNSEEN = [chr(c) for c in code_points()]


def test_offsets_go_both_ways_on_random_texts() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice(["a", "b", " ", "\u200e", "\u0301", "\x01", "\u2062", "é"])
                       for _ in range(rng.randrange(0, 25)))
        shown = Shown(text)
        assert shown.text == "".join(c for c in text if c not in UNSEEN)
        for at, char in enumerate(shown.text):  # each shown character is where it was
            assert text[shown.source_offset(at)] == char
        for offset in range(len(text) + 1):  # and every source offset falls in the shown text
            assert seen(text[:offset]) == shown.text[:shown.shown_offset(offset)]


def test_a_span_is_moved_back_whole_with_the_marks_on_its_last_letter() -> None:
    text = "Hoi Sa\u200emira\u200f, en Jan\u05b0 ok"
    shown = Shown(text)
    spans = shown.back([Candidate(4, 10, "persoon"), Candidate(15, 18, "persoon")])
    assert [text[c.start:c.end] for c in spans] == ["Sa\u200emira", "Jan\u05b0"]


def test_every_detector_finds_a_name_with_an_unseen_character_inside() -> None:
    text = ("I: Hoe gaat het met u, mevrouw Ja\u200ensen?\n"
            "R: Goed. Mijn BSN is 2718\u206249368 en Sa\u2063mira belt me op 06-2391\u200b8457.\n")
    turns = [Turn(3, 41, "I"), Turn(45, len(text) - 1, "R")]
    found = service.detect(text, turns, use_deduce=False, known={"persoon": {"Samira"}})
    spans = {text[c.start:c.end] for c in found}
    assert "Ja\u200ensen" in spans or "mevrouw Ja\u200ensen" in spans, spans
    assert "Sa\u2063mira" in spans and "06-2391\u200b8457" in spans, spans
    assert any(s.startswith("2718") for s in spans), spans
    assert not any(text[s.start - 1:s.start] in UNSEEN for s in found)


def test_the_hidden_spelling_maps_like_the_plain_one() -> None:
    assert normalise("Sa\u200emira") == normalise("Samira") == "samira"
