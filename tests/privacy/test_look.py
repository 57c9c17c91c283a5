"""The last look, fed a text piece by piece, sees every form the search of the whole text
sees: on random XML-like texts with names planted glued, split over lines and tags, in
attributes, behind entities and marks, in long runs of white space, and cut anywhere."""

from __future__ import annotations

import random

import pytest

from casebook.privacy import look as look_module
from casebook.privacy.look import LastLook, reach
from casebook.privacy.variants import Forms, Original, fold

ORIGINALS = [
    Original("Samira el Amrani", "Persoon 1", "persoon"),
    Original("mevrouw Jansen", "Persoon 2", "persoon"),
    Original("Ayşe Yılmaz", "Persoon 3", "persoon"),
    Original("Roos", "Persoon 4", "persoon"),
    Original("Zorggroep De Linde", "Organisatie 1", "instelling"),
    Original("Kanaalweg 12", "Adres 1", "adres"),
    Original("Straße-Müller", "Persoon 6", "persoon"),
    Original("J.P. de Vries", "Persoon 7", "persoon"),
    Original("14 februari 1986", "[datum]", "datum"),
    Original("06-23918457", "[telefoon]", "telefoon"),
    Original("3511 AB", "[postcode]", "postcode"),
    Original("Σίσυφος Παπαδόπουλος", "Persoon 5", "persoon"),
    Original("Ellen van Wijk-Hoekstra", "Persoon 8", "persoon"),
    Original("Mohammed", "Persoon 9", "persoon"),
    Original("NL91 ABNA 0417 1643 00", "[iban]", "iban"),
    Original("Leidsche Rijn Centrum Oost", "Plaats 2", "locatie"),  # no part is a form
]
EVERYDAY = {"roos", "linde"}
LONG = " " * 300
PLANTED = [
    "Samira", "Amrani", "el Amrani", "SAMIRA EL AMRANI", f"Samira{LONG}el\n{LONG}Amrani",
    "Samira</Text>\n  <Text>el Amrani", "Samira\" b=\"el Amrani", "Sa<b>mira</b>", "&#83;amira",
    "Sam&shy;ira", "Sa*mira*", "Sa&amp;mira", "Ayse Yilmaz", "AYŞE YILMAZ", "yılmaz",
    "Jansen", "mevrouw\nJansen", "Roos", "roos", "De Linde", "Kanaalweg", "Kanaalweg 12",
    "Strasse", "STRAẞE-MÜLLER", "J.P. de Vries", "Vries", "Σίσυφος", "ΣΊΣΥΦΟΣ", "Hoekstra",
    "Wijk-Hoekstra", "Ellen", "Ellen van Wijk-Hoekstra", f"ELLEN{LONG}van Wijk\n-Hoekstra",
    "Mohammed", "Moha&#109;med", "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300",
    "4 1 7 1 6 4 3", "4.17.16.43", "Leidsche Rijn Centrum\n    Oost",
    f"leidsche{LONG}rijn\ncentrum</Text>\n<Text>oost",
    "14 februari 1986", "14-2-1986", "1986-02-14", "14 feb. 86",
    "14 februari" + "x" * 120 + " 1986", "14 febr" + "u" * 60 + ". 1986",
    "14 februari" + "x" * 120 + "\n    1986", "14 febr" + "u" * 60 + ".\n86",
    "06 2391 8457", "+31 6 2391 8457", "0623918457", "1 2 3 06 23918457 4 5 6",
    "06-2391" + LONG + "8457", "3511 AB", "3511AB", "3511 ab",
]
NOISE = ["de", "van", "het", "Samiras", "xSamira", "Amrani_", "Jansens", "1986", "12",
         "2391", "35111 AB", "februari", "é", "\u0301", "ß", "ı", "·", "&amp;", "&lt;", "&",
         "<", ">", "*", "-", "_", "|", "\u00a0", "\u2013", "\t", LONG, "x" * 70, "9" * 40]
GLUE = [" ", " ", "", "\n", "\n    ", ", ", ". ", "-", "'", '"', "=", "<i>", "</i>", LONG]


def _xml(rng: random.Random, planted: float, one: bool = False) -> str:
    """A text like a .qde: elements on indented lines, attributes, text over lines; with
    ``one`` a single planted piece in it."""
    lines = []
    chosen = rng.randrange(30)
    for line in range(rng.randrange(1, 30)):
        words = "".join(rng.choice(PLANTED if rng.random() < planted else NOISE)
                        + rng.choice(GLUE) for _ in range(rng.randrange(0, 5)))
        if one and line == chosen:
            words = rng.choice(NOISE) + rng.choice(GLUE) + rng.choice(PLANTED) + \
                rng.choice(GLUE) + words
        pad = " " * rng.choice([0, 2, 4, 6, 10, 200])
        lines.append(rng.choice([
            f'{pad}<PlainTextSelection name="{words}" startPosition="{rng.randrange(10**7)}">',
            f"{pad}<Text>{words}</Text>", f"{pad}{words}", f'{pad}<Ref guid="{rng.random()}" />',
            f"{pad}</PlainTextSelection>"]))
    return "\n".join(lines) + rng.choice(["\n", "", "\n\n"])


def _fed(look: LastLook, text: str, rng: random.Random) -> bool:
    """``look`` fed ``text`` in random pieces (often without a line end, often one
    character): what it says at the end."""
    at = 0
    while at < len(text):
        size = rng.choice([1, 2, 5, 17, 40, 90, 400])
        look.feed(text[at:at + size])
        at += size
    return look.close()


def test_the_folded_pieces_joined_are_the_fold_of_the_whole() -> None:
    """With a window as long as the text, what the look holds at the end is the whole
    text folded without its tags and with them."""
    rng = random.Random(3)
    absent = Forms([Original("Zyxwvu Qwerty", "P", "persoon")], set())  # in no text
    for _ in range(3000):
        text = _xml(rng, 0.3)
        look = LastLook(absent)
        look.reach = 10 ** 9
        assert not _fed(look, text, rng)
        assert look.held == [fold(text), fold(text, tags=False)], repr(text)


def _compare(forms: Forms, seed: int, count: int, one: bool = False) -> tuple[int, int, int]:
    """(texts the whole search refuses, of them the look missed, texts the look stops
    that the whole search passes)."""
    rng = random.Random(seed)
    refused = missed = alarms = 0
    for _ in range(count):
        text = _xml(rng, 0.0, one=True) if one else _xml(rng, rng.choice([0.0, 0.02, 0.1]))
        whole = bool(list(forms.hits(text, markup=True)))
        looked = _fed(LastLook(forms), text, rng)
        refused += whole
        missed += whole and not looked
        alarms += looked and not whole
    return refused, missed, alarms


@pytest.mark.parametrize("few", [False, True])
def test_the_look_sees_every_form_the_whole_search_sees(few: bool) -> None:
    forms = Forms(ORIGINALS[:2] if few else ORIGINALS, EVERYDAY)
    assert forms._keyed is not None and forms._keyed.few == few
    refused, missed, alarms = _compare(forms, 11 + few, 2500)
    assert missed == 0
    assert 500 < refused < 2000  # both kinds of text are there
    assert alarms < 100  # a form seen only at a window's edge: the export checks whole then
    refused, missed, alarms = _compare(forms, 21 + few, 2500, one=True)
    assert missed == 0 and refused > 1000


def test_the_look_misses_forms_with_a_shorter_reach_or_no_margin(monkeypatch) -> None:
    """The bounds are needed: the same texts, looked at through windows that overlap by
    the margin alone, or start at a word without the margin for a written date's day, miss
    forms."""
    forms = Forms(ORIGINALS, EVERYDAY)  # the same texts give no miss in the test above
    monkeypatch.setattr(look_module, "reach", lambda forms: 2)
    assert _compare(forms, 21, 1000, one=True)[1] > 0
    monkeypatch.undo()
    monkeypatch.setattr(look_module, "MARGIN", 0)
    assert _compare(forms, 21, 1000, one=True)[1] > 0


def test_the_reach_is_the_longest_form_a_numbers_digits_or_a_date_with_both_looks() -> None:
    assert reach(Forms([], set())) == 14
    assert reach(Forms([Original("Ellen van Wijk-Hoekstra", "P", "persoon")], set())) == 25
    assert reach(Forms([Original("NL91 ABNA 0417 1643 00", "I", "iban")], set())) == \
        4 * len("417164300") - 3 + 2  # the account number's digits, each up to 3 apart


def test_a_look_for_no_forms_folds_nothing(monkeypatch) -> None:
    from casebook.privacy import variants

    monkeypatch.setattr(look_module, "folds", lambda *a, **k: pytest.fail("folded"))
    nothing = LastLook(Forms([], set()))
    nothing.feed("<a>Samira</a>\n" * 10)
    assert not nothing.close()
    monkeypatch.setattr(look_module, "folds", variants.folds)
    some = LastLook(Forms(ORIGINALS[:1], set()))
    some.feed("<a>Samira</a>\n" * 10)
    assert some.close()
