"""Our own Dutch rules for personal data: fast, always available, no dependencies.

BSN (11-proef), phone numbers, e-mail, URL, postcode, IBAN (mod 97), street + house number,
dates, years of birth ("geboren in 1979", "ik ben van 1979") and ages (after a cue, or a
compound number in words standing alone: "vijfenvijftig,"). Each rule yields
:class:`Candidate` spans (code-point offsets, end exclusive) into the text it is given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from casebook.privacy.labels import KIND_PATTERN


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stretch of text a detector thinks is personal data."""

    start: int
    end: int
    category: str
    detector: str = "rules"


def bsn_valid(digits: str) -> bool:
    """The 11-proef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11 (and not 0)."""
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def iban_valid(iban: str) -> bool:
    iban = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
           "|december")
_MONTHS_SHORT = "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
_STREET_SUFFIXES = ("straat|laan|weg|plein|singel|gracht|kade|dijk|steeg|dreef|pad|hof|park"
                    "|markt|baan|burg|ring|plantsoen|allee|dam|wal|haven|kanaal|boulevard"
                    "|erf|veld|wijk|hoven|gaarde|straatweg|hoek|poort|zijde|stede")
_INTERFIX = r"(?:van|de|der|den|het|ten|ter|te|op|in|'t|v\.d\.)"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
DUTCH_IBAN = re.compile(r"NL\d{2} ?[A-Z]{4} ?\d{4} ?\d{4} ?\d{2}")
POSTCODE = re.compile(r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\b")
BSN = re.compile(r"(?<![\d.\-])(\d{4}\.\d{2}\.\d{3}|\d{3} \d{3} \d{3}|\d{9})(?![\d\-]|\.\d)")
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)31[ \-]?(?:\(0\)[ \-]?)?|0)"
    r"(?:\d(?:[ \-]|\s-\s)?){8}\d(?!\d)")
STREET = re.compile(
    r"\b(?:[A-Z][\w'.\-]*\s+(?:" + _INTERFIX + r"\s+)*){0,3}"
    r"[A-Z][\w'\-]*?(?:" + _STREET_SUFFIXES + r")"
    r"\s+\d{1,4}(?:\s?[a-zA-Z]\b|-\d{1,4}\b|\s(?:hs|bis|huis)\b)?(?!\d)")
DATE_NUMERIC = re.compile(r"(?<![\d\-/.])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d\-/]|\.\d)")
DATE_ISO = re.compile(r"(?<![\d\-])(\d{4})-(\d{2})-(\d{2})(?![\d\-])")
DATE_WORDS = re.compile(
    r"\b\d{1,2}\s+(?:(?:" + _MONTHS + r")(?:\s+\d{4})?|(?:" + _MONTHS_SHORT
    + r")\.?\s+\d{4})\b", re.IGNORECASE)
BIRTH_YEAR = re.compile(r"\b(?:geboren|geb\.)\s+(?:in\s+|op\s+)?((?:19|20)\d{2})\b",
                        re.IGNORECASE)
# A year of birth without "geboren": "ik ben van 1979", "een man van 1962", "geboortejaar 1980".
YEAR_OF = re.compile(
    r"\b(?:(?:ben|is|was|bent|zijn|man|vrouw|jongen|meisje|moeder|vader|cliënt|klant|dame"
    r"|heer|iemand|mensen)\s+van|geboortejaar|bouwjaar|jaargang|lichting)\s+((?:19|20)\d{2})\b"
    r"(?!\s*(?:tot|-|t/m))", re.IGNORECASE)
_NOT_A_NAME = (r"(?!(?:Van|De|Der|Den|Het|Een|Die|Dat|Dit|Deze|Ik|Hij|Zij|Ze|We|Wij|U|Je|Jij"
               r"|Mij|Me|Hem|Haar|Ook|Niet|Nee|Ja|En|Of|Maar|Want|Dus|Toen|Als)\b)")
NAME_WORD = _NOT_A_NAME + r"[A-Z][a-zà-ÿ'’\-]+"
_NAME = (r"(?:[A-Z]\.\s?)*(?:(?i:van|de|der|den|ter|ten|el|al)\s+)*" + NAME_WORD
         + r"(?:\s+(?:(?:van|de|der|den|ter|ten|el)\s+)*" + NAME_WORD + ")?")
# A name after a cue: a title ("meneer Bakker"), kin ("mijn dochter Sanne"), or an
# introduction ("ik heet Ellen de Vries"). Only the name is the finding.
PERSON_CUE = re.compile(
    r"\b(?i:meneer|mevrouw|mevr\.|mw\.|dhr\.|de heer|juffrouw|juf|meester|dokter|dr\.|mr\."
    r"|(?:zoon|dochter|vrouw|man|partner|vriendin|vriend|broer|zus|zuster|moeder|vader"
    r"|oma|opa|neef|nicht|buurman|buurvrouw|collega)(?:tje)?"
    r"|heet|naam is|ik ben|noemen (?:me|mij|hem|haar))\s+(" + _NAME
    + r"|[A-Z]\.(?:\s?[A-Z]\.)*)")
# A street named without a house number, after an article or preposition ("in de
# Vondelstraat"); only suffixes that are rarely anything but a street.
STREET_NAME = re.compile(
    r"\b(?:de|het|in|op|aan|naar|via|bij) ([A-Z][\w'\-]*?"
    r"(?:straat|laan|plein|singel|gracht|kade|dijk|steeg|dreef))\b")
# An organisation's name after the kind of organisation ("Zorggroep De Linde",
# "schoonmaakbedrijf Blinkend", "wijkcentrum De Pijler"). Only the name is the finding.
ORGANISATION = re.compile(
    r"\b(?i:[a-z]*(?:bedrijf|bedrijven|groep|centrum|stichting|vereniging|school|college"
    r"|kliniek|praktijk|winkel|fabriek|bureau|instelling|coöperatie|kerk|moskee))"
    r"\s+(" + _NAME + r")")
KIND = re.compile(KIND_PATTERN)  # kinds of organisation: "Bakkerij De Graaf"
_TENS = "twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig"
_AGE_WORD = (r"(?:(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]n(?:" + _TENS + r")"
             r"|" + _TENS + r"|vijftien|zestien|zeventien|achttien|negentien)")
# An age in words or digits after "ik ben", "moeder van" etc., not followed by a unit.
AGE_AFTER = re.compile(
    r"\b(?i:ik ben|hij is|zij is|ze is|hij was|zij was|ze was|werd|wordt|[a-z]+ van)\s+"
    r"(" + _AGE_WORD + r"|\d{2})(?:\s+jaar(?:\s+oud)?)?\b"
    r"(?!\s+(?:euro|uur|procent|minuten|dagen|weken|maanden|jaar|mensen|keer|cent|km|%))")
AGE = re.compile(r"\b\d{1,3}(?:\s+jaar\s+oud\b|-jarige?\b)", re.IGNORECASE)
# An age in words without a cue ("meneer D., vijfenvijftig, al acht jaar"): a compound
# number that ends a phrase or is followed by "jaar" -- an amount is followed by its noun.
AGE_ALONE = re.compile(
    r"\b(?:(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]n(?:" + _TENS + r"))"
    r"(?:\s+jaar(?:\s+oud)?)?(?=\s*(?:[,.;:!?)]|$)|\s+jaar\b)", re.IGNORECASE | re.MULTILINE)


def _valid_dmy(day: str, month: str) -> bool:
    return 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def detect(text: str) -> Iterator[Candidate]:
    """Every rule's candidates, unmerged (overlaps are resolved by the caller)."""
    for m in EMAIL.finditer(text):
        yield Candidate(m.start(), m.end(), "email")
    for m in URL.finditer(text):
        yield Candidate(m.start(), m.end(), "url")
    for m in IBAN.finditer(text):  # a Dutch-shaped one with a typo still identifies
        if iban_valid(m.group()) or DUTCH_IBAN.fullmatch(m.group()):
            yield Candidate(m.start(), m.end(), "iban")
    for m in BSN.finditer(text):
        if bsn_valid(re.sub(r"\D", "", m.group())):
            yield Candidate(m.start(), m.end(), "bsn")
    for m in PHONE.finditer(text):
        yield Candidate(m.start(), m.end(), "telefoon")
    for m in POSTCODE.finditer(text):
        yield Candidate(m.start(), m.end(), "postcode")
    for m in STREET.finditer(text):
        yield Candidate(m.start(), m.end(), "adres")
    for m in DATE_NUMERIC.finditer(text):
        if _valid_dmy(m.group(1), m.group(3)) and (m.group(2) != "." or len(m.group(4)) == 4):
            yield Candidate(m.start(), m.end(), "datum")
    for m in DATE_ISO.finditer(text):
        if _valid_dmy(m.group(3), m.group(2)):
            yield Candidate(m.start(), m.end(), "datum")
    for m in DATE_WORDS.finditer(text):
        yield Candidate(m.start(), m.end(), "datum")
    for m in BIRTH_YEAR.finditer(text):
        yield Candidate(m.start(1), m.end(1), "datum")
    for m in YEAR_OF.finditer(text):
        yield Candidate(m.start(1), m.end(1), "datum")
    for m in PERSON_CUE.finditer(text):
        yield Candidate(m.start(1), m.end(1), "persoon")
    for m in AGE.finditer(text):
        yield Candidate(m.start(), m.end(), "leeftijd")
    for m in AGE_AFTER.finditer(text):
        yield Candidate(m.start(1), m.end(), "leeftijd")
    for m in AGE_ALONE.finditer(text):
        yield Candidate(m.start(), m.end(), "leeftijd")
    for m in STREET_NAME.finditer(text):
        yield Candidate(m.start(1), m.end(1), "adres")
    for m in ORGANISATION.finditer(text):
        yield Candidate(m.start(1), m.end(1), "instelling")
