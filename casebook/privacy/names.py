"""Person names we know without a model: speaker labels that are names, and names already
in the project's mapping, found again wherever they occur."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator

from casebook.model import Turn
from casebook.privacy.labels import INTERFIXES as _INTERFIXES
from casebook.privacy.labels import ROLE_NAMES
from casebook.privacy.labels import ROLE_WORDS as ROLE_WORDS  # where they were
from casebook.privacy.labels import is_person_label as is_person_label
from casebook.privacy.labels import label_name as label_name
from casebook.privacy.labels import with_name as with_name
from casebook.privacy.rules import KIND, Candidate
from casebook.privacy.rules import NAME_WORD as SURNAME_WORD


def label_spans(text: str, turns: list[Turn]) -> Iterator[tuple[int, int, str]]:
    """Where each turn's ``Label: `` stands in the text, just before the utterance."""
    for turn in turns:
        if not turn.speaker:
            continue
        head = f"{turn.speaker}:"
        start = turn.start - len(head) - 1
        if start >= 0 and text[start:turn.start].rstrip(" ") == head:
            yield start, start + len(turn.speaker), turn.speaker


def name_spans(text: str, turns: list[Turn]) -> Iterator[tuple[int, int, str]]:
    """Where each turn's label names a person in the text: the whole label, or the name in
    a label that also gives a role ("Klantmanager Ellen"); with the label."""
    for start, _end, label in label_spans(text, turns):
        found = label_name(label)
        if found:
            yield start + found[0], start + found[1], label


TITLES = {"meneer", "mevrouw", "mevr", "mw", "dhr", "heer", "juf", "juffrouw", "meester",
          "dokter", "dr", "mr"}


def name_forms(name: str) -> list[str]:
    """The full name and its parts long enough to stand alone as a name ("Mohamed"; not a
    title: "meneer D" is not every "Meneer")."""
    words = name.split()
    forms = [name]
    if len(words) > 1:
        forms += [w for w in words if w.lower() not in _INTERFIXES and len(w.rstrip(".")) >= 3
                  and w.lower().rstrip(".") not in TITLES]
    return forms


_SURNAME = (r"(?-i:(?:[ ]+(?:(?:van|de|der|den|ter|ten|el|al|bin|ben)[ ]+)*"
            + SURNAME_WORD + r")?)")


def find_names(text: str, names: Iterable[str], detector: str,
               category: str = "persoon", words: Collection[str] = ()) -> Iterator[Candidate]:
    """Every whole-word occurrence of each name, written with a capital ("Bram", "Van
    Dam", not "bram" or "van dam": "Roos" is a name, "roos" a flower), and in lower case
    where ``words`` (the Dutch words, lower case) hold a word of it that is none of them
    ("samira", not "kees dekker"). A person is also found by a part of the name; an
    organisation only by its whole name."""
    split = name_forms if category == "persoon" else _organisation_forms
    forms = sorted({f.casefold() for n in names for f in split(n)
                    if len(f) >= 3 and f.casefold() not in _INTERFIXES}, key=len, reverse=True)
    if not forms:
        return
    # a person's known first name may be followed by a surname we have not seen yet
    surname = _SURNAME if category == "persoon" else ""
    pattern = re.compile(r"(?<![\w@.])(?:" + "|".join(re.escape(f) for f in forms)
                         + r")(?![\w@]|\.\w)" + surname, re.IGNORECASE)
    for m in pattern.finditer(text):
        if m.group()[0].isupper() or (words and any(
                w.casefold() not in words and w.casefold() not in _INTERFIXES
                for w in m.group().split())):
            yield Candidate(m.start(), m.end(), category, detector)


def find_known(text: str, known: dict[str, set[str]]) -> list[Candidate]:
    """The names the project knows (by category) in ``text``; a person's in lower case
    too where it is no Dutch word (:func:`casebook.privacy.lookup.dutch_words`: "samira",
    not "kees"; none without the dictionary)."""
    from casebook.privacy.lookup import dutch_words
    from casebook.privacy.shown import seen

    words = (dutch_words() or ()) if known.get("persoon") else ()
    return [c for category, surfaces in known.items() for c in find_names(
        text, map(seen, surfaces), "known", category, words if category == "persoon" else ())]


def _organisation_forms(name: str) -> list[str]:
    """An organisation's whole name, and the name after its kind ("Zorggroep De Linde":
    "De Linde")."""
    words = name.split()
    if len(words) > 1 and KIND.search(words[0].casefold()):
        return [name, " ".join(words[1:])]
    return [name]


def speaker_candidates(text: str, turns: list[Turn]) -> Iterator[Candidate]:
    """Speaker labels that are names, and the same names where the text mentions them."""
    names = set()
    for start, end, _label in name_spans(text, turns):
        names.add(text[start:end])
        yield Candidate(start, end, "persoon", "speaker")
    yield from find_names(text, names, "speaker")


_TITLE = re.compile(r"(?i:meneer|mevrouw|mevr\.?|mw\.?|dhr\.?|de heer|juffrouw|juf|meester"
                    r"|dokter|dr\.|mr\.)\s+")
# A full stop ends a sentence unless it ends an initial or a title's abbreviation.
_SENTENCE_END = re.compile(r"(\w{2,})[.!?]+\s+(?=[A-Z])")
_ROLE = re.compile(r"([^\W\d]{2,})\d*:?\s+")  # (not an initial: "P. de Vries")
_ABBREVIATIONS = {"dhr", "mevr", "mw", "dr", "mr", "ir", "drs", "ing", "prof", "st"}


def tidy(found: list[Candidate], text: str) -> list[Candidate]:
    """Person spans as the mapping wants them: cut at a sentence end ("mevrouw Jansen.
    Ellen" is two findings), without a leading title ("mevrouw Jansen" -> "Jansen": the
    title stays in the text, so a pseudonym reads "mevrouw Bakker"), without a trailing
    prefix ("Hans Kok van" -> "Hans Kok"), without a role before it ("Klantmanager Ellen")."""
    tidied = []
    for c in found:
        if c.category != "persoon":
            tidied.append(c)
            continue
        start = c.start
        ends = [m.end(1) for m in _SENTENCE_END.finditer(text, c.start, c.end)
                if m.group(1).lower() not in _ABBREVIATIONS]
        for end in [*ends, c.end]:
            s, e = start, end
            title = _TITLE.match(text, s, e)
            if title and len(re.sub(r"\W", "", text[title.end():e])) >= 2:  # "meneer D"
                s = title.end()
            while (role := _ROLE.match(text, s, e)) and role.group(1).lower() in ROLE_WORDS \
                    and role.group(1).lower() not in ROLE_NAMES \
                    and re.search(r"\w\w", text[role.end():e]):
                s = role.end()  # "Klantmanager Ellen" -> "Ellen": a role is no name
            while True:
                tail = re.search(r"\s+(\S+)$", text[s:e])
                if not tail or tail.group(1).lower() not in _INTERFIXES:
                    break
                e = s + tail.start()
            if e > s and re.search(r"\w", text[s:e]):
                tidied.append(Candidate(s, e, c.category, c.detector))
            start = end
            while start < c.end and not text[start].isalnum():
                start += 1
    return tidied
