"""Reading a REFI-QDA project (.qdpx): the archive's ``.qde`` and source texts as plain
records, before anything is decided about this project.

* TextSources, and the text of a PDF (its Representation) or of a recording (its
  Transcripts, whose TranscriptSelections span from one SyncPoint's position to another's);
  the text from ``plainTextPath`` (see :meth:`casebook.refi.archive.Archive.source`) or
  ``PlainTextContent``, as it is in the file (offsets count in it). A source without a
  ``name`` is named after its file (``board_2017.txt`` -> ``board_2017``).
* Selections with their codes, users, times, Description and NoteRefs; variables' values.
* Users, Notes (with the span of a note that is an annotation, as QualCoder writes).
* What is not carried is counted by kind (:meth:`QdpxReader.dropped`): pictures, PDF and
  media without text, selections on the media themselves, Cases, Sets, Graphs, Links,
  codings of a whole source.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from casebook.codebook import qdc
from casebook.errors import CasebookError
from casebook.refi.archive import MemberStream, decode_raw, open_archive
from casebook.refi.common import child, children, local

if TYPE_CHECKING:
    from pyexpat import XMLParserType

_OTHER_SOURCES = {"PDFSource": "PDF source", "PictureSource": "picture source",
                  "AudioSource": "audio source", "VideoSource": "video source"}
_PROJECT_PARTS = {"Cases": "case", "Sets": "set", "Graphs": "graph", "Links": "link"}


@dataclass(slots=True)
class Selection:
    start: int
    end: int
    user: str | None
    created: str | None
    memo: str | None
    codes: list[tuple[str | None, str | None, str | None]]  # (code GUID, user, created)
    notes: list[str]


@dataclass(slots=True)
class Source:
    name: str
    guid: str | None
    member: str
    raw: str
    selections: list[Selection]
    attributes: dict[str, str]  # by variable name
    notes: list[str]
    values: list[tuple[str, str]] = field(default_factory=list)  # (variable GUID, value)


@lru_cache(maxsize=4096)  # users and codes: a few GUIDs, named on every selection
def guid_of(value: str | None) -> str | None:
    return qdc.normalise_guid(value)


def note_refs(element) -> list[str]:
    return [g for g in (guid_of(r.get("targetGUID")) for r in children(element, "NoteRef"))
            if g]


_CHUNK = 1 << 16  # bytes of the .qde parsed at a time


class _RootReached(Exception):
    """The root element started: no declaration can come after it."""


def _prolog_guard() -> XMLParserType:
    """An expat parser, configured as ElementTree's, that refuses what defusedxml refuses
    (entity declarations, unparsed entities, external references) and stops where the root
    element starts: every declaration comes before it (XML 1.0, section 2.8)."""
    from xml.parsers import expat

    import defusedxml

    def declared(name, _parameter, value, base, sysid, pubid, notation):  # type: ignore
        raise defusedxml.EntitiesForbidden(name, value, base, sysid, pubid, notation)

    def unparsed(name, base, sysid, pubid, notation):  # type: ignore
        raise defusedxml.EntitiesForbidden(name, None, base, sysid, pubid, notation)

    def external(context, base, sysid, pubid):  # type: ignore
        raise defusedxml.ExternalReferenceForbidden(context, base, sysid, pubid)

    def root(*_args):  # type: ignore
        raise _RootReached

    parser = expat.ParserCreate(namespace_separator="}")
    parser.EntityDeclHandler, parser.UnparsedEntityDeclHandler = declared, unparsed
    parser.ExternalEntityRefHandler, parser.StartElementHandler = external, root
    return parser


def _guard(guard: XMLParserType | None, chunk: bytes) -> XMLParserType | None:
    """Feed ``chunk`` to the prolog guard; None once the root started (or the XML is not
    well-formed: ElementTree, fed the same bytes, says where)."""
    from xml.parsers import expat

    if guard is None:
        return None
    try:
        guard.Parse(chunk, not chunk)
    except (_RootReached, expat.ExpatError):
        return None
    return guard


def parse_events(stream: MemberStream, where: str) -> Iterator[tuple[str, ET.Element]]:
    """("start" | "end", element) of untrusted XML read from ``stream``, as the parse goes.

    As safe as :func:`casebook.codebook.qdc.parse_bytes` (defusedxml) and as fast as
    ElementTree's own parser: the prolog goes through a guard that refuses entity
    declarations (XXE, billion laughs) and external references, before ElementTree's
    parser sees it; after the root has started nothing can be declared, and a reference to
    an undeclared entity is not well-formed. Nesting deeper than MAX_DEPTH is refused.
    Each refusal is one CasebookError line naming ``where``."""
    guard: XMLParserType | None = _prolog_guard()
    parser = ET.XMLPullParser(events=("start", "end"))
    depth = 0
    with qdc.untrusted_xml(where, ".qdpx"):
        while True:
            chunk = stream.read(_CHUNK)
            guard = _guard(guard, chunk)
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
            for event, element in parser.read_events():
                if event == "end":
                    depth -= 1
                else:
                    depth += 1
                    if depth > qdc.MAX_DEPTH:
                        raise CasebookError(f"refused: elements nested more than "
                                            f"{qdc.MAX_DEPTH} deep", path=where)
                yield event, element
            if not chunk:
                return


def _name_from_path(reference: str | None) -> str:
    """``internal://board_2017.txt`` -> ``board_2017``; a GUID or nothing -> ``source``."""
    stem = PurePosixPath((reference or "").split("://")[-1].replace("\\", "/")).stem.strip()
    return stem if stem and not qdc.normalise_guid(stem) else "source"


class QdpxReader:
    """Everything read from the archive before anything is written.

    The .qde is parsed as a stream: each source (with its selections), note, case, set
    ... is read when its element ends and then dropped from the tree, so the memory the
    parse takes grows with the largest source, not with the project."""

    def __init__(self, path: str | Path) -> None:
        self.archive = open_archive(path)
        self.lost: Counter[str] = Counter()
        self.lost_names: dict[str, list[str]] = {}
        self.notes: list[str] = []
        self.sources: list[Source] = []
        self.notes_by_guid: dict[str, tuple[str, str | None, str | None]] = {}
        self.note_spans: dict[str, tuple[int, int]] = {}
        self.users: dict[str, str] = {}
        self.variables: dict[str, str] = {}
        self.case_guids: set[str] = set()
        self.origin = self.name = self.where = self.member = ""
        self.codebook: ET.Element | None = None
        self.project_notes: list[str] = []  # notes on the project (its NoteRefs)

    def close(self) -> None:
        self.archive.close()

    def drop(self, kind: str, name: str = "") -> None:
        self.lost[kind] += 1
        if name and len(self.lost_names.setdefault(kind, [])) < 5:
            self.lost_names[kind].append(name)

    def dropped(self) -> list[str]:
        lines = []
        for kind, count in self.lost.items():
            names = self.lost_names.get(kind)
            lines.append(f"{count} {kind}" + (f" ({', '.join(names)})" if names else ""))
        return lines

    def number(self, element, name: str) -> int:
        """An integer attribute; else an error naming the element and, found in the .qde by
        its GUID, its line."""
        try:
            return int(element.get(name, ""))
        except ValueError:
            guid = element.get("guid", "?")
            raise CasebookError(f"{name}='{element.get(name)}' is not a number",
                                path=self.where, line=self._line_of(guid),
                                field=f"{local(element.tag)} {guid}") from None

    def _line_of(self, guid: str) -> int | None:
        """The line of the .qde where ``guid`` first stands (read again: an error's path)."""
        if guid == "?":
            return None
        data = self.archive.zf.read(self.archive.members[self.member])
        at = data.find(f'"{guid}"'.encode())
        return data.count(b"\n", 0, at) + 1 if at >= 0 else None

    def text_of(self, element, guid: str | None) -> tuple[str, str] | None:
        """(raw text, member) of a TextSource or Note, or None."""
        member = self.archive.source(element.get("plainTextPath"), guid)
        if member is not None:
            raw, notes = decode_raw(self.archive.read(member), self.archive.where(member))
            self.notes.extend(notes)
            return raw, member
        content = child(element, "PlainTextContent")
        if content is not None:
            return content.text or "", "PlainTextContent"
        return None

    def read(self) -> QdpxReader:
        self.member = self.archive.qde()
        self.where = self.archive.where(self.member)
        stream = self.archive.open(self.member)
        try:
            self._parse(stream)
        finally:
            stream.close()
        for source in self.sources:  # Variables may come after Sources
            source.attributes = {self.variables[g]: value for g, value in source.values
                                 if g in self.variables}
        return self

    def _parse(self, stream: MemberStream) -> None:
        """Read the .qde's elements as they end; what is read is dropped from the tree."""
        names: list[str] = []  # local names of the open elements, the root first
        open_elements: list[ET.Element] = []
        for event, element in parse_events(stream, self.where):
            if event == "start":
                names.append(local(element.tag))
                open_elements.append(element)
                if len(names) == 1:
                    self._root(element)
                continue
            name = names.pop()
            open_elements.pop()
            if name == "User":
                self._user(element)
            elif name == "Variable" and (g := guid_of(element.get("guid"))):
                self.variables[g] = element.get("name") or g
            if len(names) == 2 and names[1] != "CodeBook":  # an item of a part
                self._item(names[1], element)
                open_elements[-1].remove(element)  # the first child: those before it went
            elif len(names) == 1:  # a part of the project
                if name == "CodeBook" and self.codebook is None:
                    self.codebook = element
                elif name == "NoteRef" and (g := guid_of(element.get("targetGUID"))):
                    self.project_notes.append(g)
                open_elements[-1].remove(element)  # the first child: those before it went

    def _root(self, root: ET.Element) -> None:
        if local(root.tag) != "Project":
            raise CasebookError(f"root element <{local(root.tag)}>, expected <Project>",
                                path=self.where)
        self.origin, self.name = root.get("origin") or "", root.get("name") or ""

    def _user(self, user: ET.Element) -> None:
        guid = guid_of(user.get("guid"))
        if guid:
            self.users[guid] = (user.get("name") or "").strip() or f"user {guid[:8]}"

    def _item(self, part: str, element: ET.Element) -> None:
        """One source, note, case, set, graph or link."""
        if part == "Sources":
            self._media(element)
        elif part == "Notes":
            if local(element.tag) == "Note":
                self._note(element)
        elif part in _PROJECT_PARTS:
            if part == "Cases" and (g := guid_of(element.get("guid"))):
                self.case_guids.add(g)
            if part != "Cases" or not self.origin.startswith("Casebook"):  # our speakers,
                self.drop(f"{_PROJECT_PARTS[part]}s", element.get("name", ""))  # rebuilt

    def _media(self, element) -> None:
        """A TextSource, or the texts of a PDF or a recording (the rest is dropped)."""
        tag = local(element.tag)
        texts = [element] if tag == "TextSource" else \
            children(element, "Representation") + children(element, "Transcript")
        for text in texts:
            self._source(text, element)
        if tag == "TextSource":
            return
        kind = _OTHER_SOURCES.get(tag, tag)
        if not texts:
            self.drop(kind + "s", element.get("name", ""))
        elif any(local(c.tag).endswith("Selection") or local(c.tag) == "Coding"
                 for c in element):
            self.drop(f"selections of {kind}s on the media itself (their text is imported)",
                      element.get("name", ""))

    def _note(self, note: ET.Element) -> None:
        guid = guid_of(note.get("guid"))
        found = self.text_of(note, None)
        if guid and found and found[0].strip():
            self.notes_by_guid[guid] = (found[0].strip(), guid_of(note.get("creatingUser")),
                                        note.get("creationDateTime"))
            span = child(note, "PlainTextSelection")  # an annotation (QualCoder)
            if span is not None:
                self.note_spans[guid] = (self.number(span, "startPosition"),
                                         self.number(span, "endPosition"))

    def _source(self, element, outer) -> None:
        """A text (TextSource, a PDF's Representation, a recording's Transcript) with its
        selections; name, variables and notes of ``outer``, the source it belongs to."""
        name = (outer.get("name") or element.get("name") or "").strip() or \
            _name_from_path(element.get("plainTextPath") or outer.get("path"))
        guid = guid_of(element.get("guid"))
        found = self.text_of(element, guid)
        if found is None or not found[0].strip():
            self.drop("text sources without text", name)
            return
        points = {g: point for point in children(element, "SyncPoint")
                  for g in [guid_of(point.get("guid"))] if g}
        selections = [s for s in (self._selection(sel, points, name)
                                  for sel in children(element, "PlainTextSelection")
                                  + children(element, "TranscriptSelection")) if s]
        for _ in children(element, "Coding"):
            self.drop("codings of a whole source", name)
        notes = note_refs(element) + (note_refs(outer) if outer is not element else [])
        self.sources.append(Source(name, guid, found[1], found[0], selections, {}, notes,
                                   self._values(outer)))

    def _selection(self, sel, points: dict, name: str) -> Selection | None:
        if local(sel.tag) == "TranscriptSelection":  # from one sync point to another
            ends = [points.get(guid_of(sel.get(a))) for a in ("fromSyncPoint", "toSyncPoint")]
            if None in ends or any(p.get("position") is None for p in ends):
                self.drop("transcript selections without text positions", name)
                return None
            start, end = (self.number(p, "position") for p in ends)
        else:
            start, end = self.number(sel, "startPosition"), self.number(sel, "endPosition")
        memo, codes, notes = None, [], []
        described = False
        for part in sel:  # one pass over the children: a project has many selections
            kind = local(part.tag)
            if kind == "Coding":
                ref = child(part, "CodeRef")
                codes.append((guid_of(ref.get("targetGUID")) if ref is not None else None,
                              guid_of(part.get("creatingUser")), part.get("creationDateTime")))
            elif kind == "NoteRef" and (note := guid_of(part.get("targetGUID"))):
                notes.append(note)
            elif kind == "Description" and not described:
                memo, described = (part.text or "").strip() or None, True
        return Selection(start=start, end=end, user=guid_of(sel.get("creatingUser")),
                         created=sel.get("creationDateTime"), memo=memo, codes=codes,
                         notes=notes)

    @staticmethod
    def _values(outer) -> list[tuple[str, str]]:
        """The source's variable values as (variable GUID, value), named once all is read."""
        values = []
        for value in children(outer, "VariableValue"):
            ref = child(value, "VariableRef")
            var = guid_of(ref.get("targetGUID")) if ref is not None else None
            content = next((c for c in value if local(c.tag).endswith("Value")), None)
            if var and content is not None and (content.text or "").strip():
                values.append((var, content.text.strip()))
        return values
