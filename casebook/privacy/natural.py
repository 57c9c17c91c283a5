"""Natural pseudonyms: "Samira el Amrani" becomes "Leila Bakker", "Samira" "Leila" and
"mevrouw El Amrani" "mevrouw Bakker" -- consistent across the project, plausible, Dutch.

A project chooses them in casebook.yaml (``pseudonyms: natural``; the default ``numbered``
gives "Persoon 1" and role-based stand-ins like "Klantmanager 1"). First names come from
Faker's Dutch lists by gender, surnames from those of Faker's Dutch surnames that deduce's
list of surnames also holds (common, plausible ones). A person's gender is guessed loosely
from the text around the name (mevrouw/meneer, moeder/vader, zij/hij); with no sign, either.
A name is chosen by a hash of what it replaces, never one the project's originals use, never
one already given to someone else.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

from casebook.privacy.lookup import deduce_list, person_names

STYLES = ("numbered", "natural")
_FEMALE = re.compile(r"\b(?:mevrouw|mevr|mw|juf|juffrouw|moeder|dochter|zus|zuster|vrouw|tante"
                     r"|oma|buurvrouw|vriendin|schoonmoeder|nicht)\W*$", re.IGNORECASE)
_MALE = re.compile(r"\b(?:meneer|dhr|heer|meester|vader|zoon|broer|man|oom|opa|buurman|vriend"
                   r"|schoonvader|neef)\W*$", re.IGNORECASE)
# "ze" only with a verb in the singular ("ze vindt"), never "zijn" (also "to be").
_PRONOUN = re.compile(r"\b(zij|haar|hij|hem|ze(?=\s+(?:is|was|heeft|had|kan|kon|wil|\w+t)\b))\b",
                      re.IGNORECASE)
_PREFIX = re.compile(r"^((?:(?:van|de|der|den|het|ter|ten|'t)\s+)+)(.*)$")


def gender(text: str, start: int, end: int) -> str | None:
    """"f", "m" or None: a title or kin word just before the name, else the first name in
    Faker's Dutch lists of women's or men's names, else the first personal pronoun in this
    sentence or the next."""
    before = text[max(0, start - 30):start]
    if _FEMALE.search(before):
        return "f"
    if _MALE.search(before):
        return "m"
    first = text[start:end].split()[0] if text[start:end].split() else ""
    names = person_names()
    if (first in names["f"]) != (first in names["m"]):
        return "f" if first in names["f"] else "m"
    after = re.split(r"[.!?\n]", text[end:end + 200], maxsplit=2)
    m = _PRONOUN.search(" ".join(after[:2]))  # this sentence and the next
    if m:
        return "f" if m.group(1).lower() in ("zij", "haar", "ze") else "m"
    return None


def gender_of(name: str, texts: list[str]) -> str | None:
    """A person's gender as the texts show it around any part of ``name`` (a speaker's
    label: "Ellen Jansen" is "mevrouw Jansen" somewhere)."""
    for part in [w for w in name.split() if len(w) >= 3 and w[:1].isupper()]:
        for text in texts:
            for m in re.finditer(rf"(?<!\w){re.escape(part)}(?![\w:])", text):
                found = gender(text, m.start(), m.end())
                if found:
                    return found
    return None


@cache
def surnames() -> tuple[str, ...]:
    """Faker's Dutch surnames that deduce's surname list also holds."""
    known = deduce_list("names/lst_surname")
    plain = re.compile(r"(?:(?:van|de|der|den|het|ter|ten)\s+)*[A-Z][a-z]+")
    return tuple(s for s in person_names()["surname"] if plain.fullmatch(s)
                 and (_PREFIX.sub(r"\2", s) in known or s in known))


def surname_alone(surname: str) -> str:
    """A surname without a first name before it starts with a capital: "De Jong"."""
    return surname[:1].upper() + surname[1:]


class NaturalNames:
    """Hands out natural names, avoiding ``forbidden`` words (the project's originals and
    the names given already)."""

    def __init__(self, forbidden: set[str]) -> None:
        self.forbidden = {w.casefold() for w in forbidden}

    def _pick(self, choices: tuple[str, ...], key: str) -> str:
        start = int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % len(choices)
        for i in range(len(choices)):
            name = choices[(start + i) % len(choices)]
            if not set(name.casefold().split()) & self.forbidden:
                self.forbidden |= set(name.casefold().split())
                return name
        return choices[start]

    def first(self, key: str, sex: str | None) -> str:
        names = person_names()
        if sex is None:
            sex = "fm"[int(hashlib.sha256(key.encode()).hexdigest(), 16) % 2]
        return self._pick(names[sex], key)

    def last(self, key: str) -> str:
        return self._pick(surnames(), key)
