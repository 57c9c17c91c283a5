"""WebVTT (Teams ``<v Name>`` voice tags, Zoom ``Name:`` cues) and SRT (Whisper, no speakers)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from casebook.errors import CasebookError
from casebook.ingest.build import RawTurn, merge_same_speaker, seconds
from casebook.ingest.text import select_speakers

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_TIMING = re.compile(rf"^\s*({_TIME})\s*-->\s*({_TIME})")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>(.*?)(?:</v>|(?=<v[\s.])|$)", re.S)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d[\d:.]*>")
_ZOOM = re.compile(r"^([^\s:][^:]{0,60}?):\s+(.*)$", re.S)
_SENTENCE_END = ("." , "?", "!", "…", '"', "”")


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks with the 1-based line number of their first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for number, line in enumerate(lines, 1):
        if line.strip():
            if not current:
                first = number
            current.append(line.rstrip())
        elif current:
            blocks.append((first, current))
            current = []
    if current:
        blocks.append((first, current))
    return blocks


def _cues(text: str, path: Path, *, vtt: bool) -> list[tuple[float, float, str]]:
    lines = text.split("\n")
    blocks = _blocks(lines)
    if vtt:
        if not blocks or not blocks[0][1][0].startswith("WEBVTT"):
            raise CasebookError("not a WebVTT file: the first line must be WEBVTT", path=path,
                                line=1)
        blocks = blocks[1:]
    cues = []
    for first, block in blocks:
        if vtt and block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing_at = 0 if "-->" in block[0] else 1
        if timing_at >= len(block) or "-->" not in block[timing_at]:
            raise CasebookError("cue without a timing line (00:00:01.000 --> 00:00:04.000)",
                                path=path, line=first)
        match = _TIMING.match(block[timing_at])
        if not match:
            raise CasebookError(f"bad cue timing {block[timing_at].strip()!r}", path=path,
                                line=first + timing_at)
        start, end = seconds(match[1]), seconds(match[2])
        if end < start:
            raise CasebookError(f"cue ends ({match[2]}) before it starts ({match[1]})",
                                path=path, line=first + timing_at)
        cues.append((start, end, "\n".join(block[timing_at + 1:])))
    return cues


def _plain(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment)).replace("\n", " ").strip()


def read_vtt(text: str, path: Path) -> tuple[list[RawTurn], str]:
    raw: list[RawTurn] = []
    zoom_candidates: dict[str, int] = {}
    for start, end, payload in _cues(text, path, vtt=True):
        voices = _VOICE.findall(payload)
        if voices:
            for name, said in voices:
                raw.append(RawTurn(name.strip(), [_plain(said)], start, end))
            continue
        plain = _plain(payload)
        match = _ZOOM.match(plain)
        if match:
            zoom_candidates[match[1]] = zoom_candidates.get(match[1], 0) + 1
        raw.append(RawTurn(None, [plain], start, end))
    speakers = select_speakers(zoom_candidates)
    fmt = "vtt-teams" if any(r.speaker for r in raw) else "vtt"
    if speakers:
        fmt = "vtt-zoom"
        for turn in raw:
            match = _ZOOM.match(turn.lines[0]) if turn.speaker is None else None
            if match and match[1] in speakers:
                turn.speaker, turn.lines = match[1], [match[2]]
    if fmt == "vtt":
        return paragraphs_from_cues(raw), fmt
    return merge_same_speaker(raw), fmt


def paragraphs_from_cues(raw: list[RawTurn], pause: float = 2.0, size: int = 800) -> list[RawTurn]:
    """Cues without speakers become paragraphs: a new one after a pause at a sentence end,
    or when a paragraph grows long and a sentence ends."""
    paragraphs: list[RawTurn] = []
    for cue in raw:
        if paragraphs:
            last = paragraphs[-1]
            body = " ".join(last.lines)
            ends = body.rstrip().endswith(_SENTENCE_END)
            gap = (cue.time_start or 0) - (last.time_end or 0)
            if not (ends and (gap >= pause or len(body) >= size)):
                last.lines = [body + " " + " ".join(cue.lines)]
                last.time_end = cue.time_end
                continue
        paragraphs.append(RawTurn(None, [" ".join(cue.lines)], cue.time_start, cue.time_end))
    return paragraphs


def read_srt(text: str, path: Path) -> tuple[list[RawTurn], str]:
    raw = []
    for start, end, payload in _cues(text, path, vtt=False):
        raw.append(RawTurn(None, [_plain(payload)], start, end))
    return paragraphs_from_cues(raw), "srt"
