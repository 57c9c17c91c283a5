"""REFI-QDA .qdc: export valid against Codebook.xsd, import of variants seen in the wild,
entities refused, re-import keeps ids through GUIDs."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from casebook.codebook import exchange, load_yaml, qdc, service
from casebook.errors import CasebookError

DATA = Path(__file__).with_name("data")
ROOT = Path(__file__).resolve().parents[2]
XSD = Path("/work/shared/refi-qda/Codebook.xsd")
if not XSD.is_file():
    XSD = ROOT.parent / "shared" / "refi-qda" / "Codebook.xsd"


@pytest.fixture(scope="module")
def schema():
    if not XSD.is_file():
        pytest.skip("Codebook.xsd not found")
    return etree.XMLSchema(etree.parse(str(XSD)))


def _valid(schema, data: bytes) -> None:
    doc = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    assert schema.validate(doc), schema.error_log


@pytest.mark.parametrize("name", ["igm", "gewogen-maatwerk"])
def test_export_validates_against_the_xsd(schema, name):
    book = load_yaml(ROOT / "codebooks" / f"{name}.yaml")
    data = qdc.to_bytes(qdc.codes_to_xml(book))
    _valid(schema, data)
    root = etree.fromstring(data)
    codes = root.findall(".//{urn:QDA-XML:codebook:1.0}Code")
    assert len(codes) == len(book.codes)
    assert {c.get("guid") for c in codes} == {qdc.code_guid(c.id) for c in book.codes}


def test_children_nest_under_their_parent():
    book = load_yaml(ROOT / "codebooks" / "igm.yaml")
    root = qdc.codes_to_xml(book)
    ns = "{urn:QDA-XML:codebook:1.0}"
    top = root.find(f"{ns}Codes").findall(f"{ns}Code")
    assert [c.get("name") for c in top] == ["Willen", "Kunnen", "Doen"]
    assert [c.get("name") for c in top[2].findall(f"{ns}Code")] == ["Intentie", "Gedrag"]


def test_round_trip_keeps_everything_qdc_can_hold():
    book = load_yaml(ROOT / "codebooks" / "igm.yaml")
    data = qdc.to_bytes(qdc.codes_to_xml(book))
    known = {qdc.code_guid(c.id): c.id for c in book.codes}
    again, report = qdc.codes_from_xml(qdc.parse_bytes(data), known=known)
    assert report.not_carried == []
    for before, after in zip(book.codes, again.codes, strict=True):
        assert (after.id, after.name, after.parent, after.colour, after.description,
                after.include, after.exclude, after.examples) == (
            before.id, before.name, before.parent, before.colour, before.description,
            before.include, before.exclude, before.examples)


def test_project_namespace_variant_for_qdpx():
    book = load_yaml(ROOT / "codebooks" / "gewogen-maatwerk.yaml")
    element = qdc.codes_to_xml(book, qdc.PROJECT_NS)
    assert element.tag == "{urn:QDA-XML:project:1.0}CodeBook"
    again, _ = qdc.codes_from_xml(qdc.parse_bytes(qdc.to_bytes(element, qdc.PROJECT_NS)))
    assert [c.name for c in again.codes] == [c.name for c in book.codes]


def test_atlas_variant_bom_namespace_guids_alpha_sets():
    book, report = exchange.read_qdc(DATA / "atlas.qdc")
    assert [(c.id, c.parent) for c in book.codes] == [
        ("motivatie", None), ("motivatie.houding-t-o-v-werk", "motivatie"),
        ("motivatie.steun-van-partner", "motivatie"), ("barrieres", None)]
    assert [c.colour for c in book.codes] == ["#ff0000", "#00ff00", "#0000ff", "#abcdef"]
    assert report.guids["motivatie"] == "8a1f2b3c-4d5e-4f60-8172-93a4b5c6d7e8"  # no braces
    barrieres = book.codes[3]
    assert barrieres.description == "Praktische belemmeringen."
    assert barrieres.include == "vervoer, kinderopvang" and barrieres.exclude == "motivatie"
    assert barrieres.examples == ["Er gaat geen bus.", "Geen oppas."]
    assert any("Hoofdthema's" in item and "set" in item for item in report.not_carried)


def test_maxqda_variant_short_colours_not_codable_and_extra_attributes():
    book, report = exchange.read_qdc(DATA / "maxqda.qdc")
    assert [c.id for c in book.codes] == ["themas", "themas.werk", "themas.werk-2"]
    assert [c.colour for c in book.codes] == ["#ff8800", "#00aa00", "#0000aa"]
    assert [c.codable for c in book.codes] == [False, True, True]  # a category is kept so
    assert any("'weight'" in item for item in report.not_carried)


def test_nvivo_variant_no_namespace_crlf_bad_colour():
    book, report = exchange.read_qdc(DATA / "nvivo.qdc")
    assert [(c.id, c.description) for c in book.codes] == [
        ("zelfvertrouwen", "Geloof in eigen kunnen"), ("netwerk", "")]
    assert any("oranje" in note for note in report.notes)


@pytest.mark.parametrize("name", ["xxe.qdc", "laughs.qdc"])
def test_entities_are_refused_in_one_line(name):
    with pytest.raises(CasebookError) as err:
        exchange.read_qdc(DATA / name)
    message = str(err.value)
    assert "\n" not in message and "refused" in message and name in message
    assert "root:" not in message  # /etc/passwd was not read


def test_broken_xml_names_the_line(tmp_path):
    bad = tmp_path / "bad.qdc"
    bad.write_text('<?xml version="1.0"?>\n<CodeBook>\n<Codes>\n</CodeBook>\n')
    with pytest.raises(CasebookError) as err:
        exchange.read_qdc(bad)
    assert err.value.line == 4


def test_import_becomes_active_and_reimport_keeps_ids(project, tmp_path):
    result = exchange.import_qdc(project, DATA / "atlas.qdc")
    assert result["path"] == "codebooks/atlas.yaml" == project.settings.codebook
    assert [c.id for c in project.store.codes()][:2] == ["motivatie",
                                                         "motivatie.houding-t-o-v-werk"]
    service.rename(project, "motivatie", "Willen")  # renamed here: the GUID still matches
    again = exchange.import_qdc(project, DATA / "atlas.qdc", merge_into_active=True,
                               dry_run=True)
    assert again["added"] == [] and "motivatie" in again["matched"]
    out = tmp_path / "out.qdc"
    exchange.export_qdc(project, out)
    assert 'guid="8a1f2b3c-4d5e-4f60-8172-93a4b5c6d7e8"' in out.read_text()
    assert service.guids(project.store)["motivatie"] == "8a1f2b3c-4d5e-4f60-8172-93a4b5c6d7e8"


def test_export_of_igm_reimports_to_the_same_ids(project, tmp_path, schema):
    service.use(project, "igm")
    out = tmp_path / "igm.qdc"
    result = exchange.export_qdc(project, out)
    _valid(schema, out.read_bytes())
    assert result["codes"] == 11 and result["not_carried"]
    result = exchange.import_qdc(project, out)
    assert result["added"] == [] and len(result["matched"]) == 11
    kept = project.store.code("willen.houding")  # not in .qdc, kept from the project
    assert (kept.hotkey, kept.name_en) == ("1", "Attitude")


def test_merge_import_adds_only_new_codes_and_dry_run_writes_nothing(project):
    service.use(project, "igm")
    before = (project.root / "codebooks" / "igm.yaml").read_text()
    dry = exchange.import_qdc(project, DATA / "nvivo.qdc", merge_into_active=True,
                             dry_run=True)
    assert dry["added"] == ["zelfvertrouwen", "netwerk"]
    assert len(project.store.codes()) == 11
    assert (project.root / "codebooks" / "igm.yaml").read_text() == before
    exchange.import_qdc(project, DATA / "nvivo.qdc", merge_into_active=True)
    codes = {c.id: c for c in project.store.codes()}
    assert len(codes) == 13 and codes["netwerk"].colour != qdc.DEFAULT_COLOUR
    assert "netwerk" in {c.id for c in load_yaml(project.root / "codebooks" / "igm.yaml").codes}


def test_absurdly_deep_codebook_is_refused_in_one_line(tmp_path):
    from casebook.codebook.qdc import MAX_DEPTH, parse_bytes
    from casebook.errors import CasebookError

    depth = MAX_DEPTH * 30
    xml = ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
           + '<Code name="c" guid="00000000-0000-0000-0000-000000000000">' * depth
           + "</Code>" * depth + "</Codes></CodeBook>").encode()
    with pytest.raises(CasebookError) as err:
        parse_bytes(xml, "deep.qdc")
    assert "deep.qdc" in str(err.value) and "nested" in str(err.value)
