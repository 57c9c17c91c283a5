"""How the gate recognises what review accepted, however it is written again.

A text is *folded* before it is searched: HTML entities and URL escapes decoded
("G%C3%BCl"), tags removed (or not, to see attribute values), Unicode NFKD without combining
marks (so NFD "Gül", "Gül" and "Gul" are one), "ß" written "ss" (re's case-insensitive match
does not, casefold() does), Markdown emphasis and invisible characters dropped
(``Sa*mira*``, "Sa\\u200emira": see :mod:`casebook.privacy.unseen`), hyphens, underscores
and runs of white space made one space. Each accepted original gives *forms*:

- the whole original, in any case ("samira el amrani"), one per sentence when a detector's
  span ran across a full stop, without a title ("mevrouw Jansen" -> "Jansen");
- for a name of several words, each part on its own ("Samira", "Amrani", also "karim" of
  "karim.bouzid@..."), glued as addresses write it ("elamrani", "hanskok", "ejansen"), and
  for an address the street; a part, and a one-word name that is also an everyday word in
  the project's texts or in deduce's list of common words ("Best", "Roos", "Kok"), only
  with its capital;
- for numbers (phone, BSN, IBAN, ...), the digits, found in any run of digits however spaced
  or punctuated ("06 23918457", "+31 6 2391 8457", "271.849.368");
- for a postcode the digits and letters together; for a full date its numeric spellings.

A number of up to four digits on its own ("38", "1979") gives no form: it would match page
numbers and offsets everywhere (it is replaced in the transcripts all the same).
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import compress

from casebook.privacy.keyed import Keyed
from casebook.privacy.spelled import date_pattern, significant_digits
from casebook.privacy.unseen import UNSEEN_ABOVE, UNSEEN_BMP, above_bmp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple
else:  # typing's, without importing typing (see casebook.record)
    from casebook.record import NamedTuple

TITLES = {"meneer", "mevrouw", "mevr", "mw", "dhr", "heer", "de heer", "juf", "juffrouw",
          "meester", "dokter", "dr", "mr", "ir", "drs"}
PREFIXES = {"van", "de", "der", "den", "het", "ten", "ter", "te", "el", "al", "da", "di", "du",
            "le", "la", "bin", "ben", "op", "in", "'t", "v.d."}
NAMES = ("persoon", "locatie", "instelling")
NUMBERS = ("telefoon", "bsn", "iban", "id")

# patterns, compiled when first used (_re): a gate whose texts name nobody uses few of them
_CONTROL = "[\x00-\x08\x0e-\x1b\x7f]"  # what _DROP drops of ASCII, "*~`^" aside
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015"  # separators neither ASCII nor white space
_DIGITS = r"\d(?:[ .()/+]{0,3}\d)*"
_POSTCODE = r"(?<!\w)(\d{4}) ?([A-Za-z]{2})(?!\w)"
_SENTENCE = r"(?<=[.!?])\s+(?=[A-Z])"
_ANY_DIGIT = r"\d"
_TAG = r"<[^<>\n]{0,1000}>"  # a tag
_ESCAPES = r"(?:%[0-9A-Fa-f]{2})+"  # a run of URL escapes (UTF-8: decoded together)
_DROP = f"[{UNSEEN_BMP}*~`^]"  # marks, invisible characters, emphasis (~1 ms to compile)
_DROP_ABOVE = f"[{UNSEEN_ABOVE}]"  # what _DROP drops, above U+FFFF (see unseen.py)


@cache
def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# what fold keeps as a character that is no word character, or makes a space
_BOUNDARY = frozenset(" \t\n\r\f\v.,;:!?()[]{}\"'/\\|-_+=%$#@")


def cut_alike(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` searched on its own can hold a form only where ``text``,
    searched whole, holds one (so a slice of a text that holds none needs no search), for
    a ``text`` without tags or entities (no "<" or "&": see :func:`plain`).

    True when the slice is cut beside characters that fold keeps as non-word characters
    (or makes spaces), or at the text's ends: then fold works on each character alone,
    every pattern of the gate begins and ends with a look at a word boundary that sees the
    same on both sides of the cut, and a run of digits in the slice is part of one in the
    text, so what the slice holds the whole text holds at the same place. A cut inside a
    word ("Jan|sen") or beside a character fold drops ("x*|Samira") is not alike."""
    return ((start == 0 or text[start - 1] in _BOUNDARY)
            and (end == len(text) or text[end] in _BOUNDARY))


def matched(alternatives: dict[str, str], found: str) -> str:
    """What ``alternatives`` (pattern -> key) gives for the one ``found`` matches: for a
    match whose case folding is not its key, a letter that re matches case-insensitively
    but str.lower() and casefold() write otherwise ("I" and "ı")."""
    return next(key for alternative, key in alternatives.items()
                if re.fullmatch(alternative, found))


def plain(text: str) -> bool:
    """Whether fold works on each character of ``text`` alone (no tag, entity, escape) and
    the gate searches it once (no word broken at a line end: :meth:`Gate.leaks`)."""
    return "<" not in text and "&" not in text and plain_lines(text) and (
        "%" not in text or not _re(_ESCAPES).search(text))


def plain_lines(text: str) -> bool:
    """Whether no line of ``text`` ends in a hyphen (a word broken there: "Sa-\nmira")."""
    return "-\n" not in text and "-\r\n" not in text


# the combining accents, and the ASCII characters _DROP drops: all in UNSEEN (a test checks)
_ACCENTS = dict.fromkeys([*range(0x300, 0x370), *range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F,
                          *map(ord, "*~`^")])


def fold(text: str, *, tags: bool = True) -> str:
    """``text`` as the gate searches it (see the module's docstring); case is kept."""
    if "&" in text:
        from html import unescape  # imported when a text first holds a "&"
        text = unescape(text)
    if "%" in text:
        text = _unquoted(text)
    if tags and "<" in text:
        text = _re(_TAG).sub("", text)
    return _folded(text)


def folds(text: str, *, markup: bool = False) -> tuple[str, ...]:
    """``fold(text)``, and with ``markup`` ``fold(text, tags=False)`` after it where the two
    differ (a text without tags folds alike either way: one search sees all)."""
    if "&" in text:
        from html import unescape
        text = unescape(text)
    if "%" in text:
        text = _unquoted(text)
    untagged = _re(_TAG).sub("", text) if "<" in text else text
    if markup and untagged != text:
        return _folded(untagged), _folded(text)
    return (_folded(untagged),)


def _unquoted(text: str) -> str:
    """A URL's escapes decoded where they are UTF-8 (a browser writes "Gül" "G%C3%BCl")."""
    return _re(_ESCAPES).sub(_unquote, text)


def _unquote(m: re.Match[str]) -> str:
    try:
        return bytes.fromhex(m.group().replace("%", "")).decode()
    except UnicodeDecodeError:
        return m.group()


def _folded(text: str) -> str:
    """What fold does after entities and tags: NFKD without marks and invisible characters,
    "ß" as "ss", every run of separators one space. Only lines that are not ASCII are
    decomposed (NFKD changes no ASCII character), and runs are made one space by str.split
    (a substitution took most of the time on an export's XML, which has a run of
    indentation on every line); tests compare it with the plain patterns on every
    character."""
    if not text.isascii():
        text = _decomposed(text)
    for char in "*~`^":  # what _DROP drops of ASCII, with _CONTROL
        if char in text:
            text = text.replace(char, "")
    if not text.isprintable() and _re(_CONTROL).search(text):
        text = _re(_CONTROL).sub("", text)
    return _spaced(text)


def _decomposed(text: str) -> str:
    """NFKD without what _DROP drops, "ß" as "ss", line by line where a line is not ASCII:
    a line end (like every ASCII character) is a starter, so no mark moves across it and
    each line decomposes alone. A line that is ASCII once its accents (U+0300 to U+036F)
    and the ASCII characters _DROP drops are gone is that (every character it drops
    otherwise is not ASCII), without the pattern (which takes a millisecond to compile)."""
    lines = text.split("\n")
    for at in compress(range(len(lines)), map(operator.not_, map(str.isascii, lines))):
        line = unicodedata.normalize("NFKD", lines[at])
        bare = line.translate(_ACCENTS)
        if bare.isascii():
            lines[at] = bare
            continue
        line = _re(_DROP).sub("", line)
        if above_bmp(line):
            line = _re(_DROP_ABOVE).sub("", line)
        if "\u00df" in line or "\u1e9e" in line:  # re matches "ß" to no "ss", casefold() does
            line = line.replace("\u00df", "ss").replace("\u1e9e", "SS")
        lines[at] = line
    return "\n".join(lines)


def _spaced(text: str) -> str:
    """Every run of separators (white space as re's ``\\s`` sees it, which is what
    str.split() splits at, hyphens, dashes, underscores, "|") made one space."""
    for char in "_-|":
        if char in text:
            text = text.replace(char, " ")
    if not text.isascii():
        for char in _DASHES:
            if char in text:
                text = text.replace(char, " ")
    words = text.split()
    if not words:
        return " " if text else ""
    spaced = " ".join(words)
    if text[0].isspace():
        spaced = " " + spaced
    return spaced + " " if text[-1].isspace() else spaced


# Personal data review accepted: as found, its pseudonym, its category; and a form of it as
# it stands in a searched text. Named tuples (made in a tenth of a frozen dataclass's time)
# by the call: the class syntax compiles each postponed annotation (a tenth of a ms each).
Original = NamedTuple("Original", [("text", str), ("pseudonym", str),  # noqa: UP014
                                   ("category", str)])
Hit = NamedTuple("Hit", [("original", Original), ("found", str)])  # noqa: UP014


def _words(folded: str) -> list[str]:
    return [w.strip(".,;:'\"()") for w in folded.split()]


def _untitled(words: list[str]) -> list[str]:
    while len(words) > 1 and (words[0].casefold().rstrip(".") in TITLES
                              or " ".join(words[:2]).casefold() == "de heer"):
        words = words[2:] if words[0].casefold() == "de" else words[1:]
    return words


class Forms:
    """Every form of every original, compiled into one search."""

    def __init__(self, originals: Iterable[Original], everyday: set[str]) -> None:
        self.by_form: dict[str, Original] = {}  # by the case-folded form
        self.capital: dict[str, str] = {}  # forms found only with their capital, as written
        self.digits: dict[str, Original] = {}
        self.postcodes: dict[str, Original] = {}
        self.dates: list[tuple[str, tuple[str, str], Original]] = []  # (pattern, held, orig.)
        self._dates: dict[str, re.Pattern[str]] = {}  # the patterns compiled so far
        for original in originals:
            if not re.fullmatch(r"\W*\d{1,4}\W*", original.text):  # "38", "1979": any number
                self._add(original, everyday)
        self._keyed: Keyed | None = None
        forms = sorted(self.by_form, key=len, reverse=True)
        capitals = [f in self.capital and f[0].isalpha() for f in forms]
        alternatives = [(re.escape(self.capital[f][0]) + "(?i:" + re.escape(f[1:]) + ")"
                         if capital else "(?i:" + re.escape(f) + ")")
                        for f, capital in zip(forms, capitals)]
        self._alternatives = dict(zip(alternatives, forms, strict=True))
        self._keyed = Keyed(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)",
                            [self.capital[f][0] + f[1:] if capital else f
                             for f, capital in zip(forms, capitals)]) if alternatives else None

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """Every form of a name in one alternation (compiled when first tried: see
        :class:`~casebook.privacy.keyed.Keyed`), or None if there is none."""
        return self._keyed.pattern if self._keyed is not None else None

    def _form(self, form: str, original: Original, capital: bool) -> None:
        form = form.strip(" .,;:'\"()")
        if len(form) < 2 or form.casefold() in PREFIXES:
            return
        key = form.casefold()
        if key in self.by_form and key not in self.capital:
            return
        self.by_form[key] = original
        if capital and not form[0].islower():  # review accepted "samira": in any case
            self.capital[key] = form
        else:
            self.capital.pop(key, None)

    def _add(self, original: Original, everyday: set[str]) -> None:
        folded = fold(original.text).strip()
        if original.category in NUMBERS or (original.category == "adres" and
                                            len(significant_digits(folded)) >= 6):
            digits = significant_digits(folded)
            if len(digits) >= 6:
                self.digits[digits] = original
                return
        if original.category == "postcode":
            m = _re(_POSTCODE).search(folded)
            if m:
                self.postcodes[(m[1] + m[2]).casefold()] = original
                return
        if original.category == "datum":
            date = date_pattern(folded)
            if date:
                pattern, held = date
                self.dates.append((r"(?<!\w)(?:" + pattern + r")(?!\w)", held, original))
        for piece in _re(_SENTENCE).split(folded):
            self._pieces(piece, original, everyday)

    def _pieces(self, piece: str, original: Original, everyday: set[str]) -> None:
        words = _words(piece)
        if original.category not in NAMES and original.category != "adres":
            self._form(piece, original, capital=False)
            return
        bare = _untitled(words)
        name = " ".join(bare)
        if len(name.replace(".", "")) < 3:  # "meneer D.": the title is part of the form
            self._form(piece, original, capital=False)
            return
        single = len(bare) == 1
        self._form(name, original, capital=single and self._everyday(name, everyday))
        if not single:  # glued, as in an address or a handle: "samiraelamrani", "hanskok"
            self._form("".join(bare).replace(".", ""), original, capital=False)
        if single or original.category == "locatie":  # "Leidsche Rijn": not every "Rijn"
            return
        if original.category == "instelling":  # "Zorggroep De Linde": "De Linde" too
            from casebook.privacy.labels import is_kind

            if is_kind(bare[0].casefold()):
                self._form(" ".join(bare[1:]), original,
                           capital=len(bare) == 2 and self._everyday(bare[1], everyday))
            return
        for word in bare:  # in any case, as a one-word name: "karim.bouzid@gemeente.nl"
            if word.casefold() not in PREFIXES and len(word.rstrip(".")) >= 3 \
                    and not word.isdigit() and word[:1].isupper():
                self._form(word, original, capital=self._everyday(word, everyday))
        for i, word in enumerate(bare[1:-1], 1):  # the surname with its prefix: "el Amrani"
            if word.casefold() in PREFIXES and (i == 1 or bare[i - 1].casefold() not in PREFIXES):
                self._form(" ".join(bare[i:]), original, capital=False)
                self._form("".join(bare[i:]), original, capital=False)
        if original.category == "persoon":  # as an address writes it: "elamrani", "ejansen"
            for at in {1, len(bare) - 1} - {0}:
                self._form(bare[0][0] + "".join(bare[at:]), original, capital=False)

    @staticmethod
    def _everyday(word: str, everyday: set[str]) -> bool:
        return word.casefold() in everyday

    # -- searching ----------------------------------------------------------------
    def hits(self, text: str, *, markup: bool = False) -> Iterator[Hit]:
        """Every form in ``text``; with ``markup`` the text is searched with its tags
        removed and again with them kept (an attribute value is text too)."""
        seen: set[tuple[str, str]] = set()
        for folded in folds(text, markup=markup):
            for hit in self._search(folded):
                if (hit.original.text, hit.found) not in seen:
                    seen.add((hit.original.text, hit.found))
                    yield hit

    def holds(self, folded: str) -> bool:
        """Whether a folded text holds any form."""
        return next(self._search(folded), None) is not None

    def _search(self, folded: str) -> Iterator[Hit]:
        # casebook.privacy.look.reach bounds how long a match of each kind below can be
        # (the last look relies on it): a new kind of form needs its bound there
        if self._keyed is not None:
            for m in self._keyed.finditer(folded):
                yield Hit(self._original(m.group()), m.group())
        if not _re(_ANY_DIGIT).search(folded):  # every other form holds a digit
            return
        if self.digits:
            for m in _re(_DIGITS).finditer(folded):
                if len(m.group()) < 6:  # a form has six digits or more
                    continue
                run = re.sub(r"\D", "", m.group())
                for digits, original in self.digits.items():
                    if digits in run:
                        yield Hit(original, m.group())
        if self.postcodes:
            for m in _re(_POSTCODE).finditer(folded):
                found = self.postcodes.get((m[1] + m[2]).casefold())
                if found:
                    yield Hit(found, m.group())
        for pattern, held, original in self.dates:
            if held[0] not in folded or held[1] not in folded:
                continue
            for m in self._compiled(pattern).finditer(folded):
                yield Hit(original, m.group())

    def _compiled(self, pattern: str) -> re.Pattern[str]:
        """A date's pattern, compiled when first searched for (once per Forms)."""
        compiled = self._dates.get(pattern)
        if compiled is None:
            compiled = self._dates[pattern] = re.compile(pattern, re.IGNORECASE)
        return compiled

    def _original(self, found: str) -> Original:
        """Whose form ``found`` is: by its case folding, else by the alternative it matches."""
        original = self.by_form.get(found.casefold())
        return original if original is not None else self.by_form[matched(self._alternatives,
                                                                         found)]

    def count(self) -> int:
        """How many forms are searched for."""
        return len(self.by_form) + len(self.digits) + len(self.postcodes) + len(self.dates)
