"""What a word or label says a name is, for the gate as well as the detectors: a speaker
label that is a person's name (:func:`is_person_label`, not a role like "I" or "Spreker 2"),
and the kinds of organisation a name can be headed by (:func:`is_kind`).

Kept apart from :mod:`casebook.privacy.rules` and :mod:`casebook.privacy.names` (whose
patterns take milliseconds to compile) so that building the outbound gate, which needs only
these, loads neither; its one pattern compiles when first used.
"""

from __future__ import annotations

# Labels that name a role, not a person (compared case-insensitively, digits stripped).
ROLE_WORDS = {
    "i", "r", "p", "int", "interviewer", "interviewster", "interviewee", "respondent",
    "spreker", "speaker", "deelnemer", "participant", "moderator", "gespreksleider",
    "facilitator", "onderzoeker", "researcher", "klant", "client", "cliënt", "klantmanager",
    "consulent", "werkgever", "werknemer", "manager", "leidinggevende", "coach",
    "jobcoach", "begeleider", "docent", "student", "observator", "notulist", "voorzitter",
    "onbekend", "unknown", "allen", "iedereen", "meerdere", "stem", "vrouw", "man",
    "beleidsmedewerker", "casemanager", "trajectbegeleider", "werkconsulent", "wijkcoach",
    "vraag", "antwoord",
}
# Role words that are also first names ("Allen Smith"): never cut off a name as a role.
ROLE_NAMES = {"allen"}
INTERFIXES = {"van", "de", "der", "den", "het", "ten", "ter", "te", "el", "al", "da", "di",
              "du", "le", "la", "bin", "ben", "'t", "v.d.", "op", "in"}
# Kinds of organisation a name can be headed by ("Bakkerij De Graaf", "Zorggroep De Linde").
KIND_PATTERN = (
    r"(?:bedrijf|bedrijven|groep|centrum|stichting|vereniging|school|college|kliniek"
    r"|praktijk|winkel|fabriek|bureau|instelling|coöperatie|kerk|moskee|bakkerij"
    r"|slagerij|techniek|installaties?|service|diensten|zorg|handel|bouw|transport"
    r"|logistiek|makelaardij|kapsalon|garage|detachering|schoonmaak|catering"
    r"|restaurant|hotel|supermarkt|kinderopvang|opvang|academie|instituut|fonds)$")


# the same, as the words a kind ends with (for :func:`is_kind`, which compiles nothing)
KINDS = ("bedrijf", "bedrijven", "groep", "centrum", "stichting", "vereniging", "school",
         "college", "kliniek", "praktijk", "winkel", "fabriek", "bureau", "instelling",
         "coöperatie", "kerk", "moskee", "bakkerij", "slagerij", "techniek", "installatie",
         "installaties", "service", "diensten", "zorg", "handel", "bouw", "transport",
         "logistiek", "makelaardij", "kapsalon", "garage", "detachering", "schoonmaak",
         "catering", "restaurant", "hotel", "supermarkt", "kinderopvang", "opvang", "academie",
         "instituut", "fonds")


def is_kind(word: str) -> bool:
    """Whether ``re.search(KIND_PATTERN, word)`` finds a kind: ``word`` ends in one (its
    ``$`` also matches before a last line end); a test compares the two."""
    return word.endswith(KINDS) or (word.endswith("\n") and word[:-1].endswith(KINDS))


NAME_WORD = r"[A-ZÀ-Þ][\w'’\-]*\.?"  # a word of a name, as is_name_word reads it
_IN_NAME = frozenset("_'’-")  # what \w does not hold of what a name's word may hold


def is_name_word(word: str) -> bool:
    """Whether ``re.fullmatch(NAME_WORD, word)`` matches: a capital (A-Z, À-Þ), then word
    characters (``\\w``: str.isalnum() and "_"), apostrophes and hyphens, then a full stop or
    not. Without compiling the pattern (a third of a millisecond at every gated output); a
    test compares the two over every code point."""
    if not word or not ("A" <= word[0] <= "Z" or "À" <= word[0] <= "Þ"):
        return False
    rest = word[1:-1] if word.endswith(".") and len(word) > 1 else word[1:]
    return all(ch.isalnum() or ch in _IN_NAME for ch in rest)


def is_person_label(label: str | None) -> bool:
    """Is this speaker label a person's name (rather than a role like "I" or "Spreker 2")?"""
    if not label:
        return False
    words = label.replace("_", " ").split()
    if not words or len(words) > 5:
        return False
    first = words[0]  # less the digits it ends with (re's [\d\s]+$: split() left no space)
    while first and first[-1].isdecimal():
        first = first[:-1]
    first = first.lower().rstrip(".:")
    if first in ROLE_WORDS or (len(first) <= 1 and not _initialled(words)):
        return False
    if any(ch.isdigit() for ch in label) or "(" in label:
        return False
    return all(is_name_word(w) or w.lower() in INTERFIXES for w in words) \
        and is_name_word(words[0])


def _initialled(words: list[str]) -> bool:
    """Whether ``words`` are initials and a surname ("M. de Vries", "A.B. Jansen"): a first
    word that is an initial with its full stop, and a word of a name of two letters or more."""
    return len(words) > 1 and words[0].endswith(".") and any(
        len(w.rstrip(".")) >= 2 and w.lower() not in INTERFIXES for w in words[1:])


def label_name(label: str | None) -> tuple[int, int] | None:
    """Where a speaker label names a person: the whole label if it is a name
    (:func:`is_person_label`), the name in a label that also gives a role ("Klantmanager
    Ellen": "Ellen"; "Ellen (KM)": "Ellen"), or None ("I", "Spreker 2", "Klantmanager")."""
    if not label:
        return None
    if is_person_label(label):
        return 0, len(label)
    head = label.split("(")[0].rstrip(" -,:")  # "Ellen (KM)", "Ellen - klantmanager"
    head = head.split(" - ")[0].split(",")[0].rstrip()
    start = 0
    while True:  # the role words before the name
        word = head[start:].split(" ", 1)[0]
        bare = word.lower().rstrip(".:")
        while bare and bare[-1].isdecimal():
            bare = bare[:-1]
        if not word or (bare and (bare not in ROLE_WORDS or bare in ROLE_NAMES)):
            break
        start += len(word)
        while head[start:start + 1] == " ":
            start += 1
    name = head[start:]
    if name and name != label and is_person_label(name):
        return start, start + len(name)
    return None


def with_name(label: str, span: tuple[int, int], pseudonym: str) -> str:
    """``label`` with the name at ``span`` written as ``pseudonym`` ("Klantmanager Ellen",
    "Klantmanager 1" -> "Klantmanager 1", not "Klantmanager Klantmanager 1")."""
    before, after = label[:span[0]], label[span[1]:]
    if before.strip() and pseudonym.casefold().startswith(before.strip().casefold()):
        before = ""
    return f"{before}{pseudonym}{after}"
