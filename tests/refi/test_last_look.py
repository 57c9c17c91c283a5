""".qdpx export through the privacy gate: project.qde is looked at as it is streamed, and
refused in the one line the check of the whole text gives; what the look passes is written
as the whole text would be."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from casebook.errors import CasebookError
from casebook.ingest import import_files
from casebook.model import Code, Codebook, Coding, PrivacyFinding
from casebook.privacy import look
from casebook.privacy.guard import Gate
from casebook.project import Project
from casebook.refi import export as export_module
from casebook.refi.export import _Export, export

TEXT = ("I: Hoe noemt uw dochter zich online?\n"
        "R: Samira zegt dat ze daar xSamira heet, met een x ervoor.\n"
        "I: En de klantmanager?\nR: Die belde nog een keer terug.\n")


@pytest.fixture
def project(tmp_path: Path):
    """A reviewed interview whose client "Samira" is accepted as "R1" (her online name
    "xSamira" names no one as a whole and stays)."""
    source = tmp_path / "online.txt"
    source.write_text(TEXT, encoding="utf-8")
    p = Project.init(tmp_path / "p", name="Look")
    store = p.store
    store.set_codebook(Codebook("Look", [Code("c1", "Houding")]))
    import_files(p, [source])
    doc = store.document(store.documents()[0].id)
    assert doc.id is not None
    at = doc.text.index("Samira")
    with store.transaction():
        store.add_privacy_finding(PrivacyFinding(None, doc.id, at, at + 6, "persoon", "Samira",
                                                 "Samira", "R1", decision="accepted"))
        store.set_privacy_scanned(doc.id, doc.sha256, "test")
        store.set_privacy_reviewed(doc.id, doc.sha256)
        store.add_codings([Coding(doc.id, 0, 10, "c1", store.coder("anna").id)])
    yield p
    p.close()


def _code(project: Project, quote: str) -> None:
    store = project.store
    doc = store.document(store.documents()[0].id)
    assert doc.id is not None
    at = doc.text.index(quote)
    with store.transaction():
        store.add_codings([Coding(doc.id, at, at + len(quote), "c1", store.coder("anna").id)])


def _whole_refusal(project: Project) -> str:
    """What the check of the whole project.qde says (the export before the look)."""
    gate = Gate.for_project(project.store)
    body = "".join(_Export(project.store, project.settings.name, gate).pieces(None))
    with pytest.raises(CasebookError) as err:
        gate.check(".qdpx member project.qde", body, markup=True)
    return str(err.value)


def test_a_name_only_the_last_look_sees_is_refused_in_the_line_of_the_whole_check(
        project, tmp_path):
    """A coding of the "Samira" in "xSamira": its selection's name attribute names her,
    which no field check sees (the text as a whole names no one there)."""
    export(project, tmp_path / "ok.qdpx")
    _code(project, "Samira heet")
    with pytest.raises(CasebookError) as err:
        export(project, tmp_path / "p.qdpx")
    assert str(err.value) == _whole_refusal(project)
    assert ".qdpx member project.qde: names 'Samira'" in str(err.value)
    assert not (tmp_path / "p.qdpx").exists()
    assert not list(tmp_path.glob("p.qdpx*"))  # no temporary file left either


def test_what_the_look_stops_at_a_windows_edge_is_checked_whole_and_written(
        project, tmp_path, monkeypatch):
    """A look that sees a form where the whole search sees none (at the edge of a window)
    makes the export check the whole text: it passes, and the archive holds what the
    export that the look passed holds."""
    export(project, tmp_path / "passed.qdpx")
    monkeypatch.setattr(look.LastLook, "close", lambda self: setattr(self, "found", True)
                        or True)
    calls = []
    whole = export_module._whole
    monkeypatch.setattr(export_module, "_whole", lambda *a: calls.append(1) or whole(*a))
    report = export(project, tmp_path / "checked.qdpx")
    assert calls == [1] and report.codings == 1 and report.path.endswith("checked.qdpx")
    with zipfile.ZipFile(tmp_path / "passed.qdpx") as passed, \
            zipfile.ZipFile(tmp_path / "checked.qdpx") as checked:
        assert passed.namelist() == checked.namelist()
        for member in passed.namelist():
            assert passed.read(member) == checked.read(member), member


def test_a_long_project_qde_is_looked_at_in_pieces(project, tmp_path, monkeypatch):
    """With pieces of a few characters the look cuts project.qde everywhere; the name is
    refused all the same, and a clean project passes."""
    monkeypatch.setattr(export_module, "CHUNK", 7)
    calls = []
    whole = export_module._whole
    monkeypatch.setattr(export_module, "_whole", lambda *a: calls.append(1) or whole(*a))
    export(project, tmp_path / "ok.qdpx")
    assert calls == []  # passed by the look alone: made and checked once
    _code(project, "Samira heet")
    with pytest.raises(CasebookError, match="project.qde: names 'Samira'"):
        export(project, tmp_path / "p.qdpx")
    assert calls == [1]


def test_a_text_with_markup_is_checked_as_a_member_a_plain_one_by_its_view(project, tmp_path):
    """A source text the gate covers (no markup, nothing review kept) was searched whole
    when its view was made: the member is not searched again. One with markup is: here
    "Sámira" after a tag, which the view's search (tags removed: "xSamira") does not see
    and the member's search with its tags does."""
    gate = Gate.for_project(project.store)
    job = _Export(project.store, project.settings.name, gate)
    list(job.pieces(None))
    assert job.checked == {m for m in job.texts if m.startswith("sources/")} != set()
    source = tmp_path / "markup.txt"
    source.write_text("I: Hoe heet ze online?\nR: <b>x</b>Sámira, zegt ze.\n", encoding="utf-8")
    import_files(project, [source])
    store = project.store
    doc = store.document(store.documents()[-1].id)
    assert doc.id is not None
    with store.transaction():
        store.set_privacy_scanned(doc.id, doc.sha256, "test")
        store.set_privacy_reviewed(doc.id, doc.sha256)
    with pytest.raises(CasebookError) as err:
        export(project, tmp_path / "p.qdpx")
    assert ".qdpx member sources/" in str(err.value) and "names 'Samira'" in str(err.value)


def test_the_look_is_fed_pieces_of_about_a_chunk_however_many_codings_a_text_has(
        project, tmp_path, monkeypatch):
    """The last look holds what it is fed at a time (and its folded copies): each selection
    is a piece of its own, so no feed is much longer than CHUNK, even for a text with
    hundreds of codings."""
    monkeypatch.setattr(export_module, "CHUNK", 2000)
    fed: list[int] = []
    feed = look.LastLook.feed
    monkeypatch.setattr(look.LastLook, "feed", lambda self, text: fed.append(len(text))
                        or feed(self, text))
    store = project.store
    doc = store.document(store.documents()[0].id)
    assert doc.id is not None
    anna = store.coder("anna").id
    with store.transaction():
        store.add_codings([Coding(doc.id, n % 30, 31 + n % 30 + n // 30, "c1", anna)
                           for n in range(300)])
    export(project, tmp_path / "many.qdpx")
    with zipfile.ZipFile(tmp_path / "many.qdpx") as zf:
        assert zf.read("project.qde").count(b"<PlainTextSelection ") == 301
    assert sum(fed) > 100_000 and max(fed) < 2000 + 1000
