"""The one definition of offsets: Unicode code points into NFC text with ``\\n`` line ends.

Python ``str`` indexes code points, so a span ``(start, end)`` is ``text[start:end]``.
Other tools count differently (NVivo and JavaScript in UTF-16 units, some in UTF-8 bytes),
so conversions live here too, as do the rules for where a span may begin and end.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate

_LINE_ENDS = r"\r\n?|\u2028|\u2029|\x85"  # compiled when first used (re caches it):
# compiling it at import cost every output that imports this module a third of a millisecond
_ZERO_WIDTH = {"\u200d", "\u200c", "\ufe0f", "\ufe0e"}


def normalise(text: str) -> str:
    """NFC, ``\\n`` line ends, no byte-order mark. Applied once, before storing."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return unicodedata.normalize("NFC", re.sub(_LINE_ENDS, "\n", text))


def sha256(text: str) -> str:
    """The hex sha256 of ``text`` as UTF-8 (hashlib, which loads OpenSSL, only when asked)."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_extension(char: str) -> bool:
    """True for a code point that belongs to the character before it."""
    return (
        unicodedata.combining(char) != 0
        or char in _ZERO_WIDTH
        or unicodedata.category(char) in ("Mn", "Me", "Mc")
        or 0x1F3FB <= ord(char) <= 0x1F3FF  # emoji skin-tone modifiers
    )


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Move a span's ends off the middle of a user-perceived character.

    A start on a combining mark moves left to its base; an end before a combining
    mark (or a zero-width joiner sequence) moves right past it.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    while 0 < start < len(text) and _is_extension(text[start]):
        start -= 1
    while end < len(text) and (
        _is_extension(text[end]) or (end > 0 and text[end - 1] == "\u200d")
    ):
        end += 1
    return start, end


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so it neither begins nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def plain_ends(text: str) -> bytes:
    """Where a span of ``text`` may begin and end as it is, ``len(text) + 1`` bytes: bit 1
    at ``i`` if ``text[i]`` is plain (neither white space nor part of the character before
    it, :func:`snap`), bit 2 at ``i`` if ``text[i - 1]`` is plain and ``text[i]`` is not part
    of it (or the end). A span ``(start, end)`` inside the text with bit 1 at ``start`` and
    bit 2 at ``end`` is one that :func:`snap` and then :func:`trim` keep as it is (as
    ``casebook.coding.service.span`` does): no end moves off the middle of a character and
    no white space is trimmed off. (`code add --from` takes such rows without the full
    check; tests/coding_bulk compares this with ``span`` on random texts.)"""
    plain = bytearray(text.encode("ascii", "replace").translate(_PLAIN) + b"\x00")
    whole = bytearray(b"\x01") * (len(text) + 1)  # other characters: "?", plain, above
    odd = "" if text.isascii() else "".join(  # each other character looked at once
        c for c in set(text) if c >= "\x80" and (c.isspace() or _is_extension(c)))
    if odd:
        for found in re.finditer(f"[{re.escape(odd)}]", text):
            plain[found.start()] = 0
            if _is_extension(found.group()):
                whole[found.start()] = 0
    starts = int.from_bytes(plain, "little")  # each byte 0 or 1: shifted and and-ed all
    ends = (starts << 8) & int.from_bytes(whole, "little")  # at once, as numbers
    return (starts | ends << 1).to_bytes(len(text) + 1, "little")


_PLAIN = bytes(int(not chr(b).isspace()) for b in range(128)) + bytes(128)  # ASCII, no space


class OffsetMap:
    """Converts code-point offsets to and from UTF-16 units and UTF-8 bytes for one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        wide = [0] + list(accumulate(1 if ord(c) > 0xFFFF else 0 for c in text))
        self._utf16 = [i + w for i, w in enumerate(wide)]
        self._utf8 = [0] + list(accumulate(len(c.encode("utf-8")) for c in text))

    def to_utf16(self, offset: int) -> int:
        return self._utf16[offset]

    def from_utf16(self, unit: int) -> int:
        """The code point at a UTF-16 offset; an offset inside a surrogate pair rounds down."""
        return bisect_right(self._utf16, unit) - 1

    def to_utf8(self, offset: int) -> int:
        return self._utf8[offset]

    def from_utf8(self, byte: int) -> int:
        return bisect_right(self._utf8, byte) - 1


class Edits:
    """Replacements applied to a text, and where a span of the old text lands in the new.

    ``replacements`` are sorted, non-overlapping ``(start, end, new)`` in old offsets. A span
    that begins or ends inside a replaced run is widened to the whole replacement, so a
    coding on part of a name covers the whole pseudonym, never half of it."""

    def __init__(self, text: str, replacements: list[tuple[int, int, str]]) -> None:
        parts: list[str] = []
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._new: list[tuple[int, int]] = []
        pos = shift = 0
        for start, end, new in replacements:
            parts += [text[pos:start], new]
            self._starts.append(start)
            self._ends.append(end)
            self._new.append((start + shift, start + shift + len(new)))
            shift += len(new) - (end - start)
            pos = end
        parts.append(text[pos:])
        self.text = "".join(parts)

    def _after(self, i: int, offset: int) -> int:
        """``offset`` (not inside a replacement) moved past replacement ``i`` and those before."""
        if i < 0:
            return offset
        return offset - self._ends[i] + self._new[i][1]

    def start(self, offset: int) -> int:
        """Where a span beginning at ``offset`` begins in the new text."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self._ends[i]:
            return self._new[i][0]
        return self._after(i, offset)

    def end(self, offset: int) -> int:
        """Where a span ending at ``offset`` ends in the new text."""
        i = bisect_left(self._starts, offset) - 1
        if i >= 0 and offset < self._ends[i]:
            return self._new[i][1]
        return self._after(i, offset)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the old text in the new one."""
        begin = self.start(start)
        return begin, max(begin, self.end(end))

    def spans(self, starts: Iterable[int], ends: Iterable[int]) -> list[tuple[int, int]]:
        """:meth:`span` of each ``(start, end)`` of ``starts`` and ``ends`` (a listing's
        thousands of codings: one call, names bound once, no calls per span)."""
        if not self._starts:
            return [(start, end if end > start else start) for start, end in zip(starts, ends)]
        old_starts, old_ends, new = self._starts, self._ends, self._new
        found = []
        for start, end in zip(starts, ends):
            i = bisect_right(old_starts, start) - 1
            if i < 0:
                begin = start
            elif start < old_ends[i]:
                begin = new[i][0]
            else:
                begin = start - old_ends[i] + new[i][1]
            i = bisect_left(old_starts, end) - 1
            if i < 0:
                stop = end
            elif end < old_ends[i]:
                stop = new[i][1]
            else:
                stop = end - old_ends[i] + new[i][1]
            found.append((begin, stop if stop > begin else begin))
        return found
