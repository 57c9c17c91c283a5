"""Write a project as REFI-QDA .qdpx: ``project.qde`` (namespace urn:QDA-XML:project:1.0,
valid against Project-mrt2019.xsd) and ``sources/<GUID>.txt`` (the normalised text, UTF-8).

* Users: the coders (GUID = coder id).
* CodeBook: :func:`casebook.codebook.qdc.codes_to_xml` with the codes' REFI-QDA GUIDs.
* Variables: document kind, date and attributes, as text variables; values on each source.
* Sources: a TextSource per document, a PlainTextSelection (code points) with a Coding per coding.
* Notes: memos (a coding's own too), with NoteRefs from the project, source, code or selection.
* Cases: each speaker of each document, ``Label (document)``, its role as variable "speaker
  role", a SourceRef to the document and SelectionRefs to the codings in its turns.
* ``casebook/<GUID>.json``: the speaker turns and speakers of each text, which REFI-QDA has no
  place for; other tools ignore the member, a Casebook import uses it.

GUIDs are uuid5 of our ids and contents, members are written in a fixed order with a fixed
timestamp: an unchanged project exports to the same bytes. ``project.qde`` is written as text,
piece by piece (:mod:`casebook.refi.qde`), as the documents are read; the speakers' Cases, which
come first, are found in a first pass over the codings.

Through the privacy gate (:mod:`casebook.privacy.guard`): by default every text is the
pseudonymised one (offsets moved onto it), documents carry their display names, speakers their
pseudonyms, memos are pseudonymised, every member is checked, and a document that was not
reviewed is refused. ``project.qde`` streams into the archive through the gate's last look
(:class:`casebook.privacy.look.LastLook`); where it finds a form, the export is made again and
checked whole, to refuse it in the one line that search gives. ``raw`` writes the originals.
"""

from __future__ import annotations

import bisect
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from casebook import __version__
from casebook.codebook import qdc, service
from casebook.collector import paused
from casebook.offsets import sha256
from casebook.privacy.guard import Gate, View
from casebook.privacy.look import LastLook
from casebook.refi import qde
from casebook.refi.common import FIELD_VARIABLES, NS, guid, guid_of, user_guid

if TYPE_CHECKING:
    from casebook.model import Document, Speaker, TurnRow
    from casebook.project import Project
    from casebook.store import Store

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CHUNK = 1 << 16  # characters of project.qde written (and looked at: its memory) at a time
NOT_CARRIED = [
    "speaker turns and pseudonyms for other tools (REFI-QDA text sources have no turns; "
    "speakers go as Cases with their role; Casebook keeps the turns in "
    "casebook/<GUID>.json, which other tools ignore)",
    "sentence boundaries (recomputed on import)",
    "English code names and hotkeys",
]
CodingRow = tuple[int, int, int, str, str, str]  # id, start, end, code, coder, created


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


def _turn_file(doc: Document, view: View, turns: list[TurnRow],
               speakers: list[Speaker]) -> bytes:
    """What REFI-QDA cannot hold about a text: its speaker turns and speakers (as shown).
    Compact JSON, which json writes in C (an indented file is written in Python)."""
    import json

    return json.dumps({
        "sha256": sha256(view.text), "format": doc.format,
        "turns": [[*view.span(t.start, t.end), view.speaker(t.speaker), t.time_start,
                   t.time_end] for t in turns],
        "speakers": [[view.speaker(s.label), s.role,
                      s.pseudonym if view.raw else view.speaker(s.label)]
                     for s in speakers],
    }, ensure_ascii=False).encode("utf-8")


def _key(sha: str, row: CodingRow) -> str:
    """What the GUIDs of a coding's selection and Coding are made of (after their kind):
    the text, code, coder and span (see :func:`casebook.refi.common.guid`)."""
    _id, start, end, code_id, coder_id, _created = row
    return f"{sha}\x1f{code_id}\x1f{coder_id}\x1f{start}\x1f{end}"


class _Export:
    """One export: what its parts refer to, and ``project.qde`` made piece by piece."""

    def __init__(self, store: Store, name: str, gate: Gate) -> None:
        self.store, self.name, self.gate = store, name, gate
        self.report = ExportReport(path="", raw=gate.raw)
        self.texts: dict[str, bytes] = {}  # the other members, by name
        self.checked: set[str] = set()  # of them, those the gate's check of a view saw whole
        gate.check("project name", name)
        self.coders = store.coders()
        for coder in self.coders:
            gate.check("coder", coder.name)
        self.users = {c.id: user_guid(c.id) for c in self.coders}
        self.report.users = len(self.coders)
        self.memos = store.memos()
        self.note_guid = {m.id: guid("memo", m.id, m.target_kind, m.target_id)
                          for m in self.memos}
        self.by_target: dict[tuple[str, str], list[str]] = {}
        for memo in self.memos:
            self.by_target.setdefault((memo.target_kind, str(memo.target_id)), []).append(
                self.note_guid[memo.id])
        # a coding's notes by its id (a memo's target id as the id writes it)
        self.coding_notes = {int(target): "".join(
            f'        <NoteRef targetGUID="{note}" />\n' for note in notes)
            for (kind, target), notes in self.by_target.items()
            if kind == "coding" and target.isascii() and target.isdigit()
            and str(int(target)) == target}
        self.code_guids: dict[str, str] = {}
        # the selection GUIDs the Cases made, by coding id, for their selections to reuse
        self.selection_guids: dict[int, str] = {}

    def pieces(self, progress: Callable[[str], None] | None) -> Iterator[str]:
        """``project.qde``, in the order the schema wants its parts."""
        yield qde.root(self.name or "Casebook project", f"Casebook {__version__}")
        if self.coders:
            yield qde.opening(1, "Users")
            for coder in self.coders:
                yield qde.empty(2, "User", {"guid": self.users[coder.id], "name": coder.name})
            yield qde.closing(1, "Users")
        yield from self.codebook()
        documents = self.store.whole_documents()
        yield from self.variables(documents)
        cases = [line for doc in documents for line in self.cases(doc)]
        if cases:
            yield from (qde.opening(1, "Cases"), *cases, qde.closing(1, "Cases"))
        if documents:
            yield qde.opening(1, "Sources")
            for doc in documents:
                yield from self.source(doc)
                if progress:
                    progress(doc.name)
            yield qde.closing(1, "Sources")
        self.report.documents = len(documents)
        yield from self.notes()
        yield "</Project>\n"
        self.report.not_carried = list(NOT_CARRIED)

    def codebook(self) -> Iterator[str]:
        """The active codebook and the retired codes (codings may still use them)."""
        import xml.etree.ElementTree as ET

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
        for code_el in book.iter(f"{{{NS}}}Code"):
            refs = self.by_target.get(("code", code_of.get(code_el.get("guid", ""), "")), [])
            at = 1 if code_el.find(f"{{{NS}}}Description") is not None else 0
            for offset, target in enumerate(refs):
                code_el.insert(at + offset, ET.Element("NoteRef", {"targetGUID": target}))
        yield from qde.element(book, 1)

    def variables(self, documents: list[Document]) -> Iterator[str]:
        """Text variables: kind, date, attributes (as the views name them), speakers' role."""
        names = sorted({k for d in documents if d.id for k in self.gate.view(d.id).attributes})
        self.variable_guids = {n: guid("variable", n) for n in (*FIELD_VARIABLES, *names)}
        self.speakers = {doc.id: self.store.speakers(doc.id) for doc in documents
                         if doc.id is not None}
        self.role_var = guid("variable", "speaker role") \
            if any(s.role for ss in self.speakers.values() for s in ss) else None
        variables = list(self.variable_guids.items())
        if self.role_var:
            variables.append(("speaker role", self.role_var))
        yield qde.opening(1, "Variables")
        for var_name, var_guid in variables:
            yield qde.empty(2, "Variable", {"guid": var_guid, "name": var_name,
                                            "typeOfVariable": "Text"})
        yield qde.closing(1, "Variables")
        self.report.variables = len(variables)

    def cases(self, doc: Document) -> list[str]:
        """A document's speakers as Cases: role as a variable, the document, and the
        selections in the speaker's turns (so other tools can analyse by person and role).
        Its turns are read here, once: its turn file is made from them too."""
        assert doc.id is not None
        view = self.gate.shown(doc.id)
        speakers = self.speakers[doc.id]
        every_turn = self.store.turn_rows(doc.id)
        self.texts[f"casebook/{guid('source', doc.sha256)}.json"] = _turn_file(
            doc, view, every_turn, speakers)
        selected: dict[str, list[str]] = {s.label: [] for s in speakers}
        turns = [t for t in every_turn if t.speaker in selected]
        starts, ends = [t.start for t in turns], [t.end for t in turns]
        lists = [selected[t.speaker or ""] for t in turns]  # each turn's speaker's list
        made = self.selection_guids
        for row in self.store.coding_rows(doc.id) if turns else ():
            # the selection goes to each speaker whose turns it touches, once
            _id, start, end = row[0], row[1], row[2]
            target = ""
            at = bisect.bisect_right(ends, start)
            while at < len(turns) and starts[at] < end:
                if start < ends[at]:
                    if not target:
                        made[_id] = target = guid_of("selection\x1f" + _key(doc.sha256, row))
                    listed = lists[at]
                    if not listed or listed[-1] != target:
                        listed.append(target)
                at += 1
        return [line for speaker in speakers
                for line in self.case(doc, view, speaker, selected[speaker.label])]

    def case(self, doc: Document, view: View, speaker: Speaker,
             selections: list[str]) -> Iterator[str]:
        label = view.speaker(speaker.label)
        yield qde.opening(2, "Case", {"guid": guid("case", doc.sha256, label),
                                      "name": f"{label} ({view.name})"})
        if self.role_var and speaker.role:
            yield from _value(3, self.role_var, speaker.role)
        yield qde.empty(3, "SourceRef", {"targetGUID": guid("source", doc.sha256)})
        for target in selections:  # our GUIDs: nothing to escape
            yield f'      <SelectionRef targetGUID="{target}" />\n'
        yield qde.closing(2, "Case")

    def source(self, doc: Document) -> Iterator[str]:
        """One TextSource with its selections, notes and variable values; its text as a
        member (its turn file is made with its Cases)."""
        assert doc.id is not None
        view = self.gate.shown(doc.id)
        source_guid = guid("source", doc.sha256)
        self.texts[f"sources/{source_guid}.txt"] = view.text.encode("utf-8")
        if self.gate.covers(view, 0, len(view.text)):  # its check is this member's
            self.checked.add(f"sources/{source_guid}.txt")
        items = {"guid": source_guid, "name": view.name,
                 "plainTextPath": f"internal://{source_guid}.txt"}
        if doc.imported_at:
            items["creationDateTime"] = doc.imported_at
        rows = self.store.coding_rows(doc.id)
        inside = self.selections(doc, view, rows)
        self.report.codings += len(rows)
        inside += [qde.empty(3, "NoteRef", {"targetGUID": target})
                   for target in self.by_target.get(("document", str(doc.id)), [])]
        values = {"kind": doc.kind, "date": doc.date, **view.attributes}
        for var_name, var_guid in self.variable_guids.items():
            if values.get(var_name) not in (None, ""):
                inside.extend(_value(3, var_guid, str(values[var_name])))
        if not inside:
            yield qde.empty(2, "TextSource", items)
            return
        yield qde.opening(2, "TextSource", items)
        yield from inside
        yield qde.closing(2, "TextSource")

    def selections(self, doc: Document, view: View, rows: list[CodingRow]) -> list[str]:
        """Each coding as a PlainTextSelection holding one Coding (on the shown text), a
        piece each (the last look's memory is that of the pieces it is fed at a time); its
        memos are Notes, referred to."""
        users, code_guids, notes = self.users, self.code_guids, self.coding_notes
        made, text, attr = self.selection_guids.pop, view.text, qde.attr
        span = view.edits.span  # view.span, one call less for each of many
        parts = []
        for row in rows:
            coding_id, start, end, code_id, coder_id, created = row
            user = users[coder_id]
            shown_start, shown_end = span(start, end)
            when = f' creationDateTime="{attr(created)}"' if created else ""
            code = code_guids.get(code_id) or qdc.code_guid(code_id)
            name = attr(text[shown_start:min(shown_end, shown_start + 60)])
            key = _key(doc.sha256, row)
            selection = made(coding_id, None) or guid_of("selection\x1f" + key)
            parts.append(
                f'      <PlainTextSelection guid="{selection}" name="{name}" '
                f'startPosition="{shown_start}" endPosition="{shown_end}" '
                f'creatingUser="{user}"{when}>\n'
                f'        <Coding guid="{guid_of("coding" + chr(31) + key)}" '
                f'creatingUser="{user}"{when}>\n'
                f'          <CodeRef targetGUID="{code}" />\n        </Coding>\n'
                f'{notes.get(coding_id, "")}      </PlainTextSelection>\n')
        return parts

    def notes(self) -> Iterator[str]:
        """Every memo as a Note; the project's memos referred to from the project."""
        if self.memos:
            yield qde.opening(1, "Notes")
            for memo in self.memos:
                items = {"guid": self.note_guid[memo.id],
                         "name": f"memo {memo.id} ({memo.target_kind})"}
                if memo.coder_id in self.users:
                    items["creatingUser"] = self.users[memo.coder_id]
                if memo.created:
                    items["creationDateTime"] = memo.created
                yield qde.opening(2, "Note", items)
                yield qde.with_text(3, "PlainTextContent", self.gate.memo(
                    f"memo {memo.id} (on {memo.target_kind}"
                    f"{' ' + memo.target_id if memo.target_id else ''})", memo.text))
                yield qde.closing(2, "Note")
            yield qde.closing(1, "Notes")
            self.report.notes = len(self.memos)
        for target in self.by_target.get(("project", ""), []) + \
                self.by_target.get(("project", "project"), []):
            yield qde.empty(1, "NoteRef", {"targetGUID": target})


def _value(level: int, variable: str, value: str) -> Iterator[str]:
    """A VariableValue: the variable and its text."""
    yield qde.opening(level, "VariableValue")
    yield qde.empty(level + 1, "VariableRef", {"targetGUID": variable})
    yield qde.with_text(level + 1, "TextValue", value)
    yield qde.closing(level, "VariableValue")


def _member(zf: zipfile.ZipFile, member: str, chunks: Iterable[bytes]) -> None:
    """Write one member, deflated, with the fixed timestamp."""
    info = zipfile.ZipInfo(member, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with zf.open(info, "w") as handle:
        for chunk in chunks:
            handle.write(chunk)


def _batched(pieces: Iterable[str], look: LastLook | None = None) -> Iterator[bytes]:
    """The pieces as UTF-8, about :data:`CHUNK` characters at a time (each shown to
    ``look`` first)."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= CHUNK:
            yield _looked("".join(batch), look)
            batch, size = [], 0
    yield _looked("".join(batch), look)


def _looked(text: str, look: LastLook | None) -> bytes:
    if look is not None:
        look.feed(text)
    return text.encode("utf-8")


def export(project: Project, out: str | Path, progress: Callable[[str], None] | None = None,
           *, raw: bool = False) -> ExportReport:
    """Write ``project`` to ``out`` (.qdpx), atomically: pseudonymised, or with ``raw`` the
    originals."""
    from casebook.files import replacing

    gate = Gate.for_project(project.store, raw=raw)
    job = _Export(project.store, project.settings.name, gate)
    # the last look at project.qde as it is written: what no field check can see
    look = None if gate.raw else LastLook(gate.forms)
    out = Path(out)
    with paused(), replacing(out) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            _member(zf, "project.qde", _batched(job.pieces(progress), look))
            seen = look is not None and look.close()
            if not seen:
                _texts(zf, job, gate)
        if seen:  # a form, or one at the edge of a window: the whole text decides
            job = _whole(project, gate, tmp)
    job.report.path = str(out)
    return job.report


def _texts(zf: zipfile.ZipFile, job: _Export, gate: Gate) -> None:
    """The members besides project.qde, each checked whole first (unless raw). A text
    that is its view's whole text, where the gate covers it, is not searched again: the
    view's check searched the same fold of it (no markup: the one fold) and found nothing."""
    for member, data in sorted(job.texts.items()) if not gate.raw else ():
        if member not in job.checked:
            gate.check(f".qdpx member {member}", data.decode("utf-8"), markup=True)
    for member, data in sorted(job.texts.items()):
        _member(zf, member, [data])


def _whole(project: Project, gate: Gate, tmp: Path) -> _Export:
    """The export made again and checked whole, as the last look found a form in it:
    refused in the one line the search of the whole names (or, where the look saw a form
    only at the edge of its window, written anew)."""
    job = _Export(project.store, project.settings.name, gate)
    body = "".join(job.pieces(None))
    gate.check(".qdpx member project.qde", body, markup=True)
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        _member(zf, "project.qde", _batched(body[at:at + CHUNK]
                                            for at in range(0, len(body), CHUNK)))
        _texts(zf, job, gate)
    return job
