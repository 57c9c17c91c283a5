"""Case files: front matter read with line numbers, fragments resolved against the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casebook import cases
from casebook.errors import CasebookError
from casebook.model import Coding
from casebook.privacy import guard

GOOD = """---
title: Een casus
learning_goals: [Eerste doel]
fragments:
  - document: clientgesprek-samira
    quote: "Ik denk nu: misschien kan ik het toch."
---
Commentaar.

## Reflectievragen

1. Eerste vraag?
2. Tweede vraag
   loopt door.

## Daarna

Nog meer tekst.
"""


def write(tmp_path: Path, text: str, name: str = "casus.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path, store=None) -> CasebookError:
    with pytest.raises(CasebookError) as info:
        case = cases.load(path)
        if store is not None:
            cases.resolve(store, case)
    return info.value


def test_load_reads_fields_and_takes_questions_out_of_the_body(tmp_path):
    case = cases.load(write(tmp_path, GOOD))
    assert case.title == "Een casus"
    assert case.learning_goals == ["Eerste doel"]
    assert case.questions == ["Eerste vraag?", "Tweede vraag loopt door."]
    assert "Reflectievragen" not in case.body
    assert "Commentaar." in case.body and "Nog meer tekst." in case.body
    assert case.fragments[0].line == 5


@pytest.mark.parametrize("front, line, field", [
    ("title: X\nfragmnets: []\n", 3, "fragmnets"),
    ("fragments:\n  - document: a\n    quote: b\n", 1, "title"),
    ("title: X\nfragments:\n  - document: a\n    turns: 5-3\n", 5, "fragments[1].turns"),
    ("title: X\nfragments:\n  - document: a\n    start: 10\n    end: 4\n", 6,
     "fragments[1].end"),
    ("title: X\nfragments:\n  - document: a\n    quote: b\n    turns: 1\n", 4, "fragments[1]"),
    ("title: X\nfragments:\n  - quote: b\n", 4, "fragments[1].document"),
    ("title: X\nfragments:\n  - document: a\n    quote: b\n    colour: red\n", 6,
     "fragments[1].colour"),
    ("title: [unclosed\n", 3, "front matter"),
    ("title: X\ntitle: Y\n", 3, "title"),
    ("title: X\nfragments:\n  - document: a\n    quote: b\n    quote: c\n", 6,
     "fragments[1].quote"),
    ("title: !!python/object:os.system X\n", 2, "title"),
])
def test_front_matter_errors_name_file_line_and_field(tmp_path, front, line, field):
    path = write(tmp_path, f"---\n{front}---\nbody\n")
    err = error_of(path)
    assert (err.path, err.line, err.field) == (str(path), line, field)
    assert str(err).startswith(f"{path}:{line}: {field}: ")


def test_a_file_without_front_matter_is_refused(tmp_path):
    err = error_of(write(tmp_path, "# just markdown\n"))
    assert err.field == "front matter" and err.line == 1


def test_resolve_quote_gives_whole_turns_with_codings(demo_project):
    case = cases.load(write(demo_project.root, GOOD))
    rc = cases.resolve(demo_project.store, case)
    assert rc.coders == ["anna", "bram"]  # no consensus coder in the demo
    [fragment] = rc.fragments
    text = "".join(p.text for t in fragment.turns for p in t.pieces)
    assert "Ik denk nu: misschien kan ik het toch." in text
    doc = demo_project.store.document("clientgesprek-samira")
    q = doc.text.index("Ik denk nu: misschien")
    [turn] = [t for t in demo_project.store.turns(doc.id) if t.start <= q < t.end]
    assert text == doc.text[turn.start:turn.end]  # the whole turn, not just the quote
    assert "willen.eigen-kunnen" in fragment.turns[0].labels
    assert any("Kantelpunt" in memo for _code, memo in fragment.turns[0].memos)
    assert fragment.raw and fragment.status == "none"


@pytest.mark.parametrize("fragment, line, field, words", [
    ("  - document: geen-document\n    quote: x\n", 4, "fragments[1].document", "no document"),
    ("  - document: clientgesprek-samira\n    quote: Dit zei niemand.\n", 5,
     "fragments[1].quote", "does not appear"),
    ("  - document: clientgesprek-samira\n    start: 10\n    end: 999999\n", 6,
     "fragments[1].end", "outside"),
    ("  - document: clientgesprek-samira\n    turns: 900-901\n", 5, "fragments[1].turns",
     "turns"),
    ("  - code: geen.code\n", 4, "fragments[1].code", "no code"),
    ("  - code: willen.houding\n    coder: niemand\n", 5, "fragments[1].coder", "no coder"),
])
def test_resolve_errors_name_the_case_line(demo_project, fragment, line, field, words):
    path = write(demo_project.root, f"---\ntitle: X\nfragments:\n{fragment}---\n")
    err = error_of(path, demo_project.store)
    assert (err.line, err.field) == (line, field)
    assert words in err.message


def test_fragments_by_code_and_coder(demo_project):
    path = write(demo_project.root, "---\ntitle: X\nfragments:\n  - code: willen.eigen-kunnen\n"
                 "    coder: bram\n    limit: 2\n---\n")
    rc = cases.resolve(demo_project.store, cases.load(path))
    assert len(rc.fragments) == 2
    for fragment in rc.fragments:
        assert any(c.code_id == "willen.eigen-kunnen" and c.coder_name == "bram"
                   for c in fragment.codings)


def test_turn_range_fragment(demo_project):
    path = write(demo_project.root, "---\ntitle: X\nfragments:\n"
                 "  - document: clientgesprek-samira\n    turns: 2-3\n---\n")
    [fragment] = cases.resolve(demo_project.store, cases.load(path)).fragments
    assert len(fragment.turns) == 2
    turns = demo_project.store.turns(fragment.document_id)
    assert (fragment.start, fragment.end) == (turns[1].start, turns[2].end)


def test_pieces_keep_highlights_aligned_around_longer_and_shorter_pseudonyms():
    text = "Ik ben Samira el Amrani en ik werk in Utrecht."
    s = text.index("Samira el Amrani")
    u = text.index("Utrecht")
    coding = Coding(1, s + 7, u + 7, "willen", "a")  # starts inside the name
    whole = Coding(1, 0, len(text), "doen", "a")
    out = cases.pieces(text, 0, len(text), [coding, whole],
                       [(s, s + 16, "Persoon 1"), (u, u + 7, "[plaats]")])
    assert "".join(p.text for p in out) == "Ik ben Persoon 1 en ik werk in [plaats]."
    by_text = {p.text: p for p in out}
    assert by_text["Persoon 1"].replaced and set(by_text["Persoon 1"].codes) == {"doen",
                                                                                "willen"}
    assert by_text[" en ik werk in "].codes == ("willen", "doen")
    assert by_text["[plaats]"].codes == ("willen", "doen") and by_text["[plaats]"].replaced
    assert by_text["."].codes == ("doen",)
    assert out[0] == cases.Piece("Ik ben ", ("doen",))


def test_shipped_sample_cases_resolve_on_the_demo(demo_project):
    shipped = sorted(cases.find_cases(demo_project.root / "cases"))
    assert [p.name for p in shipped] == ["leertafel-meneer-d.md", "samira-eigen-kunnen.md"]
    for path in shipped:
        rc = cases.resolve(demo_project.store, cases.load(path))
        assert rc.fragments and len(rc.case.questions) >= 3
        assert all(t.labels for f in rc.fragments for t in f.turns if t.speaker != "I"
                   and any(p.codes for p in t.pieces))


def test_coders_choose_whose_codings_are_drawn(demo_project):
    path = write(demo_project.root, GOOD.replace("title: Een casus\n",
                                                 "title: Een casus\ncoders: [bram]\n"))
    rc = cases.resolve(demo_project.store, cases.load(path))
    assert rc.coders == ["bram"]
    assert rc.fragments[0].codings and {c.coder_name for c in rc.fragments[0].codings} == {"bram"}
    both = cases.resolve(demo_project.store, cases.load(path), coders=["anna", "bram"])
    assert {c.coder_name for c in both.fragments[0].codings} == {"anna", "bram"}
    path.write_text(path.read_text(encoding="utf-8").replace("[bram]", "[niemand]"),
                    encoding="utf-8")
    err = error_of(path, demo_project.store)
    assert (err.line, err.field) == (3, "coders") and "niemand" in err.message


def test_consensus_coder_is_the_default_when_there_is_one(demo_project):
    store = demo_project.store
    anna = store.find_coder("anna")
    consensus = store.coder("consensus")
    first = store.codings(coder_ids=[anna.id])[0]
    store.add_coding(Coding(first.document_id, first.start, first.end, first.code_id,
                            consensus.id))
    doc = store.document(first.document_id)
    quote = doc.text[first.start:first.end]
    path = write(demo_project.root, f"---\ntitle: X\nfragments:\n  - document: {doc.name}\n"
                 f"    quote: {json.dumps(quote, ensure_ascii=False)}\n---\n")
    rc = cases.resolve(store, cases.load(path))
    assert rc.coders == ["consensus"]
    assert {c.coder_name for c in rc.fragments[0].codings} == {"consensus"}


def test_memos_are_pseudonymised_and_case_text_naming_people_is_caught(demo_project):
    from click.testing import CliRunner

    from casebook.cli import cli

    store = demo_project.store
    doc = store.document("clientgesprek-samira")
    q = doc.text.index("Ik denk nu: misschien")
    [coding] = [c for c in store.codings(document_id=doc.id) if c.start <= q < c.end][:1]
    store.set_coding_memo(coding.id, "Samira el Amrani kantelt hier; Samira zegt het zelf.")
    for args in (["pseudo", "scan", "--rules-only"], ["pseudo", "review", "--accept-all"],
                 ["pseudo", "apply"]):
        assert CliRunner().invoke(cli, ["-p", str(demo_project.root), *args]).exit_code == 0
    path = write(demo_project.root, GOOD.replace("Commentaar.", "Commentaar over\nSamira."))
    rc = cases.resolve(store, cases.load(path))
    memos = [memo for t in rc.fragments[0].turns for _code, memo in t.memos]
    assert memos and not any("Samira" in m or "Amrani" in m for m in memos)
    assert any(m.startswith("Persoon 1 kantelt hier; Persoon 1 zegt") for m in memos)
    assert [(leak.hit.found, leak.line, leak.field) for leak in rc.leaks] == [
        ("Samira", 9, "text")]
    with pytest.raises(CasebookError) as info:
        guard.refuse_raw([rc], guard.Gate.for_project(store))
    assert (info.value.line, info.value.field) == (9, "text")


def test_fragments_by_code_on_the_same_turn_show_once_and_idle_coders_are_not_named(
        demo_project):
    store = demo_project.store
    store.coder("docent")  # a coder without codings
    path = write(demo_project.root, "---\ntitle: X\nfragments:\n"
                 "  - code: willen.eigen-kunnen\n    document: clientgesprek-samira\n---\n")
    rc = cases.resolve(store, cases.load(path))
    codings = store.codings(document_id=store.document("clientgesprek-samira").id,
                            code_ids=["willen.eigen-kunnen"])
    spans = {(f.start, f.end) for f in rc.fragments}
    assert len(spans) == len(rc.fragments) < len(codings)  # anna and bram share turns
    for c in codings:  # every coding is on one of the fragments shown
        assert any(f.start <= c.start and c.end <= f.end for f in rc.fragments)
    assert rc.coders == ["anna", "bram"]
