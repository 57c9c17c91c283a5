""".qdpx files re-zipped by hand (Finder, Explorer): everything sits one folder deep."""

from __future__ import annotations

import zipfile

from casebook.refi.export import export
from casebook.refi.importer import import_qdpx

GUID = "dddddddd-0000-4000-8000-000000000001"


def rezip(source, target, folder: str):
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            zout.writestr(f"{folder}/{info.filename}", zin.read(info))
    return target


def test_sources_next_to_a_nested_qde(fresh, tmp_path):
    qde = (f'<?xml version="1.0"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="x">'
           f'<Sources><TextSource guid="{GUID}" name="gesprek" '
           f'plainTextPath="internal://{GUID}.txt"/></Sources></Project>')
    path = tmp_path / "nested.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Mijn project/project.qde", qde)
        zf.writestr(f"Mijn project/Sources/{GUID}.txt", "Lotte: hallo\r\n")
    report = import_qdpx(fresh, path)
    assert report.documents_added == ["gesprek"] and not report.dropped
    doc = fresh.store.documents()[0]
    assert fresh.store.document(doc.id).text == "Lotte: hallo\n"


def test_a_rezipped_casebook_export_keeps_its_turns(demo_project, fresh, tmp_path):
    export(demo_project, tmp_path / "p.qdpx", raw=True)
    path = rezip(tmp_path / "p.qdpx", tmp_path / "rezipped.qdpx", "export")
    report = import_qdpx(fresh, path)
    old, new = demo_project.store, fresh.store
    assert len(report.documents_added) == len(old.documents()) and not report.dropped
    assert len(new.codings()) == len(old.codings())
    for doc in old.documents():
        again = new.document_by_sha(doc.sha256)
        assert [(t.start, t.end, t.speaker, t.time_start) for t in new.turns(again.id)] == \
            [(t.start, t.end, t.speaker, t.time_start) for t in old.turns(doc.id)]
        assert {(s.label, s.role) for s in new.speakers(again.id)} == \
            {(s.label, s.role) for s in old.speakers(doc.id)}
