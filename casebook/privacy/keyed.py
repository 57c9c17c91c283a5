"""The gate's search for many forms at once, at the cost of reading a text's words.

The forms are one alternation matched case-insensitively between non-word characters
(:class:`casebook.privacy.variants.Forms`). Python's re tries every alternative at every
position of a text, so a search costs characters x forms: a check of 17,000 short texts
against 60 forms took most of a second. Each form holds at least one whole word (its *key*),
and any text that holds the form holds that word as a whole word too, in the same case
folding. So :meth:`Keyed.finditer` reads the text's words once (one regular expression and
a set lookup), and tries the alternation only where a form's key word can put a form's
start; it yields exactly the matches ``pattern.finditer`` yields (the same leftmost-first
choice, the same non-overlapping order), which tests compare on random texts. With a few
forms, reading the words costs more than the alternation; the alternation is tried only if
a key word stands in the text at all, even inside a word (a test of a few substrings, quick
on a long text, such as an export's XML, that names none of them).

Case folding as re does it: two characters match case-insensitively when their simple lower
cases are equal or re counts them as one letter ("ı" and "i", "ſ" and "s", "ς" and "σ"...,
Python's ``re._casefix``). :func:`caseless` maps every such group to one character, keeping
the text's length, so positions in it are positions in the text; a test checks it against
re over every cased character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_WORD = re.compile(r"\w+")
# re's extra case equivalences (re._casefix, Python 3.11), each to a word character of its
# group, and "İ", whose str.lower() is two characters but whose simple lower case (re's) is
# "i". U+0345 (a combining mark, not a word character) matches "ι": a text holding it is
# searched whole.
_CASELESS = dict(zip(
    "\u0131\u017f\u03bc\u03c3\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5\u1c80\u1c81"
    "\u1c82\u1c83\u1c84\u1c85\u1c86\u1c87\u1e9b\u1fbe\u1fd3\u1fe3\ua64b\ufb06\u0130",
    "is\xb5\u03c2\u03b2\u03b8\u03c6\u03c0\u03ba\u03c1\u03b5\u0432\u0434\u043e\u0441"
    "\u0442\u0442\u044a\u0463\u1e61\u03b9\u0390\u03b0\u1c88\ufb05i", strict=True))
# up to this many forms the alternation is as fast as reading the words (measured on 2 MB
# of transcript: 0.05 s for one form, 0.13 s for 16 either way, 0.19 s against 0.11 s for 32)
FEW = 16
UNWORDLY = "\u0345"  # matches a word character case-insensitively, but is none


def caseless(text: str) -> str:
    """``text`` with every character that re's case-insensitive matching takes as one
    letter written alike (same length, same word boundaries)."""
    if text.isascii():
        return text.lower()
    if "\u0130" in text:  # "İ": its lower case is two characters
        text = _alike(text)
    lowered = text.lower()
    try:  # every character re takes as another letter is beyond Latin-1
        lowered.encode("latin-1")
    except UnicodeEncodeError:
        return _alike(lowered)
    return lowered


def _alike(text: str) -> str:
    """``text`` with each character of :data:`_CASELESS` replaced (one str.replace for each
    that stands in it: a test is quicker than a pattern's scan of a long text, and no
    replacement is itself replaced)."""
    for char, alike in _CASELESS.items():
        if char in text:
            text = text.replace(char, alike)
    return text


class Keyed:
    """``pattern`` (the alternation of ``literals``, each matched between non-word
    characters) searched where a literal's key word stands. ``literals`` are the
    alternatives as the pattern spells them, character for character (a case-sensitive
    capital counts as its letter). A few literals make a text searched whole where a key
    word stands in it at all; one literal without a word makes every text searched whole.

    ``pattern`` may be given as its source, compiled when first tried: re compiles an
    alternation of a hundred names in a millisecond, and a gate whose texts name none of
    them (a pseudonymised listing) never tries it."""

    def __init__(self, pattern: re.Pattern[str] | str, literals: Iterable[str]) -> None:
        self._pattern = pattern
        self.offsets: dict[str, set[int]] | None = {}  # key word -> where it stands in a form
        literals = list(literals)
        for literal in literals:
            words = [(caseless(m.group()), m.start()) for m in _WORD.finditer(literal)]
            if not words:
                self.offsets = None
                break
            key = max((word for word, _ in words), key=len)
            self.offsets.setdefault(key, set()).update(at for word, at in words if word == key)
        self.keys = list(self.offsets or ())
        self.few = len(literals) <= FEW

    @property
    def pattern(self) -> re.Pattern[str]:
        """The alternation, compiled (once, when first asked for)."""
        if isinstance(self._pattern, str):
            self._pattern = re.compile(self._pattern)
        return self._pattern

    @pattern.setter
    def pattern(self, pattern: re.Pattern[str]) -> None:
        self._pattern = pattern

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """What ``self.pattern.finditer(text)`` yields."""
        if self.offsets is None or UNWORDLY in text:
            yield from self.pattern.finditer(text)
            return
        folded = caseless(text)
        if self.few:  # the alternation, if a key word stands in the text at all (as a part
            if any(key in folded for key in self.keys):  # of a word too: a test of a few
                yield from self.pattern.finditer(text)  # substrings is quick)
            return
        present = self.offsets.keys() & set(_WORD.findall(folded))
        if not present:
            return
        words = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, present)) + r")(?!\w)")
        starts = sorted({m.start() - at for m in words.finditer(folded)
                         for at in self.offsets[m.group()]})
        end = 0
        for start in starts:
            if start >= end:
                m = self.pattern.match(text, start)
                if m:
                    yield m
                    end = m.end()
