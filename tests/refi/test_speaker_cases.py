"""Speakers travel to other tools as REFI-QDA Cases: one per speaker per document, with
the role as a variable and the codings in the speaker's turns as SelectionRefs."""

from __future__ import annotations

import zipfile

from lxml import etree

from casebook.refi.export import export

NS = {"q": "urn:QDA-XML:project:1.0"}


def test_speakers_are_cases_with_role_and_selections(demo_project, tmp_path, schema):
    export(demo_project, tmp_path / "p.qdpx", raw=True)
    with zipfile.ZipFile(tmp_path / "p.qdpx") as zf:
        qde = etree.fromstring(zf.read("project.qde"))
    schema.assertValid(qde)
    store = demo_project.store
    role_var = qde.find(".//q:Variable[@name='speaker role']", NS).get("guid")
    sources = {s.get("guid"): s for s in qde.iterfind(".//q:TextSource", NS)}
    selections = {s.get("guid"): s for s in qde.iterfind(".//q:PlainTextSelection", NS)}
    cases = qde.findall("q:Cases/q:Case", NS)
    expected = {(f"{s.label} ({d.name})", s.role) for d in store.documents()
                for s in store.speakers(d.id)}
    found = set()
    for case in cases:
        roles = [v.findtext("q:TextValue", namespaces=NS)
                 for v in case.findall("q:VariableValue", NS)
                 if v.find("q:VariableRef", NS).get("targetGUID") == role_var]
        found.add((case.get("name"), roles[0] if roles else None))
        (ref,) = case.findall("q:SourceRef", NS)
        doc = store.document(sources[ref.get("targetGUID")].get("name"))
        label = case.get("name").removesuffix(f" ({doc.name})")
        turns = [t for t in store.turns(doc.id) if t.speaker == label]
        refs = [r.get("targetGUID") for r in case.findall("q:SelectionRef", NS)]
        coded = {g for g, sel in selections.items()
                 if sel.getparent() is sources[ref.get("targetGUID")]
                 and any(t.start < int(sel.get("endPosition"))
                         and int(sel.get("startPosition")) < t.end for t in turns)}
        assert len(refs) == len(set(refs)) and set(refs) == coded
    assert found == expected and any(role for _n, role in found)
    assert sum(len(c.findall("q:SelectionRef", NS)) for c in cases) >= len(selections) // 2


def test_a_coding_across_two_speakers_turns_is_in_both_cases(tmp_path, schema):
    """The first coding of a document runs from the interviewer's turn into the client's:
    each speaker's Case refers to it (once), and to no selection outside their turns; the
    selection's GUID is the stable one of its text, code, coder and span."""
    from casebook.ingest import import_files
    from casebook.model import Code, Codebook, Coding
    from casebook.project import Project
    from casebook.refi.common import guid

    source = tmp_path / "gesprek.txt"
    source.write_text("I: Hoe gaat het op het werk?\nR: Goed, ik heb een vaste plek.\n"
                      "I: En thuis?\nR: Daar is het rustig.\n", encoding="utf-8")
    project = Project.init(tmp_path / "p", name="Sprekers")
    store = project.store
    store.set_codebook(Codebook("Sprekers", [Code("c1", "Werk"), Code("c2", "Thuis")]))
    import_files(project, [source])
    doc = store.document(store.documents()[0].id)
    assert doc.id is not None
    asked, said = doc.text.index("Hoe gaat"), doc.text.index("vaste plek")
    rustig = doc.text.index("rustig")
    anna = store.coder("anna").id
    with store.transaction():
        store.add_codings([Coding(doc.id, asked, said + 10, "c1", anna),  # I and R
                           Coding(doc.id, rustig, rustig + 6, "c2", anna)])  # R only
    export(project, tmp_path / "p.qdpx", raw=True)
    project.close()
    with zipfile.ZipFile(tmp_path / "p.qdpx") as zf:
        qde = etree.fromstring(zf.read("project.qde"))
    schema.assertValid(qde)
    by_start = {int(s.get("startPosition")): s.get("guid")
                for s in qde.iterfind(".//q:PlainTextSelection", NS)}
    both, client = by_start[asked], by_start[rustig]
    assert both == guid("selection", doc.sha256, "c1", anna, asked, said + 10)
    refs = {case.get("name").split(" (")[0]: [r.get("targetGUID")
                                             for r in case.findall("q:SelectionRef", NS)]
            for case in qde.iterfind("q:Cases/q:Case", NS)}
    assert refs == {"I": [both], "R": [both, client]}
