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

try:  # CPython's own sha256: hashlib loads OpenSSL first (3 ms, at every output)
    from _sha256 import sha256 as sha256
except ImportError:  # pragma: no cover -- a Python built without it
    from hashlib import sha256 as sha256


def digest(text: str) -> str:
    """The sha256 of ``text`` (any string: lone surrogates pass), in hex."""
    made: str = sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return made


@cache
def code(*modules: str) -> str | None:
    """A digest of the source of ``modules`` (imported, by name) and of Python's and its
    Unicode's versions; None if a module's source cannot be read (then nothing made by it
    is stored or read)."""
    made = sha256(f"{sys.version}\0{unicodedata.unidata_version}\0".encode())
    for name in modules:
        source = _source(name)
        if source is None:
            return None
        made.update(source)
        made.update(b"\0")
    hexdigest: str = made.hexdigest()
    return hexdigest


@cache
def _source(name: str) -> bytes | None:
    """The source of the imported module ``name`` (read once: the digests share it)."""
    try:
        with open(sys.modules[name].__file__ or "", "rb") as source:
            return source.read()
    except (OSError, KeyError):
        return None
