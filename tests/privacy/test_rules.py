"""Our Dutch rules on realistic sentences: what they must find and near misses they must not."""

from __future__ import annotations

import pytest

from casebook.model import Turn
from casebook.privacy import names, rules
from casebook.privacy.service import merge


def found(text: str) -> list[tuple[str, str]]:
    return [(c.category, text[c.start:c.end]) for c in merge(rules.detect(text), text)]


@pytest.mark.parametrize("digits, valid", [
    ("111222333", True), ("123456782", True), ("123456789", False), ("000000000", False),
    ("12345678", False),
])
def test_bsn_eleven_test(digits, valid):
    assert rules.bsn_valid(digits) is valid


def test_bsn_found_only_when_it_passes_the_eleven_test():
    text = "Mijn BSN is 123456782, of was het 123456789? Op papier: 1112.22.333."
    assert found(text) == [("bsn", "123456782"), ("bsn", "1112.22.333")]


@pytest.mark.parametrize("number", [
    "06-12345678", "0612345678", "06 1234 5678", "+31 6 12345678", "+31 (0)6 1234 5678",
    "030-1234567", "020 123 4567", "0031 30 123 4567",
])
def test_phone_numbers(number):
    assert found(f"Je kunt me bellen op {number}, liefst 's middags.") == [("telefoon", number)]


def test_years_amounts_and_times_are_not_phone_numbers():
    text = ("In 2019 kreeg ik 1450 euro bijstand, in 2020 nog 1.200. Om 10.30 uur"
            " begon het gesprek; het duurde 45 minuten. Dossier 2023-0481.")
    assert [c for c in found(text) if c[0] in ("telefoon", "bsn", "datum")] == []


def test_email_url_iban_postcode():
    text = ("Mail naar s.bakker@gemeente-utrecht.nl of kijk op https://www.werk.nl/vacatures."
            " Rekening NL91 ABNA 0417 1643 00, met een tikfout NL91 ABNA 0417 1643 01."
            " Postcode 3512 AB. Belgisch: BE68 5390 0754 7034, fout: BE68 5390 0754 7035.")
    assert found(text) == [
        ("email", "s.bakker@gemeente-utrecht.nl"), ("url", "https://www.werk.nl/vacatures"),
        ("iban", "NL91 ABNA 0417 1643 00"), ("iban", "NL91 ABNA 0417 1643 01"),
        ("postcode", "3512 AB"), ("iban", "BE68 5390 0754 7034")]


def test_iban_checksum():
    assert rules.iban_valid("NL91ABNA0417164300")
    assert not rules.iban_valid("NL91ABNA0417164301")


def test_street_and_house_number():
    text = ("Ze woont aan de Kerkstraat 12a, vroeger op de Van Goghlaan 3 en daarna op de"
            " Oudegracht 201-2 in Utrecht. De straat was rustig; huisnummer 4 wist ik niet.")
    assert found(text) == [("adres", "Kerkstraat 12a"), ("adres", "Van Goghlaan 3"),
                           ("adres", "Oudegracht 201-2")]


def test_dates_and_birth_year():
    text = ("Het gesprek was op 12 maart 2024, de intake op 03-01-2024 en de evaluatie op"
            " 2024-06-30. Ze is geboren in 1985 en is nu 39 jaar oud.")
    assert found(text) == [("datum", "12 maart 2024"), ("datum", "03-01-2024"),
                           ("datum", "2024-06-30"), ("datum", "1985"),
                           ("leeftijd", "39 jaar oud")]


def test_no_date_from_scores_or_versions():
    text = "Ze scoorde 7.5 en 8.25; versie 1.2.3 van het plan; 32-45-2024 is geen datum."
    assert found(text) == []


@pytest.mark.parametrize("label, is_name", [
    ("Mohamed el Amrani", True), ("Fatima", True), ("Jan de Vries", True),
    ("I", False), ("R", False), ("Interviewer", False), ("Spreker 2", False),
    ("Deelnemer 3", False), ("Klantmanager", False), ("P1", False), ("R2", False),
    ("interviewer", False), ("Respondent (vrouw)", False),
])
def test_speaker_labels_that_are_names(label, is_name):
    assert names.is_person_label(label) is is_name


def test_speaker_labels_and_their_names_in_the_text():
    text = ("Interviewer: Dag Fatima.\n\n"
            "Fatima Yilmaz: Dag. Fatima is mijn naam, Yilmaz mijn achternaam.")
    turns = [Turn(13, 24, "Interviewer"), Turn(41, len(text), "Fatima Yilmaz")]
    got = [(c.detector, text[c.start:c.end]) for c in merge(
        names.speaker_candidates(text, turns), text)]
    assert got == [("speaker", "Fatima"), ("speaker", "Fatima Yilmaz"), ("speaker", "Fatima"),
                   ("speaker", "Yilmaz")]


def test_merge_keeps_the_rest_of_a_losing_span():
    from casebook.privacy.rules import Candidate

    text = "Adres: Kerkstraat 12, 3512 AB Utrecht."
    cands = [Candidate(7, 20, "adres"), Candidate(22, 29, "postcode"),
             Candidate(7, 37, "locatie", "deduce")]
    assert [(c.category, text[c.start:c.end]) for c in merge(cands, text)] == [
        ("adres", "Kerkstraat 12"), ("postcode", "3512 AB"), ("locatie", "Utrecht")]


def test_names_after_titles_kin_and_introductions():
    text = ("Ik begeleid meneer Bakker en mevrouw De Groot. Zijn dochter Sanne belt soms."
            " Ik heet Ellen de Vries. Mijn man werkt niet. De heer A. van Dam kwam ook."
            " Mevrouw zei niets; haar zoon is ziek. Een vriend Van mij? Nee. Ik noem hem"
            " meneer D., hij is oud. Ja, ik ben Samira. Ik ben blij.")
    assert [t for c, t in found(text) if c == "persoon"] == [
        "Bakker", "De Groot", "Sanne", "Ellen de Vries", "A. van Dam", "D.", "Samira"]


def test_organisations_streets_without_number_and_ages_in_words():
    text = ("Ik werk bij schoonmaakbedrijf Blinkend en leer bij Zorggroep De Linde, vlakbij"
            " wijkcentrum De Pijler. Mijn cliënt in de Vondelstraat belt. Ik ben"
            " vijfenvijftig jaar. Een moeder van 38. Werk van vijftig euro; een bedrijf Dat"
            " niet bestaat. Onderweg naar huis.")
    assert found(text) == [
        ("instelling", "Blinkend"), ("instelling", "De Linde"), ("instelling", "De Pijler"),
        ("adres", "Vondelstraat"), ("leeftijd", "vijfenvijftig jaar"), ("leeftijd", "38")]
