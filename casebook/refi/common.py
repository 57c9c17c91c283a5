"""What export and import share: the namespace, stable GUIDs, element helpers."""

from __future__ import annotations

import hashlib
import uuid
import xml.etree.ElementTree as ET

from casebook.codebook.qdc import PROJECT_NS, normalise_guid

NS = PROJECT_NS
GUID_NAMESPACE = uuid.UUID("7d3c1f0a-2b6e-4e8a-9c55-1a0e6b2f4d37")
_NAMESPACE_BYTES = GUID_NAMESPACE.bytes
# Document fields that travel as text Variables next to the free attributes.
FIELD_VARIABLES = ("kind", "date")


def guid(*parts: object) -> str:
    """A stable GUID for one of our objects, so a re-export diffs cleanly: the uuid5 of
    the parts in :data:`GUID_NAMESPACE` (see :func:`guid_of`)."""
    return guid_of("\x1f".join(map(str, parts)))


_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def guid_of(key: str) -> str:
    """The uuid5 of ``key`` (the parts of :func:`guid` joined with "\\x1f") in
    :data:`GUID_NAMESPACE`, made without a UUID object (an export makes two per coding):
    the SHA-1 in hex, its 13th digit the version (5), its 17th the RFC 4122 variant."""
    x = hashlib.sha1(_NAMESPACE_BYTES + key.encode("utf-8")).hexdigest()
    return f"{x[:8]}-{x[8:12]}-5{x[13:16]}-{_VARIANT[x[16]]}{x[17:20]}-{x[20:32]}"


def user_guid(coder_id: str) -> str:
    """A coder's GUID: its id when that is a GUID (it usually is), else derived from it."""
    return normalise_guid(coder_id) or guid("coder", coder_id)


_LOCAL: dict[str, str] = {}  # tag -> its local name: a parse meets few tags, many times


def local(tag) -> str:
    """``{namespace}Name`` -> ``Name`` (a comment's or PI's tag -> "")."""
    if not isinstance(tag, str):
        return ""
    name = _LOCAL.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1]
        if len(_LOCAL) < 10_000:  # a hostile file's endless names are not kept
            _LOCAL[tag] = name
    return name


def children(element: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in element if local(c.tag) == name]


def child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if local(c.tag) == name), None)
