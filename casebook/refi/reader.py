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

from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from casebook.codebook import qdc
from casebook.errors import CasebookError
from casebook.refi.archive import decode_raw, open_archive
from casebook.refi.common import child, children, local

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
    attributes: dict[str, str]
    notes: list[str]


def guid_of(value: str | None) -> str | None:
    return qdc.normalise_guid(value)


def note_refs(element) -> list[str]:
    return [g for g in (guid_of(r.get("targetGUID")) for r in children(element, "NoteRef"))
            if g]


def _name_from_path(reference: str | None) -> str:
    """``internal://board_2017.txt`` -> ``board_2017``; a GUID or nothing -> ``source``."""
    stem = PurePosixPath((reference or "").split("://")[-1].replace("\\", "/")).stem.strip()
    return stem if stem and not qdc.normalise_guid(stem) else "source"


class QdpxReader:
    """Everything read from the archive before anything is written."""

    def __init__(self, path: str | Path) -> None:
        self.archive = open_archive(path)
        self.lost: Counter[str] = Counter()
        self.lost_names: dict[str, list[str]] = {}
        self.notes: list[str] = []
        self.sources: list[Source] = []
        self.notes_by_guid: dict[str, tuple[str, str | None, str | None]] = {}
        self.note_spans: dict[str, tuple[int, int]] = {}

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
            at = self.data.find(f'"{guid}"'.encode()) if guid != "?" else -1
            raise CasebookError(f"{name}='{element.get(name)}' is not a number",
                                path=self.where,
                                line=self.data.count(b"\n", 0, at) + 1 if at >= 0 else None,
                                field=f"{local(element.tag)} {guid}") from None

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
        qde = self.archive.qde()
        self.where = self.archive.where(qde)
        self.data = self.archive.read(qde)
        root = qdc.parse_bytes(self.data, self.where, kind=".qdpx")  # no entities, not deep
        if local(root.tag) != "Project":
            raise CasebookError(f"root element <{local(root.tag)}>, expected <Project>",
                                path=self.where)
        self.root = root
        self.users = {g: (u.get("name") or "").strip() or f"user {g[:8]}"
                      for u in root.iter() if local(u.tag) == "User"
                      for g in [guid_of(u.get("guid"))] if g}
        self.variables = {g: v.get("name") or g for v in root.iter()
                          if local(v.tag) == "Variable" for g in [guid_of(v.get("guid"))] if g}
        self.case_guids = {g for cases in children(root, "Cases") for case in cases
                           for g in [guid_of(case.get("guid"))] if g}
        ours = (root.get("origin") or "").startswith("Casebook")
        for part, kind in _PROJECT_PARTS.items():
            if part == "Cases" and ours:  # speakers, rebuilt from casebook/<GUID>.json
                continue
            for element in children(root, part):
                for item in element:
                    self.drop(f"{kind}s", item.get("name", ""))
        for sources in children(root, "Sources"):
            for element in sources:
                self._media(element)
        self._notes()
        return self

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

    def _notes(self) -> None:
        for notes in children(self.root, "Notes"):
            for note in children(notes, "Note"):
                guid = guid_of(note.get("guid"))
                found = self.text_of(note, None)
                if guid and found and found[0].strip():
                    self.notes_by_guid[guid] = (found[0].strip(),
                                                guid_of(note.get("creatingUser")),
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
        self.sources.append(Source(name, guid, found[1], found[0], selections,
                                   self._values(outer), notes))

    def _selection(self, sel, points: dict, name: str) -> Selection | None:
        if local(sel.tag) == "TranscriptSelection":  # from one sync point to another
            ends = [points.get(guid_of(sel.get(a))) for a in ("fromSyncPoint", "toSyncPoint")]
            if None in ends or any(p.get("position") is None for p in ends):
                self.drop("transcript selections without text positions", name)
                return None
            start, end = (self.number(p, "position") for p in ends)
        else:
            start, end = self.number(sel, "startPosition"), self.number(sel, "endPosition")
        description = child(sel, "Description")
        return Selection(
            start=start, end=end, user=guid_of(sel.get("creatingUser")),
            created=sel.get("creationDateTime"),
            memo=(description.text or "").strip() or None if description is not None
            else None,
            codes=[(guid_of(ref.get("targetGUID")) if ref is not None else None,
                    guid_of(c.get("creatingUser")), c.get("creationDateTime"))
                   for c in children(sel, "Coding") for ref in [child(c, "CodeRef")]],
            notes=note_refs(sel))

    def _values(self, outer) -> dict[str, str]:
        """The source's variable values by variable name."""
        attributes = {}
        for value in children(outer, "VariableValue"):
            ref = child(value, "VariableRef")
            var = self.variables.get(guid_of(ref.get("targetGUID")) if ref is not None else "")
            content = next((c for c in value if local(c.tag).endswith("Value")), None)
            if var and content is not None and (content.text or "").strip():
                attributes[var] = content.text.strip()
        return attributes
