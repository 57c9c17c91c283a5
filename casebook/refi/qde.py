"""Writing ``project.qde`` as text, piece by piece, as ElementTree would write it.

An export of 80,000 codings is some 400,000 elements: building them as an ElementTree,
copying it to indent it and serialising it took more time and memory than the rest of the
export. The export writes each element as a line of text instead, escaped and indented
exactly as ``ET.indent`` + ``ET.tostring`` do (two spaces a level, ``<Tag a="v" />`` for an
empty element), so the bytes are the same and the parts can be written as they are made.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from casebook.refi.common import NS, local

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
_PADS = ["  " * level for level in range(12)]


_TEXT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_ATTRIBUTE = (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def _escaped(value: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for char, reference in escapes:
        if char in value:  # most values hold none: a test is cheaper than a replace
            value = value.replace(char, reference)
    return value


def attr(value: str) -> str:
    """An attribute value as ElementTree escapes it (line ends and tabs as references)."""
    return _escaped(_escaped(value, _TEXT), _ATTRIBUTE)


def text(value: str) -> str:
    """Element text as ElementTree escapes it."""
    return _escaped(value, _TEXT)


def pad(level: int) -> str:
    return _PADS[level] if level < len(_PADS) else "  " * level


def attrs(items: dict[str, str]) -> str:
    """`` name="value"`` for each attribute, in order."""
    return "".join(f' {name}="{attr(value)}"' for name, value in items.items())


def empty(level: int, tag: str, items: dict[str, str]) -> str:
    """An element without content, on its own line."""
    return f"{pad(level)}<{tag}{attrs(items)} />\n"


def opening(level: int, tag: str, items: dict[str, str] | None = None) -> str:
    return f"{pad(level)}<{tag}{attrs(items or {})}>\n"


def closing(level: int, tag: str) -> str:
    return f"{pad(level)}</{tag}>\n"


def with_text(level: int, tag: str, content: str | None,
              items: dict[str, str] | None = None) -> str:
    """An element holding only text (none: written empty)."""
    if not content:
        return empty(level, tag, items or {})
    return f"{pad(level)}<{tag}{attrs(items or {})}>{text(content)}</{tag}>\n"


def root(name: str, origin: str) -> str:
    """The declaration and the opening ``<Project>`` (its namespace first, as ET puts it)."""
    return f'{HEAD}<Project xmlns="{NS}"{attrs({"name": name, "origin": origin})}>\n'


def element(node: ET.Element, level: int) -> Iterator[str]:
    """An ElementTree element in the project's namespace (the codebook), indented from
    ``level`` on."""
    tag = local(node.tag)
    if len(node):
        yield opening(level, tag, dict(node.attrib))
        for child in node:
            yield from element(child, level + 1)
        yield closing(level, tag)
    else:
        yield with_text(level, tag, node.text, dict(node.attrib))
