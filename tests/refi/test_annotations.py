"""Selections without a code: annotations. MAXQDA writes a Description on a bare
PlainTextSelection, QualCoder a Note holding a PlainTextSelection, referred to from the
TextSource. Both become memos on the document that quote the fragment."""

from __future__ import annotations

import zipfile

from lxml import etree

from casebook.refi.importer import import_qdpx

SOURCE = "dddddddd-0000-4000-8000-000000000001"
CODE = "aaaaaaaa-0000-4000-8000-000000000001"
CASE = "eeeeeeee-0000-4000-8000-000000000001"
NOTE = "11111111-0000-4000-8000-000000000001"
TEXT = "Lotte: Ik heb weer hoop. Mijn klantmanager gelooft in mij.\n"


def span(quote: str) -> str:
    start = TEXT.index(quote)
    return f'startPosition="{start}" endPosition="{start + len(quote)}"'


def test_annotations_become_document_memos(fresh, tmp_path, schema):
    selections = (
        f'<PlainTextSelection guid="bbbbbbbb-0000-4000-8000-000000000001" {span("weer hoop")}>'
        f'<Description>hoop = willen?</Description></PlainTextSelection>'
        f'<PlainTextSelection guid="bbbbbbbb-0000-4000-8000-000000000002" {span("Lotte")}/>'
        f'<PlainTextSelection guid="bbbbbbbb-0000-4000-8000-000000000003" {span("gelooft")}>'
        f'<Coding guid="cccccccc-0000-4000-8000-000000000003"><CodeRef targetGUID="{CASE}"/>'
        f'</Coding></PlainTextSelection>')
    qde = (f'<?xml version="1.0"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="x">'
           f'<CodeBook><Codes><Code guid="{CODE}" name="Hoop" isCodable="true"/></Codes>'
           f'</CodeBook><Cases><Case guid="{CASE}" name="Lotte"/></Cases>'
           f'<Sources><TextSource guid="{SOURCE}" name="gesprek" '
           f'plainTextPath="internal://{SOURCE}.txt">{selections}'
           f'<NoteRef targetGUID="{NOTE}"/></TextSource></Sources>'
           f'<Notes><Note guid="{NOTE}"><PlainTextContent>steun van de klantmanager'
           f'</PlainTextContent><PlainTextSelection guid="bbbbbbbb-0000-4000-8000-000000000009"'
           f' {span("Mijn klantmanager")}/></Note></Notes></Project>')
    schema.assertValid(etree.fromstring(qde.encode()))
    path = tmp_path / "ann.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
        zf.writestr(f"Sources/{SOURCE}.txt", TEXT)
    report = import_qdpx(fresh, path)
    store = fresh.store
    doc = store.documents()[0]
    memos = sorted((m.target_kind, m.target_id, m.text) for m in store.memos())
    start = TEXT.index("weer hoop")
    other = TEXT.index("Mijn klantmanager")
    assert memos == sorted([
        ("document", str(doc.id), f"«weer hoop» ({start}-{start + 9}): hoop = willen?"),
        ("document", str(doc.id),
         f"«Mijn klantmanager» ({other}-{other + 17}): steun van de klantmanager")])
    assert store.codings() == []
    dropped = " | ".join(report.dropped)
    assert "1 selections without a code or a note (gesprek)" in dropped
    assert "1 codings of a case (cases are not carried) (gesprek)" in dropped
    assert "1 cases (Lotte)" in dropped
