"""Bytes to text: UTF-8 with or without BOM, UTF-16 with BOM, cp1252 / latin-1 from older
Windows exports. The result is normalised (NFC, ``\\n``). A file larger than
:data:`MAX_BYTES` is refused (a ten-hour transcript is about a megabyte)."""

from __future__ import annotations

import codecs
from pathlib import Path

from casebook.errors import CasebookError
from casebook.files import read_bytes
from casebook.offsets import normalise

MAX_BYTES = 32 * 1024 * 1024


def decode(data: bytes, path: str | Path) -> tuple[str, str]:
    """Return ``(normalised text, encoding name)``."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return normalise(data.decode(encoding)), encoding
            except UnicodeDecodeError as err:
                raise CasebookError(f"not valid {encoding} at byte {err.start}",
                                    path=path) from None
    if b"\x00" in data[:4096]:
        raise CasebookError("looks like a binary file, not a transcript", path=path)
    try:
        return normalise(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return normalise(data.decode("cp1252")), "cp1252"
    except UnicodeDecodeError:
        return normalise(data.decode("latin-1")), "latin-1"


def read_text(path: Path) -> tuple[str, str]:
    return decode(read_bytes(path, MAX_BYTES), path)
