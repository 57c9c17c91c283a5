"""The gate's sketch (casebook.privacy.sketch) says *no* only where the full search finds
nothing: compared with Forms.hits and Gate.pseudonymise on hostile texts (case variants,
diacritics, names split by markup, entities and invisible characters, digits spaced and
punctuated), with every choice of everyday words; and a gate whose texts it clears, and
whose views are kept, never makes its forms."""

from __future__ import annotations

import random
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.privacy.guard import Gate
from casebook.privacy.sketch import Sketch
from casebook.privacy.variants import Forms, Original
from tests.privacy.test_keyed import NOISE, ORIGINALS

HOSTILE = ORIGINALS + [
    Original("D.", "Persoon 9", "persoon"),
    Original("Émile Ørsted", "Persoon 10", "persoon"),
    Original("İsmail Öztürk", "Persoon 11", "persoon"),
    Original("Ǆemal", "Persoon 12", "persoon"),  # a title-case digraph
    Original("ΣΑΣ", "Persoon 13", "persoon"),
    Original("Ruﬀ", "Persoon 14", "persoon"),  # a ligature NFKD writes "ff"
    Original("Jo. Van Dijk", "Persoon 15", "persoon"),  # a span across a full stop
    Original("Jo", "Persoon 16", "persoon"),
    Original("3514 BK", "[postcode]", "postcode"),
    Original("271849368", "[bsn]", "bsn"),
    Original("3 juni 1968", "[datum]", "datum"),
    Original("Vondelstraat 14", "Adres 2", "adres"),
    Original("e.jansen@utrecht-werkt.nl", "[email]", "email"),
    Original("De Regenboog", "Organisatie 2", "instelling"),
    Original("Amersfoort", "Plaats 2", "locatie"),
    Original("38", "[leeftijd]", "leeftijd"),
]
WORDS = ["roos", "best", "linde", "jo", "emile", "dijk", "amersfoort", "ruff", "σας", "wie"]
SPELLINGS = ["06 23918457", "+31 6 2391 8457", "271.849.368", "271 849 368", "3514bk",
             "3514 Bk", "3-6-68", "03/06/1968", "1968-06-03", "3 jun. 68", "14-2-86"]


def variants(text: str, rng: random.Random) -> str:
    """``text`` written otherwise, as an output may hold it."""
    how = rng.randrange(12)
    if how == 0:
        return text.upper()
    if how == 1:
        return text.lower()
    if how == 2:
        return text.swapcase()
    if how == 3:
        return unicodedata.normalize("NFD", text)
    if how == 4 and len(text) > 2:  # split by markup, emphasis, an invisible character
        at = rng.randrange(1, len(text) - 1)
        glue = rng.choice(["<b>", "</i>", "*", "\u200b", "&shy;", "\u00ad", "_", "-", " "])
        return text[:at] + glue + text[at:]
    if how == 5:
        return "".join(f"&#{ord(c)};" if rng.random() < 0.3 else c for c in text)
    if how == 6:
        return text.replace("i", "ı").replace("I", "İ").replace("s", "ſ")
    if how == 7:
        return "".join(c + "\u0301" if c.isalpha() and rng.random() < 0.3 else c
                       for c in text)
    if how == 8:
        return f"<a title=\"{text}\">x</a>"
    return text


def hostile_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    pieces = NOISE + SPELLINGS + [o.text for o in HOSTILE] + \
        [w for o in HOSTILE for w in o.text.split()]
    texts = []
    for _ in range(count):
        words = [variants(rng.choice(pieces), rng) for _ in range(rng.randrange(1, 7))]
        glue = [rng.choice([" ", "", ", ", ". ", "-", "\n", "\u00a0", "&amp;", "'"])
                for _ in words]
        texts.append("".join(w + g for w, g in zip(words, glue)))
    return texts


def everyday_sets() -> list[set[str]]:
    return [set(), set(WORDS), {"roos", "jo"}, {w for w in WORDS if len(w) > 3}]


def test_a_no_is_exact_on_hostile_texts_with_any_everyday_words() -> None:
    sketch = Sketch(HOSTILE)
    assert not sketch.always
    cleared = named = 0
    for everyday in everyday_sets():
        forms = Forms(HOSTILE, everyday)
        gate = Gate(None, HOSTILE, everyday=everyday)  # type: ignore[arg-type]
        for text in hostile_texts(len(everyday), 3000):
            for markup in (False, True):
                if not sketch.may_name(text, markup=markup):
                    assert not list(forms.hits(text, markup=markup)), text
                    cleared += 1
                else:
                    named += bool(list(forms.hits(text, markup=markup)))
            if not sketch.may_replace(text):
                gate._sketch = None  # what the full pattern replaces, without the sketch
                assert gate._exact is not None
                assert _replaced(gate, text) == text, text
    assert cleared > 1000 and named > 5000  # both ways, many times


def _replaced(gate: Gate, text: str) -> str:
    exact = gate._exact
    assert exact is not None
    return exact.pattern.sub(lambda m: exact.pseudonym(m.group()), text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(NOISE + SPELLINGS + [o.text for o in HOSTILE]), max_size=6),
       st.text(max_size=12), st.sampled_from(range(4)), st.booleans())
def test_a_no_is_exact_on_generated_texts(pieces: list[str], noise: str, which: int,
                                          markup: bool) -> None:
    everyday = everyday_sets()[which]
    text = noise.join(pieces) + noise
    forms = Forms(HOSTILE, everyday)
    sketch = Sketch(HOSTILE)
    if not sketch.may_name(text, markup=markup):
        assert not list(forms.hits(text, markup=markup))
    if not sketch.may_replace(text):
        gate = Gate(None, HOSTILE, everyday=everyday)  # type: ignore[arg-type]
        assert _replaced(gate, text) == text


def test_a_capital_form_is_found_by_its_written_first_letter() -> None:
    """A form found only with its capital matches its first letter as written, which its
    case folding may write otherwise ("Émile": the folded form is "emile", written "Emile"):
    the sketch looks for both."""
    originals = [Original("Émile", "Persoon 1", "persoon")]
    sketch, forms = Sketch(originals), Forms(originals, {"emile"})
    assert "emile" in forms.capital
    for text in ("Emile", "Émile", "EMILE", "E\u0301mile"):
        assert list(forms.hits(text)) and sketch.may_name(text), text
    assert not sketch.may_name("e-mail") and not list(forms.hits("e-mail"))


def test_the_sketch_clears_a_listings_plain_values() -> None:
    sketch = Sketch(HOSTILE)
    for text in ("willen.houding", "anna", "2026-12-03T15:07:41+00:00", "memo 7",
                 "6da5c97f-2dc1-572f-a434-0f0ab328656b", "clientgesprek-1"):
        assert not sketch.may_name(text), text
    for text in ("Samira zei", "bel 06-23918457", "op 3-6-68", "3514BK", "Ruff", "RUFF"):
        assert sketch.may_name(text), text


def test_a_mark_re_matches_to_a_letter_makes_every_text_a_maybe() -> None:
    """U+0345 matches "ι" case-insensitively but is written otherwise: a text as written
    that holds it is a maybe (a folded text never does: fold drops marks), and so is every
    text when an original holds it."""
    assert Sketch(HOSTILE).may_replace("\u0345")
    assert Sketch([Original("a\u0345b", "Persoon 1", "persoon")]).always


def test_a_gate_whose_texts_name_nothing_never_makes_its_forms() -> None:
    gate = Gate(None, HOSTILE, everyday=set(WORDS))  # type: ignore[arg-type]
    assert gate.names_nothing(["willen.houding", "anna", "memo 3"])
    assert gate.memo("memo", "memo 3") == "memo 3"
    assert gate._forms is None and gate._exact_made is None
    assert not gate.names_nothing(["Samira"])
    assert gate._forms is not None
    assert gate.pseudonymise("Ruﬀ en SAMIRA EL AMRANI") == "Persoon 14 en Persoon 1"


def test_a_form_written_with_another_first_letter_has_that_needle_too() -> None:
    """Where an original writes a form's first letter as a letter its case folding writes
    otherwise, the capital form matches that letter: a needle of its own."""
    from casebook.privacy.sketch import _Written

    written = _Written([])
    written.written["emile"] = {"Émile", "Emile"}
    assert written.needles("emile", "emile") == {"emile", "émile"}
    assert written.needles("jan", "jan") == {"jan"}


def test_a_long_text_goes_to_the_full_search_without_the_sketch(monkeypatch) -> None:
    """A text longer than SHORT is searched once, whole (the sketch would scan it once per
    needle): its names are found alike, and the sketch is not made for it."""
    from casebook.privacy.sketch import SHORT

    gate = Gate(None, HOSTILE, everyday=set(WORDS))  # type: ignore[arg-type]
    long = "x " * SHORT + "Samira el Amrani"
    assert [leak.original for leak in gate.leaks("text", long)] == ["Samira el Amrani"]
    assert gate.pseudonymise(long).endswith(" Persoon 1")
    assert gate._sketch is None
    fresh = Gate(None, HOSTILE, everyday=set(WORDS))  # type: ignore[arg-type]
    assert fresh.names_nothing(["memo 1"]) and fresh._sketch is not None


def test_the_sketch_is_asked_about_the_first_texts_only_then_the_full_search() -> None:
    """Per text the full search is as quick as the sketch: an output of many texts asks the
    sketch about the first ASKED, then makes the forms and searches the rest with them
    (alike: a name in the text after is found)."""
    from casebook.privacy.sketch import ASKED

    gate = Gate(None, HOSTILE, everyday=set(WORDS))  # type: ignore[arg-type]
    clean = [f"memo {n}" for n in range(ASKED + 10)]
    assert gate.names_nothing(clean[:ASKED])
    assert gate._forms is None and gate.sketch.asked == ASKED
    assert gate.names_nothing(clean[ASKED:]) and gate._forms is not None
    assert not gate.names_nothing(["memo 1", "Samira"])
    assert gate.pseudonymise("memo 1") == "memo 1" and gate._exact_made is not None
