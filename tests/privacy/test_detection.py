"""Detection of what review found missing, on transcripts written for these tests (not the
demo's): organisations as organisations, neighbourhoods and streets without a number from
the packages' lists, ages in words without a cue, years of birth, person spans that stop at
a sentence end."""

from __future__ import annotations

import pytest

from casebook.model import Turn
from casebook.privacy import deduce_detector, places, service
from casebook.privacy.rules import Candidate

INTERVIEW = (
    "R: Ik werk nu drie dagen bij Bakkerij De Graaf, en in de zomer bij Zorggroep Het Baken. "
    "Mijn broer zit bij Installatietechniek Bosman. Boodschappen doe ik bij de Albert Heijn.\n"
    "I: Waar woon je?\n"
    "R: In Overvecht, vroeger woonde ik in Lunetten. Mijn moeder woont op de Biltstraat, "
    "vlak bij de Maliebaan. De weg naar huis is lang.\n"
    "I: En je familie?\n"
    "R: Mijn vader, tweeënzestig, werkt nog. Mijn zus is van 1983, ik ben van 1979. "
    "Ze kreeg vijfenveertig euro terug. Dat was van 2010 tot 2015.\n"
    "I: Wie is je klantmanager?\n"
    "R: Ik sprak mevrouw Bakker. Karin vond het goed dat ik kwam."
)


def found(text: str, *, with_deduce=None, monkeypatch=None) -> dict[str, str]:
    turns = [Turn(0, len(text))]
    if with_deduce is not None:
        monkeypatch.setattr(deduce_detector, "detect", with_deduce)
    result = service.detect(text, turns, use_deduce=with_deduce is not None)
    return {text[c.start:c.end]: c.category for c in result}


def test_organisations_are_organisations_not_people():
    got = found(INTERVIEW)
    for name in ("Bakkerij De Graaf", "Zorggroep Het Baken", "Installatietechniek Bosman",
                 "Albert Heijn"):
        assert got.get(name) == "instelling", (name, got)
    assert not any(cat == "persoon" and ("Graaf" in text or "Heijn" in text or "Bosman" in text)
                   for text, cat in got.items())


def test_an_organisation_beats_the_person_deduce_sees_in_it(monkeypatch):
    def deduce_sees_people(text, status=None):
        for name in ("De Graaf", "Albert Heijn", "Bosman"):
            i = text.index(name)
            yield Candidate(i, i + len(name), "persoon", "deduce")

    got = found(INTERVIEW, with_deduce=deduce_sees_people, monkeypatch=monkeypatch)
    assert got["Bakkerij De Graaf"] == got["Albert Heijn"] == "instelling"
    assert got["Installatietechniek Bosman"] == "instelling" and "Bosman" not in got


def test_organisations_get_an_organisation_stand_in(store):
    from tests.privacy.test_service import add_doc

    doc = add_doc(store, "werk", [("R", "Ik werk bij Bakkerij De Graaf. Bakkerij De Graaf "
                                        "is aardig. Ook bij de Albert Heijn.")])
    service.scan(store, use_deduce=False)
    replaced = {f.text: f.replacement for f in store.privacy_findings(doc)}
    assert replaced == {"Bakkerij De Graaf": "Organisatie 1", "Albert Heijn": "Organisatie 2"}


def test_neighbourhoods_and_streets_without_a_number():
    got = found(INTERVIEW)
    assert got.get("Overvecht") == got.get("Lunetten") == "locatie", got
    assert got.get("Biltstraat") == got.get("Maliebaan") == "adres", got
    assert "Dat" not in got and "De weg" not in got  # everyday words stay


def test_the_neighbourhood_list_comes_from_the_package_and_is_not_everyday_words():
    quarters = places.neighbourhoods()
    assert {"Kanaleneiland", "Overvecht", "Lunetten", "Lombok"} <= quarters
    assert not quarters & {"Noord", "Centrum", "Fysiotherapie", "Apotheek", "Zorg"}
    assert len(quarters) > 300


def test_ages_in_words_without_a_cue_and_years_of_birth():
    got = found(INTERVIEW)
    assert got.get("tweeënzestig") == "leeftijd"
    assert "vijfenveertig" not in got  # an amount: followed by its noun
    assert got.get("1983") == got.get("1979") == "datum"
    assert "2010" not in got and "2015" not in got  # "van 2010 tot 2015": a period


@pytest.mark.parametrize("text, words", [
    ("meneer D., vijfenvijftig, al acht jaar in de bijstand", "vijfenvijftig"),
    ("Zij was toen drieëntwintig.", "drieëntwintig"),
    ("Hij is eenenzeventig jaar oud en werkt nog", "eenenzeventig jaar oud"),
])
def test_age_words(text, words):
    assert found(text).get(words) == "leeftijd"


def test_a_person_span_stops_at_a_sentence_end(monkeypatch):
    def deduce_runs_on(text, status=None):
        i = text.index("mevrouw Bakker")
        yield Candidate(i, text.index(" vond"), "persoon", "deduce")  # "mevrouw Bakker. Karin"

    got = found(INTERVIEW, with_deduce=deduce_runs_on, monkeypatch=monkeypatch)
    assert got.get("Bakker") == got.get("Karin") == "persoon"
    assert not any(". " in text for text in got)


def test_an_initial_keeps_its_title_and_a_title_is_no_name(store):
    from tests.privacy.test_service import add_doc

    doc = add_doc(store, "d", [("R", "Dhr. P. de Vries kwam. Toen meneer D. ook. "
                                     "Meneer, zei ik, het is goed.")])
    service.scan(store, use_deduce=False)
    texts = [f.text for f in store.privacy_findings(doc)]
    assert "P. de Vries" in texts and "Meneer" not in texts
