"""Reports: figures of a hand-made project written out by hand, and of the demo project
computed again here from the store's plain codings and turns."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from itertools import combinations

import pytest
from click.testing import CliRunner

from casebook import reports
from casebook.cli import cli
from casebook.coding import query
from casebook.model import Code, Codebook, Coding, Document, Speaker, Turn
from casebook.offsets import sha256
from casebook.privacy.guard import Gate

TEXT = "A: Ik wil werken.\n\nB: Wat houdt je tegen?\n\nA: Mijn rug."
BOOK = Codebook(name="t", codes=[Code("willen", "Willen", name_en="Motivation"),
                                 Code("willen.houding", "Houding", parent="willen"),
                                 Code("kunnen", "Kunnen"),
                                 Code("doen", "Doen")])


def raw(store) -> Gate:
    """The gate of a report of originals (these stores are not pseudonymised)."""
    return Gate.for_project(store, raw=True)


def span(quote: str, until: str | None = None) -> tuple[int, int]:
    start = TEXT.index(quote)
    end = TEXT.index(until) + len(until) if until else start + len(quote)
    return start, end


@pytest.fixture
def small(project):
    store = project.store
    store.set_codebook(BOOK)
    turns = [Turn(*span("Ik wil werken."), "A"), Turn(*span("Wat houdt je tegen?"), "B"),
             Turn(*span("Mijn rug."), "A")]
    doc = store.add_document(Document(name="gesprek", text=TEXT, sha256=sha256(TEXT)), turns,
                             [], [Speaker("A", role="client"), Speaker("B", role="klantmanager")])
    anna, bram = store.coder("anna").id, store.coder("bram").id
    for (start, end), code, coder, memo in [
            (span("Ik wil werken"), "willen", anna, "kern"),
            (span("werken."), "kunnen", anna, None),
            (span("Ik wil"), "kunnen", bram, None),
            (span("werken.", "Wat houdt"), "willen.houding", anna, None),
            (span("Mijn rug"), "willen", bram, None)]:
        store.add_coding(Coding(doc, start, end, code, coder, memo=memo))
    return project


def table(report) -> dict[str, dict[str, object]]:
    return {row[0]: dict(zip(report.labels[2:], row[2:])) for row in report.rows}


def test_frequencies_by_document_speaker_and_role(small):
    store = small.store
    assert table(reports.frequencies(store, "document", gate=raw(store))) == {
        "willen": {"gesprek": 2, "totaal": 2}, "willen.houding": {"gesprek": 1, "totaal": 1},
        "kunnen": {"gesprek": 2, "totaal": 2}, "doen": {"gesprek": 0, "totaal": 0}}
    assert table(reports.frequencies(store, "speaker", gate=raw(store))) == {
        "willen": {"A": 2, "B": 0, "totaal": 2}, "willen.houding": {"A": 1, "B": 1, "totaal": 1},
        "kunnen": {"A": 2, "B": 0, "totaal": 2}, "doen": {"A": 0, "B": 0, "totaal": 0}}
    by_role = table(reports.frequencies(store, "role", coders=["anna"], language="en", gate=raw(store)))
    assert by_role["willen.houding"] == {"client": 1, "klantmanager": 1, "total": 1}
    assert by_role["willen"] == {"client": 1, "klantmanager": 0, "total": 1}


def test_cooccurrence_counts_overlaps_of_one_coder(small):
    report = reports.cooccurrence(small.store, gate=raw(small.store))
    assert report.labels[2:] == ["willen", "willen.houding", "kunnen", "doen"]
    assert table(report) == {
        "willen": {"willen": 2, "willen.houding": 1, "kunnen": 1, "doen": 0},
        "willen.houding": {"willen": 1, "willen.houding": 1, "kunnen": 1, "doen": 0},
        "kunnen": {"willen": 1, "willen.houding": 1, "kunnen": 2, "doen": 0},
        "doen": {"willen": 0, "willen.houding": 0, "kunnen": 0, "doen": 0}}
    bram = table(reports.cooccurrence(small.store, coders=["bram"], gate=raw(small.store)))
    assert bram["willen"] == {"willen": 1, "willen.houding": 0, "kunnen": 0, "doen": 0}


def test_code_by_speaker_counts_characters(small):
    rows = table(reports.speakers(small.store, gate=raw(small.store)))
    turn_one_rest = len("werken.")
    assert rows["willen"] == {"A": len("Ik wil werken") + len("Mijn rug"), "B": 0,
                              "totaal": len("Ik wil werken") + len("Mijn rug")}
    assert rows["willen.houding"] == {"A": turn_one_rest, "B": len("Wat houdt"),
                                      "totaal": turn_one_rest + len("Wat houdt")}


def test_fragments_per_code_with_descendants(small):
    report = reports.fragments(small.store, codes=["willen"], gate=raw(small.store))
    rows = [dict(zip([k for k, _ in report.columns], row)) for row in report.rows]
    assert [(r["code"], r["text"], r["speaker"], r["coder"], r["memo"]) for r in rows] == [
        ("willen", "Ik wil werken", "A", "anna", "kern"),
        ("willen", "Mijn rug", "A", "bram", ""),
        ("willen.houding", "werken.\n\nB: Wat houdt", "A, B", "anna", "")]


def test_query_lists_fragments_with_speakers_under_filters(small):
    store = small.store
    alone = "Zonder sprekers."
    other = store.add_document(Document(name="ander", text=alone, sha256=sha256(alone)), [],
                               [], [])
    store.add_coding(Coding(other, 0, 6, "doen", store.coder("anna").id))
    assert [(f.document, f.text, f.speakers, f.coding.coder_name)
            for f in query.fragments(store)] == [
        ("gesprek", "Ik wil", ["A"], "bram"),
        ("gesprek", "Ik wil werken", ["A"], "anna"),
        ("gesprek", "werken.", ["A"], "anna"),
        ("gesprek", "werken.\n\nB: Wat houdt", ["A", "B"], "anna"),
        ("gesprek", "Mijn rug", ["A"], "bram"),
        ("ander", "Zonder", [], "anna")]
    bram = store.coder("bram").id
    gesprek = store.document("gesprek").id
    assert [f.text for f in query.fragments(store, document_id=gesprek, coder_ids=[bram])] == [
        "Ik wil", "Mijn rug"]
    assert [f.text for f in query.fragments(store, code_ids=["doen", "kunnen"],
                                            coder_ids=[bram])] == ["Ik wil"]
    assert query.fragments(store, document_id=other, code_ids=["willen"]) == []


# -- the demo, computed again -------------------------------------------------------------
def overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def test_demo_figures_match_a_plain_recount(demo_project):
    store = demo_project.store
    for base, code in zip(store.codings()[::9], ["doen", "kunnen", "willen", "doen.gedrag"]):
        if code != base.code_id:  # the demo has no overlaps of one coder: make a few
            store.add_coding(Coding(base.document_id, base.start, base.end + 5, code,
                                    base.coder_id))
    codings = store.codings()
    assert codings
    turns = {d.id: store.turns(d.id) for d in store.documents()}
    per_speaker: Counter = Counter()
    chars: Counter = Counter()
    for c in codings:
        for speaker in {t.speaker for t in turns[c.document_id] if t.speaker and overlaps(c, t)}:
            per_speaker[(c.code_id, speaker)] += 1
        for t in turns[c.document_id]:
            if t.speaker and overlaps(c, t):
                chars[(c.code_id, t.speaker)] += min(c.end, t.end) - max(c.start, t.start)
    freq = reports.frequencies(store, "speaker", gate=raw(store))
    for row in freq.rows:
        for label, value in zip(freq.labels[2:-1], row[2:-1]):
            if label != "(geen spreker)":
                assert value == per_speaker[(row[0], label)], (row[0], label)
        assert row[-1] == sum(1 for c in codings if c.code_id == row[0])
    spk = reports.speakers(store, gate=raw(store))
    for row in spk.rows:
        for label, value in zip(spk.labels[2:-1], row[2:-1]):
            assert value == chars[(row[0], label)]
    pairs: Counter = Counter()
    for a, b in combinations(codings, 2):
        if a.document_id == b.document_id and a.coder_id == b.coder_id and \
                a.code_id != b.code_id and overlaps(a, b):
            pairs[(a.code_id, b.code_id)] += 1
            pairs[(b.code_id, a.code_id)] += 1
    assert sum(pairs.values()) >= 6
    co = reports.cooccurrence(store, gate=raw(store))
    for row in co.rows:
        for label, value in zip(co.labels[2:], row[2:]):
            expected = sum(1 for c in codings if c.code_id == row[0]) if label == row[0] \
                else pairs[(row[0], label)]
            assert value == expected
    frag = reports.fragments(store, gate=raw(store))
    assert len(frag.rows) == len(codings)
    texts = {d.id: store.document(d.id).text for d in store.documents()}
    assert sorted(r[7] for r in frag.rows) == sorted(texts[c.document_id][c.start:c.end]
                                                     for c in codings)


# -- CLI ----------------------------------------------------------------------------------
def invoke(project, *args):
    """A report command with --raw (the hand-made project is not pseudonymised); its
    standard output, without the warning line --raw prints on stderr."""
    result = CliRunner().invoke(cli, ["-p", str(project.root), "report", *args, "--raw"])
    assert "warning: --raw" in result.stderr
    return result


def test_cli_json_csv_and_xlsx(small, tmp_path):
    data = json.loads(invoke(small, "frequencies", "--by", "speaker", "--json").stdout)
    assert data["rows"][0] == {"code": "willen", "name": "Willen", "speaker:A": 2,
                               "speaker:B": 0, "total": 2}
    rows = list(csv.reader(io.StringIO(invoke(small, "cooccurrence", "--csv").stdout)))
    assert rows[0][:3] == ["code", "naam", "willen"] and rows[1][2:5] == ["2", "1", "1"]
    out = tmp_path / "f.xlsx"
    result = invoke(small, "fragments", "--xlsx", str(out))
    assert result.exit_code == 0
    with zipfile.ZipFile(out) as zf:
        strings = zf.read("xl/sharedStrings.xml").decode()
    assert "Mijn rug" in strings and "werken.\n\nB: Wat houdt" in strings
    text = invoke(small, "fragments", "--code", "kunnen").output
    assert "Ik wil" in text and "Mijn rug" not in text
    bad = invoke(small, "frequencies", "--coder", "niemand")
    assert bad.exit_code == 2 and "niemand" in bad.output
    small.settings.language = "en"
    small.save_settings()
    plain = invoke(small, "frequencies", "--by", "role").output
    assert "Code frequencies by role" in plain and "klantmanager" in plain


def test_workbook_has_one_sheet_per_report(small, tmp_path):
    out = tmp_path / "all.xlsx"
    result = invoke(small, "workbook", str(out), "--coder", "anna")
    assert result.exit_code == 0
    with zipfile.ZipFile(out) as zf:
        book = zf.read("xl/workbook.xml").decode()
        strings = zf.read("xl/sharedStrings.xml").decode()
    for sheet in ("frequencies-document", "frequencies-speaker", "frequencies-role",
                  "cooccurrence", "speakers", "fragments"):
        assert f'name="{sheet}"' in book
    assert "Ik wil werken" in strings and "Mijn rug" not in strings  # bram's coding
