"""A name that ends in an initial ("meneer D.") takes its full stop along where the
sentence goes on, so "meneer D., 55" reads "Persoon 7, 55" and not "Persoon 7., 55"."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from casebook.privacy import replacements
from casebook.privacy.service import pseudonymise


class _Findings:
    """The one store method :func:`replacements` asks: the document's findings."""

    def __init__(self, text: str, *names: tuple[str, str], decision: str = "accepted"):
        self.found = []
        at = 0
        for original, replacement in names:
            start = text.index(original, at)
            at = start + len(original)
            self.found.append(SimpleNamespace(start=start, end=at, replacement=replacement,
                                              decision=decision))

    def privacy_findings(self, _document_id: int) -> list[SimpleNamespace]:
        return self.found


def shown(text: str, *names: tuple[str, str]) -> str:
    store = _Findings(text, *names)
    return pseudonymise(text, replacements(store, 1, 0, len(text), text=text))  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "expected"), [
    ("Ik noem hem meneer D., vijfenvijftig.", "Ik noem hem Persoon 7, vijfenvijftig."),
    ("En meneer D. dus, sorry.", "En Persoon 7 dus, sorry."),
    ("Bij meneer D.; daarna niet.", "Bij Persoon 7; daarna niet."),
    ("(meneer D.) zei het.", "(Persoon 7) zei het."),
])
def test_the_stop_of_an_initial_goes_where_the_sentence_goes_on(text, expected):
    assert shown(text, ("meneer D", "Persoon 7")) == expected


@pytest.mark.parametrize("text", [
    "Ik sprak meneer D.",  # the end of the text
    "Ik sprak meneer D.\nToen ging hij.",  # the end of a line
    "Ik sprak meneer D. Hij was er.",  # a capital: the stop may end the sentence
    "Ik sprak meneer D. 55 jaar.",  # not a lower-case word
])
def test_the_stop_stays_where_it_may_end_the_sentence(text):
    assert shown(text, ("meneer D", "Persoon 7")) == text.replace("meneer D", "Persoon 7")


def test_the_stop_stays_for_a_replacement_that_ends_in_an_initial_too():
    assert shown("Ik sprak meneer D., toen.", ("meneer D", "meneer K")) == \
        "Ik sprak meneer K., toen."


def test_only_an_initial_takes_its_stop():
    text = "Ik sprak Dirk. en toen Jan, zei hij."
    assert shown(text, ("Dirk", "Persoon 1")) == "Ik sprak Persoon 1. en toen Jan, zei hij."
    assert shown("Het was in DenBoschD. en", ("DenBoschD", "Plaats 1")) == \
        "Het was in Plaats 1. en"


def test_the_stop_is_not_taken_from_the_next_replacement_or_past_the_range():
    text = "meneer D.de rest"
    store = _Findings(text, ("meneer D", "Persoon 7"), (".de", "[x]"))
    assert replacements(store, 1, 0, len(text), text=text) == [  # type: ignore[arg-type]
        (0, 8, "Persoon 7"), (8, 11, "[x]")]
    short = "meneer D., ja"
    store = _Findings(short, ("meneer D", "Persoon 7"))
    assert replacements(store, 1, 0, 8, text=short) == [(0, 8, "Persoon 7")]  # type: ignore[arg-type]
    assert replacements(store, 1, 0, len(short)) == [(0, 8, "Persoon 7")]  # type: ignore[arg-type]
