"""A slice of a checked text that the gate lets through unchecked names nothing."""

from __future__ import annotations

import random

from casebook.privacy.variants import Forms, Original, cut_alike, plain
from tests.privacy.test_keyed import EVERYDAY, ORIGINALS

FORMS = Forms([*ORIGINALS, Original("3581 AB", "[postcode]", "postcode")], EVERYDAY)
# near misses: a form glued to a letter, a digit or a mark fold drops, a number in a longer one
PIECES = ["xSamira", "Samirax", "a*Samira", "Samira*a", "Jansens", "xJansen", "Amrani9",
          "x14-2-1986", "14-2-19867", "x3581 AB", "3581 ABC", "9062391845", "Roos", "roos",
          "el", "Amranix", "Yılmazlar", "ſamirax", "Vriesx", "de", "het", "gesprek", "1986",
          "cliënt", "x\u0301Samira", "12", "Kanaalweg12", "a\u200bJansen", "o'neillx"]
GLUE = [" ", " ", " ", "", ", ", ". ", "-", "*", "\u200b", "'", "(", "\n", "_", "~"]


def _texts(seed: int, count: int) -> list[str]:
    """Texts of near misses that hold no form as a whole."""
    rng = random.Random(seed)
    texts = []
    while len(texts) < count:
        words = [rng.choice(PIECES) for _ in range(rng.randrange(2, 14))]
        text = "".join(w + rng.choice(GLUE) for w in words)
        if not list(FORMS.hits(text)):
            texts.append(text)
    return texts


def test_a_slice_cut_alike_holds_nothing_its_whole_text_does_not() -> None:
    alike = named = 0
    rng = random.Random(5)
    for text in _texts(3, 1500):
        assert plain(text)
        cuts = [i for i in range(len(text) + 1) if i in (0, len(text)) or text[i - 1] in " ,.'"]
        for _ in range(40):  # half the cuts where a coding of whole words would cut
            start, end = sorted(rng.sample(cuts, 2) if rng.random() < 0.5 and len(cuts) > 1
                                else rng.sample(range(len(text) + 1), 2))
            hits = list(FORMS.hits(text[start:end]))
            if cut_alike(text, start, end):
                alike += 1
                assert not hits, (text, start, end, hits)
            elif hits:
                named += 1
    assert alike > 10_000  # most cuts of whole words are alike: they need no search
    assert named > 500  # and the cuts that are not do name someone: the rule is needed


def test_a_text_with_markup_is_not_plain() -> None:
    assert not plain("<b>Sa</b>mira") and not plain("Sa&shy;mira") and plain("Samira, 12")


def test_fold_and_the_address_filter_do_what_their_plain_patterns_do() -> None:
    """fold makes runs of separators one space with str.split, and the address filter
    starts only where a run of non-space begins: both give what the plain patterns give
    (which took three and four times as long on a project's texts)."""
    import re

    from casebook.privacy import everyday, variants

    space = re.compile(r"[\s_\-\u2010-\u2015\u00a0|]+")
    addresses = re.compile(r"\S+@\S+|\S*(?:https?://|www\.)\S*|\S+\.(?:nl|com|org|net|eu)\b")
    parts = ["a", "b", ".nl", ".com", "@", "www.", "http://", "https://", "/", "x", ".", "nl",
             " ", " ", "  ", "\n", "\t", "-", "_", "|", "\u00a0", "\u2013", "é", ".eu", "u"]
    rng = random.Random(8)
    for _ in range(50_000):
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(1, 15)))
        assert variants._spaced(text) == space.sub(" ", text), text
        assert everyday.addresses().sub(" ", text) == addresses.sub(" ", text), text


def test_a_views_replacements_leave_out_exactly_the_matches_a_finding_overlaps() -> None:
    """The gate finds the findings a match overlaps by bisection: the same matches are left
    out as by asking every accepted and rejected finding (empty and overlapping ones too)."""
    import re

    from casebook import privacy
    from casebook.model import PrivacyFinding
    from casebook.privacy.guard import Gate

    originals = [Original("Samira", "R1", "persoon"), Original("Jansen", "R2", "persoon")]
    rng = random.Random(8)
    left_out = 0
    for _ in range(400):
        text = " ".join(rng.choice(["Samira", "Jansen", "de", "cliënt", "samira", "Samira-J"])
                        for _ in range(rng.randrange(1, 25)))
        spans = sorted((s, s + rng.choice([0, 1, 3, 6, 12])) for s in
                       (rng.randrange(len(text)) for _ in range(rng.randrange(0, 6))))
        findings = [PrivacyFinding(n, 1, s, min(e, len(text)), "persoon", text[s:e], "k", "X",
                                   rng.choice(["accepted", "rejected", "edited", "proposed"]))
                    for n, (s, e) in enumerate(spans)]
        gate = Gate(None, originals, findings=findings)  # type: ignore[arg-type]
        reps = privacy.replacements(None, 1, 0, len(text), text=text, findings=findings)  # type: ignore[arg-type]
        taken = [(s, e) for s, e, _r in reps] + [
            (f.start, f.end) for f in findings if f.decision == "rejected"]
        extra = [(m.start(), m.end(), "R1" if m.group().lower() == "samira" else "R2")
                 for m in re.finditer(r"(?i)samira|jansen", text)
                 if not any(s < m.end() and m.start() < e for s, e in taken)]
        assert gate.replacements(1, text) == sorted(reps + extra), (text, findings)
        left_out += len(re.findall(r"(?i)samira|jansen", text)) - len(extra)
    assert left_out > 100  # findings do overlap matches


def test_covered_is_covers_of_each_span() -> None:
    """Gate.covered (a listing's batch) gives for every span what Gate.covers gives for it
    alone: views plain or not, raw or not, with
    leaks or not, with kept spans or not."""
    from casebook.offsets import Edits
    from casebook.privacy.guard import Gate
    from casebook.privacy.records import View

    gate = Gate(None, ORIGINALS, everyday=EVERYDAY)  # type: ignore[arg-type]
    rng = random.Random(11)
    covered = uncovered = 0
    for text in _texts(4, 200):
        cuts = [i for i in range(len(text) + 1) if i in (0, len(text)) or text[i - 1] in " ,."]
        spans = [tuple(sorted(rng.sample(cuts if len(cuts) > 1 and rng.random() < 0.7
                                         else range(len(text) + 1), 2))) for _ in range(30)]
        view = View(1, "d", text, Edits(text, []), rng.random() < 0.1, "reviewed",
                    plain=rng.random() < 0.9,
                    leaks=[object()] if rng.random() < 0.1 else None,  # type: ignore[list-item]
                    kept=[tuple(sorted(rng.sample(range(len(text) + 1), 2)))]
                    if rng.random() < 0.5 else None)
        batch = gate.covered(view, spans)
        assert batch == [gate.covers(view, s, e) for s, e in spans]
        covered += sum(batch)
        uncovered += len(batch) - sum(batch)
    assert covered > 1000 and uncovered > 1000  # both answers are compared, many times
