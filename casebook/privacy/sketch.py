"""A quick test of whether a text can name what review accepted, before the gate's search.

The gate's full search needs every form of every original as one pattern
(:class:`~casebook.privacy.variants.Forms`), and for that the project's everyday words (a
one-word name that is an everyday word is searched for only with its capital): reading
them, deduce's common words and compiling the forms cost a listing whose texts name
nobody more than checking them. A :class:`Sketch` needs the originals only, and says
*maybe* of every text the full search finds anything in (an over-approximation: a *no* is
exact, a *maybe* is settled by the full search):

- each form of a name (what ``Forms`` makes of the originals: which forms there are does
  not depend on the everyday words, only whether one needs its capital) is matched
  case-insensitively (its case folding), or its first letter exactly as one of the
  originals writes the form and the rest case-insensitively; so the folded text, written
  alike with :func:`~casebook.privacy.keyed.caseless` (re's case-insensitive equal letters
  as one, position for position), holds one of these written alike: the form's *needles*;
- a number's digits stand in the run of all the folded text's digits; a postcode's four
  digits too; a date needs both of what each of its spellings holds (``Forms._search``
  skips a text without them);
- for :meth:`~casebook.privacy.guard.Gate.pseudonymise`, each original as review accepted
  it (in lower case, or its first letter as a form of it is written), matched in the text as
  written the same way.

The gate asks it of short texts only (:data:`SHORT`): a long one (an export's XML) is
searched once by the full search, which reads its words once, where the sketch would scan
it once for every needle. And it asks it only until the full search is made, and of the
first :data:`ASKED` texts (:meth:`Sketch.clears`): per text the full search is as quick, so
an output of thousands of texts makes it, as it did before.

A text holding the combining mark U+0345 (re matches it to a Greek iota, but it is written
otherwise) is a *maybe*, as is every text when a needle is empty or holds the mark.
Tests compare the sketch with the full search on hostile texts (case variants, accents,
split names, markup, digits spaced and punctuated).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from casebook.privacy.keyed import UNWORDLY, caseless
from casebook.privacy.variants import PREFIXES, Forms, Original, fold, folds

SHORT = 4096  # the longest text the gate asks the sketch about
ASKED = 256  # how many texts it asks the sketch about at most


class _Written(Forms):
    """:class:`Forms` without a search, with every way each form is written (a capital
    form's first letter is one of them)."""

    def __init__(self, originals: Sequence[Original]) -> None:
        self.written: dict[str, set[str]] = {}
        super().__init__(originals, set(), compiled=False)

    def _form(self, form: str, original: Original, capital: bool) -> None:
        super()._form(form, original, capital)
        form = form.strip(" .,;:'\"()")  # as Forms._form keeps it
        self.written.setdefault(form.casefold(), set()).add(form)

    def needles(self, key: str, matched: str) -> set[str]:
        """``matched`` (what a pattern matches case-insensitively), with its first letter
        as each form whose case folding is ``key`` writes it, written alike."""
        alike = caseless(matched)
        found = {alike}
        for first in {w[:1] for w in self.written.get(key, ())}:
            if first != matched[:1] and caseless(first) != alike[:1]:
                found.add(caseless(first + matched[1:]))
        return found


class Sketch:
    """The needles of a gate's originals (see the module docstring)."""

    __slots__ = ("folded", "digits", "dates", "written", "always", "asked")

    def __init__(self, originals: Sequence[Original]) -> None:
        forms = _Written(originals)  # the same forms, capitals aside
        self.folded = list({n for f in forms.by_form for n in forms.needles(f, f)})
        self.digits = [*forms.digits, *(key[:4] for key in forms.postcodes)]
        self.dates = [held for _pattern, held, _original in forms.dates]
        written = set()  # what exact_pattern replaces (casebook.privacy.exact)
        for o in originals:
            text = o.text.strip()
            if len(text) >= 2 and text.casefold() not in PREFIXES \
                    and not re.fullmatch(r"\W*\d{1,4}\W*", o.text):
                key = text.lower()
                written.update(forms.needles(fold(key).casefold(), key))
        self.written = list(written)
        self.asked = 0
        self.always = any(not n or UNWORDLY in n for n in (*self.folded, *self.written)) or \
            any(len(key) < 4 or not key[:4].isdigit() for key in forms.postcodes)

    def clears(self, text: str, *, markup: bool = False, replace: bool = False) -> bool:
        """Whether ``text`` names nothing (``replace``: holds nothing to replace) for sure,
        asked of the first :data:`ASKED` texts (False after: the full search decides)."""
        if self.asked >= ASKED:
            return False
        self.asked += 1
        return not (self.may_replace(text) if replace else self.may_name(text, markup=markup))

    def may_name(self, text: str, *, markup: bool = False) -> bool:
        """False only if the gate's search finds no form in ``text`` (searched as
        ``Forms.hits(text, markup=markup)`` searches it)."""
        if self.always:
            return True
        for folded in folds(text, markup=markup):
            if UNWORDLY in folded:
                return True
            alike = caseless(folded)
            if any(n in alike for n in self.folded):
                return True
            if self.digits or self.dates:
                digits = "".join(filter(str.isdecimal, folded))  # what re's \d matches
                if digits and (any(d in digits for d in self.digits) or
                               any(a in folded and b in folded for a, b in self.dates)):
                    return True
        return False

    def may_replace(self, text: str) -> bool:
        """False only if :meth:`~casebook.privacy.guard.Gate.pseudonymise` replaces
        nothing in ``text``."""
        if self.always or UNWORDLY in text:
            return True
        alike = caseless(text)
        return any(n in alike for n in self.written)
