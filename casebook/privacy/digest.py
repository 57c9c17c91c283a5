"""Digests of what the gate keeps in the store (its everyday words, its views): a stored row
is used only where the digest of everything it was made from is the one it was stored under.

:func:`code` covers the code: the source of the modules that made it, with Python's version
(``html.unescape``'s entities, ``str.lower``) and its Unicode version (NFKD, what ``\\w`` and
case folding see), so that a row made by other code is never read as this code's.
"""

from __future__ import annotations

import sys
import unicodedata
from functools import cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

try:  # CPython's own BLAKE2 (hashlib loads OpenSSL first: 3 ms, at every output): BLAKE2b of
    from _blake2 import blake2b  # 32 bytes, as strong as sha256 and three times as fast here
except ImportError:  # pragma: no cover -- a Python built without it
    from hashlib import blake2b


def new(data: bytes = b"") -> Any:
    """A hash object of the digests (``update``, ``hexdigest``), begun with ``data``."""
    return blake2b(data, digest_size=32)


def digest(text: str) -> str:
    """The digest of ``text`` (any string: lone surrogates pass), in hex."""
    made: str = new(text.encode("utf-8", "surrogatepass")).hexdigest()
    return made


@cache
def code(*modules: str) -> str | None:
    """A digest of the source of ``modules`` (imported, by name) and of Python's and its
    Unicode's versions; None if a module's source cannot be read (then nothing made by it
    is stored or read)."""
    made = new(f"{sys.version}\0{unicodedata.unidata_version}\0".encode())
    for name in modules:
        source = _source(name)
        if source is None:
            return None
        made.update(source.encode())
        made.update(b"\0")
    hexdigest: str = made.hexdigest()
    return hexdigest


@cache
def _source(name: str) -> str | None:
    """The digest of the source of the imported module ``name`` (read and digested once:
    the digests of code share it)."""
    try:
        with open(sys.modules[name].__file__ or "", "rb") as source:
            made: str = new(source.read()).hexdigest()
            return made
    except (OSError, KeyError):
        return None
