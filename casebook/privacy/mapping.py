"""The project-wide mapping (category, normalised surface form) -> replacement.

Persons, places and organisations get numbered stand-ins ("Persoon 1", "Plaats 2") so a
reader can still follow who is who; a person who speaks with a role gets that role
("Klantmanager 1"). With ``style="natural"`` (casebook.yaml ``pseudonyms: natural``) a person
gets a natural name instead (:mod:`casebook.privacy.natural`): the first name for a first
name, the surname for a surname ("mevrouw Jansen" -> "mevrouw Bakker"), both for both.
Everything else becomes a bracketed label ("[telefoonnummer]").
Dates become "[datum]" entirely: a birth date's year is a strong identifier in small
populations, and a researcher who needs a year keeps it with ``--set``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from casebook.privacy.labels import INTERFIXES as _INTERFIXES
from casebook.privacy.shown import seen

if TYPE_CHECKING:
    from casebook.store import Store

# Words around a name that do not tell people apart ("mevrouw Jansen" is "Ellen Jansen").
_TITLES = {"meneer", "mevrouw", "mevr", "mevr.", "mw", "mw.", "dhr", "dhr.", "heer", "dr",
           "dr.", "mr", "mr.", "juf", "juffrouw", "meester", "dokter"}

NUMBERED = {
    "nl": {"persoon": "Persoon", "locatie": "Plaats", "instelling": "Organisatie"},
    "en": {"persoon": "Person", "locatie": "Place", "instelling": "Organisation"},
}
ROLES = {  # a speaker's role -> the stand-in's stem ("Cliënt 1")
    "nl": {"client": "Cliënt", "cliënt": "Cliënt"},
    "en": {"client": "Client", "cliënt": "Client", "klantmanager": "Case manager",
           "werkgever": "Employer", "deelnemer": "Participant", "onderzoeker": "Researcher"},
}
LABELS = {
    "nl": {"adres": "[adres]", "postcode": "[postcode]", "telefoon": "[telefoonnummer]",
           "email": "[e-mail]", "bsn": "[BSN]", "iban": "[IBAN]", "datum": "[datum]",
           "leeftijd": "[leeftijd]", "url": "[url]", "id": "[nummer]"},
    "en": {"adres": "[address]", "postcode": "[postcode]", "telefoon": "[phone number]",
           "email": "[e-mail]", "bsn": "[BSN]", "iban": "[IBAN]", "datum": "[date]",
           "leeftijd": "[age]", "url": "[url]", "id": "[number]"},
}


def normalise(surface: str) -> str:
    """The key a surface form is mapped under: as shown (without invisible characters),
    NFC, case-folded, single spaces, no punctuation around it."""
    text = unicodedata.normalize("NFC", seen(surface)).casefold()
    text = re.sub(r"\s+", " ", text).strip(" .,;:!?\"'’()[]")
    return text


def _tokens(key: str) -> set[str]:
    """The words of a name that tell people apart; "kees-de-vries" is "kees de vries"."""
    return {t for t in re.split(r"[\s\-‐]+", key) if t and t not in _INTERFIXES
            and t not in _TITLES}


def _within(small: set[str], big: set[str]) -> bool:
    """Whether each word of ``small`` is a word of ``big``, an initial ("k.") also the
    word it may stand for ("kees"; not the other way: "Karin" is no "K." of "Kees")."""
    return all(t in big or (len(t.rstrip(".")) == 1 and any(
        u[0] == t[0] and len(u.rstrip(".")) > 1 for u in big)) for t in small)


class Mapper:
    """Hands out replacements, consistent with what the project's mapping already says.
    New entries are written to the store (inside the caller's transaction)."""

    def __init__(self, store: Store, language: str = "nl", style: str = "numbered",
                 originals: set[str] | None = None) -> None:
        """``originals``: names this scan found, which a natural name must not be."""
        self.store = store
        self.language = language if language in NUMBERED else "nl"
        self.style = style
        self.mapping = store.privacy_mapping()
        self._natural = None
        self._genders: dict[str, str | None] = {}  # of the natural names given in this run
        if style == "natural":
            from casebook.privacy.natural import NaturalNames

            words = {w for (_c, k), v in self.mapping.items() for w in (*k.split(), *v.split())}
            self._natural = NaturalNames(words | {w for o in originals or () for w in o.split()})

    def replacement(self, category: str, surface: str, role: str | None = None,
                    preferred: str | None = None, gender: str | None = None) -> str:
        """The stand-in for ``surface``; a new one is ``preferred`` if given (a speaker's
        pseudonym set by hand), else one related to a known form, else a new one (the next
        number, or a natural name of ``gender``)."""
        key = normalise(surface)
        found = self.mapping.get((category, key))
        if found is not None:
            return found
        if preferred:
            chosen = preferred
        elif self._natural is not None and category == "persoon":
            chosen = self._natural_name(key, surface, gender)
        else:
            related = self._related(category, key)
            chosen = related[1] if related else self._new(category, role)
        self.mapping[(category, key)] = chosen
        self.store.set_privacy_mapping(category, key, chosen)
        return chosen

    def _related(self, category: str, key: str) -> tuple[str, str] | None:
        """(its key, its stand-in): a person named by first name alone and by full name is
        one person, when the project knows only one person the part could belong to (best
        effort)."""
        if category != "persoon":
            return None
        mine = _tokens(key)
        if not mine:
            return None
        candidates = {
            value: other for (cat, other), value in self.mapping.items()
            if cat == category and (lambda theirs: theirs and (theirs <= mine  # an initial of
                                                               or _within(mine, theirs))  # mine
                                    )(_tokens(other))
        }
        return (candidates.popitem()[::-1]) if len(candidates) == 1 else None

    def _natural_name(self, key: str, surface: str, gender: str | None) -> str:
        """A natural name shaped like ``key``: first name, surname, or both, the same
        person's parts as its related forms have; a title the finding holds ("mevrouw Y")
        stays before the surname."""
        from casebook.privacy.natural import surname_alone

        assert self._natural is not None
        words = [w for w in key.split() if w not in _TITLES]
        titles = [w for w in surface.split() if w.casefold() in _TITLES]
        if titles:
            related = self._related("persoon", " ".join(words))
            last = _parts(related[1])[1] if related else None
            return f"{' '.join(titles)} {surname_alone(last or self._natural.last(key))}"
        related = self._related("persoon", key)
        first, last = None, None
        if related:
            first, last = _parts(related[1])
            gender = gender or self._genders.get(related[0])
        self._genders[key] = gender
        shape = _shape(words, related[0] if related else None)
        if shape in ("first", "full") and first is None:
            first = self._natural.first(key, gender)
        if shape in ("last", "full") and last is None:
            last = self._natural.last(key)
        if shape == "first":
            return str(first)
        if shape == "last":
            return surname_alone(str(last))
        return f"{first} {str(last)[:1].lower() if _prefixed(str(last)) else str(last)[:1]}" \
            f"{str(last)[1:]}"

    def _new(self, category: str, role: str | None) -> str:
        role = (role or "").strip()
        prefix = ROLES[self.language].get(role.casefold(), role.capitalize()) if role else \
            NUMBERED[self.language].get(category)
        if prefix is None:
            return LABELS[self.language].get(category, f"[{category}]")
        pattern = re.compile(re.escape(prefix) + r" (\d+)")
        used = [int(m.group(1)) for value in self.mapping.values()
                if (m := pattern.fullmatch(value))]
        return f"{prefix} {max(used, default=0) + 1}"



def _shape(words: list[str], related: str | None) -> str:
    """"first", "last" or "full": which parts of a name ``words`` (case-folded, no title)
    are -- by the related form's words if there is one, else by deduce's first names."""
    from casebook.privacy.lookup import deduce_list

    if len(words) > 1:
        return "last" if words[0] in _INTERFIXES else "full"
    theirs = [w for w in (related or "").split() if w not in _TITLES]
    if len(theirs) > 1:
        return "first" if theirs[0] == words[0] else "last"
    return "first" if words[0].capitalize() in deduce_list("names/lst_first_name") else "last"


def _parts(value: str) -> tuple[str | None, str | None]:
    """(first name, surname) of a natural stand-in; a numbered one shares nothing."""
    from casebook.privacy.lookup import person_names

    if re.fullmatch(r".* \d+", value):
        return None, None
    words = value.split()
    if len(words) == 1 and value in (*person_names()["f"], *person_names()["m"]):
        return value, None
    if len(words) == 1 or words[0].casefold() in _INTERFIXES:
        return None, value
    return words[0], " ".join(words[1:])


def _prefixed(surname: str) -> bool:
    """Does the surname start with a prefix ("De Jong": written "de Jong" after a first name)?"""
    return surname.split()[0].casefold() in _INTERFIXES
