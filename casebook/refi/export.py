"""Write a project as REFI-QDA .qdpx: ``project.qde`` (namespace urn:QDA-XML:project:1.0,
valid against Project-mrt2019.xsd) and ``sources/<GUID>.txt`` (the normalised text, UTF-8).

* Users: the coders (GUID = coder id).
* CodeBook: :func:`casebook.codebook.qdc.codes_to_xml` with the codes' REFI-QDA GUIDs.
* Variables: document kind, date and attributes, as text variables; values on each source.
* Sources: one TextSource per document (``plainTextPath="internal://GUID.txt"``), one
  PlainTextSelection per coding (code-point offsets into the stored text) holding one Coding.
* Notes: memos (a coding's own memo too), referred to by NoteRef from the project, source,
  code or selection.
* Cases: each speaker of each document, named ``Label (document)``, with its role as the
  variable "speaker role", a SourceRef to the document and SelectionRefs to the codings
  in its turns.
* ``casebook/<GUID>.json``: the speaker turns and speakers of each text, which REFI-QDA has
  no place for; other tools ignore the member, a Casebook import uses it.

GUIDs are uuid5 of our ids and contents, members are written in a fixed order with a fixed
timestamp, so exporting an unchanged project twice gives the same bytes.

Through the privacy gate (:mod:`casebook.privacy.guard`): by default every text is the
pseudonymised one (offsets of codings and turns moved onto it), documents carry their display
names, speakers their pseudonyms, memos are pseudonymised, and every member is checked; a
document that was not reviewed is refused. ``raw`` writes the originals.
"""

from __future__ import annotations

import bisect
import copy
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from casebook import __version__
from casebook.codebook import qdc, service
from casebook.offsets import sha256
from casebook.privacy.guard import Gate, View
from casebook.refi.common import FIELD_VARIABLES, NS, guid, q, user_guid

if TYPE_CHECKING:
    from casebook.model import Coding, Document, Speaker, Turn
    from casebook.project import Project
    from casebook.store import Store

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
NOT_CARRIED = [
    "speaker turns and pseudonyms for other tools (REFI-QDA text sources have no turns; "
    "speakers go as Cases with their role; Casebook keeps the turns in "
    "casebook/<GUID>.json, which other tools ignore)",
    "sentence boundaries (recomputed on import)",
    "English code names and hotkeys",
]


@dataclass(slots=True)
class ExportReport:
    path: str
    documents: int = 0
    codes: int = 0
    codings: int = 0
    users: int = 0
    notes: int = 0
    variables: int = 0
    raw: bool = False  # the originals were written (--raw)
    not_carried: list[str] = field(default_factory=list)


def _turn_file(store: Store, doc: Document, view: View) -> bytes:
    """What REFI-QDA cannot hold about a text: its speaker turns and speakers (as shown)."""
    import json

    return json.dumps({
        "sha256": sha256(view.text), "format": doc.format,
        "turns": [[*view.span(t.start, t.end), view.speaker(t.speaker), t.time_start,
                   t.time_end] for t in store.turns(view.id)],
        "speakers": [[view.speaker(s.label), s.role,
                      s.pseudonym if view.raw else view.speaker(s.label)]
                     for s in store.speakers(view.id)],
    }, ensure_ascii=False, indent=0).encode("utf-8")


def _speaker_case(cases_el: ET.Element, doc: Document, view: View, source_guid: str,
                  speaker: Speaker,
                  role_var: str | None, selections: list[str]) -> None:
    """A speaker in one document as a Case: role as a variable, the document, and the
    selections in the speaker's turns (so other tools can analyse by person and role)."""
    label = view.speaker(speaker.label)
    case = ET.SubElement(cases_el, q("Case"), {"guid": guid("case", doc.sha256, label),
                                                "name": f"{label} ({view.name})"})
    if role_var and speaker.role:
        value_el = ET.SubElement(case, q("VariableValue"))
        ET.SubElement(value_el, q("VariableRef"), {"targetGUID": role_var})
        ET.SubElement(value_el, q("TextValue")).text = speaker.role
    ET.SubElement(case, q("SourceRef"), {"targetGUID": source_guid})
    for target in selections:
        ET.SubElement(case, q("SelectionRef"), {"targetGUID": target})


def _note(parent: ET.Element, target: str) -> None:
    ET.SubElement(parent, q("NoteRef"), {"targetGUID": target})


def build(store: Store, name: str, progress: Callable[[str], None] | None = None,
          gate: Gate | None = None) -> tuple[ET.Element, dict[str, bytes], ExportReport]:
    """The ``<Project>`` element and the other members (source texts, Casebook's turn
    files) by name, through ``gate`` (default: the project's)."""
    gate = gate or Gate.for_project(store)
    gate.check("project name", name)
    builder = _Builder(store, name, gate)
    builder.codebook()
    documents = [store.document(s.id) for s in store.documents()]
    builder.variables(documents)
    cases_el = ET.SubElement(builder.root, q("Cases"))
    sources_el = ET.SubElement(builder.root, q("Sources"))
    for doc in documents:
        builder.source(sources_el, cases_el, doc)
        if progress:
            progress(doc.name)
    builder.report.documents = len(documents)
    if not documents:
        builder.root.remove(sources_el)
    builder.notes()
    if not len(builder.variables_el):
        builder.root.remove(builder.variables_el)
    if not len(cases_el):
        builder.root.remove(cases_el)
    builder.report.not_carried = list(NOT_CARRIED)
    return builder.root, builder.texts, builder.report


class _Builder:
    """One export: the ``<Project>`` being built and what its parts refer to."""

    def __init__(self, store: Store, name: str, gate: Gate) -> None:
        self.store, self.gate = store, gate
        self.report = ExportReport(path="", raw=gate.raw)
        self.texts: dict[str, bytes] = {}
        self.root = ET.Element(q("Project"), {"name": name or "Casebook project",
                                              "origin": f"Casebook {__version__}"})
        coders = store.coders()
        self.users = {c.id: user_guid(c.id) for c in coders}
        if coders:
            users_el = ET.SubElement(self.root, q("Users"))
            for coder in coders:
                gate.check("coder", coder.name)
                ET.SubElement(users_el, q("User"), {"guid": self.users[coder.id],
                                                    "name": coder.name})
        self.report.users = len(coders)
        self.memos = store.memos()
        self.note_guid = {m.id: guid("memo", m.id, m.target_kind, m.target_id)
                          for m in self.memos}
        self.by_target: dict[tuple[str, str], list[str]] = {}
        for memo in self.memos:
            self.by_target.setdefault((memo.target_kind, str(memo.target_id)), []).append(
                self.note_guid[memo.id])

    def codebook(self) -> None:
        """The active codebook and the retired codes (codings may still use them)."""
        codebook = self.store.codebook()
        codebook.codes.extend(c for c in self.store.codes(include_retired=True)
                              if c.id not in {x.id for x in codebook.codes})
        self.code_guids = service.guids(self.store)
        self.report.codes = len(codebook.codes)
        if not codebook.codes:
            return
        self.gate.check_codes(codebook.codes)
        book = qdc.codes_to_xml(codebook, NS, self.code_guids)
        book.attrib.pop("origin", None)  # the project schema has no origin on <CodeBook>
        code_of = {g: code_id for code_id, g in self.code_guids.items()}
        for code_el in book.iter(q("Code")):
            refs = self.by_target.get(("code", code_of.get(code_el.get("guid", ""), "")), [])
            at = 1 if code_el.find(q("Description")) is not None else 0
            for offset, target in enumerate(refs):
                code_el.insert(at + offset, ET.Element(q("NoteRef"), {"targetGUID": target}))
        self.root.append(book)

    def variables(self, documents: list[Document]) -> None:
        """Text variables: document kind, date and attributes, and the speakers' role."""
        names = sorted({k for d in documents for k in d.attributes})
        self.variable_guids = {n: guid("variable", n) for n in (*FIELD_VARIABLES, *names)}
        self.variables_el = ET.SubElement(self.root, q("Variables"))
        for var_name, var_guid in self.variable_guids.items():
            ET.SubElement(self.variables_el, q("Variable"), {
                "guid": var_guid, "name": var_name, "typeOfVariable": "Text"})
        self.speakers = {doc.id: self.store.speakers(doc.id) for doc in documents
                         if doc.id is not None}
        self.role_var = guid("variable", "speaker role") \
            if any(s.role for ss in self.speakers.values() for s in ss) else None
        if self.role_var:
            ET.SubElement(self.variables_el, q("Variable"), {
                "guid": self.role_var, "name": "speaker role", "typeOfVariable": "Text"})
        self.report.variables = len(self.variable_guids) + bool(self.role_var)

    def source(self, sources_el: ET.Element, cases_el: ET.Element, doc: Document) -> None:
        """One TextSource with its selections, notes and variable values; its speakers
        as Cases; its text and turn file as members."""
        assert doc.id is not None
        view = self.gate.shown(doc.id)
        source_guid = guid("source", doc.sha256)
        turns = [t for t in self.store.turns(doc.id) if t.speaker]
        selected: dict[str, list[str]] = {s.label: [] for s in self.speakers[doc.id]}
        self.texts[f"sources/{source_guid}.txt"] = view.text.encode("utf-8")
        self.texts[f"casebook/{source_guid}.json"] = _turn_file(self.store, doc, view)
        source = ET.SubElement(sources_el, q("TextSource"), {
            "guid": source_guid, "name": view.name,
            "plainTextPath": f"internal://{source_guid}.txt"})
        if doc.imported_at:
            source.set("creationDateTime", doc.imported_at)
        for coding in self.store.codings(document_id=doc.id):
            selection = self.selection(source, doc, view, coding)
            _mark_speakers(selected, turns, coding, selection.get("guid", ""))
        for target in self.by_target.get(("document", str(doc.id)), []):
            _note(source, target)
        for speaker in self.speakers[doc.id]:
            _speaker_case(cases_el, doc, view, source_guid, speaker, self.role_var,
                          selected[speaker.label])
        values = {"kind": doc.kind, "date": doc.date, **view.attributes}
        for var_name, var_guid in self.variable_guids.items():
            if values.get(var_name) not in (None, ""):
                value_el = ET.SubElement(source, q("VariableValue"))
                ET.SubElement(value_el, q("VariableRef"), {"targetGUID": var_guid})
                ET.SubElement(value_el, q("TextValue")).text = str(values[var_name])

    def selection(self, source: ET.Element, doc: Document, view: View,
                  coding: Coding) -> ET.Element:
        """A coding as a PlainTextSelection holding one Coding (on the shown text); its
        memos are Notes."""
        user = self.users[coding.coder_id]
        start, end = view.span(coding.start, coding.end)
        selection = ET.SubElement(source, q("PlainTextSelection"), {
            "guid": guid("selection", doc.sha256, coding.code_id, coding.coder_id,
                         coding.start, coding.end),
            "name": view.text[start:end][:60],
            "startPosition": str(start), "endPosition": str(end),
            "creatingUser": user})
        if coding.created:
            selection.set("creationDateTime", coding.created)
        coding_el = ET.SubElement(selection, q("Coding"), {
            "guid": guid("coding", doc.sha256, coding.code_id, coding.coder_id,
                         coding.start, coding.end),
            "creatingUser": user})
        if coding.created:
            coding_el.set("creationDateTime", coding.created)
        ET.SubElement(coding_el, q("CodeRef"),
                      {"targetGUID": self.code_guids.get(coding.code_id)
                       or qdc.code_guid(coding.code_id)})
        for target in self.by_target.get(("coding", str(coding.id)), []):
            _note(selection, target)
        self.report.codings += 1
        return selection

    def notes(self) -> None:
        """Every memo as a Note; the project's memos referred to from the project."""
        if self.memos:
            notes_el = ET.SubElement(self.root, q("Notes"))
            for memo in self.memos:
                attrs = {"guid": self.note_guid[memo.id],
                         "name": f"memo {memo.id} ({memo.target_kind})"}
                if memo.coder_id in self.users:
                    attrs["creatingUser"] = self.users[memo.coder_id]
                if memo.created:
                    attrs["creationDateTime"] = memo.created
                note = ET.SubElement(notes_el, q("Note"), attrs)
                ET.SubElement(note, q("PlainTextContent")).text = self.gate.memo(
                    f"memo {memo.id} (on {memo.target_kind}"
                    f"{' ' + memo.target_id if memo.target_id else ''})", memo.text)
            self.report.notes = len(self.memos)
        for target in self.by_target.get(("project", ""), []) + \
                self.by_target.get(("project", "project"), []):
            _note(self.root, target)


def _mark_speakers(selected: dict[str, list[str]], turns: list[Turn], coding: Coding,
                   selection_guid: str) -> None:
    """Add the selection to each speaker whose turns the coding touches (once)."""
    at = bisect.bisect_right([t.end for t in turns], coding.start)
    while at < len(turns) and turns[at].start < coding.end:
        speaker = turns[at].speaker
        if coding.start < turns[at].end and speaker is not None and speaker in selected and \
                selection_guid not in selected[speaker][-1:]:
            selected[speaker].append(selection_guid)
        at += 1


def to_bytes(root: ET.Element) -> bytes:
    plain = copy.deepcopy(root)
    ET.register_namespace("", NS)
    ET.indent(plain)
    body = ET.tostring(plain, encoding="unicode", default_namespace=None)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def export(project: Project, out: str | Path, progress: Callable[[str], None] | None = None,
           *, raw: bool = False) -> ExportReport:
    """Write ``project`` to ``out`` (.qdpx), atomically: pseudonymised, or with ``raw`` the
    originals."""
    import io

    from casebook.files import atomic_write

    gate = Gate.for_project(project.store, raw=raw)
    root, texts, report = build(project.store, project.settings.name, progress, gate)
    members = [("project.qde", to_bytes(root)), *sorted(texts.items())]
    for member, data in members:  # the last look: anything a field check could not see
        gate.check(f".qdpx member {member}", data.decode("utf-8"), markup=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in members:
            info = zipfile.ZipInfo(member, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    out = Path(out)
    atomic_write(out, buffer.getvalue())
    report.path = str(out)
    return report
