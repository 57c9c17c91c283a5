"""A character a reader does not see hides no name from the gate."""

from __future__ import annotations

import random
import re
import sys
import unicodedata

from casebook.privacy.look import LastLook
from casebook.privacy.shown import Shown, seen
from casebook.privacy.unseen import (
    UNSEEN,
    UNSEEN_ABOVE,
    UNSEEN_BMP,
    above_bmp,
    code_points,
    source_lines,
    table,
)
from casebook.privacy.variants import Forms, Original, fold

FORMS = Forms([Original("Samira el Amrani", "Persoon 1", "persoon"),
               Original("06 23918457", "[telefoon]", "telefoon")], set())
# direction marks, invisible operators, a Mongolian separator, a Hangul filler, a variation
# selector, a tag character, a control character, a combining mark beyond Latin's blocks
HIDERS = ["\u200e", "\u200f", "\u2061", "\u2062", "\u2063", "\u2064", "\u180e", "\u3164",
          "\ufe0f", "\U000e0041", "\x01", "\x7f", "\x9b", "\u05b0", "\u202e", "\u2066"]


def test_the_table_is_the_running_pythons_unicode() -> None:
    """Regenerate with ``python -m casebook.privacy.unseen`` when this fails."""
    assert UNSEEN == "".join(source_lines(table(code_points()))).encode().decode(
        "unicode_escape")


def test_every_unseen_character_is_dropped_and_nothing_a_reader_sees() -> None:
    unseen = set(code_points())
    dropped = {c for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000
               and fold(f"a{chr(c)}b") == "ab"}
    assert unseen <= dropped
    # what else fold drops is what NFKD decomposes to marks only, or Markdown's emphasis
    for c in dropped - unseen:
        assert not unicodedata.normalize("NFKD", chr(c)).strip(
            "".join(map(chr, unseen)) + "*~`^"), hex(c)
    for visible in "aZ09éß.,-_ \n\u00a0\u2013\u0645\u4e2d":
        assert fold(f"a{visible}b") != "ab", repr(visible)


def test_a_name_with_an_unseen_character_inside_is_found_by_every_check() -> None:
    for hider in HIDERS:
        for text in (f"Gesprek met Sa{hider}mira.", f"Mevrouw El Am{hider}rani belde",
                     f"bel 06 2391{hider}8457 maar"):
            assert FORMS.holds(fold(text)), (repr(hider), text)
            assert [h.original.pseudonym for h in FORMS.hits(text)], (repr(hider), text)
            look = LastLook(FORMS)
            for part in re.split(r"(?<=\n)", f"<memo>\n  <p>{text}</p>\n</memo>\n"):
                look.feed(part)
            assert look.close(), (repr(hider), text)


def test_ascii_text_loses_only_its_control_characters() -> None:
    text = "".join(map(chr, range(128)))
    assert fold(text, tags=False) == " !\"#$%&'()+, ./0123456789:;<=>?@" \
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\] abcdefghijklmnopqrstuvwxyz{ }"  # "-_|" spaces


def test_the_two_halves_are_the_class_split_at_u_ffff() -> None:
    assert UNSEEN_BMP + UNSEEN_ABOVE == UNSEEN
    assert max(UNSEEN_BMP) <= "\uffff" < min(UNSEEN_ABOVE.replace("-", ""))
    assert not UNSEEN_BMP.endswith("-")  # no range runs across the cut


def test_runs_and_folds_are_those_of_the_whole_class_on_mixed_text() -> None:
    whole = re.compile(f"[{UNSEEN}]+")
    rng = random.Random(7)
    alphabet = ["a", "b", " ", "é", "\u200e", "\u0301", "\U000e0020", "\U0001d173", "😀",
                "\ufe0f", "\n", "\U0001e000"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
        assert Shown(text).runs == [m.span() for m in whole.finditer(text)]
        assert seen(text) == whole.sub("", text)
        assert fold(text) == fold(whole.sub("", text))
        assert not above_bmp(text) or any(c > "\uffff" for c in text)
