"""Streets, neighbourhoods and organisations found by name, from lists that packages ship.

- Streets without a house number: a name in deduce's street list (from the BAG), after a
  preposition or article ("op de Neude", "aan de Amsterdamsestraatweg", "in de Kerkstraat").
- Neighbourhoods ("Kanaleneiland", "Overvecht"): no package ships the CBS list of wijken, but
  deduce's list of Dutch healthcare institutions names thousands of practices after the town
  and neighbourhood they serve ("Fysiotherapie Utrecht Kanaleneiland"); what follows a town
  there is taken as a neighbourhood (less the kinds of care, compass points, common words
  and first names), and found after a preposition ("in Kanaleneiland", "uit Overvecht").
- Organisations named after their kind: a capitalised kind ("Bakkerij", "Zorggroep",
  "Installatietechniek": a word ending in a kind of business) with the name after it is one
  organisation, head and all; a name like a person's after "bij de", "naar de" ("bij de
  Albert Heijn") is an organisation, for people take no article.

All are :class:`~casebook.privacy.rules.Candidate` spans like the rules'.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache

from casebook.privacy.lookup import common_words, deduce_list
from casebook.privacy.rules import KIND, Candidate

_WORD = r"[A-Z][\w'’\-]*"
_PREFIX = r"(?:van|de|der|den|het|ter|ten|aan|op|in|'t)"
_AFTER = re.compile(
    r"\b(?i:in|op|aan|naar|uit|bij|rond|via|langs|over|achter|richting|wijk|buurt)"
    r"\s+((?i:de|het|den)\s+)?(" + _WORD + r"(?:\s+(?:" + _WORD + "|" + _PREFIX + r")){0,4})")
_CARE = re.compile(r"(?:zorg|therapie|logie|pedie|kliniek|huis|techniek|praktijk|centrum|"
                   r"apotheek|fysio\w*|ing|isch|tiek)$", re.IGNORECASE)
_NAME = (r"(?:(?:van|de|der|den|het|'t|De|Het|Van|Den|Der)\s+)*" + _WORD
         + r"(?:\s+(?:(?:van|de|der|den|het)\s+)*" + _WORD + r")?")
HEADED = re.compile(r"\b([A-Z][a-zà-ÿ]+)\s+(" + _NAME + r")")
ARTICLE = re.compile(r"\b(?i:bij|naar|van|voor|in|met)\s+(?:de|het)\s+(" + _WORD
                     + r"(?:\s+" + _WORD + r")?)")


@cache
def streets() -> frozenset[str]:
    return deduce_list("locations/lst_street")


@cache
def places() -> frozenset[str]:
    return deduce_list("locations/lst_placename")


@cache
def first_names() -> frozenset[str]:
    return deduce_list("names/lst_first_name")


@cache
def surnames() -> frozenset[str]:
    return deduce_list("names/lst_surname")


@cache
def neighbourhoods() -> frozenset[str]:
    """What follows a town in deduce's healthcare institutions' names (see the docstring)."""
    towns = places()
    names = deduce_list("institutions/lst_healthcare_institution")
    kinds = Counter(name.split()[0] for name in names)
    tails: Counter[str] = Counter()
    for name in names:
        words = name.split()
        for i, word in enumerate(words[:-1]):
            rest = words[i + 1:]
            if word in towns and len(rest) <= 2 and all(
                    re.fullmatch(r"[A-Z][a-zà-ÿ'’\-]+", w) for w in rest):
                tails[" ".join(rest)] += 1
    everyday, first = common_words(), first_names()
    medical = {w.casefold() for w in deduce_list("whitelist/lst_medical_term")}
    return frozenset(
        tail for tail, n in tails.items()
        if n < 15  # "Noord", "Centrum": parts of many towns, not one neighbourhood
        and not any(kinds[w] >= 2 or w in first or w in towns or _CARE.search(w)
                    or w.casefold() in everyday or w.casefold() in medical
                    for w in tail.split()))


def _longest(words: list[str], names: frozenset[str]) -> int:
    """How many of ``words`` (from the first) make the longest name in ``names``."""
    for n in range(len(words), 0, -1):
        if " ".join(words[:n]) in names:
            return n
    return 0


def detect(text: str) -> Iterator[Candidate]:
    """Streets without a number, neighbourhoods, organisations (see the docstring)."""
    yield from _after_prepositions(text)
    for m in HEADED.finditer(text):
        if KIND.search(m.group(1).lower()):
            yield Candidate(m.start(1), m.end(2), "instelling")
    known = streets() | places() | neighbourhoods()
    lower = set(re.findall(r"\b[a-zà-ÿ]+\b", text)) | common_words()
    people = first_names() | surnames()
    for m in ARTICLE.finditer(text):  # named like a person; not a place, nor a word the
        words = m.group(1).split()     # text also writes small
        if any(w in people for w in words) and words[0] not in known \
                and not any(w.casefold() in lower for w in words):
            yield Candidate(m.start(1), m.end(1), "instelling")


def _after_prepositions(text: str) -> Iterator[Candidate]:
    """A town, street or neighbourhood after a preposition; with an article ("op de") a
    street first, without ("in Lunetten") a neighbourhood first."""
    towns, first = places(), first_names()
    for m in _AFTER.finditer(text):
        words = m.group(2).split()
        start = m.start(2)
        order = [(streets(), "adres"), (neighbourhoods(), "locatie")]
        for names, category in [(towns, "locatie"), *(order if m.group(1) else order[::-1])]:
            n = _longest(words, names)
            if n and not (category == "adres" and n == 1 and words[0] in first):
                yield Candidate(start, start + len(" ".join(words[:n])), category)
                break
