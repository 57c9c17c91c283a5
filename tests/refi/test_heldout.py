"""What the held-out checks found in .qdpx import: names from paths, isCodable round trip,
damaged members, the XXE message, trailing white space, files after COMMIT."""

from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner
from lxml import etree

from casebook.cli import cli
from casebook.codebook import service
from casebook.errors import CasebookError
from casebook.refi import importer
from casebook.refi.export import export
from casebook.refi.importer import import_qdpx
from tests.refi.damage import damage
from tests.refi.test_qdpx import CODE_A, CODE_B, make_qdpx, qde, selection

NS = {"q": "urn:QDA-XML:project:1.0"}
TEXT = "Lotte: Ik heb hoop. Maar ook twijfel."


def text_source(n: int, text: str = TEXT, name: str | None = None, path: str = "") -> str:
    named = f' name="{name}"' if name is not None else ""
    at = f' plainTextPath="{path}"' if path else ""
    content = "" if path else f"<PlainTextContent>{text}</PlainTextContent>"
    return (f'<TextSource guid="dddddddd-0000-4000-8000-{n:012d}"{named}{at}>{content}'
            + selection(n, 7, 18) + "</TextSource>")


def test_a_source_without_name_is_named_after_its_file(fresh, tmp_path):
    sources = (text_source(1, path="internal://board_2017.txt")
               + text_source(2, path="relative://notulen/raad 2018.txt")
               + text_source(3, "Lotte: Nog een tekst."))
    path = make_qdpx(tmp_path / "n.qdpx", {
        "p.qde": qde(sources), "sources/board_2017.txt": TEXT + " Eén.",
        "sources/raad 2018.txt": TEXT + " Twee."})
    report = import_qdpx(fresh, path)
    assert report.documents_added == ["board_2017", "raad 2018", "source"]


def test_is_codable_false_survives_a_round_trip(fresh, tmp_path, schema):
    codes = (f'<Code guid="{CODE_A}" name="Thema\'s" isCodable="false">'
             f'<Code guid="{CODE_B}" name="Hoop" isCodable="true"/></Code>')
    path = make_qdpx(tmp_path / "c.qdpx", {"p.qde": qde(text_source(1), codes=codes)})
    report = import_qdpx(fresh, path)
    assert not any("not codable" in line for line in report.dropped)
    assert {c.id: c.codable for c in fresh.store.codes()} == {"themas": False,
                                                              "themas.hoop": True}
    assert "codable: false" in service.yaml_path(fresh).read_text(encoding="utf-8")
    export(fresh, tmp_path / "out.qdpx", raw=True)
    with zipfile.ZipFile(tmp_path / "out.qdpx") as zf:
        root = etree.fromstring(zf.read("project.qde"))
    schema.assertValid(root)
    flags = {c.get("name"): c.get("isCodable") for c in root.iterfind(".//q:Code", NS)}
    assert flags == {"Thema's": "false", "Hoop": "true"}


@pytest.mark.parametrize("how", ["crc", "size"])
def test_a_member_that_lies_about_its_size_is_one_line(fresh, tmp_path, how):
    good = make_qdpx(tmp_path / "good.qdpx", {
        "p.qde": qde(text_source(1, path="internal://a.txt")), "sources/a.txt": TEXT * 20})
    bad = tmp_path / f"{how}.qdpx"
    bad.write_bytes(damage(good.read_bytes(), "sources/a.txt", how))
    result = CliRunner().invoke(cli, ["-p", str(fresh.root), "qdpx", "import", str(bad)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith(f"casebook: {bad}:sources/a.txt: damaged member")
    assert result.output.count("\n") == 1 and fresh.store.documents() == []


def test_the_entity_refusal_speaks_of_the_qdpx(fresh, tmp_path):
    evil = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x "boem">]>'
            '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>')
    path = make_qdpx(tmp_path / "xxe.qdpx", {"p.qde": evil})
    with pytest.raises(CasebookError) as err:
        import_qdpx(fresh, path)
    message = str(err.value)
    assert message.startswith(f"{path}:p.qde: refused") and "a .qdpx never needs" in message
    assert ".qdc" not in message


def test_mac_and_windows_exports_of_one_project_are_one_document(fresh, tmp_path):
    for name, text in (("mac", TEXT), ("windows", TEXT + "\r\n")):
        members = {"p.qde": qde(text_source(1, path="internal://t.txt", name="t")),
                   "sources/t.txt": text}
        report = import_qdpx(fresh, make_qdpx(tmp_path / f"{name}.qdpx", members))
    assert report.documents_matched == ["t"] and report.documents_added == []
    assert len(fresh.store.documents()) == 1 and report.codings_present == 1


def test_the_codebook_yaml_is_written_after_commit(fresh, tmp_path, monkeypatch):
    seen = []
    save = importer.service.save

    def watching(project, *args, **kwargs):
        seen.append(project.store.in_transaction)
        return save(project, *args, **kwargs)

    monkeypatch.setattr(importer.service, "save", watching)
    import_qdpx(fresh, make_qdpx(tmp_path / "a.qdpx", {"p.qde": qde(text_source(1))}))
    assert seen == [False] and (fresh.root / fresh.settings.codebook).is_file()
    import_qdpx(fresh, make_qdpx(tmp_path / "b.qdpx", {"p.qde": qde(text_source(1))}),
                dry_run=True)
    assert seen == [False]  # nothing new, and a dry run writes no file
