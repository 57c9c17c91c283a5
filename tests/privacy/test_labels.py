"""What the gate needs of the detectors' words, without their patterns: kinds of organisation
by their endings, dates searched only where their day and year stand, and an import path
that loads neither the detectors' rules nor what the gate does without."""

from __future__ import annotations

import random
import re
import subprocess
import sys

from casebook.privacy.labels import KIND_PATTERN, KINDS, is_kind
from casebook.privacy.variants import Forms, Original, fold


def test_a_kind_by_its_ending_is_what_the_pattern_finds() -> None:
    kind = re.compile(KIND_PATTERN)
    rng = random.Random(3)
    pieces = [*KINDS, "installatie", "s", "x", "zorg", "\n", " ", "ö", "o", "techniek\n\n", ""]
    words = [*KINDS, *(k + "\n" for k in KINDS), *(k[:-1] for k in KINDS),
             *(k + "x" for k in KINDS), *("thuis" + k for k in KINDS)]
    words += ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 4)))
              for _ in range(20_000)]
    for word in words:
        assert is_kind(word) is bool(kind.search(word)), repr(word)
    assert is_kind("zorggroep") and is_kind("installaties") and not is_kind("groepje")


def test_a_date_is_found_alike_where_its_day_and_year_are_looked_for_first() -> None:
    originals = [Original("14 februari 1986", "[datum]", "datum"),
                 Original("3-11-1979", "[datum]", "datum")]
    forms = Forms(originals, set())
    patterns = [(re.compile(p, re.IGNORECASE), o) for p, _held, o in forms.dates]
    rng = random.Random(4)
    parts = ["14", "02", "2", "86", "1986", "19", "3", "03", "11", "79", "1979", "feb",
             "februari", "nov", " ", "-", "/", ".", "x", "0", "1", "4"]
    for _ in range(20_000):
        folded = fold("".join(rng.choice(parts) for _ in range(rng.randrange(1, 9))))
        ours = [(h.original, h.found) for h in forms._search(folded)]
        plain = [(o, m.group()) for p, o in patterns for m in p.finditer(folded)]
        assert ours == plain, folded
    assert [h.found for h in forms.hits("op 14-02-86 en 3/11/1979")] == ["14 02 86",
                                                                         "3/11/1979"]


def test_the_gates_import_path_loads_no_detector_and_nothing_it_does_without(tmp_path):
    """Made over a store whose originals include an organisation and a date: no rules,
    names or places, no pathlib, html or hashlib; once its views are kept, no json either
    (only a view made is written as JSON)."""
    script = """
import sys
from casebook.model import Document, PrivacyFinding, Speaker, Turn
from casebook.offsets import sha256
from casebook.store import Store
store = Store(sys.argv[1])
text = "I: Wie?\\n\\nSamira: Zorggroep De Linde, op 14 februari 1986.\\n"
if not store.document_ids():
    doc = store.add_document(Document(name="een", text=text, sha256=sha256(text)),
                             [Turn(3, 7, "I"), Turn(17, len(text), "Samira")], [],
                             [Speaker("I"), Speaker("Samira", pseudonym="Persoon 1")])
    for found, category, pseudonym in (("Zorggroep De Linde", "instelling", "Organisatie 1"),
                                       ("14 februari 1986", "datum", "[datum]")):
        at = text.index(found)
        store.add_privacy_finding(PrivacyFinding(None, doc, at, at + len(found), category,
                                                 found, found.lower(), pseudonym, "accepted"))
    store.set_privacy_scanned(doc, sha256(text), "rules")
    store.set_privacy_reviewed(doc, sha256(text))
before = set(sys.modules)
from casebook.privacy.guard import Gate
view = Gate.for_project(store).shown(store.document_ids()[0])
assert "Organisatie 1" in view.text and "[datum]" in view.text, view.text
print(" ".join(sorted(set(sys.modules) - before)), "|", "json" in sys.modules)
"""
    db = str(tmp_path / "casebook.db")
    runs = [subprocess.run([sys.executable, "-c", script, db], capture_output=True,
                           text=True, check=True).stdout.split("|") for _ in range(2)]
    never = {"casebook.privacy.rules", "casebook.privacy.names", "casebook.privacy.places",
             "pathlib", "html", "hashlib"}
    for loaded, _json in runs:
        assert "casebook.privacy.guard" in loaded.split()
        assert never.isdisjoint(loaded.split()), loaded
    assert runs[1][1].strip() == "False"  # the views read, not written: json never loaded


def test_a_name_word_is_what_its_pattern_matches_over_every_code_point() -> None:
    """is_name_word (no pattern compiled) answers as re.fullmatch(NAME_WORD, ...) for every
    code point first, inside and last, and for random words of the characters that count."""
    import random
    import re

    from casebook.privacy.labels import NAME_WORD, is_name_word

    pattern = re.compile(NAME_WORD)
    every = "".join(map(chr, range(0x110000)))
    first = set(re.findall(r"[A-ZÀ-Þ]", every))  # the pattern's classes, over every code point
    inside = set(re.findall(r"[\w'’\-]", every))
    assert {ch for ch in every if is_name_word(ch)} == first
    assert {ch for ch in every if is_name_word("A" + ch)} == inside | {"."}
    assert {ch for ch in every if is_name_word("Ab" + ch + "c")} == inside
    assert len(first) == 57 and len(inside) > 100_000
    rng = random.Random(3)
    chars = "AZaz_'’-.. Ééß×Þ÷ß1٣\n"
    agreed = 0
    for _ in range(50_000):
        word = "".join(rng.choice(chars) for _ in range(rng.randrange(0, 6)))
        assert is_name_word(word) == (pattern.fullmatch(word) is not None), repr(word)
        agreed += pattern.fullmatch(word) is not None
    assert agreed > 1000


def test_a_person_label_is_what_the_patterns_said() -> None:
    """is_person_label gives what it gave with its patterns (re.sub of the digits a first
    word ends with, re.fullmatch of each word) for labels of roles, names and numbers; an
    initial and a surname ("M. de Vries") is a name since session 27."""
    import random
    import re

    from casebook.privacy.labels import INTERFIXES, NAME_WORD, ROLE_WORDS, is_person_label

    def before(label: str | None) -> bool:
        if not label:
            return False
        words = label.replace("_", " ").split()
        if not words or len(words) > 5:
            return False
        first = re.sub(r"[\d\s]+$", "", words[0]).lower().rstrip(".:")
        initialled = len(words) > 1 and words[0].endswith(".") and any(  # "M. de Vries" (s27)
            len(w.rstrip(".")) >= 2 and w.lower() not in INTERFIXES for w in words[1:])
        if first in ROLE_WORDS or (len(first) <= 1 and not initialled):
            return False
        if any(ch.isdigit() for ch in label) or "(" in label:
            return False
        return all(re.fullmatch(NAME_WORD, w) or w.lower() in INTERFIXES for w in words) \
            and re.fullmatch(NAME_WORD, words[0]) is not None

    pieces = ["Jan", "jan", "Spreker", "spreker", "2", "٣", "de", "van", "Vries", "I", "R.",
              "Int.", "Ab", "A.", "O'Neill", "El-Amrani", "(1)", ":", "_", "Ölçer", "x"]
    rng = random.Random(9)
    persons = 0
    for _ in range(20_000):
        label = rng.choice(["", " ", "_"]).join(
            rng.choice(pieces) for _ in range(rng.randrange(0, 7)))
        assert is_person_label(label) == before(label), repr(label)
        persons += before(label)
    assert persons > 1000 and is_person_label(None) is before(None)
