"""Write a project as REFI-QDA .qdpx: ``project.qde`` (namespace urn:QDA-XML:project:1.0,
valid against Project-mrt2019.xsd) and ``sources/<GUID>.txt`` (the normalised text, UTF-8).

* Users: the coders (GUID = coder id).
* CodeBook: :func:`casebook.codebook.qdc.codes_to_xml` with the codes' REFI-QDA GUIDs.
* Variables: document kind, date and attributes, as text variables; values on each source.
* Sources: one TextSource per document (``plainTextPath="internal://GUID.txt"``), one
  PlainTextSelection per coding (code-point offsets into the stored text) holding one Coding;
  a coding's own memo is the selection's Description.
* Notes: memos, referred to by NoteRef from the project, source, code or selection.
* Cases: each speaker of each document, named ``Label (document)``, with its role as the
  variable "speaker role", a SourceRef to the document and SelectionRefs to the codings
  in its turns.
* ``casebook/<GUID>.json``: the speaker turns and speakers of each text, which REFI-QDA has
  no place for; other tools ignore the member, a Casebook import uses it.

GUIDs are uuid5 of our ids and contents, members are written in a fixed order with a fixed
timestamp, so exporting an unchanged project twice gives the same bytes.
"""

from __future__ import annotations

import bisect
import copy
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from casebook import __version__
from casebook.codebook import qdc, service
from casebook.refi.common import FIELD_VARIABLES, NS, guid, q, user_guid

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
    not_carried: list[str] = field(default_factory=list)


def _turn_file(store, doc) -> bytes:
    """What REFI-QDA cannot hold about a text: its speaker turns and speakers."""
    import json

    return json.dumps({
        "sha256": doc.sha256, "format": doc.format,
        "turns": [[t.start, t.end, t.speaker, t.time_start, t.time_end]
                  for t in store.turns(doc.id)],
        "speakers": [[s.label, s.role, s.pseudonym] for s in store.speakers(doc.id)],
    }, ensure_ascii=False, indent=0).encode("utf-8")


def _speaker_case(cases_el: ET.Element, doc, source_guid: str, speaker, role_var: str | None,
                  selections: list[str]) -> None:
    """A speaker in one document as a Case: role as a variable, the document, and the
    selections in the speaker's turns (so other tools can analyse by person and role)."""
    case = ET.SubElement(cases_el, q("Case"), {"guid": guid("case", doc.sha256, speaker.label),
                                                "name": f"{speaker.label} ({doc.name})"})
    if role_var and speaker.role:
        value_el = ET.SubElement(case, q("VariableValue"))
        ET.SubElement(value_el, q("VariableRef"), {"targetGUID": role_var})
        ET.SubElement(value_el, q("TextValue")).text = speaker.role
    ET.SubElement(case, q("SourceRef"), {"targetGUID": source_guid})
    for target in selections:
        ET.SubElement(case, q("SelectionRef"), {"targetGUID": target})


def _note(parent: ET.Element, target: str) -> None:
    ET.SubElement(parent, q("NoteRef"), {"targetGUID": target})


def build(store, name: str,
          progress: Callable[[str], None] | None = None) -> tuple[ET.Element, dict[str, str],
                                                                   ExportReport]:
    """The ``<Project>`` element and the other members (source texts, Casebook's turn
    files) by name."""
    report = ExportReport(path="")
    root = ET.Element(q("Project"), {"name": name or "Casebook project",
                                     "origin": f"Casebook {__version__}"})
    coders = store.coders()
    users = {c.id: user_guid(c.id) for c in coders}
    if coders:
        users_el = ET.SubElement(root, q("Users"))
        for coder in coders:
            ET.SubElement(users_el, q("User"), {"guid": users[coder.id], "name": coder.name})
    report.users = len(coders)

    memos = store.memos()
    note_guid = {m.id: guid("memo", m.id, m.target_kind, m.target_id) for m in memos}
    by_target: dict[tuple[str, str], list[str]] = {}
    for memo in memos:
        by_target.setdefault((memo.target_kind, str(memo.target_id)), []).append(
            note_guid[memo.id])

    codebook = store.codebook()
    retired = [c for c in store.codes(include_retired=True)
               if c.id not in {x.id for x in codebook.codes}]
    codebook.codes.extend(retired)  # codings may still use them
    code_guids = service.guids(store)
    if codebook.codes:
        book = qdc.codes_to_xml(codebook, NS, code_guids)
        book.attrib.pop("origin", None)  # the project schema has no origin on <CodeBook>
        code_of = {g: code_id for code_id, g in code_guids.items()}
        for code_el in book.iter(q("Code")):
            refs = by_target.get(("code", code_of.get(code_el.get("guid"))), [])
            at = 1 if code_el.find(q("Description")) is not None else 0
            for offset, target in enumerate(refs):
                code_el.insert(at + offset, ET.Element(q("NoteRef"), {"targetGUID": target}))
        root.append(book)
    report.codes = len(codebook.codes)

    summaries = store.documents()
    documents = [store.document(s.id) for s in summaries]
    variable_names = sorted({k for d in documents for k in d.attributes})
    variables = {n: guid("variable", n) for n in (*FIELD_VARIABLES, *variable_names)}
    variables_el = ET.SubElement(root, q("Variables"))
    for var_name, var_guid in variables.items():
        ET.SubElement(variables_el, q("Variable"), {"guid": var_guid, "name": var_name,
                                                    "typeOfVariable": "Text"})
    speakers = {doc.id: store.speakers(doc.id) for doc in documents}
    role_var = guid("variable", "speaker role") \
        if any(s.role for ss in speakers.values() for s in ss) else None
    if role_var:
        ET.SubElement(variables_el, q("Variable"), {"guid": role_var, "name": "speaker role",
                                                    "typeOfVariable": "Text"})
    report.variables = len(variables) + bool(role_var)
    cases_el = ET.SubElement(root, q("Cases"))

    texts: dict[str, bytes] = {}
    sources_el = ET.SubElement(root, q("Sources")) if documents else None
    for doc in documents:
        source_guid = guid("source", doc.sha256)
        turns = [t for t in store.turns(doc.id) if t.speaker]
        turn_ends = [t.end for t in turns]
        selected: dict[str, list[str]] = {s.label: [] for s in speakers[doc.id]}
        texts[f"sources/{source_guid}.txt"] = doc.text.encode("utf-8")
        texts[f"casebook/{source_guid}.json"] = _turn_file(store, doc)
        source = ET.SubElement(sources_el, q("TextSource"), {
            "guid": source_guid, "name": doc.name,
            "plainTextPath": f"internal://{source_guid}.txt"})
        if doc.imported_at:
            source.set("creationDateTime", doc.imported_at)
        for coding in store.codings(document_id=doc.id):
            selection = ET.SubElement(source, q("PlainTextSelection"), {
                "guid": guid("selection", doc.sha256, coding.code_id, coding.coder_id,
                             coding.start, coding.end),
                "name": doc.text[coding.start:coding.end][:60],
                "startPosition": str(coding.start), "endPosition": str(coding.end),
                "creatingUser": users[coding.coder_id]})
            if coding.created:
                selection.set("creationDateTime", coding.created)
            at = bisect.bisect_right(turn_ends, coding.start)
            while at < len(turns) and turns[at].start < coding.end:  # the speakers coded
                if coding.start < turns[at].end and turns[at].speaker in selected and \
                        selection.get("guid") not in selected[turns[at].speaker][-1:]:
                    selected[turns[at].speaker].append(selection.get("guid"))
                at += 1
            if coding.memo:
                ET.SubElement(selection, q("Description")).text = coding.memo
            coding_el = ET.SubElement(selection, q("Coding"), {
                "guid": guid("coding", doc.sha256, coding.code_id, coding.coder_id,
                             coding.start, coding.end),
                "creatingUser": users[coding.coder_id]})
            if coding.created:
                coding_el.set("creationDateTime", coding.created)
            ET.SubElement(coding_el, q("CodeRef"),
                          {"targetGUID": code_guids.get(coding.code_id)
                           or qdc.code_guid(coding.code_id)})
            for target in by_target.get(("coding", str(coding.id)), []):
                _note(selection, target)
            report.codings += 1
        for target in by_target.get(("document", str(doc.id)), []):
            _note(source, target)
        for speaker in speakers[doc.id]:
            _speaker_case(cases_el, doc, source_guid, speaker, role_var,
                          selected[speaker.label])
        values = {"kind": doc.kind, "date": doc.date, **doc.attributes}
        for var_name in variables:
            if values.get(var_name) not in (None, ""):
                value_el = ET.SubElement(source, q("VariableValue"))
                ET.SubElement(value_el, q("VariableRef"), {"targetGUID": variables[var_name]})
                ET.SubElement(value_el, q("TextValue")).text = str(values[var_name])
        if progress:
            progress(doc.name)
    report.documents = len(documents)

    if memos:
        notes_el = ET.SubElement(root, q("Notes"))
        for memo in memos:
            attrs = {"guid": note_guid[memo.id],
                     "name": f"memo {memo.id} ({memo.target_kind})"}
            if memo.coder_id in users:
                attrs["creatingUser"] = users[memo.coder_id]
            if memo.created:
                attrs["creationDateTime"] = memo.created
            note = ET.SubElement(notes_el, q("Note"), attrs)
            ET.SubElement(note, q("PlainTextContent")).text = memo.text
        report.notes = len(memos)
    for target in by_target.get(("project", ""), []) + by_target.get(("project", "project"),
                                                                     []):
        _note(root, target)
    if not variables:
        root.remove(variables_el)
    if not len(cases_el):
        root.remove(cases_el)
    report.not_carried = list(NOT_CARRIED)
    return root, texts, report


def to_bytes(root: ET.Element) -> bytes:
    plain = copy.deepcopy(root)
    ET.register_namespace("", NS)
    ET.indent(plain)
    body = ET.tostring(plain, encoding="unicode", default_namespace=None)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def export(project, out: str | Path,
           progress: Callable[[str], None] | None = None) -> ExportReport:
    """Write ``project`` to ``out`` (.qdpx), atomically."""
    from casebook.files import atomic_write
    import io

    root, texts, report = build(project.store, project.settings.name, progress)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in [("project.qde", to_bytes(root)),
                             *sorted(texts.items())]:
            info = zipfile.ZipInfo(member, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    out = Path(out)
    atomic_write(out, buffer.getvalue())
    report.path = str(out)
    return report
