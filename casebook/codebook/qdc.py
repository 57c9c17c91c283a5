"""REFI-QDA codebook exchange (.qdc), reusable for the project format (.qdpx).

A .qdc file is ``<CodeBook><Codes><Code .../></Codes><Sets/></CodeBook>`` in namespace
``urn:QDA-XML:codebook:1.0``; a .qdpx project's ``<CodeBook><Codes>`` has the same structure
in ``urn:QDA-XML:project:1.0``. So:

* :func:`codes_to_xml` builds a ``<CodeBook>`` element (``xml.etree.ElementTree``) in the
  namespace you pass; for .qdpx take its ``<Codes>`` child or append it as it is.
* :func:`codes_from_xml` reads any element that is a ``<CodeBook>`` or contains one (or a
  ``<Codes>`` element) in any QDA-XML namespace variant or none, and returns the codebook
  plus an :class:`ImportReport` of what could not be carried over.
* :func:`parse_bytes` parses untrusted XML with defusedxml: no DTD entities, no network.

Each code's GUID on export is the one it came with (``guids``) or a stable uuid5 of its id.
Include/exclude criteria and examples travel inside ``<Description>`` as labelled
paragraphs, which :func:`codes_from_xml` splits again.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from casebook import __version__
from casebook.errors import CasebookError
from casebook.i18n import LANGUAGES, tr
from casebook.model import DEFAULT_COLOUR, Code, Codebook

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
GUID_NAMESPACE = uuid.UUID("0b6f3c1e-8a57-4d0c-9b1e-3c2a6f4d9e21")
_GUID_RE = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                      r"[0-9a-fA-F]{12})\}?$")
_COLOUR_RE = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
# The paragraphs that carry include/exclude/examples inside <Description>: their labels.
_PARAGRAPHS = {"include": "qdc_include", "exclude": "qdc_exclude", "examples": "examples"}
_CODE_ATTRIBUTES = {"guid", "name", "isCodable", "color"}


def code_guid(code_id: str) -> str:
    """The stable GUID Casebook gives a code id that came with none."""
    return str(uuid.uuid5(GUID_NAMESPACE, code_id))


def normalise_guid(value: str | None) -> str | None:
    """Lower case, no braces; None if it is not a GUID."""
    match = _GUID_RE.match((value or "").strip())
    return match.group(1).lower() if match else None


def normalise_colour(value: str | None) -> tuple[str, str | None]:
    """(#rrggbb, note): #RGB is widened, the alpha of #RRGGBBAA dropped, junk -> default."""
    match = _COLOUR_RE.match((value or "").strip())
    if not match:
        return DEFAULT_COLOUR, f"colour '{value}' is not #RRGGBB; {DEFAULT_COLOUR} used"
    hex_ = match.group(1).lower()
    if len(hex_) == 3:
        return "#" + "".join(c * 2 for c in hex_), None
    if len(hex_) == 8:
        return "#" + hex_[:6], None  # alpha has no meaning for a highlight colour
    return "#" + hex_, None


def slug(text: str) -> str:
    """A readable id part: 'Geloof in eigen kunnen' -> 'geloof-in-eigen-kunnen'."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", re.sub(r"['’`]", "", text))
    plain = plain.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "code"


@dataclass(slots=True)
class ImportReport:
    """What an import did and what it could not carry over."""

    source: str = ""
    codes: int = 0
    guids: dict[str, str] = field(default_factory=dict)  # code id -> GUID (lower case)
    not_carried: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lost(self, message: str) -> None:
        if message not in self.not_carried:
            self.not_carried.append(message)


# -- writing ----------------------------------------------------------------------------
def _description(code: Code, language: str) -> str:
    parts = [code.description] if code.description else []
    if code.include:
        parts.append(f"{tr('qdc_include', language)}: {code.include}")
    if code.exclude:
        parts.append(f"{tr('qdc_exclude', language)}: {code.exclude}")
    if code.examples:
        parts.append(f"{tr('examples', language)}:\n"
                     + "\n".join(f"- {example}" for example in code.examples))
    return "\n\n".join(parts)


def codes_to_xml(codebook: Codebook, namespace: str = CODEBOOK_NS,
                 guids: dict[str, str] | None = None) -> ET.Element:
    """``<CodeBook origin=...><Codes>...</Codes></CodeBook>`` in ``namespace``; children
    nest under their parent. ``guids`` (code id -> GUID) overrides the derived GUIDs; a code
    that is not ``codable`` (a category) is written ``isCodable="false"``."""
    guids = guids or {}
    q = (lambda tag: f"{{{namespace}}}{tag}") if namespace else (lambda tag: tag)
    root = ET.Element(q("CodeBook"), {"origin": f"Casebook {__version__}"})
    codes_el = ET.SubElement(root, q("Codes"))
    by_id = codebook.by_id()
    children: dict[str | None, list[Code]] = {}
    for code in codebook.codes:
        parent = code.parent if code.parent in by_id else None
        children.setdefault(parent, []).append(code)

    def add(parent_el: ET.Element, code: Code, seen: frozenset[str]) -> None:
        colour, _ = normalise_colour(code.colour)
        element = ET.SubElement(parent_el, q("Code"), {
            "guid": guids.get(code.id) or code_guid(code.id), "name": code.name,
            "isCodable": "true" if code.codable else "false", "color": colour})
        text = _description(code, codebook.language)
        if text:
            ET.SubElement(element, q("Description")).text = text
        for child in children.get(code.id, []):
            if child.id not in seen:
                add(element, child, seen | {child.id})

    for code in children.get(None, []):
        add(codes_el, code, frozenset({code.id}))
    return root


def to_bytes(element: ET.Element, namespace: str = CODEBOOK_NS) -> bytes:
    """Serialise with the namespace as the default one and an XML declaration."""
    import copy

    plain = copy.deepcopy(element)
    for node in plain.iter():  # ElementTree's default_namespace refuses plain attributes
        node.tag = _local(node.tag)
    if namespace:
        plain.set("xmlns", namespace)
    ET.indent(plain)
    body = ET.tostring(plain, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


# -- reading ----------------------------------------------------------------------------
MAX_DEPTH = 100  # a project is ~6 elements deep, plus code nesting; deeper is hostile


def _check_depth(root: ET.Element, path: str) -> ET.Element:
    """Refuse absurdly deep nesting before recursive code reading meets it."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise CasebookError(f"refused: elements nested more than {MAX_DEPTH} deep",
                                path=path)
        stack.extend((c, depth + 1) for c in element)
    return root


def parse_bytes(data: bytes, path: str = "<qdc>", kind: str = ".qdc") -> ET.Element:
    """Parse untrusted XML: entity declarations (XXE, billion laughs), external references
    and nesting deeper than MAX_DEPTH are refused with one CasebookError line naming
    ``path`` and the kind of file (.qdc, .qdpx) that never needs them."""
    import defusedxml.ElementTree as DET

    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    with untrusted_xml(path, kind):
        return _check_depth(DET.fromstring(data, forbid_dtd=False, forbid_entities=True,
                                           forbid_external=True), path)


@contextmanager
def untrusted_xml(path: str, kind: str) -> Iterator[None]:
    """Turn what parsing untrusted XML raises -- a refused entity or external reference, XML
    that is not well-formed -- into one CasebookError line naming ``path``."""
    import defusedxml

    try:
        yield
    except defusedxml.DefusedXmlException as err:
        raise CasebookError(f"refused: the file declares XML entities or external "
                            f"references ({type(err).__name__}); a {kind} never needs them",
                            path=path) from None
    except ET.ParseError as err:
        line = err.position[0] if getattr(err, "position", None) else None
        raise CasebookError(f"not well-formed XML ({getattr(err, 'msg', err)})", path=path,
                            line=line) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _split_description(text: str) -> tuple[str, str, str, list[str]]:
    """Undo :func:`_description`: (description, include, exclude, examples)."""
    found: dict[str, list[str]] = {"description": [], "include": [], "exclude": [],
                                   "examples": []}
    key = "description"
    labels = {tr(key, language).casefold(): name for name, key in _PARAGRAPHS.items()
              for language in LANGUAGES}
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        head, sep, rest = paragraph.partition(":")
        if sep and head.strip().casefold() in labels:
            key = labels[head.strip().casefold()]
            paragraph = rest.strip()
        found[key].append(paragraph)
    examples = [re.sub(r"^[-*•]\s*", "", line).strip()
                for block in found["examples"] for line in block.splitlines() if line.strip()]
    return ("\n\n".join(found["description"]), "\n\n".join(found["include"]),
            "\n\n".join(found["exclude"]), examples)


def codes_from_xml(element: ET.Element, *, known: dict[str, str] | None = None,
                   source: str = "") -> tuple[Codebook, ImportReport]:
    """The codebook in ``element`` (a CodeBook, a Project holding one, or Codes).

    ``known`` maps GUIDs (lower case, no braces) to existing code ids, so a re-import keeps
    them; other codes get an id from their name (under their parent's id: ``ouder.kind``),
    made unique. ``isCodable="false"`` makes a code that is not ``codable`` (a category).
    Raises CasebookError if there are no codes at all."""
    report = ImportReport(source=source)
    codebook_el, codes_el = _codes_element(element, source, report)
    reader = _CodeReader(known or {}, report)
    for code_el in codes_el:
        if _local(code_el.tag) == "Code":
            reader.read(code_el, None)
        else:
            report.lost(f"element <{_local(code_el.tag)}> in <Codes>")
    report.codes = len(reader.codes)
    title = source.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0] if source else ""
    if codebook_el.get("origin"):
        report.notes.append(f"made by {codebook_el.get('origin')}")
    return Codebook(name=title or "REFI-QDA codebook", codes=reader.codes, version="1"), report


def _codes_element(element: ET.Element, source: str, report: ImportReport
                   ) -> tuple[ET.Element, ET.Element]:
    """(the <CodeBook> or <Codes> element, its <Codes>); what else the codebook holds is
    reported as not carried."""
    namespace = _namespace(element.tag)
    if namespace and not namespace.startswith("urn:QDA-XML:"):
        report.notes.append(f"unexpected namespace '{namespace}' read as QDA-XML")
    codebook_el = element if _local(element.tag) in ("CodeBook", "Codes") else \
        next((e for e in element.iter() if _local(e.tag) == "CodeBook"), None)
    if codebook_el is None:
        raise CasebookError("no <CodeBook> element: not a REFI-QDA codebook", path=source)
    codes_el = codebook_el if _local(codebook_el.tag) == "Codes" else _child(codebook_el,
                                                                              "Codes")
    if codes_el is None or _child(codes_el, "Code") is None:
        raise CasebookError("the codebook has no <Codes><Code> elements", path=source)
    for other in codebook_el:
        name = _local(other.tag)
        if name == "Sets":
            for set_el in other:
                members = sum(1 for m in set_el if _local(m.tag) == "MemberCode")
                report.lost(f"set '{set_el.get('name', '?')}' ({members} member codes): "
                            "Casebook has no code sets")
        elif name not in ("Codes", "Description"):
            report.lost(f"element <{name}> in <CodeBook>")
    return codebook_el, codes_el


class _CodeReader:
    """Reads <Code> elements depth first into :attr:`codes`, giving each a unique id."""

    def __init__(self, known: dict[str, str], report: ImportReport) -> None:
        self.known = {normalise_guid(k) or k: v for k, v in known.items()}
        self.report = report
        self.codes: list[Code] = []
        self.used: set[str] = set()
        self.seen_guids: dict[str, str] = {}

    def read(self, code_el: ET.Element, parent: str | None) -> None:
        report = self.report
        name, guid = self._name_and_guid(code_el)
        code_id = self._id(guid, name, parent)
        colour, note = normalise_colour(code_el.get("color")) if code_el.get("color") \
            else (DEFAULT_COLOUR, None)
        if note:
            report.notes.append(f"code '{name}': {note}")
        for attribute in sorted(set(code_el.attrib) - _CODE_ATTRIBUTES):
            report.lost(f"attribute '{_local(attribute)}' on <Code> ('{name}')")
        description_el = _child(code_el, "Description")
        text = (description_el.text or "") if description_el is not None else ""
        description, include, exclude, examples = _split_description(text)
        self.codes.append(Code(id=code_id, name=name, parent=parent, description=description,
                               include=include, exclude=exclude, examples=examples,
                               colour=colour, codable=(code_el.get("isCodable") or "true")
                               .strip().lower() not in ("false", "0")))
        for child in code_el:
            local = _local(child.tag)
            if local == "Code":
                self.read(child, code_id)
            elif local != "Description":
                report.lost(f"element <{local}> in <Code> ('{name}')")

    def _name_and_guid(self, code_el: ET.Element) -> tuple[str, str | None]:
        name = (code_el.get("name") or "").strip()
        raw_guid = code_el.get("guid")
        guid = normalise_guid(raw_guid)
        if not name:
            name = f"code {len(self.codes) + 1}"
            self.report.notes.append(f"a code without a name was called '{name}'")
        if guid is None:
            self.report.notes.append(f"code '{name}': guid '{raw_guid}' is not a GUID; a new "
                                     "one is made on export")
        elif guid in self.seen_guids:
            self.report.notes.append(f"code '{name}': guid {guid} repeats "
                                     f"'{self.seen_guids[guid]}'; kept as a separate code")
            guid = None
        return name, guid

    def _id(self, guid: str | None, name: str, parent: str | None) -> str:
        """The known id of the GUID, else one from the name, unique."""
        if guid and self.known.get(guid) and self.known[guid] not in self.used:
            code_id = self.known[guid]
        else:
            wanted = f"{parent}.{slug(name)}" if parent else slug(name)
            code_id, number = wanted, 2
            while code_id in self.used:
                code_id, number = f"{wanted}-{number}", number + 1
        self.used.add(code_id)
        if guid:
            self.seen_guids[guid] = name
            self.report.guids[code_id] = guid
        return code_id
