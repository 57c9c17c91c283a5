"""Offsets counted in a text as another tool stored it, moved onto Casebook's normalised text.

A .qdpx source may have CRLF line ends, a byte-order mark (removed before counting) or
decomposed accents; Casebook stores NFC with ``\\n``. :func:`normalise_with_map` returns the
normalised text and, for every code-point position of the raw text, its position in the
normalised one. NVivo counts UTF-16 units; :func:`choose_units` decides how to read offsets.
Most tools count a CRLF as the two characters it is in the file; ATLAS.ti counts it as one
(its text files have CRLF, its offsets do not): :func:`choose_line_ends` decides.
"""

from __future__ import annotations

import re
import unicodedata

from casebook.offsets import OffsetMap, normalise

_LINE_END = re.compile(r"\r\n?|\u2028|\u2029|\x85|\n")
_WIDE = re.compile("[\U00010000-\U0010FFFF]")  # outside the BMP: two UTF-16 units


def normalise_with_map(raw: str) -> tuple[str, list[int]]:
    """(normalise(raw), positions) with ``positions[i]`` the normalised offset of raw offset
    ``i`` (``len(positions) == len(raw) + 1``). Inside a CRLF or a composed accent a
    position maps to the start of what it became."""
    if raw.startswith("\ufeff"):
        raw_body, shift = raw[1:], 1
    else:
        raw_body, shift = raw, 0
    positions: list[int] = [0] * shift
    out: list[str] = []
    at = 0  # length of the normalised text so far

    def line(part: str) -> None:
        nonlocal at
        nfc = unicodedata.normalize("NFC", part)
        if nfc == part:
            positions.extend(range(at, at + len(part)))
        else:  # rare: decomposed text; a prefix's NFC length is its position
            positions.extend(at + len(unicodedata.normalize("NFC", part[:k]))
                             for k in range(len(part)))
        out.append(nfc)
        at += len(nfc)

    last = 0
    for match in _LINE_END.finditer(raw_body):
        line(raw_body[last:match.start()])
        positions.extend([at] * (match.end() - match.start()))
        out.append("\n")
        at += 1
        last = match.end()
    line(raw_body[last:])  # after the last line end (a lone final CR is one too)
    positions.append(at)
    text = "".join(out)
    assert text == normalise(raw), "normalise_with_map disagrees with offsets.normalise"
    return text, positions


def normalised(raw: str) -> tuple[str, list[int] | None]:
    """(normalise(raw), positions) as :func:`normalise_with_map`, but positions None when
    the text is normalised already (the usual case): every offset stays where it is."""
    text = normalise(raw)
    return (text, None) if text == raw else normalise_with_map(raw)


def choose_units(sources: list[tuple[str, list[tuple[int, int]]]],
                 origin: str = "") -> tuple[str, str]:
    """How to read selection offsets: ("codepoints" | "utf16", why).

    ``sources`` are (raw text, [(start, end), ...]) for every text source in the project, as
    one tool wrote them all the same way. The rule, in order:

    1. no text has a character outside the BMP (emoji...): both readings agree -> code points;
    2. some selection ends beyond its text in code points but not in UTF-16 units -> UTF-16;
    3. some offset falls inside a surrogate pair in UTF-16 units -> code points;
    4. the project was made by NVivo (``origin``), which counts UTF-16 units -> UTF-16;
    5. otherwise code points (what the REFI-QDA standard means by character positions).
    """
    wide = [(text.encode("utf-16-le"), len(text), spans) for text, spans in sources
            if spans and _WIDE.search(text)]
    if not wide:
        return "codepoints", "no characters outside the BMP: both readings agree"
    cp_fits = all(end <= length for _u, length, spans in wide for _s, end in spans)
    u16_fits = all(end <= len(units) // 2 for units, _l, spans in wide for _s, end in spans)
    if not cp_fits and u16_fits:
        return "utf16", "selections end beyond the text in code points, not in UTF-16 units"

    def splits_pair(units: bytes, offset: int) -> bool:  # after a high surrogate
        return 0 < offset <= len(units) // 2 and \
            0xD800 <= int.from_bytes(units[2 * offset - 2:2 * offset], "little") <= 0xDBFF

    if any(splits_pair(units, offset) for units, _l, spans in wide for span in spans
           for offset in span):
        return "codepoints", "read as UTF-16 units some offsets split an emoji"
    if "nvivo" in origin.lower() and u16_fits:
        return "utf16", f"made by {origin}, which counts UTF-16 units"
    return "codepoints", "both readings fit; code points as the standard says"


def counted_text(raw: str, line_ends: str) -> str:
    """The text a tool counted its offsets in: ``raw`` itself ("file"), or ``raw`` with
    every line end one character ("one", as ATLAS.ti counts)."""
    return _LINE_END.sub("\n", raw) if line_ends == "one" else raw


def _fits_words(text: str, span: tuple[int, int] | None) -> int:
    """How many ends of ``span`` fall on a word boundary of ``text`` (0-2): coders select
    words, so the wrong reading of the offsets lands inside words."""
    if span is None:
        return 0
    start, end = span
    good = 0
    if not text[start].isspace() and (start == 0 or not text[start - 1].isalnum()
                                      or not text[start].isalnum()):
        good += 1
    if not text[end - 1].isspace() and (end == len(text) or not text[end].isalnum()
                                        or not text[end - 1].isalnum()):
        good += 1
    return good


def choose_line_ends(sources: list[tuple[str, list[tuple[int, int]]]], units: str,
                     origin: str = "") -> tuple[str, str]:
    """How selection offsets count a CRLF: ("file" | "one", why). The rule, in order:

    1. no text has a two-character line end: both readings agree -> as in the file;
    2. some selection ends beyond the text read with one character per line end -> file;
    3. read one way, clearly more selection ends fall on word boundaries (at least two more,
       among the selections where the readings differ) -> that way;
    4. the project was made by ATLAS.ti (``origin``), which counts a line end once -> one;
    5. otherwise as in the file (what the REFI-QDA standard means).
    """
    crlf = [(raw, spans) for raw, spans in sources if spans and "\r\n" in raw]
    if not crlf:
        return "file", "no CRLF line ends: both readings agree"

    def spans_as(raw: str, spans, line_ends: str):
        counted = counted_text(raw, line_ends)
        text, positions = normalise_with_map(counted)
        omap = OffsetMap(counted) if units == "utf16" else None
        return text, [to_normalised(counted, positions, s, e, omap) for s, e in spans]

    score = {"file": 0, "one": 0}
    for raw, spans in crlf:
        text, as_file = spans_as(raw, spans, "file")
        _text, as_one = spans_as(raw, spans, "one")
        if any(span is None for span in as_one) and all(span is not None for span in as_file):
            return "file", "selections end beyond the text read with one character per CRLF"
        for file_span, one_span in zip(as_file, as_one):
            if file_span != one_span:
                score["file"] += _fits_words(text, file_span)
                score["one"] += _fits_words(text, one_span)
    if abs(score["file"] - score["one"]) >= 2:
        best = max(score, key=score.get)
        return best, (f"selection ends on word boundaries: {score['file']} counting CRLF as "
                      f"two characters, {score['one']} as one")
    if "atlas" in origin.lower():
        return "one", f"made by {origin}, which counts a CRLF as one character"
    return "file", "both readings fit; CRLF as two characters, as in the file"


def to_normalised(raw: str, positions: list[int] | None, start: int, end: int,
                  omap: OffsetMap | None = None) -> tuple[int, int] | None:
    """A selection's (start, end) in the normalised text, or None if it is out of range.
    ``positions`` None: ``raw`` is normalised already. ``omap`` (an OffsetMap of ``raw``)
    means the offsets count UTF-16 units."""
    if omap is not None:
        if not (0 <= start <= end <= omap.to_utf16(len(raw))):
            return None
        start, end = omap.from_utf16(start), omap.from_utf16(end)
    if not (0 <= start < end <= len(raw)):
        return None
    if positions is None:
        return start, end
    new_start, new_end = positions[start], positions[end]
    return (new_start, new_end) if new_end > new_start else None
