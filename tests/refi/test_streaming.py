"""The .qdpx at scale: the .qde read as a stream (each source dropped once read, as safe as
defusedxml), written as text that is what ElementTree writes, and many codings through the
intake's bulk path with every coding, id mapping and memo kept."""

from __future__ import annotations

import io
import uuid
import weakref
import xml.etree.ElementTree as ET
import zipfile

import pytest
from click.testing import CliRunner

from casebook.cli import cli
from casebook.codebook import qdc
from casebook.errors import CasebookError
from casebook.ingest import import_files
from casebook.model import Coding, Memo
from casebook.refi import reader as reader_module
from casebook.refi.common import GUID_NAMESPACE, NS, guid
from casebook.refi.export import export
from casebook.refi.importer import import_qdpx
from casebook.refi.reader import QdpxReader, parse_events
from tests.refi.damage import damage
from tests.refi.test_qdpx import CODE_A, CODE_B, USER, make_qdpx, qde

SOURCES, PER_SOURCE = 12, 40


def sentence(n: int, k: int) -> str:
    return f"Zin {n}.{k} gaat over werk."


def source_text(n: int) -> str:
    return " ".join(sentence(n, k) for k in range(PER_SOURCE))


def big_source(n: int) -> str:
    """A source with PER_SOURCE selections, one per sentence: every fifth with a
    Description, every seventh referring to a Note."""
    text, parts, at = source_text(n), [], 0
    for k in range(PER_SOURCE):
        start = text.index(sentence(n, k), at)
        end = at = start + len(sentence(n, k))
        body = f"<Description>memo {n}.{k}</Description>" if k % 5 == 0 else ""
        ref = f'<NoteRef targetGUID="eeeeeeee-0000-4000-8000-{n:06d}{k:06d}"/>' \
            if k % 7 == 0 else ""
        parts.append(
            f'<PlainTextSelection guid="bbbbbbbb-0000-4000-8000-{n:06d}{k:06d}" '
            f'startPosition="{start}" endPosition="{end}" creatingUser="{USER}">{body}'
            f'<Coding guid="cccccccc-0000-4000-8000-{n:06d}{k:06d}" creatingUser="{USER}">'
            f'<CodeRef targetGUID="{CODE_A if k % 2 else CODE_B}"/></Coding>{ref}'
            f"</PlainTextSelection>")
    return (f'<TextSource guid="dddddddd-0000-4000-8000-{n:012d}" name="gesprek {n}" '
            f'plainTextPath="internal://s{n}.txt">{"".join(parts)}</TextSource>')


def big_qdpx(path):
    notes = "".join(f'<Note guid="eeeeeeee-0000-4000-8000-{n:06d}{k:06d}" name="n">'
                    f"<PlainTextContent>noot {n}.{k}</PlainTextContent></Note>"
                    for n in range(SOURCES) for k in range(0, PER_SOURCE, 7))
    members = {"project.qde": qde("".join(big_source(n) for n in range(SOURCES)),
                                  extra=f"<Notes>{notes}</Notes>")}
    members.update({f"sources/s{n}.txt": source_text(n) for n in range(SOURCES)})
    return make_qdpx(path, members)


def test_a_project_larger_than_any_source_streams_in_whole(fresh, tmp_path, monkeypatch):
    monkeypatch.setattr(reader_module, "_CHUNK", 97)  # elements cut across many reads
    path = big_qdpx(tmp_path / "big.qdpx")
    with zipfile.ZipFile(path) as zf:
        sizes = {i.filename: i.file_size for i in zf.infolist()}
    assert sizes["project.qde"] > 5 * max(v for k, v in sizes.items() if k != "project.qde")
    report = import_qdpx(fresh, path)
    store = fresh.store
    assert report.codings_added == SOURCES * PER_SOURCE == len(store.codings())
    assert not report.dropped
    for coding in store.codings():  # each on its own sentence, with its own memos
        text = store.document(coding.document_id).text[coding.start:coding.end]
        n, k = (int(x) for x in text.split()[1].split("."))
        assert text == sentence(n, k)
        assert coding.code_id == ("hoop" if k % 2 else "hoop.twijfel")
        assert coding.memo == (f"memo {n}.{k}" if k % 5 == 0 else None)
        expected = ({f"memo {n}.{k}"} if k % 5 == 0 else set()) | \
            ({f"noot {n}.{k}"} if k % 7 == 0 else set())
        assert {m.text for m in store.memos("coding", str(coding.id))} == expected
    assert report.memos_added == SOURCES * len(range(0, PER_SOURCE, 7))


def test_each_source_is_dropped_from_the_tree_once_read(tmp_path, monkeypatch):
    seen: list[weakref.ref] = []
    alive: list[bool] = []
    media = QdpxReader._media

    def spy(self, element):
        alive.extend(ref() is not None for ref in seen)
        seen.append(weakref.ref(element))
        media(self, element)

    monkeypatch.setattr(QdpxReader, "_media", spy)
    reader = QdpxReader(big_qdpx(tmp_path / "big.qdpx"))
    reader.read()
    reader.close()
    assert len(seen) == SOURCES and alive and not any(alive)
    assert len(reader.sources) == SOURCES


HOSTILE = {
    "internal entity": '<!DOCTYPE p [<!ENTITY x "boem">]><Project name="&x;"/>',
    "entity declared, not used": '<!DOCTYPE p [<!ENTITY x "boem">]><Project name="x"/>',
    "external entity": '<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                       '<Project name="&x;"/>',
    "parameter entity": '<!DOCTYPE p [<!ENTITY % y "z">]><Project name="x"/>',
    "unparsed entity": '<!DOCTYPE p [<!NOTATION n SYSTEM "n"><!ENTITY u SYSTEM "u" NDATA n>]>'
                       '<Project name="x"/>',
    "declared after a long comment": "<!--" + "x" * 100_000 + '--><!DOCTYPE p '
                                     '[<!ENTITY x "boem">]><Project name="&x;"/>',
    "undeclared entity": '<Project name="&x;"/>',
    "external DTD, no entities": '<!DOCTYPE Project SYSTEM "http://localhost:1/p.dtd">'
                                 '<Project name="x"/>',
    "empty internal subset": "<!DOCTYPE Project [ ]><Project name='x'/>",
    "not well-formed": "<Project><a></Project>",
    "fine, with a byte-order mark": '\ufeff<Project name="x &amp; y&#65;"/>',
}


@pytest.mark.parametrize("name", HOSTILE)
def test_the_stream_refuses_what_defusedxml_refuses(name, monkeypatch):
    """Oracle: the parse before streaming (defusedxml's fromstring, via qdc.parse_bytes)."""
    monkeypatch.setattr(reader_module, "_CHUNK", 4096)
    doc = HOSTILE[name]
    bom = "\ufeff" if doc.startswith("\ufeff") else ""
    data = (bom + '<?xml version="1.0" encoding="utf-8"?>' + doc[len(bom):]).encode("utf-8")

    def outcome(parse):
        try:
            parse()
        except CasebookError as err:
            return err.message
        return "read"

    before = outcome(lambda: qdc.parse_bytes(data, "p.qde", kind=".qdpx"))
    now = outcome(lambda: list(parse_events(io.BytesIO(data), "p.qde")))
    assert now == before
    assert (now == "read") == (name.startswith(("fine", "external DTD", "empty")))


def test_a_damaged_project_file_is_one_line(fresh, tmp_path):
    good = big_qdpx(tmp_path / "good.qdpx")
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(damage(good.read_bytes(), "project.qde", "crc"))
    result = CliRunner().invoke(cli, ["-p", str(fresh.root), "qdpx", "import", str(bad)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith(f"casebook: {bad}:project.qde: damaged member")
    assert result.output.count("\n") == 1 and fresh.store.documents() == []


def test_variables_after_the_sources_still_name_the_values(fresh, tmp_path):
    var = "99999999-0000-4000-8000-000000000001"
    source = ('<TextSource guid="dddddddd-0000-4000-8000-000000000001" name="t">'
              "<PlainTextContent>Lotte: Ik heb hoop.</PlainTextContent>"
              f'<VariableValue><VariableRef targetGUID="{var}"/><TextValue>Utrecht</TextValue>'
              "</VariableValue></TextSource>")
    path = make_qdpx(tmp_path / "v.qdpx", {"p.qde": qde(source, extra=(
        f'<Variables><Variable guid="{var}" name="gemeente" typeOfVariable="Text"/>'
        "</Variables>"))})
    import_qdpx(fresh, path)
    assert fresh.store.document("t").attributes == {"gemeente": "Utrecht"}


def test_codes_without_hotkeys_are_no_news(fresh, tmp_path):
    report = import_qdpx(fresh, big_qdpx(tmp_path / "big.qdpx"))
    assert not [note for note in report.notes if "hotkey" in note]


def test_guids_are_uuid5():
    for parts in [("source", "ab" * 32), ("selection", "x", "willen", "c0", 3, 17),
                  ("case", "é😀", None)]:
        expected = uuid.uuid5(GUID_NAMESPACE, "\x1f".join(str(p) for p in parts))
        assert guid(*parts) == str(expected)


@pytest.fixture
def many(project, tmp_path):
    """Three interviews, 600 codings of two coders, memos on codings (their own and
    others'), documents, codes and the project, some with characters XML escapes."""
    from casebook.codebook.service import use

    use(project, "igm")
    files = []
    for n in range(3):
        files.append(tmp_path / f"gesprek-{n}.txt")
        files[-1].write_text("\n".join(f"{'IR'[k % 2]}: Ik wil werken & ik kan het <echt>, "
                                       f"zegt \"{n}.{k}\"." for k in range(100)) + "\n")
    import_files(project, files)
    store = project.store
    coders = [store.coder("anna").id, store.coder('bram "b"').id]
    codes = [c.id for c in store.codes()]
    planned = [Coding(doc.id, s.start, s.end, codes[(i + k) % len(codes)], coders[k % 2],
                      memo=f"eigen\t{doc.id}.{i}.{k} <&>" if i % 9 == 0 else None)
               for doc in store.documents()
               for i, s in enumerate(store.sentences(doc.id)) for k in range(2)
               if i < 100]
    with store.transaction():
        ids = store.add_codings(planned)
        for n, coding_id in enumerate(ids[::25]):
            store.add_memo(Memo("coding", str(coding_id), f"ander\n{n}", coder_id=coders[0]))
        store.add_memo(Memo("document", str(planned[0].document_id), 'over "dit"'))
        store.add_memo(Memo("code", codes[0], "code & memo"))
        store.add_memo(Memo("project", "", "project <memo>"))
    return project


def shape(project):
    """Every coding as (text, span, code name, coder name) with the memos on it."""
    store = project.store
    names = {c.id: c.name for c in store.codes(include_retired=True)}
    memos: dict[str, set[str]] = {}
    for memo in store.memos():
        memos.setdefault(memo.target_id if memo.target_kind == "coding" else
                         memo.target_kind, set()).add(memo.text)
    codings = sorted((store.document(c.document_id).sha256, c.start, c.end, names[c.code_id],
                      c.coder_name, c.memo, frozenset(memos.get(str(c.id), ())))
                     for c in store.codings())
    return codings, {k: v for k, v in memos.items() if not k.isdigit()}


def test_many_codings_make_the_round_trip(many, fresh, tmp_path):
    assert len(many.store.codings()) == 600
    export(many, tmp_path / "m.qdpx", raw=True)
    report = import_qdpx(fresh, tmp_path / "m.qdpx")
    assert report.codings_added == 600 and not report.dropped
    assert shape(fresh) == shape(many)
    again = import_qdpx(many, tmp_path / "m.qdpx")  # into the project it came from
    assert (again.codings_added, again.codings_present, again.memos_added) == (0, 600, 0)
    assert shape(many)[0] == shape(fresh)[0]


def test_the_export_is_what_elementtree_writes(many, tmp_path):
    """The text-piece writer, checked against ElementTree serialising what it parses."""
    export(many, tmp_path / "m.qdpx", raw=True)
    with zipfile.ZipFile(tmp_path / "m.qdpx") as zf:
        written = zf.read("project.qde").decode("utf-8")
    root = ET.fromstring(written)
    ET.register_namespace("", NS)
    ET.indent(root)
    again = ET.tostring(root, encoding="unicode")
    assert written == '<?xml version="1.0" encoding="utf-8"?>\n' + again + "\n"
    assert 'name="bram &quot;b&quot;"' in written and "&lt;echt&gt;" in written
    assert "ander\n" in written and "code &amp; memo" in written


def test_a_coding_beyond_the_text_here_refuses_the_file_in_one_line(fresh, tmp_path):
    text = "Lotte: Ik heb hoop. Maar ook twijfel."

    def with_selection(name, body, start, end):
        source = (f'<TextSource guid="dddddddd-0000-4000-8000-000000000001" name="t">'
                  f"<PlainTextContent>{body}</PlainTextContent>"
                  f'<PlainTextSelection guid="bbbbbbbb-0000-4000-8000-000000000001" '
                  f'startPosition="{start}" endPosition="{end}" creatingUser="{USER}">'
                  f'<Coding guid="cccccccc-0000-4000-8000-000000000001" creatingUser="{USER}">'
                  f'<CodeRef targetGUID="{CODE_A}"/></Coding></PlainTextSelection>'
                  "</TextSource>")
        return make_qdpx(tmp_path / name, {"p.qde": qde(source)})

    import_qdpx(fresh, with_selection("a.qdpx", text, 7, 18))
    before = (len(fresh.store.codings()), len(fresh.store.memos()))
    longer = with_selection("b.qdpx", text + "\n\n\n", len(text) - 8, len(text) + 2)
    result = CliRunner().invoke(cli, ["-p", str(fresh.root), "qdpx", "import", str(longer)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output == (f"casebook: {longer}:p.qde: coding 0: span {len(text) - 8}-"
                             f"{len(text) + 2} is outside the document (0-{len(text)})\n")
    assert (len(fresh.store.codings()), len(fresh.store.memos())) == before
