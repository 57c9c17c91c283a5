"""REFI-QDA .qdpx: export valid against Project-mrt2019.xsd, round trip through a fresh
project, variants other tools write, and hostile archives refused."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from casebook.cli import cli
from casebook.errors import CasebookError
from casebook.model import Memo
from casebook.refi import archive
from casebook.refi.export import export
from casebook.refi.importer import import_qdpx

USER = "0f4c2e1a-1111-4a6b-9c1d-2e3f4a5b6c7d"
CODE_A = "aaaaaaaa-0000-4000-8000-000000000001"
CODE_B = "aaaaaaaa-0000-4000-8000-000000000002"


def spans(project):
    store = project.store
    return sorted((store.document(c.document_id).sha256, c.start, c.end, c.code_id,
                   c.coder_name, c.memo) for c in store.codings())


def add_memos(project):
    store = project.store
    coding = store.codings()[0]
    coder = store.coders()[0].id
    with store.transaction():
        store.add_memo(Memo("project", "", "Projectmemo: leertafels 2026", coder_id=coder))
        store.add_memo(Memo("document", str(coding.document_id), "Over dit gesprek"))
        store.add_memo(Memo("code", "willen", "Motivatie: let op houding"))
        store.add_memo(Memo("coding", str(coding.id), "Twijfel: ook kunnen?"))
    return coding


def test_export_is_valid_against_the_project_schema(demo_project, tmp_path, schema):
    add_memos(demo_project)
    store = demo_project.store
    store.set_document_meta(store.documents()[0].id, attributes={"gemeente": "Utrecht"})
    report = export(demo_project, tmp_path / "p.qdpx", raw=True)
    with zipfile.ZipFile(tmp_path / "p.qdpx") as zf:
        qde = etree.fromstring(zf.read("project.qde"))
        schema.assertValid(qde)
        ns = {"q": "urn:QDA-XML:project:1.0"}
        sources = qde.findall(".//q:TextSource", ns)
        assert len(sources) == len(store.documents()) == report.documents
        for source in sources:  # every text is there, UTF-8, as stored
            member = "sources/" + source.get("plainTextPath").removeprefix("internal://")
            text = zf.read(member).decode("utf-8")
            doc = store.document(source.get("name"))
            assert text == doc.text
            for sel in source.findall("q:PlainTextSelection", ns):
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                assert sel.get("name") == text[start:end][:60]
        selections = qde.findall(".//q:PlainTextSelection", ns)
        assert len(selections) == len(store.codings()) == report.codings
        assert len(qde.findall(".//q:Notes/q:Note", ns)) == len(store.memos())  # coding's too
        assert len(qde.findall("q:NoteRef", ns)) == 1  # the project memo
        assert qde.find(".//q:Variable[@name='gemeente']", ns) is not None


def test_a_second_export_is_byte_identical(demo_project, tmp_path):
    export(demo_project, tmp_path / "a.qdpx", raw=True)
    export(demo_project, tmp_path / "b.qdpx", raw=True)
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()


def test_round_trip_into_a_fresh_project(demo_project, fresh, tmp_path):
    coding = add_memos(demo_project)
    demo_project.store.set_coding_memo(coding.id, "eigen memo")
    export(demo_project, tmp_path / "p.qdpx", raw=True)
    report = import_qdpx(fresh, tmp_path / "p.qdpx")
    assert report.applied and not report.dropped
    old, new = demo_project.store, fresh.store
    assert {d.sha256 for d in new.documents()} == {d.sha256 for d in old.documents()}
    assert [c.id for c in new.codes()] == [c.id for c in old.codes()]
    assert [c.name for c in new.codes()] == [c.name for c in old.codes()]
    assert spans(fresh) == spans(demo_project)
    assert {(c.id, c.name) for c in new.coders()} >= {(c.id, c.name) for c in old.coders()}
    for doc in old.documents():  # turns and speakers from casebook/<GUID>.json
        mine = new.document_by_sha(doc.sha256).id
        assert new.turns(mine) == old.turns(doc.id)
        assert new.speakers(mine) == old.speakers(doc.id)
    memos = {(m.target_kind, m.text) for m in new.memos()}
    assert memos == {(m.target_kind, m.text) for m in old.memos()}
    assert (fresh.root / fresh.settings.codebook).is_file()  # YAML follows the database
    again = import_qdpx(fresh, tmp_path / "p.qdpx")  # nothing twice
    assert again.codings_added == 0 and again.codings_present == len(old.codings())
    assert again.memos_added == 0 and len(again.documents_matched) == len(old.documents())


def test_dry_run_writes_nothing(demo_project, fresh, tmp_path):
    export(demo_project, tmp_path / "p.qdpx", raw=True)
    before = sorted(p.name for p in fresh.root.rglob("*"))
    report = import_qdpx(fresh, tmp_path / "p.qdpx", dry_run=True)
    assert report.codings_added == len(demo_project.store.codings()) and not report.applied
    assert fresh.store.documents() == [] and fresh.store.codings() == []
    assert fresh.store.codes() == [] and fresh.store.coders() == []
    assert sorted(p.name for p in fresh.root.rglob("*") if "casebook.db" not in p.name) == \
        sorted(p for p in before if "casebook.db" not in p)


@pytest.mark.parametrize("lines", [
    ["Leertafel 3 - april 2024", "Transcriptie: Amberscript, gecorrigeerd", "",
     "Marieke de Vries: Welkom.", "Hans Kok: Ja. Dank je.", "Let op: dit is ook Hans.",
     "Marieke de Vries: Goed."],
    ["I: Hoe gaat het?", "R: Goed.", "Tweede regel van R.", "I: Fijn."],
])
def test_turns_come_back_from_casebooks_own_layout(lines):
    from casebook.ingest.build import build
    from casebook.ingest.text import read_lines
    from casebook.refi.importer import _turns

    built = build(*read_lines(lines))
    turns, speakers = _turns(built.text)
    assert [(t.start, t.end, t.speaker) for t in turns] == \
        [(t.start, t.end, t.speaker) for t in built.turns]
    assert {s.label for s in speakers} == {t.speaker for t in built.turns if t.speaker}


def test_text_of_another_layout_is_one_turn_per_paragraph():
    from casebook.refi.importer import _turns

    text = "Eerste alinea.\nNog een regel.\n\n\nTweede:  alinea met  spaties."
    turns, speakers = _turns(text)
    assert [text[t.start:t.end] for t in turns] == \
        ["Eerste alinea.\nNog een regel.", "Tweede:  alinea met  spaties."]
    assert speakers == [] and all(t.speaker is None for t in turns)


# -- variants written by other tools ------------------------------------------------------
def qde(sources: str, extra: str = "", origin: str = "Other QDA 1.0", codes: str = "") -> str:
    codes = codes or (f'<Code guid="{CODE_A}" name="Hoop" isCodable="true" color="#ff0000">'
                      f'<NoteRef targetGUID="{{11111111-2222-4333-8444-555555555555}}"/>'
                      f'<Code guid="{CODE_B}" name="Twijfel" isCodable="true"/></Code>')
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" '
            f'name="Ander" origin="{origin}"><Users><User guid="{{{USER.upper()}}}" name="Lotte"/>'
            f'</Users><CodeBook><Codes>{codes}</Codes></CodeBook><Sources>{sources}</Sources>'
            f'{extra}</Project>')


def selection(guid_n: int, start: int, end: int, code: str = CODE_A, body: str = "") -> str:
    return (f'<PlainTextSelection guid="bbbbbbbb-0000-4000-8000-{guid_n:012d}" '
            f'startPosition="{start}" endPosition="{end}" creatingUser="{USER}">{body}'
            f'<Coding guid="cccccccc-0000-4000-8000-{guid_n:012d}" creatingUser="{USER}">'
            f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>')


def make_qdpx(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def coded(project) -> list[tuple[str, str, str]]:
    store = project.store
    return [(c.code_id, c.coder_name, store.document(c.document_id).text[c.start:c.end])
            for c in store.codings()]


def test_uppercase_sources_bom_crlf_and_notes(fresh, tmp_path):
    raw = "Interviewer: Hoe gaat het?\r\nLotte: Ik heb hoop. Maar ook twijfel.\r\n"
    start = raw.index("Ik heb hoop")
    second = raw.index("Maar ook")
    sources = ('<TextSource guid="dddddddd-0000-4000-8000-000000000001" name="gesprek" '
               'plainTextPath="internal://dddddddd-0000-4000-8000-000000000001.txt">'
               + selection(1, start, start + len("Ik heb hoop."),
                           body="<Description>mooi citaat</Description>")
               + selection(2, second, len(raw) - 2, CODE_B)
               + selection(3, 500, 510)
               + "</TextSource>"
               + '<PDFSource guid="eeeeeeee-0000-4000-8000-000000000001" name="flyer.pdf"/>')
    extra = ('<Notes><Note guid="11111111-2222-4333-8444-555555555555" name="n">'
             '<PlainTextContent>Hoop is willen</PlainTextContent></Note></Notes>'
             '<Sets><Set guid="ffffffff-0000-4000-8000-000000000001" name="groep"/></Sets>')
    path = make_qdpx(tmp_path / "other.qdpx", {
        "Project.QDE": qde(sources, extra),
        "Sources/dddddddd-0000-4000-8000-000000000001.txt": b"\xef\xbb\xbf" + raw.encode()})
    report = import_qdpx(fresh, path)
    assert [t for _c, _u, t in coded(fresh)] == ["Ik heb hoop.", "Maar ook twijfel."]
    assert {u for _c, u, _t in coded(fresh)} == {"Lotte"}
    assert fresh.store.find_coder("Lotte").id == USER  # the user's GUID is the coder id
    assert fresh.store.codings()[0].memo == "mooi citaat"
    doc = fresh.store.documents()[0]
    assert "\r" not in fresh.store.document(doc.id).text and doc.name == "gesprek"
    codes = {c.name: c for c in fresh.store.codes()}
    assert codes["Twijfel"].parent == codes["Hoop"].id
    assert [(m.target_kind, m.target_id, m.text) for m in fresh.store.memos()] == \
        [("coding", "1", "mooi citaat"), ("code", codes["Hoop"].id, "Hoop is willen")]
    dropped = " | ".join(report.dropped)
    assert "1 PDF sources (flyer.pdf)" in dropped and "1 sets (groep)" in dropped
    assert "1 selections out of range" in dropped


def emoji_project(tmp_path, origin="Other QDA 1.0"):
    raw = "Lotte: Ik ben blij 😅 en ik wil werken"
    start = raw.index("ik wil werken") + 1  # UTF-16 units: one extra for the emoji
    sources = ('<TextSource guid="dddddddd-0000-4000-8000-000000000002" name="emoji" '
               'plainTextPath="internal://dddddddd-0000-4000-8000-000000000002.txt">'
               + selection(1, start, start + len("ik wil werken")) + "</TextSource>")
    return make_qdpx(tmp_path / "nvivo.qdpx", {
        "nvivo.qde": qde(sources, origin=origin),
        "sources/dddddddd-0000-4000-8000-000000000002.txt": raw})


def test_utf16_offsets_are_recognised(fresh, tmp_path):
    report = import_qdpx(fresh, emoji_project(tmp_path))
    assert report.offsets == "utf16"
    assert [t for _c, _u, t in coded(fresh)] == ["ik wil werken"]


def test_offsets_as_code_points_when_asked(fresh, tmp_path):
    report = import_qdpx(fresh, emoji_project(tmp_path), units="codepoints")
    assert report.offsets == "codepoints"
    assert coded(fresh) == [] and "1 selections out of range" in report.dropped[0]


def test_a_code_id_that_means_something_else_here_is_not_joined(project, tmp_path):
    from casebook.codebook import service

    service.use(project, "igm")
    codes = (f'<Code guid="{CODE_A}" name="Willen anders" isCodable="true"/>'
             f'<Code guid="{CODE_B}" name="Kunnen" isCodable="true"/>')
    raw = "Lotte: Ik wil werken"
    sources = ('<TextSource guid="dddddddd-0000-4000-8000-000000000003" name="t">'
               f'<PlainTextContent>{raw}</PlainTextContent>' + selection(1, 7, 20) +
               selection(2, 7, 10, CODE_B) + "</TextSource>")
    path = make_qdpx(tmp_path / "c.qdpx", {"x.qde": qde(sources, codes=codes)})
    report = import_qdpx(project, path)
    store = project.store
    assert report.codes_added == ["willen-anders"] and report.codes_matched == ["kunnen"]
    assert store.code("willen").name == "Willen" and store.code("willen-anders")
    assert sorted(c.code_id for c in store.codings()) == ["kunnen", "willen-anders"]


# -- hostile archives ---------------------------------------------------------------------
def run_import(project, path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-p", str(project.root), "qdpx", "import", str(path)])
    return result.exit_code, result.output


@pytest.mark.parametrize("member", ["../evil.txt", "/etc/passwd", "sources/../../x.txt",
                                    "C:\\windows\\x.txt"])
def test_zip_slip_is_refused(fresh, tmp_path, member):
    path = make_qdpx(tmp_path / "slip.qdpx", {"project.qde": qde(""), member: "x"})
    code, output = run_import(fresh, path)
    assert code == 2 and "zip-slip" in output and member.replace("\\", "\\") in output
    assert fresh.store.documents() == []


def test_zip_bomb_is_refused(fresh, tmp_path, monkeypatch):
    path = make_qdpx(tmp_path / "bomb.qdpx", {"project.qde": qde(""),
                                              "sources/a.txt": b"\0" * (2 * 2**20)})
    code, output = run_import(fresh, path)
    assert code == 2 and "zip bomb" in output and "sources/a.txt" in output
    monkeypatch.setattr(archive, "MAX_TOTAL", 10_000)  # and the cap on the total size
    small = make_qdpx(tmp_path / "big.qdpx", {"project.qde": qde(""), "a.txt": "x" * 20_000})
    with pytest.raises(CasebookError, match="more than"):
        archive.open_archive(small)


def test_xxe_is_refused(fresh, tmp_path):
    evil = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>')
    code, output = run_import(fresh, make_qdpx(tmp_path / "xxe.qdpx", {"p.qde": evil}))
    assert code == 2 and "p.qde" in output and "entities" in output


def test_not_a_qdpx(fresh, tmp_path):
    (tmp_path / "x.qdpx").write_text("hallo")
    assert run_import(fresh, tmp_path / "x.qdpx")[0] == 2
    code, output = run_import(fresh, make_qdpx(tmp_path / "y.qdpx", {"a.txt": "x"}))
    assert code == 2 and "*.qde" in output


def test_cli_export_and_import_json(demo_project, fresh, tmp_path):
    runner = CliRunner()
    out = tmp_path / "p.qdpx"
    result = runner.invoke(cli, ["-p", str(demo_project.root), "qdpx", "export", "-o",
                                 str(out), "--json", "--raw"])
    assert result.exit_code == 0 and json.loads(result.stdout)["codings"] == \
        len(demo_project.store.codings())
    result = runner.invoke(cli, ["-p", str(fresh.root), "qdpx", "import", str(out),
                                 "--dry-run", "--json"])
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["dry_run"] and not data["applied"]
    assert len(data["documents_added"]) == len(demo_project.store.documents())


def test_selection_without_user_is_the_importing_coder(fresh, tmp_path):
    sources = ('<TextSource guid="dddddddd-0000-4000-8000-000000000004" name="t">'
               '<PlainTextContent>Ik wil werken</PlainTextContent>'
               '<PlainTextSelection guid="bbbbbbbb-0000-4000-8000-000000000009" '
               'startPosition="3" endPosition="6"><Coding guid="cccccccc-0000-4000-8000-'
               f'000000000009"><CodeRef targetGUID="{CODE_A}"/></Coding></PlainTextSelection>'
               '</TextSource>')
    import_qdpx(fresh, make_qdpx(tmp_path / "u.qdpx", {"p.qde": qde(sources)}))
    assert coded(fresh) == [("hoop", "tester", "wil")]
    assert {c.name for c in fresh.store.coders()} == {"Lotte", "tester"}


def test_without_casebook_members_speaker_turns_come_from_the_layout(demo_project, fresh,
                                                                      tmp_path):
    export(demo_project, tmp_path / "p.qdpx", raw=True)
    with zipfile.ZipFile(tmp_path / "p.qdpx") as zf:  # as another tool would pass it on
        members = {n: zf.read(n) for n in zf.namelist() if not n.startswith("casebook/")}
    import_qdpx(fresh, make_qdpx(tmp_path / "other.qdpx", members))
    old, new = demo_project.store, fresh.store
    for doc in old.documents():
        mine = new.document_by_sha(doc.sha256).id
        assert [(t.start, t.end, t.speaker) for t in new.turns(mine)] == \
            [(t.start, t.end, t.speaker) for t in old.turns(doc.id)], doc.name


def test_the_same_selection_twice_is_one_coding(fresh, tmp_path):
    sources = ('<TextSource guid="dddddddd-0000-4000-8000-000000000005" name="t">'
               '<PlainTextContent>Ik wil werken</PlainTextContent>'
               + selection(1, 3, 6) + selection(2, 3, 6) + "</TextSource>")
    report = import_qdpx(fresh, make_qdpx(tmp_path / "d.qdpx", {"p.qde": qde(sources)}))
    assert (report.codings_added, report.codings_present) == (1, 1)
    assert coded(fresh) == [("hoop", "Lotte", "wil")]
