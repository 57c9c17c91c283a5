"""Plain-text layouts: speaker-colon turns (``I:``/``R:``, ``Name:``, ``**Name:**``),
Otter/Amberscript/Teams-docx headers (speaker and time on a line, text below), and anything
else as plain paragraphs. Never fails on an unknown layout. A leading Markdown heading is
the title (:func:`split_title`)."""

from __future__ import annotations

import re

from casebook.ingest.build import RawTurn, seconds

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_NAME = r"[^\W\d_][^:\n\[\]()]{0,50}?"
_HEAD_NAME_TIME = re.compile(
    rf"^(?P<name>{_NAME})\s*[-–|]?\s*[\(\[]?(?P<time>{_TIME})[\)\]]?(?:\s*-\s*{_TIME})?\s*$")
_HEAD_TIME_NAME = re.compile(
    rf"^[\(\[]?(?P<time>{_TIME})[\)\]]?\s*[-–|]?\s*(?P<name>{_NAME})\s*:?\s*$")
_COLON = re.compile(
    rf"^(?:[\(\[]?(?P<time>{_TIME})[\)\]]?\s+)?"
    rf"(?:\*\*(?P<bold>{_NAME})\s*(?::\s*\*\*|\*\*\s*:)|(?P<name>{_NAME})\s*:)(?:\s+(?P<text>.*)|$)")
KNOWN_LABELS = {
    "i", "r", "int", "interviewer", "respondent", "onderzoeker", "gespreksleider",
    "moderator", "facilitator", "deelnemer", "client", "cliënt", "klant", "klantmanager",
    "consulent", "werkgever", "spreker", "speaker", "vraag", "antwoord", "v", "a",
}
ROLE_GUESSES = {
    "interviewer": {"i", "int", "interviewer", "onderzoeker", "gespreksleider", "moderator",
                    "facilitator", "vraag", "v"},
    "respondent": {"r", "respondent", "deelnemer", "antwoord", "a"},
    "client": {"client", "cliënt", "klant"},
    "klantmanager": {"klantmanager", "consulent"},
    "werkgever": {"werkgever"},
}


def guess_role(label: str) -> str | None:
    key = label.strip().casefold()
    for role, labels in ROLE_GUESSES.items():
        if key in labels or key.split(" ")[0] in labels - {"i", "r", "v", "a"}:
            return role
    return None


_PARTICLES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "'t", "el", "al",
              "bin", "ben", "da", "di", "du", "la", "le", "op"}


def looks_like_name(label: str) -> bool:
    """'Ellen', 'Ellen de Vries', 'Spreker 2': capitalised words (or numbers), Dutch
    particles allowed -- unlike 'Let op' or 'Kortom'."""
    words = label.split()
    if not 0 < len(words) <= 4 or not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w.isdigit() or (i and w in _PARTICLES and i < len(words) - 1)
               for i, w in enumerate(words))


def select_speakers(counts: dict[str, int],
                    strong: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """Which candidate labels are speakers: recurring ones, known roles, bold ones; and once
    a file clearly has speakers, any label that looks like a name."""
    speakers = {n for n, c in counts.items()
                if c >= 2 or n.casefold() in KNOWN_LABELS or n in strong}
    if sum(counts[n] for n in speakers) >= 2:
        speakers |= {n for n in counts if looks_like_name(n)}
    return speakers


def _plausible_name(name: str) -> bool:
    words = name.split()
    return 0 < len(words) <= 5 and not name.rstrip().endswith((".", ",", "?", "!"))


def _header(line: str) -> tuple[str, float] | None:
    if len(line) > 90 or ":" not in line:  # cheap test first: most lines are speech
        return None
    match = _HEAD_NAME_TIME.match(line) or _HEAD_TIME_NAME.match(line)
    if match and _plausible_name(match["name"]):
        return match["name"].strip(), seconds(match["time"])
    return None


def _colon(line: str) -> tuple[str, str, float | None, bool] | None:
    if ":" not in line[:80]:
        return None
    match = _COLON.match(line)
    if not match:
        return None
    name = (match["bold"] or match["name"]).strip().strip("*").strip()
    if not _plausible_name(name):
        return None
    text = (match["text"] or "").strip().strip("*").strip()
    return name, text, seconds(match["time"]) if match["time"] else None, bool(match["bold"])


_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.*?)\s*#*$")


def split_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """(title, the other lines): a Markdown heading on the first line that is not blank is
    the document's title, not its text."""
    for index, line in enumerate(lines):
        if line.strip():
            match = _HEADING.match(line.strip())
            title = " ".join(match["title"].strip("*_ ").split()) if match else ""
            if title:
                return title, lines[:index] + lines[index + 1:]
            break
    return None, lines


def read_lines(lines: list[str]) -> tuple[list[RawTurn], str]:
    lines = [line.strip() for line in lines]
    headers = [_header(line) for line in lines]
    colons = [_colon(line) if not headers[i] else None for i, line in enumerate(lines)]
    header_count = sum(1 for h in headers if h)
    counts: dict[str, int] = {}
    for found in colons:
        if found:
            counts[found[0]] = counts.get(found[0], 0) + 1
    speakers = select_speakers(counts, {found[0] for found in colons if found and found[3]})
    colon_count = sum(counts[n] for n in speakers)
    if header_count >= 2 and header_count >= colon_count:
        return _by_headers(lines, headers), "otter"
    if colon_count >= 2:
        return _by_colons(lines, colons, speakers), "speaker-colon"
    return _paragraphs(lines), "paragraphs"


Header = tuple[str, float] | None  # a speaker-and-time line: (speaker, seconds)
Colon = tuple[str, str, float | None, bool] | None  # "Name: text": (name, text, time, bold)


def _by_headers(lines: list[str], headers: list[Header]) -> list[RawTurn]:
    turns: list[RawTurn] = []
    preamble: list[str] = []
    for line, header in zip(lines, headers):
        if header:
            if turns and turns[-1].time_end is None:
                turns[-1].time_end = header[1]
            turns.append(RawTurn(header[0], [], header[1]))
        elif line:
            (turns[-1].lines if turns else preamble).append(line)
    for turn in turns:  # a clock that went backwards says nothing about the end
        start, end = turn.time_start, turn.time_end
        if end is not None and start is not None and end < start:
            turn.time_end = None
    return ([RawTurn(None, preamble)] if preamble else []) + turns


def _by_colons(lines: list[str], colons: list[Colon], speakers: set[str]) -> list[RawTurn]:
    turns: list[RawTurn] = []
    preamble: list[str] = []
    for line, found in zip(lines, colons):
        if found and found[0] in speakers:
            name, text, time, _bold = found
            if turns and turns[-1].time_end is None and time is not None:
                turns[-1].time_end = time
            turns.append(RawTurn(name, [text] if text else [], time))
        elif line:
            (turns[-1].lines if turns else preamble).append(line)
    return ([RawTurn(None, preamble)] if preamble else []) + turns


def _paragraphs(lines: list[str]) -> list[RawTurn]:
    paragraphs: list[RawTurn] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(RawTurn(None, current))
            current = []
    if current:
        paragraphs.append(RawTurn(None, current))
    return paragraphs
