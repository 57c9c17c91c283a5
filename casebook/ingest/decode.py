"""Bytes to text: UTF-8 with or without BOM, UTF-16 with BOM, cp1252 / latin-1 from older
Windows exports. The result is normalised (NFC, ``\\n``)."""

from __future__ import annotations

import codecs
from pathlib import Path

from casebook.errors import CasebookError
from casebook.offsets import normalise


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
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CasebookError("no such file", path=path) from None
    except IsADirectoryError:
        raise CasebookError("is a folder, not a file", path=path) from None
    except OSError as err:
        raise CasebookError(f"cannot read ({err.strerror})", path=path) from None
    return decode(data, path)
