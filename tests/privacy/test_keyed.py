"""The gate's keyed search finds exactly what the alternation finds, faster."""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator

from casebook.privacy.keyed import UNWORDLY, Keyed, caseless
from casebook.privacy.variants import Forms, Original, fold

ORIGINALS = [
    Original("Samira el Amrani", "Persoon 1", "persoon"),
    Original("mevrouw Jansen", "Persoon 2", "persoon"),
    Original("Ayşe Yılmaz", "Persoon 3", "persoon"),
    Original("Roos", "Persoon 4", "persoon"),  # an everyday word: only with its capital
    Original("Best", "Plaats 1", "locatie"),
    Original("Zorggroep De Linde", "Organisatie 1", "instelling"),
    Original("Kanaalweg 12", "Adres 1", "adres"),
    Original("Σίσυφος Παπαδόπουλος", "Persoon 5", "persoon"),
    Original("Straße-Müller", "Persoon 6", "persoon"),
    Original("J.P. de Vries", "Persoon 7", "persoon"),
    Original("O'Neill", "Persoon 8", "persoon"),
    Original("14 februari 1986", "[datum]", "datum"),
    Original("06-23918457", "[telefoon]", "telefoon"),
]
EVERYDAY = {"roos", "best", "linde"}
NOISE = ["de", "van", "het", "Samiras", "Jansens", "xJansen", "Amrani_", "ROOS", "roos", "Best",
         "best", "1986", "14-2-86", "Yilmaz", "YILMAZ", "yılmaz", "İLMAZ", "ſamira", "SAMIRA",
         "ΣΊΣΥΦΟΣ", "σίσυφοσ", "straße", "STRASSE", "müller", "o'neill", "O`Neill", "J.P.",
         "de Vries", "DE VRIES", "Linde", "De Linde", "el amrani", "Kanaalweg", "12", "·",
         "\u0345", "ι", "KANAALWEG", "Kanaalweg12", "é", "\u212aanaalweg", ".", ",", "-", "'",
         "\n", "  ", "<b>", "&amp;", "*", "Ellen", "Hoekstra", "Persoon 1"]


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    pieces = NOISE + [o.text for o in ORIGINALS]
    texts = []
    for _ in range(count):
        words = [rng.choice(pieces) for _ in range(rng.randrange(1, 12))]
        glue = [rng.choice([" ", " ", " ", "", ", ", ". ", "-", "'", "\u00a0"]) for _ in words]
        texts.append("".join(w + g for w, g in zip(words, glue)))
    return texts


def test_keyed_search_yields_what_the_alternation_yields_on_random_texts() -> None:
    forms = Forms(ORIGINALS, EVERYDAY)
    assert forms.pattern is not None and forms._keyed is not None
    assert forms._keyed.offsets is not None  # every form has a key word: the fast path runs
    found = 0
    for text in _texts(12, 4000):
        for folded in (fold(text), text):  # folded as the gate searches, and as written
            ours = [(m.span(), m.group()) for m in forms._keyed.finditer(folded)]
            assert ours == [(m.span(), m.group()) for m in forms.pattern.finditer(folded)], text
            found += len(ours)
    assert found > 1000  # the texts do hold forms


def test_a_form_without_a_word_makes_every_text_searched_whole() -> None:
    pattern = re.compile(r"(?<!\w)(?:(?i:\?\?)|(?i:jan))(?!\w)")
    keyed = Keyed(pattern, ["??", "jan"] * 10)
    assert keyed.offsets is None
    assert [m.group() for m in keyed.finditer("?? en JAN")] == ["??", "JAN"]


def test_caseless_writes_alike_what_re_matches_case_insensitively() -> None:
    """Over every cased character: what ``(?i:p)`` matches is written alike by caseless
    (same word-ness, one character), except the one UNWORDLY mark."""
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    cased = [c for c in chars if c.lower() != c or c.upper() != c or caseless(c) != c]
    assert len(cased) > 2500
    joined = "".join(cased)
    word = re.compile(r"\w")
    unlike = set()
    for p in cased:
        for c in re.findall("(?i:" + re.escape(p) + ")", joined):
            if caseless(c) != caseless(p) or bool(word.match(c)) != bool(word.match(p)):
                unlike.add(c if c in UNWORDLY else p)
    assert unlike == set(UNWORDLY)
    assert all(len(caseless(c)) == 1 and bool(word.match(caseless(c))) == bool(word.match(c))
               for c in cased)


def test_a_text_with_the_unwordly_mark_is_searched_whole() -> None:
    literals = ["ιωαννου", *(f"naam{n}" for n in range(20))]  # more than a few: keyed
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(f"(?i:{w})" for w in literals) + r")(?!\w)")
    keyed = Keyed(pattern, literals)
    assert keyed.offsets is not None
    text = "de \u0345ωαννου en NAAM3"  # "ι" and U+0345 match case-insensitively
    expected = [m.span() for m in pattern.finditer(text)]
    assert len(expected) == 2
    assert [m.span() for m in keyed.finditer(text)] == expected


def test_a_name_with_sharp_s_is_found_however_it_is_written() -> None:
    """casefold() writes "ß" as "ss", which re's case-insensitive match does not: the gate
    folds both sides alike (found by review)."""
    forms = Forms([Original("Straße-Müller", "Persoon 6", "persoon")], set())
    for text in ("Straße sprak", "Strasse sprak", "straße-müller", "STRAẞE-MÜLLER"):
        assert [h.original.pseudonym for h in forms.hits(text)], text


def test_a_letter_re_matches_but_casefold_writes_otherwise_is_named_not_a_crash() -> None:
    """"Yilmaz" matches the form "yılmaz" case-insensitively ("I" and "ı"), though their
    case foldings differ: the hit names its original (it raised KeyError)."""
    forms = Forms([Original("Ayşe Yılmaz", "Persoon 3", "persoon")], set())
    assert [(h.found, h.original.pseudonym) for h in forms.hits("dat zei Yilmaz")] == [
        ("Yilmaz", "Persoon 3")]


def test_pseudonymise_replaces_names_with_sharp_s_and_dotless_i_as_written() -> None:
    from casebook.privacy.guard import Gate

    gate = Gate(None, [Original("Straße-Müller", "Persoon 6", "persoon"),  # type: ignore[arg-type]
                       Original("Ayşe Yılmaz", "Persoon 3", "persoon")])
    assert gate.pseudonymise("Mevrouw Straße-Müller en AYŞE YILMAZ.") == \
        "Mevrouw Persoon 6 en Persoon 3."


def test_no_character_caseless_writes_is_one_it_rewrites() -> None:
    """caseless replaces its characters one after another: that is one substitution of all
    of them only while no replacement is itself replaced."""
    from casebook.privacy.keyed import _CASELESS

    assert not set(_CASELESS.values()) & set(_CASELESS)


def test_a_few_forms_are_searched_only_where_a_key_word_stands_and_found_alike() -> None:
    """With a few forms the alternation runs only if a key word stands in the text at all:
    it finds what it finds on every text, and most texts are not searched."""
    forms = Forms(ORIGINALS[:2] + ORIGINALS[3:4] + ORIGINALS[8:9], EVERYDAY)  # 15 forms
    keyed = forms._keyed
    assert forms.pattern is not None and keyed is not None and keyed.few
    found = 0
    for text in _texts(13, 4000):
        for folded in (fold(text), text):
            ours = [(m.span(), m.group()) for m in keyed.finditer(folded)]
            assert ours == [(m.span(), m.group()) for m in forms.pattern.finditer(folded)], text
            found += len(ours)
    assert found > 500
    pattern = forms.pattern  # the spy stands in for it (forms.pattern is keyed's)

    class Spy:
        calls = 0

        def finditer(self, text: str) -> Iterator[re.Match[str]]:
            Spy.calls += 1
            return pattern.finditer(text)

    keyed.pattern = Spy()  # type: ignore[assignment]
    assert list(keyed.finditer("de klantmanager belde terug " * 1000)) == []
    assert Spy.calls == 0
    assert [m.group() for m in keyed.finditer("toen zei SAMIRA dat")] == ["SAMIRA"]
    assert Spy.calls == 1


def test_the_gates_exact_search_keyed_yields_what_its_pattern_yields() -> None:
    """The gate finds the originals as review accepted them (to replace them in a document's
    shown text) by the keyed search; its pattern's bounds are stricter than a word's ("@"
    and "." before, "@" and ".x" after), and the keyed search finds exactly what the
    pattern's finditer finds, here too."""
    from casebook.privacy.guard import Gate

    extra = [Original(name, f"Persoon {n}", "persoon") for n, name in enumerate(
        ["Ellen Hoekstra", "Mohamed", "Kees de Boer", "Anouk", "Dijkstra", "Fatima Yousfi",
         "Noor", "Bram", "Lotte van Dijk", "Jan"], 10)]
    gate = Gate(None, ORIGINALS + extra, everyday=EVERYDAY)  # type: ignore[arg-type]
    exact = gate._exact
    assert exact is not None and exact.keyed.offsets is not None and not exact.keyed.few
    rng = random.Random(7)
    pieces = NOISE + [o.text for o in ORIGINALS + extra] + ["MOHAMED", "jan", "de boer"]
    bounds = ["", " ", "@", ".", ".nl", ".x", "x", "_", "'", "-", "é", "\n"]
    found = 0
    for _ in range(4000):
        words = [rng.choice(pieces) for _ in range(rng.randrange(1, 12))]
        text = "".join(w + rng.choice(bounds + [" ", " ", ", "]) for w in words)
        for searched in (text, fold(text)):
            ours = [(m.span(), m.group()) for m in exact.keyed.finditer(searched)]
            assert ours == [(m.span(), m.group()) for m in exact.pattern.finditer(searched)], \
                searched
            found += len(ours)
    assert found > 1000
