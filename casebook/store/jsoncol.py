"""Columns that hold JSON (a list or a mapping): written and read in one way, with json
imported by the commands that read or write such a column, not by every one that opens
the store."""

from __future__ import annotations

from typing import Any

from casebook.errors import CasebookError


def as_json(value: Any) -> str:
    """``value`` as a JSON column holds it (non-ASCII text as it is)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def json_field(text: Any, field: str, kind: type) -> Any:
    """A column holding JSON (a list or a mapping), parsed; one error naming ``field`` if it
    is not JSON of that ``kind`` (a damaged or crafted database)."""
    import json

    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        value = None
    if not isinstance(value, kind):
        raise CasebookError(f"not a JSON {'list' if kind is list else 'mapping'}: "
                            f"{str(text)[:40]!r}", field=field)
    return value
