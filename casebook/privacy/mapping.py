"""The project-wide mapping (category, normalised surface form) -> replacement.

Persons, places and organisations get numbered stand-ins ("Persoon 1", "Plaats 2") so a
reader can still follow who is who; a person who speaks with a role gets that role
("Klantmanager 1"). Everything else becomes a bracketed label ("[telefoonnummer]").
Dates become "[datum]" entirely: a birth date's year is a strong identifier in small
populations, and a researcher who needs a year keeps it with ``--set``.
"""

from __future__ import annotations

import re
import unicodedata

from casebook.privacy.names import _INTERFIXES

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
    """The key a surface form is mapped under: NFC, case-folded, single spaces, no
    punctuation around it."""
    text = unicodedata.normalize("NFC", surface).casefold()
    text = re.sub(r"\s+", " ", text).strip(" .,;:!?\"'’()[]")
    return text


def _tokens(key: str) -> set[str]:
    return {t for t in key.split() if t not in _INTERFIXES and t not in _TITLES}


class Mapper:
    """Hands out replacements, consistent with what the project's mapping already says.
    New entries are written to the store (inside the caller's transaction)."""

    def __init__(self, store, language: str = "nl") -> None:
        self.store = store
        self.language = language if language in NUMBERED else "nl"
        self.mapping = store.privacy_mapping()

    def replacement(self, category: str, surface: str, role: str | None = None,
                    preferred: str | None = None) -> str:
        """The stand-in for ``surface``; a new one is ``preferred`` if given (a speaker's
        pseudonym set by hand), else one related to a known form, else the next number."""
        key = normalise(surface)
        found = self.mapping.get((category, key))
        if found is not None:
            return found
        chosen = preferred or self._related(category, key) or self._new(category, role)
        self.mapping[(category, key)] = chosen
        self.store.set_privacy_mapping(category, key, chosen)
        return chosen

    def _related(self, category: str, key: str) -> str | None:
        """A person named by first name alone and by full name is one person, when the
        project knows only one person the part could belong to (best effort)."""
        if category != "persoon":
            return None
        mine = _tokens(key)
        if not mine:
            return None
        candidates = {
            value for (cat, other), value in self.mapping.items()
            if cat == category and (lambda theirs: theirs and (theirs <= mine or mine <= theirs)
                                    )(_tokens(other))
        }
        return candidates.pop() if len(candidates) == 1 else None

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
