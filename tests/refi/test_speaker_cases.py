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
