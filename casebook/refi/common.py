"""What export and import share: the namespace, stable GUIDs, element helpers."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

from casebook.codebook.qdc import PROJECT_NS, normalise_guid

NS = PROJECT_NS
GUID_NAMESPACE = uuid.UUID("7d3c1f0a-2b6e-4e8a-9c55-1a0e6b2f4d37")
# Document fields that travel as text Variables next to the free attributes.
FIELD_VARIABLES = ("kind", "date")


def guid(*parts: object) -> str:
    """A stable GUID for one of our objects, so a re-export diffs cleanly."""
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join(str(p) for p in parts)))


def user_guid(coder_id: str) -> str:
    """A coder's GUID: its id when that is a GUID (it usually is), else derived from it."""
    return normalise_guid(coder_id) or guid("coder", coder_id)


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in element if local(c.tag) == name]


def child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if local(c.tag) == name), None)
