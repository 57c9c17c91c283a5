"""From raw turns to the stored form: one canonical text and turns with offsets into it.

The canonical text has one paragraph per turn, ``Speaker: utterance``, turns separated by a
blank line. A turn's range covers the utterance only, so codings never include the label.
"""

from __future__ import annotations

from dataclasses import dataclass

from casebook.model import Transcript, Turn


@dataclass(slots=True)
class RawTurn:
    speaker: str | None
    lines: list[str]
    time_start: float | None = None
    time_end: float | None = None


def seconds(stamp: str) -> float:
    """'1:02:03.5' or '00:01,250' -> seconds."""
    value = 0.0
    for part in stamp.replace(",", ".").split(":"):
        value = value * 60 + float(part)
    return round(value, 3)


def clean_line(line: str) -> str:
    """Runs of spaces, tabs and no-break spaces become one space; none at either end.

    Most lines are clean already: printable (the only white space that is, is the plain
    space), without two spaces in a row or one at an end. Those are returned as they are,
    without splitting them into words first."""
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        return line
    return " ".join(line.split())


def build(raw_turns: list[RawTurn], fmt: str) -> Transcript:
    parts: list[str] = []
    turns: list[Turn] = []
    position = 0
    for raw in raw_turns:
        if len(raw.lines) == 1:  # most turns
            body = clean_line(raw.lines[0])
        else:
            body = "\n".join(filter(None, map(clean_line, raw.lines)))
        if not body:
            continue
        if parts:
            parts.append("\n\n")
            position += 2
        label = f"{raw.speaker}: " if raw.speaker else ""
        parts.append(label + body)
        start = position + len(label)
        position = start + len(body)
        turns.append(Turn(start=start, end=position, speaker=raw.speaker,
                          time_start=raw.time_start, time_end=raw.time_end))
    return Transcript(text="".join(parts), turns=turns, format=fmt)


def merge_same_speaker(raw_turns: list[RawTurn], joiner: str = " ") -> list[RawTurn]:
    """Consecutive cues of one speaker become one turn (subtitle formats split mid-thought)."""
    merged: list[RawTurn] = []
    for raw in raw_turns:
        if merged and raw.speaker is not None and merged[-1].speaker == raw.speaker:
            last = merged[-1]
            lines = (*last.lines, *raw.lines)
            last.lines = [joiner.join(clean_line(x) for x in lines if x.strip())]
            last.time_end = raw.time_end if raw.time_end is not None else last.time_end
        else:
            merged.append(RawTurn(raw.speaker, list(raw.lines), raw.time_start, raw.time_end))
    return merged
