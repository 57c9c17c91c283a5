"""Adjudication: groups of differences, decisions into `consensus`, undo, report."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from casebook.cli import cli
from casebook.coders import adjudicate as adj
from casebook.errors import CasebookError
from casebook.privacy.guard import Gate
from tests.agreement.data import add_document, code, sentence


def test_groups_chain_overlaps_and_keep_touching_apart():
    a = [(0, 10), (30, 40), (50, 60)]
    b = [(5, 20), (18, 25), (40, 45), (50, 60)]
    assert adj.groups(a, b) == [([(0, 10)], [(5, 20), (18, 25)]), ([(30, 40)], []),
                                ([], [(40, 45)]), ([(50, 60)], [(50, 60)])]


def _two_coders(store):
    doc = add_document(store)
    code(store, doc, "anna", "willen", *sentence(0))
    code(store, doc, "bram", "willen", *sentence(0))          # agreed
    code(store, doc, "anna", "willen", *sentence(2))          # A only
    code(store, doc, "bram", "kunnen", *sentence(4))          # B only
    code(store, doc, "anna", "kunnen", *sentence(6))
    code(store, doc, "bram", "kunnen", *sentence(6, 0.5))     # extent
    return doc


def _consensus(store):
    return sorted((c.code_id, c.start, c.end) for c in store.codings()
                  if c.coder_name == "consensus")


def test_disagreements_and_decisions(store):
    _two_coders(store)
    items = adj.disagreements(store)
    assert [(i.code_id, i.kind) for i in items] == [
        ("willen", "a-only"), ("kunnen", "b-only"), ("kunnen", "extent")]
    assert len({i.id for i in items}) == 3
    a_only, b_only, extent = items
    adj.decide(store, a_only.id, "a")
    adj.decide(store, b_only.id, "neither")
    adj.decide(store, extent.id, "b")
    assert _consensus(store) == [("kunnen", *sentence(6, 0.5)), ("willen", *sentence(2))]
    # change of mind replaces the earlier decision
    adj.decide(store, extent.id, "both")
    assert _consensus(store) == [("kunnen", *sentence(6)), ("willen", *sentence(2))]
    adj.undo(store, a_only.id)
    assert _consensus(store) == [("kunnen", *sentence(6))]
    assert [i.decision for i in adj.disagreements(store)] == [None, "neither", "both"]
    assert adj.auto_agreed(store) == 1 and adj.auto_agreed(store) == 0
    assert ("willen", *sentence(0)) in _consensus(store)
    # consensus is never one of the compared coders
    assert {i.kind for i in adj.disagreements(store)} <= set(adj.KINDS)


def test_unknown_id_and_three_coders_need_names(store):
    doc = _two_coders(store)
    with pytest.raises(CasebookError):
        adj.decide(store, "deadbeef", "a")
    code(store, doc, "cees", "willen", *sentence(8))
    with pytest.raises(CasebookError):
        adj.disagreements(store)
    assert adj.disagreements(store, ["anna", "cees"])


def test_report_csv_and_markdown(store):
    _two_coders(store)
    items = adj.disagreements(store)
    adj.decide(store, items[0].id, "a")
    rows = list(csv.reader(io.StringIO(adj.report(store, fmt="csv", language="en",
                                                        gate=Gate.for_project(store, raw=True)))))
    assert rows[0][:4] == ["id", "document", "code", "kind"]
    assert len(rows) == 4 and rows[1][6] == "A" and rows[2][6] == "–"
    assert rows[1][7] == store.document("doc").text[slice(*sentence(2))]
    md = adj.report(store, fmt="md", language="nl", gate=Gate.for_project(store, raw=True))
    assert md.startswith("# Beslissingen") and "alleen A" in md and "1 besloten" in md


def test_adjudicate_commands(project):
    _two_coders(project.store)
    runner = CliRunner()
    root = ["--project", str(project.root)]
    listed = runner.invoke(cli, [*root, "adjudicate", "list", "--json", "--auto-agreed"])
    assert listed.exit_code == 0, listed.output
    items = json.loads(listed.output)
    assert [i["kind"] for i in items] == ["a-only", "b-only", "extent"]
    done = runner.invoke(cli, [*root, "adjudicate", "decide", items[0]["id"], items[2]["id"],
                               "--take", "a"])
    assert done.exit_code == 0, done.output
    left = json.loads(runner.invoke(cli, [*root, "adjudicate", "list", "--json"]).output)
    assert [i["id"] for i in left] == [items[1]["id"]]
    assert runner.invoke(cli, [*root, "adjudicate", "undo", items[0]["id"]]).exit_code == 0
    out = project.root / "report.md"
    result = runner.invoke(cli, [*root, "adjudicate", "report", "-o", str(out), "--raw"])
    assert result.exit_code == 0 and "andere grenzen" in out.read_text(encoding="utf-8")
    table = runner.invoke(cli, [*root, "adjudicate", "list", "--all"])
    assert "agreed" in table.output and "extent" in table.output


def test_a_decision_survives_later_edits_and_is_flagged(store):
    doc = _two_coders(store)
    a_only, _b_only, extent = adj.disagreements(store)
    adj.decide(store, a_only.id, "a")
    adj.decide(store, extent.id, "b")
    # bram now also codes (part of) sentence 2: the group is no longer "A only", but it is
    # still the group anna's coding is in, so it keeps its id, decision and a flag
    code(store, doc, "bram", "willen", *sentence(2, 0.5))
    # both codings of the extent group go: the decision is listed as orphaned, not lost
    for coding in store.codings(code_ids=["kunnen"]):
        if coding.start == sentence(6)[0] and coding.coder_name in ("anna", "bram"):
            store.remove_coding(coding.id)
    items = {i.id: i for i in adj.disagreements(store)}
    changed, orphaned = items[a_only.id], items[extent.id]
    assert (changed.kind, changed.decision, changed.flag) == ("extent", "a", "changed")
    assert (orphaned.decision, orphaned.flag) == ("b", "orphaned")
    assert orphaned.a == extent.a and orphaned.b == extent.b
    # deciding again takes the group as it is now and clears the flag
    adj.decide(store, a_only.id, "both")
    again = {i.id: i for i in adj.disagreements(store)}[a_only.id]
    assert again.flag is None and again.decision == "both"
    adj.undo(store, extent.id)
    assert extent.id not in {i.id for i in adj.disagreements(store)}


def test_a_decision_of_casebook_0_1_is_adopted(store):
    from casebook.model import Decision

    _two_coders(store)
    a_only = adj.disagreements(store)[0]
    anna, bram = store.find_coder("anna"), store.find_coder("bram")
    legacy = adj._legacy_key(anna.id, bram.id, a_only.document_id, "willen", a_only.a, [])
    store.record_decision(Decision(legacy, anna.id, bram.id, a_only.document_id, "willen",
                                   "a-only", "a", (), ""))
    adopted = adj.disagreements(store)[0]
    assert (adopted.id, adopted.decision, adopted.flag) == (legacy, "a", None)
    adj.decide(store, legacy, "neither")  # now with its codings remembered
    assert store.decision(legacy).sources == adopted.sources
