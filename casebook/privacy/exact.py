"""The originals as review accepted them, in one pattern, for the gate to replace in a
document's shown text and in free text (:meth:`casebook.privacy.guard.Gate.pseudonymise`)."""

from __future__ import annotations

import re

from casebook.privacy.keyed import Keyed
from casebook.privacy.variants import PREFIXES, Forms, Original, fold, matched


class Exact:
    """The originals as review accepted them, in one pattern, and their pseudonyms."""

    __slots__ = ("pseudonyms", "alternatives", "keyed")

    def __init__(self, pseudonyms: dict[str, str], alternatives: dict[str, str],
                 keyed: Keyed) -> None:
        self.pseudonyms = pseudonyms  # by the original in lower case
        self.alternatives = alternatives  # each alternative of the pattern: its original
        self.keyed = keyed  # pattern.finditer, tried only where an original's key word stands

    @property
    def pattern(self) -> re.Pattern[str]:
        """The alternation of the originals (compiled when first used)."""
        return self.keyed.pattern

    def pseudonym(self, found: str) -> str:
        """The pseudonym of the original that ``found`` (a match) writes."""
        key = found.lower()
        return self.pseudonyms[key if key in self.pseudonyms else matched(self.alternatives,
                                                                          found)]


def exact_pattern(originals: list[Original], forms: Forms) -> Exact | None:
    """The originals as review accepted them, for replacing; a one-word name that is an
    everyday word only with its capital. Lower case, not casefold(): re matches "Straße"
    to "straße", never to "strasse"."""
    exact: dict[str, str] = {}
    for o in originals:
        if len(o.text.strip()) >= 2 and o.text.strip().casefold() not in PREFIXES \
                and not re.fullmatch(r"\W*\d{1,4}\W*", o.text):
            exact.setdefault(o.text.strip().lower(), o.pseudonym)
    if not exact:
        return None
    alternatives, literals = {}, []
    for key in sorted(exact, key=len, reverse=True):
        capital = forms.capital.get(fold(key).casefold())
        if capital and capital[0].isalpha():
            alternatives[re.escape(capital[0]) + "(?i:" + re.escape(key[1:]) + ")"] = key
            literals.append(capital[0] + key[1:])
        else:
            alternatives["(?i:" + re.escape(key) + ")"] = key
            literals.append(key)
    pattern = r"(?<![\w@.])(?:" + "|".join(alternatives) + r")(?![\w@]|\.\w)"
    # Keyed finds what pattern.finditer finds: it needs each match to hold its literal's key
    # word as a whole word, and this pattern's bounds ([\w@.] before, [\w@] after) are
    # stricter than a word's; a test compares the two on random texts
    return Exact(exact, alternatives, Keyed(pattern, literals))
