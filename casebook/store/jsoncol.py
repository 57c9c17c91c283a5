"""Columns that hold JSON (a list or a mapping): written and read in one way, with json
imported by the commands that read or write such a column, not by every one that opens
the store."""

from __future__ import annotations

from casebook.errors import CasebookError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def as_json(value: Any) -> str:
    """``value`` as a JSON column holds it (non-ASCII text as it is)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def json_field(text: Any, field: str, kind: type) -> Any:
    """A column holding JSON (a list or a mapping), parsed; one error naming ``field`` if it
    is not JSON of that ``kind`` (a damaged or crafted database). A list of texts as
    :func:`as_json` writes it (a code's examples) is read by json's own C function for a
    text, without importing the json package (`code add` and `codebook show` read
    examples and nothing else JSON); any other text by ``json.loads``."""
    value = _texts(text) if kind is list and isinstance(text, str) else None
    if value is not None:
        return value
    import json

    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        value = None
    if not isinstance(value, kind):
        raise CasebookError(f"not a JSON {'list' if kind is list else 'mapping'}: "
                            f"{str(text)[:40]!r}", field=field)
    return value


def _texts(text: str) -> list[str] | None:
    """``text`` as a list of texts if it is one as ``json.dumps`` writes it (``[]``, or
    ``["a", "b"]``: ", " between, nothing around), read as ``json.loads`` reads it; None for
    any other text (``json.loads`` decides about that one)."""
    if text == "[]":
        return []
    if not text.startswith('["') or not text.endswith('"]'):
        return None
    try:
        from _json import scanstring  # what json's decoder reads a text with
    except ImportError:  # pragma: no cover -- a Python without json's C part
        return None
    found, at = [], 1
    try:
        while True:
            value, at = scanstring(text, at + 1, True)  # from after the opening quote
            found.append(value)
            if at == len(text) - 1:  # the closing bracket
                return found
            if not text.startswith(', "', at):
                return None
            at += 2  # at the next opening quote
    except ValueError:  # not JSON: json.loads says how
        return None
