"""Read a REFI-QDA project (.qdpx) from ATLAS.ti, MAXQDA, NVivo, QualCoder, Taguette or
Casebook into this project, in one transaction (a dry run rolls it back).

* Documents: TextSources, text from ``plainTextPath`` (``internal://X``, relative, in
  ``sources/`` or ``Sources/``) or ``PlainTextContent``; BOM removed, CRLF and NFC normalised
  with the selections moved along. Matched by sha256: a text already here is not added
  again, its codings are joined to it. Turns: from ``casebook/<GUID>.json`` when a Casebook
  export wrote one for this very text (sha256, with roles, pseudonyms and times); else,
  when the text rebuilds identically from ``Speaker: utterance`` paragraphs, those speaker
  turns; otherwise every paragraph is one turn without speaker. The text is stored exactly
  as normalised, so offsets stay valid.
* Codes: by GUID (codes exported by Casebook or imported before keep their ids), otherwise
  by id from the name; an id that exists here with another name gets a new id (reported),
  never joined. New codes join the active codebook (YAML written too).
* Users become coders with their GUID as id; a user whose name is a coder here with
  another id codes as that coder (reported).
* Selections -> codings (code points or UTF-16 units, see
  :func:`casebook.refi.textmap.choose_units`; a CRLF as two characters or as one, as
  ATLAS.ti counts, see :func:`casebook.refi.textmap.choose_line_ends`), a selection's Description -> the coding's
  memo, Notes -> memos on the project, document, code or coding they are referred from.
  A selection without a code (an annotation: MAXQDA, QualCoder) becomes a memo on its
  document that quotes the fragment.
* A PDF's text (its Representation) and a recording's Transcripts (TranscriptSelections by
  their SyncPoints' positions) are imported as text documents with their codings; the
  selections on the PDF page or the recording itself are not.
* Not carried (reported): picture sources, PDF, audio and video without text, Cases, Sets,
  Graphs, Links, codings of a whole source, selections out of range or on unknown codes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from casebook.codebook import qdc, service
from casebook.errors import CasebookError
from casebook.model import Codebook, Coding, Document, Memo, Speaker, Turn
from casebook.offsets import OffsetMap, sha256
from casebook.refi.archive import decode_raw, open_archive
from casebook.refi.common import FIELD_VARIABLES, child, children, local
from casebook.refi.textmap import (choose_line_ends, choose_units, counted_text,
                                   normalise_with_map, to_normalised)

UNITS = ("auto", "codepoints", "utf16")
LINE_ENDS = ("auto", "file", "one")
_OTHER_SOURCES = {"PDFSource": "PDF source", "PictureSource": "picture source",
                  "AudioSource": "audio source", "VideoSource": "video source"}
_PROJECT_PARTS = {"Cases": "case", "Sets": "set", "Graphs": "graph", "Links": "link"}


@dataclass(slots=True)
class QdpxImportReport:
    source: str
    dry_run: bool = False
    applied: bool = False
    origin: str = ""
    offsets: str = ""
    offsets_reason: str = ""
    line_ends: str = ""  # how offsets count a CRLF: "file" (two) or "one" (ATLAS.ti)
    line_ends_reason: str = ""
    documents_added: list[str] = field(default_factory=list)
    documents_matched: list[str] = field(default_factory=list)
    codes_added: list[str] = field(default_factory=list)
    codes_matched: list[str] = field(default_factory=list)
    coders_added: list[str] = field(default_factory=list)
    codings_added: int = 0
    codings_present: int = 0
    memos_added: int = 0
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class _Selection:
    start: int
    end: int
    user: str | None
    created: str | None
    memo: str | None
    codes: list[tuple[str | None, str | None, str | None]]  # (code GUID, user, created)
    notes: list[str]


@dataclass(slots=True)
class _Source:
    name: str
    guid: str | None
    member: str
    raw: str
    selections: list[_Selection]
    attributes: dict[str, str]
    notes: list[str]


class _Rollback(Exception):
    pass


def _guid(value: str | None) -> str | None:
    return qdc.normalise_guid(value)


def _int(element, name: str, where: str, data: bytes = b"") -> int:
    """An integer attribute; else an error naming the element and, found in ``data`` (the
    .qde) by its GUID, its line."""
    try:
        return int(element.get(name, ""))
    except ValueError:
        guid = element.get("guid", "?")
        at = data.find(f'"{guid}"'.encode()) if guid != "?" else -1
        raise CasebookError(f"{name}='{element.get(name)}' is not a number", path=where,
                            line=data.count(b"\n", 0, at) + 1 if at >= 0 else None,
                            field=f"{local(element.tag)} {guid}") from None


def _note_refs(element) -> list[str]:
    return [g for g in (_guid(r.get("targetGUID")) for r in children(element, "NoteRef")) if g]


class _Reader:
    """Everything read from the archive before anything is written."""

    def __init__(self, path: str | Path) -> None:
        self.archive = open_archive(path)
        self.lost: Counter[str] = Counter()
        self.lost_names: dict[str, list[str]] = {}
        self.notes: list[str] = []

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

    def text_of(self, element, guid: str | None, kind: str) -> tuple[str, str] | None:
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

    def read(self):
        archive = self.archive
        qde = archive.qde()
        where = archive.where(qde)
        self.data = archive.read(qde)
        root = qdc.parse_bytes(self.data, where)  # refuses entities and deep nesting
        if local(root.tag) != "Project":
            raise CasebookError(f"root element <{local(root.tag)}>, expected <Project>",
                                path=where)
        self.where, self.root = where, root
        self.users = {g: (u.get("name") or "").strip() or f"user {g[:8]}"
                      for u in root.iter() if local(u.tag) == "User"
                      for g in [_guid(u.get("guid"))] if g}
        self.variables = {g: v.get("name") or g for v in root.iter()
                          if local(v.tag) == "Variable" for g in [_guid(v.get("guid"))] if g}
        self.case_guids = {g for cases in children(root, "Cases") for case in cases
                           for g in [_guid(case.get("guid"))] if g}
        ours = (root.get("origin") or "").startswith("Casebook")
        for part, kind in _PROJECT_PARTS.items():
            if part == "Cases" and ours:  # speakers, rebuilt from casebook/<GUID>.json
                continue
            for element in children(root, part):
                for item in element:
                    self.drop(f"{kind}s", item.get("name", ""))
        self.sources = []
        for sources in children(root, "Sources"):
            for element in sources:
                tag = local(element.tag)
                texts = [element] if tag == "TextSource" else \
                    children(element, "Representation") + children(element, "Transcript")
                for text in texts:  # a PDF's text, a recording's transcripts
                    self._source(text, element)
                if tag == "TextSource":
                    continue
                kind = _OTHER_SOURCES.get(tag, tag)
                if texts:
                    parts = sum(1 for c in element if local(c.tag).endswith("Selection")
                                or local(c.tag) == "Coding")
                    if parts:
                        self.drop(f"selections of {kind}s on the media itself (their text is "
                                  f"imported)", element.get("name", ""))
                else:
                    self.drop(kind + "s", element.get("name", ""))
        self.notes_by_guid: dict[str, tuple[str, str | None, str | None]] = {}
        self.note_spans: dict[str, tuple[int, int]] = {}
        for notes in children(root, "Notes"):
            for note in children(notes, "Note"):
                guid = _guid(note.get("guid"))
                found = self.text_of(note, None, "note")
                if guid and found and found[0].strip():
                    self.notes_by_guid[guid] = (found[0].strip(), _guid(note.get("creatingUser")),
                                                note.get("creationDateTime"))
                    span = child(note, "PlainTextSelection")  # an annotation (QualCoder)
                    if span is not None:
                        self.note_spans[guid] = (_int(span, "startPosition", self.where, self.data),
                                                 _int(span, "endPosition", self.where, self.data))
        return self

    def _source(self, element, outer) -> None:
        """A text (TextSource, a PDF's Representation, a recording's Transcript) with its
        selections; name, variables and notes of ``outer``, the source it belongs to."""
        name = (outer.get("name") or element.get("name") or "").strip() or "source"
        guid = _guid(element.get("guid"))
        found = self.text_of(element, guid, "source")
        if found is None or not found[0].strip():
            self.drop("text sources without text", name)
            return
        raw, member = found
        selections = []
        points = {g: point for point in children(element, "SyncPoint")
                  for g in [_guid(point.get("guid"))] if g}
        for sel in children(element, "PlainTextSelection") + \
                children(element, "TranscriptSelection"):
            if local(sel.tag) == "TranscriptSelection":  # from one sync point to another
                ends = [points.get(_guid(sel.get(a))) for a in ("fromSyncPoint", "toSyncPoint")]
                if None in ends or any(p.get("position") is None for p in ends):
                    self.drop("transcript selections without text positions", name)
                    continue
                start, end = (_int(p, "position", self.where, self.data) for p in ends)
            else:
                start = _int(sel, "startPosition", self.where, self.data)
                end = _int(sel, "endPosition", self.where, self.data)
            description = child(sel, "Description")
            selections.append(_Selection(
                start=start, end=end,
                user=_guid(sel.get("creatingUser")), created=sel.get("creationDateTime"),
                memo=(description.text or "").strip() or None if description is not None
                else None,
                codes=[(_guid(ref.get("targetGUID")) if ref is not None else None,
                        _guid(c.get("creatingUser")), c.get("creationDateTime"))
                       for c in children(sel, "Coding") for ref in [child(c, "CodeRef")]],
                notes=_note_refs(sel)))
        for _ in children(element, "Coding"):
            self.drop("codings of a whole source", name)
        attributes = {}
        for value in children(outer, "VariableValue"):
            ref = child(value, "VariableRef")
            var = self.variables.get(_guid(ref.get("targetGUID")) if ref is not None else "")
            content = next((c for c in value if local(c.tag).endswith("Value")), None)
            if var and content is not None and (content.text or "").strip():
                attributes[var] = content.text.strip()
        notes = _note_refs(element) + (_note_refs(outer) if outer is not element else [])
        self.sources.append(_Source(name, guid, member, raw, selections, attributes, notes))


# -- writing ----------------------------------------------------------------------------
def _casebook_turns(reader: "_Reader", source: "_Source", text: str, digest: str):
    """Turns, speakers and format from the ``casebook/<GUID>.json`` a Casebook export
    writes, if it is there and is about this very text (sha256); else None."""
    import json

    member = reader.archive.source(f"casebook/{source.guid}.json", None) if source.guid \
        else None
    if member is None or not member.lower().removeprefix(
            reader.archive.base.lower()).startswith("casebook/"):
        return None
    try:
        data = json.loads(reader.archive.read(member).decode("utf-8"))
        if data.get("sha256") != digest:
            return None
        turns = [Turn(int(a), int(b), s, t0, t1) for a, b, s, t0, t1 in data["turns"]]
        speakers = [Speaker(str(label), role, pseudonym)
                    for label, role, pseudonym in data["speakers"]]
    except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError):
        reader.notes.append(f"{reader.archive.where(member)}: unreadable, turns rebuilt")
        return None
    labels = {s.label for s in speakers}
    if all(0 <= t.start <= t.end <= len(text) and (t.speaker is None or t.speaker in labels)
           for t in turns):
        return turns, speakers, data.get("format")
    reader.notes.append(f"{reader.archive.where(member)}: turns outside the text, rebuilt")
    return None


_LABEL = re.compile(r"([^\W\d_][^:\n]{0,80}?): (?=\S)")


def _turns(text: str) -> tuple[list[Turn], list]:
    """Speaker turns if ``text`` has Casebook's own layout, else one turn per paragraph.

    Casebook writes one paragraph per turn, ``Speaker: utterance``, paragraphs apart by one
    blank line (:mod:`casebook.ingest.build`). Only a paragraph's first words can be a label,
    and the labels that are speakers are chosen by the rule import uses; the turns count only
    if building them again gives back exactly this text.
    """
    from casebook.ingest import speakers_of
    from casebook.ingest.build import RawTurn, build, clean_line
    from casebook.ingest.text import select_speakers

    paragraphs = text.split("\n\n")
    if all(p and all(line and clean_line(line) == line for line in p.split("\n"))
           for p in paragraphs):
        labels = [m[1] if (m := _LABEL.match(p)) else None for p in paragraphs]
        speakers = select_speakers(Counter(label for label in labels if label))
        raw = [RawTurn(label, p[len(label) + 2:].split("\n")) if label in speakers
               else RawTurn(None, p.split("\n")) for label, p in zip(labels, paragraphs)]
        transcript = build(raw, "qdpx")
        if transcript.text == text and any(t.speaker for t in transcript.turns):
            return transcript.turns, speakers_of(transcript)
    turns = [Turn(m.start(), m.end()) for m in re.finditer(r"\S(?:.*\S)?(?:\n(?!\s*\n).*\S)*",
                                                           text)]
    return turns, []


def _codebook(project, reader: _Reader, report: QdpxImportReport
              ) -> tuple[Codebook | None, dict[str, str], dict[str, str]]:
    """(merged codebook or None if unchanged, GUID -> code id, code id -> GUID to keep)."""
    store = project.store
    book = next((e for e in reader.root if local(e.tag) == "CodeBook"), None)
    if book is None:
        return None, {}, {}
    known = service.known_guids(project)
    imported, creport = qdc.codes_from_xml(book, known=known, source=reader.where)
    report.notes.extend(n for n in creport.notes if not n.startswith("made by"))
    for lost in creport.not_carried:
        if "<NoteRef>" not in lost:
            report.dropped.append(lost)
    known_guids = {qdc.normalise_guid(k) for k in known}
    here = {c.id: c for c in store.codes(include_retired=True)}
    active = store.codebook()
    merged = [replace(c, examples=list(c.examples)) for c in active.codes]
    merged_ids = {c.id for c in merged} | set(here)
    renamed: dict[str, str] = {}
    for code in imported.codes:
        guid = creport.guids.get(code.id)
        original = code.id
        if code.parent in renamed:
            code.parent = renamed[code.parent]
        if code.id in here and (guid in known_guids or
                                here[code.id].name.casefold() == code.name.casefold()):
            report.codes_matched.append(code.id)
            if code.id not in {c.id for c in merged}:  # retired here: active again
                merged.append(replace(here[code.id]))
            continue
        if code.id in merged_ids:
            number = 2
            while f"{code.id}-{number}" in merged_ids:
                number += 1
            code.id = f"{code.id}-{number}"
            renamed[original] = code.id
            report.notes.append(f"code '{code.name}': id '{original}' means something else "
                                f"here; imported as '{code.id}'")
        if guid:
            creport.guids[code.id] = creport.guids.pop(original)
        merged_ids.add(code.id)
        merged.append(code)
        report.codes_added.append(code.id)
    ids = {c.id for c in merged}
    for code in merged:
        if code.parent and code.parent not in ids:
            code.parent = None
    guid_to_code = {g: cid for cid, g in creport.guids.items()}
    keep = {cid: g for cid, g in creport.guids.items()}
    if not report.codes_added and active.codes:
        return None, guid_to_code, keep
    new_ids = set(report.codes_added)
    codebook = Codebook(name=active.name or reader.root.get("name") or imported.name, codes=merged,
                        version=active.version, language=active.language,
                        description=active.description)
    for code in codebook.codes:
        if code.id in new_ids and code.colour == qdc.DEFAULT_COLOUR:
            code.colour = service.free_colour(codebook)
    return codebook, guid_to_code, keep


def _code_notes(reader: _Reader, guid_to_code: dict[str, str]) -> list[tuple[str, str]]:
    return [(guid_to_code[g], note) for code in reader.root.iter()
            if local(code.tag) == "Code" for g in [_guid(code.get("guid"))]
            if g in guid_to_code for note in _note_refs(code)]


def import_qdpx(project, path: str | Path, *, dry_run: bool = False, units: str = "auto",
                line_ends: str = "auto", progress=None) -> QdpxImportReport:
    """Import ``path`` into ``project``; see the module docstring. Bad input raises
    CasebookError naming the file and member; then nothing is written."""
    if units not in UNITS:
        raise CasebookError(f"must be one of {', '.join(UNITS)}", field="--offsets")
    if line_ends not in LINE_ENDS:
        raise CasebookError(f"must be one of {', '.join(LINE_ENDS)}", field="--line-ends")
    report = QdpxImportReport(source=str(path), dry_run=dry_run)
    reader = _Reader(path)
    try:
        reader.read()
        report.origin = reader.root.get("origin") or ""
        _apply(project, reader, report, units, line_ends, progress)
    except _Rollback:
        pass
    finally:
        reader.archive.close()
    return report


def _apply(project, reader: _Reader, report: QdpxImportReport, units: str, line_ends: str,
           progress) -> None:
    from casebook.ingest.segment import sentences

    store = project.store
    spans = [(s.raw, [(sel.start, sel.end) for sel in s.selections]) for s in reader.sources]
    if units == "auto":
        report.offsets, report.offsets_reason = choose_units(spans, report.origin)
    else:
        report.offsets, report.offsets_reason = units, "as asked (--offsets)"
    if line_ends == "auto":
        report.line_ends, report.line_ends_reason = choose_line_ends(spans, report.offsets,
                                                                     report.origin)
    else:
        report.line_ends, report.line_ends_reason = line_ends, "as asked (--line-ends)"
    counted = [(s, counted_text(s.raw, report.line_ends)) for s in reader.sources]
    mapped = [(s, raw, *normalise_with_map(raw)) for s, raw in counted]
    with store.transaction():
        codebook, guid_to_code, keep = _codebook(project, reader, report)
        if codebook is not None:
            service.validate(codebook, reader.where)
            store.set_codebook(codebook, source=store.codebook_source())
        store.set_code_guids(keep)
        coders = _coders(project, reader, report)
        default: list[str] = []  # the importing coder, made only if a selection needs it

        def fallback() -> str:
            if not default:
                default.append(store.coder(project.coder_name()).id)
            return default[0]
        taken = store.document_names()
        existing_memos = {(m.target_kind, str(m.target_id), m.text) for m in store.memos()}

        def add_memo(kind: str, target: str, text: str, user: str | None,
                     created: str | None) -> None:
            if (kind, target, text) in existing_memos:
                return
            existing_memos.add((kind, target, text))
            store.add_memo(Memo(kind, target, text, coder_id=coders.get(user), created=created))
            report.memos_added += 1

        def memo(kind: str, target: str, note_guid: str, lead: str = "") -> None:
            note = reader.notes_by_guid.get(note_guid)
            if note is None:
                return
            used.add(note_guid)
            text, user, created = note
            add_memo(kind, target, f"{lead}: {text}" if lead else text, user, created)

        used: set[str] = set()
        for source, raw, text, positions in mapped:
            digest = sha256(text)
            found = store.document_by_sha(digest)
            added: dict[tuple, int] = {}
            if found is not None:
                doc_id = found.id
                report.documents_matched.append(found.name)
            else:
                name, number = source.name, 2
                while name in taken:
                    name, number = f"{source.name}-{number}", number + 1
                taken.add(name)
                attributes = dict(source.attributes)
                fields = {k: attributes.pop(k) for k in FIELD_VARIABLES if k in attributes}
                kind = fields.get("kind") if fields.get("kind") in (
                    "interview", "focus group", "other") else None
                kept = _casebook_turns(reader, source, text, digest)
                turns, speakers, fmt = kept or (*_turns(text), None)
                doc = Document(name=name, text=text, sha256=digest, kind=kind or "other",
                               date=fields.get("date"), format=fmt or "qdpx",
                               source=f"{Path(reader.archive.path).name}:{source.member}",
                               attributes=attributes)
                doc_id = store.add_document(doc, turns, sentences(text, turns), speakers)
                report.documents_added.append(name)
            omap = OffsetMap(raw) if report.offsets == "utf16" else None
            for selection in source.selections:
                span = to_normalised(raw, positions, selection.start, selection.end, omap)
                if span is None:
                    reader.drop("selections out of range of their text",
                                f"{source.name} {selection.start}-{selection.end}")
                    continue
                if not selection.codes:  # an annotation (MAXQDA, QualCoder): a document memo
                    lead = _quoted(text, span)
                    if selection.memo:
                        add_memo("document", str(doc_id), f"{lead}: {selection.memo}",
                                 selection.user, selection.created)
                    for note in selection.notes:
                        memo("document", str(doc_id), note, lead)
                    if not selection.memo and not selection.notes:
                        reader.drop("selections without a code or a note", source.name)
                    continue
                for code_guid, user, created in selection.codes:
                    code_id = guid_to_code.get(code_guid)
                    if code_id is None:
                        reader.drop("codings of a case (cases are not carried)"
                                    if code_guid in reader.case_guids else
                                    "codings of a code not in the codebook", source.name)
                        continue
                    coder = coders.get(user) or coders.get(selection.user) or fallback()
                    key = (doc_id, code_id, coder, *span)
                    present = added.get(key) if found is None else \
                        store.find_coding(*key)  # a new document has only what we added
                    if present is not None:
                        report.codings_present += 1
                        coding_id = present
                    else:
                        coding_id = store.add_coding(Coding(
                            document_id=doc_id, start=span[0], end=span[1], code_id=code_id,
                            coder_id=coder, created=created or selection.created,
                            memo=selection.memo))
                        report.codings_added += 1
                        added[key] = coding_id
                    for note in selection.notes:
                        memo("coding", str(coding_id), note)
            for note in source.notes:
                at = reader.note_spans.get(note)
                span = to_normalised(raw, positions, *at, omap) if at else None
                memo("document", str(doc_id), note, _quoted(text, span) if span else "")
            if progress:
                progress(source.name)
        for code_id, note in _code_notes(reader, guid_to_code):
            memo("code", code_id, note)
        for note in _note_refs(reader.root):
            memo("project", "", note)
        for note in reader.notes_by_guid:  # notes nothing refers to: on the project
            if note not in used:
                memo("project", "", note)
        report.dropped.extend(reader.dropped())
        report.notes.extend(reader.notes)
        if report.dry_run:
            raise _Rollback
        if codebook is not None:  # last: the YAML file follows the committed database
            service.save(project, codebook, service.yaml_path(project)
                          if store.codebook_source() else None, checked=True)
    report.applied = True


def _quoted(text: str, span: tuple[int, int]) -> str:
    """How a memo on a document names the fragment it is about."""
    quote = text[span[0]:span[1]]
    return f"«{quote if len(quote) <= 80 else quote[:79] + '…'}» ({span[0]}-{span[1]})"


def _coders(project, reader: _Reader, report: QdpxImportReport) -> dict[str, str]:
    """User GUID -> coder id."""
    store = project.store
    by_id = {c.id: c for c in store.coders()}
    by_name = {c.name.casefold(): c for c in by_id.values()}
    wanted = dict(reader.users)
    for source in reader.sources:
        for sel in source.selections:
            for guid in [sel.user, *(user for _c, user, _t in sel.codes)]:
                if guid and guid not in wanted:
                    wanted[guid] = f"user {guid[:8]}"
    mapping = {}
    for guid, name in wanted.items():
        if guid in by_id:
            mapping[guid] = guid
        elif name.casefold() in by_name:
            mapping[guid] = by_name[name.casefold()].id
            report.notes.append(f"user '{name}' ({guid}) codes as coder '{name}' here "
                                f"(id {mapping[guid]})")
        else:
            coder = store.coder(name, coder_id=guid)
            by_id[guid], by_name[name.casefold()] = coder, coder
            mapping[guid] = coder.id
            report.coders_added.append(name)
    return mapping
