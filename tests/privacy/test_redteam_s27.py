"""Red team, session 27: names that still left the project through an output, written in
ways the gate did not yet know -- a part of a name in lower case in an e-mail address
("karim.bouzid@..."), a name glued as an address writes it ("karimbouzid", "kbouzid"), a
name percent-encoded in a link copied from a browser ("G%C3%BCl"), and a name in the key
of a document attribute ("contact Karim") -- each refused or pseudonymised now."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from casebook.privacy.variants import Forms, Original
from tests.privacy.test_outputs import ok, opened, run

TRANSCRIPT = """Karim Bouzid: Goedemorgen, fijn dat u er bent.
Gül Yıldız: Dank u. Ik werk nu drie maanden bij de bakkerij.
Karim Bouzid: En hoe bevalt het?
Gül Yıldız: Goed. De kok daar is aardig.
Hans Kok: Ik ben haar werkgever, ik kom even binnen.
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project of one transcript whose speakers are named, scanned with our rules only
    (speaker labels that are names), every finding accepted, applied."""
    base = tmp_path_factory.mktemp("redteam")
    root = base / "project"
    ok(base, "init", str(root), "--coder", "docent")
    source = base / "gesprek-werk.txt"
    source.write_text(TRANSCRIPT, encoding="utf-8")
    ok(root, "import", str(source), "--attr", "contact Karim Bouzid=ja", "--attr", "afdeling=werk")
    for step in (["scan", "--rules-only"], ["review", "--accept-all"], ["apply"]):
        ok(root, "pseudo", *step)
    return root


@pytest.fixture
def copy(project, tmp_path) -> Path:
    root = tmp_path / "copy"
    shutil.copytree(project, root)
    return root


def refused(root: Path, out: Path, memo: str) -> str:
    """The qdpx export's refusal of a project with the memo ``memo``."""
    ok(root, "memo", "add", "--on", "project", memo)
    result = run(root, "qdpx", "export", "-o", str(out / "p.qdpx"))
    assert result.code == 2 and result.err.count("\n") == 1, (memo, result.err)
    assert not (out / "p.qdpx").exists()
    return result.err


@pytest.mark.parametrize(("memo", "named"), [
    ("Mail van karim.bouzid@gemeente.nl doorsturen", "karim"),
    ("Zijn profiel: www.linkedin.com/in/karimbouzid", "karimbouzid"),
    ("Cc: kbouzid@werkplein.nl", "kbouzid"),
    ("Instagram: @hanskok_schoonmaak", "hanskok"),
    ("https://nl.linkedin.com/in/g%C3%BCl-y%C4%B1ld%C4%B1z", "gul yıldız"),
    ("Profiel: https://example.nl/%4Barim", "Karim"),
])
def test_a_name_written_as_an_address_writes_it_is_refused(copy, tmp_path, memo, named):
    assert f"memo 1 (on project): names '{named}'" in refused(copy, tmp_path, memo)


def test_a_memo_naming_no_one_is_written(copy, tmp_path):
    """The memos above are refused for the name they hold, not for the project."""
    ok(copy, "memo", "add", "--on", "project", "50% minder uren; zie werk.nl/%C3%A9%C3%A9n")
    ok(copy, "qdpx", "export", "-o", str(tmp_path / "p.qdpx"))


def test_an_attribute_key_is_pseudonymised_in_every_output(project, tmp_path):
    shown = json.loads(ok(project, "show", "gesprek-werk", "--pseudo", "--json"))
    assert "Karim" not in json.dumps(shown, ensure_ascii=False)
    assert shown["attributes"] == {"contact Persoon 1": "ja", "afdeling": "werk"}
    ok(project, "qdpx", "export", "-o", str(tmp_path / "p.qdpx"))
    with zipfile.ZipFile(tmp_path / "p.qdpx") as archive:
        qde = archive.read("project.qde").decode("utf-8")
    assert "Karim" not in qde and 'name="contact Persoon 1"' in qde
    raw = json.loads(ok(project, "show", "gesprek-werk", "--json"))  # the working view
    assert "contact Karim Bouzid" in raw["attributes"]


def test_an_attribute_key_that_still_names_someone_is_refused(copy, tmp_path):
    """A key the gate cannot replace (a spelling review never saw) refuses the output. The
    scan reads attribute keys, so review sees the address at import; one written into the
    attributes after review is refused."""
    source = tmp_path / "tweede.txt"
    source.write_text("Karim Bouzid: Nog een vraag.\n", encoding="utf-8")
    ok(copy, "import", str(source), "--attr", "cc karim.bouzid@x.nl=ja")
    for step in (["scan", "--rules-only", "tweede"], ["review", "--accept-all"], ["apply"]):
        ok(copy, "pseudo", *step)
    shown = json.loads(ok(copy, "show", "tweede", "--pseudo", "--json"))
    assert "karim" not in json.dumps(shown).casefold() and len(shown["attributes"]) == 1
    with opened(copy) as project:
        doc = project.store.document("tweede")
        project.store.set_document_meta(doc.id, attributes={"cc k.bouzid@x.nl": "ja"})
    result = run(copy, "show", "tweede", "--pseudo")
    assert result.code == 2 and result.err.count("\n") == 1 and not result.out
    assert "attribute name: names 'bouzid'" in result.err


def test_a_part_that_is_an_everyday_word_counts_only_with_its_capital():
    """"Kok" of "Hans Kok" is also a word ("de kok"): only with its capital; the part that is
    no everyday word in any case; the name glued in any case."""
    forms = Forms([Original("Hans Kok", "Werkgever 1", "persoon"),
                   Original("Samira el Amrani", "Persoon 1", "persoon")], {"kok"})

    def found(text: str) -> list[str]:
        return [hit.found for hit in forms.hits(text)]

    assert found("de kok kookt") == [] and found("meneer Kok") == ["Kok"]
    assert found("hans@example.nl") == ["hans"] and found("HANSKOK") == ["HANSKOK"]
    assert found("samira.elamrani@gmail.com") == ["samira", "elamrani"]
    assert found("s.elamrani") == ["elamrani"] and found("samrani") == ["samrani"]
    assert found("el") == [] and found("hkok") == ["hkok"]


def test_url_escapes_are_read_as_the_text_they_stand_for():
    forms = Forms([Original("Gül Yıldız", "Persoon 2", "persoon")], set())
    assert [h.found for h in forms.hits("x.nl/G%C3%BCl")] == ["Gul"]
    assert [h.found for h in forms.hits("x.nl/y%C4%B1ld%C4%B1z")] == ["yıldız"]
    assert list(forms.hits("50% korting, %C3 is geen teken, 100%ig")) == []


@pytest.mark.parametrize("order", [1, -1])
def test_a_name_review_accepted_in_lower_case_is_searched_in_any_case(order):
    """"samira" in lower case in a transcript makes it an everyday word of the project; a
    finding "samira" that review accepted made the gate search only "samira" with a small
    s (the last form written won), so "Samira" in a memo left the project."""
    originals = [Original("Samira el Amrani", "Persoon 1", "persoon"),
                 Original("samira", "Persoon 1", "persoon")][::order]
    forms = Forms(originals, {"samira"})
    assert [h.found for h in forms.hits("Samira, samira, SAMIRA")] == \
        ["Samira", "samira", "SAMIRA"]
    roos = Forms([Original("Roos", "Persoon 2", "persoon")], {"roos"})  # as it was
    assert [h.found for h in roos.hits("Roos kocht een roos")] == ["Roos"]


def test_a_name_run_into_a_word_or_number_of_a_file_name_is_taken_out(copy, tmp_path):
    """File names write "InterviewKarim2024", "karim1": the name is no whole word there, and
    the document went out under it in every output; so did an exercise's package."""
    source = tmp_path / "InterviewKarim2024.txt"
    source.write_text("I: Hoe gaat het?\nR: Goed.\n", encoding="utf-8")
    ok(copy, "import", str(source))
    for step in (["scan", "--rules-only", "InterviewKarim2024"], ["review", "--accept-all"]):
        ok(copy, "pseudo", *step)
    assert "shown as Interview-2024-1" in ok(copy, "pseudo", "apply", "InterviewKarim2024")
    for args in (["report", "frequencies", "--csv"], ["codings", "--json"],
                 ["show", "InterviewKarim2024", "--pseudo", "--json"]):
        assert "Karim" not in ok(copy, *args), args
    ok(copy, "codebook", "use", "igm")
    ok(copy, "code", "add", "gesprek-werk", "--quote", "Goedemorgen", "--code", "willen",
       "--coder", "docent")
    result = run(copy, "exercise", "create", "week1Karim", "--reference", "docent")
    assert result.code == 2 and "NAME: names 'Karim'" in result.err
    assert not (copy / "exercises" / "week1Karim").exists()


def test_a_display_name_that_runs_a_name_into_a_word_is_refused(copy):
    with opened(copy) as project:
        doc = project.store.document("gesprek-werk")
        project.store.set_privacy_display_name(doc.id, "gesprek-metKarim")
    for args in (["report", "frequencies", "--csv"], ["show", "gesprek-werk", "--pseudo"]):
        result = run(copy, *args)
        assert result.code == 2 and "document name: names 'Karim'" in result.err, args


def test_a_name_broken_at_a_line_end_is_refused(copy, tmp_path):
    """Text copied from a PDF breaks words at line ends: "Ka-\\nrim" reads "Karim"."""
    assert "memo 1 (on project): names 'Karim Bouzid'" in refused(
        copy, tmp_path, "Gesprek met Ka-\r\nrim Bou-\nzid, zie verslag")


def test_a_transcript_with_a_name_broken_at_a_line_end_is_refused_and_checked_per_coding(
        copy, tmp_path):
    source = tmp_path / "gebroken.txt"
    source.write_text("I: Wie helpt u?\nR: Gisteren was Ka-\nrim er ook, echt waar.\n"
                      "I: Goed-\nkeuring gekregen?\n", encoding="utf-8")
    ok(copy, "import", str(source))
    for step in (["scan", "--rules-only", "gebroken"], ["review", "--accept-all"], ["apply"]):
        ok(copy, "pseudo", *step)
    result = run(copy, "show", "gebroken", "--pseudo")
    assert result.code == 2 and "text: names 'Karim'" in result.err and not result.out
    with opened(copy) as project:
        from casebook.privacy.guard import Gate
        from casebook.privacy.variants import plain

        gate = Gate.for_project(project.store)
        doc = project.store.document("gebroken")
        assert not plain(doc.text) and gate.names_nothing(["Goed-\nkeuring"])
        assert not gate.names_nothing(["Ka-\nrim"])


def test_a_name_in_a_markdown_title_is_found_reviewed_and_pseudonymised(tmp_path):
    """"# Intake Fatima Benali, Amersfoort" is the document's attribute "title", not its
    text: no detector read it, so it went out raw in `show --pseudo`, the .qdpx and the
    exercise package. The scan reads attributes after the text now."""
    pytest.importorskip("deduce")
    root = tmp_path / "project"
    ok(tmp_path, "init", str(root), "--coder", "docent")
    source = tmp_path / "intake.md"
    source.write_text("# Intake Fatima Benali, Amersfoort\n\nI: Hoe gaat het nu?\n"
                      "R: Goed hoor, ik heb werk gevonden.\nI: Fijn om te horen.\n",
                      encoding="utf-8")
    ok(root, "import", str(source))
    ok(root, "pseudo", "scan")
    review = json.loads(ok(root, "pseudo", "review", "--json"))
    found = {f["text"] for f in review["findings"]}
    assert {"Fatima Benali", "Amersfoort"} <= found, found
    title = next(f for f in review["findings"] if f["text"] == "Fatima Benali")
    assert "title: Intake" in title["before"]  # shown where it stands
    ok(root, "pseudo", "review", "--accept-all")
    ok(root, "pseudo", "apply")
    shown = json.loads(ok(root, "show", "intake", "--pseudo", "--json"))
    assert shown["attributes"] == {"title": f"Intake {title['replacement']}, Plaats 1"}
    ok(root, "qdpx", "export", "-o", str(tmp_path / "p.qdpx"))
    with zipfile.ZipFile(tmp_path / "p.qdpx") as archive:
        qde = archive.read("project.qde").decode("utf-8")
    assert "Fatima" not in qde and "Amersfoort" not in qde and "Intake Persoon" in qde
    ok(root, "codebook", "use", "igm")
    ok(root, "code", "add", "intake", "--quote", "werk gevonden", "--code", "willen",
       "--coder", "docent")
    ok(root, "exercise", "create", "week1", "--reference", "docent",
       "-o", str(tmp_path / "week1.casebook-exercise"))
    package = (tmp_path / "week1.casebook-exercise").read_bytes()
    if package[:2] == b"PK":
        with zipfile.ZipFile(tmp_path / "week1.casebook-exercise") as archive:
            package = b"".join(archive.read(n) for n in archive.namelist())
    assert b"Fatima" not in package and b"Benali" not in package
    assert b"Intake Persoon" in package
    raw = json.loads(ok(root, "show", "intake", "--json"))  # the working view: as imported
    assert raw["attributes"] == {"title": "Intake Fatima Benali, Amersfoort"}
    ok(root, "pseudo", "purge", "--yes")  # the title's findings go with the originals
    assert json.loads(ok(root, "pseudo", "review", "--json"))["findings"] == []
    assert "Fatima" not in ok(root, "show", "intake", "--json")


@pytest.mark.parametrize(("label", "name"), [
    ("Klantmanager Ellen", "Ellen"), ("Ellen (KM)", "Ellen"), ("M. de Vries", "M. de Vries"),
    ("Interviewer Ellen de Boer", "Ellen de Boer"), ("Deelnemer 3 Ellen", "Ellen"),
    ("Ellen - klantmanager", "Ellen"), ("Ellen", "Ellen"),
    ("I", None), ("Spreker 2", None), ("Klantmanager", None), ("Klantmanager 2", None),
    ("P. R.", None), ("R.", None), ("Allen", None), ("Allen Smith", None),  # (a role label)
])
def test_the_name_in_a_speaker_label_that_also_gives_a_role(label, name):
    from casebook.privacy.labels import label_name

    span = label_name(label)
    assert (label[span[0]:span[1]] if span else None) == name


def test_a_label_that_mixes_a_role_and_a_name_is_pseudonymised_in_every_output(tmp_path):
    """"Klantmanager Ellen", "M. de Vries", "Ellen (KM)" were no person labels, and the
    names in them were dropped as parts of a role's label: every output showed them. The
    name in them is a finding now, without its role word (else every "Klantmanager 1" would
    name someone)."""
    root = tmp_path / "project"
    ok(tmp_path, "init", str(root), "--coder", "docent")
    source = tmp_path / "gesprek.txt"
    source.write_text("Klantmanager Ellen: Goedemorgen, ik ben Ellen.\n"
                      "M. de Vries: Dag mevrouw.\nEllen (KM): Hoe gaat het, meneer De Vries?\n"
                      "M. de Vries: Goed. Klantmanager 2 belde ook.\n", encoding="utf-8")
    ok(root, "import", str(source))
    ok(root, "pseudo", "scan", "--rules-only")
    review = json.loads(ok(root, "pseudo", "review", "--json"))
    found = [(f["text"], f["replacement"]) for f in review["findings"]]
    assert ("Ellen", "Klantmanager 1") in found and ("M. de Vries", "Persoon 1") in found
    assert not any("Klantmanager" in text for text, _r in found)
    ok(root, "pseudo", "review", "--accept-all")
    ok(root, "pseudo", "apply")
    shown = ok(root, "show", "gesprek", "--pseudo", "--json")
    assert "Ellen" not in shown and "Vries" not in shown and "Klantmanager 2" in shown
    labels = {s["label"]: s["pseudonym"] for s in json.loads(shown)["speakers"]}
    assert labels == {"Klantmanager 1": "Klantmanager 1", "Persoon 1": "Persoon 1"}
    ok(root, "qdpx", "export", "-o", str(tmp_path / "p.qdpx"))
    with zipfile.ZipFile(tmp_path / "p.qdpx") as archive:
        qde = archive.read("project.qde").decode("utf-8")
    assert "Ellen" not in qde and "Vries" not in qde and "Klantmanager 1" in qde


def test_one_person_written_with_an_initial_or_hyphens_gets_one_pseudonym(store):
    """"Kees de Vries", "Kees de\\nVries", "K. de Vries" and "Kees-de-Vries" are one
    person where the project knows no other the forms could be."""
    from casebook.privacy.mapping import Mapper

    m = Mapper(store)
    with store.transaction():
        assert m.replacement("persoon", "Kees de Vries") == "Persoon 1"
        assert m.replacement("persoon", "Kees de\nVries") == "Persoon 1"
        assert m.replacement("persoon", "K. de Vries") == "Persoon 1"
        assert m.replacement("persoon", "Kees-de-Vries") == "Persoon 1"
        assert m.replacement("persoon", "Karin de Vries") == "Persoon 2"
        assert m.replacement("persoon", "K. de Vries.") == "Persoon 1"  # same key as before
        assert m.replacement("persoon", "K de Vries") == "Persoon 3"  # Kees or Karin?
        assert m.replacement("persoon", "J. de Vries") == "Persoon 4"  # neither


def test_a_label_with_a_role_in_brackets_gets_the_pseudonym_of_its_name(store):
    """A Teams label "Ellen (KM)" (the importer's own speakers, as a merge or .qdpx brings
    them): the name is found in it and wherever the text names her."""
    from casebook.privacy import service
    from tests.privacy.test_service import add_doc

    doc = add_doc(store, "teams", [("Ellen (KM)", "Dag, ik ben Ellen."), ("R", "Dag Ellen.")],
                  roles={"Ellen (KM)": "klantmanager"})
    service.scan(store, use_deduce=False)
    found = [(f.text, f.replacement) for f in store.privacy_findings(doc)]
    assert found == [("Ellen", "Klantmanager 1")] * 3
    service.decide(store, accept_all=True)
    (applied,) = service.apply(store)
    assert applied.pseudonyms == {"Ellen (KM)": "Klantmanager 1 (KM)"}


def test_a_person_span_loses_the_role_before_it_not_an_initial():
    """deduce reads "Klantmanager Ellen" as a name: kept so, "Klantmanager" would be a part
    of a person's name the gate searches, and every "Klantmanager 1" refused."""
    from casebook.privacy.names import tidy
    from casebook.privacy.rules import Candidate

    text = ("Klantmanager Ellen zei: P. de Vries en Interviewer2 Ellen de Boer, Klantmanager 2"
            " en Allen Smith")
    spans = [(0, 18), (24, 35), (39, 65), (67, 81), (85, 96)]
    assert [text[c.start:c.end] for s, e in spans
            for c in tidy([Candidate(s, e, "persoon", "deduce")], text)] == \
        ["Ellen", "P. de Vries", "Ellen de Boer", "Klantmanager 2", "Allen Smith"]


def _dutch_words():
    from casebook.privacy.lookup import dutch_words

    return dutch_words()


needs_dictionary = pytest.mark.skipif(_dutch_words() is None,
                                      reason="no Dutch dictionary (apt-get install hunspell-nl)")


@needs_dictionary
def test_the_dictionary_knows_dutch_words_and_not_names():
    words = _dutch_words()
    assert {"kees", "dekker", "roos", "jan", "bakker", "de"} <= words
    assert not {"samira", "fatima", "karim", "jansen", "yilmaz"} & words


@needs_dictionary
def test_a_known_name_in_lower_case_is_proposed_unless_it_is_a_dutch_word(store, monkeypatch):
    """"Dus u bent samira." named her, unproposed; and that "samira" made the word an
    everyday one, which the gate then searched only with its capital. "kees" and "dekker"
    are Dutch words (a keeshond, a roofer): not proposed in lower case."""
    from casebook.privacy import lookup, service
    from tests.privacy.test_service import add_doc

    turns = [("Samira el Amrani", "Mijn buurman Kees Dekker helpt."), ("Kees Dekker", "Ja."),
             ("I", "Dus u bent samira, of samira el amrani? En kees? De dekker op het dak?")]
    doc = add_doc(store, "intake", turns)
    service.scan(store, use_deduce=False)
    lower = [f.text for f in store.privacy_findings(doc) if f.text[0].islower()]
    assert lower == ["samira", "samira el amrani"]
    assert {f.replacement for f in store.privacy_findings(doc)
            if f.text.casefold().startswith("samira")} == {"Persoon 1"}
    monkeypatch.setattr(lookup, "dutch_words", lambda: None)  # no dictionary: as before
    other = add_doc(store, "other", [("I", "Dus u bent samira."), ("R", "Ja.")])
    service.scan(store, ["other"], use_deduce=False)
    assert store.privacy_findings(other) == []


@needs_dictionary
def test_a_known_name_in_lower_case_leaves_no_output(tmp_path):
    root = tmp_path / "project"
    ok(tmp_path, "init", str(root), "--coder", "docent")
    source = tmp_path / "intake.txt"
    source.write_text("I: Hoe heet u?\nSamira el Amrani: Zo heet ik.\nI: Dus u bent samira.\n"
                      "Samira el Amrani: Ja.\n", encoding="utf-8")
    ok(root, "import", str(source))
    for step in (["scan", "--rules-only"], ["review", "--accept-all"], ["apply"]):
        ok(root, "pseudo", *step)
    shown = ok(root, "show", "intake", "--pseudo", "--json")
    assert "samira" not in shown.casefold() and "u bent Persoon 1." in shown
    ok(root, "memo", "add", "--on", "project", "samira belde terug")  # pseudonymised
    ok(root, "qdpx", "export", "-o", str(tmp_path / "p.qdpx"))
    with zipfile.ZipFile(tmp_path / "p.qdpx") as archive:
        qde = archive.read("project.qde").decode("utf-8")
    assert "samira" not in qde.casefold() and "Persoon 1 belde terug" in qde
