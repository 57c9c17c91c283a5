"""Import a REFI-QDA project (.qdpx) from ATLAS.ti, MAXQDA, NVivo, QualCoder, Taguette or
Casebook: the archive is read (:mod:`casebook.refi.reader`) into a plan that the intake
(:mod:`casebook.ingest.intake`) applies in one transaction (a dry run rolls it back).

* Documents: each text, BOM removed, CRLF and NFC normalised with the selections moved
  along, stored exactly as normalised, so offsets stay valid. Matched by their text
  (trailing white space does not count): a text already here is not added again, its
  codings are joined to it. Turns: from ``casebook/<GUID>.json`` when a Casebook export
  wrote one for this very text (sha256, with roles, pseudonyms and times); else, when the
  text rebuilds identically from ``Speaker: utterance`` paragraphs, those speaker turns;
  otherwise every paragraph is one turn without speaker.
* Codes: by GUID (codes exported by Casebook or imported before keep their ids), otherwise
  by id from the name; an id that exists here with another name gets a new id (reported),
  never joined. New codes join the active codebook; its YAML is written after COMMIT. A
  code that is not codable in the file (``isCodable="false"``, a category) stays so.
* Users become coders with their GUID as id; a user whose name is a coder here with
  another id codes as that coder (reported). A selection without a user is the
  importing coder's.
* Selections -> codings (code points or UTF-16 units, see
  :func:`casebook.refi.textmap.choose_units`; a CRLF as two characters or as one, as
  ATLAS.ti counts, see :func:`casebook.refi.textmap.choose_line_ends`), a selection's
  Description -> the coding's memo, Notes -> memos on the project, document, code or
  coding they are referred from. A selection without a code (an annotation: MAXQDA,
  QualCoder) becomes a memo on its document that quotes the fragment.
* A PDF's text and a recording's Transcripts are imported as text documents with their
  codings; the selections on the PDF page or the recording itself are not.
* Not carried (reported): picture sources, PDF, audio and video without text, Cases, Sets,
  Graphs, Links, codings of a whole source, selections out of range or on unknown codes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from casebook.codebook import qdc, service
from casebook.collector import paused
from casebook.errors import CasebookError
from casebook.ingest.intake import intake
from casebook.ingest.plan import Applied, Incoming, IntakeReport, Plan
from casebook.model import DOCUMENT_KINDS, Codebook, Coder, Coding, Document, Memo, Speaker, Turn
from casebook.offsets import OffsetMap, sha256
from casebook.refi.common import FIELD_VARIABLES, local
from casebook.refi.reader import QdpxReader, Source, guid_of, note_refs
from casebook.refi.textmap import (
    choose_line_ends,
    choose_units,
    counted_text,
    normalised,
    to_normalised,
)

UNITS = ("auto", "codepoints", "utf16")
LINE_ENDS = ("auto", "file", "one")


@dataclass(slots=True)
class QdpxImportReport(IntakeReport):
    source: str = ""
    origin: str = ""
    offsets: str = ""
    offsets_reason: str = ""
    line_ends: str = ""  # how offsets count a CRLF: "file" (two) or "one" (ATLAS.ti)
    line_ends_reason: str = ""
    dropped: list[str] = field(default_factory=list)


def import_qdpx(project, path: str | Path, *, dry_run: bool = False, units: str = "auto",
                line_ends: str = "auto", progress=None) -> QdpxImportReport:
    """Import ``path`` into ``project``; see the module docstring. Bad input raises
    CasebookError naming the file and member; then nothing is written."""
    if units not in UNITS:
        raise CasebookError(f"must be one of {', '.join(UNITS)}", field="--offsets")
    if line_ends not in LINE_ENDS:
        raise CasebookError(f"must be one of {', '.join(LINE_ENDS)}", field="--line-ends")
    report = QdpxImportReport(source=str(path))
    with paused():
        reader = QdpxReader(path)
        try:
            reader.read()
            report.origin = reader.origin
            _choose_offsets(reader, report, units, line_ends)
            plan = read_plan(project, reader, report)
        finally:
            reader.close()
        intake(project.store, [plan], report, dry_run=dry_run, progress=progress,
               after_commit=lambda applied: _write_files(project, applied[0], report))
    return report


def _choose_offsets(reader: QdpxReader, report: QdpxImportReport, units: str,
                    line_ends: str) -> None:
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


def _write_files(project, applied: Applied, report: QdpxImportReport) -> None:
    """After COMMIT: the codebook YAML follows the database; a file edited by hand is kept
    as it is, and ``report`` gets a note saying so (the import is committed: an error here
    would read as "nothing imported")."""
    if not applied.codebook_changed:
        return
    if project.store.codebook_source() is None:  # no file yet: the codebook's first one
        service.save(project, project.store.codebook(), checked=True)
        return
    from casebook.codebook.sync import write_files

    write_files(project, notes=report.notes)


def read_plan(project, reader: QdpxReader, report: QdpxImportReport) -> Plan:
    """The archive as a plan."""
    plan = Plan(source=reader.where)
    guid_to_code = _codes(project, reader, report, plan)
    used: set[str] = set()  # notes referred to
    for key, source in enumerate(reader.sources):
        _source(reader, report, plan, key, source, guid_to_code, used)
    codes = reader.codebook.iter() if reader.codebook is not None else iter(())
    for code in (e for e in codes if local(e.tag) == "Code"):
        for note in note_refs(code) if guid_of(code.get("guid")) in guid_to_code else []:
            _note(reader, plan, used, "code", guid_to_code[guid_of(code.get("guid"))], note)
    for note in reader.project_notes:
        _note(reader, plan, used, "project", "", note)
    for note in [n for n in reader.notes_by_guid if n not in used]:  # referred from nowhere
        _note(reader, plan, used, "project", "", note)
    plan.coders = _coders(project, reader, plan)
    report.dropped.extend(reader.dropped())
    report.notes.extend(reader.notes)
    return plan


def _codes(project, reader: QdpxReader, report: QdpxImportReport, plan: Plan
           ) -> dict[str, str]:
    """The file's codebook into ``plan``; returns GUID -> code id."""
    book = reader.codebook
    if book is None:
        return {}
    known = service.known_guids(project)
    imported, found = qdc.codes_from_xml(book, known=known, source=reader.where)
    report.notes.extend(n for n in found.notes if not n.startswith("made by"))
    report.dropped.extend(lost for lost in found.not_carried if "<NoteRef>" not in lost)
    colours = Codebook(name="", codes=list(project.store.codebook().codes))
    for code in imported.codes:  # codes that came without a colour get distinct ones
        if code.colour == qdc.DEFAULT_COLOUR:
            code.colour = service.free_colour(colours)
        colours.codes.append(code)
    known_guids = {qdc.normalise_guid(k) for k in known}
    plan.codes, plan.guids = imported.codes, dict(found.guids)
    plan.vouched = {code_id for code_id, g in found.guids.items() if g in known_guids}
    plan.codebook_name = reader.name or imported.name
    return {g: code_id for code_id, g in found.guids.items()}


def _source(reader: QdpxReader, report: QdpxImportReport, plan: Plan, key: int,
            source: Source, guid_to_code: dict[str, str], used: set[str]) -> None:
    """One text with its codings, annotations and notes into ``plan``."""
    raw = counted_text(source.raw, report.line_ends)
    text, positions = normalised(raw)
    digest = sha256(text)
    attributes = dict(source.attributes)
    fields = {k: attributes.pop(k) for k in FIELD_VARIABLES if k in attributes}
    turns, speakers, fmt = _casebook_turns(reader, source, text, digest) or \
        (*_turns(text), None)
    plan.documents.append(Incoming(Document(
        id=key, name=source.name, text=text, sha256=digest,
        kind=fields["kind"] if fields.get("kind") in DOCUMENT_KINDS else "other",
        date=fields.get("date"), format=fmt or "qdpx",
        source=f"{Path(reader.archive.path).name}:{source.member}", attributes=attributes),
        turns, speakers, origin=source.name))
    omap = OffsetMap(raw) if report.offsets == "utf16" else None
    for selection in source.selections:
        span = to_normalised(raw, positions, selection.start, selection.end, omap)
        if span is None:
            reader.drop("selections out of range of their text",
                        f"{source.name} {selection.start}-{selection.end}")
        elif selection.codes:
            _coded(reader, plan, key, source, selection, span, guid_to_code, used)
        else:  # an annotation (MAXQDA, QualCoder): a memo on the document
            lead = _quoted(text, span)
            if selection.memo:
                plan.memos.append(Memo("document", str(key), f"{lead}: {selection.memo}",
                                       coder_id=selection.user, created=selection.created))
            for note in selection.notes:
                _note(reader, plan, used, "document", str(key), note, lead)
            if not selection.memo and not selection.notes:
                reader.drop("selections without a code or a note", source.name)
    for note in source.notes:
        at = reader.note_spans.get(note)
        span = to_normalised(raw, positions, *at, omap) if at else None
        _note(reader, plan, used, "document", str(key), note,
              _quoted(text, span) if span else "")


def _coded(reader: QdpxReader, plan: Plan, key: int, source: Source, selection,
           span: tuple[int, int], guid_to_code: dict[str, str], used: set[str]) -> None:
    """A selection's codings (by the coding's user, else the selection's, else the
    importing coder: id "") and the notes on it, on each coding."""
    for code_guid, user, created in selection.codes:
        code_id = guid_to_code.get(code_guid)
        if code_id is None:
            reader.drop("codings of a case (cases are not carried)"
                        if code_guid in reader.case_guids else
                        "codings of a code not in the codebook", source.name)
            continue
        coding = Coding(document_id=key, start=span[0], end=span[1], code_id=code_id,
                        coder_id=user or selection.user or "", id=len(plan.codings),
                        created=created or selection.created, memo=selection.memo)
        plan.codings.append(coding)
        for note in selection.notes:
            _note(reader, plan, used, "coding", str(coding.id), note)


def _note(reader: QdpxReader, plan: Plan, used: set[str], kind: str, target: str,
          guid: str, lead: str = "") -> None:
    """The Note ``guid`` as a memo on ``target`` (``lead`` names the fragment it is on)."""
    found = reader.notes_by_guid.get(guid)
    if found is None:
        return
    used.add(guid)
    text, user, created = found
    plan.memos.append(Memo(kind, target, f"{lead}: {text}" if lead else text, coder_id=user,
                           created=created))


def _coders(project, reader: QdpxReader, plan: Plan) -> list[Coder]:
    """The users, those only named on selections, and the importing coder if needed."""
    wanted = dict(reader.users)
    for source in reader.sources:
        for sel in source.selections:
            for guid in [sel.user, *(user for _c, user, _t in sel.codes)]:
                if guid and guid not in wanted:
                    wanted[guid] = f"user {guid[:8]}"
    coders = [Coder(guid, name) for guid, name in wanted.items()]
    if any(coding.coder_id == "" for coding in plan.codings):
        coders.append(Coder("", project.coder_name()))
    return coders


def _quoted(text: str, span: tuple[int, int]) -> str:
    """How a memo on a document names the fragment it is about."""
    quote = text[span[0]:span[1]]
    return f"«{quote if len(quote) <= 80 else quote[:79] + '…'}» ({span[0]}-{span[1]})"


def _casebook_turns(reader: QdpxReader, source: Source, text: str, digest: str):
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
